"""A compiled training step for dense networks, so small nets train as fast as a plain NumPy loop.

For a network of dense layers only (no dropout, no batch norm) whose hidden activations give their
slope from their output (linear, tanh, sigmoid, relu), :class:`DenseStep` runs a training step on
buffers allocated once for the batch size: the batch is gathered into a buffer (``take``), every
product and activation writes into its layer's buffer (NumPy itself allocates only the iteration
buffer of a broadcast, such as the bias add, at most 8,192 elements and freed within the call), the output δ is the loss's fused one, and
the gradients land in one vector laid out like ``Network.flat_params``, so plain SGD steps every
parameter in two operations.

Each arithmetic operation is the one ``Network.gradient`` and ``Optimizer.update`` apply, in the
same order and dtype, so the weights come out bit-identical; only Python and allocation overhead
is gone (a tiny net spends most of its step there). The trainer takes this path for unrecorded
steps while no view watches the per-layer summaries.
"""

from __future__ import annotations

import math

import numpy as np

from visualnet.core import losses
from visualnet.core.errors import ConfigError
from visualnet.core.layers import Dense

add, subtract, multiply, divide, matmul = np.add, np.subtract, np.multiply, np.divide, np.matmul


# -- in-place activations f(z, out): the very operations of visualnet.core.activations -------------

def _sigmoid(z, out):
    # activations.sigmoid: 1 / (1 + e^−z), the overflow of e^−z silenced by the caller's errstate
    np.negative(z, out)
    np.exp(out, out)
    add(out, 1.0, out)
    np.reciprocal(out, out)


def _relu(z, out):
    np.maximum(z, 0, out=out)


# -- δ ← δ·f′, f′ from the output a as ActivationLayer.backward takes it -------------------------------

def _tanh_slope(a, delta, tmp):
    multiply(a, a, tmp)  # f′ = 1 − a²
    subtract(1.0, tmp, tmp)
    multiply(delta, tmp, delta)


def _sigmoid_slope(a, delta, tmp):
    subtract(1.0, a, tmp)  # f′ = a(1 − a)
    multiply(a, tmp, tmp)
    multiply(delta, tmp, delta)


def _relu_slope(a, delta, mask):
    np.greater(a, 0, mask)  # f′ = 1 where z > 0, which is where a = max(z, 0) > 0
    multiply(delta, mask, delta)


# name: (forward, slope, dtype of the slope's scratch or None for the network's)
KERNELS = {
    "linear": (None, None, None),  # f′ = 1: δ·1 is δ
    "tanh": (np.tanh, _tanh_slope, None),
    "sigmoid": (_sigmoid, _sigmoid_slope, None),
    "relu": (_relu, _relu_slope, np.bool_),
}
FUSED_OUTPUTS = {"bce": "sigmoid", "cross_entropy": "softmax"}


def why_not(net) -> str | None:
    """Why ``net`` cannot take the fast path, or None when it can."""
    if len(net.input_shape) != 1:
        return "the input is not a vector"
    for block in net.blocks:
        where = f"layer {block.index + 1}"
        if not isinstance(block.core, Dense):
            return f"{where} is not dense"
        if not block.trainable:  # the step updates the whole parameter vector at once
            return f"{where} is frozen"
        if block.bn is not None or block.dropout is not None:
            return f"{where} has batch norm or dropout"
        name = block.act.activation.name
        if block is net.output and net.loss_name in FUSED_OUTPUTS:
            if name != FUSED_OUTPUTS[net.loss_name]:
                return f"{net.loss_name} with a {name} output"
        elif name not in KERNELS:
            return f"{where}'s activation {name} has no in-place kernel"
    return None


def build(net, x: np.ndarray, t, batch_size: int) -> DenseStep | None:
    """The fast step of ``net`` on inputs ``x`` (already in the net's dtype) and targets ``t``; None if it does not qualify."""
    if why_not(net) is not None:
        return None
    like_outputs = np.broadcast_to(np.zeros((), net.dtype), (len(x), net.n_outputs))
    try:
        targets = losses.prepare_targets(net.loss_name, t, like_outputs)
    except ConfigError:
        return None  # the regular path reports bad targets when a batch holds them
    return DenseStep(net, x, np.ascontiguousarray(targets), batch_size)


