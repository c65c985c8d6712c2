"""Gate bars of the current time step: i, f, g, o (LSTM) or r, z, n (GRU), one bar per unit.

σ gates lie between 0 and 1 (0 closed, 1 open); the candidates g and n are tanh values between −1 and 1.
A plain RNN has no gates: the bars show its pre-activation z_t and h_t = tanh(z_t) instead.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from visualnet.core import recurrent
from visualnet.ui.views.sequence.model import SequenceFrame
from visualnet.ui.widgets.plotting import css, style_plot

MAX_UNITS = 8  # bars stay readable: 4 gates × 8 units; the table below lists every unit
GATE_COLORS = {"i": (8, 119, 189), "f": (245, 147, 34), "g": (46, 160, 67), "o": (142, 68, 173),
               "r": (8, 119, 189), "z": (245, 147, 34), "n": (46, 160, 67), "pre": (120, 120, 120),
               "h": (8, 119, 189)}


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


class GateBars(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.plot_item = self.getPlotItem()
        style_plot(self.plot_item, tr("gates at this step"), tr("unit"), None)
        self.plot_item.getAxis("left").setWidth(44)
        self.legend = self.plot_item.addLegend(offset=(4, 4), labelTextSize=css(12), colCount=4)
        self.bars: dict[str, pg.BarGraphItem] = {}
        self._kind = None
        self.shown: dict[str, np.ndarray] = {}  # gate → the values drawn (for tests and CSV)

    def _build(self, kind: str):
        self._kind = kind
        for item in self.bars.values():
            self.plot_item.removeItem(item)
        self.legend.clear()
        names = recurrent.GATES[kind] or ("pre", "h")
        width = 0.8 / len(names)
        self.bars = {}
        for k, name in enumerate(names):
            item = pg.BarGraphItem(x=[], height=[], width=width, brush=pg.mkBrush(*GATE_COLORS[name]), pen=None)
            item._offset = (k - (len(names) - 1) / 2) * width
            self.plot_item.addItem(item)
            label = {"pre": "z_t", "h": "h_t"}.get(name, name)
            self.legend.addItem(item, label)
            self.bars[name] = item
        self.plot_item.setYRange(-1.05, 1.7, padding=0)  # room for the legend above 1
        self.plot_item.getAxis("left").setTicks([[(v, f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)], []])

    def show_frame(self, frame: SequenceFrame):
        if frame.kind != self._kind:
            self._build(frame.kind)
        units = min(frame.units, MAX_UNITS)
        x = np.arange(1, units + 1)
        self.shown = {}
        t, _which = frame.table_step  # backward too: the gates the gradient flows back through
        for name, item in self.bars.items():
            values = None
            if t is not None:
                if name == "pre":
                    values = frame.preactivation[t][:units]
                elif name == "h":
                    values = frame.h[t][:units] if frame.state_shown(t) else None
                elif frame.gate_shown(t, name):
                    values = frame.gates[name][t][:units]
            if values is None:
                item.setOpts(x=[], height=[])
            else:
                self.shown[name] = np.asarray(values)
                item.setOpts(x=x + item._offset, height=np.clip(values, -1.05, 1.05))
        self.plot_item.setXRange(0.4, units + 0.6, padding=0)
        title = tr("gates at step t = {t}").replace("{t}", str(t + 1)) if t is not None else \
            tr("gates (step forward through time to see them)")
        if frame.units > units:
            title += " " + tr("(units 1–{n} of {all})").replace("{n}", str(units)).replace("{all}", str(frame.units))
        self.plot_item.setTitle(title, size=self.plot_item.titleLabel.opts.get("size"), color="#212529")
