"""What the Convolution tab shows, computed Qt-free: sums written out term by term with the real numbers.

- :func:`output_size` — (N + 2P − F)/S + 1 with the numbers, and why it is refused when not whole (the
  config check and the sandbox's spin boxes say the same sentence).
- :func:`conv_cell` — one output cell of a conv layer: the receptive field in the padded input, the
  element-wise products with the kernel, per-channel sums and + bias.
- :func:`kernel_gradient_cell` — ∂L/∂K[f, c, i, j] as the correlation of the input with the δ map.
- :func:`input_gradient_cell` — ∂L/∂x[c, y, x] as the full convolution of δ (dilated by the stride) with
  the flipped kernel; :func:`input_gradient` the whole map (a first conv layer's trace has none).
- :func:`pool_cell` / :func:`pool_routes` — a pooling window forward (winner or mean) and where its δ goes.
- :func:`parameter_text`, :func:`feature_maps`, :func:`correlate`, :data:`CLASSIC_KERNELS`,
  :func:`shift_comparison` — the sandbox and the feature-map grid.

Products of float32 values are exact in float64 and :class:`WrittenSum` adds them with ``math.fsum``
(exactly rounded), so a written-out sum differs from the layer's own (BLAS) sum only by the layer's
rounding: below 1e-12 for float64 networks, a few float32 ulps for float32 ones. Pooling needs no
product: a max is the winning input itself and a mean is summed in the layer's order and dtype, so both
equal the layer's output to the last bit.

Never imports Qt, nor the network (the config check imports this module); functions take arrays, and
the few that take a network or layer descriptions only read them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from visualnet.core import formatting
from visualnet.core.errors import ConfigError
from visualnet.core.i18n import translate

MINUS = formatting.MINUS
FORMULA = "(N + 2P − F)/S + 1"


def tr(text: str, **values) -> str:
    return translate("Convolution", text).format(**values) if values else translate("Convolution", text)


def fmt(value, digits: int = 3) -> str:
    """A number as an equation shows it: :func:`formatting.fmt` with a real minus sign."""
    return formatting.fmt(value, digits, minus=MINUS)


def _ratio(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else fmt(float(value), 4)


# -- output size ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutputSize:
    """(N + 2P − F)/S + 1 for one axis, exact: ``whole`` when the window fits a whole number of times."""

    n: int
    kernel: int
    pad: int
    stride: int
    exact: Fraction

    @property
    def whole(self) -> bool:
        return self.exact.denominator == 1 and self.exact >= 1

    @property
    def value(self) -> int | None:
        """The output size, or None when the window does not fit a whole number of times."""
        return int(self.exact) if self.whole else None

    @property
    def span(self) -> int:
        """N + 2P − F: how far the window travels, which the stride must divide."""
        return self.n + 2 * self.pad - self.kernel

    @property
    def formula(self) -> str:
        """The formula with the numbers, e.g. "(7 + 2×1 − 3)/2 + 1 = 4"."""
        return (f"({self.n} + 2×{self.pad} {MINUS} {self.kernel})/{self.stride} + 1 = "
                f"{_ratio(self.exact)}").replace("-", MINUS)

    @property
    def reason(self) -> str:
        """Why the size is refused ("" when it is whole), with the formula and its numbers."""
        if self.whole:
            return ""
        if self.span < 0:
            return tr("output size {formula_names} = {formula}: the {kernel}×{kernel} window is larger than the "
                      "padded input ({padded})", formula_names=FORMULA, formula=self.formula, kernel=self.kernel,
                      padded=self.n + 2 * self.pad)
        return tr("output size {formula_names} = {formula} is not a whole number: the stride {stride} does not "
                  "divide N + 2P − F = {span}; change the padding or the stride", formula_names=FORMULA,
                  formula=self.formula, stride=self.stride, span=self.span)


def _count(value, name, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ConfigError(name, f"must be an integer ≥ {low}, got {value!r}")
    return int(value)


def output_size(n: int, kernel: int, pad: int = 0, stride: int = 1) -> OutputSize:
    """The output size along one axis of a conv or pooling layer (pooling: pad 0, kernel = window size)."""
    n, kernel = _count(n, "n", 1), _count(kernel, "kernel", 1)
    pad, stride = _count(pad, "pad", 0), _count(stride, "stride", 1)
    return OutputSize(n, kernel, pad, stride, Fraction(n + 2 * pad - kernel, stride) + 1)


# -- a sum written out ------------------------------------------------------------------------------

@dataclass(frozen=True)
class WrittenSum:
    """Σ a·b (+ bias) term by term: the factors, where each came from, and the exactly rounded total.

    ``a_at``/``b_at`` hold one index tuple per term into the arrays the factors were read from (named by
    the function that made the sum), so a view can light the cells of each term.
    """

    a: np.ndarray
    b: np.ndarray
    a_at: tuple
    b_at: tuple
    bias: float | None = None

    @property
    def products(self) -> np.ndarray:
        return self.a * self.b

    @property
    def value(self) -> float:
        terms = [float(p) for p in self.products]
        if self.bias is not None:
            terms.append(self.bias)
        return math.fsum(terms)

    def __len__(self):
        return len(self.a)

    def equation(self, digits: int = 3, max_terms: int | None = None, bias_symbol: str | None = None) -> str:
        """"0.3×−1 + 0.8×0.5 + … + 0.1 = 1.27": the first ``max_terms`` products, "…" for the rest, the bias
        (or ``bias_symbol``), then the total."""
        shown = len(self) if max_terms is None else min(len(self), max_terms)
        parts = [f"{fmt(a, digits)}×{fmt(b, digits)}" for a, b in zip(self.a[:shown], self.b[:shown])]
        if shown < len(self):
            parts.append("…")
        if self.bias is not None:
            parts.append(bias_symbol or fmt(self.bias, digits))
        left = " + ".join(parts) if parts else "0"
        return f"{left} = {fmt(self.value, digits)}"


def _exact(values) -> np.ndarray:
    """Float64 factors: products of float32 values are then exact, and float64 ones round as the layer's."""
    return np.asarray(values, dtype=np.float64).ravel()


