"""Where everything of the node graph sits: columns of neurons (or collapsed blocks), edge groups, the
headers, the phase tag and the output map — built once per architecture, and the picking of a scene
point back to a node, bias or edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QT_TR_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem, QGraphicsScene

from visualnet.core.frame import MAP_KINDS, Selection
from visualnet.ui.i18n import tr
from visualnet.ui.views.network.items import (
    BlockItem,
    EdgeLines,
    MapStackItem,
    NodeItem,
    TextItem,
    add_arrow,
    segment_distances,
)

# what a layer kind is called on its column; recurrent kinds keep their names, as the notes write them
KIND_NAMES = {"conv2d": QT_TR_NOOP("convolution"), "maxpool": QT_TR_NOOP("max pooling"),
              "avgpool": QT_TR_NOOP("average pooling"), "flatten": QT_TR_NOOP("flatten")}
RECURRENT_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def kind_name(kind: str) -> str:
    return tr(KIND_NAMES[kind]) if kind in KIND_NAMES else RECURRENT_NAMES.get(kind, kind)

MAX_EXPANDED = 32  # wider layers are drawn as one labelled block
NODE = 40  # node side in scene units
PITCH = 58  # vertical distance between node centres
COLUMN_GAP = 205
BLOCK_W, BLOCK_H = 76, 330
# a conv / pool / flatten layer (or an image input): its first maps as tiles, two by two, in a wider block
TILE, TILE_GAP, TILE_COLUMNS, MAX_TILES = 52, 8, 2, 8
MAP_W = TILE_COLUMNS * TILE + (TILE_COLUMNS + 1) * TILE_GAP
MAP_H = BLOCK_H + 50  # four rows of tiles, "+ k more", and the shape and scale under them
BIAS = 13
OUTPUT_MAP = 150  # side of the enlarged output map under a single-output 2-D network
BACKWARD = QColor(142, 68, 173)
LOSS = QColor(220, 60, 60)


@dataclass
class Column:
    layer: int  # config layer index, −1 for the input
    title: str
    units: int | None  # None for blocks whose size is not a unit count (conv, pool, flatten)
    collapsed: bool
    x: float
    ys: np.ndarray  # node centres (expanded) or the unit positions along the block's strip
    top: float
    bottom: float
    info: object | None = None  # the layer's LayerInfo (None for the input)
    has_bias: bool = False
    nodes: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    biases: list = field(default_factory=list)
    box: BlockItem | None = None
    glow: QGraphicsRectItem | None = None
    maps: int = 0  # channels of a layer drawn as map tiles (0: drawn as nodes or a block)
    stack: MapStackItem | None = None
    tiles: list = field(default_factory=list)  # the tiles' scene rectangles, maps 0, 1, … in order

    @property
    def half_width(self) -> float:
        return MAP_W / 2 if self.maps else BLOCK_W / 2 if self.collapsed else NODE / 2

    @property
    def left(self):
        return self.x - self.half_width

    @property
    def right(self):
        return self.x + self.half_width


@dataclass
class EdgeGroup:
    """The edges into column ``layer``: 'full' (one line per weight), 'to_nodes' / 'from_nodes' (one line
    per node of the expanded side, for the mean |w| of its bundle), 'band' (one ribbon) or 'plain'."""

    layer: int
    kind: str
    n_in: int
    n_out: int
    items: list
    p0: np.ndarray  # (M, 2) scene end points, for picking
    p1: np.ndarray
    arrows: QGraphicsPathItem | None = None
    codes: np.ndarray | None = None
    widths: np.ndarray | None = None
    opacity: float = 1.0


class GraphLayout:
    """Builds the scene for a network's layers and answers geometry questions about it."""

    def __init__(self, scene: QGraphicsScene, layers, input_shape: tuple, base_font: QFont, output_map: bool,
                 text_scale: float = 1.0, palette=None):
        self.scene = scene
        self.palette = palette
        self.layers = layers
        self.input_shape = input_shape
        self.header_font, self.small_font, self.big_font = _fonts(base_font, text_scale)
        self.text_scale = text_scale
        self.pitch = PITCH * text_scale  # larger text (presentation mode) needs taller rows for 3-line labels
        self.columns: list[Column] = []
        self.edge_groups: dict[int, EdgeGroup] = {}
        scene.clear()
        n_in = int(np.prod(input_shape))
        sizes = [(-1, n_in, None)] + [(info.index, info.units if info.dense else None, info) for info in layers]
        for k, (layer, units, info) in enumerate(sizes):
            collapsed = units is None or units > MAX_EXPANDED or (layer == -1 and len(input_shape) > 1)
            shape = self._map_shape(info)
            h = MAP_H if shape else BLOCK_H if collapsed else units * self.pitch
            top, bottom = -h / 2, h / 2
            if collapsed:
                n = units or 1
                ys = top + 8 + (np.arange(n) + 0.5) * (h - 70) / n
            else:
                ys = top + (np.arange(units) + 0.5) * self.pitch
            self.columns.append(Column(layer, self._title(info, units), units, collapsed, k * COLUMN_GAP, ys, top,
                                       bottom, info, has_bias=info is not None and info.bias is not None,
                                       maps=shape[0] if shape else 0))
        self.top = min(c.top for c in self.columns)
        self.tag_y = self.top - 40  # the phase tag sits above the highest header
        self.bottom = max(c.bottom for c in self.columns)
        for col in self.columns:
            self._build_column(col)
        for k in range(1, len(self.columns)):
            self._build_edges(self.columns[k - 1], self.columns[k])
        self._build_decorations(output_map)

    # -- building ---------------------------------------------------------------------------------

    def _title(self, info, units) -> str:
        if info is None:
            if len(self.input_shape) > 1:
                return tr("input") + " " + "×".join(str(s) for s in self.input_shape)
            return tr("input") + f" ({units})"
        cfg = info.config
        if info.kind == "conv2d":
            return tr("conv {i}: {filters}@{k}×{k}, {act}").format(i=info.index + 1, filters=cfg["filters"],
                                                                      k=cfg["kernel"], act=info.activation)
        if info.kind in ("maxpool", "avgpool"):
            return kind_name(info.kind) + f" {cfg['size']}×{cfg['size']}"
        if info.kind != "dense":
            return kind_name(info.kind)
        extras = (" +BN" if info.batch_norm else "") + (" +" + tr("dropout") + f" {info.dropout:g}" if info.dropout else "")
        act = info.activation or "linear"
        head = tr("output") if info.is_output else tr("hidden") + f" {info.index + 1}"
        return f"{head}: {act} ({units}){extras}"

    def _map_shape(self, info) -> tuple | None:
        """(C, H, W) of the maps a column shows as tiles (a flatten layer: those it reads), or None."""
        if info is None:
            shape = self.input_shape
        elif info.kind in MAP_KINDS:
            shape = info.input_shape if info.kind == "flatten" else info.output_shape
        else:
            return None
        return tuple(shape) if len(shape) == 3 else None

    def _build_stack(self, col: Column):
        rect = QRectF(col.left, col.top, MAP_W, col.bottom - col.top)
        if col.maps == 1:  # one map (a grey image, a single filter): one big tile
            side = MAP_W - 2 * TILE_GAP
            col.tiles.append(QRectF(col.left + TILE_GAP, col.top + TILE_GAP, side, side))
        for k in range(min(col.maps, MAX_TILES) if col.maps > 1 else 0):
            row, column = divmod(k, TILE_COLUMNS)
            col.tiles.append(QRectF(col.left + TILE_GAP + column * (TILE + TILE_GAP),
                                    col.top + TILE_GAP + row * (TILE + TILE_GAP), TILE, TILE))
        bottom = max(rect.bottom() for rect in col.tiles)
        more = col.maps - len(col.tiles)
        shape = self._map_shape(col.info)
        label = "×".join(str(n) for n in shape)
        if col.info is not None and col.info.kind == "flatten":
            label += f" → {int(np.prod(shape))}"
        stack = MapStackItem(rect, col.tiles, bottom + TILE_GAP,
                             tr("+ {k} more").format(k=more) if more > 0 else "", label, self.small_font)
        stack.setZValue(2)
        self.scene.addItem(stack)
        col.stack = stack

    def _build_column(self, col: Column):
        header = TextItem(self.header_font, "center", "bottom", box=False)
        header.set_text(self._wrapped(col.title))
        header.setPos(col.x, self.top - 22)
        self.tag_y = min(self.tag_y, self.top - 22 - header.boundingRect().height() - 4)
        self.scene.addItem(header)
        glow = QGraphicsRectItem(QRectF(col.left - 14, col.top - 14, col.right - col.left + 28,
                                        col.bottom - col.top + 28))
        glow.setZValue(-2)
        glow.setVisible(False)
        self.scene.addItem(glow)
        col.glow = glow
        if col.maps:
            self._build_stack(col)
            return
        if col.collapsed:
            box = BlockItem(QRectF(col.left, col.top, BLOCK_W, col.bottom - col.top), self._block_label(col),
                            self.small_font)
            box.setZValue(2)
            self.scene.addItem(box)
            col.box = box
            return
        align = "right" if col.layer == -1 else "left"
        for y in col.ys:
            node = NodeItem(NODE)
            node.setPos(col.x, y)
            node.setZValue(2)
            self.scene.addItem(node)
            col.nodes.append(node)
            text = TextItem(self.small_font, align, "center")
            text.setPos(col.x + (-(NODE / 2 + 5) if col.layer == -1 else NODE / 2 + 5), y)
            text.setZValue(4)
            self.scene.addItem(text)
            col.texts.append(text)
            if col.has_bias:
                bias = QGraphicsRectItem(QRectF(-BIAS / 2, -BIAS / 2, BIAS, BIAS))
                bias.setPos(col.x - NODE / 2 - 1, y + NODE / 2 - 1)
                bias.setPen(QPen(QColor(80, 80, 80), 1))
                bias.setZValue(3)
                self.scene.addItem(bias)
                col.biases.append(bias)

    def _wrapped(self, title: str) -> str:
        """A header that fits its column: 'hidden 3: leaky_relu (16)' → 'hidden 3' over 'leaky_relu (16)'."""
        metrics = QFontMetricsF(self.header_font)
        room = COLUMN_GAP - 16
        if metrics.horizontalAdvance(title) <= room:
            return title
        if ": " not in title:  # 'max pooling 2×2' → 'max pooling' over '2×2'
            return "\n".join(title.rsplit(" ", 1))
        head, rest = title.split(": ", 1)
        if metrics.horizontalAdvance(rest) > room and " +" in rest:
            rest = rest.replace(" +", "\n+", 1)
        return f"{head}\n{rest}"

    def _block_label(self, col: Column) -> str:
        if col.layer == -1:
            return tr("{n} inputs").format(n=int(np.prod(self.input_shape)))
        if col.units is not None:
            return tr("{n} units").format(n=col.units)
        return kind_name(col.info.kind)

    def _build_edges(self, src: Column, dst: Column):
        info = dst.info
        n_in, n_out = (src.units or 1), (dst.units or 1)
        items, p0, p1 = [], [], []
        x0, x1 = src.right, dst.left
        if not info.weight:
            kind = "plain"
        elif not info.dense or (src.collapsed and dst.collapsed):
            kind = "band"
        elif src.collapsed:
            kind = "to_nodes"
        elif dst.collapsed:
            kind = "from_nodes"
        else:
            kind = "full"
        if kind == "full":
            for i in range(n_in):
                for j in range(n_out):
                    p0.append((x0, src.ys[i]))
                    p1.append((x1, dst.ys[j]))
        elif kind == "to_nodes":
            for j in range(n_out):
                p0.append((x0, float(np.clip(dst.ys[j], src.top + 10, src.bottom - 10))))
                p1.append((x1, dst.ys[j]))
        elif kind == "from_nodes":
            for i in range(n_in):
                p0.append((x0, src.ys[i]))
                p1.append((x1, float(np.clip(src.ys[i], dst.top + 10, dst.bottom - 10))))
        if kind in ("full", "to_nodes", "from_nodes"):
            lines = EdgeLines(np.array(p0, dtype=float).reshape(-1, 2), np.array(p1, dtype=float).reshape(-1, 2),
                              self.palette)
            lines.setZValue(0)
            self.scene.addItem(lines)
            items.append(lines)
        else:
            path = QPainterPath()
            inset_src = 30 if src.collapsed else 0
            inset_dst = 30 if dst.collapsed else 0
            path.addPolygon(QPolygonF([QPointF(x0, src.top + inset_src), QPointF(x1, dst.top + inset_dst),
                                       QPointF(x1, dst.bottom - inset_dst - 60 * dst.collapsed),
                                       QPointF(x0, src.bottom - inset_src - 60 * src.collapsed)]))
            band = QGraphicsPathItem(path)
            band.setPen(Qt.NoPen)
            band.setZValue(0)
            self.scene.addItem(band)
            items.append(band)
        arrows = None
        if kind != "plain":
            path = QPainterPath()
            tips: list[QPointF] = []
            for a, b in zip(p0, p1) if p0 else [((x0, 0.0), (x1, 0.0))]:
                add_arrow(path, QPointF(*a), QPointF(*b), tips)
            arrows = QGraphicsPathItem(path)
            arrows.setPen(Qt.NoPen)
            arrows.setBrush(BACKWARD)
            arrows.setZValue(1)
            arrows.setVisible(False)
            self.scene.addItem(arrows)
        self.edge_groups[dst.layer] = EdgeGroup(dst.layer, kind, n_in, n_out, items,
                                                np.array(p0, dtype=float).reshape(-1, 2),
                                                np.array(p1, dtype=float).reshape(-1, 2), arrows)

    def _build_decorations(self, output_map: bool):
        self.flow_tag = TextItem(self.header_font, "center", "bottom", box=False)
        self.flow_tag.setZValue(6)
        self.scene.addItem(self.flow_tag)
        out = self.columns[-1]
        self.loss_text = TextItem(self.big_font, "center", "top", color=LOSS)
        self.loss_text.setPos(out.x + 20, out.bottom + 14)
        self.loss_text.setZValue(6)
        self.scene.addItem(self.loss_text)
        self.output_map = self.output_map_label = None
        if output_map and out.units == 1:
            self.output_map = NodeItem(OUTPUT_MAP)
            self.output_map.setPos(out.x, out.bottom + 70 + OUTPUT_MAP / 2)
            self.output_map.setZValue(2)
            self.scene.addItem(self.output_map)
            self.output_map_label = TextItem(self.small_font, "center", "top", box=False)
            self.output_map_label.set_text(tr("the output over the input plane\n(x₁ → right, x₂ ↑ up)"))
            self.output_map_label.setPos(out.x, out.bottom + 76 + OUTPUT_MAP)
            self.scene.addItem(self.output_map_label)
        self.highlight = QGraphicsPathItem()
        self.highlight.setZValue(-0.5)
        self.highlight.setVisible(False)
        self.scene.addItem(self.highlight)
        left = self.columns[0].left - 110
        top = self.tag_y - QFontMetricsF(self.header_font).height() - 10
        bottom = self.bottom + 90
        self.bundle_note = None
        if any(g.kind not in ("full", "plain") for g in self.edge_groups.values()):
            # the legend of the grey bundles sits in the graph, under them, so it scales with it
            self.bundle_note = TextItem(self.small_font, "left", "top", color=QColor(85, 85, 85), box=False)
            self.bundle_note.set_text(tr("grey bundles: darker, wider = larger mean |value|"))
            self.bundle_note.setPos(self.columns[0].left, self.bottom + 24)
            self.scene.addItem(self.bundle_note)
            bottom = max(bottom, self.bottom + 60)
        if self.output_map is not None:
            bottom = max(bottom, self.output_map_label.pos().y() + 50)
        right = out.right + 140 * self.text_scale  # the output labels ("δ = 0.000127") grow with the text
        self.scene.setSceneRect(QRectF(left, top, right - left, bottom - top))

    # -- geometry -----------------------------------------------------------------------------------

    def column(self, layer: int) -> Column:
        return self.columns[layer + 1]

    def edge_index(self, layer: int, source: int, unit: int) -> int:
        """Where W[source, unit] of ``layer`` is in its EdgeLines item."""
        group = self.edge_groups[layer]
        if group.kind != "full":
            raise ValueError(f"layer {layer} is drawn as a bundle; single edges are not drawn")
        return source * group.n_out + unit

    def valid(self, sel: Selection) -> bool:
        if sel.layer < -1 or sel.layer >= len(self.columns) - 1:
            return False
        col = self.column(sel.layer)
        if col.units is None or not 0 <= sel.unit < col.units:
            return False
        if sel.kind == "edge":
            src = self.column(sel.layer - 1) if sel.layer >= 0 else None
            return src is not None and src.units is not None and sel.source is not None \
                and 0 <= sel.source < src.units and col.info.dense
        if sel.kind == "bias":
            return col.has_bias
        return True

    def tile_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(layer, map) of the feature-map tile under a scene point, or None."""
        for col in self.columns:
            if col.maps and col.left <= x <= col.right:
                for k, rect in enumerate(col.tiles):
                    if rect.contains(QPointF(x, y)):
                        return col.layer, k
        return None

    def pick(self, x: float, y: float, tolerance: float, image_input: bool) -> Selection | None:
        """The node, bias or edge under a scene point (edges within ``tolerance`` of it)."""
        for col in self.columns:
            if col.collapsed:
                if col.left <= x <= col.right and col.top <= y <= col.bottom and col.units is not None \
                        and len(col.ys) > 1 and not (col.layer == -1 and image_input):
                    j = int(np.argmin(np.abs(col.ys - y)))
                    if abs(col.ys[j] - y) <= (col.ys[1] - col.ys[0]):
                        return Selection("node", col.layer, j)
                continue
            j = int(np.argmin(np.abs(col.ys - y)))
            if col.has_bias:
                b = col.biases[j].pos()
                if abs(x - b.x()) <= BIAS / 2 + 1 and abs(y - b.y()) <= BIAS / 2 + 1:
                    return Selection("bias", col.layer, j)
            if abs(x - col.x) <= NODE / 2 + 1 and abs(y - col.ys[j]) <= NODE / 2 + 1:
                return Selection("node", col.layer, j)
        best, best_d = None, tolerance
        p = np.array([x, y])
        for group in self.edge_groups.values():
            if group.kind != "full":
                continue
            d = segment_distances(p, group.p0, group.p1)
            k = int(np.argmin(d))
            if d[k] <= best_d:
                best_d = d[k]
                best = Selection("edge", group.layer, k % group.n_out, k // group.n_out)
        return best


def _fonts(base: QFont, scale: float):
    header = QFont(base)
    header.setPointSizeF(12.5 * scale)
    header.setBold(True)
    small = QFont(base)
    small.setPointSizeF(10.5 * scale)
    big = QFont(base)
    big.setPointSizeF(19 * scale)
    big.setBold(True)
    return header, small, big
