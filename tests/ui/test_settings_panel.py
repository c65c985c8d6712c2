"""The experiment panel, driven through its real widgets: lr/optimizer keep the weights, architecture and data
rebuild the network and say so, only valid choices are offered, refusals are explained inline."""

import copy

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLineEdit, QPushButton, QToolButton, QWidget

from tests.ui.shots import save_shot
from tests.ui.timers import fire
from visualnet.core import presets
from visualnet.core.session import normalize_experiment
from visualnet.ui.controller import Controller
from visualnet.ui.widgets import layer_rows
from visualnet.ui.widgets.settings_panel import HYPERPARAMS, TIPS, SettingsPanel

EXP = {"dataset": {"name": "circle", "n": 200, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
       "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                   "loss": "bce", "seed": 0},
       "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 10}


@pytest.fixture
def setup(qtbot):
    c = Controller(EXP)
    panel = SettingsPanel(c)
    qtbot.addWidget(panel)
    panel.resize(290, 800)
    panel.show()
    c.run_steps(10)
    return c, panel


def child(panel, cls, name):
    widget = panel.findChild(cls, name)
    assert widget is not None, name
    return widget


def same_weights(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def combo_texts(combo):
    return [combo.itemText(i) for i in range(combo.count())]


def debounced(panel, applied):
    """The panel waits for the edit to settle; once its debounce interval is over, the edit is applied."""
    fire(panel._timer)
    assert applied()


def type_into(qtbot, field, text):
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key_Return)


def test_learning_rate_keeps_the_weights_and_reaches_the_optimizer(setup, qtbot):
    c, panel = setup
    before = c.net.copy_params()
    type_into(qtbot, panel.lr.spin.lineEdit(), "0.02")  # exact value, applied after the debounce
    debounced(panel, lambda: c.session.optimizer.hyperparams["lr"] == 0.02)
    assert same_weights(before, c.net.params) and c.trainer.step_count == 10
    assert "kept" in panel.notice.text()
    panel.lr.slider.setValue(panel.lr.slider.value() + 20)  # one decade up on the log slider
    debounced(panel, lambda: c.session.optimizer.hyperparams["lr"] == pytest.approx(0.2))
    assert panel.lr.spin.text() == "0.2"
    assert same_weights(before, c.net.params)


def test_optimizer_and_its_hyperparameters_keep_the_weights(setup, qtbot):
    c, panel = setup
    before = c.net.copy_params()
    momentum = child(panel, QLineEdit, "hp_momentum")  # sgd's fields come from optimizers.defaults("sgd")
    assert momentum.text() == "0" and panel.findChild(QCheckBox, "hp_nesterov") is not None
    type_into(qtbot, momentum, "0.5")
    assert c.session.optimizer.hyperparams["momentum"] == 0.5 and c.experiment["optimizer"]["momentum"] == 0.5
    optimizer = child(panel, QComboBox, "optimizer")
    optimizer.setCurrentIndex(optimizer.findData("adam"))
    assert c.session.optimizer.name == "adam" and same_weights(before, c.net.params)
    assert c.session.optimizer.hyperparams["lr"] == 0.1  # the learning rate stays when the optimizer changes
    assert panel.findChild(QLineEdit, "hp_momentum") is None
    beta2 = child(panel, QLineEdit, "hp_betas_1")
    assert beta2.text() == "0.999" and child(panel, QLineEdit, "hp_eps").text() == "1e-08"
    type_into(qtbot, beta2, "0.99")
    assert c.session.optimizer.hyperparams["betas"] == (0.9, 0.99)
    assert same_weights(before, c.net.params) and "kept" in panel.notice.text()


def test_architecture_changes_rebuild_the_network_and_say_so(setup, qtbot):
    c, panel = setup
    qtbot.mouseClick(child(panel, QPushButton, "addLayer"), Qt.LeftButton)
    assert [layer["units"] for layer in c.experiment["network"]["layers"]] == [4, 4, 1]
    assert c.net.params["W2"].shape == (4, 4) and c.trainer.step_count == 0
    assert panel.notice.text() == "Architecture changed — the network was rebuilt with new weights."
    c.run_steps(3)
    qtbot.mouseClick(panel.rows[0].plus, Qt.LeftButton)  # Playground's per-layer "+ neuron"
    debounced(panel, lambda: c.net.params["W1"].shape == (2, 5))
    assert c.trainer.step_count == 0
    c.run_steps(3)
    panel.rows[1].activation.setCurrentIndex(panel.rows[1].activation.findData("relu"))
    assert c.experiment["network"]["layers"][1]["activation"] == "relu" and c.trainer.step_count == 0
    qtbot.mouseClick(panel.rows[0].remove, Qt.LeftButton)
    assert [layer["units"] for layer in c.experiment["network"]["layers"]] == [4, 1]
    assert [row.label.text() for row in panel.rows] == ["1"]
    init = child(panel, QComboBox, "init")
    init.setCurrentIndex(init.findData("zeros"))
    assert c.experiment["network"]["init"] == "zeros" and not c.net.params["W1"].any()


def test_dropout_and_batch_norm_are_per_layer_and_optional(setup, qtbot):
    c, panel = setup
    row = panel.rows[0]
    assert not row.dropout.isVisible()
    qtbot.mouseClick(child(panel, QCheckBox, "advanced"), Qt.LeftButton)
    assert row.dropout.isVisible() and row.batch_norm.isVisible()
    row.dropout.setValue(0.5)
    debounced(panel, lambda: c.experiment["network"]["layers"][0].get("dropout") == 0.5)
    qtbot.mouseClick(row.batch_norm, Qt.LeftButton)
    assert c.experiment["network"]["layers"][0]["batch_norm"] is True and "gamma1" in c.net.params


def test_data_changes_rebuild_the_network_and_say_so(setup, qtbot):
    c, panel = setup
    noise = child(panel, type(panel.noise), "noise")
    noise.setValue(30)
    assert panel.noise_label.text() == "30 %"
    debounced(panel, lambda: c.experiment["dataset"]["noise"] == 0.3)
    assert c.trainer.step_count == 0
    assert panel.notice.text() == "Data changed — the network was rebuilt with new weights."
    seed = c.experiment["dataset"]["seed"]
    qtbot.mouseClick(child(panel, QPushButton, "regenerate"), Qt.LeftButton)
    assert c.experiment["dataset"]["seed"] == seed + 1
    dataset = child(panel, QComboBox, "dataset")
    dataset.setCurrentIndex(dataset.findData("linear_1d"))
    assert c.net.params["W1"].shape == (1, 4)  # one input now
    assert panel.shape.text() == "1 input → 4 → 1 output\n13 weights and biases"
    dataset.setCurrentIndex(dataset.findData("truth_table"))
    assert not noise.isEnabled() and not panel.points.isEnabled()
    gate = child(panel, QComboBox, "gate")
    assert gate.isVisible()
    gate.setCurrentText("and")
    assert c.experiment["dataset"]["op"] == "and" and c.session.data.t.tolist() == [0, 0, 0, 1]


def test_only_valid_output_and_loss_pairs_are_offered(setup):
    c, panel = setup
    output, dataset = child(panel, QComboBox, "outputLoss"), child(panel, QComboBox, "dataset")
    assert combo_texts(output) == ["sigmoid + BCE", "linear + MSE", "sigmoid + MSE",
                                   "softmax + cross-entropy (2 units)"]
    output.setCurrentIndex(3)
    assert c.experiment["network"]["layers"][-1] == {"units": 2, "activation": "softmax"}
    assert c.experiment["network"]["loss"] == "cross_entropy"
    dataset.setCurrentIndex(dataset.findData("spiral3"))
    assert combo_texts(output) == ["softmax + cross-entropy"]  # int labels: no mse on one-hot
    assert c.experiment["network"]["layers"][-1] == {"units": 3, "activation": "softmax"}  # units from the data
    dataset.setCurrentIndex(dataset.findData("regression_plane"))
    assert combo_texts(output) == ["linear + MSE"]
    assert c.experiment["network"]["layers"][-1] == {"units": 1, "activation": "linear"}
    assert c.experiment["network"]["loss"] == "mse"
    hidden = [panel.rows[0].activation.itemText(i) for i in range(panel.rows[0].activation.count())]
    assert "softmax" not in hidden and "step" in hidden


def test_typed_values_the_core_refuses_are_explained_and_nothing_changes(setup, qtbot):
    c, panel = setup
    before, exp = c.net.copy_params(), c.experiment
    momentum = child(panel, QLineEdit, "hp_momentum")
    type_into(qtbot, momentum, "abc")
    assert panel.notice.text() == "Not applied: momentum μ: 'abc' is not a number"
    assert momentum.text() == "0" and c.experiment == exp
    type_into(qtbot, momentum, "1.5")
    assert "momentum" in panel.notice.text() and "[0, 1)" in panel.notice.text()
    assert momentum.text() == "0" and c.experiment == exp and c.session.optimizer.hyperparams["momentum"] == 0
    assert "color: #c62828" in panel.notice.styleSheet()
    child(panel, QCheckBox, "hp_nesterov").click()  # Nesterov needs momentum > 0
    assert "nesterov" in panel.notice.text() and not child(panel, QCheckBox, "hp_nesterov").isChecked()
    for _ in range(5):
        qtbot.mouseClick(child(panel, QPushButton, "addLayer"), Qt.LeftButton)
    for row in panel.rows:
        row.units.setValue(1024)  # typed widths: 6 × 1024² weights are over the core's limit
    assert panel.apply() is None
    assert "parameters" in panel.notice.text() and len(c.experiment["network"]["layers"]) == 7
    assert all(row.units.value() == 4 for row in panel.rows)  # widgets back to the session
    assert c.experiment["network"]["layers"][0]["units"] == 4
    assert not same_weights(before, c.net.params)  # (the layers added before were real rebuilds)


def test_units_arrows_stop_at_64_but_typing_goes_to_1024(setup, qtbot):
    _, panel = setup
    units = panel.rows[0].units
    units.setValue(63)
    qtbot.mouseClick(panel.rows[0].plus, Qt.LeftButton)
    assert units.value() == 64 and not panel.rows[0].plus.isEnabled()
    units.stepBy(5)
    assert units.value() == 64
    type_into(qtbot, units.lineEdit(), "200")
    assert units.value() == 200
    type_into(qtbot, units.lineEdit(), "2000")
    assert units.value() == 200  # the keystroke that would pass 1024 is refused
    qtbot.mouseClick(panel.rows[0].minus, Qt.LeftButton)
    assert units.value() == 199


def test_at_most_twelve_hidden_layers(setup, qtbot):
    c, panel = setup
    add = child(panel, QPushButton, "addLayer")
    for _ in range(15):
        if add.isEnabled():
            qtbot.mouseClick(add, Qt.LeftButton)
    assert len(panel.rows) == 12 and not add.isEnabled()
    assert len(c.experiment["network"]["layers"]) == 13


def test_l1_l2_and_batches_apply(setup, qtbot):
    c, panel = setup
    before = c.net.copy_params()
    l2 = child(panel, type(panel.l2), "l2")
    l2.stepBy(1)  # log-ish: from 0 the first step is 1e-5
    debounced(panel, lambda: c.experiment["network"].get("l2") == 1e-5)
    l2.stepBy(3)
    debounced(panel, lambda: c.experiment["network"].get("l2") == 1e-4)
    type_into(qtbot, l2.lineEdit(), "3e-3")
    debounced(panel, lambda: c.experiment["network"].get("l2") == 0.003)
    assert l2.text() == "0.003"
    child(panel, QComboBox, "sampling").setCurrentIndex(1)
    assert c.trainer.sampling == "replace"
    batch = child(panel, type(panel.batch), "batchSize")
    batch.setValue(32)
    debounced(panel, lambda: c.trainer.batch_size == 32)
    assert c.net.params.keys() == before.keys()


@pytest.mark.parametrize("mnist", [False, True], ids=["presets", "MNIST presets"])
def test_refresh_from_round_trips_every_preset(setup, mnist, request):
    """One preset after another on one panel, as a user opens lessons (a panel per preset cost 0.1 s each); the
    MNIST lessons apart, as they need the test data's folder."""
    c, panel = setup
    folder = request.getfixturevalue("mnist_dir") if mnist else None
    names = [name for name in presets.names() if presets.get(name).needs_mnist == mnist]
    assert names
    for name in names:
        exp = presets.experiment_for(presets.get(name), folder)
        panel.refresh_from(exp)
        assert panel.experiment() == normalize_experiment(exp), name
        layers = exp["network"]["layers"][:-1]
        assert [row.kind for row in panel.rows] == [layer.get("type", "dense") for layer in layers], name
        c.load_experiment(exp)  # as the app opens it: the panel follows, and each row shows its output shape
        assert panel.experiment() == c.experiment, name
        assert [row.shape.text() for row in panel.rows] == \
            ["→ " + "×".join(map(str, info.output_shape)) for info in c.net.describe()[:-1]], name


def load(c, panel, name):
    c.load_experiment(presets.experiment_for(presets.get(name)))
    return c, panel


def test_a_conv_net_shows_each_layer_with_its_fields_and_shape(setup):
    _, panel = load(*setup, "cnn_shapes")
    assert [row.kind_label.text() for row in panel.rows] == ["convolution", "pooling", "flatten"]
    conv, pool, flat = panel.rows
    assert (conv.filters.value(), conv.kernel.value(), conv.stride.value(), conv.pad.value()) == (8, 3, 1, 1)
    assert conv.activation.currentData() == "relu" and conv.trainable.isChecked()
    assert (pool.pool.currentData(), pool.size.value(), pool.stride.value()) == ("maxpool", 2, 2)
    assert flat.findChildren(QComboBox) == [] and flat.findChildren(QLineEdit) == []  # nothing to set
    # 16×16 padded by 1 under a 3×3 filter stays 16×16; 2×2 windows halve it; 8·8·8 = 512
    assert [row.shape.text() for row in panel.rows] == ["→ 8×16×16", "→ 8×8×8", "→ 512"]
    # 8 filters · 1·3·3 + 8 biases, then 512·6 + 6
    assert panel.shape.text() == "1×16×16 input → 8×16×16 → 8×8×8 → 512 → 6 outputs\n3,158 weights and biases"


def test_a_conv_field_rebuilds_the_network_and_the_shapes_follow(setup):
    c, panel = load(*setup, "cnn_shapes")
    panel.rows[0].filters.setValue(4)
    debounced(panel, lambda: c.net.params["W1"].shape == (4, 1, 3, 3))
    assert c.net.params["W2"].shape == (4 * 8 * 8, 6) and panel.rows[2].shape.text() == "→ 256"
    panel.rows[0].pad.setValue(0)
    panel.rows[0].kernel.setValue(5)  # (16 − 5)/1 + 1 = 12, pooled to 6
    debounced(panel, lambda: c.experiment["network"]["layers"][0]["kernel"] == 5)
    assert [row.shape.text() for row in panel.rows] == ["→ 4×12×12", "→ 4×6×6", "→ 144"]
    panel.rows[1].pool.setCurrentIndex(panel.rows[1].pool.findData("avgpool"))
    assert c.experiment["network"]["layers"][1] == {"type": "avgpool", "size": 2, "stride": 2}
    assert "rebuilt" in panel.notice.text()


def test_a_stride_that_does_not_fit_is_refused_under_its_layer(setup):
    c, panel = load(*setup, "cnn_shapes")
    before, weights = c.experiment, c.net.copy_params()
    panel.rows[0].stride.setValue(2)  # (16 + 2·1 − 3)/2 + 1 = 8.5: not a whole number of windows
    assert panel.apply() is None
    assert c.experiment == before and same_weights(weights, c.net.params)
    assert panel.notice.text().startswith("Not applied: network.layers[0].stride: ") and "8.5" in panel.notice.text()
    error = panel.rows[0].error
    assert error.isVisibleTo(panel) and error.text().startswith("stride: ") and "8.5" in error.text()
    assert panel.rows[0].stride.value() == 1  # the widgets show the session again
    assert not any(row.error.isVisibleTo(panel) for row in panel.rows[1:])
    panel.rows[0].filters.setValue(6)
    debounced(panel, lambda: c.net.params["W1"].shape == (6, 1, 3, 3))
    assert not panel.rows[0].error.isVisibleTo(panel)


def test_a_frozen_layer_is_a_ticked_box(setup):
    c, panel = load(*setup, "transfer_learning")
    conv = panel.rows[0]
    assert not conv.trainable.isChecked()
    assert panel.shape.text().endswith("3,158 weights and biases, 80 of them frozen")
    conv.trainable.click()
    assert "trainable" not in c.experiment["network"]["layers"][0] or c.experiment["network"]["layers"][0][
        "trainable"] is True
    assert c.net.frozen_names() == []


def test_recurrent_rows_choose_the_cell_units_and_steps(setup):
    c, panel = load(*setup, "rnn_hihello")
    row = panel.rows[0]
    assert row.kind_label.text() == "recurrent" and row.return_sequences.isChecked()
    assert (row.cell.currentData(), row.units.value(), row.shape.text()) == ("rnn", 5, "→ 6×5")
    assert panel.shape.text().startswith("6×5 input → 6×5 → 6×5 output\n")
    assert combo_texts(panel.output) == ["softmax + cross-entropy"]  # one class per character of "hielo"
    row.cell.setCurrentIndex(row.cell.findData("lstm"))
    assert c.experiment["network"]["layers"][0] == {"type": "lstm", "units": 5, "return_sequences": True}
    assert c.net.params["Wx1"].shape == (5, 4 * 5)  # four gates
    panel.rows[0].units.setValue(8)
    debounced(panel, lambda: c.net.params["Wh1"].shape == (8, 32))
    assert panel.rows[0].shape.text() == "→ 6×8"


def test_plus_layer_offers_the_kinds_that_fit_where_they_go(setup, qtbot):
    c, panel = setup
    add = child(panel, QPushButton, "addLayer")
    assert [panel.add_kind.itemData(i) for i in range(panel.add_kind.count())] == ["dense"]  # 2-D points
    load(c, panel, "cnn_shapes")
    assert [panel.add_kind.itemData(i) for i in range(panel.add_kind.count())] == \
        ["dense", "conv2d", "maxpool", "avgpool"]
    panel.add_kind.setCurrentIndex(panel.add_kind.findData("conv2d"))
    qtbot.mouseClick(add, Qt.LeftButton)  # feature maps go before the flatten layer, keeping their size
    assert [layer.get("type") for layer in c.experiment["network"]["layers"]] == \
        ["conv2d", "maxpool", "conv2d", "flatten", None]
    assert [row.shape.text() for row in panel.rows] == ["→ 8×16×16", "→ 8×8×8", "→ 8×8×8", "→ 512"]
    panel.add_kind.setCurrentIndex(panel.add_kind.findData("dense"))
    qtbot.mouseClick(add, Qt.LeftButton)  # a dense layer goes after the flatten, before the output
    assert c.experiment["network"]["layers"][-2] == {"units": 4, "activation": "tanh"}
    load(c, panel, "rnn_hihello")
    assert [panel.add_kind.itemText(i) for i in range(panel.add_kind.count())] == ["dense", "RNN", "LSTM", "GRU"]
    panel.add_layer("gru")
    assert c.experiment["network"]["layers"][1] == {"type": "gru", "units": 5, "return_sequences": True}


def test_an_image_set_takes_a_first_conv_layer_with_its_flatten(setup):
    c, panel = setup
    panel.dataset.setCurrentIndex(panel.dataset.findData("shapes"))
    assert c.net.params["W1"].shape == (256, 4) and panel.points_label.text() == "Images"
    assert panel.output.currentText() == "softmax + cross-entropy"
    panel.add_layer("conv2d")
    assert [layer.get("type") for layer in c.experiment["network"]["layers"]] == ["conv2d", "flatten", None, None]
    assert panel.rows[1].shape.text() == "→ 2048" and c.net.params["W2"].shape == (2048, 4)
    panel.dataset.setCurrentIndex(panel.dataset.findData("circle"))  # points: the image layers go
    assert [layer.get("type") for layer in c.experiment["network"]["layers"]] == [None, None]
    assert c.net.params["W1"].shape == (2, 4)


def test_sequence_sets_have_their_own_options(setup):
    c, panel = setup
    panel.dataset.setCurrentIndex(panel.dataset.findData("sine"))
    # its own parameters at their defaults stay out of the spec; the noise slider keeps its 10 %
    assert c.experiment["dataset"] == {"name": "sine", "noise": 0.1, "test_ratio": 0.3}
    # a sequence is read by a recurrent layer first; the dense layer then acts on every step
    assert c.experiment["network"]["layers"] == [{"type": "rnn", "units": 8, "return_sequences": True},
                                                 {"units": 4, "activation": "tanh"},
                                                 {"units": 1, "activation": "linear"}]
    assert combo_texts(panel.output) == ["linear + MSE"] and c.net.describe()[-1].output_shape == (20, 1)
    assert panel.points_label.text() == "Sequences" and panel.length.isVisibleTo(panel)
    assert not panel.symbols.isVisibleTo(panel)
    panel.length.setValue(12)
    debounced(panel, lambda: c.session.data.x.shape == (200, 12, 1))
    assert [row.shape.text() for row in panel.rows] == ["→ 12×8", "→ 12×4"]
    panel.dataset.setCurrentIndex(panel.dataset.findData("memory"))  # one target per sequence: h_T only
    assert c.experiment["network"]["layers"][0]["return_sequences"] is False
    assert c.experiment["network"]["layers"][-1] == {"units": 4, "activation": "softmax"}
    assert [row.shape.text() for row in panel.rows] == ["→ 8", "→ 4"]
    assert panel.symbols.isVisibleTo(panel) and panel.length.value() == 30
    c.run_steps(1)  # the network fits the data it was switched to
    panel.dataset.setCurrentIndex(panel.dataset.findData("hihello"))
    assert not panel.points.isVisibleTo(panel) and not panel.noise.isVisibleTo(panel)
    assert c.experiment["dataset"] == {"name": "hihello", "test_ratio": 0.3}
    panel.dataset.setCurrentIndex(panel.dataset.findData("spiral"))  # points again: the recurrent layer goes
    assert [layer.get("type") for layer in c.experiment["network"]["layers"]] == [None, None]
    assert c.net.params["W1"].shape == (2, 4)


def test_a_text_file_is_chosen_and_explained(setup, tmp_path, monkeypatch):
    c, panel = setup
    text = tmp_path / "story.txt"
    text.write_text("abcab" * 20, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(text), ""))
    panel.dataset.setCurrentIndex(panel.dataset.findData("text_file"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())  # as Qt follows a user's pick
    assert c.experiment["dataset"]["path"] == str(text)
    assert c.experiment["network"]["layers"][-1] == {"units": 3, "activation": "softmax"}  # a, b, c
    assert "vocabulary of 3" in panel.data_source.text() and panel.text_stride.value() == 25
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(binary), ""))
    panel.dataset.activated.emit(panel.dataset.currentIndex())  # picking it again asks for another file
    assert "NUL bytes" in panel.notice.text() and c.experiment["dataset"]["path"] == str(text)


