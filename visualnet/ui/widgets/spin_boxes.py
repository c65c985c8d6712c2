"""Spin boxes that never apply a number other than the one typed.

Qt's spin boxes reject a keystroke that would leave the range, so typing 513 into a box that stops at
512 gives 51, and −5 into a box that starts at 1 gives 5 — and that number is applied. These boxes keep
whatever is typed; on Enter (or leaving the field) text that is malformed or out of range is refused:
``refused`` carries a message for the panel to show, and the value stays what it was. Python's own
readers are more lenient than a typed number should be: ``int("5_12")`` is 512, so "_" is refused.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QWidget,
)

from visualnet.ui.i18n import tr

MAX_TEXT = 24  # longer text is never a number anyone meant
REFUSAL_COLOR = "#c62828"


def refusal_label(*boxes) -> QLabel:
    """Where ``boxes`` say a refused number, under them: red, empty (so taking no room) until a refusal,
    cleared once a value is applied. More boxes can join with :func:`say_refusals`."""
    label = QLabel()
    label.setWordWrap(True)
    palette = label.palette()  # a palette, not a style sheet: a styled label keeps its first font size and
    palette.setColor(QPalette.WindowText, QColor(REFUSAL_COLOR))  # would stay small in presentation mode
    label.setPalette(palette)
    for box in boxes:
        say_refusals(box, label)
    return label


def say_refusals(box, label: QLabel):
    box.refused.connect(label.setText)
    box.valueChanged.connect(label.clear)


class _Checked:
    """The refusal logic shared by the integer and the decimal box (a mixin over QAbstractSpinBox)."""

    label = ""

    def _parse(self, text: str):
        raise NotImplementedError

    def validate(self, text: str, pos: int):
        if len(text) > MAX_TEXT:
            return QValidator.Invalid, text, pos
        value = self._parse(self._core(text))
        ok = value is not None and self.minimum() <= value <= self.maximum()
        return (QValidator.Acceptable if ok else QValidator.Intermediate), text, pos

    def _core(self, text: str) -> str:
        text = text.strip()
        prefix, suffix = self.prefix(), self.suffix().strip()
        if prefix and text.startswith(prefix.strip()):
            text = text[len(prefix.strip()):]
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
        return text.strip().replace("−", "-").replace(",", ".")

    def problem(self) -> str | None:
        """Why the typed text cannot be applied, or None when it can."""
        text = self._core(self.lineEdit().text())
        value = self._parse(text)
        name = self.label or tr("This field")
        if value is None:
            return tr("{name}: “{text}” is not {kind}; nothing was applied.").format(
                name=name, text=text, kind=self._kind())
        if not self.minimum() <= value <= self.maximum():
            return tr("{name}: {text} is outside {low} … {high}; nothing was applied.").format(
                name=name, text=text, low=self.textFromValue(self.minimum()), high=self.textFromValue(self.maximum()))
        return None

    def _check_typed(self):
        message = self.problem()
        if message is not None:
            self.refused.emit(message)
            with QSignalBlocker(self):
                self.lineEdit().setText(self.textFromValue(self.value()))
        return message is None

    def commit(self) -> bool:
        """Settle the typed text now, as Enter would: True when it is applied (``value()`` is what was typed),
        False when it was refused. For a dialog's OK, which need not take the focus from the box."""
        if not self._check_typed():
            return False
        self.interpretText()
        return True

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self._check_typed()
        super().keyPressEvent(event)

    def focusOutEvent(self, event):
        self._check_typed()
        super().focusOutEvent(event)


class CheckedSpinBox(_Checked, QSpinBox):
    """A whole-number box: 513 in a 1 … 512 box is refused, never read as 51."""

    refused = Signal(str)

    def __init__(self, low: int = 0, high: int = 99, label: str = "", parent=None):
        super().__init__(parent)
        self.setRange(low, high)
        self.label = label
        self.setKeyboardTracking(False)

    def _parse(self, text: str):
        if "_" in text:
            return None
        try:
            return int(text)
        except ValueError:
            return None

    @staticmethod
    def _kind():
        return tr("a whole number")

    def valueFromText(self, text: str) -> int:
        value = self._parse(self._core(text))
        return self.value() if value is None else value


class CheckedDoubleSpinBox(_Checked, QDoubleSpinBox):
    """A decimal box with the same refusal: −1 in a 0 … 0.9 box is refused, never read as 1."""

    refused = Signal(str)

    def __init__(self, low: float = 0.0, high: float = 1.0, label: str = "", parent=None):
        super().__init__(parent)
        self.setRange(low, high)
        self.label = label
        self.setKeyboardTracking(False)

    def _parse(self, text: str):
        if "_" in text:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None

    @staticmethod
    def _kind():
        return tr("a number")

    def valueFromText(self, text: str) -> float:
        value = self._parse(self._core(text))
        return self.value() if value is None else value


