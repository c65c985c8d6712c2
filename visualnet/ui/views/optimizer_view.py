"""Optimizer races drawn live on a loss surface: heatmap + contours, one coloured path per optimizer,
arrows for the gradient, the momentum/velocity and the actual step, and loss against iteration.

The points move by :class:`visualnet.core.race.Race`, i.e. by the core optimizers; this view draws.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
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
from visualnet.core.race import Race, check_start, textbook_preset
from visualnet.ui import colors
from visualnet.ui.widgets.plotting import style_plot
from visualnet.ui.widgets.settings_panel import LogSlider

RUNNER_COLORS = [(8, 119, 189), (245, 147, 34), (46, 160, 67), (200, 60, 60), (163, 73, 164), (23, 190, 207),
                 (140, 86, 75), (120, 120, 120)]
GRID = 160
SPEEDS = [("1 step / 0.5 s", 1, 500), ("1 step / frame", 1, 16), ("5 steps / frame", 5, 16),
          ("25 steps / frame", 25, 16)]
ARROW_KINDS = {"gradient": ("−∇f", Qt.DashLine), "velocity": ("momentum", Qt.DotLine), "step": ("step", Qt.SolidLine)}


def _surface_image(surface, view):
    xmin, xmax, ymin, ymax = view
    xs, ys = np.linspace(xmin, xmax, GRID), np.linspace(ymin, ymax, GRID)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        Z = np.asarray(surface.f(X, Y), dtype=float) * np.ones_like(X)
    finite = np.isfinite(Z)
    if not finite.any():
        return Z, np.zeros_like(Z)
    low, high = Z[finite].min(), Z[finite].max()
    log = surface.log_scale or (high - low) > 1e3
    shown = np.log10(Z - low + 1e-3) if log else Z
    return Z, np.where(finite, shown, np.nanmax(shown[finite]))


class OptimizerView(QWidget):
    def __init__(self, controller=None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.race = textbook_preset()
        self.grid_mode = False
        self._error = ""
        layout = QHBoxLayout(self)
        layout.addWidget(self._controls())
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._build_plots()
        self.race.run(30)
        self.redraw()

    # -- controls ---------------------------------------------------------------------------------

    def _controls(self):
        panel = QWidget()
        column = QVBoxLayout(panel)
        surface_box = QGroupBox("Surface")
        form = QFormLayout(surface_box)
        self.surface_combo = QComboBox()
        self.surface_combo.addItems(surfaces.names())
        self.surface_combo.setToolTip("The function the optimizers minimise; click the plot to choose a start.")
        self.surface_combo.currentTextChanged.connect(self.set_surface)
        self.formula = QLineEdit()
        self.formula.setPlaceholderText("f(x, y) = …, e.g. x**2 + 3*sin(y)")
        self.formula.setToolTip("Type your own surface in x and y; it is parsed safely, never executed.")
        self.formula.returnPressed.connect(lambda: self.set_formula(self.formula.text()))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        form.addRow("Built-in", self.surface_combo)
        form.addRow("Formula", self.formula)
        form.addRow(self.error_label)
        column.addWidget(surface_box)

        self.runner_box = QGroupBox("Optimizers (learning rate)")
        self.runner_grid = QGridLayout(self.runner_box)
        column.addWidget(self.runner_box)
        add_row = QHBoxLayout()
        self.add_combo = QComboBox()
        self.add_combo.addItems(optimizers.names())
        self.add_combo.setToolTip("Another optimizer to race, starting from the same point.")
        add = QPushButton("+ add")
        add.setToolTip("Add the chosen optimizer to the race (it restarts from the start point).")
        add.clicked.connect(lambda: self.add_runner(self.add_combo.currentText()))
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(add)
        column.addLayout(add_row)
        hp_box = QGroupBox("Hyperparameters")
        hp_layout = QVBoxLayout(hp_box)
        self.hp_runner = QComboBox()
        self.hp_runner.setToolTip("Whose hyperparameters to edit; changes apply live, the state is kept.")
        self.hp_runner.currentIndexChanged.connect(self._fill_hyperparams)
        self.hp_form = QFormLayout()
        hp_layout.addWidget(self.hp_runner)
        hp_layout.addLayout(self.hp_form)
        column.addWidget(hp_box)

        play_box = QGroupBox("Race")
        grid = QGridLayout(play_box)
        buttons = [("◀ back", "One step back for every optimizer, exactly.", self.back),
                   ("step ▶", "One update for every optimizer.", self.step),
                   ("▶ play", "Run continuously at the chosen speed.", self.toggle_play),
                   ("⟲ reset", "All points back to the start.", self.reset)]
        for i, (text, tip, slot) in enumerate(buttons):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            grid.addWidget(b, i // 2, i % 2)
            if text == "▶ play":
                self.play_button = b
        self.speed = QComboBox()
        self.speed.addItems([s[0] for s in SPEEDS])
        self.speed.setCurrentIndex(1)
        self.speed.setToolTip("From slow motion to many updates per frame.")
        grid.addWidget(self.speed, 2, 0, 1, 2)
        self.arrow_boxes = {}
        for row, (kind, (label, _)) in enumerate(ARROW_KINDS.items()):
            box = QCheckBox(f"arrow: {label}")
            box.setToolTip({"gradient": "The downhill direction −∇f at each point.",
                            "velocity": "The momentum buffer (or Adam's m), scaled by lr: where inertia pushes.",
                            "step": "The step actually taken, after momentum and adaptive scaling."}[kind])
            box.setChecked(kind == "step")
            box.toggled.connect(self.redraw)
            grid.addWidget(box, 3 + row, 0, 1, 2)
            self.arrow_boxes[kind] = box
        textbook = QPushButton("Textbook preset")
        textbook.setToolTip("x²/20 + y² from (−7, 2): SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3, 30 steps.")
        textbook.clicked.connect(self.load_textbook)
        self.grid_box = QCheckBox("2×2 grid, one plot each")
        self.grid_box.setToolTip("Show each optimizer in its own plot, like the book's figure.")
        self.grid_box.toggled.connect(self.set_grid_mode)
        grid.addWidget(textbook, 6, 0, 1, 2)
        grid.addWidget(self.grid_box, 7, 0, 1, 2)
        column.addWidget(play_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFixedWidth(270)
        return scroll

    def _rebuild_runner_rows(self):
        while self.runner_grid.count():
            item = self.runner_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for i, runner in enumerate(self.race.runners):
            swatch = QLabel("■ " + runner.label)
            swatch.setStyleSheet(f"color: rgb{RUNNER_COLORS[runner.color % len(RUNNER_COLORS)]}; font-weight: bold;")
            lr = LogSlider()
            lr.setValue(runner.optimizer.hyperparams["lr"])
            lr._set_slider(lr.value())
            lr.setToolTip("Learning rate on a log scale: changes live, the optimizer keeps its momentum and "
                          "accumulators.")
            lr.spin.valueChanged.connect(lambda v, i=i: self.set_lr(i, v))
            remove = QPushButton("✕")
            remove.setFixedWidth(26)
            remove.setToolTip("Remove this optimizer from the race.")
            remove.clicked.connect(lambda checked=False, i=i: self.remove_runner(i))
            self.runner_grid.addWidget(swatch, 2 * i, 0)
            self.runner_grid.addWidget(remove, 2 * i, 1)
            self.runner_grid.addWidget(lr, 2 * i + 1, 0, 1, 2)
        with QSignalBlocker(self.hp_runner):
            self.hp_runner.clear()
            self.hp_runner.addItems([r.label for r in self.race.runners])
        self._fill_hyperparams()

    def _fill_hyperparams(self):
        """Editable fields for every hyperparameter of the chosen optimizer except lr (it has its slider)."""
        while self.hp_form.rowCount():
            self.hp_form.removeRow(0)
        index = self.hp_runner.currentIndex()
        if index < 0 or index >= len(self.race.runners):
            return
        runner = self.race.runners[index]
        for key, value in runner.optimizer.hyperparams.items():
            if key == "lr":
                continue
            values = value if isinstance(value, tuple) else (value,)
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for k, v in enumerate(values):
                if isinstance(v, bool):
                    field = QCheckBox()
                    field.setChecked(v)
                    field.toggled.connect(lambda on, key=key: self.set_hyperparam(index, key, on))
                else:
                    field = QDoubleSpinBox()
                    field.setDecimals(10 if key == "eps" else 4)
                    field.setRange(0.0, 0.9999 if key in ("momentum", "alpha", "rho", "betas", "dampening") else 10.0)
                    field.setSingleStep(0.01)
                    field.setValue(float(v))
                    field.valueChanged.connect(lambda x, key=key, k=k: self.set_hyperparam(index, key, x, k))
                box.addWidget(field)
            self.hp_form.addRow(key, row)

    # -- plots ------------------------------------------------------------------------------------

    def _surface_plot(self, row, col, title):
        plot = self.plots.addPlot(row=row, col=col)
        style_plot(plot, title, "x", "y")
        plot.setAspectLocked(False)
        image = pg.ImageItem()
        image.setColorMap(colors.SEQUENTIAL)
        plot.addItem(image)
        contours = pg.PlotDataItem(pen=pg.mkPen((255, 255, 255, 140), width=1), connect="finite")
        plot.addItem(contours)
        minima = pg.ScatterPlotItem(symbol="star", size=18, brush=pg.mkBrush("w"), pen=pg.mkPen("k"))
        plot.addItem(minima)
        plot.scene().sigMouseClicked.connect(lambda ev, p=plot: self._on_click(ev, p))
        return plot, image, contours, minima

    def _build_plots(self):
        self.plots.clear()
        self.surface_plots, self.paths, self.markers, self.arrow_items = [], [], [], []
        n = len(self.race.runners)
        if self.grid_mode:
            for i in range(max(n, 1)):
                title = self.race.runners[i].label if i < n else ""
                self.surface_plots.append(self._surface_plot(i // 2, i % 2, title))
        else:
            self.surface_plots.append(self._surface_plot(0, 0, self.race.surface.formula))
            self.loss_plot = self.plots.addPlot(row=1, col=0)
            style_plot(self.loss_plot, "loss f(x, y) per iteration", "iteration", "f")
            self.loss_plot.setLogMode(False, False)
            self.plots.ci.layout.setRowStretchFactor(0, 3)
            self.plots.ci.layout.setRowStretchFactor(1, 1)
            self.loss_legend = self.loss_plot.addLegend(offset=(-10, 10), labelTextSize="10pt", labelTextColor="k")
        self.loss_curves = []
        for i, runner in enumerate(self.race.runners):
            color = RUNNER_COLORS[runner.color % len(RUNNER_COLORS)]
            plot = self.surface_plots[i][0] if self.grid_mode else self.surface_plots[0][0]
            path = pg.PlotDataItem(pen=pg.mkPen(color, width=3), symbol="o", symbolSize=6,
                                   symbolBrush=pg.mkBrush(color), symbolPen=pg.mkPen("w"), name=runner.label)
            plot.addItem(path)
            marker = pg.ScatterPlotItem(symbol="x", size=20, pen=pg.mkPen((200, 0, 0), width=4))
            plot.addItem(marker)
            marker.label = pg.TextItem(color=(200, 0, 0), anchor=(0, 1))
            plot.addItem(marker.label)
            arrows = {}
            for kind, (_, style) in ARROW_KINDS.items():
                line = pg.PlotDataItem(pen=pg.mkPen(color if kind == "step" else (30, 30, 30), width=2.5, style=style))
                head = pg.ArrowItem(headLen=12, pen=pg.mkPen(color), brush=pg.mkBrush(color))
                plot.addItem(line)
                plot.addItem(head)
                arrows[kind] = (line, head)
            self.paths.append(path)
            self.markers.append(marker)
            self.arrow_items.append(arrows)
            if not self.grid_mode:
                self.loss_curves.append(self.loss_plot.plot(pen=pg.mkPen(color, width=2.5), name=runner.label))
        if not self.grid_mode:
            legend = self.surface_plots[0][0].addLegend(offset=(10, 10), labelTextSize="12pt", labelTextColor="k",
                                                        brush=pg.mkBrush(255, 255, 255, 200))
            legend.setZValue(10)
            for path, runner in zip(self.paths, self.race.runners):
                self.surface_plots[0][0].legend.addItem(path, runner.label)
        self._draw_surface()
        self._rebuild_runner_rows()

    def _draw_surface(self):
        s = self.race.surface
        xmin, xmax, ymin, ymax = s.view
        raw, shown = _surface_image(s, s.view)
        self._surface_values = raw
        levels = np.linspace(np.nanmin(shown), np.nanmax(shown), 12)[1:-1]
        lines_x, lines_y = [], []
        for level in levels:
            for line in pg.functions.isocurve(shown, level, connected=True):
                pts = np.asarray(line)
                lines_x.extend(list(xmin + pts[:, 1] / (GRID - 1) * (xmax - xmin)) + [np.nan])
                lines_y.extend(list(ymin + pts[:, 0] / (GRID - 1) * (ymax - ymin)) + [np.nan])
        for plot, image, contours, minima in self.surface_plots:
            image.setImage(shown.T, autoLevels=True)
            image.setRect(pg.QtCore.QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            contours.setData(np.array(lines_x), np.array(lines_y))
            minima.setData(pos=np.array(s.minima) if s.minima else np.zeros((0, 2)))
            plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    # -- actions ----------------------------------------------------------------------------------

    def _on_click(self, event, plot):
        if event.button() != Qt.LeftButton or not plot.sceneBoundingRect().contains(event.scenePos()):
            return
        point = plot.vb.mapSceneToView(event.scenePos())
        self.start_at(point.x(), point.y())

    def start_at(self, x, y):
        self.race.reset(check_start(x, y))
        self.redraw()

    def set_surface(self, name):
        self._install(surfaces.get(name))

    def set_formula(self, text) -> bool:
        try:
            surface = surfaces.from_formula(text, view=self.race.surface.view, start=self.race.start)
        except ConfigError as exc:
            self._error = str(exc).split(": ", 1)[-1]
            self.error_label.setText(self._error)
            return False
        self._error = ""
        self.error_label.setText("")
        self._install(surface)
        return True

    def _install(self, surface):
        entries = [(r.label, r.name, r.hyperparams, r.color) for r in self.race.runners]
        self.race = Race(surface, entries, surface.start)
        self._build_plots()
        self.redraw()

    def load_textbook(self):
        self.race = textbook_preset()
        self.race.run(30)
        self._build_plots()
        self.redraw()

    def add_runner(self, name):
        color = max((r.color for r in self.race.runners), default=-1) + 1
        lr = optimizers.defaults(name)["lr"]
        self.race.add(name, name, {"lr": lr}, color)
        self.race.reset()
        self._build_plots()
        self.redraw()

    def remove_runner(self, index):
        self.race.remove(index)
        self._build_plots()
        self.redraw()

    def set_lr(self, index, value):
        self.race.set_hyperparams(index, lr=float(value))

    def set_hyperparam(self, index, key, value, part=None):
        runner = self.race.runners[index]
        if part is not None and isinstance(runner.optimizer.hyperparams[key], tuple):
            current = list(runner.optimizer.hyperparams[key])
            current[part] = float(value)
            value = tuple(current)
        try:
            self.race.set_hyperparams(index, **{key: value})
            self.error_label.setText("")
        except ConfigError as exc:
            self.error_label.setText(str(exc))

    def set_grid_mode(self, on):
        self.grid_mode = bool(on)
        self._build_plots()
        self.redraw()

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
            self.timer.stop()
            self.play_button.setText("▶ play")
        else:
            self.timer.start(SPEEDS[self.speed.currentIndex()][2])
            self.play_button.setText("⏸ pause")

    def _tick(self):
        self.race.run(SPEEDS[self.speed.currentIndex()][1])
        self.redraw()

    # -- drawing ----------------------------------------------------------------------------------

    def redraw(self):
        xmin, xmax, ymin, ymax = self.race.surface.view
        reach = 0.12 * max(xmax - xmin, ymax - ymin)
        for i, runner in enumerate(self.race.runners):
            pts = np.array(runner.path)
            self.paths[i].setData(pts[:, 0], pts[:, 1])
            marker = self.markers[i]
            if runner.diverged_at is not None:
                # the last finite point may be far outside: pin the ✕ to the edge of the view it left by
                at = np.clip(pts[-1], [xmin, ymin], [xmax, ymax])
                marker.setData(pos=[at])
                marker.label.setText(f"{runner.label} diverged at step {runner.diverged_at}")
                marker.label.setPos(at[0], at[1])
                marker.label.setVisible(True)
            else:
                marker.setData([])
                marker.label.setVisible(False)
            arrows = self.race.arrows(i)
            for kind, (line, head) in self.arrow_items[i].items():
                vector = arrows[kind]
                show = self.arrow_boxes[kind].isChecked() and vector is not None and np.all(np.isfinite(vector)) \
                    and np.linalg.norm(vector) > 0
                line.setVisible(bool(show))
                head.setVisible(bool(show))
                if not show:
                    continue
                v = np.asarray(vector, dtype=float)
                if kind == "gradient":
                    v = v / np.linalg.norm(v) * reach  # direction only: raw gradients span decades
                tip = runner.point + v
                line.setData([runner.point[0], tip[0]], [runner.point[1], tip[1]])
                head.setPos(tip[0], tip[1])
                head.setStyle(angle=180 - np.degrees(np.arctan2(v[1], v[0])))
            if not self.grid_mode:
                losses = np.asarray(runner.losses, dtype=float)
                shift = min(0.0, float(np.nanmin(self._surface_values))) if self._surface_values.size else 0.0
                self.loss_curves[i].setData(np.arange(len(losses)), losses - shift + 1e-12)
        if not self.grid_mode:
            self.loss_plot.setLogMode(False, True)

    # -- for tests and export -----------------------------------------------------------------------

    def path(self, i):
        return self.paths[i].getData()

    def loss_curve(self, i):
        return self.loss_curves[i].getData()

    def error_text(self):
        return self._error

    def csv_tables(self):
        tables = {}
        for runner in self.race.runners:
            rows = [[k, x, y, loss] for k, ((x, y), loss) in enumerate(zip(runner.path, runner.losses))]
            tables[f"path: {runner.label}"] = (["iteration", "x", "y", "f"], rows)
        return tables
