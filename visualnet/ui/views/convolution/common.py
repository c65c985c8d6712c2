"""Pieces every panel of the Convolution tab shares: the step bar, the equation text, layer titles."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from visualnet.ui.widgets.plotting import scaled_font

CONTEXT = "ConvolutionView"
PLAY_MS = 700  # one output cell every 0.7 s: slow enough to read the window move


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def layer_title(info) -> str:
    """"conv 1: 8@3×3, P = 1, S = 1" or "max pool 2: 2×2, S = 2" (layers counted from 1 as in the node graph)."""
    cfg = info.config
    if info.kind == "conv2d":
        return tr("conv {n}: {f}@{k}×{k}, P = {p}, S = {s}").format(
            n=info.index + 1, f=cfg["filters"], k=cfg["kernel"], p=cfg.get("pad", 0), s=cfg.get("stride", 1))
    kind = tr("max pool") if info.kind == "maxpool" else tr("average pool")
    return tr("{kind} {n}: {k}×{k}, S = {s}").format(kind=kind, n=info.index + 1, k=cfg["size"],
                                                        s=cfg.get("stride") or cfg["size"])


def equation_label() -> QLabel:
    """A wrapped, selectable rich-text label for sums written out term by term."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.RichText)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setFont(scaled_font(12))
    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window
    label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
    return label


def caption(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(11))
    return label


def chooser(characters: int = 3) -> QComboBox:
    """A combo box as wide as ``characters`` letters (its popup shows the whole items): long layer titles
    must not widen the window."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
    return box


def fill_combo(combo: QComboBox, items: list[str], keep: int = 0):
    """Replace a chooser's items without emitting, keeping the chosen index when it still exists."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(items)
    combo.setCurrentIndex(keep if 0 <= keep < len(items) else 0)
    combo.blockSignals(False)


class LayerChoosers:
    """The layer, filter and channel choosers of a panel (forward, backward): each choice redraws it."""

    def _on_layer_changed(self, index: int):
        self.layer_pos = max(0, index)
        self._fill_choosers()
        self.redraw()

    def _on_filter_changed(self, index: int):
        self.filter = max(0, index)
        self.redraw()

    def _on_channel_changed(self, index: int):
        self.channel = max(0, index)
        self.redraw()


class StepBar(QWidget):
    """◀ step back, step ▶, ▶ play over the cells of a map; the owner moves and says where it is.

    ``forward``/``back`` ask the owner to move one cell; playing repeats ``forward`` on a timer until the
    owner calls :meth:`stop` (at the last cell). Tests call the owner's step methods directly.
    """

    forward = Signal()
    back = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = QPushButton(self.tr("◀ Step back"))
        self.back_button.setToolTip(self.tr("The previous output cell"))
        self.forward_button = QPushButton(self.tr("Step ▶"))
        self.forward_button.setToolTip(self.tr("The next output cell"))
        self.play_button = QPushButton(self.tr("▶ Play"))
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(self.tr("Move through the output cells one by one"))
        self.where = caption()
        self.where.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        for button in (self.back_button, self.forward_button, self.play_button):
            layout.addWidget(button)
        layout.addWidget(self.where, 1)
        self.timer = QTimer(self, interval=PLAY_MS)
        self.timer.timeout.connect(self.forward)
        self.back_button.clicked.connect(self.back)
        self.forward_button.clicked.connect(self.forward)
        self.play_button.toggled.connect(self._on_play_toggled)

    def _on_play_toggled(self, on: bool):
        self.play_button.setText(self.tr("❚❚ Pause") if on else self.tr("▶ Play"))
        self.timer.start() if on else self.timer.stop()

    def stop(self):
        self.play_button.setChecked(False)

    def hideEvent(self, event):
        self.stop()  # a hidden panel does not play on
        super().hideEvent(event)
