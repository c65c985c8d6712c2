"""Every registered view exports a real PNG, a valid SVG that renders back like the PNG, and CSV where it
plots data; GIFs of the step on screen (training nothing) or of the optimizer race, without the controls;
files made with the user's umask; no pyqtgraph exporter in the plots' menus. The SVG outside Qt:
test_svg_export.py."""

import os
import stat
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pyqtgraph as pg
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import presets
from visualnet.core.session import Session
from visualnet.ui import export
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry

VIEWS = [(key, factory) for key, _title, factory in registry.views()]
PRESETS = ["xor_2_2_1", "softmax_regression", "linear_regression"]
# the lesson each view is made for (a tab without its kind of layer only says so); the rest on XOR
OWN_PRESET = {"convolution": "cnn_shapes", "sequence": "rnn_hihello"}
# every view on its own lesson, and the views that draw the data differently on the other two
CASES = [(OWN_PRESET.get(key, "xor_2_2_1"), key) for key, _factory in VIEWS] + \
    [(preset, key) for preset in PRESETS[1:] for key in ("data", "training", "network")]


def trained(name, steps=30):
    c = Controller(session=Session(presets.experiment_for(presets.get(name))))
    c.run_steps(steps)
    return c


@pytest.fixture(params=PRESETS)
def controller(request, qtbot):
    return trained(request.param)


@pytest.mark.parametrize("preset, key", CASES, ids=[f"{p}-{k}" for p, k in CASES])
def test_png_and_svg_of_every_view(preset, key, qtbot, tmp_path):
    view = dict(VIEWS)[key](trained(preset))
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    qtbot.waitExposed(view)
    png, svg = tmp_path / f"{key}.png", tmp_path / f"{key}.svg"
    image = export.export_png(view, png, width=1500)
    assert image.width() == 1500 and image.height() == 960
    pixels = export.image_array(image)[..., :3]
    assert pixels.std() > 10, "the PNG is blank"
    export.export_svg(view, svg)
    root = ET.parse(svg).getroot()
    drawn = [e for e in root.iter() if e.tag.split("}")[-1] in ("path", "polyline", "text", "image", "rect")]
    assert len(drawn) > 20
    back = export.image_array(export.svg_to_image(svg.read_bytes(), view.size()))[..., :3].astype(int)
    screen = export.image_array(export.render_image(view))[..., :3].astype(int)
    assert np.abs(back - screen).mean() < 6, "the SVG does not match the screen"


def test_transparent_png_has_a_clear_background(controller, qtbot, tmp_path):
    view = dict(VIEWS)["training"](controller)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    image = export.render_image(view, transparent=True)
    alpha = export.image_array(image)[..., 3]
    assert (alpha == 0).mean() > 0.3 and (alpha == 255).any()


def test_csv_of_training_curves(controller, qtbot, tmp_path):
    view = dict(VIEWS)["training"](controller)
    qtbot.addWidget(view)
    path = tmp_path / "curves.csv"
    rows = export.export_csv(view, path)
    steps, losses = controller.trainer.history.train_loss.arrays()
    assert rows >= len(steps)
    lines = [line.split(",") for line in path.read_text().splitlines() if line.startswith("loss: batch loss,")]
    assert [float(line[2]) for line in lines[1:]] == pytest.approx(losses.tolist())


def test_gif_of_a_stepped_pass(qtbot, tmp_path):
    c = Controller(session=Session(presets.experiment_for(presets.get("xor_2_2_1"))))
    view = dict(VIEWS)["network"](c)
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    frames = []
    for _ in range(8):
        c.substep()
        frames.append(export.render_image(view))
    path = tmp_path / "pass.gif"
    export.export_gif(frames, path, frame_ms=300)
    gif = Image.open(path)
    assert gif.n_frames == 8 and gif.size == (frames[0].width(), frames[0].height())


