"""Backprop against the numerical gradient, with a verdict that never cries wolf.

Central differences cannot resolve every gradient: the loss is known only to its rounding error, so
(f(p + h) − f(p − h)) / 2h carries an error of about ε·|L| / h, and a gradient of 1e-8 on a loss of
0.7 is below what h = 1e-5 can see; and where a ReLU switches on or off, or a max-pool window's
winning cell changes, within ±h, the loss has a kink and the difference quotient mixes two slopes. So
each check

- evaluates the loss exactly as backprop saw it: training mode, the dropout masks of the traced step,
  batch statistics of the same batch (running statistics untouched), in float64 whatever the network's
  dtype, at the weights the step started from;
- picks the step per parameter, h = ε^(1/3)·max(1, |p|), and estimates the numerical value's
  uncertainty from the loss's rounding error, the change between steps h and 2h (Richardson), and an
  absolute floor of a few ε·max(1, |L|) for backprop's own rounding;
- says **agree** when backprop is within that uncertainty (and the 1e-6 tolerance of float64), **differ**
  when it is not, and **inconclusive** — with the reason — when the check cannot tell: a gradient below
  the resolution, or a kink crossed within ±2h at every step it tries.

Kinks are found by recording each ReLU's sign and each max-pool window's winner at the probe points. Where
one switches, the check tries h/10, then h/100: a step that crosses no kink gives an honest verdict, and a
tight one (the nearest switch of a conv net with thousands of units and windows is often just beyond 1e-6,
and the mixed slopes of a crossing would widen the uncertainty until a wrong gradient passes). Fewer than
1% of a conv net's parameters cross one, so this costs little.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from visualnet.core.i18n import translate
from visualnet.core.layers import MaxPool
from visualnet.core.network import Network

EPS64 = float(np.finfo(np.float64).eps)
H_SCALE = EPS64 ** (1 / 3)  # ≈ 6e-6: balances rounding (ε/h) against truncation (h²) for central differences
ROUNDING = 4.0  # the loss's rounding error, in units of ε·|L| (a mean of many terms loses a few ulps)
RESOLVE = 10.0  # a gradient smaller than this many uncertainties cannot be told apart from 0
# relative precision of backprop itself, per dtype: in float32 a conv kernel's gradient sums ~10⁵ products
# (every position of every image of the batch), which loses up to a few 1e-4 to rounding
TOLERANCE = {"float64": 1e-6, "float32": 1e-3}
KINKED = {"relu", "leaky_relu", "step"}  # activations whose slope jumps at z = 0
SMALLER_STEPS = (10.0, 100.0)  # h ÷ these when a kink is crossed: rounding grows 100× at most
RELU, POOL = "relu", "pool"  # what switched within the step
AGREE, INCONCLUSIVE, DIFFER = "agree", "inconclusive", "differ"


def tr(text: str, **values) -> str:
    return translate("GradientCheck", text).format(**values)


@dataclass(frozen=True)
class Check:
    """One parameter's check: both values, the numerical value's uncertainty, the verdict and why."""

    analytic: float
    numerical: float
    uncertainty: float
    h: float
    verdict: str
    reason: str
    kinks: frozenset = frozenset()  # what switched within ±2h: "relu" (a unit's sign), "pool" (a window's winner)

    @property
    def relative_error(self) -> float:
        scale = max(abs(self.analytic), abs(self.numerical))
        return 0.0 if scale == 0 else abs(self.analytic - self.numerical) / scale


class Probe:
    """The loss as backprop saw it, on a private float64 copy of the network; perturbs one parameter."""

    def __init__(self, net: Network, x, t, params: dict | None = None, masks: dict | None = None):
        self.dtype = net.config["dtype"]
        self.net = Network({**net.config, "dtype": "float64"})
        self.net.set_params(params if params is not None else net.params)
        self.net.set_buffers(net.buffers())
        self.net.rng.bit_generator.state = net.rng.bit_generator.state
        masks = masks or {}
        self.kinked = []
        self.pools = [block.core for block in self.net.blocks if isinstance(block.core, MaxPool)]
        for block in self.net.blocks:
            if block.dropout is not None:
                mask = masks.get(block.index)
                block.dropout.mask = None if mask is None else np.asarray(mask, dtype=np.float64)
                block.dropout.fixed_mask = True  # with no mask given, the first one drawn is kept
            if block.bn is not None:
                block.bn.update_running = False
            if block.act is not None and block.act.activation.name in KINKED:
                self.kinked.append(block)
        self.x = self.net._prepare_x(np.asarray(x, dtype=np.float64))
        self.t = np.asarray(t)
        self.loss0 = self.loss()
        self._signs0, self._winners0 = self._signs(), self._winners()
        # (name, index, h) → (numerical, uncertainty, kinks): the parameters never change
        self._numerical = {}

    def loss(self) -> float:
        net = self.net
        return float(net._data_loss(net._forward(self.x, True), self.t) + net.regularization())

    def _signs(self):
        return [block.z > 0 for block in self.kinked]

    def _winners(self):
        return [pool.winners for pool in self.pools]

    def _loss_at(self, p: np.ndarray, index, value: float) -> tuple[float, frozenset]:
        """The loss with one element set to ``value``; and what switched: a kinked unit (on or off), a
        max-pool window (its winning cell)."""
        keep = p[index]
        p[index] = value
        try:
            loss = self.loss()
            switched = set()
            if any(not np.array_equal(a, b) for a, b in zip(self._signs(), self._signs0)):
                switched.add(RELU)
            if any(not np.array_equal(a, b) for a, b in zip(self._winners(), self._winners0)):
                switched.add(POOL)
        finally:
            p[index] = keep
        return loss, frozenset(switched)

    def check(self, name: str, index: tuple, analytic: float) -> Check:
        """The verdict at the usual step; where that crosses a kink, at the first smaller step that crosses
        none, if it still resolves the gradient."""
        index = tuple(int(i) for i in index)
        h = H_SCALE * max(1.0, abs(float(self.net.params[name][index])))
        tolerance = TOLERANCE[self.dtype]
        first = _verdict(float(analytic), *self._estimate(name, index, h), h, tolerance)
        if not first.kinks:
            return first
        for factor in SMALLER_STEPS:
            numerical, uncertainty, kinks = self._estimate(name, index, h / factor)
            if kinks:
                continue
            check = _verdict(float(analytic), numerical, uncertainty, kinks, h / factor, tolerance, smaller=True)
            return check if check.verdict != INCONCLUSIVE else first  # too small to see at this step
        return first

    def _estimate(self, name: str, index: tuple, h: float) -> tuple[float, float, frozenset]:
        key = (name, index, h)
        if key not in self._numerical:
            self._numerical[key] = self._differentiate(name, index, h)
        return self._numerical[key]

    def _differentiate(self, name: str, index: tuple, h: float) -> tuple[float, float, frozenset]:
        p = self.net.params[name]
        w = float(p[index])
        values = [self._loss_at(p, index, w + k * h) for k in (1, -1, 2, -2)]
        (f1, s1), (m1, s2), (f2, s3), (m2, s4) = values
        d1 = (f1 - m1) / (2 * h)
        d2 = (f2 - m2) / (4 * h)
        numerical = (4 * d1 - d2) / 3  # Richardson: the h² error terms cancel
        rounding = 1.5 * ROUNDING * EPS64 * max(abs(self.loss0), abs(f1), abs(m1), 1e-300) / h
        truncation = abs(d1 - d2) / 3
        # backprop itself is exact only to rounding: y − t at a saturated output is 0, not 1e-40
        floor = ROUNDING * EPS64 * max(1.0, abs(self.loss0))
        return float(numerical), rounding + truncation + floor, s1 | s2 | s3 | s4


def _verdict(analytic, numerical, uncertainty, kinks, h, tolerance, smaller=False) -> Check:
    """``smaller``: h is below the usual step because the usual one crossed a kink (the reason says so)."""
    diff = abs(analytic - numerical)
    scale = max(abs(analytic), abs(numerical))

    def check(verdict, reason):
        return Check(analytic, numerical, uncertainty, h, verdict, reason, kinks)

    if not (math.isfinite(analytic) and math.isfinite(numerical)):
        return check(DIFFER, tr("a value is not finite"))
    if diff <= tolerance * scale + 2 * uncertainty:
        if scale >= RESOLVE * uncertainty or diff <= tolerance * scale:
            rel = diff / scale if scale else 0.0
            if smaller:
                return check(AGREE, tr("they agree to {rel:.1e} at the smaller step h = {h:.1e}, which crosses no "
                                       "kink (the numerical value is good to ±{u:.1e})", rel=rel, h=h, u=uncertainty))
            return check(AGREE, tr("they agree to {rel:.1e} (the numerical value is good to ±{u:.1e})", rel=rel,
                                   u=uncertainty))
        reason = tr("too small to check: |∂L/∂p| ≈ {g:.1e} is within {k:g}× of what central differences resolve "
                    "here (±{u:.1e}: the loss's rounding error ÷ h)", g=scale, k=RESOLVE, u=uncertainty)
        return check(INCONCLUSIVE, reason)
    if kinks == {RELU}:
        return check(INCONCLUSIVE, tr("a ReLU unit switches on or off within ±2h of this value: the loss has a "
                                      "kink here, so the difference quotient mixes two slopes"))
    if kinks == {POOL}:
        return check(INCONCLUSIVE, tr("a max-pool window's winning cell switches within ±2h of this value: the "
                                      "loss has a kink here, so the difference quotient mixes two slopes"))
    if kinks:
        return check(INCONCLUSIVE, tr("a ReLU unit switches on or off and a max-pool window's winning cell "
                                      "switches within ±2h of this value: the loss has a kink here, so the "
                                      "difference quotient mixes two slopes"))
    if smaller:
        return check(DIFFER, tr("they differ by {d:.1e} at the smaller step h = {h:.1e}, which crosses no kink: "
                                "far more than the numerical value's uncertainty ±{u:.1e}", d=diff, h=h,
                                u=uncertainty))
    return check(DIFFER, tr("they differ by {d:.1e}, far more than the numerical value's uncertainty ±{u:.1e}",
                            d=diff, u=uncertainty))


def masks_of(trace) -> dict:
    """The dropout masks a traced step used, by layer, so the check sees the same network."""
    return {e.layer: e.mask for e in trace.of_kind("forward") if e.mask is not None}


def check_trace(net: Network, trace, name: str, index: tuple, analytic: float) -> Check:
    """Check one parameter of a traced step, at the weights and with the masks that step used."""
    probe = Probe(net, trace.batch_x, trace.batch_t, trace.params_before() or None, masks_of(trace))
    return probe.check(name, index, analytic)


def check_all(net: Network, x, t, grads: dict, params: dict | None = None, masks: dict | None = None,
              progress=None) -> dict[str, list[Check]]:
    """Every element of every parameter in ``grads`` (flattened, in C order). ``progress(done, total)``
    may raise to stop."""
    probe = Probe(net, x, t, params, masks)
    total = sum(np.size(g) for g in grads.values())
    done, out = 0, {}
    for name, g in grads.items():
        g = np.asarray(g)
        checks = []
        for flat in range(g.size):
            index = np.unravel_index(flat, g.shape)
            checks.append(probe.check(name, index, float(g[index])))
            done += 1
            if progress is not None:
                progress(done, total)
        out[name] = checks
    return out
