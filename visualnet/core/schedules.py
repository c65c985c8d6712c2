"""Learning-rate schedules with ``torch.optim.lr_scheduler``'s names, hyperparameters and numbers.

A schedule turns the optimizer's lr (the *base* lr, as the experiment states it) into the lr of each
training step. The trainer and the optimizer race set the optimizer's lr from it before every update,
so the optimizer's lr is always the one the next step uses — as a torch scheduler leaves it::

    s = schedules.make("cosine", base_lr=0.1, T_max=1000)
    s.lr_at(0), s.lr_at(500)        # 0.1, 0.05
    s.curve(1000)                   # lr of steps 0 … 999, for plots and the settings panel's preview

Steps count training steps (torch schedulers stepped once per ``optimizer.step()``), from the start of
the run: a schedule is a function of the trainer's step count, so a session at step k has one lr, a saved
and reopened session continues on the same curve, and the curve lines up with the loss curve's x axis.

Closed forms, k the step (torch's documentation; its ``get_lr`` reaches the same numbers recursively):

- ``constant``:          lr = base
- ``step`` (StepLR):     lr = base · γ^⌊k / step_size⌋
- ``exponential``:       lr = base · γ^k
- ``cosine`` (CosineAnnealingLR): lr = η_min + (base − η_min)·(1 + cos(π·k / T_max))/2 — periodic past
  T_max, as torch's is
- ``warmup_linear`` (LinearLR): lr = base · (s + (e − s)·min(k, total_iters)/total_iters)
- ``reduce_on_plateau`` (ReduceLROnPlateau, mode "min"): stateful — stepped once per epoch with the mean
  training loss of its steps (:meth:`Schedule.observe` takes each step's); after more than ``patience``
  epochs without a loss below best·(1 − threshold) ("rel") or best − threshold ("abs"),
  lr ← max(lr·factor, min_lr) when that changes it by more than eps, then ``cooldown`` epochs without counting.

Defaults are torch's; torch has none for StepLR's step_size, ExponentialLR's gamma and CosineAnnealingLR's
T_max, so here they are 100, 0.99 and 1000 steps.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from visualnet.core.config import shown
from visualnet.core.errors import ConfigError

DEFAULTS = {
    "constant": {},
    "step": {"step_size": 100, "gamma": 0.1},
    "exponential": {"gamma": 0.99},
    "cosine": {"T_max": 1000, "eta_min": 0.0},
    "warmup_linear": {"start_factor": 1 / 3, "end_factor": 1.0, "total_iters": 5},
    "reduce_on_plateau": {"factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": "rel",
                          "cooldown": 0, "min_lr": 0.0, "eps": 1e-8},
}
DESCRIPTIONS = {
    "constant": "The same learning rate at every step.",
    "step": "Multiply the learning rate by γ every step_size steps (torch's StepLR).",
    "exponential": "Multiply the learning rate by γ at every step (torch's ExponentialLR).",
    "cosine": "Half a cosine from the learning rate down to η_min over T_max steps (torch's CosineAnnealingLR).",
    "warmup_linear": "Grow (or shrink) the learning rate linearly from start_factor·lr to end_factor·lr over "
                     "total_iters steps (torch's LinearLR).",
    "reduce_on_plateau": "Multiply the learning rate by factor when the epoch's training loss has not improved "
                         "for patience epochs (torch's ReduceLROnPlateau).",
}
FORMULAS = {  # symbols only, the same in every language
    "constant": "lr(k) = lr",
    "step": "lr(k) = lr · γ^⌊k / step_size⌋",
    "exponential": "lr(k) = lr · γ^k",
    "cosine": "lr(k) = η_min + (lr − η_min)·(1 + cos(π·k / T_max)) / 2",
    "warmup_linear": "lr(k) = lr · (s + (e − s)·min(k, n) / n)",
    "reduce_on_plateau": "lr ← max(lr·factor, min_lr)",  # when: the description says it in words
}
TORCH_NAMES = {"step": "StepLR", "exponential": "ExponentialLR", "cosine": "CosineAnnealingLR",
               "warmup_linear": "LinearLR", "reduce_on_plateau": "ReduceLROnPlateau"}
THRESHOLD_MODES = ("rel", "abs")
MAX_STEPS = 10**9  # a step count a schedule may name (step_size, T_max, patience, …)


def names() -> tuple[str, ...]:
    return tuple(DEFAULTS)


def defaults(name: str) -> dict:
    """Default hyperparameters of ``name`` (a fresh dict)."""
    _check_name(name)
    return dict(DEFAULTS[name])


def _check_name(name):
    if not isinstance(name, str) or name not in DEFAULTS:
        raise ConfigError("name", f"unknown schedule {shown(name)}; choose one of: {', '.join(DEFAULTS)}")


def _real(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _steps(key, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= MAX_STEPS:
        raise ConfigError(key, f"must be a whole number of steps from {low} to {MAX_STEPS:,}, got {shown(value)}")
    return int(value)


def _number(key, value, low, high, low_open=False, high_open=False):
    """A finite number in the interval; the message states the interval as the user should read it."""
    lo = "(" if low_open else "["
    hi = ")" if high_open else "]"
    interval = f"{lo}{low:g}, {'∞' if high == math.inf else f'{high:g}'}{hi}"
    if not _real(value):
        raise ConfigError(key, f"must be a finite number in {interval}, got {shown(value)}")
    v = float(value)
    if v < low or (low_open and v == low) or v > high or (high_open and v == high):
        raise ConfigError(key, f"must be in {interval}, got {v:g}")
    return v


_CHECKS = {
    "step_size": lambda v: _steps("step_size", v, 1),
    "gamma": lambda v: _number("gamma", v, 0.0, 1.0, low_open=True),
    "T_max": lambda v: _steps("T_max", v, 1),
    "eta_min": lambda v: _number("eta_min", v, 0.0, math.inf),
    "start_factor": lambda v: _number("start_factor", v, 0.0, 1.0, low_open=True),
    "end_factor": lambda v: _number("end_factor", v, 0.0, 1.0),
    "total_iters": lambda v: _steps("total_iters", v, 1),
    "factor": lambda v: _number("factor", v, 0.0, 1.0, high_open=True),
    "patience": lambda v: _steps("patience", v, 0),
    "threshold": lambda v: _number("threshold", v, 0.0, math.inf),
    "cooldown": lambda v: _steps("cooldown", v, 0),
    "min_lr": lambda v: _number("min_lr", v, 0.0, math.inf),
    "eps": lambda v: _number("eps", v, 0.0, math.inf),
}


def _threshold_mode(value):
    if not isinstance(value, str) or value not in THRESHOLD_MODES:
        raise ConfigError("threshold_mode", f"must be one of {', '.join(THRESHOLD_MODES)}, got {shown(value)}")
    return value


def check(name: str, **hp) -> dict:
    """Every hyperparameter of ``name`` (defaults filled in), checked; ConfigError names the bad one."""
    _check_name(name)
    allowed = DEFAULTS[name]
    out = dict(allowed)
    for key, value in hp.items():
        if key not in allowed:
            takes = ", ".join(allowed) or "no hyperparameters"
            raise ConfigError(key, f"the {name} schedule has no hyperparameter {shown(key)}; it takes {takes}")
        out[key] = _threshold_mode(value) if key == "threshold_mode" else _CHECKS[key](value)
    return out


class Schedule:
    """lr of each step for one base lr. ``observe(loss)`` after each step (only ReduceLROnPlateau uses it)."""

    name = ""
    stateful = False

    def __init__(self, base_lr: float = 1.0, **hp):
        self.hyperparams = check(self.name, **hp)
        self.base_lr = _number("lr", base_lr, 0.0, math.inf)

    def spec(self) -> dict:
        """The experiment's form: ``{"name": ..., **hyperparameters}``."""
        return {"name": self.name, **self.hyperparams}

    def lr_at(self, step: int) -> float:
        return self.base_lr * self._factor(step)

    def curve(self, steps: int) -> np.ndarray:
        """lr of steps 0 … steps − 1 (float64), equal to :meth:`lr_at` up to rounding.

        Value k is the lr of the (k + 1)-th update, which the trainer's history and loss curve put at step k + 1.
        """
        k = np.arange(max(int(steps), 0), dtype=np.float64)
        return self.base_lr * self._factors(k)

    def observe(self, loss: float):
        """Take the training loss of the step just done (a no-op unless the schedule reacts to it)."""

    def state_dict(self) -> dict:
        """What changes while training (plain JSON-able data); empty for the closed-form schedules."""
        return {}

    def load_state_dict(self, state: dict):
        if state:
            raise ConfigError("schedule", f"the {self.name} schedule keeps no state, got {shown(state)}")

    def _factor(self, step: int) -> float:
        return 1.0

    def _factors(self, k: np.ndarray) -> np.ndarray:
        return np.ones_like(k)


