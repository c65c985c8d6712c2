"""Optimizer races on a 2-D surface: a pure stepper moving one point per optimizer, Qt-free.

Each runner is a point ``{"xy": array([x, y])}`` moved by ``optimizers.make(...).update`` — the very
objects that train networks. Every step records the point, its loss, the gradient there, the optimizer's
velocity and the displacement it actually applied (one row of floats), and a compact copy of the
optimizer's state, so ``back()`` returns exactly to the previous step and stepping again reproduces it.
A step costs a few hundred bytes per runner; a long race stays small.

All runners share one step count: a runner added mid-race catches up from the start on its own, a
runner that diverges stays at its last finite point (its later steps repeat it), so ``path[k]`` is
step k for everyone.

A runner may follow a learning-rate schedule (:mod:`visualnet.core.schedules`): before update k its
optimizer's lr is the schedule's lr_at(k) on the runner's lr; ReduceLROnPlateau sees the loss at every
point (the surface is exact, so every step is its epoch). ``back()`` restores the schedule's state too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from visualnet.core import optimizers, schedules, surfaces
from visualnet.core.errors import ConfigError

ESCAPE = 1e6  # a point this far out has left any surface worth drawing: it diverged
TEXTBOOK_STEPS = 30
TEXTBOOK_START = (-7.0, 2.0)
TEXTBOOK_ENTRIES = (("SGD", "sgd", {"lr": 0.95}, 0), ("Momentum", "momentum", {"lr": 0.1}, 1),
                    ("AdaGrad", "adagrad", {"lr": 1.5}, 2), ("Adam", "adam", {"lr": 0.3}, 3))


class _Rows:
    """A growable float table: append and pop a row in amortised O(1), read columns without copying."""

    def __init__(self, width: int):
        self._data = np.empty((64, width))
        self.size = 0

    def append(self, row):
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.empty_like(self._data)])
        self._data[self.size] = row
        self.size += 1

    def pop(self):
        self.size -= 1

    def clear(self):
        self.size = 0

    def last(self) -> np.ndarray:
        return self._data[self.size - 1].copy()

    def columns(self, cols) -> np.ndarray:
        view = self._data[: self.size, cols]
        view.flags.writeable = False
        return view


# one row per point: where it is, its loss, the gradient there, and the velocity and actual step of
# the update that led there (NaN at the start, and velocity NaN for optimizers without one)
_XY, _LOSS, _GRADIENT, _VELOCITY, _STEP = slice(0, 2), 2, slice(3, 5), slice(5, 7), slice(7, 9)
_NONE = (np.nan, np.nan)


@dataclass(eq=False)
class Runner:
    """One optimizer's point. Row k of ``path``, ``losses``, ``gradients``, ``velocities`` and
    ``actual_steps`` is step k (row 0 the start). They are read-only views that later steps and
    ``back()`` overwrite: copy what you keep."""

    label: str
    name: str
    hyperparams: dict  # as given; the live values are ``optimizer.hyperparams``
    color: int
    optimizer: optimizers.Optimizer
    diverged_at: int | None = None  # the step whose update left the finite box
    escape: tuple | None = None  # unit direction of that update, when it had one (for drawing it leave)
    schedule: schedules.Schedule | None = None  # sets the lr of each update; None: the lr stays
    _rows: _Rows = field(default_factory=lambda: _Rows(9), repr=False)
    _states: list = field(default_factory=list, repr=False)  # optimizer state at each point
    _schedule_states: list = field(default_factory=list, repr=False)  # (schedule, its state) at each point

    @property
    def path(self) -> np.ndarray:
        """(steps + 1, 2): the point after each step; a diverged runner repeats its last finite one."""
        return self._rows.columns(_XY)

    @property
    def losses(self) -> np.ndarray:
        return self._rows.columns(_LOSS)

    @property
    def gradients(self) -> np.ndarray:
        """∇f at each point: the gradient the next update uses."""
        return self._rows.columns(_GRADIENT)

    @property
    def velocities(self) -> np.ndarray:
        """The optimizer's velocity after each step (see :func:`velocity`), NaN where it has none."""
        return self._rows.columns(_VELOCITY)

    @property
    def actual_steps(self) -> np.ndarray:
        """The displacement each update applied (``opt.last_step``), NaN at the start, 0 once diverged."""
        return self._rows.columns(_STEP)

    @property
    def steps(self) -> int:
        return self._rows.size - 1

    @property
    def point(self) -> np.ndarray:
        """The current point (the last finite one of a diverged runner), a copy."""
        return self._rows.last()[_XY]


