"""The backprop debugger: plant a classic bug (or a typed act′) in one layer and let the gradient check find it.

A student's lesson — "compare the numerical gradient with backprop to find your mistake" — made visible.
The bug lives in a *private copy* of the network: the planted layer's layer objects get a subclass whose
``backward`` has the bug, and the copy's own :meth:`Network.gradient` runs unchanged, so the buggy pass
records the same trace events (∂L/∂a, act′(z), δ, ∂L/∂W, ∂L/∂x) as a correct one and the lesson's network
is never touched.

- :func:`bugs`, :func:`bugs_for`, :func:`layers_for` — the list of bugs and where each applies.
- :func:`plant` / :func:`plant_derivative` — a :class:`Plant` (a bug from the list, or a typed act′ in
  z, a or x, parsed by :mod:`visualnet.core.expressions` like a custom activation).
- :func:`debug` / :func:`debug_trace` — every parameter's buggy gradient against the numerical one
  (:mod:`visualnet.core.gradcheck`'s scale-aware verdicts), per-layer summaries, the layer where the error
  enters, and the chain-rule factors of the buggy pass beside the correct ones (:class:`Report`).
- :func:`plant_random_bug` — the "which layer is wrong?" exercise (:class:`Exercise`).
- :func:`gradient_function` — a drop-in for ``net.gradient`` that the trainer can use
  (``trainer.gradient = …``), so the loss curve shows what the bug does.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace

import numpy as np

from visualnet.core import gradcheck, losses
from visualnet.core.errors import ConfigError
from visualnet.core.expressions import Expression
from visualnet.core.i18n import translate
from visualnet.core.network import Network


def tr(text: str, **values) -> str:
    return translate("Debugger", text).format(**values) if values else translate("Debugger", text)


DERIVATIVE_IS_ACTIVATION = "derivative_is_activation"
DERIVATIVE_AT_A = "derivative_at_a"
MISSING_TRANSPOSE = "missing_transpose"
BIAS_NOT_SUMMED = "bias_not_summed"
WEIGHT_GRADIENT_DIVIDED_TWICE = "weight_gradient_divided_twice"
SIGN_FLIPPED = "sign_flipped"
LOSS_GRADIENT_NOT_DIVIDED = "loss_gradient_not_divided"
DROPOUT_MASK_NOT_APPLIED = "dropout_mask_not_applied"
BATCHNORM_MISSING_MEAN = "batchnorm_missing_mean"
TYPED_DERIVATIVE = "typed_derivative"
BUG_IDS = (DERIVATIVE_IS_ACTIVATION, DERIVATIVE_AT_A, MISSING_TRANSPOSE, BIAS_NOT_SUMMED,
           WEIGHT_GRADIENT_DIVIDED_TWICE, SIGN_FLIPPED, LOSS_GRADIENT_NOT_DIVIDED, DROPOUT_MASK_NOT_APPLIED,
           BATCHNORM_MISSING_MEAN)
DERIVATIVE_VARIABLES = ("z", "a", "x")  # x is z, as in a custom activation's formula
SIGN_ONLY_SLOPES = ("linear", "relu", "leaky_relu", "step")  # f′(a) = f′(z): a has the sign of z
FACTOR_RTOL = 1e-9  # a factor this close to the correct one (relative to its largest entry) is rounding, not a bug


# -- the bugs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bug:
    """One classic backprop mistake: ``where`` says which layers it can be planted in.

    ``shows_in_own_layer`` is False for the one bug whose layer computes its own gradients right and hands
    a wrong ∂L/∂x down (the missing transpose): the check flags only the layers below it.
    """

    id: str
    name: str
    explanation: str
    where: str
    shows_in_own_layer: bool = True


def bugs() -> tuple[Bug, ...]:
    """Every bug of the list, its texts translated now (so a language switch shows on the next call)."""
    return (
        Bug(DERIVATIVE_IS_ACTIVATION, tr("act′ = act (σ′ = σ)"),
            tr("The backward pass multiplies ∂L/∂a by the activation itself instead of its derivative: σ(z) "
               "instead of σ(z)(1 − σ(z)), tanh(z) instead of 1 − tanh²(z), max(0, z) instead of 1 for z > 0. "
               "δ of this layer is wrong, and so is every gradient on its input side."),
            tr("any layer with an activation, except an output whose δ is fused with the loss (softmax + "
               "cross-entropy, sigmoid + BCE), where act′ never appears")),
        Bug(DERIVATIVE_AT_A, tr("act′ taken at a instead of z"),
            tr("act′ is evaluated at the layer's output a = act(z) instead of at z: σ′(σ(z)) instead of σ′(z). "
               "(Computing σ′ from the output as a(1 − a) is right; feeding a into a formula written for z is "
               "the bug.) δ of this layer is wrong, and so is every gradient on its input side."),
            tr("layers whose activation's slope depends on more than the sign of z (sigmoid, tanh, ELU, "
               "softplus, GELU, SiLU, custom); for ReLU, leaky ReLU, step and linear f′(a) = f′(z), so the bug "
               "changes nothing there. Not an output fused with the loss.")),
        Bug(MISSING_TRANSPOSE, tr("∂L/∂x = δ·W (transpose missing)"),
            tr("The gradient handed to the layer below is δ·W instead of δ·Wᵀ. It runs only because W is "
               "square, so nothing crashes. This layer's own gradients are right: the error shows first in "
               "the ∂L/∂a of the layer below, and in every gradient on the input side."),
            tr("dense layers with as many units as inputs that have a layer with parameters below them"),
            shows_in_own_layer=False),
        Bug(BIAS_NOT_SUMMED, tr("∂L/∂b not summed over the batch"),
            tr("∂L/∂b adds δ over the samples of the batch (Σₙ δₙ); the buggy code keeps the first sample's "
               "row δ₁ (un-summed, δ has one row per sample; keeping one row is how the bug runs without a "
               "shape error). Only this bias is wrong: δ and every other gradient are right."),
            tr("every dense (on flat input) or convolutional layer; visible with a batch of 2 or more")),
        Bug(WEIGHT_GRADIENT_DIVIDED_TWICE, tr("∂L/∂W divided by N twice"),
            tr("The loss is a mean over the batch, so δ already carries the 1/N; the buggy code divides "
               "∂L/∂W = xᵀδ by the batch size N once more. Only this layer's weights get a wrong gradient, "
               "N times too small; its bias and the layers below are right."),
            tr("every dense (on flat input) or convolutional layer; visible with a batch of 2 or more")),
        Bug(SIGN_FLIPPED, tr("δ with the wrong sign"),
            tr("δ = ∂L/∂z comes out negated (t − y instead of y − t at the output, a lost minus sign in a "
               "hidden layer). Every gradient of this layer and of the layers on its input side points "
               "uphill: training with it makes the loss rise."),
            tr("every dense or convolutional layer")),
        Bug(LOSS_GRADIENT_NOT_DIVIDED, tr("softmax + cross-entropy δ not divided by N"),
            tr("The loss is the mean over the batch, so the output's δ is (y − t)/N; the buggy code uses "
               "y − t, the gradient of the sum. Every gradient is N times too large: training behaves as "
               "with an N times larger learning rate."),
            tr("the output layer when its δ is fused with the loss: softmax + cross-entropy, or sigmoid + "
               "BCE; visible with a batch of 2 or more")),
        Bug(DROPOUT_MASK_NOT_APPLIED, tr("dropout mask not applied in backward"),
            tr("Forward dropped some units and scaled the kept ones by 1/(1 − p), but backward passes ∂L/∂a "
               "through unmasked: dropped units get a gradient they never earned and kept ones miss the "
               "scale. δ of this layer and every gradient on its input side are wrong."),
            tr("layers with dropout")),
        Bug(BATCHNORM_MISSING_MEAN, tr("batch-norm backward missing the mean term"),
            tr("Batch norm's backward is ∂L/∂x = (g − mean(g) − x̂·mean(g·x̂))/σ with g = γ·∂L/∂y; the "
               "buggy code drops − mean(g), forgetting that the batch mean depends on every input. γ and β "
               "of this layer are right; its W and b and every layer on its input side are wrong."),
            tr("layers with batch norm")),
    )


def bug(bug_id: str) -> Bug:
    for b in bugs():
        if b.id == bug_id:
            return b
    raise ConfigError("bug", f"unknown bug {bug_id!r}; choose one of: {', '.join(BUG_IDS)}")


def typed_bug(formula: str) -> Bug:
    """What a typed act′ is, described like a bug of the list (it may well be right)."""
    return Bug(TYPED_DERIVATIVE, tr("your act′: {formula}", formula=formula),
               tr("Backprop multiplies ∂L/∂a by the derivative you typed, act′ = {formula}, evaluated at this "
                  "layer's z and a. If it is the activation's true derivative every gradient agrees with the "
                  "numerical one; if not, this layer and the layers on its input side differ.", formula=formula),
               tr("any layer with an activation, except an output fused with the loss"))


def _has_activation(info) -> bool:
    return info.kind in ("dense", "conv2d") and info.activation is not None and not info.fused_with_loss


def _flat_core(info) -> bool:
    """A dense layer on flat input (not a sequence) or a conv layer: the cores whose backward we replace."""
    return info.kind == "conv2d" or (info.kind == "dense" and len(info.input_shape) == 1)


def _applies(bug_id: str, infos, i: int) -> bool:
    info = infos[i]
    if bug_id == DERIVATIVE_IS_ACTIVATION or bug_id == TYPED_DERIVATIVE:
        return _has_activation(info)
    if bug_id == DERIVATIVE_AT_A:
        return _has_activation(info) and info.activation not in SIGN_ONLY_SLOPES
    if bug_id == MISSING_TRANSPOSE:
        return (info.kind == "dense" and len(info.input_shape) == 1 and info.input_shape[0] == info.units
                and any(other.param_names for other in infos[:i]))
    if bug_id in (BIAS_NOT_SUMMED, WEIGHT_GRADIENT_DIVIDED_TWICE):
        return _flat_core(info)
    if bug_id == SIGN_FLIPPED:
        return info.kind in ("dense", "conv2d")
    if bug_id == LOSS_GRADIENT_NOT_DIVIDED:
        return info.fused_with_loss
    if bug_id == DROPOUT_MASK_NOT_APPLIED:
        return info.dropout > 0
    if bug_id == BATCHNORM_MISSING_MEAN:
        return info.batch_norm
    return False


def bugs_for(net: Network, layer: int) -> tuple[Bug, ...]:
    """The bugs that can be planted in layer ``layer`` (0-based, as in the trace) of this network."""
    infos = net.describe()
    if not 0 <= layer < len(infos):
        return ()
    return tuple(b for b in bugs() if _applies(b.id, infos, layer))


def layers_for(net: Network, bug_id: str) -> tuple[int, ...]:
    """The layers (0-based) where ``bug_id`` (or ``typed_derivative``) can be planted."""
    infos = net.describe()
    return tuple(i for i in range(len(infos)) if _applies(bug_id, infos, i))


@dataclass(frozen=True)
class Plant:
    """A bug in layer ``layer`` (0-based, as in the trace): an id of :data:`BUG_IDS`, or
    ``typed_derivative`` with ``formula`` (act′ in z, a or x)."""

    layer: int
    bug: str
    formula: str = ""

    def describe(self) -> Bug:
        return typed_bug(self.formula) if self.bug == TYPED_DERIVATIVE else bug(self.bug)


def plant(net: Network, layer: int, bug_id: str) -> Plant:
    """A bug of the list in ``layer``; ConfigError if the id is unknown or the bug cannot apply there."""
    found = bug(bug_id)
    _check_layer(net, layer, bug_id, found.where)
    return Plant(layer, bug_id)


def plant_derivative(net: Network, layer: int, formula: str) -> Plant:
    """A typed act′ for ``layer``, in z, a (the layer's output) or x (= z); ConfigError (field
    ``derivative``) if the formula is unsafe or malformed, or the layer has no act′ to replace."""
    _check_layer(net, layer, TYPED_DERIVATIVE, typed_bug(str(formula)).where)
    _expression(formula)
    return Plant(layer, TYPED_DERIVATIVE, formula)


def _check_layer(net, layer, bug_id, where):
    infos = net.describe()
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(infos):
        raise ConfigError("layer", f"must be a layer index from 0 to {len(infos) - 1}, got {layer!r}")
    if not _applies(bug_id, infos, layer):
        raise ConfigError("layer", tr("this bug cannot be planted in {layer}; it applies to {where}",
                                      layer=infos[layer].name, where=where))


def _expression(formula) -> Expression:
    return Expression.parse(formula, DERIVATIVE_VARIABLES, "derivative")


# -- the buggy layers: subclasses of the private copy's own layer classes ------------------------

class _ActivationIsDerivative:
    def backward(self, dout):
        self.dact = np.array(self.a)
        return dout * self.dact


class _DerivativeAtA:
    def backward(self, dout):
        self.dact = self.activation.df(self.a)
        return dout * self.dact


class _TypedDerivative:
    expression: Expression

    def backward(self, dout):
        value = self.expression(self.z, self.a, self.z)
        self.dact = np.asarray(value, dtype=np.result_type(self.z.dtype, np.float32))
        return dout * self.dact


class _SignFlipped:
    def backward(self, dout):
        return -super().backward(dout)


class _FusedOutputBug:
    """The output's fused δ computed in the activation's place (the copy's ``_fused`` is off), with a bug."""

    loss_name: str
    targets = None
    flip = False

    def backward(self, dout):
        y = self.a
        delta = losses.fused_delta(self.loss_name, y, losses.prepare_targets(self.loss_name, self.targets, y))
        self.dact = None
        if self.flip:
            return -delta
        return delta * (y.size // y.shape[-1])  # the batch's rows: y − t, not (y − t)/N


class _NoTranspose:
    def backward(self, dout):
        super().backward(dout)
        return dout @ self.W


class _BiasNotSummed:
    def backward(self, dout):
        dx = super().backward(dout)
        first = dout[0]
        self.db = first.reshape(first.shape[0], -1).sum(axis=1) if first.ndim > 1 else np.array(first)
        return dx


class _WeightGradientDividedTwice:
    def backward(self, dout):
        dx = super().backward(dout)
        self.dW = self.dW / dout.shape[0]
        return dx


class _DropoutMaskNotApplied:
    def backward(self, dout):
        return dout


class _BatchNormMissingMean:
    def backward(self, dout):
        dx = super().backward(dout)
        _xc, std, _xn, shape = self._cache
        d2, _ = self._to_2d(dout)
        dx2, _ = self._to_2d(dx)
        # the right dx subtracts mean(γ·g)/σ; the bug leaves it in
        return self._from_2d(dx2 + self.gamma * d2.mean(axis=0) / std, shape)


@functools.cache
def _subclass(mixin, base):
    return type(f"{mixin.__name__.lstrip('_')}{base.__name__}", (mixin, base), {})


def _swap_class(obj, mixin):
    """Give one layer object of the private copy the buggy ``backward`` (its state and views stay)."""
    obj.__class__ = _subclass(mixin, type(obj))


def _planted_copy(net: Network, plant_: Plant | None, dtype: str | None = None) -> Network:
    """A private copy of ``net`` (weights, buffers, random state), in ``dtype``, with the bug planted."""
    twin = Network({**net.config, "dtype": dtype or net.config["dtype"]})
    twin.set_params(net.params)
    twin.set_buffers(net.buffers())
    twin.rng.bit_generator.state = net.rng.bit_generator.state
    if plant_ is None:
        return twin
    _check_layer(net, plant_.layer, plant_.bug, plant_.describe().where)  # a plant made for another network
    block = twin.blocks[plant_.layer]
    kind = plant_.bug
    if kind == DERIVATIVE_IS_ACTIVATION:
        _swap_class(block.act, _ActivationIsDerivative)
    elif kind == DERIVATIVE_AT_A:
        _swap_class(block.act, _DerivativeAtA)
    elif kind == TYPED_DERIVATIVE:
        _swap_class(block.act, _TypedDerivative)
        block.act.expression = _expression(plant_.formula)
    elif kind in (SIGN_FLIPPED, LOSS_GRADIENT_NOT_DIVIDED) and block is twin.output and twin._fused:
        twin._fused = False  # the output's act layer now computes the fused δ, with the bug
        _swap_class(block.act, _FusedOutputBug)
        block.act.loss_name, block.act.flip = twin.loss_name, kind == SIGN_FLIPPED
    elif kind == SIGN_FLIPPED:
        _swap_class(block.act, _SignFlipped)
    elif kind == MISSING_TRANSPOSE:
        _swap_class(block.core, _NoTranspose)
    elif kind == BIAS_NOT_SUMMED:
        _swap_class(block.core, _BiasNotSummed)
    elif kind == WEIGHT_GRADIENT_DIVIDED_TWICE:
        _swap_class(block.core, _WeightGradientDividedTwice)
    elif kind == DROPOUT_MASK_NOT_APPLIED:
        _swap_class(block.dropout, _DropoutMaskNotApplied)
    elif kind == BATCHNORM_MISSING_MEAN:
        _swap_class(block.bn, _BatchNormMissingMean)
    return twin


def _gradient(twin: Network, x, t, recorder=None, summaries=False) -> dict:
    act = twin.output.act
    if isinstance(act, _FusedOutputBug):
        act.targets = t
    return twin.gradient(x, t, recorder=recorder, summaries=summaries)


# -- training with a bug ---------------------------------------------------------------------------

def gradient_function(net: Network, plant_: Plant):
    """A drop-in for ``net.gradient`` (same signature, same trace events) that computes the gradient with
    the planted bug; set it as ``trainer.gradient`` to train with the bug and ``None`` to stop.

    Each call copies ``net``'s weights, batch-norm statistics and random state into a private planted
    copy and hands the random state, statistics, ``last_loss`` and ``last_summaries`` back, so the run is
    the one the normal path would take except for the bug.
    """
    twin = _planted_copy(net, plant_)

    def gradient(x, t, recorder: list | None = None, summaries: bool = False) -> dict:
        twin.set_params(net.params)
        twin.set_buffers(net.buffers())
        twin.rng.bit_generator.state = net.rng.bit_generator.state
        grads = _gradient(twin, x, t, recorder, summaries)
        net.rng.bit_generator.state = twin.rng.bit_generator.state
        net.set_buffers(twin.buffers())
        net.last_loss = twin.last_loss
        if summaries:
            net.last_summaries = twin.last_summaries
        return grads

    gradient.plant = plant_
    return gradient


# -- the report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Factor:
    """One number of the chain rule in one layer, as the buggy pass computed it and as it should be.

    ``key`` is ``dL_da`` (∂L/∂a as the layer received it), ``dL_da_masked`` (after the dropout mask),
    ``dact`` (act′(z)), ``delta`` (δ = ∂L/∂z), a parameter name (its gradient), ``core_delta`` (δ through
    batch norm), ``dinput`` (∂L/∂x handed down) or ``input`` (the layer's input, the a of ∂L/∂W = aᵀδ;
    never wrong). ``buggy`` and ``correct`` are None where the quantity does not exist (a fused output's
    act′, the first layer's ∂L/∂x).
    """

    key: str
    symbol: str
    buggy: np.ndarray | None
    correct: np.ndarray | None
    wrong: bool


@dataclass(frozen=True)
class ParamReport:
    """One parameter: the buggy backprop gradient, the numerical one and a verdict per element.

    ``verdicts`` is shaped like the parameter: "agree", "inconclusive", "differ", or "" where the element
    was not checked (``limit``); ``checks`` maps an element's index to its :class:`gradcheck.Check` (the
    reason). ``correct`` is the correct backprop gradient (None in an exercise's blind report).
    """

    name: str
    layer: int
    gradient: np.ndarray
    correct: np.ndarray | None
    numerical: np.ndarray
    verdicts: np.ndarray
    checks: dict = field(repr=False)

    @property
    def counts(self) -> dict:
        return _counts(self.verdicts)

    @property
    def verdict(self) -> str:
        return _summary_verdict(self.counts)


@dataclass(frozen=True)
class LayerReport:
    """One layer: its verdict counts, the chain-rule factors, and whether the error enters here.

    ``verdict`` is "differ" if any element differs, else "agree" if any agrees, else "inconclusive" ("" for
    a layer without parameters). ``first_wrong`` is the key of the first wrong factor in backward order.
    """

    index: int
    name: str
    params: tuple
    counts: dict
    verdict: str
    factors: tuple
    first_wrong: str | None
    entry: bool
    planted: bool

    def factor(self, key: str) -> Factor | None:
        return next((f for f in self.factors if f.key == key), None)


@dataclass(frozen=True)
class Report:
    """The gradient check of a (possibly) buggy backward pass.

    ``entry_layer`` is the evidence: the highest layer (output side) whose parameters differ — a wrong δ
    propagates to the layers on its input side. ``first_wrong`` is (layer, factor key) of the first wrong
    number in backward order, where the bug is; it equals the planted layer for every bug. ``masks`` are
    the dropout masks used (by layer), ``loss`` the batch loss.
    """

    plant: Plant | None
    loss: float
    params: dict
    layers: tuple
    entry_layer: int | None
    first_wrong: tuple | None
    masks: dict = field(repr=False)

    def differing(self) -> tuple[str, ...]:
        """The parameters with at least one element that differs, input side first."""
        return tuple(name for name, p in self.params.items() if p.counts["differ"])

    @property
    def counts(self) -> dict:
        total = {gradcheck.AGREE: 0, gradcheck.INCONCLUSIVE: 0, gradcheck.DIFFER: 0}
        for p in self.params.values():
            for k, v in p.counts.items():
                total[k] += v
        return total

    def blind(self) -> Report:
        """The report without what gives the bug away (the plant, the correct values, the factors'
        comparison, the entry layer): what the exercise shows before the student answers."""
        params = {k: replace(p, correct=None) for k, p in self.params.items()}
        layers = tuple(replace(layer, factors=(), first_wrong=None, entry=False, planted=False)
                       for layer in self.layers)
        return replace(self, plant=None, params=params, layers=layers, entry_layer=None, first_wrong=None)


def _counts(verdicts) -> dict:
    return {v: int(np.count_nonzero(verdicts == v)) for v in (gradcheck.AGREE, gradcheck.INCONCLUSIVE,
                                                               gradcheck.DIFFER)}


def _summary_verdict(counts) -> str:
    if counts[gradcheck.DIFFER]:
        return gradcheck.DIFFER
    if counts[gradcheck.AGREE]:
        return gradcheck.AGREE
    return gradcheck.INCONCLUSIVE if counts[gradcheck.INCONCLUSIVE] else ""


def _differs(buggy, correct) -> bool:
    if buggy is None or correct is None:
        return (buggy is None) != (correct is None)
    a, b = np.asarray(buggy, dtype=np.float64), np.asarray(correct, dtype=np.float64)
    if a.shape != b.shape:
        return True
    if np.array_equal(a, b, equal_nan=True):
        return False
    with np.errstate(all="ignore"):
        scale = max(float(np.nanmax(np.abs(a), initial=0.0)), float(np.nanmax(np.abs(b), initial=0.0)))
        if not math.isfinite(scale):
            return True
        return not np.allclose(a, b, rtol=FACTOR_RTOL, atol=FACTOR_RTOL * scale, equal_nan=True)


def _symbol(key: str) -> str:
    fixed = {"dL_da": "∂L/∂a", "dL_da_masked": tr("∂L/∂a · dropout mask"), "dact": "act′(z)",
             "delta": "δ = ∂L/∂z", "core_delta": tr("∂L/∂(xW + b) (through batch norm)"),
             "dinput": "∂L/∂x", "input": tr("x (the layer's input)")}
    return fixed.get(key) or f"∂L/∂{key}"


def _events(events):
    forward = {e.layer: e for e in events if e.kind == "forward"}
    backward = {e.layer: e for e in events if e.kind == "backward"}
    loss = next(e for e in events if e.kind == "loss")
    return forward, backward, loss


def _factor_values(twin: Network, events) -> dict[int, list]:
    """Per layer, (key, value) in backward order, read from a recorded pass."""
    forward, backward, loss = _events(events)
    out = {}
    incoming = loss.dL_dy
    for block in reversed(twin.blocks):
        e = backward[block.index]
        values = [("dL_da", incoming)]
        if block.dropout is not None:
            values.append(("dL_da_masked", e.dL_da))
        if block.act is not None:
            values += [("dact", e.dact), ("delta", e.delta)]
        names = block.param_names
        values += [(name, e.grads.get(name)) for name in names[2:]]  # γ, β come before the core's
        if block.bn is not None:
            values.append(("core_delta", e.core_delta))
        values += [(name, e.grads.get(name)) for name in names[:2]]
        values += [("dinput", e.dinput), ("input", forward[block.index].input)]
        out[block.index] = values
        incoming = e.dinput
    return out


def _recorded_pass(twin, x, t):
    events = []
    with np.errstate(all="ignore"):
        _gradient(twin, x, t, recorder=events)
    grads = {}
    for e in events:
        if e.kind == "backward":
            grads.update(e.grads)
    return events, grads


def _fix_masks(twin: Network, masks: dict | None):
    """Hold dropout masks (given ones, else the first drawn) and batch-norm statistics, as the check does."""
    masks = masks or {}
    for block in twin.blocks:
        if block.dropout is not None:
            mask = masks.get(block.index)
            block.dropout.mask = None if mask is None else np.asarray(mask, dtype=twin.dtype)
            block.dropout.fixed_mask = True
        if block.bn is not None:
            block.bn.update_running = False


def debug(net: Network, x, t, plant_: Plant | None, masks: dict | None = None, params: dict | None = None,
          limit: int | None = None, progress=None, numerical: bool = True) -> Report:
    """Backprop with ``plant_`` (None: the correct pass) against the numerical gradient, in float64.

    ``masks`` (dropout masks by layer; default: drawn once from the network's random state) and
    ``params`` (default: the current weights) say which step to check. ``limit`` checks at most that many
    elements per parameter (a seeded sample; the rest get the verdict ""), ``progress(done, total)`` may
    raise to stop, and ``numerical=False`` skips the check (factors only; every verdict "").
    """
    source = net
    if params is not None:
        source = _planted_copy(net, None)
        source.set_params(params)
    correct_net = _planted_copy(source, None, "float64")
    buggy_net = _planted_copy(source, plant_, "float64")
    _fix_masks(correct_net, masks)
    x64 = correct_net._prepare_x(np.asarray(x, dtype=np.float64))
    events, correct = _recorded_pass(correct_net, x64, t)
    used = {b.index: b.dropout.mask for b in correct_net.blocks if b.dropout is not None}
    _fix_masks(buggy_net, used)
    buggy_events, buggy = _recorded_pass(buggy_net, x64, t)

    probe = gradcheck.Probe(correct_net, x64, t, None, used) if numerical else None  # float64: its tolerance
    chosen = {name: _elements(g.size, limit) for name, g in buggy.items()}
    total, done = sum(len(c) for c in chosen.values()), 0
    params_out = {}
    for name in net.params:
        g = np.asarray(buggy[name], dtype=np.float64)
        numeric = np.full(g.shape, np.nan)
        verdicts = np.full(g.shape, "", dtype="<U12")
        checks = {}
        if probe is not None:
            for flat in chosen[name]:
                index = np.unravel_index(int(flat), g.shape)
                check = probe.check(name, index, float(g[index]))
                numeric[index], verdicts[index], checks[index] = check.numerical, check.verdict, check
                done += 1
                if progress is not None:
                    progress(done, total)
        params_out[name] = ParamReport(name, net.layer_of_param(name), g, np.asarray(correct[name]), numeric,
                                       verdicts, checks)

    layers = _layer_reports(net, correct_net, events, buggy_events, params_out, plant_)
    entry = max((lr.index for lr in layers if lr.verdict == gradcheck.DIFFER), default=None)
    first = next(((lr.index, lr.first_wrong) for lr in reversed(layers) if lr.first_wrong), None)
    layers = tuple(replace(lr, entry=lr.index == entry) for lr in layers)
    loss = next(e.value for e in buggy_events if e.kind == "loss")
    return Report(plant_, loss, params_out, layers, entry, first, used)


def debug_trace(net: Network, trace, plant_: Plant | None, limit: int | None = None, progress=None,
                numerical: bool = True) -> Report:
    """:func:`debug` for the step a trace recorded: its batch, its starting weights and its dropout masks."""
    return debug(net, trace.batch_x, trace.batch_t, plant_, gradcheck.masks_of(trace),
                 trace.params_before() or None, limit, progress, numerical)


def _elements(size: int, limit: int | None) -> np.ndarray:
    if limit is None or size <= limit:
        return np.arange(size)
    return np.sort(np.random.default_rng(0).choice(size, limit, replace=False))


def _layer_reports(net, twin, events, buggy_events, params_out, plant_) -> tuple:
    infos = net.describe()
    correct_values = _factor_values(twin, events)
    buggy_values = _factor_values(twin, buggy_events)
    out = []
    for info, block in zip(infos, twin.blocks):
        factors = []
        for (key, good), (_, bad) in zip(correct_values[block.index], buggy_values[block.index]):
            wrong = key != "input" and _differs(bad, good)
            factors.append(Factor(key, _symbol(key), _copy(bad), _copy(good), wrong))
        first_wrong = next((f.key for f in factors if f.wrong), None)
        counts = {gradcheck.AGREE: 0, gradcheck.INCONCLUSIVE: 0, gradcheck.DIFFER: 0}
        for name in info.param_names:
            for k, v in params_out[name].counts.items():
                counts[k] += v
        out.append(LayerReport(info.index, info.name, tuple(info.param_names), counts, _summary_verdict(counts),
                               tuple(factors), first_wrong, False,
                               plant_ is not None and plant_.layer == info.index))
    return tuple(out)


def _copy(a):
    return None if a is None else np.array(a)


# -- the exercise ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """Whether the guess was right, where the bug was, and the evidence: the parameters that differ
    and the first wrong factor of the backward pass (in the planted layer)."""

    correct: bool
    guess: int
    layer: int
    bug: Bug
    differing: tuple
    wrong_factor: Factor | None
    message: str
    report: Report


class Exercise:
    """"Which layer is wrong?": a bug planted in a layer the exercise does not reveal until the answer."""

    def __init__(self, net: Network, plant_: Plant):
        self._net, self._plant = net, plant_
        self._report: Report | None = None

    def check(self, x, t, masks: dict | None = None, limit: int | None = None, progress=None) -> Report:
        """The gradient check of the buggy pass, blind: verdicts only (see :meth:`Report.blind`)."""
        self._report = debug(self._net, x, t, self._plant, masks, limit=limit, progress=progress)
        return self._report.blind()

    def answer(self, guess_layer: int) -> Answer:
        """Right or wrong, with the evidence of the last :meth:`check` (call it first)."""
        if self._report is None:
            raise ValueError("run check() on a batch before answering: the evidence comes from it")
        report, layer = self._report, self._plant.layer
        infos = self._net.describe()
        found = self._plant.describe()
        planted = report.layers[layer]
        key = planted.first_wrong
        wrong_factor = planted.factor(key) if key else None
        right = guess_layer == layer
        where = infos[layer].name
        if right:
            message = tr("Right: the bug is in {layer} — {bug}.", layer=where, bug=found.name)
        else:
            guessed = infos[guess_layer].name if 0 <= guess_layer < len(infos) else str(guess_layer)
            message = tr("Not {guess}: the bug is in {layer} — {bug}.", guess=guessed, layer=where, bug=found.name)
        if report.entry_layer is None:
            message += " " + tr("On this batch the check found no gradient that differs, so the bug left no "
                                "evidence (a batch of one sample hides the batch-size bugs).")
        else:
            message += " " + tr("The highest layer whose parameters differ is {entry}.",
                                entry=infos[report.entry_layer].name)
            if report.entry_layer != layer:
                message += " " + tr("Its gradients are wrong because the ∂L/∂a it receives is: {layer} computes "
                                    "that ∂L/∂x wrongly.", layer=where)
        if wrong_factor is not None:
            message += " " + tr("The first wrong number of the backward pass is {symbol} of {layer}.",
                                symbol=wrong_factor.symbol, layer=where)
        message += " " + found.explanation
        return Answer(right, guess_layer, layer, found, report.differing(), wrong_factor, message, report)


def plant_random_bug(net: Network, seed: int, bug_ids: tuple | None = None) -> Exercise:
    """An exercise: a layer drawn uniformly among those where a bug applies, then a bug valid there.

    By default the missing transpose is left out: its own layer's gradients are right, so the check's
    verdicts alone cannot tell it from a bug in the layer below.
    """
    infos = net.describe()
    allowed = bug_ids or tuple(b.id for b in bugs() if b.shows_in_own_layer)
    options = {i: [b for b in allowed if _applies(b, infos, i)] for i in range(len(infos))}
    layers = [i for i, found in options.items() if found]
    if not layers:
        raise ConfigError("bug", "no bug of the list applies to any layer of this network")
    rng = np.random.default_rng(seed)
    layer = layers[int(rng.integers(len(layers)))]
    choice = options[layer][int(rng.integers(len(options[layer])))]
    return Exercise(net, Plant(layer, choice))
