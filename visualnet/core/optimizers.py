"""Optimizers with ``torch.optim``'s names, defaults and update rules, updating params dicts in place.

The same objects train networks (``{"W1": …, "b1": …}``) and move a point on a 2-D surface
(``{"xy": array([x, y])}``). Their state (velocity, accumulators, m, v) is readable for drawing arrows,
and ``last_step`` is the displacement the last update applied. Updates run in the training loop, so
they work in place in per-parameter scratch arrays instead of allocating temporaries every step.

Defaults are torch's, except that the ``sgd`` family uses lr = 0.01 (the book's value; torch's SGD
defaults to 1e-3 and older versions had no default at all).

Where these differ from the textbook's formulas (``common/optimizer.py`` of *Deep Learning from
Scratch*; g is the gradient, t the step number):

- **Momentum**: the book keeps a velocity that includes the learning rate, v ← αv − lr·g, p ← p + v,
  with v = 0 at the start. torch keeps a buffer without it, b ← μb + (1 − dampening)·g, p ← p − lr·b,
  and starts the buffer at b = g on the first step. With dampening 0 and a fixed lr, v = −lr·b at
  every step and the paths agree; they part when lr changes mid-run (the book's velocity still holds
  steps taken at the old lr, torch rescales the whole buffer at once) or with dampening (torch's
  first step is not dampened).
- **Nesterov**: the book updates v ← αv − lr·g first and then moves p ← p + α²·v − (1 + α)·lr·g with
  the *new* v, i.e. p ← p + α³·v_old − (1 + α + α²)·lr·g. torch moves b ← μb + g;
  p ← p − lr·(g + μb), which in the book's terms is p ← p + μ²·v_old − (1 + μ)·lr·g (Sutskever's
  form). The paths differ: at μ = 0.9 the book's first step is 2.71·lr·g, torch's 1.9·lr·g.
- **AdaGrad**: both take p ← p − lr·g/(√h + eps) with eps outside the root; the book's eps is 1e-7,
  torch's 1e-10, and torch adds lr_decay, weight_decay and initial_accumulator_value.
- **RMSprop**: the book's decay_rate 0.99 is torch's alpha 0.99 and the update is the same, but the
  book's eps is 1e-7 (torch: 1e-8) and it has no momentum, centering or weight decay.
- **Adam**: the book folds both bias corrections into lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) and moves
  p ← p − lr_t·m/(√v + 1e-7). torch moves p ← p − lr/(1 − β₁ᵗ)·m/(√v/√(1 − β₂ᵗ) + 1e-8). The two
  agree only if torch's eps were 1e-7/√(1 − β₂ᵗ): the book's eps is 10× larger and, unlike torch's,
  is scaled up by the bias correction in early steps (≈ 31.6× more at t = 1 with β₂ = 0.999).
  Defaults otherwise match (lr 0.001, β = (0.9, 0.999)).
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
_UNIT_INTERVAL = {"momentum", "dampening", "alpha", "rho"}  # decay factors: [0, 1)


def names() -> tuple[str, ...]:
    return tuple(DEFAULTS)


def defaults(name: str) -> dict:
    """Default hyperparameters of ``name`` (a fresh dict; views build their sliders from it)."""
    _check_name(name)
    return dict(DEFAULTS[name])


def _check_name(name):
    if not isinstance(name, str) or name not in DEFAULTS:
        raise ConfigError("optimizer", f"unknown {name!r}; choose one of: {', '.join(DEFAULTS)}")


def _check(name: str, hp: dict) -> dict:
    allowed = DEFAULTS[name]
    out = {}
    for key, value in hp.items():
        if key not in allowed:
            raise ConfigError(key, f"{name} has no hyperparameter {key!r}; it takes {', '.join(allowed)}")
        if isinstance(allowed[key], bool):
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
    allowed = "[0, 1)" if unit else "a finite number ≥ 0"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ConfigError(key, f"must be {allowed}, got {value!r}")
    try:
        value = float(value)
    except OverflowError:  # an int beyond any float
        value = math.inf
    if not math.isfinite(value):
        raise ConfigError(key, f"must be {allowed}, got {value!r}")
    if value < 0 or (unit and value >= 1):
        raise ConfigError(key, f"must be {allowed}, got {value:g}")
    return value


class Optimizer:
    """Validated hyperparameters, per-parameter state, ``update`` in place, state round trips.

    ``state[param][slot]`` holds torch's slot names ("momentum_buffer", "sum", "square_avg",
    "grad_avg", "exp_avg", "exp_avg_sq", "acc_delta", and an int "step" where the rule needs it).
    ``last_step[param]`` is after − before of the last update; it is reused by the next update, so
    copy it to keep it.
    """

    name = ""
    decoupled_weight_decay = False

    def __init__(self, **hp):
        self.hyperparams = dict(DEFAULTS[self.name])
        self.hyperparams.update(_check(self.name, hp))
        self._validate()
        self.state: dict[str, dict] = {}
        self.step_count = 0
        self.last_step: dict[str, np.ndarray] = {}
        self._scratch: dict[str, dict[str, np.ndarray]] = {}  # not state: nothing carries over

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
            g = self._gradient(key, p, g)
            before = self._tmp(key, p, "last_step")
            np.copyto(before, p)
            self._update_one(key, p, g)
            self.last_step[key] = np.subtract(p, before, out=before)

    def plain_lr(self) -> float | None:
        """lr when this update is p ← p − lr·g for every element alike, else None.

        Then a caller holding all parameters and gradients in two flat vectors may step them whole
        (two operations instead of several per parameter) and report it with :meth:`count_step`.
        """
        return None

    def count_step(self, last_step: dict):
        """Account for a plain step applied outside :meth:`update`: it counts, and ``last_step`` is its displacement."""
        self.step_count += 1
        self.last_step.update(last_step)

    def _gradient(self, key, p, g):
        """The gradient in p's dtype, plus torch's coupled weight decay (g + wd·p), never touching ``g``."""
        g = np.asarray(g)
        if g.shape != p.shape:
            raise ConfigError("grads", f"{key!r} has shape {g.shape}, its parameter {p.shape}")
        wd = self.hyperparams["weight_decay"]
        if wd and not self.decoupled_weight_decay:
            out = self._tmp(key, p, "grad")
            np.multiply(p, wd, out=out)
            np.add(out, g, out=out)
            return out
        if g.dtype != p.dtype:
            out = self._tmp(key, p, "grad")
            np.copyto(out, g)
            return out
        return g

    def _tmp(self, key, p, slot):
        """A scratch array like p, reused every step."""
        arrays = self._scratch.setdefault(key, {})
        a = arrays.get(slot)
        if a is None or a.shape != p.shape or a.dtype != p.dtype:
            a = arrays[slot] = np.empty_like(p)
        return a

    def _slots(self, key, p, *zeros) -> dict:
        """The state of one parameter, with the named slots present (zeros when new, as torch starts)."""
        slots = self.state.setdefault(key, {})
        for slot in zeros:
            if slot not in slots:
                slots[slot] = np.zeros_like(p)
        return slots

    def _update_one(self, key, p, g):
        raise NotImplementedError

    def state_dict(self) -> dict:
        """Plain data: name, hyperparameters (lists, JSON-able), step_count and copies of the state."""
        return {"name": self.name,
                "hyperparams": {k: list(v) if isinstance(v, tuple) else v for k, v in self.hyperparams.items()},
                "step_count": self.step_count,
                "state": {k: {s: v.copy() if isinstance(v, np.ndarray) else v for s, v in slots.items()}
                          for k, slots in self.state.items()}}

    def load_state_dict(self, d: dict):
        if d.get("name") != self.name:
            raise ConfigError("optimizer", f"state of {d.get('name')!r} cannot load into {self.name!r}")
        self.set_hyperparams(**d["hyperparams"])
        self.step_count = int(d["step_count"])
        self.state = {k: {s: _restore_slot(v) for s, v in slots.items()} for k, slots in d["state"].items()}
        self.last_step.clear()  # it described a step of the trajectory this state replaces


def _restore_slot(value):
    # step counters are ints, but a session file hands them back as 0-d arrays
    value = np.array(value, copy=True)
    return int(value) if value.ndim == 0 and value.dtype.kind in "iu" else value


class SGD(Optimizer):
    """torch.optim.SGD: b ← μb + (1−τ)g (b₁ = g), p ← p − lr·(g + μb if nesterov else b)."""

    name = "sgd"

    def _validate(self):
        h = self.hyperparams
        if h["nesterov"] and (h["momentum"] <= 0 or h["dampening"] != 0):
            raise ConfigError("nesterov", "needs momentum > 0 and dampening 0")

    def plain_lr(self) -> float | None:
        h = self.hyperparams
        return None if h["momentum"] or h["weight_decay"] else h["lr"]

    def _update_one(self, key, p, g):
        h = self.hyperparams
        mu = h["momentum"]
        tmp = self._tmp(key, p, "tmp")
        if mu:
            slots = self.state.setdefault(key, {})
            buf = slots.get("momentum_buffer")
            if buf is None:
                buf = slots["momentum_buffer"] = g.copy()
            else:
                buf *= mu
                if h["dampening"]:
                    np.multiply(g, 1 - h["dampening"], out=tmp)
                    buf += tmp
                else:
                    buf += g
            if h["nesterov"]:
                np.multiply(buf, mu, out=tmp)
                g = np.add(g, tmp, out=tmp)
            else:
                g = buf
        np.multiply(g, h["lr"], out=tmp)
        p -= tmp


class Momentum(SGD):
    name = "momentum"


class Nesterov(SGD):
    name = "nesterov"


class Adagrad(Optimizer):
    """torch.optim.Adagrad: sum ← sum + g², p ← p − clr·g/(√sum + eps), clr = lr/(1 + (t−1)·lr_decay)."""

    name = "adagrad"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        slots = self.state.get(key)
        if slots is None:
            slots = self.state[key] = {"sum": np.full_like(p, h["initial_accumulator_value"]), "step": 0}
        slots["step"] += 1
        clr = h["lr"] / (1 + (slots["step"] - 1) * h["lr_decay"])
        tmp = self._tmp(key, p, "tmp")
        total = slots["sum"]
        total += np.multiply(g, g, out=tmp)
        np.sqrt(total, out=tmp)
        tmp += h["eps"]
        np.divide(g, tmp, out=tmp)
        tmp *= clr
        p -= tmp


class RMSprop(Optimizer):
    """torch.optim.RMSprop: v ← αv + (1−α)g²; centred: v − ḡ² with ḡ the running mean; optional momentum.

    One deviation: centred, v − ḡ² is clipped at 0. It is ≥ 0 in exact arithmetic, but after a few
    thousand (nearly) equal gradients it is below rounding and can come out slightly negative, where
    torch's square root gives NaN; 0 keeps the step finite, as it is in exact arithmetic.
    """

    name = "rmsprop"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        a, momentum = h["alpha"], h["momentum"]
        slots = self._slots(key, p, "square_avg")
        tmp = self._tmp(key, p, "tmp")
        avg = slots["square_avg"]
        avg *= a
        np.multiply(g, g, out=tmp)
        tmp *= 1 - a
        avg += tmp
        if h["centered"]:
            grad_avg = self._slots(key, p, "grad_avg")["grad_avg"]
            grad_avg += np.multiply(np.subtract(g, grad_avg, out=tmp), 1 - a, out=tmp)  # torch's lerp
            np.multiply(grad_avg, grad_avg, out=tmp)
            np.subtract(avg, tmp, out=tmp)
            np.maximum(tmp, 0, out=tmp)
            np.sqrt(tmp, out=tmp)
        else:
            np.sqrt(avg, out=tmp)
        tmp += h["eps"]
        np.divide(g, tmp, out=tmp)
        if momentum > 0:
            buf = self._slots(key, p, "momentum_buffer")["momentum_buffer"]
            buf *= momentum
            buf += tmp
            np.multiply(buf, h["lr"], out=tmp)
        else:
            tmp *= h["lr"]
        p -= tmp


class Adam(Optimizer):
    """torch.optim.Adam: m, v moving averages; p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps).

    weight_decay is L2 (added to the gradient), as in torch's Adam.
    """

    name = "adam"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        lr, (beta1, beta2) = h["lr"], h["betas"]
        if self.decoupled_weight_decay and h["weight_decay"]:
            p *= 1 - lr * h["weight_decay"]
        slots = self._slots(key, p, "exp_avg", "exp_avg_sq")
        t = slots["step"] = slots.get("step", 0) + 1
        tmp = self._tmp(key, p, "tmp")
        m, v = slots["exp_avg"], slots["exp_avg_sq"]
        m += np.multiply(np.subtract(g, m, out=tmp), 1 - beta1, out=tmp)  # torch's lerp
        v *= beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - beta2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp /= math.sqrt(1 - beta2**t)
        tmp += h["eps"]
        np.divide(m, tmp, out=tmp)
        tmp *= lr / (1 - beta1**t)
        p -= tmp


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay, p ← p·(1 − lr·wd) before the step."""

    name = "adamw"
    decoupled_weight_decay = True


class Adadelta(Optimizer):
    """torch.optim.Adadelta: Δ = √(u + eps)/√(v + eps)·g; v, u running averages of g² and Δ²."""

    name = "adadelta"

    def _update_one(self, key, p, g):
        h = self.hyperparams
        rho, eps = h["rho"], h["eps"]
        slots = self._slots(key, p, "square_avg", "acc_delta")
        v, u = slots["square_avg"], slots["acc_delta"]
        std, delta = self._tmp(key, p, "tmp"), self._tmp(key, p, "delta")
        v *= rho
        np.multiply(g, g, out=std)
        std *= 1 - rho
        v += std
        np.sqrt(np.add(v, eps, out=std), out=std)
        np.sqrt(np.add(u, eps, out=delta), out=delta)
        delta /= std
        delta *= g
        u *= rho
        np.multiply(delta, delta, out=std)
        std *= 1 - rho
        u += std
        np.multiply(delta, h["lr"], out=std)
        p -= std


CLASSES = {c.name: c for c in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, AdamW, Adadelta)}


def make(name: str, **hp) -> Optimizer:
    """An optimizer by name with torch.optim's hyperparameter names; bad values raise ConfigError."""
    _check_name(name)
    return CLASSES[name](**hp)