def test_gif_of_an_optimizer_race_leaves_the_race_alone(qtbot, tmp_path):
    from visualnet.ui.views.optimizer_view import OptimizerView

    view = OptimizerView(None)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    race = view.race
    race.set_hyperparams(0, lr=0.5)  # changed mid-race: replaying from the start would draw another path
    paths = [runner.path.copy() for runner in race.runners]
    path = tmp_path / "race.gif"
    export.export_animation(view, path)
    gif = Image.open(path)
    assert gif.n_frames == 31  # the start and the 30 steps of the textbook race
    assert view.race is race and race.runners[0].hyperparams["lr"] == 0.5
    for runner, before in zip(race.runners, paths, strict=True):
        np.testing.assert_array_equal(runner.path, before)


def stepped_controller(steps=3, preset="xor_2_2_1"):
    return trained(preset, steps)


def network_view(c, qtbot, size=(640, 400)):
    view = dict(VIEWS)["network"](c)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def state(c):
    """Everything the animation must leave as it was: trace, position, steps, weights, history."""
    return (c.trace_index, len(c.traces), id(c.trace), c.position, c.trainer.step_count,
            {k: v.copy() for k, v in c.net.params.items()}, len(c.trainer.history.train_loss.arrays()[0]))


def assert_same_state(before, after):
    assert before[:5] == after[:5] and before[6] == after[6]
    for name, value in before[5].items():
        np.testing.assert_array_equal(after[5][name], value)


def seek(c, position):
    """Move within the shown trace by the controller's own stepping (never past its end)."""
    while c.position > position:
        c.substep_back()
    while c.position < position:
        c.substep()