def _geometry(shape, kernel, pad, stride):
    """(OH, OW) of a layer, refusing sizes that are not whole (the network refuses them too)."""
    sizes = [output_size(n, kernel, pad, stride) for n in shape]
    for size in sizes:
        if not size.whole:
            raise ConfigError("stride", size.reason)
    return tuple(size.value for size in sizes)


def _cell(name, index, limits):
    for i, n in zip(index, limits):
        if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < n:
            raise ConfigError(name, f"{tuple(int(v) for v in index)} lies outside {tuple(limits)}")


def pad_input(x: np.ndarray, pad: int) -> np.ndarray:
    """One sample's maps (C, H, W) with ``pad`` zeros around each, as the layer sees them."""
    x = np.asarray(x)
    return np.pad(x, [(0, 0), (pad, pad), (pad, pad)]) if pad else x


# -- forward through a convolution ------------------------------------------------------------------

@dataclass(frozen=True)
class ConvCell:
    """Output cell z[f, row, col] of one sample: its receptive field, the products and the sum.

    ``top``/``left`` place the window in the padded input; ``on_padding`` marks window cells that lie on
    the zero padding. ``sum`` runs over channels, then rows, then columns of the window (``a_at`` indexes
    the padded input (c, y, x), ``b_at`` the kernel W[f] (c, i, j)); ``channel_sums`` are its per-channel parts.
    """

    filter: int
    row: int
    col: int
    top: int
    left: int
    window: np.ndarray
    on_padding: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    channel_sums: np.ndarray
    sum: WrittenSum

    @property
    def value(self) -> float:
        return self.sum.value


def conv_cell(x, W, b, f: int, row: int, col: int, stride: int = 1, pad: int = 0) -> ConvCell:
    """z[f, row, col] of one sample ``x`` (C, H, W) under kernels ``W`` (F, C, K, K) and biases ``b`` (F,)."""
    x, W = np.asarray(x), np.asarray(W)
    c, k = W.shape[1], W.shape[2]
    oh, ow = _geometry(x.shape[1:], k, pad, stride)
    _cell("cell", (f, row, col), (W.shape[0], oh, ow))
    padded = pad_input(x, pad)
    top, left = row * stride, col * stride
    window = padded[:, top:top + k, left:left + k]
    ys, xs = np.arange(top, top + k) - pad, np.arange(left, left + k) - pad
    inside = ((ys >= 0) & (ys < x.shape[1]))[:, None] & ((xs >= 0) & (xs < x.shape[2]))[None, :]
    kernel = W[f]
    a, bb = _exact(window), _exact(kernel)
    at = tuple((ci, top + i, left + j) for ci in range(c) for i in range(k) for j in range(k))
    kat = tuple((ci, i, j) for ci in range(c) for i in range(k) for j in range(k))
    written = WrittenSum(a, bb, at, kat, float(np.asarray(b)[f]))
    products = (a * bb).reshape(c, k, k)
    channel_sums = np.array([math.fsum(p.ravel()) for p in products])
    return ConvCell(f, row, col, top, left, np.array(window), np.broadcast_to(~inside, (c, k, k)).copy(),
                    np.array(kernel), products, channel_sums, written)


