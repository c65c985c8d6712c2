"""Training diagnostics per layer, from one recorded step: the numbers a practitioner checks first.

Computed from a :class:`~visualnet.core.trace.Trace` the trainer recorded anyway (so only while a view
watches) and the weights before and after its update — a few norms and means per layer, no extra pass:

- update-to-weight ratio ‖ΔW‖/‖W‖ per layer, against the usual guide of about 1e-3 (far above: the
  learning rate is too high; far below: too low);
- the first/last layer gradient ratio ‖∂L/∂W₁‖/‖∂L/∂W_L‖ (vanishing or exploding gradients);
- the saturated fraction of sigmoid/tanh units (|act′(z)| < :data:`activations.SATURATION_SLOPE`) and the
  dead fraction of ReLU-like units (act′(z) = 0 for the whole batch, :func:`activations.dead_units`);
- the mean and standard deviation of each layer's activations (collapsed to a constant: init too small).

Each :class:`Finding` names the likely cause in a sentence and the lesson preset that shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import activations
from visualnet.core.i18n import translate
from visualnet.core.network import Network


def tr(text: str, **values) -> str:
    return translate("Diagnostics", text).format(**values) if values else translate("Diagnostics", text)


UPDATE_RATIO_GUIDE = 1e-3  # ‖ΔW‖/‖W‖ per step in healthy training (draw it as a line)
UPDATE_RATIO_HIGH = 0.5  # half the weights' size in one step: training jumps rather than descends
UPDATE_RATIO_LOW = 1e-5  # a hundred times below the guide: 100,000 steps to change the weights once
VANISHING_RATIO = 1e-3  # ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖ below this: the first layer barely learns
EXPLODING_RATIO = 1e3
SATURATED_FRACTION = 0.25  # of a sigmoid/tanh layer's values (units × samples) on the flat tails
DEAD_FRACTION = 0.5  # of a ReLU layer's units off for every sample of the batch
COLLAPSED_STD = 1e-2  # a hidden layer's activations all (nearly) equal: it passes no information on

WARNING, PROBLEM = "warning", "problem"
SATURATED, VANISHING, EXPLODING, DEAD = "saturated", "vanishing_gradients", "exploding_gradients", "dead_units"
UPDATE_TOO_LARGE, UPDATE_TOO_SMALL, COLLAPSED = "update_too_large", "update_too_small", "collapsed_activations"
INIT_PRESET, VANISHING_PRESET, LEARNING_RATE_PRESET = "weight_init", "vanishing_gradients", "optimizer_comparison"


@dataclass(frozen=True)
class LayerStats:
    """One layer's numbers in one step; None where a number does not apply (no weights, no act′, no update)."""

    index: int
    name: str
    activation: str | None
    activation_mean: float
    activation_std: float
    grad_norm: float | None = None
    weight_norm: float | None = None
    update_ratio: float | None = None
    saturated_fraction: float | None = None
    dead_fraction: float | None = None


@dataclass(frozen=True)
class Finding:
    """Something worth a look: ``kind`` (e.g. ``saturated``), ``severity`` (warning or problem), the layer
    (0-based; None for the whole network), the ``numbers`` behind it, the likely cause in a sentence and the
    lesson preset that shows it."""

    kind: str
    severity: str
    layer: int | None
    numbers: dict
    sentence: str
    preset: str | None


@dataclass(frozen=True)
class Diagnostics:
    """Every layer's numbers, the first/last gradient ratio, and the findings (worst first)."""

    step: int
    layers: tuple
    gradient_ratio: float | None
    findings: tuple
    guide: float = field(default=UPDATE_RATIO_GUIDE)

    def for_layer(self, index: int) -> tuple:
        return tuple(f for f in self.findings if f.layer == index)


