"""Activation functions side by side: f (solid) and f′ (dashed) over a chosen range, a cursor read-out,
live α for leaky ReLU and ELU, the formulas, and the saturated regions (|f′| below the core's
``SATURATION_SLOPE``) shaded.

Every curve is the core's own ``Activation.f`` / ``.df`` evaluated on the grid — the UI never writes a
formula of its own. A custom activation is typed as an expression in x and parsed by
:mod:`visualnet.core.expressions`; what it cannot accept is shown inline under the field.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP, QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import activations, labs
from visualnet.core.errors import ConfigError
from visualnet.core.formatting import fmt
from visualnet.ui.i18n import tr
from visualnet.ui.widgets.plotting import css, pt, readable_font, style_plot
from visualnet.ui.widgets.spin_boxes import ExactDoubleSpinBox, refusal_label, say_refusals

GRID_POINTS = 2001
DEFAULT_RANGE = (-5.0, 5.0)
DEFAULT_SHOWN = ("sigmoid", "tanh", "relu")
DEFAULT_CURSOR = 1.0
PANEL_WIDTH = 285
CURVE_WIDTH = 3.0
DERIVATIVE_WIDTH = 2.5
SHADE_ALPHA = 45
TEXT = (33, 37, 41)
MESSAGE_COLORS = {"error": "#c62828", "note": "#b35c00", "ok": "#2e7d32"}

LABELS = {"linear": QT_TR_NOOP("linear"), "step": QT_TR_NOOP("step"), "sigmoid": QT_TR_NOOP("sigmoid σ"),
          "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU", "softplus": "softplus",
          "gelu": "GELU", "silu": "SiLU (swish)", "custom": QT_TR_NOOP("custom")}  # in English: for CSV tables
COLORS = {"sigmoid": (8, 119, 189), "tanh": (245, 147, 34), "relu": (46, 160, 67), "leaky_relu": (163, 73, 164),
          "elu": (200, 60, 60), "softplus": (23, 190, 207), "gelu": (140, 86, 75), "silu": (227, 119, 194),
          "linear": (120, 120, 120), "step": (188, 160, 34), "custom": TEXT}
# softmax normalises over a whole row, so as a curve over x it means nothing; it is left out
PLOTTED = tuple(name for name in activations.names() if not activations.get(name).output_only)
CUSTOM_EXAMPLE = "x * tanh(log(1 + exp(x)))"


def hex_color(rgb) -> str:
    return QColor(*rgb).name()


class ActivationsView(QWidget):
    """Plots of the chosen activations; ``curves[name]`` = (f item, f′ item), read back with getData()."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        readable_font(self)
        self.alphas = {"leaky_relu": 0.1, "elu": 1.0}
        self.custom_activation: activations.Activation | None = None
        self.cursor_x = DEFAULT_CURSOR
        self.x = np.linspace(*DEFAULT_RANGE, GRID_POINTS)

        layout = QHBoxLayout(self)
        layout.addWidget(self._build_controls())
        layout.addLayout(self._build_plot_area(), 1)
        self.redraw()

    # -- building -------------------------------------------------------------------------------

    def _build_controls(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)

        box = QGroupBox(self.tr("Activations"))
        inner = QVBoxLayout(box)
        self.list = QListWidget()
        self.list.setToolTip(self.tr("Tick the activations to plot together."))
        for name in PLOTTED:
            item = QListWidgetItem(tr(LABELS[name]))
            item.setData(Qt.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name in DEFAULT_SHOWN else Qt.Unchecked)
            item.setForeground(QColor(*COLORS[name]))
            self.list.addItem(item)
        self.list.setFixedHeight((self.list.fontMetrics().height() + 4) * len(PLOTTED) + 8)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.itemChanged.connect(lambda _item: self.redraw())
        inner.addWidget(self.list)
        self.show_derivative = QCheckBox(self.tr("derivatives f′(x), dashed"))
        self.show_derivative.setChecked(True)
        self.show_derivative.toggled.connect(lambda _on: self.redraw())
        inner.addWidget(self.show_derivative)
        self.shade = QCheckBox(self.tr("shade saturation, |f′(x)| < {t}").format(
            t=fmt(activations.SATURATION_SLOPE)))
        self.shade.setToolTip(self.tr("Where the slope is almost zero a unit passes almost no gradient back: it "
                                      "is saturated (or, for ReLU at x < 0, dead)."))
        self.shade.setChecked(True)
        self.shade.toggled.connect(lambda _on: self.redraw())
        inner.addWidget(self.shade)
        column.addWidget(box)

        box = QGroupBox(self.tr("Range and parameters"))
        form = QFormLayout(box)
        self.range_message = refusal_label()  # a typed number that was refused, and why
        self.x_min = self._spin(-100, 100, DEFAULT_RANGE[0], 0.5, self.tr("Left end of the plotted range of x."),
                                self.tr("x from"))
        self.x_max = self._spin(-100, 100, DEFAULT_RANGE[1], 0.5, self.tr("Right end of the plotted range of x."),
                                self.tr("x to"))
        self.x_min.valueChanged.connect(self._on_range_changed)
        self.x_max.valueChanged.connect(self._on_range_changed)
        form.addRow(self.tr("x from"), self.x_min)
        form.addRow(self.tr("x to"), self.x_max)
        self.leaky_alpha = self._spin(0, 1, self.alphas["leaky_relu"], 0.01,
                                      self.tr("Leaky ReLU's slope α for x < 0: f(x) = α·x."), self.tr("leaky ReLU α"))
        self.leaky_alpha.valueChanged.connect(lambda v: self._set_alpha("leaky_relu", v))
        form.addRow(self.tr("leaky ReLU α"), self.leaky_alpha)
        self.elu_alpha = self._spin(0, 5, self.alphas["elu"], 0.1, self.tr("ELU's α: f(x) = α·(eˣ − 1) for x < 0."),
                                    self.tr("ELU α"))
        self.elu_alpha.valueChanged.connect(lambda v: self._set_alpha("elu", v))
        form.addRow(self.tr("ELU α"), self.elu_alpha)
        form.addRow(self.range_message)
        column.addWidget(box)

        box = QGroupBox(self.tr("Custom activation f(x)"))
        inner = QVBoxLayout(box)
        self.custom_field = QLineEdit()
        self.custom_field.setPlaceholderText(self.tr("e.g. {example}").format(example=CUSTOM_EXAMPLE))
        self.custom_field.setToolTip(self.tr("An expression in x: + − * / **, pi, e, and functions such as exp, "
                                             "log, tanh, sigmoid, softplus, maximum, where(x > 0, a, b). Press "
                                             "Enter to plot."))
        self.custom_field.returnPressed.connect(self.plot_custom)
        inner.addWidget(self.custom_field)
        self.custom_message = QLabel()
        self.custom_message.setWordWrap(True)
        message_font = QFont(self.font())
        message_font.setPointSizeF(max(pt(12.0), message_font.pointSizeF()))
        self.custom_message.setFont(message_font)
        self.custom_message.hide()
        self.message_kind = "ok"
        inner.addWidget(self.custom_message)
        buttons = QHBoxLayout()
        self.plot_button = QPushButton(self.tr("Plot"))
        self.plot_button.setToolTip(self.tr("Parse the expression and plot f and its exact derivative f′."))
        self.plot_button.clicked.connect(self.plot_custom)
        buttons.addWidget(self.plot_button)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Take the custom curve off the plot."))
        self.remove_button.clicked.connect(self.remove_custom)
        buttons.addWidget(self.remove_button)
        inner.addLayout(buttons)
        self.use_button = QPushButton(self.tr("Use in network"))
        self.use_button.setToolTip(self.tr("Give every hidden layer of the network this activation (the network "
                                           "is rebuilt with fresh weights)."))
        self.use_button.clicked.connect(self.use_in_network)
        inner.addWidget(self.use_button)
        column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()  # a small window or presentation-size fonts must not cut the controls off
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFixedWidth(PANEL_WIDTH)
        return scroll

    def _spin(self, low, high, value, step, tip, label) -> ExactDoubleSpinBox:
        """A number typed out of range (150 for x) is refused and said below, never shortened (to 15)."""
        spin = ExactDoubleSpinBox(low, high, label)
        spin.setSingleStep(step)
        spin.setValue(value)
        spin.setToolTip(tip)
        say_refusals(spin, self.range_message)
        return spin

    def _build_plot_area(self):
        column = QVBoxLayout()
        self.plot_widget = pg.PlotWidget(background="w")
        self.plot = self.plot_widget.getPlotItem()
        # a short title: a title's width is the plot's minimum width, and the main window leaves ~700 px
        style_plot(self.plot, self.tr("f(x) solid · f′(x) dashed"), "x", "f(x), f′(x)")
        self.legend = self.plot.addLegend(offset=(10, 10), labelTextSize=css(12), labelTextColor=TEXT,
                                          brush=(255, 255, 255, 220),
                                          pen=(180, 180, 180))
        zero = pg.mkPen((90, 90, 90), width=1.5)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=zero), ignoreBounds=True)
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=zero), ignoreBounds=True)
        self.curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.shading: dict[str, list[pg.LinearRegionItem]] = {}
        for name in (*PLOTTED, "custom"):
            color = COLORS[name]
            f_item = pg.PlotDataItem(pen=pg.mkPen(color, width=CURVE_WIDTH), connect="finite")
            df_item = pg.PlotDataItem(pen=pg.mkPen(color, width=DERIVATIVE_WIDTH, style=Qt.DashLine),
                                      connect="finite")
            for item in (f_item, df_item):
                item.setZValue(10)
                item.hide()
                self.plot.addItem(item)
            self.curves[name] = (f_item, df_item)
            self.shading[name] = []
        self.cursor_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((60, 60, 60), width=2.5, style=Qt.DotLine))
        self.cursor_line.setZValue(20)
        self.plot.addItem(self.cursor_line, ignoreBounds=True)
        self.cursor_dots = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5))
        self.cursor_dots.setZValue(21)
        self.plot.addItem(self.cursor_dots, ignoreBounds=True)
        self.plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        column.addWidget(self.plot_widget, 1)

        self.readout = QLabel()
        self.readout.setTextFormat(Qt.RichText)
        self.readout.setWordWrap(True)
        self.readout.setToolTip(self.tr("Values at the cursor: move the mouse over the plot."))
        self.formulas = QLabel()
        self.formulas.setTextFormat(Qt.RichText)
        self.formulas.setWordWrap(True)
        for label in (self.readout, self.formulas):
            font = QFont(self.font())
            font.setPointSizeF(max(pt(12.0), font.pointSizeF()))
            label.setFont(font)
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # long text wraps, never widens
            column.addWidget(label)
        return column

    # -- state ----------------------------------------------------------------------------------

    def shown(self) -> list[str]:
        """Names of the ticked activations (and "custom" once one is plotted), in list order."""
        names = [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                 if self.list.item(i).checkState() == Qt.Checked]
        return names + (["custom"] if self.custom_activation is not None else [])

    def activation(self, name: str) -> activations.Activation:
        """The core's activation behind a curve, with the α set in the view."""
        if name == "custom":
            return self.custom_activation
        return activations.get(name, alpha=self.alphas.get(name))

    def set_shown(self, names):
        """Tick exactly ``names`` (for tests and presets)."""
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names else Qt.Unchecked)
        self.list.blockSignals(False)
        self.redraw()

    def set_range(self, low: float, high: float):
        self.x_min.blockSignals(True)
        self.x_min.setValue(low)
        self.x_min.blockSignals(False)
        self.x_max.setValue(high)
        self._on_range_changed()

    def _on_range_changed(self):
        low, high = self.x_min.value(), self.x_max.value()
        if high <= low:  # keep the last good range until both ends make sense again
            return
        self.x = np.linspace(low, high, GRID_POINTS)
        self.cursor_x = float(np.clip(self.cursor_x, low, high))
        self.redraw()

    def _set_alpha(self, name: str, value: float):
        self.alphas[name] = float(value)
        self.redraw()

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self):
        shown = self.shown()
        with_derivative = self.show_derivative.isChecked()
        low, high = [], []
        self.legend.clear()
        for name, (f_item, df_item) in self.curves.items():
            visible = name in shown
            f_item.setVisible(visible)
            df_item.setVisible(visible and with_derivative)
            if not visible:
                self._shade(name, [])
                continue
            act = self.activation(name)
            with np.errstate(all="ignore"):
                fx = np.asarray(act.f(self.x), dtype=np.float64)
                dfx = np.asarray(act.df(self.x), dtype=np.float64)
            fx, dfx = np.broadcast_to(fx, self.x.shape), np.broadcast_to(dfx, self.x.shape)
            f_item.setData(self.x, _finite_or_nan(fx))
            df_item.setData(self.x, _finite_or_nan(dfx))
            self.legend.addItem(f_item, tr(LABELS[name]))  # the custom formula is written out below the plot
            self._shade(name, labs.saturated_intervals(self.x, dfx) if self.shade.isChecked() else [])
            for values in (fx, dfx) if with_derivative else (fx,):
                finite = values[np.isfinite(values)]
                if finite.size:
                    low.append(finite.min())
                    high.append(finite.max())
        self._fit_view(low, high)
        self._update_formulas(shown)
        self.set_cursor(self.cursor_x)

    def _shade(self, name: str, intervals):
        """One light band per saturated interval, in the curve's colour (items are reused)."""
        bands = self.shading[name]
        color = COLORS[name]
        while len(bands) < len(intervals):
            band = pg.LinearRegionItem(orientation="vertical", movable=False,
                                       brush=pg.mkBrush(*color, SHADE_ALPHA), pen=pg.mkPen(None))
            band.setZValue(-10)
            self.plot.addItem(band, ignoreBounds=True)
            bands.append(band)
        for band, interval in zip(bands, intervals):
            band.setRegion(interval)
            band.show()
        for band in bands[len(intervals):]:
            band.hide()

    def _fit_view(self, low, high):
        lo = min(min(low, default=0.0), 0.0)
        hi = max(max(high, default=1.0), 1.0)
        lo, hi = max(lo, -100.0), min(hi, 100.0)  # a runaway custom curve leaves the plot instead
        pad = 0.06 * (hi - lo)
        self.plot.setXRange(self.x[0], self.x[-1], padding=0)
        self.plot.setYRange(lo - pad, hi + pad, padding=0)

    def _update_formulas(self, shown):
        rows = []
        for name in shown:
            act = self.activation(name)
            derivative = act.derivative_formula
            if name == "custom":
                derivative = f"f′(x) = {getattr(act.df, 'text', '')}"
            rows.append(f"<span style='color:{hex_color(COLORS[name])}'>■</span>&nbsp; "
                        f"{html.escape(_shorten(act.formula, 70))} &nbsp;&nbsp;·&nbsp;&nbsp; "
                        f"{html.escape(_shorten(derivative, 70))}")
        self.formulas.setText("<br>".join(rows) if rows else self.tr("Tick an activation to plot it."))

    def set_cursor(self, x: float):
        """Move the read-out to ``x``: f(x) and f′(x) of every shown activation, from the core."""
        self.cursor_x = float(x)
        self.cursor_line.setPos(self.cursor_x)
        points, cells = [], []
        point = np.array([self.cursor_x])
        for name in self.shown():
            act = self.activation(name)
            with np.errstate(all="ignore"):
                fx = float(np.broadcast_to(act.f(point), (1,))[0])
                dfx = float(np.broadcast_to(act.df(point), (1,))[0])
            color = hex_color(COLORS[name])
            brush = pg.mkBrush(*COLORS[name])
            points.append({"pos": (self.cursor_x, fx), "brush": brush})
            if self.show_derivative.isChecked():
                points.append({"pos": (self.cursor_x, dfx), "brush": brush, "symbol": "d"})
            cells.append(f"<span style='color:{color}'>■&nbsp;<b>{_unbroken(tr(LABELS[name]))}</b></span>&nbsp;"
                         + _unbroken(f"f = {_number(fx)}, f′ = {_number(dfx)}"))
        finite = [p for p in points if np.isfinite(p["pos"][1])]
        self.cursor_dots.setData(finite)
        self.readout.setText(f"<b>x = {self.cursor_x:.3f}</b> &nbsp;·&nbsp; " + " &nbsp;·&nbsp; ".join(cells))

    def _on_mouse_moved(self, pos):
        if self.plot.vb.sceneBoundingRect().contains(pos):
            x = self.plot.vb.mapSceneToView(pos).x()
            self.set_cursor(float(np.clip(x, self.x[0], self.x[-1])))

    # -- custom activation ------------------------------------------------------------------------

    def plot_custom(self) -> bool:
        """Parse the field and plot it; on any problem say so under the field and leave the plot as it was."""
        text = self.custom_field.text()
        try:
            act = activations.get("custom", expression=text)
        except ConfigError as exc:
            self._say(_user_message(exc), "error")
            return False
        self.custom_activation = act
        self.redraw()
        with np.errstate(all="ignore"):
            finite = np.isfinite(np.broadcast_to(act.f(self.x), self.x.shape))
        if not finite.any():
            self._say(self.tr("f is not finite anywhere on [{low:g}, {high:g}]: nothing to draw here.").format(
                low=self.x[0], high=self.x[-1]), "note")
        elif not finite.all():
            self._say(self.tr("f is not finite at some x in this range (gaps in the curve)."), "note")
        else:
            self._say("", "ok")
        return True

    def remove_custom(self):
        self.custom_activation = None
        self._say("", "ok")
        self.redraw()

    def use_in_network(self) -> bool:
        """Give every hidden layer the custom activation (via the controller); problems are shown inline."""
        if not self.plot_custom():
            return False
        text = self.custom_activation.params["expression"]
        experiment = self.controller.experiment
        hidden = [layer for layer in experiment["network"]["layers"][:-1]
                  if layer.get("type", "dense") in ("dense", "conv2d")]
        if not hidden:
            self._say(self.tr("The network has no hidden layers to use it in."), "error")
            return False
        for layer in hidden:
            layer.pop("alpha", None)
            layer.update(activation="custom", expression=text)
        try:
            self.controller.apply_experiment(experiment)
        except ConfigError as exc:
            self._say(self.tr("Not applied: {reason}").format(reason=exc), "error")
            return False
        self._say(self.tr("f(x) = {f} is now the activation of %n hidden layer(s).", "", len(hidden)).format(
            f=text), "ok")
        return True

    def _say(self, message: str, kind: str):
        """A message under the field: "error" (red), "note" (orange) or "ok" (green)."""
        self.message_kind = kind
        self.custom_message.setText(message)
        self.custom_message.setStyleSheet(f"color: {MESSAGE_COLORS[kind]}; font-weight: bold;")
        self.custom_message.setVisible(bool(message))

    @property
    def custom_error(self) -> str:
        """The red message under the field ('' when the last expression was accepted)."""
        return self.custom_message.text() if self.message_kind == "error" else ""

    def csv_tables(self) -> dict:
        """What is plotted, for File › Export as CSV: x, f(x) and f′(x) of every shown activation."""
        tables = {}
        for name in self.shown():
            x, fx = self.curves[name][0].getData()
            _, dfx = self.curves[name][1].getData()
            title = LABELS[name] if name != "custom" else f"custom: {self.custom_activation.params['expression']}"
            tables[title] = (["x", "f(x)", "f′(x)"], [[float(a), float(b), float(c)] for a, b, c in zip(x, fx, dfx)])
        return tables

    def changeEvent(self, event):
        if event.type() == QEvent.ApplicationFontChange:
            readable_font(self)
        super().changeEvent(event)


def _unbroken(text: str) -> str:
    """HTML for ``text`` that never wraps inside (the read-out wraps only between activations)."""
    return html.escape(text).replace(" ", "&nbsp;")


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, np.nan)


def _number(value: float) -> str:
    """A read-out number, or "undefined" where f or f′ is NaN or infinite there."""
    return fmt(value, 4) if np.isfinite(value) else tr("undefined")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _user_message(exc: ConfigError) -> str:
    """The parser's message without the config field name in front ('activation: …')."""
    return str(exc).removeprefix(f"{exc.field}: ")
