"""What the network predicts for the traced sample: text for a character task ("hihell" → "ihello"), a
plot of input, target and prediction over t for a sequence of values (the sine wave)."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from visualnet.ui import colors
from visualnet.ui.views.sequence.model import SequenceFrame, predicted_labels
from visualnet.ui.widgets.plotting import css, line, scaled_font, style_plot

RIGHT, WRONG = "#2e7d32", "#c62828"


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


def labels_text(labels, vocabulary: str) -> list[str]:
    return [vocabulary[int(k)] if 0 <= int(k) < len(vocabulary) else "?" for k in np.ravel(labels)]


def input_text(x, vocabulary: str) -> list[str]:
    """Each step's one-hot input as its character; other inputs as their first value."""
    x = np.asarray(x)
    if vocabulary and x.shape[-1] == len(vocabulary):
        return labels_text(x.argmax(axis=-1), vocabulary)
    return [f"{v:.3g}" for v in x[:, 0]]


class TextPredictions(QLabel):
    """input → prediction (green where it matches the target, red where not) and the target."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFont(scaled_font(14))
        self.setTextFormat(Qt.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.predicted = ""  # the prediction shown, as plain text (tests)

    def show_frame(self, frame: SequenceFrame, vocabulary: str):
        if not frame.traced:
            self.predicted = ""
            self.setText(tr("Predictions appear once a step is traced: press “time step ▶”."))
            return
        shown_input = "".join(input_text(frame.x, vocabulary))
        target = labels_text(frame.target, vocabulary)
        predicted = predicted_labels(frame) if frame.output_known else None
        if predicted is None:
            self.predicted = ""
            guess = "<span style='color:#888'>" + html.escape(tr("(after the output layer)")) + "</span>"
        else:
            chars = labels_text(predicted, vocabulary)
            self.predicted = "".join(chars)
            guess = "".join(f"<span style='color:{RIGHT if c == t else WRONG}'>{html.escape(c)}</span>"
                            for c, t in zip(chars, target))
        self.setText(tr("input <b>{x}</b> → predicted <b>{y}</b> &nbsp; (target <b>{t}</b>)")
                     .replace("{x}", html.escape(shown_input)).replace("{y}", guess)
                     .replace("{t}", html.escape("".join(target))))


class ValuePredictions(pg.PlotWidget):
    """x_t, the target (the next value) and y_t over t for one sample."""

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        item = self.getPlotItem()
        style_plot(item, tr("prediction of the next value"), tr("time step t"), None)
        item.getAxis("left").setWidth(44)
        legend = item.addLegend(offset=(4, 4), labelTextSize=css(12))
        self.input = item.plot([], [], pen=pg.mkPen((150, 150, 150), width=line(1.5)))
        self.target = item.plot([], [], pen=pg.mkPen(colors.POSITIVE, width=line(2.5)))
        self.output = item.plot([], [], pen=pg.mkPen(colors.NEGATIVE, width=line(2.5), style=Qt.DashLine),
                                symbol="o", symbolSize=6, symbolBrush=colors.NEGATIVE, symbolPen=None)
        legend.addItem(self.input, "x_t")
        legend.addItem(self.target, tr("target x_{t+1}"))
        legend.addItem(self.output, "y_t")

    def show_frame(self, frame: SequenceFrame):
        if not frame.traced:
            for curve in (self.input, self.target, self.output):
                curve.setData([], [])
            return
        t = np.arange(1, frame.steps + 1)
        self.input.setData(t, np.asarray(frame.x)[:, 0])
        target = np.asarray(frame.target, dtype=float).reshape(-1)
        self.target.setData(t[-len(target):], target)
        if frame.output_known and frame.y is not None:
            y = np.asarray(frame.y).reshape(-1)
            self.output.setData(t[-len(y):], y)
        else:
            self.output.setData([], [])
