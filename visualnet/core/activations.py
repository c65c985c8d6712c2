"""Activation functions with their exact derivatives, registered by name.

Every ``f`` and ``df`` is written to stay quiet (no overflow warnings) at ±1000, because students
will happily type huge learning rates and the views plot whatever comes out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from visualnet.core.errors import ConfigError

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An elementwise function ``f`` with derivative ``df`` (w.r.t. its input) and a display formula.

    ``params`` holds tunable constants (leaky slope, ELU alpha).
    """

    name: str
    formula: str
    derivative_formula: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    params: dict = field(default_factory=dict)
    output_only: bool = False
    df_from_output: Callable[[Array], Array] | None = None  # f′ from a = f(z), saving a second f(z)
    saturates: bool = False  # flat tails at large |z| (sigmoid, tanh): small f′ there means saturated

    def config(self) -> dict:
        """JSON-able description that :func:`get` turns back into this activation."""
        return {"activation": self.name, **self.params}


def sigmoid(x: Array) -> Array:
    """Logistic 1/(1+e^−x). For x ≪ 0, e^−x overflows to inf and the result is exactly 0 — the right
    answer, so the overflow is silenced rather than avoided (three in-place passes: this is the
    hot path of every sigmoid network)."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    with np.errstate(over="ignore"):
        out = np.negative(x)
        np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def _sigmoid_df(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def _tanh_df(x):
    t = np.tanh(x)
    return 1.0 - t * t


def _softplus(x):
    # log(1 + e^x) = max(x, 0) + log1p(e^−|x|)
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


_GELU_C = math.sqrt(2.0 / math.pi)


def _gelu(x):
    # tanh form (PyTorch's approximate="tanh"): fast, and its derivative below is exact for it
    u = _GELU_C * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))


def _gelu_df(x):
    u = _GELU_C * (x + 0.044715 * x**3)
    t = np.tanh(u)
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _GELU_C * (1.0 + 3 * 0.044715 * x * x)


def _silu_df(x):
    s = sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


def _elu(alpha):
    def f(x):
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))

    def df(x):
        return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(np.result_type(x, np.float32))

    return f, df


def _leaky(alpha):
    def f(x):
        return np.where(x > 0, x, alpha * x)

    def df(x):
        return np.where(x > 0, 1.0, alpha).astype(np.result_type(x, np.float32))

    return f, df


def softmax(z: Array) -> Array:
    """Row-wise softmax over the last axis, shifted by the row maximum so exp never overflows."""
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_df(z):
    # Only the diagonal of the Jacobian, s(1−s): shown on plots; backprop uses the fused loss gradient.
    s = softmax(z)
    return s * (1.0 - s)


def _ones_like(x):
    return np.ones_like(np.asarray(x, dtype=np.result_type(x, np.float32)))


def _build(name: str, alpha: float | None = None) -> Activation:
    if name == "linear":
        return Activation("linear", "f(x) = x", "f′(x) = 1", lambda x: np.asarray(x), _ones_like)
    if name == "step":
        return Activation("step", "f(x) = 1 if x > 0 else 0", "f′(x) = 0 (undefined at 0)",
                          lambda x: (np.asarray(x) > 0).astype(np.result_type(x, np.float32)),
                          lambda x: np.zeros_like(np.asarray(x, dtype=np.result_type(x, np.float32))))
    if name == "sigmoid":
        return Activation("sigmoid", "σ(x) = 1 / (1 + e^−x)", "σ′(x) = σ(x)(1 − σ(x)) ≤ 0.25",
                          sigmoid, _sigmoid_df, df_from_output=lambda a: a * (1.0 - a), saturates=True)
    if name == "tanh":
        return Activation("tanh", "tanh(x) = (eˣ − e^−x) / (eˣ + e^−x)", "tanh′(x) = 1 − tanh²(x)",
                          np.tanh, _tanh_df, df_from_output=lambda a: 1.0 - a * a, saturates=True)
    if name == "relu":
        return Activation("relu", "ReLU(x) = max(0, x)", "ReLU′(x) = 1 if x > 0 else 0",
                          lambda x: np.maximum(x, 0), lambda x: (np.asarray(x) > 0).astype(np.result_type(x, np.float32)))
    if name == "leaky_relu":
        a = 0.01 if alpha is None else alpha
        f, df = _leaky(a)
        return Activation("leaky_relu", f"f(x) = x if x > 0 else {a:g}·x", f"f′(x) = 1 if x > 0 else {a:g}",
                          f, df, {"alpha": a})
    if name == "elu":
        a = 1.0 if alpha is None else alpha
        f, df = _elu(a)
        return Activation("elu", f"ELU(x) = x if x > 0 else {a:g}·(eˣ − 1)", f"ELU′(x) = 1 if x > 0 else {a:g}·eˣ",
                          f, df, {"alpha": a})
    if name == "softplus":
        return Activation("softplus", "softplus(x) = ln(1 + eˣ)", "softplus′(x) = σ(x)", _softplus, sigmoid)
    if name == "gelu":
        return Activation("gelu", "GELU(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³)))  (tanh form)",
                          "GELU′(x) = derivative of the tanh form",
                          _gelu, _gelu_df)
    if name in ("silu", "swish"):
        return Activation("silu", "SiLU(x) = x·σ(x)  (swish)", "SiLU′(x) = σ(x)(1 + x(1 − σ(x)))",
                          lambda x: x * sigmoid(x), _silu_df)
    if name == "softmax":
        return Activation("softmax", "softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ", "∂sᵢ/∂zᵢ = sᵢ(1 − sᵢ) (diagonal)",
                          softmax, _softmax_df, output_only=True)
    raise ConfigError("activation", f"unknown activation {name!r}; choose one of: {', '.join(NAMES)}")


SATURATION_SLOPE = 0.01  # |f′(z)| below this on a saturating activation: the gradient nearly stops


def dead_units(dact: Array) -> Array:
    """Per unit (last axis, or channel axis 1 of maps): True where f′(z) = 0 for every sample of the
    batch — no gradient reaches the unit's incoming weights (a dead ReLU)."""
    d = np.asarray(dact)
    if d.ndim > 2:
        d = np.moveaxis(d, 1, -1).reshape(-1, d.shape[1])
    return ~d.reshape(-1, d.shape[-1]).any(axis=0)