def test_refresh_from_round_trips_what_the_panel_does_not_offer(setup):
    _, panel = setup
    exp = copy.deepcopy(EXP)
    exp["network"] = {"layers": [{"units": 100, "activation": "leaky_relu", "alpha": 0.2, "dropout": 0.0},
                                 {"units": 3, "activation": "elu", "batch_norm": True},
                                 {"units": 2, "activation": "custom", "expression": "x * tanh(x)"},
                                 {"units": 1, "activation": "tanh"}],
                      "loss": "mse", "init": 0.5, "l1": 0.001, "seed": 4}
    exp["optimizer"] = {"name": "adam", "lr": 0.003, "betas": [0.8, 0.99], "eps": 1.23456789e-7}
    exp["dataset"] = {"name": "linear_1d", "n": 80, "w": -1.0, "b": 0.5, "test_ratio": 0.2}
    exp.update(sampling="replace", seed=7, batch_size=33)
    panel.refresh_from(exp)
    assert panel.experiment() == normalize_experiment(exp)
    assert panel.advanced.isChecked() and panel.output.currentText() == "tanh + mse (as loaded)"
    assert panel.init.currentText() == "std 0.5"
    assert panel.rows[2].activation.currentText() == "custom"
    assert panel.rows[2].activation.itemData(panel.rows[2].activation.currentIndex(), Qt.ToolTipRole) \
        == "f(x) = x * tanh(x)"


