"""The Sequence tab: stepping forward and back through time shows the trace's own numbers, exactly."""

import numpy as np
import pytest

from visualnet.core import presets, sequence_lab
from visualnet.core.frame import fmt
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry
from visualnet.ui.views.sequence import SequenceView
from visualnet.ui.views.sequence.numbers import DIGITS


def experiment(name, kind=None):
    exp = presets.experiment_for(presets.get(name))
    if kind is not None:
        exp["network"]["layers"][0]["type"] = kind
        exp["network"]["layers"][0].pop("forget_bias", None)
    return exp


@pytest.fixture
def make_view(qtbot):
    def make(exp):
        controller = Controller(exp)
        controller.use_worker = False
        view = SequenceView(controller)
        qtbot.addWidget(view)
        view.resize(720, 620)
        view.show()
        return controller, view
    return make


def shown(view, label):
    return view.numbers.shown(label)


def number(value):
    """A value as the numbers table writes it."""
    return fmt(value, DIGITS)


def expected(values, units):
    return [number(v) for v in np.ravel(values)[:units]]


def snapshot(view):
    """What the tab shows at a stop: where it is, the table, the bars and the columns' texts."""
    f = view.frame
    return (f.phase, f.step, f.gate, [(label, tuple(map(number, v))) for label, v, _tip in view.numbers.rows],
            tuple(np.nan_to_num(view.bptt.shown_dh, nan=-1.0)),
            tuple(column.h.text.text() for column in view.unrolled.columns))


def test_the_tab_is_registered():
    assert "sequence" in registry.names()
    assert registry.factory("sequence") is SequenceView


def test_forward_then_back_through_time_shows_the_traces_numbers_and_steps_back_exactly(make_view):
    controller, view = make_view(experiment("rnn_hihello"))
    seen = []
    view.step()  # records a step: the recurrent layer's first time step
    trace = controller.trace
    f = trace.events[0].recurrent
    b = next(e for e in trace.events if e.kind == "backward" and e.recurrent is not None).recurrent
    for t in range(6):
        view.refresh()
        assert (view.frame.phase, view.frame.step) == ("forward", t)
        assert shown(view, "x·Wx + bx") == expected(f.input_part[0, t], 5)
        assert shown(view, "h₋₁·Wh + bh") == expected(f.hidden_part[0, t], 5)
        assert shown(view, "z") == expected(f.preactivation[0, t], 5)
        assert shown(view, "h = tanh z") == expected(f.h[0, t], 5)
        np.testing.assert_allclose(np.tanh(f.preactivation[0, t]), f.h[0, t])  # the shown z gives the shown h
        texts = [column.h.text.text() for column in view.unrolled.columns]
        assert all(texts[:t + 1]) and not any(texts[t + 1:])  # later steps are not computed yet
        seen.append(snapshot(view))
        view.step()
    while view.frame.phase != "backward":  # the output layer, the loss, backward through it
        view.refresh()
        seen.append(snapshot(view))
        view.step()
    for t in range(5, -1, -1):
        view.refresh()
        assert (view.frame.phase, view.frame.step) == ("backward", t)
        assert shown(view, "∂L/∂h") == expected(b.dh[0, t], 5)
        assert shown(view, "∂L/∂h (above)") == expected(b.dh_output[0, t], 5)
        reached = np.arange(6) >= t
        np.testing.assert_array_equal(view.bptt.shown_dh[reached], b.dh_norm[reached])
        assert np.isnan(view.bptt.shown_dh[~reached]).all()
        share = np.linalg.norm(b.step_grads["Wh1"][t])
        np.testing.assert_allclose(view.bptt.shown_wh[t], share)
        assert f"norm {fmt(share)}" in view.caption.text()
        seen.append(snapshot(view))
        view.step()
    assert controller.trace is trace and controller.event.kind == "update"
    # back through every stop: each shows exactly what it showed on the way forward
    view.step_back()
    for expected_snapshot in reversed(seen):
        view.refresh()
        assert snapshot(view) == expected_snapshot
        view.step_back()
    view.refresh()
    assert not view.frame.traced  # before the first event: the layer without numbers


def test_stops_between_time_steps_show_the_last_step_computed_not_an_empty_table(make_view):
    controller, view = make_view(experiment("rnn_hihello"))
    view.step()
    trace = controller.trace
    f = trace.events[0].recurrent
    b = next(e for e in trace.events if e.kind == "backward" and e.recurrent is not None).recurrent
    while controller.event.kind != "loss":
        view.step()
    view.refresh()
    assert view.frame.step is None and view.frame.table_step == (5, "forward")  # the forward pass ended at t = 6
    assert shown(view, "h = tanh z") == expected(f.h[0, 5], 5)
    np.testing.assert_array_equal(view.gates.shown["h"], f.h[0, 5])
    assert "t = 6" in view.gates.plot_item.titleLabel.text
    while controller.event.kind != "update":
        view.step()
    view.refresh()
    assert view.frame.table_step == (0, "backward")  # backpropagation through time ended at t = 1
    assert shown(view, "∂L/∂h") == expected(b.dh[0, 0], 5)
    assert "t = 1" in view.gates.plot_item.titleLabel.text


