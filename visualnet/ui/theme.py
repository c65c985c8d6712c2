"""Light and dark themes: a Fusion palette for the widgets and matching pyqtgraph defaults."""

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette


def apply_theme(app, dark: bool):
    app.setStyle("Fusion")
    if not dark:
        app.setPalette(app.style().standardPalette())
        pg.setConfigOptions(background="w", foreground="k")
        return
    p = QPalette()
    base, window, text = QColor(30, 32, 36), QColor(45, 48, 54), QColor(230, 232, 235)
    for role, color in ((QPalette.Window, window), (QPalette.Base, base), (QPalette.AlternateBase, window),
                        (QPalette.Text, text), (QPalette.WindowText, text), (QPalette.ButtonText, text),
                        (QPalette.Button, window), (QPalette.ToolTipBase, base), (QPalette.ToolTipText, text),
                        (QPalette.Highlight, QColor(8, 119, 189)), (QPalette.HighlightedText, QColor("white"))):
        p.setColor(role, color)
    app.setPalette(p)
    pg.setConfigOptions(background=base, foreground=text)
