"""Optimizer races drawn live on a loss surface: heatmap + contours, one coloured path per optimizer,
arrows for −∇f, the velocity and the actual step, and the loss against the iteration.

The points move by :class:`visualnet.core.race.Race`, i.e. by the core optimizers; this view only draws
and turns clicks into race calls. The race is its own session: the controller is accepted and ignored.
"""

from __future__ import annotations

import functools
import time
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP, QEvent, QPointF, QRectF, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QPalette, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import optimizers, surfaces
from visualnet.core.errors import ConfigError
from visualnet.core.race import Race, textbook_preset
from visualnet.ui import colors
from visualnet.ui.i18n import core_text, tr
from visualnet.ui.widgets.plotting import css, pt, readable_font, style_plot
from visualnet.ui.widgets.settings_panel import HYPERPARAMS
from visualnet.ui.widgets.spin_boxes import CheckedDoubleSpinBox, LogSlider, LogSpinBox

RUNNER_COLORS = [(8, 119, 189), (230, 120, 0), (30, 150, 60), (214, 39, 40), (130, 60, 170), (0, 160, 180),
                 (140, 86, 75), (90, 90, 90)]
DISPLAY_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                 "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW", "adadelta": "Adadelta"}
TEXT = "#212529"
ERROR_COLOR = "#c62828"
DIVERGED = (198, 40, 40)
FONT_PT = 11
IMAGE_GRID, CONTOUR_GRID, CONTOUR_LEVELS = 200, 100, 10
SYMBOL_LIMIT = 80  # paths up to this many points show every iterate as a dot, longer ones only the line
MAX_STEPS = 5000  # play stops here: every step keeps its optimizer state so back() stays exact
STEP_BUDGET_S = 0.02  # stepping time per frame, so the event loop never stalls


class Speed(NamedTuple):
    """A race speed: ``steps`` optimizer steps per tick of a timer that fires every ``interval_ms``."""

    label: str  # in English; tr(label) in the user's language
    steps: int
    interval_ms: int


SPEEDS = [Speed(QT_TR_NOOP("slow motion: 1 step / 0.5 s"), 1, 500), Speed(QT_TR_NOOP("1 step / frame"), 1, 16),
          Speed(QT_TR_NOOP("5 steps / frame"), 5, 16), Speed(QT_TR_NOOP("20 steps / frame"), 20, 16),
          Speed(QT_TR_NOOP("50 steps / frame"), 50, 16)]
CONTROLS_SHARE, CONTROLS_MIN_PX, CONTROLS_MAX_PX = 0.34, 270, 340
SURFACE_SHARE = (0.5, 0.7)  # of the height shared with the loss plot (see OptimizerView._fit_heights)
COLORBAR_AXIS_WIDTH = 66  # tick values up to "1e+03" and the rotated label beside them
SURFACE_AXIS_WIDTH = 44  # the y ticks of a surface are short ("-4", "2.5") and the label is one letter
PICTURE_DELAY_MS = 150  # a resized plot resamples its picture once the resizing is over
GRADIENT_PX = 60  # −∇f spans decades, so its arrow shows the direction at a fixed length
NOW_RADIUS_PX = 8  # the current point's dot
ARROW_MAX_PX = 160  # velocity arrows are true to scale up to this length on screen
LABEL_GAP_PX, LABEL_MARGIN_PX = 16, 4  # a divergence label: its distance from the ✕ and from the plot's edge
ARROW_KINDS = {  # (label, tooltip), translated when shown
    "gradient": (QT_TR_NOOP("−∇f (direction)"), QT_TR_NOOP("The downhill direction −∇f at each current point "
                                                          "(fixed length: the gradient's size spans decades).")),
    "velocity": (QT_TR_NOOP("velocity"), QT_TR_NOOP("The momentum the optimizer carries as a displacement: "
                                                    "−lr·buffer for momentum, −lr·m̂ for Adam (true to scale).")),
    "step": (QT_TR_NOOP("actual step"), QT_TR_NOOP("The step actually taken into the current point, after "
                                                   "momentum and adaptive scaling (opt.last_step).")),
}
# legend samples of the arrows; None: the text colour (dark on the light theme, light on the dark)
LEGEND_ARROWS = {"gradient": ("╌╌►", None), "velocity": ("╌╌►", "rgb(128, 128, 128)"), "step": ("━━►", None)}
_UNIT = {"momentum", "dampening", "alpha", "rho", "betas"}  # decay factors in [0, 1)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(pt(points))
    font.setBold(bold)
    return font


