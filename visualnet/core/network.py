"""The network: the textbook's API (params, predict, loss, accuracy, gradient, numerical_gradient)
with PyTorch's loss semantics, built from a JSON-able config (schema in :mod:`visualnet.core.config`).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from visualnet.core import activations, layers, losses, recurrent
from visualnet.core import config as config_mod
from visualnet.core import trace as tr
from visualnet.core.errors import ConfigError
from visualnet.core.layers import (
    ActivationLayer,
    AvgPool,
    BatchNorm,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    MaxPool,
)


@dataclass(frozen=True)
class LayerInfo:
    """What a view needs to know of one configured layer, so none reaches into blocks or configs.

    ``units`` is the dense layer's width or the conv layer's filter count; ``activation`` its name
    (None for pooling and flatten); ``param_names`` e.g. ("W2", "b2", "gamma2", "beta2"). A recurrent layer
    (kind "rnn", "lstm", "gru") has its hidden size as ``units``, no activation, and ``param_names``
    ("Wx1", "bx1", "Wh1", "bh1"): ``weight`` and ``bias`` are its input side's.
    """

    index: int
    kind: str
    name: str  # "hidden 2", "output"
    units: int | None
    activation: str | None
    activation_formula: str
    derivative_formula: str
    saturates: bool
    param_names: tuple
    batch_norm: bool
    dropout: float
    input_shape: tuple
    output_shape: tuple
    config: dict
    is_output: bool
    fused_with_loss: bool  # the output δ = (y − t)/N: act′(z) never appears
    return_sequences: bool = False  # a recurrent layer that outputs every step's h (else h of the last step)
    trainable: bool = True  # False: frozen ("trainable": false), its gradients shown but never applied

    @property
    def weight(self) -> str | None:
        return self.param_names[0] if self.param_names else None

    @property
    def bias(self) -> str | None:
        return self.param_names[1] if self.param_names else None

    @property
    def dense(self) -> bool:
        return self.kind == "dense"


class Block:
    """One configured layer: its core (dense, conv, pool, flatten, recurrent), then batch norm, activation, dropout."""

    def __init__(self, index, cfg, core, bn=None, act=None, dropout=None, param_names=()):
        self.index, self.cfg = index, cfg
        self.core, self.bn, self.act, self.dropout = core, bn, act, dropout
        self.param_names = param_names  # e.g. ("W2", "b2", "gamma2", "beta2")
        self.name = cfg["type"] if cfg["type"] != "dense" else f"dense {cfg['units']}"
        self.z = self.a = None
        self.trainable = cfg.get("trainable", True)

    @property
    def has_weights(self):
        return bool(self.param_names)

    def forward(self, x, train):
        z = self.core.forward(x, train)
        if self.bn is not None:
            z = self.bn.forward(z, train)
        self.z = z
        a = self.act.forward(z, train) if self.act is not None else z
        if self.dropout is not None:
            a = self.dropout.forward(a, train)
        self.a = a
        return a

    def grads(self):
        if isinstance(self.core, recurrent.Recurrent):
            return self.core.grads(self.param_names)
        g = {}
        if self.has_weights:
            g[self.param_names[0]] = self.core.dW
            g[self.param_names[1]] = self.core.db
        if self.bn is not None:
            g[self.param_names[2]] = self.bn.dgamma
            g[self.param_names[3]] = self.bn.dbeta
        return g


class Network:
    """A feed-forward network. ``params`` holds ``W1, b1, …`` (W shaped (n_in, n_out)), updated in place;
    a recurrent layer k holds ``Wx{k}, Wh{k}, bx{k}, bh{k}`` (:mod:`visualnet.core.recurrent`).

    Every parameter is a view into one vector, ``flat_params`` (the weights first, then the other
    parameters, each part in ``params`` order): a rule that treats every element alike (a plain SGD
    step) touches them all in one operation, and a norm over the weights reads one slice, ``flat_weights``.
    """

    def __init__(self, cfg: dict):
        self.config = config_mod.normalize(cfg)
        self.dtype = np.dtype(self.config["dtype"])
        self.loss_name = self.config["loss"]
        self.l2, self.l1 = self.config["l2"], self.config["l1"]
        self.rng = np.random.default_rng(self.config["seed"])
        self.params: dict[str, np.ndarray] = {}
        self.blocks: list[Block] = []
        inp = self.config["input"]
        self._input_shape = tuple(inp) if isinstance(inp, list) else (inp,)
        self._build()
        self.last_summaries: list[dict] = []

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_config(cls, cfg: dict) -> Network:
        return cls(cfg)

    def to_config(self) -> dict:
        return copy.deepcopy(self.config)

    def _init_std(self, fan_in):
        init = self.config["init"]
        if init == "xavier":
            return np.sqrt(1.0 / fan_in)
        if init == "he":
            return np.sqrt(2.0 / fan_in)
        if init == "zeros":
            return 0.0
        return float(init)

    def _weights(self, shape, fan_in):
        return (self.rng.standard_normal(shape) * self._init_std(fan_in)).astype(self.dtype)

    def _build(self):
        inp = self.config["input"]
        shape = tuple(inp) if isinstance(inp, list) else (inp,)
        n_weighted = 0
        for i, lc in enumerate(self.config["layers"]):
            kind = lc["type"]
            bn = act = drop = None
            names = ()
            if kind in recurrent.KINDS:
                n_weighted += 1
                k, units, width = n_weighted, lc["units"], recurrent.N_GATES[kind] * lc["units"]
                self.params[f"Wx{k}"] = self._weights((shape[-1], width), shape[-1])
                self.params[f"Wh{k}"] = self._weights((units, width), units)
                self.params[f"bx{k}"] = np.zeros(width, self.dtype)
                self.params[f"bh{k}"] = np.zeros(width, self.dtype)
                if kind == "lstm":
                    self.params[f"bx{k}"][units:2 * units] = lc["forget_bias"]  # the f gate's columns
                names = (f"Wx{k}", f"bx{k}", f"Wh{k}", f"bh{k}")  # weight and bias first, as LayerInfo reads them
                core = recurrent.make(kind, units, lc["return_sequences"])
                shape = _output_shape(lc, shape)
            elif kind in ("dense", "conv2d"):
                n_weighted += 1
                wn, bname = f"W{n_weighted}", f"b{n_weighted}"
                if kind == "dense":
                    W = self._weights((shape[-1], lc["units"]), shape[-1])
                    b = np.zeros(lc["units"], self.dtype)
                    # after a sequence (T, F) the same W acts on every step
                    core = recurrent.SequenceDense(W, b) if len(shape) == 2 else Dense(W, b)
                else:
                    c, k, f = shape[0], lc["kernel"], lc["filters"]
                    W = self._weights((f, c, k, k), c * k * k)
                    b = np.zeros(f, self.dtype)
                    core = Conv2D(W, b, lc["stride"], lc["pad"])
                shape = _output_shape(lc, shape)
                self.params[wn], self.params[bname] = W, b
                names = (wn, bname)
                if lc.get("batch_norm"):
                    gamma = np.ones(shape[0], self.dtype)
                    beta = np.zeros(shape[0], self.dtype)
                    self.params[f"gamma{n_weighted}"], self.params[f"beta{n_weighted}"] = gamma, beta
                    bn = BatchNorm(gamma, beta)
                    names += (f"gamma{n_weighted}", f"beta{n_weighted}")
                activation = activations.get(lc["activation"], alpha=lc.get("alpha"),
                                             expression=lc.get("expression"))
                act = ActivationLayer(activation)
                if lc.get("dropout"):
                    drop = Dropout(lc["dropout"], self.rng)
            else:
                pools = {"maxpool": MaxPool, "avgpool": AvgPool}
                core = pools[kind](lc["size"], lc["stride"]) if kind in pools else Flatten()
                shape = _output_shape(lc, shape)
            self.blocks.append(Block(i, lc, core, bn, act, drop, names))
        if self.blocks[0].has_weights:
            self.blocks[0].core.need_dx = False
        self.output = self.blocks[-1]
        self._fused = self.loss_name in ("bce", "cross_entropy")
        self._pack_params()

    def _pack_params(self):
        """Move every parameter into one vector and point the layers at their views (nobody else holds them yet)."""
        self.flat_params = np.empty(sum(p.size for p in self.params.values()), self.dtype)
        self.flat_weights = self.flat_params[:sum(self.params[w].size for w in self.weight_names())]
        views = self.unflatten(self.flat_params)
        for name, view in views.items():
            view[...] = self.params[name]
        self.params = {name: views[name] for name in self.params}
        for block in self.blocks:
            if isinstance(block.core, recurrent.Recurrent):
                block.core.Wx, block.core.bx, block.core.Wh, block.core.bh = (views[n] for n in block.param_names)
            elif block.has_weights:
                block.core.W, block.core.b = (views[n] for n in block.param_names[:2])
            if block.bn is not None:
                block.bn.gamma, block.bn.beta = (views[n] for n in block.param_names[2:])

    def unflatten(self, vector: np.ndarray) -> dict:
        """Views into ``vector`` named and shaped like ``params``, in the layout of ``flat_params``."""
        weights = self.weight_names()
        views, start = {}, 0
        for name in weights + [name for name in self.params if name not in weights]:
            shape = self.params[name].shape
            views[name] = vector[start:start + math.prod(shape)].reshape(shape)
            start += math.prod(shape)
        return {name: views[name] for name in self.params}

    # -- the textbook API -----------------------------------------------------------------------

    @property
    def n_outputs(self) -> int:
        return self.config["layers"][-1]["units"]

    @property
    def input_shape(self) -> tuple:
        return self._input_shape

    def describe(self) -> tuple[LayerInfo, ...]:
        """One :class:`LayerInfo` per configured layer, input to output."""
        infos, shape = [], self._input_shape
        last = len(self.blocks) - 1
        for block in self.blocks:
            cfg = block.cfg
            out_shape = _output_shape(cfg, shape)
            act = block.act.activation if block.act is not None else None
            role = "output" if block.index == last else f"hidden {block.index + 1}"
            infos.append(LayerInfo(
                index=block.index, kind=cfg["type"], name=role,
                units=cfg.get("units", cfg.get("filters")), activation=act.name if act else None,
                activation_formula=act.formula if act else "", derivative_formula=act.derivative_formula if act else "",
                saturates=bool(act and act.saturates), param_names=tuple(block.param_names),
                batch_norm=block.bn is not None, dropout=float(cfg.get("dropout") or 0.0),
                input_shape=tuple(shape), output_shape=out_shape, config=copy.deepcopy(cfg),
                is_output=block.index == last, fused_with_loss=block.index == last and self._fused,
                return_sequences=bool(cfg.get("return_sequences", False)), trainable=block.trainable))
            shape = out_shape
        return tuple(infos)

    def weight_names(self) -> list[str]:
        """One weight per weighted layer (a recurrent layer's Wx): the per-layer views and history use these."""
        return [b.param_names[0] for b in self.blocks if b.has_weights]

    def frozen_names(self) -> list[str]:
        """The parameters of frozen layers ("trainable": false): ``gradient`` leaves them out, as PyTorch leaves
        ``grad`` None for parameters that do not require it, so no optimizer ever moves them."""
        return [name for b in self.blocks if not b.trainable for name in b.param_names]

    def penalized_names(self) -> list[str]:
        """Every weight matrix L2 and L1 act on: each layer's W, and a recurrent layer's Wx and Wh."""
        return [name for b in self.blocks for name in _weight_matrices(b.param_names)]

    def _prepare_x(self, x):
        if type(x) is np.ndarray and x.dtype == self.dtype and x.shape[1:] == self._input_shape:
            return x  # the training loop's case: already right
        x = np.asarray(x, dtype=self.dtype)
        want = self.input_shape
        if x.shape[1:] != want:
            if x.ndim >= 2 and int(np.prod(x.shape[1:])) == int(np.prod(want)):
                x = x.reshape((x.shape[0],) + want)
            elif x.ndim == 1 and x.size == int(np.prod(want)):
                x = x.reshape((1,) + want)
            else:
                raise ConfigError("x", f"input of shape {x.shape} does not fit the network's input {want}")
        return x

    def _forward(self, x, train, recorder=None, copies=None):
        a = x
        for block in self.blocks:
            inp = a
            a = block.forward(a, train)
            if recorder is not None:
                mask = block.dropout.mask if block.dropout is not None else None
                steps = block.core.record_forward() if isinstance(block.core, recurrent.Recurrent) else None
                winners = block.core.winners if isinstance(block.core, MaxPool) else None
                recorder.append(tr.forward_event(block.index, block.name, inp, block.z, a, mask, steps,
                                                 winners=winners, copies=copies))
        return a

    def predict(self, x, train: bool = False) -> np.ndarray:
        """Output activations (softmax / sigmoid applied): evaluation mode unless ``train``."""
        return self._forward(self._prepare_x(x), train)

    def regularization(self) -> float:
        """½·l2·ΣW² + l1·Σ|W| over weights only (never biases or batch-norm parameters)."""
        total = 0.0
        if self.l2 or self.l1:
            for name in self.penalized_names():
                W = self.params[name]
                if self.l2:
                    total += 0.5 * self.l2 * float(np.vdot(W, W))
                if self.l1:
                    total += self.l1 * float(np.abs(W).sum())
        return total

    def _data_loss(self, y, t):
        return losses.value(self.loss_name, self.output.z, y, losses.prepare_targets(self.loss_name, t, y))

    def loss(self, x, t, train: bool = False) -> float:
        """Mean data loss (PyTorch's definition) plus the regularization term."""
        y = self.predict(x, train)
        return self._data_loss(y, t) + self.regularization()

    def accuracy(self, x, t) -> float:
        """Fraction classified right: argmax for several outputs, threshold 0.5 for one.

        NaN for regression targets, where accuracy means nothing.
        """
        return self.accuracy_of(self.predict(x), t)

    def accuracy_of(self, y, t) -> float:
        """:meth:`accuracy` of outputs ``y`` already predicted (an evaluation needs one pass for loss and this)."""
        t = np.asarray(t)
        if y.ndim == 3:  # a sequence output: every (sample, step) position counts once
            t = t.reshape(-1, t.shape[-1]) if t.shape == y.shape else t.reshape(-1)
            y = y.reshape(-1, y.shape[-1])
        if self.n_outputs > 1:
            return float(np.mean(y.argmax(axis=1) == losses.labels_of(t, self.n_outputs)))
        tt = t.reshape(-1)
        if not np.all((tt == 0) | (tt == 1)):
            return float("nan")
        return float(np.mean((y.reshape(-1) > 0.5) == (tt == 1)))

    def gradient(self, x, t, recorder: list | None = None, summaries: bool = False) -> dict:
        """Backprop: ∂L/∂p for every parameter, a dict keyed like ``params`` — except frozen layers'
        (:meth:`frozen_names`), whose gradients only the trace and the summaries receive.

        ``recorder`` (a list) receives the trace events of the forward, loss and backward passes;
        ``summaries`` fills ``last_summaries`` with per-layer gradient norm, mean |δ| and dead fraction.
        """
        x = self._prepare_x(x)
        copies = tr.Copies(layers.fresh) if recorder is not None else None
        y = self._forward(x, True, recorder, copies)
        t_arr = losses.prepare_targets(self.loss_name, t, y)
        # the batch loss comes free with the forward pass; the trainer records it without a second pass
        self.last_loss = value = losses.value(self.loss_name, self.output.z, y, t_arr) + self.regularization()
        if recorder is not None:
            recorder.append(tr.loss_event(value, y, np.asarray(t), losses.grad_output(self.loss_name, y, t_arr)))
        grads = {}
        if summaries:
            self.last_summaries = [None] * len(self.blocks)
        if self._fused:
            dout = losses.fused_delta(self.loss_name, y, t_arr)
        else:
            dout = losses.grad_output(self.loss_name, y, t_arr)
        for block in reversed(self.blocks):
            dL_da = dout
            if block.act is None:
                delta, dact = dout, None
                dout = block.core.backward(dout)
            else:
                if block.dropout is not None:
                    dL_da = block.dropout.backward(dout)
                if block is self.output and self._fused:
                    delta, dact = dL_da, None
                    if recorder is not None:
                        dL_da = losses.grad_output(self.loss_name, y, t_arr)
                else:
                    delta = block.act.backward(dL_da)
                    dact = block.act.dact
                d_core = block.bn.backward(delta) if block.bn is not None else delta
                dout = block.core.backward(d_core)
            block_grads = block.grads()
            if block.has_weights and (self.l2 or self.l1):
                for name in _weight_matrices(block.param_names):
                    block_grads[name] = self._penalized(name, block_grads[name])
            if block.trainable:  # a frozen layer's gradients go to the trace only: no optimizer sees them
                grads.update(block_grads)
            if summaries and block.has_weights:
                self.last_summaries[block.index] = {
                    "layer": block.index, **layer_summary(block_grads[block.param_names[0]], delta, dact)}
            if recorder is not None:
                steps = block.core.record_backward(block.param_names) \
                    if isinstance(block.core, recurrent.Recurrent) else None
                recorder.append(tr.backward_event(block.index, block.name, dL_da, dact, delta, block_grads, dout,
                                                  steps, core_delta=d_core if block.bn is not None else None,
                                                  copies=copies))
        return grads

    def _penalized(self, name, g):
        """∂/∂W of the regularization added to the data gradient: + l2·W + l1·sign(W)."""
        W = self.params[name]
        if self.l2:
            g = g + self.l2 * W
        if self.l1:
            g = g + self.l1 * np.sign(W)
        return g

    def numerical_gradient(self, x, t, h: float = 1e-5, progress=None) -> dict:
        """Central differences (f(p+h) − f(p−h)) / 2h for every parameter element — slow, for checks.

        Uses training mode like :meth:`gradient`, with dropout masks held fixed (the last ones drawn)
        and batch-norm running statistics left untouched. ``progress(done, total)`` is called after
        each element; it may raise to stop (a cancel button).
        """
        x = self._prepare_x(x)
        dropouts = [b.dropout for b in self.blocks if b.dropout is not None]
        norms = [b.bn for b in self.blocks if b.bn is not None]
        for d in dropouts:
            d.fixed_mask = True
        for bn in norms:
            bn.update_running = False
        try:
            def f():
                return self._data_loss(self._forward(x, True), t) + self.regularization()

            grads, done = {}, 0
            total = sum(p.size for p in self.params.values())
            for name, p in self.params.items():
                g = np.zeros_like(p)
                flat, gflat = p.reshape(-1), g.reshape(-1)
                for i in range(flat.size):
                    keep = flat[i]
                    try:
                        flat[i] = keep + h
                        f_plus = f()
                        flat[i] = keep - h
                        f_minus = f()
                    finally:
                        flat[i] = keep
                    gflat[i] = (f_plus - f_minus) / (2 * h)
                    done += 1
                    if progress is not None:
                        progress(done, total)
                grads[name] = g
            return grads
        finally:
            for d in dropouts:
                d.fixed_mask = False
            for bn in norms:
                bn.update_running = True

    # -- state --------------------------------------------------------------------------------

    def set_params(self, values: dict):
        """Copy ``values`` into the existing parameter arrays (layers keep seeing the same objects)."""
        for name, value in values.items():
            if name not in self.params:
                raise ConfigError("params", f"unknown parameter {name!r}; this network has {', '.join(self.params)}")
            value = np.asarray(value)
            if value.shape != self.params[name].shape:
                raise ConfigError(f"params.{name}", f"shape {value.shape} does not match {self.params[name].shape}")
            np.copyto(self.params[name], value, casting="unsafe")

    def clone(self) -> Network:
        """An independent copy: same config, weights, batch-norm statistics and random state, sharing
        nothing (for work off the GUI thread, or measurements that must not touch the lesson)."""
        twin = Network(self.config)
        twin.set_params(self.params)
        twin.set_buffers(self.buffers())
        twin.rng.bit_generator.state = self.rng.bit_generator.state
        return twin

    def copy_params(self) -> dict:
        return {k: v.copy() for k, v in self.params.items()}

    def buffers(self) -> dict:
        """Non-trained state (batch-norm running statistics), for saving sessions."""
        out = {}
        for b in self.blocks:
            if b.bn is not None:
                out[f"running_mean{b.param_names[0][1:]}"] = b.bn.running_mean.copy()
                out[f"running_var{b.param_names[0][1:]}"] = b.bn.running_var.copy()
        return out

    def set_buffers(self, values: dict):
        for b in self.blocks:
            if b.bn is not None:
                k = b.param_names[0][1:]
                np.copyto(b.bn.running_mean, values[f"running_mean{k}"])
                np.copyto(b.bn.running_var, values[f"running_var{k}"])

    def all_finite(self) -> bool:
        return all(np.isfinite(p).all() for p in self.params.values())

    def layer_of_param(self, name: str) -> int:
        for b in self.blocks:
            if name in b.param_names:
                return b.index
        raise KeyError(name)


def _weight_matrices(param_names) -> tuple:
    return tuple(name for name in param_names if name.startswith("W"))


def _output_shape(cfg, shape) -> tuple:
    kind = cfg["type"]
    if kind == "dense":
        return (*shape[:-1], cfg["units"])  # (units,), or (T, units) on a sequence
    if kind in recurrent.KINDS:
        return (shape[0], cfg["units"]) if cfg["return_sequences"] else (cfg["units"],)
    if kind == "conv2d":
        _c, h, w = shape
        k, p, st = cfg["kernel"], cfg["pad"], cfg["stride"]
        return cfg["filters"], (h + 2 * p - k) // st + 1, (w + 2 * p - k) // st + 1
    if kind in ("maxpool", "avgpool"):
        c, h, w = shape
        return c, (h - cfg["size"]) // cfg["stride"] + 1, (w - cfg["size"]) // cfg["stride"] + 1
    return (math.prod(shape),)


def _dead_units(dact):
    """``activations.dead_units`` without its copy of a conv layer's maps (8× faster on SimpleConvNet's):
    per channel, whether f′ is 0 at every position of every sample."""
    if dact.ndim == 4:
        return ~dact.reshape(dact.shape[0], dact.shape[1], -1).any(axis=2).any(axis=0)
    return activations.dead_units(dact)


def layer_summary(weight_grad, delta, dact) -> dict:
    """One weighted layer's numbers for the gradient views — ‖∂L/∂W‖, mean |δ| and the dead fraction
    (a conv layer's unit is a filter) — cheap enough for every step (a few passes over δ). The trainer's
    history and the replay of a recorded step (``labs.gradient_summaries``) both use this."""
    flat = np.asarray(weight_grad).reshape(-1)
    delta = np.asarray(delta)
    dead = 0.0 if dact is None else float(_dead_units(np.asarray(dact)).mean())
    return {
        "grad_norm": math.sqrt(float(np.dot(flat, flat))),
        "mean_abs_delta": float(np.abs(delta).sum()) / delta.size,
        "dead_fraction": dead,
    }
