"""Backprop against the numerical gradient, with a verdict that never cries wolf.

Central differences cannot resolve every gradient: the loss is known only to its rounding error, so
(f(p + h) − f(p − h)) / 2h carries an error of about ε·|L| / h, and a gradient of 1e-8 on a loss of
0.7 is below what h = 1e-5 can see; and where a ReLU switches on or off within ±h, the loss has a
kink and the difference quotient mixes two slopes. So each check

- evaluates the loss exactly as backprop saw it: training mode, the dropout masks of the traced step,
  batch statistics of the same batch (running statistics untouched), in float64 whatever the network's
  dtype, at the weights the step started from;
- picks the step per parameter, h = ε^(1/3)·max(1, |p|), and estimates the numerical value's
  uncertainty from the loss's rounding error, the change between steps h and 2h (Richardson), and an
  absolute floor of a few ε·max(1, |L|) for backprop's own rounding;
- says **agree** when backprop is within that uncertainty (and the 1e-6 tolerance of float64), **differ**
  when it is not, and **inconclusive** — with the reason — when the check cannot tell: a gradient below
  the resolution, or a kink crossed within ±2h.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from visualnet.core.i18n import translate
from visualnet.core.network import Network

EPS64 = float(np.finfo(np.float64).eps)
H_SCALE = EPS64 ** (1 / 3)  # ≈ 6e-6: balances rounding (ε/h) against truncation (h²) for central differences
ROUNDING = 4.0  # the loss's rounding error, in units of ε·|L| (a mean of many terms loses a few ulps)
RESOLVE = 10.0  # a gradient smaller than this many uncertainties cannot be told apart from 0
# relative precision of backprop itself, per dtype: in float32 a conv kernel's gradient sums ~10⁵ products
# (every position of every image of the batch), which loses up to a few 1e-4 to rounding
TOLERANCE = {"float64": 1e-6, "float32": 1e-3}
KINKED = {"relu", "leaky_relu", "step"}  # activations whose slope jumps at z = 0
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
        self._signs0 = self._signs()
        self._numerical = {}  # (name, index) → (numerical, uncertainty, h, kink): the parameters never change

    def loss(self) -> float:
        net = self.net
        return float(net._data_loss(net._forward(self.x, True), self.t) + net.regularization())

    def _signs(self):
        return [block.z > 0 for block in self.kinked]

    def _loss_at(self, p: np.ndarray, index, value: float) -> tuple[float, bool]:
        """The loss with one element set to ``value``; and whether a kinked unit switched on or off."""
        keep = p[index]
        p[index] = value
        try:
            loss = self.loss()
            switched = any(not np.array_equal(a, b) for a, b in zip(self._signs(), self._signs0))
        finally:
            p[index] = keep
        return loss, switched

    def check(self, name: str, index: tuple, analytic: float) -> Check:
        key = (name, tuple(int(i) for i in index))
        if key not in self._numerical:
            self._numerical[key] = self._differentiate(name, index)
        numerical, uncertainty, h, kink = self._numerical[key]
        return _verdict(float(analytic), numerical, uncertainty, h, kink, TOLERANCE[self.dtype])

    def _differentiate(self, name: str, index: tuple) -> tuple[float, float, float, bool]:
        p = self.net.params[name]
        w = float(p[index])
        h = H_SCALE * max(1.0, abs(w))
        values = [self._loss_at(p, index, w + k * h) for k in (1, -1, 2, -2)]
        (f1, s1), (m1, s2), (f2, s3), (m2, s4) = values
        d1 = (f1 - m1) / (2 * h)
        d2 = (f2 - m2) / (4 * h)
        numerical = (4 * d1 - d2) / 3  # Richardson: the h² error terms cancel
        rounding = 1.5 * ROUNDING * EPS64 * max(abs(self.loss0), abs(f1), abs(m1), 1e-300) / h
        truncation = abs(d1 - d2) / 3
        # backprop itself is exact only to rounding: y − t at a saturated output is 0, not 1e-40
        floor = ROUNDING * EPS64 * max(1.0, abs(self.loss0))
        return float(numerical), rounding + truncation + floor, h, bool(s1 or s2 or s3 or s4)


def _verdict(analytic, numerical, uncertainty, h, kink, tolerance) -> Check:
    diff = abs(analytic - numerical)
    scale = max(abs(analytic), abs(numerical))
    if not (math.isfinite(analytic) and math.isfinite(numerical)):
        return Check(analytic, numerical, uncertainty, h, DIFFER, tr("a value is not finite"))
    if diff <= tolerance * scale + 2 * uncertainty:
        if scale >= RESOLVE * uncertainty or diff <= tolerance * scale:
            reason = tr("they agree to {rel:.1e} (the numerical value is good to ±{u:.1e})",
                        rel=diff / scale if scale else 0.0, u=uncertainty)
            return Check(analytic, numerical, uncertainty, h, AGREE, reason)
        reason = tr("too small to check: |∂L/∂p| ≈ {g:.1e} is within {k:g}× of what central differences resolve "
                    "here (±{u:.1e}: the loss's rounding error ÷ h)", g=scale, k=RESOLVE, u=uncertainty)
        return Check(analytic, numerical, uncertainty, h, INCONCLUSIVE, reason)
    if kink:
        reason = tr("a ReLU unit switches on or off within ±2h of this value: the loss has a kink here, so the "
                    "difference quotient mixes two slopes")
        return Check(analytic, numerical, uncertainty, h, INCONCLUSIVE, reason)
    reason = tr("they differ by {d:.1e}, far more than the numerical value's uncertainty ±{u:.1e}", d=diff,
                u=uncertainty)
    return Check(analytic, numerical, uncertainty, h, DIFFER, reason)


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
