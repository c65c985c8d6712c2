"""The experiment panel drives the real widgets: lr/optimizer keep weights, architecture/data reset."""

import numpy as np
from PySide6.QtCore import Qt

from visualnet.ui.controller import Controller
from visualnet.ui.widgets.settings_panel import TIPS, SettingsPanel

EXP = {"dataset": {"name": "circle", "n": 200, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
       "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                   "loss": "bce", "seed": 0},
       "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 10}


def make(qtbot):
    c = Controller(EXP)
    panel = SettingsPanel(c)
    qtbot.addWidget(panel)
    panel.show()
    c.run_steps(10)
    return c, panel


def same_weights(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_learning_rate_and_optimizer_keep_the_weights(qtbot):
    c, panel = make(qtbot)
    before = c.net.copy_params()
    panel.lr.spin.setValue(0.02)
    panel.apply()
    assert same_weights(before, c.net.params)
    assert c.session.optimizer.hyperparams["lr"] == 0.02
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adam"))
    panel.apply()
    assert same_weights(before, c.net.params) and c.session.optimizer.name == "adam"
    assert "kept" in panel.notice.text()


def test_architecture_and_data_changes_reset_and_say_so(qtbot):
    c, panel = make(qtbot)
    qtbot.mouseClick(panel.add_layer_button, Qt.LeftButton)
    panel.apply()
    assert len(c.net.blocks) == 3 and c.trainer.step_count == 0
    assert "rebuilt" in panel.notice.text()
    panel.rows[0].units.setValue(7)
    panel.apply()
    assert c.net.params["W1"].shape == (2, 7)
    panel.rows[0].activation.setCurrentText("relu")
    panel.apply()
    assert c.experiment["network"]["layers"][0]["activation"] == "relu"
    c.run_steps(5)
    panel.noise.setValue(30)
    panel.apply()
    assert c.experiment["dataset"]["noise"] == 0.3 and c.trainer.step_count == 0


def test_only_valid_output_and_loss_pairs_are_offered(qtbot):
    c, panel = make(qtbot)
    binary = [panel.output.itemText(i) for i in range(panel.output.count())]
    assert "sigmoid + BCE" in binary
    panel.dataset.setCurrentIndex(panel.dataset.findData("spiral3"))
    multiclass = [panel.output.itemText(i) for i in range(panel.output.count())]
    assert multiclass == ["softmax + cross-entropy"]
    panel.apply()
    assert c.experiment["network"]["layers"][-1] == {**c.experiment["network"]["layers"][-1], "units": 3,
                                                     "activation": "softmax"}
    assert c.experiment["network"]["loss"] == "cross_entropy"


def test_refused_settings_are_explained_and_nothing_changes(qtbot):
    c, panel = make(qtbot)
    before = c.net.copy_params()
    panel.rows[0].units.setValue(1024)
    panel.add_layer()
    for _ in range(5):
        panel.add_layer()
    for row in panel.rows:
        row.units.setValue(1024)
    assert panel.apply() is None
    assert "parameters" in panel.notice.text()
    assert same_weights(before, c.net.params)
    assert [r.units.value() for r in panel.rows] == [4]  # widgets reverted to the session


def test_refresh_from_round_trips(qtbot):
    c, panel = make(qtbot)
    exp = panel.experiment()
    assert exp["dataset"] == c.experiment["dataset"]
    assert exp["network"]["layers"] == [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]
    assert exp["optimizer"] == {"name": "sgd", "lr": 0.1} and exp["batch_size"] == 10


def test_every_control_has_a_one_sentence_tooltip(qtbot):
    _, panel = make(qtbot)
    for key, tip in TIPS.items():
        assert tip.endswith(".") and tip.count(". ") == 0, key
    for name in ("learningRate", "optimizer", "dataset", "noise", "addLayer", "batchSize", "l2", "outputLoss",
                 "init"):
        widget = panel.findChild(object, name)
        assert widget is not None and widget.toolTip(), name
