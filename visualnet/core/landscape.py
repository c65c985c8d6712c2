"""The real network's loss landscape: the loss on the plane θ + α·d₁ + β·d₂ over a grid of (α, β).

Directions follow Li et al. 2018, *Visualizing the Loss Landscape of Neural Nets*: random directions
are filter-normalised (each neuron's incoming weights, or each conv filter, scaled to the norm of the
same neuron's current weights; bias and batch-norm directions zero), and PCA directions are the top two
principal directions of a recorded training trajectory relative to its final point.

A slice is the exact evaluation-mode loss, ``net.loss(x, t)`` with the parameters set to the grid point,
data loss plus regularization. Dense networks take a fast path: the first layer's pre-activation is
linear in (α, β), Z₁ = X·W₁ + b₁ + α·(X·D₁ + d₁) + β·(X·D₂ + d₂), so three small products are made once
and each grid point costs two in-cache passes; later layers run batched over chunks of grid points with
stacked weights, in reused per-thread buffers (allocating megabytes per chunk is slow in worker threads).
Dropout is the identity in evaluation mode, so dropout networks take the fast path too; networks with
conv or batch-norm layers evaluate a private copy of the network (one per thread) point by point.

Thread safety: nothing here writes to ``net.params`` or runs the caller's network (whose layers cache
their inputs). Pass a snapshot as ``origin`` (``net.copy_params()`` taken between training steps) when
training may continue in another thread; without one, the parameters are copied when the call starts.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

from visualnet.core import activations, losses
from visualnet.core.errors import ConfigError
from visualnet.core.layers import Dense, Flatten
from visualnet.core.network import Network

Params = dict[str, np.ndarray]
KINDS = ("random", "pca")
RESOLUTIONS = (11, 26, 51, 101)
# elements of one layer's activations per chunk of grid points (2 MB in float64): large enough that
# the ~40 NumPy calls a chunk costs are noise, small enough that a worker's buffers stay in cache
CHUNK_ELEMENTS = 262_144
GENERIC_CHUNK = 8  # grid points per cancellation check on the point-by-point path


class Cancelled(Exception):
    """``should_cancel()`` returned True between two chunks of a slice."""


# -- directions -----------------------------------------------------------------------------------


def random_directions(net: Network, seed: int = 0, origin: Params | None = None) -> tuple[Params, Params]:
    """Two seeded random directions, filter-normalised against ``origin`` (default: ``net.params``).

    Each weight direction is drawn standard normal, then every column of a dense W (n_in, n_out) —
    one neuron's incoming weights — and every filter W[f] of a conv W (F, C, k, k) is scaled to the norm
    of the same column / filter of the weights. Bias and batch-norm directions are zero. Float64.
    """
    params = net.params if origin is None else origin
    weights = set(net.weight_names())
    rng = np.random.default_rng(seed)
    return _filter_normalised(params, weights, rng), _filter_normalised(params, weights, rng)


def _filter_normalised(params, weights, rng) -> Params:
    d = {}
    for name, p in params.items():
        W = np.asarray(p, dtype=np.float64)
        if name not in weights:
            d[name] = np.zeros_like(W)
            continue
        r = rng.standard_normal(W.shape)
        axes = (0,) if W.ndim == 2 else tuple(range(1, W.ndim))  # dense: per column; conv: per filter
        r *= np.sqrt(np.sum(W * W, axis=axes, keepdims=True)) / np.sqrt(np.sum(r * r, axis=axes, keepdims=True))
        d[name] = r
    return d


def pca_directions(trajectory: Sequence[Params]) -> tuple[Params, Params, tuple[float, float]]:
    """The top two principal directions of θᵢ − θ_final over a trajectory (its last point is θ_final).

    Returns unit-norm, orthonormal float64 directions and the fraction of Σ‖θᵢ − θ_final‖² each
    explains (Li et al. do not centre the matrix; neither do we). Signs are chosen so the first point
    of the trajectory has coordinates ≥ 0. A path along a straight line has no second direction: d₂ is
    then a fixed unit vector orthogonal to d₁, explaining 0.
    """
    if len(trajectory) < 2:
        raise ConfigError("trajectory", f"needs at least 2 recorded points, got {len(trajectory)}")
    final = {k: np.asarray(v, dtype=np.float64) for k, v in trajectory[-1].items()}

    def offsets(name):
        rows = np.stack([np.asarray(p[name], dtype=np.float64).reshape(-1) for p in trajectory])
        rows -= final[name].reshape(-1)
        return rows

    # the n×n Gram matrix, accumulated one parameter at a time: never an (n, all-params) copy
    gram = sum(rows @ rows.T for rows in map(offsets, final))
    eigvals, eigvecs = np.linalg.eigh(gram)
    eigvals, eigvecs = np.clip(eigvals[::-1], 0.0, None), eigvecs[:, ::-1]
    total = float(eigvals.sum())
    if total == 0.0:
        raise ConfigError("trajectory", "every recorded point equals the final one: there is no path to follow")
    rank2 = eigvals[1] > 1e-13 * eigvals[0]
    rng = np.random.default_rng(0)
    d1, d2 = {}, {}
    for name, ref in final.items():
        rows = offsets(name)
        d1[name] = (rows.T @ eigvecs[:, 0] / math.sqrt(eigvals[0])).reshape(ref.shape)
        d2[name] = ((rows.T @ eigvecs[:, 1] / math.sqrt(eigvals[1])).reshape(ref.shape) if rank2
                    else rng.standard_normal(ref.shape))
    # Gram–Schmidt once more in float64, so orthonormality does not rest on the eigensolver's accuracy
    _scale(d1, 1.0 / math.sqrt(_dot(d1, d1)))
    _axpy(d2, -_dot(d1, d2), d1)
    _scale(d2, 1.0 / math.sqrt(_dot(d2, d2)))
    start = {k: np.asarray(v, dtype=np.float64) - final[k] for k, v in trajectory[0].items()}
    for d in (d1, d2):
        if _dot(d, start) < 0:
            _scale(d, -1.0)
    ratios = (float(eigvals[0]) / total, float(eigvals[1]) / total if rank2 else 0.0)
    return d1, d2, ratios


def _dot(a: Params, b: Params) -> float:
    """Σ a·b over every parameter. Not BLAS (np.vdot): the GUI thread projects the training path while a
    worker thread computes a slice, and OpenBLAS serializes calls from two threads, so a 20 µs dot would
    wait for the worker's whole matrix product (stalls of 100–400 ms while playing on MNIST)."""
    return float(sum(np.einsum("i,i->", np.ravel(a[k]), np.ravel(b[k])) for k in a))


