import time
import warnings

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QFontMetricsF, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QPushButton

from tests.ui.shots import save_shot
from tests.ui.timers import FakeClock, fire
from visualnet.core import surfaces
from visualnet.ui.views.optimizer_view import SPEEDS, OptimizerView


@pytest.fixture(scope="module")
def shared(qapp):
    """The widgets this module builds once (an OptimizerView, a main window), each built by the first test that
    asks for it, after that test's settings were emptied; each test gets it back in its first state."""
    built = {}
    yield built
    for widget in built.values():
        if isinstance(widget, OptimizerView):
            widget.pause()
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def restore(view, size=None):
    """The view as a new one opens (the textbook race at step 30, overlaid, only the step arrow, the first
    runner's hyperparameters, the first optimizer to add, the second speed, the real clock, no focus, scrolled
    to the top): what building it again gave, at a fraction of the cost (its plots are rebuilt as a new view
    builds them)."""
    view.pause()
    view._picture_timer.stop()
    view._clock = time.perf_counter
    focused = QApplication.focusWidget()
    if focused is not None and view.isAncestorOf(focused):
        focused.clearFocus()
    view.controls.verticalScrollBar().setValue(0)
    for widget, setter, value in [(view.speed, "setCurrentIndex", 1), (view.hp_runner, "setCurrentIndex", 0),
                                  (view.add_combo, "setCurrentIndex", 0), (view.grid_box, "setChecked", False),
                                  *((box, "setChecked", kind == "step") for kind, box in view.arrow_boxes.items())]:
        with QSignalBlocker(widget):
            getattr(widget, setter)(value)
    view.grid_mode = False
    if size is not None:
        view.resize(*size)
    view.load_textbook()  # a new race, surface, formula box and error lines, then every plot item anew
    # laid out as a new view is once shown; painted when a test grabs it (a paint here cost 0.15 s a test)
    QApplication.sendPostedEvents(None, QEvent.LayoutRequest)


@pytest.fixture
def view(shared, qtbot):
    if "view" not in shared:
        shared["view"] = OptimizerView(None)
        shared["view"].show()
    v = shared["view"]
    restore(v, (1280, 800))
    qtbot.waitExposed(v)
    yield v
    v.pause()  # no timer left running behind the test
    v._picture_timer.stop()


def button(view, text) -> QPushButton:
    return next(b for b in view.findChildren(QPushButton) if b.text() == text)


def legend_texts(view):
    return view.legend_entries()


def assert_drawn_paths_are_the_race(view):
    for i, runner in enumerate(view.race.runners):
        xs, ys = view.path(i)
        np.testing.assert_array_equal(np.column_stack([xs, ys]), runner.path)


def test_opens_on_the_textbook_race_drawn_exactly(view):
    assert view.race.surface.name == "textbook" and view.race.steps == 30
    assert_drawn_paths_are_the_race(view)
    for i, runner in enumerate(view.race.runners):
        iterations, shown = view.loss_curve(i)
        np.testing.assert_array_equal(iterations, np.arange(31))
        np.testing.assert_allclose(shown, np.maximum(runner.losses, 1e-16))  # f − f* with f* = 0
    assert legend_texts(view)[:4] == ["SGD  lr 0.95", "Momentum  lr 0.1", "AdaGrad  lr 1.5", "Adam  lr 0.3"]


def test_step_back_and_reset_buttons_redraw_the_race(view, qtbot):
    end = [r.path[-1].tolist() for r in view.race.runners]
    qtbot.mouseClick(button(view, "◀ back"), Qt.LeftButton)
    assert view.race.steps == 29 and view.step_label.text() == "step 29"
    assert_drawn_paths_are_the_race(view)
    qtbot.mouseClick(button(view, "step ▶"), Qt.LeftButton)
    assert [r.path[-1].tolist() for r in view.race.runners] == end
    assert_drawn_paths_are_the_race(view)
    qtbot.mouseClick(button(view, "⟲ reset"), Qt.LeftButton)
    assert view.race.steps == 0 and len(view.path(0)[0]) == 1


def test_play_runs_on_the_timer_and_pauses(view, qtbot):
    view._clock = FakeClock()  # stepping takes no time: every frame makes all of its steps
    view.speed.setCurrentIndex(view.speed.count() - 1)  # many steps per frame
    qtbot.mouseClick(view.play_button, Qt.LeftButton)
    assert view.timer.interval() == SPEEDS[-1].interval_ms
    for _ in range(2):
        fire(view.timer)  # a frame
    assert view.race.steps == 30 + 2 * SPEEDS[-1].steps and view.race.steps >= 130
    qtbot.mouseClick(view.play_button, Qt.LeftButton)
    assert not view.timer.isActive() and view.play_button.text() == "▶ play"
    assert_drawn_paths_are_the_race(view)


