"""The distributions view: the book's weight-init experiment drawn bar for bar from the core, and the
current network's weights and gradients per layer."""


import numpy as np
import pytest

from tests.ui.shots import save_shot
from tests.ui.timers import fire
from visualnet.core import labs
from visualnet.ui import colors
from visualnet.ui.controller import Controller
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
    fire(view._timer)  # the throttle interval is over
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