def _scale(d: Params, s: float):
    for v in d.values():
        v *= s


def _axpy(d: Params, s: float, other: Params):
    for k, v in d.items():
        v += s * other[k]


def project(params: Params, origin: Params, d1: Params, d2: Params) -> tuple[float, float]:
    """(α, β) of the point of the plane origin + α·d₁ + β·d₂ nearest to ``params`` (least squares)."""
    coords = project_trajectory([params], origin, d1, d2)
    return float(coords[0, 0]), float(coords[0, 1])


def project_trajectory(trajectory: Sequence[Params], origin: Params, d1: Params, d2: Params) -> np.ndarray:
    """(n, 2) plane coordinates of every point of a trajectory: the training path drawn on a slice.

    Solves the 2×2 normal equations; for orthonormal directions this is exactly (d₁·Δθ, d₂·Δθ).
    """
    dd = np.array([[_dot(d1, d1), _dot(d1, d2)], [_dot(d1, d2), _dot(d2, d2)]])
    rhs = np.zeros((2, len(trajectory)))
    for i, p in enumerate(trajectory):
        delta = {k: np.asarray(p[k], dtype=np.float64) - np.asarray(origin[k], dtype=np.float64) for k in origin}
        rhs[:, i] = _dot(d1, delta), _dot(d2, delta)
    return np.linalg.lstsq(dd, rhs, rcond=None)[0].T


