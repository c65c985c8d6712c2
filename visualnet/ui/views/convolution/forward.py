"""Forward through a conv layer, one output cell at a time, with the traced step's real numbers.

Top: the padded input with the receptive field lit, the output map z with the cell lit, and a = act(z).
Below: the window, the kernel and their products, then the sum written out (``convolution.conv_cell``) and
the activation. Several input channels: the chosen channel's products, and the sum over the channels.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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
from visualnet.ui.widgets.plotting import scaled_font

MAX_CHANNEL_TERMS = 50  # a channel's products written out; longer windows end with "…"


class ForwardPanel(LayerChoosers, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.traced = None
        self.layer_pos = self.filter = self.channel = self.row = self.col = 0
        self.cell = None  # the ConvCell shown
        layout = QVBoxLayout(self)
        choosers = QHBoxLayout()
        self.layer_box, self.filter_box, self.channel_box = chooser(20), chooser(), chooser()
        for text, box, tip in ((self.tr("layer"), self.layer_box, self.tr("Which conv layer of the network")),
                               (self.tr("filter"), self.filter_box, self.tr("Which filter (output map) is computed")),
                               (self.tr("channel"), self.channel_box,
                                self.tr("Which input channel's window and kernel are drawn (the sum runs over all)"))):
            label = caption(text)
            label.setBuddy(box)
            box.setToolTip(tip)
            choosers.addWidget(label)
            choosers.addWidget(box)
        choosers.addStretch(1)
        layout.addLayout(choosers)
        self.steps = StepBar()
        layout.addWidget(self.steps)
        maps = QHBoxLayout()
        self.input_grid = GridWidget(numbers=True, max_cell=40)
        self.z_grid = GridWidget(numbers=True, max_cell=40)
        self.a_grid = GridWidget(numbers=True, max_cell=40)
        for grid in (self.input_grid, self.z_grid, self.a_grid):
            maps.addWidget(grid, 1)
        layout.addLayout(maps, 3)
        detail = QGridLayout()
        self.window_grid = GridWidget(max_cell=52)
        self.kernel_grid = GridWidget(max_cell=52)
        self.product_grid = GridWidget(max_cell=52)
        for grid in (self.window_grid, self.kernel_grid, self.product_grid):
            grid.digits = 3  # as the written sum below
        signs = [QLabel("×"), QLabel("=")]
        for sign in signs:
            sign.setFont(scaled_font(20, bold=True))
        for col, widget in enumerate((self.window_grid, signs[0], self.kernel_grid, signs[1], self.product_grid)):
            detail.addWidget(widget, 0, col)
        for col in (0, 2, 4):
            detail.setColumnStretch(col, 1)
        layout.addLayout(detail, 2)
        self.equation = equation_label()
        layout.addWidget(self.equation)
        self.note = caption()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.channel_box.currentIndexChanged.connect(self._on_channel_changed)
        self.steps.forward.connect(self._on_play_forward)
        self.steps.back.connect(self.step_back)
        self.z_grid.cellClicked.connect(self.select_cell)
        self.a_grid.cellClicked.connect(self.select_cell)

    # -- what is shown ----------------------------------------------------------------------------

    @property
    def info(self):
        return self.traced.conv_layers()[self.layer_pos]

    @property
    def output_shape(self) -> tuple[int, int]:
        return tuple(self.info.output_shape[1:])

    def show_traced(self, traced):
        """Draw ``traced`` (a :class:`Traced` with at least one conv layer), keeping the chosen cell."""
        self.traced = traced
        layers = traced.conv_layers()
        self.layer_pos = min(self.layer_pos, len(layers) - 1)
        fill_combo(self.layer_box, [layer_title(info) for info in layers], self.layer_pos)
        self._fill_choosers()
        self.redraw()

    def open_map(self, layer: int, filter_index: int):
        """Show conv layer ``layer`` (its index in the network) and filter ``filter_index`` (the maps' tiles)."""
        positions = [info.index for info in self.traced.conv_layers()]
        if layer in positions:
            self.layer_box.setCurrentIndex(positions.index(layer))
            self.filter_box.setCurrentIndex(filter_index)

    def _fill_choosers(self):
        info = self.info
        filters, channels = info.config["filters"], info.input_shape[0]
        self.filter = min(self.filter, filters - 1)
        self.channel = min(self.channel, channels - 1)
        fill_combo(self.filter_box, [str(f + 1) for f in range(filters)], self.filter)
        fill_combo(self.channel_box, [str(c + 1) for c in range(channels)], self.channel)
        oh, ow = self.output_shape
        self.row, self.col = min(self.row, oh - 1), min(self.col, ow - 1)

    def redraw(self):
        if self.traced is None:
            return
        info, traced, s = self.info, self.traced, self.traced.sample
        cfg = info.config
        stride, pad, k = cfg.get("stride", 1), cfg.get("pad", 0), cfg["kernel"]
        event = traced.forward(info.index)
        params = traced.params
        W, b = params[info.weight], params[info.bias]
        f, c = self.filter, self.channel
        cell = cv.conv_cell(event.input[s], W, b, f, self.row, self.col, stride, pad)
        self.cell = cell
        padded = cv.pad_input(event.input[s], pad)[c]
        channel_text = self.tr(", channel {c}").format(c=c + 1) if info.input_shape[0] > 1 else ""
        self.input_grid.set_values(padded, pad=pad, title=self.tr("input x{channel} (padded by {p})").format(
            channel=channel_text, p=pad) if pad else self.tr("input x{channel}").format(channel=channel_text))
        self.input_grid.set_marks("window", [(cell.top + i, cell.left + j) for i in range(k) for j in range(k)])
        self.z_grid.set_values(event.z[s, f], title=self.tr("z, filter {f}").format(f=f + 1))
        self.z_grid.set_marks("cell", [(self.row, self.col)])
        act = info.activation or "identity"
        self.a_grid.set_values(event.a[s, f], title=self.tr("a = {act}(z)").format(act=act))
        self.a_grid.set_marks("cell", [(self.row, self.col)])
        self.window_grid.set_values(cell.window[c], padding=cell.on_padding[c],
                                    title=self.tr("window x[{r}:{r2}, {c0}:{c2}]").format(
                                        r=cell.top, r2=cell.top + k, c0=cell.left, c2=cell.left + k))
        self.kernel_grid.set_values(cell.kernel[c], title=self.tr("kernel W[{f}, {c}]").format(f=f + 1, c=c + 1))
        self.product_grid.set_values(cell.products[c], title=self.tr("products x·w"))
        self.equation.setText(self.equation_html(cell, event, act))
        oh, ow = self.output_shape
        self.steps.where.setText(self.tr("cell ({r}, {c}) of {oh}×{ow}, filter {f} of {n}").format(
            r=self.row, c=self.col, oh=oh, ow=ow, f=f + 1, n=cfg["filters"]))
        notes = []
        if info.batch_norm:
            notes.append(self.tr("This layer has batch norm: the written sum is the convolution's output before "
                                 "batch norm; z and a are after it."))
        notes.append(self.tr("Weights: those the step started from (step {n}); sample {s} of the batch.").format(
            n=traced.trace.step, s=s + 1))
        self.note.setText(" ".join(notes))

    def equation_html(self, cell, event, act: str) -> str:
        s, f, r, c = self.traced.sample, self.filter, self.row, self.col
        z = float(event.z[s, f, r, c])
        a = float(event.a[s, f, r, c])
        lines = []
        where = f"[{f + 1}, {r}, {c}]"
        channels = len(cell.channel_sums)
        if channels == 1:
            lines.append(f"z{where} = {cell.sum.equation(3, max_terms=MAX_CHANNEL_TERMS)}")
        else:
            ch = self.channel
            terms = [f"{cv.fmt(x)}×{cv.fmt(w)}" for x, w in zip(cell.window[ch].ravel(), cell.kernel[ch].ravel())]
            if len(terms) > MAX_CHANNEL_TERMS:
                terms = [*terms[:MAX_CHANNEL_TERMS], "…"]
            lines.append(self.tr("channel {c}: {terms} = {sum}").format(
                c=ch + 1, terms=" + ".join(terms), sum=cv.fmt(cell.channel_sums[ch])))
            sums = [cv.fmt(v) for v in cell.channel_sums]
            lines.append(self.tr("z{where} = sum over the {n} channels + b = {sums} + {b} = {z}").format(
                where=where, n=channels, sums=" + ".join(sums), b=cv.fmt(cell.sum.bias), z=cv.fmt(cell.value)))
        lines.append(self.tr("the layer computed z = {z}").format(z=cv.fmt(z, 6)))
        if act in ("identity", "linear"):
            lines.append(f"a = z = {cv.fmt(a)}")
        else:
            lines.append(f"a = {act}(z) = {act}({cv.fmt(z)}) = <b>{cv.fmt(a)}</b>")
        return "<br>".join(lines)

    # -- moving ----------------------------------------------------------------------------------

    def select_cell(self, row: int, col: int):
        self.row, self.col = row, col
        self.redraw()

    def step_forward(self) -> bool:
        """The next output cell (then the next filter's first); False at the very last."""
        oh, ow = self.output_shape
        index = self.row * ow + self.col + 1
        if index < oh * ow:
            self.row, self.col = divmod(index, ow)
        elif self.filter + 1 < self.info.config["filters"]:
            self.row = self.col = 0
            self.filter_box.setCurrentIndex(self.filter + 1)  # redraws
            return True
        else:
            return False
        self.redraw()
        return True

    def step_back(self) -> bool:
        oh, ow = self.output_shape
        index = self.row * ow + self.col - 1
        if index >= 0:
            self.row, self.col = divmod(index, ow)
        elif self.filter > 0:
            self.row, self.col = oh - 1, ow - 1
            self.filter_box.setCurrentIndex(self.filter - 1)
            return True
        else:
            return False
        self.redraw()
        return True

    def _on_play_forward(self):
        if not self.step_forward():
            self.steps.stop()

    def grids(self) -> dict:
        """The grids shown, by name (CSV export, tests)."""
        return {"input": self.input_grid, "z": self.z_grid, "a": self.a_grid, "window": self.window_grid,
                "kernel": self.kernel_grid, "products": self.product_grid}