def test_refresh_follows_changes_made_elsewhere(setup):
    c, panel = setup
    exp = presets.experiment_for(presets.get("optimizer_comparison"))
    assert c.apply_experiment(exp) == "reset"  # e.g. a preset loaded from the File menu
    assert panel.dataset.currentData() == "spiral" and [r.units.value() for r in panel.rows] == [16, 16]
    assert panel.optimizer.currentData() == "momentum" and panel.lr.value() == 0.05
    assert panel.findChild(QLineEdit, "hp_momentum").text() == "0.9"
    assert panel.experiment() == c.experiment


def test_mnist_folder_without_files_is_explained(setup, qtbot, tmp_path, monkeypatch):
    c, panel = setup
    messages = []
    c.status.connect(messages.append)
    exp = c.experiment
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    panel.dataset.setCurrentIndex(panel.dataset.findData("mnist"))
    assert f"No MNIST files in {tmp_path}" in panel.notice.text() and panel.notice.isVisibleTo(panel)
    assert messages == []  # shown where the user acted; the status bar is no error channel
    assert panel.dataset.currentData() == "circle" and c.experiment == exp


def test_mnist_folder_loads_the_digits(setup, mnist_dir, monkeypatch):
    c, panel = setup
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(mnist_dir))
    panel.dataset.setCurrentIndex(panel.dataset.findData("mnist"))
    panel.points.setValue(500)
    panel.apply()
    data = c.experiment["dataset"]
    assert data["name"] == "mnist" and data["folder"] == str(mnist_dir) and data["limit"] == 500
    assert c.experiment["network"]["layers"][-1] == {"units": 10, "activation": "softmax"}
    assert c.net.params["W1"].shape == (784, 4) and panel.points_label.text() == "Images"
    info = panel.data_source.text()
    assert panel.data_source.isVisibleTo(panel) and str(mnist_dir) in info and "t10k-labels-idx1-ubyte" in info
    assert "the test set only" in info and "500 images used" in info and "split 350 for training / 150" in info
    panel.dataset.setCurrentIndex(panel.dataset.findData("circle"))
    assert not panel.data_source.isVisibleTo(panel)


