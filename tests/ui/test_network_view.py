"""The node graph shows exactly the numbers of the trace, event by event, and can be clicked."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from visualnet.core.frame import MapStack, Selection, fmt, robust_scale
from visualnet.ui import colors
from visualnet.ui.controller import Controller
from visualnet.ui.views.network import NetworkView, heatmaps
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
    maps = c.neuron_maps(v.bounds, heatmaps.MAP_RES)
    assert v.heatmaps.source is maps and len(v.heatmaps.units[0]) == 4
    v.heatmap_box.setChecked(False)
    assert v.heatmaps.units == {} and v.heatmaps.output is None
    c.substep()
    assert v.node_text(0, 0).startswith("z = ")
    v.heatmap_box.setChecked(True)
    assert len(v.heatmaps.units[0]) == 4


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
    assert view.heatmap_box.isChecked() and view.heatmaps.units
    assert save(window, shots, "spiral_trained_heatmaps.png").stat().st_size > 10_000


CNN = experiment([{"type": "conv2d", "filters": 3, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu"},
                  {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                  {"units": 6, "activation": "softmax"}], loss="cross_entropy", batch_size=4,
                 dataset={"name": "shapes", "n": 48, "noise": 0.1, "seed": 0, "test_ratio": 0.25},
                 optimizer={"name": "adam", "lr": 0.01})


def go_to(c, kind, layer):
    while not (c.event is not None and c.event.kind == kind and c.event.layer == layer):
        c.substep()


def tile_image(view, layer, index):
    """Tile ``index`` of a map column as drawn: its part of the column's shared pixmap."""
    shared, sources, _caption, _color = view.tile_look(layer)
    return shared.copy(sources[index].toAlignedRect()).toImage()


def test_map_tiles_are_the_maps_colours_pixel_for_pixel():
    maps = np.array([[[-1.0, 0.5], [0.0, 2.0]], [[0.25, -0.5], [1.0, -2.0]]])
    stack = MapStack("a", maps, 2.0, (2, 2, 2))
    shared, sources = NetworkView._tile_pixmap(maps, stack, 8)  # 4 screen pixels per map pixel: no blending
    image = shared.toImage()
    assert [s.toAlignedRect().getRect() for s in sources] == [(0, 0, 8, 8), (8, 0, 8, 8)]
    for k in range(2):
        for r in range(2):
            for col in range(2):
                want = colors.signed_color(maps[k, r, col], 2.0)
                for dy in range(4):
                    for dx in range(4):
                        pixel = image.pixelColor(8 * k + 4 * col + dx, 4 * r + dy)
                        # within one step of the 256-colour table (the image truncates, signed_color rounds)
                        assert max(abs(pixel.red() - want.red()), abs(pixel.green() - want.green()),
                                   abs(pixel.blue() - want.blue())) <= 4, (k, r, col)
    image_stack = MapStack("x", maps[:1], 2.0, (1, 2, 2))  # the input image: dark ink (high) on white (low)
    gray = NetworkView._tile_pixmap(maps[:1], image_stack, 4)[0].toImage()
    assert [gray.pixelColor(x, y).red() for x, y in ((0, 0), (2, 0), (0, 2), (3, 3))] == [255, 128, 170, 0]


