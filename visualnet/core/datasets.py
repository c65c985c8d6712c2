"""Data sets made by code (seeded, no downloads) and readers for the user's own MNIST files.

The 2-D sets follow TF Playground's generators (dataset.ts) with labels 0/1 instead of ±1, scaled from
Playground's [−6, 6] box to [−1, 1] so inputs suit any activation without normalisation.
"""

from __future__ import annotations

import gzip
import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from visualnet.core.errors import ConfigError

MAX_POINTS = 1_000_000


@dataclass
class Dataset:
    """Inputs ``x`` (N, D) and targets ``t``: int labels (N,) or float values (N, 1) for regression."""

    name: str
    x: np.ndarray
    t: np.ndarray
    kind: str  # "binary", "multiclass" or "regression"
    n_classes: int = 0
    params: dict = field(default_factory=dict)
    image_shape: tuple | None = None

    def __len__(self):
        return len(self.x)

    def subset(self, indices) -> Dataset:
        return Dataset(self.name, self.x[indices], self.t[indices], self.kind, self.n_classes, dict(self.params),
                       self.image_shape)

    def split(self, test_ratio: float, seed: int = 0) -> tuple[Dataset, Dataset]:
        """Seeded shuffle, then the first (1 − ratio) part trains and the rest tests."""
        if isinstance(test_ratio, bool) or not isinstance(test_ratio, numbers.Real) \
                or not math.isfinite(test_ratio) or not 0 <= test_ratio <= 0.9:
            raise ConfigError("test_ratio", f"must be between 0 and 0.9, got {test_ratio!r}")
        order = np.random.default_rng(seed).permutation(len(self.x))
        n_test = round(len(self.x) * test_ratio)
        n_train = len(self.x) - n_test
        return self.subset(order[:n_train]), self.subset(order[n_train:])

    def one_hot(self) -> np.ndarray:
        return np.eye(self.n_classes)[self.t]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """A view box around 2-D inputs with a margin (for heatmaps)."""
        lo, hi = self.x[:, :2].min(axis=0), self.x[:, :2].max(axis=0)
        pad = 0.1 * (hi - lo).max()
        return float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad)


# -- argument checks -----------------------------------------------------------------------------

