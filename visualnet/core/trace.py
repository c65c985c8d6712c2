"""One training step recorded as an ordered list of small immutable events, and a pure stepper over it.

The UI replays a trace forward and back by index and never recomputes anything, so every array in an
event is a private copy (layers overwrite their caches on the next step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _frozen_copy(a):
    if a is None:
        return None
    c = np.array(a, copy=True)
    c.flags.writeable = False
    return c


@dataclass(frozen=True)
class ForwardEvent:
    """Layer ``layer`` (0-based position in the config) computed z from its input, then a = act(z).

    ``mask`` is the layer's dropout mask (0 where a unit was dropped for that sample), else None.
    """

    layer: int
    name: str
    input: np.ndarray
    z: np.ndarray
    a: np.ndarray
    mask: np.ndarray | None = None
    kind: str = "forward"


@dataclass(frozen=True)
class LossEvent:
    """The loss of the batch: output y against target t, and ∂L/∂y."""

    value: float
    y: np.ndarray
    t: np.ndarray
    dL_dy: np.ndarray
    kind: str = "loss"


@dataclass(frozen=True)
class BackwardEvent:
    """Backprop through one layer: δ = ∂L/∂z = ∂L/∂a · act′(z) (or fused at the output), then ∂L/∂W etc.

    ``grads`` maps parameter names (``"W2"``, ``"b2"``, ``"gamma2"`` …) to their gradients;
    ``dact`` is act′(z) (None where the output layer's δ is fused with the loss).
    """

    layer: int
    name: str
    dL_da: np.ndarray
    dact: np.ndarray | None
    delta: np.ndarray
    grads: dict
    dinput: np.ndarray | None
    kind: str = "backward"


@dataclass(frozen=True)
class UpdateEvent:
    """The optimizer moved parameter ``param`` of layer ``layer`` from ``before`` to ``after``."""

    layer: int
    param: str
    before: np.ndarray
    after: np.ndarray
    kind: str = "update"


def forward_event(layer, name, x, z, a, mask=None):
    return ForwardEvent(layer, name, _frozen_copy(x), _frozen_copy(z), _frozen_copy(a), _frozen_copy(mask))


def loss_event(value, y, t, dL_dy):
    return LossEvent(float(value), _frozen_copy(y), _frozen_copy(t), _frozen_copy(dL_dy))


def backward_event(layer, name, dL_da, dact, delta, grads, dinput):
    return BackwardEvent(layer, name, _frozen_copy(dL_da), _frozen_copy(dact), _frozen_copy(delta),
                         {k: _frozen_copy(v) for k, v in grads.items()}, _frozen_copy(dinput))


def update_event(layer, param, before, after):
    return UpdateEvent(layer, param, _frozen_copy(before), _frozen_copy(after))


@dataclass(frozen=True)
class Trace:
    """Every event of one training step, in order: forward…, loss, backward… (reversed), update…."""

    step: int
    events: tuple
    batch_x: np.ndarray
    batch_t: np.ndarray
    batch_indices: np.ndarray | None = None
    params: dict | None = None  # the weights the step started from, for traces without update events

    def __len__(self):
        return len(self.events)

    def __getitem__(self, i):
        return self.events[i]

    def of_kind(self, kind: str) -> list:
        return [e for e in self.events if e.kind == kind]

    def params_before(self) -> dict:
        before = {e.param: e.before for e in self.events if e.kind == "update"}
        return before or dict(self.params or {})


@dataclass
class Player:
    """A pure stepper over a trace: ``step()`` returns the next event, ``back()`` the previous one.

    ``position`` is the index of the current event (−1 = before the first). A ``QTimer`` only calls
    ``step()``; tests call it directly and assert exact frames.
    """

    trace: Trace | None = None
    position: int = -1

    def load(self, trace: Trace, position: int = -1):
        self.trace, self.position = trace, position

    @property
    def current(self):
        if self.trace is None or self.position < 0:
            return None
        return self.trace.events[self.position]

    @property
    def at_end(self) -> bool:
        return self.trace is None or self.position >= len(self.trace) - 1

    @property
    def at_start(self) -> bool:
        return self.position < 0

    def step(self):
        """Advance one event; returns it, or None at the end of the trace."""
        if self.at_end:
            return None
        self.position += 1
        return self.current

    def back(self):
        """Go back one event; returns the new current event (None when back before the first)."""
        if self.position >= 0:
            self.position -= 1
        return self.current

    def seek(self, position: int):
        n = -1 if self.trace is None else len(self.trace) - 1
        self.position = max(-1, min(position, n))
        return self.current
