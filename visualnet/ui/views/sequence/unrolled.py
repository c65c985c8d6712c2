"""The recurrent layer unrolled in time: one column per step with x_t, h_t (c_t), ∂L/∂h_t and y_t, the
recurrent edges between the columns, and the shared weights drawn once, at the left, with a note.

Items are made once per architecture (:meth:`UnrolledView.build`) and only recoloured and relabelled per
frame (:meth:`UnrolledView.show_frame`); the view scrolls to keep the current step in sight when the
sequence is longer than the tab is wide.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from visualnet.core.formatting import fmt
from visualnet.ui import colors
from visualnet.ui.views.sequence.model import SequenceFrame, predicted_labels
from visualnet.ui.widgets import plotting

MAX_CELLS = 16  # units drawn as cells in a state box (two rows of 8); the tooltip lists them all
COL_W, CELL = 118.0, 11.0
SHARED_W = 200.0
MIN_SCALE = 0.6  # below this the sequence scrolls instead of shrinking
BOX_H = 54.0
TEXT = QColor(33, 37, 41)
MUTED = QColor(150, 150, 150)
FORWARD = QColor(255, 196, 0, 90)
BACKWARD = QColor(142, 68, 173, 70)
RIGHT, WRONG = QColor(46, 160, 67), QColor(200, 60, 60)
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


def _font(points: float, bold: bool = False) -> QFont:
    return plotting.scaled_font(points, bold)


def _cells_image(values, scale: float, shown: bool) -> QImage:
    """Up to MAX_CELLS values as a strip of coloured cells, two rows when more than 8 (grey when not shown)."""
    values = np.asarray(values, dtype=float)[:MAX_CELLS]
    per_row = min(8, len(values))
    rows = 1 if len(values) <= 8 else 2
    rgba = np.full((rows, per_row, 4), 235, np.uint8)
    if shown:
        padded = np.full(rows * per_row, np.nan)
        padded[:len(values)] = values
        rgba = colors.diverging_image(np.nan_to_num(padded).reshape(rows, per_row), scale).copy()
        rgba[np.isnan(padded).reshape(rows, per_row)] = 255
    image = QImage(rgba.data, per_row, rows, 4 * per_row, QImage.Format_RGBA8888)
    return image.copy()


class _Box:
    """A labelled box holding a strip of unit cells (a state) or a line of text (x and y)."""

    def __init__(self, scene, rect: QRectF, label: str, cells: bool):
        self.rect = rect
        self.frame = QGraphicsRectItem(rect)
        self.frame.setPen(QPen(QColor(110, 116, 124), 1.2))
        self.frame.setBrush(QColor(252, 252, 252))
        scene.addItem(self.frame)
        self.label = QGraphicsSimpleTextItem(label)
        self.label.setFont(_font(9))
        self.label.setBrush(MUTED)
        self.label.setPos(rect.left() + 3, rect.top() + 1)
        scene.addItem(self.label)
        self.text = QGraphicsSimpleTextItem("")
        self.text.setFont(_font(12, bold=True))
        scene.addItem(self.text)
        self.pixmap = None
        if cells:
            self.pixmap = QGraphicsPixmapItem()
            self.pixmap.setTransformationMode(Qt.FastTransformation)
            scene.addItem(self.pixmap)

    def set_text(self, text: str, color: QColor = TEXT):
        self.text.setText(text)
        self.text.setBrush(color)
        br = self.text.boundingRect()
        top = self.rect.top() + (self.rect.height() - br.height()) / 2 + 4 if self.pixmap is None \
            else self.rect.bottom() - br.height() - 1
        self.text.setPos(self.rect.center().x() - br.width() / 2, top)

    def set_cells(self, values, scale: float, shown: bool):
        image = _cells_image(values, scale, shown)
        width = min(self.rect.width() - 12, 8 * CELL)
        pix = QPixmap.fromImage(image)
        self.pixmap.setPixmap(pix)
        factor = min(CELL, width / max(1, image.width()))
        self.pixmap.setScale(factor)
        self.pixmap.setPos(self.rect.center().x() - image.width() * factor / 2, self.rect.top() + 15)

    def set_tooltip(self, text: str):
        for item in (self.frame, self.text, self.label, self.pixmap):
            if item is not None:
                item.setToolTip(text)


class _Column:
    """The items of one time step."""

    def __init__(self, scene, t: int, x0: float, rows: dict, lstm: bool):
        w = COL_W - 26
        self.highlight = QGraphicsRectItem(QRectF(x0 - 8, 0, COL_W - 10, rows["bottom"]))
        self.highlight.setPen(Qt.NoPen)
        self.highlight.setZValue(-10)
        scene.addItem(self.highlight)
        self.header = QGraphicsSimpleTextItem(f"t = {t + 1}")
        self.header.setFont(_font(11, bold=True))
        self.header.setBrush(TEXT)
        self.header.setPos(x0 + w / 2 - self.header.boundingRect().width() / 2, 2)
        scene.addItem(self.header)
        n = str(t + 1).translate(SUBSCRIPT)
        self.y = _Box(scene, QRectF(x0, rows["y"], w, 40), f"y{n}", False)
        self.h = _Box(scene, QRectF(x0, rows["h"], w, BOX_H), f"h{n}", True)
        self.c = _Box(scene, QRectF(x0, rows["c"], w, BOX_H), f"c{n}", True) if lstm else None
        self.x = _Box(scene, QRectF(x0, rows["x"], w, 36), f"x{n}", False)
        self.dh = _Box(scene, QRectF(x0, rows["dh"], w, BOX_H), f"∂L/∂h{n}", True)
        self.dh.text.setFont(_font(10, bold=True))  # gradients are long numbers (0.000339)


def _arrow(scene, start: QPointF, end: QPointF, pen: QPen):
    line = scene.addLine(QLineF(start, end), pen)
    direction = end - start
    length = max(1e-9, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
    ux, uy = direction.x() / length, direction.y() / length
    head = QPolygonF([end, end - QPointF(ux * 8 - uy * 4, uy * 8 + ux * 4), end - QPointF(ux * 8 + uy * 4, uy * 8 - ux * 4)])
    tip = scene.addPolygon(head, pen, QBrush(pen.color()))
    return line, tip


class UnrolledView(QGraphicsView):
    """The network unrolled over the steps of one sample."""

    def __init__(self, parent=None):
        self.scene_ = QGraphicsScene()
        super().__init__(self.scene_, parent)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setBackgroundBrush(QColor(255, 255, 255))
        self.setFrameShape(QGraphicsView.NoFrame)
        self.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.columns: list[_Column] = []
        self._key = None
        self._current = None
        self.note = None
        self.shared = {}

    def build(self, frame: SequenceFrame, names: dict):
        """Items for ``frame``'s architecture; ``names`` = {"x": …, "Wx": …, "Wh": …, "W_out": …} of the legend."""
        key = (frame.kind, frame.steps, frame.units, plotting.TEXT_SCALE, tuple(names.items()))
        if key == self._key:
            return
        self._key = key
        self.scene_.clear()
        self.columns = []
        lstm = frame.kind == "lstm"
        rows = {"y": 26.0, "h": 84.0}
        rows["c"] = rows["h"] + BOX_H + 14  # LSTM only: below h, which is made from it
        rows["x"] = rows["h"] + (BOX_H + 14) * (2 if lstm else 1)
        rows["dh"] = rows["x"] + 52
        rows["bottom"] = rows["dh"] + BOX_H + 4
        edge = QPen(QColor(90, 90, 90), 1.6)
        recurrent_pen = QPen(QColor(*colors.POSITIVE), 2.2)
        w = COL_W - 26
        for t in range(frame.steps):
            x0 = SHARED_W + t * COL_W
            self.columns.append(_Column(self.scene_, t, x0, rows, lstm))
            cx = x0 + w / 2
            _arrow(self.scene_, QPointF(cx, rows["x"]), QPointF(cx, rows["c" if lstm else "h"] + BOX_H), edge)
            if lstm:
                _arrow(self.scene_, QPointF(cx, rows["c"]), QPointF(cx, rows["h"] + BOX_H), edge)
            _arrow(self.scene_, QPointF(cx, rows["h"]), QPointF(cx, rows["y"] + 40), edge)
            source = x0 - 26 if t else SHARED_W - 84
            for row in ("c", "h") if lstm else ("h",):
                _arrow(self.scene_, QPointF(source, rows[row] + BOX_H / 2), QPointF(x0, rows[row] + BOX_H / 2), recurrent_pen)
        # the initial state and the shared weights, drawn once
        for row in ("c", "h") if lstm else ("h",):
            zero = QGraphicsSimpleTextItem(f"{row}₀ = 0")
            zero.setFont(_font(11))
            zero.setBrush(TEXT)
            zero.setPos(SHARED_W - 82, rows[row] + BOX_H / 2 - zero.boundingRect().height() - 1)  # on its arrow
            self.scene_.addItem(zero)
        title = QGraphicsSimpleTextItem(tr("shared weights"))
        title.setFont(_font(11, bold=True))
        title.setBrush(TEXT)
        title.setPos(4, 2)
        self.scene_.addItem(title)
        self.shared = {}
        for k, (label, name) in enumerate(((names["Wh"], "Wh"), (names["Wx"], "Wx"), (names["W_out"], "W_out"))):
            y = 30 + k * 62
            text = QGraphicsSimpleTextItem(label)
            text.setFont(_font(10))
            text.setBrush(TEXT)
            text.setPos(4, y)
            self.scene_.addItem(text)
            pix = QGraphicsPixmapItem()
            pix.setPos(4, y + 18)
            self.scene_.addItem(pix)
            self.shared[name] = pix
        self.note = QGraphicsSimpleTextItem(tr("every step uses\nthese same weights"))
        self.note.setFont(_font(9))
        self.note.setBrush(QColor(90, 90, 90))
        self.note.setPos(4, 30 + 3 * 62)
        self.scene_.addItem(self.note)
        self.scene_.setSceneRect(QRectF(0, 0, SHARED_W + frame.steps * COL_W, rows["bottom"] + 4))
        self._fit()

    def set_shared(self, params: dict):
        """Small heatmaps of the shared matrices (diverging colours, each on its own scale)."""
        for name, pix in self.shared.items():
            value = params.get(name)
            if value is None or value.ndim != 2:
                pix.setPixmap(QPixmap())
                continue
            scale = float(np.abs(value).max()) or 1.0
            rgba = colors.diverging_image(np.asarray(value, float), scale)
            image = QImage(rgba.data, rgba.shape[1], rgba.shape[0], 4 * rgba.shape[1], QImage.Format_RGBA8888).copy()
            factor = min(100 / image.width(), 40 / image.height())
            pix.setPixmap(QPixmap.fromImage(image).scaled(max(1, int(image.width() * factor)),
                                                          max(1, int(image.height() * factor))))
            pix.setToolTip(tr("shape {rows}×{cols}, used at every time step").replace(
                "{rows}", str(value.shape[0])).replace("{cols}", str(value.shape[1])))

    def show_frame(self, frame: SequenceFrame, x_labels: list, y_labels: list | None, target_labels: list | None):
        """Recolour and relabel the columns for ``frame``. ``x_labels``: each step's input as text;
        ``y_labels`` / ``target_labels``: each output step's prediction and target as text (None: unknown)."""
        traced = frame.traced
        h_scale = 1.0
        c_scale = float(np.abs(frame.c).max()) if traced and frame.c is not None else 1.0
        dh_scale = float(np.abs(frame.dh).max()) if traced and frame.dh is not None else 1.0
        predicted = predicted_labels(frame) if traced else None
        last_only = traced and frame.y is not None and frame.y.ndim == 1
        for t, column in enumerate(self.columns):
            current = frame.step == t
            brush = Qt.NoBrush
            if current:
                brush = QBrush(FORWARD if frame.phase == "forward" else BACKWARD)
            column.highlight.setBrush(brush)
            column.x.set_text(x_labels[t] if traced else "")
            state = traced and frame.state_shown(t)
            column.h.set_cells(frame.h[t] if traced else np.zeros(frame.units), h_scale, state)
            column.h.set_text(f"‖h‖ {fmt(np.linalg.norm(frame.h[t]))}" if state else "")
            column.h.set_tooltip(_vector_tip("h", t, frame.h[t]) if state else "")
            if column.c is not None:
                column.c.set_cells(frame.c[t] if traced else np.zeros(frame.units), c_scale, state)
                column.c.set_text(f"‖c‖ {fmt(np.linalg.norm(frame.c[t]))}" if state else "")
                column.c.set_tooltip(_vector_tip("c", t, frame.c[t]) if state else "")
            grad = traced and frame.dh is not None and frame.gradient_shown(t)
            column.dh.set_cells(frame.dh[t] if grad else np.zeros(frame.units), dh_scale, grad)
            column.dh.set_text(f"‖·‖ {fmt(np.linalg.norm(frame.dh[t]))}" if grad else "")
            column.dh.set_tooltip(_vector_tip("∂L/∂h", t, frame.dh[t]) if grad else "")
            has_output = not last_only or t == frame.steps - 1
            text, color = "", TEXT
            if traced and frame.output_known and has_output and y_labels is not None:
                k = 0 if last_only else t
                text = y_labels[k]
                if predicted is not None and target_labels is not None:
                    color = RIGHT if y_labels[k] == target_labels[k] else WRONG
            column.y.set_text(text, color)
            column.y.frame.setOpacity(1.0 if has_output else 0.3)
        if frame.step is not None and frame.step < len(self.columns):
            self._current = frame.step
            self.centerOn(self.columns[frame.step].h.rect.center())

    def _fit(self):
        """The whole sequence when it fits at a readable size, else readable and scrolled to the current step."""
        rect = self.scene_.sceneRect()
        if rect.isEmpty() or self.viewport().height() < 10:
            return
        bar = self.horizontalScrollBar().sizeHint().height()
        by_height = (self.height() - bar) / rect.height()
        scale = min(by_height, self.width() / rect.width(), 1.4)
        if scale < MIN_SCALE:
            scale = min(by_height, 1.0)
        self.resetTransform()
        self.scale(scale, scale)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()
        if self._current is not None and self._current < len(self.columns):
            self.centerOn(self.columns[self._current].h.rect.center())


def _vector_tip(symbol: str, t: int, values) -> str:
    n = str(t + 1).translate(SUBSCRIPT)
    return f"{symbol}{n} = [" + ", ".join(fmt(v) for v in np.ravel(values)) + "]"
