"""Drawing your own data on the Data tab: clicks add and erase, drags move, undo/redo, clear, test flags; the
network keeps its weights and trains on the edited points, which sessions save."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from visualnet.core import sessionfile
from visualnet.ui.controller import Controller
from visualnet.ui.views.data_view import DataView

SPIRAL = {"dataset": {"name": "spiral", "n": 120, "noise": 0.1, "seed": 0, "test_ratio": 0.25},
          "network": {"layers": [{"units": 8, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                      "loss": "bce", "seed": 0},
          "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}


def make_view(qtbot, experiment=SPIRAL, steps=20):
    c = Controller(experiment)
    c.use_worker = False
    c.run_steps(steps)
    view = DataView(c)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.editor.toggle.click()
    return c, view


def click(qtbot, view, x, y, button=Qt.LeftButton, modifier=Qt.NoModifier):
    """A real mouse click on the plot at (x, y) in data units."""
    QApplication.processEvents()  # pending layout and auto-range: the plot shows its final range
    scene = view.plot.vb.mapViewToScene(QPointF(x, y))
    qtbot.mouseClick(view.plots.viewport(), button, modifier, view.plots.mapFromScene(scene))


def weights(c):
    return {k: v.copy() for k, v in c.net.params.items()}


def same_weights(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def rows_with(x, point):
    return np.flatnonzero(np.all(np.isclose(x, point, atol=0.02), axis=1))


def test_click_adds_points_of_the_chosen_class_and_the_net_keeps_its_weights(qtbot):
    c, view = make_view(qtbot)
    before, n, steps = weights(c), len(c.session.data.x), c.trainer.step_count
    view.editor.class_buttons[0].click()
    click(qtbot, view, 0.8, -0.75)
    click(qtbot, view, -0.8, 0.75, modifier=Qt.ShiftModifier)  # Shift: the second class
    assert c.session.experiment["dataset"]["name"] == "points"
    assert len(c.session.data.x) == n + 2 and len(c.trainer.x_train) == len(c.session.train.x)
    train = c.session.train
    assert train.t[rows_with(train.x, (0.8, -0.75))].tolist() == [0]
    assert train.t[rows_with(train.x, (-0.8, 0.75))].tolist() == [1]
    assert same_weights(before, c.net.params) and c.trainer.step_count == steps
    c.run_steps(3)  # it trains on the edited points from where it was
    assert c.trainer.step_count == steps + 3
    shown = np.column_stack([view.train_points.data["x"], view.train_points.data["y"]])
    assert len(rows_with(shown, (0.8, -0.75))) == 1


def test_right_click_and_the_eraser_remove_the_point_under_the_mouse(qtbot):
    c, view = make_view(qtbot)
    target = c.session.train.x[0].copy()
    n = len(c.session.data.x)
    click(qtbot, view, *target, button=Qt.RightButton)
    assert len(c.session.data.x) == n - 1 and not np.any(np.all(c.session.data.x == target, axis=1))
    view.editor.tool_buttons["erase"].click()
    other = c.session.train.x[3].copy()
    click(qtbot, view, *other)
    assert len(c.session.data.x) == n - 2 and not np.any(np.all(c.session.data.x == other, axis=1))
    click(qtbot, view, 5.0, 5.0)  # nothing there: nothing happens
    assert len(c.session.data.x) == n - 2


def test_drag_moves_a_point_and_one_undo_takes_the_whole_drag_back(qtbot):
    c, view = make_view(qtbot)
    editor = view.editor
    start = c.session.train.x[5].copy()
    assert editor.begin_drag(*start, radius=0.02)
    for x in (0.1, 0.2, 0.3):
        editor.drag_to(x, -0.8)
    editor.end_drag()
    assert len(rows_with(c.session.data.x, (0.3, -0.8))) == 1
    assert not np.any(np.all(c.session.data.x == start, axis=1))
    assert editor.undo()
    assert np.any(np.all(c.session.data.x == start, axis=1)) and not len(rows_with(c.session.data.x, (0.3, -0.8)))


def test_undo_and_redo_with_the_keyboard(qtbot):
    c, view = make_view(qtbot)
    original = c.session.experiment["dataset"]
    click(qtbot, view, 0.8, 0.75)
    edited = c.session.experiment["dataset"]
    view.activateWindow()
    view.plots.setFocus()
    qtbot.keyClick(view.plots, Qt.Key_Z, Qt.ControlModifier)
    back = c.session.experiment["dataset"]
    assert len(back["x"]) == len(edited["x"]) - 1
    assert sorted(map(tuple, back["x"])) == sorted(map(tuple, c.session.train.x.tolist() + c.session.test.x.tolist()))
    qtbot.keyClick(view.plots, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert c.session.experiment["dataset"] == edited
    assert original["name"] == "spiral"


def test_clear_keeps_training_on_the_last_points_until_new_ones_are_drawn(qtbot):
    c, view = make_view(qtbot)
    editor = view.editor
    n = len(c.session.data.x)
    assert editor.clear()
    assert len(editor.points) == 0 and len(c.session.data.x) == n  # nothing to train on: not applied
    assert "no points" in editor.message.text() and editor.pending
    assert len(view.train_points.data) == 0  # the drawing shows the cleared draft
    click(qtbot, view, 0.5, 0.5)
    click(qtbot, view, -0.5, -0.5, modifier=Qt.ShiftModifier)
    assert len(c.session.data.x) == 2 and editor.pending is None
    editor.undo()
    editor.undo()
    editor.undo()
    assert len(c.session.data.x) == n


def test_a_point_toggled_test_is_held_out(qtbot):
    c, view = make_view(qtbot)
    point = c.session.train.x[2].copy()
    n_test = len(c.session.test.x)
    view.editor.tool_buttons["test"].click()
    click(qtbot, view, *point)
    assert len(c.session.test.x) == n_test + 1 and np.any(np.all(c.session.test.x == point, axis=1))
    assert not np.any(np.all(c.trainer.x_train == point, axis=1))
    shown = np.column_stack([view.test_points.data["x"], view.test_points.data["y"]])
    assert np.any(np.all(shown == point, axis=1))


def test_a_third_class_rebuilds_the_output_layer(qtbot):
    c, view = make_view(qtbot)
    view.editor.class_count.setValue(3)
    assert c.net.n_outputs == 3 and c.session.experiment["network"]["loss"] == "cross_entropy"
    view.editor.class_buttons[2].click()
    click(qtbot, view, 0.0, -0.8)
    assert 2 in c.session.train.t.tolist()


def test_edited_points_round_trip_through_a_session_file(qtbot, tmp_path):
    c, view = make_view(qtbot)
    click(qtbot, view, 0.123456789, -0.5)
    view.editor.toggle_test_at(*c.session.train.x[0], radius=0.01)
    c.run_steps(2)
    path = tmp_path / "drawn.vnet"
    c.save_session(path)
    other = Controller()
    other.load_session(path)
    assert other.session.experiment["dataset"] == c.session.experiment["dataset"]
    np.testing.assert_array_equal(other.session.train.x, c.session.train.x)
    assert all(np.array_equal(other.net.params[k], c.net.params[k]) for k in c.net.params)
    reopened = sessionfile.load(path)[0]
    assert reopened.experiment["dataset"]["x"] == c.session.experiment["dataset"]["x"]


def test_one_input_regression_clicks_set_x_and_y(qtbot):
    exp = {"dataset": {"name": "linear_1d", "n": 30, "seed": 0, "test_ratio": 0.0},
           "network": {"layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0}}
    c, view = make_view(qtbot, exp, steps=5)
    assert view.mode == "curve" and view.editor.editing
    before = weights(c)
    click(qtbot, view, 0.25, 2.0)
    assert c.session.data.kind == "regression" and same_weights(before, c.net.params)
    assert len(c.session.data.x) == 31
    new = c.session.data.x[-1, 0], c.session.data.t[-1, 0]  # added last, where the click was
    assert new == (pytest.approx(0.25, abs=0.02), pytest.approx(2.0, abs=0.05))


def type_into(qtbot, box, text):
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key_Return)


def test_a_typed_class_count_out_of_range_is_refused_and_said(qtbot):
    """A plain spin box dropped the keystroke silently; the checked one says why and changes nothing."""
    c, view = make_view(qtbot)
    editor, before, outputs = view.editor, weights(c), c.net.n_outputs
    type_into(qtbot, editor.class_count, "9")
    assert (editor.class_count.value(), editor.class_count.text()) == (2, "2")
    assert editor.message.isVisibleTo(view)
    assert editor.message.text() == "Classes: 9 is outside 2 … 5; nothing was applied."
    assert c.net.n_outputs == outputs and same_weights(before, c.net.params)
    assert c.session.experiment["dataset"]["name"] == "spiral"  # not even turned into editable points
    type_into(qtbot, editor.class_count, "3")
    assert c.net.n_outputs == 3 and editor.class_count.value() == 3


def test_the_target_of_a_new_point_is_the_number_typed(qtbot):
    """Typed 1.234 was cut to 1.23 (two decimals) and 2e6 to 200000 (the range): now exact, or refused."""
    exp = {"dataset": {"name": "regression_plane", "n": 40, "seed": 0, "test_ratio": 0.0},
           "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "linear"}],
                       "loss": "mse", "seed": 0}}
    c, view = make_view(qtbot, exp, steps=2)
    editor = view.editor
    assert editor.target.isVisibleTo(view)
    type_into(qtbot, editor.target, "1.234")
    assert (editor.target.value(), editor.target.text()) == (1.234, "1.234")
    type_into(qtbot, editor.target, "2e6")
    assert editor.target.value() == 1.234
    assert editor.message.text() == "Target y: 2e6 is outside -1000000 … 1000000; nothing was applied."
    n = len(c.session.data.x)
    click(qtbot, view, 0.3, -0.4)
    assert len(c.session.data.x) == n + 1 and c.session.data.t[-1, 0] == 1.234
