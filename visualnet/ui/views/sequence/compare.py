"""RNN against LSTM on the same long-range data (:mod:`visualnet.core.sequence_lab`), trained in a thread:
their ‖∂L/∂h_t‖ over t before training — the plain RNN's vanish long before the first step, so nothing
teaches it to keep the first symbol — and the accuracies each reaches."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from visualnet.core import recurrent, sequence_lab
from visualnet.core.errors import ConfigError
from visualnet.ui import colors
from visualnet.ui.thread_job import ThreadJob
from visualnet.ui.views.sequence.bptt import decade_ticks, log_bars
from visualnet.ui.widgets.plotting import css, scaled_font, style_plot

KIND_COLORS = {"rnn": colors.NEGATIVE, "lstm": colors.POSITIVE, "gru": (46, 160, 67)}
KIND_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


class ComparePanel(QWidget):
    """A button that trains both cells, and their gradient norms through time side by side."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.worker = ThreadJob(self)
        self.worker.finished.connect(self._on_finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(tr("Train an RNN and an LSTM on this data"))
        self.button.setToolTip(tr("Trains a plain RNN and an LSTM on the same data, batches and seed "
                                  "({steps} steps each, in the background) and compares how much of the "
                                  "loss's gradient reaches the first time step.").replace(
                                      "{steps}", str(sequence_lab.STEPS)))
        self.button.clicked.connect(self.start)
        layout.addWidget(self.button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setFont(scaled_font(11))
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        layout.addWidget(self.status)
        self.plot = pg.PlotWidget(background="w")
        self.plot_item = self.plot.getPlotItem()
        style_plot(self.plot_item, tr("‖∂L/∂hₜ‖ before training"), tr("time step t"), None)
        self.plot_item.getAxis("left").setWidth(52)
        self.legend = self.plot_item.addLegend(offset=(-4, 4), labelTextSize=css(12))
        layout.addWidget(self.plot, 1)
        self.bars = {}
        self.runs = None

    def start(self):
        try:
            experiment = self.controller.experiment
            first = experiment["network"]["layers"][0]
            if first.get("type") not in recurrent.KINDS:
                raise ConfigError("network.layers[0]", tr("the first layer must be recurrent to compare cells"))
        except ConfigError as exc:
            self.status.setText(str(exc))
            return
        self.button.setEnabled(False)
        self.status.setText(tr("Training an RNN and an LSTM on the same data…"))
        self.worker.start(lambda run: sequence_lab.compare_memory(experiment, sequence_lab.STEPS,
                                                                   should_cancel=run.cancelled))

    def _on_finished(self, runs, error: str):
        self.button.setEnabled(True)
        if runs is None:
            self.status.setText(error)
            return
        self.show_runs(runs)

    def show_runs(self, runs: dict):
        self.runs = runs
        for item in self.bars.values():
            self.plot_item.removeItem(item)
        self.legend.clear()
        self.bars = {}
        norms = np.concatenate([r.dh_norm_start for r in runs.values()])
        positive = norms[norms > 0]
        low = math.floor(np.log10(positive.min())) if positive.size else -3
        high = max(low + 1, math.ceil(np.log10(positive.max())) if positive.size else 0)
        width = 0.8 / len(runs)
        parts = []
        for k, (kind, run) in enumerate(runs.items()):
            t = np.arange(1, len(run.dh_norm_start) + 1) + (k - (len(runs) - 1) / 2) * width
            item = pg.BarGraphItem(x=t, height=log_bars(run.dh_norm_start, low), y0=low, width=width,
                                   brush=pg.mkBrush(*KIND_COLORS[kind]), pen=None)
            self.plot_item.addItem(item)
            self.legend.addItem(item, tr("{kind}: test accuracy {acc}").replace("{kind}", KIND_NAMES[kind])
                                .replace("{acc}", f"{100 * run.test_accuracy:.0f} %"))
            self.bars[kind] = item
            start = run.dh_norm_start
            parts.append(tr("{kind}: ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ = {ratio}").replace("{kind}", KIND_NAMES[kind])
                         .replace("{ratio}", f"{start[0] / start[-1]:.2g}"))
        self.plot_item.setYRange(low, high, padding=0.02)
        self.plot_item.getAxis("left").setTicks(decade_ticks(low, high))
        self.status.setText(" · ".join(parts) + "  " + tr("(before training; the loss is at the last step)"))
        self.status.setTextFormat(Qt.PlainText)
