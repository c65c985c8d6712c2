"""The node graph: layers as columns of neurons, weights as edges, and one training step played back on it.

Everything drawn comes from the controller: ``shown_params()`` for weights, the trace events up to the
current position for z, a, δ and ∂L/∂w, and ``neuron_maps`` for the little heatmaps. Scene items are
built once per architecture (on reset) and per frame only get new pens, brushes, texts and pixmaps, so
playback at 60 frames per second stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import analysis
from visualnet.ui import colors

ANIMATE = True  # tests set this (or ``view.animate``) to False: update events then jump to the new weights
ANIMATION_MS = 250
MAX_EXPANDED = 32  # wider layers are drawn as one labelled block
NODE = 40  # node side in scene units
PITCH = 58  # vertical distance between node centres
COLUMN_GAP = 205
BLOCK_W, BLOCK_H = 76, 330
BIAS = 13
HEATMAP_RES = 24
MIN_WIDTH, MAX_WIDTH = 0.5, 6.0
MAX_FIT_SCALE = 1.6
OUTPUT_MAP = 150  # side of the enlarged output map under a single-output 2-D network
OUTPUT_MAP_RES = 64
BOUNDED = {"tanh": 1.0, "sigmoid": 1.0, "softmax": 1.0, "step": 1.0}  # activations drawn on a fixed scale
CENTRED_AT_HALF = {"sigmoid", "step"}  # one output in [0, 1]: 0.5 (undecided) is the neutral colour

PHASE_COLORS = {"forward": QColor(255, 196, 0), "loss": QColor(220, 60, 60), "backward": QColor(142, 68, 173),
                "update": QColor(46, 160, 67)}
TEXT = QColor(33, 37, 41)
NEUTRAL_EDGE = QColor(176, 180, 186)
DEAD = QColor(198, 40, 40)
SATURATED = QColor(230, 120, 0)
SELECTED = QColor(255, 193, 7, 200)
NODE_FILL = QColor(252, 252, 252)
NODE_RING = QColor(110, 116, 124)
LOSS_NAMES = {"bce": "BCE", "cross_entropy": "cross-entropy", "mse": "MSE"}
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
NEUTRAL_CODE, BUNDLE_BASE = 256, 257  # colour codes after the 256 entries of the diverging table


@dataclass(frozen=True)
class Selection:
    """What the user clicked. node: (layer, unit), layer −1 = input; edge: W[source, unit] of ``layer``;
    bias: b[unit] of ``layer``."""

    kind: str
    layer: int
    unit: int
    source: int | None = None


def edge_width(value: float, scale: float) -> float:
    """Pen width of an edge: ∝ |value| / scale, clamped to 0.5–6 px."""
    if not np.isfinite(value) or scale <= 0:
        return MIN_WIDTH
    return float(np.clip(MAX_WIDTH * abs(value) / scale, MIN_WIDTH, MAX_WIDTH))


def fmt(value, digits=3) -> str:
    """A number as shown on the graph: ``digits`` significant digits, '+' for positive deltas optional."""
    if value is None:
        return "–"
    return f"{float(value):.{digits}g}"


def _signed_codes(values: np.ndarray, scale: float) -> np.ndarray:
    # the same index colors.signed_color computes, for a whole array at once
    values = np.asarray(values, dtype=float)
    if scale <= 0 or not np.isfinite(scale):
        return np.full(values.shape, NEUTRAL_CODE)
    with np.errstate(invalid="ignore"):
        idx = np.rint((np.clip(values / scale, -1.0, 1.0) + 1.0) * 127.5)
    return np.where(np.isfinite(values), idx, NEUTRAL_CODE).astype(int)


def _widths(values: np.ndarray, scale: float) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if scale <= 0 or not np.isfinite(scale):
        return np.full(values.shape, MIN_WIDTH)
    with np.errstate(invalid="ignore"):
        w = np.clip(MAX_WIDTH * np.abs(values) / scale, MIN_WIDTH, MAX_WIDTH)
    return np.where(np.isfinite(w), w, MIN_WIDTH)


class _Palette:
    """QColor objects for colour codes: 0–255 diverging table, 256 neutral grey, 257+ bundle greys."""

    def __init__(self):
        lut = colors._DIVERGING_LUT
        self.colors = [QColor(int(r), int(g), int(b)) for r, g, b, _ in lut]
        self.colors.append(QColor(NEUTRAL_EDGE))
        for k in range(101):  # bundles: light to dark grey with the mean magnitude
            level = int(205 - 150 * k / 100)
            self.colors.append(QColor(level, level, level + 6))

        self.darker_colors = [c.darker(135) for c in self.colors]
        self._faded_cache: dict = {}

    def __getitem__(self, code):
        return self.colors[code]

    def darker(self, code):
        return self.darker_colors[code]

    def faded(self, code, opacity):
        """The colour mixed with the white background: looks dimmed, but paints opaque (fast)."""
        key = (code, opacity)
        color = self._faded_cache.get(key)
        if color is None:
            c = self.colors[code]
            mix = [round(255 + (v - 255) * opacity) for v in (c.red(), c.green(), c.blue())]
            color = self._faded_cache[key] = QColor(*mix)
        return color


def _bundle_codes(values: np.ndarray, scale: float) -> np.ndarray:
    if scale <= 0:
        return np.full(np.shape(values), BUNDLE_BASE)
    k = np.rint(np.clip(np.nan_to_num(np.asarray(values, dtype=float)) / scale, 0, 1) * 100)
    return (BUNDLE_BASE + k).astype(int)


# -- scene items -------------------------------------------------------------------------------


class _TextItem(QGraphicsItem):
    """Multi-line text with a soft white box behind it, anchored left / right / centre of its position."""

    def __init__(self, font: QFont, align="left", valign="center", color=TEXT, box=True):
        super().__init__()
        self.font, self.align, self.valign, self.color, self.box = font, align, valign, QColor(color), box
        self.text = ""
        self._lines: list[str] = []
        self._rect = QRectF()
        self._line_h = QFontMetricsF(font).height()
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_text(self, text: str, color: QColor | None = None):
        color = QColor(color) if color is not None else self.color
        if text == self.text and color == self.color:
            return
        self.prepareGeometryChange()
        self.text, self.color = text, color
        self._lines = text.split("\n") if text else []
        metrics = QFontMetricsF(self.font)
        w = max((metrics.horizontalAdvance(line) for line in self._lines), default=0.0) + 8
        h = self._line_h * len(self._lines) + 4
        x = {"left": 0.0, "right": -w, "center": -w / 2}[self.align]
        y = {"center": -h / 2, "bottom": -h, "top": 0.0}[self.valign]
        self._rect = QRectF(x, y, w, h) if self._lines else QRectF()
        self.update()

    def boundingRect(self):
        return self._rect

    def paint(self, painter, option, widget=None):
        if not self._lines:
            return
        if self.box:
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(255, 255, 255, 200))
            painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(self.color)
        y = self._rect.top() + 2
        for line in self._lines:
            painter.drawText(QRectF(self._rect.left() + 4, y, self._rect.width() - 8, self._line_h),
                             Qt.AlignVCenter | Qt.AlignLeft, line)
            y += self._line_h


class _NodeItem(QGraphicsItem):
    """A neuron: rounded square filled by its activation or showing its heatmap, ring coloured by a."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size
        self.fill = QColor(250, 250, 250)
        self.ring = QColor(120, 120, 120)
        self.ring_width = 1.2
        self.ring_style = Qt.SolidLine
        self.pixmap: QPixmap | None = None
        self.dot: tuple | None = None  # the traced sample's place on the heatmap, (u, v) in [0, 1]
        half = size / 2 + 4
        self._bounds = QRectF(-half, -half, 2 * half, 2 * half)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_look(self, fill, ring, ring_width, ring_style, pixmap, dot):
        state = (fill.rgba(), ring.rgba(), ring_width, ring_style, id(pixmap), dot)
        if state == (self.fill.rgba(), self.ring.rgba(), self.ring_width, self.ring_style, id(self.pixmap),
                     self.dot):
            return
        self.fill, self.ring, self.ring_width, self.ring_style = fill, ring, ring_width, ring_style
        self.pixmap, self.dot = pixmap, dot
        self.update()

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        s = self.size
        rect = QRectF(-s / 2, -s / 2, s, s)
        painter.setPen(Qt.NoPen)
        painter.setBrush(self.fill)
        painter.drawRoundedRect(rect, 5, 5)
        if self.pixmap is not None:
            painter.drawPixmap(rect, self.pixmap, QRectF(self.pixmap.rect()))
            if self.dot is not None:
                u, v = self.dot
                c = QPointF(rect.left() + u * s, rect.bottom() - v * s)
                painter.setPen(QPen(QColor(255, 255, 255), 1.4))
                painter.setBrush(QColor(20, 20, 20))
                painter.drawEllipse(c, 3.2, 3.2)
        pen = QPen(self.ring, self.ring_width)
        pen.setStyle(self.ring_style)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(rect, 5, 5)


