"""A box for a label whose text changes every frame (the step caption, the status line)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class LiveBox(QWidget):
    """Holds ``label`` at a fixed height and places it by hand.

    ``QLabel.setText`` asks the parent's layout to recompute, and that request climbs the layouts up to the
    main window: a whole-window relayout and repaint every frame while playing (about 3 ms). Here the label's
    parent has no layout, so a new text repaints the label and nothing else.
    """

    def __init__(self, label: QLabel, lines: int = 1, parent=None):
        super().__init__(parent)
        self.label = label
        self.lines = lines
        label.setParent(self)
        label.installEventFilter(self)  # a new font (presentation mode) needs a new height
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.fit_height()

    def fit_height(self):
        """Room for ``lines`` lines of the label's font (again after the font changed)."""
        margins = self.label.contentsMargins()
        line = QFontMetricsF(self.label.font()).lineSpacing()
        self.setFixedHeight(int(self.lines * line) + margins.top() + margins.bottom() + 2)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.FontChange:
            self.fit_height()
        return False

    def sizeHint(self) -> QSize:
        return QSize(100, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def resizeEvent(self, event):
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)