def point(origin: Params, d1: Params, d2: Params, alpha: float, beta: float) -> Params:
    """The parameters origin + α·d₁ + β·d₂ (in this order of operations, as the slices use them)."""
    return {k: (np.asarray(origin[k], dtype=np.float64) + alpha * d1[k]) + beta * d2[k] for k in origin}


# -- slices ---------------------------------------------------------------------------------------


def loss_slice(net: Network, x, t, d1: Params, d2: Params, alphas, betas, origin: Params | None = None,
               chunk: int | None = None, should_cancel: Callable[[], bool] | None = None,
               progress: Callable[[int, int], None] | None = None, workers: int | None = None,
               dtype=None) -> np.ndarray:
    """The loss at every grid point, shaped (len(betas), len(alphas)): row i is β = betas[i].

    Equal to ``net.loss(x, t)`` (evaluation mode, with regularization) with the parameters set to
    origin + α·d₁ + β·d₂; ``origin`` defaults to a copy of ``net.params``. ``chunk`` is the number of
    grid points per batch (default: tuned to the cache), ``workers`` the number of threads (default: the
    available cores), ``dtype`` the arithmetic of the fast path (float64 by default; float32 is faster
    and about 1e-6 exact). ``should_cancel`` is asked before every chunk and raises :class:`Cancelled`;
    ``progress(done, total)`` counts grid points. Overflowing points come out inf or NaN, quietly.
    """
    alphas, betas = _axis(alphas, "alphas"), _axis(betas, "betas")
    _check_chunk(chunk)
    evaluator = _evaluator(net, x, t, d1, d2, origin, dtype)
    out = np.empty((len(betas), len(alphas)))
    rows = [(beta, alphas, out[i]) for i, beta in enumerate(betas)]
    _run(evaluator, rows, chunk, should_cancel, progress, workers)
    return out


