"""Learning-rate schedules in the app: the settings panel edits them with a preview of the core's lr(step), and
the Training tab plots the lr each step used."""

import numpy as np
from PySide6.QtWidgets import QComboBox, QLineEdit

from visualnet.core import schedules
from visualnet.ui.controller import Controller
from visualnet.ui.views.training_view import TrainingView
from visualnet.ui.widgets.settings_panel import SettingsPanel

XOR = {"dataset": {"name": "xor", "n": 60, "noise": 0.0, "seed": 1},
       "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                   "loss": "bce", "seed": 2},
       "optimizer": {"name": "sgd", "lr": 0.2}, "batch_size": 10}


def make_panel(qtbot, experiment=XOR):
    c = Controller(experiment)
    c.use_worker = False
    panel = SettingsPanel(c)
    qtbot.addWidget(panel)
    return c, panel


def field(panel, key) -> QLineEdit:
    return panel.findChild(QLineEdit, f"schedule_{key}")


def test_choosing_a_schedule_applies_it_with_the_weights_kept_and_previews_the_cores_curve(qtbot):
    c, panel = make_panel(qtbot)
    c.run_steps(3)
    weights = {k: v.copy() for k, v in c.net.params.items()}
    box = panel.schedule
    box.combo.setCurrentIndex(box.combo.findData("step"))
    assert c.session.experiment["schedule"] == {"name": "step"}
    assert all(np.array_equal(weights[k], c.net.params[k]) for k in weights)
    steps, lr = box.preview_data()
    expected = schedules.make("step", 0.2)
    assert len(steps) == 400 and lr.tolist() == [expected.lr_at(k) for k in range(400)]
    gamma = field(panel, "gamma")
    gamma.setText("0.5")
    gamma.editingFinished.emit()
    size = field(panel, "step_size")
    size.setText("30")
    size.editingFinished.emit()
    assert c.session.experiment["schedule"] == {"name": "step", "gamma": 0.5, "step_size": 30}
    steps, lr = box.preview_data()
    expected = schedules.make("step", 0.2, gamma=0.5, step_size=30)
    assert lr.tolist() == [expected.lr_at(k) for k in range(len(steps))] and lr[30] == 0.1
    panel.lr.setValue(0.4)  # the preview follows the learning rate it scales
    assert box.preview_data()[1][0] == 0.4


def test_a_refused_hyperparameter_is_said_and_changes_nothing(qtbot):
    c, panel = make_panel(qtbot, {**XOR, "schedule": {"name": "exponential", "gamma": 0.9}})
    before = c.experiment
    gamma = field(panel, "gamma")
    gamma.setText("1.5")
    gamma.editingFinished.emit()
    assert c.experiment == before and "gamma" in panel.notice.text()
    assert field(panel, "gamma").text() == "0.9"  # back to what the session has
    mode = panel.findChild(QComboBox, "schedule_threshold_mode")
    assert mode is None  # only reduce_on_plateau has one


def test_the_training_tab_plots_the_lr_each_step_used(qtbot):
    c = Controller({**XOR, "schedule": {"name": "cosine", "T_max": 20}})
    c.use_worker = False
    view = TrainingView(c)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    c.run_steps(25)
    view.refresh()
    steps, lr = view.lr_data()
    history_steps, history_lr = c.trainer.history.lr.arrays()
    np.testing.assert_array_equal(steps, history_steps)
    np.testing.assert_array_equal(lr, history_lr)
    cosine = schedules.make("cosine", 0.2, T_max=20)
    assert lr.tolist() == [cosine.lr_at(k) for k in range(25)]
    assert view.lr_plot.isVisible() and "learning rate" in view.csv_tables()
    schedule_off = c.experiment
    schedule_off["schedule"] = {"name": "constant"}
    c.apply_experiment(schedule_off)
    assert not view.lr_plot.isVisible() and len(view.lr_data()[0]) == 0
