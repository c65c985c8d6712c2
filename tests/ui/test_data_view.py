import numpy as np
import pytest

from visualnet.core import analysis
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views.data_view import RESOLUTION, DataView

SPIRAL = {"dataset": {"name": "spiral", "n": 400, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
          "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "he", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}


def make_view(qtbot, experiment):
    c = Controller(experiment)
    view = DataView(c)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return c, view


def test_heatmap_is_the_cores_decision_map_with_all_points(qtbot):
    c, view = make_view(qtbot, SPIRAL)
    c.run_steps(200)
    view.refresh()
    expected = analysis.decision_map(c.net, view.bounds, RESOLUTION)
    np.testing.assert_array_equal(view.heatmap_array(), expected)
    assert len(view.train_points.data) == len(c.session.train.x)
    assert len(view.test_points.data) == len(c.session.test.x)
    view.discretize.setChecked(True)
    assert view.mode == "plane"


def test_trained_spiral_in_the_main_window(qtbot, shots):
    c = Controller(SPIRAL)
    window = MainWindow(c)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    c.run_steps(1500)
    assert c.net.accuracy(c.session.test.x, c.session.test.t) > 0.85
    window.tabs.setCurrentWidget(window.views["network"])
    qtbot.wait(20)
    window.grab().save(str(shots / "app_trained_spiral_network.png"))
    window.tabs.setCurrentWidget(window.views["data"])
    window.views["data"].refresh()
    qtbot.wait(20)
    window.grab().save(str(shots / "app_trained_spiral_data.png"))
    assert window.width() == 1280


def test_mnist_image_and_probability_bars(qtbot, mnist_dir, shots):
    exp = {"dataset": {"name": "mnist", "folder": str(mnist_dir), "limit": 1000, "test_ratio": 0.2},
           "network": {"layers": [{"units": 50, "activation": "sigmoid"}, {"units": 10, "activation": "softmax"}],
                       "loss": "cross_entropy", "init": 0.01, "seed": 0},
           "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 100}
    c = Controller(exp)
    window = MainWindow(c)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    c.run_steps(200)
    c.set_sample(3)
    view = window.views["data"]
    view.refresh()
    assert view.mode == "image"
    trace = c.trace
    np.testing.assert_array_equal(view.shown_image(), trace.batch_x[3].reshape(28, 28))
    probs = trace.of_kind("forward")[-1].a[3]
    np.testing.assert_allclose(view.bar_heights(), probs)
    assert view.bar_heights().sum() == pytest.approx(1.0)
    window.tabs.setCurrentWidget(view)
    qtbot.wait(20)
    window.grab().save(str(shots / "app_mnist_data.png"))
    window.tabs.setCurrentWidget(window.views["network"])
    qtbot.wait(20)
    window.grab().save(str(shots / "app_mnist_network.png"))
    assert window.width() == 1280  # no view forces the window wider than a 1280×800 projector


def test_regression_curve_mode(qtbot):
    exp = {"dataset": {"name": "linear_1d", "n": 50, "noise": 0.1, "seed": 0, "test_ratio": 0.0},
           "network": {"layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0},
           "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 10}
    c, view = make_view(qtbot, exp)
    c.run_steps(300)
    view.refresh()
    assert view.mode == "curve" and "H(x) = W·x + b" in view.caption.text()
    xs, ys = view.prediction.getData()
    np.testing.assert_allclose(ys, c.net.predict(xs[:, None]).ravel())
