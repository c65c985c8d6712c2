"""The compiled dense step gives the very numbers of the textbook path (Network.gradient + Optimizer.update)."""

import tracemalloc

import numpy as np
import pytest

from visualnet.core import fastpath, optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

RNG = np.random.default_rng(0)
X2 = RNG.standard_normal((250, 2))
BINARY = (X2[:, 0] * X2[:, 1] > 0).astype(int)
X5 = RNG.standard_normal((300, 5))
LABELS = RNG.integers(0, 3, 300)
VALUES = RNG.standard_normal((300, 2))

# (hidden activations, output, loss, inputs, targets, penalty)
NETS = {
    "playground": (["tanh"] * 6, {"units": 1, "activation": "sigmoid"}, "bce", X2, BINARY, {}),
    "softmax": (["relu", "sigmoid"], {"units": 3, "activation": "softmax"}, "cross_entropy", X5, LABELS,
                {"l2": 0.01}),
    "tanh-mse": (["linear", "tanh"], {"units": 2, "activation": "tanh"}, "mse", X5, VALUES, {"l2": 0.003, "l1": 0.001}),
    "relu-mse": (["relu"], {"units": 2, "activation": "linear"}, "mse", X5, VALUES, {"l1": 0.002}),
    "sigmoid-mse": (["sigmoid", "relu"], {"units": 2, "activation": "relu"}, "mse", X5, VALUES, {}),
}
OPTIMIZERS = {"sgd": {"lr": 0.05}, "adam": {"lr": 0.01}, "momentum": {"lr": 0.02, "weight_decay": 0.01}}


def config(name, dtype="float64", seed=1):
    hidden, out, loss, x, _t, penalty = NETS[name]
    return {"input": x.shape[1], "layers": [{"units": 8, "activation": a} for a in hidden] + [out],
            "loss": loss, "init": "xavier", "seed": seed, "dtype": dtype, **penalty}


def fast_trainer(name, optimizer="sgd", dtype="float64", batch_size=10, **kw):
    x, t = NETS[name][3:5]
    net = Network.from_config(config(name, dtype))
    trainer = Trainer(net, optimizers.make(optimizer, **OPTIMIZERS[optimizer]), x, t, batch_size=batch_size,
                      eval_every=0, watch_summaries=False, **kw)
    assert trainer.fast_path
    return trainer


def textbook(name, optimizer="sgd", dtype="float64", batch_size=10, **kw):
    """The same data, batches and rule, stepped as the textbook does: gradient, then update."""
    x, t = NETS[name][3:5]
    net = Network.from_config(config(name, dtype))
    batches = Trainer(net, optimizers.make("sgd"), x, t, batch_size=batch_size, **kw)  # only its batch order
    opt = optimizers.make(optimizer, **OPTIMIZERS[optimizer])
    losses = []

    def step():
        idx = batches.next_batch_indices()
        grads = net.gradient(batches.x_train[idx], batches.t_train[idx])
        losses.append(net.last_loss)
        opt.update(net.params, grads)

    return net, opt, step, losses


STEPS = 200  # several epochs of every net: any drift in the fast path's arithmetic shows as a changed bit


def assert_same_params(a, b):
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].dtype == b[name].dtype
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam", "momentum"])
@pytest.mark.parametrize("name", list(NETS))
def test_200_fast_steps_give_the_textbook_weights_bit_for_bit(name, optimizer, dtype):
    trainer = fast_trainer(name, optimizer, dtype)
    net, opt, step, losses = textbook(name, optimizer, dtype)
    assert trainer.run(STEPS) == STEPS
    for _ in range(STEPS):
        step()
    assert_same_params(trainer.net.params, net.params)
    assert trainer.history.train_loss.values == losses
    assert trainer.net.last_loss == losses[-1]
    assert trainer.net.blocks[-1].z is None  # the regular pass never ran: every step took the fast path
    assert trainer.optimizer.step_count == opt.step_count == STEPS
    for key, slots in opt.state.items():  # the optimizers' state is the same too (readable for drawing)
        for slot, value in slots.items():
            np.testing.assert_array_equal(trainer.optimizer.state[key][slot], value)


