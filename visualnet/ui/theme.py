"""Light and dark themes and presentation line widths, applied to the widgets and to every open plot."""

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import QWidget

LIGHT_PLOT, DARK_PLOT = QColor("white"), QColor(30, 32, 36)


def _plot_items(root):
    for view in root.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            yield view, item


def apply_theme(app, dark: bool, root=None):
    """Fusion palette for the widgets; plot backgrounds and axes of ``root``'s open plots follow."""
    app.setStyle("Fusion")
    if not dark:
        app.setPalette(app.style().standardPalette())
    else:
        p = QPalette()
        base, window, text = DARK_PLOT, QColor(45, 48, 54), QColor(230, 232, 235)
        for role, color in ((QPalette.Window, window), (QPalette.Base, base), (QPalette.AlternateBase, window),
                            (QPalette.Text, text), (QPalette.WindowText, text), (QPalette.ButtonText, text),
                            (QPalette.Button, window), (QPalette.ToolTipBase, base), (QPalette.ToolTipText, text),
                            (QPalette.Highlight, QColor(8, 119, 189)), (QPalette.HighlightedText, QColor("white"))):
            p.setColor(role, color)
        app.setPalette(p)
    background = DARK_PLOT if dark else LIGHT_PLOT
    foreground = QColor(230, 232, 235) if dark else QColor(40, 40, 40)
    pg.setConfigOptions(background=background, foreground=foreground)
    if root is None:
        return
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(background)
    for _view, item in _plot_items(root):
        if isinstance(item, pg.AxisItem):
            item.setPen(pg.mkPen(foreground, width=1.5))
            item.setTextPen(pg.mkPen(foreground))


PRESENTATION_MIN_LINE = 2.0  # px: thinner lines vanish on a projector


def scale_line_widths(root, factor: float):
    """Every curve and axis in ``root``'s plots drawn ``factor`` times wider and at least 2 px (presentation
    mode); ``factor`` 1 puts back the widths they had before."""
    for _view, item in _plot_items(root):
        if isinstance(item, (pg.PlotDataItem, pg.AxisItem)):
            pen = pg.mkPen(item.opts["pen"]) if isinstance(item, pg.PlotDataItem) else QPen(item.pen())
            if getattr(item, "_normal_width", None) is None:
                item._normal_width = pen.widthF()
            width = item._normal_width
            if factor != 1:
                width = max(PRESENTATION_MIN_LINE, width * factor)
            pen.setWidthF(width)
            if pen.widthF() == 0:  # a cosmetic 0-width pen is 1 px whatever the zoom
                pen.setWidthF(1.0 if factor == 1 else PRESENTATION_MIN_LINE)
            item.setPen(pen)


def scale_text(root, factor: float):
    """Every text under ``root`` whose size was set explicitly — widget fonts, plot titles, axis labels
    and ticks, legends, text items — ``factor`` times larger (presentation mode, and back with 1/factor).
    Texts that follow the application font grow with it."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget.testAttribute(Qt.WA_SetFont):
            font = widget.font()
            font.setPointSizeF(font.pointSizeF() * factor)
            widget.setFont(font)
    for _view, item in _plot_items(root):
        if isinstance(item, pg.AxisItem):
            tick = item.style.get("tickFont")
            if tick is not None:
                tick = QFont(tick)
                tick.setPointSizeF(tick.pointSizeF() * factor)
                item.setTickFont(tick)
            style = dict(item.labelStyle)
            if "font-size" in style and item.labelText:
                style["font-size"] = _scaled_size(style["font-size"], factor)
                item.setLabel(item.labelText, item.labelUnits, item.labelUnitPrefix, **style)
        elif isinstance(item, pg.LabelItem):
            size = item.opts.get("size")
            if size:
                item.setText(item.text, size=_scaled_size(size, factor))
        elif isinstance(item, pg.TextItem):
            font = item.textItem.font()
            font.setPointSizeF(font.pointSizeF() * factor)
            item.setFont(font)


def _scaled_size(size: str, factor: float) -> str:
    """ "13pt" × 1.4 → "18.2pt" (pixel sizes too)."""
    for unit in ("pt", "px"):
        if size.endswith(unit):
            return f"{float(size[: -len(unit)]) * factor:.1f}{unit}"
    return size
