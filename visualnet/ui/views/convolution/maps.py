"""Feature maps of the network for the chosen sample: every conv and pooling layer's maps as a grid of
images (diverging colours, one scale per layer, with its legend), the filters as images, the shapes and
the parameter counts — all from ``convolution.feature_maps`` of the traced step.

The tiles are made once per architecture and only get new values on later steps.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from visualnet.core import convolution as cv
from visualnet.ui.views.convolution.common import caption
from visualnet.ui.views.convolution.grid import ColorLegend, GridWidget
from visualnet.ui.widgets.plotting import pt, scaled_font

COLUMNS = 12  # tiles per row
TILE = 66  # px, before the presentation scale
MAX_KERNEL_CHANNELS = 8  # a filter's channels drawn; deeper filters say how many are left out


def _tile(title: str) -> GridWidget:
    tile = GridWidget(title=title, numbers=False)
    size = int(TILE * pt(1))
    tile.setFixedSize(size, size + int(16 * pt(1)))
    return tile


class LayerBlock(QWidget):
    """One layer: its title and parameter count, a legend, its maps and (conv) its filters."""

    mapClicked = Signal(int, int)  # layer, map

    def __init__(self, maps: cv.LayerMaps, parent=None):
        super().__init__(parent)
        self.layer = maps.layer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.title = QLabel()
        self.title.setFont(scaled_font(12, bold=True))
        layout.addWidget(self.title)
        self.legend = ColorLegend("a")
        layout.addWidget(self.legend, 0, Qt.AlignLeft)
        tiles = QGridLayout()
        tiles.setSpacing(4)
        self.map_tiles = []
        for m in range(maps.shape[0]):
            tile = _tile(str(m + 1))
            tile.cellClicked.connect(lambda _r, _c, m=m: self.mapClicked.emit(self.layer, m))
            tiles.addWidget(tile, m // COLUMNS, m % COLUMNS, Qt.AlignLeft)
            self.map_tiles.append(tile)
        layout.addLayout(tiles)
        self.kernel_tiles = []
        self.kernel_note = None
        if maps.kernels is not None:
            f, c = maps.kernels.shape[:2]
            self.kernel_note = caption()
            layout.addWidget(self.kernel_note)
            self.kernel_legend = ColorLegend("W")
            layout.addWidget(self.kernel_legend, 0, Qt.AlignLeft)
            kernels = QGridLayout()
            kernels.setSpacing(4)
            for ch in range(min(c, MAX_KERNEL_CHANNELS)):
                for fi in range(f):
                    tile = _tile(f"{fi + 1}" if c == 1 else f"{fi + 1}·{ch + 1}")
                    tile.cellClicked.connect(lambda _r, _c, fi=fi: self.mapClicked.emit(self.layer, fi))
                    kernels.addWidget(tile, (ch * ((f + COLUMNS - 1) // COLUMNS)) + fi // COLUMNS, fi % COLUMNS,
                                      Qt.AlignLeft)
                    self.kernel_tiles.append(((fi, ch), tile))
            layout.addLayout(kernels)
        self.set_maps(maps)

    def set_maps(self, maps: cv.LayerMaps):
        self.title.setText(f"{maps.title}" + (f" · {maps.parameters}" if maps.parameters else ""))
        scale = float(np.max(np.abs(maps.maps))) or 1.0
        self.legend.set_scale(scale, "a")
        for tile, values in zip(self.map_tiles, maps.maps):
            tile.set_values(values, scale=scale)
        if maps.kernels is not None:
            f, c = maps.kernels.shape[:2]
            k_scale = float(np.max(np.abs(maps.kernels))) or 1.0
            self.kernel_legend.set_scale(k_scale, "W")
            for (fi, ch), tile in self.kernel_tiles:
                tile.set_values(maps.kernels[fi, ch], scale=k_scale)
            note = self.tr("the {f} filters ({c} channels each, one row per channel)").format(f=f, c=c) if c > 1 \
                else self.tr("the {f} filters").format(f=f)
            if c > MAX_KERNEL_CHANNELS:
                note += " " + self.tr("— the first {m} channels shown").format(m=MAX_KERNEL_CHANNELS)
            self.kernel_note.setText(note)


class MapsPanel(QScrollArea):
    """Every conv/pool layer's maps for the traced sample, top to bottom; clicking a map or filter opens it
    in the forward panel (``mapClicked(layer, map)``)."""

    mapClicked = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.header = QLabel()
        self.header.setFont(scaled_font(12))
        self.header.setWordWrap(True)
        self.column.addWidget(self.header)
        self.input_row = QGridLayout()
        self.column.addLayout(self.input_row)
        self.column.addStretch(1)
        self.setWidget(self.content)
        self.blocks: list[LayerBlock] = []
        self.input_tiles: list[GridWidget] = []
        self.layer_maps: list[cv.LayerMaps] = []
        self._key = None

    def show_traced(self, traced):
        self.layer_maps = cv.feature_maps(traced.trace, traced.layers, traced.sample)
        image = np.asarray(traced.trace.batch_x[traced.sample]).reshape(traced.layers[0].input_shape)
        key = (image.shape, tuple((m.layer, m.shape, None if m.kernels is None else m.kernels.shape)
                                  for m in self.layer_maps))
        if key != self._key:
            self._rebuild(image.shape[0])
            self._key = key
        self.header.setText(self.tr("Sample {s} of the batch (class {t}), step {n}: its input, then every conv and "
                                    "pooling layer's maps, each layer on its own colour scale.").format(
            s=traced.sample + 1, t=traced.label, n=traced.trace.step))
        scale = float(np.max(np.abs(image))) or 1.0
        for tile, values in zip(self.input_tiles, image):
            tile.set_values(values, scale=scale)
        for block, maps in zip(self.blocks, self.layer_maps):
            block.set_maps(maps)

    def _rebuild(self, channels: int):
        for widget in [*self.blocks, *self.input_tiles]:
            widget.setParent(None)
            widget.deleteLater()
        self.input_tiles = []
        for c in range(channels):
            tile = _tile(self.tr("input") if channels == 1 else self.tr("input {c}").format(c=c + 1))
            self.input_row.addWidget(tile, 0, c, Qt.AlignLeft)
            self.input_tiles.append(tile)
        self.input_row.setColumnStretch(channels, 1)
        self.blocks = []
        for maps in self.layer_maps:
            block = LayerBlock(maps)
            block.mapClicked.connect(self.mapClicked)
            self.column.insertWidget(self.column.count() - 1, block)
            self.blocks.append(block)

    def grids(self) -> dict:
        out = {}
        for block, maps in zip(self.blocks, self.layer_maps):
            for m, tile in enumerate(block.map_tiles):
                out[f"{maps.title} map {m + 1}"] = tile
        return out
