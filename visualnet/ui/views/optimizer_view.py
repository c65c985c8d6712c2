"""Optimizer races drawn live on a loss surface: heatmap + contours, one coloured path per optimizer,
arrows for −∇f, the velocity and the actual step, and the loss against the iteration.

The points move by :class:`visualnet.core.race.Race`, i.e. by the core optimizers; this view only draws
and turns clicks into race calls. The race is its own session: the controller is accepted and ignored.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import optimizers, surfaces
from visualnet.core.errors import ConfigError
from visualnet.core.race import Race, textbook_preset
from visualnet.ui import colors
from visualnet.ui.widgets.plotting import readable_font, style_plot
from visualnet.ui.widgets.settings_panel import HYPERPARAMS
from visualnet.ui.widgets.spin_boxes import LogSlider, LogSpinBox

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
SPEEDS = [("slow motion: 1 step / 0.5 s", 1, 500), ("1 step / frame", 1, 16), ("5 steps / frame", 5, 16),
          ("20 steps / frame", 20, 16), ("50 steps / frame", 50, 16)]
GRADIENT_PX = 60  # −∇f spans decades, so its arrow shows the direction at a fixed length
NOW_RADIUS_PX = 8  # the current point's dot
ARROW_MAX_PX = 160  # velocity arrows are true to scale up to this length on screen
ARROW_KINDS = {
    "gradient": ("−∇f (direction)", ("The downhill direction −∇f at each current point (fixed length: the "
                                     "gradient's size spans decades).")),
    "velocity": ("velocity", ("The momentum the optimizer carries as a displacement: −lr·buffer for "
                              "momentum, −lr·m̂ for Adam (true to scale).")),
    "step": ("actual step", ("The step actually taken into the current point, after momentum and adaptive "
                             "scaling (opt.last_step).")),
}
_UNIT = {"momentum", "dampening", "alpha", "rho", "betas"}  # decay factors in [0, 1)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
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


def _sample(surface, n):
    X, Y = _grid(surface.view, n)
    with np.errstate(all="ignore"):
        return np.asarray(surface.f(X, Y), dtype=float) * np.ones_like(X)


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


class SurfacePicture:
    """What every surface plot shows of one surface: the coloured values (log10 of f − min where they
    span decades; NaN, drawn transparent, where f is undefined) and contour polylines, dark on the light
    low ground and light on the high."""

    def __init__(self, surface: surfaces.Surface):
        self.view = surface.view
        raw = _sample(surface, IMAGE_GRID)
        finite = np.isfinite(raw)
        self.has_values = bool(finite.any())
        self.low = float(raw[finite].min()) if self.has_values else 0.0
        self.high = float(raw[finite].max()) if self.has_values else 1.0
        self.log = bool(surface.log_scale or self.high - self.low > 1e3)
        self.label = "log₁₀(f − min f)" if self.log else "f"
        self.image = self._shown(raw)
        low, high = (float(np.nanmin(self.image)), float(np.nanmax(self.image))) if self.has_values else (0, 1)
        self.levels = (low, high) if high > low else (low, low + 1)
        self.contours = self._contours(self._shown(_sample(surface, CONTOUR_GRID)))

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

    def __init__(self, value: float, parent=None):
        super().__init__(parent)
        self.spin.setRange(10.0**self.LOW, 10.0**self.HIGH)
        self.setValue(value)


class SurfacePlot:
    """One plot of the surface with everything it draws of it, created once and updated with setData."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.vb = plot.vb
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

    def show_surface(self, picture: SurfacePicture, minima):
        xmin, xmax, ymin, ymax = picture.view
        self.image.setImage(picture.image, levels=picture.levels)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        for item, (xs, ys) in zip(self.contours, picture.contours):
            item.setData(xs, ys)
        self.minima.setData(pos=np.array(minima, dtype=float).reshape(-1, 2))
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._controls())
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.plots.scene().sigMouseClicked.connect(self._on_click)
        layout.addWidget(self.plots, 1)
        self._rebuild()

    # -- controls ---------------------------------------------------------------------------------

    def _controls(self):
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self._surface_box())
        column.addWidget(self._race_box())
        self.runner_box = QGroupBox("Optimizers — learning rate (log)")
        self.runner_layout = QVBoxLayout(self.runner_box)
        self.runner_layout.setContentsMargins(6, 6, 6, 6)
        self.runner_rows = QWidget()
        self.runner_layout.addWidget(self.runner_rows)
        add_row = QHBoxLayout()
        self.add_combo = QComboBox()
        for name in optimizers.names():
            self.add_combo.addItem(DISPLAY_NAMES.get(name, name), name)
            self.add_combo.setItemData(self.add_combo.count() - 1, optimizers.DESCRIPTIONS[name], Qt.ToolTipRole)
        self.add_combo.setToolTip("Another optimizer to race; it catches up from the start point.")
        add = QPushButton("+ add")
        add.setToolTip("Add the chosen optimizer to the race, with its default hyperparameters.")
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
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFixedWidth(310)
        return scroll

    def _surface_box(self):
        box = QGroupBox("Surface")
        form = QFormLayout(box)
        form.setContentsMargins(6, 6, 6, 6)
        self.surface_combo = QComboBox()
        self.surface_combo.addItems(surfaces.names())
        self.surface_combo.setToolTip("The function the optimizers minimise. Click the plot to choose the start.")
        self.surface_combo.currentTextChanged.connect(self.set_surface)
        self.formula = QLineEdit()
        self.formula.setPlaceholderText("e.g. x**2 + 3*sin(y)")
        self.formula.setToolTip("Your own surface in x and y (+ − * / **, exp, log, sin, …, where). It is parsed "
                                "safely, never executed; its gradient is exact. Press Enter.")
        self.formula.returnPressed.connect(lambda: self.set_formula(self.formula.text()))
        self.error_label = _label("", ERROR_COLOR, bold=True)
        self.error_label.hide()
        self.note = _label("", "#555")
        form.addRow("Built-in", self.surface_combo)
        form.addRow("f(x, y) =", self.formula)
        form.addRow(self.error_label)
        form.addRow(self.note)
        return box

    def _race_box(self):
        box = QGroupBox("Race")
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 6, 6, 6)
        buttons = [("◀ back", "One step back for every optimizer, exactly (points and optimizer state).",
                    self.back),
                   ("step ▶", "One update for every optimizer.", self.step),
                   ("▶ play", f"Run at the chosen speed (stops at {MAX_STEPS} steps).", self.toggle_play),
                   ("⟲ reset", "Every point back to the start, fresh optimizer state.", self.reset)]
        for i, (text, tip, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 2, i % 2)
            if slot == self.toggle_play:
                self.play_button = button
        self.speed = QComboBox()
        self.speed.addItems([s[0] for s in SPEEDS])
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip("From slow motion to many updates per frame.")
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.step_label = QLabel()
        self.step_label.setFont(_font(12, bold=True))
        home = QPushButton("⌂ default start")
        home.setToolTip("Restart from the surface's default start point (click the plot for any other).")
        home.clicked.connect(lambda: self.start_at(*self.race.surface.start))
        grid.addWidget(self.speed, 2, 0, 1, 2)
        grid.addWidget(self.step_label, 3, 0)
        grid.addWidget(home, 3, 1)
        self.arrow_boxes = {}
        for row, (kind, (label, tip)) in enumerate(ARROW_KINDS.items()):
            check = QCheckBox(f"arrow: {label}")
            check.setToolTip(tip)
            check.setChecked(kind == "step")
            check.toggled.connect(self._on_arrows_toggled)
            grid.addWidget(check, 4 + row, 0, 1, 2)
            self.arrow_boxes[kind] = check
        textbook = QPushButton("Textbook preset")
        textbook.setToolTip("x²/20 + y² from (−7, 2): SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3, 30 steps.")
        textbook.clicked.connect(self.load_textbook)
        self.grid_box = QCheckBox("2×2 grid")
        self.grid_box.setToolTip("One small plot per optimizer, like the book's figure.")
        self.grid_box.toggled.connect(self.set_grid_mode)
        grid.addWidget(textbook, 7, 0)
        grid.addWidget(self.grid_box, 7, 1)
        return box

    def _hyperparameter_box(self):
        box = QGroupBox("Hyperparameters (live)")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        self.hp_runner = QComboBox()
        self.hp_runner.setToolTip("Whose hyperparameters to edit. Changes apply at the next step; momentum and "
                                  "accumulators are kept.")
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
            name.setToolTip(optimizers.DESCRIPTIONS[runner.name])
            lr = LearningRateSlider(runner.optimizer.hyperparams["lr"])
            lr.setToolTip("Learning rate, log scale 1e-4 … 10: changes live, the optimizer keeps its momentum "
                          "and accumulators.")
            lr.spin.valueChanged.connect(lambda value, i=i: self.set_lr(i, value))
            remove = QPushButton("✕")
            remove.setFixedWidth(30)
            remove.setToolTip(f"Remove {runner.label} from the race.")
            remove.clicked.connect(lambda _checked=False, i=i: self.remove_runner(i))
            grid.addWidget(name, 2 * i, 0)
            grid.addWidget(remove, 2 * i, 1)
            grid.addWidget(lr, 2 * i + 1, 0, 1, 2)
            self.lr_sliders.append(lr)
        self.runner_layout.replaceWidget(old, self.runner_rows)
        old.hide()
        old.deleteLater()
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
        if key in _UNIT:  # decay factors: linear steps of 0.01 below 1
            field = QDoubleSpinBox()
            field.setDecimals(4)
            field.setRange(0.0, 0.9999)
            field.setSingleStep(0.01)
        else:  # ε, weight decay, …: scale-free, typed as 1e-8 and stepped 1-2-5 per decade
            field = LogSpinBox(0.0, 10.0, 1e-12)
        field.setKeyboardTracking(False)
        field.valueChanged.connect(lambda value: self.set_hyperparam(index, key, value, part))
        return field

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
        self.picture = SurfacePicture(self.race.surface)
        self.surface_plots: list[SurfacePlot] = []
        self.runner_items: list[RunnerItems] = []
        self.loss_curves, self.legend, self.loss_plot, self.colorbar = [], None, None, None
        runners = self.race.runners
        if self.grid_mode:
            for i in range(max(len(runners), 1)):
                plot = self.plots.addPlot(row=i // 2, col=i % 2)
                style_plot(plot, "", "x", "y")
                self.surface_plots.append(SurfacePlot(plot))
        else:
            plot = self.plots.addPlot(row=0, col=0)
            style_plot(plot, self.race.surface.formula, "x", "y")
            self.surface_plots.append(SurfacePlot(plot))
            self._add_colorbar()
            self._add_loss_plot()
        for plot in self.surface_plots:
            plot.show_surface(self.picture, self.race.surface.minima)
            plot.vb.sigRangeChanged.connect(self._draw_overlays)
            plot.vb.sigResized.connect(self._draw_overlays)
        for i, runner in enumerate(runners):
            plot = self.surface_plots[i if self.grid_mode else 0].plot
            self.runner_items.append(RunnerItems(plot, _color(runner)))
            if not self.grid_mode:
                self.loss_curves.append(self.loss_plot.plot(pen=pg.mkPen(_color(runner), width=3),
                                                            name=runner.label))
        if not self.grid_mode:
            self._add_legend()
        self._rebuild_runner_rows()
        self.note.setText(self.race.surface.note)
        self.note.setVisible(bool(self.race.surface.note))
        self.redraw()

    def _add_colorbar(self):
        bar = pg.ColorBarItem(values=self.picture.levels, colorMap=HEATMAP, interactive=False, width=20,
                              colorMapMenu=False)
        bar.setImageItem(self.surface_plots[0].image)
        bar.axis.setTickFont(_font(11))
        bar.axis.setTextPen(pg.mkPen((40, 40, 40)))
        bar.axis.setLabel(self.picture.label, **{"font-size": "12pt", "color": TEXT})
        self.plots.addItem(bar, row=0, col=1)
        self.colorbar = bar

    def _add_loss_plot(self):
        plot = self.plots.addPlot(row=2, col=0, colspan=2)
        floor = self._loss_floor()
        style_plot(plot, "loss per iteration", "iteration", "f − f*" if floor is not None else "f")
        plot.setLogMode(False, self._loss_log(floor))
        plot.setMouseEnabled(x=False, y=False)  # it follows the race; zooming would freeze its range
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(2, 1)
        self.loss_crosses = pg.ScatterPlotItem(symbol="x", size=18, brush=pg.mkBrush(DIVERGED),
                                               pen=pg.mkPen("w", width=1))
        plot.addItem(self.loss_crosses)
        self.loss_plot = plot

    def _add_legend(self):
        # a strip between the surface and the loss plot: it names the colours of both and covers no path
        self.legend = pg.LegendItem(labelTextSize="12pt", labelTextColor=TEXT, colCount=4, horSpacing=24)
        self.plots.addItem(self.legend, row=1, col=0, colspan=2)
        for items, runner in zip(self.runner_items, self.race.runners):
            self.legend.addItem(items.path, self._runner_title(runner))
        start = pg.ScatterPlotItem(symbol="o", size=13, brush=pg.mkBrush("w"), pen=pg.mkPen("k", width=2.5))
        self.legend.addItem(start, "start — click to move")
        self._arrow_samples = {
            "gradient": pg.PlotDataItem(pen=pg.mkPen((25, 25, 25), width=2.5, style=Qt.DashLine)),
            "velocity": pg.PlotDataItem(pen=pg.mkPen((70, 70, 70), width=3, style=Qt.DashLine)),
            "step": pg.PlotDataItem(pen=pg.mkPen((70, 70, 70), width=5)),
        }
        self._update_arrow_legend()

    def _update_arrow_legend(self):
        if self.legend is None:
            return
        for sample in self._arrow_samples.values():
            self.legend.removeItem(sample)
        for kind, sample in self._arrow_samples.items():
            if self.arrow_boxes[kind].isChecked():
                self.legend.addItem(sample, ARROW_KINDS[kind][0])

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
            self._show_error(f"f or ∇f is not finite at ({x:.3g}, {y:.3g}); click where the surface is defined",
                             formula=False)
            return False
        self._show_error("", formula=False)
        self.race.reset((x, y))
        self.redraw()
        return True

    def set_surface(self, name):
        if name not in surfaces.names():
            return
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
            self._show_error("f has no finite value anywhere in the view")
            return False
        self._show_error("")
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentIndex(-1)
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

    def load_textbook(self):
        self.race = textbook_preset()
        with QSignalBlocker(self.surface_combo):
            self.surface_combo.setCurrentText("textbook")
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
            slider = self.lr_sliders[index]
            if slider.value() != value:
                with QSignalBlocker(slider.spin):
                    slider.setValue(value)
            self._retitle(index)
        return True

    def _retitle(self, index):
        if self.grid_mode:
            self._grid_title(index)
        elif self.legend is not None:
            for sample, label in self.legend.items:
                if sample.item is self.runner_items[index].path:
                    label.setText(self._runner_title(self.race.runners[index]))

    def _grid_title(self, index):
        runner = self.race.runners[index]
        title = f"<span style='color:{_rgb(_color(runner))}'>━━</span> {self._runner_title(runner)}"
        self.surface_plots[index].plot.setTitle(title, size="13pt", color=TEXT)

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
            self.timer.start(SPEEDS[self.speed.currentIndex()][2])
            self.play_button.setText("⏸ pause")

    def pause(self):
        self.timer.stop()
        self.play_button.setText("▶ play")

    def _on_speed_changed(self, index):
        if self.timer.isActive():
            self.timer.start(SPEEDS[index][2])

    def _tick(self):
        n = min(SPEEDS[self.speed.currentIndex()][1], MAX_STEPS - self.race.steps)
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
        self._update_arrow_legend()
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
        self.step_label.setText(f"step {self.race.steps}")
        if self.grid_mode:
            for i in range(len(runners)):
                self._grid_title(i)
        else:
            self.surface_plots[0].plot.setTitle(f"{self.race.surface.formula}   ·   step {self.race.steps}",
                                                size="13pt", color=TEXT)
            self._draw_losses()
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
            if runner.diverged_at is not None:
                crosses.append((len(shown) - 1, np.log10(shown[-1]) if log else shown[-1]))
        crosses = np.array(crosses, dtype=float).reshape(-1, 2)
        self.loss_crosses.setData(pos=crosses[np.isfinite(crosses).all(axis=1)])
        self.loss_plot.setXRange(0, max(self.race.steps, 10), padding=0.02)

    def _draw_overlays(self):
        """Arrows and divergence markers: they depend on the on-screen scale, so they follow zoom and resize."""
        for i, (items, runner) in enumerate(zip(self.runner_items, self.race.runners)):
            plot = self.surface_plots[i if self.grid_mode else 0]
            self._draw_arrows(plot, items, i, runner)
            self._draw_divergence(plot, items, runner, i)

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

    def _draw_divergence(self, plot, items, runner, index):
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
        stack = 0 if self.grid_mode else sum(r.diverged_at is not None for r in self.race.runners[:index])
        right, low = at[0] > (x0 + x1) / 2, at[1] < (y0 + y1) / 2
        items.label.setAnchor((1.06 if right else -0.06, 1 + 1.15 * stack if low else -1.15 * stack))
        items.label.setText(f"{runner.label} diverged at step {runner.diverged_at}")
        items.label.setPos(at[0], at[1])
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