def diagnose(net: Network, trace, after: dict | None = None) -> Diagnostics:
    """The diagnostics of the step ``trace`` recorded; ``after`` holds the weights after its update when the
    trace has no update events (a preview), else the update ratio is left out."""
    infos = net.describe()
    forward = {e.layer: e for e in trace.of_kind("forward")}
    backward = {e.layer: e for e in trace.of_kind("backward")}
    before = trace.params_before()
    if after is None:
        after = {e.param: e.after for e in trace.of_kind("update")}
    stats, findings = [], []
    for info, block in zip(infos, net.blocks):
        f, b = forward.get(info.index), backward.get(info.index)
        if f is None:
            continue
        mean, std = _moments(f.a, f.mask)
        values = {"index": info.index, "name": info.name, "activation": info.activation,
                  "activation_mean": mean, "activation_std": std}
        weight = info.weight
        if weight is not None and b is not None and weight in b.grads:
            values["grad_norm"] = _norm(b.grads[weight])
        if weight is not None and weight in before:
            values["weight_norm"] = w_norm = _norm(before[weight])
            if weight in after and w_norm > 0:
                values["update_ratio"] = _norm(np.asarray(after[weight], np.float64) - before[weight]) / w_norm
        if b is not None and b.dact is not None and block.act is not None:
            act = block.act.activation
            if act.saturates:
                values["saturated_fraction"] = float(np.mean(activations.saturated(act, b.dact)))
            else:
                values["dead_fraction"] = float(np.mean(activations.dead_units(b.dact)))
        layer = LayerStats(**values)
        stats.append(layer)
        findings += _layer_findings(layer, info)
    ratio = _gradient_ratio(stats)
    findings += _ratio_findings(ratio, stats)
    # the learning rate is global: it is too low only if no layer moves, and nothing else stops the gradient
    ratios = [s.update_ratio for s in stats if s.update_ratio is not None]
    blame_lr = not findings and bool(ratios) and max(ratios) < UPDATE_RATIO_LOW
    for layer in stats:
        findings += _update_findings(layer, infos[layer.index], blame_lr)
    findings.sort(key=lambda x: (x.severity != PROBLEM, x.layer if x.layer is not None else -1))
    return Diagnostics(trace.step, tuple(stats), ratio, tuple(findings))


def _norm(a) -> float:
    flat = np.asarray(a, dtype=np.float64).reshape(-1)
    return math.sqrt(float(np.dot(flat, flat)))


def _moments(a, mask) -> tuple[float, float]:
    """Mean and std of the activations as the activation made them (dropped units left out, the kept ones
    unscaled), so dropout neither hides nor fakes a collapse."""
    a = np.asarray(a, dtype=np.float64)
    if mask is not None:
        mask = np.asarray(mask, dtype=np.float64)
        kept = mask != 0
        a = a[kept] / mask[kept]
    if a.size == 0:
        return 0.0, 0.0
    return float(a.mean()), float(a.std())


def _percent(x: float) -> str:
    return f"{100 * x:.0f} %"


def _layer_findings(layer: LayerStats, info) -> list[Finding]:
    out = []
    name = info.name
    if layer.saturated_fraction is not None and layer.saturated_fraction >= SATURATED_FRACTION:
        severity = PROBLEM if layer.saturated_fraction >= 2 * SATURATED_FRACTION else WARNING
        out.append(Finding(SATURATED, severity, layer.index,
                           {"saturated_fraction": layer.saturated_fraction, "threshold": SATURATED_FRACTION},
                           tr("{layer}: {share} of its {act} values sit on the flat tails (|act′(z)| < {slope:g}), "
                              "where almost no gradient passes; likely cause: weights too large for this "
                              "activation (an init std of 1 instead of Xavier) or unscaled inputs.",
                              layer=name, share=_percent(layer.saturated_fraction), act=info.activation,
                              slope=activations.SATURATION_SLOPE),
                           INIT_PRESET))
    if layer.dead_fraction is not None and layer.dead_fraction >= DEAD_FRACTION:
        severity = PROBLEM if layer.dead_fraction >= 0.9 else WARNING
        out.append(Finding(DEAD, severity, layer.index,
                           {"dead_fraction": layer.dead_fraction, "threshold": DEAD_FRACTION},
                           tr("{layer}: {share} of its units are dead — z < 0 for every sample of the batch, so "
                              "they pass no gradient and cannot recover; likely cause: a large negative bias or a "
                              "learning-rate step that pushed them there (try He init, a smaller learning rate or "
                              "leaky ReLU).", layer=name, share=_percent(layer.dead_fraction)),
                           INIT_PRESET))
    elif (info.activation is not None and not info.is_output and layer.activation_std < COLLAPSED_STD
          and (layer.saturated_fraction or 0.0) < SATURATED_FRACTION):
        out.append(Finding(COLLAPSED, WARNING, layer.index,
                           {"activation_std": layer.activation_std, "activation_mean": layer.activation_mean,
                            "threshold": COLLAPSED_STD},
                           tr("{layer}: its activations are nearly all equal (std {std:.1e} around {mean:.3g}), so "
                              "it hands the next layer almost no information; likely cause: weights initialised "
                              "too small (std 0.01).", layer=name, std=layer.activation_std,
                              mean=layer.activation_mean),
                           INIT_PRESET))
    return out


