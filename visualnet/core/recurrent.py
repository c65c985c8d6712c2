"""Recurrent layers — ``rnn`` (tanh), ``lstm``, ``gru`` — with exact backpropagation through time.

PyTorch's conventions, so a student can move to ``torch.nn`` without surprises: on input (N, T, D) with a
zero initial state, layer k has ``Wx{k}`` (D, G·H), ``Wh{k}`` (H, G·H), ``bx{k}`` and ``bh{k}`` (G·H,) with
G = 1, 4, 3 gates in torch's order (LSTM i, f, g, o; GRU r, z, n), so ``Wx.T`` is torch's ``weight_ih_l0``
and ``bh`` its ``bias_hh_l0``. The GRU applies its reset gate to (h·Wh + bh) of the n gate, as torch does::

    rnn:  h_t = tanh(x_t·Wx + bx + h_{t−1}·Wh + bh)
    lstm: i, f, g, o = σ, σ, tanh, σ of (x_t·Wx + bx + h_{t−1}·Wh + bh);  c_t = f·c_{t−1} + i·g;  h_t = o·tanh(c_t)
    gru:  r, z = σ(x_t·Wx + bx + h_{t−1}·Wh + bh) of their columns;  n = tanh(x_t·Wxₙ + bxₙ + r·(h_{t−1}·Whₙ + bhₙ))
          h_t = (1 − z)·n + z·h_{t−1}

Speed: the loop over time is the cost, so each step does as little as it can. The input products of all
T steps are one matrix product before the loop; inside it a step is one product with Wh and a few in-place
ufuncs on buffers allocated once per batch shape (time-major, so a step's slice is contiguous) — nothing
is allocated per step. All gates of a step come from one ``exp``: σ(z) = 1/(1 + e^(−z)) and, for the
LSTM's g, tanh(z) = 2σ(2z) − 1, with the −1 and −2 folded into a scaled copy of the weights (exact: powers
of two). The backward loop multiplies by factors prepared for all steps at once before it, and the weight
gradients are one product each after it.

Like the textbook's layers, a layer overwrites its buffers on the next training pass (its output
included); the trace copies what it keeps (:meth:`Recurrent.record_forward`, :meth:`Recurrent.record_backward`).
Evaluation passes (``train=False``) use buffers of their own that are not kept.
"""

from __future__ import annotations

import copyreg
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import numpy as np

from visualnet.core import trace as tr
from visualnet.core.layers import Dense