def test_an_mnist_folder_missing_the_labels_names_that_file(setup, tmp_path, mnist_dir, monkeypatch):
    import shutil

    c, panel = setup
    shutil.copy(mnist_dir / "t10k-images-idx3-ubyte.gz", tmp_path)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    panel.dataset.setCurrentIndex(panel.dataset.findData("mnist"))
    assert "found t10k-images-idx3-ubyte.gz but not its partner t10k-labels-idx1-ubyte" in panel.notice.text()
    assert c.experiment["dataset"]["name"] == "circle"


def test_every_control_explains_itself_in_one_sentence(setup):
    _, panel = setup
    tips = [*TIPS.values(), *layer_rows.TIPS.values(), *layer_rows.KIND_TIPS.values()]
    tips += [tip for _, tip in HYPERPARAMS.values()]
    for tip in tips:
        assert tip.endswith(".") and tip.count(". ") == 0, tip
    for name in ("learningRate", "optimizer", "dataset", "noise", "addLayer", "batchSize", "l2", "outputLoss",
                 "init", "testRatio", "points", "dataSeed", "regenerate", "l1", "samplingSeed", "sampling"):
        widget = panel.findChild(object, name)
        assert widget is not None and widget.toolTip() == TIPS[name], name
    for field in panel.findChildren(QLineEdit) + panel.findChildren(QCheckBox) + panel.findChildren(QToolButton):
        if field.objectName().startswith("hp_") or isinstance(field, QToolButton):
            assert field.toolTip(), field.objectName()
    for combo in (panel.dataset, panel.output, panel.init, panel.optimizer, panel.rows[0].activation, panel.add_kind):
        items = [i for i in range(combo.count()) if combo.itemData(i) is not None]  # not the separators
        assert items and all(combo.itemData(i, Qt.ToolTipRole) for i in items), combo.objectName()


