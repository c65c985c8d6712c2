"""The RNN lab's experiment: a plain RNN and an LSTM trained on the same long-range data, side by side.

:func:`compare_memory` trains each cell on the ``rnn_vs_lstm_memory`` preset's experiment (the same data,
batches, seed and units; only the layer's type differs) and returns their accuracies and ‖∂L/∂h_t‖ over the
time steps t before and after training, measured on the same probe batch. The plain RNN's norms shrink
geometrically from the last step back to the first — the gradient vanishes *through time*, so nothing
teaches it to keep the first symbol — while the LSTM's cell carries it back.

NumPy only: never imports Qt. It takes seconds; ``should_cancel`` lets a worker thread stop it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from visualnet.core import presets
from visualnet.core.landscape import Cancelled
from visualnet.core.session import Session

PRESET = "rnn_vs_lstm_memory"
STEPS = 300  # enough for the LSTM of the preset to reach 100 % test accuracy
PROBE = 64  # sequences of the training set on which ‖∂L/∂h_t‖ is measured
CHUNK = 25  # training steps between two calls of should_cancel


@dataclass(frozen=True)
class MemoryRun:
    """One cell's run: accuracies after training, ‖∂L/∂h_t‖ over t (before and after), the loss curve."""

    kind: str
    train_accuracy: float
    test_accuracy: float
    dh_norm_start: np.ndarray  # (T,), before the first step
    dh_norm: np.ndarray  # (T,), after the last
    loss_steps: np.ndarray
    loss_values: np.ndarray

    @property
    def gradient_ratio(self) -> float:
        """‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ after training: how much of the output's gradient reaches the first step."""
        return float(self.dh_norm[0] / self.dh_norm[-1])


def dh_norms(net, x, t) -> np.ndarray:
    """‖∂L/∂h_t‖ over t of the network's first recurrent layer for the batch (x, t), weights untouched."""
    events = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        net.gradient(x, t, recorder=events)
    steps = next(e.recurrent for e in events if e.kind == "backward" and e.recurrent is not None)
    return np.array(steps.dh_norm, dtype=np.float64)


def memory_experiment(kind: str, experiment: dict | None = None) -> dict:
    """The preset's experiment (or ``experiment``) with its first layer made a ``kind`` cell."""
    exp = copy.deepcopy(experiment if experiment is not None else presets.get(PRESET).experiment)
    layer = exp["network"]["layers"][0]
    layer["type"] = kind
    if kind != "lstm":
        layer.pop("forget_bias", None)
    return exp


def train_memory(kind: str, experiment: dict | None = None, steps: int = STEPS, should_cancel=None) -> MemoryRun:
    """Train one cell on the long-range task; raises :class:`Cancelled` when ``should_cancel()`` says so."""
    session = Session(memory_experiment(kind, experiment))
    session.trainer.eval_every = 0  # the accuracies are measured once, at the end
    train, test, net = session.train, session.test, session.net
    probe = train.x[:PROBE], train.t[:PROBE]
    start = dh_norms(net, *probe)
    done = 0
    while done < steps:
        if should_cancel is not None and should_cancel():
            raise Cancelled()
        done += session.trainer.run(min(CHUNK, steps - done))
        if session.trainer.divergence is not None:
            break
    test_accuracy = net.accuracy(test.x, test.t) if test is not None else float("nan")
    loss_steps, loss_values = session.trainer.history.train_loss.arrays()
    return MemoryRun(kind, net.accuracy(train.x, train.t), test_accuracy, start, dh_norms(net, *probe),
                     loss_steps, loss_values)


def compare_memory(experiment: dict | None = None, steps: int = STEPS, kinds=("rnn", "lstm"),
                   should_cancel=None) -> dict[str, MemoryRun]:
    """Each cell of ``kinds`` trained on the same long-range data: kind → :class:`MemoryRun`."""
    return {kind: train_memory(kind, experiment, steps, should_cancel) for kind in kinds}
