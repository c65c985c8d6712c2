"""Backward through a convolution, one cell at a time, with the traced step's numbers.

- ∂L/∂K: the correlation of the layer's (padded) input with the δ map — the weight (i, j) met the input
  cells of a strided grid starting at (i, j) — summed over the batch (``kernel_gradient_cell``), and a
  numerical check of that weight beside it (the controller's ``gradient_check``).
- ∂L/∂input: the full convolution of δ (dilated by the stride, padded by K − 1 − P) with the flipped
  kernel (``input_gradient_cell``), summed over the filters.
- max/average-pool backward: δ routed to the winner only, or shared by the window (``pool_routes``).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from visualnet.core import convolution as cv
from visualnet.ui.views.convolution.common import (
    LayerChoosers,
    StepBar,
    caption,
    chooser,
    equation_label,
    fill_combo,
    layer_title,
)
from visualnet.ui.views.convolution.grid import GridWidget

MODES = ("kernel", "input", "pool")
MAX_TERMS = 24  # non-zero products written out; the rest are counted


def written_terms(a, b, limit: int = MAX_TERMS) -> tuple[str, int, int]:
    """("0.3×−0.01 + …", non-zero terms, zero terms) of a written sum: products that are 0 (a δ of a dead
    unit or a zero of the padding) are counted, not listed."""
    pairs = [(x, y) for x, y in zip(np.ravel(a), np.ravel(b)) if x * y != 0]
    zeros = np.size(a) - len(pairs)
    text = " + ".join(f"{cv.fmt(x)}×{cv.fmt(y)}" for x, y in pairs[:limit])
    if len(pairs) > limit:
        text += " + …"
    return text or "0", len(pairs), zeros


class BackwardPanel(LayerChoosers, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.traced = None
        self.controller = None
        self.mode = "kernel"
        self.layer_pos = self.filter = self.channel = 0
        self.at = (0, 0)  # the kernel weight (i, j), the input cell (row, col) or the pooled cell
        self.cell = None  # the core's cell object shown
        self.check = None
        layout = QVBoxLayout(self)
        choosers = QHBoxLayout()
        self.mode_box, self.layer_box = chooser(14), chooser(12)
        self.filter_box, self.channel_box = chooser(), chooser()
        self.mode_box.addItem(self.tr("∂L/∂K: the kernel's gradient"), "kernel")
        self.mode_box.addItem(self.tr("∂L/∂input: δ through the flipped kernel"), "input")
        self.mode_box.addItem(self.tr("pooling backward: δ to the winners"), "pool")
        self.filter_label = caption(self.tr("filter"))
        self.steps = StepBar()
        step_row = self.steps.layout()
        for text, box, row in ((self.tr("show"), self.mode_box, choosers), (self.tr("layer"), self.layer_box, choosers),
                               (None, self.filter_box, step_row), (self.tr("channel"), self.channel_box, step_row)):
            label = self.filter_label if text is None else caption(text)
            label.setBuddy(box)
            at = row.count() - 1 if row is step_row else row.count()  # before the step bar's "where" text
            row.insertWidget(at, label)
            row.insertWidget(at + 1, box)
        choosers.addStretch(1)
        layout.addLayout(choosers)
        layout.addWidget(self.steps)
        grids = QGridLayout()
        self.a_grid, self.b_grid, self.c_grid = GridWidget(max_cell=40), GridWidget(max_cell=52), GridWidget(max_cell=40)
        for col, widget in enumerate((self.a_grid, self.b_grid, self.c_grid)):
            grids.addWidget(widget, 0, col)
            grids.setColumnStretch(col, 1)
        layout.addLayout(grids, 1)
        self.equation = equation_label()
        layout.addWidget(self.equation)
        check_row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check this weight numerically"))
        self.check_button.setToolTip(self.tr("(L(w + h) − L(w − h)) / 2h on the traced batch, at the step's weights"))
        self.check_label = caption()
        self.check_label.setWordWrap(True)
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_label, 1)
        layout.addLayout(check_row)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.channel_box.currentIndexChanged.connect(self._on_channel_changed)
        self.steps.forward.connect(self._on_play_forward)
        self.steps.back.connect(self.step_back)
        self.a_grid.cellClicked.connect(self._on_a_clicked)
        self.c_grid.cellClicked.connect(self._on_c_clicked)
        self.check_button.clicked.connect(self.run_check)

    # -- choosing ---------------------------------------------------------------------------------

    def layers(self) -> list:
        return self.traced.pool_layers() if self.mode == "pool" else self.traced.conv_layers()

    @property
    def info(self):
        return self.layers()[self.layer_pos]

    def show_traced(self, traced, controller):
        self.traced, self.controller = traced, controller
        has_pool = bool(traced.pool_layers())
        self.mode_box.model().item(MODES.index("pool")).setEnabled(has_pool)
        if self.mode == "pool" and not has_pool:
            self.mode = "kernel"
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(MODES.index(self.mode))
        self.mode_box.blockSignals(False)
        self._fill_choosers()
        self.redraw()

    def set_mode(self, mode: str):
        self.mode_box.setCurrentIndex(MODES.index(mode))

    def _fill_choosers(self):
        layers = self.layers()
        self.layer_pos = min(self.layer_pos, len(layers) - 1)
        fill_combo(self.layer_box, [layer_title(info) for info in layers], self.layer_pos)
        info = self.info
        filters = info.config["filters"] if info.kind == "conv2d" else 0
        self.filter = min(self.filter, max(0, filters - 1))
        fill_combo(self.filter_box, [str(f + 1) for f in range(filters)], self.filter)
        self.filter_box.setVisible(filters > 0)
        self.filter_label.setVisible(filters > 0)
        channels = info.input_shape[0]
        self.channel = min(self.channel, channels - 1)
        fill_combo(self.channel_box, [str(c + 1) for c in range(channels)], self.channel)
        rows, cols = self._extent()
        self.at = (min(self.at[0], rows - 1), min(self.at[1], cols - 1))
        self.check_button.setVisible(self.mode == "kernel")
        self.check_label.setVisible(self.mode == "kernel")

    def _extent(self) -> tuple[int, int]:
        """The cells stepped through: the kernel (K×K), the input map (H×W) or the pooled map."""
        info = self.info
        if self.mode == "kernel":
            return info.config["kernel"], info.config["kernel"]
        if self.mode == "input":
            return tuple(info.input_shape[1:])
        return tuple(info.output_shape[1:])

    # -- drawing ----------------------------------------------------------------------------------

    def redraw(self):
        if self.traced is None or not self.layers():
            return
        self.check = None
        self.check_label.setText("")
        {"kernel": self._draw_kernel, "input": self._draw_input, "pool": self._draw_pool}[self.mode]()
        rows, cols = self._extent()
        self.steps.where.setText(self.tr("cell ({r}, {c}) of {rows}×{cols}").format(
            r=self.at[0], c=self.at[1], rows=rows, cols=cols))

    def _conv_parts(self):
        info, traced = self.info, self.traced
        cfg = info.config
        return (info, traced.forward(info.index), traced.conv_delta(info.index), cfg.get("stride", 1),
                cfg.get("pad", 0), cfg["kernel"])

    def _draw_kernel(self):
        info, fwd, delta, stride, pad, _k = self._conv_parts()
        s, f, c = self.traced.sample, self.filter, self.channel
        i, j = self.at
        cell = cv.kernel_gradient_cell(fwd.input, delta, f, c, i, j, stride, pad, sample=s)
        self.cell = cell
        grad = self.traced.backward(info.index).grads[info.weight]
        self.a_grid.set_values(cv.pad_input(fwd.input[s], pad)[c], pad=pad,
                               title=self.tr("input x, channel {c}").format(c=c + 1))
        self.a_grid.set_marks("term", [(y, x) for y in cell.rows for x in cell.cols])
        self.b_grid.set_values(delta[s, f], title=self.tr("δ = ∂L/∂z, filter {f}").format(f=f + 1))
        self.b_grid.clear_marks()
        self.c_grid.set_values(grad[f, c], title=self.tr("∂L/∂K[{f}, {c}]").format(f=f + 1, c=c + 1))
        self.c_grid.set_marks("cell", [(i, j)])
        text, _nonzero, zeros = written_terms(cell.sample_sum.a, cell.sample_sum.b)
        n = len(cell.per_sample)
        lines = [self.tr("this sample: Σ x·δ over the {m} cells the weight ({i}, {j}) met = {terms} = {sum}").format(
                     m=len(cell.sample_sum), i=i, j=j, terms=text, sum=cv.fmt(cell.sample_sum.value)),
                 self.tr("({zeros} of the {m} products are 0: δ = 0 there or x is padding)").format(
                     zeros=zeros, m=len(cell.sample_sum)),
                 self.tr("∂L/∂K[{f}, {c}, {i}, {j}] = the sum over the batch's {n} samples = <b>{total}</b>; the "
                         "layer computed {layer}").format(f=f + 1, c=c + 1, i=i, j=j, n=n, total=cv.fmt(cell.value, 4),
                                                          layer=cv.fmt(grad[f, c, i, j], 4))]
        config = self.controller.net.config if self.controller is not None else {}
        if config.get("l2") or config.get("l1"):
            lines.append(self.tr("(the layer's gradient also holds the weight penalty)"))
        if not info.trainable:
            lines.append(self.tr("This layer is frozen: the gradient is computed and shown, never applied."))
        self.equation.setText("<br>".join(lines))

    def _draw_input(self):
        info, _fwd, delta, stride, pad, k = self._conv_parts()
        s, f, c = self.traced.sample, self.filter, self.channel
        row, col = self.at
        h, w = info.input_shape[1:]
        W = self.traced.params[info.weight]
        cell = cv.input_gradient_cell(delta[s], W, c, row, col, stride, pad, (h, w))
        self.cell = cell
        dilated = cv.dilated_delta(delta[s], k, stride, pad)[f]
        self.a_grid.set_values(dilated, title=self.tr("δ of filter {f}, dilated by S − 1 and padded by K − 1 − P").format(
            f=f + 1))
        self.a_grid.set_marks("window", [(row + u, col + v) for u in range(k) for v in range(k)])
        self.b_grid.set_values(cell.flipped[f], title=self.tr("kernel W[{f}, {c}] flipped").format(f=f + 1, c=c + 1))
        self.b_grid.clear_marks()
        bwd = self.traced.backward(info.index)
        dinput = bwd.dinput[s] if bwd.dinput is not None else cv.input_gradient(delta[s], W, stride, pad, (h, w))
        self.c_grid.set_values(dinput[c], title=self.tr("∂L/∂x, channel {c}").format(c=c + 1))
        self.c_grid.set_marks("cell", [(row, col)])
        text, _nonzero, zeros = written_terms(cell.sum.a, cell.sum.b)
        lines = [self.tr("∂L/∂x[{c}, {r}, {col}] = Σ over the {nf} filters of δ·w = {terms} = <b>{sum}</b>").format(
                     c=c + 1, r=row, col=col, nf=W.shape[0], terms=text, sum=cv.fmt(cell.value, 4)),
                 self.tr("{m} kernel weights met a δ cell ({zeros} of those products are 0); the layer computed "
                         "{layer}").format(m=len(cell.sum), zeros=zeros, layer=cv.fmt(dinput[c, row, col], 4))]
        if bwd.dinput is None:
            lines.append(self.tr("(the first layer skips ∂L/∂input while training: computed here for the picture)"))
        self.equation.setText("<br>".join(lines))

    def _draw_pool(self):
        info, traced = self.info, self.traced
        s, c = traced.sample, self.channel
        row, col = self.at
        cfg = info.config
        size, stride = cfg["size"], cfg.get("stride") or cfg["size"]
        fwd, bwd = traced.forward(info.index), traced.backward(info.index)
        delta = bwd.delta[s]
        route = cv.pool_routes(fwd.input[s], delta, info.kind, size, stride, c, row, col)
        self.cell = route
        self.a_grid.set_values(delta[c], title=self.tr("δ of the pooled map, channel {c}").format(c=c + 1))
        self.a_grid.set_marks("cell", [(row, col)])
        self.b_grid.set_values(fwd.input[s, c], title=self.tr("pooling input, channel {c}").format(c=c + 1))
        top, left = row * stride, col * stride
        self.b_grid.set_marks("window", [(top + i, left + j) for i in range(size) for j in range(size)])
        self.b_grid.set_marks("winner", [(y, x) for _c, y, x in route.cells] if info.kind == "maxpool" else [])
        self.c_grid.set_values(bwd.dinput[s, c] if bwd.dinput is not None else np.zeros(fwd.input.shape[2:]),
                               title=self.tr("∂L/∂input, channel {c}").format(c=c + 1))
        self.c_grid.set_marks("cell", [(y, x) for _c, y, x in route.cells])
        if info.kind == "maxpool":
            (_c, y, x), = route.cells
            text = self.tr("δ = {d} goes to the winner ({y}, {x}) only; the other {n} cells of the window get 0").format(
                d=cv.fmt(route.delta, 4), y=y, x=x, n=size * size - 1)
        else:
            text = self.tr("δ = {d} is shared: each of the {n} cells gets δ/{n} = {share}").format(
                d=cv.fmt(route.delta, 4), n=size * size, share=cv.fmt(route.shares[0], 4))
        self.equation.setText(text)

    # -- the numerical check ----------------------------------------------------------------------

    def run_check(self):
        """Central differences for the shown kernel weight on the traced batch (a few forward passes)."""
        if self.controller is None or self.mode != "kernel" or self.cell is None:
            return
        info = self.info
        index = (self.filter, self.channel, *self.at)
        analytic = float(self.traced.backward(info.index).grads[info.weight][index])
        check = self.controller.gradient_check(info.weight, index, analytic)
        self.check = check
        self.check_label.setText(self.tr("numerical {num} ± {unc} · backprop {ana} · relative error {err} — "
                                         "{reason}").format(num=cv.fmt(check.numerical, 5),
                                                            unc=cv.fmt(check.uncertainty, 2),
                                                            ana=cv.fmt(check.analytic, 5),
                                                            err=cv.fmt(check.relative_error, 2), reason=check.reason))

    # -- moving -----------------------------------------------------------------------------------

    def select(self, row: int, col: int):
        """The kernel weight, input cell or pooled cell (row, col) of the mode shown."""
        self.at = (row, col)
        self.redraw()

    def _on_a_clicked(self, row: int, col: int):
        if self.mode == "pool":  # the pooled δ map
            self.select(row, col)

    def _on_c_clicked(self, row: int, col: int):
        if self.mode == "pool":  # an input cell: the window it lies in
            rows, cols = self._extent()
            cfg = self.info.config
            stride = cfg.get("stride") or cfg["size"]
            row, col = min(row // stride, rows - 1), min(col // stride, cols - 1)
        self.select(row, col)

    def step_forward(self) -> bool:
        rows, cols = self._extent()
        index = self.at[0] * cols + self.at[1] + 1
        if index >= rows * cols:
            return False
        self.at = divmod(index, cols)
        self.redraw()
        return True

    def step_back(self) -> bool:
        _rows, cols = self._extent()
        index = self.at[0] * cols + self.at[1] - 1
        if index < 0:
            return False
        self.at = divmod(index, cols)
        self.redraw()
        return True

    def _on_play_forward(self):
        if not self.step_forward():
            self.steps.stop()

    def _on_mode_changed(self, index: int):
        self.mode = MODES[max(0, index)]
        self.layer_pos = 0
        self.at = (0, 0)
        if self.traced is not None:
            self._fill_choosers()
            self.redraw()

    def grids(self) -> dict:
        return {"backward a": self.a_grid, "backward b": self.b_grid, "backward c": self.c_grid}