def progressive_slice(net: Network, x, t, d1: Params, d2: Params, span=1.0, resolutions=RESOLUTIONS,
                      should_cancel: Callable[[], bool] | None = None, origin: Params | None = None,
                      chunk: int | None = None, workers: int | None = None,
                      dtype=None) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Yield ``(alphas, betas, losses)`` on finer and finer grids over the same square (or rectangle).

    ``span`` is a half-width (α, β ∈ [−span, span]) or an extent ``(α_min, α_max, β_min, β_max)``.
    Points a finer grid shares with the previous one are reused, not recomputed: 11→26→51→101
    evaluates 10,322 points, 1.01 × one 101² slice. The parameters (or ``origin``) and the directions are copied now, when
    this is called, not when iteration starts; ``net.params`` is never written. Raises
    :class:`Cancelled` from the iteration when ``should_cancel()`` turns True; call again to restart.
    """
    a0, a1, b0, b1 = _extent(span)
    sizes = [int(r) for r in resolutions]
    if not sizes or any(r < 2 for r in sizes):
        raise ConfigError("resolutions", f"must be grid sizes ≥ 2, got {tuple(resolutions)!r}")
    _check_chunk(chunk)
    evaluator = _evaluator(net, x, t, d1, d2, origin, dtype)

    def grids():
        prev = None
        for r in sizes:
            alphas, betas = np.linspace(a0, a1, r), np.linspace(b0, b1, r)
            losses_ = np.empty((r, r))
            # a grid of r points contains the previous one when its spacing divides the previous spacing
            step = 0 if prev is None or (r - 1) % (len(prev[0]) - 1) else (r - 1) // (len(prev[0]) - 1)
            if step:
                # the shared points get the previous grid's exact coordinates and values
                alphas[::step], betas[::step] = prev[0], prev[1]
                losses_[::step, ::step] = prev[2]
            rows = []
            for i, beta in enumerate(betas):
                if step and i % step == 0:
                    missing = np.flatnonzero(np.arange(r) % step)
                    rows.append((beta, alphas[missing], _Scatter(losses_[i], missing)))
                else:
                    rows.append((beta, alphas, losses_[i]))
            _run(evaluator, rows, chunk, should_cancel, None, workers)
            prev = (alphas, betas, losses_)
            yield alphas, betas, losses_

    return grids()


@dataclass
class Landscape:
    """A plane through parameter space: origin, two directions, how they were made, and (for PCA) the
    fraction of the trajectory's variance each direction explains."""

    origin: Params
    d1: Params
    d2: Params
    kind: str = "random"
    explained_variance: tuple[float, float] | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ConfigError("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}")

    @classmethod
    def random(cls, net: Network, seed: int = 0, origin: Params | None = None) -> Landscape:
        """Filter-normalised random directions through ``origin`` (default: a copy of ``net.params``)."""
        origin = _copy(net.params if origin is None else origin)
        d1, d2 = random_directions(net, seed, origin)
        return cls(origin, d1, d2, "random")

    @classmethod
    def pca(cls, trajectory: Sequence[Params]) -> Landscape:
        """The plane of a training trajectory's top two principal directions, through its last point."""
        d1, d2, ratios = pca_directions(trajectory)
        return cls(_copy(trajectory[-1]), d1, d2, "pca", ratios)

    def point(self, alpha: float, beta: float) -> Params:
        return point(self.origin, self.d1, self.d2, alpha, beta)

    def project(self, params: Params) -> tuple[float, float]:
        return project(params, self.origin, self.d1, self.d2)

    def project_trajectory(self, trajectory: Sequence[Params]) -> np.ndarray:
        return project_trajectory(trajectory, self.origin, self.d1, self.d2)

    def slice(self, net: Network, x, t, alphas, betas, **options) -> np.ndarray:
        return loss_slice(net, x, t, self.d1, self.d2, alphas, betas, origin=self.origin, **options)

    def progressive(self, net: Network, x, t, span=1.0, resolutions=RESOLUTIONS, **options):
        return progressive_slice(net, x, t, self.d1, self.d2, span, resolutions, origin=self.origin, **options)


# -- the driver -----------------------------------------------------------------------------------


class _Scatter:
    """Write target for a row whose points are not contiguous (the new points of a refined grid)."""

    def __init__(self, row, indices):
        self.row, self.indices = row, indices

    def __setitem__(self, key, values):
        self.row[self.indices[key]] = values


def _run(evaluator, rows, chunk, should_cancel, progress, workers):
    """Evaluate ``rows`` — (β, alphas, target) — in chunks of grid points, on ``workers`` threads.

    ``should_cancel`` and ``progress`` are only ever called from the calling thread.
    """
    chunk = evaluator.default_chunk if chunk is None else int(chunk)
    tasks = [(beta, alphas[s:s + chunk], target, slice(s, min(s + chunk, len(alphas))))
             for beta, alphas, target in rows for s in range(0, len(alphas), chunk)]
    total = sum(len(task[1]) for task in tasks)
    workers = _default_workers() if workers is None else int(workers)
    done = 0

    def check():
        if should_cancel is not None and should_cancel():
            raise Cancelled("loss landscape cancelled")

    def report(n):
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    check()
    with np.errstate(all="ignore"):
        if workers <= 1 or len(tasks) <= 1:
            workspace = _Workspace(chunk)
            for task in tasks:
                report(_task(evaluator, workspace, task))
                check()
            return
    local = threading.local()
    stop = threading.Event()

    def run(task):
        if stop.is_set():
            return 0
        workspace = getattr(local, "workspace", None)
        if workspace is None:
            workspace = local.workspace = _Workspace(chunk)
        with np.errstate(all="ignore"):
            return _task(evaluator, workspace, task)

    pending = set()
    with ThreadPoolExecutor(min(workers, len(tasks)), thread_name_prefix="landscape") as pool:
        try:
            for task in tasks:
                while len(pending) >= 2 * workers:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        report(future.result())
                    check()
                pending.add(pool.submit(run, task))
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    report(future.result())
                check()
        except BaseException:
            stop.set()
            for future in pending:
                future.cancel()
            raise


