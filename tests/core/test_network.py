import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.gradcheck import assert_gradients_match
from visualnet.core.network import Network

SMOOTH = ["linear", "sigmoid", "tanh", "softplus", "gelu", "silu", "elu"]


@st.composite
def architectures(draw):
    n_in = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(SMOOTH)), min_size=0, max_size=3))
    loss = draw(st.sampled_from(["mse", "bce", "cross_entropy"]))
    layers = [{"units": u, "activation": a} for u, a in hidden]
    if loss == "bce":
        layers.append({"units": 1, "activation": "sigmoid"})
        n_out = 1
    elif loss == "cross_entropy":
        n_out = draw(st.integers(2, 4))
        layers.append({"units": n_out, "activation": "softmax"})
    else:
        n_out = draw(st.integers(1, 3))
        layers.append({"units": n_out, "activation": draw(st.sampled_from(SMOOTH))})
    cfg = {"input": n_in, "layers": layers, "loss": loss, "seed": draw(st.integers(0, 1000)),
           "l2": draw(st.sampled_from([0.0, 0.01, 0.5])), "init": draw(st.sampled_from(["xavier", "he", 0.5]))}
    return cfg, n_out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(architectures(), st.integers(1, 6), st.integers(0, 2**16))
def test_backprop_equals_numerical_gradient(arch, batch, data_seed):
    cfg, n_out = arch
    net = Network.from_config(cfg)
    rng = np.random.default_rng(data_seed)
    x = rng.standard_normal((batch, cfg["input"]))
    if cfg["loss"] == "cross_entropy":
        t = rng.integers(0, n_out, batch)
    elif cfg["loss"] == "bce":
        t = rng.integers(0, 2, batch)
    else:
        t = rng.standard_normal((batch, n_out))
    assert_gradients_match(net.gradient(x, t), net.numerical_gradient(x, t))


@pytest.mark.parametrize("extra", [{"l1": 0.05}, {"l2": 0.3, "l1": 0.01}])
def test_l1_l2_gradients(extra):
    net = Network.from_config({"input": 3, "layers": [{"units": 4, "activation": "tanh"},
                                                      {"units": 2, "activation": "linear"}],
                               "loss": "mse", "seed": 1, **extra})
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    assert_gradients_match(net.gradient(x, t), net.numerical_gradient(x, t))


def test_regularization_value_is_over_weights_only():
    net = Network.from_config({"input": 2, "layers": [{"units": 1, "activation": "linear"}],
                               "loss": "mse", "l2": 0.5})
    net.params["W1"][:] = [[1.0], [2.0]]
    net.params["b1"][:] = [10.0]
    assert net.regularization() == pytest.approx(0.5 * 0.5 * (1 + 4))


