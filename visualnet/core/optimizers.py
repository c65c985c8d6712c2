"""Optimizers with ``torch.optim``'s names, defaults and update rules, updating params dicts in place.

The same objects train networks (``{"W1": …, "b1": …}``) and move a point on a 2-D surface
(``{"xy": array([x, y])}``). Their state (velocity, accumulators, m, v) is readable for drawing arrows,
and ``last_step`` is the displacement the last update applied.

Where these differ from the textbook's formulas (``common/optimizer.py`` of *Deep Learning from Scratch*):

- **Momentum**: the book keeps a velocity that includes the learning rate, v ← αv − lr·g, p ← p + v,
  starting from v = 0. torch keeps a buffer without lr, b ← μb + g (b₁ = g₁ on the first step), and
  p ← p − lr·b. With a constant lr the two are the same trajectory (v = −lr·b) except the first step,
  where torch's buffer starts at g (so it equals the book's from step 1 on as well: v₁ = −lr·g₁).
- **Nesterov**: the book uses the reformulation v ← αv − lr·g; p ← p + α²v − (1 + α)·lr·g;
  torch uses b ← μb + g; p ← p − lr·(g + μb). Same method, different bookkeeping of the look-ahead.
- **AdaGrad**: the book adds eps = 1e-7 to √h; torch adds eps = 1e-10 and supports lr decay.
- **RMSprop**: the book decays h with 0.99 and adds 1e-7; torch: alpha = 0.99, eps = 1e-8, optional
  momentum and centring.
- **Adam**: the book folds bias correction into lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) and adds eps = 1e-7 to √v
  (eps not bias-corrected); torch divides by (√v/√(1−β₂ᵗ) + eps) with eps = 1e-8. The two differ only
  in where eps enters.
- All ``sgd``-family defaults use lr = 0.01 (torch requires lr or uses 1e-3); the others keep torch's
  default lr.
"""

from __future__ import annotations

import math

import numpy as np

from visualnet.core.errors import ConfigError

DEFAULTS = {
    "sgd": {"lr": 0.01, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "momentum": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "nesterov": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0, "nesterov": True},
    "adagrad": {"lr": 0.01, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False},
    "adam": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
}
DESCRIPTIONS = {
    "sgd": "Plain gradient descent: p ← p − lr·g.",
    "momentum": "SGD with momentum 0.9: a running sum of gradients carries the point through ravines.",
    "nesterov": "Nesterov momentum: like momentum, but corrects with the gradient after the look-ahead.",
    "adagrad": "AdaGrad: divides each coordinate's step by the root of its summed squared gradients.",
    "rmsprop": "RMSprop: like AdaGrad with a decaying average, so steps do not shrink forever.",
    "adam": "Adam: momentum plus RMSprop scaling, with bias correction for the first steps.",
    "adamw": "AdamW: Adam with weight decay applied directly to the weights, not through the gradient.",
    "adadelta": "Adadelta: step sizes from running averages of both squared gradients and squared steps.",
}
TRACK_STEP_MAX_SIZE = 4096
_UNIT_INTERVAL = {"momentum", "dampening", "alpha", "rho"}


def names() -> tuple[str, ...]:
    return tuple(DEFAULTS)


def defaults(name: str) -> dict:
    _check_name(name)
    return dict(DEFAULTS[name])


def _check_name(name):
    if name not in DEFAULTS:
        raise ConfigError("optimizer", f"unknown optimizer {name!r}; choose one of: {', '.join(DEFAULTS)}")


def _check(name: str, hp: dict) -> dict:
    allowed = DEFAULTS[name]
    out = {}
    for key, value in hp.items():
        if key not in allowed:
            raise ConfigError(key, f"{name} has no hyperparameter {key!r}; it takes {', '.join(allowed)}")
        default = allowed[key]
        if isinstance(default, bool):
            if not isinstance(value, (bool, np.bool_)):
                raise ConfigError(key, f"must be true or false, got {value!r}")
            out[key] = bool(value)
        elif key == "betas":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ConfigError("betas", f"must be two numbers in [0, 1), got {value!r}")
            out[key] = tuple(_number(f"betas[{i}]", b, unit=True) for i, b in enumerate(value))
        else:
            out[key] = _number(key, value, unit=key in _UNIT_INTERVAL)
    return out