def test_lstm_gate_by_gate_fills_in_one_gate_at_a_time(make_view):
    controller, view = make_view(experiment("rnn_hihello", "lstm"))
    view.gates_box.setChecked(True)
    view.step()
    f = controller.trace.events[0].recurrent
    h = 5
    for t in range(2):
        for k, gate in enumerate("ifgo"):
            view.refresh()
            assert (view.frame.step, view.frame.gate) == (t, gate)
            labels = [row[0] for row in view.numbers.rows]
            assert [label for label in labels if label.startswith("z_")] == [f"z_{g}" for g in "ifgo"[:k + 1]]
            assert shown(view, f"z_{gate}") == expected(f.preactivation[0, t, k * h:(k + 1) * h], h)
            function = "σ" if gate != "g" else "tanh"
            assert shown(view, f"{gate} = {function}(z_{gate})") == expected(f.gates[gate][0, t], h)
            np.testing.assert_array_equal(view.gates.shown[gate], f.gates[gate][0, t])
            assert "c = f·c₋₁ + i·g" not in labels  # the new state comes after the last gate
            view.step()
        view.refresh()
        assert (view.frame.step, view.frame.gate) == (t, None)
        assert shown(view, "c = f·c₋₁ + i·g") == expected(f.c[0, t], h)
        assert shown(view, "h = o·tanh c") == expected(f.h[0, t], h)
        np.testing.assert_allclose(f.h[0, t], f.gates["o"][0, t] * np.tanh(f.c[0, t]))
        view.step()


def test_predictions_are_the_traces_output(make_view):
    controller, view = make_view(experiment("rnn_hihello"))
    controller.run_steps(30)
    view.refresh()
    loss = controller.trace.of_kind("loss")[0]
    vocabulary = controller.session.data.vocabulary
    assert view.text_predictions.predicted == "".join(vocabulary[k] for k in loss.y[0].argmax(axis=-1))
    assert "hihell" in view.text_predictions.text() and "ihello" in view.text_predictions.text()
    assert [column.y.text.text() for column in view.unrolled.columns] == list(view.text_predictions.predicted)


def test_sine_predictions_are_plotted_from_the_trace(make_view):
    controller, view = make_view(experiment("rnn_sine"))
    controller.run_steps(3)
    view.refresh()
    loss = controller.trace.of_kind("loss")[0]
    sample = view.frame.sample
    _x, y = view.value_predictions.output.getData()
    np.testing.assert_array_equal(y, loss.y[sample, :, 0])
    _x, target = view.value_predictions.target.getData()
    np.testing.assert_array_equal(target, loss.t[sample, :, 0])
    assert view.text_predictions.isHidden() and not view.value_predictions.isHidden()


def test_a_network_without_a_recurrent_layer_says_so(make_view):
    _controller, view = make_view(presets.experiment_for(presets.get("xor_2_2_1")))
    assert view.pages.currentWidget() is view.no_recurrent
    assert "no recurrent layer" in view.no_recurrent.text()


def test_the_memory_lesson_compares_rnn_and_lstm_in_the_background(make_view, qtbot, monkeypatch):
    monkeypatch.setattr(sequence_lab, "STEPS", 2)  # the comparison itself: tests/core/test_sequence_lab.py
    _controller, view = make_view(experiment("rnn_vs_lstm_memory"))
    assert not view.compare.isHidden()
    with qtbot.waitSignal(view.compare.worker.finished, timeout=20_000):
        view.open_lesson(presets.get("rnn_vs_lstm_memory").view)
    assert set(view.compare.runs) == {"rnn", "lstm"} and set(view.compare.bars) == {"rnn", "lstm"}
    runs = view.compare.runs
    assert runs["rnn"].dh_norm_start[0] / runs["rnn"].dh_norm_start[-1] < \
        runs["lstm"].dh_norm_start[0] / runs["lstm"].dh_norm_start[-1] / 100
    assert "RNN" in view.compare.status.text() and "LSTM" in view.compare.status.text()
    assert view.compare.button.isEnabled()


def test_the_cli_exports_the_sequence_tab(tmp_path, qapp):
    from PySide6.QtGui import QImage

    from visualnet.core.session import Session
    from visualnet.ui import headless

    path = tmp_path / "seq.png"
    headless.export_view_headless(Session(experiment("rnn_hihello")), "sequence", path, steps=30, width=640)
    image = QImage(str(path))
    assert image.width() == 640 and image.height() == 400


def test_the_arrow_keys_step_through_time_on_the_sequence_tab(qtbot):
    """The hihello lesson says "press → to read hihell one time step at a time": → on this tab is a time step."""
    from visualnet.ui.app import MainWindow

    window = MainWindow(Controller(presets.experiment_for(presets.get("rnn_hihello"))))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(window._tab_keys.index("sequence"))
    view, c = window.views["sequence"], window.controller
    right, left = window.substep_action, window.back_action  # the → and ← of the window (test_app presses them)
    assert right.shortcut().toString() == "Right" and left.shortcut().toString() == "Left"
    right.trigger()  # traces the first step: its first event, the recurrent layer at its first time step
    event, stop = c.position, view.stop
    assert event == 0 and view.stops[stop].event == view.stops[stop + 1].event == event
    right.trigger()
    assert (c.position, view.stop) == (event, stop + 1)  # one time step on, the same event
    left.trigger()
    assert (c.position, view.stop) == (event, stop)
    window.tabs.setCurrentIndex(window._tab_keys.index("network"))
    right.trigger()
    assert c.position == event + 1  # elsewhere → is a whole event