# -- backward through a convolution -----------------------------------------------------------------

@dataclass(frozen=True)
class KernelGradientCell:
    """∂L/∂K[f, c, i, j] = Σ_n Σ_(oy, ox) δ[n, f, oy, ox] · x_padded[n, c, oy·S + i, ox·S + j].

    The correlation of the input with the δ map: the kernel weight (i, j) met the input cells of a strided
    grid starting at (i, j). ``sample_sum`` writes out the shown sample's terms (``a_at`` indexes the
    padded input (c, y, x), ``b_at`` the δ map (f, oy, ox)); ``per_sample`` holds every sample's sum, and
    ``value`` their total, which is the layer's ∂L/∂K (the loss's 1/N is already in δ).
    """

    filter: int
    channel: int
    i: int
    j: int
    sample: int
    rows: np.ndarray  # the padded input's rows and columns the weight met (the grid), top to bottom
    cols: np.ndarray
    sample_sum: WrittenSum
    per_sample: np.ndarray

    @property
    def value(self) -> float:
        return math.fsum(float(v) for v in self.per_sample)


def kernel_gradient_cell(x, delta, f: int, c: int, i: int, j: int, stride: int = 1, pad: int = 0,
                         sample: int = 0) -> KernelGradientCell:
    """∂L/∂W[f, c, i, j] from a batch's inputs ``x`` (N, C, H, W) and the conv output's δ (N, F, OH, OW).

    δ is ∂L/∂(conv output): a trace's ``BackwardEvent.core_delta`` when the layer has batch norm, else
    its ``delta``.
    """
    x, delta = np.asarray(x), np.asarray(delta)
    n, _f, oh, ow = delta.shape
    # whole output sizes make the kernel size follow from the shapes: H + 2P − K = S·(OH − 1)
    k = x.shape[2] + 2 * pad - stride * (oh - 1)
    if k < 1 or x.shape[3] + 2 * pad - stride * (ow - 1) != k or len(x) != n:
        raise ConfigError("delta", f"δ of shape {delta.shape} does not fit input {x.shape}")
    _cell("weight", (f, c, i, j), (delta.shape[1], x.shape[1], k, k))
    _cell("sample", (sample,), (n,))
    rows, cols = i + stride * np.arange(oh), j + stride * np.arange(ow)
    per_sample, shown = [], None
    for s in range(n):
        grid = pad_input(x[s], pad)[c][np.ix_(rows, cols)]
        written = WrittenSum(_exact(grid), _exact(delta[s, f]),
                             tuple((c, y, xx) for y in rows for xx in cols),
                             tuple((f, oy, ox) for oy in range(oh) for ox in range(ow)))
        per_sample.append(written.value)
        if s == sample:
            shown = written
    return KernelGradientCell(f, c, i, j, sample, rows, cols, shown, np.array(per_sample))


@dataclass(frozen=True)
class InputGradientCell:
    """∂L/∂x[c, row, col] = Σ_f Σ_(u, v) D[f, row + u, col + v] · W[f, c, K−1−u, K−1−v].

    D is δ dilated by the stride (S − 1 zeros between cells) and padded by K − 1 − P: the full convolution
    of δ with the flipped kernel. ``window`` (F, K, K) is D under the flipped kernel ``flipped`` (F, K, K);
    ``sum`` writes out the terms that meet a δ cell (``a_at`` indexes δ (f, oy, ox), ``b_at`` the kernel
    W (f, c, i, j) unflipped), the others being the zeros of dilation and padding.
    """

    channel: int
    row: int
    col: int
    flipped: np.ndarray
    window: np.ndarray
    sum: WrittenSum

    @property
    def value(self) -> float:
        return self.sum.value


