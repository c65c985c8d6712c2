"""The training loop: mini-batches, bounded history, determinism per seed and divergence handling.

When training fails the trainer says why it thinks so: a divergence (NaN or ∞) names the likely cause
— non-finite data, an activation that is undefined for some inputs, eps 0, a weight decay or L2 that
outweighs the step, or too large a learning-rate step — and a loss that grows by orders of magnitude
while staying finite raises a :attr:`Trainer.warning` without stopping anything.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import fastpath, optimizers, recurrent
from visualnet.core import trace as tr
from visualnet.core.config import MAX_ABS_VALUE
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

    def copy(self) -> BoundedSeries:
        """A copy that later appends leave alone (its values are never changed in place, only appended)."""
        series = BoundedSeries(self.capacity)
        series.steps, series.values, series.stride = list(self.steps), list(self.values), self.stride
        return series

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
    lr: BoundedSeries = field(default_factory=BoundedSeries)  # the lr each step used, while a schedule sets it

    def series(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Divergence:
    step: int
    reason: str

    @property
    def message(self):
        return f"diverged at step {self.step} — {self.reason}"


EVAL_CHUNK_BYTES = 32 * 2**20  # a whole-set evaluation holds at most this much per layer output at once
BLOWUP_RATIO = 1e3  # a finite loss this many times the best one so far ...
BLOWUP_LEVEL = 1e2  # ... and above this absolute level: training is blowing up (warn, do not stop)
RECOVERED_RATIO = 10  # the warning clears once the loss is back within this factor of the best (or the level)


def layer_sizes(net: Network) -> list[int]:
    """Values each layer holds per sample: its output, or a conv/pool layer's unfolded input, or a recurrent
    layer's buffers of every time step, if larger."""
    sizes = []
    for info in net.describe():
        size = math.prod(info.output_shape)
        if info.kind in ("conv2d", "maxpool"):
            # im2col: one row of C_in·k² inputs per output position (pooling: per channel too)
            window = info.config["kernel" if info.kind == "conv2d" else "size"] ** 2
            size = max(size, math.prod(info.output_shape[1:]) * info.input_shape[0] * window)
        if info.kind in recurrent.KINDS:  # every step's gates, states and their gradients
            size = max(size, recurrent.values_per_sample(info.kind, info.input_shape[0], info.units))
        sizes.append(size)
    return sizes


