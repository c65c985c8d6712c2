"""The training loop: mini-batches, bounded history, determinism per seed and divergence handling."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import trace as tr
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network


class BoundedSeries:
    """A history that never grows past ``capacity`` points: when full, every other old point is dropped
    and the stride doubles.

    So a run of a million steps keeps an evenly thinned picture of its whole past in fixed memory. The
    training history and the landscape's parameter trajectory both thin this way.
    """

    def __init__(self, capacity: int = 2000):
        self.capacity = capacity
        self.steps: list[int] = []
        self.values: list = []
        self.stride = 1

    def append(self, step: int, value):
        """Keep ``value`` if at least ``stride`` steps passed since the last kept one (steps may skip)."""
        if self.steps and step - self.steps[-1] < self.stride:
            return
        self.steps.append(step)
        self.values.append(value)
        if len(self.steps) > self.capacity:
            self.steps = self.steps[::2]
            self.values = self.values[::2]
            self.stride *= 2

    def __len__(self):
        return len(self.steps)

    def arrays(self):
        return np.asarray(self.steps), np.asarray(self.values, dtype=float)

    def last(self):
        return self.values[-1] if self.values else None

    def state(self) -> dict:
        return {"capacity": self.capacity, "steps": list(self.steps),
                "values": [v if np.isscalar(v) else list(v) for v in self.values], "stride": self.stride}

    @classmethod
    def from_state(cls, d):
        s = cls(d["capacity"])
        s.steps, s.values, s.stride = list(d["steps"]), list(d["values"]), d["stride"]
        return s


@dataclass
class History:
    """Per-step train loss, gradient norms, mean |δ| and dead fractions; evaluated metrics every few steps."""

    train_loss: BoundedSeries = field(default_factory=BoundedSeries)  # the mini-batch's loss, every step
    train_eval_loss: BoundedSeries = field(default_factory=BoundedSeries)  # the whole training set's
    test_loss: BoundedSeries = field(default_factory=BoundedSeries)
    train_accuracy: BoundedSeries = field(default_factory=BoundedSeries)
    test_accuracy: BoundedSeries = field(default_factory=BoundedSeries)
    grad_norms: BoundedSeries = field(default_factory=BoundedSeries)  # values: one norm per weighted layer
    mean_abs_delta: BoundedSeries = field(default_factory=BoundedSeries)
    dead_fraction: BoundedSeries = field(default_factory=BoundedSeries)

    def series(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Divergence:
    step: int
    reason: str

    @property
    def message(self):
        return f"diverged at step {self.step} — {self.reason}"


class Trainer:
    """Owns the loop: ``step()`` and ``run(n)``.

    Batches come from a seeded generator (``sampling="shuffle"`` walks epochs without replacement;
    ``"replace"`` draws each batch with replacement like the textbook). ``eval_every`` sets how often
    the full train/test metrics are computed (the per-batch loss is recorded every step).
    """

    def __init__(self, net: Network, optimizer, x_train, t_train, x_test=None, t_test=None,
                 batch_size: int = 32, seed: int = 0, sampling: str = "shuffle", eval_every: int = 10,
                 record_summaries: bool = True):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError("batch_size", f"must be a positive integer, got {batch_size!r}")
        if sampling not in ("shuffle", "replace"):
            raise ConfigError("sampling", "must be 'shuffle' or 'replace'")
        if len(x_train) == 0:
            raise ConfigError("x_train", "the training set is empty")
        self.net, self.optimizer = net, optimizer
        self.x_train = net._prepare_x(x_train)
        self.t_train = np.asarray(t_train)
        self.x_test = None if x_test is None or len(x_test) == 0 else net._prepare_x(x_test)
        self.t_test = None if t_test is None else np.asarray(t_test)
        self.batch_size = min(batch_size, len(self.x_train))
        self.sampling, self.eval_every = sampling, eval_every
        self.record_summaries = record_summaries
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.step_count = 0
        self.epoch = 0
        self._order = None
        self._cursor = 0
        self.history = History()
        self.divergence: Divergence | None = None
        self._last_finite = net.copy_params()

    # -- batches ---------------------------------------------------------------------------------

    def next_batch_indices(self) -> np.ndarray:
        n = len(self.x_train)
        if self.sampling == "replace":
            return self.rng.integers(0, n, self.batch_size)
        if self._order is None or self._cursor + self.batch_size > n:
            if self._order is not None:
                self.epoch += 1
            self._order = self.rng.permutation(n)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return idx

    # -- stepping -----------------------------------------------------------------------------

    def step(self, record: bool = False) -> tr.Trace | None:
        """One mini-batch update. With ``record`` returns its full :class:`Trace`; else None.

        After divergence it does nothing (call :meth:`clear_divergence` after fixing the cause).
        """
        if self.divergence is not None:
            return None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return self._step(record)

    def _step(self, record):
        idx = self.next_batch_indices()
        xb, tb = self.x_train[idx], self.t_train[idx]
        events = [] if record else None
        net = self.net
        grads = net.gradient(xb, tb, recorder=events, summaries=True)
        loss = net.last_loss
        norms = [s["grad_norm"] for s in net.last_summaries if s is not None]
        if not math.isfinite(loss) or not all(math.isfinite(n) for n in norms):
            if not _all_finite(net.params.values()):  # only after an unforeseen overflow
                net.set_params(self._last_finite)
            self._diverge(self.step_count + 1, "the loss" if not math.isfinite(loss) else "a gradient")
            return None
        # finite weights and gradients give finite new weights unless the step itself overflows,
        # which needs a huge lr·‖g‖: only then (and every 100 steps, as a fallback) is a copy kept
        lr = self.optimizer.hyperparams.get("lr", 1.0)
        risky = record or lr * (1.0 + max(norms, default=0.0)) > 1e6 or self.step_count % 100 == 0
        if risky:
            for name, value in net.params.items():
                np.copyto(self._last_finite[name], value)
        self.optimizer.update(net.params, grads)
        self.step_count += 1
        if risky and not _all_finite(net.params.values()):
            net.set_params(self._last_finite)
            self._diverge(self.step_count, "a weight")
            return None
        self._record(loss)
        if record:
            for name, value in net.params.items():
                events.append(tr.update_event(net.layer_of_param(name), name, self._last_finite[name], value))
            return tr.Trace(self.step_count, tuple(events), xb.copy(), np.array(tb), idx.copy())
        return None

    def preview(self, xb, tb, indices=None) -> tr.Trace:
        """Forward, loss and backward of a batch at the current weights, without updating them."""
        events = []
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            self.net.gradient(xb, tb, recorder=events)
        params = {k: tr._frozen_copy(v) for k, v in self.net.params.items()}
        return tr.Trace(self.step_count, tuple(events), np.array(xb), np.array(tb),
                        None if indices is None else np.array(indices), params)

    def _diverge(self, step, what):
        self.optimizer.reset()
        lr = self.optimizer.hyperparams.get("lr")
        cause = "learning rate too high?" if lr is None else f"learning rate {lr:g} too high?"
        self.divergence = Divergence(step, f"{what} became NaN or infinite; {cause}")

    def clear_divergence(self):
        self.divergence = None

    def _record(self, loss):
        s = self.step_count
        h = self.history
        h.train_loss.append(s, loss)
        if self.record_summaries:
            summ = [x for x in self.net.last_summaries if x is not None]
            h.grad_norms.append(s, [x["grad_norm"] for x in summ])
            h.mean_abs_delta.append(s, [x["mean_abs_delta"] for x in summ])
            h.dead_fraction.append(s, [x["dead_fraction"] for x in summ])
        if self.eval_every and s % self.eval_every == 0:
            self.evaluate()

    def evaluate(self) -> dict:
        """Full-set metrics now; recorded in the history at the current step."""
        s = self.step_count
        out = {}
        net = self.net
        out["train_loss"] = net.loss(self.x_train, self.t_train)
        out["train_accuracy"] = net.accuracy(self.x_train, self.t_train)
        if self.x_test is not None:
            out["test_loss"] = net.loss(self.x_test, self.t_test)
            out["test_accuracy"] = net.accuracy(self.x_test, self.t_test)
        h = self.history
        h.train_eval_loss.append(s, out["train_loss"])
        for key in ("test_loss", "train_accuracy", "test_accuracy"):
            if key in out:
                getattr(h, key).append(s, out[key])
        return out

    def run(self, n: int) -> int:
        """Up to ``n`` steps; returns how many ran (fewer when the run diverges)."""
        done = 0
        for _ in range(n):
            if self.divergence is not None:
                break
            self.step()
            if self.divergence is None:
                done += 1
        return done


def _all_finite(arrays) -> bool:
    # a non-finite element makes the sum non-finite: one cheap pass per array
    with np.errstate(all="ignore"):
        return all(math.isfinite(float(a.sum())) for a in arrays)
