"""Light and dark themes and presentation line widths, applied to the widgets and to every open plot."""

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

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


def scale_line_widths(root, factor: float):
    """Every curve in ``root``'s plots drawn ``factor`` times wider (presentation mode, and back)."""
    for _view, item in _plot_items(root):
        if isinstance(item, pg.PlotDataItem):
            pen = pg.mkPen(item.opts["pen"])
            pen.setWidthF(max(1.0, pen.widthF() * factor))
            item.setPen(pen)
