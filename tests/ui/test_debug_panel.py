"""The Debug panel: bugs planted through it colour the graph exactly as the core's check says, Remove restores
agreement, the which-layer exercise, training with a bug (in this process), and the diagnostics page."""

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette

from visualnet.core import debugger, presets
from visualnet.core import diagnostics as dg
from visualnet.core.frame import Selection, fmt
from visualnet.ui import controller as controller_module
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import SPEEDS, Controller
from visualnet.ui.views.network import view as network_view
from visualnet.ui.widgets.debug_panel import CATEGORIES, VERDICT_COLORS, DebugPanel

WAIT_MS = 20000  # the worker's check on XOR takes milliseconds; this only bounds a hang


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    monkeypatch.setattr(controller_module, "USE_TRAINING_PROCESS", False)
    w = MainWindow(Controller(presets.experiment_for(presets.get("xor_2_2_1"))))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.open_debugger()
    return w


def choose(panel, layer, bug_id, formula=""):
    panel.layer_combo.setCurrentIndex(panel.layer_combo.findData(layer))
    panel.bug_combo.setCurrentIndex(panel.bug_combo.findData(bug_id))
    assert panel.bug_combo.currentData() == bug_id
    panel.formula_edit.setText(formula)


def click(qtbot, panel, button):
    with qtbot.waitSignal(panel.job.finished, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.LeftButton)


def categories(verdicts):
    return np.vectorize(lambda v: CATEGORIES.index(str(v)))(verdicts)


def assert_graph_shows(window, expected):
    """Every edge and bias square of the graph has the colour of the core's verdict for its parameter."""
    c, view = window.controller, window.views["network"]
    overlay = view.overlay()
    assert overlay is not None
    for info in c.layers:
        w = expected.params[info.weight].verdicts
        np.testing.assert_array_equal(overlay.edges[info.index], categories(w))
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                assert view.edge_color(info.index, i, j) == QColor(VERDICT_COLORS[CATEGORIES.index(str(w[i, j]))])
        b = expected.params[info.bias].verdicts
        for j, item in enumerate(view.graph.column(info.index).biases):
            assert item.brush().color() == QColor(VERDICT_COLORS[CATEGORIES.index(str(b[j]))])
    marks = view.overlay_marks()
    assert ("the error enters here" in marks.get(expected.entry_layer, "")) == (expected.entry_layer is not None)


def xor_cases(net):
    for layer in range(len(net.blocks)):
        for bug in debugger.bugs_for(net, layer):
            yield layer, bug.id, ""
    yield 0, debugger.TYPED_DERIVATIVE, "a*(1-a)"  # the sigmoid's true derivative: agrees everywhere
    yield 0, debugger.TYPED_DERIVATIVE, "1 - a**2"  # tanh's, on a sigmoid: caught


def test_every_bug_planted_through_the_panel_colours_the_graph_as_the_core_check_says(window, qtbot):
    c, panel = window.controller, window.debug_panel
    c.run_steps(3)
    cases = list(xor_cases(c.net))
    assert {bug for _, bug, _ in cases} >= {debugger.DERIVATIVE_IS_ACTIVATION, debugger.DERIVATIVE_AT_A,
                                            debugger.BIAS_NOT_SUMMED, debugger.WEIGHT_GRADIENT_DIVIDED_TWICE,
                                            debugger.SIGN_FLIPPED, debugger.LOSS_GRADIENT_NOT_DIVIDED}
    for layer, bug_id, formula in cases:
        choose(panel, layer, bug_id, formula)
        click(qtbot, panel, panel.plant_button)
        assert c.plant.layer == layer and c.plant.bug == bug_id
        expected = debugger.debug_trace(c.net, c.trace, c.plant)
        shown = panel.report
        for name, p in expected.params.items():
            np.testing.assert_array_equal(shown.params[name].verdicts, p.verdicts, err_msg=f"{bug_id}: {name}")
        assert shown.entry_layer == expected.entry_layer
        assert_graph_shows(window, expected)
        if formula == "a*(1-a)":
            assert expected.counts["differ"] == 0 and "0 differ" in panel.result.text()
        else:
            assert expected.counts["differ"] > 0, bug_id
            assert f"The error enters in {c.frame().layer_name(expected.entry_layer)}" in panel.result.text()
        assert not window.bug_banner.isHidden() and c.frame().layer_name(layer) in window.bug_banner.text()