def dilated_delta(delta, kernel: int, stride: int = 1, pad: int = 0) -> np.ndarray:
    """D of :class:`InputGradientCell` for one sample's δ (F, OH, OW): the map the flipped kernel slides over,
    (F, H + K − 1, W + K − 1) for the layer's input size H × W."""
    delta = np.asarray(delta)
    f, oh, ow = delta.shape
    offset = kernel - 1 - pad
    h = (oh - 1) * stride + 1 + 2 * offset
    w = (ow - 1) * stride + 1 + 2 * offset
    out = np.zeros((f, h, w), dtype=np.float64)
    for oy in range(oh):
        y = offset + oy * stride
        if 0 <= y < h:
            for ox in range(ow):
                xx = offset + ox * stride
                if 0 <= xx < w:
                    out[:, y, xx] = delta[:, oy, ox]
    return out


def input_gradient(delta, W, stride: int = 1, pad: int = 0, input_size: tuple | None = None) -> np.ndarray:
    """∂L/∂x (C, H, W) of one sample from its δ (F, OH, OW) and kernels W (F, C, K, K), as the layer computes
    it: a first conv layer skips it while training, so a trace holds None there and a view asks here."""
    from visualnet.core.layers import col2im  # a plain import cycle otherwise: config → here → layers

    delta, W = np.asarray(delta), np.asarray(W)
    f, oh, ow = delta.shape
    k = W.shape[2]
    h, w = input_size or ((oh - 1) * stride + k - 2 * pad, (ow - 1) * stride + k - 2 * pad)
    dcol = W.reshape(f, -1).T @ delta.reshape(f, -1)
    return col2im(dcol[None], (1, W.shape[1], h, w), k, k, stride, pad)[0]


def input_gradient_cell(delta, W, c: int, row: int, col: int, stride: int = 1, pad: int = 0,
                        input_size: tuple | None = None) -> InputGradientCell:
    """∂L/∂x[c, row, col] of one sample from its δ (F, OH, OW) (∂L/∂ conv output) and kernels W (F, C, K, K).

    ``input_size`` (H, W) defaults to the size the output came from.
    """
    delta, W = np.asarray(delta), np.asarray(W)
    f, oh, ow = delta.shape
    k = W.shape[2]
    h, w = input_size or ((oh - 1) * stride + k - 2 * pad, (ow - 1) * stride + k - 2 * pad)
    _cell("cell", (c, row, col), (W.shape[1], h, w))
    flipped = W[:, c, ::-1, ::-1]
    window = dilated_delta(delta, k, stride, pad)[:, row:row + k, col:col + k]
    a, b, a_at, b_at = [], [], [], []
    for fi in range(f):
        for u in range(k):
            for v in range(k):
                i, j = k - 1 - u, k - 1 - v
                ty, tx = row + pad - i, col + pad - j  # = oy·S, ox·S when this weight met the cell
                if ty % stride or tx % stride:
                    continue
                oy, ox = ty // stride, tx // stride
                if 0 <= oy < oh and 0 <= ox < ow:
                    a.append(delta[fi, oy, ox])
                    b.append(W[fi, c, i, j])
                    a_at.append((fi, oy, ox))
                    b_at.append((fi, c, i, j))
    written = WrittenSum(_exact(a), _exact(b), tuple(a_at), tuple(b_at))
    return InputGradientCell(c, row, col, np.array(flipped), window, written)


# -- pooling ------------------------------------------------------------------------------------

POOL_KINDS = {"maxpool": "max", "avgpool": "avg", "max": "max", "avg": "avg"}


@dataclass(frozen=True)
class PoolCell:
    """Output cell (channel, row, col) of a pooling layer: its window, and the winner (max) or the mean.

    ``winner`` is (i, j) in the window, the first maximum in row-major order as the layer picks it (None
    for average pooling); ``value`` equals the layer's output to the last bit.
    """

    kind: str
    channel: int
    row: int
    col: int
    top: int
    left: int
    window: np.ndarray
    winner: tuple | None
    value: float
    equation: str


def pool_cell(x, kind: str, size: int, stride: int, c: int, row: int, col: int, digits: int = 3) -> PoolCell:
    """One pooling window of one sample's maps ``x`` (C, H, W); ``kind`` "maxpool"/"max" or "avgpool"/"avg"."""
    x = np.asarray(x)
    mode = _pool_kind(kind)
    oh, ow = _geometry(x.shape[1:], size, 0, stride)
    _cell("cell", (c, row, col), (x.shape[0], oh, ow))
    top, left = row * stride, col * stride
    window = np.array(x[c, top:top + size, left:left + size])
    flat = window.ravel()
    listed = ", ".join(fmt(v, digits) for v in flat)
    if mode == "max":
        k = int(np.argmax(flat))
        value = flat[k]
        return PoolCell(mode, c, row, col, top, left, window, divmod(k, size), float(value),
                        f"max({listed}) = {fmt(value, digits)}")
    total = flat[0].copy()
    for v in flat[1:]:  # the layer's order and dtype: the mean comes out bit for bit
        total += v
    value = total / flat.dtype.type(size * size)
    return PoolCell(mode, c, row, col, top, left, window, None, float(value),
                    f"({' + '.join(fmt(v, digits) for v in flat)})/{size * size} = {fmt(value, digits)}")