def _task(evaluator, workspace, task):
    beta, alphas, target, where = task
    target[where] = evaluator.evaluate(alphas, beta, workspace)
    return len(alphas)


def _default_workers():
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


class _Workspace:
    """One thread's scratch arrays, each allocated once for the largest chunk and then reused."""

    def __init__(self, chunk):
        self.chunk = chunk
        self._arrays = {}

    def take(self, name, g, shape, dtype):
        size = int(np.prod(shape))
        buf = self._arrays.get(name)
        if buf is None or buf.dtype != dtype or buf.size < self.chunk * size:
            buf = self._arrays[name] = np.empty(self.chunk * size, dtype)
        return buf[:g * size].reshape((g, *shape))

    def keep(self, name, make):
        """An array made once by ``make(chunk)`` and kept (index tables)."""
        if name not in self._arrays:
            self._arrays[name] = make(self.chunk)
        return self._arrays[name]


def _check_chunk(chunk):
    if chunk is not None and (isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1):
        raise ConfigError("chunk", f"must be a positive number of grid points, got {chunk!r}")


def _axis(values, field):
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        raise ConfigError(field, "must be a non-empty 1-D sequence of finite numbers")
    return values


def _extent(span):
    if np.ndim(span) == 0:
        s = float(span)
        if not (math.isfinite(s) and s > 0):
            raise ConfigError("span", f"must be a positive number or (α_min, α_max, β_min, β_max), got {span!r}")
        return -s, s, -s, s
    ext = tuple(float(v) for v in span)
    if len(ext) != 4 or not all(map(math.isfinite, ext)) or ext[0] >= ext[1] or ext[2] >= ext[3]:
        raise ConfigError("span", f"an extent must be (α_min, α_max, β_min, β_max) with min < max, got {span!r}")
    return ext


def _copy(params: Params) -> Params:
    return {k: np.array(v, copy=True) for k, v in params.items()}


def _evaluator(net, x, t, d1, d2, origin, dtype):
    origin = _copy(net.params if origin is None else origin)
    for name, d in (("d1", d1), ("d2", d2)):
        if set(d) != set(net.params) or any(np.shape(d[k]) != net.params[k].shape for k in net.params):
            raise ConfigError(name, "a direction needs the network's parameter names and shapes")
    d1 = {k: np.array(d1[k], dtype=np.float64) for k in net.params}
    d2 = {k: np.array(d2[k], dtype=np.float64) for k in net.params}
    dense_only = all(isinstance(b.core, (Dense, Flatten)) and b.bn is None for b in net.blocks)
    if dense_only:
        return _DenseEvaluator(net, x, t, origin, d1, d2, np.dtype(np.float64 if dtype is None else dtype))
    return _NetworkEvaluator(net, x, t, origin, d1, d2)


# -- evaluators -----------------------------------------------------------------------------------


class _NetworkEvaluator:
    """Any network: a private copy (one per thread) set to each grid point in turn, then ``loss``."""

    default_chunk = GENERIC_CHUNK

    def __init__(self, net, x, t, origin, d1, d2):
        self.config, self.buffers = net.to_config(), net.buffers()
        self.x, self.t = np.array(net._prepare_x(x)), np.array(t)
        self.origin, self.d1, self.d2 = origin, d1, d2
        self._local = threading.local()

    def evaluate(self, alphas, beta, workspace):
        net = getattr(self._local, "net", None)
        if net is None:
            net = self._local.net = Network.from_config(self.config)
            net.set_buffers(self.buffers)
        out = np.empty(len(alphas))
        for j, alpha in enumerate(alphas):
            net.set_params(point(self.origin, self.d1, self.d2, alpha, beta))
            out[j] = net.loss(self.x, self.t)
        return out


