"""Optimizer races on a 2-D surface: a pure stepper over several core optimizers moving points.

Each runner is a point ``{"xy": array([x, y])}`` moved by ``optimizers.make(...).update`` — the very
objects that train networks. Every step is kept (positions and optimizer state), so ``back()`` returns
exactly to the previous step and stepping again reproduces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from visualnet.core import optimizers, surfaces
from visualnet.core.errors import ConfigError

ESCAPE = 1e6  # a point this far out has left any surface worth drawing: it diverged


@dataclass
class Runner:
    label: str
    name: str
    hyperparams: dict
    color: int
    optimizer: optimizers.Optimizer = None
    path: list = field(default_factory=list)  # (x, y) per step, path[0] = start
    losses: list = field(default_factory=list)
    gradients: list = field(default_factory=list)
    states: list = field(default_factory=list)  # optimizer state_dict before each step
    diverged_at: int | None = None

    @property
    def point(self) -> np.ndarray:
        return np.array(self.path[-1])


class Race:
    def __init__(self, surface: surfaces.Surface, entries=(), start=None):
        self.surface = surface
        self.start = tuple(start if start is not None else surface.start)
        self.runners: list[Runner] = []
        for entry in entries:
            self.add(*entry)

    # -- runners --------------------------------------------------------------------------------

    def add(self, label, name, hyperparams=None, color=None) -> Runner:
        runner = Runner(label, name, dict(hyperparams or {}), len(self.runners) if color is None else color)
        runner.optimizer = optimizers.make(name, **runner.hyperparams)
        self._restart(runner)
        self.runners.append(runner)
        return runner

    def remove(self, index: int):
        del self.runners[index]

    def set_hyperparams(self, index: int, **hp):
        """Live change (e.g. the lr slider): the optimizer keeps its state and the path goes on."""
        runner = self.runners[index]
        runner.optimizer.set_hyperparams(**hp)
        runner.hyperparams.update(hp)

    def _restart(self, runner):
        runner.optimizer.reset()
        runner.path = [self.start]
        with np.errstate(all="ignore"):
            runner.losses = [float(self.surface.f(*self.start))]
        runner.gradients, runner.states = [], []
        runner.diverged_at = None

    def reset(self, start=None):
        if start is not None:
            self.start = (float(start[0]), float(start[1]))
        for runner in self.runners:
            self._restart(runner)

    @property
    def steps(self) -> int:
        return max((len(r.path) - 1 for r in self.runners), default=0)

    # -- stepping -------------------------------------------------------------------------------

    def step(self):
        """Every runner that has not diverged moves one optimizer update."""
        with np.errstate(all="ignore"):
            for runner in self.runners:
                if runner.diverged_at is not None:
                    runner.path.append(runner.path[-1])  # stays put, so paths stay aligned with steps
                    runner.losses.append(runner.losses[-1])
                    runner.gradients.append((0.0, 0.0))
                    runner.states.append(runner.optimizer.state_dict())
                    continue
                p = np.array(runner.path[-1], dtype=float)
                g = self.surface.grad_xy(p)
                runner.states.append(runner.optimizer.state_dict())
                runner.gradients.append((float(g[0]), float(g[1])))
                if not np.all(np.isfinite(g)):
                    self._diverge(runner)
                    continue
                params = {"xy": p}
                runner.optimizer.update(params, {"xy": g})
                loss = float(self.surface.f(p[0], p[1]))
                if not (np.all(np.isfinite(p)) and np.isfinite(loss)) or np.abs(p).max() > ESCAPE:
                    self._diverge(runner)
                    continue
                runner.path.append((float(p[0]), float(p[1])))
                runner.losses.append(loss)

    def _diverge(self, runner):
        runner.diverged_at = len(runner.path)
        runner.path.append(runner.path[-1])
        runner.losses.append(runner.losses[-1])

    def back(self):
        """Exactly one step back for every runner (positions and optimizer state)."""
        for runner in self.runners:
            if len(runner.path) <= 1:
                continue
            runner.path.pop()
            runner.losses.pop()
            runner.gradients.pop()
            runner.optimizer.load_state_dict(runner.states.pop())
            if runner.diverged_at is not None and len(runner.path) <= runner.diverged_at:
                runner.diverged_at = None

    def run(self, n: int):
        for _ in range(n):
            self.step()

    # -- what views draw --------------------------------------------------------------------------

    def arrows(self, index: int) -> dict:
        """At the runner's current point: −gradient, the momentum/velocity buffer, and the last actual step."""
        runner = self.runners[index]
        p = runner.point
        with np.errstate(all="ignore"):
            g = self.surface.grad_xy(p)
        state = runner.optimizer.state.get("xy", {})
        velocity = None
        for key in ("momentum_buffer", "exp_avg"):
            if key in state:
                velocity = -np.asarray(state[key], dtype=float) * runner.optimizer.hyperparams.get("lr", 1.0)
        last = None
        if len(runner.path) > 1:
            last = np.subtract(runner.path[-1], runner.path[-2])
        return {"gradient": -g, "velocity": velocity, "step": last}


TEXTBOOK_ENTRIES = (("SGD", "sgd", {"lr": 0.95}), ("Momentum", "momentum", {"lr": 0.1}),
                    ("AdaGrad", "adagrad", {"lr": 1.5}), ("Adam", "adam", {"lr": 0.3}))


def textbook_preset() -> Race:
    """The book's figure: x²/20 + y² from (−7, 2), SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3."""
    return Race(surfaces.get("textbook"), TEXTBOOK_ENTRIES, (-7.0, 2.0))


def check_start(x, y):
    if not (np.isfinite(x) and np.isfinite(y)):
        raise ConfigError("start", "must be a finite point")
    return float(x), float(y)