class DenseStep:
    """One network's training step on buffers for one batch size; made by :func:`build`.

    ``gradient(idx)`` fills ``grads`` (views into ``flat_grad``) for the rows ``idx``; ``update``
    then steps ``net.params``. The params are read through their views at every step, so edits
    by hand or by ``set_params`` are seen.
    """

    def __init__(self, net, x: np.ndarray, targets: np.ndarray, batch_size: int):
        self.net, self.x, self.targets = net, x, targets
        n, dtype = batch_size, net.dtype
        self.n = n
        self.xb = np.empty((n, *x.shape[1:]), dtype)
        self.tb = np.empty((n, *targets.shape[1:]), targets.dtype)
        self.flat_grad = np.zeros_like(net.flat_params)
        self.grads = net.unflatten(self.flat_grad)
        self._weight_grads = self.flat_grad[:net.flat_weights.size]
        self._before = np.empty_like(net.flat_params)  # a plain step's start, then its displacement
        self.last_step = net.unflatten(self._before)
        penalty = net.unflatten(np.empty_like(net.flat_params))  # l2·W, l1·sign(W)
        # per layer: z (the activation a overwrites it, except at the output), δ, and f′'s scratch
        names = [b.act.activation.name for b in net.blocks]
        zs = [np.empty((n, net.params[b.param_names[0]].shape[1]), dtype) for b in net.blocks]
        deltas = [np.empty_like(z) for z in zs]
        kernels = [KERNELS.get(name, (None, None, None)) for name in names]
        scratch = [None if slope is None else np.empty(z.shape, kind or dtype)
                   for z, (_f, slope, kind) in zip(zs, kernels)]
        inputs = [self.xb, *zs[:-1]]
        self._forward, self._backward = [], []
        for i, block in enumerate(net.blocks):
            W, b = (net.params[name] for name in block.param_names[:2])
            gW, gb = (self.grads[name] for name in block.param_names[:2])
            last = i == len(zs) - 1
            self._forward.append((inputs[i], W, b, zs[i], None if last else kernels[i][0]))
            # then δ of the layer below: δ·Wᵀ times its f′ (the first layer's ∂L/∂x is never needed)
            below = None if i == 0 else (W.T, deltas[i - 1], zs[i - 1], kernels[i - 1][1], scratch[i - 1])
            self._backward.append((inputs[i].T, deltas[i], gW, gb, W, penalty[block.param_names[0]], below))
        self._backward.reverse()
        self.z, self.delta = zs[-1], deltas[-1]
        self.y = self.z if names[-1] == "linear" else np.empty_like(self.z)
        self._out_forward, self._out_slope, _kind = kernels[-1]
        self._out_scratch = scratch[-1]
        self._loss = {"bce": self._bce, "cross_entropy": self._cross_entropy, "mse": self._mse}[net.loss_name]
        self._tmp = np.empty_like(self.z)
        if net.loss_name == "cross_entropy":
            self._rows = np.arange(n) * self.z.shape[1]  # flat position of row i's first class
            self._at = np.empty(n, np.intp)
            self._picked = np.empty(n, dtype)
            self._max = np.empty((n, 1), dtype)
            self._sums = np.empty((n, 1), dtype)

    def gradient(self, idx) -> float:
        """∂L/∂p for the rows ``idx`` into ``grads``; returns the batch loss with the penalty (``net.last_loss``)."""
        net = self.net
        # mode "clip" writes straight into the buffer ("raise" would gather into a temporary first);
        # the trainer's indices are always in range
        self.x.take(idx, 0, self.xb, "clip")
        self.targets.take(idx, 0, self.tb, "clip")
        for a, W, b, z, forward in self._forward:
            matmul(a, W, z)
            add(z, b, z)
            if forward is not None:
                forward(z, z)
        loss = self._loss() + net.regularization()
        l2, l1 = net.l2, net.l1
        for a_t, d, gW, gb, W, scratch, below in self._backward:
            matmul(a_t, d, gW)
            add.reduce(d, 0, None, gb)
            if l2 or l1:
                _penalize(gW, W, l2, l1, scratch)
            if below is not None:
                W_t, d_below, a_below, slope, tmp = below
                matmul(d, W_t, d_below)
                if slope is not None:
                    slope(a_below, d_below, tmp)
        net.last_loss = loss
        return loss

    def gradient_norm(self) -> float:
        """‖∂L/∂W‖ over the weights, as the trainer measures it (inf or NaN when one is not finite)."""
        return math.sqrt(float(np.dot(self._weight_grads, self._weight_grads)))

    def update(self, optimizer):
        """Step the params by ``grads``: plain SGD on the whole vector (overwriting ``grads``), else ``optimizer.update``."""
        lr = optimizer.plain_lr()
        if lr is None:
            optimizer.update(self.net.params, self.grads)
            return
        params, grad, before = self.net.flat_params, self.flat_grad, self._before
        np.copyto(before, params)
        multiply(grad, lr, grad)  # SGD.update: p −= lr·g, per parameter
        subtract(params, grad, params)
        subtract(params, before, before)
        optimizer.count_step(self.last_step)

    # -- losses: value from the logits z, δ = ∂L/∂z into self.delta -----------------------------------

    def _bce(self) -> float:
        z, y, t, d, tmp, n = self.z, self.y, self.tb, self.delta, self._tmp, self.n
        _sigmoid(z, y)
        # mean of (max(z, 0) − z·t) + log(1 + e^−|z|): for 0/1 targets the very terms losses.value sums
        np.maximum(z, 0, out=d)
        multiply(z, t, tmp)
        subtract(d, tmp, d)
        np.abs(z, tmp)
        np.negative(tmp, tmp)
        np.exp(tmp, tmp)
        np.log1p(tmp, tmp)
        add(d, tmp, d)
        loss = float(add.reduce(d, None) / n)
        subtract(y, t, d)  # fused: (y − t)/N
        divide(d, n, d)
        return loss

    def _cross_entropy(self) -> float:
        z, t, d, n = self.z, self.tb, self.delta, self.n
        shifted, picked, at, sums = self._tmp, self._picked, self._at, self._sums
        np.maximum.reduce(z, 1, None, self._max, True)
        subtract(z, self._max, shifted)
        np.exp(shifted, d)
        add.reduce(d, 1, None, sums, True)
        divide(d, sums, d)  # softmax y, kept in δ's buffer
        add(self._rows, t, at)  # flat position of each row's target class
        np.log(sums, sums)
        shifted.reshape(-1).take(at, 0, picked, "clip")
        subtract(sums.reshape(-1), picked, picked)
        loss = float(add.reduce(picked, None) / n)
        flat = d.reshape(-1)  # views of contiguous buffers
        flat.take(at, 0, picked, "clip")  # fused: (y − onehot)/N
        subtract(picked, 1, picked)
        flat.put(at, picked, "clip")
        divide(d, n, d)
        return loss

    def _mse(self) -> float:
        z, y, d = self.z, self.y, self.delta
        if self._out_forward is not None:
            self._out_forward(z, y)
        subtract(y, self.tb, d)
        loss = float(np.vdot(d, d) / d.size)
        multiply(d, 2.0, d)  # ∂L/∂y = 2(y − t)/size, then · f′
        divide(d, d.size, d)
        if self._out_slope is not None:
            self._out_slope(y, d, self._out_scratch)
        return loss


def _penalize(g, W, l2, l1, tmp):
    """g ← g + l2·W + l1·sign(W) in place, as ``Network._penalized`` adds them."""
    if l2:
        multiply(W, l2, tmp)
        add(g, tmp, g)
    if l1:
        np.sign(W, tmp)
        multiply(tmp, l1, tmp)
        add(g, tmp, g)