def test_screenshots(qtbot, tmp_path, monkeypatch):
    from visualnet.ui.app import MainWindow
    from visualnet.ui.views.network import view as network_view

    c = Controller(presets.experiment_for(presets.get("overfitting_dropout")))
    panel = SettingsPanel(c)
    qtbot.addWidget(panel)
    panel.resize(300, 800)
    panel.show()
    panel.lr.setValue(0.02)
    panel.apply()
    save_shot(panel, tmp_path, "settings_panel.png", size=(300, 800))
    type_into(qtbot, panel.findChild(QLineEdit, "hp_eps"), "-1")
    save_shot(panel, tmp_path, "settings_panel_error.png", size=(300, 800))
    assert "eps" in panel.notice.text()

    monkeypatch.setattr(network_view, "ANIMATE", False)
    window = MainWindow(Controller(EXP))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.settings.findChild(QPushButton, "addLayer"), Qt.LeftButton)
    save_shot(window, tmp_path, "main_window_settings.png")


def test_a_typed_number_out_of_range_is_refused_not_shortened(setup, qtbot):
    c, panel = setup
    before_exp, before_weights = c.experiment, c.net.copy_params()
    # one panel for all: a refused number changes nothing (checked each time), so each meets the first state
    for field, typed in [("batchSize", "513"), ("batchSize", "100000"), ("batchSize", "-5"), ("batchSize", "abc"),
                         ("batchSize", "2.5"), ("points", "5001"), ("points", "3"), ("dataSeed", "100000"),
                         ("samplingSeed", "-1"), ("units", "1025"), ("units", "0"), ("learningRate", "-1"),
                         ("learningRate", "1e9"), ("l2", "-0.1"), ("l1", "11"), ("batchSize", "5_12"),
                         ("learningRate", "1_0")]:
        panel.notice.hide()  # the last refusal's notice gone, so that this one must show its own
        panel.notice.clear()
        widget = panel.findChild(QWidget, field)
        box = widget.spin if field == "learningRate" else widget
        type_into(qtbot, box.lineEdit(), typed)
        assert panel.notice.isVisibleTo(panel) and "nothing was applied" in panel.notice.text(), (field, typed)
        assert typed.lstrip("-") in panel.notice.text(), (field, typed)
        assert not panel._timer.isActive(), (field, typed)  # nothing pending either
        assert c.experiment == before_exp and same_weights(c.net.params, before_weights), (field, typed)
        assert box.text() == box.textFromValue(box.value()), (field, typed)  # the value in force again


