"""The distributions view: the book's weight-init experiment drawn bar for bar from the core, and the
current network's weights and gradients per layer."""

import warnings
from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.ui.shots import save_shot
from tests.ui.timers import fire
from visualnet.core import labs
from visualnet.ui import colors
from visualnet.ui.controller import Controller
from visualnet.ui.views import distributions_view as dv
from visualnet.ui.views.distributions_view import DistributionsView

EXPERIMENT = {"dataset": {"name": "spiral", "n": 300, "seed": 0, "test_ratio": 0.0},
              "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                                     {"units": 1, "activation": "sigmoid"}],
                          "loss": "bce", "init": "he", "seed": 0, "dtype": "float64"},
              "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 16, "seed": 0}


@pytest.fixture
def view(qtbot):
    controller = Controller(EXPERIMENT)
    widget = DistributionsView(controller)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def assert_drawn_equals(view, histograms):
    drawn = view.drawn()
    assert len(drawn) == len(histograms)
    for (counts, edges), (core_counts, core_edges) in zip(drawn, histograms):
        assert np.array_equal(counts, core_counts)
        assert np.allclose(edges, core_edges, rtol=0, atol=1e-12)


def test_every_combination_draws_the_cores_counts_at_once(view):
    assert view.mode == "init"
    for activation in labs.INIT_ACTIVATIONS:
        view.activation_box.setCurrentIndex(view.activation_box.findData(activation))
        for init in labs.INITS:
            view.init_box.setCurrentIndex(view.init_box.findData(init))  # redrawn in the signal, no timer
            assert_drawn_equals(view, labs.weight_init_experiment(activation, init))
    assert [p.plot.titleLabel.text for p in view.panels] == [f"layer {i}" for i in range(1, 6)]
    assert len({id(p.plot) for p in view.panels}) == 5  # one row of five, reused across switches


def test_std_1_piles_up_at_the_ends_and_xavier_spreads(view, tmp_path):
    view.set_experiment("sigmoid", "std 1")
    for counts, _ in view.drawn():
        outer = (counts[:3].sum() + counts[-3:].sum()) / counts.sum()  # [0, 0.1] ∪ [0.9, 1]
        assert outer > 0.6  # measured 0.72–0.83
    assert "pile up at 0 and 1" in view.caption.text()
    save_shot(view, tmp_path, "distributions_sigmoid_std1.png")

    view.set_experiment("sigmoid", "xavier")
    for counts, _ in view.drawn():
        total = counts.sum()
        outer = (counts[:3].sum() + counts[-3:].sum()) / total
        middle = counts[9:21].sum() / total  # [0.3, 0.7]
        assert outer < 0.3  # measured 0.000–0.028
        assert middle > 0.5  # measured 0.61–0.91
    save_shot(view, tmp_path, "distributions_sigmoid_xavier.png")


def test_relu_axis_stops_above_the_other_bins_and_labels_the_zeros(view, tmp_path):
    view.set_experiment("relu", "he")
    for panel in view.panels:
        counts, edges = panel.drawn()
        top = panel.plot.vb.viewRange()[1][1]
        assert counts[1:].max() < top < counts[0]
        assert panel.clip_label.isVisible()
        assert panel.clip_label.toPlainText() == f"◀ {counts[0] / counts.sum():.0%}"
        assert edges[0] == 0.0
    assert "the first bar, a ≈ 0, is cut off" in view.caption.text()
    tops = {panel.plot.vb.viewRange()[1][1] for panel in view.panels}
    assert len(tops) == 1  # one count axis for all five layers
    save_shot(view, tmp_path, "distributions_relu_he.png")
    view.set_experiment("tanh", "std 1")
    assert not any(panel.clip_label.isVisible() for panel in view.panels)
    assert view.drawn()[0][1][0] == -1.0


def test_network_weights_per_layer_in_diverging_colours(view, tmp_path):
    view.set_mode("weights")
    assert not view.init_controls.isVisible()
    params = view.controller.shown_params()
    names = view.controller.net.weight_names()
    assert_drawn_equals(view, labs.layer_histograms([params[n] for n in names], bins=30))
    assert [p.plot.titleLabel.text for p in view.panels] == ["layer 1", "layer 2", "layer 3"]
    assert [p.plot.getAxis("bottom").labelText for p in view.panels] == ["w   (2 × 16)", "w   (16 × 16)",
                                                                         "w   (16 × 1)"]
    brushes = view.panels[1].bars.opts["brushes"]
    _, edges = view.panels[1].drawn()
    centres, scale = 0.5 * (edges[:-1] + edges[1:]), edges[-1]
    assert [b.color() for b in brushes] == [colors.signed_color(c, scale) for c in centres]
    assert brushes[0].color().red() > brushes[0].color().blue()  # orange < 0 < blue
    assert brushes[-1].color().blue() > brushes[-1].color().red()
    save_shot(view, tmp_path, "distributions_weights.png")