def _read_only_mapping(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


# A traced step's gates are read-only mappings; the training process sends traces to the app by pickle.
copyreg.pickle(MappingProxyType, lambda proxy: (_read_only_mapping, (dict(proxy),)))

KINDS = ("rnn", "lstm", "gru")
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
N_GATES = {"rnn": 1, "lstm": 4, "gru": 3}
SIGMOID_GATES = ("i", "f", "o", "r", "z")  # the others (g, n) are tanh
GATE_NAMES = {"i": "input gate", "f": "forget gate", "g": "candidate cell", "o": "output gate",
              "r": "reset gate", "z": "update gate", "n": "candidate state"}
FORMULAS = {
    "rnn": ("h_t = tanh(x_t·Wx + bx + h_{t−1}·Wh + bh)",),
    "lstm": ("i, f, g, o = σ, σ, tanh, σ of (x_t·Wx + bx + h_{t−1}·Wh + bh)",
             "c_t = f·c_{t−1} + i·g", "h_t = o·tanh(c_t)"),
    "gru": ("r, z = σ(x_t·Wx + bx + h_{t−1}·Wh + bh)  (their columns)",
            "n = tanh(x_t·Wxₙ + bxₙ + r·(h_{t−1}·Whₙ + bhₙ))", "h_t = (1 − z)·n + z·h_{t−1}"),
}


def values_per_sample(kind: str, steps: int, units: int) -> int:
    """Values a layer keeps per sample for one training pass (gates, their factors and δ, states): for memory estimates."""
    return steps * units * (3 * N_GATES[kind] + 6)


# -- what a trace keeps of a recurrent layer --------------------------------------------------------

@dataclass(frozen=True)
class RecurrentForward:
    """A recurrent layer's forward pass through time, read-only arrays laid out (sample, step, …).

    Step t (0-based) reads x[:, t] and h_{t−1} (zero before step 0) and writes ``h[:, t]`` (and ``c[:, t]``).
    ``input_part`` = x_t·Wx + bx and ``hidden_part`` = h_{t−1}·Wh + bh, (N, T, G·H) in gate order;
    ``preactivation`` is what each gate's function is applied to: their sum (for the GRU's n gate
    input_part + r·hidden_part). ``gates`` maps "i", "f", "g", "o" (LSTM) or "r", "z", "n" (GRU) to the
    gate values (N, T, H); the rnn has none (h is its only value).
    """

    kind: str
    h: np.ndarray
    c: np.ndarray | None
    gates: MappingProxyType
    preactivation: np.ndarray
    input_part: np.ndarray
    hidden_part: np.ndarray

    @property
    def steps(self) -> int:
        return self.h.shape[1]


@dataclass(frozen=True)
class RecurrentBackward:
    """Backpropagation through time of one layer, read-only arrays laid out (sample, step, …).

    ``dh[:, t]`` = ∂L/∂h_t in all: what the layer above sends at step t (``dh_output``) plus what step t + 1
    sends back. ``dh_norm[t]`` = ‖∂L/∂h_t‖ over the batch — the bars of the vanishing gradient through
    time. ``dc`` = ∂L/∂c_t (LSTM). ``dpre`` = ∂L/∂(pre-activation) of every gate, (N, T, G·H) in gate order
    (the GRU's n gate: of x_t·Wxₙ + bxₙ; its hidden part receives dpre·r). ``step_grads`` maps each
    parameter name to the contributions of the T steps, shaped (T, *parameter shape): step t's share of
    ∂L/∂W; their sum over t is the layer's gradient (before any L2/L1 term).
    """

    kind: str
    dh: np.ndarray
    dh_output: np.ndarray
    dh_norm: np.ndarray
    dc: np.ndarray | None
    dpre: np.ndarray
    step_grads: MappingProxyType


def _frozen(a):
    return tr._frozen_copy(a)


def _batch_major(a):
    """A time-major (T, N, …) buffer as a read-only (N, T, …) copy."""
    return _frozen(np.swapaxes(a, 0, 1))


def _tanh(x, out, scratch):
    """tanh(x) into ``out``. NumPy's tanh has a SIMD loop for float32 only; in float64 2/(1 + e^(−2x)) − 1
    takes half its time (e^(−2x) overflowing to ∞ gives −1 exactly; the caller silences the warning)."""
    if x.dtype == np.float32:
        np.tanh(x, out=out)
        return
    np.multiply(x, -2.0, out=scratch)
    np.exp(scratch, out=scratch)
    scratch += 1.0
    np.divide(2.0, scratch, out=out)
    out -= 1.0


class SequenceDense(Dense):
    """A dense layer after a sequence: the same W on every time step of (N, T, F), giving (N, T, units)."""

    def backward(self, dout):
        x = self.x
        if x.ndim == 2:
            return super().backward(dout)
        x2, d2 = x.reshape(-1, x.shape[-1]), dout.reshape(-1, dout.shape[-1])
        self.dW = x2.T @ d2
        self.db = d2.sum(axis=0)
        return dout @ self.W.T if self.need_dx else None


class _Workspace:
    """Every buffer of one batch shape, time-major (T, N, …): the forward ones at once, the backward ones
    at the first backward pass; a training layer keeps its workspace between steps."""

    def __init__(self, layer, n, steps, features, dtype):
        h, gh = layer.units, layer.gate_width
        self.key = (n, steps, features, dtype)
        self.n, self.steps, self.dtype, self.kind, self.units = n, steps, dtype, layer.kind, h
        e = np.empty
        self.X = e((steps, n, features), dtype)
        self.H = e((steps, n, h), dtype)
        self.out = e((n, steps, h), dtype) if layer.return_sequences else None
        self.G = e((steps, n, gh), dtype)  # the x side of the pre-activations, gate columns scaled, then scratch
        self.A = e((steps, n, gh), dtype) if layer.kind != "rnn" else None  # gate values
        self.C = e((steps, n, h), dtype) if layer.kind == "lstm" else None
        self.TC = e((steps, n, h), dtype) if layer.kind == "lstm" else None  # tanh(c_t)
        self.HG = e((steps, n, gh), dtype) if layer.kind == "gru" else None  # h_{t−1}·Wh + bh, r and z scaled
        self.tmp_g = e((n, gh), dtype)
        self.tmp_h = e((n, h), dtype)
        self.tmp_h2 = e((n, h), dtype)
        self.scaled_Wx = e((features, gh), dtype)
        self.scaled_Wh = e((h, gh), dtype)
        self.scaled_b = e(gh, dtype)
        self.scaled_bh = e(gh, dtype)
        self.DH = None

    def allocate_backward(self):
        if self.DH is not None:
            return
        h, n, steps, dtype, e = self.units, self.n, self.steps, self.dtype, np.empty
        shape, gates = (steps, n, h), (steps, n, self.G.shape[2])
        self.DH = e(shape, dtype)  # ∂L/∂h_t in all
        self.dh_output = np.zeros(shape, dtype)  # ∂L/∂h_t from the layer above
        self.Q = e(gates, dtype)  # per gate column, what ∂L/∂(its pre-activation) is a product of, but δ
        self.DZ = e(gates, dtype)  # ∂L/∂pre-activation (the GRU: of its x side)
        if self.kind == "lstm":
            self.P = e(shape, dtype)  # ∂h_t/∂c_t = o·(1 − tanh²c)
            self.DC = e(shape, dtype)
            # the i, f, g columns of a step as (N, 3, H): one product with ∂L/∂c_t broadcast over them
            self.Q3 = [q[:, :3 * h].reshape(n, 3, h) for q in self.Q]
            self.DZ3 = [d[:, :3 * h].reshape(n, 3, h) for d in self.DZ]
            assert all(np.shares_memory(v, self.DZ) for v in self.DZ3[:1])
        if self.kind == "gru":
            self.DHG = e(gates, dtype)  # ∂L/∂(h_{t−1}·Wh + bh)
            self.P = e(shape, dtype)


class Recurrent:
    """Base of the three cells: the shared bookkeeping (buffers, input and weight products, recording).

    ``Wx``, ``Wh``, ``bx``, ``bh`` are bound by the network to views into its parameters; ``forward``
    takes (N, T, D) and returns (N, T, H) with ``return_sequences``, else h of the last step (N, H).
    """

    kind = ""
    GATE_SCALES: ClassVar[dict] = {}  # gate → the factor its pre-activation is scaled by before the exp (default 1)

    def __init__(self, units: int, return_sequences: bool):
        self.units, self.return_sequences = units, return_sequences
        self.gate_width = N_GATES[self.kind] * units
        self.Wx = self.Wh = self.bx = self.bh = None
        self.dWx = self.dWh = self.dbx = self.dbh = None
        self.need_dx = True
        self._ws: _Workspace | None = None  # kept for training passes
        self._pass: _Workspace | None = None  # the last pass's
        self._last_sides = None
        h = units
        self._scale = np.ones(self.gate_width)
        # ∂gate/∂pre-activation from the gate value a: a·(λ − a) + κ — σ′ = a(1 − a), tanh′ = 1 − a²
        self._slope_lambda = np.zeros(self.gate_width)
        self._slope_kappa = np.ones(self.gate_width)
        for k, gate in enumerate(GATES[self.kind]):
            cols = slice(k * h, (k + 1) * h)
            self._scale[cols] = self.GATE_SCALES.get(gate, 1.0)
            if gate in SIGMOID_GATES:
                self._slope_lambda[cols], self._slope_kappa[cols] = 1.0, 0.0

    # -- the pass ----------------------------------------------------------------------------------

    def _workspace(self, x, train) -> _Workspace:
        """The kept workspace for training passes; a fresh one for evaluation, so a pass over a whole
        test set leaves nothing behind and the training batches keep theirs."""
        n, steps, features = x.shape
        if self._scale.dtype != x.dtype:
            self._scale, self._slope_lambda, self._slope_kappa = (
                a.astype(x.dtype) for a in (self._scale, self._slope_lambda, self._slope_kappa))
        if not train:
            return _Workspace(self, n, steps, features, x.dtype)
        if self._ws is None or self._ws.key != (n, steps, features, x.dtype):
            self._ws = _Workspace(self, n, steps, features, x.dtype)
        return self._ws

    def forward(self, x, train=True):
        ws = self._pass = self._workspace(x, train)
        np.copyto(ws.X, np.swapaxes(x, 0, 1))
        with np.errstate(over="ignore"):  # e^(−z) → ∞ is σ(z) = 0 exactly
            self._forward_steps(ws)
        if self.return_sequences:
            np.copyto(ws.out, np.swapaxes(ws.H, 0, 1))
            return ws.out
        return ws.H[-1]

    def _input_products(self, ws, W, b, out):
        """x_t·W + b of every step in one product, into ``out`` (T, N, G·H)."""
        t, n = ws.steps, ws.n
        flat = out.reshape(t * n, -1)
        np.matmul(ws.X.reshape(t * n, -1), W, out=flat)
        flat += b

    def _scaled_weights(self, ws, separate_biases=False):
        """Wx, Wh and the biases with every gate column multiplied by its scale (into the workspace)."""
        np.multiply(self.Wx, self._scale, out=ws.scaled_Wx)
        np.multiply(self.Wh, self._scale, out=ws.scaled_Wh)
        if separate_biases:
            np.multiply(self.bx, self._scale, out=ws.scaled_b)
            np.multiply(self.bh, self._scale, out=ws.scaled_bh)
        else:
            np.add(self.bx, self.bh, out=ws.scaled_b)
            ws.scaled_b *= self._scale

    def backward(self, dout):
        ws = self._pass
        ws.allocate_backward()
        if self.return_sequences:
            np.copyto(ws.dh_output, np.swapaxes(dout, 0, 1))
        else:
            ws.dh_output[-1] = dout
        np.copyto(ws.DH[-1], ws.dh_output[-1])
        dx_side, dh_side = self._last_sides = self._backward_steps(ws)
        t, n, h = ws.steps, ws.n, self.units
        dx2 = dx_side.reshape(t * n, -1)
        self.dWx = ws.X.reshape(t * n, -1).T @ dx2
        self.dbx = dx2.sum(axis=0)
        self.dWh = ws.H[:-1].reshape((t - 1) * n, h).T @ dh_side[1:].reshape((t - 1) * n, self.gate_width)
        self.dbh = dh_side.reshape(t * n, -1).sum(axis=0) if dh_side is not dx_side else self.dbx.copy()
        if not self.need_dx:
            return None
        return np.swapaxes((dx2 @ self.Wx.T).reshape(t, n, -1), 0, 1)

    def grads(self, names) -> dict:
        """∂L/∂(Wx, bx, Wh, bh) under ``names`` (the network's names for them, in that order)."""
        return dict(zip(names, (self.dWx, self.dbx, self.dWh, self.dbh)))

    def _from_above(self, ws):
        """∂L/∂h_t sent by the layer above at every step, or None when it only reads (and sends to) the last one."""
        return ws.dh_output if self.return_sequences else None

    def _gate_slopes(self, out, ws):
        """∂gate/∂pre-activation of every step at once into ``out``: a(1 − a) for σ, 1 − a² for tanh."""
        np.subtract(self._slope_lambda, ws.A, out=out)
        out *= ws.A
        out += self._slope_kappa

    # -- recording -------------------------------------------------------------------------------

    def record_forward(self) -> RecurrentForward:
        """The last forward pass through time as read-only (N, T, …) copies (computed here, only when traced)."""
        ws, h = self._pass, self.units
        x_part = np.empty((ws.steps, ws.n, self.gate_width), ws.dtype)
        self._input_products(ws, self.Wx, self.bx, x_part)
        h_part = np.empty_like(x_part)
        h_part[:] = self.bh
        if ws.steps > 1:
            h_part[1:] += ws.H[:-1] @ self.Wh
        pre = x_part + h_part
        if self.kind == "gru":
            pre[:, :, 2 * h:] = x_part[:, :, 2 * h:] + ws.A[:, :, :h] * h_part[:, :, 2 * h:]
        gates = {name: _batch_major(ws.A[:, :, k * h:(k + 1) * h]) for k, name in enumerate(GATES[self.kind])}
        return RecurrentForward(self.kind, _batch_major(ws.H), _batch_major(ws.C) if self.kind == "lstm" else None,
                                MappingProxyType(gates), _batch_major(pre), _batch_major(x_part),
                                _batch_major(h_part))

    def record_backward(self, names) -> RecurrentBackward:
        """The last backward pass through time; ``names`` = the network's (Wx, bx, Wh, bh) names."""
        ws = self._pass
        dx_side, dh_side = self._last_sides
        dh_norm = np.sqrt(np.einsum("tnh,tnh->t", ws.DH, ws.DH))
        step_wh = np.zeros((ws.steps, self.units, self.gate_width), ws.dtype)
        if ws.steps > 1:
            np.matmul(np.swapaxes(ws.H[:-1], 1, 2), dh_side[1:], out=step_wh[1:])
        step_grads = {names[0]: np.matmul(np.swapaxes(ws.X, 1, 2), dx_side), names[1]: dx_side.sum(axis=1),
                      names[2]: step_wh, names[3]: dh_side.sum(axis=1)}
        return RecurrentBackward(self.kind, _batch_major(ws.DH), _batch_major(ws.dh_output), _frozen(dh_norm),
                                 _batch_major(ws.DC) if self.kind == "lstm" else None, _batch_major(dx_side),
                                 MappingProxyType({k: _frozen(v) for k, v in step_grads.items()}))

    # -- per cell -----------------------------------------------------------------------------------

    def _forward_steps(self, ws):
        raise NotImplementedError

    def _backward_steps(self, ws) -> tuple:
        """Fill ws.DH from the last step back to the first; returns ∂L/∂ of the x-side and the h-side
        pre-activations (the same array but for the GRU)."""
        raise NotImplementedError


class RNN(Recurrent):
    """h_t = tanh(x_t·Wx + bx + h_{t−1}·Wh + bh) — the lecture's plain recurrent cell."""

    kind = "rnn"

    def _forward_steps(self, ws):
        np.add(self.bx, self.bh, out=ws.scaled_b)
        self._input_products(ws, self.Wx, ws.scaled_b, ws.G)
        G, H, tmp, scratch, Wh = ws.G, ws.H, ws.tmp_g, ws.tmp_h2, self.Wh
        _tanh(G[0], H[0], scratch)
        for t in range(1, ws.steps):
            np.matmul(H[t - 1], Wh, out=tmp)
            tmp += G[t]
            _tanh(tmp, H[t], scratch)

    def _backward_steps(self, ws):
        H, DH, DZ, Q, WhT = ws.H, ws.DH, ws.DZ, ws.Q, self.Wh.T
        np.multiply(H, H, out=Q)
        np.subtract(1.0, Q, out=Q)  # tanh′ = 1 − h²
        from_above = self._from_above(ws)
        for t in range(ws.steps - 1, -1, -1):
            np.multiply(DH[t], Q[t], out=DZ[t])
            if t:
                np.matmul(DZ[t], WhT, out=DH[t - 1])
                if from_above is not None:
                    DH[t - 1] += from_above[t - 1]
        return DZ, DZ


class LSTM(Recurrent):
    """Long short-term memory: the cell state c carries information along unless the forget gate f closes."""

    kind = "lstm"
    GATE_SCALES: ClassVar[dict] = {"i": -1.0, "f": -1.0, "o": -1.0, "g": -2.0}  # σ(z) = 1/(1 + e^(−z)); tanh(z) = 2σ(2z) − 1

    def _forward_steps(self, ws):
        h = self.units
        self._scaled_weights(ws)
        self._input_products(ws, ws.scaled_Wx, ws.scaled_b, ws.G)
        G, A, C, TC, H, tmp_g, tmp_h, scratch = ws.G, ws.A, ws.C, ws.TC, ws.H, ws.tmp_g, ws.tmp_h, ws.tmp_h2
        Wh = ws.scaled_Wh
        for t in range(ws.steps):
            u, a = G[t], A[t]
            if t:
                np.matmul(H[t - 1], Wh, out=tmp_g)
                u += tmp_g
            np.exp(u, out=u)
            u += 1.0
            np.reciprocal(u, out=a)  # i, f, o; and σ(2z) for g
            g = a[:, 2 * h:3 * h]
            g *= 2.0
            g -= 1.0
            np.multiply(a[:, :h], g, out=C[t])  # i·g
            if t:
                np.multiply(a[:, h:2 * h], C[t - 1], out=tmp_h)  # + f·c_{t−1}
                C[t] += tmp_h
            _tanh(C[t], TC[t], scratch)
            np.multiply(a[:, 3 * h:], TC[t], out=H[t])

    def _backward_steps(self, ws):
        h = self.units
        A, C, TC, P, Q, DH, DC, DZ = ws.A, ws.C, ws.TC, ws.P, ws.Q, ws.DH, ws.DC, ws.DZ
        # ∂L/∂(pre-activation) = ∂L/∂c·[g·σ′(i), c_{t−1}·σ′(f), i·tanh′(g)] and ∂L/∂h·tanh(c)·σ′(o)
        self._gate_slopes(Q, ws)
        Q[:, :, :h] *= A[:, :, 2 * h:3 * h]
        Q[0, :, h:2 * h] = 0.0
        Q[1:, :, h:2 * h] *= C[:-1]
        Q[:, :, 2 * h:3 * h] *= A[:, :, :h]
        Q[:, :, 3 * h:] *= TC
        np.multiply(TC, TC, out=P)
        np.subtract(1.0, P, out=P)
        P *= A[:, :, 3 * h:]  # ∂h_t/∂c_t
        WhT, tmp_h, Q3, DZ3 = self.Wh.T, ws.tmp_h, ws.Q3, ws.DZ3
        from_above = self._from_above(ws)
        for t in range(ws.steps - 1, -1, -1):
            dh, dc = DH[t], DC[t]
            np.multiply(dh, P[t], out=dc)
            if t < ws.steps - 1:
                np.multiply(DC[t + 1], A[t + 1][:, h:2 * h], out=tmp_h)  # through f_{t+1}
                dc += tmp_h
            np.multiply(dc[:, None, :], Q3[t], out=DZ3[t])
            np.multiply(dh, Q[t][:, 3 * h:], out=DZ[t][:, 3 * h:])
            if t:
                np.matmul(DZ[t], WhT, out=DH[t - 1])
                if from_above is not None:
                    DH[t - 1] += from_above[t - 1]
        return DZ, DZ


class GRU(Recurrent):
    """Gated recurrent unit: the update gate z mixes the old state with a candidate n built through the reset gate r."""

    kind = "gru"
    GATE_SCALES: ClassVar[dict] = {"r": -1.0, "z": -1.0}  # σ(z) = 1/(1 + e^(−z)); n is left as it is

    def _forward_steps(self, ws):
        h = self.units
        self._scaled_weights(ws, separate_biases=True)
        self._input_products(ws, ws.scaled_Wx, ws.scaled_b, ws.G)
        G, HG, A, H, tmp_h, scratch = ws.G, ws.HG, ws.A, ws.H, ws.tmp_h, ws.tmp_h2
        Wh, bh = ws.scaled_Wh, ws.scaled_bh
        for t in range(ws.steps):
            hg, a, u = HG[t], A[t], G[t]
            if t:
                np.matmul(H[t - 1], Wh, out=hg)
                hg += bh
            else:
                hg[:] = bh
            rz = a[:, :2 * h]
            np.add(u[:, :2 * h], hg[:, :2 * h], out=rz)
            np.exp(rz, out=rz)
            rz += 1.0
            np.reciprocal(rz, out=rz)
            r, z, n = a[:, :h], a[:, h:2 * h], a[:, 2 * h:]
            np.multiply(r, hg[:, 2 * h:], out=tmp_h)
            tmp_h += u[:, 2 * h:]
            _tanh(tmp_h, n, scratch)
            if t:
                np.subtract(H[t - 1], n, out=tmp_h)  # h = n + z·(h_{t−1} − n)
                tmp_h *= z
                np.add(n, tmp_h, out=H[t])
            else:
                np.multiply(z, n, out=tmp_h)
                np.subtract(n, tmp_h, out=H[t])

    def _backward_steps(self, ws):
        h = self.units
        A, HG, H, P, Q, DH, DZ, DHG = ws.A, ws.HG, ws.H, ws.P, ws.Q, ws.DH, ws.DZ, ws.DHG
        # ∂L/∂(pre-activation): of r = ∂L/∂(n's) · (h_{t−1}·Whₙ + bhₙ)·σ′(r); of z = ∂L/∂h·(h_{t−1} − n)·σ′(z);
        # of n = ∂L/∂h·(1 − z)·tanh′(n)
        self._gate_slopes(Q, ws)
        Q[:, :, :h] *= HG[:, :, 2 * h:]
        np.negative(A[0][:, 2 * h:], out=P[0])
        np.subtract(H[:-1], A[1:, :, 2 * h:], out=P[1:])
        Q[:, :, h:2 * h] *= P
        np.subtract(1.0, A[:, :, h:2 * h], out=P)
        Q[:, :, 2 * h:] *= P
        WhT, dhz = self.Wh.T, ws.tmp_h
        from_above = self._from_above(ws)
        for t in range(ws.steps - 1, -1, -1):
            dh, q, dz, dhg = DH[t], Q[t], DZ[t], DHG[t]
            dn = dz[:, 2 * h:]
            np.multiply(dh, q[:, 2 * h:], out=dn)
            np.multiply(dh, q[:, h:2 * h], out=dhg[:, h:2 * h])
            np.multiply(dn, q[:, :h], out=dhg[:, :h])
            np.multiply(dn, A[t][:, :h], out=dhg[:, 2 * h:])  # the h side of n sees r·(…)
            if t:
                np.matmul(dhg, WhT, out=DH[t - 1])
                np.multiply(dh, A[t][:, h:2 * h], out=dhz)  # h_{t−1} also passes straight through z
                DH[t - 1] += dhz
                if from_above is not None:
                    DH[t - 1] += from_above[t - 1]
        DZ[:, :, :2 * h] = DHG[:, :, :2 * h]
        return DZ, DHG


CELLS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


# -- stepping through time ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimePosition:
    """One stop when stepping a trace through time: ``event`` indexes ``trace.events``; ``step`` is the time
    step of a recurrent layer's event (None for other events); ``gate`` the gate being computed at that
    step ("i", "f", …), or None for the step's new state (and whenever gates are not stepped)."""

    event: int
    phase: str  # "forward", "loss", "backward" or "update", as the event's kind
    layer: int | None
    step: int | None = None
    gate: str | None = None


def time_positions(trace, gates: bool = False) -> tuple[TimePosition, ...]:
    """Every stop of a trace stepped through time: forward through each recurrent layer from the first step
    to the last (with ``gates``, each gate of a step, then its new state), the loss, backward through time
    from the last step to the first, then the updates. A pure list: stepping back is indexing back."""
    out = []
    for k, event in enumerate(trace.events):
        layer = getattr(event, "layer", None)
        steps = getattr(event, "recurrent", None)
        if steps is None:
            out.append(TimePosition(k, event.kind, layer))
        elif event.kind == "forward":
            for t in range(steps.steps):
                out.extend(TimePosition(k, "forward", layer, t, g) for g in (GATES[steps.kind] if gates else ()))
                out.append(TimePosition(k, "forward", layer, t))
        else:
            out.extend(TimePosition(k, "backward", layer, t) for t in range(steps.dh.shape[1] - 1, -1, -1))
    return tuple(out)


def make(kind: str, units: int, return_sequences: bool) -> Recurrent:
    return CELLS[kind](units, return_sequences)
