"""Exporting from the main window: File ▸ Export current view / Export animation, and right-click on a plot."""

from types import SimpleNamespace

import pyqtgraph as pg
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMenu, QMessageBox

from visualnet.ui import file_menu
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import view as network_view

XOR = {
    "dataset": {"name": "xor", "n": 200, "noise": 0.0, "seed": 1, "test_ratio": 0.25},
    "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 2},
    "optimizer": {"name": "sgd", "lr": 0.3},
    "batch_size": 8,
}


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    w = MainWindow(Controller(XOR))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The file dialog answers with a name typed without its extension."""
    chosen = []

    def answer(parent, caption, name, filters):
        chosen.append(name)
        return str(tmp_path / "picture"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return chosen


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    return shown


def test_file_export_animation_writes_the_step_on_screen_and_trains_nothing(window, save_as, warnings, tmp_path):
    c = window.controller
    for _ in range(4):
        c.substep()  # into the forward pass of the first step
    steps, position = c.trainer.step_count, c.position
    window.tabs.setCurrentWidget(window.views["network"])
    assert window.file_menu.export_animation()
    assert save_as == ["visualnet-network.gif"] and not warnings
    gif = Image.open(tmp_path / "picture.gif")
    assert gif.n_frames == len(c.trace)
    assert (c.trainer.step_count, c.position) == (steps, position)


def test_file_export_animation_before_any_step_says_why(window, save_as, warnings, tmp_path):
    assert not window.file_menu.export_animation()
    assert warnings == ["no training step to animate yet: take a step first"]
    assert window.controller.trainer.step_count == 0 and not list(tmp_path.iterdir())


def test_file_export_current_view_as_svg(window, save_as, warnings, monkeypatch, tmp_path):
    def accept_svg(dialog):
        dialog.format.setCurrentIndex(1)
        return QDialog.Accepted

    monkeypatch.setattr(file_menu.ExportDialog, "exec", accept_svg)
    window.controller.run_steps(5)
    window.tabs.setCurrentWidget(window.views["training"])
    window.file_menu.export_current()
    text = (tmp_path / "picture.svg").read_text("utf-8")
    assert not warnings and "sans-serif" in text and 'font-family="Sans Serif"' not in text


def test_right_click_on_any_plot_offers_the_windows_export(window):
    """pyqtgraph's own Export... dialog (its SVG exporter crashes) is replaced by the view's Export…."""
    for key, view in window.views.items():
        (ours,) = [a for a in view.actions() if a.text() == "Export…"]
        scenes = {graph.scene() for graph in view.findChildren(pg.GraphicsView)}
        for scene in scenes:
            for box in [item for item in scene.items() if isinstance(item, pg.ViewBox)]:
                menu = QMenu()
                scene.addParentContextMenus(box, menu, SimpleNamespace(acceptedItem=box))
                exports = [a for a in menu.actions() if "Export" in a.text()]
                assert exports == [ours], f"{key}: {[a.text() for a in exports]}"


def test_a_typed_export_width_out_of_range_is_refused_not_shortened(window, save_as, monkeypatch, qtbot):
    """9000 in the 200 … 8000 box was read as 900: now it is refused under the box, and OK exports nothing
    until the user has seen why; then the width typed next is the one exported."""
    exported, seen = [], {}

    def typing(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        box = dialog.width
        box.setFocus()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), "9000")
        qtbot.keyClick(box.lineEdit(), Qt.Key_Return)  # Enter also presses OK: the dialog stays open
        seen["after 9000"] = (dialog.isVisible(), box.value(), dialog.width_error.isVisibleTo(dialog),
                              dialog.width_error.text())
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), "2400")
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)
        return dialog.result()

    monkeypatch.setattr(file_menu.ExportDialog, "exec", typing)
    monkeypatch.setattr(window.file_menu, "export_view", lambda view, path, width, transparent: exported.append(width))
    window.file_menu.export_current()
    assert seen["after 9000"] == (True, 1920, True, "Width: 9000 is outside 200 … 8000; nothing was applied.")
    assert exported == [2400]
