import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from visualnet.ui.views.optimizer_view import OptimizerView


@pytest.fixture
def view(qtbot):
    v = OptimizerView(None)
    qtbot.addWidget(v)
    v.resize(1280, 800)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_drawn_paths_are_the_race(view):
    for i, runner in enumerate(view.race.runners):
        xs, ys = view.path(i)
        np.testing.assert_array_equal(np.column_stack([xs, ys]), np.array(runner.path))
        assert len(view.loss_curve(i)[0]) == len(runner.losses) == 31


def test_click_on_the_plot_sets_the_start(view, qtbot):
    plot = view.surface_plots[0][0]
    scene_point = plot.vb.mapViewToScene(QPointF(3.0, -2.0))
    viewport_point = view.plots.mapFromScene(scene_point)
    qtbot.mouseClick(view.plots.viewport(), Qt.LeftButton, pos=viewport_point)
    assert view.race.start == pytest.approx((3.0, -2.0), abs=0.15)
    assert all(len(r.path) == 1 for r in view.race.runners)


def test_learning_rate_field_changes_the_runner_live(view):
    view.set_lr(1, 0.05)
    assert view.race.runners[1].optimizer.hyperparams["lr"] == 0.05
    assert "momentum_buffer" in view.race.runners[1].optimizer.state["xy"]


@pytest.mark.parametrize("text", ["__import__('os').system('x')", "().__class__", "x ** 10 ** 10",
                                  "open('f')", "z + 1", "(" * 200 + "x" + ")" * 200])
def test_malicious_formulas_are_refused_inline(view, text):
    before = view.race.surface
    assert not view.set_formula(text)
    assert view.error_text() and view.error_label.text()
    assert view.race.surface is before


def test_typed_formula_replaces_the_surface(view):
    assert view.set_formula("(x - 1)**2 + 2*(y + 0.5)**2")
    assert view.race.surface.f(1.0, -0.5) == 0.0 and view.error_text() == ""


def test_grid_mode_and_divergence_marker(view, shots):
    view.set_grid_mode(True)
    assert len(view.surface_plots) == 4
    view.grab().save(str(shots / "optimizer_grid.png"))
    view.set_grid_mode(False)
    view.surface_combo.setCurrentText("rosenbrock")
    view.race.run(100)
    view.redraw()
    diverged = [i for i, r in enumerate(view.race.runners) if r.diverged_at is not None]
    assert diverged and view.markers[diverged[0]].label.isVisible()
    assert "diverged at step" in view.markers[diverged[0]].label.textItem.toPlainText()
    view.grab().save(str(shots / "optimizer_rosenbrock.png"))


def test_every_hyperparameter_is_editable_live(view):
    view.hp_runner.setCurrentIndex(3)  # Adam
    view.set_hyperparam(3, "betas", 0.8, part=0)
    view.set_hyperparam(3, "eps", 1e-6)
    assert view.race.runners[3].optimizer.hyperparams["betas"] == (0.8, 0.999)
    assert view.race.runners[3].optimizer.hyperparams["eps"] == 1e-6
    assert view.hp_form.rowCount() == 3  # betas, eps, weight_decay
    view.set_hyperparam(1, "momentum", 1.5)
    assert "momentum" in view.error_label.text()
