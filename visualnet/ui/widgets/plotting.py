"""The shared look of every pyqtgraph plot: projector-legible fonts, dark axes, light grid."""

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

MIN_FONT_PT = 11
LEFT_AXIS_WIDTH = 78
TEXT_SCALE = 1.0  # 1.4 in presentation mode: every size below is multiplied by it


def pt(points: float) -> float:
    """A font size in points, scaled for presentation mode: use it for every size a view sets itself."""
    return points * TEXT_SCALE


def line(width: float) -> float:
    """A line width in pixels: in presentation mode 1.6× wider and at least 2 px."""
    return max(2.0, width * 1.6) if TEXT_SCALE > 1 else width


def css(points: float) -> str:
    """The same as a pyqtgraph size string, e.g. "13pt"."""
    return f"{pt(points):.3g}pt"


def scaled_font(points: float, bold: bool = False, base: QFont | None = None) -> QFont:
    """A font of ``points`` (scaled), the application's family unless ``base`` is given."""
    result = QFont(base) if base is not None else QFont()
    result.setPointSizeF(pt(points))
    result.setBold(bold)
    return result


def readable_font(widget: QWidget, minimum: float = MIN_FONT_PT):
    """The application font, at least ``minimum`` points: legible on a projector."""
    chosen = QApplication.font()
    chosen.setPointSizeF(max(pt(minimum), chosen.pointSizeF()))
    widget.setFont(chosen)


def style_plot(plot: pg.PlotItem, title: str | None, xlabel: str | None, ylabel: str | None):
    """Title 13 pt, axis labels 12 pt, tick labels 11 pt, dark 1.5 px axes and a light grid."""
    if title is not None:
        plot.setTitle(title, size=css(13), color="#212529")
    tick_font = scaled_font(11)
    for axis in ("left", "bottom"):
        item = plot.getAxis(axis)
        item.setTickFont(tick_font)
        item.setPen(pg.mkPen((60, 60, 60), width=line(1.5)))
        item.setTextPen(pg.mkPen((40, 40, 40)))
        item.enableAutoSIPrefix(False)  # "10⁻³", never "1 (×0.001)"
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)  # room for the label; no jitter as tick labels change
    for axis, label in (("bottom", xlabel), ("left", ylabel)):
        if label is not None:
            plot.setLabel(axis, label, **{"font-size": css(12), "color": "#212529"})
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.hideButtons()