def test_clicking_the_plot_sets_the_start(view, qtbot):
    plot = view.surface_plots[0]
    viewport_point = view.plots.mapFromScene(plot.vb.mapViewToScene(QPointF(3.0, -2.0)))
    qtbot.mouseClick(view.plots.viewport(), Qt.LeftButton, pos=viewport_point)
    assert view.race.start == pytest.approx((3.0, -2.0), abs=0.05)
    assert view.race.steps == 0
    assert_drawn_paths_are_the_race(view)
    assert view.surface_plots[0].start.data["x"][0] == view.race.start[0]
    qtbot.mouseClick(button(view, "⌂ default start"), Qt.LeftButton)
    assert view.race.start == (-7.0, 2.0)


def test_the_lr_slider_changes_the_optimizer_live_keeping_its_state(view):
    momentum = view.race.runners[1]
    buffer = momentum.optimizer.state["xy"]["momentum_buffer"].copy()
    slider = view.lr_sliders[1].slider
    slider.setValue(slider.value() - 20)  # one decade down
    assert momentum.optimizer.hyperparams["lr"] == pytest.approx(0.01, rel=0.02)
    assert view.lr_sliders[1].value() == momentum.optimizer.hyperparams["lr"]
    np.testing.assert_array_equal(momentum.optimizer.state["xy"]["momentum_buffer"], buffer)
    assert view.race.steps == 30  # nothing was reset
    assert slider.minimum() == -80 and slider.maximum() == 20  # 1e-4 … 10
    assert "Momentum  lr 0.01" in legend_texts(view)


def test_every_other_hyperparameter_is_editable_live(view):
    view.hp_runner.setCurrentIndex(3)  # Adam
    assert set(view.hp_fields) == {"betas", "eps", "weight_decay"}
    state = view.race.runners[3].optimizer.state["xy"]["exp_avg"].copy()
    view.hp_fields["betas"][0].setValue(0.8)
    view.hp_fields["eps"][0].setValue(1e-6)
    adam = view.race.runners[3].optimizer
    assert adam.hyperparams["betas"] == (0.8, 0.999) and adam.hyperparams["eps"] == 1e-6
    np.testing.assert_array_equal(adam.state["xy"]["exp_avg"], state)
    view.hp_runner.setCurrentIndex(0)  # SGD
    nesterov = view.hp_fields["nesterov"][0]
    nesterov.setChecked(True)  # needs momentum > 0: refused, explained, and the box shows the truth
    assert "momentum" in view.hp_error.text() and view.hp_error.isVisible() and not nesterov.isChecked()
    assert view.race.runners[0].optimizer.hyperparams["nesterov"] is False
    view.hp_fields["momentum"][0].setValue(0.5)
    assert not view.hp_error.isVisible() and view.race.runners[0].optimizer.hyperparams["momentum"] == 0.5


def test_malicious_or_invalid_formulas_are_refused_inline(view, qtbot):
    surface, image = view.race.surface, view.surface_plots[0].image.image.copy()
    # one after another on one view: a refused formula leaves the view as it was, so each meets the textbook
    for text in ["__import__('os').system('echo hi')", "().__class__.__bases__", "x ** 10 ** 10", "open('secrets')",
                 "lambda: x", "z + 1", "(" * 200 + "x" + ")" * 200, "x +", "eval('x')", "1 / 0"]:
        view.formula.setText(text)
        qtbot.keyClick(view.formula, Qt.Key_Return)
        assert view.error_text() and view.error_label.text() == view.error_text(), text
        assert view.error_label.isVisible(), text
        assert view.race.surface is surface, text
        np.testing.assert_array_equal(view.surface_plots[0].image.image, image, err_msg=text)


def test_a_typed_formula_replaces_the_surface(view, qtbot):
    view.set_formula("x +")
    image = view.surface_plots[0].image.image.copy()
    view.formula.setText("(x - 1)**2 + 2*(y + 0.5)**2")
    qtbot.keyClick(view.formula, Qt.Key_Return)
    assert view.error_text() == "" and not view.error_label.isVisible()
    assert view.race.surface.f(1.0, -0.5) == 0.0
    assert view.race.start == (-7.0, 2.0) and view.race.steps == 0
    assert not np.array_equal(view.surface_plots[0].image.image, image)
    view.step()
    assert_drawn_paths_are_the_race(view)