class Trainer:
    """Owns the loop: ``step()`` and ``run(n)``.

    Batches come from a seeded generator (``sampling="shuffle"`` walks epochs without replacement;
    ``"replace"`` draws each batch with replacement like the textbook). ``eval_every`` sets how often
    the full train/test metrics are computed (the per-batch loss is recorded every step).

    ``watch_summaries`` (a view shows them) computes and records the per-layer gradient norms, mean
    |δ| and dead fractions every step. Off, unrecorded steps of a dense net take the compiled fast
    path (:mod:`visualnet.core.fastpath`), which gives the same weights and losses; divergence is
    caught alike either way, from the loss and the norm of the weights' gradients every step.
    """

    def __init__(self, net: Network, optimizer, x_train, t_train, x_test=None, t_test=None,
                 batch_size: int = 32, seed: int = 0, sampling: str = "shuffle", eval_every: int = 10,
                 watch_summaries: bool = True, schedule=None):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError("batch_size", f"must be a positive integer, got {batch_size!r}")
        if sampling not in ("shuffle", "replace"):
            raise ConfigError("sampling", "must be 'shuffle' or 'replace'")
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise ConfigError("seed", f"must be an integer ≥ 0, got {seed!r}")
        if len(x_train) == 0:
            raise ConfigError("x_train", "the training set is empty")
        self.net, self.optimizer = net, optimizer
        self.x_train = net._prepare_x(x_train)
        self.t_train = np.asarray(t_train)
        self.x_test = None if x_test is None or len(x_test) == 0 else net._prepare_x(x_test)
        self.t_test = None if t_test is None else np.asarray(t_test)
        self.batch_size = min(batch_size, len(self.x_train))
        self.sampling, self.eval_every = sampling, eval_every
        self.watch_summaries = watch_summaries
        self.gradient = None  # replaces net.gradient when set: a planted bug (debugger.gradient_function)
        self._fast = _NOT_BUILT
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.step_count = 0
        self.epoch = 0
        self._order = None
        self._cursor = 0
        self.history = History()
        self.divergence: Divergence | None = None
        self.warning: str | None = None  # a finite loss blowing up; see _watch_blowup
        self._best_loss = math.inf
        self._last_step_size = 0.0  # lr·‖g‖ of the last step, for the divergence report
        self._last_finite = net.copy_params()
        # rows per chunk of a whole-set evaluation: its peak memory does not grow with the data
        widest = max([math.prod(net.input_shape), *layer_sizes(net)])
        self.eval_chunk_rows = max(1, EVAL_CHUNK_BYTES // (widest * net.dtype.itemsize))
        self.set_schedule(schedule)

    def set_schedule(self, schedule):
        """Let ``schedule`` (:mod:`visualnet.core.schedules`; None or constant: leave the lr alone) set the
        optimizer's lr before every step from now on, as a torch scheduler would."""
        if schedule is not None and schedule.name == "constant":
            self.optimizer.hyperparams["lr"] = schedule.base_lr  # back from any earlier schedule's lr
            schedule = None
        if schedule is not None and schedule.stateful:
            schedule.period = -(-len(self.x_train) // self.batch_size)  # one epoch of steps
        self.schedule = schedule
        self._apply_schedule()

    def _apply_schedule(self):
        # set straight into the dict: the schedule's lr is a checked float ≥ 0, and this runs every step
        if self.schedule is not None:
            self.optimizer.hyperparams["lr"] = self.schedule.lr_at(self.step_count)

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

    @property
    def fast_path(self) -> bool:
        """Whether unrecorded steps take the compiled fast path while summaries are not watched."""
        return self._fast_step() is not None

    def _fast_step(self):
        if self._fast is _NOT_BUILT:
            self._fast = fastpath.build(self.net, self.x_train, self.t_train, self.batch_size)
        return self._fast

    def _step(self, record):
        idx = self.next_batch_indices()
        watch = self.watch_summaries
        fast = None if record or watch or self.gradient is not None else self._fast_step()
        if fast is not None:
            loss = fast.gradient(idx)
            norm = fast.gradient_norm()
            if math.isfinite(loss) and math.isfinite(norm):
                risky = self._before_update(norm, False)
                fast.update(self.optimizer)
                self._after_update(loss, risky, False)
                return None
            # not finite: the regular pass below finds the cause and reports it, with the same numbers
        xb, tb = self.x_train[idx], self.t_train[idx]
        events = [] if record else None
        net = self.net
        grads = (self.gradient or net.gradient)(xb, tb, recorder=events, summaries=watch)
        loss = net.last_loss
        # ‖g‖ over the weights' gradients (biases and batch-norm parameters left out)
        if watch:
            norm = math.sqrt(sum(s["grad_norm"] ** 2 for s in net.last_summaries if s is not None))
        else:
            norm = math.sqrt(sum(float(np.vdot(grads[w], grads[w])) for w in net.weight_names() if w in grads))
        if not math.isfinite(loss) or not math.isfinite(norm):
            cause = self._forward_cause(xb, tb)  # before restoring: the blocks still hold this batch's pass
            if not _all_finite(net.params.values()):  # only after an unforeseen overflow
                net.set_params(self._last_finite)
            what = "the loss" if not math.isfinite(loss) else "a gradient"
            self._diverge(self.step_count + 1, f"{what} became NaN or infinite", cause)
            return None
        risky = self._before_update(norm, record)
        self.optimizer.update(net.params, grads)
        if not self._after_update(loss, risky, watch):
            return None
        if record:
            for name, value in net.params.items():
                events.append(tr.update_event(net.layer_of_param(name), name, self._last_finite[name], value))
            return tr.Trace(self.step_count, tuple(events), xb.copy(), np.array(tb), idx.copy())
        return None

    def _before_update(self, norm, record) -> bool:
        """Keep a copy of the weights when this step is risky; returns whether it is.

        Finite weights and gradients give finite new weights unless the step itself overflows, which
        needs a huge lr·‖g‖: only then (and every 100 steps, as a fallback) is a copy kept.
        """
        lr = self.optimizer.hyperparams.get("lr", 1.0)
        self._last_step_size = lr * norm
        risky = record or lr * (1.0 + norm) > 1e6 or self.step_count % 100 == 0
        if risky:
            for name, value in self.net.params.items():
                np.copyto(self._last_finite[name], value)
        return risky

    def _after_update(self, loss, risky, watch) -> bool:
        """Count the step and record it; False (restored and diverged) if a risky step left the savable range."""
        net = self.net
        self.step_count += 1
        if risky and not _all_within(net.params.values()):
            net.set_params(self._last_finite)
            self._diverge(self.step_count, f"a weight became NaN, infinite or larger than ±{MAX_ABS_VALUE:g}")
            return False
        self._record(loss, watch)
        schedule = self.schedule
        if schedule is not None:
            self.history.lr.append(self.step_count, self.optimizer.hyperparams["lr"])  # beside train_loss's step
            schedule.observe(loss)
            self._apply_schedule()
        return True

    def preview(self, xb, tb, indices=None) -> tr.Trace:
        """Forward, loss and backward of a batch at the current weights, without updating them."""
        events = []
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            (self.gradient or self.net.gradient)(xb, tb, recorder=events)
        params = {k: tr._frozen_copy(v) for k, v in self.net.params.items()}
        return tr.Trace(self.step_count, tuple(events), np.array(xb), np.array(tb),
                        None if indices is None else np.array(indices), params)

    def _diverge(self, step, what, cause=None):
        cause = cause or self._hyperparameter_cause()
        self.optimizer.reset()
        self.warning = None  # the divergence report supersedes it
        self.divergence = Divergence(step, f"{what}; likely cause: {cause}")

    def clear_divergence(self):
        self.divergence = None

    # -- why training fails ---------------------------------------------------------------------

    def _forward_cause(self, xb, tb) -> str | None:
        """A cause visible in the failed pass itself: non-finite data, or an activation undefined for its input."""
        bad_rows = _bad_rows(self.x_train, self.t_train)
        if bad_rows or not (_finite_array(xb) and _finite_array(tb)):
            count = f"{bad_rows:,} of {len(self.x_train):,} rows" if bad_rows else "rows of this batch"
            return f"the training data hold NaN or infinite values ({count}); fix or drop those rows"
        for block in self.net.blocks:
            layer = block.act
            if layer is None or layer.z is None or not _finite_array(layer.z):
                continue
            act = layer.activation
            if not _finite_array(layer.a) or (layer.dact is not None and not _finite_array(layer.dact)):
                part = "f(z)" if not _finite_array(layer.a) else "its derivative f′(z)"
                return (f"layer {block.index + 1}'s activation {act.formula} gives NaN or ∞ in {part} for some "
                        f"inputs (z from {float(np.min(layer.z)):.3g} to {float(np.max(layer.z)):.3g}); use an "
                        "activation defined for every z (log and sqrt need z > 0, 1/x needs z ≠ 0)")
        return None

    def _hyperparameter_cause(self) -> str:
        """The optimizer or penalty setting most likely to blow the weights up, else the step size."""
        h, name = self.optimizer.hyperparams, self.optimizer.name
        lr = h.get("lr")
        if h.get("eps") == 0:
            return (f"eps = 0 in {name}: a weight whose gradient is 0 gets the step 0/0 = NaN; "
                    f"use eps > 0 (the default is {_default(name, 'eps'):g})")
        wd = h.get("weight_decay") or 0.0
        if lr and wd and lr * wd >= 1:
            return (f"weight_decay {wd:g} with learning rate {lr:g}: each step scales the weights by "
                    f"1 − lr·weight_decay = {1 - lr * wd:.3g}, so they flip sign and grow; keep lr·weight_decay < 1")
        net = self.net
        for penalty in ("l2", "l1"):
            value = getattr(net, penalty)
            if lr and value and lr * value >= 1:
                return (f"{penalty} {value:g} with learning rate {lr:g}: the penalty's step outweighs the weights; "
                        f"keep lr·{penalty} < 1")
        if lr is None:
            return "steps too large for the loss surface"
        size = f" (the last step moved by lr·‖g‖ ≈ {self._last_step_size:.3g})" if self._last_step_size else ""
        return f"learning rate {lr:g} too high{size}; lower it"

    def _watch_blowup(self, loss):
        """Warn (not stop) while a finite loss sits orders of magnitude above the best one so far."""
        best = self._best_loss
        if loss > BLOWUP_RATIO * best and loss > BLOWUP_LEVEL:
            if self.warning is None:
                growth = loss / best if best > 0 else math.inf  # a batch can fit exactly: loss 0
                self.warning = (f"the loss grew from {best:.3g} to {loss:.3g} by step {self.step_count} "
                                f"(×{growth:.1e}) although it is finite: training is blowing up; "
                                f"likely cause: {self._hyperparameter_cause()}")
        elif self.warning is not None and loss < max(RECOVERED_RATIO * best, BLOWUP_LEVEL):
            self.warning = None
        self._best_loss = min(best, loss)

    def _record(self, loss, watch):
        s = self.step_count
        h = self.history
        self._watch_blowup(loss)
        h.train_loss.append(s, loss)
        if watch:
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
        out["train_loss"], out["train_accuracy"] = self._metrics(self.x_train, self.t_train)
        if self.x_test is not None:
            out["test_loss"], out["test_accuracy"] = self._metrics(self.x_test, self.t_test)
        h = self.history
        h.train_eval_loss.append(s, out["train_loss"])
        for key in ("test_loss", "train_accuracy", "test_accuracy"):
            if key in out:
                getattr(h, key).append(s, out[key])
        return out

    def _metrics(self, x, t) -> tuple[float, float]:
        """Loss and accuracy over a whole set, ``eval_chunk_rows`` rows at a time (as one pass when it fits).

        The loss is a mean over rows, so the row-weighted mean of the chunks' losses is the set's loss. Loss and
        accuracy come from one forward pass per chunk (a conv net's pass over MNIST costs a second).
        """
        net, n, rows = self.net, len(x), self.eval_chunk_rows
        if n <= rows:
            y = net.predict(x)
            return net._data_loss(y, t) + net.regularization(), net.accuracy_of(y, t)
        loss = correct = 0.0
        for start in range(0, n, rows):
            xc, tc = x[start:start + rows], t[start:start + rows]
            y = net.predict(xc)
            loss += net._data_loss(y, tc) * len(xc)
            correct += net.accuracy_of(y, tc) * len(xc)
        return loss / n + net.regularization(), correct / n

    def run(self, n: int) -> int:
        """Up to ``n`` steps; returns how many ran (fewer when the run diverges)."""
        done = 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(n):
                if self.divergence is not None:
                    break
                self._step(False)
                if self.divergence is None:
                    done += 1
        return done


    def run_for(self, seconds: float, max_steps: int, clock=time.perf_counter) -> int:
        """Steps until ``seconds`` of training have passed (at least one) or ``max_steps`` ran; returns how
        many. The app's play loop gives training a measured slice of every frame this way."""
        done = 0
        start = clock()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            while done < max_steps and self.divergence is None:
                self._step(False)
                if self.divergence is None:
                    done += 1
                if clock() - start >= seconds:
                    break
        return done


_NOT_BUILT = object()  # the fast path is built on first use


def _finite_array(a) -> bool:
    a = np.asarray(a)
    return a.dtype.kind not in "fc" or bool(np.isfinite(a).all())


def _bad_rows(x, t) -> int:
    """Rows of (x, t) holding a NaN or ∞ (integer arrays hold none)."""
    bad = np.zeros(len(x), dtype=bool)
    for a in (np.asarray(x), np.asarray(t)):
        if a.dtype.kind in "fc":
            bad |= ~np.isfinite(a.reshape(len(a), -1)).all(axis=1)
    return int(bad.sum())


def _default(name, key):
    return optimizers.DEFAULTS.get(name, {}).get(key, 0.0)


def _all_within(arrays) -> bool:
    """Every value finite and within ±MAX_ABS_VALUE (beyond it a session could not be saved and reopened)."""
    with np.errstate(all="ignore"):
        return all(a.size == 0 or (float(a.max()) <= MAX_ABS_VALUE and float(a.min()) >= -MAX_ABS_VALUE)
                   for a in arrays)


def _all_finite(arrays) -> bool:
    # a non-finite element makes the sum non-finite: one cheap pass per array
    with np.errstate(all="ignore"):
        return all(math.isfinite(float(a.sum())) for a in arrays)
