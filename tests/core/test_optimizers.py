"""Optimizers against a plain transcription of torch.optim's documented algorithms (written here, per
coordinate, sharing no code with the module, not even the defaults), plus state handling, allocation
and the textbook comparison."""

import json
import math
import tracemalloc

import numpy as np
import pytest

from visualnet.core import optimizers, surfaces
from visualnet.core.errors import ConfigError

ROSEN = surfaces.get("rosenbrock")

# torch.optim's defaults, except lr = 0.01 for the SGD family (torch: 1e-3)
TORCH_DEFAULTS = {
    "sgd": {"lr": 0.01, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "momentum": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "nesterov": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0, "nesterov": True},
    "adagrad": {"lr": 0.01, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False},
    "adam": {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
}


def torch_reference(name, hp, start, grad_fn, steps):
    """torch.optim's pseudo-code, one scalar coordinate at a time.

    Returns the path (steps + 1 rows) and the final state as {slot: [value per coordinate]}.
    """
    d = dict(TORCH_DEFAULTS[name])
    d.update(hp)
    p = [float(v) for v in start]
    n = len(p)
    buf = [None] * n
    s1 = [d.get("initial_accumulator_value", 0.0)] * n
    s2 = [0.0] * n
    s3 = [0.0] * n
    path = [list(p)]
    for t in range(1, steps + 1):
        g_all = grad_fn(np.array(p))
        for i in range(n):
            g = float(g_all[i])
            lr, wd = d["lr"], d["weight_decay"]
            if name in ("sgd", "momentum", "nesterov"):
                if wd:
                    g += wd * p[i]
                mu = d["momentum"]
                if mu:
                    buf[i] = g if buf[i] is None else mu * buf[i] + (1 - d["dampening"]) * g
                    g = g + mu * buf[i] if d["nesterov"] else buf[i]
                p[i] -= lr * g
            elif name == "adagrad":
                if wd:
                    g += wd * p[i]
                clr = lr / (1 + (t - 1) * d["lr_decay"])
                s1[i] += g * g
                p[i] -= clr * g / (math.sqrt(s1[i]) + d["eps"])
            elif name == "rmsprop":
                if wd:
                    g += wd * p[i]
                a = d["alpha"]
                s1[i] = a * s1[i] + (1 - a) * g * g
                v = s1[i]
                if d["centered"]:
                    s2[i] = a * s2[i] + (1 - a) * g
                    v = v - s2[i] ** 2
                if d["momentum"] > 0:
                    s3[i] = d["momentum"] * s3[i] + g / (math.sqrt(v) + d["eps"])
                    p[i] -= lr * s3[i]
                else:
                    p[i] -= lr * g / (math.sqrt(v) + d["eps"])
            elif name in ("adam", "adamw"):
                b1, b2 = d["betas"]
                if name == "adamw":
                    p[i] *= 1 - lr * wd
                elif wd:
                    g += wd * p[i]
                s1[i] = b1 * s1[i] + (1 - b1) * g
                s2[i] = b2 * s2[i] + (1 - b2) * g * g
                m_hat = s1[i] / (1 - b1**t)
                v_hat = s2[i] / (1 - b2**t)
                p[i] -= lr * m_hat / (math.sqrt(v_hat) + d["eps"])
            elif name == "adadelta":
                if wd:
                    g += wd * p[i]
                rho, eps = d["rho"], d["eps"]
                s1[i] = rho * s1[i] + (1 - rho) * g * g
                delta = math.sqrt(s2[i] + eps) / math.sqrt(s1[i] + eps) * g
                s2[i] = rho * s2[i] + (1 - rho) * delta * delta
                p[i] -= lr * delta
        path.append(list(p))
    if name in ("sgd", "momentum", "nesterov"):
        state = {"momentum_buffer": buf} if d["momentum"] else {}
    elif name == "adagrad":
        state = {"sum": s1}
    elif name == "rmsprop":
        state = {"square_avg": s1, **({"grad_avg": s2} if d["centered"] else {}),
                 **({"momentum_buffer": s3} if d["momentum"] > 0 else {})}
    elif name in ("adam", "adamw"):
        state = {"exp_avg": s1, "exp_avg_sq": s2}
    else:
        state = {"square_avg": s1, "acc_delta": s2}
    return np.array(path), state


CASES = [
    ("sgd", {"lr": 1e-4}), ("sgd", {"lr": 1e-4, "weight_decay": 0.1}),
    ("sgd", {"lr": 1e-4, "momentum": 0.5, "dampening": 0.3}),
    ("sgd", {"lr": 1e-4, "momentum": 0.7, "nesterov": True}),
    ("momentum", {"lr": 1e-4}), ("momentum", {"lr": 1e-4, "weight_decay": 0.05, "dampening": 0.1}),
    ("nesterov", {"lr": 1e-4}), ("nesterov", {"lr": 1e-4, "weight_decay": 0.01}),
    ("adagrad", {"lr": 0.05}), ("adagrad", {"lr": 0.05, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adagrad", {"lr": 0.05, "weight_decay": 0.2, "eps": 1e-6}),
    ("rmsprop", {"lr": 1e-3}), ("rmsprop", {"lr": 1e-3, "centered": True}),
    ("rmsprop", {"lr": 1e-4, "momentum": 0.8, "weight_decay": 0.01}),
    ("rmsprop", {"lr": 1e-4, "momentum": 0.5, "centered": True, "alpha": 0.9}),
    ("adam", {"lr": 0.01}), ("adam", {"lr": 0.01, "weight_decay": 0.1, "betas": (0.8, 0.99)}),
    ("adam", {"lr": 0.01, "eps": 1e-3, "betas": [0.0, 0.5]}),
    ("adamw", {"lr": 0.01}), ("adamw", {"lr": 0.01, "weight_decay": 0.3}),
    ("adadelta", {}), ("adadelta", {"lr": 0.5, "rho": 0.95, "weight_decay": 0.01}),
]


@pytest.mark.parametrize("name, hp", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_100_steps_on_rosenbrock_match_torch_formulas(name, hp):
    opt = optimizers.make(name, **hp)
    p = np.array([-1.5, 2.0])
    params = {"xy": p}
    path = [p.copy()]
    for _ in range(100):
        before = p.copy()
        opt.update(params, {"xy": ROSEN.grad_xy(p)})
        np.testing.assert_array_equal(opt.last_step["xy"], p - before)
        path.append(p.copy())
    assert params["xy"] is p
    assert opt.step_count == 100
    expected, state = torch_reference(name, hp, (-1.5, 2.0), ROSEN.grad_xy, 100)
    np.testing.assert_allclose(np.array(path), expected, rtol=1e-12, atol=1e-14)
    assert set(opt.state.get("xy", {})) - {"step"} == set(state)
    for slot, values in state.items():
        np.testing.assert_allclose(opt.state["xy"][slot], values, rtol=1e-12, atol=1e-14)


def test_defaults_are_torchs():
    assert optimizers.names() == tuple(TORCH_DEFAULTS)
    for name in optimizers.names():
        assert optimizers.defaults(name) == TORCH_DEFAULTS[name]
        assert optimizers.make(name).hyperparams == TORCH_DEFAULTS[name]
    optimizers.defaults("adam")["lr"] = 5.0  # a copy: views may edit it
    assert optimizers.defaults("adam")["lr"] == 0.001


def quadratic_grad(v):
    # couples coordinates, so every parameter's gradient depends on all of them
    return 2 * v - 0.5 * np.roll(v, 1) + 0.3


@pytest.mark.parametrize("name, hp", [("nesterov", {"weight_decay": 0.1}), ("adagrad", {"lr_decay": 0.1}),
                                      ("rmsprop", {"centered": True, "momentum": 0.5}), ("adamw", {"lr": 0.01}),
                                      ("adadelta", {})])
def test_network_shaped_params_update_by_name(name, hp):
    rng = np.random.default_rng(1)
    W1, b1 = rng.standard_normal((3, 4)), rng.standard_normal(4)
    start = np.concatenate([W1.ravel(), b1])
    params = {"b1": b1, "W1": W1}  # order differs from the grads' order on purpose
    opt = optimizers.make(name, **hp)
    for _ in range(20):
        g = quadratic_grad(np.concatenate([W1.ravel(), b1]))
        opt.update(params, {"W1": g[:12].reshape(3, 4), "b1": g[12:]})
    assert params["W1"] is W1 and params["b1"] is b1
    expected, _ = torch_reference(name, hp, start, quadratic_grad, 20)
    np.testing.assert_allclose(np.concatenate([W1.ravel(), b1]), expected[-1], rtol=1e-12, atol=1e-14)
    assert opt.last_step["W1"].shape == (3, 4) and opt.last_step["b1"].shape == (4,)


def test_params_without_gradient_are_left_alone_and_gradients_untouched():
    W, b = np.ones((2, 2)), np.ones(2)
    g = np.full((2, 2), 0.5)
    opt = optimizers.make("sgd", lr=0.1, weight_decay=0.5)
    opt.update({"W1": W, "b1": b}, {"W1": g})
    np.testing.assert_array_equal(b, 1.0)
    np.testing.assert_array_equal(g, 0.5)
    np.testing.assert_allclose(W, 1 - 0.1 * (0.5 + 0.5 * 1))
    with pytest.raises(ConfigError) as err:
        opt.update({"W1": W}, {"W1": np.ones(3)})
    assert err.value.field == "grads"


@pytest.mark.parametrize("name", optimizers.names())
def test_float32_params_stay_float32_and_in_place(name):
    W = np.ones((3, 2), np.float32)
    b = np.zeros(2, np.float32)
    params = {"W1": W, "b1": b}
    opt = optimizers.make(name, weight_decay=0.1)
    for _ in range(3):
        opt.update(params, {"W1": np.full((3, 2), 0.5), "b1": np.ones(2)})  # float64 gradients
    assert params["W1"] is W and params["b1"] is b
    assert W.dtype == np.float32 and b.dtype == np.float32
    assert not np.all(W == 1.0)
    for slots in opt.state.values():
        for value in slots.values():
            assert isinstance(value, int) or value.dtype == np.float32
    assert opt.last_step["W1"].dtype == np.float32


@pytest.mark.parametrize("name, hp, keys", [
    ("sgd", {}, set()), ("sgd", {"momentum": 0.5}, {"momentum_buffer"}),
    ("momentum", {}, {"momentum_buffer"}), ("nesterov", {}, {"momentum_buffer"}),
    ("adagrad", {}, {"sum", "step"}), ("rmsprop", {}, {"square_avg"}),
    ("rmsprop", {"centered": True, "momentum": 0.9}, {"square_avg", "grad_avg", "momentum_buffer"}),
    ("adam", {}, {"exp_avg", "exp_avg_sq", "step"}), ("adamw", {}, {"exp_avg", "exp_avg_sq", "step"}),
    ("adadelta", {}, {"square_avg", "acc_delta"}),
])
def test_state_is_readable(name, hp, keys):
    opt = optimizers.make(name, **hp)
    p = np.array([1.0, 2.0])
    opt.update({"xy": p}, {"xy": np.array([0.1, -0.2])})
    assert set(opt.state.get("xy", {})) == keys
    for key in keys - {"step"}:
        assert opt.state["xy"][key].shape == (2,)
    assert opt.step_count == 1 and opt.last_step["xy"].shape == (2,)
    opt.reset()
    assert opt.state == {} and opt.last_step == {} and opt.step_count == 0


def test_set_hyperparams_keeps_state_and_rejects_bad_values_whole():
    a = optimizers.make("adam", lr=0.05)
    p = np.array([-1.5, 2.0])
    for _ in range(10):
        a.update({"xy": p}, {"xy": ROSEN.grad_xy(p)})
    m = a.state["xy"]["exp_avg"].copy()
    a.set_hyperparams(lr=0.01, betas=[0.8, 0.9])
    assert a.state["xy"]["step"] == 10 and a.hyperparams["lr"] == 0.01 and a.hyperparams["betas"] == (0.8, 0.9)
    np.testing.assert_array_equal(a.state["xy"]["exp_avg"], m)
    with pytest.raises(ConfigError):
        a.set_hyperparams(lr=0.5, eps=-1.0)
    assert a.hyperparams["lr"] == 0.01 and a.hyperparams["eps"] == 1e-8
    s = optimizers.make("nesterov")
    with pytest.raises(ConfigError) as err:
        s.set_hyperparams(momentum=0.0)
    assert err.value.field == "nesterov" and s.hyperparams["momentum"] == 0.9


@pytest.mark.parametrize("name, hp", [("sgd", {}), ("momentum", {"dampening": 0.2}), ("nesterov", {}),
                                      ("adagrad", {"lr_decay": 0.1}), ("rmsprop", {"centered": True, "momentum": 0.3}),
                                      ("adam", {}), ("adamw", {}), ("adadelta", {})])
def test_state_dict_round_trip_continues_the_same_path(name, hp):
    hp = {"lr": 1e-4 if "sgd" in name or name in ("momentum", "nesterov") else 0.01, **hp}
    a = optimizers.make(name, **hp)
    p = np.array([-1.5, 2.0])
    for _ in range(10):
        a.update({"xy": p}, {"xy": ROSEN.grad_xy(p)})
    saved = a.state_dict()
    assert json.loads(json.dumps({k: v for k, v in saved.items() if k != "state"})) == \
        {k: v for k, v in saved.items() if k != "state"}
    assert saved["step_count"] == 10 and saved["name"] == name
    b = optimizers.make(name)
    b.load_state_dict(saved)
    assert b.hyperparams == a.hyperparams and b.step_count == 10
    q = p.copy()
    for _ in range(10):
        a.update({"xy": p}, {"xy": ROSEN.grad_xy(p)})
        b.update({"xy": q}, {"xy": ROSEN.grad_xy(q)})
    np.testing.assert_array_equal(p, q)
    # the saved dict holds copies: neither optimizer's later steps changed it
    c = optimizers.make(name)
    c.load_state_dict(saved)
    assert c.step_count == 10
    for key, value in saved["state"].get("xy", {}).items():
        if isinstance(value, np.ndarray):
            assert not np.shares_memory(value, a.state["xy"][key])
            assert not np.shares_memory(value, c.state["xy"][key])


def test_state_dict_from_a_session_file_and_for_the_wrong_optimizer():
    a = optimizers.make("adagrad")
    a.update({"xy": np.array([1.0, 2.0])}, {"xy": np.array([0.5, 0.5])})
    saved = a.state_dict()
    saved["state"]["xy"]["step"] = np.asarray(saved["state"]["xy"]["step"])  # as np.load gives it back
    b = optimizers.make("adagrad")
    b.load_state_dict(saved)
    assert b.state["xy"]["step"] == 1 and isinstance(b.state["xy"]["step"], int)
    with pytest.raises(ConfigError) as err:
        optimizers.make("adam").load_state_dict(saved)
    assert err.value.field == "optimizer"


@pytest.mark.parametrize("name, hp", [("sgd", {}), ("nesterov", {"weight_decay": 0.1}),
                                      ("adagrad", {}), ("rmsprop", {"centered": True, "momentum": 0.5}),
                                      ("adam", {"weight_decay": 0.1}), ("adamw", {}), ("adadelta", {})])
def test_updates_allocate_no_temporaries(name, hp):
    """The training loop's hot path: after the first steps, an update allocates nothing array-sized."""
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((300, 50)), "b1": np.zeros(50)}
    grads = {k: rng.standard_normal(v.shape) for k, v in params.items()}
    opt = optimizers.make(name, lr=1e-6, **hp)
    opt.update(params, grads)
    opt.update(params, grads)
    tracemalloc.start()
    try:
        opt.update(params, grads)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < params["W1"].nbytes / 10


def run_path(name, lr, steps=30):
    s = surfaces.get("textbook")
    opt = optimizers.make(name, lr=lr)
    p = np.array(s.start)
    for _ in range(steps):
        opt.update({"xy": p}, {"xy": s.grad_xy(p)})
    return p


TEXTBOOK_RUNS = [("sgd", 0.95), ("momentum", 0.1), ("adagrad", 1.5), ("adam", 0.3)]
PINNED = {
    "sgd": [-0.3503929957523197, 0.0847823165504322],
    "momentum": [0.8964138584937322, 0.08808560171506963],
    "adagrad": [-0.12016224724728575, 2.4863841159975314e-17],
    "adam": [0.13601461732623135, 0.31824538889630966],
}


def test_textbook_comparison_end_points_are_pinned():
    """x²/20 + y² from (−7, 2), 30 steps, the book's learning rates, torch's update rules."""
    s = surfaces.get("textbook")
    for name, lr in TEXTBOOK_RUNS:
        end = run_path(name, lr)
        np.testing.assert_allclose(end, PINNED[name], rtol=1e-9, atol=1e-12, err_msg=name)
        # and the same numbers from the independent transcription
        ref = torch_reference(name, {"lr": lr}, s.start, s.grad_xy, 30)[0][-1]
        np.testing.assert_allclose(end, ref, rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("name, hp, field", [
    ("rmsprop2", {}, "optimizer"),
    ("sgd", {"lr": -1.0}, "lr"),
    ("sgd", {"lr": float("nan")}, "lr"),
    ("adam", {"lr": float("inf")}, "lr"),
    ("adam", {"lr": "0.1"}, "lr"),
    ("adam", {"lr": True}, "lr"),
    ("adagrad", {"eps": -1e-10}, "eps"),
    ("rmsprop", {"eps": float("nan")}, "eps"),
    ("adamw", {"weight_decay": -0.01}, "weight_decay"),
    ("sgd", {"weight_decay": float("inf")}, "weight_decay"),
    ("adam", {"betas": (0.9, 1.0)}, "betas[1]"),
    ("adam", {"betas": (-0.1, 0.9)}, "betas[0]"),
    ("adam", {"betas": 0.9}, "betas"),
    ("adam", {"betas": (0.9, 0.99, 0.9)}, "betas"),
    ("momentum", {"momentum": 1.5}, "momentum"),
    ("momentum", {"momentum": 1.0}, "momentum"),
    ("rmsprop", {"momentum": -0.5}, "momentum"),
    ("rmsprop", {"alpha": -0.1}, "alpha"),
    ("rmsprop", {"alpha": 1.0}, "alpha"),
    ("adadelta", {"rho": 1.0}, "rho"),
    ("adagrad", {"lr_decay": -1.0}, "lr_decay"),
    ("adagrad", {"initial_accumulator_value": -1.0}, "initial_accumulator_value"),
    ("sgd", {"nesterov": True}, "nesterov"),
    ("nesterov", {"momentum": 0.0}, "nesterov"),
    ("nesterov", {"dampening": 0.5}, "nesterov"),
    ("sgd", {"nesterov": "yes"}, "nesterov"),
    ("rmsprop", {"centered": 1}, "centered"),
    ("sgd", {"beta": 0.9}, "beta"),
    ("adam", {"momentum": 0.9}, "momentum"),
])
def test_bad_hyperparameters(name, hp, field):
    with pytest.raises(ConfigError) as err:
        optimizers.make(name, **hp)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")


def test_messages_say_what_is_allowed():
    with pytest.raises(ConfigError, match=r"optimizer: unknown 'x'; choose one of: sgd, momentum, nesterov, "
                                          r"adagrad, rmsprop, adam, adamw, adadelta"):
        optimizers.make("x")
    with pytest.raises(ConfigError, match=r"rho: must be \[0, 1\), got 1"):
        optimizers.make("adadelta", rho=1.0)
    with pytest.raises(ConfigError, match=r"lr: must be a finite number ≥ 0, got -1"):
        optimizers.make("sgd", lr=-1)
    with pytest.raises(ConfigError, match=r"sgd has no hyperparameter 'betas'; it takes lr, momentum"):
        optimizers.make("sgd", betas=(0.9, 0.99))


def test_plain_lr_names_the_rules_that_step_every_element_alike():
    assert optimizers.make("sgd", lr=0.3).plain_lr() == 0.3
    assert optimizers.make("momentum", lr=0.3, momentum=0.0).plain_lr() == 0.3
    assert optimizers.make("sgd", lr=0.3, weight_decay=0.1).plain_lr() is None
    assert optimizers.make("momentum", lr=0.3).plain_lr() is None
    for name in ("adagrad", "rmsprop", "adam", "adamw", "adadelta"):
        assert optimizers.make(name).plain_lr() is None


def test_a_step_applied_outside_update_is_counted_with_its_displacement():
    opt = optimizers.make("sgd", lr=0.5)
    p, g = {"w": np.array([1.0, 2.0])}, {"w": np.array([0.5, -1.0])}
    opt.update(p, g)
    displacement = {"w": -opt.plain_lr() * g["w"]}
    opt.count_step(displacement)
    assert opt.step_count == 2 and opt.last_step["w"] is displacement["w"]
