"""Training curves: loss (batch, train, test) and accuracy (train, test) against the step, live.

Curves are persistent PlotDataItems updated with setData from the trainer's bounded history; redraws
are throttled to ~30 per second with a trailing update, so the last state is always drawn.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from visualnet.ui import colors
from visualnet.ui.widgets.plotting import style_plot

CURVES = {  # name: (plot, label, colour, width, history series)
    "batch_loss": ("loss", "batch loss", (160, 160, 160), 1.5, "train_loss"),
    "train_loss": ("loss", "train loss", colors.POSITIVE, 3.0, "train_eval_loss"),
    "test_loss": ("loss", "test loss", colors.NEGATIVE, 3.0, "test_loss"),
    "train_accuracy": ("accuracy", "train accuracy", colors.POSITIVE, 3.0, "train_accuracy"),
    "test_accuracy": ("accuracy", "test accuracy", colors.NEGATIVE, 3.0, "test_accuracy"),
}
MIN_INTERVAL_MS = 33


class TrainingView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.summary = QLabel()
        font = QFont()
        font.setPointSize(13)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window
        header.addWidget(self.summary, 1)
        self.log_y = QCheckBox("log scale")
        self.log_y.setToolTip("Show the loss on a logarithmic axis, where late, small improvements stay visible.")
        self.log_y.toggled.connect(lambda on: self.loss_plot.setLogMode(False, on))
        header.addWidget(self.log_y)
        layout.addLayout(header)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        self.loss_plot = self._plot(0, "loss", "L")
        self.accuracy_plot = self._plot(1, "accuracy", "accuracy")
        self.accuracy_plot.setYRange(0, 1.02)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.curves = {}
        for name, (plot, label, color, width, _) in CURVES.items():
            target = self.loss_plot if plot == "loss" else self.accuracy_plot
            self.curves[name] = target.plot([], [], name=label, pen=pg.mkPen(color, width=width))
        self._dirty = True
        self._timer = QTimer(self, singleShot=True, interval=MIN_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        controller.stepped.connect(self._on_stepped)
        controller.reset.connect(self.refresh)
        self.refresh()

    def _plot(self, row, title, ylabel):
        plot = self.plots.addPlot(row=row, col=0)
        style_plot(plot, title, "training step", ylabel)
        plot.addLegend(offset=(-10, 10), labelTextSize="11pt")
        return plot

    def _on_stepped(self):
        if not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self):
        if not self.isVisible():  # hidden tabs cost nothing during play; they redraw when shown
            self._dirty = True
            return
        self._dirty = False
        history = self.controller.trainer.history
        for name, (_, _, _, _, series) in CURVES.items():
            self.curves[name].setData(*getattr(history, series).arrays())
        self.summary.setText(self._summary_text(history))

    def _summary_text(self, history) -> str:
        t = self.controller.trainer
        parts = [f"step {t.step_count}", f"epoch {t.epoch}"]
        for label, series in (("batch loss", history.train_loss), ("test loss", history.test_loss),
                              ("train acc", history.train_accuracy), ("test acc", history.test_accuracy)):
            value = series.last()
            if value is not None and not (isinstance(value, float) and math.isnan(value)):
                parts.append(f"{label} {value:.4g}")
        return "   ·   ".join(parts)

    def curve_data(self, name):
        x, y = self.curves[name].getData()
        return (np.array([]) if x is None else x), (np.array([]) if y is None else y)
