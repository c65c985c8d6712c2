"""One place for exporting any view: PNG (chosen width, optional transparency), SVG, CSV and animated GIF.

SVG does not use pyqtgraph's SVGExporter: with PySide6 6.12 it raises ValueError in
``correctCoordinates`` on plot curves (upstream bug). Rendering the widget into a ``QSvgGenerator``
works for every view, provided the generator's resolution is the widget's logical DPI — at the
default 72 dpi the axes come out at 3/4 scale while the curves do not.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QRegion
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import QApplication, QWidget

from visualnet.core.sessionfile import atomic_write_bytes


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


def svg_bytes(widget: QWidget, title: str = "visualnet") -> bytes:
    """The widget as SVG, vector where Qt paints vectors (curves, text, shapes)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(QPoint(0, 0), widget.size()))
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        QWidget.render(widget, painter, QPoint(), QRegion(),
                       QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def export_svg(widget: QWidget, path, title: str = "visualnet"):
    atomic_write_bytes(path, svg_bytes(widget, title))


def svg_to_image(svg: bytes, size: QSize) -> QImage:
    """Render SVG back to pixels (to check an export against the screen)."""
    renderer = QSvgRenderer(QByteArray(svg))
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
        raise ValueError("this view has no plotted data to export as CSV")
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
    pictures = [Image.open(io.BytesIO(_image_bytes(f))).convert("RGB") for f in frames]
    out = io.BytesIO()
    pictures[0].save(out, format="GIF", save_all=True, append_images=pictures[1:], duration=frame_ms, loop=0)
    atomic_write_bytes(path, out.getvalue())


def animation_frames(view, controller=None, frames: int = 30) -> list[QImage]:
    """Frames for a GIF: an optimizer race steps its points; other views sub-step one training step."""
    app = QApplication.instance()
    images = []
    race = getattr(view, "race", None)
    if race is not None:
        race.reset()
        for _ in range(frames):
            images.append(render_image(view))
            race.step()
            view.redraw()
        return images
    if controller is None:
        raise ValueError("this view has nothing to animate")
    controller.substep()
    while True:
        app.processEvents()
        images.append(render_image(view))
        if controller.player.at_end or len(images) >= 200:
            return images
        controller.substep()


def export_animation(view, path, controller=None, frame_ms: int = 400):
    export_gif(animation_frames(view, controller), path, frame_ms)
