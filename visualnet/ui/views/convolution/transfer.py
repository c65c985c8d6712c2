"""Transfer learning, raced: conv layers pretrained on other shape classes and frozen, a new head trained on the
lesson's classes, against the same network trained from scratch on the same batches — test accuracy against
steps for both (:func:`visualnet.core.labs.transfer_comparison`), computed in a thread, cancellable."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from visualnet.core import labs
from visualnet.ui import colors
from visualnet.ui.thread_job import ThreadJob
from visualnet.ui.widgets.plotting import css, line, scaled_font, style_plot

TRANSFERRED, SCRATCH = colors.POSITIVE, colors.NEGATIVE


class TransferPanel(QWidget):
    """A button that runs (or cancels) the comparison, a sentence with the result, and both accuracy curves."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.pretrain_steps, self.steps, self.every = 300, 60, 5  # tests make them small
        self.result = None
        self.busy = False  # from start until the result, the error or the cancellation is back
        self.worker = ThreadJob(self)
        self.worker.finished.connect(self._on_finished)
        self.worker.cancelled.connect(self._on_cancelled)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setFont(scaled_font(11))
        self.intro.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.button = QPushButton()
        self.button.clicked.connect(self._on_button)
        row.addWidget(self.button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setFont(scaled_font(11))
        self.status.setTextFormat(Qt.PlainText)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.plot = pg.PlotWidget(background="w")
        self.plot_item = self.plot.getPlotItem()
        self._style()
        self.plot_item.setYRange(0, 100, padding=0.02)
        self.legend = self.plot_item.addLegend(offset=(-10, -10), labelTextSize=css(11), labelTextColor="#212529")
        self.curves = {}
        for key, color in (("transferred", TRANSFERRED), ("scratch", SCRATCH)):
            self.curves[key] = self.plot_item.plot([], [], pen=pg.mkPen(color, width=line(2.5)), symbol="o",
                                                   symbolSize=6, symbolBrush=pg.mkBrush(*color), symbolPen=None)
        layout.addWidget(self.plot, 1)
        controller.reset.connect(self._on_reset)
        controller.configChanged.connect(lambda: self.intro.setText(self._intro()))  # "trainable" toggled
        self._set_idle()

    def _style(self):
        style_plot(self.plot_item, self.tr("Test accuracy after the same training steps"), self.tr("training steps"),
                   self.tr("test accuracy (%)"))

    def set_text_scale(self):
        """Presentation mode changed: the plot's fonts and the sentences follow."""
        self._style()
        self.legend.setLabelTextSize(css(11))
        if self.result is not None:
            self.show_result(self.result)  # the legend's labels are made anew at the new size
        for label in (self.intro, self.status):
            label.setFont(scaled_font(11))
        for key, color in (("transferred", TRANSFERRED), ("scratch", SCRATCH)):
            self.curves[key].setPen(pg.mkPen(color, width=line(2.5)))

    # -- running --------------------------------------------------------------------------------------

    def start(self):
        """Run the comparison on the session's experiment (its frozen layers are the ones transferred)."""
        self.result = None
        self.busy = True
        self._clear_curves()
        experiment, pretrain_steps, steps, every = self.controller.experiment, self.pretrain_steps, self.steps, self.every
        self.worker.start(lambda run: labs.transfer_comparison(
            experiment, pretrain_steps=pretrain_steps, steps=steps, every=every, should_cancel=run.cancelled))
        self.button.setText(self.tr("Cancel"))
        self.status.setText(self.tr("Pretraining on the source classes for {n} steps, then training both networks "
                                    "for {m} steps on the same batches…").format(n=self.pretrain_steps, m=self.steps))

    def cancel(self):
        self.worker.cancel()

    def _on_button(self):
        if self.busy:
            self.cancel()
        else:
            self.start()

    def _on_finished(self, result, error: str):
        self._set_idle()
        if result is None:
            self.status.setText(error)
            return
        self.show_result(result)

    def _on_cancelled(self):
        self._set_idle()
        self.status.setText(self.tr("Cancelled."))

    def _on_reset(self):
        """A new network or experiment: a running comparison is of the old one."""
        if self.busy:
            self.cancel()
        self.result = None
        self._clear_curves()
        self._set_idle()
        self.status.setText("")

    def _set_idle(self):
        self.busy = False
        self.button.setText(self.tr("Run the comparison"))
        self.button.setToolTip(self.tr("Pretrain, freeze, transfer, and race against training from scratch, in the "
                                       "background (about a second). Press again to cancel."))
        self.intro.setText(self._intro())

    def _intro(self) -> str:
        frozen = [info for info in self.controller.layers if not info.trainable]
        if not frozen:
            return self.tr('No layer is frozen: set "trainable" off for the conv layers to transfer (the '
                           'transfer_learning lesson does), then run the comparison.')
        names = ", ".join(str(info.index + 1) for info in frozen)
        return self.tr("1. A copy of this network learns other classes (bars and diagonals) for {n} steps. "
                       "2. Its frozen layers ({layers}) are copied here and stay fixed; only the rest learns the "
                       "lesson's classes. 3. The same network, every layer trainable, learns them from scratch. "
                       "Both see the same batches.").format(n=self.pretrain_steps, layers=names)

    # -- showing ----------------------------------------------------------------------------------------

    def _clear_curves(self):
        for curve in self.curves.values():
            curve.setData([], [])
        self.legend.clear()

    def show_result(self, result: labs.TransferComparison):
        self.result = result
        self.legend.clear()
        names = {"transferred": self.tr("transferred (frozen conv, new head)"),
                 "scratch": self.tr("from scratch (every layer trained)")}
        for key, curve in self.curves.items():
            values = 100 * np.asarray(getattr(result, key), dtype=float)
            curve.setData(np.asarray(result.steps, dtype=float), values)
            self.legend.addItem(curve, names[key])
        self.plot_item.setXRange(0, float(result.steps[-1]), padding=0.02)
        self.status.setText(self.tr("After {n} steps: transferred {t} %, from scratch {s} % (the pretraining "
                                    "reached {p} % on its own classes).").format(
            n=int(result.steps[-1]), t=f"{100 * result.transferred[-1]:.0f}", s=f"{100 * result.scratch[-1]:.0f}",
            p=f"{100 * result.pretrain_accuracy:.0f}"))

    def grids(self) -> dict:
        return {}  # a plot, not grids: the CSV export of the tab has nothing to add here
