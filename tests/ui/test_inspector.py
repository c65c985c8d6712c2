"""The inspector shows the trace's numbers for the clicked item, checks ∂L/∂w numerically, edits weights."""


import numpy as np
import pytest
from PySide6.QtCore import Qt

from visualnet.core.frame import Selection
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import NetworkView
from visualnet.ui.views.network import view as nv
from visualnet.ui.widgets.inspector import Inspector


@pytest.fixture(autouse=True)
def no_animation(monkeypatch):
    monkeypatch.setattr(nv, "ANIMATE", False)


@pytest.fixture
def setup(qtbot):
    exp = {"dataset": {"name": "xor", "n": 200, "seed": 0, "test_ratio": 0.0},
           "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 4, "activation": "tanh"},
                                  {"units": 1, "activation": "sigmoid"}],
                       "loss": "bce", "init": "xavier", "seed": 1, "dtype": "float64"},
           "optimizer": {"name": "sgd", "lr": 0.5}, "batch_size": 10, "seed": 0}
    c = Controller(exp)
    view = NetworkView(c)
    inspector = Inspector(c)
    view.selectionChanged.connect(inspector.show_selection)
    qtbot.addWidget(view)
    qtbot.addWidget(inspector)
    return c, view, inspector


def shown(inspector, key):
    return float(inspector.displayed(key))


def close(displayed, exact):
    return displayed == pytest.approx(float(exact), rel=1e-4, abs=1e-12)


def events_of(c, kind, layer):
    return next(e for e in c.trace.events if e.kind == kind and e.layer == layer)


def go_to_last_backward(c):
    c.substep()
    while c.trace.events[c.position + 1].kind != "update":
        c.substep()
    assert c.event.kind == "backward" and c.event.layer == 0


def test_nothing_selected_and_nothing_traced_is_fine(setup):
    _, view, inspector = setup
    assert "Click" in inspector.title.text()
    assert "No step traced" in inspector.sample_info.text()
    view.select(Selection("edge", 1, 2, 3))
    assert inspector.displayed("w") and "dL_dw" not in inspector.shown_keys()


def test_edge_shows_chain_rule_and_numerical_gradient(setup):
    c, view, inspector = setup
    go_to_last_backward(c)
    c.set_sample(4)
    view.select(Selection("edge", 1, 3, 2))  # W2[2, 3]
    f, b = events_of(c, "forward", 1), events_of(c, "backward", 1)
    s = 4
    assert "W2[2, 3]" in inspector.title.text()
    assert close(shown(inspector, "w"), c.trace.params_before()["W2"][2, 3])
    assert close(shown(inspector, "a_source"), f.input[s, 2])
    assert close(shown(inspector, "delta_unit"), b.delta[s, 3])
    assert close(shown(inspector, "product"), b.delta[s, 3] * f.input[s, 2])
    grad = b.grads["W2"][2, 3]
    assert close(shown(inspector, "dL_dw"), grad)
    assert grad == pytest.approx(np.sum(b.delta[:, 3] * f.input[:, 2]))  # ∂L/∂w is Σ δ·a over the batch
    assert close(shown(inspector, "numerical"), grad)
    assert inspector.numbers["relative_error"] < 1e-5
    assert "✓" in inspector.row_text("relative_error")


def test_hidden_and_output_nodes_show_delta_with_its_factors(setup):
    c, view, inspector = setup
    go_to_last_backward(c)
    c.set_sample(2)
    s = 2
    view.select(Selection("node", 1, 3))
    f, b = events_of(c, "forward", 1), events_of(c, "backward", 1)
    for key, exact in (("z", f.z[s, 3]), ("a", f.a[s, 3]), ("dL_da", b.dL_da[s, 3]), ("dact", b.dact[s, 3]),
                       ("delta", b.delta[s, 3]), ("dL_db", b.grads["b2"][3])):
        assert close(shown(inspector, key), exact), key
    assert close(shown(inspector, "delta"), b.dL_da[s, 3] * b.dact[s, 3])

    view.select(Selection("node", 2, 0))
    b, loss = events_of(c, "backward", 2), c.trace.of_kind("loss")[0]
    assert b.dact is None
    n = len(c.trace.batch_x)
    assert close(shown(inspector, "delta"), b.delta[s, 0])
    assert close(shown(inspector, "delta"), (loss.y[s, 0] - loss.t.reshape(-1)[s]) / n)
    assert close(shown(inspector, "y"), loss.y[s, 0]) and close(shown(inspector, "t"), loss.t.reshape(-1)[s])
    assert "fused" in inspector.row_text("delta")

    view.select(Selection("bias", 2, 0))
    assert close(shown(inspector, "dL_db"), b.grads["b3"][0])
    assert inspector.numbers["relative_error"] < 1e-5


def test_update_shows_before_and_after(setup):
    c, view, inspector = setup
    c.train_step()
    view.select(Selection("edge", 0, 1, 0))
    u = next(e for e in c.trace.events if e.kind == "update" and e.param == "W1")
    assert close(shown(inspector, "w"), u.before[0, 1])
    assert close(shown(inspector, "w_after"), u.after[0, 1])
    assert close(shown(inspector, "dw"), u.after[0, 1] - u.before[0, 1])


def test_sample_chooser_drives_the_controller(setup, qtbot):
    c, view, inspector = setup
    c.substep()
    view.select(Selection("node", 0, 1))
    assert inspector.sample_spin.suffix() == " of 10"
    inspector.sample_spin.setValue(7)
    assert c.sample_index == 6
    f = events_of(c, "forward", 0)
    assert close(shown(inspector, "z"), f.z[6, 1])
    assert "x = (" in inspector.sample_info.text() and "target t = " in inspector.sample_info.text()
    c.set_sample(1)
    assert inspector.sample_spin.value() == 2 and close(shown(inspector, "z"), f.z[1, 1])


