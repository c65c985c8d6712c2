"""The training view draws the trainer's history exactly, throttled but never stale, and clears on reset."""

import numpy as np

from tests.ui.shots import save_shot
from tests.ui.timers import fire
from visualnet.ui.controller import Controller
from visualnet.ui.views.training_view import CURVES, TrainingView

SPIRAL = {"dataset": {"name": "spiral", "n": 300, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
          "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                 {"units": 1, "activation": "sigmoid"}], "loss": "bce", "init": "he", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}
SERIES = {name: spec[4] for name, spec in CURVES.items()}


def make_view(qtbot, experiment=SPIRAL, show=True):
    c = Controller(experiment)
    view = TrainingView(c)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    if show:
        view.show()
        qtbot.waitExposed(view)
    return c, view


def assert_curves_are_history(view, c):
    for name, series in SERIES.items():
        steps, values = getattr(c.trainer.history, series).arrays()
        x, y = view.curve_data(name)
        np.testing.assert_array_equal(x, steps, err_msg=name)
        np.testing.assert_array_equal(y, values, err_msg=name)


def test_curves_are_the_history_and_bursts_of_steps_redraw_once(qtbot):
    c, view = make_view(qtbot)
    redraws = []
    original = view.refresh
    view.refresh = lambda: (redraws.append(c.trainer.step_count), original())
    c.run_steps(50)
    for _ in range(20):  # a burst of single steps, as when playing at one step per frame
        c.train_step()
    fire(view.throttle.timer)  # the throttle interval is over
    assert bool(redraws) and redraws[-1] == 70
    assert not view.throttle.timer.isActive()  # nothing else is pending
    assert len(redraws) <= 2  # one trailing redraw for the burst, not one per step
    assert_curves_are_history(view, c)
    steps, losses = c.trainer.history.train_loss.arrays()
    assert len(steps) == 70 and np.array_equal(view.curve_data("batch_loss")[1], losses)
    assert len(view.curve_data("test_loss")[0]) == 7  # evaluated every 10 steps
    assert "step <b>70</b>" in view.summary.text() and "test acc" in view.summary.text()


def test_test_curves_only_with_a_test_set(qtbot):
    c, view = make_view(qtbot, {**SPIRAL, "dataset": {**SPIRAL["dataset"], "test_ratio": 0.0}})
    c.run_steps(50)
    view.refresh()
    assert len(view.curve_data("train_loss")[0]) == 5
    assert len(view.curve_data("test_loss")[0]) == 0 and len(view.curve_data("test_accuracy")[0]) == 0
    labels = [label.text for _sample, label in view.legends["loss"].items]
    assert labels == ["batch loss (every step)", "train loss (whole set)"]
    assert "test loss" not in view.summary.text()


def test_reset_clears_the_curves(qtbot):
    c, view = make_view(qtbot)
    c.run_steps(40)
    view.refresh()
    assert len(view.curve_data("batch_loss")[0]) == 40
    c.reset_network()  # the reset redraws at once, without waiting for the throttle
    for name in SERIES:
        assert len(view.curve_data(name)[0]) == 0
    assert "step <b>0</b>" in view.summary.text()


def test_a_hidden_view_waits_until_it_is_shown(qtbot):
    c, view = make_view(qtbot, show=False)
    c.run_steps(30)
    assert len(view.curve_data("batch_loss")[0]) == 0  # no redraw while hidden …
    view.show()  # … but the newest state as soon as it shows
    assert_curves_are_history(view, c)


def test_log_scale_keeps_the_values_and_regression_has_no_accuracy_plot(qtbot):
    c, view = make_view(qtbot)
    c.run_steps(30)
    view.log_y.setChecked(True)
    view.refresh()
    assert view.loss_plot.getAxis("left").logMode
    assert_curves_are_history(view, c)  # the values given, not their logarithms
    assert view.accuracy_plot in view.plots.ci.items
    regression = {"dataset": {"name": "regression_plane", "n": 200, "seed": 0, "test_ratio": 0.3},
                  "network": {"layers": [{"units": 8, "activation": "tanh"}, {"units": 1, "activation": "linear"}],
                              "loss": "mse", "seed": 0}}
    assert c.apply_experiment(regression) == "reset"
    assert view.accuracy_plot not in view.plots.ci.items
    assert "mean squared error" in view.loss_plot.titleLabel.text
    c.apply_experiment(SPIRAL)
    assert view.accuracy_plot in view.plots.ci.items and view.accuracy_plot.isVisible()


def test_fonts_and_lines_are_projector_sized(qtbot):
    _c, view = make_view(qtbot)
    for name, curve in view.curves.items():
        assert curve.opts["pen"].widthF() >= 2, name
    for plot in (view.loss_plot, view.accuracy_plot):
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            assert axis.style["tickFont"].pointSizeF() >= 11
            assert "12pt" in axis.labelStyle["font-size"]
    assert view.summary.font().pointSizeF() >= 12


def test_render_of_training_curves(qtbot, tmp_path):
    c, view = make_view(qtbot)
    c.run_steps(400)
    view.refresh()
    path = save_shot(view, tmp_path, "training_curves.png")
    assert path.stat().st_size > 10_000
    view.log_y.setChecked(True)
    save_shot(view, tmp_path, "training_curves_log.png")

