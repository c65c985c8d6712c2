"""The node graph's scene items and colour codes: text boxes, neurons, collapsed layers, the colour bar.

Items only paint what they are given; per frame they get new colours, texts and pixmaps, never rebuilt.
Colours are integer codes into one :class:`Palette` (0–255 the diverging map, 256 neutral grey, 257+
bundle greys), so a frame compares codes, not QColors, to find the few edges whose pen changed.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QWidget

from visualnet.ui import colors
from visualnet.ui.widgets import plotting
from visualnet.ui.widgets.plotting import scaled_font

MIN_WIDTH, MAX_WIDTH = 0.5, 6.0
TEXT = QColor(33, 37, 41)
NEUTRAL_EDGE = QColor(176, 180, 186)
DOT_PEN, DOT_FILL = QPen(QColor(255, 255, 255), 1.4), QColor(20, 20, 20)  # the traced sample on a heatmap
NEUTRAL_CODE, BUNDLE_BASE = 256, 257  # colour codes after the 256 entries of the diverging table


def signed_codes(values: np.ndarray, scale: float) -> np.ndarray:
    # the same index colors.signed_color computes, for a whole array at once
    values = np.asarray(values, dtype=float)
    if scale <= 0 or not np.isfinite(scale):
        return np.full(values.shape, NEUTRAL_CODE)
    with np.errstate(invalid="ignore"):
        idx = np.rint((np.clip(values / scale, -1.0, 1.0) + 1.0) * 127.5)
    return np.where(np.isfinite(values), idx, NEUTRAL_CODE).astype(int)


def edge_widths(values: np.ndarray, scale: float) -> np.ndarray:
    """Pen widths of edges: ∝ |value| / scale, clamped to 0.5–6 px."""
    values = np.asarray(values, dtype=float)
    if scale <= 0 or not np.isfinite(scale):
        return np.full(values.shape, MIN_WIDTH)
    with np.errstate(invalid="ignore"):
        w = np.clip(MAX_WIDTH * np.abs(values) / scale, MIN_WIDTH, MAX_WIDTH)
    return np.where(np.isfinite(w), w, MIN_WIDTH)


def drawn_width(width: float) -> float:
    """Edge widths are drawn to a quarter pixel: few enough distinct pens to make each once."""
    return round(width * 4) / 4


class Palette:
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
        self._pens: dict = {}

    def __getitem__(self, code):
        return self.colors[code]

    def darker(self, code):
        return self.darker_colors[code]

    def code(self, color: QColor) -> int:
        """The code of an extra colour (an overlay's), added the first time it is asked for."""
        for k in range(BUNDLE_BASE + 101, len(self.colors)):
            if self.colors[k] == color:
                return k
        self.colors.append(QColor(color))
        self.darker_colors.append(QColor(color).darker(135))
        return len(self.colors) - 1

    def edge_pen(self, code: int, width: float, opacity: float) -> QPen:
        """The pen of an edge, made once per colour, quarter-pixel width and dimming (a frame sets hundreds)."""
        key = (code, drawn_width(width), opacity)
        pen = self._pens.get(key)
        if pen is None:
            pen = self._pens[key] = QPen(self.faded(code, opacity), key[1])
            pen.setCapStyle(Qt.FlatCap)
        return pen

    def faded(self, code, opacity):
        """The colour mixed with the white background: looks dimmed, but paints opaque (fast)."""
        key = (code, opacity)
        color = self._faded_cache.get(key)
        if color is None:
            c = self.colors[code]
            mix = [round(255 + (v - 255) * opacity) for v in (c.red(), c.green(), c.blue())]
            color = self._faded_cache[key] = QColor(*mix)
        return color


def bundle_codes(values: np.ndarray, scale: float) -> np.ndarray:
    if scale <= 0:
        return np.full(np.shape(values), BUNDLE_BASE)
    k = np.rint(np.clip(np.nan_to_num(np.asarray(values, dtype=float)) / scale, 0, 1) * 100)
    return (BUNDLE_BASE + k).astype(int)



class TextItem(QGraphicsItem):
    """Multi-line text with a soft white box behind it, anchored left / right / centre of its position.

    Each line is a QStaticText, laid out once per new text: the headers and most labels stay the same from
    frame to frame, and laying out text on every paint cost about 35 µs a line. An empty item has no contents,
    so the scene skips it altogether."""

    def __init__(self, font: QFont, align="left", valign="center", color=TEXT, box=True):
        super().__init__()
        self.font, self.align, self.valign, self.color, self.box = font, align, valign, QColor(color), box
        self.text = ""
        self._lines: list[str] = []
        self._static: list[QStaticText] = []
        self._rect = QRectF()
        self._line_h = QFontMetricsF(font).height()
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setFlag(QGraphicsItem.ItemHasNoContents, True)

    def set_text(self, text: str, color: QColor | None = None):
        color = QColor(color) if color is not None else self.color
        if text == self.text and color == self.color:
            return
        self.prepareGeometryChange()
        self.text, self.color = text, color
        self._lines = text.split("\n") if text else []
        self._static = []
        for line in self._lines:
            static = QStaticText(line)
            static.setTextFormat(Qt.PlainText)
            static.prepare(QTransform(), self.font)
            self._static.append(static)
        metrics = QFontMetricsF(self.font)
        w = max((metrics.horizontalAdvance(line) for line in self._lines), default=0.0) + 8
        h = self._line_h * len(self._lines) + 4
        x = {"left": 0.0, "right": -w, "center": -w / 2}[self.align]
        y = {"center": -h / 2, "bottom": -h, "top": 0.0}[self.valign]
        self._rect = QRectF(x, y, w, h) if self._lines else QRectF()
        self.setFlag(QGraphicsItem.ItemHasNoContents, not self._lines)
        self.update()

    def boundingRect(self):
        return self._rect

    def paint(self, painter, option, widget=None):
        if not self._lines:
            return
        if self.box:
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(255, 255, 255, 240))  # edges never show through a label
            painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(self.color)
        if painter.paintEngine().type() == QPaintEngine.SVG:  # written as text an SVG renderer lays out itself
            y = self._rect.top() + 2
            for line in self._lines:
                painter.drawText(QRectF(self._rect.left() + 4, y, self._rect.width() - 8, self._line_h),
                                 Qt.AlignVCenter | Qt.AlignLeft, line)
                y += self._line_h
            return
        x, y = self._rect.left() + 4, self._rect.top() + 2
        for static in self._static:
            painter.drawStaticText(QPointF(x, y + (self._line_h - static.size().height()) / 2), static)
            y += self._line_h


