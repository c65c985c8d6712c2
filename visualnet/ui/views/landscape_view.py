"""The real network's loss landscape: the loss on the plane θ + α·d₁ + β·d₂ around the current weights,
with contour lines, a colour bar and the training path projected on the plane, drawn live.

Directions are filter-normalised random ones or the top two principal directions of the recorded
training path (Li et al. 2018, *Visualizing the Loss Landscape of Neural Nets*). Every number comes
from ``core.landscape``; the slices run in a :class:`~visualnet.ui.landscape_worker.LandscapeWorker`,
coarse grid first, and the GUI thread only takes parameter snapshots and swaps pictures.

The controller does not keep a parameter trajectory, so this view records its own: a snapshot of the
weights at every new training step, thinned evenly (every other one dropped, the stride doubled) so
at most :data:`MAX_SNAPSHOTS` are kept, and fewer for big networks (:data:`SNAPSHOT_BUDGET` bytes).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP, QEventLoop, QRectF, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visualnet.core.network import Network
from visualnet.core.trainer import BoundedSeries
from visualnet.ui import colors
from visualnet.ui.i18n import tr
from visualnet.ui.landscape_worker import (
    CANCELLED,
    CONTOURS,
    FAILED,
    LandscapeRequest,
    LandscapeWorker,
    display_values,
    value_range,
)
from visualnet.ui.widgets.plotting import css, pt
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox, ExactDoubleSpinBox, refusal_label

KINDS = {"random": QT_TR_NOOP("random filter-normalised (Li et al. 2018)"),
         "pca": QT_TR_NOOP("PCA of the training trajectory")}  # translated when shown
MAX_SNAPSHOTS = 400  # points of the recorded path, the newest included
SNAPSHOT_BUDGET = 128 * 2**20  # bytes of recorded parameters at most
MAX_RECORDED_PARAMS = 200_000  # bigger networks are not recorded: no path, no PCA
MAX_SLICE_SAMPLES = 1000  # the slice's loss is taken on at most this many training points
DENSE_RESOLUTIONS = (11, 26, 51, 101)
# conv and batch-norm networks are evaluated point by point (no fast path): fewer points, fewer samples
SLOW_RESOLUTIONS = (11, 21, 41)
SLOW_SLICE_SAMPLES = 250
SUBSAMPLE_SEED = 0
MIN_INTERVAL_MS = 33  # path redraws at most ~30 times a second while training
AUTO_EVERY = 200  # default steps between automatic recomputes
MIN_PCA_POINTS = 3

PATH_COLOR = (255, 255, 255)
OUTLINE_COLOR = (20, 20, 20)
NOW_COLOR = (0, 200, 255)
CONTOUR_PEN = pg.mkPen((30, 30, 30, 150), width=1.5)
TEXT_COLOR = (30, 30, 30)


class Trajectory:
    """Parameter snapshots along training, evenly thinned like the training history
    (:class:`~visualnet.core.trainer.BoundedSeries`), plus the newest snapshot, so the path ends where
    training is now. Each snapshot has a serial number that identifies it across thinning."""

    def __init__(self, capacity: int):
        self.capacity = max(2, int(capacity))
        self.clear()

    def clear(self):
        self.kept = BoundedSeries(self.capacity)  # values: (serial, params)
        self.tail: tuple[int, int, dict] | None = None
        self._serial = 0

    @property
    def stride(self) -> int:
        return self.kept.stride

    def record(self, step: int, params: dict):
        self._serial += 1
        self.tail = (self._serial, step, params)
        self.kept.append(step, (self._serial, params))

    @property
    def last_step(self) -> int | None:
        return None if self.tail is None else self.tail[1]

    def snapshots(self) -> list[tuple[int, int, dict]]:
        """(serial, step, params), oldest first, the newest always last."""
        if self.tail is None:
            return []
        kept = [(serial, step, params) for step, (serial, params) in zip(self.kept.steps, self.kept.values)]
        return kept if kept[-1][0] == self.tail[0] else [*kept, self.tail]


class ContourItem(pg.IsocurveItem):
    """An IsocurveItem whose path was traced in the worker (marching squares costs ~5 ms a level)."""

    def set_traced(self, data, level, path):
        self.prepareGeometryChange()
        self.data, self.level, self.path = data, level, path
        self.update()

    def clear(self):
        self.set_traced(None, 0.0, None)


def log_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Colour-bar ticks for log₁₀ values in [lo, hi], labelled with the loss itself: 1, 2, 5 × 10ᵏ or finer."""
    for mantissas in ((1,), (1, 2, 5), tuple(range(1, 10))):
        values = [m * 10.0**k for k in range(math.floor(lo), math.ceil(hi) + 1) for m in mantissas]
        ticks = [(math.log10(v), f"{v:g}") for v in values if lo <= math.log10(v) <= hi]
        if len(ticks) >= 3:
            return ticks
    # less than a decade: round values of the loss, about five of them
    low, high = 10.0**lo, 10.0**hi
    step = 10.0 ** math.floor(math.log10((high - low) / 5))
    step *= next(m for m in (1, 2, 5, 10) if (high - low) / (m * step) <= 6)
    decimals = max(0, -math.floor(math.log10(step)))
    values = np.arange(math.ceil(low / step), math.floor(high / step) + 1) * step
    return [(math.log10(v), f"{v:.{decimals}f}") for v in values if v > 0]