def _update_findings(layer: LayerStats, info, blame_lr: bool) -> list[Finding]:
    """Update ratios far off the guide. A tiny update is blamed on the learning rate only when every layer
    barely moves and nothing else (dead, saturated or collapsed units, vanishing gradients) explains it."""
    ratio, name = layer.update_ratio, info.name
    if ratio is not None and ratio > UPDATE_RATIO_HIGH:
        return [Finding(UPDATE_TOO_LARGE, PROBLEM if ratio >= 1 else WARNING, layer.index,
                        {"update_ratio": ratio, "guide": UPDATE_RATIO_GUIDE, "threshold": UPDATE_RATIO_HIGH},
                        tr("{layer}: one step changed its weights by {ratio:.1e} of their size (‖ΔW‖/‖W‖; about "
                           "{guide:g} is healthy); likely cause: the learning rate is too high.",
                           layer=name, ratio=ratio, guide=UPDATE_RATIO_GUIDE),
                        LEARNING_RATE_PRESET)]
    if ratio is not None and ratio < UPDATE_RATIO_LOW and blame_lr:
        return [Finding(UPDATE_TOO_SMALL, WARNING, layer.index,
                        {"update_ratio": ratio, "guide": UPDATE_RATIO_GUIDE, "threshold": UPDATE_RATIO_LOW},
                        tr("{layer}: one step changed its weights by only {ratio:.1e} of their size (‖ΔW‖/‖W‖; "
                           "about {guide:g} is healthy); likely cause: the learning rate is too low.",
                           layer=name, ratio=ratio, guide=UPDATE_RATIO_GUIDE),
                        LEARNING_RATE_PRESET)]
    return []


def _gradient_ratio(stats) -> float | None:
    """‖∂L/∂W‖ of the first weighted layer over the last's (None with fewer than two, or a zero last)."""
    norms = [s.grad_norm for s in stats if s.grad_norm is not None]
    if len(norms) < 2 or not norms[-1] > 0 or not math.isfinite(norms[0]):
        return None
    return norms[0] / norms[-1]


def _ratio_findings(ratio, stats) -> list[Finding]:
    if ratio is None:
        return []
    first = next(s for s in stats if s.grad_norm is not None)
    numbers = {"gradient_ratio": ratio, "first": first.grad_norm,
               "last": [s.grad_norm for s in stats if s.grad_norm is not None][-1]}
    if ratio < VANISHING_RATIO:
        return [Finding(VANISHING, PROBLEM if ratio < VANISHING_RATIO ** 2 else WARNING, first.index,
                        {**numbers, "threshold": VANISHING_RATIO},
                        tr("The first layer's gradient is {ratio:.1e} of the last layer's (‖∂L/∂W‖): it shrinks on "
                           "its way back, so the first layers barely learn; likely cause: many sigmoid or tanh "
                           "layers (σ′ ≤ 0.25 at each) or saturated units.", ratio=ratio),
                        VANISHING_PRESET)]
    if ratio > EXPLODING_RATIO:
        return [Finding(EXPLODING, PROBLEM if ratio > EXPLODING_RATIO ** 2 else WARNING, first.index,
                        {**numbers, "threshold": EXPLODING_RATIO},
                        tr("The first layer's gradient is {ratio:.1e} times the last layer's (‖∂L/∂W‖): it grows "
                           "on its way back; likely cause: weights initialised too large for the depth.",
                           ratio=ratio),
                        INIT_PRESET)]
    return []
