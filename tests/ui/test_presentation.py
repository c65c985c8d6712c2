"""Presentation mode at 1920×1080, measured from the widgets: text ≥ 16 px, lines ≥ 2 px, nothing clipped."""

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
)

from visualnet.core import presets
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import view as network_view
from visualnet.ui.views.network.items import TextItem

MIN_PX = 16.0
MIN_LINE = 2.0


def px(font) -> float:
    """A font's size in pixels on this screen (96 dpi offscreen)."""
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * QApplication.primaryScreen().logicalDotsPerInch() / 72


def size_px(size: str) -> float:
    value = float(size[:-2])
    return value if size.endswith("px") else value * QApplication.primaryScreen().logicalDotsPerInch() / 72


@pytest.fixture(scope="module")
def presenting(qapp):
    """One window in presentation mode for the module's measurements (they only read it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network_view, "ANIMATE", False)
        experiment = presets.experiment_for(presets.get("xor_2_2_1"))
        window = MainWindow(Controller(experiment))
        window.resize(1280, 800)
        window.show()
        window.controller.run_steps(20)
        window.open_lesson(presets.get("xor_2_2_1"))  # the lesson strip: a styled widget of its own
        window.set_presentation(True)
        yield window
        window.set_presentation(False)
        window.close()
        window.deleteLater()


def small_texts(window):
    """Every visible text of the window's current state smaller than 16 px, as (where, px)."""
    found = []
    widgets = [w for kind in (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QGroupBox, QTabBar)
               for w in window.findChildren(kind)]
    for widget in widgets:
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        text = getattr(widget, "text", lambda: "x")()
        if isinstance(widget, (QLabel, QAbstractButton)) and not text:
            continue
        if px(widget.font()) < MIN_PX - 0.01:
            found.append((f"{type(widget).__name__} {text[:30]!r}", px(widget.font())))
    for dock in window.findChildren(QDockWidget):
        # Qt draws the title in the platform's title font unless the dock has a font of its own
        title = dock.font() if dock.font() != QApplication.font("QDockWidget") else QApplication.font("QDockWidgetTitle")
        if dock.isVisibleTo(window) and px(title) < MIN_PX - 0.01:
            found.append((f"dock title {dock.windowTitle()!r}", px(title)))
    for view in window.findChildren(pg.GraphicsView):
        if not view.isVisibleTo(window):
            continue
        for item in view.scene().items():
            if not item.isVisible():
                continue
            if isinstance(item, pg.AxisItem) and item.style["showValues"]:
                tick = item.style.get("tickFont")
                if tick is not None and px(tick) < MIN_PX - 0.01:
                    found.append((f"ticks of {item.orientation} axis", px(tick)))
                if item.labelText and "font-size" in item.labelStyle \
                        and size_px(item.labelStyle["font-size"]) < MIN_PX - 0.01:
                    found.append((f"axis label {item.labelText!r}", size_px(item.labelStyle["font-size"])))
            elif isinstance(item, pg.LabelItem) and item.text and item.opts.get("size") \
                    and size_px(item.opts["size"]) < MIN_PX - 0.01:
                found.append((f"label {item.text[:30]!r}", size_px(item.opts["size"])))
            elif isinstance(item, pg.TextItem) and item.textItem.toPlainText() \
                    and px(item.textItem.font()) < MIN_PX - 0.01:
                found.append((f"text {item.textItem.toPlainText()[:30]!r}", px(item.textItem.font())))
    return found


def thin_lines(window):
    found = []
    for view in window.findChildren(pg.GraphicsView):
        if not view.isVisibleTo(window):
            continue
        for item in view.scene().items():
            if isinstance(item, pg.PlotDataItem) and item.isVisible() and item.opts["pen"] is not None:
                pen = pg.mkPen(item.opts["pen"])
                if pen.style() != 0 and pen.widthF() < MIN_LINE:
                    found.append((f"curve {item.name()!r}", pen.widthF()))
            elif isinstance(item, pg.AxisItem) and item.isVisible() and item.pen().widthF() < MIN_LINE:
                found.append((f"{item.orientation} axis", item.pen().widthF()))
    return found


@pytest.mark.parametrize("tab", ["network", "data", "training", "activations", "gradients", "distributions",
                                 "optimizer", "landscape"])
def test_every_text_is_at_least_16_px_and_every_line_2_px(presenting, tab):
    window = presenting
    assert window.isFullScreen() and (window.width(), window.height()) == (1920, 1080)
    window.tabs.setCurrentWidget(window.views[tab])
    QApplication.processEvents()
    assert small_texts(window) == []
    assert thin_lines(window) == []


def test_the_node_graph_text_is_at_least_16_px_on_screen(presenting):
    window = presenting
    view = window.views["network"]
    window.tabs.setCurrentWidget(view)
    QApplication.processEvents()
    zoom = view.view.transform().m11()
    sizes = [px(item.font) * zoom for item in view.scene.items() if isinstance(item, TextItem) and item.text]
    assert sizes and min(sizes) >= MIN_PX
    assert px(view.color_bar._font()) >= MIN_PX


def test_experiment_dock_labels_are_not_clipped(presenting):
    window = presenting
    panel = window.settings
    for label in panel.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and not label.wordWrap():
            needed = QFontMetricsF(label.font()).horizontalAdvance(label.text())
            assert needed <= label.contentsRect().width() + 1, label.text()


def test_with_controls_hidden_the_graph_uses_the_whole_width(presenting):
    window = presenting
    window.set_controls_hidden(True)
    view = window.views["network"]
    window.tabs.setCurrentWidget(view)
    QApplication.processEvents()
    view.fit()
    drawn = view.view.mapFromScene(view.scene.sceneRect()).boundingRect()
    assert drawn.width() >= 0.85 * view.view.viewport().width() or \
        drawn.height() >= 0.85 * view.view.viewport().height()
    window.set_controls_hidden(False)


def test_leaving_presentation_mode_restores_every_size(qtbot):
    window = MainWindow(Controller(presets.experiment_for(presets.get("xor_2_2_1"))))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()

    def sizes():
        out = [round(px(w.font()), 2) for w in window.findChildren(QLabel)]
        for view in window.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.AxisItem) and item.style.get("tickFont") is not None:
                    out.append(round(px(item.style["tickFont"]), 2))
        return out

    before = sizes()
    window.set_presentation(True)
    window.set_presentation(False)
    assert sizes() == before


@pytest.mark.parametrize("preset, tab", [("cnn_shapes", "convolution"), ("rnn_hihello", "sequence")])
def test_the_cnn_and_rnn_tabs_and_the_debugger_are_projector_ready(qtbot, monkeypatch, preset, tab):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    window = MainWindow(Controller(presets.experiment_for(presets.get(preset))))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.controller.run_steps(5)
    window.set_presentation(True)
    try:
        window.tabs.setCurrentWidget(window.views[tab])
        window.open_debugger()
        QApplication.processEvents()
        assert small_texts(window) == []
        assert thin_lines(window) == []
    finally:
        window.set_presentation(False)


def test_a_refused_number_is_said_at_projector_size(presenting, qtbot):
    """Refusal labels are made before presentation mode is switched on: their text must grow with it."""
    from PySide6.QtCore import Qt

    box = presenting.inspector.sample_spin
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "99")
    qtbot.keyClick(box.lineEdit(), Qt.Key_Return)
    message = presenting.inspector.sample_message
    assert "99" in message.text() and QFontMetricsF(message.font()).height() >= MIN_PX
    assert px(message.font()) >= MIN_PX - 0.01
