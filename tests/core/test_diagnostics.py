"""Training diagnostics fire on the classic failures and stay quiet on a healthy network."""

import numpy as np
import pytest

from visualnet.core import diagnostics as dg
from visualnet.core import optimizers, presets
from visualnet.core.network import Network
from visualnet.core.session import Session
from visualnet.core.trainer import Trainer

RNG = np.random.default_rng(0)
X = RNG.standard_normal((64, 2))
T = (X[:, 0] * X[:, 1] > 0).astype(float)


def diagnosed(layers, init, lr=0.1, optimizer="sgd", bias=None):
    net = Network({"input": 2, "layers": layers, "loss": "bce", "init": init, "seed": 0})
    if bias is not None:
        for block in net.blocks[:-1]:
            net.params[block.param_names[1]][...] = bias
    trainer = Trainer(net, optimizers.make(optimizer, lr=lr), X, T, batch_size=32, seed=0)
    trace = trainer.step(record=True)
    return net, trace, dg.diagnose(net, trace)


def kinds(diagnostics):
    return {f.kind for f in diagnostics.findings}


def hidden(n, units, activation):
    return [{"units": units, "activation": activation}] * n + [{"units": 1, "activation": "sigmoid"}]


DEEP_SIGMOID = hidden(3, 64, "sigmoid")


def test_deep_sigmoid_with_std_1_saturates():
    _, _, d = diagnosed(DEEP_SIGMOID, 1.0)
    found = [f for f in d.findings if f.kind in (dg.SATURATED, dg.VANISHING)]
    assert found
    for f in found:
        assert f.preset in (dg.INIT_PRESET, dg.VANISHING_PRESET) and f.preset in presets.names()
        assert f.sentence and f.severity in (dg.WARNING, dg.PROBLEM) and f.layer is not None
    saturated = [f for f in found if f.kind == dg.SATURATED]
    assert saturated and all(f.numbers["saturated_fraction"] >= dg.SATURATED_FRACTION for f in saturated)
    assert "init std of 1" in saturated[0].sentence


def test_the_same_with_xavier_is_quiet():
    _, _, d = diagnosed(DEEP_SIGMOID, "xavier")
    assert d.findings == ()
    assert all(s.saturated_fraction < dg.SATURATED_FRACTION for s in d.layers[:-1])
    assert dg.VANISHING_RATIO < d.gradient_ratio < 1


def test_relu_with_bias_minus_3_has_dead_units():
    _, _, d = diagnosed(hidden(3, 16, "relu"), "he", bias=-3.0)
    dead = [f for f in d.findings if f.kind == dg.DEAD]
    assert {f.layer for f in dead} == {0, 1, 2}
    assert all(f.numbers["dead_fraction"] >= dg.DEAD_FRACTION and f.preset == dg.INIT_PRESET for f in dead)
    assert dg.UPDATE_TOO_SMALL not in kinds(d)  # nothing moves, but the dead units say why, not the lr
    assert dg.COLLAPSED not in kinds(d)


def test_a_healthy_relu_network_is_quiet():
    _, _, d = diagnosed(hidden(3, 16, "relu"), "he")
    assert d.findings == ()
    assert all(s.dead_fraction < dg.DEAD_FRACTION for s in d.layers[:-1])


def test_learning_rate_10_makes_the_update_too_large():
    _, _, d = diagnosed(hidden(3, 16, "tanh"), "xavier", lr=10)
    large = [f for f in d.findings if f.kind == dg.UPDATE_TOO_LARGE]
    assert large and all(f.numbers["update_ratio"] > dg.UPDATE_RATIO_HIGH for f in large)
    assert all(f.preset == dg.LEARNING_RATE_PRESET and "too high" in f.sentence for f in large)
    assert dg.LEARNING_RATE_PRESET in presets.names()


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_learning_rate_1e6_makes_the_update_too_small(optimizer):
    net, _, d = diagnosed(hidden(3, 16, "tanh"), "xavier", lr=1e-6, optimizer=optimizer)
    small = [f for f in d.findings if f.kind == dg.UPDATE_TOO_SMALL]
    assert [f.layer for f in small] == [b.index for b in net.blocks]
    assert all(f.numbers["update_ratio"] < dg.UPDATE_RATIO_LOW and "too low" in f.sentence for f in small)


