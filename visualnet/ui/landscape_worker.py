"""Loss landscapes off the GUI thread: one job at a time on a private ``QThreadPool``, cancellable.

The view hands over a :class:`LandscapeRequest` made of copies (a private network built from the live
one's config, the training data, the recorded snapshots); the job makes the plane (random or PCA
directions), projects the path on it, then runs ``core.landscape.progressive_slice`` and sends every
grid as soon as it is done, coarse first. Everything the GUI thread would otherwise pay for per grid —
the contour paths (marching squares costs ~5 ms a level on 101²) — is traced here too, so the GUI only
swaps pictures. Results travel as queued signals; a job that was cancelled or superseded says so in
``finished``, always its last signal.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled, Landscape, Params
from visualnet.core.network import Network

CONTOURS = 10  # contour levels, evenly spaced in the displayed colour scale
DONE, CANCELLED, FAILED = "done", "cancelled", "failed"


def slice_workers() -> int:
    """Threads for the slice: every core but one, which stays with the GUI thread (painting a grid
    while all cores compute took 30–35 ms on two cores, 20 ms with one core left free)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores - 1, 8))


@dataclass(frozen=True)
class LandscapeRequest:
    """Everything one job needs, owned by the job: nothing here is touched by the GUI thread again."""

    kind: str  # "random" or "pca"
    net: Network  # a private copy of the live network's architecture (its parameters are not used)
    x: np.ndarray
    t: np.ndarray
    trajectory: Sequence[Params]  # recorded parameter snapshots, oldest first; the last is θ now
    serials: Sequence[int]  # one identifier per snapshot, to match the projected path to it
    resolutions: tuple[int, ...]
    span: float = 1.0  # random directions: α, β ∈ [−span, span]
    margin: float = 0.25  # PCA: room around the path, as a fraction of its larger side
    seed: int = 0
    workers: int = field(default_factory=slice_workers)


@dataclass(frozen=True)
class Plane:
    """The plane of one job: its directions, the drawn extent and the path projected on it."""

    landscape: Landscape
    extent: tuple[float, float, float, float]  # (α_min, α_max, β_min, β_max)
    path: dict[int, tuple[float, float]]  # snapshot serial → (α, β)


@dataclass(frozen=True)
class Grid:
    """One grid of a progressive slice, with its contour paths for both colour scales."""

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray  # (len(betas), len(alphas)); row i is β = betas[i]
    contours: dict[bool, list] = field(repr=False)  # log scale? → [(level, QPainterPath in pixel units)]
    final: bool
    seconds: float  # since the job started


def make_plane(request: LandscapeRequest) -> Plane:
    """Directions through θ now (random) or through the path's last point (PCA), and the extent."""
    trajectory = list(request.trajectory)
    if request.kind == "pca":
        if len(trajectory) < 3:
            raise ConfigError("trajectory", "PCA needs at least 3 recorded points: train a few steps first")
        landscape = Landscape.pca(trajectory)
    else:
        landscape = Landscape.random(request.net, request.seed, origin=trajectory[-1])
    coords = landscape.project_trajectory(trajectory)
    if request.kind == "pca":
        extent = path_extent(coords, request.margin)
    else:
        s = float(request.span)
        extent = (-s, s, -s, s)
    path = {serial: (float(a), float(b)) for serial, (a, b) in zip(request.serials, coords)}
    return Plane(landscape, extent, path)


def path_extent(coords: np.ndarray, margin: float) -> tuple[float, float, float, float]:
    """The path's bounding box grown on every side by ``margin`` × its larger side (never degenerate)."""
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    size = float(np.max(hi - lo))
    pad = margin * size if size > 0 else 1.0
    return float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad)


def display_values(losses: np.ndarray, log: bool) -> np.ndarray:
    """What the colours show: the loss, or log₁₀ of it; overflowed points (inf, NaN) take the top value."""
    values = np.array(losses, dtype=np.float64)
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros_like(values)
    values[~finite] = values[finite].max()
    if log:
        positive = values[values > 0]
        floor = positive.min() if positive.size else 1e-12
        values = np.log10(np.maximum(values, floor))
    return values


