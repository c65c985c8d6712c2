"""The recorded step the Convolution tab reads, gathered once per redraw: events by layer, weights, sample.

Qt-free and math-free: it only looks things up in the trace, so every panel reads the same step, the same
sample and the same weights (those the step started from, which produced its maps).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CONV = "conv2d"
POOLS = ("maxpool", "avgpool")


@dataclass(frozen=True)
class Traced:
    trace: object
    layers: tuple
    sample: int

    @classmethod
    def of(cls, controller) -> Traced | None:
        trace = controller.trace
        if trace is None:
            return None
        sample = int(np.clip(controller.sample_index, 0, len(trace.batch_x) - 1))
        return cls(trace, tuple(controller.layers), sample)

    @property
    def params(self) -> dict:
        return self.trace.params_before()

    def forward(self, layer: int):
        return next(e for e in self.trace.of_kind("forward") if e.layer == layer)

    def backward(self, layer: int):
        return next((e for e in self.trace.of_kind("backward") if e.layer == layer), None)

    def conv_layers(self) -> list:
        return conv_layers(self.layers)

    def pool_layers(self) -> list:
        return pool_layers(self.layers)

    def conv_delta(self, layer: int):
        """δ of the conv output (N, F, OH, OW) — before batch norm when the layer has one — or None."""
        event = self.backward(layer)
        if event is None:
            return None
        return event.core_delta if event.core_delta is not None else event.delta

    @property
    def label(self):
        """The traced sample's target (a class index for classification)."""
        target = np.asarray(self.trace.batch_t)[self.sample]
        return int(target) if np.ndim(target) == 0 else target


def conv_layers(layers) -> list:
    return [info for info in layers if info.kind == CONV]


def pool_layers(layers) -> list:
    return [info for info in layers if info.kind in POOLS]

