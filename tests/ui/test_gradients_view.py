"""The gradients view draws the trainer's per-layer numbers (or a replayed step's), flags dead units, and runs
the vanishing-gradient demo in chunks without blocking the event loop."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication

from tests.ui.shots import save_shot
from tests.ui.timers import FakeClock, elapse, fire
from visualnet.core import labs
from visualnet.ui.controller import Controller
from visualnet.ui.views import gradients_view as gv
from visualnet.ui.views.gradients_view import GradientsView


def experiment(hidden=(8, 8), activation="relu"):
    return {"dataset": {"name": "circle", "n": 200, "seed": 0, "test_ratio": 0.0},
            "network": {"layers": [{"units": n, "activation": activation} for n in hidden]
                        + [{"units": 1, "activation": "sigmoid"}],
                        "loss": "bce", "init": "he", "seed": 0, "dtype": "float64"},
            "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 16, "seed": 0}


@pytest.fixture
def make_view(qtbot):
    def make(exp=None):
        controller = Controller(exp or experiment())
        view = GradientsView(controller)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        qtbot.waitExposed(view)
        return controller, view
    return make


def test_nothing_to_show_before_the_first_step(make_view):
    _, view = make_view()
    assert "No gradients yet" in view.summary.text()
    assert view.bars.norms == [None, None, None]
    assert np.all(view.bars.norm_bars.opts["height"] == 0)


def test_bars_show_the_latest_history_values(make_view):
    controller, view = make_view()
    controller.trainer.run(12)  # untraced steps: the bars come from the history
    view.refresh()
    history = controller.trainer.history
    norms, deltas = view.bars.drawn()
    np.testing.assert_allclose(norms, history.grad_norms.last(), rtol=1e-9)
    np.testing.assert_allclose(deltas, history.mean_abs_delta.last(), rtol=1e-9)
    assert view.summary.text().startswith("step 12")
    # the history: one persistent curve per layer holding exactly the history's numbers
    curves = list(view.history.curves)
    steps, values = history.grad_norms.arrays()
    for i, curve in enumerate(curves):
        assert np.array_equal(curve.xData, steps) and np.array_equal(curve.yData, values[:, i])
    controller.trainer.run(5)
    view.refresh()
    assert view.history.curves == curves  # setData on the same items, never rebuilt
    assert len(curves[0].xData) == 17


def test_csv_export_has_the_true_values(make_view, tmp_path):
    from visualnet.ui import export

    controller, view = make_view()
    controller.run_steps(6)
    view.refresh()
    tables = view.csv_tables()
    header, rows = tables["this step"]
    assert header == ["layer", "‖∂L/∂W‖", "mean |δ|", "dead fraction"]
    assert [r[1] for r in rows] == pytest.approx(controller.trainer.history.grad_norms.last())
    header, rows = tables["‖∂L/∂W‖ per layer"]
    assert header == ["step", "layer 1", "layer 2", "layer 3"] and len(rows) == 6
    assert export.export(view, tmp_path / "gradients.csv") == 3 + 6


def test_history_metric_switches_to_mean_abs_delta(make_view):
    controller, view = make_view()
    controller.trainer.run(8)
    view.metric_box.setCurrentIndex(view.metric_box.findData("mean_abs_delta"))
    _, values = controller.trainer.history.mean_abs_delta.arrays()
    assert np.array_equal(view.history.curves[1].yData, values[:, 1])
    assert "mean |δ|" in view.history.plot.getAxis("left").labelText


def test_a_replayed_step_shows_its_backward_events_as_they_come(make_view):
    controller, view = make_view()
    controller.run_steps(5)
    controller.train_step()
    view.refresh()
    np.testing.assert_allclose(view.bars.drawn()[0], controller.trainer.history.grad_norms.last(), rtol=1e-9)
    # step event by event into the next step: forward, loss, then the backward pass reaches layer 3 first
    controller.substep()
    view.refresh()
    assert view.bars.norms == [None, None, None] and "not reached a layer" in view.summary.text()
    while controller.event.kind != "backward":
        controller.substep()
    view.refresh()
    backward = controller.event
    assert view.bars.norms[:2] == [None, None]
    assert view.bars.norms[2] == pytest.approx(float(np.linalg.norm(backward.grads["W3"])))
    assert view.bars.norm_bars.opts["height"][0] == 0 and view.bars.norm_bars.opts["height"][2] > 0
    assert "2 layers to go" in view.summary.text()
    # stepping back to an older step marks it on the history
    while controller.trace_index == len(controller.traces) - 1:
        controller.substep_back()
    view.refresh()
    assert view.history.marker.isVisible() and view.history.marker.value() == controller.trace.step


def test_updates_follow_stepped_throttled_with_a_trailing_update(make_view):
    controller, view = make_view()
    calls = []
    original = view.refresh
    view.refresh = lambda: (calls.append(1), original())
    for _ in range(20):
        controller.train_step()
    assert calls == []  # nothing drawn synchronously per step
    fire(view.throttle.timer)  # the throttle interval is over
    assert len(calls) == 1
    assert elapse(view.throttle.timer) == 0  # and twice as long: nothing more was scheduled
    assert len(calls) == 1  # one trailing redraw for the burst, showing the last step
    assert view.summary.text().startswith("traced step 20")


def test_dead_units_are_flagged(make_view):
    controller, view = make_view(experiment(hidden=(8, 8)))
    controller.net.params["b1"][:5] = -100.0  # five of eight units of layer 1 can never fire
    controller.train_step()
    view.refresh()
    dead = controller.trainer.history.dead_fraction.last()
    assert dead[0] == pytest.approx(5 / 8)
    assert np.allclose(view.dead_bars.opts["height"], dead)
    assert view.flagged_layers() == [1]
    assert "⚠ 62%" in view.dead_flags[0].toPlainText()
    red = view.dead_bars.opts["brushes"][0].color().getRgb()[:3]
    assert red == gv.DEAD_COLOR and view.dead_bars.opts["brushes"][1].color().getRgb()[:3] == gv.ALIVE_COLOR
    assert view.dead_line.value() == gv.DEAD_THRESHOLD


def test_vanishing_gradient_demo_runs_in_chunks_and_shows_both_sides(make_view, qtbot, tmp_path):
    controller, view = make_view()
    view._clock = FakeClock(step=gv.DEMO_CHUNK_S / 8)  # each reading of the clock: 1/8 of a tick's budget
    ticks = []
    view._demo_timer.timeout.connect(lambda: ticks.append(view.demo_run.steps_done))
    qtbot.mouseClick(view.demo_button, Qt.LeftButton)
    assert view.pages.currentIndex() == 1 and view.back_button.isVisible()
    while view._demo_timer.isActive():  # the app's event loop runs the demo's ticks between frames
        fire(view._demo_timer)
    assert view.demo_done
    assert view.demo_run.steps_done == gv.DEMO_STEPS
    assert len(ticks) >= 5  # trained a few steps per tick, never all at once
    histories = view.demo_run.histories()
    for kind in ("sigmoid", "relu"):
        norms, deltas = view.demo_bars[kind].drawn()
        np.testing.assert_allclose(norms, histories[kind]["grad_norms"][-1], rtol=1e-9)
        np.testing.assert_allclose(deltas, histories[kind]["mean_abs_delta"][-1], rtol=1e-9)
        curves = view.demo_history[kind].curves
        assert len(curves) == 10
        assert np.array_equal(curves[0].yData, histories[kind]["grad_norms"][:, 0])
    sigmoid = labs.gradient_ratio(histories["sigmoid"]["grad_norms"])
    relu = labs.gradient_ratio(histories["relu"]["grad_norms"])
    assert sigmoid > 1e5 and relu < 10  # measured 2.4e6 and 2.6
    assert "sigmoid 2.4×10⁶" in view.demo_caption.text() and "ReLU + He 2.6" in view.demo_caption.text()
    # both sides on one scale, so the bars compare at a glance
    ranges = [view.demo_bars[k].plot.vb.viewRange()[1] for k in ("sigmoid", "relu")]
    assert ranges[0] == pytest.approx(ranges[1])
    save_shot(view, tmp_path, "gradients_vanishing_demo.png")
    controller.train_step()  # the network page stays current underneath
    qtbot.mouseClick(view.back_button, Qt.LeftButton)
    assert view.pages.currentIndex() == 0
    np.testing.assert_allclose(view.bars.drawn()[0], controller.trainer.history.grad_norms.last(), rtol=1e-9)


def test_projector_legibility_and_screenshot(make_view, tmp_path):
    controller, view = make_view(experiment(hidden=(16, 16, 16)))
    controller.net.params["b2"][:6] = -100.0
    controller.run_steps(150)
    view.refresh()
    for curve in view.history.curves:
        assert curve.opts["pen"].widthF() >= 2.5
    assert view.dead_line.pen.widthF() >= 2.5
    assert view.font().pointSizeF() >= 11
    for plot in (view.bars.plot, view.dead_plot, view.history.plot):
        for axis in ("left", "bottom"):
            assert plot.getAxis(axis).style["tickFont"].pointSizeF() >= 11
    assert "‖∂L/∂W‖" in view.bars.plot.getAxis("left").labelText
    assert "‖∂L/∂W‖" in view.history.plot.getAxis("left").labelText
    # log axes label whole powers of ten
    major = [label for _, label in view.history.plot.getAxis("left")._tickLevels[0]]
    assert major and all(label in ("0.001", "0.01", "0.1", "1", "10") or "10" in label for label in major)
    assert all(math.isfinite(v) for v in view.bars.drawn()[0])
    save_shot(view, tmp_path, "gradients_live.png")


# -- labels and marks readable, nothing covered (issue 11) -------------------------------------------------


def bar_rects(plot, bars):
    """Each bar of a BarGraphItem as a rect in scene coordinates."""
    opts = bars.opts
    rects = []
    for x, height in zip(opts["x"], opts["height"]):
        corners = [plot.vb.mapViewToScene(QPointF(x + dx * opts["width"] / 2, y)) for dx in (-1, 1) for y in (0, height)]
        xs, ys = [c.x() for c in corners], [c.y() for c in corners]
        rects.append(QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    return rects


@pytest.mark.parametrize("size", [(1280, 800), (690, 690)])
def test_the_dead_unit_flags_and_threshold_are_never_covered_by_bars(make_view, size):
    controller, view = make_view(experiment(hidden=(8, 8, 8)))
    view.resize(*size)
    controller.net.params["b1"][:] = -100.0  # every unit of layer 1 dead, so nothing reaches layers 2 and 3
    controller.train_step()
    view.refresh()
    QApplication.processEvents()
    dead = controller.trainer.history.dead_fraction.last()
    assert dead[0] == 1.0 and view.flagged_layers() == [1, 2, 3]
    # the threshold line carries no label in the plot, where tall bars would cover it; the key names it
    assert getattr(view.dead_line, "label", None) is None
    assert not [item for item in view.dead_plot.scene().items() if isinstance(item, pg.InfLineLabel)]
    key = QTextDocumentFragment.fromHtml(view.key.text()).toPlainText().replace("\xa0", " ")
    assert "dead units: flag above 25%" in key
    page = view.key.parentWidget()
    key_rect = QRect(view.key.mapTo(page, QPoint(0, 0)), view.key.size())
    for area in page.findChildren(pg.GraphicsLayoutWidget):
        assert not key_rect.intersects(QRect(area.mapTo(page, QPoint(0, 0)), area.size()))
    assert view.key.height() >= view.key.heightForWidth(view.key.width())
    # each flag: whole inside the plot and above its bar, even a bar of 100 %
    box = view.dead_plot.vb.sceneBoundingRect()
    bars = bar_rects(view.dead_plot, view.dead_bars)
    for flag in view.dead_flags[:3]:
        rect = flag.sceneBoundingRect()
        assert box.contains(rect), (rect, box)
        assert not any(rect.intersects(bar) for bar in bars)


def test_one_step_of_history_shows_as_points_on_a_whole_step_axis(make_view):
    controller, view = make_view()
    controller.trainer.run(1)
    view.refresh()
    QApplication.processEvents()
    box = view.history.plot.vb.sceneBoundingRect()
    (x0, x1), _ = view.history.plot.vb.viewRange()
    assert x0 <= 0 and x1 >= gv.MIN_HISTORY_STEPS  # steps 0 … 10, not 0.6 … 1.4
    for curve in view.history.curves:
        assert len(curve.xData) == 1 and curve.opts["symbol"] == "o"
        points = curve.scatter.points()
        assert curve.scatter.isVisible() and len(points) == 1
        assert box.contains(view.history.plot.vb.mapViewToScene(points[0].pos()))  # on screen
    assert curve.opts["symbolSize"] >= 8
    controller.trainer.run(gv.SPARSE_HISTORY + 10)
    view.refresh()
    assert all(curve.opts["symbol"] is None for curve in view.history.curves)  # long histories are lines
    assert view.history.plot.vb.viewRange()[0][1] >= gv.SPARSE_HISTORY
