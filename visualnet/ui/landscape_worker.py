"""Loss landscapes off the GUI thread: one job at a time in a :class:`~visualnet.ui.thread_job.ThreadJob`,
cancellable.

The view hands over a :class:`LandscapeRequest` made of copies (a private network built from the live
one's config, the training data, the recorded snapshots); the job makes the plane (random or PCA
directions), projects the path on it, then runs ``core.landscape.progressive_slice`` and sends every
grid as soon as it is done, coarse first. Everything the GUI thread would otherwise pay for per grid —
the contour paths (marching squares costs ~5 ms a level on 101²) — is traced here too, so the GUI only
swaps pictures. Results reach the GUI thread through the job's outbox; a cancelled job says so in
``finished``, always its last signal; a superseded job falls silent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal

from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled, Landscape, Params
from visualnet.core.network import Network
from visualnet.ui.thread_job import ThreadJob

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


class LandscapeWorker(QObject):
    """Runs one landscape job at a time; a new request cancels the running one first (its signals stop)."""

    planeReady = Signal(int, object)  # job id, Plane
    gridReady = Signal(int, object)  # job id, Grid
    failed = Signal(int, str)  # job id, message
    finished = Signal(int, str)  # job id, DONE / CANCELLED / FAILED: always the running job's last signal
    idle = Signal()  # once the running job has finished (after the bookkeeping)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._job = ThreadJob(self)
        self._job.posted.connect(self._on_posted)
        self._job.finished.connect(self._on_finished)
        self._job.cancelled.connect(self._on_cancelled)  # a bound method: a lambda would make a cycle
        self._next_id = 0

    @property
    def current_job(self) -> int:
        return self._next_id

    def submit(self, request: LandscapeRequest) -> int:
        """Cancel the running job (if any) and start this one; returns its job id."""
        self._next_id += 1
        self._job.start(partial(compute_landscape, request))
        return self._next_id

    def cancel(self):
        self._job.cancel()

    def busy(self) -> bool:
        """True until the GUI thread has heard ``finished`` from the running job."""
        return self._job.running

    def shutdown(self, timeout_s: float | None = 5.0) -> bool:
        """Cancel and wait for the thread to end (the slices poll for cancellation every chunk)."""
        return self._job.shutdown(timeout_s)

    def _on_posted(self, item):
        kind, value = item
        (self.planeReady if kind == "plane" else self.gridReady).emit(self._next_id, value)

    def _on_finished(self, _result, error: str):
        if error:
            self.failed.emit(self._next_id, error)
        self._end(FAILED if error else DONE)

    def _on_cancelled(self):
        self._end(CANCELLED)

    def _end(self, outcome: str):
        self.finished.emit(self._next_id, outcome)
        if not self._job.running:
            self.idle.emit()


def compute_landscape(request: LandscapeRequest, run):
    """The job, in the worker thread: posts ("plane", Plane), then ("grid", Grid) for each resolution."""
    t0 = time.perf_counter()
    plane = make_plane(request)
    if run.cancelled():
        raise Cancelled("cancelled")
    run.post(("plane", plane))
    grids = plane.landscape.progressive(request.net, request.x, request.t, span=plane.extent,
                                        resolutions=tuple(request.resolutions), should_cancel=run.cancelled,
                                        workers=request.workers)
    for i, (alphas, betas, losses) in enumerate(grids):
        contours = {log: contour_paths(losses, log) for log in (False, True)}
        if run.cancelled():
            raise Cancelled("cancelled")
        run.post(("grid", Grid(alphas.copy(), betas.copy(), losses.copy(), contours,
                               i == len(request.resolutions) - 1, time.perf_counter() - t0)))
