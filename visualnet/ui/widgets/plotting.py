"""The shared look of every pyqtgraph plot: projector-legible fonts, dark axes, light grid."""

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

MIN_FONT_PT = 11
LEFT_AXIS_WIDTH = 78


def readable_font(widget: QWidget, minimum: float = MIN_FONT_PT):
    """The application font, at least ``minimum`` points: legible on a projector."""
    font = QApplication.font()
    font.setPointSizeF(max(minimum, font.pointSizeF()))
    widget.setFont(font)


def style_plot(plot: pg.PlotItem, title: str | None, xlabel: str | None, ylabel: str | None):
    """Title 13 pt, axis labels 12 pt, tick labels 11 pt, dark 1.5 px axes and a light grid."""
    if title is not None:
        plot.setTitle(title, size="13pt", color="#212529")
    tick_font = QFont()
    tick_font.setPointSize(11)
    for axis in ("left", "bottom"):
        item = plot.getAxis(axis)
        item.setTickFont(tick_font)
        item.setPen(pg.mkPen((60, 60, 60), width=1.5))
        item.setTextPen(pg.mkPen((40, 40, 40)))
        item.enableAutoSIPrefix(False)  # "10⁻³", never "1 (×0.001)"
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)  # room for the label; no jitter as tick labels change
    for axis, label in (("bottom", xlabel), ("left", ylabel)):
        if label is not None:
            plot.setLabel(axis, label, **{"font-size": "12pt", "color": "#212529"})
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.hideButtons()