def test_a_formula_undefined_at_the_start_moves_it_to_the_nearest_defined_point(view, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert view.set_formula("sqrt(x) + y**2")  # undefined at the textbook start (−7, 2)
        x, y = view.race.start
        assert 0 < x < 0.5 and y == pytest.approx(2.0, abs=0.1)
        assert np.isnan(view.surface_plots[0].image.image[:, 0]).all()  # undefined: left transparent
        view.race.run(5)  # the steps jump to x < 0, where f is NaN: every runner stops there
        view.redraw()
        save_shot(view, tmp_path, "optimizer_sqrt.png")
    assert caught == []
    assert all(r.diverged_at == 1 for r in view.race.runners)


def test_a_click_where_the_surface_is_undefined_is_refused(view):
    view.set_formula("log(x) + y**2")
    start = view.race.start
    assert not view.start_at(-3.0, 1.0)
    assert "not finite" in view.error_text() and view.race.start == start
    assert view.start_at(2.0, 1.0) and view.error_text() == ""


def test_choosing_a_built_in_surface(view):
    view.surface_combo.setCurrentText("himmelblau")
    s = surfaces.get("himmelblau")
    assert view.race.surface.name == "himmelblau" and view.race.start == s.start
    np.testing.assert_array_equal(view.surface_plots[0].minima.data["x"], [m[0] for m in s.minima])
    assert view.picture.log and view.colorbar is not None
    assert [r.optimizer.hyperparams["lr"] for r in view.race.runners] == [0.95, 0.1, 1.5, 0.3]


def test_adding_and_removing_optimizers(view, qtbot):
    view.add_combo.setCurrentIndex(view.add_combo.findData("rmsprop"))
    qtbot.mouseClick(button(view, "+ add"), Qt.LeftButton)
    assert view.race.runners[-1].label == "RMSprop" and len(view.race.runners[-1].path) == 31
    assert len(view.lr_sliders) == 5 and "RMSprop  lr 0.01" in legend_texts(view)
    assert_drawn_paths_are_the_race(view)
    qtbot.mouseClick(button(view, "+ add"), Qt.LeftButton)
    assert view.race.runners[-1].label == "RMSprop 2"
    assert len({r.color for r in view.race.runners}) == 6
    removes = [b for b in view.runner_rows.findChildren(QPushButton) if b.text() == "✕"]
    qtbot.mouseClick(removes[0], Qt.LeftButton)
    assert [r.label for r in view.race.runners] == ["Momentum", "AdaGrad", "Adam", "RMSprop", "RMSprop 2"]
    assert_drawn_paths_are_the_race(view)


def test_arrows_follow_the_race(view):
    view.arrow_boxes["gradient"].setChecked(True)
    view.arrow_boxes["velocity"].setChecked(True)
    items = view.runner_items[1]  # Momentum: all three arrows
    point = view.race.runners[1].point
    for kind in ("gradient", "velocity", "step"):
        line, head = items.arrows[kind]
        assert line.isVisible() and head.isVisible()
    xs, ys = items.arrows["gradient"][0].getData()
    assert (xs[0], ys[0]) == tuple(point)
    direction = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    minus_gradient = -view.race.surface.grad_xy(point)
    cosine = np.dot(direction, minus_gradient) / np.linalg.norm(direction) / np.linalg.norm(minus_gradient)
    assert cosine == pytest.approx(1.0)
    xs, ys = items.arrows["step"][0].getData()
    np.testing.assert_allclose([xs[0], ys[0]], view.race.runners[1].path[-2])
    assert not view.runner_items[0].arrows["velocity"][0].isVisible()  # plain SGD has no velocity
    assert "velocity" in legend_texts(view)
    view.arrow_boxes["gradient"].setChecked(False)
    assert not items.arrows["gradient"][0].isVisible() and "−∇f (direction)" not in legend_texts(view)


def test_grid_mode_shows_one_plot_per_optimizer(view, qtbot, tmp_path):
    qtbot.mouseClick(view.grid_box, Qt.LeftButton)
    assert view.grid_mode and len(view.surface_plots) == 4 and view.loss_plot is None
    for i, plot in enumerate(view.surface_plots):
        assert view.runner_items[i].path in plot.plot.listDataItems()
        assert view.race.runners[i].label in plot.title.text
    assert_drawn_paths_are_the_race(view)
    save_shot(view, tmp_path, "optimizer_textbook_grid.png")
    qtbot.mouseClick(view.grid_box, Qt.LeftButton)
    assert not view.grid_mode and len(view.surface_plots) == 1


def test_divergence_is_marked_without_warnings(view, tmp_path):
    view.surface_combo.setCurrentText("rosenbrock")
    view.lr_sliders[0].slider.setValue(view.lr_sliders[0].slider.maximum())  # SGD at lr 10
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(20):
            view.step()
        save_shot(view, tmp_path, "optimizer_rosenbrock_diverged.png")  # painting warns nothing either
    assert caught == []
    sgd = view.race.runners[0]
    assert sgd.diverged_at is not None
    items = view.runner_items[0]
    assert items.cross.isVisible() and len(items.cross.data) == 1
    assert items.label.isVisible() and items.label.textItem.toPlainText() == f"SGD diverged at step {sgd.diverged_at}"
    (x0, x1), (y0, y1) = view.surface_plots[0].vb.viewRange()
    cross = items.cross.data[0]
    assert x0 <= cross["x"] <= x1 and y0 <= cross["y"] <= y1  # on screen even if the point left it
    assert len(view.loss_curve(0)[0]) == sgd.diverged_at  # the loss ends at the last finite point
    n = sgd.diverged_at
    while view.race.steps >= n:
        view.back()
    assert sgd.diverged_at is None and not items.label.isVisible() and not items.cross.data.size


def test_screenshots(view, tmp_path):
    save_shot(view, tmp_path, "optimizer_textbook_overlaid.png")
    view.surface_combo.setCurrentText("rosenbrock")
    for i, lr in enumerate([0.002, 0.001, 2.0, 0.3]):  # four optimizers that get somewhere in 150 steps
        view.set_lr(i, lr)
    for box in view.arrow_boxes.values():
        box.setChecked(True)
    view.race.run(150)
    view.redraw()
    assert not any(r.diverged_at for r in view.race.runners)
    assert_drawn_paths_are_the_race(view)
    save_shot(view, tmp_path, "optimizer_rosenbrock_race.png")


# -- what is drawn is right and readable (issue 11) ----------------------------------------------------------


@pytest.fixture
def window(shared, qtbot):
    """The optimizer tab in the main window at 1280 × 800 with both docks open (~690 px for the view)."""
    from visualnet.ui.app import MainWindow

    if "window" not in shared:
        shared["window"] = MainWindow()
        shared["window"].resize(1280, 800)
        shared["window"].show()
    w = shared["window"]
    qtbot.waitExposed(w)
    w.tabs.setCurrentWidget(w.views["optimizer"])
    restore(w.views["optimizer"])
    settle(w.views["optimizer"])
    yield w
    w.views["optimizer"].pause()
    w.views["optimizer"]._picture_timer.stop()


def settle(view):
    """Lay the widgets out, then let the pending picture resample run (its timer only debounces resizing)."""
    QApplication.processEvents()
    if view._picture_timer.isActive():
        fire(view._picture_timer)
    QApplication.processEvents()


def closed_rings(item):
    """The closed polylines of a contour item (NaN-separated), as arrays of (x, y)."""
    xs, ys = item.getData()
    points = np.column_stack([xs, ys])
    breaks = np.flatnonzero(~np.isfinite(points).all(axis=1))
    rings = []
    for part in np.split(points, breaks):
        part = part[np.isfinite(part).all(axis=1)]
        if len(part) > 8 and np.allclose(part[0], part[-1]):
            rings.append(part)
    return rings


def pixel_size(vb, ring):
    """Width and height in screen pixels of a ring drawn in the view box."""
    scene = np.array([[p.x(), p.y()] for p in (vb.mapViewToScene(QPointF(*xy)) for xy in ring)])
    return np.ptp(scene[:, 0]), np.ptp(scene[:, 1])


def widest_ring_aspect(plot):
    rings = [ring for item in plot.contours for ring in closed_rings(item)]
    assert rings, "no closed contour on screen"
    ring = max(rings, key=lambda r: np.ptp(r[:, 0]))
    width, height = pixel_size(plot.vb, ring)
    assert width > 60  # a ring big enough to measure
    return width / height


def inside(outer, inner, slack=0.5):
    return (inner.left() >= outer.left() - slack and inner.right() <= outer.right() + slack
            and inner.top() >= outer.top() - slack and inner.bottom() <= outer.bottom() + slack)


def widget_rect(widget, ancestor):
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", [(1280, 800), (690, 690), (1000, 420)])
def test_the_aspect_ratio_is_locked_circles_draw_round(view, qtbot, size):
    view.resize(*size)
    settle(view)
    vb = view.surface_plots[0].vb
    assert vb.state["aspectLocked"] == 1.0
    xs, ys = vb.viewPixelSize()
    assert xs == pytest.approx(ys, rel=1e-6)  # one unit as long across as up
    # x²/20 + y²: its contours are ellipses √20 ≈ 4.47 times as wide as tall, on screen
    assert widest_ring_aspect(view.surface_plots[0]) == pytest.approx(20 ** 0.5, rel=0.03)
    assert view.set_formula("x**2 + y**2")
    settle(view)
    assert widest_ring_aspect(view.surface_plots[0]) == pytest.approx(1.0, rel=0.03)
    if size[1] < 600:
        return  # four plots in 420 px: too small to measure a ring to 3 %
    qtbot.mouseClick(view.grid_box, Qt.LeftButton)
    settle(view)
    for plot in view.surface_plots:
        assert plot.vb.state["aspectLocked"] == 1.0
        assert widest_ring_aspect(plot) == pytest.approx(1.0, rel=0.03)


def test_the_picture_fills_the_plot_at_any_shape(view):
    for size in [(1280, 800), (700, 900), (1400, 420)]:
        view.resize(*size)
        settle(view)
        for plot in view.surface_plots:
            (x0, x1), (y0, y1) = plot.vb.viewRange()
            image = plot.image.mapRectToView(plot.image.boundingRect())
            # no empty band beside the surface: the picture covers the view (to one image pixel)
            tolerance = 1.5 * image.width() / plot.image.image.shape[1]
            assert image.left() <= x0 + tolerance and image.right() >= x1 - tolerance
            assert image.top() <= y0 + tolerance and image.bottom() >= y1 - tolerance
        assert view.colorbar.levels() == pytest.approx(view.shown_picture.levels)


@pytest.mark.parametrize("grid", [False, True])
def test_everything_fits_at_1280x800_with_both_docks_open(window, grid):
    view = window.views["optimizer"]
    view.set_grid_mode(grid)
    view.set_lr(0, 10.0)  # long names in the legend and titles
    view.add_runner("rmsprop")
    settle(view)
    assert view.width() < 720 and window.settings_dock.isVisible() and window.inspector_dock.isVisible()
    # the controls column: nothing cut off on the right, no sideways scrolling
    panel = view.controls.widget()
    assert panel.minimumSizeHint().width() <= view.controls.viewport().width()
    assert not view.controls.horizontalScrollBar().isVisible()
    # each plot area: the scene's layout is no larger than its widget (else the right side is cut off)
    for area in (view.plots, view.loss_area):
        if area.isVisible():
            box = area.ci.geometry()
            assert box.width() <= area.viewport().width() + 0.5 and box.height() <= area.viewport().height() + 0.5
    items = [plot.plot for plot in view.surface_plots] + ([view.colorbar] if view.colorbar else [])
    for item in items:
        assert inside(QRectF(view.plots.viewport().rect()), view.plots.mapFromScene(
            item.sceneBoundingRect()).boundingRect().toRectF())
    # the title and the legend show their whole text
    for label in (view.title, view.legend):
        assert label.height() >= label.heightForWidth(label.width())
    metrics = QFontMetricsF(view.legend.font())
    room = view.legend.contentsRect().width()
    for entry in view.legend_entries():
        assert metrics.horizontalAdvance(entry) <= room


def test_the_legend_covers_no_path_and_cuts_no_name(window):
    view = window.views["optimizer"]
    figure = view.legend.parentWidget()
    legend = widget_rect(view.legend, figure)
    for area in (view.plots, view.loss_area):
        assert not legend.intersects(widget_rect(area, figure))  # a strip of its own, between the plots
    assert view.loss_plot.legend is None  # no legend inside the loss plot either
    text = QTextDocumentFragment.fromHtml(view.legend.text()).toPlainText().replace("\xa0", " ")
    for name in ["SGD  lr 0.95", "Momentum  lr 0.1", "AdaGrad  lr 1.5", "Adam  lr 0.3", "start — click to move",
                 "actual step"]:
        assert name in view.legend_entries() and name in text
    # the start of the paths is in the plot, and nothing is drawn over it but the plot's own items
    start = view.surface_plots[0].vb.mapViewToScene(QPointF(*view.race.start))
    assert view.surface_plots[0].vb.sceneBoundingRect().contains(start)


def test_divergence_labels_are_whole_inside_their_plot(view, qtbot):
    view.resize(690, 690)
    view.surface_combo.setCurrentText("rosenbrock")
    view.set_lr(0, 10.0)
    view.set_lr(1, 10.0)
    view.race.run(20)  # the labels are placed by the redraws below (view.step() drew each of the 20 steps too)
    for grid in (False, True):
        view.set_grid_mode(grid)
        settle(view)
        view.redraw()
        labels = []
        for i in (0, 1):
            runner, items = view.race.runners[i], view.runner_items[i]
            plot = view.surface_plots[i if grid else 0]
            assert runner.diverged_at is not None and items.label.isVisible()
            assert items.label.textItem.toPlainText() == f"{runner.label} diverged at step {runner.diverged_at}"
            rect = items.label.sceneBoundingRect()
            assert inside(plot.vb.sceneBoundingRect(), rect)  # the plot clips: all of it inside
            start = plot.vb.mapViewToScene(QPointF(*view.race.start))
            assert not rect.contains(start)  # and not over the start of the paths
            labels.append(rect)
        if not grid:
            assert not labels[0].intersects(labels[1])


def test_the_built_in_box_says_when_a_typed_formula_is_the_surface(view):
    combo = view.surface_combo
    assert combo.currentText() == "textbook"
    assert view.set_formula("(x - 1)**2 + y**2")
    assert combo.currentText() == "typed formula" and combo.currentData() is None
    assert not combo.model().item(combo.currentIndex()).isEnabled()  # a state shown, not a choice
    combo.setCurrentText("bowl")
    assert view.race.surface.name == "bowl" and view.formula.text() == ""
    assert combo.currentText() == "bowl"
    view.set_formula("x**2 + y**2")
    view.load_textbook()
    assert combo.currentText() == "textbook"


@pytest.mark.parametrize("typed, words", [("1e9", ["1e9", "outside", "0.0001", "10"]), ("fast", ["fast", "not a number"])])
def test_a_refused_learning_rate_is_said_inline(view, qtbot, typed, words):
    spin = view.lr_sliders[0].spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), typed)
    qtbot.keyClick(spin, Qt.Key_Return)
    assert view.race.runners[0].optimizer.hyperparams["lr"] == 0.95  # nothing applied
    assert view.lr_error.isVisible()
    message = view.lr_error.text()
    assert "SGD" in message and all(word in message for word in words)
    assert spin.value() == 0.95 and spin.lineEdit().text() == "0.95"
    view.set_lr(0, 0.5)  # a value that is applied clears it
    assert not view.lr_error.isVisible()


