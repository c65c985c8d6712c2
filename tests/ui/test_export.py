"""Every registered view exports a real PNG, a valid SVG that renders back like the PNG, and CSV where it
plots data; GIFs of a stepped pass."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from visualnet.core import presets
from visualnet.core.session import Session
from visualnet.ui import export
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry

VIEWS = [(key, factory) for key, _title, factory in registry.views()]
PRESETS = ["xor_2_2_1", "softmax_regression", "linear_regression"]


@pytest.fixture(params=PRESETS)
def controller(request, qtbot):
    c = Controller(session=Session(presets.experiment_for(presets.get(request.param))))
    c.run_steps(30)
    return c


@pytest.mark.parametrize("key, factory", VIEWS, ids=[k for k, _ in VIEWS])
def test_png_and_svg_of_every_view(key, factory, controller, qtbot, tmp_path):
    view = factory(controller)
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


def test_gif_of_an_optimizer_race(qtbot, tmp_path):
    from visualnet.ui.views.optimizer_view import OptimizerView

    view = OptimizerView(None)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    path = tmp_path / "race.gif"
    export.export_animation(view, path)
    gif = Image.open(path)
    assert gif.n_frames == 30
    assert len(view.race.runners[0].path) == 31


def test_gif_of_a_whole_step_through_the_export_module(qtbot, tmp_path):
    c = Controller(session=Session(presets.experiment_for(presets.get("xor_2_2_1"))))
    view = dict(VIEWS)["network"](c)
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    path = tmp_path / "step.gif"
    export.export_animation(view, path, c)
    assert Image.open(path).n_frames == len(c.trace)
