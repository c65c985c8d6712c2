"""Pooling stepped one window at a time (max marks the winner, average writes the mean), and location
invariance: how much each conv and pooling layer's maps change when the input moves by one pixel.

The source is a pooling layer of the network (its traced input); a network without one pools its conv
layers' maps 2×2 here, so max and average can still be compared. Every cell is ``convolution.pool_cell``;
the shift is ``convolution.shift_comparison``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from visualnet.core import convolution as cv
from visualnet.ui.views.convolution.common import (
    StepBar,
    caption,
    chooser,
    equation_label,
    fill_combo,
    layer_title,
)
from visualnet.ui.views.convolution.grid import GridWidget
from visualnet.ui.widgets.plotting import scaled_font

CONV_BAR, POOL_BAR = "#0877bd", "#198754"  # the diverging map's blue; the winner's green


@dataclass(frozen=True)
class Source:
    """What is pooled: a layer's traced input maps, the window, and the layer's own kind (None: pooled here)."""

    layer: object  # LayerInfo of the pooling layer, or of the conv layer whose maps are pooled here
    size: int
    stride: int
    kind: str | None


def sources(layers) -> list[Source]:
    """The network's pooling layers; without any, each conv layer's maps under a 2×2 window (stride 2 when
    it fits, else 1)."""
    pools = [Source(info, info.config["size"], info.config.get("stride") or info.config["size"],
                    "max" if info.kind == "maxpool" else "avg") for info in layers if info.kind in ("maxpool", "avgpool")]
    if pools:
        return pools
    convs = []
    for info in layers:
        if info.kind == "conv2d":
            h = info.output_shape[1]
            stride = 2 if cv.output_size(h, 2, 0, 2).whole else 1
            convs.append(Source(info, 2, stride, None))
    return convs


class PoolingPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.traced = None
        self.net = None
        self.sources = []
        self.source_pos = self.channel = self.row = self.col = 0
        self.kind = None  # "max" / "avg"; None: the layer's own
        self.cell = None
        self.changes = []
        layout = QVBoxLayout(self)
        choosers = QHBoxLayout()
        self.source_box, self.channel_box, self.kind_box = chooser(14), chooser(), chooser(6)
        self.kind_box.addItem(self.tr("max"), "max")
        self.kind_box.addItem(self.tr("average"), "avg")
        for text, box in ((self.tr("layer"), self.source_box), (self.tr("channel"), self.channel_box),
                          (self.tr("pooling"), self.kind_box)):
            label = caption(text)
            label.setBuddy(box)
            choosers.addWidget(label)
            choosers.addWidget(box)
        self.shift_box = QCheckBox(self.tr("shift the input by one pixel"))
        self.shift_box.setToolTip(self.tr("Move the sample one pixel to the right and compare every conv and "
                                          "pooling layer's maps with the unshifted ones"))
        choosers.addStretch(1)
        layout.addLayout(choosers)
        self.steps = StepBar()
        self.steps.layout().insertWidget(3, self.shift_box)
        layout.addWidget(self.steps)
        grids = QGridLayout()
        self.input_grid = GridWidget(max_cell=40)
        self.window_grid = GridWidget(max_cell=52)
        self.output_grid = GridWidget(max_cell=40)
        arrow = QLabel("→")
        arrow.setFont(scaled_font(20, bold=True))
        for col, widget in enumerate((self.input_grid, self.window_grid, arrow, self.output_grid)):
            grids.addWidget(widget, 0, col)
        grids.setColumnStretch(0, 4)
        grids.setColumnStretch(1, 2)
        grids.setColumnStretch(3, 3)
        layout.addLayout(grids, 1)
        self.equation = equation_label()
        layout.addWidget(self.equation)
        self.shift_label = equation_label()
        layout.addWidget(self.shift_label)
        self.source_box.currentIndexChanged.connect(self._on_source_changed)
        self.channel_box.currentIndexChanged.connect(self._on_channel_changed)
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        self.shift_box.toggled.connect(self._show_shift)
        self.steps.forward.connect(self._on_play_forward)
        self.steps.back.connect(self.step_back)
        self.output_grid.cellClicked.connect(self.select_cell)

    @property
    def source(self) -> Source:
        return self.sources[self.source_pos]

    @property
    def shown_kind(self) -> str:
        return self.kind or self.source.kind or "max"

    def show_traced(self, traced, net):
        self.traced, self.net = traced, net
        self.sources = sources(traced.layers)
        self.source_pos = min(self.source_pos, len(self.sources) - 1)
        titles = [layer_title(s.layer) if s.kind else self.tr("{conv}, pooled {k}×{k} here (S = {s})").format(
            conv=layer_title(s.layer), k=s.size, s=s.stride) for s in self.sources]
        fill_combo(self.source_box, titles, self.source_pos)
        self._fill_choosers()
        self.redraw()
        if self.shift_box.isChecked():
            self._show_shift(True)

    def _fill_choosers(self):
        src = self.source
        channels = src.layer.input_shape[0] if src.kind else src.layer.output_shape[0]
        self.channel = min(self.channel, channels - 1)
        fill_combo(self.channel_box, [str(c + 1) for c in range(channels)], self.channel)
        kind = self.kind or src.kind or "max"
        self.kind_box.blockSignals(True)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.blockSignals(False)
        oh, ow = self.output_shape
        self.row, self.col = min(self.row, oh - 1), min(self.col, ow - 1)

    def maps(self) -> np.ndarray:
        """The pooled maps (C, H, W) of the traced sample: the pooling layer's input, or the conv layer's a."""
        event = self.traced.forward(self.source.layer.index)
        return (event.input if self.source.kind else event.a)[self.traced.sample]

    @property
    def output_shape(self) -> tuple[int, int]:
        h, w = self.maps().shape[1:]
        return (cv.output_size(h, self.source.size, 0, self.source.stride).value,
                cv.output_size(w, self.source.size, 0, self.source.stride).value)

    def output(self) -> np.ndarray:
        """The pooled map of the chosen channel: the layer's own output when it is the layer's kind, else
        every window of ``pool_cell`` (what the other kind would give)."""
        src = self.source
        if src.kind is not None and self.shown_kind == src.kind:
            return self.traced.forward(src.layer.index).a[self.traced.sample, self.channel]
        oh, ow = self.output_shape
        x = self.maps()
        return np.array([[cv.pool_cell(x, self.shown_kind, src.size, src.stride, self.channel, r, c).value
                          for c in range(ow)] for r in range(oh)])

    def redraw(self):
        if self.traced is None or not self.sources:
            return
        src, x, c = self.source, self.maps(), self.channel
        k = src.size
        cell = cv.pool_cell(x, self.shown_kind, k, src.stride, c, self.row, self.col)
        self.cell = cell
        self.input_grid.set_values(x[c], title=self.tr("input, channel {c}").format(c=c + 1))
        self.input_grid.set_marks("window", [(cell.top + i, cell.left + j) for i in range(k) for j in range(k)])
        self.window_grid.set_values(cell.window, scale=self.input_grid.scale, title=self.tr("window"))
        if cell.winner is not None:
            i, j = cell.winner
            self.input_grid.set_marks("winner", [(cell.top + i, cell.left + j)])
            self.window_grid.set_marks("winner", [cell.winner])
        else:
            self.input_grid.set_marks("winner", [])
            self.window_grid.set_marks("winner", [])
        name = self.tr("max pool") if self.shown_kind == "max" else self.tr("average pool")
        self.output_grid.set_values(self.output(), scale=self.input_grid.scale,
                                    title=self.tr("{name} {k}×{k}, S = {s}").format(name=name, k=k, s=src.stride))
        self.output_grid.set_marks("cell", [(self.row, self.col)])
        lines = [f"[{self.row}, {self.col}] = {cell.equation}"]
        if cell.winner is not None:
            lines.append(self.tr("the winner is marked green: backward, all of δ goes to it"))
        else:
            lines.append(self.tr("backward, every cell of the window gets δ/{n}").format(n=k * k))
        if src.kind is not None and self.shown_kind != src.kind:
            lines.append(self.tr("(what this pooling would give: the network's layer pools differently)"))
        elif src.kind is None:
            lines.append(self.tr("(pooled here: this network has no pooling layer)"))
        self.equation.setText("<br>".join(lines))
        oh, ow = self.output_shape
        self.steps.where.setText(self.tr("window ({r}, {c}) of {oh}×{ow}").format(r=self.row, c=self.col, oh=oh, ow=ow))

    # -- location invariance -------------------------------------------------------------------

    def _show_shift(self, on: bool):
        if not on or self.traced is None or self.net is None:
            self.changes = []
            self.shift_label.setText("")
            return
        image = self.traced.trace.batch_x[self.traced.sample]
        self.changes = cv.shift_comparison(self.net, image, 0, 1)
        rows = []
        for layer, kind, change in self.changes:
            info = self.traced.layers[layer]
            bar = "█" * max(1, round(20 * min(change, 1.0)))
            color = CONV_BAR if kind == "conv2d" else POOL_BAR
            rows.append(f"<tr><td>{layer_title(info)}</td><td>&nbsp;<span style='color:{color}'>{bar}</span>&nbsp;"
                        f"</td><td><b>{100 * change:.0f} %</b></td></tr>")
        verdict = ""
        convs = [ch for _l, kind, ch in self.changes if kind == "conv2d"]
        pools = [ch for _l, kind, ch in self.changes if kind != "conv2d"]
        if convs and pools:
            verdict = self.tr("The pooled maps change less than the conv maps: pooling keeps a window's "
                              "strongest response wherever in the window it lies.") if min(pools) < max(convs) else \
                self.tr("Here the pooled maps change as much as the conv maps: a one-pixel move crossed the "
                        "pooling windows' borders.")
        self.shift_label.setText(self.tr("How much each layer's maps change (‖after − before‖ / ‖before‖) when "
                                         "the sample moves one pixel right (current weights):") +
                                 f"<table>{''.join(rows)}</table>{verdict}")

    # -- moving ---------------------------------------------------------------------------------

    def select_cell(self, row: int, col: int):
        self.row, self.col = row, col
        self.redraw()

    def step_forward(self) -> bool:
        oh, ow = self.output_shape
        index = self.row * ow + self.col + 1
        if index >= oh * ow:
            return False
        self.row, self.col = divmod(index, ow)
        self.redraw()
        return True

    def step_back(self) -> bool:
        _oh, ow = self.output_shape
        index = self.row * ow + self.col - 1
        if index < 0:
            return False
        self.row, self.col = divmod(index, ow)
        self.redraw()
        return True

    def _on_play_forward(self):
        if not self.step_forward():
            self.steps.stop()

    def _on_source_changed(self, index: int):
        self.source_pos = max(0, index)
        self.kind = None
        self._fill_choosers()
        self.redraw()

    def _on_channel_changed(self, index: int):
        self.channel = max(0, index)
        self.redraw()

    def _on_kind_changed(self, index: int):
        self.kind = self.kind_box.itemData(index)
        self.redraw()

    def grids(self) -> dict:
        return {"pooling input": self.input_grid, "pooling window": self.window_grid,
                "pooled": self.output_grid}