def velocity(optimizer: optimizers.Optimizer):
    """Where inertia pushes, as a displacement: −lr·momentum buffer (the book's v for SGD with
    momentum, and RMSprop's momentum), −lr·m̂ (bias-corrected first moment) for Adam; else None."""
    state = optimizer.state.get("xy", {})
    lr = optimizer.hyperparams["lr"]
    if "momentum_buffer" in state:
        v = -lr * state["momentum_buffer"]
    elif "exp_avg" in state:
        v = -lr * state["exp_avg"] / (1 - optimizer.hyperparams["betas"][0] ** state["step"])
    else:
        return None
    return float(v[0]), float(v[1])


def _snapshot(optimizer: optimizers.Optimizer, previous=None) -> tuple:
    """The optimizer's state compactly: (step_count, slot layout, values). A few hundred bytes, where a
    state_dict is a kilobyte; the layout object is shared with ``previous`` while it stays the same."""
    slots = optimizer.state.get("xy", {})
    layout = tuple((slot, None if np.ndim(value) == 0 else np.size(value)) for slot, value in slots.items())
    if previous is not None and previous[1] == layout:
        layout = previous[1]
    values = np.concatenate([np.ravel(value) for value in slots.values()]).astype(float) if slots else None
    return optimizer.step_count, layout, values


def _restore(optimizer: optimizers.Optimizer, snapshot: tuple):
    """Back to a snapshot's state; the live hyperparameters stay (they are what the sliders show)."""
    step_count, layout, values = snapshot
    slots, i = {}, 0
    for slot, size in layout:
        if size is None:  # a step counter
            slots[slot] = int(values[i])
            i += 1
        else:
            slots[slot] = values[i: i + size].copy()
            i += size
    optimizer.load_state_dict({"name": optimizer.name, "hyperparams": dict(optimizer.hyperparams),
                               "step_count": step_count, "state": {"xy": slots} if layout else {}})