def _pool_kind(kind):
    if kind not in POOL_KINDS:
        raise ConfigError("kind", f"must be one of maxpool, avgpool, got {kind!r}")
    return POOL_KINDS[kind]


@dataclass(frozen=True)
class PoolRoute:
    """Where the δ of one pooled cell goes backward: input cells (c, y, x) and the share each receives."""

    delta: float
    cells: tuple
    shares: np.ndarray


def pool_routes(x, delta, kind: str, size: int, stride: int, c: int, row: int, col: int) -> PoolRoute:
    """Backward through one window: max pooling routes all of δ to the winner, average pooling δ/size² to each."""
    cell = pool_cell(x, kind, size, stride, c, row, col)
    d = float(np.asarray(delta)[c, row, col])
    if cell.kind == "max":
        i, j = cell.winner
        return PoolRoute(d, ((c, cell.top + i, cell.left + j),), np.array([d]))
    cells = tuple((c, cell.top + i, cell.left + j) for i in range(size) for j in range(size))
    share = np.asarray(delta)[c, row, col] / np.asarray(delta).dtype.type(size * size)
    return PoolRoute(d, cells, np.full(len(cells), float(share)))


def winner_mask(winners, input_shape: tuple, size: int, stride: int) -> np.ndarray:
    """Per input cell, how many windows it won, from a max-pool's ``winners`` (N, C, OH, OW) (a trace's
    ``ForwardEvent.winners``): where δ flows backward (0 elsewhere; overlapping windows can count twice)."""
    winners = np.asarray(winners)
    counts = np.zeros(input_shape, dtype=np.int32)
    oh, ow = winners.shape[-2:]
    for k in range(size * size):
        i, j = divmod(k, size)
        view = counts[..., i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride]
        view += winners == k
    return counts


# -- parameter counts, feature maps ---------------------------------------------------------------

def parameter_count(filters: int, channels: int, kernel: int) -> int:
    return filters * channels * kernel * kernel + filters


def parameter_text(filters: int, channels: int, kernel: int) -> str:
    """"30 filters × 1 × 5 × 5 + 30 = 780 weights": a conv layer's kernels and biases counted."""
    total = f"{parameter_count(filters, channels, kernel):,}"
    if filters == 1:
        return tr("1 filter × {c} × {k} × {k} + 1 = {total} weights", c=channels, k=kernel, total=total)
    return tr("{f} filters × {c} × {k} × {k} + {f} = {total} weights", f=filters, c=channels, k=kernel, total=total)


def layer_parameter_text(info) -> str:
    """The parameter count of a described layer (``Network.describe()``): conv or dense, "" for the others."""
    if info.kind == "conv2d":
        return parameter_text(info.config["filters"], info.input_shape[0], info.config["kernel"])
    if info.kind == "dense":
        n_in, units = info.input_shape[0], info.config["units"]
        return tr("{n_in} × {units} + {units} = {total} weights", n_in=f"{n_in:,}", units=f"{units:,}",
                  total=f"{n_in * units + units:,}")
    return ""


def shape_text(shape) -> str:
    """"30×24×24": a map stack's shape as C×H×W."""
    return "×".join(str(int(s)) for s in shape)


@dataclass(frozen=True)
class LayerMaps:
    """One conv or pooling layer's maps for one sample: what the feature-map grid draws.

    ``maps`` (C, H, W) is the layer's output a (after the activation for conv layers), ``z`` the conv
    output before it (None for pooling); ``kernels`` (F, C, K, K) are the conv weights the step used.
    """

    layer: int
    kind: str
    title: str
    input: np.ndarray
    z: np.ndarray | None
    maps: np.ndarray
    kernels: np.ndarray | None
    parameters: str

    @property
    def shape(self) -> tuple:
        return self.maps.shape


