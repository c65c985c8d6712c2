"""The textbook's experiments on our engine: weight-init histograms and vanishing gradients, and the small
per-layer computations behind the activation, gradient and distribution views."""

import numpy as np
import pytest

from visualnet.core import activations, labs, optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer


def masses(counts):
    """(mass in [0, 0.1], mass in [0.9, 1], mass in the middle) of a 30-bin histogram over (0, 1)."""
    total = counts.sum()
    return counts[:3].sum() / total, counts[-3:].sum() / total, counts[3:-3].sum() / total


# -- the weight-init experiment ---------------------------------------------------------------------

def test_std_1_sigmoid_piles_up_at_0_and_1():
    histograms = labs.weight_init_experiment("sigmoid", "std 1")
    assert len(histograms) == 5
    for counts, edges in histograms:
        assert len(counts) == 30 and edges[0] == 0.0 and edges[-1] == 1.0
        assert counts.sum() == 1000 * 100  # every activation is in (0, 1), so in a bin
        low, high, _ = masses(counts)
        # measured 0.72–0.83 per layer, each end 0.32–0.44
        assert low + high > 0.65
        assert low > 0.2 and high > 0.2


def test_xavier_sigmoid_spreads_over_the_middle():
    for counts, _ in labs.weight_init_experiment("sigmoid", "xavier"):
        low, high, middle = masses(counts)
        # measured: outer bins 0.0–2.8 %, middle 97–100 %
        assert low + high < 0.05
        assert middle > 0.95
        # spread, not a spike: at least 8 of the 24 middle bins hold 1 % or more
        assert np.count_nonzero(counts[3:-3] / counts.sum() > 0.01) >= 8


def test_std_0_01_sigmoid_collapses_to_one_half():
    for counts, edges in labs.weight_init_experiment("sigmoid", "std 0.01"):
        centre = 0.5 * (edges[:-1] + edges[1:])
        assert counts[np.abs(centre - 0.5) < 0.1].sum() / counts.sum() > 0.99  # 6 of 30 bins: [0.4, 0.6]


def test_relu_range_and_he_keeps_the_spread_while_xavier_shrinks_it():
    he = labs.weight_init_experiment("relu", "he")
    xavier = labs.weight_init_experiment("relu", "xavier")
    for histograms in (he, xavier):
        edges = [e for _, e in histograms]
        assert all(np.array_equal(e, edges[0]) for e in edges)  # one shared axis
        assert edges[0][0] == 0.0 and edges[0][-1] > 0
        assert all(c.sum() == 1000 * 100 for c, _ in histograms)  # (0, max) holds every value

    def above_first_bin(counts):
        return counts[1:].sum() / counts.sum()

    assert abs(above_first_bin(he[4][0]) - above_first_bin(he[0][0])) < 0.1
    assert above_first_bin(xavier[4][0]) < above_first_bin(xavier[0][0]) - 0.15


def test_tanh_range_and_saturation_at_std_1():
    histograms = labs.weight_init_experiment("tanh", "std 1")
    for counts, edges in histograms:
        assert (edges[0], edges[-1]) == (-1.0, 1.0)
        assert (counts[:3].sum() + counts[-3:].sum()) / counts.sum() > 0.85


def test_the_experiment_runs_the_engine_layers_and_is_seeded():
    values = labs.weight_init_activations("tanh", "xavier", seed=3, n=50, width=20, layers=2)
    net = Network.from_config({"input": 20, "layers": [{"units": 20, "activation": "tanh"}] * 2, "loss": "mse",
                               "init": "xavier", "seed": 3})
    x = np.random.default_rng((3, 1)).standard_normal((50, 20))
    assert np.array_equal(values[0], np.tanh(x @ net.params["W1"]))
    assert np.array_equal(values[1], np.tanh(values[0] @ net.params["W2"]))
    again = labs.weight_init_experiment("tanh", "xavier", seed=3, n=50, width=20, layers=2)
    other = labs.weight_init_experiment("tanh", "xavier", seed=4, n=50, width=20, layers=2)
    first = labs.weight_init_experiment("tanh", "xavier", seed=3, n=50, width=20, layers=2)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(first, again))
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first, other))


@pytest.mark.parametrize("kwargs, field", [({"activation": "softmax"}, "activation"),
                                           ({"init": "lecun"}, "init"), ({"init": -1.0}, "init"),
                                           ({"layers": 0}, "layers"), ({"width": 10**6}, "width")])
