"""Data sets made by code (seeded, no downloads) and readers for the user's own MNIST files.

Coordinates: every 2-D set lives in the box [−1, 1]². The TF Playground sets are Playground's generators
(``dataset.ts``) with each coordinate divided by 6, so Playground's view box [−6, 6]² becomes [−1, 1]²
and all shapes keep their proportions (circle radius 5 → 5/6, XOR padding 0.3 → 0.05, …). Labels are
0/1 instead of −1/+1 (Playground's +1 is our 1). ``noise`` is Playground's slider (0–50 %) as 0–0.5 and
means what it means there: on ``circle``, ``xor`` and the regression sets it perturbs the position the
label is computed from (points stay put, labels near the boundary flip); on ``spiral`` it moves points;
on ``gauss`` it widens the clusters. Values up to 1 are accepted (Playground's formulas, extrapolated).
``moons`` and ``spiral3`` are not Playground's: they are scikit-learn's and CS231n's shapes, fitted into
the same box.

Every generator is ``fn(n=..., noise=..., seed=...)`` and returns a :class:`Dataset` whose ``params``
regenerate it exactly: ``make(d.name, **d.params)``.

The readers (:func:`load_idx`, :func:`load_mnist`, :func:`read_npz`) check what a file declares before
allocating it, so a small file cannot claim gigabytes: an IDX file's data, and each array of a Keras
``mnist.npz``, may declare at most :data:`MAX_IDX_BYTES` (94,080,000 bytes, twice MNIST's largest file,
the training images); gzip is decompressed only up to the declared size, and more or less data than
declared is refused. ``.npz`` headers are parsed here and must match the bytes present; zip directories
may list at most :data:`MAX_ZIP_ENTRIES` entries. No pickles; pixels must be finite numbers. Every
unreadable file raises ValueError naming it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import inspect
import math
import numbers
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from visualnet.core.errors import ConfigError

MAX_POINTS = 1_000_000
KINDS = ("binary", "multiclass", "regression", "sequence")
PLAYGROUND_SCALE = 1 / 6  # Playground's [−6, 6] box → [−1, 1]


@dataclass
class Dataset:
    """Inputs ``x`` (N, D) and targets ``t``: int labels (N,) or float values (N, 1) for regression.

    ``params`` are the generator's arguments (JSON-able); ``image_shape`` is (28, 28) for MNIST rows.
    Kind "sequence" (:mod:`visualnet.core.sequences`): x is (N, T, D) and t holds a label or value per step
    (N, T) / (N, T, 1), or per sequence (N,); ``n_classes`` is 0 for values, and ``vocabulary`` names the
    classes of a character task (class k is the character ``vocabulary[k]``).
    """

    x: np.ndarray
    t: np.ndarray
    kind: str  # "binary", "multiclass", "regression" or "sequence"
    n_classes: int = 0  # 0 for regression
    name: str = "custom"
    params: dict = field(default_factory=dict)
    image_shape: tuple | None = None
    vocabulary: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ConfigError("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.kind == "sequence":
            if np.ndim(self.x) != 3:
                raise ConfigError("x", f"a sequence set must be a 3-D array (N, T, D), got shape {np.shape(self.x)}")
        elif np.ndim(self.x) != 2:
            raise ConfigError("x", f"must be a 2-D array (N, D), got shape {np.shape(self.x)}")
        if len(self.t) != len(self.x):
            raise ConfigError("t", f"has {len(self.t)} rows but x has {len(self.x)}")

    def __len__(self):
        return len(self.x)

    def subset(self, indices) -> Dataset:
        return dataclasses.replace(self, x=self.x[indices], t=self.t[indices], params=dict(self.params))

    def split(self, test_ratio: float, seed: int = 0) -> tuple[Dataset, Dataset]:
        """Seeded shuffle; the first (1 − ratio) part trains, the rest tests (ratio 0: an empty test set)."""
        if isinstance(test_ratio, bool) or not isinstance(test_ratio, numbers.Real) \
                or not math.isfinite(test_ratio) or not 0 <= test_ratio <= 0.9:
            raise ConfigError("test_ratio", f"must be a number from 0 to 0.9, got {test_ratio!r}")
        order = np.random.default_rng(_seed(seed)).permutation(len(self.x))
        # keep at least one training row, however small the set
        n_test = min(round(len(self.x) * test_ratio), max(len(self.x) - 1, 0))
        n_train = len(self.x) - n_test
        return self.subset(order[:n_train]), self.subset(order[n_train:])

    def one_hot(self) -> np.ndarray:
        """Labels as (N, n_classes) float rows of 0 and 1."""
        if self.kind == "regression":
            raise ConfigError("kind", "one_hot needs class labels; this is a regression data set")
        return np.eye(self.n_classes)[self.t]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """A view box around 2-D inputs with a margin (for heatmaps)."""
        lo, hi = self.x[:, :2].min(axis=0), self.x[:, :2].max(axis=0)
        pad = 0.1 * (hi - lo).max()
        return float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad)


# -- argument checks -----------------------------------------------------------------------------

MIN_POINTS = {"circle": 2, "xor": 2, "gauss": 2, "spiral": 2, "moons": 2, "spiral3": 3}  # one per class


def _real(value) -> bool:
    # finite as a float: a huge int overflows math.isfinite, so it is refused, not raised
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _n(value, low=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= MAX_POINTS:
        raise ConfigError("n", f"must be an integer from {low} to {MAX_POINTS:,}, got {value!r}")
    return int(value)


def _noise(value):
    if not _real(value) or not 0 <= value <= 1:
        raise ConfigError("noise", f"must be a number from 0 to 1, got {value!r}")
    return float(value)


def _seed(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ConfigError("seed", f"must be an integer ≥ 0, got {value!r}")
    return int(value)


def _finite(name, value):
    if not _real(value):
        raise ConfigError(name, f"must be a finite number, got {value!r}")
    return float(value)


def _classes(name, x, t, n_classes, params) -> Dataset:
    kind = "binary" if n_classes == 2 else "multiclass"
    return Dataset(np.asarray(x, dtype=np.float64), np.asarray(t, dtype=np.int64), kind, n_classes, name, params)


def _regression(name, x, t, params) -> Dataset:
    return Dataset(np.asarray(x, dtype=np.float64), np.asarray(t, dtype=np.float64).reshape(-1, 1),
                   "regression", 0, name, params)


# -- TF Playground's classification sets ---------------------------------------------------------

def circle(n=500, noise=0.0, seed=0) -> Dataset:
    """Label 1 inside radius R/2, label 0 on the ring R·[0.7, 1] (R = 5/6); noise jitters the labelling."""
    n, noise, seed = _n(n, MIN_POINTS["circle"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    radius = 5 * PLAYGROUND_SCALE
    inner = n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, inner), rng.uniform(radius * 0.7, radius, n - inner)])
    angle = rng.uniform(0, 2 * np.pi, n)
    x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    # Playground labels a jittered copy of each point; the point itself is drawn where it was generated
    jittered = x + rng.uniform(-radius, radius, x.shape) * noise
    t = np.hypot(jittered[:, 0], jittered[:, 1]) < radius * 0.5
    return _classes("circle", x, t, 2, {"n": n, "noise": noise, "seed": seed})


def xor(n=500, noise=0.0, seed=0) -> Dataset:
    """Label 1 where x·y ≥ 0 (quadrants I and III), points kept 0.05 off the axes; noise jitters the labelling."""
    n, noise, seed = _n(n, MIN_POINTS["xor"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    extent, padding = 5 * PLAYGROUND_SCALE, 0.3 * PLAYGROUND_SCALE
    x = rng.uniform(-extent, extent, (n, 2))
    x += np.where(x > 0, padding, -padding)
    jittered = x + rng.uniform(-extent, extent, x.shape) * noise
    t = jittered[:, 0] * jittered[:, 1] >= 0
    return _classes("xor", x, t, 2, {"n": n, "noise": noise, "seed": seed})


def gauss(n=500, noise=0.0, seed=0) -> Dataset:
    """Label 1 around (1/3, 1/3), label 0 around (−1/3, −1/3); variance grows with noise as in Playground."""
    n, noise, seed = _n(n, MIN_POINTS["gauss"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    variance = 0.5 + 3.5 * noise / 0.5  # Playground's d3 scale [0, 0.5] → [0.5, 4], in its units
    std = math.sqrt(variance) * PLAYGROUND_SCALE
    centre = 2 * PLAYGROUND_SCALE
    positive = n // 2
    x = np.vstack([rng.normal(centre, std, (positive, 2)), rng.normal(-centre, std, (n - positive, 2))])
    t = np.arange(n) < positive
    return _classes("gauss", x, t, 2, {"n": n, "noise": noise, "seed": seed})


def spiral(n=500, noise=0.0, seed=0) -> Dataset:
    """Two interleaved spirals of 1.75 turns out to radius 5/6, the second rotated by π; noise moves points."""
    n, noise, seed = _n(n, MIN_POINTS["spiral"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    positive = n // 2
    xs, ts = [], []
    for label, delta, count in ((1, 0.0, positive), (0, np.pi, n - positive)):
        i = np.arange(count) / count
        r = 5 * PLAYGROUND_SCALE * i
        angle = 1.75 * i * 2 * np.pi + delta
        arm = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
        xs.append(arm + rng.uniform(-1, 1, arm.shape) * noise * PLAYGROUND_SCALE)
        ts.append(np.full(count, label))
    return _classes("spiral", np.vstack(xs), np.concatenate(ts), 2, {"n": n, "noise": noise, "seed": seed})


# -- other classification sets -------------------------------------------------------------------

def moons(n=500, noise=0.0, seed=0) -> Dataset:
    """scikit-learn's two half moons (label 0 on top) with Gaussian noise of std ``noise``, shrunk by 1.5."""
    n, noise, seed = _n(n, MIN_POINTS["moons"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    upper = n // 2
    a, b = np.linspace(0, np.pi, upper), np.linspace(0, np.pi, n - upper)
    x = np.vstack([np.column_stack([np.cos(a), np.sin(a)]),
                   np.column_stack([1 - np.cos(b), 0.5 - np.sin(b)])])
    x += rng.normal(0, noise, x.shape)
    # scikit-learn's moons span x ∈ [−1, 2], y ∈ [−0.5, 1]: centre them and fit the width into [−1, 1]
    x = (x - [0.5, 0.25]) / 1.5
    t = np.arange(n) >= upper
    return _classes("moons", x, t, 2, {"n": n, "noise": noise, "seed": seed})


def spiral3(n=300, noise=0.2, seed=0) -> Dataset:
    """CS231n's 3-class spiral (radius 0 to 1, 4 radians per arm); noise is the angle's std (theirs: 0.2)."""
    n, noise, seed = _n(n, MIN_POINTS["spiral3"]), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    xs, ts = [], []
    for k, count in enumerate((n // 3, n // 3, n - 2 * (n // 3))):
        r = np.linspace(0.0, 1.0, count)
        theta = np.linspace(k * 4, (k + 1) * 4, count) + rng.standard_normal(count) * noise
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ts.append(np.full(count, k))
    return _classes("spiral3", np.vstack(xs), np.concatenate(ts), 3, {"n": n, "noise": noise, "seed": seed})


TRUTH_TABLES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0], "nand": [1, 1, 1, 0]}


def _op(value):
    if not isinstance(value, str) or value not in TRUTH_TABLES:
        raise ConfigError("op", f"unknown gate {value!r}; choose one of: {', '.join(TRUTH_TABLES)}")
    return value


def truth_table(op="xor") -> Dataset:
    """The four inputs (0,0), (0,1), (1,0), (1,1) with the logic gate's output."""
    op = _op(op)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    return _classes("truth_table", x, TRUTH_TABLES[op], 2, {"op": op})


# -- regression sets -----------------------------------------------------------------------------

def regression_plane(n=500, noise=0.0, seed=0) -> Dataset:
    """Playground's plane: t = 0.6·(x + y) at a position jittered by noise, so t ∈ [−1.2, 1.2] when clean."""
    n, noise, seed = _n(n), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 2))
    jittered = x + rng.uniform(-1, 1, x.shape) * noise
    # Playground: label = (x + y)/10 in its ±6 units, i.e. 6/10 of the sum in ours
    t = 0.6 * jittered.sum(axis=1)
    return _regression("regression_plane", x, t, {"n": n, "noise": noise, "seed": seed})