def test_the_inspector_shows_both_numbers_and_the_wrong_factor(window, qtbot):
    c, panel, view = window.controller, window.debug_panel, window.views["network"]
    choose(panel, 0, debugger.DERIVATIVE_IS_ACTIVATION)
    click(qtbot, panel, panel.plant_button)
    view.select(Selection("edge", 0, 1, 0))  # W1[0, 1]
    inspector = window.inspector
    p = panel.report.params["W1"]
    assert float(inspector.displayed("dL_dw")) == pytest.approx(p.gradient[0, 1], rel=1e-6)
    assert float(inspector.displayed("debug_correct")) == pytest.approx(p.correct[0, 1], rel=1e-6)
    dact = panel.report.layers[0].factor("dact")
    s = c.sample_index
    assert float(inspector.displayed("factor_dact")) == pytest.approx(dact.buggy[s, 1], rel=1e-5)
    assert "right value" in inspector.row_text("factor_dact")
    a = dact.buggy[s, 1]  # act′ = σ(z) instead of σ(z)(1 − σ(z))
    assert dact.correct[s, 1] == pytest.approx(a * (1 - a))
    assert fmt(float(dact.correct[s, 1]), 6) in inspector.row_text("factor_dact")
    assert "right value" not in inspector.row_text("factor_dL_da")  # ∂L/∂a is right: only act′ is wrong


def test_remove_restores_agreement_everywhere(window, qtbot):
    c, panel = window.controller, window.debug_panel
    choose(panel, 1, debugger.SIGN_FLIPPED)
    click(qtbot, panel, panel.plant_button)
    assert panel.report.counts["differ"] > 0
    click(qtbot, panel, panel.remove_button)
    assert c.plant is None and c.trainer.gradient is None and window.bug_banner.isHidden()
    overlay = window.views["network"].overlay()
    for layer in overlay.edges:
        assert (overlay.edges[layer] == CATEGORIES.index("agree")).all()
        assert (overlay.biases[layer] == CATEGORIES.index("agree")).all()
    assert window.views["network"].overlay_marks() == {}
    assert not panel.remove_button.isEnabled()


def test_a_refused_formula_is_said_in_the_panel(window, qtbot):
    panel = window.debug_panel
    choose(panel, 0, debugger.TYPED_DERIVATIVE, "__import__('os')")
    qtbot.mouseClick(panel.plant_button, Qt.LeftButton)
    assert window.controller.plant is None and not panel.job.running
    assert panel.result.text() and panel.result.palette().color(QPalette.WindowText).name() == "#c62828"  # red


def test_the_which_layer_exercise(window, qtbot):
    c, panel, view = window.controller, window.debug_panel, window.views["network"]
    click(qtbot, panel, panel.new_exercise_button)
    assert panel.awaiting_answer and panel.answer_button.isEnabled()
    assert panel.report.counts["differ"] > 0 and view.overlay() is not None
    assert view.overlay_marks() == {}  # blind: nothing says where
    assert c.plant is None  # the lesson's training is not touched
    where = panel.exercise.answer(0).layer
    wrong = 1 - where  # XOR 2-2-1: two layers
    view.select(Selection("node", wrong, 0))  # the student clicks a neuron of the layer they suspect
    assert panel.answer is not None and not panel.answer.correct
    assert panel.exercise_label.text().startswith("Not")
    assert "the error enters here" in view.overlay_marks()[panel.answer.report.entry_layer]  # the evidence
    click(qtbot, panel, panel.new_exercise_button)
    where = panel.exercise.answer(0).layer
    panel.guess_combo.setCurrentIndex(panel.guess_combo.findData(where))
    qtbot.mouseClick(panel.answer_button, Qt.LeftButton)
    assert panel.answer.correct and panel.exercise_label.text().startswith("Right")
    assert not panel.awaiting_answer