class _BlockItem(QGraphicsItem):
    """A collapsed layer (> 32 units, or a conv / pool / flatten layer): a box with a picture or a strip."""

    def __init__(self, rect: QRectF, label: str, font: QFont):
        super().__init__()
        self.rect, self.label, self.font = rect, label, font
        self.pixmap: QPixmap | None = None
        self.picture_rect = QRectF()
        self.caption = ""
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_picture(self, pixmap, picture_rect, caption):
        if pixmap is self.pixmap and caption == self.caption:
            return
        self.pixmap, self.picture_rect, self.caption = pixmap, picture_rect, caption
        self.update()

    def boundingRect(self):
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter, option, widget=None):
        painter.setPen(QPen(QColor(110, 116, 124), 1.4))
        painter.setBrush(QColor(246, 247, 249))
        painter.drawRoundedRect(self.rect, 6, 6)
        if self.pixmap is not None:
            painter.drawPixmap(self.picture_rect, self.pixmap, QRectF(self.pixmap.rect()))
            painter.setPen(QPen(QColor(150, 150, 150), 0.8))
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(self.picture_rect)
        painter.setFont(self.font)
        painter.setPen(TEXT)
        text = self.label + ("\n" + self.caption if self.caption else "")
        area = QRectF(self.rect.left() + 2, self.rect.bottom() - 52, self.rect.width() - 4, 50)
        painter.drawText(area, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, text)


# -- layout model ------------------------------------------------------------------------------


@dataclass
class _Column:
    layer: int  # config layer index, −1 for the input
    title: str
    units: int | None  # None for blocks whose size is not a unit count (conv, pool, flatten)
    collapsed: bool
    x: float
    ys: np.ndarray  # node centres (expanded) or the unit positions along the block's strip
    top: float
    bottom: float
    block: object | None = None
    has_bias: bool = False
    nodes: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    biases: list = field(default_factory=list)
    box: _BlockItem | None = None
    glow: QGraphicsRectItem | None = None

    @property
    def left(self):
        return self.x - (BLOCK_W / 2 if self.collapsed else NODE / 2)

    @property
    def right(self):
        return self.x + (BLOCK_W / 2 if self.collapsed else NODE / 2)


@dataclass
class _EdgeGroup:
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


@dataclass
class _Frame:
    """Everything one redraw shows, computed from the controller's state before any item is touched."""

    phase: str = "idle"
    caption: str = ""
    caption_html: str = ""
    scale_label: str = "colour = weights w"
    gradient: bool = False
    scale: float = 1.0
    params: dict = field(default_factory=dict)
    edge_values: dict = field(default_factory=dict)  # layer → (n_in, n_out) array or None (neutral)
    bias_values: dict = field(default_factory=dict)  # layer → (n_out,) array or None
    bias_gradient: dict = field(default_factory=dict)  # layer → True when the bias shows ∂L/∂b
    columns: dict = field(default_factory=dict)  # layer → {"z": …, "a": …, "delta": …} per unit arrays
    column_opacity: dict = field(default_factory=dict)
    edge_opacity: dict = field(default_factory=dict)
    active: int | None = None
    loss: float | None = None
    loss_name: str = ""
    arrows: int | None = None
    sample: int = 0
    sample_x: np.ndarray | None = None
    update_event: object = None


# -- the graphics view ---------------------------------------------------------------------------


class _GraphView(QGraphicsView):
    """Wheel zooms, drag pans, a click (no drag) selects, hovering shows the formula and numbers."""

    def __init__(self, owner: NetworkView):
        super().__init__(owner.scene)
        self.owner = owner
        self.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.FullViewportUpdate)
        self.setBackgroundBrush(QColor(255, 255, 255))
        self.setFrameShape(QGraphicsView.NoFrame)
        self.viewport().setCursor(Qt.ArrowCursor)
        self._press = None

    def wheelEvent(self, event):
        factor = 1.0015 ** event.angleDelta().y()
        scale = self.transform().m11() * factor
        if 0.05 < scale < 8:
            self.scale(factor, factor)
            self.owner._user_zoomed = True

    def mousePressEvent(self, event):
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        self.viewport().setCursor(Qt.ArrowCursor)
        press, self._press = self._press, None
        if press is not None and event.button() == Qt.LeftButton \
                and (event.position() - press).manhattanLength() < 5:
            self.owner._on_click(self.mapToScene(event.position().toPoint()))

    def mouseDoubleClickEvent(self, event):
        self.owner.fit()

    def viewportEvent(self, event):
        if event.type() == QEvent.ToolTip:
            target = self.owner.pick(self.mapToScene(event.pos()))
            text = self.owner.tooltip_for(target) if target is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if not self.owner._user_zoomed:
            self.owner.fit()


