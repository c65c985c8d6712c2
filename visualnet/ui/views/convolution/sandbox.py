"""The sandbox: input size N, filter F, padding P and stride S, typed or drawn values, classic kernels.

The output size is ``convolution.output_size`` live (red, with the reason, when the window does not fit a
whole number of times); the output is ``convolution.correlate`` — the conv layer's own code — and the
clicked output cell is written out by ``convolution.conv_cell``. Works without any network.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from visualnet.core import convolution as cv
from visualnet.ui.views.convolution.common import caption, chooser, equation_label, tr
from visualnet.ui.views.convolution.grid import GridWidget
from visualnet.ui.widgets.plotting import scaled_font
from visualnet.ui.widgets.spin_boxes import CheckedDoubleSpinBox, CheckedSpinBox

KERNEL_NAMES = {  # the core's classic kernels, named for the chooser
    "identity": QT_TRANSLATE_NOOP("ConvolutionView", "identity"),
    "edge": QT_TRANSLATE_NOOP("ConvolutionView", "edge"),
    "vertical edge": QT_TRANSLATE_NOOP("ConvolutionView", "vertical edge"),
    "horizontal edge": QT_TRANSLATE_NOOP("ConvolutionView", "horizontal edge"),
    "blur": QT_TRANSLATE_NOOP("ConvolutionView", "blur"),
    "gaussian blur": QT_TRANSLATE_NOOP("ConvolutionView", "gaussian blur"),
    "sharpen": QT_TRANSLATE_NOOP("ConvolutionView", "sharpen"),
}
PATTERNS = {
    "square": QT_TRANSLATE_NOOP("ConvolutionView", "a square"),
    "vertical bar": QT_TRANSLATE_NOOP("ConvolutionView", "a vertical bar"),
    "diagonal": QT_TRANSLATE_NOOP("ConvolutionView", "a diagonal"),
    "random": QT_TRANSLATE_NOOP("ConvolutionView", "random (seed 0)"),
    "zeros": QT_TRANSLATE_NOOP("ConvolutionView", "zeros"),
}
ERROR_RED = "#c92a2a"


def pattern(name: str, n: int) -> np.ndarray:
    """An n×n input to start from: a shape, seeded noise or zeros."""
    image = np.zeros((n, n))
    if name == "square":
        lo, hi = n // 4, n - n // 4
        image[lo:hi, lo:hi] = 1.0
    elif name == "vertical bar":
        image[:, n // 2] = 1.0
    elif name == "diagonal":
        np.fill_diagonal(image, 1.0)
    elif name == "random":
        image = np.round(np.random.default_rng(0).uniform(-1, 1, (n, n)), 1)
    return image


def resized(values: np.ndarray, n: int) -> np.ndarray:
    """``values`` cut or zero-extended to n×n, the top-left part kept: a size change keeps what was typed."""
    out = np.zeros((n, n))
    m = min(n, values.shape[0])
    out[:m, :m] = values[:m, :m]
    return out


class SandboxPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.image = pattern("square", 7)
        self.kernel = cv.CLASSIC_KERNELS["edge"].copy()
        self.row = self.col = 0
        self.cell = None
        self.output = None
        layout = QVBoxLayout(self)
        row1 = QHBoxLayout()
        self.n_box = CheckedSpinBox(2, 16, "N")
        self.f_box = CheckedSpinBox(1, 7, "F")
        self.p_box = CheckedSpinBox(0, 3, "P")
        self.s_box = CheckedSpinBox(1, 4, "S")
        tips = (self.tr("N: the input is N×N"), self.tr("F: the filter (kernel) is F×F"),
                self.tr("P: zeros added on every side"), self.tr("S: how far the window moves each step"))
        for box, value, tip in zip((self.n_box, self.f_box, self.p_box, self.s_box), (7, 3, 0, 1), tips):
            box.setValue(value)
            box.setToolTip(tip)
            label = caption(box.label)
            label.setBuddy(box)
            row1.addWidget(label)
            row1.addWidget(box)
            box.valueChanged.connect(self._on_size_changed)
            box.refused.connect(self._show_refusal)
        row1.addSpacing(12)
        self.size_label = QLabel()
        self.size_label.setFont(scaled_font(12, bold=True))
        self.size_label.setWordWrap(True)
        row1.addWidget(self.size_label, 1)
        layout.addLayout(row1)
        row2 = QHBoxLayout()
        self.pattern_box, self.kernel_box = chooser(9), chooser(9)
        for key, name in PATTERNS.items():
            self.pattern_box.addItem(tr(name), key)
        for key, name in KERNEL_NAMES.items():
            self.kernel_box.addItem(tr(name), key)
        self.kernel_box.addItem(self.tr("typed"), "typed")
        self.kernel_box.setCurrentIndex(self.kernel_box.findData("edge"))
        self.brush = CheckedDoubleSpinBox(-9.0, 9.0, self.tr("brush"))
        self.brush.setValue(1.0)
        self.brush.setSingleStep(0.5)
        self.brush.setToolTip(self.tr("Dragging over the input paints this value"))
        for text, widget in ((self.tr("input"), self.pattern_box), (self.tr("kernel"), self.kernel_box),
                             (self.tr("brush"), self.brush)):
            label = caption(text)
            label.setBuddy(widget)
            row2.addWidget(label)
            row2.addWidget(widget)
        hint = caption(self.tr("drag over the input to draw · double-click a cell to type · click an output cell"))
        hint.setWordWrap(True)
        row2.addWidget(hint, 1)
        layout.addLayout(row2)
        grids = QGridLayout()
        self.input_grid = GridWidget(max_cell=44, editable=True, paintable=True)
        self.kernel_grid = GridWidget(max_cell=44, editable=True)
        self.output_grid = GridWidget(max_cell=44)
        star, equals = QLabel("∗"), QLabel("=")
        for sign in (star, equals):
            sign.setFont(scaled_font(20, bold=True))
        for col, widget in enumerate((self.input_grid, star, self.kernel_grid, equals, self.output_grid)):
            grids.addWidget(widget, 0, col)
        grids.setColumnStretch(0, 5)
        grids.setColumnStretch(2, 2)
        grids.setColumnStretch(4, 4)
        layout.addLayout(grids, 1)
        self.equation = equation_label()
        layout.addWidget(self.equation)
        self.pattern_box.activated.connect(self._on_pattern_chosen)
        self.kernel_box.activated.connect(self._on_kernel_chosen)
        self.input_grid.cellPainted.connect(self._on_input_painted)
        self.input_grid.cellEdited.connect(self._on_input_edited)
        self.kernel_grid.cellEdited.connect(self._on_kernel_edited)
        self.output_grid.cellClicked.connect(self.select_cell)
        self.redraw()

    # -- the numbers ----------------------------------------------------------------------------

    @property
    def sizes(self) -> tuple[int, int, int, int]:
        return self.n_box.value(), self.f_box.value(), self.p_box.value(), self.s_box.value()

    def set_sizes(self, n: int | None = None, f: int | None = None, p: int | None = None, s: int | None = None):
        """Set some of N, F, P, S at once (a lesson, a test) and redraw once."""
        for box, value in ((self.n_box, n), (self.f_box, f), (self.p_box, p), (self.s_box, s)):
            if value is not None:
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
        self._on_size_changed()

    def redraw(self):
        n, f, p, s = self.sizes
        size = cv.output_size(n, f, p, s)
        padded = cv.pad_input(self.image[None], p)[0]
        self.input_grid.set_values(padded, scale=self._scale(self.image), pad=p,
                                   title=self.tr("input {n}×{n}, padded by {p}").format(n=n, p=p) if p
                                   else self.tr("input {n}×{n}").format(n=n))
        self.kernel_grid.set_values(self.kernel, title=self.tr("kernel {f}×{f}").format(f=f))
        if not size.whole:
            self.size_label.setText(f"<span style='color:{ERROR_RED}'>{size.reason}</span>")
            self.size_label.setToolTip(size.reason)
            self.output, self.cell = None, None
            self.output_grid.set_values(np.zeros((0, 0)), title=self.tr("no output"))
            self.input_grid.clear_marks()
            self.equation.setText("")
            return
        self.size_label.setText(self.tr("output size {formula}").format(formula=f"{cv.FORMULA} = {size.formula}"))
        self.size_label.setToolTip("")
        self.output = cv.correlate(self.image, self.kernel, 0.0, s, p)
        self.row, self.col = min(self.row, size.value - 1), min(self.col, size.value - 1)
        self.output_grid.set_values(self.output, title=self.tr("output {m}×{m}").format(m=size.value))
        self.output_grid.set_marks("cell", [(self.row, self.col)])
        cell = cv.conv_cell(self.image[None], self.kernel[None, None], np.zeros(1), 0, self.row, self.col, s, p)
        self.cell = cell
        self.input_grid.set_marks("window", [(cell.top + i, cell.left + j) for i in range(f) for j in range(f)])
        self.equation.setText(self.tr("output[{r}, {c}] = {sum}").format(
            r=self.row, c=self.col, sum=cell.sum.equation(3)))

    @staticmethod
    def _scale(values) -> float:
        biggest = float(np.max(np.abs(values))) if values.size else 0.0
        return biggest if biggest > 0 else 1.0

    # -- reacting ----------------------------------------------------------------------------------

    def _on_size_changed(self, *_):
        n, f, _p, _s = self.sizes
        if self.image.shape[0] != n:
            self.image = resized(self.image, n)
        if self.kernel.shape[0] != f:
            self.kernel = resized(self.kernel, f)
            self._mark_kernel_typed()
        self.redraw()

    def _show_refusal(self, message: str):
        self.size_label.setText(f"<span style='color:{ERROR_RED}'>{message}</span>")

    def _on_pattern_chosen(self, index: int):
        self.image = pattern(self.pattern_box.itemData(index), self.n_box.value())
        self.redraw()

    def choose_kernel(self, key: str):
        """A classic kernel (3×3: F becomes 3)."""
        self.kernel = cv.CLASSIC_KERNELS[key].copy()
        self.kernel_box.setCurrentIndex(self.kernel_box.findData(key))
        if self.f_box.value() != 3:
            self.set_sizes(f=3)
        else:
            self.redraw()

    def _on_kernel_chosen(self, index: int):
        key = self.kernel_box.itemData(index)
        if key != "typed":
            self.choose_kernel(key)

    def _mark_kernel_typed(self):
        self.kernel_box.setCurrentIndex(self.kernel_box.findData("typed"))

    def _on_input_painted(self, row: int, col: int):
        self._on_input_edited(row, col, self.brush.value())

    def _on_input_edited(self, row: int, col: int, value: float):
        p = self.p_box.value()
        r, c = row - p, col - p
        n = self.image.shape[0]
        if 0 <= r < n and 0 <= c < n and self.image[r, c] != value:  # padding stays zero
            self.image[r, c] = value
            self.redraw()

    def _on_kernel_edited(self, row: int, col: int, value: float):
        self.kernel[row, col] = value
        self._mark_kernel_typed()
        self.redraw()

    def select_cell(self, row: int, col: int):
        self.row, self.col = row, col
        self.redraw()

    def grids(self) -> dict:
        return {"sandbox input": self.input_grid, "sandbox kernel": self.kernel_grid,
                "sandbox output": self.output_grid}
