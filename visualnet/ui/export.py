"""One place for exporting any view: PNG (chosen width, optional transparency), SVG, CSV and animated GIF.

SVG does not use pyqtgraph's SVGExporter: with PySide6 6.12 it raises ValueError in
``correctCoordinates`` on plot curves (upstream bug), so its right-click "Export..." is replaced by the
view's own (end of this module). Rendering the widget into a ``QSvgGenerator`` works for every view,
provided the generator's resolution is the widget's logical DPI — at the default 72 dpi the axes come out
at 3/4 scale while the curves do not. What Qt writes renders right only in Qt: :mod:`visualnet.ui.svg`
makes it portable, helped by clip markers painted here and by pyqtgraph's export mode. Qt's own SVG 1.1
output (``QSvgGenerator(SvgVersion.Svg11)``) does write clip paths, but wrong ones: half of a plot and
the text of combo boxes and legends vanish in other renderers.

Animations show the view without its controls and leave the lesson exactly as it was.
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QImage, QPainter, QPalette, QRegion
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QGraphicsRectItem,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QWidget,
)

from visualnet.core.sessionfile import atomic_write_bytes
from visualnet.ui import svg
from visualnet.ui.i18n import tr


def _graphics_views(widget: QWidget):
    return [w for w in widget.findChildren(pg.GraphicsView)] + ([widget] if isinstance(widget, pg.GraphicsView) else [])


def render_image(widget: QWidget, width: int | None = None, transparent: bool = False) -> QImage:
    """The widget painted into an image ``width`` pixels wide (height keeps the aspect ratio)."""
    size = widget.size()
    width = width or size.width()
    scale = width / max(1, size.width())
    image = QImage(QSize(width, max(1, round(size.height() * scale))), QImage.Format_ARGB32)
    image.fill(Qt.transparent if transparent else widget.palette().window().color())
    saved = []
    if transparent:
        for view in _graphics_views(widget):
            saved.append((view, view.backgroundBrush(), view.viewport().palette()))
            view.setBackground(None)
            clear = view.viewport().palette()
            for role in (QPalette.Base, QPalette.Window):
                clear.setColor(role, Qt.transparent)
            view.viewport().setPalette(clear)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    painter.scale(scale, scale)
    flags = QWidget.RenderFlag.DrawChildren if transparent else \
        QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
    try:
        # QWidget.render explicitly: QGraphicsView (every pyqtgraph widget) overrides render() for its scene
        QWidget.render(widget, painter, QPoint(), QRegion(), flags)
    finally:
        painter.end()
        for view, brush, palette in saved:
            view.setBackgroundBrush(brush)
            view.viewport().setPalette(palette)
    return image


def _image_bytes(image: QImage, fmt: str = "PNG") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, fmt)
    buffer.close()
    return bytes(data)


def write_png(image: QImage, path):
    """An already rendered image (e.g. a window's ``grab()``) written as PNG, atomically."""
    atomic_write_bytes(path, _image_bytes(image))


def export_png(widget: QWidget, path, width: int | None = None, transparent: bool = False) -> QImage:
    image = render_image(widget, width, transparent)
    write_png(image, path)
    return image


def _marker_colour(colour: str) -> QColor:
    brush = QColor(colour)
    brush.setAlpha(1)  # invisible, and a colour no view uses: found again in the SVG
    return brush


def _marker(painter: QPainter, rect, colour: str):
    painter.save()
    painter.setPen(Qt.NoPen)
    painter.setBrush(_marker_colour(colour))
    painter.drawRect(rect)
    painter.restore()


def _scenes(widget: QWidget) -> list:
    views = widget.findChildren(QGraphicsView) + ([widget] if isinstance(widget, QGraphicsView) else [])
    return [view.scene() for view in views if view.scene() is not None]


def _plot_clip_markers(widget: QWidget) -> list:
    """The clip markers of every plot's ViewBox, as scene items painted first and last among its
    children (a heatmap spills past its axes onto the colour bar without them). Returned so the
    caller removes them after painting."""
    markers = []
    for scene in _scenes(widget):
        for box in [item for item in scene.items() if isinstance(item, pg.ViewBox) and item.isVisible()]:
            for colour, z in ((svg.CLIP_OPEN, -1e12), (svg.CLIP_CLOSE, 1e12)):
                marker = QGraphicsRectItem(box.rect(), box)
                marker.setPen(Qt.NoPen)
                marker.setBrush(_marker_colour(colour))
                marker.setZValue(z)
                marker.setAcceptedMouseButtons(Qt.NoButton)
                markers.append(marker)
    return markers


@contextmanager
def _vector_export_mode(widget: QWidget, painter: QPainter):
    """pyqtgraph's export mode while painting the SVG, as its own exporters do: scatter plots then draw
    each symbol as a shape instead of pieces of a pixmap atlas (QSvgGenerator ignores the source rect
    of a pixmap fragment and writes the whole atlas into every point), and plots hide their buttons."""
    items = [item for scene in _scenes(widget) for item in scene.items() if hasattr(item, "setExportMode")]
    for item in items:
        item.setExportMode(True, {"painter": painter})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


def _paint_clipped(widget: QWidget, painter: QPainter, offset: QPoint, root: bool = True):
    """What ``QWidget.render`` with ``DrawChildren`` paints, one widget at a time, each child between
    a pair of clip markers: a widget's painting is clipped to its rectangle on screen (a combo box's
    long text, a graph scrolled past its viewport), and QSvgGenerator writes no clipping at all."""
    flags = QWidget.RenderFlag.DrawWindowBackground if root or widget.autoFillBackground() \
        else QWidget.RenderFlag(0)
    QWidget.render(widget, painter, offset, QRegion(), flags)
    for child in widget.children():
        if not isinstance(child, QWidget) or child.isWindow() or not child.isVisibleTo(widget) \
                or child.size().isEmpty():
            continue
        at = offset + child.pos()
        rect = QRect(at, child.size())
        _marker(painter, rect, svg.CLIP_OPEN)
        _paint_clipped(child, painter, at, root=False)
        _marker(painter, rect, svg.CLIP_CLOSE)


def _text_width(widget: QWidget):
    """Qt's own width of a text run as QSvgGenerator wrote it (font size in pixels at the widget's DPI)."""
    dpi = widget.logicalDpiY()

    def width(text: str, family: str, pixel_size: float, weight: int, italic: bool) -> float:
        font = QFont(family)
        font.setPointSizeF(pixel_size * 72 / dpi)
        font.setWeight(QFont.Weight(weight))
        font.setItalic(italic)
        return QFontMetricsF(font, widget).horizontalAdvance(text)

    return width


def _resolved_family(family: str) -> str:
    return QFontInfo(QFont(family)).family()


def svg_bytes(widget: QWidget, title: str = "visualnet") -> bytes:
    """The widget as SVG, vector where Qt paints vectors (curves, text, shapes), made to render like the
    screen in browsers, Inkscape and other renderers too (:mod:`visualnet.ui.svg`)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(QPoint(0, 0), widget.size()))
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(title)
    markers = _plot_clip_markers(widget)
    painter = QPainter(generator)
    try:
        with _vector_export_mode(widget, painter):
            _paint_clipped(widget, painter, QPoint())
    finally:
        painter.end()
        for marker in markers:
            if marker.scene() is not None:
                marker.scene().removeItem(marker)
    buffer.close()
    return svg.tidy(bytes(data), _text_width(widget), _resolved_family)


def export_svg(widget: QWidget, path, title: str = "visualnet"):
    atomic_write_bytes(path, svg_bytes(widget, title))


def svg_to_image(data: bytes, size: QSize) -> QImage:
    """Render SVG back to pixels with Qt's renderer (to check an export against the screen)."""
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError("the SVG could not be parsed")
    image = QImage(size, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def image_array(image: QImage) -> np.ndarray:
    """(H, W, 4) uint8 copy of a QImage, for comparing renders in tests and benchmarks."""
    image = image.convertToFormat(QImage.Format_RGBA8888)
    ptr = image.constBits()
    arr = np.frombuffer(ptr, np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())
    return arr[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def csv_tables(widget: QWidget) -> dict[str, tuple[list[str], list[list]]]:
    """The data a view plots: its own ``csv_tables()`` if it has one, else every curve in its plots."""
    if hasattr(widget, "csv_tables"):
        return widget.csv_tables()
    tables = {}
    for plot in widget.findChildren(pg.PlotItem) + [i for v in _graphics_views(widget)
                                                   for i in v.scene().items() if isinstance(i, pg.PlotItem)]:
        title = plot.titleLabel.text or "plot"
        for n, item in enumerate(plot.listDataItems()):
            x, y = item.getData()
            if x is None or len(x) == 0:
                continue
            name = item.name() or f"curve {n + 1}"
            key = f"{title}: {name}"
            tables[key] = (["x", "y"], [[float(a), float(b)] for a, b in zip(x, y)])
    return tables


def export_csv(widget: QWidget, path) -> int:
    """Long-format CSV (table, then its columns); returns the number of data rows written."""
    tables = csv_tables(widget)
    if not tables:
        raise ValueError(tr("this view has no plotted data to export as CSV"))
    out = io.StringIO()
    writer = csv.writer(out)
    rows = 0
    width = max(len(header) for header, _ in tables.values())
    writer.writerow(["table"] + [f"c{i + 1}" for i in range(width)])
    for name, (header, data) in tables.items():
        writer.writerow([name] + header)
        for row in data:
            writer.writerow([name] + list(row))
            rows += 1
    atomic_write_bytes(path, out.getvalue().encode("utf-8"))
    return rows


def export(widget: QWidget, path, width: int | None = None, transparent: bool = False):
    """Export by the file's extension: .png, .svg or .csv."""
    up_to_date = getattr(widget, "up_to_date", None)  # a view behind another tab may lag a step behind
    if up_to_date is not None:
        up_to_date()
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt == "png":
        return export_png(widget, path, width, transparent)
    if fmt == "svg":
        return export_svg(widget, path)
    if fmt == "csv":
        return export_csv(widget, path)
    raise ValueError(f"unknown export format {fmt!r}: use .png, .svg or .csv")


def export_gif(frames: list[QImage], path, frame_ms: int = 400):
    """An animated GIF of rendered frames (e.g. a stepped forward/backward pass), looping."""
    from PIL import Image

    if not frames:
        raise ValueError("no frames to write")
    # the pixels as they are (unpremultiplied RGBA, as a PNG holds them, alpha dropped): encoding and decoding a
    # PNG per frame only to read it back cost 25 ms a frame
    pictures = [Image.fromarray(np.ascontiguousarray(image_array(f)[..., :3])) for f in frames]
    out = io.BytesIO()
    pictures[0].save(out, format="GIF", save_all=True, append_images=pictures[1:], duration=frame_ms, loop=0)
    atomic_write_bytes(path, out.getvalue())


_CONTROLS = (QAbstractButton, QAbstractSpinBox, QAbstractSlider, QComboBox, QLineEdit)


def _has_graph(widget: QWidget) -> bool:
    return isinstance(widget, QGraphicsView) or bool(widget.findChildren(QGraphicsView))


def _control_rects(widget: QWidget) -> list[QRect]:
    """Where ``widget``'s controls are, in its coordinates. A control counts with the label in front of
    it (``Directions [combo]``) and with the panel it sits in, up to the largest ancestor that holds no
    graph (the optimizer's whole column of settings)."""
    controls = [c for c in widget.findChildren(QWidget) if isinstance(c, _CONTROLS) and c.isVisibleTo(widget)]
    for layout in widget.findChildren(QBoxLayout):
        items = [layout.itemAt(i).widget() for i in range(layout.count())]
        controls += [label for label, after in itertools.pairwise(items)
                     if isinstance(label, QLabel) and isinstance(after, _CONTROLS) and label.isVisibleTo(widget)]
    controls += [label for label in widget.findChildren(QLabel)
                 if isinstance(label.buddy(), _CONTROLS) and label.isVisibleTo(widget)]
    rects = []
    for control in controls:
        panel = control
        while panel.parentWidget() not in (widget, None) and not _has_graph(panel.parentWidget()):
            panel = panel.parentWidget()
        rects.append(QRect(panel.mapTo(widget, QPoint(0, 0)), panel.size()))
    return rects


def _content_rect(widget: QWidget, controls: list[QRect]) -> QRect:
    """The bounding rectangle of what ``widget`` shows besides its controls: graphs, labels, legends."""
    content = QRect()
    pending = [widget]
    while pending:
        parent = pending.pop()
        for child in parent.children():
            if not isinstance(child, QWidget) or child.isWindow() or not child.isVisibleTo(widget):
                continue
            rect = QRect(child.mapTo(widget, QPoint(0, 0)), child.size())
            if any(c.contains(rect) for c in controls):
                continue
            shown_children = [w for w in child.children() if isinstance(w, QWidget) and w.isVisibleTo(widget)]
            if isinstance(child, QGraphicsView) or not shown_children:
                content = content.united(rect)
            else:
                pending.append(child)
    return content if not content.isEmpty() else widget.rect()


def view_area(widget: QWidget) -> tuple[QRect, list[QRect]]:
    """(the rectangle an animation frame shows, the controls' rectangles left blank in it), in the
    widget's coordinates."""
    controls = _control_rects(widget)
    return _content_rect(widget, controls).adjusted(-4, -4, 4, 4) & widget.rect(), controls


def render_view(widget: QWidget) -> QImage:
    """What a view shows without its controls (an animation's frame): buttons, boxes and settings
    panels are left blank, and the picture is cropped to the graphs, labels and legends."""
    crop, controls = view_area(widget)
    region = QRegion(crop)
    for rect in controls:
        region -= QRegion(rect)
    image = QImage(crop.size(), QImage.Format_ARGB32)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.TextAntialiasing)
    try:
        painter.translate(-crop.topLeft())
        QWidget.render(widget, painter, crop.topLeft(), region,
                       QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground)
    finally:
        painter.end()
    return image


def _race_frames(view, frames: int) -> list[QImage]:
    """The optimizer race from its start to the step shown, a frame per step (``frames`` steps if it
    has not started). It runs on a copy: the race on screen, hyperparameters changed mid-race and
    all, is untouched."""
    original = view.race
    view.race = copy.deepcopy(original)
    try:
        if view.race.steps == 0:
            images = [render_view(view)]
            for _ in range(frames):
                view.race.step()
                view.redraw()
                images.append(render_view(view))
            return images
        view.redraw()
        images = [render_view(view)]
        while view.race.back():  # back is exact; stepping forward again would use today's hyperparameters
            view.redraw()
            images.append(render_view(view))
        return images[::-1]
    finally:
        view.race = original
        view.redraw()


def _step_frames(view, controller) -> list[QImage]:
    """The training step on screen, a frame per event from its first forward event to its last
    update, wherever in the step the user is; nothing is trained and the position is restored."""
    if controller.trace is None:
        raise ValueError(tr("no training step to animate yet: take a step first"))
    if controller.trainer.divergence is not None:
        raise ValueError(tr("the training diverged: reset the network or lower the learning rate first"))
    app = QApplication.instance()
    trace, position = controller.trace, controller.position
    playing = controller.is_playing
    controller.pause()
    animate = getattr(view, "animate", None)
    if animate is not None:
        view.animate = False  # each frame shows an event's final look, not the start of its animation
    try:
        while controller.position > 0:
            controller.substep_back()
        if controller.position < 0:
            controller.substep()
        images = []
        while True:
            app.processEvents()  # views that redraw on a zero-delay timer
            images.append(render_view(view))
            if controller.player.at_end:
                break
            controller.substep()  # within the trace: never records a new step
        return images
    finally:
        while controller.trace is trace and controller.position > position:
            controller.substep_back()
        if animate is not None:
            view.animate = animate
        if playing:
            controller.play()


def animation_frames(view, controller=None, frames: int = 30) -> list[QImage]:
    """Frames for a GIF, of the view without its controls, leaving the lesson as it was: an optimizer
    race from its start to the step shown; any other view the training step on screen, event by event."""
    if getattr(view, "race", None) is not None:
        return _race_frames(view, frames)
    if controller is None:
        raise ValueError(tr("this view has nothing to animate"))
    return _step_frames(view, controller)


def export_animation(view, path, controller=None, frame_ms: int = 400):
    export_gif(animation_frames(view, controller), path, frame_ms)


# -- pyqtgraph's own right-click Export… ------------------------------------------------------------


def _view_actions(scene, event) -> list:
    """Replaces ``pyqtgraph.GraphicsScene.getContextMenus``: instead of pyqtgraph's "Export..." (its
    exporter dialog, whose SVG exporter crashes with PySide6), a plot's right-click menu offers what the
    view holding it offers on right-click (the window gives every view an "Export…" that calls this
    module), and nothing when that view offers nothing."""
    for view in scene.views():
        widget = view
        while widget is not None:
            if widget.contextMenuPolicy() == Qt.ActionsContextMenu and widget.actions():
                return list(widget.actions())
            widget = widget.parentWidget()
    return []


# at import, before any window is built (the method is looked up on every right-click anyway)
pg.GraphicsScene.getContextMenus = _view_actions
