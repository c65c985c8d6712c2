import numpy as np
import pytest

from visualnet.core import ConfigError, optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import EVAL_CHUNK_BYTES, BoundedSeries, Trainer

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_T = np.array([0, 1, 1, 0])


def xor_net(seed=3):
    return Network.from_config({"input": 2, "layers": [{"units": 2, "activation": "sigmoid"},
                                                       {"units": 1, "activation": "sigmoid"}],
                                "loss": "bce", "seed": seed})


def test_xor_2_2_1_sigmoid_reaches_100_percent():
    net = xor_net()
    trainer = Trainer(net, optimizers.make("sgd", lr=2.0), XOR_X, XOR_T, batch_size=4)
    trainer.run(3000)
    assert net.accuracy(XOR_X, XOR_T) == 1.0
    assert net.loss(XOR_X, XOR_T) < 0.05


def spiral_trainer(seed=0, **kw):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 2))
    t = (x[:, 0] * x[:, 1] > 0).astype(int)
    net = Network.from_config({"input": 2, "layers": [{"units": 6, "activation": "relu"},
                                                      {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "seed": seed})
    return Trainer(net, optimizers.make("adam", lr=0.01), x[:150], t[:150], x[150:], t[150:],
                   batch_size=16, seed=seed, **kw)


def test_same_seed_same_numbers_run_after_run():
    a, b = spiral_trainer(), spiral_trainer()
    a.run(120)
    b.run(120)
    for k in a.net.params:
        np.testing.assert_array_equal(a.net.params[k], b.net.params[k])
    assert a.history.train_loss.values == b.history.train_loss.values
    c = spiral_trainer(seed=1)
    c.run(120)
    assert not np.array_equal(a.net.params["W1"], c.net.params["W1"])


def test_history_records_loss_metrics_and_layer_summaries():
    t = spiral_trainer(eval_every=10)
    t.run(40)
    steps, _losses = t.history.train_loss.arrays()
    assert list(steps) == list(range(1, 41))
    assert len(t.history.test_accuracy) == 4
    norms = t.history.grad_norms.last()
    assert len(norms) == 2 and all(n > 0 for n in norms)
    dead = t.history.dead_fraction.last()
    assert 0.0 <= dead[0] <= 1.0 and dead[1] == 0.0


def test_epochs_walk_the_data_without_replacement():
    t = spiral_trainer()
    seen = np.concatenate([t.next_batch_indices() for _ in range(150 // 16)])
    assert len(set(seen.tolist())) == len(seen)
    t.next_batch_indices()
    assert t.epoch == 1


def test_bounded_history_for_any_run_length():
    s = BoundedSeries(capacity=100)
    for step in range(1, 100_001):
        s.append(step, float(step))
    assert len(s) <= 100
    steps, _values = s.arrays()
    assert steps[0] <= 1024 and steps[-1] > 99_000
    assert np.all(np.diff(steps) > 0)


def test_divergence_stops_restores_finite_params_and_reports():
    t = spiral_trainer()
    t.optimizer = optimizers.make("sgd", lr=1e8)
    done = t.run(200)
    assert t.divergence is not None
    assert "diverged at step" in t.divergence.message and "learning rate" in t.divergence.message
    assert t.net.all_finite()
    assert done < 200
    before = t.net.copy_params()
    assert t.step() is None  # stopped: nothing changes until cleared
    for k in before:
        np.testing.assert_array_equal(before[k], t.net.params[k])


def test_recorded_trace_has_all_events_in_order_with_copies():
    t = spiral_trainer()
    trace = t.step(record=True)
    kinds = [e.kind for e in trace.events]
    assert kinds == ["forward", "forward", "loss", "backward", "backward"] + ["update"] * 4
    assert [e.layer for e in trace.of_kind("backward")] == [1, 0]
    forward = trace.of_kind("forward")
    np.testing.assert_array_equal(forward[0].input, trace.batch_x)
    np.testing.assert_array_equal(forward[1].input, forward[0].a)
    with pytest.raises(ValueError):
        forward[0].z[0, 0] = 1.0  # immutable copies
    update = {e.param: e for e in trace.of_kind("update")}
    np.testing.assert_array_equal(update["W1"].after, t.net.params["W1"])
    assert not np.array_equal(update["W1"].before, update["W1"].after)
    back1 = trace.of_kind("backward")[1]
    np.testing.assert_allclose(back1.delta, back1.dL_da * back1.dact)
    np.testing.assert_allclose(back1.grads["W1"], forward[0].input.T @ back1.delta)


def test_trace_matches_an_unrecorded_step():
    a, b = spiral_trainer(), spiral_trainer()
    a.step(record=True)
    b.step()
    for k in a.net.params:
        np.testing.assert_array_equal(a.net.params[k], b.net.params[k])


# -- why training fails ---------------------------------------------------------------------------

def two_feature_data(n=120, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2))
    return x, (x[:, 0] * x[:, 1] > 0).astype(int)


def make_trainer(optimizer, layers=None, x=None, t=None, **cfg):
    x, t = (two_feature_data() if x is None else (x, t))
    net = Network.from_config({"input": x.shape[1], "layers": layers or [{"units": 6, "activation": "relu"},
                                                                         {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "seed": 0, **cfg})
    return Trainer(net, optimizer, x, t, batch_size=16)


def test_divergence_from_eps_zero_names_eps():
    x, t = two_feature_data()
    x = np.column_stack([x, np.zeros(len(x))])  # a feature that is always 0: its weights' gradient is exactly 0
    trainer = make_trainer(optimizers.make("adam", lr=0.01, eps=0.0), x=x, t=t)
    trainer.run(50)
    assert trainer.divergence is not None
    message = trainer.divergence.message
    assert "eps = 0 in adam" in message and "0/0" in message and "learning rate" not in message
    assert trainer.net.all_finite()


def test_divergence_from_weight_decay_names_weight_decay():
    trainer = make_trainer(optimizers.make("sgd", lr=0.01, weight_decay=1e9))
    trainer.run(100)
    message = trainer.divergence.message
    assert "weight_decay 1e+09 with learning rate 0.01" in message and "lr·weight_decay < 1" in message


def test_divergence_from_l2_names_l2():
    trainer = make_trainer(optimizers.make("sgd", lr=0.1), l2=1e3)
    trainer.run(100)
    assert "l2 1000 with learning rate 0.1" in trainer.divergence.message


def test_divergence_from_an_activation_undefined_for_some_inputs_names_the_activation():
    trainer = make_trainer(optimizers.make("sgd", lr=0.01),
                           layers=[{"units": 6, "activation": "custom", "expression": "log(x)"},
                                   {"units": 1, "activation": "sigmoid"}])
    trainer.run(10)
    message = trainer.divergence.message
    assert "layer 1's activation f(x) = log(x) gives NaN" in message and "z from -" in message
    assert "learning rate" not in message


def test_divergence_from_nan_data_names_the_data():
    x, t = two_feature_data()
    x[17, 1] = np.nan
    x[40, 0] = np.inf
    trainer = make_trainer(optimizers.make("sgd", lr=0.01), x=x, t=t)
    trainer.run(20)
    message = trainer.divergence.message
    assert "the training data hold NaN or infinite values (2 of 120 rows)" in message
    assert "learning rate" not in message and trainer.net.all_finite()


def test_divergence_from_a_huge_step_names_the_learning_rate_and_the_step():
    trainer = make_trainer(optimizers.make("sgd", lr=1e300))
    trainer.run(20)
    message = trainer.divergence.message
    assert "learning rate 1e+300 too high" in message and "lr·‖g‖" in message


def test_a_finite_blow_up_warns_without_stopping_and_clears_when_the_loss_recovers():
    trainer = make_trainer(optimizers.make("sgd", lr=1e9), layers=[{"units": 6, "activation": "tanh"},
                                                                   {"units": 1, "activation": "sigmoid"}])
    start = trainer.net.copy_params()
    assert trainer.run(300) == 300  # not stopped: it is a warning
    assert trainer.divergence is None
    warning = trainer.warning
    assert warning is not None and "training is blowing up" in warning and "learning rate 1e+09 too high" in warning
    assert trainer.history.train_loss.last() > 1e3 * min(trainer.history.train_loss.values)
    trainer.net.set_params(start)
    trainer.optimizer.set_hyperparams(lr=0.01)
    trainer.step()
    assert trainer.warning is None
    quiet = make_trainer(optimizers.make("adam", lr=0.01))
    quiet.run(300)
    assert quiet.warning is None and quiet.divergence is None


# -- evaluation in chunks -------------------------------------------------------------------------

@pytest.mark.parametrize("loss", ["bce", "cross_entropy", "mse"])
def test_chunked_evaluation_equals_the_whole_set_pass(loss):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1003, 3))
    out = {"bce": {"units": 1, "activation": "sigmoid"}, "cross_entropy": {"units": 3, "activation": "softmax"},
           "mse": {"units": 2, "activation": "linear"}}[loss]
    t = {"bce": (x[:, 0] > 0).astype(int), "cross_entropy": rng.integers(0, 3, 1003),
         "mse": rng.standard_normal((1003, 2))}[loss]
    net = Network.from_config({"input": 3, "layers": [{"units": 7, "activation": "tanh", "batch_norm": True},
                                                      out], "loss": loss, "l2": 0.01, "l1": 0.001, "seed": 1})
    trainer = Trainer(net, optimizers.make("adam", lr=0.01), x[:800], t[:800], x[800:], t[800:], batch_size=32)
    trainer.run(30)
    whole = trainer.evaluate()
    trainer.eval_chunk_rows = 7
    chunked = trainer.evaluate()
    assert chunked.keys() == whole.keys()
    for key, value in whole.items():
        if np.isnan(value):
            assert np.isnan(chunked[key])  # mse: accuracy means nothing, either way
        else:
            assert abs(chunked[key] - value) <= 1e-12 * max(1.0, abs(value)), key
    assert whole["train_loss"] == net.loss(x[:800], t[:800])
    assert whole["test_accuracy"] == net.accuracy(x[800:], t[800:]) or loss == "mse"


def test_an_evaluation_passes_each_chunk_forward_once(monkeypatch):
    """Loss and accuracy come from the same outputs: a second pass doubled what an evaluation of MNIST cost."""
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((90, 2)), rng.integers(0, 2, 90)
    net = Network.from_config({"input": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce"})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x[:60], t[:60], x[60:], t[60:], batch_size=10)
    passes = []
    predict = net.predict
    monkeypatch.setattr(net, "predict", lambda xs, *a, **k: passes.append(len(xs)) or predict(xs, *a, **k))
    trainer.evaluate()
    assert passes == [60, 30]
    trainer.eval_chunk_rows, passes[:] = 25, []
    trainer.evaluate()
    assert passes == [25, 25, 10, 25, 5]


def test_chunked_evaluation_peak_memory_does_not_grow_with_the_data():
    import tracemalloc

    def peak(n):
        rng = np.random.default_rng(0)
        x = rng.standard_normal((n, 2))
        net = Network.from_config({"input": 2, "layers": [{"units": 64, "activation": "relu"},
                                                          {"units": 1, "activation": "sigmoid"}],
                                   "loss": "bce", "seed": 0})
        trainer = Trainer(net, optimizers.make("sgd"), x, (x[:, 0] > 0).astype(int), batch_size=8)
        trainer.eval_chunk_rows = 500
        tracemalloc.start()
        trainer.evaluate()
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    small, large = peak(5_000), peak(80_000)
    assert large < 1.2 * small + 100_000  # unchunked, 80 000 × 64 float64 values alone are 41 MB
    assert large < 2_000_000


def test_the_chunk_size_follows_the_widest_layer():
    net = Network.from_config({"input": 2, "layers": [{"units": 1000, "activation": "relu"},
                                                      {"units": 1, "activation": "sigmoid"}], "loss": "bce"})
    x, t = two_feature_data()
    trainer = Trainer(net, optimizers.make("sgd"), x, t)
    assert trainer.eval_chunk_rows == EVAL_CHUNK_BYTES // (1000 * 8)


def test_a_bad_seed_is_a_config_error():
    x, t = two_feature_data()
    for seed in (1.5, -1, "0", True):
        with pytest.raises(ConfigError) as err:
            Trainer(xor_net(), optimizers.make("sgd"), x, t, seed=seed)
        assert err.value.field == "seed"


def test_a_weight_pushed_past_the_largest_savable_value_is_a_divergence():
    from visualnet.core.config import MAX_ABS_VALUE

    net = Network({"input": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0})
    net.params["W1"][:] = 0.5 * MAX_ABS_VALUE  # finite, savable; one more step lands beyond the limit
    trainer = Trainer(net, optimizers.make("sgd", lr=1.0), np.ones((4, 1)), np.zeros((4, 1)), batch_size=4)
    net.params["W1"][:] = -0.9 * MAX_ABS_VALUE
    assert trainer.step(record=True) is None and trainer.divergence is not None
    assert np.abs(net.params["W1"]).max() <= MAX_ABS_VALUE


# -- summaries only when watched --------------------------------------------------------------------

def test_summaries_are_recorded_only_while_watched():
    t = spiral_trainer(eval_every=0, watch_summaries=False)
    t.run(20)
    assert len(t.history.train_loss) == 20 and len(t.history.grad_norms) == 0
    t.watch_summaries = True
    t.run(5)
    steps, _norms = t.history.grad_norms.arrays()
    assert list(steps) == [21, 22, 23, 24, 25] and len(t.history.dead_fraction) == 5
    assert len(t.history.train_loss) == 25


@pytest.mark.parametrize("setup", ["eps", "weight_decay", "l2", "activation", "nan_data", "huge_step"])
def test_divergence_is_reported_alike_with_summaries_unwatched(setup):
    def trainer(watch):
        x, t = two_feature_data()
        layers, cfg = None, {}
        if setup == "eps":
            x = np.column_stack([x, np.zeros(len(x))])
            opt = optimizers.make("adam", lr=0.01, eps=0.0)
        elif setup == "weight_decay":
            opt = optimizers.make("sgd", lr=0.01, weight_decay=1e9)
        elif setup == "l2":
            opt, cfg = optimizers.make("sgd", lr=0.1), {"l2": 1e3}
        elif setup == "activation":
            opt = optimizers.make("sgd", lr=0.01)
            layers = [{"units": 6, "activation": "custom", "expression": "log(x)"}, {"units": 1, "activation": "sigmoid"}]
        elif setup == "nan_data":
            x[17, 1] = np.nan
            opt = optimizers.make("sgd", lr=0.01)
        else:
            opt = optimizers.make("sgd", lr=1e300)
        trainer = make_trainer(opt, layers=layers, x=x, t=t, **cfg)
        trainer.watch_summaries = watch
        return trainer

    watched, unwatched = trainer(True), trainer(False)
    assert watched.run(100) == unwatched.run(100)
    assert watched.divergence is not None and unwatched.divergence == watched.divergence
    for name, value in watched.net.params.items():
        np.testing.assert_array_equal(unwatched.net.params[name], value)


def test_a_blow_up_after_an_exact_fit_warns():
    """A batch can fit exactly (loss 0): a later blow-up is infinitely many times worse, not a crash."""
    net = Network({"input": 1, "layers": [{"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0})
    net.set_params({"W1": [[2.0]], "b1": [0.0]})
    x = np.array([[1.0], [2.0], [3.0], [4.0]])
    trainer = Trainer(net, optimizers.make("sgd", lr=0.01), x, 2 * x, batch_size=4, watch_summaries=False)
    trainer.step()
    assert trainer.history.train_loss.last() == 0.0
    net.set_params({"W1": [[1e3]]})
    trainer.step()
    assert trainer.divergence is None and "×inf" in trainer.warning