class NodeItem(QGraphicsItem):
    """A neuron: rounded square filled by its activation or showing its heatmap, ring coloured by a."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size
        self.fill = QColor(250, 250, 250)
        self.ring = QColor(120, 120, 120)
        self.ring_width = 1.2
        self.ring_style = Qt.SolidLine
        self.pixmap: QPixmap | None = None
        self.source = QRectF()  # the part of ``pixmap`` that is this unit's (a layer shares one pixmap)
        self.dot: tuple | None = None  # the traced sample's place on the heatmap, (u, v) in [0, 1]
        half = size / 2 + 4
        self._bounds = QRectF(-half, -half, 2 * half, 2 * half)
        self._rect = QRectF(-size / 2, -size / 2, size, size)
        self._ring_pen = QPen(self.ring, self.ring_width)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_look(self, fill, ring, ring_width, ring_style, pixmap, dot, source: QRectF | None = None):
        source = QRectF(pixmap.rect()) if source is None and pixmap is not None else source or QRectF()
        state = (fill.rgba(), ring.rgba(), ring_width, ring_style, id(pixmap), source, dot)
        if state == (self.fill.rgba(), self.ring.rgba(), self.ring_width, self.ring_style, id(self.pixmap),
                     self.source, self.dot):
            return
        self.fill, self.ring, self.ring_width, self.ring_style = fill, ring, ring_width, ring_style
        self.pixmap, self.source, self.dot = pixmap, source, dot
        self._ring_pen = QPen(ring, ring_width)
        self._ring_pen.setStyle(ring_style)
        self.update()

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        rect = self._rect
        if self.pixmap is None:  # under a heatmap the fill would never be seen
            painter.setPen(Qt.NoPen)
            painter.setBrush(self.fill)
            painter.drawRoundedRect(rect, 5, 5)
        else:
            pixmap, source = self.pixmap, self.source
            if painter.paintEngine().type() == QPaintEngine.SVG and source != QRectF(pixmap.rect()):
                # QSvgGenerator writes the whole pixmap, ignoring the source rectangle: hand it this unit's part
                pixmap = pixmap.copy(source.toAlignedRect())
                source = QRectF(pixmap.rect())
            painter.drawPixmap(rect, pixmap, source)
            if self.dot is not None:
                u, v = self.dot
                s = self.size
                painter.setPen(DOT_PEN)
                painter.setBrush(DOT_FILL)
                painter.drawEllipse(QPointF(rect.left() + u * s, rect.bottom() - v * s), 3.2, 3.2)
        painter.setPen(self._ring_pen)
        painter.setBrush(Qt.NoBrush)
        painter.drawRoundedRect(rect, 5, 5)


class BlockItem(QGraphicsItem):
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



class MapStackItem(QGraphicsItem):
    """A conv / pool / flatten layer (or an image input) as tiles of its feature maps, "+ k more" under them,
    and its shape (C×H×W) with what the colours show at the bottom. All tiles share one pixmap, made once
    per frame at the size they have on screen; an empty tile (no maps yet) is a light square."""

    def __init__(self, rect: QRectF, tiles: list, more_y: float, more: str, label: str, font: QFont):
        super().__init__()
        self.rect, self.tiles, self.more_y, self.more, self.label, self.font = rect, tiles, more_y, more, label, font
        self.pixmap: QPixmap | None = None
        self.sources: list = []
        self.caption = ""
        self.frame_pen = QPen(QColor(150, 150, 150), 0.8)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_look(self, pixmap, sources, caption: str, frame_color: QColor):
        if pixmap is self.pixmap and caption == self.caption and frame_color == self.frame_pen.color():
            return
        self.pixmap, self.sources, self.caption = pixmap, sources, caption
        self.frame_pen = QPen(frame_color, 0.8 if frame_color == QColor(150, 150, 150) else 1.6)
        self.update()

    def boundingRect(self):
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter, option, widget=None):
        painter.setPen(QPen(QColor(110, 116, 124), 1.4))
        painter.setBrush(QColor(246, 247, 249))
        painter.drawRoundedRect(self.rect, 6, 6)
        svg = painter.paintEngine().type() == QPaintEngine.SVG
        # the pixmap is made at the tiles' size on screen: smoothing it again per paint would only cost time
        # (about 3 ms a frame for a CNN's four columns), and zoomed in, sharp map pixels are what one wants
        smooth = painter.testRenderHint(QPainter.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        for k, tile in enumerate(self.tiles):
            if self.pixmap is not None and k < len(self.sources):
                pixmap, source = self.pixmap, self.sources[k]
                if svg:  # QSvgGenerator writes the whole pixmap, ignoring the source rectangle
                    pixmap = pixmap.copy(source.toAlignedRect())
                    source = QRectF(pixmap.rect())
                painter.drawPixmap(tile, pixmap, source)
                painter.setBrush(Qt.NoBrush)
            else:
                painter.setBrush(QColor(232, 234, 237))
            painter.setPen(self.frame_pen)
            painter.drawRect(tile)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, smooth)
        painter.setFont(self.font)
        painter.setPen(TEXT)
        top = self.more_y - 4
        if self.more:
            line = QFontMetricsF(self.font).height()
            painter.drawText(QRectF(self.rect.left(), top, self.rect.width(), line), Qt.AlignHCenter | Qt.AlignTop,
                             self.more)
            top += line
        text = self.label + ("\n" + self.caption if self.caption else "")
        area = QRectF(self.rect.left() + 2, top, self.rect.width() - 4, self.rect.bottom() - 2 - top)
        painter.drawText(area, Qt.AlignHCenter | Qt.AlignBottom | Qt.TextWordWrap, text)


class EdgeLines(QGraphicsItem):
    """All the edges of one layer in one item: hundreds of line items each cost the scene a bounding-rect test,
    a painter state and a Python call per frame; one item draws them in one loop with shared pens."""

    def __init__(self, p0: np.ndarray, p1: np.ndarray, palette: Palette):
        super().__init__()
        self.palette = palette
        self.lines = [QLineF(a[0], a[1], b[0], b[1]) for a, b in zip(p0, p1)]
        self.codes = np.full(len(self.lines), NEUTRAL_CODE)
        self.widths = np.full(len(self.lines), MIN_WIDTH)
        self.opacity = 1.0
        self._drawn: list = []  # (pen, line), thinnest first
        pad = MAX_WIDTH
        xs, ys = np.concatenate([p0[:, 0], p1[:, 0]]), np.concatenate([p0[:, 1], p1[:, 1]])
        self._bounds = QRectF(xs.min() - pad, ys.min() - pad, xs.max() - xs.min() + 2 * pad,
                              ys.max() - ys.min() + 2 * pad) if len(xs) else QRectF()
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_look(self, codes: np.ndarray, widths: np.ndarray, opacity: float):
        self.codes, self.widths, self.opacity = codes, widths, opacity
        pen, lines = self.palette.edge_pen, self.lines
        order = np.argsort(widths, kind="stable").tolist()  # thin lines first: strong weights drawn on top
        codes, widths = codes.tolist(), widths.tolist()
        self._drawn = [(pen(codes[k], widths[k], opacity), lines[k]) for k in order]
        self.update()

    def pen_width(self, k: int) -> float:
        return drawn_width(float(self.widths[k]))

    def boundingRect(self):
        return self._bounds

    def paint(self, painter, option, widget=None):
        set_pen, draw = painter.setPen, painter.drawLine
        for pen, line in self._drawn:
            set_pen(pen)
            draw(line)


class ColorBar(QWidget):
    """Gradient bar of the diverging map with −scale, 0 and +scale written under it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scale = 1.0
        self.rescale()

    def _font(self) -> QFont:
        return scaled_font(10.5, base=self.font())  # 14 px, 19.6 px in presentation mode

    def rescale(self):
        """Size for the current text scale (presentation mode): bar plus one line of numbers."""
        line = QFontMetricsF(self._font()).height()
        self.setFixedSize(int(260 * plotting.TEXT_SCALE), int(4 + 13 * plotting.TEXT_SCALE + 4 + line + 2))
        self.update()

    def set_scale(self, scale: float):
        if scale != self.scale:
            self.scale = scale
            self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        bar = QRectF(10, 4, self.width() - 20, 13 * plotting.TEXT_SCALE)
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, rgb in ((0.0, colors.NEGATIVE), (0.5, colors.ZERO), (1.0, colors.POSITIVE)):
            grad.setColorAt(pos, QColor(*rgb))
        p.setPen(QPen(QColor(120, 120, 120), 0.8))
        p.setBrush(QBrush(grad))
        p.drawRect(bar)
        p.setFont(self._font())
        p.setPen(TEXT)
        s = self.scale
        line = QFontMetricsF(self._font()).height()
        width = 80 * plotting.TEXT_SCALE
        labels = ((bar.left(), f"{-s:.3g}", Qt.AlignLeft), (bar.center().x(), "0", Qt.AlignHCenter),
                  (bar.right(), f"+{s:.3g}", Qt.AlignRight))
        for x, text, align in labels:
            p.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3))
            left = {Qt.AlignLeft: x - 10, Qt.AlignHCenter: x - width / 2, Qt.AlignRight: x - width + 10}[align]
            p.drawText(QRectF(left, bar.bottom() + 3, width, line), align | Qt.AlignTop, text)
        p.end()


def pixmap(rgba: np.ndarray) -> QPixmap:
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format_RGBA8888)
    return QPixmap.fromImage(image.copy())


def add_arrow(path: QPainterPath, a: QPointF, b: QPointF, tips: list):
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


def segment_distances(p: np.ndarray, p0: np.ndarray, p1: np.ndarray) -> np.ndarray:
    d = p1 - p0
    length2 = np.maximum((d * d).sum(axis=1), 1e-12)
    t = np.clip(((p - p0) * d).sum(axis=1) / length2, 0.0, 1.0)
    nearest = p0 + t[:, None] * d
    return np.sqrt(((nearest - p) ** 2).sum(axis=1))
