"""A coloured strip above the views for what must not be missed: a divergence, a loss blowing up, the
lesson a preset opened. Text on the left, an optional action button and a close button on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

COLORS = {"error": ("#c62828", "white"), "warning": ("#f9a825", "#212121"), "lesson": ("#e3f2fd", "#0d3c61")}


class Banner(QWidget):
    def __init__(self, kind: str, action_text: str = "", action=None, closable: bool = True, parent=None):
        super().__init__(parent)
        background, foreground = COLORS[kind]
        self.setObjectName(f"{kind}Banner")
        self.setStyleSheet(f"#{kind}Banner {{ background: {background}; }} "
                           f"#{kind}Banner QLabel {{ color: {foreground}; }}")
        self.setAttribute(Qt.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        bold = self.label.font()
        bold.setBold(True)
        self.label.setFont(bold)
        layout.addWidget(self.label, 1)
        self.button = None
        if action is not None:
            self.button = QPushButton(action_text)
            self.button.clicked.connect(action)
            layout.addWidget(self.button)
        self.close_button = None
        if closable:
            self.close_button = QToolButton()
            self.close_button.setText("✕")
            self.close_button.setAutoRaise(True)
            self.close_button.clicked.connect(self.hide)
            layout.addWidget(self.close_button)
        # Fonts set on the widgets, not by the style sheet: under a style sheet a widget keeps the font it was
        # polished with, and presentation mode (which enlarges every set font) would leave this strip small.
        for widget in (self.button, self.close_button):
            if widget is not None:
                font = widget.font()
                font.setPointSizeF(font.pointSizeF())  # marks the size as set (a font as inherited is not)
                widget.setFont(font)
        self.retranslate()
        self.hide()

    def retranslate(self):
        if self.close_button is not None:
            self.close_button.setToolTip(self.tr("Hide this message."))

    def show_message(self, text: str):
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text()