def feature_maps(trace, layers, sample: int = 0) -> list[LayerMaps]:
    """Every conv and pooling layer's maps for ``sample`` of a recorded step (``layers`` = ``describe()``)."""
    params = trace.params_before()
    out = []
    for event in trace.of_kind("forward"):
        info = layers[event.layer]
        if info.kind not in ("conv2d", "maxpool", "avgpool"):
            continue
        conv = info.kind == "conv2d"
        cfg = info.config
        if conv:
            title = tr("conv {n}: {f}@{k}×{k}", n=info.index + 1, f=cfg["filters"], k=cfg["kernel"])
        else:
            title = tr("{kind} {k}×{k}", kind=tr("max pool") if info.kind == "maxpool" else tr("average pool"),
                       k=cfg["size"])
        out.append(LayerMaps(info.index, info.kind, f"{title} — {shape_text(info.output_shape)}",
                             np.asarray(event.input)[sample], np.asarray(event.z)[sample] if conv else None,
                             np.asarray(event.a)[sample], np.asarray(params[info.weight]) if conv else None,
                             layer_parameter_text(info)))
    return out


# -- the sandbox --------------------------------------------------------------------------------------

CLASSIC_KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
    "edge": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64),
    "vertical edge": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64),
    "horizontal edge": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float64),
    "blur": np.full((3, 3), 1 / 9),
    "gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=np.float64) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
}


def correlate(image, kernel, bias: float = 0.0, stride: int = 1, pad: int = 0) -> np.ndarray:
    """The sandbox's output: ``image`` (H, W) or (C, H, W) under ``kernel`` (K, K) (on every channel),
    (C, K, K) or F filters (F, C, K, K), exactly as a conv layer computes it (the same layer code, float64).
    Returns (OH, OW) for one kernel, else (F, OH, OW); a size that is not whole raises ConfigError with the
    formula."""
    from visualnet.core.layers import Conv2D  # a plain import cycle otherwise: config → here → layers

    x = np.asarray(image, dtype=np.float64)
    x = x[None] if x.ndim == 2 else x
    k = np.asarray(kernel, dtype=np.float64)
    single = k.ndim < 4
    k = k.reshape((1,) * (4 - k.ndim) + k.shape)
    if k.shape[1] != x.shape[0]:
        if k.shape[1] != 1:
            raise ConfigError("kernel", f"has {k.shape[1]} channels, the image {x.shape[0]}")
        k = np.repeat(k, x.shape[0], axis=1)  # one kernel over every channel
    _geometry(x.shape[1:], k.shape[2], pad, stride)
    out = Conv2D(k, np.full(k.shape[0], float(bias)), stride, pad).forward(x[None], train=False)[0]
    return out[0] if single else out


def shift(image, dy: int = 0, dx: int = 1) -> np.ndarray:
    """``image`` (…, H, W) moved by (dy, dx) pixels, zeros shifted in: the location-invariance toggle."""
    image = np.asarray(image)
    out = np.zeros_like(image)
    h, w = image.shape[-2:]
    src_y, dst_y = slice(max(-dy, 0), h - max(dy, 0)), slice(max(dy, 0), h - max(-dy, 0))
    src_x, dst_x = slice(max(-dx, 0), w - max(dx, 0)), slice(max(dx, 0), w - max(-dx, 0))
    out[..., dst_y, dst_x] = image[..., src_y, src_x]
    return out


def relative_change(before, after) -> float:
    """‖after − before‖ / ‖before‖ (0 when both are 0)."""
    before, after = np.asarray(before, dtype=np.float64), np.asarray(after, dtype=np.float64)
    norm = float(np.linalg.norm(before))
    diff = float(np.linalg.norm(after - before))
    return 0.0 if diff == 0 else diff / norm if norm else math.inf


def shift_comparison(net, image, dy: int = 0, dx: int = 1) -> list[tuple[int, str, float]]:
    """(layer, kind, relative change) of every conv and pooling layer's output when ``image`` (one sample)
    moves by (dy, dx) pixels: pooled maps change less than the conv maps below them (location invariance)."""
    x = np.asarray(image, dtype=net.dtype).reshape(net.input_shape)
    outputs = []
    for sample in (x, shift(x, dy, dx)):
        net.predict(sample[None])
        outputs.append([np.array(block.a[0]) for block in net.blocks])
    return [(block.index, block.cfg["type"], relative_change(a, b))
            for block, a, b in zip(net.blocks, *outputs) if block.cfg["type"] in ("conv2d", "maxpool", "avgpool")]