def test_dropout_with_fixed_mask_and_batch_norm_gradients():
    net = Network.from_config({"input": 3, "layers": [
        {"units": 6, "activation": "tanh", "dropout": 0.4, "batch_norm": True},
        {"units": 5, "activation": "sigmoid", "batch_norm": True},
        {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "seed": 4})
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((8, 3)), rng.integers(0, 3, 8)
    g = net.gradient(x, t)  # draws the dropout mask that numerical_gradient then holds fixed
    assert_gradients_match(g, net.numerical_gradient(x, t))


def test_conv_pool_flatten_gradients():
    net = Network.from_config({"input": [2, 8, 8], "layers": [
        {"type": "conv2d", "filters": 3, "kernel": 3, "stride": 1, "pad": 1, "activation": "tanh"},
        {"type": "maxpool", "size": 2, "stride": 2},
        {"type": "conv2d", "filters": 2, "kernel": 2, "stride": 1, "activation": "softplus", "batch_norm": True},
        {"type": "flatten"},
        {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "seed": 2})
    rng = np.random.default_rng(2)
    x, t = rng.standard_normal((4, 2, 8, 8)), rng.integers(0, 3, 4)
    assert_gradients_match(net.gradient(x, t), net.numerical_gradient(x, t))


def test_param_names_and_shapes():
    net = Network.from_config({"input": 2, "layers": [{"units": 4, "activation": "tanh"},
                                                      {"units": 1, "activation": "sigmoid"}], "loss": "bce"})
    assert {k: v.shape for k, v in net.params.items()} == {"W1": (2, 4), "b1": (4,), "W2": (4, 1), "b2": (1,)}


def test_config_round_trips_through_json():
    cfg = {"input": 2, "layers": [{"units": 4, "activation": "leaky_relu", "alpha": 0.2, "dropout": 0.1},
                                  {"units": 3, "activation": "softmax"}],
           "loss": "cross_entropy", "init": "he", "l2": 0.01, "seed": 7, "dtype": "float32"}
    net = Network.from_config(cfg)
    again = Network.from_config(json.loads(json.dumps(net.to_config())))
    assert again.to_config() == net.to_config()
    for k in net.params:
        np.testing.assert_array_equal(net.params[k], again.params[k])
        assert again.params[k].dtype == np.float32


def test_same_seed_same_weights_other_seed_differs():
    cfg = {"input": 3, "layers": [{"units": 4, "activation": "relu"}, {"units": 1, "activation": "linear"}],
           "loss": "mse", "seed": 5}
    a, b = Network.from_config(cfg), Network.from_config(cfg)
    c = Network.from_config({**cfg, "seed": 6})
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_init_stds():
    for init, expected in [("xavier", np.sqrt(1 / 400)), ("he", np.sqrt(2 / 400)), (0.01, 0.01)]:
        net = Network.from_config({"input": 400, "layers": [{"units": 400, "activation": "relu"}],
                                   "loss": "mse", "init": init})
        assert net.params["W1"].std() == pytest.approx(expected, rel=0.02)
    zeros = Network.from_config({"input": 3, "layers": [{"units": 3, "activation": "relu"}], "loss": "mse",
                                 "init": "zeros"})
    assert not zeros.params["W1"].any()


def test_params_are_updated_in_place_and_seen_by_predict():
    net = Network.from_config({"input": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse"})
    net.params["W1"][0, 0] = 3.0
    net.params["b1"][0] = 1.0
    np.testing.assert_allclose(net.predict(np.array([[2.0]])), [[7.0]])


def test_accuracy_modes():
    net = Network.from_config({"input": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse"})
    net.params["W1"][0, 0] = 1.0
    x = np.array([[0.0], [1.0], [0.8]])
    assert net.accuracy(x, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert np.isnan(net.accuracy(x, np.array([0.3, 1.5, 2.0])))


def test_float32_network_computes_in_float32():
    net = Network.from_config({"input": 2, "layers": [{"units": 3, "activation": "sigmoid"},
                                                      {"units": 2, "activation": "softmax"}],
                               "loss": "cross_entropy", "dtype": "float32"})
    x = np.random.default_rng(0).standard_normal((4, 2))
    g = net.gradient(x, np.array([0, 1, 1, 0]))
    assert all(v.dtype == np.float32 for v in g.values())
    assert net.predict(x).dtype == np.float32


def test_batch_norm_running_stats_used_in_eval():
    net = Network.from_config({"input": 2, "layers": [{"units": 3, "activation": "linear", "batch_norm": True},
                                                      {"units": 1, "activation": "linear"}], "loss": "mse"})
    x = np.random.default_rng(0).standard_normal((50, 2)) * 3 + 5
    train_out = net.predict(x, train=True)
    eval_out = net.predict(x)
    assert not np.allclose(train_out, eval_out)
    for _ in range(200):
        net.predict(x, train=True)
    np.testing.assert_allclose(net.predict(x), net.predict(x, train=True), atol=1e-3)


def test_inverted_dropout_keeps_expectation_and_predict_is_deterministic():
    net = Network.from_config({"input": 200, "layers": [{"units": 200, "activation": "linear", "dropout": 0.5},
                                                        {"units": 1, "activation": "linear"}],
                               "loss": "mse", "seed": 0})
    x = np.ones((1, 200))
    a_eval = net.blocks[0].forward(net._prepare_x(x), train=False).copy()
    a_train = np.mean([net.blocks[0].forward(net._prepare_x(x), train=True) for _ in range(400)], axis=0)
    np.testing.assert_allclose(a_train, a_eval, atol=0.25 * np.abs(a_eval).max())
    np.testing.assert_array_equal(net.predict(x), net.predict(x))


def test_custom_activation_is_usable_and_gradient_checks():
    net = Network.from_config({"input": 2, "layers": [
        {"units": 3, "activation": "custom", "expression": "x * tanh(log(1 + exp(x)))"},
        {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 0})
    rng = np.random.default_rng(3)
    x, t = rng.standard_normal((6, 2)), rng.integers(0, 2, 6)
    assert_gradients_match(net.gradient(x, t), net.numerical_gradient(x, t))
    again = Network.from_config(json.loads(json.dumps(net.to_config())))
    np.testing.assert_allclose(again.predict(x), net.predict(x))


# -- frozen layers ("trainable": false) --------------------------------------------------------------

FROZEN_CNN = {"input": [1, 6, 6], "layers": [
    {"type": "conv2d", "filters": 2, "kernel": 3, "pad": 1, "activation": "relu", "trainable": False,
     "batch_norm": True},
    {"type": "maxpool", "size": 2}, {"type": "flatten"},
    {"units": 4, "activation": "tanh", "trainable": False},
    {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "seed": 4, "l2": 0.01}


@pytest.mark.parametrize("optimizer", [("sgd", {"lr": 0.1, "weight_decay": 0.1}), ("momentum", {"lr": 0.1}),
                                       ("nesterov", {"lr": 0.1}), ("adagrad", {}), ("rmsprop", {"centered": True}),
                                       ("adam", {}), ("adamw", {"weight_decay": 0.5}), ("adadelta", {})])
def test_frozen_layers_never_change_while_their_gradients_are_traced(optimizer):
    from visualnet.core import optimizers
    from visualnet.core.trainer import Trainer

    net = Network.from_config(FROZEN_CNN)
    assert net.frozen_names() == ["W1", "b1", "gamma1", "beta1", "W2", "b2"]
    assert [info.trainable for info in net.describe()] == [False, True, True, False, True]
    start = net.copy_params()
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((24, 36)), rng.integers(0, 3, 24)
    trainer = Trainer(net, optimizers.make(optimizer[0], **optimizer[1]), x, t, batch_size=8, eval_every=0,
                      watch_summaries=False)
    assert not trainer.fast_path
    trainer.run(5)
    trace = trainer.step(record=True)
    trainer.run(5)
    for name in net.frozen_names():
        np.testing.assert_array_equal(net.params[name], start[name])
        assert name not in trainer.optimizer.state
    assert not np.array_equal(net.params["W3"], start["W3"])
    traced = {k: v for e in trace.of_kind("backward") for k, v in e.grads.items()}
    for name in ("W1", "gamma1", "W2"):
        assert np.abs(traced[name]).max() > 0  # computed and shown, never applied
    update = {e.param: e for e in trace.of_kind("update")}
    np.testing.assert_array_equal(update["W1"].before, update["W1"].after)
    watched = Trainer(net, optimizers.make("sgd", lr=0.1), x, t, batch_size=8, eval_every=0, watch_summaries=True)
    watched.run(3)
    np.testing.assert_array_equal(net.params["W1"], start["W1"])
    assert len(watched.history.grad_norms.last()) == 3  # every weighted layer keeps its norm, frozen or not


def test_frozen_gradients_are_left_out_as_pytorch_leaves_grad_none():
    net = Network.from_config(FROZEN_CNN)
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((5, 1, 6, 6)), rng.integers(0, 3, 5)
    grads = net.gradient(x, t)
    assert set(grads) == set(net.params) - set(net.frozen_names())
    numerical = net.numerical_gradient(x, t)
    assert set(numerical) == set(net.params)  # the check still sees every parameter
    assert_gradients_match(grads, {k: numerical[k] for k in grads}, rtol=1e-5, atol=1e-8)


def test_trainable_round_trips_and_defaults_to_true():
    net = Network.from_config(FROZEN_CNN)
    cfg = net.to_config()
    assert cfg["layers"][0]["trainable"] is False and "trainable" not in cfg["layers"][4]
    again = Network.from_config(json.loads(json.dumps(cfg)))
    assert again.frozen_names() == net.frozen_names() and again.to_config() == cfg
    explicit = Network.from_config({**FROZEN_CNN, "layers": [*FROZEN_CNN["layers"][:4],
                                                             {"units": 3, "activation": "softmax", "trainable": True}]})
    assert "trainable" not in explicit.to_config()["layers"][4]
    from visualnet.core.errors import ConfigError

    with pytest.raises(ConfigError, match=r"layers\[0\].trainable"):
        Network.from_config({**FROZEN_CNN, "layers": [{**FROZEN_CNN["layers"][0], "trainable": "no"},
                                                      *FROZEN_CNN["layers"][1:]]})
    with pytest.raises(ConfigError, match="unknown key for a maxpool"):
        Network.from_config({**FROZEN_CNN, "layers": [FROZEN_CNN["layers"][0], {"type": "maxpool", "trainable": False},
                                                      *FROZEN_CNN["layers"][2:]]})


def test_a_frozen_dense_net_leaves_the_fast_path_and_stays_exact():
    from visualnet.core import fastpath, optimizers
    from visualnet.core.trainer import Trainer

    cfg = {"input": 2, "layers": [{"units": 4, "activation": "tanh", "trainable": False},
                                  {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 2}
    net = Network.from_config(cfg)
    assert fastpath.why_not(net) == "layer 1 is frozen"
    x, t = np.random.default_rng(0).standard_normal((20, 2)), np.arange(20) % 2
    trainer = Trainer(net, optimizers.make("sgd", lr=0.5), x, t, batch_size=5, watch_summaries=False)
    before = net.copy_params()
    trainer.run(10)
    np.testing.assert_array_equal(net.params["W1"], before["W1"])
    assert not np.array_equal(net.params["W2"], before["W2"])


def test_frozen_layers_survive_a_session_file(tmp_path):
    from visualnet.core import sessionfile
    from visualnet.core.session import Session

    exp = {"dataset": {"name": "shapes", "n": 60, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
           "network": {"layers": [{"type": "conv2d", "filters": 2, "kernel": 3, "pad": 1, "activation": "relu",
                                   "trainable": False}, {"type": "avgpool", "size": 4}, {"type": "flatten"},
                                  {"units": 6, "activation": "softmax"}], "loss": "cross_entropy", "seed": 1},
           "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 10}
    a = Session(exp)
    a.trainer.run(3)
    sessionfile.save(a, tmp_path / "frozen.vnet")
    b, _view = sessionfile.load(tmp_path / "frozen.vnet")
    assert b.net.frozen_names() == ["W1", "b1"] and b.net.to_config() == a.net.to_config()
    for session in (a, b):
        session.trainer.run(4)
    for name in a.net.params:
        np.testing.assert_array_equal(a.net.params[name], b.net.params[name])


def test_conv_weights_are_pytorch_shaped_and_numbered_over_weighted_layers():
    net = Network.from_config({"input": [3, 8, 8], "layers": [
        {"type": "conv2d", "filters": 5, "kernel": 3, "activation": "relu"}, {"type": "avgpool", "size": 2},
        {"type": "conv2d", "filters": 4, "kernel": 2, "stride": 1, "pad": 1, "activation": "relu"},
        {"type": "maxpool", "size": 2, "stride": 1}, {"type": "flatten"}, {"units": 2, "activation": "softmax"}],
        "loss": "cross_entropy"})
    assert {k: v.shape for k, v in net.params.items()} == {"W1": (5, 3, 3, 3), "b1": (5,), "W2": (4, 5, 2, 2),
                                                          "b2": (4,), "W3": (36, 2), "b3": (2,)}
    assert [i.output_shape for i in net.describe()] == [(5, 6, 6), (5, 3, 3), (4, 4, 4), (4, 3, 3), (36,), (2,)]
    assert net.describe()[1].kind == "avgpool" and net.describe()[1].param_names == ()