def test_a_typed_number_in_range_is_applied_exactly(setup, qtbot):
    c, panel = setup
    type_into(qtbot, panel.batch.lineEdit(), "512")
    debounced(panel, lambda: c.trainer.batch_size == min(512, len(c.session.train.x)))
    assert c.experiment["batch_size"] == 512
    row = panel.rows[0]
    type_into(qtbot, row.units.lineEdit(), "1024")
    debounced(panel, lambda: c.net.params["W1"].shape == (2, 1024))


def test_a_typed_dropout_is_shown_as_it_was_applied(setup, qtbot):
    """0.125 was applied exactly but shown as "0.13" (two decimals): the box now shows what is in force."""
    c, panel = setup
    qtbot.mouseClick(child(panel, QCheckBox, "advanced"), Qt.LeftButton)
    dropout = panel.rows[0].dropout
    type_into(qtbot, dropout.lineEdit(), "0.125")
    debounced(panel, lambda: c.experiment["network"]["layers"][0].get("dropout") == 0.125)
    assert (dropout.value(), dropout.text()) == (0.125, "0.125")
    assert dropout.lineEdit().fontMetrics().horizontalAdvance("0.125") < dropout.lineEdit().width()  # not cut
    panel.refresh_from(c.experiment)  # read back from the session: still the applied value, not rounded
    assert panel.rows[0].dropout.text() == "0.125"
    assert c.experiment["network"]["layers"][0]["dropout"] == 0.125