def test_a_healthy_learning_rate_is_quiet():
    _, _, d = diagnosed(hidden(3, 16, "tanh"), "xavier", lr=0.1)
    assert d.findings == ()
    assert all(dg.UPDATE_RATIO_LOW < s.update_ratio < dg.UPDATE_RATIO_HIGH for s in d.layers)


def test_tiny_init_collapses_the_activations():
    _, _, d = diagnosed(hidden(3, 16, "tanh"), 0.01)
    collapsed = [f for f in d.findings if f.kind == dg.COLLAPSED]
    assert collapsed and all(f.numbers["activation_std"] < dg.COLLAPSED_STD for f in collapsed)
    assert all(f.preset == dg.INIT_PRESET for f in collapsed)


def test_the_vanishing_gradients_lesson_shows_vanishing_gradients():
    session = Session(presets.experiment_for(presets.get("vanishing_gradients")))
    trace = session.trainer.step(record=True)
    d = dg.diagnose(session.net, trace)
    vanishing = [f for f in d.findings if f.kind == dg.VANISHING]
    assert len(vanishing) == 1 and vanishing[0].layer == 0 and vanishing[0].preset == dg.VANISHING_PRESET
    assert d.gradient_ratio < dg.VANISHING_RATIO
    assert dg.UPDATE_TOO_SMALL not in kinds(d)  # the first layers barely move because the gradient vanishes


def test_the_numbers_are_the_traces():
    net, trace, d = diagnosed(hidden(2, 8, "tanh"), "xavier", lr=0.3)
    before = trace.params_before()
    after = {e.param: e.after for e in trace.of_kind("update")}
    forward = {e.layer: e for e in trace.of_kind("forward")}
    backward = {e.layer: e for e in trace.of_kind("backward")}
    for s in d.layers:
        w = net.blocks[s.index].param_names[0]
        assert s.update_ratio == pytest.approx(np.linalg.norm(after[w] - before[w]) / np.linalg.norm(before[w]))
        assert s.grad_norm == pytest.approx(np.linalg.norm(backward[s.index].grads[w]))
        assert s.activation_mean == pytest.approx(forward[s.index].a.mean())
        assert s.activation_std == pytest.approx(forward[s.index].a.std())
    first, last = d.layers[0].grad_norm, d.layers[-1].grad_norm
    assert d.gradient_ratio == pytest.approx(first / last)
    assert d.layers[0].saturated_fraction is not None and d.layers[-1].saturated_fraction is None  # fused output
    assert d.guide == dg.UPDATE_RATIO_GUIDE


def test_a_preview_has_no_update_ratio_unless_given_the_weights_after():
    net = Network({"input": 2, "layers": hidden(2, 8, "relu"), "loss": "bce", "init": "he", "seed": 0})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), X, T, batch_size=16, seed=0)
    trace = trainer.preview(X[:16], T[:16])
    assert all(s.update_ratio is None for s in dg.diagnose(net, trace).layers)
    after = {k: v * 1.01 for k, v in net.params.items()}
    ratios = [s.update_ratio for s in dg.diagnose(net, trace, after).layers]
    assert ratios == pytest.approx([0.01] * 3)


def test_dropout_neither_hides_nor_fakes_a_collapse():
    layers = [{"units": 16, "activation": "tanh", "dropout": 0.5}] * 2 + [{"units": 1, "activation": "sigmoid"}]
    _, trace, d = diagnosed(layers, "xavier")
    e = trace.of_kind("forward")[0]
    kept = e.mask != 0
    assert d.layers[0].activation_std == pytest.approx((e.a[kept] / e.mask[kept]).std())
    assert d.findings == ()
