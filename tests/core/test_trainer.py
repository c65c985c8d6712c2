import numpy as np
import pytest

from visualnet.core import optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import BoundedSeries, Trainer

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
