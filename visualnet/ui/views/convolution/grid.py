"""A 2-D array drawn as cells: diverging colours, the numbers when the cells are large enough, lit cells.

Every map, window and kernel of the Convolution tab is one of these. The cell colours are one image scaled
without smoothing (a 24×24 map costs one drawImage), numbers and outlines go on top. Padding (a border of
``pad`` cells) is drawn hatched so the zeros the layer adds are visibly not part of the input.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QLineEdit, QSizePolicy, QWidget

from visualnet.core.convolution import fmt
from visualnet.ui import colors
from visualnet.ui.widgets.plotting import pt

TEXT = QColor(33, 37, 41)
LIGHT_TEXT = QColor(255, 255, 255)
PAD_FILL = QColor(222, 226, 230)
MARK_COLORS = {  # a mark's name: its outline colour
    "window": QColor(220, 53, 69),  # the receptive field / the window under the kernel
    "cell": QColor(33, 37, 41),  # the output cell being computed
    "winner": QColor(25, 135, 84),  # max pooling's winning cell
    "term": QColor(111, 66, 193),  # the cells a written-out sum reads
}
GRID_LINE_MIN_CELL = 10  # px: smaller cells read better as a picture
NUMBER_MIN_CELL = 26  # px: smaller cells show colour only (the tooltip still has the number)


def parse_number(text: str) -> float | None:
    """A typed number ("−0.5", "-.5", "1e-2"), or None: the minus sign the tab writes is accepted back."""
    try:
        value = float(text.strip().replace("−", "-").replace(",", "."))
    except ValueError:
        return None
    return value if np.isfinite(value) else None


class GridWidget(QGraphicsView):
    """One 2-D array as a grid of coloured cells. ``cellClicked(row, col)`` in the array's coordinates
    (padding included); editable grids emit ``cellEdited(row, col, value)`` after a double-click and typing,
    and paintable ones ``cellPainted(row, col)`` while the left button is dragged over cells.

    A QGraphicsView without a scene, painting its viewport itself: the app's exports tell a view's graphs
    from its controls by that class (an animation frame keeps the graphs and blanks the controls)."""

    cellClicked = Signal(int, int)
    cellEdited = Signal(int, int, float)
    cellPainted = Signal(int, int)

    def __init__(self, title: str = "", numbers: bool = True, max_cell: int = 56, editable: bool = False,
                 paintable: bool = False, parent=None):
        super().__init__(parent)
        self.title = title
        self.numbers = numbers
        self.max_cell = max_cell
        self.editable = editable
        self.paintable = paintable
        self.values = np.zeros((0, 0))
        self.scale = 1.0
        self.pad = 0
        self.digits = 2
        self.marks: dict[str, list] = {}
        self._image = None
        self._mask = None
        self._editor = None
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)  # the panel's background shows around the cells
        self.setStyleSheet("background: transparent")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(60, 60)

    # -- data ---------------------------------------------------------------------------------------

    def set_values(self, values, scale: float | None = None, pad: int = 0, title: str | None = None,
                   padding=None):
        """Show ``values`` (2-D); colours saturate at ±``scale`` (default: the largest |value|); the outer
        ``pad`` rings are padding, or the cells where the boolean ``padding`` is true."""
        values = np.asarray(values, dtype=np.float64)
        self.values = values.reshape(values.shape[-2:]) if values.ndim != 2 else values
        biggest = float(np.max(np.abs(self.values))) if self.values.size else 0.0
        self.scale = scale if scale is not None and scale > 0 else (biggest if biggest > 0 else 1.0)
        self.pad = pad
        self._mask = None if padding is None else np.asarray(padding, dtype=bool).reshape(self.values.shape)
        if title is not None:
            self.title = title
        self._image = None
        self._update_tooltip()
        self.viewport().update()

    def set_marks(self, name: str, cells):
        """Outline ``cells`` ((row, col) pairs) with the mark ``name`` (see :data:`MARK_COLORS`)."""
        self.marks[name] = [(int(r), int(c)) for r, c in cells]
        self.viewport().update()

    def clear_marks(self):
        self.marks = {}
        self.viewport().update()

    def text_at(self, row: int, col: int) -> str:
        """The number a cell shows (whether or not it is large enough to be drawn)."""
        return fmt(self.values[row, col], self.digits)

    def on_padding(self, row: int, col: int) -> bool:
        if self._mask is not None:
            return bool(self._mask[row, col])
        rows, cols = self.values.shape
        return self.pad > 0 and not (self.pad <= row < rows - self.pad and self.pad <= col < cols - self.pad)

    # -- geometry -----------------------------------------------------------------------------------

    def _title_height(self) -> float:
        return QFontMetricsF(self._title_font()).height() + 4 if self.title else 0.0

    def _title_font(self) -> QFont:
        return _font(10, bold=True)

    def cell_size(self) -> float:
        rows, cols = self.values.shape
        if not rows or not cols:
            return 0.0
        room_h = self.height() - self._title_height() - 2
        return max(1.0, min(self.max_cell * pt(1), (self.width() - 2) / cols, room_h / rows))

    def grid_rect(self) -> QRectF:
        rows, cols = self.values.shape
        size = self.cell_size()
        width, height = size * cols, size * rows
        left = (self.width() - width) / 2
        return QRectF(left, self._title_height() + 1, width, height)

    def cell_rect(self, row: int, col: int) -> QRectF:
        grid, size = self.grid_rect(), self.cell_size()
        return QRectF(grid.left() + col * size, grid.top() + row * size, size, size)

    def cell_at(self, point) -> tuple[int, int] | None:
        grid, size = self.grid_rect(), self.cell_size()
        if size <= 0 or not grid.contains(QPointF(point)):
            return None
        row, col = int((point.y() - grid.top()) // size), int((point.x() - grid.left()) // size)
        rows, cols = self.values.shape
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def sizeHint(self) -> QSize:
        rows, cols = self.values.shape if self.values.size else (3, 3)
        cell = min(self.max_cell, 36) * pt(1)
        return QSize(int(cols * cell) + 2, int(rows * cell + self._title_height()) + 2)

    # -- painting -----------------------------------------------------------------------------------

    def paintEvent(self, _event):
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.TextAntialiasing)
        if self.title:
            painter.setFont(self._title_font())
            painter.setPen(TEXT)
            painter.drawText(QRectF(0, 0, self.width(), self._title_height()), Qt.AlignCenter, self.title)
        if not self.values.size:
            painter.end()
            return
        grid, size = self.grid_rect(), self.cell_size()
        if self._image is None:
            rgba = colors.diverging_image(self.values, self.scale)
            if self.pad or self._mask is not None:
                rgba[self._padding_mask()] = (*PAD_FILL.getRgb()[:3], 255)
            self._image = QImage(rgba.data, rgba.shape[1], rgba.shape[0], rgba.shape[1] * 4,
                                 QImage.Format_RGBA8888).copy()
        painter.drawImage(grid, self._image)
        if (self.pad or self._mask is not None) and size >= 6:
            painter.setBrush(QBrush(QColor(173, 181, 189), Qt.BDiagPattern))
            painter.setPen(Qt.NoPen)
            for row, col in zip(*np.nonzero(self._padding_mask())):
                painter.drawRect(self.cell_rect(row, col))
        if size >= GRID_LINE_MIN_CELL:
            painter.setPen(QPen(QColor(255, 255, 255), 1))
            rows, cols = self.values.shape
            for r in range(rows + 1):
                y = grid.top() + r * size
                painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
            for c in range(cols + 1):
                x = grid.left() + c * size
                painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        if self.numbers and size >= NUMBER_MIN_CELL * pt(1) * 0.8:
            self._paint_numbers(painter, size)
        for name, cells in self.marks.items():
            self._paint_mark(painter, name, cells, size)
        painter.end()

    def _padding_mask(self) -> np.ndarray:
        if self._mask is not None:
            return self._mask
        mask = np.zeros(self.values.shape, dtype=bool)
        if self.pad:
            mask[:self.pad, :] = mask[-self.pad:, :] = True
            mask[:, :self.pad] = mask[:, -self.pad:] = True
        return mask

    def _paint_numbers(self, painter: QPainter, size: float):
        font = _font(9.5)
        metrics = QFontMetricsF(font)
        small = QFont(font)
        for row, col in np.ndindex(self.values.shape):
            value = self.values[row, col]
            text = self.text_at(row, col)
            width = metrics.horizontalAdvance(text)
            if width > size - 3:  # only this cell's text shrinks to fit, its neighbours stay legible
                small.setPointSizeF(max(6.0, font.pointSizeF() * (size - 3) / width))
                painter.setFont(small)
            else:
                painter.setFont(font)
            dark_cell = abs(value) / self.scale > 0.65 and not self.on_padding(row, col)
            painter.setPen(LIGHT_TEXT if dark_cell else TEXT)
            painter.drawText(self.cell_rect(row, col), Qt.AlignCenter, text)

    def _paint_mark(self, painter: QPainter, name: str, cells, size: float):
        if not cells:
            return
        width = max(2.0, min(4.0, size / 8)) * (1.4 if pt(1) > 1 else 1)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(MARK_COLORS.get(name, TEXT), width))
        half = width / 2
        rows, cols = zip(*cells)
        top, left, bottom, right = min(rows), min(cols), max(rows), max(cols)
        if len(set(cells)) == (bottom - top + 1) * (right - left + 1) and len(cells) > 1:
            # a whole rectangle (a window, a receptive field): one frame, and a tint so it reads at a glance
            box = self.cell_rect(top, left).united(self.cell_rect(bottom, right))
            tint = QColor(MARK_COLORS.get(name, TEXT))
            tint.setAlpha(40)
            painter.fillRect(box, tint)
            painter.drawRect(box.adjusted(half, half, -half, -half))
            return
        for row, col in cells:
            painter.drawRect(self.cell_rect(row, col).adjusted(half, half, -half, -half))

    def _update_tooltip(self):
        rows, cols = self.values.shape
        self.viewport().setToolTip(self.tr("{title} — {rows}×{cols}; colours saturate at ±{scale}").format(
            title=self.title or self.tr("map"), rows=rows, cols=cols, scale=fmt(self.scale)))

    # -- the mouse and the keyboard ---------------------------------------------------------------

    def mousePressEvent(self, event):
        cell = self.cell_at(event.position())
        if cell is None or event.button() != Qt.LeftButton:
            return
        self.cellClicked.emit(*cell)
        if self.paintable:
            self.cellPainted.emit(*cell)

    def mouseMoveEvent(self, event):
        if self.paintable and event.buttons() & Qt.LeftButton:
            cell = self.cell_at(event.position())
            if cell is not None:
                self.cellPainted.emit(*cell)

    def mouseDoubleClickEvent(self, event):
        cell = self.cell_at(event.position())
        if self.editable and cell is not None:
            self.edit(*cell)

    def edit(self, row: int, col: int):
        """Open a line edit over the cell; Enter writes the typed number, Escape or a bad number leaves it."""
        if self._editor is not None:
            self._editor.deleteLater()
        editor = QLineEdit(self)
        editor.setText(fmt(self.values[row, col], 4))
        editor.setAlignment(Qt.AlignCenter)
        editor.setGeometry(self.cell_rect(row, col).toRect().adjusted(-12, 0, 12, 0))
        editor.selectAll()
        editor.returnPressed.connect(lambda: self._commit(editor, row, col))
        editor.editingFinished.connect(editor.deleteLater)
        self._editor = editor
        editor.show()
        editor.setFocus()

    def _commit(self, editor: QLineEdit, row: int, col: int):
        value = parse_number(editor.text())
        if value is not None:
            self.cellEdited.emit(row, col, value)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.viewport().update()


class ColorLegend(QWidget):
    """The diverging colour bar with its ends and zero: what the colours of the maps beside it mean."""

    def __init__(self, symbol: str = "", parent=None):
        super().__init__(parent)
        self.symbol = symbol
        self.scale = 1.0
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)

    def set_scale(self, scale: float, symbol: str | None = None):
        self.scale = scale if scale > 0 else 1.0
        if symbol is not None:
            self.symbol = symbol
        self.updateGeometry()
        self.update()

    def labels(self) -> tuple[str, str, str]:
        return f"{fmt(-self.scale)}", "0", f"{fmt(self.scale)}"

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(_font(9))
        return QSize(int(220 * pt(1)), int(metrics.height() * 2 + 14))

    def paintEvent(self, _event):
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.TextAntialiasing)
        font = _font(9)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        symbol_width = metrics.horizontalAdvance(self.symbol) + 8 if self.symbol else 0
        bar = QRect(int(symbol_width) + 4, 2, max(20, self.width() - int(symbol_width) - 12), int(metrics.height()))
        gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
        for stop, rgb in ((0.0, colors.NEGATIVE), (0.5, colors.ZERO), (1.0, colors.POSITIVE)):
            gradient.setColorAt(stop, QColor(*rgb))
        painter.fillRect(bar, gradient)
        painter.setPen(TEXT)
        if self.symbol:
            painter.drawText(QRectF(0, bar.top(), symbol_width, bar.height()), Qt.AlignVCenter | Qt.AlignRight,
                             self.symbol)
        low, zero, high = self.labels()
        y = bar.bottom() + 2
        h = metrics.height() + 2
        painter.drawText(QRectF(bar.left(), y, bar.width(), h), Qt.AlignLeft, low)
        painter.drawText(QRectF(bar.left(), y, bar.width(), h), Qt.AlignHCenter, zero)
        painter.drawText(QRectF(bar.left(), y, bar.width(), h), Qt.AlignRight, high)
        painter.end()


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(pt(points))
    font.setBold(bold)
    return font
