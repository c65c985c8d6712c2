"""The data view draws the core's decision map, the data and the traced batch; for images the traced
digit and its output probabilities; for 1-D data the core's prediction curve."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from tests.ui.shots import save_shot
from tests.ui.timers import elapse
from visualnet.core import analysis
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views.data_view import RESOLUTION, DataView

SPIRAL = {"dataset": {"name": "spiral", "n": 400, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
          "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "he", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}


def make_view(qtbot, experiment, size=(1280, 800)):
    c = Controller(experiment)
    view = DataView(c)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return c, view


def points(item):
    return np.column_stack([item.data["x"], item.data["y"]])


# -- the input plane --------------------------------------------------------------------------------

def test_heatmap_is_the_cores_decision_map_with_all_points(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(200)
    view.refresh()
    assert view.mode == "plane"
    np.testing.assert_array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION))
    assert view.bounds == c.session.data.bounds
    np.testing.assert_array_equal(points(view.train_points), c.session.train.x)
    assert len(view.test_points.data) == len(c.session.test.x)
    view.show_test.setChecked(False)
    assert len(view.test_points.data) == 0 and len(view.train_points.data) == len(c.session.train.x)
    assert view.color_bar is not None and view.color_bar.values == (0.0, 1.0)


def test_discretize_shows_two_values_the_decision(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(200)
    view.discretize.setChecked(True)
    shown = view.heatmap_array()
    assert set(np.unique(shown)) == {0.0, 1.0}
    np.testing.assert_array_equal(shown, analysis.decision_map(c.net, view.bounds, RESOLUTION) >= 0.5)
    view.discretize.setChecked(False)
    assert len(np.unique(view.heatmap_array())) > 100


def test_traced_batch_and_sample_are_marked_and_clicking_traces_another(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(30)
    view.refresh()
    batch = c.trace.batch_indices  # rows of the train split
    np.testing.assert_array_equal(points(view.batch_points), c.session.train.x[batch])
    np.testing.assert_array_equal(points(view.traced_point), c.session.train.x[batch[:1]])
    spots = view.batch_points.points()
    view.batch_points.sigClicked.emit(view.batch_points, [spots[4]], None)
    assert c.sample_index == 4
    view.refresh()
    np.testing.assert_array_equal(points(view.traced_point), c.session.train.x[batch[4:5]])
    assert "traced sample 5/10" in view.caption.text()


def test_stepping_back_into_a_step_shows_the_weights_before_its_update(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(100)
    before = {k: v.copy() for k, v in c.trace.params_before().items()}
    while c.position > 0:  # back to the first forward event: the update has not happened yet
        c.substep_back()
    view.refresh()
    np.testing.assert_array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION,
                                                                              params=before))


def test_regression_and_multiclass_planes(qtbot):
    exp = {"dataset": {"name": "regression_plane", "n": 300, "seed": 0, "test_ratio": 0.2},
           "network": {"layers": [{"units": 8, "activation": "tanh"}, {"units": 1, "activation": "linear"}],
                       "loss": "mse", "seed": 0}}
    c, view = make_view(qtbot, exp)
    c.run_steps(100)
    view.refresh()
    np.testing.assert_array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION))
    scale = float(np.abs(c.session.data.t).max())
    assert view.color_bar.values == pytest.approx((-scale, scale))
    view.discretize.setChecked(True)
    assert set(np.unique(view.heatmap_array())) <= {-1.0, 1.0}
    three = {"dataset": {"name": "spiral3", "seed": 0, "test_ratio": 0.2},
             "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 3, "activation": "softmax"}],
                         "loss": "cross_entropy", "seed": 0}}
    c.apply_experiment(three)
    c.run_steps(50)
    view.refresh()
    assert view.mode == "plane" and view.color_bar is None and not view.discretize.isEnabled()
    np.testing.assert_array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION))
    assert set(np.unique(view.heatmap_array())) <= {0.0, 1.0, 2.0}
    c.apply_experiment({"dataset": {"name": "linear_1d", "n": 50, "seed": 0, "test_ratio": 0.0},
                        "network": {"layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0}})
    assert view.mode == "curve" and view.heatmap_array() is None and not view.discretize.isVisible()


def test_a_hidden_view_redraws_when_shown(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    view.hide()
    c.run_steps(100)
    elapse(view.throttle.timer)  # longer than the throttle: a hidden view still does not draw
    assert not np.array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION))
    view.show()
    np.testing.assert_array_equal(view.heatmap_array(), analysis.decision_map(c.net, view.bounds, RESOLUTION))


def test_render_of_a_trained_spiral(qtbot, tmp_path):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(400)
    c.set_sample(2)
    view.refresh()
    save_shot(view, tmp_path, "data_spiral_400_steps.png")
    view.discretize.setChecked(True)
    save_shot(view, tmp_path, "data_spiral_400_steps_discrete.png")


def test_trained_spiral_in_the_main_window(qtbot, tmp_path):
    c = Controller(SPIRAL)
    window = MainWindow(c)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    c.run_steps(1500)
    assert c.net.accuracy(c.session.test.x, c.session.test.t) > 0.85
    window.tabs.setCurrentWidget(window.views["data"])
    save_shot(window, tmp_path, "app_trained_spiral_data.png")
    assert window.width() == 1280  # no view forces the window wider than a 1280×800 projector


# -- images -----------------------------------------------------------------------------------------

def test_mnist_image_and_probability_bars(qtbot, mnist_dir, tmp_path):
    exp = {"dataset": {"name": "mnist", "folder": str(mnist_dir), "limit": 1000, "test_ratio": 0.2},
           "network": {"layers": [{"units": 16, "activation": "sigmoid"}, {"units": 10, "activation": "softmax"}],
                       "loss": "cross_entropy", "seed": 0},
           "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 32}
    c, view = make_view(qtbot, exp)
    assert view.mode == "image" and len(c.session.train.x) == 800
    c.run_steps(150)
    c.set_sample(3)
    view.refresh()
    trace = c.trace
    np.testing.assert_array_equal(view.shown_image(), trace.batch_x[3].reshape(28, 28))
    probabilities = trace.of_kind("loss")[0].y[3]
    np.testing.assert_array_equal(view.bar_heights(), probabilities)
    assert view.bar_heights().sum() == pytest.approx(1.0)
    assert f"label {int(trace.batch_t[3])}" in view.digit_plot.titleLabel.text
    save_shot(view, tmp_path, "data_mnist_image_and_bars.png")
    # a click on the fifth thumbnail of the batch strip traces that digit
    scene_pos = view.strip_plot.vb.mapViewToScene(QPointF(4 * 28 + 14, 14))
    qtbot.mouseClick(view.plots.viewport(), Qt.LeftButton, pos=view.plots.mapFromScene(scene_pos))
    assert c.sample_index == 4
    view.refresh()
    np.testing.assert_array_equal(view.shown_image(), trace.batch_x[4].reshape(28, 28))
    # a new step shown from its first event: the output is not computed yet, so no bars
    c.substep()
    view.refresh()
    assert c.position == 0 and not view.bar_heights().any()


# -- other inputs -----------------------------------------------------------------------------------

def test_regression_curve_mode(qtbot):
    exp = {"dataset": {"name": "linear_1d", "n": 50, "noise": 0.1, "seed": 0, "test_ratio": 0.2},
           "network": {"layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0},
           "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 10}
    c, view = make_view(qtbot, exp)
    c.run_steps(300)
    view.refresh()
    assert view.mode == "curve" and "H(x) = W·x + b" in view.caption.text()
    xs, ys = view.prediction.getData()
    np.testing.assert_allclose(ys, c.net.predict(xs[:, None]).ravel())
    assert len(view.scatter.data) == 40 and len(view.test_scatter.data) == 10