def _font(points: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(pt(points))
    font.setBold(bold)
    return font


class LandscapeView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.worker = LandscapeWorker(self)
        self._job: int | None = None  # the job whose results are drawn (or awaited)
        self._incoming = None  # the plane of the running job, shown with its first grid
        self._plane = None
        self._grid = None
        self._coords: dict[int, tuple[float, float]] = {}  # snapshot serial → (α, β) on the shown plane
        self._plane_step = 0  # training step at which the shown plane was requested
        self._job_step = 0  # … and the running job's
        self._attempt_step: int | None = None  # step of the last request auto-refresh should count from
        self._problem = ""
        self._interrupted = False  # a computation cancelled because the view was hidden: redo when shown
        self._status = ""
        self._data_key = None
        self._build()
        self.worker.planeReady.connect(self._on_plane)
        self.worker.gridReady.connect(self._on_grid)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_finished)
        self._timer = QTimer(self, singleShot=True, interval=MIN_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)
        controller.stepped.connect(self._on_stepped)
        controller.reset.connect(self._on_reset)
        self._on_reset()

    # -- building -------------------------------------------------------------------------------

    def _build(self):
        layout = QVBoxLayout(self)
        bar = QWidget()
        bar.setFont(_font(11))
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(0, 0, 0, 0)
        # two rows: between the docks of a 1280-pixel window the tab is about 700 pixels wide
        controls, options = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(controls)
        rows.addLayout(options)
        controls.addWidget(QLabel(self.tr("Directions")))
        self.kind_box = QComboBox()
        for key, label in KINDS.items():
            self.kind_box.addItem(tr(label), key)
        # the tab sits between two docks: let the box shrink (its list still shows the whole names)
        self.kind_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind_box.setMinimumContentsLength(14)
        self.kind_box.setToolTip(self.tr(
            "random: two Gaussian directions, each neuron's part scaled to the norm of its weights "
            "(filter normalisation, Li et al. 2018); biases not moved. Random directions are nearly "
            "orthogonal to the path, so it looks short on this plane.\n"
            "PCA: the two directions along which the recorded training path varies most, through its "
            "last point."))
        self.kind_box.currentIndexChanged.connect(lambda _i: self.request())
        longest = max((tr(label) for label in KINDS.values()), key=QFontMetrics(bar.font()).horizontalAdvance)
        self.kind_box.setMaximumWidth(QFontMetrics(bar.font()).horizontalAdvance(longest) + 50)
        controls.addWidget(self.kind_box, 1)
        self.span_label = QLabel(self.tr("span ±"))
        controls.addWidget(self.span_label)
        self.span = ExactDoubleSpinBox(0.05, 20.0, self.tr("span ±"))  # 25 is refused, never read as 2
        self.span.setSingleStep(0.25)
        self.span.setValue(1.0)
        self.span.setToolTip(self.tr("Random directions: α and β run from −span to +span (1 = one weight norm)."))
        self.span.valueChanged.connect(lambda _v: self.request())
        controls.addWidget(self.span)
        self.recompute_button = QPushButton(self.tr("Recompute"))
        self.recompute_button.setToolTip(self.tr("Compute the landscape again around the current weights."))
        self.recompute_button.clicked.connect(lambda: self.request())
        controls.addWidget(self.recompute_button)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the computation; the last finished grid stays drawn."))
        self.cancel_button.clicked.connect(self.cancel)
        controls.addWidget(self.cancel_button)
        controls.addStretch(1)
        self.auto = QCheckBox(self.tr("auto-refresh every"))
        self.auto.setChecked(True)
        self.auto.setToolTip(self.tr("While training, recompute every N steps, or as soon as the current point "
                                     "leaves the drawn plane."))
        options.addWidget(self.auto)
        self.auto_every = CheckedSpinBox(10, 100_000, self.tr("auto-refresh every"))  # 200000 is refused, not 20000
        self.auto_every.setSingleStep(50)
        self.auto_every.setValue(AUTO_EVERY)
        self.auto_every.setSuffix(self.tr(" steps"))
        options.addWidget(self.auto_every)
        self.log_colors = QCheckBox(self.tr("log colours"))
        self.log_colors.setChecked(True)
        self.log_colors.setToolTip(self.tr("Colour by log₁₀ L: keeps the low valley visible next to steep walls."))
        self.log_colors.toggled.connect(self._draw_grid)
        options.addWidget(self.log_colors)
        options.addStretch(1)
        layout.addWidget(bar)
        self.refusal = refusal_label(self.span, self.auto_every)  # a typed span or interval that was refused
        self.refusal.setFont(_font(11))  # as the bar of boxes above it
        layout.addWidget(self.refusal)

        self.info = QLabel()
        self.info.setFont(_font(13))
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.message = QLabel()
        self.message.setFont(_font(12))
        self.message.setWordWrap(True)
        self.message.setObjectName("landscapeMessage")
        self.message.setStyleSheet("#landscapeMessage { background: #fff4ce; color: #5c4400; "
                                   "border: 1px solid #e0c060; border-radius: 4px; padding: 4px 8px; }")
        layout.addWidget(self.message)

        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        plot = self.plots.addPlot(row=0, col=0)
        plot.setTitle(self.tr("loss  L(θ + α·d₁ + β·d₂)"), size=css(14), color=TEXT_COLOR)
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setTickFont(_font(12))
            plot.getAxis(axis).setPen(pg.mkPen((60, 60, 60), width=1.5))
            plot.getAxis(axis).setTextPen(pg.mkPen((30, 30, 30)))
            plot.getAxis(axis).enableAutoSIPrefix(False)  # "(x0.001)" after a long label reads as part of it
            plot.getAxis(axis).setStyle(textFillLimits=[(0, 0.8), (2, 0.3)])  # fewer, larger-spaced labels
        plot.setMenuEnabled(False)
        self.plot = plot
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)
        self.contours = [ContourItem(pen=CONTOUR_PEN) for _ in range(CONTOURS)]
        for contour in self.contours:
            contour.setParentItem(self.image)  # pixel coordinates, like the image
        self.path_outline = pg.PlotDataItem(pen=pg.mkPen(OUTLINE_COLOR, width=7))
        self.path_line = pg.PlotDataItem(pen=pg.mkPen(PATH_COLOR, width=3.5), symbol="o", symbolSize=7,
                                         symbolBrush=pg.mkBrush(PATH_COLOR), symbolPen=pg.mkPen(OUTLINE_COLOR, width=1.2))
        self.start_marker = pg.ScatterPlotItem(symbol="s", size=15, brush=pg.mkBrush(PATH_COLOR),
                                               pen=pg.mkPen(OUTLINE_COLOR, width=2))
        self.now_marker = pg.ScatterPlotItem(symbol="o", size=22, brush=pg.mkBrush(NOW_COLOR),
                                             pen=pg.mkPen(OUTLINE_COLOR, width=2.5))
        self.origin_marker = pg.ScatterPlotItem(symbol="+", size=20, brush=pg.mkBrush(OUTLINE_COLOR),
                                                pen=pg.mkPen(OUTLINE_COLOR, width=2))
        self.legend = legend = plot.addLegend(offset=(10, 10), labelTextSize=css(11), labelTextColor=TEXT_COLOR,
                                brush=pg.mkBrush(255, 255, 255, 210), pen=pg.mkPen((120, 120, 120)))
        for item, name in ((self.path_outline, None), (self.path_line, self.tr("training path")),
                           (self.start_marker, self.tr("start")), (self.now_marker, self.tr("now")),
                           (self.origin_marker, None)):
            plot.addItem(item)
            if name is not None:
                legend.addItem(item, name)
        for item in (self.path_outline, self.path_line, self.start_marker, self.now_marker):
            item.setZValue(10)
        self.colorbar = pg.ColorBarItem(colorMap=colors.SEQUENTIAL, label=self.tr("loss"), interactive=False, width=24,
                                        colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        self.colorbar.axis.setTickFont(_font(12))
        self.colorbar.axis.setWidth(64)
        self.colorbar.getAxis("left").setTextPen(pg.mkPen((30, 30, 30)))
        self.colorbar.axis.setTextPen(pg.mkPen((30, 30, 30)))
        self.plots.addItem(self.colorbar, row=0, col=1)

    # -- public API -----------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def request(self, kind: str | None = None, resolutions=None, span: float | None = None) -> int | None:
        """Compute the landscape for the current weights: cancels a running computation and restarts.

        Returns the job id, or None when it cannot be computed (PCA before enough points are recorded).
        """
        if kind is not None:
            if kind not in KINDS:
                raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
            self.kind_box.blockSignals(True)
            self.kind_box.setCurrentIndex(list(KINDS).index(kind))
            self.kind_box.blockSignals(False)
        if span is not None:
            self.span.blockSignals(True)
            self.span.setValue(span)
            self.span.blockSignals(False)
        kind = self.kind
        self._update_controls()
        net = self.controller.net
        if self._recording:
            self._record()
            snapshots = self.trajectory.snapshots()
        else:
            snapshots = [(0, self.controller.trainer.step_count, net.copy_params())]
        if kind == "pca" and (not self._recording or len(snapshots) < MIN_PCA_POINTS):
            self.worker.cancel()
            self._problem = (self.tr("PCA of the training trajectory needs a recorded path of at least {n} points: "
                                     "train a few steps first.").format(n=MIN_PCA_POINTS) if self._recording else
                             self.tr("PCA directions need the recorded training path, which is not recorded for "
                                     "this network (too many parameters): use random directions."))
            self._job = self._incoming = self._plane = None
            self._attempt_step = None  # try again as soon as the path is long enough
            self._status = ""
            self._clear_picture()
            self._refresh_text()
            return None
        x, t = self._slice_data()
        private = Network.from_config(net.to_config())  # the worker never touches the live network
        private.set_buffers(net.buffers())
        request = LandscapeRequest(
            kind=kind, net=private, x=x, t=t, trajectory=tuple(s[2] for s in snapshots),
            serials=tuple(s[0] for s in snapshots),
            resolutions=tuple(int(r) for r in (resolutions or self._default_resolutions())),
            span=float(self.span.value()))
        self._job = self.worker.submit(request)
        self._incoming = None
        self._job_step = self._attempt_step = self.controller.trainer.step_count
        self._problem = ""
        self._status = self.tr("computing …")
        self._refresh_text()
        self._update_controls()
        return self._job

    def cancel(self):
        """Stop the running computation; the last finished grid stays drawn."""
        if self.worker.busy():
            self.worker.cancel()
            self._status = self.tr("cancelling …")
            self._refresh_text()

    def worker_busy(self) -> bool:
        return self.worker.busy()

    def wait_ready(self, timeout_ms: int = 30_000) -> bool:
        """Run the event loop until the running computation has finished (headless export, scripts)."""
        if not self.worker.busy():
            return True
        loop = QEventLoop()
        timer = QTimer(singleShot=True, interval=timeout_ms)
        timer.timeout.connect(loop.quit)
        # `idle` is emitted in this thread by the bookkeeping slot itself, after `busy()` turned False: a job
        # that ends between the check above and this line still reaches the loop as a queued `finished`
        self.worker.idle.connect(loop.quit)
        timer.start()
        if self.worker.busy():
            loop.exec()
        timer.stop()
        self.worker.idle.disconnect(loop.quit)
        return not self.worker.busy()

    def last_grid(self):
        """(alphas, betas, losses) of the latest drawn grid, losses[i, j] at (alphas[j], betas[i]); or None."""
        if self._grid is None:
            return None
        return self._grid.alphas, self._grid.betas, self._grid.losses

    def landscape(self):
        """The shown plane (``core.landscape.Landscape``): origin, d₁, d₂, explained variance; or None."""
        return None if self._plane is None else self._plane.landscape

    def extent(self):
        return None if self._plane is None else self._plane.extent

    def path_points(self) -> np.ndarray:
        """(n, 2) plane coordinates (α, β) of the drawn training path, oldest first, ending at 'now'."""
        x, y = self.path_line.getData()
        if x is None or len(x) == 0:
            return np.zeros((0, 2))
        return np.column_stack([x, y])

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def status_text(self) -> str:
        return self.info.text()

    def slice_data(self):
        """The (x, t) the loss is evaluated on: the training set, subsampled when large."""
        return self._slice_data()

    def csv_tables(self):
        tables = {}
        if self._grid is not None:
            g = self._grid
            rows = [[float(a), float(b), float(g.losses[i, j])]
                    for i, b in enumerate(g.betas) for j, a in enumerate(g.alphas)]
            tables["loss landscape"] = (["alpha", "beta", "loss"], rows)
        path = self.path_points()
        if len(path):
            tables["training path"] = (["alpha", "beta"], [[float(a), float(b)] for a, b in path])
        return tables

    # -- recording the path ----------------------------------------------------------------------

    @property
    def _recording(self) -> bool:
        return self._n_params <= MAX_RECORDED_PARAMS

    def _record(self):
        step = self.controller.trainer.step_count
        if self.trajectory.last_step != step:
            self.trajectory.record(step, self.controller.net.copy_params())

    def _on_stepped(self):
        if self._recording:
            self._record()
        if not self._timer.isActive():
            self._timer.start()

    def _on_reset(self):
        self.worker.cancel()
        self._job = self._attempt_step = None
        self._incoming = self._plane = None
        self._coords = {}
        net = self.controller.net
        self._n_params = sum(int(p.size) for p in net.params.values())
        snapshot_bytes = max(1, sum(int(p.nbytes) for p in net.params.values()))
        self.trajectory = Trajectory(min(MAX_SNAPSHOTS - 1, SNAPSHOT_BUDGET // snapshot_bytes))
        if self._recording:
            self._record()
        self._problem = ""
        self._status = ""
        self._clear_picture()
        self._refresh_text()
        self._update_controls()
        if self.isVisible():
            self.request()

    def _on_timer(self):
        self._draw_path()
        if self.auto.isChecked() and self.isVisible() and not self.worker.busy() and self._auto_due():
            self.request()

    def _auto_due(self) -> bool:
        """Every N steps, or early when 'now' leaves the drawn plane. A cancelled or failed request
        also counts as an attempt, so auto-refresh does not restart it at once."""
        steps = self.controller.trainer.step_count
        if self._attempt_step is not None and steps - self._attempt_step < self.auto_every.value():
            return self._plane is not None and self._now_outside()
        return self.kind != "pca" or len(self.trajectory.snapshots()) >= MIN_PCA_POINTS

    def _now_outside(self) -> bool:
        path = self.path_points()
        if not len(path):
            return False
        a0, a1, b0, b1 = self._plane.extent
        alpha, beta = path[-1]
        return not (a0 <= alpha <= a1 and b0 <= beta <= b1)

    # -- worker results -------------------------------------------------------------------------

    def _on_plane(self, job: int, plane):
        if job == self._job:
            self._incoming = plane

    def _on_grid(self, job: int, grid):
        if job != self._job:
            return
        if self._incoming is not None:
            self._plane, self._incoming = self._incoming, None
            self._plane_step = self._job_step
            self._coords = dict(self._plane.path)
            self._set_axes()
        self._grid = grid
        size = f"{len(grid.alphas)}×{len(grid.betas)}"
        self._status = self.tr("{size} in {s} s").format(size=size, s=f"{grid.seconds:.2f}") if grid.final else \
            self.tr("{size}, refining …").format(size=size)
        self._draw_grid()
        self._draw_path()
        self._refresh_text()

    def _on_failed(self, job: int, message: str):
        if job == self._job:
            self._problem = self.tr("Could not compute the landscape: {reason}").format(reason=message)

    def _on_finished(self, job: int, outcome: str):
        if job != self._job:
            return
        if outcome == CANCELLED:
            self._status = self.tr("cancelled (the last finished grid is shown)") if self._grid is not None \
                else self.tr("cancelled")
        elif outcome == FAILED:
            self._status = self.tr("failed")
        self._refresh_text()
        self._update_controls()

    # -- drawing --------------------------------------------------------------------------------

    def _clear_picture(self):
        self._grid = None
        self.image.clear()
        for contour in self.contours:
            contour.clear()
        for item in (self.path_outline, self.path_line):
            item.setData([], [])
        for item in (self.start_marker, self.now_marker):
            item.setData([], [])
        self._show_origin(False)
        self.colorbar.hide()
        self.plot.setLabel("bottom", "α", **{"font-size": css(13)})
        self.plot.setLabel("left", "β", **{"font-size": css(13)})
        self.plot.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0)

    def _set_axes(self):
        plane = self._plane
        a0, a1, b0, b1 = plane.extent
        if plane.landscape.kind == "pca":
            r1, r2 = plane.landscape.explained_variance
            alpha = self.tr("α  along d₁ (PC 1: {p} % of the path's variance)").format(p=f"{100 * r1:.1f}")
            beta = self.tr("β  along d₂ (PC 2: {p} %)").format(p=f"{100 * r2:.1f}")
        else:
            alpha = self.tr("α  along d₁ (random, filter-normalised)")
            beta = self.tr("β  along d₂ (random, filter-normalised)")
        self.plot.setLabel("bottom", alpha, **{"font-size": css(13)})
        self.plot.setLabel("left", beta, **{"font-size": css(13)})
        self.plot.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0)

    def _draw_grid(self):
        grid = self._grid
        if grid is None:
            return
        log = self.log_colors.isChecked()
        values = display_values(grid.losses, log)
        lo, hi = value_range(values)
        a, b = grid.alphas, grid.betas
        # sample j sits at the centre of pixel j, where the contours (marching squares) put it too
        da = (a[-1] - a[0]) / (len(a) - 1)
        db = (b[-1] - b[0]) / (len(b) - 1)
        self.image.setImage(values, autoLevels=False, levels=(lo, hi))
        self.colorbar.show()
        self.image.setRect(QRectF(a[0] - da / 2, b[0] - db / 2, da * len(a), db * len(b)))
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks([log_ticks(lo, hi)] if log else None)
        self.colorbar.getAxis("left").setLabel(self.tr("loss L (log scale)") if log else self.tr("loss L"),
                                               **{"font-size": css(13)})
        traced = grid.contours[log]
        for i, contour in enumerate(self.contours):
            if i < len(traced):
                contour.set_traced(values, *traced[i])
            else:
                contour.clear()

    def _draw_path(self):
        plane = self._plane
        snapshots = self.trajectory.snapshots() if self._recording else []
        if plane is None or not snapshots:
            for item in (self.path_outline, self.path_line, self.start_marker, self.now_marker):
                item.setData([], [])
            self._show_origin(plane is not None)
            return
        coords = {}
        for serial, _step, params in snapshots:
            if serial not in self._coords:
                # recorded after the plane was made: only the newest few, each projected once
                self._coords[serial] = plane.landscape.project(params)
            coords[serial] = self._coords[serial]
        self._coords = coords
        path = np.array([coords[s[0]] for s in snapshots])
        self.path_outline.setData(path[:, 0], path[:, 1])
        self.path_line.setData(path[:, 0], path[:, 1])
        self.start_marker.setData(path[:1, 0], path[:1, 1])
        self.now_marker.setData(path[-1:, 0], path[-1:, 1])
        a0, a1, b0, b1 = plane.extent
        # θ is where 'now' was when the plane was made; it earns a marker once training moves on
        self._show_origin(np.hypot(*path[-1]) > 1e-3 * max(a1 - a0, b1 - b0))
        self._refresh_text()

    def _show_origin(self, shown: bool):
        self.origin_marker.setData([0.0] if shown else [], [0.0] if shown else [])
        listed = any(sample.item is self.origin_marker for sample, _label in self.legend.items)
        if shown and not listed:
            self.legend.addItem(self.origin_marker, self.tr("θ, where the plane was made"))
        elif listed and not shown:
            self.legend.removeItem(self.origin_marker)

    def _refresh_text(self):
        parts = [tr(KINDS[self.kind])]
        plane = self._plane
        if plane is not None:
            parts[0] = tr(KINDS[plane.landscape.kind])
            parts.append(self.tr("θ = weights at step {n}").format(n=self._plane_step))
            if plane.landscape.kind == "pca":
                r1, r2 = plane.landscape.explained_variance
                parts.append(self.tr("explained variance: d₁ {p1} %, d₂ {p2} %").format(p1=f"{100 * r1:.1f}",
                                                                                       p2=f"{100 * r2:.1f}"))
        if self._recording:
            n = len(self.trajectory.snapshots())
            parts.append(self.tr("%n path point(s)", "", n))
        if self._status:
            parts.append(self._status)
        self.info.setText("   ·   ".join(parts))
        notes = [self._problem] if self._problem else []
        notes += self._notes()
        self.message.setText("\n".join(notes))
        self.message.setVisible(bool(notes))

    def _notes(self) -> list[str]:
        notes = []
        x, _t = self._slice_data()
        n_train = len(self.controller.session.train.x)
        if len(x) < n_train:
            notes.append(self.tr("The loss is evaluated on {n} of the {total} training points (a fixed random "
                                 "subsample), to keep the slice fast.").format(n=len(x), total=n_train))
        if not self._recording:
            notes.append(self.tr("This network has {n:,} parameters (more than {limit:,}): the training path is not "
                                 "recorded, so neither the path nor PCA directions are shown.").format(
                n=self._n_params, limit=MAX_RECORDED_PARAMS))
        return notes

    def _update_controls(self):
        busy = self.worker.busy()
        self.cancel_button.setEnabled(busy)
        random = self.kind == "random"
        self.span.setVisible(random)
        self.span_label.setVisible(random)

    # -- data -----------------------------------------------------------------------------------

    def _slow_path(self) -> bool:
        return any(layer.kind == "conv2d" or layer.batch_norm for layer in self.controller.layers)

    def _default_resolutions(self):
        return SLOW_RESOLUTIONS if self._slow_path() else DENSE_RESOLUTIONS

    def _slice_data(self):
        train = self.controller.session.train
        limit = SLOW_SLICE_SAMPLES if self._slow_path() else MAX_SLICE_SAMPLES
        key = (id(train), len(train.x), limit)
        if key != self._data_key:
            if len(train.x) > limit:
                rows = np.sort(np.random.default_rng(SUBSAMPLE_SEED).choice(len(train.x), limit, replace=False))
                self._data = train.x[rows], train.t[rows]
            else:
                self._data = train.x, train.t
            self._data_key = key
        return self._data

    # -- lifecycle ------------------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        # computed when first seen (a hidden tab costs nothing), then kept up to date by auto-refresh
        interrupted, self._interrupted = self._interrupted, False
        if (self._plane is None or interrupted) and not self.worker.busy() and not self._problem:
            self.request()

    def hideEvent(self, event):
        # another tab, or the window closed: a computation nobody sees only takes the cores from training
        if self.worker.busy():
            self.worker.cancel()
            self._interrupted = True
        super().hideEvent(event)

    def closeEvent(self, event):
        self.worker.shutdown()
        super().closeEvent(event)
