"""What the Sequence tab shows at one stop of a trace stepped through time — Qt-free, so it is tested alone.

A stop is a :class:`~visualnet.core.recurrent.TimePosition`: the trace's events with a recurrent layer's
forward event split into its time steps (and, optionally, each step into its gates) and its backward event
into the steps from the last back to the first. :func:`frame_at` only picks and reveals what the trace
recorded (one sample of the batch); nothing is recomputed, so stepping back is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from visualnet.core import recurrent


@dataclass(frozen=True)
class SequenceFrame:
    """One sample's recorded pass through time and how much of it is revealed at the stop.

    ``forward_done`` steps have their new state (h, c) shown; at a gate stop, ``gates_done`` are the gates of
    step ``step`` computed so far. ``backward_from`` is the first step whose ∂L/∂h_t is known (``steps`` when
    backpropagation through time has not reached the layer yet). Arrays are laid out (step, …).
    """

    kind: str  # "rnn", "lstm" or "gru"
    layer: int  # index of the (first) recurrent layer
    param_names: tuple  # (Wx, bx, Wh, bh)
    steps: int
    units: int
    phase: str  # "idle", "forward", "loss", "backward", "update"
    step: int | None  # the time step being computed at this stop (None when the stop is no recurrent step)
    gate: str | None
    forward_done: int
    gates_done: tuple
    backward_from: int
    output_known: bool  # the output layer ran: y_t can be shown
    sample: int
    x: np.ndarray | None = None  # (T, D)
    h: np.ndarray | None = None  # (T, H)
    c: np.ndarray | None = None
    gates: dict = field(default_factory=dict)  # name → (T, H)
    preactivation: np.ndarray | None = None  # (T, G·H)
    input_part: np.ndarray | None = None
    hidden_part: np.ndarray | None = None
    y: np.ndarray | None = None  # (T, C) or (C,) without return_sequences
    target: np.ndarray | None = None  # (T,) class labels or (T, C) values; per the output's shape
    dh: np.ndarray | None = None  # (T, H) ∂L/∂h_t in all
    dh_output: np.ndarray | None = None  # (T, H) what the layer above sends
    dc: np.ndarray | None = None
    dpre: np.ndarray | None = None  # (T, G·H)
    dh_norm: np.ndarray | None = None  # (T,) over the batch
    wh_step: np.ndarray | None = None  # (T, H, G·H) step t's share of ∂L/∂Wh (summed over the batch)

    @property
    def traced(self) -> bool:
        return self.x is not None

    def gate_slice(self, gate: str) -> slice:
        k = recurrent.GATES[self.kind].index(gate)
        return slice(k * self.units, (k + 1) * self.units)

    def state_shown(self, t: int) -> bool:
        return t < self.forward_done

    def gradient_shown(self, t: int) -> bool:
        return t >= self.backward_from

    def gate_shown(self, t: int, gate: str) -> bool:
        return t < self.forward_done or (t == self.step and gate in self.gates_done)

    @property
    def table_step(self) -> tuple[int | None, str]:
        """The time step the number table and the gate plot show, and from which pass ("forward" or
        "backward"): the stop's own step; at a stop between recurrent steps (the loss, the output layer, an
        update) the last one computed — BPTT ends at t = 1, the forward pass at t = T."""
        if self.step is not None:
            return self.step, "backward" if self.phase == "backward" else "forward"
        if not self.traced:
            return None, "forward"
        if self.backward_from == 0:
            return 0, "backward"
        if self.forward_done == self.steps:
            return self.steps - 1, "forward"
        return None, "forward"

    def wh_step_norms(self) -> np.ndarray:
        """‖step t's contribution to ∂L/∂Wh‖ for every t (Frobenius); zero at t = 0, where h_{t−1} = 0."""
        return np.sqrt(np.einsum("tij,tij->t", self.wh_step, self.wh_step))


def recurrent_layer(layers):
    """The first recurrent layer's LayerInfo, or None when the network has none."""
    return next((info for info in layers if info.kind in recurrent.KINDS), None)


def stops(trace, gates: bool = False) -> tuple:
    return () if trace is None else recurrent.time_positions(trace, gates)


def frame_at(layers, trace, stops_, stop: int, sample: int = 0) -> SequenceFrame | None:
    """The frame at ``stops_[stop]`` of ``trace`` (stop −1 or no trace: the layer without numbers);
    None when the network has no recurrent layer."""
    info = recurrent_layer(layers)
    if info is None:
        return None
    steps = info.input_shape[0]
    idle = {"kind": info.kind, "layer": info.index, "param_names": info.param_names, "steps": steps,
            "units": info.units, "forward_done": 0, "gates_done": (), "backward_from": steps,
            "output_known": False, "sample": 0}
    if trace is None or stop < 0 or not stops_:
        return SequenceFrame(phase="idle", step=None, gate=None, **idle)
    here = stops_[stop]
    events = trace.events
    sample = int(np.clip(sample, 0, len(trace.batch_x) - 1))
    forward = next(e for e in events if e.kind == "forward" and e.layer == info.index)
    backward = next((e for e in events if e.kind == "backward" and e.layer == info.index), None)
    loss = next(e for e in events if e.kind == "loss")
    f, b = forward.recurrent, backward.recurrent if backward is not None else None
    forward_index = events.index(forward)
    backward_index = events.index(backward) if backward is not None else len(events)
    last_forward = max(i for i, e in enumerate(events) if e.kind == "forward")
    at = here.event
    if at < forward_index:
        forward_done = 0
    elif at == forward_index:
        forward_done = here.step + (here.gate is None)
    else:
        forward_done = steps
    gates_done = ()
    if here.gate is not None:
        names = recurrent.GATES[info.kind]
        gates_done = names[:names.index(here.gate) + 1]
    if at < backward_index:
        backward_from = steps
    elif at == backward_index:
        backward_from = here.step
    else:
        backward_from = 0
    y = events[last_forward].a[sample] if at >= last_forward else None
    one = {"sample": sample, "forward_done": forward_done, "gates_done": gates_done,
           "backward_from": backward_from, "output_known": at >= last_forward}
    values = {"x": trace.batch_x[sample], "h": f.h[sample], "c": None if f.c is None else f.c[sample],
              "gates": {k: v[sample] for k, v in f.gates.items()}, "preactivation": f.preactivation[sample],
              "input_part": f.input_part[sample], "hidden_part": f.hidden_part[sample], "y": y,
              "target": loss.t[sample]}
    if b is not None:
        wh = b.step_grads[info.param_names[2]]
        values.update(dh=b.dh[sample], dh_output=b.dh_output[sample], dc=None if b.dc is None else b.dc[sample],
                      dpre=b.dpre[sample], dh_norm=np.asarray(b.dh_norm), wh_step=wh)
    step = here.step if at in (forward_index, backward_index) else None
    return SequenceFrame(**{**idle, **one}, phase=here.phase, step=step, gate=here.gate, **values)


def stop_for_event(stops_, event: int, first: bool) -> int:
    """The first (or last) stop of trace event ``event``; −1 for "before the first event"."""
    if event < 0:
        return -1
    matches = [k for k, s in enumerate(stops_) if s.event == event]
    if not matches:
        return -1
    return matches[0] if first else matches[-1]


def predicted_labels(frame: SequenceFrame) -> np.ndarray | None:
    """The class each output step predicts (argmax), or None before the output is known or for regression."""
    if frame.y is None or frame.y.shape[-1] < 2:
        return None
    return np.asarray(frame.y).argmax(axis=-1).reshape(-1)