@dataclass
class _Layer:
    """One dense layer, transposed: W (n_out, n_in) and b (n_out, 1), with the parts of d₁ and d₂."""

    W: np.ndarray
    Wa: np.ndarray
    Wb: np.ndarray
    b: np.ndarray
    ba: np.ndarray
    bb: np.ndarray
    act: activations.Activation

    def stacked(self, alphas, beta):
        """Weights and biases at each grid point of a chunk: (g, n_out, n_in) and (g, n_out, 1)."""
        a = alphas[:, None, None]
        return (self.W + a * self.Wa) + beta * self.Wb, (self.b + a * self.ba) + beta * self.bb


class _DenseEvaluator:
    """Dense layers only (flatten and evaluation-mode dropout are identities): the fast path.

    Activations are laid out (grid point, unit, sample): the bias then broadcasts along the long
    contiguous sample axis (adding a (g, 1, 8) bias to (g, N, 8) costs as much as a tanh), and
    z = W·h is one small product per grid point.
    """

    def __init__(self, net, x, t, origin, d1, d2, dtype):
        if dtype not in (np.float32, np.float64):
            raise ConfigError("dtype", f"must be float64 or float32, got {dtype}")
        self.dtype = dtype
        self.layers = []
        for block in net.blocks:
            if isinstance(block.core, Dense):
                wn, bn = block.param_names[:2]
                Ws = [np.ascontiguousarray(np.asarray(p[wn], dtype=dtype).T) for p in (origin, d1, d2)]
                bs = [np.asarray(p[bn], dtype=dtype)[:, None] for p in (origin, d1, d2)]
                self.layers.append(_Layer(*Ws, *bs, block.act.activation))
        X = np.asarray(net._prepare_x(x), dtype=dtype)
        X = X.reshape(X.shape[0], -1)
        first = self.layers[0]
        # Z₁(α, β) = Z0 + α·Za + β·Zb: the first layer costs three products for the whole grid
        # (Z0 is made exactly as Dense.forward makes it, then transposed)
        self.Z0 = np.ascontiguousarray((X @ first.W.T + first.b.T).T)
        self.Za = np.ascontiguousarray((X @ first.Wa.T + first.ba.T).T)
        self.Zb = np.ascontiguousarray((X @ first.Wb.T + first.bb.T).T)
        self.n = X.shape[0]
        self.width = max(layer.W.shape[0] for layer in self.layers)
        self.n_out = self.layers[-1].W.shape[0]
        self.default_chunk = max(1, min(256, CHUNK_ELEMENTS // (self.n * self.width)))

        self.loss_name = net.loss_name
        t = losses.prepare_targets(self.loss_name, t, np.empty((self.n, self.n_out), dtype))
        self.t = t if self.loss_name == "cross_entropy" else np.ascontiguousarray(t.T)
        self.l1, self.l2 = net.l1, net.l2
        if self.l2:
            # ½·l2·Σ‖W + αA + βB‖² is a quadratic in (α, β): six numbers, exact up to rounding
            pairs = {"ww": ("W", "W"), "wa": ("W", "Wa"), "wb": ("W", "Wb"),
                     "aa": ("Wa", "Wa"), "ab": ("Wa", "Wb"), "bb": ("Wb", "Wb")}
            self.quad = {key: sum(float(np.vdot(np.asarray(getattr(layer, u), np.float64),
                                                np.asarray(getattr(layer, v), np.float64)))
                                  for layer in self.layers)
                         for key, (u, v) in pairs.items()}

    def evaluate(self, alphas, beta, workspace):
        """Data loss + regularization at the grid points (αⱼ, β) of one chunk."""
        dtype, n = self.dtype, self.n
        g = len(alphas)
        a = alphas.astype(dtype)
        b = dtype.type(beta)
        first = self.layers[0]
        base = workspace.take("base", 1, self.Z0.shape, dtype)[0]
        np.multiply(self.Zb, b, out=base)
        base += self.Z0
        z = workspace.take("z0", g, self.Z0.shape, dtype)
        np.multiply(self.Za, a[:, None, None], out=z)
        z += base
        penalty = np.zeros(g)
        if self.l1:
            penalty += self.l1 * np.abs(first.stacked(a, b)[0]).sum(axis=(1, 2))
        for i in range(1, len(self.layers)):
            h = _activate(self.layers[i - 1].act, z)  # in place: z's buffer now holds h
            layer = self.layers[i]
            W, bias = layer.stacked(a, b)
            if self.l1:
                penalty += self.l1 * np.abs(W).sum(axis=(1, 2))
            z = workspace.take(f"z{i % 2}", g, (layer.W.shape[0], n), dtype)
            np.matmul(W, h, out=z)
            z += bias
        if self.l2:
            q = self.quad
            aa, bb = alphas.astype(np.float64), float(beta)
            penalty += 0.5 * self.l2 * (q["ww"] + 2 * aa * q["wa"] + 2 * bb * q["wb"]
                                        + aa * aa * q["aa"] + 2 * aa * bb * q["ab"] + bb * bb * q["bb"])
        return self._data_loss(z, workspace) + penalty

    def _data_loss(self, z, workspace):
        """Mean loss per grid point from the output logits z (g, k, N): the formulas of ``losses.value``."""
        g, k, n = z.shape
        dtype, t = self.dtype, self.t
        if self.loss_name == "mse":
            y = _activate(self.layers[-1].act, z)
            y -= t
            np.multiply(y, y, out=y)
            return y.reshape(g, -1).sum(axis=1, dtype=np.float64) / (n * k)
        if self.loss_name == "bce":
            # −[t·log σ(z) + (1 − t)·log σ(−z)] = max(z, 0) − t·z + log1p(e^−|z|), stable for any z
            soft = workspace.take("soft", g, (k, n), dtype)
            np.abs(z, out=soft)
            np.negative(soft, out=soft)
            np.exp(soft, out=soft)
            np.log1p(soft, out=soft)
            tz = workspace.take("tz", g, (k, n), dtype)
            np.multiply(z, t, out=tz)
            np.maximum(z, 0, out=z)
            z -= tz
            z += soft
            return z.reshape(g, -1).sum(axis=1, dtype=np.float64) / n
        # cross entropy: log Σ exp(z − max z) − (z − max z)[label], the class axis being axis 1
        top = workspace.take("top", g, (1, n), dtype)
        np.max(z, axis=1, keepdims=True, out=top)
        z -= top
        picked = workspace.take("picked", g, (n,), dtype)
        index = workspace.keep("label index",
                               lambda c: ((np.arange(c)[:, None] * k + t) * n + np.arange(n)).reshape(-1))
        np.take(z.reshape(-1), index[:g * n], out=picked.reshape(-1))
        e = workspace.take("exp", g, (k, n), dtype)
        np.exp(z, out=e)
        norm = workspace.take("norm", g, (n,), dtype)
        np.sum(e, axis=1, out=norm)
        np.log(norm, out=norm)
        norm -= picked
        return norm.sum(axis=1, dtype=np.float64) / n


def _activate(act: activations.Activation, z: np.ndarray) -> np.ndarray:
    """act.f(z), computed in place for the common activations (the very operations of their ``f``,
    so the same bits); any other activation returns a new array."""
    f = act.f
    if isinstance(f, np.ufunc):  # tanh
        return f(z, out=z)
    if f is activations.sigmoid:
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1.0
        return np.reciprocal(z, out=z)
    if act.name == "relu":
        return np.maximum(z, 0, out=z)
    if act.name == "linear":
        return z
    return f(z)