def test_conv_pool_and_flatten_are_map_tiles_lit_forward_and_backward(make_view):
    c, v = make_view(CNN)
    assert [v.graph.column(k).maps for k in (-1, 0, 1, 2, 3)] == [1, 3, 3, 3, 0]
    assert v.graph.column(0).stack.label == "3×16×16" and v.graph.column(2).stack.label == "3×8×8 → 192"
    assert v.tile_look(0)[0] is None  # nothing traced yet: empty tiles
    go_to(c, "forward", 0)
    trace, s = c.trace, c.sample_index
    conv = trace.events[0]
    shared, sources, caption, color = v.tile_look(0)
    scale = float(np.abs(conv.a[s]).max())
    assert caption == f"a (±{scale:.2g})" and color == nv.TILE_FRAME and len(sources) == 3
    side = round(sources[0].width())
    expected = NetworkView._tile_pixmap(np.asarray(conv.a[s], float), MapStack("a", conv.a[s], scale, (3, 16, 16)),
                                        side)[0]
    assert shared.toImage() == expected.toImage()
    assert v.tile_look(1)[0] is None and v.column_opacity(1) < 1  # the pooling is not reached yet
    go_to(c, "backward", 1)
    pool_back = next(e for e in trace.of_kind("backward") if e.layer == 1)
    shared, sources, caption, color = v.tile_look(1)
    delta = np.asarray(pool_back.delta[s], float)
    assert caption == f"δ (±{np.abs(delta).max():.2g})" and color == nv.PHASE_COLORS["backward"]
    expected = NetworkView._tile_pixmap(delta, MapStack("δ", delta, float(np.abs(delta).max()), (3, 8, 8)), side)[0]
    assert tile_image(v, 1, 2) == expected.copy(sources[2].toAlignedRect()).toImage()
    assert v.tile_look(0)[2].startswith("a (")  # the conv layer below: still its maps a until δ reaches it
    assert v.tile_look(2)[2].startswith("δ (")  # flatten: its δ, in the maps' order


def test_a_tile_pixmap_is_made_once_for_the_same_maps(make_view):
    c, v = make_view(CNN)
    c.run_steps(2)
    first = v.tile_look(0)[0]
    c.substep_back()  # another update event of the same step: the same maps
    assert c.event.kind == "update" and v.tile_look(0)[0] is first
    c.set_sample(1)
    assert v.tile_look(0)[0] is not first and v.tile_look(0)[0].toImage() != first.toImage()


def test_clicking_a_tile_asks_for_it_and_hovering_explains_it(make_view, qtbot):
    c, v = make_view(CNN)
    c.run_steps(1)
    rect = v.tile_scene_rect(1, 2)
    point = v.view.mapFromScene(rect.center())
    with qtbot.waitSignal(v.mapOpened) as opened:
        qtbot.mouseClick(v.view.viewport(), Qt.LeftButton, pos=point)
    assert opened.args == [1, 2] and v.selection is None
    assert v.tooltip_at(rect.center()) == c.frame().map_tooltip(1, 2)
    assert "map 3 of 3" in v.tooltip_at(rect.center())
    with qtbot.assertNotEmitted(v.mapOpened):  # the input image has no filter to open
        qtbot.mouseClick(v.view.viewport(), Qt.LeftButton, pos=v.view.mapFromScene(v.tile_scene_rect(-1, 0).center()))


def test_a_clicked_tile_opens_its_filter_in_the_convolution_tab(qtbot):
    from tests.ui.windows import shown_window

    c = Controller(CNN)
    window = shown_window(qtbot, c)
    c.run_steps(1)
    view = window.views["network"]
    point = view.view.mapFromScene(view.tile_scene_rect(1, 2).center())  # pooling map 3: made from conv filter 3
    qtbot.mouseClick(view.view.viewport(), Qt.LeftButton, pos=point)
    conv = window.views["convolution"]
    assert window.tabs.currentWidget() is conv and conv.current_mode() == "forward"
    assert conv.forward.info.index == 0 and conv.forward.filter == 2
    assert conv.forward.z_grid.title.startswith("z, filter 3")


def test_behind_another_tab_the_graph_waits_and_is_up_to_date_when_shown(qtbot, monkeypatch):
    """Drawing a graph nobody sees cost play 6–15 ms a frame: behind another tab the view only notes a step,
    and draws the newest one when its tab comes back (or an export asks for it)."""
    from tests.ui.windows import shown_window

    c = Controller()
    c.use_worker = False
    window = shown_window(qtbot, c)
    view = window.views["network"]
    drawn = []
    redraw = view._redraw
    monkeypatch.setattr(view, "_redraw", lambda: drawn.append(c.trainer.step_count) or redraw())
    window.tabs.setCurrentWidget(window.views["training"])
    for _ in range(3):
        c.train_step()
    assert drawn == []
    window.tabs.setCurrentWidget(view)
    assert drawn == [3]  # once, at the newest step
    assert view._frame.steps_done == 3
    c.train_step()
    assert drawn == [3, 4]  # shown: every step again