# Playground's "multi gaussian" bumps (x, y, sign) in its ±6 units; each is a cone of radius 2
GAUSS_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])


def regression_gauss(n=500, noise=0.0, seed=0) -> Dataset:
    """Six bumps of alternating sign; t is the bump with the largest |value|, 1 − d/(1/3) clamped to [0, 1]."""
    n, noise, seed = _n(n), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 2))
    jittered = x + rng.uniform(-1, 1, x.shape) * noise
    centres, signs = GAUSS_BUMPS[:, :2] * PLAYGROUND_SCALE, GAUSS_BUMPS[:, 2]
    distance = np.linalg.norm(jittered[:, None, :] - centres[None], axis=2)
    values = signs * np.clip(1 - distance / (2 * PLAYGROUND_SCALE), 0, 1)
    # the first bump with the largest magnitude wins, as in Playground's loop; + 0.0 turns −0 into 0
    t = values[np.arange(n), np.abs(values).argmax(axis=1)] + 0.0
    return _regression("regression_gauss", x, t, {"n": n, "noise": noise, "seed": seed})


def linear_1d(n=100, w=2.0, b=1.0, noise=0.5, seed=0) -> Dataset:
    """t = w·x + b + N(0, noise²) with x uniform in [−1, 1]: the textbook's H(x) = Wx + b example."""
    n, noise, seed = _n(n), _noise(noise), _seed(seed)
    w, b = _finite("w", w), _finite("b", b)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 1))
    t = w * x + b + rng.normal(0, 1, (n, 1)) * noise
    return _regression("linear_1d", x, t, {"n": n, "w": w, "b": b, "noise": noise, "seed": seed})