def test_bad_experiment_settings_name_the_field(kwargs, field):
    args = {"activation": "sigmoid", "init": "xavier", **kwargs}
    with pytest.raises(ConfigError) as info:
        labs.weight_init_experiment(args.pop("activation"), args.pop("init"), **args)
    assert info.value.field == field


# -- vanishing gradients ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vanishing():
    return labs.vanishing_gradient_experiment(steps=200, seed=0)


def test_sigmoid_gradients_vanish_and_relu_he_gradients_do_not(vanishing):
    for kind in ("sigmoid", "relu"):
        h = vanishing[kind]
        assert h["grad_norms"].shape == (200, 10) == h["mean_abs_delta"].shape
        assert np.isfinite(h["grad_norms"]).all()
    sigmoid = labs.gradient_ratio(vanishing["sigmoid"]["grad_norms"])
    relu = labs.gradient_ratio(vanishing["relu"]["grad_norms"])
    # measured: sigmoid 2.4e6, ReLU + He 2.6 (median over 200 steps of last layer / first layer)
    assert sigmoid > 1e5
    assert relu < 10
    # and the fall is layer by layer: each sigmoid layer's median norm is below the next one's
    medians = np.median(vanishing["sigmoid"]["grad_norms"], axis=0)
    assert np.all(np.diff(medians) > 0)


def test_both_sides_share_seed_data_and_batches():
    run = labs.VanishingGradientRun(seed=5)
    sigmoid, relu = run.trainers["sigmoid"], run.trainers["relu"]
    assert np.array_equal(sigmoid.x_train, relu.x_train)
    for _ in range(3):
        assert np.array_equal(sigmoid.next_batch_indices(), relu.next_batch_indices())
    # the same standard-normal draws, scaled by each init's std (Xavier √(1/n), He √(2/n))
    ratio = relu.net.params["W3"] / sigmoid.net.params["W3"]
    assert np.allclose(ratio, np.sqrt(2.0))


def test_the_run_steps_in_chunks_like_one_long_run(vanishing):
    run = labs.VanishingGradientRun(seed=0)
    for _ in range(4):
        run.step(50)
    assert run.steps_done == 200
    chunked = run.histories()
    for kind in ("sigmoid", "relu"):
        assert np.array_equal(chunked[kind]["grad_norms"], vanishing[kind]["grad_norms"])


# -- per-layer numbers of a recorded step ----------------------------------------------------------