def _number(key, value, unit=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(value):
        raise ConfigError(key, f"must be a finite number, got {value!r}")
    value = float(value)
    if value < 0:
        raise ConfigError(key, f"must be ≥ 0, got {value:g}")
    if unit and value >= 1:
        raise ConfigError(key, f"must be in [0, 1), got {value:g}")
    return value


class Optimizer:
    """Base: validated hyperparameters, per-parameter state, ``update`` in place, state round trips."""

    name = "sgd"

    def __init__(self, **hp):
        self.hyperparams = dict(DEFAULTS[self.name])
        self.hyperparams.update(_check(self.name, hp))
        self._validate()
        self.state: dict[str, dict[str, np.ndarray]] = {}
        self.step_count = 0
        self.last_step: dict[str, np.ndarray] = {}
        self._scratch: dict[str, np.ndarray] = {}

    def _validate(self):
        pass

    def set_hyperparams(self, **hp):
        """Change hyperparameters live (e.g. the lr slider) without resetting the state."""
        new = dict(self.hyperparams)
        new.update(_check(self.name, hp))
        old, self.hyperparams = self.hyperparams, new
        try:
            self._validate()
        except ConfigError:
            self.hyperparams = old
            raise

    def reset(self):
        self.state.clear()
        self.last_step.clear()
        self.step_count = 0

    def update(self, params: dict, grads: dict):
        """One step for every parameter that has a gradient, in place (the arrays keep their identity)."""
        self.step_count += 1
        for key, p in params.items():
            g = grads.get(key)
            if g is None:
                continue
            # the displacement is kept for small parameters (points on surfaces, tiny nets), where
            # views draw it; copying a big weight matrix every step would cost more than it shows
            before = p.copy() if p.size <= TRACK_STEP_MAX_SIZE else None
            self._update_one(key, p, np.asarray(g, dtype=p.dtype))
            if before is not None:
                self.last_step[key] = p - before

    def _slot(self, key, slot, like, fill=0.0):
        s = self.state.setdefault(key, {})
        if slot not in s:
            s[slot] = np.full_like(like, fill)
        return s[slot]

    def _update_one(self, key, p, g):
        raise NotImplementedError

    def _l2(self, g, p):
        """torch's (coupled) weight decay: the gradient gains weight_decay·p."""
        wd = self.hyperparams["weight_decay"]
        return g + wd * p if wd else g

    def state_dict(self) -> dict:
        return {"name": self.name, "hyperparams": {k: list(v) if isinstance(v, tuple) else v
                                                   for k, v in self.hyperparams.items()},
                "step_count": self.step_count,
                "state": {k: {s: np.array(v, copy=True) for s, v in slots.items()}
                          for k, slots in self.state.items()}}

    def load_state_dict(self, d: dict):
        if d.get("name") != self.name:
            raise ConfigError("optimizer", f"state of {d.get('name')!r} cannot load into {self.name!r}")
        self.set_hyperparams(**d["hyperparams"])
        self.step_count = int(d["step_count"])
        self.state = {k: {s: _restore_slot(v) for s, v in slots.items()} for k, slots in d["state"].items()}


def _restore_slot(value):
    # per-parameter step counters are plain ints; everything else is an array
    value = np.array(value, copy=True)
    return int(value) if value.ndim == 0 and value.dtype.kind in "iu" else value


class SGD(Optimizer):
    """torch.optim.SGD: b ← μb + (1−τ)g (b₁ = g), p ← p − lr·(g + μb if nesterov else b)."""

    name = "sgd"

    def _validate(self):
        h = self.hyperparams
        if h["nesterov"] and (h["momentum"] <= 0 or h["dampening"] != 0):
            raise ConfigError("nesterov", "needs momentum > 0 and dampening 0")

    def _update_one(self, key, p, g):
        h = self.hyperparams
        lr, mu = h["lr"], h["momentum"]
        g = self._l2(g, p)
        if mu:
            s = self.state.setdefault(key, {})
            buf = s.get("momentum_buffer")
            if buf is None:
                buf = s["momentum_buffer"] = g.copy()
            else:
                buf *= mu
                buf += (1 - h["dampening"]) * g
            g = g + mu * buf if h["nesterov"] else buf
        # lr·g into a reused scratch array: a fresh temporary of a large W every step costs more
        # than the subtraction itself
        scratch = self._scratch.get(key)
        if scratch is None or scratch.shape != p.shape or scratch.dtype != p.dtype:
            scratch = self._scratch[key] = np.empty_like(p)
        np.multiply(g, lr, out=scratch)
        p -= scratch


class Momentum(SGD):
    name = "momentum"


class Nesterov(SGD):
    name = "nesterov"


class Adagrad(Optimizer):
    """torch.optim.Adagrad: sum ← sum + g², p ← p − clr·g/(√sum + eps), clr = lr/(1 + (t−1)·lr_decay)."""

    name = "adagrad"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        g = self._l2(g, p)
        total = self._slot(key, "sum", p, h["initial_accumulator_value"])
        steps = self.state[key]["step"] = self.state[key].get("step", 0) + 1
        clr = h["lr"] / (1 + (steps - 1) * h["lr_decay"])
        total += g * g
        p -= clr * g / (np.sqrt(total) + h["eps"])


class RMSprop(Optimizer):
    """torch.optim.RMSprop: v ← αv + (1−α)g²; (centred: minus the squared running mean); optional momentum."""

    name = "rmsprop"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        g = self._l2(g, p)
        avg = self._slot(key, "square_avg", p)
        a = h["alpha"]
        avg *= a
        avg += (1 - a) * g * g
        if h["centered"]:
            grad_avg = self._slot(key, "grad_avg", p)
            grad_avg *= a
            grad_avg += (1 - a) * g
            denom = np.sqrt(avg - grad_avg * grad_avg) + h["eps"]
        else:
            denom = np.sqrt(avg) + h["eps"]
        if h["momentum"] > 0:
            buf = self._slot(key, "momentum_buffer", p)
            buf *= h["momentum"]
            buf += g / denom
            p -= h["lr"] * buf
        else:
            p -= h["lr"] * g / denom


class Adam(Optimizer):
    """torch.optim.Adam: m, v moving averages; p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)."""

    name = "adam"
    decoupled = False

    def _update_one(self, key, p, g):
        h = self.hyperparams
        lr, (b1, b2), eps, wd = h["lr"], h["betas"], h["eps"], h["weight_decay"]
        if self.decoupled:
            p *= 1 - lr * wd
        else:
            g = self._l2(g, p)
        m = self._slot(key, "exp_avg", p)
        v = self._slot(key, "exp_avg_sq", p)
        t = self.state[key]["step"] = self.state[key].get("step", 0) + 1
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
        p -= (lr / bc1) * m / (np.sqrt(v) / math.sqrt(bc2) + eps)


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay p ← p·(1 − lr·wd) before the step."""

    name = "adamw"
    decoupled = True


class Adadelta(Optimizer):
    """torch.optim.Adadelta: Δ = √(u + eps)/√(v + eps)·g; v, u running averages of g² and Δ²."""

    name = "adadelta"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        g = self._l2(g, p)
        v = self._slot(key, "square_avg", p)
        u = self._slot(key, "acc_delta", p)
        rho, eps = h["rho"], h["eps"]
        v *= rho
        v += (1 - rho) * g * g
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u *= rho
        u += (1 - rho) * delta * delta
        p -= h["lr"] * delta


CLASSES = {c.name: c for c in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW, Adadelta)}


def make(name: str, **hp) -> Optimizer:
    """An optimizer by name with torch.optim's hyperparameter names; bad values raise ConfigError."""
    _check_name(name)
    return CLASSES[name](**hp)