def test_training_with_a_sign_flip_makes_the_loss_rise_in_this_process(window, qtbot):
    c, panel = window.controller, window.debug_panel
    choose(panel, 1, debugger.SIGN_FLIPPED)
    click(qtbot, panel, panel.plant_button)
    c.use_worker = True  # fast play would train in a second process: not with a bug planted
    c.set_speed(next(k for k, s in enumerate(SPEEDS) if s.steps == 30))
    start = c.trainer.step_count
    for _ in range(3):
        c.tick()
    assert c._worker is None and c.trainer.step_count > start
    c.run_steps(40)
    _, loss = c.trainer.history.train_loss.arrays()
    assert loss[-5:].mean() > loss[:5].mean() + 0.05
    assert c.trainer.gradient.plant == c.plant
    c.reset_network()  # the same layers: the bug stays, on the new trainer
    assert c.plant is not None and c.trainer.gradient.plant == c.plant and not window.bug_banner.isHidden()


DEEP_SIGMOID = {
    "dataset": {"name": "xor", "n": 64, "seed": 0, "test_ratio": 0.0},
    "network": {"layers": [{"units": 64, "activation": "sigmoid"}] * 3 + [{"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 0},
    "optimizer": {"name": "sgd", "lr": 0.1},
    "batch_size": 32,
    "seed": 0,
}


def diagnostics_panel(qtbot, init):
    exp = {**DEEP_SIGMOID, "network": {**DEEP_SIGMOID["network"], "init": init}}
    c = Controller(exp)
    c.use_worker = False
    panel = DebugPanel(c)
    qtbot.addWidget(panel)
    panel.show()
    panel.tabs.setCurrentIndex(2)
    return c, panel


def test_diagnostics_fire_for_a_deep_sigmoid_net_with_std_1(qtbot):
    c, panel = diagnostics_panel(qtbot, 1.0)
    c.train_step()
    kinds = {f.kind for f in panel.diagnostics.findings}
    assert kinds & {dg.SATURATED, dg.VANISHING}
    frames = panel.finding_frames()
    assert len(frames) == len(panel.diagnostics.findings)
    assert panel.diagnostics.findings[0].sentence in frames[0].finding_text.text()
    with qtbot.waitSignal(panel.presetRequested) as requested:
        qtbot.mouseClick(frames[0].preset_button, Qt.LeftButton)
    assert requested.args == [panel.diagnostics.findings[0].preset]
    assert requested.args[0] in presets.names()
    c.train_step()
    steps, ratios = panel.ratio_curves[0].getData()  # log10 on the log axis
    assert list(steps) == [1, 2]
    assert ratios[-1] == pytest.approx(np.log10(panel.diagnostics.layers[0].update_ratio))
    assert panel.guide_line.value() == pytest.approx(np.log10(dg.UPDATE_RATIO_GUIDE))


def test_diagnostics_are_quiet_with_xavier_and_only_computed_while_shown(qtbot):
    c, panel = diagnostics_panel(qtbot, "xavier")
    c.train_step()
    assert panel.diagnostics.findings == () and panel.finding_frames() == []
    assert "nothing to report" in panel.diagnostics_label.text()
    panel.tabs.setCurrentIndex(0)
    shown = panel.diagnostics
    c.train_step()
    assert panel.diagnostics is shown  # not on screen: not computed


def test_switching_language_keeps_the_check_and_retranslates_its_legend_and_summary(window, qtbot):
    c = window.controller
    c.run_steps(3)
    choose(window.debug_panel, 1, debugger.SIGN_FLIPPED)
    click(qtbot, window.debug_panel, window.debug_panel.plant_button)
    report = window.debug_panel.report
    assert "agree" in window.views["network"].overlay_legend.text()
    caption = c.frame().caption
    assert caption.startswith("Backward")
    try:
        window.set_language("ko")
        view, panel = window.views["network"], window.debug_panel
        agree = QCoreApplication.translate("DebugPanel", "agree")
        assert agree != "agree" and agree in view.overlay_legend.text() and "agree" not in view.overlay_legend.text()
        assert view.overlay() is not None and panel.report is report
        assert c.frame().caption != caption and "Backward" not in c.frame().caption  # the graph's caption too
        assert QCoreApplication.translate("DebugPanel", "Checked {n} numbers: {a} agree, {i} inconclusive, {d} differ.").format(
            n=sum(report.counts.values()), a=report.counts["agree"], i=report.counts["inconclusive"],
            d=report.counts["differ"]) in panel.result.text()
    finally:
        window.set_language("en")