def test_gradient_summaries_equal_the_trainers_history():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2))
    t = (x[:, 0] > x[:, 1]).astype(int)
    net = Network.from_config({"input": 2, "layers": [{"units": 8, "activation": "relu"},
                                                      {"units": 8, "activation": "tanh"},
                                                      {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "init": 0.8, "l2": 0.01, "seed": 1})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x, t, batch_size=16)
    trainer.run(5)
    trace = trainer.step(record=True)
    summaries = labs.gradient_summaries(trace.events, net.weight_names())
    h = trainer.history
    assert [s["grad_norm"] for s in summaries] == pytest.approx(h.grad_norms.last(), rel=1e-12)
    assert [s["mean_abs_delta"] for s in summaries] == pytest.approx(h.mean_abs_delta.last(), rel=1e-12)
    assert [s["dead_fraction"] for s in summaries] == pytest.approx(h.dead_fraction.last())
    # halfway through the backward pass only the layers reached so far have numbers
    first_backward = next(i for i, e in enumerate(trace.events) if e.kind == "backward")
    partial = labs.gradient_summaries(trace.events[: first_backward + 1], net.weight_names())
    assert partial[:2] == [None, None] and partial[2] == summaries[2]


def test_dead_fraction_counts_units_zero_for_the_whole_batch():
    net = Network.from_config({"input": 2, "layers": [{"units": 4, "activation": "relu"},
                                                      {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "seed": 0})
    net.params["b1"][:] = [-100.0, -100.0, -100.0, 0.0]  # three units never fire on small inputs
    x = np.random.default_rng(0).uniform(-1, 1, (20, 2))
    events = []
    net.gradient(x, (x[:, 0] > 0).astype(int), recorder=events)
    summaries = labs.gradient_summaries(events, net.weight_names())
    assert summaries[0]["dead_fraction"] == pytest.approx(0.75)
    assert summaries[1]["dead_fraction"] == 0.0  # the fused sigmoid output has no f′ to be zero


# -- histograms and saturation --------------------------------------------------------------------

def test_layer_histograms_use_a_symmetric_range_per_array_and_skip_non_finite():
    arrays = [np.array([-2.0, 0.5, 1.0]), np.array([[0.001, -0.003], [np.nan, np.inf]]), np.zeros(4)]
    (c1, e1), (c2, e2), (c3, e3) = labs.layer_histograms(arrays, bins=4)
    assert (e1[0], e1[-1]) == (-2.0, 2.0) and c1.sum() == 3
    assert (e2[0], e2[-1]) == (-0.003, 0.003) and c2.sum() == 2
    assert (e3[0], e3[-1]) == (-1.0, 1.0) and c3.sum() == 4


@pytest.mark.parametrize("name, expected", [
    ("relu", [(-5.0, 0.0)]),
    ("sigmoid", [(-5.0, -4.585), (4.585, 5.0)]),   # σ(x)(1 − σ(x)) = 0.01
    ("tanh", [(-5.0, -2.993), (2.993, 5.0)]),      # 1 − tanh²(x) = 0.01
    ("linear", []),
])
def test_saturated_intervals_follow_the_derivative(name, expected):
    x = np.linspace(-5, 5, 2001)
    intervals = labs.saturated_intervals(x, activations.get(name).df(x))
    assert len(intervals) == len(expected)
    for (a, b), (ea, eb) in zip(intervals, expected):
        assert a == pytest.approx(ea, abs=0.006) and b == pytest.approx(eb, abs=0.006)
    for a, b in intervals:  # inside: |f′| < 0.01; just outside: not
        inside = x[(x > a + 0.01) & (x < b - 0.01)]
        assert np.all(np.abs(activations.get(name).df(inside)) < 0.01)


def test_saturation_uses_the_size_of_the_slope():
    x = np.linspace(-3, 3, 601)
    assert labs.saturated_intervals(x, -2.0 * np.ones_like(x)) == []  # steep, just downhill
    assert labs.saturated_intervals(x, np.full_like(x, np.nan)) == []


# -- transfer learning ------------------------------------------------------------------------------

def test_frozen_pretrained_conv_layers_beat_training_from_scratch_early_on():
    from visualnet.core import presets

    experiment = presets.get("transfer_learning").experiment
    result = labs.transfer_comparison(experiment, pretrain_steps=300, steps=40, every=5)
    assert result.frozen == ("W1", "b1") and result.source["classes"] == 3 and result.source["first"] == 0
    assert result.pretrain_accuracy > 0.95  # bars and diagonals: easy
    assert result.steps.tolist() == [0, 5, 10, 15, 20, 25, 30, 35, 40]
    early = slice(1, 7)  # steps 5 to 30 (measured: transferred 0.40–0.80, scratch 0.26–0.55)
    assert result.transferred[early].mean() > result.scratch[early].mean() + 0.1
    assert (result.transferred[early] >= result.scratch[early]).all()


def test_transfer_needs_frozen_layers_and_sane_step_counts():
    from visualnet.core import presets

    experiment = presets.get("cnn_shapes").experiment
    with pytest.raises(ConfigError, match="trainable"):
        labs.transfer_comparison(experiment, steps=5)
    with pytest.raises(ConfigError, match="every"):
        labs.transfer_comparison(presets.get("transfer_learning").experiment, every=0)


def test_replayed_summaries_count_a_dead_conv_filter_as_the_live_ones_do():
    net = Network.from_config({"input": [1, 6, 6], "layers": [
        {"type": "conv2d", "filters": 4, "kernel": 3, "pad": 1, "activation": "relu"}, {"type": "flatten"},
        {"units": 2, "activation": "softmax"}], "loss": "cross_entropy", "seed": 0})
    net.params["b1"][1] = -100.0  # filter 1 never fires
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((8, 1, 6, 6)), rng.integers(0, 2, 8)
    events = []
    net.gradient(x, t, recorder=events, summaries=True)
    replayed = labs.gradient_summaries(events, net.weight_names())
    for live, again in zip([s for s in net.last_summaries if s is not None], replayed, strict=True):
        assert again["dead_fraction"] == live["dead_fraction"]
        assert again["grad_norm"] == pytest.approx(live["grad_norm"])
    assert replayed[0]["dead_fraction"] == 0.25