class Race:
    """``Race(surface, entries, start)`` with entries ``(label, optimizer name, hyperparams[, colour])``."""

    def __init__(self, surface: surfaces.Surface, entries=(), start=None):
        self.surface = surface
        self.start = _finite_point(surface.start if start is None else start)
        self.runners: list[Runner] = []
        for entry in entries:
            self.add(*entry)

    @property
    def steps(self) -> int:
        return self.runners[0].steps if self.runners else 0

    # -- runners --------------------------------------------------------------------------------

    def add(self, label, name, hyperparams=None, color=None, schedule=None) -> Runner:
        """A new runner from the start; mid-race it catches up alone to the others' step. ``schedule`` is an
        experiment's schedule dict, e.g. ``{"name": "exponential", "gamma": 0.9}`` (None: a constant lr)."""
        hyperparams = dict(hyperparams or {})
        if color is None:
            color = max((r.color for r in self.runners), default=-1) + 1
        optimizer = optimizers.make(name, **hyperparams)
        runner = Runner(label, name, hyperparams, color, optimizer,
                        schedule=_schedule(schedule, optimizer.hyperparams["lr"]))
        steps = self.steps
        with np.errstate(all="ignore"):
            self._restart(runner)
            for _ in range(steps):
                self._advance(runner)
        self.runners.append(runner)
        return runner

    def remove(self, index: int):
        del self.runners[index]

    def set_hyperparams(self, index: int, **hp):
        """Live change (e.g. the lr slider): the optimizer keeps its state and the path goes on."""
        runner = self.runners[index]
        runner.optimizer.set_hyperparams(**hp)  # raises ConfigError and changes nothing on a bad value
        runner.hyperparams.update({k: runner.optimizer.hyperparams[k] for k in hp})
        schedule = runner.schedule
        if schedule is not None and "lr" in hp:  # the schedule's base lr is the runner's lr
            schedule.base_lr = runner.optimizer.hyperparams["lr"]
            if schedule.stateful:
                schedule.lr = schedule.base_lr

    def set_schedule(self, index: int, schedule: dict | None):
        """Live change of a runner's schedule: the next updates follow it; the path so far stays."""
        runner = self.runners[index]
        runner.schedule = _schedule(schedule, runner.optimizer.hyperparams["lr"] if runner.schedule is None
                                    else runner.schedule.base_lr)
        if runner.schedule is None:
            runner.optimizer.set_hyperparams(lr=runner.hyperparams.get("lr", optimizers.defaults(runner.name)["lr"]))

    def reset(self, start=None):
        """Every runner back to the start (a new one if given), with fresh optimizer state."""
        if start is not None:
            self.start = _finite_point(start)
        with np.errstate(all="ignore"):
            for runner in self.runners:
                self._restart(runner)

    def _restart(self, runner: Runner):
        runner.optimizer.reset()
        runner.diverged_at = runner.escape = None
        runner._rows.clear()
        runner._states = [_snapshot(runner.optimizer)]
        if runner.schedule is not None:
            runner.schedule = _schedule(runner.schedule.spec(), runner.schedule.base_lr)  # fresh state
        runner._schedule_states = [_schedule_snapshot(runner.schedule)]
        p = np.array(self.start)
        runner._rows.append([*p, self.surface.value_xy(p), *self.surface.grad_xy(p), *_NONE, *_NONE])

    # -- stepping -------------------------------------------------------------------------------

    def step(self):
        """Every runner moves one optimizer update; a diverged one stays at its last finite point."""
        with np.errstate(all="ignore"):
            for runner in self.runners:
                self._advance(runner)

    def run(self, n: int):
        for _ in range(n):
            self.step()

    def _advance(self, runner: Runner):
        row = runner._rows.last()
        if runner.diverged_at is None:
            start, g = row[_XY], row[_GRADIENT]
            p = start.copy()
            if np.all(np.isfinite(g)):
                schedule = runner.schedule
                if schedule is not None:
                    runner.optimizer.hyperparams["lr"] = schedule.lr_at(runner.steps)
                runner.optimizer.update({"xy": p}, {"xy": g})
                loss = self.surface.value_xy(p)
                if np.all(np.isfinite(p)) and np.isfinite(loss) and np.abs(p).max() <= ESCAPE:
                    v = velocity(runner.optimizer)
                    runner._rows.append([*p, loss, *self.surface.grad_xy(p), *(_NONE if v is None else v),
                                         *runner.optimizer.last_step["xy"]])
                    runner._states.append(_snapshot(runner.optimizer, runner._states[-1]))
                    if schedule is not None:
                        schedule.observe(loss)
                    runner._schedule_states.append(_schedule_snapshot(schedule))
                    return
                runner.escape = _direction(p - start)
            runner.diverged_at = runner.steps + 1
            _restore(runner.optimizer, runner._states[-1])  # the last finite point's, not the one that left
        row[_STEP] = 0.0  # it stays where it is
        runner._rows.append(row)
        runner._states.append(runner._states[-1])
        runner._schedule_states.append(runner._schedule_states[-1])

    def back(self) -> bool:
        """Exactly one step back for every runner: point, records and optimizer state. The live
        hyperparameters stay as they are now (they are what the sliders show). False at the start."""
        if self.steps == 0:
            return False
        for runner in self.runners:
            runner._rows.pop()
            runner._states.pop()
            _restore(runner.optimizer, runner._states[-1])
            runner._schedule_states.pop()
            schedule, state = runner._schedule_states[-1]
            if schedule is not None and schedule is runner.schedule:  # a schedule changed since is kept, as lr is
                schedule.load_state_dict(state)
            if runner.diverged_at is not None and runner.diverged_at > runner.steps:
                runner.diverged_at = runner.escape = None
        return True

    # -- what views draw --------------------------------------------------------------------------

    def arrows(self, index: int) -> dict:
        """At the runner's current point: −∇f there, the velocity the optimizer carries, and the last
        actual step; None where there is none (no step yet, no velocity in this optimizer)."""
        row = self.runners[index]._rows.last()

        def vector(v):
            return v if np.all(np.isfinite(v)) else None

        return {"gradient": vector(-row[_GRADIENT]), "velocity": vector(row[_VELOCITY]),
                "step": vector(row[_STEP])}


def textbook_preset(steps: int = TEXTBOOK_STEPS) -> Race:
    """The book's figure: x²/20 + y² from (−7, 2) — SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3 —
    run ``steps`` steps (30, as in the book)."""
    race = Race(surfaces.get("textbook"), TEXTBOOK_ENTRIES, TEXTBOOK_START)
    race.run(steps)
    return race


def _schedule(spec, base_lr):
    """A runner's schedule from a schedule dict (None or constant: none), on its lr."""
    schedule = None if spec is None else schedules.from_spec(spec, base_lr)
    return None if schedule is None or schedule.name == "constant" else schedule


def _schedule_snapshot(schedule) -> tuple:
    return schedule, None if schedule is None else schedule.state_dict()


def _finite_point(point) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in point)
    except (TypeError, ValueError):
        raise ConfigError("start", f"must be a point (x, y), got {point!r}") from None
    if not (np.isfinite(x) and np.isfinite(y)):
        raise ConfigError("start", f"must be a finite point, got ({x}, {y})")
    return x, y


def _direction(d: np.ndarray):
    """The unit vector of a step that left the box; None if it has no finite direction."""
    d = np.where(np.isfinite(d), d, np.sign(d))  # ±inf components still say which way
    norm = np.hypot(d[0], d[1])
    if not np.isfinite(norm) or norm == 0:
        return None
    return float(d[0] / norm), float(d[1] / norm)