@pytest.mark.parametrize("name", ["playground", "softmax"])
def test_fast_steps_match_watched_steps_and_their_history(name):
    """Summaries off (fast path) or on (regular path): the same weights and the same loss every step."""
    fast = fast_trainer(name, sampling="replace", batch_size=16)
    x, t = NETS[name][3:5]
    watched = Trainer(Network.from_config(config(name)), optimizers.make("sgd", **OPTIMIZERS["sgd"]), x, t,
                      batch_size=16, eval_every=0, sampling="replace")
    fast.run(300)
    watched.run(300)
    assert_same_params(fast.net.params, watched.net.params)
    assert fast.history.train_loss.values == watched.history.train_loss.values
    assert len(fast.history.grad_norms) == 0 and len(watched.history.grad_norms) == 300


def test_plain_sgd_keeps_the_optimizer_readable():
    trainer = fast_trainer("playground")
    trainer.run(3)
    before = trainer.net.copy_params()
    trainer.run(1)
    opt = trainer.optimizer
    assert opt.step_count == 4 and opt.state == {}
    for name, p in trainer.net.params.items():
        np.testing.assert_array_equal(opt.last_step[name], p - before[name])


def test_hand_edits_and_set_params_between_fast_steps_are_seen():
    trainer = fast_trainer("playground")
    net, _opt, step, _losses = textbook("playground")
    rng = np.random.default_rng(5)
    other = {k: rng.standard_normal(v.shape) for k, v in net.params.items()}
    for n in (40, 40):
        trainer.run(n)
        for _ in range(n):
            step()
        for target in (trainer.net, net):
            target.set_params(other)
            target.params["W3"][1, 2] = 0.25
    trainer.run(40)
    for _ in range(40):
        step()
    assert_same_params(trainer.net.params, net.params)


def test_switching_optimizer_and_lr_midway():
    trainer = fast_trainer("softmax")
    net, opt, step, _losses = textbook("softmax")
    trainer.run(30)
    for _ in range(30):
        step()
    trainer.optimizer.set_hyperparams(lr=0.2)
    opt.set_hyperparams(lr=0.2)
    trainer.run(30)
    for _ in range(30):
        step()
    trainer.optimizer.set_hyperparams(momentum=0.9)  # no longer plain: the optimizer's own update
    opt.set_hyperparams(momentum=0.9)
    trainer.run(30)
    for _ in range(30):
        step()
    assert_same_params(trainer.net.params, net.params)
    np.testing.assert_array_equal(trainer.optimizer.state["W1"]["momentum_buffer"], opt.state["W1"]["momentum_buffer"])


def test_soft_bce_targets_give_the_same_weights_and_the_loss_within_rounding():
    x = X2
    t = 1 / (1 + np.exp(-3 * X2[:, 0]))  # probabilities, not 0/1: the loss's terms are summed in another order
    cfg = config("playground")
    fast = Trainer(Network.from_config(cfg), optimizers.make("sgd", lr=0.1), x, t, batch_size=10, eval_every=0,
                   watch_summaries=False)
    watched = Trainer(Network.from_config(cfg), optimizers.make("sgd", lr=0.1), x, t, batch_size=10, eval_every=0)
    fast.run(200)
    watched.run(200)
    assert_same_params(fast.net.params, watched.net.params)
    np.testing.assert_allclose(fast.history.train_loss.values, watched.history.train_loss.values, rtol=1e-12, atol=0)


