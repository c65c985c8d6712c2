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
    ``recurrent``: a recurrent layer's pass through time, step by step
    (:class:`visualnet.core.recurrent.RecurrentForward`), else None.
    ``winners`` (max pooling only) holds each output cell's winner in its window, i·size + j (shaped like
    ``a``): the cells δ is routed to backward (``convolution.winner_mask`` spreads it over the input).
    A conv layer's kernel is the step's ``W`` (``Trace.params_before()``).
    """

    layer: int
    name: str
    input: np.ndarray
    z: np.ndarray
    a: np.ndarray
    mask: np.ndarray | None = None
    kind: str = "forward"
    recurrent: object = None
    winners: np.ndarray | None = None


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
    ``dact`` is act′(z) (None where the output layer's δ is fused with the loss). ``recurrent``: a
    recurrent layer's backpropagation through time, step by step
    (:class:`visualnet.core.recurrent.RecurrentBackward`), else None. Frozen layers' (``"trainable":
    false``) grads are here too: computed and shown, never applied. ``core_delta`` is ∂L/∂ of the dense or
    conv output before batch norm (None without batch norm, where it is ``delta``): the δ map that ∂L/∂W
    correlates with. ``dinput`` is ∂L/∂input (None for the first layer, which skips it: for a first conv
    layer ``convolution.input_gradient`` computes a sample's map from ``delta`` and the kernel).
    """

    layer: int
    name: str
    dL_da: np.ndarray
    dact: np.ndarray | None
    delta: np.ndarray
    grads: dict
    dinput: np.ndarray | None
    kind: str = "backward"
    recurrent: object = None
    core_delta: np.ndarray | None = None


@dataclass(frozen=True)
class UpdateEvent:
    """The optimizer moved parameter ``param`` of layer ``layer`` from ``before`` to ``after``."""

    layer: int
    param: str
    before: np.ndarray
    after: np.ndarray
    kind: str = "update"


class Copies:
    """The frozen copies of one recorded pass, made once per block of memory.

    A pass hands the same memory to several events — a pooling layer's z is its a, a flatten layer's output
    is its input reshaped, a layer's ∂L/∂input is the next one's ∂L/∂a — and a conv net's maps are large,
    so each is copied once and shared (read-only views of one copy). The originals are held until the pass
    is recorded, so no address is reused for another array meanwhile.
    """

    def __init__(self, fresh=None):
        self._seen = {}
        self._fresh = fresh

    def __call__(self, a):
        if not isinstance(a, np.ndarray):
            return _frozen_copy(a)
        where = a.__array_interface__["data"][0]
        key = (where, a.nbytes, a.dtype.str) if a.flags.c_contiguous else (where, a.shape, a.strides, a.dtype.str)
        seen = self._seen.get(key)
        if seen is None:
            seen = self._seen[key] = (a, self._keep(a))
        copy = seen[1]
        return copy if copy.shape == a.shape else copy.reshape(a.shape)

    def _keep(self, a):
        """A frozen copy of ``a`` — or ``a`` itself, made read-only, when the pass allocated it for itself
        (``fresh``, see ``layers.fresh_output``): nothing writes into it after the pass, and copying a conv
        net's maps was a third of its recorded step. Were anything to write into it later, NumPy would refuse."""
        if self._fresh is None or not a.flags.c_contiguous or not a.flags.writeable or not self._fresh(a):
            return _frozen_copy(a)
        a.flags.writeable = False
        return a


def forward_event(layer, name, x, z, a, mask=None, recurrent=None, winners=None, copies=None):
    """``recurrent`` is already made of read-only copies (it is built for the trace alone); ``copies`` (a
    :class:`Copies`) shares the copies of memory already recorded in this pass."""
    copy = copies or _frozen_copy
    return ForwardEvent(layer, name, copy(x), copy(z), copy(a), copy(mask), recurrent=recurrent,
                        winners=copy(winners))


def loss_event(value, y, t, dL_dy):
    return LossEvent(float(value), _frozen_copy(y), _frozen_copy(t), _frozen_copy(dL_dy))


def backward_event(layer, name, dL_da, dact, delta, grads, dinput, recurrent=None, core_delta=None, copies=None):
    copy = copies or _frozen_copy
    return BackwardEvent(layer, name, copy(dL_da), copy(dact), copy(delta), {k: copy(v) for k, v in grads.items()},
                         copy(dinput), recurrent=recurrent, core_delta=copy(core_delta))


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

    @property
    def nbytes(self) -> int:
        """Bytes the trace's arrays hold, each block of memory once: a conv net's maps make a trace large
        (SimpleConvNet at batch 100: about 45 MB), so whoever keeps many traces can bound them by size."""
        owners = {}
        values = [self.batch_x, self.batch_t, self.batch_indices, *(self.params or {}).values()]
        for event in self.events:
            for value in vars(event).values():
                values.extend(value.values() if isinstance(value, dict) else [value])
        for value in values:
            if isinstance(value, np.ndarray):
                owner = value if value.base is None else value.base
                owners[id(owner)] = owner.nbytes if isinstance(owner, np.ndarray) else value.nbytes
        return sum(owners.values())


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