def test_network_gradients_follow_training(view, qtbot, tmp_path):
    view.set_mode("gradients")
    assert "No gradients yet" in view.caption.text()
    controller = view.controller
    controller.run_steps(30)
    fire(view.throttle.timer)  # the throttle interval is over
    assert "step 30" in view.caption.text()
    grads = {}
    for event in controller.trace.of_kind("backward"):
        grads.update(event.grads)
    names = controller.net.weight_names()
    assert_drawn_equals(view, labs.layer_histograms([grads[n] for n in names], bins=30))
    save_shot(view, tmp_path, "distributions_gradients.png")


def test_projector_legibility(view):
    assert view.font().pointSizeF() >= 11
    assert view.caption.font().pointSizeF() >= 11
    for panel in view.panels:
        for axis in ("left", "bottom"):
            assert panel.plot.getAxis(axis).style["tickFont"].pointSizeF() >= 11
        assert panel.plot.getAxis("bottom").labelText == "a"


def test_csv_export_is_the_drawn_histograms(view, tmp_path):
    from visualnet.ui import export

    view.set_experiment("tanh", "xavier")
    tables = view.csv_tables()
    assert list(tables) == [f"layer {i}" for i in range(1, 6)]
    header, rows = tables["layer 2"]
    counts, edges = view.drawn()[1]
    assert header == ["bin from", "bin to", "count"]
    assert [r[2] for r in rows] == list(counts) and rows[0][0] == edges[0] == -1.0
    assert export.export(view, tmp_path / "distributions.csv") == 5 * 30


# -- readable at 1280 × 800, robust to any number (issue 11) -----------------------------------------------


def drawn_tick_labels(axis):
    """The tick labels the axis actually draws: (rect in the axis' coordinates, text), left to right."""
    image = QImage(8, 8, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return sorted(((rect, text) for rect, _flags, text in texts), key=lambda spec: spec[0].left())


@pytest.mark.parametrize("width", [690, 1280])  # the view between both docks at 1280 × 800, and alone
def test_x_tick_labels_never_run_together(view, width):
    view.resize(width, 690)
    # one view through every picture, as a user switches them (a view per picture cost 0.2 s each)
    for setup in [("init", "sigmoid", "std 1"), ("init", "relu", "he"), ("init", "tanh", "xavier"),
                  ("weights", None, None)]:
        mode, activation, init = setup
        if mode == "init":
            view.set_experiment(activation, init)
        else:
            view.set_mode(mode)
        QApplication.processEvents()
        for panel in view.panels:
            labels = drawn_tick_labels(panel.plot.getAxis("bottom"))
            assert len(labels) >= 2, (setup, [text for _, text in labels])  # a scale, not a lone tick
            for (left, _), (right, _) in pairwise(labels):
                assert right.left() - left.right() >= 8, setup  # "0.20.40.60.8" had no gap at all
        if setup[1] == "sigmoid" and width == 690:
            assert [text for _, text in drawn_tick_labels(view.panels[0].plot.getAxis("bottom"))] == ["0", "0.5", "1"]


def test_tick_values_are_round_and_fit_any_range():
    for low, high in [(0, 1), (-1, 1), (-2.3e-5, 2.3e-5), (-1e200, 1e200), (0, 17.3), (-1e-300, 1e-300)]:
        ticks = dv.spaced_ticks(low, high, 100, lambda text: 7.0 * len(text))
        values = [v for v, _ in ticks]
        assert len(ticks) >= 2 and all(low <= v <= high for v in values)
        steps = np.diff(values)
        assert np.allclose(steps, steps[0])
        mantissa = steps[0] / 10 ** np.floor(np.log10(steps[0]))
        assert round(mantissa, 6) in (1, 2, 5)
        widths = [7.0 * len(text) for _, text in ticks]
        assert all((a + b) / 2 + dv.MIN_TICK_GAP_PX <= steps[0] / (high - low) * 100 for a, b in pairwise(widths))


def test_huge_or_non_finite_weights_are_drawn_and_said(view):
    view.set_mode("weights")
    W2 = view.controller.net.params["W2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        W2[0, 0] = 1e200  # np.histogram must not be asked for bins it cannot make
        view.refresh()
        counts, edges = view.drawn()[1]
        assert counts.sum() == W2.size and edges[0] == -1e200 and edges[-1] == 1e200
        assert "⚠" not in view.caption.text()
        W2[0, 0] = 1e308  # ±1e308 would need bins wider than the largest float
        view.refresh()
        counts, edges = view.drawn()[1]
        assert counts.sum() == W2.size and np.isfinite(edges).all() and counts[-1] >= 1
        assert "layer 2: 1 beyond ±1e+300, counted in the end bars" in view.caption.text()
        W2[0, 0], W2[0, 1] = np.inf, np.nan
        view.refresh()
        counts, _ = view.drawn()[1]
        assert counts.sum() == W2.size - 2
        assert "layer 2: 2 not finite (NaN or ±∞), left out" in view.caption.text()
        view.grab()  # and it paints
    assert labs.histogram_notes([[1.0, np.nan, -1e305]]) == [(1, 1)]
    for values in ([1e308, -1e308], [5e-324, 0.0], [np.inf], []):
        counts, edges = labs.layer_histograms([np.array(values)])[0]
        assert np.isfinite(edges).all() and np.all(np.diff(edges) > 0)
