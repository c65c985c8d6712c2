"""The node graph shows exactly the numbers of the trace, event by event, and can be clicked."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from visualnet.core.frame import Selection, fmt, robust_scale
from visualnet.ui import colors
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import NetworkView
from visualnet.ui.views.network import layout as geometry
from visualnet.ui.views.network import view as nv
from visualnet.ui.views.network.items import drawn_width, edge_widths


def experiment(layers, loss="bce", dataset=None, batch_size=10, optimizer=None, seed=0):
    return {"dataset": dataset or {"name": "xor", "n": 200, "seed": 0, "test_ratio": 0.0},
            "network": {"layers": layers, "loss": loss, "init": "xavier", "seed": seed, "dtype": "float64"},
            "optimizer": optimizer or {"name": "sgd", "lr": 0.5},
            "batch_size": batch_size, "seed": 0}


def tanh_net(*hidden):
    return [{"units": n, "activation": "tanh"} for n in hidden] + [{"units": 1, "activation": "sigmoid"}]


@pytest.fixture(autouse=True)
def no_animation(monkeypatch):
    monkeypatch.setattr(nv, "ANIMATE", False)


@pytest.fixture
def make_view(qtbot):
    def make(exp, size=(1280, 800)):
        controller = Controller(exp)
        view = NetworkView(controller)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        return controller, view
    return make


def save(widget, shots, name):
    QApplication.processEvents()  # let pending layout requests run, as the app's event loop would
    path = shots / name
    assert widget.grab().save(str(path))
    return path


def weight_scale(controller):
    params = controller.shown_params()
    return robust_scale([params[n] for n in controller.net.weight_names()])


def gradient_scale(controller):
    net = controller.net
    return robust_scale([e.grads[net.blocks[e.layer].param_names[0]]
                         for e in controller.trace.of_kind("backward")])


def assert_edges(view, layer, values, scale):
    n_in, n_out = values.shape
    for i in range(n_in):
        for j in range(n_out):
            assert view.edge_color(layer, i, j) == colors.signed_color(float(values[i, j]), scale)
            assert view.edge_pen_width(layer, i, j) == drawn_width(float(edge_widths(values[i, j], scale)))


def assert_same(a, b, path="shown"):
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), path
        for k in a:
            assert_same(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for k, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{k}]")
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=path)
    else:
        assert a == b, path


def test_every_event_shows_the_trace_numbers(make_view):
    c, v = make_view(experiment(tanh_net(4, 3)))
    assert v.scale_label() == "colour = weights w" and v.shown_values()["phase"] == "idle"
    assert_edges(v, 0, c.net.params["W1"], weight_scale(c))
    c.substep()
    c.set_sample(3)
    trace, s, net = c.trace, 3, c.net
    last = len(net.blocks) - 1
    seen = set()
    while True:
        ev = c.event
        seen.add(ev.kind)
        shown = v.shown_values()
        if ev.kind == "forward":
            assert v.caption().startswith(f"Forward: layer {ev.layer + 1} of {len(net.blocks)}")
            assert v.scale_label() == "colour = weights w"
            for j in range(ev.z.shape[1]):
                text = v.node_text(ev.layer, j)
                assert fmt(ev.z[s, j]) in text and fmt(ev.a[s, j]) in text
                assert shown["nodes"][(ev.layer, j)]["z"] == ev.z[s, j]
            assert fmt(ev.input[s, 0]) in v.node_text(-1, 0) if ev.layer == 0 else True
            assert_edges(v, ev.layer, c.shown_params()[f"W{ev.layer + 1}"], weight_scale(c))
            for later in range(ev.layer + 1, len(net.blocks)):
                assert v.column_opacity(later) < 0.5 and v.edge_opacity(later) < 0.5
                assert v.node_text(later, 0) == ""
            assert v.edge_opacity(ev.layer) == 1.0
        elif ev.kind == "loss":
            assert v.caption() == f"Loss: BCE = {ev.value:.4g}   (mean over {len(trace.batch_x)} samples)"
            text = v.node_text(last, 0)
            assert f"y = {fmt(ev.y[s, 0])}" in text and f"t = {fmt(ev.t.reshape(-1)[s])}" in text
            assert shown["loss"] == ev.value
        elif ev.kind == "backward":
            assert v.scale_label() == "colour = gradients ∂L/∂w"
            assert "Backward" in v.caption() and "right to left" in v.caption()
            grad = ev.grads[f"W{ev.layer + 1}"]
            assert_edges(v, ev.layer, grad, gradient_scale(c))
            widths = np.array([[v.edge_pen_width(ev.layer, i, j) for j in range(grad.shape[1])]
                               for i in range(grad.shape[0])])
            order = np.argsort(np.abs(grad).ravel())
            assert np.all(np.diff(widths.ravel()[order]) >= 0)  # wider edge ⇔ larger |∂L/∂w|
            for j in range(ev.delta.shape[1]):
                assert f"δ = {fmt(ev.delta[s, j])}" in v.node_text(ev.layer, j)
                assert shown["nodes"][(ev.layer, j)]["delta"] == ev.delta[s, j]
            for earlier in range(ev.layer):
                assert v.edge_opacity(earlier) < 0.5 and shown["edges"][earlier] is None
        else:
            assert v.caption().startswith(f"Update: {ev.param} ← {ev.param} − step")
            assert v.scale_label() == "colour = weights w"
            layer = net.layer_of_param(ev.param)
            if ev.param.startswith("W"):
                np.testing.assert_array_equal(shown["edges"][layer], ev.after)
                assert_edges(v, layer, ev.after, weight_scale(c))
            else:
                np.testing.assert_array_equal(shown["biases"][layer], ev.after)
                assert "Δb" in v.node_text(layer, 0)
        if c.player.at_end:
            break
        c.substep()
    assert seen == {"forward", "loss", "backward", "update"}


def test_forward_then_all_the_way_back_restores_the_start(make_view):
    c, v = make_view(experiment(tanh_net(4, 4)))
    initial = v.shown_values()
    c.substep()
    n = len(c.trace)
    while not c.player.at_end:
        c.substep()
    assert v.shown_values()["phase"] == "update"
    for _ in range(n + 3):
        c.substep_back()
    assert c.position == -1
    assert_same(v.shown_values(), initial)


def test_update_animation_ends_exactly_on_the_new_weights(make_view, monkeypatch):
    monkeypatch.setattr(nv, "ANIMATE", True)
    c, v = make_view(experiment(tanh_net(3)))
    c.substep()
    while c.event.kind != "update":
        c.substep()
    ev = c.event
    assert v._animation is not None  # the W1 update morphs…
    v._animation.valueChanged.emit(0.5)  # half-way: between the weights
    halfway = c.trace.params_before()["W1"] + 0.5 * (ev.after - c.trace.params_before()["W1"])
    assert_edges(v, 0, halfway, weight_scale(c))
    v.finish_animation()  # what the animation's finished signal calls
    assert_edges(v, 0, ev.after, weight_scale(c))  # …and lands exactly on `after`
    c.substep()
    c.substep_back()  # stepping back never animates
    assert v._animation is None


def test_clicking_an_edge_and_a_node_selects_them(make_view, qtbot):
    c, v = make_view(experiment(tanh_net(3)))
    c.substep()
    viewport = v.view.viewport()
    line = v.edge_scene_line(1, 2, 0)
    point = v.view.mapFromScene(line.pointAt(0.5))
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=point)
    assert blocker.args == [Selection("edge", 1, 0, 2)] and v.selection == Selection("edge", 1, 0, 2)
    assert "W2[2, 0]" in v.tooltip_for(v.selection)
    line = v.edge_scene_line(0, 0, 0)  # the top edge of the first layer crosses no other at its middle
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=v.view.mapFromScene(line.pointAt(0.5)))
    assert blocker.args == [Selection("edge", 0, 0, 0)]
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=v.view.mapFromScene(v.node_scene_pos(0, 1)))
    assert blocker.args == [Selection("node", 0, 1)]
    bias = v.node_scene_pos(0, 1) + QPointF(-geometry.NODE / 2 - 1, geometry.NODE / 2 - 1)  # the corner square
    with qtbot.waitSignal(v.selectionChanged) as blocker:
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=v.view.mapFromScene(bias))
    assert blocker.args == [Selection("bias", 0, 1)]
    with qtbot.waitSignal(v.selectionChanged) as blocker:  # empty space clears
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=v.view.mapFromScene(v.node_scene_pos(0, 0) + QPointF(0, -90)))
    assert blocker.args == [None]


def test_dead_and_saturated_units_are_flagged(make_view):
    c, v = make_view(experiment([{"units": 4, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]))
    c.substep()
    c.edit_weight("b1", (0,), -100.0)  # unit 0 never fires: ReLU′(z) = 0 for the whole batch
    assert c.event.kind == "loss"
    c.substep()
    c.substep()
    ev = c.event
    assert ev.kind == "backward" and ev.layer == 0 and not ev.dact[:, 0].any()
    assert "dead" in v.node_text(0, 0) and "dead" not in v.node_text(0, 1)
    assert "✖ dead" in v.tooltip_for(Selection("node", 0, 0))


def test_tooltips_carry_formula_and_numbers(make_view):
    c, v = make_view(experiment(tanh_net(3)))
    c.substep()
    s, ev = c.sample_index, c.event
    tip = v.tooltip_for(Selection("node", 0, 1))
    assert "z = Σᵢ wᵢ·xᵢ + b" in tip and fmt(ev.z[s, 1], 5) in tip and "a = tanh(z)" in tip
    tip = v.tooltip_for(Selection("edge", 0, 1, 0))
    w = c.shown_params()["W1"][0, 1]
    assert f"w = {fmt(w, 5)}" in tip and "x·w" in tip
    while c.event.kind != "backward" or c.event.layer != 0:
        c.substep()
    ev = c.event
    tip = v.tooltip_for(Selection("node", 0, 2))
    assert "δ = ∂L/∂a · act′(z)" in tip and fmt(ev.delta[s, 2], 5) in tip
    tip = v.tooltip_for(Selection("edge", 0, 2, 1))
    assert f"∂L/∂w = Σ over the batch of δ·a = {fmt(ev.grads['W1'][1, 2], 5)}" in tip
    tip = v.tooltip_for(Selection("node", 1, 0))
    assert "fused" in tip
    while c.event.kind != "update" or c.event.param != "W1":
        c.substep()
    assert "Δw = " in v.tooltip_for(Selection("edge", 0, 2, 1))


def test_a_new_architecture_rebuilds_the_graph_and_clears_the_selection(make_view):
    from visualnet.ui.widgets.inspector import Inspector

    c, v = make_view(experiment(tanh_net(3)))
    inspector = Inspector(c)
    v.selectionChanged.connect(inspector.show_selection)
    v.select(Selection("edge", 1, 0, 2))
    assert "W2[2, 0]" in inspector.title.text()
    exp = c.experiment
    exp["network"]["layers"] = tanh_net(5, 4)
    assert c.apply_experiment(exp) == "reset"
    assert v.selection is None and "Click" in inspector.title.text()
    assert [col.units for col in v.columns] == [2, 5, 4, 1] and v.edge_groups[1].n_in == 5
    c.substep()
    assert v.node_text(0, 4).startswith("z = ") and v.node_text(1, 3) == ""


def test_heatmaps_toggle_and_follow_the_controller(make_view):
    c, v = make_view(experiment(tanh_net(4)))
    maps = c.neuron_maps(v.bounds, nv.MAP_RES)
    assert v._maps_source is maps and len(v._heatmaps[0]) == 4
    v.heatmap_box.setChecked(False)
    assert v._heatmaps == {}
    c.substep()
    assert v.node_text(0, 0).startswith("z = ")
    v.heatmap_box.setChecked(True)
    assert len(v._heatmaps[0]) == 4


def test_deep_net_and_collapsed_layers_render(make_view, shots):
    c, v = make_view(experiment(tanh_net(*[16] * 8)))
    assert not any(v.is_collapsed(layer) for layer in range(-1, 9))
    c.substep()
    while not c.player.at_end:
        c.substep()
    save(v, shots, "deep_8x16_update.png")

    c, v = make_view(experiment([{"units": 50, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]))
    assert v.is_collapsed(0) and not v.is_collapsed(1) and v.edge_groups[1].kind == "to_nodes"
    for _ in range(5):  # forward 1, forward 2, loss, backward 2, backward 1
        c.substep()
    assert c.event.kind == "backward" and c.event.layer == 0
    v.select(Selection("node", 0, 7))
    assert v.selection == Selection("node", 0, 7)
    assert "δ" in v.node_text(0, 7)
    save(v, shots, "collapsed_50_backward.png")


def test_mnist_784_50_10_collapses_the_inputs(make_view, shots, mnist_dir):
    exp = experiment([{"units": 50, "activation": "relu"}, {"units": 10, "activation": "softmax"}],
                     loss="cross_entropy", batch_size=20, optimizer={"name": "sgd", "lr": 0.1},
                     dataset={"name": "mnist", "folder": str(mnist_dir), "limit": 500})
    c, v = make_view(exp)
    assert v.is_collapsed(-1) and v.is_collapsed(0) and not v.is_collapsed(1)
    assert v.edge_groups[0].kind == "band" and v.edge_groups[1].kind == "to_nodes"
    assert not v.heatmap_box.isEnabled()
    c.substep()
    c.substep()
    c.substep()
    assert c.event.kind == "loss"
    text = v.node_text(1, 3)
    label = int(c.event.t[c.sample_index])
    assert text.startswith(f"y₃ = {fmt(c.event.y[c.sample_index, 3])}") and f"t₃ = {int(label == 3)}" in text
    save(v, shots, "mnist_784_50_10_loss.png")
    for _ in range(2):
        c.substep()
    assert c.event.kind == "backward" and c.event.layer == 0
    save(v, shots, "mnist_784_50_10_backward.png")


def main_window_or_view(controller, qtbot):
    """The whole main window when the other panels exist yet, else the network view alone."""
    try:
        from visualnet.ui.app import MainWindow
        window = MainWindow(controller)
        view = window.views["network"]
    except ImportError:  # the other panels are not written yet: the view and the inspector side by side
        from PySide6.QtWidgets import QHBoxLayout, QWidget

        from visualnet.ui.widgets.inspector import Inspector
        window = QWidget()
        view, inspector = NetworkView(controller), Inspector(controller)
        view.selectionChanged.connect(inspector.show_selection)
        layout = QHBoxLayout(window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        layout.addWidget(inspector)
        inspector.setFixedWidth(360)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window, view


def test_screenshots_of_each_phase(qtbot, shots):
    c = Controller(experiment(tanh_net(4, 4), optimizer={"name": "adam", "lr": 0.03}))
    window, view = main_window_or_view(c, qtbot)
    c.run_steps(20)
    c.substep()
    c.set_sample(2)
    view.select(Selection("edge", 1, 2, 1))
    c.substep()
    assert c.event.kind == "forward" and c.event.layer == 1
    paths = [save(window, shots, "phase_1_forward.png")]
    c.substep()
    c.substep()
    assert c.event.kind == "loss"
    paths.append(save(window, shots, "phase_2_loss.png"))
    c.substep()
    c.substep()
    assert c.event.kind == "backward" and c.event.layer == 1
    paths.append(save(window, shots, "phase_3_backward.png"))
    while c.event.kind != "update" or c.event.param != "W2":
        c.substep()
    paths.append(save(window, shots, "phase_4_update.png"))
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_screenshot_of_a_trained_spiral(qtbot, shots):
    # ReLU 16-16 learns this spiral (≈ 96 % after 1500 steps); tanh 8-8 stays near 60 % for thousands
    exp = experiment([{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                      {"units": 1, "activation": "sigmoid"}], optimizer={"name": "adam", "lr": 0.01},
                     dataset={"name": "spiral", "n": 400, "noise": 0.1, "seed": 0})
    c = Controller(exp)
    window, view = main_window_or_view(c, qtbot)
    c.run_steps(1500)
    assert c.net.accuracy(c.session.data.x, c.session.data.t) > 0.9
    assert view.heatmap_box.isChecked() and view._heatmaps
    assert save(window, shots, "spiral_trained_heatmaps.png").stat().st_size > 10_000