class _ColorBar(QWidget):
    """Gradient bar of the diverging map with −scale, 0 and +scale written under it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scale = 1.0
        self.setFixedSize(260, 38)

    def set_scale(self, scale: float):
        if scale != self.scale:
            self.scale = scale
            self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        bar = QRectF(10, 4, self.width() - 20, 13)
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, rgb in ((0.0, colors.NEGATIVE), (0.5, colors.ZERO), (1.0, colors.POSITIVE)):
            grad.setColorAt(pos, QColor(*rgb))
        p.setPen(QPen(QColor(120, 120, 120), 0.8))
        p.setBrush(QBrush(grad))
        p.drawRect(bar)
        f = p.font()
        f.setPointSizeF(9.5)
        p.setFont(f)
        p.setPen(TEXT)
        s = self.scale
        labels = ((bar.left(), f"{-s:.3g}", Qt.AlignLeft), (bar.center().x(), "0", Qt.AlignHCenter),
                  (bar.right(), f"+{s:.3g}", Qt.AlignRight))
        for x, text, align in labels:
            p.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3))
            left = {Qt.AlignLeft: x - 10, Qt.AlignHCenter: x - 40, Qt.AlignRight: x - 70}[align]
            p.drawText(QRectF(left, bar.bottom() + 3, 80, 16), align | Qt.AlignTop, text)
        p.end()


# -- the view ------------------------------------------------------------------------------------


class NetworkView(QWidget):
    """Layers as columns, weights as edges; forward, loss, backward and update events played on them."""

    selectionChanged = Signal(object)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.animate = ANIMATE
        self.selection: Selection | None = None
        self._user_zoomed = False
        self._frame = _Frame()
        self._palette = _Palette()
        self._last_position = None
        self._animation: QVariantAnimation | None = None
        self._maps_source = None
        self._heatmaps: dict = {}
        self._input_maps: list = []
        self._act_scales: dict = {}
        self._grad_scale_cache = (None, 1.0)

        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.NoIndex)  # items move never, change often
        self.view = _GraphView(self)

        self.caption_label = QLabel()
        font = self.caption_label.font()
        font.setPointSizeF(13)
        self.caption_label.setFont(font)
        self.caption_label.setTextFormat(Qt.RichText)
        self.heatmap_box = QCheckBox("neuron heatmaps")
        self.heatmap_box.setToolTip("Inside every neuron, what it computes over the input plane "
                                    "(only for networks with 2 inputs). The dot marks the traced sample.")
        self.heatmap_box.setChecked(True)
        self.heatmap_box.toggled.connect(self._on_heatmaps_toggled)
        fit = QToolButton()
        fit.setText("Fit")
        fit.setToolTip("Fit the whole network into the view (or double-click the graph). "
                       "Wheel: zoom · drag: pan · click a neuron, edge or bias square: inspect it.")
        fit.clicked.connect(self.fit)

        self.legend_title = QLabel()
        lf = self.legend_title.font()
        lf.setPointSizeF(11)
        lf.setBold(True)
        self.legend_title.setFont(lf)
        widest = QFontMetricsF(lf).horizontalAdvance("colour = gradients ∂L/∂w")
        self.legend_title.setFixedWidth(int(widest) + 30)
        self.color_bar = _ColorBar()
        self.bundle_note = QLabel()
        self.bundle_note.setStyleSheet("color: #555;")
        self.bundle_note.setWordWrap(True)
        self.bundle_note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window

        self.caption_label.setWordWrap(True)
        self.caption_label.setContentsMargins(10, 4, 10, 2)
        self.caption_label.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        # room for two lines always: a caption that wraps must not resize (and so re-fit) the graph
        self.caption_label.setFixedHeight(int(2 * QFontMetricsF(font).lineSpacing()) + 8)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(10, 2, 10, 6)
        bottom.addWidget(self.legend_title)
        bottom.addWidget(self.color_bar)
        bottom.addSpacing(12)
        bottom.addWidget(self.bundle_note)
        bottom.addStretch(1)
        bottom.addWidget(self.heatmap_box)
        bottom.addWidget(fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        controller.stepped.connect(self._on_stepped)
        controller.reset.connect(self._on_reset)
        controller.configChanged.connect(self._on_config_changed)
        controller.sampleChanged.connect(self._on_sample_changed)
        self._on_reset()

    # -- signal handlers ------------------------------------------------------------------------

    def _on_stepped(self):
        self.refresh()

    def _on_sample_changed(self, index: int):
        self.refresh()

    def _on_config_changed(self):
        self.refresh()

    def _on_reset(self):
        self._stop_animation()
        self._build()
        self._user_zoomed = False
        self.fit()
        if self.selection is not None:
            self.select(None)  # a new network: the inspector starts empty too
        self.refresh()

    def _on_heatmaps_toggled(self, on: bool):
        self._maps_source = None
        self.refresh()

    # -- building (once per architecture) -----------------------------------------------------------

    @property
    def net(self):
        return self.controller.net

    def _fonts(self):
        base = QFont(self.font())
        header = QFont(base)
        header.setPointSizeF(12.5)
        header.setBold(True)
        small = QFont(base)
        small.setPointSizeF(10.5)
        big = QFont(base)
        big.setPointSizeF(19)
        big.setBold(True)
        return header, small, big

    def _build(self):
        self.scene.clear()
        net = self.net
        self._header_font, self._small_font, self._big_font = self._fonts()
        self.two_d = net.input_shape == (2,)
        self.heatmap_box.setEnabled(self.two_d)
        data = self.controller.session.data
        self.image_shape = data.image_shape
        self.bounds = tuple(data.bounds) if self.two_d else None  # the same plane as the other views
        self._maps_source = None
        self._heatmaps = {}
        self._output_big = None
        self._input_maps = []
        self._act_scales = {}
        self._last_position = None
        self.columns: list[_Column] = []
        self.edge_groups: dict[int, _EdgeGroup] = {}
        self.n_layers = len(net.blocks)

        n_in = int(np.prod(net.input_shape))
        sizes = [(-1, n_in, None)] + [(b.index, self._units_of(b), b) for b in net.blocks]
        for k, (layer, units, block) in enumerate(sizes):
            collapsed = units is None or units > MAX_EXPANDED or (layer == -1 and len(net.input_shape) > 1)
            x = k * COLUMN_GAP
            h = BLOCK_H if collapsed else units * PITCH
            top, bottom = -h / 2, h / 2
            if collapsed:
                n = units or 1
                ys = top + 8 + (np.arange(n) + 0.5) * (h - 70) / n
            else:
                ys = top + (np.arange(units) + 0.5) * PITCH
            col = _Column(layer, self._title(layer, block, units), units, collapsed, x, ys, top, bottom, block,
                          has_bias=block is not None and block.has_weights)
            self.columns.append(col)
        self.top = min(c.top for c in self.columns)
        self.tag_y = self.top - 40  # the phase tag sits above the highest header
        self.bottom = max(c.bottom for c in self.columns)

        for col in self.columns:
            self._build_column(col)
        for k in range(1, len(self.columns)):
            self._build_edges(self.columns[k - 1], self.columns[k])

        self.flow_tag = _TextItem(self._header_font, "center", "bottom", box=False)
        self.flow_tag.setZValue(6)
        self.scene.addItem(self.flow_tag)
        out = self.columns[-1]
        self.loss_text = _TextItem(self._big_font, "center", "top", color=PHASE_COLORS["loss"])
        self.loss_text.setPos(out.x + 20, out.bottom + 14)
        self.loss_text.setZValue(6)
        self.scene.addItem(self.loss_text)
        self.output_map = self.output_map_label = None
        if self.two_d and out.units == 1:
            self.output_map = _NodeItem(OUTPUT_MAP)
            self.output_map.setPos(out.x, out.bottom + 70 + OUTPUT_MAP / 2)
            self.output_map.setZValue(2)
            self.scene.addItem(self.output_map)
            self.output_map_label = _TextItem(self._small_font, "center", "top", box=False)
            self.output_map_label.set_text("the output over the input plane\n(x₁ → right, x₂ ↑ up)")
            self.output_map_label.setPos(out.x, out.bottom + 76 + OUTPUT_MAP)
            self.scene.addItem(self.output_map_label)
        self.highlight = QGraphicsPathItem()
        self.highlight.setZValue(-0.5)
        self.highlight.setVisible(False)
        self.scene.addItem(self.highlight)

        left = self.columns[0].left - 110
        top = self.tag_y - QFontMetricsF(self._header_font).height() - 10
        bottom = self.bottom + 90
        if self.output_map is not None:
            bottom = max(bottom, self.output_map_label.pos().y() + 50)
        self.scene.setSceneRect(QRectF(left, top, out.right + 140 - left, bottom - top))
        self._has_bundles = any(g.kind != "full" for g in self.edge_groups.values())
        self.bundle_note.setText("grey bundles: darker, wider = larger mean |value|"
                                 if self._has_bundles else "")

    @staticmethod
    def _units_of(block):
        if block.cfg["type"] == "dense":
            return int(block.cfg["units"])
        return None

    def _title(self, layer, block, units) -> str:
        if layer == -1:
            shape = self.net.input_shape
            if len(shape) > 1:
                return "input " + "×".join(str(s) for s in shape)
            return f"input ({units})"
        cfg = block.cfg
        if cfg["type"] != "dense":
            kind = cfg["type"]
            if kind == "conv2d":
                return f"conv {layer + 1}: {cfg['filters']}@{cfg['kernel']}×{cfg['kernel']}, {cfg['activation']}"
            if kind == "maxpool":
                return f"max pool {cfg['size']}×{cfg['size']}"
            return kind
        act = block.act.activation.name if block.act is not None else "linear"
        extras = (" +BN" if cfg.get("batch_norm") else "") + \
                 (f" +dropout {cfg['dropout']:g}" if cfg.get("dropout") else "")
        if layer == self.n_layers - 1:
            return f"output: {act} ({units}){extras}"
        return f"hidden {layer + 1}: {act} ({units}){extras}"

    def _layer_name(self, layer) -> str:
        if layer == -1:
            return "input"
        if layer == self.n_layers - 1:
            return "output"
        return f"hidden {layer + 1}"

    def _build_column(self, col: _Column):
        header = _TextItem(self._header_font, "center", "bottom", box=False)
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
        if col.collapsed:
            label = self._block_label(col)
            box = _BlockItem(QRectF(col.left, col.top, BLOCK_W, col.bottom - col.top), label, self._small_font)
            box.setZValue(2)
            self.scene.addItem(box)
            col.box = box
            return
        align = "right" if col.layer == -1 else "left"
        for y in col.ys:
            node = _NodeItem(NODE)
            node.setPos(col.x, y)
            node.setZValue(2)
            self.scene.addItem(node)
            col.nodes.append(node)
            text = _TextItem(self._small_font, align, "center")
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
        metrics = QFontMetricsF(self._header_font)
        room = COLUMN_GAP - 16
        if metrics.horizontalAdvance(title) <= room or ": " not in title:
            return title
        head, rest = title.split(": ", 1)
        if metrics.horizontalAdvance(rest) > room and " +" in rest:
            rest = rest.replace(" +", "\n+", 1)
        return f"{head}\n{rest}"

    def _block_label(self, col: _Column) -> str:
        if col.layer == -1:
            n = int(np.prod(self.net.input_shape))
            return f"{n} inputs"
        if col.units is not None:
            return f"{col.units} units"
        return col.block.cfg["type"]

    def _build_edges(self, src: _Column, dst: _Column):
        block = dst.block
        weighted_dense = block.cfg["type"] == "dense"
        n_in, n_out = (src.units or 1), (dst.units or 1)
        items, p0, p1 = [], [], []
        x0, x1 = src.right, dst.left
        if not block.has_weights:
            kind = "plain"
        elif not weighted_dense or (src.collapsed and dst.collapsed):
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
            for a, b in zip(p0, p1):
                line = QGraphicsLineItem(QLineF(a[0], a[1], b[0], b[1]))
                line.setZValue(0)
                line.setAcceptedMouseButtons(Qt.NoButton)
                self.scene.addItem(line)
                items.append(line)
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
                _add_arrow(path, QPointF(*a), QPointF(*b), tips)
            arrows = QGraphicsPathItem(path)
            arrows.setPen(Qt.NoPen)
            arrows.setBrush(PHASE_COLORS["backward"])
            arrows.setZValue(1)
            arrows.setVisible(False)
            self.scene.addItem(arrows)
        self.edge_groups[dst.layer] = _EdgeGroup(dst.layer, kind, n_in, n_out, items,
                                                 np.array(p0, dtype=float).reshape(-1, 2),
                                                 np.array(p1, dtype=float).reshape(-1, 2), arrows)

    # -- fitting and zoom -------------------------------------------------------------------------

    def fit(self):
        rect = self.scene.sceneRect()
        if rect.isEmpty() or self.view.viewport().width() < 10:
            return
        self.view.resetTransform()
        self.view.fitInView(rect, Qt.KeepAspectRatio)
        if self.view.transform().m11() > MAX_FIT_SCALE:
            self.view.resetTransform()
            self.view.scale(MAX_FIT_SCALE, MAX_FIT_SCALE)
            self.view.centerOn(rect.center())
        self._user_zoomed = False

    def showEvent(self, event):
        super().showEvent(event)
        if not self._user_zoomed:
            self.fit()

    # -- computing a frame from the controller ---------------------------------------------------------

    def _reached(self):
        return self.controller.reached_events()

    def _weight_scale(self, params) -> float:
        weights = [params[name] for name in self.net.weight_names() if name in params]
        return colors.robust_scale(weights)

    def _gradient_scale(self) -> float:
        trace = self.controller.trace
        if self._grad_scale_cache[0] is not trace:
            grads = [e.grads[self.net.blocks[e.layer].param_names[0]] for e in trace.of_kind("backward")
                     if self.net.blocks[e.layer].has_weights]
            self._grad_scale_cache = (trace, colors.robust_scale(grads))
        return self._grad_scale_cache[1]

    def _compute(self) -> _Frame:
        c = self.controller
        net = self.net
        trace, event = c.trace, c.event
        phase = c.phase()
        f = _Frame(phase=phase)
        fwd, bwd, _, loss_event = self._reached()
        batch = len(trace.batch_x) if trace is not None else 0
        s = int(np.clip(c.sample_index, 0, max(0, batch - 1)))
        f.sample = s
        f.params = c.shown_params()
        w_scale = self._weight_scale(f.params)
        f.loss_name = net.loss_name
        if trace is not None and phase != "idle" and len(trace.batch_x):
            f.sample_x = np.asarray(trace.batch_x[s])
        last = self.n_layers - 1
        layers = [b.index for b in net.blocks]

        # edges and biases
        gradient_layers = set()
        if phase == "backward":
            f.gradient = True
            f.scale = self._gradient_scale()
            gradient_layers = {layer for layer in bwd}
        else:
            f.scale = w_scale
        for block in net.blocks:
            if not block.has_weights:
                continue
            wname, bname = block.param_names[0], block.param_names[1]
            if block.index in gradient_layers:
                f.edge_values[block.index] = bwd[block.index].grads[wname]
                f.bias_values[block.index] = bwd[block.index].grads[bname]
                f.bias_gradient[block.index] = True
            elif phase == "backward":
                f.edge_values[block.index] = None
                f.bias_values[block.index] = None
            else:
                f.edge_values[block.index] = f.params[wname]
                f.bias_values[block.index] = f.params[bname]
        f.scale_label = "colour = gradients ∂L/∂w" if f.gradient else "colour = weights w"

        # node values of the traced sample
        if trace is not None and phase in ("forward", "loss", "backward"):
            first = fwd.get(layers[0])
            if first is not None and first.input.ndim == 2:
                f.columns[-1] = {"x": first.input[s]}
            elif first is not None:
                f.columns[-1] = {"image": first.input[s]}
            for layer, ev in fwd.items():
                if ev.z.ndim == 2:
                    f.columns[layer] = {"z": ev.z[s], "a": ev.a[s], "a_max": float(np.abs(ev.a).max())}
            if phase in ("loss", "backward") and loss_event is not None and last in f.columns:
                f.columns[last]["y"] = loss_event.y[s]
                f.columns[last]["t"] = self._target_row(loss_event.t, s)
                f.loss = loss_event.value
        if phase == "backward":
            for layer, ev in bwd.items():
                if ev.delta.ndim != 2:
                    continue
                col = f.columns.setdefault(layer, {})
                col["delta"] = ev.delta[s]
                col["dL_da"] = ev.dL_da[s]
                if ev.dact is not None:
                    col["dact"] = ev.dact[s]
                    col["dead"] = ~np.asarray(ev.dact).any(axis=0)
                    col["saturated"] = np.abs(ev.dact[s]) < 0.01
        if phase == "update":
            block = net.blocks[event.layer]
            if block.has_weights and event.param == block.param_names[1] and event.after.ndim == 1:
                f.columns[event.layer] = {"b": event.after, "db": event.after - event.before}
            f.update_event = event

        # emphasis
        for layer in [-1] + layers:
            f.column_opacity[layer] = 1.0
            f.edge_opacity[layer] = 1.0
        if phase == "forward":
            i = event.layer
            f.active = i
            for layer in layers:
                if layer > i:
                    f.column_opacity[layer] = 0.22
                    f.edge_opacity[layer] = 0.18
                elif layer < i:
                    f.edge_opacity[layer] = 0.5
        elif phase == "loss":
            f.active = last
        elif phase == "backward":
            i = event.layer
            f.active = i
            f.arrows = i
            for layer in [-1] + layers:
                if layer < i and not (layer == -1 and i == layers[0]):
                    f.column_opacity[layer] = 0.3
                if layer < i:
                    f.edge_opacity[layer] = 0.35
                elif layer > i:
                    f.edge_opacity[layer] = 0.55
        elif phase == "update":
            f.active = event.layer
            for layer in layers:
                if layer != event.layer:
                    f.edge_opacity[layer] = 0.55

        f.caption, f.caption_html = self._caption(f, event, trace)
        return f

    def _target_row(self, t, s):
        t = np.asarray(t)
        n_out = self.net.n_outputs
        if t.ndim == 2 and t.shape[1] == n_out:
            return t[s]
        if n_out == 1:
            return t.reshape(-1)[s:s + 1]
        row = np.zeros(n_out)
        row[int(t.reshape(-1)[s])] = 1.0
        return row

    def _act_name(self, layer) -> str:
        block = self.net.blocks[layer]
        return block.act.activation.name if block.act is not None else "linear"

    def _caption(self, f: _Frame, event, trace):
        c = self.controller
        n = self.n_layers
        phase = f.phase
        if phase == "idle":
            step = trace.step if trace is not None else c.trainer.step_count + 1
            plain = (f"Ready for step {step}: press → (Event) to trace it one event at a time, or ▶ Play "
                     f"to train · click a neuron or an edge to inspect it")
            return plain, plain.replace("Ready", "<b>Ready</b>", 1)
        sample = f"sample {f.sample + 1} of {len(trace.batch_x)}"
        if phase == "forward":
            block = self.net.blocks[event.layer]
            if block.has_weights:
                w, b = block.param_names[0], block.param_names[1]
                act = self._act_name(event.layer)
                formula = f"z = {w}·x + {b}, a = {act}(z)" if block.cfg["type"] == "dense" \
                    else f"z = {w} ∗ x + {b}, a = {act}(z)"
            else:
                formula = block.cfg["type"]
            body = f"layer {event.layer + 1} of {n} — {formula}   ({sample})"
            return f"Forward: {body}", f"<b style='color:#b58900'>Forward ▶</b>: {body}"
        if phase == "loss":
            body = f"{LOSS_NAMES[self.net.loss_name]} = {event.value:.4g}   (mean over {len(trace.batch_x)} samples)"
            return f"Loss: {body}", f"<b style='color:#c0392b'>Loss</b>: {body}"
        if phase == "backward":
            block = self.net.blocks[event.layer]
            if event.dact is None and block.act is not None:
                formula = (f"δ = (y − t)/N ({self._act_name(event.layer)} fused with "
                           f"{LOSS_NAMES[self.net.loss_name]})")
            else:
                formula = "δ = ∂L/∂a · act′(z)"
            if block.has_weights:
                formula += f",  ∂L/∂{block.param_names[0]} = aᵀ·δ"
            body = f"layer {event.layer + 1} — {formula}   ← gradients flow right to left"
            return f"Backward: {body}", f"<b style='color:#8e44ad'>◀ Backward</b>: {body}"
        opt = c.experiment["optimizer"]
        hp = ", ".join(f"{k} {v:g}" for k, v in opt.items() if k != "name" and isinstance(v, (int, float)))
        body = f"{event.param} ← {event.param} − step   ({opt['name']}{', ' + hp if hp else ''})"
        if c.player.at_end:
            body += f" · step {trace.step} complete"
        return f"Update: {body}", f"<b style='color:#2e7d32'>Update</b>: {body}"

    # -- applying a frame to the items ------------------------------------------------------------------

    def refresh(self):
        """Redraw from the controller's state (never rebuilds items)."""
        self._stop_animation()
        f = self._compute()
        self._frame = f
        self.caption_label.setText(f.caption_html)
        self.legend_title.setText(f.scale_label)
        self.legend_title.setStyleSheet("color: white; background: #8e44ad; padding: 2px 6px; border-radius: 3px;"
                                        if f.gradient else "color: #222; padding: 2px 6px;")
        self.color_bar.set_scale(f.scale)
        self._apply_edges(f)
        self._apply_columns(f)
        self._apply_decorations(f)
        self._place_highlight()
        self._maybe_animate(f)

    def _apply_edges(self, f: _Frame):
        for layer, group in self.edge_groups.items():
            self._set_group(group, f.edge_values.get(layer), f.scale, f.edge_opacity.get(layer, 1.0))
            if group.arrows is not None:
                group.arrows.setVisible(f.arrows == layer)

    def _set_group(self, group: _EdgeGroup, values, scale, opacity):
        """New pens for the edges whose colour, width or opacity changed.

        Dimming mixes the colour with the white background: translucent antialiased lines (item
        opacity or alpha) paint about five times slower.
        """
        kind = group.kind
        if kind == "plain":
            codes, widths = np.array([NEUTRAL_CODE]), np.array([2.0])
        elif values is None:
            codes = np.full(len(group.items), NEUTRAL_CODE)
            widths = np.full(len(group.items), 0.8)
        elif kind == "full":
            flat = np.asarray(values).reshape(-1)
            codes, widths = _signed_codes(flat, scale), _widths(flat, scale)
        else:
            v = np.abs(np.asarray(values, dtype=float))
            if kind == "to_nodes":
                means = v.reshape(-1, group.n_out).mean(axis=0)
            elif kind == "from_nodes":
                means = v.reshape(group.n_in, -1).mean(axis=1)
            else:
                means = np.array([v.mean()])
            codes, widths = _bundle_codes(means, scale), _widths(means, scale)
        same_look = group.codes is not None and group.codes.shape == codes.shape
        if same_look and opacity == group.opacity and np.array_equal(codes, group.codes) \
                and np.array_equal(widths, group.widths):
            return
        if same_look and opacity == group.opacity:
            changed = np.flatnonzero((codes != group.codes) | (widths != group.widths))
        else:
            changed = range(len(codes))
        group.codes, group.widths, group.opacity = codes, widths, opacity
        palette = self._palette
        if kind in ("band", "plain"):
            base = 110 if kind == "band" else 160
            color = QColor(palette[int(codes[0])])
            color.setAlpha(int(base * opacity))
            group.items[0].setBrush(color)
            return
        items = group.items
        for k in changed:
            pen = QPen(palette.faded(int(codes[k]), opacity), float(widths[k]))
            pen.setCapStyle(Qt.FlatCap)
            items[k].setPen(pen)

    def _activation_display(self, layer, a, batch_max=None):
        """Values and scale for colouring activations: outputs in [0, 1] are centred at 0.5; unbounded
        ones (ReLU, linear …) use the largest |a| over the input plane (heatmaps on) or the batch."""
        name = self._act_name(layer)
        if name in CENTRED_AT_HALF:
            return 2.0 * np.asarray(a) - 1.0, 1.0
        if name in BOUNDED:
            return np.asarray(a), BOUNDED[name]
        scale = self._act_scales.get(layer) if self._heatmaps else None
        return np.asarray(a), scale or batch_max or 1.0

    def _update_heatmaps(self):
        """Pixmaps of the neuron maps, rebuilt only when the controller hands out new maps."""
        if not (self.two_d and self.heatmap_box.isChecked()):
            self._heatmaps = {}
            self._maps_source = None
            return
        maps = self.controller.neuron_maps(self.bounds, HEATMAP_RES)
        if maps is self._maps_source:
            return
        self._maps_source = maps
        heatmaps = {}
        for layer, m in enumerate(maps):
            name = self._act_name(layer)
            if name not in BOUNDED:
                finite = np.abs(m[np.isfinite(m)])
                self._act_scales[layer] = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
            if self.columns[layer + 1].collapsed:
                continue
            shown, scale = self._activation_display(layer, m)
            if name not in BOUNDED:  # unbounded (ReLU …): each unit on its own scale, or one unit washes out all
                peak = np.abs(shown).reshape(len(shown), -1).max(axis=1)
                shown, scale = shown / np.where(peak > 0, peak, 1.0)[:, None, None], 1.0
            rgba = colors.diverging_image(shown[:, ::-1], scale)  # rows bottom-to-top → image rows top-down
            heatmaps[layer] = [_pixmap(unit_rgba) for unit_rgba in rgba]
        if not self._input_maps:
            _, _, pts = analysis.grid_points(self.bounds, HEATMAP_RES)
            limit = max(abs(v) for v in self.bounds)
            for k in range(2):
                grid = pts[:, k].reshape(HEATMAP_RES, HEATMAP_RES)
                self._input_maps.append(_pixmap(colors.diverging_image(grid[::-1], limit)))
        heatmaps[-1] = self._input_maps
        self._heatmaps = heatmaps
        self._output_big = None
        if self.output_map is not None:  # the enlarged output map gets a finer grid of its own
            out = self.controller.decision_map(self.bounds, OUTPUT_MAP_RES)
            shown, scale = self._activation_display(self.n_layers - 1, out)
            if self._act_name(self.n_layers - 1) not in BOUNDED:
                scale = float(np.abs(shown).max()) or 1.0
            self._output_big = _pixmap(colors.diverging_image(shown[::-1], scale)).scaled(
                OUTPUT_MAP, OUTPUT_MAP, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)

    def _apply_columns(self, f: _Frame):
        self._update_heatmaps()
        dot = None
        if f.sample_x is not None and self.two_d:
            xmin, xmax, ymin, ymax = self.bounds
            dot = (float(np.clip((f.sample_x[0] - xmin) / (xmax - xmin), 0, 1)),
                   float(np.clip((f.sample_x[1] - ymin) / (ymax - ymin), 0, 1)))
        self._apply_output_map(dot)
        for col in self.columns:
            values = f.columns.get(col.layer, {})
            opacity = f.column_opacity.get(col.layer, 1.0)
            if col.collapsed:
                self._apply_block(col, values, f)
                col.box.setOpacity(opacity)
                continue
            maps = self._heatmaps.get(col.layer)
            codes = None
            if "a" in values:
                codes = _signed_codes(*self._activation_display(col.layer, values["a"], values.get("a_max")))
            elif "x" in values and self.two_d:
                codes = _signed_codes(values["x"], max(abs(v) for v in self.bounds))
            dead, saturated = values.get("dead"), values.get("saturated")
            for j, node in enumerate(col.nodes):
                fill, ring, ring_width, style = NODE_FILL, NODE_RING, 1.2, Qt.SolidLine
                if codes is not None:
                    color = self._palette[int(codes[j])]
                    if maps is None:
                        fill = color
                    ring, ring_width = self._palette.darker(int(codes[j])), 3.0
                if dead is not None and dead[j]:
                    ring, ring_width, style = DEAD, 3.0, Qt.DashLine
                elif saturated is not None and saturated[j]:
                    ring, ring_width, style = SATURATED, 3.0, Qt.DotLine
                pixmap = maps[j] if maps is not None else None
                node.set_look(fill, ring, ring_width, style, pixmap, dot if pixmap is not None else None)
                node.setOpacity(opacity)
                text, color = self._node_label(col, j, values, f)
                col.texts[j].set_text(text, color)
                col.texts[j].setOpacity(opacity)
            if col.has_bias:
                bvals = f.bias_values.get(col.layer)
                bcodes = _signed_codes(bvals, f.scale) if bvals is not None else None
                for j, item in enumerate(col.biases):
                    item.setBrush(NEUTRAL_EDGE if bcodes is None else self._palette[int(bcodes[j])])
                    item.setOpacity(opacity)

    def _apply_output_map(self, dot):
        if self.output_map is None:
            return
        visible = bool(self._heatmaps) and self._output_big is not None
        self.output_map.setVisible(visible)
        self.output_map_label.setVisible(visible)
        if visible:
            self.output_map.set_look(NODE_FILL, NODE_RING, 1.2, Qt.SolidLine, self._output_big, dot)

    def _node_label(self, col: _Column, j: int, values: dict, f: _Frame):
        if col.layer == -1:
            name = f"x{str(j + 1).translate(SUBSCRIPTS)}"
            if "x" in values:
                return f"{name} = {fmt(values['x'][j])}", TEXT
            return name, QColor(90, 90, 90)
        lines = []
        color = TEXT
        if "delta" in values:
            lines.append(f"δ = {fmt(values['delta'][j])}")
            if "dead" in values and values["dead"][j]:
                lines.append("✖ dead")
                color = DEAD
            elif "saturated" in values and values["saturated"][j]:
                lines.append("⚠ saturated")
                color = SATURATED
            elif "y" not in values and "a" in values:
                lines.append(f"a = {fmt(values['a'][j])}")
        elif "z" in values:
            lines += [f"z = {fmt(values['z'][j])}", f"a = {fmt(values['a'][j])}"]
        if "y" in values:
            k = str(j).translate(SUBSCRIPTS) if len(values["y"]) > 1 else ""  # which class, for several outputs
            lines = [f"y{k} = {fmt(values['y'][j])}", f"t{k} = {fmt(values['t'][j])}"] + \
                    ([lines[0]] if "delta" in values else [])
        if "b" in values:
            lines += [f"b = {fmt(values['b'][j])}", f"Δb = {values['db'][j]:+.2g}"]
        return "\n".join(lines), color

    def _apply_block(self, col: _Column, values: dict, f: _Frame):
        box = col.box
        r = box.rect
        if col.layer == -1 and "image" in values or (col.layer == -1 and "x" in values and self._is_image()):
            img = np.asarray(values.get("image", values.get("x")), dtype=float)
            shape = self.image_shape or img.shape[-2:]
            img = img.reshape(shape[-2:]) if img.size == int(np.prod(shape[-2:])) else img.reshape(-1, 1)
            lo, hi = float(img.min()), float(img.max())
            gray = ((img - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(img)).astype(np.uint8)
            rgba = np.dstack([255 - gray] * 3 + [np.full_like(gray, 255)])
            side = r.width() - 12
            box.set_picture(_pixmap(rgba), QRectF(r.left() + 6, r.top() + 8, side, side),
                            f"sample {f.sample + 1}")
            return
        key = "delta" if "delta" in values else "a" if "a" in values else "x" if "x" in values else None
        if key is None or col.units is None:
            box.set_picture(None, QRectF(), "")
            return
        v = np.asarray(values[key], dtype=float)
        if key == "a":
            v, scale = self._activation_display(col.layer, v)
            if self._act_name(col.layer) not in BOUNDED:
                scale = float(np.abs(v).max()) or 1.0
        else:
            scale = float(np.abs(v).max()) or 1.0
        strip = colors.diverging_image(v.reshape(-1, 1), scale)
        top = float(col.ys[0]) - (col.ys[1] - col.ys[0]) / 2 if len(col.ys) > 1 else r.top() + 8
        height = (float(col.ys[-1]) - float(col.ys[0])) * len(col.ys) / max(1, len(col.ys) - 1)
        symbol = {"delta": "δ", "a": "a", "x": "x"}[key]
        box.set_picture(_pixmap(strip), QRectF(r.left() + 14, top, r.width() - 28, height),
                        f"{symbol} (±{scale:.2g})")

    def _is_image(self):
        return self.image_shape is not None and int(np.prod(self.image_shape)) == int(np.prod(self.net.input_shape))

    def _apply_decorations(self, f: _Frame):
        for col in self.columns:
            active = f.active == col.layer and f.phase != "idle"
            col.glow.setVisible(active)
            if active:
                color = PHASE_COLORS[f.phase]
                fill = QColor(color)
                fill.setAlpha(40)
                col.glow.setBrush(fill)
                col.glow.setPen(QPen(color, 2.0))
        if f.phase in ("forward", "backward") and f.active is not None:
            col = self._column(f.active)
            if f.phase == "forward":
                self.flow_tag.set_text("forward ▶", QColor(181, 137, 0))
                self.flow_tag.setPos((col.x + self._column(f.active - 1).x) / 2, self.tag_y)
            else:
                self.flow_tag.set_text("◀ backward: ∂L/∂w = δ·a", PHASE_COLORS["backward"])
                self.flow_tag.setPos((col.x + self._column(f.active - 1).x) / 2, self.tag_y)
        elif f.phase == "update" and f.update_event is not None:
            col = self._column(f.active)
            self.flow_tag.set_text(f"{f.update_event.param} ← {f.update_event.param} − step", PHASE_COLORS["update"])
            self.flow_tag.setPos((col.x + self._column(f.active - 1).x) / 2, self.tag_y)
        else:
            self.flow_tag.set_text("")
        if f.loss is not None and f.phase in ("loss", "backward"):
            self.loss_text.set_text(f"L = {f.loss:.4g}")
            self.loss_text.setOpacity(1.0 if f.phase == "loss" else 0.5)
        else:
            self.loss_text.set_text("")

    def _column(self, layer) -> _Column:
        return self.columns[layer + 1]

    # -- the update animation ---------------------------------------------------------------------------

    def _maybe_animate(self, f: _Frame):
        c = self.controller
        position = (id(c.trace), c.position)
        previous, self._last_position = self._last_position, position
        if not (self.animate and ANIMATE and f.phase == "update" and previous == (id(c.trace), c.position - 1)):
            return
        event = f.update_event
        block = self.net.blocks[event.layer]
        if not block.has_weights or event.param not in block.param_names[:2]:
            return
        is_weight = event.param == block.param_names[0]
        if is_weight and self.edge_groups[event.layer].kind != "full":
            return
        before, after = np.asarray(event.before, float), np.asarray(event.after, float)
        scale = f.scale

        def show(t):
            values = before + float(t) * (after - before)
            if is_weight:
                group = self.edge_groups[event.layer]
                self._set_group(group, values, scale, group.opacity)
            elif not self._column(event.layer).collapsed:
                for j, item in enumerate(self._column(event.layer).biases):
                    item.setBrush(colors.signed_color(float(values[j]), scale))

        show(0.0)
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(1.0)
        anim.setDuration(ANIMATION_MS)
        anim.valueChanged.connect(show)
        anim.finished.connect(lambda: self._finish_animation(anim))
        self._animation = anim
        anim.start()

    def _finish_animation(self, anim):
        if self._animation is anim:
            self._animation = None
            f = self._frame
            self._apply_edges(f)
            self._apply_columns(f)

    def _stop_animation(self):
        anim, self._animation = self._animation, None
        if anim is not None:
            anim.stop()
            anim.deleteLater()

    # -- selection and picking --------------------------------------------------------------------------

    def _valid(self, sel: Selection) -> bool:
        if sel.layer < -1 or sel.layer >= len(self.columns) - 1:
            return False
        col = self._column(sel.layer)
        if col.units is None or not 0 <= sel.unit < col.units:
            return False
        if sel.kind == "edge":
            src = self._column(sel.layer - 1) if sel.layer >= 0 else None
            return src is not None and src.units is not None and sel.source is not None \
                and 0 <= sel.source < src.units and col.block.cfg["type"] == "dense"
        if sel.kind == "bias":
            return col.has_bias
        return True

    def select(self, selection: Selection | None):
        """Select (and highlight) a node, edge or bias; None clears. Emits selectionChanged."""
        if selection is not None and not self._valid(selection):
            selection = None
        self.selection = selection
        self._place_highlight()
        self.selectionChanged.emit(selection)

    def _place_highlight(self):
        sel = self.selection
        if sel is None or not hasattr(self, "highlight"):
            if hasattr(self, "highlight"):
                self.highlight.setVisible(False)
            return
        path = QPainterPath()
        col = self._column(sel.layer)
        pen = QPen(SELECTED, 9)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.RoundCap)
        if sel.kind == "edge":
            line = self.edge_scene_line(sel.layer, sel.source, sel.unit)
            path.moveTo(line.p1())
            path.lineTo(line.p2())
            pen.setWidthF(max(10.0, self.edge_pen_width(sel.layer, sel.source, sel.unit) + 7))
        elif sel.kind == "bias" and not col.collapsed:
            c = col.biases[sel.unit].pos()
            path.addRect(QRectF(c.x() - BIAS, c.y() - BIAS, 2 * BIAS, 2 * BIAS))
            pen.setWidthF(5)
        elif col.collapsed:
            y = float(col.ys[sel.unit])
            path.addRect(QRectF(col.left - 4, y - 4, BLOCK_W + 8, 8))
            pen.setWidthF(3)
        else:
            y = float(col.ys[sel.unit])
            path.addRoundedRect(QRectF(col.x - NODE / 2 - 5, y - NODE / 2 - 5, NODE + 10, NODE + 10), 7, 7)
            pen.setWidthF(6)
        self.highlight.setPath(path)
        self.highlight.setPen(pen)
        self.highlight.setZValue(1.5 if sel.kind != "edge" else -0.5)
        self.highlight.setVisible(True)

    def _on_click(self, scene_pos: QPointF):
        self.select(self.pick(scene_pos))

    def pick(self, scene_pos: QPointF) -> Selection | None:
        """The node, bias or edge under a scene point (edges within 6 px of the pointer)."""
        x, y = scene_pos.x(), scene_pos.y()
        for col in self.columns:
            if col.collapsed:
                if col.left <= x <= col.right and col.top <= y <= col.bottom and col.units is not None \
                        and len(col.ys) > 1 and not (col.layer == -1 and self._is_image()):
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
        tolerance = 6.0 / max(self.view.transform().m11(), 1e-6)
        best, best_d = None, tolerance
        p = np.array([x, y])
        for group in self.edge_groups.values():
            if group.kind != "full":
                continue
            d = _segment_distances(p, group.p0, group.p1)
            k = int(np.argmin(d))
            if d[k] <= best_d:
                best_d = d[k]
                best = Selection("edge", group.layer, k % group.n_out, k // group.n_out)
        return best

    # -- tooltips -----------------------------------------------------------------------------------

    def tooltip_for(self, sel: Selection | None) -> str:
        """The formula and the numbers of a node, edge or bias, for the current frame."""
        if sel is None or not self._valid(sel):
            return ""
        f = self._frame
        values = f.columns.get(sel.layer, {})
        j = sel.unit
        if sel.kind == "node" and sel.layer == -1:
            lines = [f"input x{str(j + 1).translate(SUBSCRIPTS)} (column {j} of the batch)"]
            if "x" in values:
                lines.append(f"x = {fmt(values['x'][j], 5)}  (sample {f.sample + 1})")
            return "\n".join(lines)
        block = self.net.blocks[sel.layer]
        act = self._act_name(sel.layer)
        wname, bname = (block.param_names[0], block.param_names[1]) if block.has_weights else ("W", "b")
        if sel.kind == "node":
            lines = [f"{self._layer_name(sel.layer)} ({act}), unit {j}"]
            if "z" in values:
                lines += [f"z = Σᵢ wᵢ·xᵢ + b = {fmt(values['z'][j], 5)}   (sample {f.sample + 1})",
                          f"a = {act}(z) = {fmt(values['a'][j], 5)}"]
            else:
                lines += ["z = Σᵢ wᵢ·xᵢ + b", f"a = {act}(z)", "(values appear when the forward pass gets here)"]
            if "y" in values:
                lines.append(f"output y = {fmt(values['y'][j], 5)}, target t = {fmt(values['t'][j], 5)}")
            if "delta" in values:
                if "dact" in values:
                    lines.append(f"δ = ∂L/∂a · act′(z) = {fmt(values['dL_da'][j], 4)} · {fmt(values['dact'][j], 4)}"
                                 f" = {fmt(values['delta'][j], 5)}")
                    if values["dead"][j]:
                        lines.append("✖ dead: act′(z) = 0 for every sample of the batch — no gradient passes")
                    elif values["saturated"][j]:
                        lines.append("⚠ saturated: |act′(z)| < 0.01 for this sample — the gradient nearly stops")
                else:
                    lines.append(f"δ = (y − t)/N = {fmt(values['delta'][j], 5)}   ({act} fused with the loss)")
            if block.has_weights:
                lines.append(f"b = {fmt(f.params[bname][j], 5)}")
            return "\n".join(lines)
        if sel.kind == "bias":
            lines = [f"bias {bname}[{j}] of {self._layer_name(sel.layer)} unit {j}",
                     f"b = {fmt(f.params[bname][j], 5)}"]
            if f.bias_gradient.get(sel.layer):
                lines.append(f"∂L/∂b = Σ over the batch of δ = {fmt(f.bias_values[sel.layer][j], 5)}")
            if "db" in values:
                lines.append(f"Δb = {values['db'][j]:+.3g} (this update)")
            return "\n".join(lines)
        i = sel.source
        lines = [(f"weight {wname}[{i}, {j}]: {self._layer_name(sel.layer - 1)} unit {i} → "
                  f"{self._layer_name(sel.layer)} unit {j}"), f"w = {fmt(f.params[wname][i, j], 5)}"]
        src = f.columns.get(sel.layer - 1, {})
        a_in = src.get("a", src.get("x"))
        if a_in is not None and (f.phase == "forward" and f.active is not None and f.active >= sel.layer
                                 or f.phase in ("loss", "backward")):
            w = float(f.params[wname][i, j])
            lines.append(f"x·w = {fmt(a_in[i], 4)} · {fmt(w, 4)} = {fmt(a_in[i] * w, 4)}   "
                         f"(this sample's share of z)")
        if f.gradient and f.edge_values.get(sel.layer) is not None:
            lines.append(f"∂L/∂w = Σ over the batch of δ·a = {fmt(f.edge_values[sel.layer][i, j], 5)}")
            if "delta" in values and a_in is not None:
                lines.append(f"this sample: δ·a = {fmt(values['delta'][j], 4)} · {fmt(a_in[i], 4)}")
        upd = self._reached()[2].get(wname)
        if upd is not None:
            lines.append(f"Δw = {float(upd.after[i, j] - upd.before[i, j]):+.3g}  "
                         f"({fmt(upd.before[i, j], 5)} → {fmt(upd.after[i, j], 5)})")
        return "\n".join(lines)

    # -- read access for tests and for the export ------------------------------------------------------

    def caption(self) -> str:
        return self._frame.caption

    def scale_label(self) -> str:
        return self._frame.scale_label

    def node_text(self, layer: int, unit: int) -> str:
        col = self._column(layer)
        if col.collapsed:
            return self.tooltip_for(Selection("node", layer, unit))
        return col.texts[unit].text

    def _edge_item(self, layer, source, unit):
        group = self.edge_groups[layer]
        if group.kind != "full":
            raise ValueError(f"layer {layer} is drawn as a bundle; single edges are not drawn")
        return group.items[source * group.n_out + unit]

    def edge_pen_width(self, layer: int, source: int, unit: int) -> float:
        return self._edge_item(layer, source, unit).pen().widthF()

    def edge_color(self, layer: int, source: int, unit: int) -> QColor:
        """The edge's colour on the legend's scale (before dimming; how much it is dimmed is ``edge_opacity``)."""
        group = self.edge_groups[layer]
        if group.kind != "full":
            raise ValueError(f"layer {layer} is drawn as a bundle; single edges are not drawn")
        return QColor(self._palette[int(group.codes[source * group.n_out + unit])])

    def edge_opacity(self, layer: int) -> float:
        return self.edge_groups[layer].opacity

    def edge_scene_line(self, layer: int, source: int, unit: int) -> QLineF:
        return self._edge_item(layer, source, unit).line()

    def node_scene_pos(self, layer: int, unit: int) -> QPointF:
        col = self._column(layer)
        return QPointF(col.x, float(col.ys[unit]))

    def is_collapsed(self, layer: int) -> bool:
        return self._column(layer).collapsed

    def column_opacity(self, layer: int) -> float:
        return self._frame.column_opacity.get(layer, 1.0)

    def shown_values(self) -> dict:
        """The numbers on screen: weights, coloured edge values, biases and per-node values."""
        f = self._frame
        nodes = {}
        for layer, values in f.columns.items():
            per_unit = {k: v for k, v in values.items() if k in ("x", "z", "a", "delta", "y", "t", "b")}
            if not per_unit:
                continue
            n = len(next(iter(per_unit.values())))
            for j in range(n):
                nodes[(layer, j)] = {k: float(v[j]) for k, v in per_unit.items()}
        return {
            "phase": f.phase,
            "caption": f.caption,
            "scale_label": f.scale_label,
            "scale": f.scale,
            "weights": {k: np.array(v) for k, v in f.params.items()},
            "edges": {k: None if v is None else np.array(v) for k, v in f.edge_values.items()},
            "biases": {k: None if v is None else np.array(v) for k, v in f.bias_values.items()},
            "nodes": nodes,
            "loss": f.loss,
            "active": f.active,
            "column_opacity": dict(f.column_opacity),
            "edge_opacity": dict(f.edge_opacity),
        }


def _pixmap(rgba: np.ndarray) -> QPixmap:
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format_RGBA8888)
    return QPixmap.fromImage(image.copy())