def value_range(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def contour_levels(values: np.ndarray, count: int = CONTOURS) -> np.ndarray:
    """``count`` levels strictly inside the colour range, evenly spaced (geometric in log scale)."""
    lo, hi = value_range(values)
    return lo + (hi - lo) * np.arange(1, count + 1) / (count + 1)


def contour_paths(losses: np.ndarray, log: bool) -> list:
    """(level, QPainterPath) per contour level, in the image's pixel coordinates (sample j at j + ½).

    QPainterPath is reentrant, so tracing it in a worker thread is safe.
    """
    values = display_values(losses, log)
    column_major = values.T  # pyqtgraph's isocurve indexes data[x, y]
    return [(float(level), pg.functions.isocurve(column_major, level, connected=True, extendToEdge=True, path=True))
            for level in contour_levels(values)]


class _Cancellation:
    """The running job's flag, reachable without the QObject, so ``destroyed`` can still raise it."""

    def __init__(self):
        self.event: threading.Event | None = None

    def renew(self) -> threading.Event:
        self.cancel()
        self.event = threading.Event()
        return self.event

    def cancel(self, *_args):
        if self.event is not None:
            self.event.set()


_live_workers = weakref.WeakSet()


@atexit.register
def _stop_all_workers():
    """A job still running when Python shuts down would be cut off inside Qt's pool; stop them first."""
    for worker in list(_live_workers):
        try:
            worker.shutdown(2000)
        except RuntimeError:  # its C++ side is gone, and its pool waited for the job when it went
            pass


class LandscapeWorker(QObject):
    """Runs one landscape job at a time; a new request cancels the running one first."""

    planeReady = Signal(int, object)  # job id, Plane
    gridReady = Signal(int, object)  # job id, Grid
    failed = Signal(int, str)  # job id, message
    finished = Signal(int, str)  # job id, DONE / CANCELLED / FAILED: always the job's last signal
    idle = Signal()  # emitted in the GUI thread once every submitted job has finished (after the bookkeeping)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # a superseded job winds down before the next one starts
        self._next_id = 0
        self._cancellation = _Cancellation()
        # the pool (a child) waits for the running job when this object is deleted: stop the job first
        self.destroyed.connect(self._cancellation.cancel)
        _live_workers.add(self)
        self._pending: set[int] = set()  # submitted jobs whose `finished` has not arrived here yet
        # connected first, so the bookkeeping is done before any other receiver hears `finished`
        self.finished.connect(self._on_finished)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def current_job(self) -> int:
        return self._next_id

    def submit(self, request: LandscapeRequest) -> int:
        """Cancel the running job (if any) and queue this one; returns its job id."""
        self._next_id += 1
        job_id = self._next_id
        cancel = self._cancellation.renew()
        self._pending.add(job_id)
        self._pool.start(partial(self._run, job_id, request, cancel))
        return job_id

    def cancel(self):
        self._cancellation.cancel()

    def busy(self) -> bool:
        """True until the GUI thread has heard ``finished`` from every submitted job."""
        return bool(self._pending)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel and wait for the pool thread to end (the slices poll for cancellation every chunk)."""
        self.cancel()
        return self._pool.waitForDone(timeout_ms)

    def _on_finished(self, job_id: int, _outcome: str):
        self._pending.discard(job_id)
        if not self._pending:
            self.idle.emit()

    # -- the pool thread --------------------------------------------------------------------------

    def _run(self, job_id: int, request: LandscapeRequest, cancel: threading.Event):
        outcome = FAILED
        try:
            if cancel.is_set():
                raise Cancelled("cancelled before it started")
            t0 = time.perf_counter()
            plane = make_plane(request)
            if cancel.is_set():
                raise Cancelled("cancelled")
            self._emit("planeReady", job_id, plane)
            sizes = tuple(request.resolutions)
            grids = plane.landscape.progressive(request.net, request.x, request.t, span=plane.extent,
                                                resolutions=sizes, should_cancel=cancel.is_set,
                                                workers=request.workers)
            for i, (alphas, betas, losses) in enumerate(grids):
                contours = {log: contour_paths(losses, log) for log in (False, True)}
                if cancel.is_set():
                    raise Cancelled("cancelled")
                grid = Grid(alphas.copy(), betas.copy(), losses.copy(), contours, i == len(sizes) - 1,
                            time.perf_counter() - t0)
                self._emit("gridReady", job_id, grid)
            outcome = DONE
        except Cancelled:
            outcome = CANCELLED
        except (ValueError, ArithmeticError, MemoryError) as exc:  # ConfigError, LinAlgError, overflow
            self._emit("failed", job_id, str(exc) or type(exc).__name__)
        finally:
            self._emit("finished", job_id, outcome)

    def _emit(self, signal: str, *args):
        try:
            getattr(self, signal).emit(*args)
        except RuntimeError:  # the receiving view was deleted while the job ran
            pass