class Constant(Schedule):
    name = "constant"


class Step(Schedule):
    """torch's StepLR: lr·γ^⌊k/step_size⌋."""

    name = "step"

    def _factor(self, step):
        h = self.hyperparams
        return h["gamma"] ** (step // h["step_size"])

    def _factors(self, k):
        h = self.hyperparams
        return np.power(h["gamma"], np.floor_divide(k, h["step_size"]))


class Exponential(Schedule):
    """torch's ExponentialLR: lr·γ^k."""

    name = "exponential"

    def _factor(self, step):
        return self.hyperparams["gamma"] ** step

    def _factors(self, k):
        return np.power(self.hyperparams["gamma"], k)


class Cosine(Schedule):
    """torch's CosineAnnealingLR: η_min + (lr − η_min)(1 + cos(πk/T_max))/2."""

    name = "cosine"

    def lr_at(self, step):
        h = self.hyperparams
        eta_min = h["eta_min"]
        return eta_min + (self.base_lr - eta_min) * (1 + math.cos(math.pi * step / h["T_max"])) / 2

    def curve(self, steps):
        h = self.hyperparams
        k = np.arange(max(int(steps), 0), dtype=np.float64)
        eta_min = h["eta_min"]
        return eta_min + (self.base_lr - eta_min) * (1 + np.cos(np.pi * k / h["T_max"])) / 2


class WarmupLinear(Schedule):
    """torch's LinearLR: lr·(s + (e − s)·min(k, n)/n)."""

    name = "warmup_linear"

    def _factor(self, step):
        h = self.hyperparams
        s, e, n = h["start_factor"], h["end_factor"], h["total_iters"]
        return s + (e - s) * min(step, n) / n

    def _factors(self, k):
        h = self.hyperparams
        s, e, n = h["start_factor"], h["end_factor"], h["total_iters"]
        return s + (e - s) * np.minimum(k, n) / n


class ReduceOnPlateau(Schedule):
    """torch's ReduceLROnPlateau in mode "min", stepped once per epoch with the epoch's mean training loss.

    :meth:`observe` takes every step's (mini-batch) loss and steps the torch rule with their mean every
    ``period`` steps — the trainer sets it to the steps of one epoch, ⌈N/batch⌉, so ``patience`` counts epochs
    as in torch's usual use and the noise of single batches does not cut the lr; the optimizer race (exact
    losses) steps it every step. Its lr depends on the losses seen, not on the step: :meth:`lr_at` is the
    current lr for any step and :meth:`curve` draws it flat (the trainer's history records the lr each step
    really had).
    """

    name = "reduce_on_plateau"
    stateful = True
    STATE_KEYS = ("lr", "best", "num_bad_epochs", "cooldown_counter", "loss_sum", "loss_count")

    def __init__(self, base_lr: float = 1.0, **hp):
        super().__init__(base_lr, **hp)
        self.period = 1
        self.lr = self.base_lr
        self.best = math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.loss_sum, self.loss_count = 0.0, 0

    def lr_at(self, step):
        return self.lr

    def curve(self, steps):
        return np.full(max(int(steps), 0), self.lr)

    def _better(self, loss) -> bool:
        h = self.hyperparams
        if h["threshold_mode"] == "rel":
            return loss < self.best * (1 - h["threshold"])
        return loss < self.best - h["threshold"]

    def observe(self, loss):
        self.loss_sum += float(loss)
        self.loss_count += 1
        if self.loss_count >= self.period:
            mean = self.loss_sum / self.loss_count
            self.loss_sum, self.loss_count = 0.0, 0
            self.step(mean)

    def step(self, metric: float):
        """One step of torch's rule with ``metric`` (its ``scheduler.step(metric)``)."""
        h = self.hyperparams
        if self._better(metric):
            self.best = metric
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > h["patience"]:
            new = max(self.lr * h["factor"], h["min_lr"])
            if self.lr - new > h["eps"]:
                self.lr = new
            self.cooldown_counter = h["cooldown"]
            self.num_bad_epochs = 0

    def state_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.STATE_KEYS}

    def load_state_dict(self, state: dict):
        """Continue from ``state``; ConfigError naming the field for anything a run could not have reached."""
        if not isinstance(state, dict) or set(state) != set(self.STATE_KEYS):
            raise ConfigError("schedule", f"a reduce_on_plateau state holds exactly {', '.join(self.STATE_KEYS)}, "
                                          f"got {shown(state)}")
        lr = _number("lr", state["lr"], 0.0, math.inf)
        best = state["best"]
        if isinstance(best, bool) or not isinstance(best, numbers.Real) or math.isnan(best) or best == -math.inf:
            raise ConfigError("best", f"must be a number or +∞ (no loss seen yet), got {shown(best)}")
        bad = _steps("num_bad_epochs", state["num_bad_epochs"], 0)
        cooldown = _steps("cooldown_counter", state["cooldown_counter"], 0)
        loss_sum = state["loss_sum"]
        if isinstance(loss_sum, bool) or not isinstance(loss_sum, numbers.Real) or math.isnan(loss_sum):
            raise ConfigError("loss_sum", f"must be a number, got {shown(loss_sum)}")
        count = _steps("loss_count", state["loss_count"], 0)
        self.lr, self.best, self.num_bad_epochs, self.cooldown_counter = lr, float(best), bad, cooldown
        self.loss_sum, self.loss_count = float(loss_sum), count


CLASSES = {c.name: c for c in (Constant, Step, Exponential, Cosine, WarmupLinear, ReduceOnPlateau)}


def make(name: str = "constant", base_lr: float = 1.0, **hp) -> Schedule:
    """A schedule by name with torch's hyperparameter names; bad values raise ConfigError naming the field."""
    _check_name(name)
    return CLASSES[name](base_lr, **hp)


def from_spec(spec: dict | None, base_lr: float = 1.0) -> Schedule:
    """The schedule an experiment's ``"schedule"`` dict describes (None: constant)."""
    if spec is None:
        return Constant(base_lr)
    if not isinstance(spec, dict) or "name" not in spec:
        raise ConfigError("schedule", f"must be a dict with a 'name', e.g. {{'name': 'cosine', 'T_max': 1000}}, "
                                      f"got {shown(spec)}")
    return make(spec["name"], base_lr, **{k: v for k, v in spec.items() if k != "name"})