# -- images of shapes (for conv nets, no files needed) ---------------------------------------------

SHAPES = ("horizontal bar", "vertical bar", "diagonal", "ring", "cross", "square")  # class k is SHAPES[first + k]
SHAPE_SIZE = 16
MAX_IMAGES = 100_000  # 256 float64 pixels each: 200 MB at most


def _classes_arg(value, name="classes", low=2):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= len(SHAPES):
        raise ConfigError(name, f"must be an integer from {low} to {len(SHAPES)}, got {value!r}")
    return int(value)


def _draw_shape(kind, rng, count, yy, xx):
    """``count`` clean images (count, 16, 16) of one kind, bool, each at its own random position and size."""
    s = SHAPE_SIZE

    def uniform_int(low, high):  # per image, high inclusive; bounds may be arrays
        return np.floor(rng.uniform(0, 1, count) * (np.asarray(high) - low + 1) + low).astype(int)[:, None, None]

    if kind in ("horizontal bar", "vertical bar"):
        length, thick = uniform_int(6, s - 2), uniform_int(1, 2)
        along = uniform_int(0, s - length[:, 0, 0])
        across = uniform_int(1, s - 1 - thick[:, 0, 0])
        a, b = (xx, yy) if kind == "horizontal bar" else (yy, xx)
        return (a >= along) & (a < along + length) & (b >= across) & (b < across + thick)
    if kind == "diagonal":
        length = uniform_int(6, s - 2)
        y0, x0 = uniform_int(0, s - length[:, 0, 0]), uniform_int(0, s - length[:, 0, 0])
        down = rng.random(count)[:, None, None] < 0.5  # "\" or "/"
        dy = np.where(down, yy - y0, y0 + length - 1 - yy)
        return (dy == xx - x0) & (xx >= x0) & (xx < x0 + length)
    if kind == "ring":
        radius = rng.uniform(2.5, 6.5, count)[:, None, None]
        cy, cx = (rng.uniform(radius[:, 0, 0], s - 1 - radius[:, 0, 0])[:, None, None] for _ in range(2))
        return np.abs(np.hypot(yy - cy, xx - cx) - radius) < 0.55
    if kind == "cross":
        arm = uniform_int(2, 6)
        cy, cx = uniform_int(arm[:, 0, 0], s - 1 - arm[:, 0, 0]), uniform_int(arm[:, 0, 0], s - 1 - arm[:, 0, 0])
        return ((yy == cy) & (np.abs(xx - cx) <= arm)) | ((xx == cx) & (np.abs(yy - cy) <= arm))
    side = uniform_int(5, s - 2)  # square outline
    y0, x0 = uniform_int(0, s - side[:, 0, 0]), uniform_int(0, s - side[:, 0, 0])
    inside = (yy >= y0) & (yy < y0 + side) & (xx >= x0) & (xx < x0 + side)
    border = (yy == y0) | (yy == y0 + side - 1) | (xx == x0) | (xx == x0 + side - 1)
    return inside & border