def _n(value, field="n", low=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= MAX_POINTS:
        raise ConfigError(field, f"must be an integer from {low} to {MAX_POINTS:,}, got {value!r}")
    return int(value)


def _noise(value, high=1.0):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or not 0 <= value <= high:
        raise ConfigError("noise", f"must be a number from 0 to {high:g}, got {value!r}")
    return float(value)


def _seed(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ConfigError("seed", f"must be an integer ≥ 0, got {value!r}")
    return int(value)


def _binary(name, x, t, params):
    return Dataset(name, np.asarray(x, dtype=float), np.asarray(t, dtype=np.int64), "binary", 2, params)


# -- TF Playground's classification sets (scaled to [−1, 1]) --------------------------------------

def circle(n=500, noise=0.0, seed=0) -> Dataset:
    """Class 1 inside radius 0.5·R, class 0 on a ring from 0.7·R to R (R = 1)."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    half = n // 2
    r_in = rng.uniform(0, 0.5, half)
    r_out = rng.uniform(0.7, 1.0, n - half)
    r = np.concatenate([r_in, r_out])
    angle = rng.uniform(0, 2 * np.pi, n)
    x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    x += rng.uniform(-1, 1, x.shape) * noise
    # Playground labels by the clean radius, so noise can push points across the boundary
    t = (r < 0.5).astype(int)
    return _binary("circle", x, t, {"n": n, "noise": noise, "seed": seed})


def xor(n=500, noise=0.0, seed=0) -> Dataset:
    """Class 1 where x·y ≥ 0 (quadrants I and III), with Playground's padding away from the axes."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 2))
    pad = 0.05
    x += np.where(x > 0, pad, -pad)
    x = np.clip(x, -1, 1)
    t = (x[:, 0] * x[:, 1] >= 0).astype(int)
    x = x + rng.uniform(-1, 1, x.shape) * noise
    return _binary("xor", x, t, {"n": n, "noise": noise, "seed": seed})


def gauss(n=500, noise=0.0, seed=0) -> Dataset:
    """Two Gaussian blobs at (±0.33, ±0.33); noise widens them (Playground's variance 0.5–4, scaled)."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    std = (0.5 + 3.5 * noise / 0.5) ** 0.5 / 6
    half = n // 2
    a = rng.normal(0.33, std, (half, 2))
    b = rng.normal(-0.33, std, (n - half, 2))
    x = np.vstack([a, b])
    t = np.concatenate([np.ones(half, int), np.zeros(n - half, int)])
    return _binary("gauss", x, t, {"n": n, "noise": noise, "seed": seed})


def spiral(n=500, noise=0.0, seed=0) -> Dataset:
    """Two interleaved spirals (Playground's), radius up to 1."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    half = n // 2
    xs, ts = [], []
    for label, delta, count in ((1, 0.0, half), (0, np.pi, n - half)):
        i = np.arange(count)
        r = i / max(count, 1)
        angle = 1.75 * i / max(count, 1) * 2 * np.pi + delta
        pts = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
        pts += rng.uniform(-1, 1, pts.shape) * noise
        xs.append(pts)
        ts.append(np.full(count, label))
    return _binary("spiral", np.vstack(xs), np.concatenate(ts), {"n": n, "noise": noise, "seed": seed})


def moons(n=500, noise=0.0, seed=0) -> Dataset:
    """Two interleaving half circles (scikit-learn's shape), centred in [−1, 1]²."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    half = n // 2
    a = np.linspace(0, np.pi, half)
    b = np.linspace(0, np.pi, n - half)
    upper = np.column_stack([np.cos(a), np.sin(a)])
    lower = np.column_stack([1 - np.cos(b), 0.5 - np.sin(b)])
    x = (np.vstack([upper, lower]) - [0.5, 0.25]) / 1.5
    x += rng.normal(0, 1, x.shape) * noise * 0.5
    t = np.concatenate([np.zeros(half, int), np.ones(n - half, int)])
    return _binary("moons", x, t, {"n": n, "noise": noise, "seed": seed})


def spiral3(n=300, noise=0.2, seed=0) -> Dataset:
    """CS231n's 3-class spiral: three arms, angle noise ``noise``·1 (their 0.2 by default)."""
    n, noise, seed = _n(n, low=3), _noise(noise), _seed(seed)
    rng = np.random.default_rng(seed)
    per = n // 3
    xs, ts = [], []
    for k in range(3):
        count = per if k < 2 else n - 2 * per
        r = np.linspace(0.0, 1, count)
        theta = np.linspace(k * 4, (k + 1) * 4, count) + rng.standard_normal(count) * noise
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ts.append(np.full(count, k))
    return Dataset("spiral3", np.vstack(xs), np.concatenate(ts).astype(np.int64), "multiclass", 3,
                   {"n": n, "noise": noise, "seed": seed})


# -- regression sets -----------------------------------------------------------------------------

def regression_plane(n=500, noise=0.0, seed=0) -> Dataset:
    """t = (x + y)/2 plus noise (Playground's 'plane', scaled)."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 2))
    t = (x[:, 0] + x[:, 1]) / 2 + rng.uniform(-1, 1, n) * noise
    return Dataset("regression_plane", x, t[:, None], "regression", 0, {"n": n, "noise": noise, "seed": seed})


def regression_gauss(n=500, noise=0.0, seed=0) -> Dataset:
    """Gaussian bumps of both signs (Playground's 'multi gaussian'), t in about [−1, 1]."""
    n, noise, seed = _n(n), _noise(noise, 0.5), _seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 2))
    centres = np.array([[-0.67, 0.42, 1], [0, 0.42, -1], [0.67, 0.42, 1],
                        [-0.67, -0.42, -1], [0, -0.42, 1], [0.67, -0.42, -1]])
    t = np.zeros(n)
    for cx, cy, sign in centres:
        t += sign * np.exp(-((x[:, 0] - cx) ** 2 + (x[:, 1] - cy) ** 2) / (2 * 0.15 ** 2))
    t += rng.uniform(-1, 1, n) * noise
    return Dataset("regression_gauss", x, t[:, None], "regression", 0, {"n": n, "noise": noise, "seed": seed})


def linear_1d(n=100, w=2.0, b=1.0, noise=0.5, seed=0) -> Dataset:
    """y = w·x + b + N(0, noise²), x uniform in [−1, 1]: the textbook's H(x) = Wx + b example."""
    n, seed = _n(n), _seed(seed)
    noise = _noise(noise, 10.0)
    for name, v in (("w", w), ("b", b)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise ConfigError(name, f"must be a finite number, got {v!r}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 1))
    t = w * x + b + rng.normal(0, 1, (n, 1)) * noise
    return Dataset("linear_1d", x, t, "regression", 0, {"n": n, "w": float(w), "b": float(b), "noise": noise,
                                                        "seed": seed})


TRUTH_TABLES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0], "nand": [1, 1, 1, 0]}


def truth_table(op="xor") -> Dataset:
    """The four inputs (0,0), (0,1), (1,0), (1,1) with the logic gate's output."""
    if op not in TRUTH_TABLES:
        raise ConfigError("op", f"unknown gate {op!r}; choose one of: {', '.join(TRUTH_TABLES)}")
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return _binary("truth_table", x, TRUTH_TABLES[op], {"op": op})


GENERATORS = {
    "circle": (circle, "Circle: one class inside, the other on a ring around it (TF Playground)."),
    "xor": (xor, "XOR: the class is the sign of x·y — not linearly separable (TF Playground)."),
    "gauss": (gauss, "Two Gaussian clusters — linearly separable (TF Playground)."),
    "spiral": (spiral, "Two interleaved spirals — the hard one (TF Playground)."),
    "moons": (moons, "Two interleaving half moons."),
    "spiral3": (spiral3, "Three-class spiral (CS231n) — for softmax classification."),
    "regression_plane": (regression_plane, "Regression: a tilted plane t = (x + y)/2."),
    "regression_gauss": (regression_gauss, "Regression: Gaussian bumps of both signs."),
    "linear_1d": (linear_1d, "1-D linear regression: t = w·x + b + noise."),
    "truth_table": (truth_table, "A logic gate's truth table: and, or, xor, nand."),
}


def names() -> tuple[str, ...]:
    return tuple(GENERATORS)


def describe(name: str) -> str:
    if name not in GENERATORS:
        raise ConfigError("dataset", f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    return GENERATORS[name][1]


def make(name: str, **params) -> Dataset:
    """Generate a data set by name; unknown names or parameters raise ConfigError naming them."""
    if name not in GENERATORS:
        raise ConfigError("dataset", f"unknown data set {name!r}; choose one of: {', '.join(GENERATORS)}")
    fn = GENERATORS[name][0]
    allowed = fn.__code__.co_varnames[:fn.__code__.co_argcount]
    for key in params:
        if key not in allowed:
            raise ConfigError(f"dataset.{key}", f"{name} takes {', '.join(allowed)}")
    return fn(**params)


# -- IDX / MNIST ---------------------------------------------------------------------------------

IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def load_idx(path) -> np.ndarray:
    """Read one IDX file (raw or gzip) into an array; ValueError naming the file if it is corrupt."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise ValueError(f"{path.name}: corrupt gzip data ({exc})") from None
    if len(raw) < 4:
        raise ValueError(f"{path.name}: too short to be an IDX file ({len(raw)} bytes)")
    if raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"{path.name}: not an IDX file (bad magic number)")
    code, ndim = raw[2], raw[3]
    if code not in IDX_DTYPES:
        raise ValueError(f"{path.name}: unknown IDX data type code 0x{code:02X}")
    if ndim == 0:
        raise ValueError(f"{path.name}: IDX file with 0 dimensions")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path.name}: truncated header")
    dims = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    if any(d == 0 for d in dims):
        raise ValueError(f"{path.name}: a dimension is 0 {dims}")
    dtype = np.dtype(IDX_DTYPES[code])
    expected = math.prod(dims) * dtype.itemsize
    if expected > 2**33:
        raise ValueError(f"{path.name}: absurd dimensions {dims}")
    body = len(raw) - header
    if body < expected:
        raise ValueError(f"{path.name}: truncated data ({body} bytes, dimensions {dims} need {expected})")
    if body > expected:
        raise ValueError(f"{path.name}: {body - expected} unexpected bytes after the data")
    return np.frombuffer(raw, dtype, math.prod(dims), header).reshape(dims).astype(dtype.newbyteorder("="))


_IDX_NAMES = {
    "images": ["{k}-images-idx3-ubyte", "{k}-images.idx3-ubyte"],
    "labels": ["{k}-labels-idx1-ubyte", "{k}-labels.idx1-ubyte"],
}


def _find_idx(folder: Path, kind: str, what: str) -> Path | None:
    for pattern in _IDX_NAMES[what]:
        for suffix in ("", ".gz"):
            candidate = folder / (pattern.format(k=kind) + suffix)
            if candidate.exists():
                return candidate
    return None


def load_mnist(folder, kind: str = "t10k", dtype: str = "float64") -> Dataset:
    """MNIST from a folder of IDX files (standard names, raw or .gz) or Keras' ``mnist.npz``.

    Pixels are scaled to [0, 1] and flattened to 784 columns; ``image_shape`` is (28, 28).
    """
    if kind not in ("t10k", "train"):
        raise ConfigError("kind", "must be 't10k' (the test set) or 'train'")
    folder = Path(folder).expanduser()
    if folder.is_file() and folder.suffix == ".npz":
        return _load_keras_npz(folder, kind, dtype)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    images, labels = _find_idx(folder, kind, "images"), _find_idx(folder, kind, "labels")
    if images is None or labels is None:
        if (folder / "mnist.npz").exists():
            return _load_keras_npz(folder / "mnist.npz", kind, dtype)
        raise FileNotFoundError(f"no MNIST files in {folder}: looked for {kind}-images-idx3-ubyte(.gz), "
                                f"{kind}-labels-idx1-ubyte(.gz) (also with '.idx' spelling) and mnist.npz")
    x, t = load_idx(images), load_idx(labels)
    return _mnist_dataset(x, t, dtype, {"folder": str(folder), "kind": kind})


def _load_keras_npz(path: Path, kind: str, dtype: str) -> Dataset:
    split = "test" if kind == "t10k" else "train"
    try:
        with np.load(path, allow_pickle=False) as z:
            x, t = z[f"x_{split}"], z[f"y_{split}"]
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{path.name}: not a readable Keras mnist.npz ({exc})") from None
    return _mnist_dataset(x, t, dtype, {"folder": str(path), "kind": kind})


def _mnist_dataset(x, t, dtype, params) -> Dataset:
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        raise ValueError(f"MNIST images must be N×28×28, got {x.shape}")
    if t.ndim != 1 or len(t) != len(x):
        raise ValueError(f"{len(x)} images but {t.shape} labels")
    xf = x.reshape(len(x), -1).astype(dtype) / 255.0
    return Dataset("mnist", xf, t.astype(np.int64), "multiclass", 10, params, (28, 28))


def find_mnist(candidates=None):
    """The first folder or file among ``candidates`` and ``~/.keras/datasets/mnist.npz`` holding MNIST."""
    options = [Path(c).expanduser() for c in (candidates or [])]
    options.append(Path.home() / ".keras" / "datasets" / "mnist.npz")
    for option in options:
        if option.is_file() and option.suffix == ".npz":
            return option
        if option.is_dir() and (_find_idx(option, "t10k", "images") or _find_idx(option, "train", "images")
                                or (option / "mnist.npz").exists()):
            return option
    return None
