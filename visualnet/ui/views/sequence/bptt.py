"""The vanishing gradient through time: ‖∂L/∂h_t‖ over t as bars (log scale), filled in from the last step
back to the first as backpropagation through time proceeds, and each step's share of ∂L/∂Wh beside them."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from visualnet.ui.views.sequence.model import SequenceFrame
from visualnet.ui.widgets.plotting import css, style_plot

DH_COLOR = (142, 68, 173)
WH_COLOR = (245, 147, 34)
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


def log_bars(values, floor: float):
    """Bar heights on a log axis drawn by hand (pyqtgraph's bars ignore log mode): log10(v) above ``floor``."""
    values = np.asarray(values, dtype=float)
    logs = np.log10(np.where(values > 0, values, np.nan))
    return np.nan_to_num(logs - floor, nan=0.0)


def decade_ticks(low: float, high: float):
    return [[(k, "10" + str(k).translate(SUPERSCRIPT)) for k in range(math.floor(low), math.ceil(high) + 1)], []]


class GradientBars(pg.PlotWidget):
    """‖∂L/∂h_t‖ (purple) and ‖step t's share of ∂L/∂Wh‖ (orange) for t = 1 … T."""

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.plot_item = self.getPlotItem()
        style_plot(self.plot_item, tr("backpropagation through time"), tr("time step t"), None)
        self.plot_item.getAxis("left").setWidth(52)
        self.legend = self.plot_item.addLegend(offset=(-4, 4), labelTextSize=css(12))
        self.dh_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=pg.mkBrush(*DH_COLOR), pen=None)
        self.wh_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=pg.mkBrush(*WH_COLOR), pen=None)
        self.plot_item.addItem(self.dh_bars)
        self.plot_item.addItem(self.wh_bars)
        self.legend.addItem(self.dh_bars, "‖∂L/∂hₜ‖")
        self.legend.addItem(self.wh_bars, tr("‖share of ∂L/∂Wh‖"))
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((142, 68, 173, 120), width=8))
        self.plot_item.addItem(self.marker)
        self.shown_dh = np.array([])  # the norms drawn, step 1 first; NaN where not reached yet
        self.shown_wh = np.array([])

    def show_frame(self, frame: SequenceFrame):
        steps = frame.steps
        t = np.arange(1, steps + 1)
        if not frame.traced or frame.dh_norm is None:
            self.shown_dh = self.shown_wh = np.full(steps, np.nan)
        else:
            reached = t - 1 >= frame.backward_from
            self.shown_dh = np.where(reached, frame.dh_norm, np.nan)
            self.shown_wh = np.where(reached, frame.wh_step_norms(), np.nan)
        known = [v for v in (frame.dh_norm, frame.wh_step_norms() if frame.wh_step is not None else None)
                 if v is not None]
        positive = np.concatenate([np.asarray(v)[np.asarray(v) > 0] for v in known]) if known else np.array([])
        low = math.floor(np.log10(positive.min())) if positive.size else -3
        high = math.ceil(np.log10(positive.max())) if positive.size else 0
        high = max(high, low + 1)
        self.dh_bars.setOpts(x=t - 0.2, height=log_bars(self.shown_dh, low), y0=low)
        self.wh_bars.setOpts(x=t + 0.2, height=log_bars(self.shown_wh, low), y0=low)
        self.plot_item.setYRange(low, high, padding=0.02)
        self.plot_item.getAxis("left").setTicks(decade_ticks(low, high))
        self.plot_item.setXRange(0.4, steps + 0.6, padding=0)
        back = frame.phase == "backward" and frame.step is not None
        self.marker.setVisible(back)
        if back:
            self.marker.setValue(frame.step + 1)