def shapes(n=600, noise=0.1, seed=0, classes=6, first=0) -> Dataset:
    """16×16 grey images of simple shapes — horizontal and vertical bars, diagonals, rings, crosses and square
    outlines — at random positions and sizes, with Gaussian pixel noise of std ``noise`` (clipped to [0, 1]).

    Class k is ``SHAPES[first + k]`` for k < ``classes``; each class gets n/classes images (the first n mod
    classes one more), shuffled. Rows hold the 256 pixels row by row, like MNIST's, and ``image_shape`` is
    (16, 16), so a conv net sees [1, 16, 16]. Built in, so every CNN lesson works on a fresh machine.
    """
    classes = _classes_arg(classes)
    first = _classes_arg(first, "first", 0)
    if first + classes > len(SHAPES):
        raise ConfigError("first", f"first {first} + classes {classes} exceeds the {len(SHAPES)} shapes: "
                                   f"{', '.join(SHAPES)}")
    n = _n(n, classes)
    if n > MAX_IMAGES:
        raise ConfigError("n", f"at most {MAX_IMAGES:,} images, got {n:,}")
    noise, seed = _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:SHAPE_SIZE, 0:SHAPE_SIZE]
    counts = [n // classes + (k < n % classes) for k in range(classes)]
    images, labels = [], []
    for k, count in enumerate(counts):
        clean = _draw_shape(SHAPES[first + k], rng, count, yy, xx)
        brightness = rng.uniform(0.6, 1.0, count)[:, None, None]
        images.append(clean * brightness)
        labels.append(np.full(count, k))
    x = np.concatenate(images)
    x += rng.normal(0.0, noise, x.shape) if noise else 0.0
    np.clip(x, 0.0, 1.0, out=x)
    order = rng.permutation(n)
    kind = "binary" if classes == 2 else "multiclass"
    return Dataset(x.reshape(n, -1)[order], np.concatenate(labels)[order].astype(np.int64), kind, classes, "shapes",
                   {"n": n, "noise": noise, "seed": seed, "classes": classes, "first": first},
                   (SHAPE_SIZE, SHAPE_SIZE))


def shape_names(dataset: Dataset) -> tuple[str, ...]:
    """The shape each class of a ``shapes`` data set shows, class 0 first."""
    first = dataset.params.get("first", 0)
    return SHAPES[first:first + dataset.n_classes]


# -- registry ------------------------------------------------------------------------------------

GENERATORS = {
    "circle": (circle, "Circle: one class inside, the other on a ring around it (TF Playground)."),
    "xor": (xor, "XOR: the class is the sign of x·y — not linearly separable (TF Playground)."),
    "gauss": (gauss, "Two Gaussian clusters — linearly separable (TF Playground)."),
    "spiral": (spiral, "Two interleaved spirals — the hard one (TF Playground)."),
    "moons": (moons, "Two interleaving half moons (scikit-learn's shape)."),
    "spiral3": (spiral3, "Three-class spiral (CS231n) — for softmax classification."),
    "regression_plane": (regression_plane, "Regression: a tilted plane t = 0.6·(x + y) (TF Playground)."),
    "regression_gauss": (regression_gauss, "Regression: six bumps of alternating sign (TF Playground)."),
    "linear_1d": (linear_1d, "1-D linear regression: t = w·x + b + noise."),
    "truth_table": (truth_table, "A logic gate's truth table: and, or, xor, nand."),
    "shapes": (shapes, "16×16 images of bars, diagonals, rings, crosses and squares — for conv nets."),
}


def names() -> tuple[str, ...]:
    return tuple(GENERATORS)


def _sequences():
    """The sequence sets (x of shape (N, T, D)): loadable by name here, but not in :func:`names`, which
    lists what the 2-D settings panel offers. Imported late: that module builds on this one's Dataset."""
    from visualnet.core import sequences
    return sequences


def _generator(name):
    if isinstance(name, str) and name not in GENERATORS and name in _sequences().GENERATORS:
        return _sequences().GENERATORS[name]
    if not isinstance(name, str) or name not in GENERATORS:
        raise ConfigError("dataset", f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    return GENERATORS[name]


def describe(name: str) -> str:
    """One line saying what the data set is."""
    return _generator(name)[1]


def check(name: str, **params) -> dict:
    """The parameters ``make(name, **params)`` would accept, checked and normalised without generating
    anything (settings are checked on every edit, before the data are built)."""
    if isinstance(name, str) and name not in GENERATORS and name in _sequences().GENERATORS:
        return _sequences().check(name, **params)
    fn = _generator(name)[0]
    allowed = list(inspect.signature(fn).parameters)
    out = {}
    for key, value in params.items():
        if key not in allowed:
            raise ConfigError(key, f"unknown parameter for {name}; it takes {', '.join(allowed)}")
        if key == "n":
            out[key] = _n(value, MIN_POINTS.get(name, 1))
        elif key == "noise":
            out[key] = _noise(value)
        elif key == "seed":
            out[key] = _seed(value)
        elif key == "op":
            out[key] = _op(value)
        elif key in ("classes", "first"):
            out[key] = _classes_arg(value, key, 2 if key == "classes" else 0)
        else:
            out[key] = _finite(key, value)
    return out


def make(name: str, **params) -> Dataset:
    """Generate a data set by name; an unknown name or parameter raises ConfigError naming it."""
    return _generator(name)[0](**check(name, **params))


# -- IDX / MNIST ---------------------------------------------------------------------------------

IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_TRAIN_IMAGE_BYTES = 60_000 * 28 * 28  # the largest MNIST file's data: the training images, one byte each
MAX_IDX_BYTES = 2 * MNIST_TRAIN_IMAGE_BYTES  # 94,080,000: a header or array declaring more is refused unread
MAX_IDX_DIMS = 4  # MNIST's files have 3 (images) and 1 (labels); the format allows 255, numpy at most 64
MAX_ZIP_ENTRIES = 10_000  # a session's arrays.npz has at most ~1,500 members, mnist.npz four
MAX_ZIP_DIRECTORY_BYTES = 2**20
_MAX_NPY_HEADER = 10_000  # numpy's own default limit for a .npy header
_CHUNK = 1 << 20


def load_idx(path) -> np.ndarray:
    """Read one IDX file (raw or gzip, detected by its first bytes) into a native-endian array.

    Raises ValueError naming the file when it is missing, unreadable or not a well-formed IDX file.
    """
    path = Path(path)
    compressed = False
    try:
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # opening a pipe would wait for a writer
            raise ValueError(f"{path}: not a regular file (a device, pipe or socket)")
        with open(path, "rb") as handle:
            compressed = handle.read(2) == b"\x1f\x8b"
            handle.seek(0)
            if not compressed:
                return _read_idx(handle, path, os.fstat(handle.fileno()).st_size)
            with gzip.GzipFile(fileobj=handle) as stream:
                return _read_idx(stream, path, None)
    except (OSError, EOFError, zlib.error) as exc:
        if compressed:
            raise ValueError(f"{path}: corrupt gzip data ({exc})") from None
        raise ValueError(f"{path}: cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None


def _read_idx(stream, path: Path, size: int | None) -> np.ndarray:
    """Parse an IDX stream; ``size`` is the raw file's length (None when gzip hides it)."""
    head = stream.read(4)
    if len(head) < 4:
        raise ValueError(f"{path}: too short to be an IDX file ({len(head)} bytes)")
    if head[:2] != b"\x00\x00":
        raise ValueError(f"{path}: not an IDX file (bad magic number {head.hex(' ')}; expected 00 00 …)")
    code, ndim = head[2], head[3]
    if code not in IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in IDX_DTYPES)
        raise ValueError(f"{path}: unknown IDX data type code 0x{code:02X} (known: {known})")
    if ndim == 0:
        raise ValueError(f"{path}: IDX header says 0 dimensions")
    if ndim > MAX_IDX_DIMS:
        raise ValueError(f"{path}: IDX header says {ndim} dimensions; at most {MAX_IDX_DIMS} are read "
                         "(MNIST's images have 3, its labels 1)")
    raw_dims = stream.read(4 * ndim)
    if len(raw_dims) < 4 * ndim:
        raise ValueError(f"{path}: truncated header ({ndim} dimensions need {4 * ndim} bytes, "
                         f"found {len(raw_dims)})")
    dims = struct.unpack(f">{ndim}I", raw_dims)
    if 0 in dims:
        raise ValueError(f"{path}: a dimension is 0 {dims}")
    dtype = np.dtype(IDX_DTYPES[code])
    expected = math.prod(dims) * dtype.itemsize
    if expected > MAX_IDX_BYTES:
        raise ValueError(f"{path}: absurd dimensions {dims} ({expected:,} bytes of data; at most "
                         f"{MAX_IDX_BYTES:,} are read, twice MNIST's largest file)")
    if size is not None and size - 4 - 4 * ndim < expected:
        raise ValueError(f"{path}: truncated data (dimensions {dims} need {expected:,} bytes, "
                         f"the file holds {size - 4 - 4 * ndim:,})")
    # a lying header in a small gzip file never allocates what it claims: memory follows the data read
    data = read_at_most(stream, expected)
    if len(data) < expected:
        raise ValueError(f"{path}: truncated data (dimensions {dims} need {expected:,} bytes, "
                         f"found {len(data):,})")
    if stream.read(1):
        count = f"{size - 4 - 4 * ndim - expected:,} " if size is not None else ""
        raise ValueError(f"{path}: {count}unexpected bytes after the data (trailing garbage)")
    return np.frombuffer(data, dtype).reshape(dims).astype(dtype.newbyteorder("="), copy=False)


def read_at_most(stream, size: int) -> bytearray:
    """Up to ``size`` bytes of ``stream``, in chunks: memory grows with the data present, not a declared size."""
    data = bytearray()
    while len(data) < size:
        chunk = stream.read(min(size - len(data), _CHUNK))
        if not chunk:
            break
        data += chunk
    return data


_IDX_NAMES = {
    "images": ("{k}-images-idx3-ubyte", "{k}-images.idx3-ubyte"),
    "labels": ("{k}-labels-idx1-ubyte", "{k}-labels.idx1-ubyte"),
}
MNIST_KINDS = ("t10k", "train")
MNIST_DTYPES = ("float32", "float64")


def _idx_candidates(folder: Path, kind: str, what: str) -> list[Path]:
    return [folder / (pattern.format(k=kind) + suffix) for pattern in _IDX_NAMES[what] for suffix in ("", ".gz")]


def _find_idx(folder: Path, kind: str, what: str) -> Path | None:
    return next((p for p in _idx_candidates(folder, kind, what) if p.is_file()), None)


def load_mnist(folder, kind: str = "t10k", dtype: str = "float64") -> Dataset:
    """MNIST from a folder of IDX files (standard names, raw or .gz) or Keras' ``mnist.npz``.

    ``folder`` may also be the ``mnist.npz`` file itself. ``kind`` is "t10k" (the 10 000 test images) or
    "train". Pixels are scaled to [0, 1] in ``dtype`` (float32 or float64) and flattened to 784 columns
    (``image_shape`` is (28, 28)); labels are int64.
    """
    if kind not in MNIST_KINDS:
        raise ConfigError("kind", f"must be 't10k' (the test set) or 'train', got {kind!r}")
    try:
        dtype_name = np.dtype(dtype).name
    except TypeError:
        dtype_name = None
    if dtype_name not in MNIST_DTYPES:
        raise ConfigError("dtype", f"must be 'float32' or 'float64', got {dtype!r}")
    path = Path(folder).expanduser()
    params = {"folder": str(path), "kind": kind, "dtype": dtype_name}
    if path.is_file():
        return _load_keras_npz(path, kind, dtype_name, params)
    images, labels = (_find_idx(path, kind, "images"), _find_idx(path, kind, "labels")) if path.is_dir() \
        else (None, None)
    if images and labels:
        x, t = load_idx(images), load_idx(labels)
        return _mnist_dataset(x, t, dtype_name, params, f"{images.name} and {labels.name}")
    if (path / "mnist.npz").is_file():
        return _load_keras_npz(path / "mnist.npz", kind, dtype_name, params)
    searched = [p.name for what in ("images", "labels") for p in _idx_candidates(path, kind, what)]
    found = ""
    if images or labels:
        have, lacking = (images, "labels") if images else (labels, "images")
        partner = " or ".join(p.name for p in _idx_candidates(path, kind, lacking))
        found = f"; found {have.name} but not its partner {partner}"
    where = "folder" if path.is_dir() else "folder (it does not exist)"
    raise FileNotFoundError(f"no MNIST {kind} files in the {where} {path}: looked for "
                            f"{', '.join(searched)} and mnist.npz{found}")


def _load_keras_npz(path: Path, kind: str, dtype: str, params: dict) -> Dataset:
    split = "test" if kind == "t10k" else "train"
    names = (f"x_{split}", f"y_{split}")
    try:
        arrays = read_npz(path, names=names, max_array_bytes=MAX_IDX_BYTES, max_total_bytes=2 * MAX_IDX_BYTES)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ValueError(f"{path}: not a readable Keras mnist.npz: {exc}") from None
    if set(arrays) != set(names):
        raise ValueError(f"{path}: not a Keras mnist.npz (it has no x_{split}/y_{split} arrays)")
    return _mnist_dataset(*(arrays[name] for name in names), dtype, params, f"{path.name} (x_{split}, y_{split})")


def _mnist_dataset(x: np.ndarray, t: np.ndarray, dtype: str, params: dict, source: str) -> Dataset:
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        raise ValueError(f"{source}: MNIST images must be N×28×28, got {x.shape}")
    if t.ndim != 1 or len(t) != len(x):
        raise ValueError(f"{source}: {len(x)} images but {len(t) if t.ndim == 1 else t.shape} labels")
    if t.dtype.kind not in "iu" or (len(t) and (t.min() < 0 or t.max() > 9)):
        raise ValueError(f"{source}: labels must be integers 0–9")
    if x.dtype.kind not in "iuf":
        raise ValueError(f"{source}: pixels must be numbers, got {x.dtype} values")
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        raise ValueError(f"{source}: some pixels are NaN or infinite")
    if len(x) and (x.min() < 0 or x.max() > 255):
        raise ValueError(f"{source}: pixel values must lie in 0–255")
    pixels = x.reshape(len(x), -1).astype(dtype)
    np.divide(pixels, 255, out=pixels)
    params = {**params, "source": source}  # which files: the data box says what was found
    return Dataset(pixels, t.astype(np.int64), "multiclass", 10, "mnist", params, (28, 28))


def _has_mnist(path: Path) -> bool:
    try:
        if path.is_file():
            with open_zip(path) as archive:
                files = set(archive.namelist())
            return {"x_test.npy", "y_test.npy"} <= files or {"x_train.npy", "y_train.npy"} <= files
        if path.is_dir():
            return any(_find_idx(path, k, "images") and _find_idx(path, k, "labels") for k in MNIST_KINDS) \
                or _has_mnist(path / "mnist.npz")
    except (ValueError, *ZIP_ERRORS):
        pass
    return False


# -- bounded zip and .npz reading (MNIST's mnist.npz and visualnet's session files) ---------------

# what a damaged zip raises besides ValueError: bad CRC or structure, a broken deflate stream, an unknown
# compression method, an encrypted member, and offsets or sizes that do not fit
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
              RuntimeError, OverflowError, struct.error)
_END_RECORD, _ZIP64_LOCATOR = b"PK\x05\x06", b"PK\x06\x07"


@contextlib.contextmanager
def open_zip(file):
    """A ZipFile over a path or binary file whose central directory was checked first.

    zipfile keeps an object per directory entry, so a small file listing millions of entries would
    exhaust memory while it opens: the end record is read here and more than :data:`MAX_ZIP_ENTRIES`
    entries, a directory over :data:`MAX_ZIP_DIRECTORY_BYTES` or a zip64 record (only archives over
    4 GiB need one) is refused with ValueError. Other damage raises one of :data:`ZIP_ERRORS`.
    """
    with contextlib.ExitStack() as stack:
        handle = stack.enter_context(open(file, "rb")) if isinstance(file, (str, os.PathLike)) else file
        end = handle.seek(0, os.SEEK_END)
        tail_size = min(end, 22 + 0xFFFF)  # the end record (22 bytes) and a comment of at most 64 KiB
        handle.seek(end - tail_size)
        tail = handle.read(tail_size)
        at = tail.rfind(_END_RECORD)
        if 0 <= at <= len(tail) - 22:  # otherwise not a zip: zipfile says so
            entries, size = struct.unpack_from("<HI", tail, at + 10)
            if tail[max(at - 20, 0):at].startswith(_ZIP64_LOCATOR):
                raise ValueError("the archive is a zip64 archive (over 4 GiB or 65,535 entries), far larger than allowed")
            if entries > MAX_ZIP_ENTRIES or size > MAX_ZIP_DIRECTORY_BYTES:
                raise ValueError(f"the zip directory lists {entries:,} entries in {size:,} bytes; at most "
                                 f"{MAX_ZIP_ENTRIES:,} entries and {MAX_ZIP_DIRECTORY_BYTES:,} bytes are allowed")
        handle.seek(0)
        yield stack.enter_context(zipfile.ZipFile(handle))


def read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """One member's bytes, refused (ValueError) before reading when the directory says it unpacks to more
    than ``max_bytes``; zipfile stops at that declared size and checks the CRC, so a lying directory fails."""
    info = archive.getinfo(name)
    if info.file_size > max_bytes:
        raise ValueError(f"{name} would unpack to {info.file_size:,} bytes, more than the {max_bytes:,} allowed")
    with archive.open(info) as stream:
        data = stream.read(info.file_size)
        if len(data) != info.file_size or stream.read(1):
            raise ValueError(f"{name} does not hold the {info.file_size:,} bytes its zip directory declares")
    return data


def read_npz(file, *, max_array_bytes: int, max_total_bytes: int, names=None) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` (path or binary file), each checked before any memory is set aside for it.

    ``np.load`` allocates whatever shape a ``.npy`` header declares (8 TB from a 1 kB file). Here each
    header is parsed first, and the declared shape × itemsize must equal the bytes the member holds
    by the zip directory, be at most ``max_array_bytes``, and all read arrays together at most
    ``max_total_bytes``; data is then read in bounded chunks. Only real numbers (bool, int, uint, float)
    are read: no pickles, objects, text or complex values. ``names`` (without ``.npy``) limits what is
    read. Raises ValueError saying why; OSError when the file cannot be opened.
    """
    with contextlib.ExitStack() as stack:
        # a file that cannot be opened raises OSError; everything after is about its contents
        handle = stack.enter_context(open(file, "rb")) if isinstance(file, (str, os.PathLike)) else file
        try:
            archive = stack.enter_context(open_zip(handle))
            members = {}
            for info in archive.infolist():
                key = info.filename[:-4]
                if not info.filename.endswith(".npy") or key in members:
                    what = "twice" if key in members else "and it is not an array (.npy)"
                    raise ValueError(f"the archive holds {info.filename!r} {what}")
                members[key] = info
            wanted = [key for key in members if names is None or key in names]
            for key in wanted:
                if members[key].file_size > max_array_bytes:
                    raise ValueError(f"array {key!r} would take {members[key].file_size:,} bytes; at most "
                                     f"{max_array_bytes:,} are allowed")
            total = sum(members[key].file_size for key in wanted)
            if total > max_total_bytes:
                raise ValueError(f"the arrays would take {total:,} bytes; at most {max_total_bytes:,} are allowed")
            return {key: _read_npy(archive, members[key], key) for key in wanted}
        except ZIP_ERRORS as exc:
            raise ValueError(f"the archive is corrupt or truncated ({type(exc).__name__}: {exc})") from None


def _read_npy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, key: str) -> np.ndarray:
    with archive.open(info) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f".npy format version {version} is not supported")
            shape, fortran_order, dtype = read_header(stream, max_header_size=_MAX_NPY_HEADER)
        except ValueError as exc:
            raise ValueError(f"array {key!r} has a corrupt header ({exc})") from None
        if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in "biuf":
            raise ValueError(f"array {key!r} holds {dtype} values; only real numbers can be read")
        if any(d < 0 for d in shape):
            raise ValueError(f"array {key!r} declares the negative shape {shape}")
        count = math.prod(shape)
        declared, present = count * dtype.itemsize, info.file_size - stream.tell()
        if declared != present:
            raise ValueError(f"array {key!r} declares shape {shape} of {dtype} ({declared:,} bytes) but holds "
                             f"{present:,} bytes")
        data = read_at_most(stream, declared)
        if len(data) != declared or stream.read(1):
            raise ValueError(f"array {key!r} does not hold the {declared:,} bytes its header declares")
    array = np.frombuffer(data, dtype, count).reshape(shape, order="F" if fortran_order else "C")
    return array.astype(dtype.newbyteorder("="), copy=False)


def find_mnist(candidates=None) -> Path | None:
    """The first of ``candidates`` (folders or mnist.npz files), then ``~/.keras/datasets/mnist.npz``,
    that holds MNIST; None when none does."""
    if isinstance(candidates, (str, os.PathLike)):
        candidates = [candidates]
    options = [Path(c).expanduser() for c in candidates or ()]
    try:
        options.append(Path.home() / ".keras" / "datasets" / "mnist.npz")
    except RuntimeError:  # no home directory to look in
        pass
    return next((option for option in options if _has_mnist(option)), None)