def test_a_refused_hyperparameter_is_said_inline(view, qtbot):
    view.hp_runner.setCurrentIndex(3)  # Adam
    eps = view.hp_fields["eps"][0]
    eps.lineEdit().selectAll()
    qtbot.keyClicks(eps.lineEdit(), "1e3")
    qtbot.keyClick(eps, Qt.Key_Return)
    assert view.hp_error.isVisible() and "1e3" in view.hp_error.text()
    assert view.race.runners[3].optimizer.hyperparams["eps"] == 1e-8


def test_a_single_loss_point_shows_as_a_dot(view):
    view.reset()
    for curve in view.loss_curves:
        assert curve.opts["symbol"] == "o" and len(curve.xData) == 1
    view.step()
    assert all(curve.opts["symbol"] is None for curve in view.loss_curves)


def test_a_refused_learning_rate_is_scrolled_into_sight_in_the_window(window, qtbot):
    """At 1280×800 with both docks the panel scrolls: the message below its fold is brought into sight."""
    view = window.views["optimizer"]
    spin = view.lr_sliders[0].spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "1e9")
    qtbot.keyClick(spin, Qt.Key_Return)
    QApplication.sendPostedEvents()  # the panel's layout settles …
    QApplication.processEvents()  # … and then the scroll area scrolls to the message
    viewport = view.panel_scroll.viewport()
    top = view.lr_error.mapTo(viewport, QPoint(0, 0)).y()
    assert view.lr_error.isVisible() and 0 <= top and top + view.lr_error.height() <= viewport.height()
    view.set_lr(0, 0.95)