class ExactDoubleSpinBox(CheckedDoubleSpinBox):
    """A decimal box that shows the value in force with the digits it has: typed 0.125 is applied as 0.125,
    so it is shown as 0.125, not rounded to the box's usual two decimals (0.13), and 0.1 stays "0.1".
    The text reads back as the very same value, so re-reading it (after a refusal, say) changes nothing."""

    def __init__(self, low: float = 0.0, high: float = 1.0, label: str = "", decimals: int = 6, parent=None):
        super().__init__(low, high, label, parent)
        self.setDecimals(decimals)  # also what setValue() rounds to: keep it above what anyone types

    def textFromValue(self, value: float) -> str:
        text = np.format_float_positional(value, trim="-")  # the shortest text that reads back as ``value``
        return "0" if text == "-0" else text

    def sizeHint(self):
        return self._widened(super().sizeHint())

    def minimumSizeHint(self):
        return self._widened(super().minimumSizeHint())

    def _widened(self, hint):
        """Qt sizes the box for its minimum and maximum ("0.9"): wide enough for three decimals ("0.125")."""
        metrics = self.fontMetrics()
        ends = (self.minimum(), self.maximum())
        shown = max(metrics.horizontalAdvance(self.textFromValue(v)) for v in ends)
        wanted = max(metrics.horizontalAdvance(f"{v:.3f}") for v in ends)
        hint.setWidth(hint.width() + max(0, wanted - shown))
        return hint


class LogSpinBox(CheckedDoubleSpinBox):
    """A box for scale-free numbers: shows 0.001 or 1e-08, takes typed 1e-4, steps 1-2-5 per decade."""

    def __init__(self, low: float, high: float, smallest: float, label: str = "", parent=None):
        super().__init__(low, high, label, parent)
        self.setDecimals(12)
        decades = range(math.floor(math.log10(smallest)), math.ceil(math.log10(high)) + 1)
        ladder = {float(f"{m * 10.0 ** e:g}") for e in decades for m in (1, 2, 5)}
        self._ladder = sorted({v for v in ladder if smallest <= v <= high} | ({0.0} if low == 0 else set()))

    def textFromValue(self, value: float) -> str:
        return f"{value:.4g}"

    def stepBy(self, steps: int):
        value = self.value()
        if steps > 0:
            higher = [v for v in self._ladder if v > value * (1 + 1e-9)]
            target = higher[min(steps, len(higher)) - 1] if higher else value
        else:
            lower = [v for v in self._ladder if v < value * (1 - 1e-9)]
            target = lower[max(steps, -len(lower))] if lower else value
        self.setValue(target)


class UnitsSpinBox(CheckedSpinBox):
    """Units 1 … ``high``, but the arrows (and the + button) stop at ``arrow_max``: wider layers have to be
    typed, because they cost memory and time."""

    def __init__(self, high: int, arrow_max: int, label: str = "", parent=None):
        super().__init__(1, high, label, parent)
        self.arrow_max = arrow_max

    def stepBy(self, steps: int):
        value = self.value()
        if steps > 0:
            self.setValue(max(value, min(value + steps, self.arrow_max)))
        else:
            self.setValue(value + steps)

    def stepEnabled(self):
        flags = QAbstractSpinBox.StepNone
        if self.value() < self.arrow_max:
            flags |= QAbstractSpinBox.StepUpEnabled
        if self.value() > 1:
            flags |= QAbstractSpinBox.StepDownEnabled
        return flags


class LogSlider(QWidget):
    """A learning-rate slider on a log scale (1e-5 … 10) with an exact spin box beside it."""

    STEPS_PER_DECADE = 20
    LOW, HIGH = -5, 1

    def __init__(self, parent=None, label: str = ""):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(self.LOW * self.STEPS_PER_DECADE, self.HIGH * self.STEPS_PER_DECADE)
        self.slider.setPageStep(self.STEPS_PER_DECADE)
        self.spin = LogSpinBox(1e-6, 10.0, 1e-6, label)
        self.spin.setFixedWidth(72)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.refused = self.spin.refused
        self.slider.valueChanged.connect(lambda v: self._set_spin(10 ** (v / self.STEPS_PER_DECADE)))
        self.spin.valueChanged.connect(self._set_slider)

    def setToolTip(self, text):
        for w in (self, self.slider, self.spin):
            QWidget.setToolTip(w, text)

    def _set_spin(self, value):
        with QSignalBlocker(self.slider):
            self.spin.setValue(float(f"{value:.3g}"))

    def _set_slider(self, value):
        with QSignalBlocker(self.slider):
            self.slider.setValue(round(math.log10(max(value, 1e-6)) * self.STEPS_PER_DECADE))

    def value(self) -> float:
        return self.spin.value()

    def setValue(self, value: float):
        self.spin.setValue(value)
        self._set_slider(self.spin.value())
