"""The Convolution tab shows the traced step's own numbers: clicked and stepped cells equal the layers'
outputs and gradients, the sandbox follows (N + 2P − F)/S + 1, pooling marks its winners."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from visualnet.core import convolution as cv
from visualnet.ui.controller import Controller
from visualnet.ui.views.convolution import ConvolutionView


def experiment(layers, n=96, batch=8):
    return {"dataset": {"name": "shapes", "n": n, "noise": 0.1, "seed": 0, "test_ratio": 0.25},
            "network": {"layers": layers, "loss": "cross_entropy", "init": "he", "seed": 0, "dtype": "float32"},
            "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": batch, "seed": 0}


SHAPES = experiment([{"type": "conv2d", "filters": 3, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu"},
                     {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                     {"units": 6, "activation": "softmax"}])
TWO_CONVS = experiment([{"type": "conv2d", "filters": 2, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu"},
                        {"type": "conv2d", "filters": 3, "kernel": 4, "stride": 2, "pad": 1, "activation": "tanh"},
                        {"type": "flatten"}, {"units": 6, "activation": "softmax"}])
DENSE = experiment([{"type": "flatten"}, {"units": 6, "activation": "softmax"}])


def make_view(qtbot, exp=SHAPES, steps=2):
    c = Controller(exp)
    c.use_worker = False
    if steps:
        c.run_steps(steps)
    view = ConvolutionView(c)
    qtbot.addWidget(view)
    view.resize(1000, 760)
    view.show()
    qtbot.waitExposed(view)
    return c, view


def click(qtbot, grid, row, col, double=False):
    center = grid.cell_rect(row, col).center()
    point = QPoint(round(center.x()), round(center.y()))
    (qtbot.mouseDClick if double else qtbot.mouseClick)(grid.viewport(), Qt.LeftButton, pos=point)


def events(c, layer):
    fwd = next(e for e in c.trace.of_kind("forward") if e.layer == layer)
    bwd = next(e for e in c.trace.of_kind("backward") if e.layer == layer)
    return fwd, bwd


def close32(a, b, scale=1.0):
    return abs(a - b) <= 1e-5 * max(1.0, scale)


def test_clicking_an_output_cell_writes_out_its_sum_which_equals_the_layers_output(qtbot):
    c, view = make_view(qtbot)
    panel = view.forward
    assert view.current_mode() == "forward"
    click(qtbot, panel.z_grid, 5, 7)
    assert (panel.row, panel.col) == (5, 7)
    fwd, _ = events(c, 0)
    s = c.sample_index
    z = float(fwd.z[s, 0, 5, 7])
    assert close32(panel.cell.value, z, np.abs(panel.cell.products).sum())
    assert panel.cell.top == 5 and panel.cell.left == 7  # stride 1: the window starts at the cell (padded)
    text = panel.equation.text()
    assert f"= {cv.fmt(panel.cell.value)}" in text and f"z = {cv.fmt(z, 6)}" in text
    assert f"relu({cv.fmt(z)}) = <b>{cv.fmt(fwd.a[s, 0, 5, 7])}</b>" in text
    assert panel.input_grid.marks["window"][0] == (5, 7) and len(panel.input_grid.marks["window"]) == 9
    assert panel.z_grid.marks["cell"] == [(5, 7)]
    # the drawn window, kernel and products are the core's cell
    np.testing.assert_array_equal(panel.window_grid.values, panel.cell.window[0])
    np.testing.assert_array_equal(panel.kernel_grid.values, c.trace.params_before()["W1"][0, 0])


def test_step_forward_and_back_walk_the_cells_then_the_next_filter(qtbot):
    c, view = make_view(qtbot)
    panel = view.forward
    panel.select_cell(15, 14)
    assert panel.step_forward() and (panel.row, panel.col, panel.filter) == (15, 15, 0)
    assert panel.step_forward() and (panel.row, panel.col, panel.filter) == (0, 0, 1)
    assert panel.filter_box.currentIndex() == 1 and "z, filter 2" == panel.z_grid.title
    fwd, _ = events(c, 0)
    assert close32(panel.cell.value, float(fwd.z[c.sample_index, 1, 0, 0]))
    assert panel.step_back() and (panel.row, panel.col, panel.filter) == (15, 15, 0)
    qtbot.mouseClick(panel.steps.forward_button, Qt.LeftButton)
    assert (panel.row, panel.col, panel.filter) == (0, 0, 1)
    panel.filter_box.setCurrentIndex(2)
    panel.select_cell(15, 15)
    assert not panel.step_forward()  # the very last cell


def test_several_channels_sum_over_the_channels_plus_bias(qtbot):
    c, view = make_view(qtbot, TWO_CONVS)
    panel = view.forward
    panel.layer_box.setCurrentIndex(1)  # conv 2: 3@4×4, stride 2, pad 1, over 2 channels
    panel.channel_box.setCurrentIndex(1)
    panel.select_cell(2, 3)
    cell = panel.cell
    assert cell.window.shape == (2, 4, 4) and (cell.top, cell.left) == (4, 6)
    fwd, _ = events(c, 1)
    assert close32(cell.value, float(fwd.z[c.sample_index, 0, 2, 3]), np.abs(cell.products).sum())
    text = panel.equation.text()
    assert "channel 2: " in text and f"= {cv.fmt(cell.channel_sums[1])}" in text
    assert "sum over the 2 channels + b" in text
    np.testing.assert_array_equal(panel.window_grid.values, cell.window[1])
    assert "tanh(" in text


def test_sandbox_output_size_is_live_and_red_with_its_reason_when_not_whole(qtbot):
    _c, view = make_view(qtbot, steps=0)
    view.set_mode("sandbox")
    box = view.sandbox
    box.set_sizes(n=7, f=3, p=0, s=2)
    assert "(7 + 2×0 − 3)/2 + 1 = 3" in box.size_label.text() and box.output.shape == (3, 3)
    box.s_box.setValue(3)  # 4/3: not whole
    assert "not a whole number" in box.size_label.text() and "#c92a2a" in box.size_label.text()
    assert box.output is None and box.output_grid.values.size == 0
    box.set_sizes(p=1, s=1)  # 7 + 2 − 3 + 1 = 7: padding keeps the size
    assert box.output.shape == (7, 7) and box.input_grid.pad == 1 and box.input_grid.values.shape == (9, 9)
    assert box.input_grid.on_padding(0, 4) and not box.input_grid.on_padding(1, 1)
    np.testing.assert_array_equal(box.output, cv.correlate(box.image, box.kernel, 0, 1, 1))


def test_sandbox_values_are_drawn_typed_and_chosen(qtbot):
    _c, view = make_view(qtbot, steps=0)
    view.set_mode("sandbox")
    box = view.sandbox
    box.set_sizes(n=5, f=3, p=0, s=1)
    box.pattern_box.setCurrentIndex(box.pattern_box.findData("zeros"))
    box._on_pattern_chosen(box.pattern_box.currentIndex())
    click(qtbot, box.input_grid, 2, 3)  # paints the brush value (1)
    assert box.image[2, 3] == 1.0 and box.image.sum() == 1.0
    click(qtbot, box.kernel_grid, 0, 0, double=True)
    editor = box.kernel_grid._editor
    editor.setText("−2.5")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert box.kernel[0, 0] == -2.5 and box.kernel_box.currentData() == "typed"
    box.choose_kernel("blur")
    np.testing.assert_array_equal(box.kernel, cv.CLASSIC_KERNELS["blur"])
    click(qtbot, box.output_grid, 1, 2)
    assert box.cell.value == pytest.approx(box.output[1, 2]) and box.output[1, 2] == pytest.approx(1 / 9)
    assert "output[1, 2] = " in box.equation.text()


def test_pooling_steps_windows_marks_the_winner_and_compares_shifts(qtbot):
    c, view = make_view(qtbot)
    view.set_mode("pooling")
    panel = view.pooling
    fwd, _ = events(c, 1)
    s = c.sample_index
    for _ in range(5):
        assert panel.step_forward()
    assert (panel.row, panel.col) == (0, 5)
    cell = panel.cell
    assert cell.value == float(fwd.a[s, 0, 0, 5])  # bit for bit
    i, j = cell.winner
    assert panel.input_grid.marks["winner"] == [(i, 10 + j)]
    assert cell.equation in panel.equation.text()
    np.testing.assert_array_equal(panel.output_grid.values, fwd.a[s, 0])
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("avg"))
    assert panel.cell.winner is None and panel.input_grid.marks["winner"] == []
    assert panel.output_grid.values[0, 5] == pytest.approx(fwd.input[s, 0, 0:2, 10:12].mean(), rel=1e-6)
    panel.shift_box.setChecked(True)
    assert panel.changes == cv.shift_comparison(c.net, c.trace.batch_x[s])
    assert "%" in panel.shift_label.text()


def test_backward_kernel_gradient_cells_equal_the_layers_and_check_numerically(qtbot):
    c, view = make_view(qtbot)
    view.set_mode("backward")
    panel = view.backward
    _fwd, bwd = events(c, 0)
    click(qtbot, panel.c_grid, 1, 2)
    assert panel.at == (1, 2)
    dW = bwd.grads["W1"]
    assert close32(panel.cell.value, float(dW[0, 0, 1, 2]), 1e-3)
    assert f"the layer computed {cv.fmt(dW[0, 0, 1, 2], 4)}" in panel.equation.text()
    panel.run_check()
    assert panel.check.verdict in ("agree", "inconclusive") and "numerical" in panel.check_label.text()


def test_backward_input_gradient_and_pool_routing(qtbot):
    c, view = make_view(qtbot, TWO_CONVS)
    view.set_mode("backward")
    panel = view.backward
    panel.set_mode("input")
    panel.layer_box.setCurrentIndex(1)
    click(qtbot, panel.c_grid, 3, 4)
    _fwd, bwd = events(c, 1)
    s = c.sample_index
    assert close32(panel.cell.value, float(bwd.dinput[s, 0, 3, 4]), 1e-3)
    assert panel.a_grid.marks["window"][0] == (3, 4)
    c2, view2 = make_view(qtbot)
    view2.set_mode("backward")
    pool = view2.backward
    pool.set_mode("pool")
    click(qtbot, pool.a_grid, 2, 3)
    _fwd, bwd = events(c2, 1)
    s = c2.sample_index
    (_ch, y, x), = pool.cell.cells
    assert 4 <= y < 6 and 6 <= x < 8 and pool.cell.delta == float(bwd.delta[s, 0, 2, 3])
    assert bwd.dinput[s, 0, y, x] == bwd.delta[s, 0, 2, 3]  # all of δ went to the winner
    assert "goes to the winner" in pool.equation.text()


def test_feature_maps_are_the_layers_maps_and_open_in_the_forward_panel(qtbot):
    c, view = make_view(qtbot)
    view.set_mode("maps")
    maps = view.maps
    assert len(maps.blocks) == 2 and [len(b.map_tiles) for b in maps.blocks] == [3, 3]
    fwd, _ = events(c, 0)
    np.testing.assert_array_equal(maps.blocks[0].map_tiles[2].values, fwd.a[c.sample_index, 2])
    assert "3 filters × 1 × 3 × 3 + 3 = 30 weights" in maps.blocks[0].title.text()
    assert len(maps.blocks[0].kernel_tiles) == 3
    click(qtbot, maps.blocks[0].map_tiles[2], 0, 0)
    assert view.current_mode() == "forward" and view.forward.filter == 2
    tables = view.csv_tables()
    assert any(name.startswith("z:") for name in tables)


def test_a_network_without_conv_layers_says_so_and_keeps_the_sandbox(qtbot):
    _c, view = make_view(qtbot, DENSE)
    assert "no convolution layer" in view.note.text()
    assert view.current_mode() == "sandbox"
    assert not view.modes.isTabEnabled(0) and view.modes.isTabEnabled(1)


def test_before_any_step_the_tab_offers_one_and_then_shows_it(qtbot):
    c, view = make_view(qtbot, steps=0)
    assert view.trace_button.isVisible() and view.current_mode() == "sandbox"
    qtbot.mouseClick(view.trace_button, Qt.LeftButton)
    view._on_timer()
    assert c.trace is not None and not view.trace_button.isVisible()
    view.set_mode("forward")
    assert view.forward.cell is not None


FROZEN = experiment([{"type": "conv2d", "filters": 3, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu",
                      "trainable": False},
                     {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                     {"units": 6, "activation": "softmax"}], n=120)


def small_race(view, pretrain=20, steps=10, every=5):
    panel = view.transfer
    panel.pretrain_steps, panel.steps, panel.every = pretrain, steps, every
    return panel


def test_the_transfer_race_plots_both_accuracies_computed_in_a_thread(qtbot):
    from visualnet.core import labs

    c, view = make_view(qtbot, FROZEN, steps=0)
    view.set_mode("transfer")
    assert view.current_mode() == "transfer"  # needs no recorded step
    panel = small_race(view)
    assert "frozen layers (1)" in panel.intro.text()
    with qtbot.waitSignal(panel.worker.finished, timeout=20_000):
        qtbot.mouseClick(panel.button, Qt.LeftButton)
    expected = labs.transfer_comparison(FROZEN, pretrain_steps=20, steps=10, every=5)  # the same, seeded
    for key in ("transferred", "scratch"):
        x, y = panel.curves[key].getData()
        np.testing.assert_array_equal(x, [0, 5, 10])
        np.testing.assert_allclose(y, 100 * getattr(expected, key))
    assert panel.status.text().startswith(f"After 10 steps: transferred {100 * expected.transferred[-1]:.0f} %, "
                                          f"from scratch {100 * expected.scratch[-1]:.0f} %")
    assert panel.button.text() == "Run the comparison" and c.trainer.step_count == 0  # the session is untouched


def test_the_transfer_race_can_be_cancelled_and_says_why_it_cannot_run(qtbot):
    _c, view = make_view(qtbot, FROZEN, steps=0)
    panel = small_race(view, pretrain=100_000, steps=10, every=1)
    with qtbot.waitSignal(panel.worker.cancelled, timeout=20_000):
        qtbot.mouseClick(panel.button, Qt.LeftButton)
        assert panel.button.text() == "Cancel"
        qtbot.mouseClick(panel.button, Qt.LeftButton)
    assert panel.status.text() == "Cancelled." and panel.result is None and panel.worker.wait(5)
    _c, plain = make_view(qtbot, SHAPES, steps=0)  # nothing frozen: the core's reason, no traceback
    panel = small_race(plain)
    assert "No layer is frozen" in panel.intro.text()
    with qtbot.waitSignal(panel.worker.finished, timeout=20_000):
        panel.start()
    assert '"trainable": false' in panel.status.text() and panel.result is None


def test_lessons_open_their_panel_a_traced_one_once_a_step_is_recorded(qtbot):
    from visualnet.core import presets

    for name, mode in (("padding_and_stride", "sandbox"), ("transfer_learning", "transfer")):
        assert presets.get(name).view["mode"] == mode
        c, view = make_view(qtbot, FROZEN, steps=0)
        view.open_lesson(presets.get(name).view)
        assert view.current_mode() == mode
    lesson = presets.get("pooling_invariance").view
    assert lesson["mode"] == "pooling"
    c, view = make_view(qtbot, SHAPES, steps=0)
    view.open_lesson(lesson)
    assert view.current_mode() == "sandbox"  # pooling shows a recorded step: none yet
    c.train_step()
    view.refresh()
    assert view.current_mode() == "pooling"
    view.set_mode("forward")
    c.train_step()
    view.refresh()
    assert view.current_mode() == "forward"  # the lesson's wish is spent: the user's choice stays
