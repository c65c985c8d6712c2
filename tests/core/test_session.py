"""Session: every change is all or nothing, every bad experiment is a ConfigError, memory is budgeted.

The fuzz suite mutates valid experiments (wrong types, lists for strings, floats for ints, NaN/inf, huge
values, missing and extra keys, nested junk) and checks that each outcome is success or ConfigError, and that
after each refused ``apply`` the session is byte-identical and still saves, loads and trains.
"""

import copy
import json
import math
import random

import numpy as np
import pytest

from visualnet.core import ConfigError, sessionfile
from visualnet.core import session as session_mod
from visualnet.core.session import MEMORY_BUDGET, Session, estimate_memory, normalize_experiment

SMALL = {
    "dataset": {"name": "spiral", "n": 120, "noise": 0.1, "seed": 0, "test_ratio": 0.25},
    "network": {"layers": [{"units": 4, "activation": "tanh", "batch_norm": True, "dropout": 0.1},
                           {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 3},
    "optimizer": {"name": "momentum", "lr": 0.05, "momentum": 0.9},
    "batch_size": 8, "seed": 1, "sampling": "shuffle",
}
BASES = [
    SMALL,
    {"dataset": {"name": "spiral3", "n": 90, "noise": 0.2, "seed": 2},
     "network": {"layers": [{"units": 5, "activation": "leaky_relu", "alpha": 0.1},
                            {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "init": "he"},
     "optimizer": {"name": "adam", "lr": 0.01, "betas": [0.9, 0.99]}, "batch_size": 10, "sampling": "replace"},
    {"dataset": {"name": "linear_1d", "n": 50, "w": 2.0, "b": -1.0, "noise": 0.3, "seed": 0, "test_ratio": 0.2},
     "network": {"layers": [{"units": 3, "activation": "custom", "expression": "x * tanh(x)"},
                            {"units": 1, "activation": "linear"}], "loss": "mse", "l2": 0.01, "dtype": "float32"},
     "optimizer": {"name": "rmsprop", "lr": 0.01, "centered": True}, "batch_size": 5},
    {"dataset": {"name": "truth_table", "op": "xor"},
     "network": {"layers": [{"units": 2, "activation": "sigmoid"}, {"units": 1, "activation": "sigmoid"}],
                 "loss": "bce", "init": 0.5},
     "optimizer": {"name": "sgd", "lr": 1.0, "nesterov": False}, "batch_size": 4},
]


# -- a byte-level picture of a session ---------------------------------------------------------------

def _bytes(a):
    a = np.asarray(a)
    return a.dtype.str, a.shape, a.tobytes()


def _plain(value):
    return json.dumps(value, sort_keys=True, default=repr)


def snapshot(s) -> dict:
    """Everything a refused change must leave alone, as bytes and plain text."""
    t, net, opt = s.trainer, s.net, s.optimizer
    state = opt.state_dict()
    return {
        "objects": (id(net), id(t), id(opt), id(s.data), id(s.train), id(s.test), t.net is net, t.optimizer is opt),
        "experiment": _plain(s.experiment),
        "params": {k: _bytes(v) for k, v in net.params.items()},
        "buffers": {k: _bytes(v) for k, v in net.buffers().items()},
        "data": (_bytes(s.train.x), _bytes(s.train.t), None if s.test is None else _bytes(s.test.x)),
        "position": (t.step_count, t.epoch, t._cursor, None if t._order is None else _bytes(t._order),
                     t.batch_size, t.sampling, t.seed),
        "rng": (_plain(t.rng.bit_generator.state), _plain(net.rng.bit_generator.state)),
        "optimizer": (state["name"], _plain(state["hyperparams"]), state["step_count"],
                      {k: {slot: _bytes(v) for slot, v in slots.items()} for k, slots in state["state"].items()}),
        "history": _plain({k: v.state() for k, v in t.history.series().items()}),
        "flags": (repr(t.divergence), t.warning),
    }


def assert_saves_loads_and_trains(s, path):
    """The session a refusal left behind is whole: it saves, loads and trains 5 more steps."""
    sessionfile.save(s, path)
    loaded = sessionfile.load(path)
    loaded = loaded[0] if isinstance(loaded, tuple) else loaded
    assert {k: v.shape for k, v in loaded.net.params.items()} == {k: v.shape for k, v in s.net.params.items()}
    assert loaded.trainer.run(5) == 5


def trained(experiment=SMALL, steps=13) -> Session:
    s = Session(experiment)
    s.trainer.run(steps)
    return s


# -- the issue's scenario and each kind of refusal ----------------------------------------------------

def test_eight_units_with_momentum_1_5_is_refused_whole_and_the_session_still_saves(tmp_path):
    s = trained()
    before = snapshot(s)
    exp = copy.deepcopy(s.experiment)
    exp["network"]["layers"][0]["units"] = 8
    exp["optimizer"]["momentum"] = 1.5
    with pytest.raises(ConfigError) as refusal:
        s.apply(exp)
    assert refusal.value.field == "optimizer.momentum" and "[0, 1)" in str(refusal.value)
    assert snapshot(s) == before
    assert s.net.params["W1"].shape == s.trainer.net.params["W1"].shape == (2, 4)
    assert s.experiment["network"]["layers"][0]["units"] == 4
    assert all(v.shape[-1] in (4, 1) for slots in s.optimizer.state.values() for v in slots.values())
    assert_saves_loads_and_trains(s, tmp_path / "after.vnet")


def _with(**changes):
    exp = copy.deepcopy(SMALL)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = exp
        for key in parents:
            target = target[key]
        target[last] = value
    return exp


REFUSALS = [
    ("sampling", _with(sampling="random"), "sampling"),
    ("sampling list", _with(sampling=["shuffle"]), "sampling"),
    ("seed 1.5", _with(seed=1.5), "seed"),
    ("seed negative", _with(seed=-3), "seed"),
    ("seed string", _with(seed="0"), "seed"),
    ("batch 0", _with(batch_size=0), "batch_size"),
    ("batch float", _with(batch_size=8.0), "batch_size"),
    ("dataset as a string", _with(dataset="spiral"), "dataset"),
    ("dataset name list", _with(dataset__name=["spiral"]), "dataset.name"),
    ("dataset unknown", _with(dataset__name="mnist3"), "dataset.name"),
    ("dataset n float", _with(dataset__n=120.5), "dataset.n"),
    ("dataset noise NaN", _with(dataset__noise=math.nan), "dataset.noise"),
    ("dataset extra key", _with(dataset__colour="red"), "dataset.colour"),
    ("dataset seed 1.5", _with(dataset__seed=1.5), "dataset.seed"),
    ("test ratio", _with(dataset__test_ratio=0.95), "dataset.test_ratio"),
    ("network as a list", _with(network=[4, 1]), "network"),
    ("network units", _with(network__layers=[{"units": 0, "activation": "tanh"}, {"units": 1}]),
     "network.layers[0].units"),
    ("network loss on 1 unit", _with(network__loss="cross_entropy"), "network.layers[1].activation"),
    ("network layer type list", _with(network__layers=[{"type": ["dense"], "units": 3}, {"units": 1}]),
     "network.layers[0].type"),
    ("network loss unknown", _with(network__loss="hinge"), "network.loss"),
    ("network dtype", _with(network__dtype="float16"), "network.dtype"),
    ("network input given", _with(network__input=2), "network.input"),
    ("optimizer unknown", _with(optimizer={"name": "lbfgs"}), "optimizer.name"),
    ("optimizer name list", _with(optimizer={"name": ["sgd"]}), "optimizer.name"),
    ("optimizer as a string", _with(optimizer="sgd"), "optimizer"),
    ("optimizer lr negative", _with(optimizer__lr=-1), "optimizer.lr"),
    ("optimizer lr huge int", _with(optimizer__lr=10**400), "optimizer.lr"),
    ("optimizer unknown hp", _with(optimizer__beta=0.9), "optimizer.beta"),
    ("optimizer nesterov without momentum", _with(optimizer={"name": "sgd", "nesterov": True}), "optimizer.nesterov"),
    ("switch optimizer with a bad hp", _with(optimizer={"name": "adam", "betas": [0.9, 1.0]}), "optimizer.betas[1]"),
    ("unknown top key", _with(lr=0.1), "lr"),
    ("non-string key", {**SMALL, 1: 2}, "experiment"),
    ("nested junk", _with(optimizer__lr=[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]), "experiment"),
    # 100,000 points (5.7 GB, over the 2 GiB budget) are refused as the issue's 1,000,000 are (tested below),
    # and are built 10× faster on the way to the refusal
    ("memory bomb", _with(dataset__n=100_000, network__layers=[{"units": 2200, "activation": "relu"},
                                                               {"units": 2200, "activation": "relu"},
                                                               {"units": 1, "activation": "sigmoid"}]),
     "experiment"),
]


@pytest.mark.parametrize("label, experiment, field", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_its_field_and_changes_nothing(label, experiment, field, tmp_path):
    s = trained()
    before = snapshot(s)
    with pytest.raises(ConfigError) as refusal:
        s.apply(experiment)
    assert refusal.value.field == field, str(refusal.value)
    assert snapshot(s) == before
    with pytest.raises(ConfigError):
        Session(experiment)
    assert_saves_loads_and_trains(s, tmp_path / "s.vnet")


def test_a_refusal_late_in_the_build_changes_nothing(monkeypatch):
    """Even when the data and network were already built aside, a refusal leaves the session whole."""
    s = trained()
    before = snapshot(s)

    def refuse(*_args):
        raise ConfigError("experiment", "refused at the last moment")

    monkeypatch.setattr(session_mod, "_trainer", refuse)
    for change in (_with(network__seed=9), _with(dataset__seed=5), _with(batch_size=9)):
        with pytest.raises(ConfigError, match="last moment"):
            s.apply(change)
        assert snapshot(s) == before


def test_kept_changes_keep_weights_and_an_omitted_hyperparameter_returns_to_its_default():
    s = trained()
    weights = s.net.copy_params()
    state = s.optimizer.state_dict()
    exp = copy.deepcopy(s.experiment)
    del exp["optimizer"]["momentum"]  # momentum's default is 0.9 as well: the state stays
    exp["optimizer"]["lr"] = 0.01
    assert s.apply(exp) == "kept"
    assert s.optimizer.hyperparams["lr"] == 0.01 and s.optimizer.state_dict()["step_count"] == state["step_count"]
    exp["optimizer"] = {"name": "sgd", "lr": 0.01, "momentum": 0.5}
    assert s.apply(exp) == "kept"
    exp["optimizer"] = {"name": "sgd", "lr": 0.01}
    assert s.apply(exp) == "kept"
    assert s.optimizer.hyperparams["momentum"] == 0.0  # not the 0.5 left over from before
    exp["batch_size"], exp["seed"] = 16, 7
    steps = s.trainer.step_count
    assert s.apply(exp) == "kept"
    assert s.trainer.step_count == steps and s.trainer.batch_size == 16 and s.trainer.optimizer is s.optimizer
    for k in weights:
        np.testing.assert_array_equal(weights[k], s.net.params[k])
    assert s.trainer.net is s.net


def test_reset_path_builds_a_consistent_session():
    s = trained()
    exp = copy.deepcopy(s.experiment)
    exp["network"]["layers"][0]["units"] = 8
    assert s.apply(exp) == "reset"
    assert s.net.params["W1"].shape == s.trainer.net.params["W1"].shape == (2, 8)
    assert s.trainer.net is s.net and s.trainer.optimizer is s.optimizer and s.trainer.step_count == 0
    assert s.trainer.run(5) == 5


def test_normalize_does_not_touch_its_input_and_is_stable():
    exp = copy.deepcopy(SMALL)
    once = normalize_experiment(exp)
    assert exp == SMALL and normalize_experiment(once) == once
    assert normalize_experiment({"network": {"layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce"}}) \
        ["network"]["init"] == "he"


# -- memory -------------------------------------------------------------------------------------------

def test_the_issues_memory_bomb_is_refused_with_what_to_shrink():
    exp = _with(dataset__n=1_000_000, network__layers=[{"units": 2200, "activation": "relu"},
                                                        {"units": 2200, "activation": "relu"},
                                                        {"units": 1, "activation": "sigmoid"}])
    with pytest.raises(ConfigError) as refusal:
        Session(exp)
    message = str(refusal.value)
    assert "52.8 GB" in message and "2 GiB (2.1 GB) budget" in message
    assert "1,000,000 points" in message and "2,200 values" in message
    for advice in ("fewer points", "narrower", "float32"):
        assert advice in message
    exp["network"]["dtype"] = "float32"  # already float32: that advice would not help, so it is not given
    with pytest.raises(ConfigError) as refusal:
        Session(exp)
    assert "fewer points" in str(refusal.value) and "float32" not in str(refusal.value)


def test_memory_estimate_follows_its_documented_formula():
    s = Session(SMALL)
    parts = estimate_memory(s.net, s.data, 8)
    n, item = len(s.data.x), 8
    assert parts["pass"] == n * 4 * item * 3  # widest layer: 4 units
    assert parts["step"] == 8 * (4 + 1) * item * 4
    assert parts["params"] == sum(p.size for p in s.net.params.values()) * item * 10
    assert parts["data"] == 2 * (s.data.x.nbytes + s.data.t.nbytes)
    assert parts["total"] == sum(v for k, v in parts.items() if k != "total") < MEMORY_BUDGET
    # just under the budget is accepted, and float32 halves the network's part
    half = _with(dataset__n=200_000, network__layers=[{"units": 400, "activation": "relu"},
                                                      {"units": 1, "activation": "sigmoid"}])
    assert Session(half).net.params["W1"].shape == (2, 400)


# -- the fuzz suite -----------------------------------------------------------------------------------

def _deep(levels):
    value = [0]
    for _ in range(levels):
        value = [value]
    return value


HOSTILE = [None, True, False, 0, -1, 1, 2, 1.5, -0.0, 0.5, 2**31, 2**63, 10**30, 10**400, 1e308, -1e308, 1e-320,
           math.nan, math.inf, -math.inf, "", "x", "relu", "sgd", "spiral", "1", "nan", "float16", [], [1], [None],
           ["relu"], [0.9, 0.999], {}, {"a": 1}, {1: 2}, {"name": "sgd"}, {"units": 3}, _deep(3), _deep(40),
           "é" * 300]


def _hostile(rng):
    return copy.deepcopy(rng.choice(HOSTILE))  # a copy: later edits must not change the pool


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _mutate_once(value, rng):
    """One hostile edit somewhere in ``value``; returns the (possibly new) root."""
    path = rng.choice([p for p in _paths(value) if p] or [()])
    if not path:
        return _hostile(rng)
    parent, key = _get(value, path[:-1]), path[-1]
    old = parent[key]
    op = rng.randrange(9)
    if op == 0 and isinstance(parent, dict):
        del parent[key]
    elif op == 1 and isinstance(parent, dict):
        parent[rng.choice(["extra", "type", "units", "name", "lr", "input", 7, None, 1.5])] = _hostile(rng)
    elif op == 2:
        parent[key] = [old]
    elif op == 3:
        parent[key] = str(old)
    elif op == 4 and isinstance(old, (int, float)) and not isinstance(old, bool):
        parent[key] = rng.choice([old + 0.5, float(old), -old, old * 1000, old * 10**6, int(old) if
                                  math.isfinite(old) else 0, old + 1])
    elif op == 5 and isinstance(parent, list):
        parent.append(copy.deepcopy(rng.choice(parent)) if rng.random() < 0.5 else _hostile(rng))
    elif op == 6 and isinstance(old, dict):
        parent[key] = list(old.items()) if rng.random() < 0.5 else {**old, rng.choice([0, 2.5]): "junk"}
    else:
        parent[key] = _hostile(rng)
    return value


def _legit_change(exp, rng):
    """A change the session accepts on its own (a wider layer, new data, another batch size, ...), so a
    hostile edit beside it tests that nothing of it is applied half."""
    change = rng.randrange(5)
    if change == 0:
        exp["network"]["layers"][0]["units"] += 4
    elif change == 1 and "n" in exp["dataset"]:
        exp["dataset"]["n"] += 10
    elif change == 2:
        exp["batch_size"] += 1
    elif change == 3:
        exp["optimizer"] = {"name": "adagrad", "lr": 0.1}
    else:
        exp["sampling"] = "replace" if exp.get("sampling") == "shuffle" else "shuffle"


def hostile_variants(bases, count, seed, legit_change=None):
    """``count`` mutated deep copies of the ``bases`` (1 to 3 edits each; with ``legit_change``, half of
    them beside an acceptable change), reproducible from ``seed``."""
    rng = random.Random(seed)
    for _ in range(count):
        value = copy.deepcopy(rng.choice(bases))
        if legit_change is not None and rng.random() < 0.5:
            legit_change(value, rng)
        for _ in range(rng.choice((1, 1, 2, 3))):
            value = _mutate_once(value, rng)
        yield value


def test_fuzzed_experiments_are_accepted_or_refused_whole(tmp_path, capsys):
    sessions = [trained(base, steps=11) for base in BASES]
    pictures = [snapshot(s) for s in sessions]
    tried = refused = 0
    for i, exp in enumerate(hostile_variants(BASES, 1500, seed=10, legit_change=_legit_change)):
        tried += 1
        k = i % len(BASES)
        s = sessions[k]
        text = repr(exp)[:300]
        try:
            normalize_experiment(exp)
            Session(exp)
        except ConfigError:
            pass
        except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
            pytest.fail(f"{type(exc).__name__}: {exc} for {text}")
        try:
            s.apply(exp)
        except ConfigError:
            refused += 1
            assert snapshot(s) == pictures[k], f"a refused apply changed the session: {text}"
            if refused % 40 == 0:
                assert_saves_loads_and_trains(s, tmp_path / f"r{i}.vnet")
            continue
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"apply raised {type(exc).__name__}: {exc} for {text}")
        sessions[k] = s = trained(BASES[k], steps=11)  # accepted: start the next case from the base again
        pictures[k] = snapshot(s)
    with capsys.disabled():
        print(f"\nsession fuzz: {tried} hostile experiments, {refused} refused whole, {tried - refused} accepted")
    assert refused > tried // 2


# -- MNIST specs --------------------------------------------------------------------------------------

def test_mnist_specs_are_checked_and_unreadable_folders_are_config_errors(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "mnist.npz", x_test=rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
             y_test=rng.integers(0, 10, 40, dtype=np.uint8), x_train=np.zeros((0, 28, 28), np.uint8),
             y_train=np.zeros(0, np.uint8))
    conv = {"layers": [{"type": "conv2d", "filters": 2, "kernel": 3, "activation": "relu"},
                       {"type": "maxpool", "size": 2}, {"type": "flatten"},
                       {"units": 10, "activation": "softmax"}], "loss": "cross_entropy", "dtype": "float32"}
    good = {"dataset": {"name": "mnist", "folder": str(tmp_path), "limit": 30, "test_ratio": 0.2},
            "network": conv, "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 8}
    s = Session(good)
    assert s.net.input_shape == (1, 28, 28) and len(s.train.x) == 24
    assert s.trainer.run(3) == 3
    before = snapshot(s)
    for change, field in ((("folder", str(tmp_path / "nowhere")), "dataset.folder"),
                          (("folder", ["x"]), "dataset.folder"), (("kind", "test"), "dataset.kind"),
                          (("limit", 2.5), "dataset.limit"), (("noise", 0.1), "dataset.noise"),
                          (("dtype", "int8"), "dataset.dtype")):
        bad = copy.deepcopy(good)
        bad["dataset"][change[0]] = change[1]
        with pytest.raises(ConfigError) as refusal:
            s.apply(bad)
        assert refusal.value.field == field, str(refusal.value)
        assert snapshot(s) == before


def test_an_output_that_does_not_fit_the_targets_is_refused_when_built_not_at_the_first_step():
    from visualnet.core import presets

    session = Session(presets.experiment_for(presets.get("rnn_hihello")))
    before = session.net
    one_per_sequence = copy.deepcopy(session.experiment)
    one_per_sequence["network"]["layers"][0]["return_sequences"] = False  # hihello has a label per step
    with pytest.raises(ConfigError) as refusal:
        session.apply(one_per_sequence)
    assert refusal.value.field == "network" and "do not match outputs" in str(refusal.value)
    assert session.net is before