def test_edit_weight_rejects_bad_text_and_retraces(setup, qtbot):
    c, view, inspector = setup
    go_to_last_backward(c)
    view.select(Selection("edge", 2, 0, 1))  # W3[1, 0]
    assert inspector.edit_box.isEnabled()
    inspector.edit_field.setText("abc")
    qtbot.mouseClick(inspector.apply_button, Qt.LeftButton)
    assert "not a number" in inspector.edit_message.text()
    inspector.edit_field.setText("inf")
    inspector.apply_edit()
    assert "finite" in inspector.edit_message.text()
    before = c.net.copy_params()
    for absurd in ("1e308", "-2e4", "nan"):
        inspector.edit_field.setText(absurd)
        inspector.apply_edit()
        assert "between" in inspector.edit_message.text(), absurd
        assert all(np.array_equal(c.net.params[k], v) for k, v in before.items())
    old = c.net.params["W3"][1, 0]
    inspector.edit_field.setText("−1.5")  # a typographic minus is fine too
    inspector.apply_edit()
    assert c.net.params["W3"][1, 0] == -1.5 != old
    assert c.event.kind == "loss"
    out = c.trace.of_kind("forward")[-1].a[c.sample_index, 0]
    assert close(shown(inspector, "output"), out)
    assert "now y =" in inspector.edit_message.text()
    assert close(shown(inspector, "w"), -1.5)


def test_any_weight_of_a_bundled_layer_can_be_inspected(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    exp = {"dataset": {"name": "xor", "n": 200, "seed": 0, "test_ratio": 0.0},
           "network": {"layers": [{"units": 50, "activation": "relu"}, {"units": 40, "activation": "relu"},
                                  {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 1},
           "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 10}
    c = Controller(exp)
    view, inspector = NetworkView(c), Inspector(c)
    view.selectionChanged.connect(inspector.show_selection)
    inspector.selectionRequested.connect(view.select)
    host = QWidget()
    row = QHBoxLayout(host)
    row.addWidget(view, 1)
    row.addWidget(inspector)
    qtbot.addWidget(host)
    host.resize(1280, 800)
    host.show()
    assert view.is_collapsed(0) and view.is_collapsed(1) and view.edge_groups[1].kind == "band"
    go_to_last_backward(c)
    view.select(Selection("node", 1, 7))  # a unit of the 40-wide bundle, picked from its strip
    assert inspector.goto_box.isVisibleTo(inspector) and inspector.goto_unit.value() == 7
    assert inspector.goto_source.maximum() == 49 and inspector.goto_unit.maximum() == 39
    inspector.goto_source.setValue(23)
    qtbot.mouseClick(inspector.goto_button, Qt.LeftButton)
    assert view.selection == Selection("edge", 1, 7, 23)
    b = events_of(c, "backward", 1)
    assert "W2[23, 7]" in inspector.title.text()
    assert close(shown(inspector, "dL_dw"), b.grads["W2"][23, 7])
    assert inspector.check is not None and inspector.check.verdict in ("agree", "inconclusive")
    assert "W2[23, 7]" in view.tooltip_for(view.selection)


def test_a_new_step_updates_the_shown_rows_in_place(setup):
    """Playing refreshes the panel often: the same rows get new numbers, no widgets are rebuilt; another
    selection builds its own rows."""
    c, view, inspector = setup
    c.run_steps(1)
    view.select(Selection("node", 1, 2))
    labels = dict(inspector._value_labels)
    before = inspector.displayed("a")
    c.run_steps(1)
    inspector.refresh()
    assert inspector._value_labels == labels  # the very same label objects
    assert inspector.displayed("a") != before
    assert close(shown(inspector, "a"), events_of(c, "forward", 1).a[c.sample_index, 2])
    view.select(Selection("edge", 1, 2, 3))
    assert "dL_dw" in inspector.shown_keys() and inspector._value_labels["w"] is not labels.get("w")


def test_a_sample_or_weight_index_out_of_range_is_refused_not_shortened(setup, qtbot):
    """Typing 12 into "sample … of 10" used to give sample 1; now nothing changes and the panel says why."""
    c, view, inspector = setup
    c.substep()
    inspector.sample_spin.setValue(3)
    field = inspector.sample_spin.lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, "12")
    qtbot.keyClick(field, Qt.Key_Return)
    assert c.sample_index == 2 and inspector.sample_spin.value() == 3
    assert "12" in inspector.sample_message.text() and "nothing was applied" in inspector.sample_message.text()
    inspector.sample_spin.setValue(4)
    assert inspector.sample_message.text() == "" and c.sample_index == 3
    view.select(Selection("edge", 1, 2, 3))
    field = inspector.goto_unit.lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, "40")
    qtbot.keyClick(field, Qt.Key_Return)
    assert inspector.goto_unit.value() == 2 and "40" in inspector.goto_message.text()


def test_mnist_outputs_wrap_inside_the_dock_at_1280(qtbot, mnist_dir):
    """The ten outputs of an MNIST net are one long row: it wraps, the dock never scrolls sideways."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from visualnet.core import presets
    from visualnet.core.session import Session
    from visualnet.ui.app import MainWindow

    c = Controller(session=Session(presets.experiment_for(presets.get("mnist_two_layer"), str(mnist_dir))))
    window = MainWindow(c)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    c.run_steps(1)
    while c.event is None or c.event.kind != "backward":
        c.substep()
    window.views["network"].select(Selection("node", 1, 3))
    QApplication.processEvents()
    outputs = [window.inspector.displayed(key) for key in window.inspector.shown_keys()]
    assert any(text.count(",") == 9 for text in outputs)  # the whole output vector is shown
    scroll = window.inspector.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