def _add_arrow(path: QPainterPath, a: QPointF, b: QPointF, tips: list):
    """An arrowhead halfway along the edge b → a, pointing back towards a (the backward flow).

    Skipped where it would land on another one (edges crossing at their middles).
    """
    d = a - b
    length = (d.x() ** 2 + d.y() ** 2) ** 0.5 or 1.0
    ux, uy = d.x() / length, d.y() / length
    tip = QPointF(b.x() + 0.5 * d.x() + 5 * ux, b.y() + 0.5 * d.y() + 5 * uy)
    if any(abs(tip.x() - t.x()) + abs(tip.y() - t.y()) < 14 for t in tips):
        return
    tips.append(tip)
    back = QPointF(tip.x() - 10 * ux, tip.y() - 10 * uy)
    left = QPointF(back.x() - 4.5 * uy, back.y() + 4.5 * ux)
    right = QPointF(back.x() + 4.5 * uy, back.y() - 4.5 * ux)
    path.addPolygon(QPolygonF([tip, left, right, tip]))


def _segment_distances(p: np.ndarray, p0: np.ndarray, p1: np.ndarray) -> np.ndarray:
    d = p1 - p0
    length2 = np.maximum((d * d).sum(axis=1), 1e-12)
    t = np.clip(((p - p0) * d).sum(axis=1) / length2, 0.0, 1.0)
    nearest = p0 + t[:, None] * d
    return np.sqrt(((nearest - p) ** 2).sum(axis=1))