def saturated(activation, dact: Array) -> Array:
    """Where a saturating activation's slope is below :data:`SATURATION_SLOPE`; all False for others
    (a ReLU at z < 0 is not saturated: it is off, and dead if off for the whole batch). ``activation`` is
    an :class:`Activation` or anything else that says whether it ``saturates`` (a network's ``LayerInfo``)."""
    if not activation.saturates:
        return np.zeros(np.shape(dact), dtype=bool)
    return np.abs(dact) < SATURATION_SLOPE


NAMES = ("linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu",
         "softmax")
_WITH_ALPHA = ("leaky_relu", "elu")


def names() -> tuple[str, ...]:
    """Built-in activation names (``custom`` takes an ``expression`` in x instead)."""
    return NAMES


def get(name: str, alpha: float | None = None, expression: str | None = None) -> Activation:
    """Look an activation up by name (``alpha`` for leaky_relu/elu, ``expression`` for custom)."""
    if not isinstance(name, str):
        raise ConfigError("activation", f"must be a name such as 'relu', got {name!r}")
    if name == "custom":
        return custom(expression)
    if expression is not None:
        raise ConfigError("expression", "only the 'custom' activation takes an expression")
    if alpha is not None:
        if name not in _WITH_ALPHA:
            raise ConfigError("alpha", f"only {' and '.join(_WITH_ALPHA)} take alpha")
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not math.isfinite(alpha) or alpha < 0:
            raise ConfigError("alpha", f"must be a finite number ≥ 0, got {alpha!r}")
        alpha = float(alpha)
    return _build(name, alpha)


def custom(expression: str | None) -> Activation:
    """An activation typed by the user, parsed safely, with its symbolic derivative."""
    if not isinstance(expression, str):
        raise ConfigError("expression", "the custom activation needs an expression in x, e.g. 'x * tanh(x)'")
    from visualnet.core.expressions import parse_activation  # deferred: only custom activations need it

    f, df = parse_activation(expression)
    return Activation("custom", f"f(x) = {expression}", "f′(x) derived symbolically", f, df,
                      {"expression": expression})
