"""Training curves: loss (batch, train, test) and accuracy (train, test) against the step, live.

Curves are persistent PlotDataItems updated with setData from the trainer's bounded history. Redraws
are throttled to ~30 per second by a single-shot timer that draws the newest state when it fires, so
the last state is always drawn; a hidden tab only notes that it is stale and redraws when shown.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from visualnet.core import losses
from visualnet.ui import colors
from visualnet.ui.i18n import core_text, tr
from visualnet.ui.widgets.plotting import css, scaled_font, style_plot
from visualnet.ui.widgets.throttle import Throttle

BATCH_GREY = (170, 170, 170)
CURVES = {  # name: (plot, legend label (in English; translated when shown), colour, width, history series)
    "batch_loss": ("loss", QT_TR_NOOP("batch loss (every step)"), BATCH_GREY, 2.0, "train_loss"),
    "train_loss": ("loss", QT_TR_NOOP("train loss (whole set)"), colors.POSITIVE, 3.5, "train_eval_loss"),
    "test_loss": ("loss", QT_TR_NOOP("test loss"), colors.NEGATIVE, 3.5, "test_loss"),
    "train_accuracy": ("accuracy", QT_TR_NOOP("train accuracy"), colors.POSITIVE, 3.5, "train_accuracy"),
    "test_accuracy": ("accuracy", QT_TR_NOOP("test accuracy"), colors.NEGATIVE, 3.5, "test_accuracy"),
}
MIN_INTERVAL_MS = 33  # at most ~30 redraws a second while training plays
LEGEND_TEXT = "#212529"
ACCURACY_TICKS = [[(v, f"{v:g}") for v in (0, 0.2, 0.4, 0.6, 0.8, 1.0)], []]


class TrainingView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.summary = QLabel()
        font = scaled_font(13)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window
        self.summary.setToolTip(self.tr("Batch loss: the mini-batch just trained on. Train and test loss and "
                                        "accuracy: the whole sets, evaluated every few steps."))
        header.addWidget(self.summary, 1)
        self.log_y = QCheckBox(self.tr("log scale"))
        self.log_y.setToolTip(self.tr("Show the loss on a logarithmic axis, where late, small improvements stay "
                                      "visible."))
        self.log_y.setFont(font)
        self.log_y.toggled.connect(self._on_log_y_toggled)
        header.addWidget(self.log_y)
        layout.addLayout(header)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        self.loss_plot = self._plot(0, self.tr("loss"), "L")
        self.accuracy_plot = self._plot(1, self.tr("accuracy"), self.tr("accuracy"))
        self.accuracy_plot.setYRange(0, 1, padding=0.04)
        self.accuracy_plot.getAxis("left").setTicks(ACCURACY_TICKS)
        self.accuracy_plot.setXLink(self.loss_plot)
        # the learning rate each step used, under the loss it shaped: only while a schedule sets it
        self.lr_plot = self._plot(2, self.tr("learning rate"), "lr")
        self.lr_plot.setXLink(self.loss_plot)
        self.lr_curve = self.lr_plot.plot([], [], pen=pg.mkPen(colors.POSITIVE, width=3.0))
        # the loss falls and accuracy rises: legends where their curves usually are not
        self.legends = {"loss": self._legend(self.loss_plot, (-10, 10)),
                        "accuracy": self._legend(self.accuracy_plot, (-10, -10))}
        self.curves = {}
        for name, (plot, _label, color, width, _series) in CURVES.items():
            target = self.loss_plot if plot == "loss" else self.accuracy_plot
            self.curves[name] = target.plot([], [], pen=pg.mkPen(color, width=width))
        self.throttle = Throttle(self, "refresh", MIN_INTERVAL_MS)
        controller.stepped.connect(self.throttle.request)
        controller.reset.connect(self._on_reset)
        controller.configChanged.connect(self._on_schedule_changed)  # a schedule comes or goes with the weights kept
        self._on_reset()

    def _plot(self, row, title, ylabel):
        plot = self.plots.addPlot(row=row, col=0, axisItems={"left": _LossAxis("left")})
        style_plot(plot, title, self.tr("training step"), ylabel)
        return plot

    def _legend(self, plot, offset):
        legend = pg.LegendItem(offset=offset, labelTextSize=css(12), labelTextColor=LEGEND_TEXT,
                               brush=pg.mkBrush(255, 255, 255, 215), pen=pg.mkPen(200, 200, 200))
        legend.setParentItem(plot.vb)
        return legend

    # -- reacting to the controller --------------------------------------------------------------

    def _on_reset(self):
        """New network or data: the right plots and legend entries for this experiment, then a redraw."""
        experiment = self.controller.session.experiment
        loss_name = experiment["network"].get("loss")
        self.loss_plot.setTitle(self.tr("loss L — {name}").format(name=core_text(losses.TITLES.get(loss_name, loss_name))),
                                size=css(13), color="#212529")
        has_test = self.controller.session.test is not None
        classifies = self.controller.session.data.kind != "regression"  # regression has no accuracy
        shown = {"batch_loss": True, "train_loss": True, "test_loss": has_test,
                 "train_accuracy": classifies, "test_accuracy": classifies and has_test}
        for legend in self.legends.values():
            legend.clear()
        for name, (plot, label, *_rest) in CURVES.items():
            self.curves[name].setVisible(shown[name])
            if shown[name]:
                self.legends[plot].addItem(self.curves[name], tr(label))
        self._show_accuracy_plot(classifies)
        self._on_schedule_changed()

    def _show_accuracy_plot(self, show: bool):
        present = self.accuracy_plot in self.plots.ci.items
        if show and not present:
            self.plots.addItem(self.accuracy_plot, row=1, col=0)
        elif not show and present:
            self.plots.removeItem(self.accuracy_plot)
        self.accuracy_plot.setVisible(show)

    def _on_schedule_changed(self):
        schedule = self.controller.trainer.schedule  # None for the constant lr
        self._show_plot(self.lr_plot, 2, schedule is not None)
        if schedule is not None:
            self.lr_plot.setTitle(self.tr("learning rate — {name} schedule").format(name=schedule.name.replace("_", " ")),
                                  size=css(13), color="#212529")
        self.refresh()

    def _show_plot(self, plot, row: int, show: bool):
        present = plot in self.plots.ci.items
        if show and not present:
            self.plots.addItem(plot, row=row, col=0)
        elif not show and present:
            self.plots.removeItem(plot)
        plot.setVisible(show)

    def _on_log_y_toggled(self, on: bool):
        self.loss_plot.setLogMode(False, on)
        self.loss_plot.getAxis("left").setLabel(self.tr("L (log scale)") if on else "L",
                                                **{"font-size": css(12), "color": "#212529"})

    def showEvent(self, event):
        super().showEvent(event)
        self.throttle.shown()

    # -- drawing ----------------------------------------------------------------------------------

    def refresh(self):
        """Draw the trainer's history now (the throttled path calls this; so may anyone)."""
        history = self.controller.trainer.history
        for name, (_plot, _label, _color, _width, series) in CURVES.items():
            steps, values = getattr(history, series).arrays()
            if self.curves[name].isVisible():
                self.curves[name].setData(steps, values)
            else:
                self.curves[name].setData([], [])
        steps, values = history.lr.arrays()
        if self.lr_plot.isVisible():
            self.lr_curve.setData(steps, values)
        else:
            self.lr_curve.setData([], [])
        self.summary.setText(self._summary_html(history))

    def _summary_html(self, history) -> str:
        t = self.controller.trainer
        parts = [self.tr("step <b>{n}</b>").format(n=t.step_count), self.tr("epoch <b>{n}</b>").format(n=t.epoch)]
        blue, orange = (_hex(colors.POSITIVE), _hex(colors.NEGATIVE))
        for label, series, color, percent in (
                (self.tr("batch loss"), history.train_loss, "#6c757d", False),
                (self.tr("train loss"), history.train_eval_loss, blue, False),
                (self.tr("test loss"), history.test_loss, orange, False),
                (self.tr("train acc"), history.train_accuracy, blue, True),
                (self.tr("test acc"), history.test_accuracy, orange, True)):
            value = series.last()
            if value is None or not math.isfinite(float(value)):
                continue
            number = f"{100 * value:.1f} %" if percent else f"{value:.4g}"
            parts.append(f"{label} <b><span style='color:{color}'>{number}</span></b>")
        return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts)

    # -- for tests and export ----------------------------------------------------------------------

    def curve_data(self, name):
        """(steps, values) given to the curve ``name`` (not the log-mapped or downsampled display)."""
        x, y = self.curves[name].getOriginalDataset()
        return (np.array([]) if x is None else np.asarray(x)), (np.array([]) if y is None else np.asarray(y))

    def csv_tables(self) -> dict:
        """Every drawn curve as a table of (step, value): the values given, also on a log axis."""
        tables = {}
        for name, (plot, label, *_rest) in CURVES.items():
            steps, values = self.curve_data(name)
            if len(steps):
                tables[f"{plot}: {label.split(' (')[0]}"] = (
                    ["step", plot], [[int(s), float(v)] for s, v in zip(steps, values)])
        steps, values = self.lr_data()
        if len(steps):
            tables["learning rate"] = (["step", "lr"], [[int(s), float(v)] for s, v in zip(steps, values)])
        return tables

    def lr_data(self):
        """(steps, lr) given to the learning-rate curve (empty without a schedule)."""
        x, y = self.lr_curve.getOriginalDataset()
        return (np.array([]) if x is None else np.asarray(x)), (np.array([]) if y is None else np.asarray(y))


class _LossAxis(pg.AxisItem):
    """On a log scale, ticks in three levels — decades, then 2 and 5, then the rest — so that labels
    thin out by importance when they would overlap (pyqtgraph puts all nine per decade in one level,
    whose labels are always drawn and collide at projector font sizes)."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        levels = ([], [], [])
        for decade in range(int(np.floor(minVal)), int(np.ceil(maxVal)) + 1):
            for multiple in range(1, 10):
                value = decade + math.log10(multiple)
                if minVal <= value <= maxVal:
                    levels[0 if multiple == 1 else 1 if multiple in (2, 5) else 2].append(value)
        return [(1.0, levels[0]), (None, levels[1]), (None, levels[2])]


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