def _label(text: str, color: str, bold: bool = False) -> QLabel:
    """A wrapped, coloured label at the panel's font size (a style sheet alone would reset it to the
    application's default)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {color};")
    label.setFont(_font(FONT_PT, bold))
    return label


def _rgb(color) -> str:
    return "rgb({}, {}, {})".format(*color)


def _color(runner) -> tuple:
    return RUNNER_COLORS[runner.color % len(RUNNER_COLORS)]


def _lightened(cmap: pg.ColorMap, amount: float) -> pg.ColorMap:
    """The map mixed with white, so coloured paths stay the loudest thing on the plot."""
    positions, rgba = cmap.getStops(mode=pg.ColorMap.BYTE)
    mixed = rgba[:, :3] * (1 - amount) + 255 * amount
    return pg.ColorMap(positions, [tuple(round(c) for c in row) for row in mixed])


HEATMAP = _lightened(colors.SEQUENTIAL, 0.25)


def _grid(view, n):
    xmin, xmax, ymin, ymax = view
    return np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))


def _sample(surface, n, region=None):
    X, Y = _grid(surface.view if region is None else region, n)
    with np.errstate(all="ignore"):
        return np.asarray(surface.f(X, Y), dtype=float) * np.ones_like(X)


def fill_region(view, width_px: float, height_px: float):
    """``view`` (xmin, xmax, ymin, ymax) widened in x or in y about its centre so that it fills a
    ``width_px`` × ``height_px`` plot at one scale in x and y, as an aspect-locked ViewBox shows it."""
    xmin, xmax, ymin, ymax = view
    if width_px <= 0 or height_px <= 0:
        return tuple(view)
    dx, dy = xmax - xmin, ymax - ymin
    if dy / dx < height_px / width_px:
        dy = dx * height_px / width_px
    else:
        dx = dy * width_px / height_px
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return cx - dx / 2, cx + dx / 2, cy - dy / 2, cy + dy / 2


def _finite_at(surface, point) -> bool:
    with np.errstate(all="ignore"):
        return bool(np.isfinite(surface.value_xy(point)) and np.all(np.isfinite(surface.grad_xy(point))))


def _nearest_finite(surface, start):
    """``start`` if the surface is defined there, else the nearest sampled point where it is (None if
    nowhere in the view): a typed formula keeps the start when it can."""
    if _finite_at(surface, start):
        return start
    X, Y = _grid(surface.view, CONTOUR_GRID)
    with np.errstate(all="ignore"):
        gx, gy = surface.grad(X, Y)
        ok = np.isfinite(_sample(surface, CONTOUR_GRID)) & np.isfinite(gx) & np.isfinite(gy)
    if not ok.any():
        return None
    distance = np.where(ok, np.hypot(X - start[0], Y - start[1]), np.inf)
    k = np.unravel_index(np.argmin(distance), distance.shape)
    return float(X[k]), float(Y[k])


@functools.lru_cache(maxsize=24)
def _cached_picture(name, formula, view, region, log):
    return SurfacePicture(_surface_of(name, formula, view), region, log)


_SURFACES: dict = {}  # (name, formula, view) → the surface last pictured under that key


def _surface_of(name, formula, view):
    return _SURFACES[(name, formula, view)]


def surface_picture(surface: surfaces.Surface, region=None, log: bool | None = None) -> SurfacePicture:
    """A picture of ``surface`` over ``region``, made once: sampling 200² values and tracing ten contour
    levels takes a tenth of a second, and the same textbook bowl is drawn again at every reset and resize."""
    key = (surface.name, surface.formula, tuple(surface.view))
    _SURFACES[key] = surface
    rounded = None if region is None else tuple(round(float(v), 9) for v in region)
    return _cached_picture(*key, rounded, log)


class SurfacePicture:
    """What every surface plot shows of one surface over ``region`` (its view by default): the coloured
    values (log10 of f − min where they span decades; NaN, drawn transparent, where f is undefined) and
    contour polylines, dark on the light low ground and light on the high. ``log`` keeps the scale of
    another picture of the same surface (the plot's region grows with its shape; its scale stays)."""

    def __init__(self, surface: surfaces.Surface, region=None, log: bool | None = None):
        self.surface = surface
        self.view = tuple(surface.view if region is None else region)
        raw = _sample(surface, IMAGE_GRID, self.view)
        finite = np.isfinite(raw)
        self.has_values = bool(finite.any())
        self.low = float(raw[finite].min()) if self.has_values else 0.0
        self.high = float(raw[finite].max()) if self.has_values else 1.0
        self.log = bool(surface.log_scale or self.high - self.low > 1e3) if log is None else log
        self.label = "log₁₀(f − min f)" if self.log else "f"
        self.image = self._shown(raw)
        low, high = (float(np.nanmin(self.image)), float(np.nanmax(self.image))) if self.has_values else (0, 1)
        self.levels = (low, high) if high > low else (low, low + 1)
        self.contours = self._contours(self._shown(_sample(surface, CONTOUR_GRID, self.view)))

    def covers(self, region, tolerance: float = 0.005) -> bool:
        """Whether this picture is of ``region`` (to a fraction of its size)."""
        xmin, xmax, ymin, ymax = self.view
        scale = np.array([xmax - xmin, xmax - xmin, ymax - ymin, ymax - ymin])
        return bool(np.all(np.abs(np.subtract(region, self.view)) <= tolerance * scale))

    def _shown(self, raw):
        shown = np.clip(raw, self.low, self.high)  # poles show at the ends of the scale; NaN stays NaN
        return np.log10(shown - self.low + 1e-3) if self.log else shown

    def _contours(self, shown):
        """(dark xs, dark ys), (light xs, ys): NaN-separated polylines in surface coordinates."""
        xmin, xmax, ymin, ymax = self.view
        low, high = self.levels
        n = shown.shape[0]
        undefined = np.isnan(shown)
        lines = {True: ([], []), False: ([], [])}
        if not self.has_values:
            return [(np.array([]), np.array([]))] * 2
        # evenly spaced from the 5 % quantile up: the lowest values of a valley thinner than the grid
        # would only give specks
        bottom = float(np.nanquantile(shown, 0.05))
        for level in np.linspace(bottom, high, CONTOUR_LEVELS + 1)[:-1]:
            dark = level < low + 0.55 * (high - low)
            for line in pg.functions.isocurve(shown, level, connected=True):
                # (row, col) = (y, x) grid indices + 0.5; no line along the edge of an undefined region
                rows, cols = np.asarray(line, dtype=float).T - 0.5
                near = ~(np.isfinite(rows) & np.isfinite(cols))
                rows, cols = np.where(near, 0, rows), np.where(near, 0, cols)
                for r in (np.floor(rows), np.ceil(rows)):
                    for c in (np.floor(cols), np.ceil(cols)):
                        near |= undefined[r.astype(int).clip(0, n - 1), c.astype(int).clip(0, n - 1)]
                xs = np.where(near, np.nan, xmin + cols / (n - 1) * (xmax - xmin))
                ys = np.where(near, np.nan, ymin + rows / (n - 1) * (ymax - ymin))
                lines[dark][0].extend([*xs, np.nan])
                lines[dark][1].extend([*ys, np.nan])
        return [(np.array(xs), np.array(ys)) for xs, ys in (lines[True], lines[False])]


class LearningRateSlider(LogSlider):
    """The learning rate on a log slider from 1e-4 to 10, its exact value in the box beside it."""

    LOW, HIGH = -4, 1

    def __init__(self, value: float, label: str = "", parent=None):
        super().__init__(parent, label)
        self.spin.setRange(10.0**self.LOW, 10.0**self.HIGH)
        self.setValue(value)


class SurfacePlot:
    """One plot of the surface with everything it draws of it, created once and updated with setData."""

    def __init__(self, plot: pg.PlotItem, title: pg.LabelItem | None = None):
        self.plot = plot
        self.title = title  # grid mode: which runner, above the plot
        self.vb = plot.vb
        self.vb.setAspectLocked(True, 1.0)  # one unit is as long in x as in y: x² + y² draws as a circle
        plot.getAxis("left").setWidth(SURFACE_AXIS_WIDTH)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(HEATMAP)
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.contours = [pg.PlotDataItem(pen=pg.mkPen(color, width=1.3), connect="finite")
                         for color in ((60, 30, 70, 110), (255, 255, 255, 170))]
        for item in self.contours:
            item.setZValue(-10)
            plot.addItem(item)
        self.minima = pg.ScatterPlotItem(symbol="star", size=24, brush=pg.mkBrush("w"),
                                         pen=pg.mkPen((30, 30, 30), width=1.5))
        self.minima.setZValue(0.5)  # under the paths: a runner that arrives is drawn on its goal
        self.start = pg.ScatterPlotItem(symbol="o", size=15, brush=pg.mkBrush("w"), pen=pg.mkPen("k", width=2.5))
        self.start.setZValue(5)
        for item in (self.minima, self.start):
            plot.addItem(item)

    def show_surface(self, picture: SurfacePicture, minima, view):
        """The picture, the minima, and at least ``view`` on screen (the locked aspect widens x or y)."""
        self.show_picture(picture)
        self.minima.setData(pos=np.array(minima, dtype=float).reshape(-1, 2))
        xmin, xmax, ymin, ymax = view
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def show_picture(self, picture: SurfacePicture):
        xmin, xmax, ymin, ymax = picture.view
        self.image.setImage(picture.image, levels=picture.levels)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        for item, (xs, ys) in zip(self.contours, picture.contours):
            item.setData(xs, ys)

    def contains(self, scene_pos) -> bool:
        return self.vb.sceneBoundingRect().contains(scene_pos)


class RunnerItems:
    """A runner's trail, current point, arrows and divergence marker on one surface plot."""

    def __init__(self, plot: pg.PlotItem, color):
        dark = tuple(int(c * 0.55) for c in color)
        self.color = color
        self.outline = pg.PlotDataItem(pen=pg.mkPen((255, 255, 255, 200), width=6.5))
        self.path = pg.PlotDataItem(pen=pg.mkPen(color, width=3))
        self.symbols = None  # whether the trail shows its iterates as dots; set by show_symbols
        self.now = pg.ScatterPlotItem(symbol="o", size=2 * NOW_RADIUS_PX, brush=pg.mkBrush(color),
                                      pen=pg.mkPen("w", width=2.5))
        self.escape = pg.PlotDataItem(pen=pg.mkPen(color, width=3, style=Qt.DashLine))
        self.cross = pg.ScatterPlotItem(symbol="x", size=26, brush=pg.mkBrush(DIVERGED), pen=pg.mkPen("w", width=1.5))
        self.label = pg.TextItem(color=DIVERGED, fill=pg.mkBrush(255, 255, 255, 225),
                                 border=pg.mkPen(DIVERGED, width=1.5))
        self.label.setFont(_font(12, bold=True))
        self.label.setVisible(False)
        self.arrows = {
            "gradient": (pg.PlotDataItem(pen=pg.mkPen((25, 25, 25), width=2.5, style=Qt.DashLine)),
                         pg.ArrowItem(headLen=15, tipAngle=36, pen=pg.mkPen((25, 25, 25)),
                                      brush=pg.mkBrush(25, 25, 25))),
            "velocity": (pg.PlotDataItem(pen=pg.mkPen(color, width=3, style=Qt.DashLine)),
                         pg.ArrowItem(headLen=16, tipAngle=36, pen=pg.mkPen(dark, width=1.5), brush=pg.mkBrush(color))),
            "step": (pg.PlotDataItem(pen=pg.mkPen(dark, width=5)),
                     pg.ArrowItem(headLen=18, tipAngle=36, pen=pg.mkPen(dark, width=1.5), brush=pg.mkBrush(dark))),
        }
        items = [(self.outline, 1), (self.path, 2), (self.escape, 2), (self.now, 4), (self.cross, 6), (self.label, 7)]
        items += [(item, 3) for pair in self.arrows.values() for item in pair]
        for item, z in items:
            item.setZValue(z)
            plot.addItem(item)

    def show_symbols(self, on: bool):
        if on == self.symbols:
            return
        self.symbols = on
        if on:
            self.path.setSymbol("o")
            self.path.setSymbolSize(7)
            self.path.setSymbolBrush(pg.mkBrush(self.color))
            self.path.setSymbolPen(pg.mkPen("w", width=1))
        else:
            self.path.setSymbol(None)


def _place_label(vb: pg.ViewBox, label: pg.TextItem, at, avoid: np.ndarray, placed: list) -> QRectF:
    """Put ``label`` next to the point ``at``, wrapped to the plot's width and wholly inside the plot
    (the plot clips): of the four sides of the point and the plot's four corners, the place that covers
    no other label in ``placed`` and the fewest of the ``avoid`` points (view coordinates: the start,
    the paths); ties go to the side towards the middle of the plot. Returns the label's scene rect."""
    box = vb.sceneBoundingRect().adjusted(LABEL_MARGIN_PX, LABEL_MARGIN_PX, -LABEL_MARGIN_PX, -LABEL_MARGIN_PX)
    label.setTextWidth(-1)
    if label.textItem.boundingRect().width() > box.width():
        label.setTextWidth(max(box.width(), 1.0))  # wraps between words
    size = label.textItem.boundingRect()
    w, h = size.width(), size.height()
    point = vb.mapViewToScene(QPointF(float(at[0]), float(at[1])))
    inward_x = -1 if point.x() > box.center().x() else 1
    inward_y = -1 if point.y() > box.center().y() else 1  # scene y grows downwards
    candidates = []
    for sx, sy in ((inward_x, inward_y), (inward_x, -inward_y), (-inward_x, inward_y), (-inward_x, -inward_y)):
        left = point.x() + LABEL_GAP_PX if sx > 0 else point.x() - LABEL_GAP_PX - w
        top = point.y() + LABEL_GAP_PX if sy > 0 else point.y() - LABEL_GAP_PX - h
        candidates.append((left, top))
    candidates += [(box.left(), box.top()), (box.right() - w, box.top()), (box.left(), box.bottom() - h),
                   (box.right() - w, box.bottom() - h)]
    (x0, x1), (y0, y1) = vb.viewRange()
    avoid = np.asarray(avoid, dtype=float).reshape(-1, 2)
    px = box.left() - LABEL_MARGIN_PX + (avoid[:, 0] - x0) / (x1 - x0) * vb.width()
    py = box.top() - LABEL_MARGIN_PX + (y1 - avoid[:, 1]) / (y1 - y0) * vb.height()
    best, best_cost = None, None
    for left, top in candidates:
        rect = QRectF(min(max(left, box.left()), box.right() - w), min(max(top, box.top()), box.bottom() - h), w, h)
        covered = (px >= rect.left()) & (px <= rect.right()) & (py >= rect.top()) & (py <= rect.bottom())
        cost = 1000 * sum(rect.intersects(other) for other in placed) + int(covered.sum())
        if best_cost is None or cost < best_cost:
            best, best_cost = rect, cost
    label.setAnchor((0, 0))
    label.setPos(vb.mapSceneToView(best.topLeft()))
    return best


class OptimizerView(QWidget):
    """Any number of optimizers racing on a surface; a 2×2 grid mode shows one plot per optimizer."""

    def __init__(self, controller=None, parent=None):
        super().__init__(parent)
        self.controller = controller  # unused: the race is its own session, not the network's
        readable_font(self)
        self.race = textbook_preset()
        self.grid_mode = False
        self._error = ""
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._clock = time.perf_counter  # the stepping budget per frame; tests put a fake clock here
        self._picture_timer = QTimer(self, singleShot=True, interval=PICTURE_DELAY_MS)
        self._picture_timer.timeout.connect(self._fit_picture)
        self.picture = self.shown_picture = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.controls = self._controls()
        layout.addWidget(self.controls)
        layout.addWidget(self._figure(), 1)
        self._fit_controls()
        self._rebuild()

    def _figure(self):
        """The title, the surface plot(s), the legend and the loss plot: the legend is a wrapping strip
        of text between the plots, so it covers no path and no curve and always fits the width."""
        figure = QWidget()
        figure.setBackgroundRole(QPalette.Base)  # white like the plots (dark in the dark theme)
        figure.setAutoFillBackground(True)
        column = QVBoxLayout(figure)
        column.setContentsMargins(0, 2, 0, 2)
        column.setSpacing(2)
        self.title = QLabel()
        self.title.setTextFormat(Qt.PlainText)  # a typed formula may hold "<"
        self.title.setAlignment(Qt.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.plots.scene().sigMouseClicked.connect(self._on_click)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)
        self.legend.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.legend.setContentsMargins(8, 0, 8, 0)
        self.loss_area = pg.GraphicsLayoutWidget()
        self.loss_area.setBackground("w")
        column.addWidget(self.title)
        column.addWidget(self.plots, 60)
        column.addWidget(self.legend)
        column.addWidget(self.loss_area, 40)
        self.figure_column = column
        self._fit_fonts()
        return figure

    def _fit_fonts(self):
        for label, points, bold in ((self.title, 13, True), (self.legend, 12, False), (self.step_label, 12, True),
                                    (self.lr_error, FONT_PT, True), (self.error_label, FONT_PT, True)):
            font = QFont(self.font())
            font.setPointSizeF(max(pt(points), font.pointSizeF()))
            font.setBold(bold)
            label.setFont(font)

    def changeEvent(self, event):
        if event.type() == QEvent.ApplicationFontChange:  # presentation mode: larger text everywhere
            readable_font(self)
            self._fit_fonts()
        super().changeEvent(event)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_controls()

    def _fit_controls(self):
        """The controls take about a third of the width, within bounds: at 1280 × 800 with both docks
        open the view is ~690 px wide and the plots need the rest."""
        width = round(min(max(CONTROLS_SHARE * self.width(), CONTROLS_MIN_PX), CONTROLS_MAX_PX))
        if self.controls.width() != width:
            self.controls.setFixedWidth(width)

    # -- controls ---------------------------------------------------------------------------------

    def _controls(self):
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(2, 2, 2, 2)
        column.addWidget(self._surface_box())
        column.addWidget(self._race_box())
        self.runner_box = QGroupBox(self.tr("Optimizers · learning rate"))
        self.runner_layout = QVBoxLayout(self.runner_box)
        self.runner_layout.setContentsMargins(6, 6, 6, 6)
        self.runner_rows = QWidget()
        self.runner_layout.addWidget(self.runner_rows)
        self.lr_error = _label("", ERROR_COLOR, bold=True)  # a typed learning rate that was refused, and why
        self.lr_error.hide()
        self.runner_layout.addWidget(self.lr_error)
        add_row = QHBoxLayout()
        self.add_combo = QComboBox()
        for name in optimizers.names():
            self.add_combo.addItem(DISPLAY_NAMES.get(name, name), name)
            self.add_combo.setItemData(self.add_combo.count() - 1, core_text(optimizers.DESCRIPTIONS[name]),
                                       Qt.ToolTipRole)
        self.add_combo.setToolTip(self.tr("Another optimizer to race; it catches up from the start point."))
        add = QPushButton(self.tr("+ add"))
        add.setToolTip(self.tr("Add the chosen optimizer to the race, with its default hyperparameters."))
        add.clicked.connect(lambda: self.add_runner(self.add_combo.currentData()))
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(add)
        self.runner_layout.addLayout(add_row)
        column.addWidget(self.runner_box)
        column.addWidget(self._hyperparameter_box())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.panel_scroll = scroll
        return scroll

    def _surface_box(self):
        box = QGroupBox(self.tr("Surface"))
        form = QFormLayout(box)
        form.setContentsMargins(6, 6, 6, 6)
        self.surface_combo = QComboBox()
        for name in surfaces.names():
            self.surface_combo.addItem(core_text(name.replace("_", " ")), name)
        # shown while a typed formula is the surface; not a choice of its own (type one below instead)
        self.surface_combo.addItem(self.tr("typed formula"), None)
        self.surface_combo.model().item(self.surface_combo.count() - 1).setEnabled(False)
        self.surface_combo.setToolTip(self.tr("The function the optimizers minimise. Click the plot to choose the "
                                              "start."))
        self.surface_combo.currentIndexChanged.connect(
            lambda index: self.set_surface(self.surface_combo.itemData(index)))
        self.formula = QLineEdit()
        self.formula.setPlaceholderText(self.tr("e.g. x**2 + 3*sin(y)"))
        self.formula.setToolTip(self.tr("Your own surface in x and y (+ − * / **, exp, log, sin, …, where). It is "
                                        "parsed safely, never executed; its gradient is exact. Press Enter."))
        self.formula.returnPressed.connect(lambda: self.set_formula(self.formula.text()))
        self.error_label = _label("", ERROR_COLOR, bold=True)
        self.error_label.hide()
        self.note = _label("", "#555")
        form.addRow(self.tr("Built-in"), self.surface_combo)
        form.addRow("f(x, y) =", self.formula)
        form.addRow(self.error_label)
        form.addRow(self.note)
        return box

    def _race_box(self):
        box = QGroupBox(self.tr("Race"))
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 6, 6, 6)
        buttons = [(self.tr("◀ back"), self.tr("One step back for every optimizer, exactly (points and optimizer "
                                                "state)."), self.back),
                   (self.tr("step ▶"), self.tr("One update for every optimizer."), self.step),
                   (self.tr("▶ play"), self.tr("Run at the chosen speed (stops at {n} steps).").format(n=MAX_STEPS),
                    self.toggle_play),
                   (self.tr("⟲ reset"), self.tr("Every point back to the start, fresh optimizer state."), self.reset)]
        for i, (text, tip, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 2, i % 2)
            if slot == self.toggle_play:
                self.play_button = button
        self.speed = QComboBox()
        self.speed.addItems([tr(s.label) for s in SPEEDS])
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip(self.tr("From slow motion to many updates per frame."))
        self.speed.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)  # narrow columns
        self.speed.setMinimumContentsLength(12)
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.step_label = QLabel()
        home = QPushButton(self.tr("⌂ default start"))
        home.setToolTip(self.tr("Restart from the surface's default start point (click the plot for any other)."))
        home.clicked.connect(lambda: self.start_at(*self.race.surface.start))
        grid.addWidget(self.speed, 2, 0, 1, 2)
        grid.addWidget(self.step_label, 3, 0)
        grid.addWidget(home, 3, 1)
        self.arrow_boxes = {}
        for row, (kind, (label, tip)) in enumerate(ARROW_KINDS.items()):
            check = QCheckBox(self.tr("arrow: {kind}").format(kind=tr(label)))
            check.setToolTip(tr(tip))
            check.setChecked(kind == "step")
            check.toggled.connect(self._on_arrows_toggled)
            grid.addWidget(check, 4 + row, 0, 1, 2)
            self.arrow_boxes[kind] = check
        textbook = QPushButton(self.tr("Textbook preset"))
        textbook.setToolTip(self.tr("x²/20 + y² from (−7, 2): SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3, 30 "
                                    "steps."))
        textbook.clicked.connect(self.load_textbook)
        self.grid_box = QCheckBox(self.tr("2×2 grid"))
        self.grid_box.setToolTip(self.tr("One small plot per optimizer, like the book's figure."))
        self.grid_box.toggled.connect(self.set_grid_mode)
        grid.addWidget(self.grid_box, 7, 0)
        grid.addWidget(textbook, 7, 1)
        return box

    def _hyperparameter_box(self):
        box = QGroupBox(self.tr("Hyperparameters (live)"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        self.hp_runner = QComboBox()
        self.hp_runner.setToolTip(self.tr("Whose hyperparameters to edit. Changes apply at the next step; momentum "
                                          "and accumulators are kept."))
        self.hp_runner.currentIndexChanged.connect(self._fill_hyperparams)
        self.hp_form = QFormLayout()
        self.hp_error = _label("", ERROR_COLOR, bold=True)
        self.hp_error.hide()
        layout.addWidget(self.hp_runner)
        layout.addLayout(self.hp_form)
        layout.addWidget(self.hp_error)
        self.hp_fields: dict[str, list] = {}
        return box

    def _rebuild_runner_rows(self):
        old = self.runner_rows
        self.runner_rows = QWidget()
        grid = QGridLayout(self.runner_rows)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.lr_sliders = []
        for i, runner in enumerate(self.race.runners):
            name = _label(f"━━ {runner.label}", _rgb(_color(runner)), bold=True)
            name.setToolTip(core_text(optimizers.DESCRIPTIONS[runner.name]))
            lr = LearningRateSlider(runner.optimizer.hyperparams["lr"],
                                    self.tr("{name}'s learning rate").format(name=runner.label))
            lr.setToolTip(self.tr("Learning rate, log scale 1e-4 … 10: changes live, the optimizer keeps its "
                                  "momentum and accumulators."))
            lr.spin.valueChanged.connect(lambda value, i=i: self.set_lr(i, value))
            lr.refused.connect(self._show_lr_refusal)
            remove = QPushButton("✕")
            # as wide as its glyph needs (in presentation mode too), not Fusion's 80 px minimum for text
            remove.setStyleSheet("QPushButton { padding: 2px 8px; }")
            remove.setToolTip(self.tr("Remove {name} from the race.").format(name=runner.label))
            remove.clicked.connect(lambda _checked=False, i=i: self.remove_runner(i))
            grid.addWidget(name, 2 * i, 0)
            grid.addWidget(remove, 2 * i, 1)
            grid.addWidget(lr, 2 * i + 1, 0, 1, 2)
            self.lr_sliders.append(lr)
        self.runner_layout.replaceWidget(old, self.runner_rows)
        old.hide()
        old.deleteLater()
        self.lr_error.hide()
        selected = self.hp_runner.currentIndex()
        with QSignalBlocker(self.hp_runner):
            self.hp_runner.clear()
            self.hp_runner.addItems([r.label for r in self.race.runners])
            self.hp_runner.setCurrentIndex(min(max(selected, 0), len(self.race.runners) - 1))
        self._fill_hyperparams()

    def _fill_hyperparams(self):
        """A field for every hyperparameter of the chosen optimizer but lr (it has its slider)."""
        while self.hp_form.rowCount():
            self.hp_form.removeRow(0)
        self.hp_fields = {}
        self.hp_error.hide()
        index = self.hp_runner.currentIndex()
        if not 0 <= index < len(self.race.runners):
            return
        runner = self.race.runners[index]
        for key, default in optimizers.defaults(runner.name).items():
            if key == "lr":
                continue
            label, tip = HYPERPARAMS.get(key, (key, key))
            label, tip = tr(label), tr(tip)
            fields = [self._hyperparam_field(index, key, default, part)
                      for part in (range(len(default)) if isinstance(default, tuple) else [None])]
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for field in fields:
                field.setToolTip(tip)
                box.addWidget(field)
            self.hp_fields[key] = fields
            name = QLabel(label)
            name.setToolTip(tip)
            self.hp_form.addRow(name, row)
        self._show_hyperparams(index)

    def _hyperparam_field(self, index, key, default, part):
        if isinstance(default, bool):
            field = QCheckBox()
            field.toggled.connect(lambda on: self.set_hyperparam(index, key, on))
            return field
        name = tr(HYPERPARAMS.get(key, (key, ""))[0])
        if key in _UNIT:  # decay factors: linear steps of 0.01 below 1
            field = CheckedDoubleSpinBox(0.0, 0.9999, name)
            field.setDecimals(4)
            field.setSingleStep(0.01)
        else:  # ε, weight decay, …: scale-free, typed as 1e-8 and stepped 1-2-5 per decade
            field = LogSpinBox(0.0, 10.0, 1e-12, name)
        field.setKeyboardTracking(False)
        field.valueChanged.connect(lambda value: self.set_hyperparam(index, key, value, part))
        field.refused.connect(self._show_hp_refusal)
        return field

    def _show_lr_refusal(self, message):
        self._show_refusal(self.lr_error, message)

    def _show_hp_refusal(self, message):
        self._show_refusal(self.hp_error, message)

    def _show_refusal(self, label, message):
        """The message in sight: at 1280×800 the panel scrolls, and the refusal may sit below its fold."""
        label.setText(message)
        label.show()
        # once the scroll area has laid out the panel with the label in it (its size is settled by events)
        QTimer.singleShot(0, label, self._scroll_to_refusal)

    def _scroll_to_refusal(self):
        for label in (self.lr_error, self.hp_error):
            if label.isVisible():
                self.panel_scroll.ensureWidgetVisible(label)

    def _show_hyperparams(self, index):
        """The fields show the optimizer's live values (after a refused edit, too)."""
        hp = self.race.runners[index].optimizer.hyperparams
        for key, fields in self.hp_fields.items():
            values = hp[key] if isinstance(hp[key], tuple) else (hp[key],)
            for field, value in zip(fields, values):
                with QSignalBlocker(field):
                    if isinstance(field, QCheckBox):
                        field.setChecked(bool(value))
                    else:
                        field.setValue(float(value))

    # -- plots ------------------------------------------------------------------------------------

    def _rebuild(self):
        """Every plot item, once per change of surface, runners or mode (frames only call setData)."""
        self.plots.clear()
        self.loss_area.clear()
        surface = self.race.surface
        if self.picture is None or self.picture.surface is not surface:
            self.picture = self.shown_picture = surface_picture(surface)
            self._picture_fitted = False
        self.surface_plots: list[SurfacePlot] = []
        self.runner_items: list[RunnerItems] = []
        self.loss_curves, self.loss_plot, self.colorbar = [], None, None
        runners = self.race.runners
        if self.grid_mode:
            for i in range(max(len(runners), 1)):
                # the title in a row of its own: it may take two lines, which a plot's own title cannot
                title = self.plots.addLabel("", row=2 * (i // 2), col=i % 2, size=css(13), color=TEXT)
                plot = self.plots.addPlot(row=2 * (i // 2) + 1, col=i % 2)
                style_plot(plot, None, "x", "y")
                self.surface_plots.append(SurfacePlot(plot, title))
        else:
            plot = self.plots.addPlot(row=0, col=0)
            style_plot(plot, None, "x", "y")  # the title is the label above: a long formula wraps there
            self.surface_plots.append(SurfacePlot(plot))
            self._add_colorbar()
            self._add_loss_plot()
        self.loss_area.setVisible(not self.grid_mode)
        for plot in self.surface_plots:
            plot.show_surface(self.shown_picture, surface.minima, surface.view)
            plot.vb.sigRangeChanged.connect(self._draw_overlays)
            plot.vb.sigResized.connect(self._draw_overlays)
            plot.vb.sigResized.connect(self._on_surface_resized)
        self.surface_plots[0].vb.sigResized.connect(self._on_plots_resized)
        self._on_plots_resized()
        for i, runner in enumerate(runners):
            plot = self.surface_plots[i if self.grid_mode else 0].plot
            self.runner_items.append(RunnerItems(plot, _color(runner)))
            if not self.grid_mode:
                self.loss_curves.append(self.loss_plot.plot(pen=pg.mkPen(_color(runner), width=3),
                                                            symbolBrush=pg.mkBrush(_color(runner)),
                                                            symbolPen=pg.mkPen("w", width=1), symbolSize=9))
        self._update_legend()
        self._rebuild_runner_rows()
        self.note.setText(core_text(surface.note))
        self.note.setVisible(bool(surface.note))
        self.redraw()

    def _on_surface_resized(self):
        """A new surface gets its picture fitted to the plot at once (an export may follow right away);
        later resizes wait until the resizing is over, as a picture costs 50–250 ms."""
        if self._picture_fitted:
            self._picture_timer.start()
        else:
            self._fit_picture()

    def _on_plots_resized(self):
        if self.grid_mode:
            self._grid_titles()
        else:
            self._fit_heights()

    def _fit_heights(self):
        """The surface takes the height it needs at its aspect ratio, between half and 70 % of the room
        it shares with the loss plot; the loss plot gets the rest (a wide surface in a narrow view would
        otherwise show tall empty bands above and below its valley)."""
        vb = self.surface_plots[0].vb
        room = self.plots.height() + self.loss_area.height()
        if vb.width() <= 0 or room <= 0:
            return
        xmin, xmax, ymin, ymax = self.race.surface.view
        need = vb.width() * (ymax - ymin) / (xmax - xmin) + self.plots.height() - vb.height()
        share = round(100 * min(max(need / room, SURFACE_SHARE[0]), SURFACE_SHARE[1]))
        # stretch factors, not a maximum height: this runs inside a resize, and they only ask for a relayout
        self.figure_column.setStretchFactor(self.plots, share)
        self.figure_column.setStretchFactor(self.loss_area, 100 - share)

    def _fit_picture(self):
        """The picture covers all the plots show: the surface's view, widened to the plots' shape (the
        aspect is locked), so no plot has an empty band beside its surface."""
        self._picture_timer.stop()
        self._picture_fitted = True
        regions = np.array([fill_region(self.race.surface.view, plot.vb.width(), plot.vb.height())
                            for plot in self.surface_plots])
        region = (regions[:, 0].min(), regions[:, 1].max(), regions[:, 2].min(), regions[:, 3].max())
        if self.shown_picture.covers(region):
            return
        if self.picture.covers(region):
            self.shown_picture = self.picture
        else:
            self.shown_picture = surface_picture(self.race.surface, region, log=self.picture.log)
        for plot in self.surface_plots:
            plot.show_picture(self.shown_picture)
        if self.colorbar is not None:
            self.colorbar.setLevels(self.shown_picture.levels)

    def _add_colorbar(self):
        bar = pg.ColorBarItem(values=self.shown_picture.levels, colorMap=HEATMAP, interactive=False, width=20,
                              colorMapMenu=False)
        bar.setImageItem(self.surface_plots[0].image)
        bar.axis.setTickFont(_font(11))
        bar.axis.setWidth(COLORBAR_AXIS_WIDTH)
        bar.axis.setTextPen(pg.mkPen((40, 40, 40)))
        bar.axis.setLabel(self.picture.label, **{"font-size": css(12), "color": TEXT})
        self.plots.addItem(bar, row=0, col=1)
        self.colorbar = bar

    def _add_loss_plot(self):
        plot = self.loss_area.addPlot(row=0, col=0)
        floor = self._loss_floor()
        style_plot(plot, self.tr("loss per iteration"), self.tr("iteration"), "f − f*" if floor is not None else "f")
        plot.setLogMode(False, self._loss_log(floor))
        plot.setMouseEnabled(x=False, y=False)  # it follows the race; zooming would freeze its range
        self.loss_crosses = pg.ScatterPlotItem(symbol="x", size=18, brush=pg.mkBrush(DIVERGED),
                                               pen=pg.mkPen("w", width=1))
        plot.addItem(self.loss_crosses)
        self.loss_plot = plot

    def legend_entries(self) -> list[str]:
        """What the legend names, in order: each runner (its colour on the surface and the loss plot),
        the start point and the arrows shown."""
        entries = [self._runner_title(runner) for runner in self.race.runners]
        entries.append(self.tr("start — click to move"))
        entries += [tr(ARROW_KINDS[kind][0]) for kind, box in self.arrow_boxes.items() if box.isChecked()]
        return entries

    def _update_legend(self):
        """One line of entries that wraps between whole entries: it never covers a path or a curve and
        never cuts a name, at any width."""
        runners = self.race.runners
        swatches = [("━●━", _rgb(_color(runner))) for runner in runners]
        swatches.append(("○", None))
        swatches += [LEGEND_ARROWS[kind] for kind, box in self.arrow_boxes.items() if box.isChecked()]
        html = []
        for (mark, color), text in zip(swatches, self.legend_entries()):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(" ", "&nbsp;")
            style = f" style='color:{color}'" if color else ""
            html.append(f"<span{style}><b>{mark}</b></span>&nbsp;{text}")
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(html))

    def _runner_title(self, runner) -> str:
        return f"{runner.label}  lr {runner.optimizer.hyperparams['lr']:g}"

    def _loss_floor(self):
        """f* of the known minima: the loss plot shows f − f*, how far from the best each point is."""
        s = self.race.surface
        if not s.minima:
            return None
        with np.errstate(all="ignore"):
            values = [s.value_xy(m) for m in s.minima]
        return min(values) if all(np.isfinite(values)) else None

    def _loss_log(self, floor) -> bool:
        return floor is not None or (self.picture.has_values and self.picture.low > 0)

    # -- actions ----------------------------------------------------------------------------------

    def _on_click(self, event):
        if event.button() != Qt.LeftButton:
            return
        pos = event.scenePos()
        for plot in self.surface_plots:
            if plot.contains(pos):
                point = plot.vb.mapSceneToView(pos)
                self.start_at(point.x(), point.y())
                return

    def start_at(self, x, y) -> bool:
        """A new start point: every runner restarts there. Refused where f or ∇f is not finite."""
        if not _finite_at(self.race.surface, (x, y)):
            self._show_error(self.tr("f or ∇f is not finite at ({x}, {y}); click where the surface is "
                                     "defined").format(x=f"{x:.3g}", y=f"{y:.3g}"), formula=False)
            return False
        self._show_error("", formula=False)
        self.race.reset((x, y))
        self.redraw()
        return True

    def set_surface(self, name):
        if name not in surfaces.names():
            return
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentIndex(self.surface_combo.findData(name))
        with QSignalBlocker(self.formula):
            self.formula.clear()
        self._show_error("")
        self._install(surfaces.get(name), None)

    def set_formula(self, text) -> bool:
        """Replace the surface by a typed formula; a bad one leaves everything as it was and says why."""
        if self.formula.text() != text:
            with QSignalBlocker(self.formula):
                self.formula.setText(text)
        try:
            surface = surfaces.from_formula(text, view=self.race.surface.view, start=self.race.start)
        except ConfigError as exc:
            self._show_error(str(exc).split(": ", 1)[-1])
            return False
        start = _nearest_finite(surface, self.race.start)
        if start is None:
            self._show_error(self.tr("f has no finite value anywhere in the view"))
            return False
        self._show_error("")
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentIndex(self.surface_combo.count() - 1)  # "typed formula"
        self._install(surface, start)
        return True

    def _show_error(self, message, formula=True):
        self._error = message
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        if formula:
            self.formula.setStyleSheet(f"border: 2px solid {ERROR_COLOR};" if message else "")
            self.formula.setFont(_font(FONT_PT))  # a style sheet resets the inherited font

    def _install(self, surface, start):
        entries = [(r.label, r.name, dict(r.optimizer.hyperparams), r.color) for r in self.race.runners]
        self.race = Race(surface, entries, start)
        self._rebuild()

    def open_lesson(self, lesson: dict):
        """A preset's lesson: ``{"race": "textbook"}`` sets up the book's four optimizers, ready to play."""
        if lesson.get("race") == "textbook":
            self.load_textbook()
            self.race.reset()
            self._rebuild()

    def load_textbook(self):
        self.race = textbook_preset()
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentIndex(self.surface_combo.findData("textbook"))
        with QSignalBlocker(self.formula):
            self.formula.clear()
        self._show_error("")
        self._rebuild()

    def add_runner(self, name):
        taken = {r.label for r in self.race.runners}
        label, n = DISPLAY_NAMES.get(name, name), 2
        while label in taken:
            label, n = f"{DISPLAY_NAMES.get(name, name)} {n}", n + 1
        used = {r.color for r in self.race.runners}
        color = next(c for c in range(len(used) + 1) if c not in used)
        self.race.add(label, name, {"lr": optimizers.defaults(name)["lr"]}, color)
        self._rebuild()

    def remove_runner(self, index):
        self.race.remove(index)
        self._rebuild()

    def set_lr(self, index, value):
        self.set_hyperparam(index, "lr", float(value))

    def set_hyperparam(self, index, key, value, part=None) -> bool:
        """A live change; a refused value is explained and the field shows the value still in use."""
        runner = self.race.runners[index]
        if part is not None:
            current = list(runner.optimizer.hyperparams[key])
            current[part] = float(value)
            value = tuple(current)
        try:
            self.race.set_hyperparams(index, **{key: value})
        except ConfigError as exc:
            self.hp_error.setText(str(exc))
            self.hp_error.show()
            if index == self.hp_runner.currentIndex():
                self._show_hyperparams(index)
            return False
        self.hp_error.hide()
        if key == "lr":
            self.lr_error.hide()
            slider = self.lr_sliders[index]
            if slider.value() != value:
                with QSignalBlocker(slider.spin):
                    slider.setValue(value)
            self._retitle(index)
        return True

    def _retitle(self, index):
        if self.grid_mode:
            self._grid_titles()
        self._update_legend()

    def _grid_titles(self):
        """"━━ Adam  lr 0.3" over each runner's plot; all on two lines if one would not fit: a title sets
        its plot's minimum width, and two plots side by side share ~400 px at 1280 × 800."""
        room = self.plots.width() / 2 - SURFACE_AXIS_WIDTH - 24
        metrics = QFontMetricsF(_font(13))
        lrs = [f"lr {runner.optimizer.hyperparams['lr']:g}" for runner in self.race.runners]
        one_line = all(metrics.horizontalAdvance(f"━━ {runner.label}  {lr}") <= room
                       for runner, lr in zip(self.race.runners, lrs))
        for plot, runner, lr in zip(self.surface_plots, self.race.runners, lrs):
            title = f"<span style='color:{_rgb(_color(runner))}'>━━</span> {runner.label}" + \
                ("&nbsp;&nbsp;" if one_line else "<br>") + lr
            label = plot.title
            if label.text != title:
                label.setText(title)
                label.item.document().setDefaultTextOption(QTextOption(Qt.AlignCenter))  # both lines centred
                label.item.setTextWidth(label.item.document().idealWidth())

    def set_grid_mode(self, on):
        self.grid_mode = bool(on)
        with QSignalBlocker(self.grid_box):
            self.grid_box.setChecked(self.grid_mode)
        self._rebuild()

    def step(self):
        self.race.step()
        self.redraw()

    def back(self):
        self.race.back()
        self.redraw()

    def reset(self):
        self.race.reset()
        self.redraw()

    def toggle_play(self):
        if self.timer.isActive():
            self.pause()
        else:
            self.timer.start(SPEEDS[self.speed.currentIndex()].interval_ms)
            self.play_button.setText(self.tr("⏸ pause"))

    def pause(self):
        self.timer.stop()
        self.play_button.setText(self.tr("▶ play"))

    def _on_speed_changed(self, index):
        if self.timer.isActive():
            self.timer.start(SPEEDS[index].interval_ms)

    def _tick(self):
        n = min(SPEEDS[self.speed.currentIndex()].steps, MAX_STEPS - self.race.steps)
        if n <= 0 or all(r.diverged_at is not None for r in self.race.runners):
            self.pause()
            return
        deadline = self._clock() + STEP_BUDGET_S
        for _ in range(n):
            self.race.step()
            if self._clock() > deadline:  # many runners at many steps per frame: fewer steps, same pace
                break
        self.redraw()

    def hideEvent(self, event):
        self.pause()  # a race nobody watches stops instead of filling memory
        super().hideEvent(event)

    def _on_arrows_toggled(self):
        self._update_legend()
        self._draw_overlays()

    # -- drawing ----------------------------------------------------------------------------------

    def redraw(self):
        runners = self.race.runners
        for items, runner in zip(self.runner_items, runners):
            path = runner.path
            xs, ys = path[:, 0].copy(), path[:, 1].copy()  # the race overwrites its rows on back()
            items.show_symbols(len(xs) <= SYMBOL_LIMIT)
            items.outline.setData(xs, ys)
            items.path.setData(xs, ys)
            items.now.setData([xs[-1]], [ys[-1]])
        for plot in self.surface_plots:
            plot.start.setData([self.race.start[0]], [self.race.start[1]])
        self.step_label.setText(self.tr("step {n}").format(n=self.race.steps))
        if self.grid_mode:
            self._grid_titles()
        else:
            self._draw_losses()
        self.title.setText(f"{self.race.surface.formula}   ·   " + self.tr("step {n}").format(n=self.race.steps))
        self._draw_overlays()

    def _draw_losses(self):
        floor = self._loss_floor()
        log = self._loss_log(floor)
        crosses = []
        for curve, runner in zip(self.loss_curves, self.race.runners):
            losses = runner.losses.copy()
            if runner.diverged_at is not None:
                losses = losses[: runner.diverged_at]  # the loss ends where the point stopped
            shown = losses - floor if floor is not None else losses
            if log:
                shown = np.maximum(shown, 1e-16)  # an exact hit of the minimum would be log(0)
            curve.setData(np.arange(len(shown)), shown)
            curve.setSymbol("o" if len(shown) == 1 else None)  # one point is no line: show it as a dot
            if runner.diverged_at is not None:
                crosses.append((len(shown) - 1, np.log10(shown[-1]) if log else shown[-1]))
        crosses = np.array(crosses, dtype=float).reshape(-1, 2)
        self.loss_crosses.setData(pos=crosses[np.isfinite(crosses).all(axis=1)])
        self.loss_plot.setXRange(0, max(self.race.steps, 10), padding=0.02)

    def _draw_overlays(self):
        """Arrows and divergence markers: they depend on the on-screen scale, so they follow zoom and resize."""
        placed = {id(plot): [] for plot in self.surface_plots}  # divergence labels, so none covers another
        for i, (items, runner) in enumerate(zip(self.runner_items, self.race.runners)):
            plot = self.surface_plots[i if self.grid_mode else 0]
            self._draw_arrows(plot, items, i, runner)
            self._draw_divergence(plot, items, runner, placed[id(plot)])

    def _draw_arrows(self, plot, items, index, runner):
        xs, ys = plot.vb.viewPixelSize()
        vectors = self.race.arrows(index)
        point = runner.point
        for kind, (line, head) in items.arrows.items():
            v = vectors[kind]
            show = (self.arrow_boxes[kind].isChecked() and runner.diverged_at is None and v is not None
                    and xs > 0 and ys > 0 and float(np.hypot(*v)) > 0)
            if show:
                px = np.array([v[0] / xs, v[1] / ys])  # on screen, y up
                length = float(np.hypot(*px))
                show = kind != "velocity" or length >= 3  # a velocity shorter than 3 px is no arrow
            line.setVisible(show)
            head.setVisible(show)
            if not show:
                continue
            if kind == "gradient":
                px *= GRADIENT_PX / length
            elif kind == "velocity" and length > ARROW_MAX_PX:
                px *= ARROW_MAX_PX / length
            shown = np.array([px[0] * xs, px[1] * ys])
            if kind == "step":
                # the last step itself, its head touching the current point's dot instead of hiding under it
                tail, tip = point - shown, point - shown * min(NOW_RADIUS_PX / length, 1.0)
            else:
                tail, tip = point, point + shown
            line.setData([tail[0], tip[0]], [tail[1], tip[1]])
            head.setPos(tip[0], tip[1])
            head.setStyle(angle=180 - np.degrees(np.arctan2(px[1], px[0])))

    def _draw_divergence(self, plot, items, runner, placed):
        if runner.diverged_at is None:
            items.cross.setData([])
            items.label.setVisible(False)
            items.escape.setData([], [])
            return
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        inset_x, inset_y = 0.03 * (x1 - x0), 0.04 * (y1 - y0)
        point = runner.point
        # the last finite point may lie far outside: the ✕ sits on the edge of the view where it left
        at = np.clip(point, [x0 + inset_x, y0 + inset_y], [x1 - inset_x, y1 - inset_y])
        items.cross.setData([at[0]], [at[1]])
        if runner.escape is not None:
            reach = 4 * np.hypot(x1 - x0, y1 - y0)
            items.escape.setData([point[0], point[0] + reach * runner.escape[0]],
                                 [point[1], point[1] + reach * runner.escape[1]])
        else:
            items.escape.setData([], [])
        items.label.setText(self.tr("{name} diverged at step {step}").format(name=runner.label,
                                                                            step=runner.diverged_at))
        shown = [runner] if self.grid_mode else self.race.runners
        avoid = np.concatenate([[self.race.start], *(r.path for r in shown)])
        placed.append(_place_label(plot.vb, items.label, at, avoid, placed))
        items.label.setVisible(True)

    # -- for tests and export -----------------------------------------------------------------------

    def path(self, i):
        """The trail of runner i as drawn: (xs, ys)."""
        return self.runner_items[i].path.getData()

    def loss_curve(self, i):
        """Runner i's loss curve as set: (iterations, f − f* or f), before the plot's log scale."""
        curve = self.loss_curves[i]
        return curve.xData, curve.yData

    def error_text(self) -> str:
        return self._error

    def csv_tables(self):
        tables = {}
        for runner in self.race.runners:
            rows = [[k, float(x), float(y), float(loss)]
                    for k, ((x, y), loss) in enumerate(zip(runner.path, runner.losses))]
            tables[f"path: {runner.label}"] = (["iteration", "x", "y", "f"], rows)
        return tables