@pytest.mark.parametrize("where", ["end of the newest step", "mid-step", "first event", "before the first"])
def test_gif_of_the_step_on_screen_trains_nothing_and_restores_the_position(where, qtbot, tmp_path):
    c = stepped_controller(steps=1 if where == "before the first" else 3)
    view = network_view(c, qtbot)
    n = len(c.trace)
    seek(c, {"end of the newest step": n - 1, "mid-step": n // 2, "first event": 0, "before the first": -1}[where])
    assert c.at_newest == (where == "end of the newest step")
    before = state(c)
    path = tmp_path / "step.gif"
    export.export_animation(view, path, c)
    assert_same_state(before, state(c))
    assert Image.open(path).n_frames == n
    assert not c.is_playing


def test_gif_is_the_whole_step_from_the_first_forward_to_the_last_update(qtbot):
    c = stepped_controller()
    view = network_view(c, qtbot)
    trace = c.trace
    assert trace.events[0].kind == "forward" and trace.events[-1].kind == "update"
    view.animate = False  # each event's final look, not the start of the update's animation
    expected = []
    for position in range(len(trace)):
        seek(c, position)
        expected.append(export.image_array(export.render_view(view)))
    seek(c, len(trace) // 2)  # the user is in the middle of the backward pass
    view.animate = True
    frames = export.animation_frames(view, c)
    assert len(frames) == len(trace)
    for i, (frame, shown) in enumerate(zip(frames, expected, strict=True)):
        np.testing.assert_array_equal(export.image_array(frame), shown, err_msg=f"frame {i}")
    assert c.position == len(trace) // 2 and view.animate is True


def test_gif_keeps_playing_when_it_was_playing(qtbot, tmp_path):
    c = stepped_controller()
    view = network_view(c, qtbot)
    c.play()
    before = state(c)
    export.export_animation(view, tmp_path / "step.gif", c)
    assert c.is_playing
    assert_same_state(before, state(c))
    c.pause()


def test_gif_needs_a_step_and_never_records_one(qtbot, tmp_path):
    c = Controller(session=Session(presets.experiment_for(presets.get("xor_2_2_1"))))
    view = network_view(c, qtbot)
    with pytest.raises(ValueError, match="take a step first"):
        export.export_animation(view, tmp_path / "none.gif", c)
    assert c.trace is None and c.trainer.step_count == 0 and not (tmp_path / "none.gif").exists()


CONTROL_TYPES = (QAbstractButton, QAbstractSpinBox, QAbstractSlider, QComboBox, QLineEdit)


@pytest.mark.parametrize("key, factory", VIEWS, ids=[k for k, _ in VIEWS])
def test_animation_frames_show_the_view_not_its_controls(key, factory, qtbot):
    c = stepped_controller(preset=OWN_PRESET.get(key, "xor_2_2_1"))
    view = factory(c)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    qtbot.waitExposed(view)
    crop, _blank = export.view_area(view)
    frame = export.image_array(export.render_view(view))[..., :3]
    assert frame.shape[:2] == (crop.height(), crop.width())
    for graph in view.findChildren(QGraphicsView):
        if graph.isVisibleTo(view):
            assert crop.contains(QRect(graph.mapTo(view, QPoint(0, 0)), graph.size())), "a graph is cut off"
    background = np.array(QColor(view.palette().window().color()).getRgb()[:3])
    controls = [w for w in view.findChildren(QWidget) if isinstance(w, CONTROL_TYPES) and w.isVisibleTo(view)]
    assert controls, "every view has controls"
    for control in controls:
        rect = QRect(control.mapTo(view, QPoint(0, 0)), control.size()).intersected(crop)
        rect.translate(-crop.topLeft())
        if rect.isEmpty():
            continue  # cropped away
        patch = frame[rect.top():rect.bottom() + 1, rect.left():rect.right() + 1]
        assert (patch == background).all(), f"{key}: {type(control).__name__} {control.objectName()} is drawn"
    assert (frame != background).any(axis=2).mean() > 0.2, "the view itself is drawn"


def test_exported_files_respect_the_umask(qtbot, tmp_path):
    c = stepped_controller()
    view = dict(VIEWS)["training"](c)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    old = os.umask(0o027)
    try:
        export.export(view, tmp_path / "v.png")
        export.export(view, tmp_path / "v.svg")
        export.export(view, tmp_path / "v.csv")
        export.export_gif([export.render_image(view)] * 2, tmp_path / "v.gif")
        for name in ("v.png", "v.svg", "v.csv", "v.gif"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640, name
        os.chmod(tmp_path / "v.svg", 0o600)  # a file that exists keeps its mode
        export.export(view, tmp_path / "v.svg")
        assert stat.S_IMODE((tmp_path / "v.svg").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_plot_menus_offer_the_views_export_not_pyqtgraphs(qtbot):
    """pyqtgraph's "Export..." (whose SVG exporter crashes with PySide6) is in no plot's right-click menu;
    where the view offers its own "Export…" (the window gives every view one), the plots offer that."""
    c = stepped_controller()
    for key, factory in VIEWS:
        view = factory(c)
        host = QWidget()
        qtbot.addWidget(host)
        QVBoxLayout(host).addWidget(view)
        ours = QAction("Export…", host)
        host.addAction(ours)
        host.setContextMenuPolicy(Qt.ActionsContextMenu)
        host.resize(900, 600)
        host.show()
        boxes = [item for scene in {g.scene() for g in view.findChildren(pg.GraphicsView)}
                 for item in scene.items() if isinstance(item, pg.ViewBox)]
        for box in boxes:
            scene = box.scene()
            menu = QMenu()
            scene.addParentContextMenus(box, menu, SimpleNamespace(acceptedItem=box))
            assert not set(scene.contextMenu) & set(menu.actions()), f"{key}: pyqtgraph's Export... is offered"
            assert ours in menu.actions(), f"{key}: the plot does not offer the view's export"
            host.setContextMenuPolicy(Qt.DefaultContextMenu)
            menu = QMenu()
            scene.addParentContextMenus(box, menu, SimpleNamespace(acceptedItem=box))
            assert not [a for a in menu.actions() if "Export" in a.text()], f"{key}: an export is left"
            host.setContextMenuPolicy(Qt.ActionsContextMenu)