@pytest.mark.parametrize("case", ["huge lr", "nan data", "blow-up"])
def test_divergence_and_warnings_on_the_fast_path_are_the_regular_ones(case):
    x, t = NETS["playground"][3:5]
    if case == "nan data":
        x = x.copy()
        x[123, 1] = np.nan
    lr = {"huge lr": 1e300, "nan data": 0.1, "blow-up": 1e8}[case]

    def trainer(watch):
        net = Network.from_config(config("playground"))
        return Trainer(net, optimizers.make("sgd", lr=lr), x, t, batch_size=10, eval_every=0, watch_summaries=watch)

    fast, watched = trainer(False), trainer(True)
    assert fast.run(300) == watched.run(300)
    assert (fast.divergence is None) == (case == "blow-up")
    assert fast.divergence == watched.divergence and fast.warning == watched.warning
    assert fast.step_count == watched.step_count
    assert_same_params(fast.net.params, watched.net.params)
    assert fast.net.all_finite()


@pytest.mark.parametrize("layers, why", [
    ([{"units": 4, "activation": "tanh", "dropout": 0.2}], "dropout"),
    ([{"units": 4, "activation": "tanh", "batch_norm": True}], "batch norm"),
    ([{"units": 4, "activation": "leaky_relu"}], "leaky_relu"),
    ([{"units": 4, "activation": "custom", "expression": "x * tanh(x)"}], "custom"),
])
def test_other_nets_take_the_regular_path(layers, why):
    net = Network.from_config({"input": 2, "layers": layers + [{"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "seed": 0})
    assert why in fastpath.why_not(net)
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), X2, BINARY, batch_size=10, watch_summaries=False)
    assert not trainer.fast_path
    assert trainer.run(20) == 20 and len(trainer.history.train_loss) == 20


def test_recorded_steps_keep_the_regular_path():
    trainer = fast_trainer("playground")
    net, _opt, step, _losses = textbook("playground")
    trainer.run(5)
    trace = trainer.step(record=True)
    trainer.run(5)
    for _ in range(11):
        step()
    assert trace is not None and [e.kind for e in trace.events][:2] == ["forward", "forward"]
    assert_same_params(trainer.net.params, net.params)


@pytest.mark.parametrize("name", ["playground", "softmax", "tanh-mse"])
def test_a_fast_step_allocates_no_arrays(name):
    """A step of 10,000 rows allocates less than one (10 000, 1) float64 array (80 kB): no temporaries.

    What remains is NumPy's own: the iteration buffer of a broadcast (the bias add, z − max), at most
    8,192 elements (64 kB) and freed within the call, and a scalar or two.
    """
    rows = 10_000
    rng = np.random.default_rng(1)
    x = rng.standard_normal((rows, NETS[name][3].shape[1]))
    t = NETS[name][4][rng.integers(0, len(NETS[name][4]), rows)]
    net = Network.from_config(config(name))
    trainer = Trainer(net, optimizers.make("sgd", lr=0.01), x, t, batch_size=rows, watch_summaries=False)
    fast, idx = trainer._fast_step(), np.arange(rows)
    fast.gradient(idx)
    fast.update(trainer.optimizer)
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    for _ in range(3):
        fast.gradient(idx)
        fast.update(trainer.optimizer)
    peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    assert peak < 8192 * 8 + 4000


def test_params_are_views_into_one_vector():
    net = Network.from_config(config("softmax"))
    assert sum(p.size for p in net.params.values()) == net.flat_params.size
    for name, p in net.params.items():
        assert np.shares_memory(p, net.flat_params), name
    assert net.blocks[0].core.W is net.params["W1"] and net.blocks[1].core.b is net.params["b2"]
    net.params["b1"][3] = 7.0
    assert 7.0 in net.flat_params
    rng = np.random.default_rng(1)  # packing keeps the weights the seed draws
    np.testing.assert_array_equal(net.params["W1"], rng.standard_normal((5, 8)) * np.sqrt(1 / 5))
    np.testing.assert_array_equal(net.params["W2"], rng.standard_normal((8, 8)) * np.sqrt(1 / 8))
