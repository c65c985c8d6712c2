"""Optimizers against a plain transcription of torch.optim's documented algorithms (written here, per
coordinate, sharing no code with the module), plus state handling and the textbook comparison."""

import math

import numpy as np
import pytest

from visualnet.core import optimizers, surfaces
from visualnet.core.errors import ConfigError

ROSEN = surfaces.get("rosenbrock")


def torch_reference(name, hp, start, grad_fn, steps):
    """torch.optim pseudo-code, one scalar coordinate at a time."""
    d = dict(optimizers.DEFAULTS[name])
    d.update(hp)
    p = [float(v) for v in start]
    n = len(p)
    buf = [None] * n
    s1 = [d.get("initial_accumulator_value", 0.0)] * n
    s2 = [0.0] * n
    s3 = [0.0] * n
    path = [tuple(p)]
    for t in range(1, steps + 1):
        g_all = grad_fn(p)
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
        path.append(tuple(p))
    return np.array(path)


CASES = [
    ("sgd", {"lr": 1e-4}), ("sgd", {"lr": 1e-4, "weight_decay": 0.1}),
    ("sgd", {"lr": 1e-4, "momentum": 0.5, "dampening": 0.3}),
    ("momentum", {"lr": 1e-4}), ("nesterov", {"lr": 1e-4}), ("nesterov", {"lr": 1e-4, "weight_decay": 0.01}),
    ("adagrad", {"lr": 0.05}), ("adagrad", {"lr": 0.05, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("rmsprop", {"lr": 1e-3}), ("rmsprop", {"lr": 1e-3, "centered": True}),
    ("rmsprop", {"lr": 1e-4, "momentum": 0.8, "weight_decay": 0.01}),
    ("adam", {"lr": 0.01}), ("adam", {"lr": 0.01, "weight_decay": 0.1, "betas": (0.8, 0.99)}),
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
        opt.update(params, {"xy": ROSEN.grad_xy(p)})
        path.append(p.copy())
    assert params["xy"] is p  # in place
    expected = torch_reference(name, hp, (-1.5, 2.0), ROSEN.grad_xy, 100)
    np.testing.assert_allclose(np.array(path), expected, rtol=1e-12, atol=1e-14)


def test_float32_params_stay_float32_and_in_place():
    for name in optimizers.names():
        W = np.ones((3, 2), np.float32)
        b = np.zeros(2, np.float32)
        params = {"W1": W, "b1": b}
        opt = optimizers.make(name)
        opt.update(params, {"W1": np.full((3, 2), 0.5), "b1": np.ones(2)})
        assert params["W1"] is W and W.dtype == np.float32 and b.dtype == np.float32
        assert not np.all(W == 1.0), name


@pytest.mark.parametrize("name, keys", [("momentum", {"momentum_buffer"}), ("adagrad", {"sum", "step"}),
                                        ("rmsprop", {"square_avg"}), ("adam", {"exp_avg", "exp_avg_sq", "step"}),
                                        ("adadelta", {"square_avg", "acc_delta"})])
def test_state_is_readable(name, keys):
    opt = optimizers.make(name)
    p = np.array([1.0, 2.0])
    opt.update({"xy": p}, {"xy": np.array([0.1, -0.2])})
    assert set(opt.state["xy"]) == keys
    assert opt.last_step["xy"].shape == (2,)


def test_set_hyperparams_keeps_state_and_state_dict_round_trips():
    a = optimizers.make("adam", lr=0.05)
    p = np.array([-1.5, 2.0])
    for _ in range(10):
        a.update({"xy": p}, {"xy": ROSEN.grad_xy(p)})
    a.set_hyperparams(lr=0.01)
    assert a.state["xy"]["step"] == 10 and a.hyperparams["lr"] == 0.01
    b = optimizers.make("adam")
    b.load_state_dict(a.state_dict())
    q = p.copy()
    for _ in range(10):
        a.update({"xy": p}, {"xy": ROSEN.grad_xy(p)})
        b.update({"xy": q}, {"xy": ROSEN.grad_xy(q)})
    np.testing.assert_array_equal(p, q)


def run_path(name, lr, steps=30):
    s = surfaces.get("textbook")
    opt = optimizers.make(name, lr=lr)
    p = np.array(s.start)
    for _ in range(steps):
        opt.update({"xy": p}, {"xy": s.grad_xy(p)})
    return p


def test_textbook_comparison_end_points_are_pinned():
    """x²/20 + y² from (−7, 2), 30 steps, the book's learning rates, torch's update rules."""
    ends = {name: run_path(name, lr) for name, lr in
            [("sgd", 0.95), ("momentum", 0.1), ("adagrad", 1.5), ("adam", 0.3)]}
    np.testing.assert_allclose(ends["sgd"], PINNED["sgd"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ends["momentum"], PINNED["momentum"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ends["adagrad"], PINNED["adagrad"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ends["adam"], PINNED["adam"], rtol=1e-9, atol=1e-12)
    # and the same numbers from the independent transcription
    s = surfaces.get("textbook")
    for name, lr in [("sgd", 0.95), ("momentum", 0.1), ("adagrad", 1.5), ("adam", 0.3)]:
        ref = torch_reference(name, {"lr": lr}, s.start, s.grad_xy, 30)[-1]
        np.testing.assert_allclose(ends[name], ref, rtol=1e-12, atol=1e-14)


PINNED = {
    "sgd": [-0.3503929957523197, 0.0847823165504322],
    "momentum": [0.8964138584937322, 0.08808560171506963],
    "adagrad": [-0.12016224724728575, 2.4863841159975314e-17],
    "adam": [0.13601461732623135, 0.31824538889630966],
}


@pytest.mark.parametrize("name, hp, field", [
    ("rmsprop2", {}, "optimizer"),
    ("sgd", {"lr": -1.0}, "lr"),
    ("sgd", {"lr": float("nan")}, "lr"),
    ("adam", {"lr": float("inf")}, "lr"),
    ("adam", {"betas": (0.9, 1.0)}, "betas[1]"),
    ("adam", {"betas": 0.9}, "betas"),
    ("momentum", {"momentum": 1.5}, "momentum"),
    ("rmsprop", {"alpha": -0.1}, "alpha"),
    ("adagrad", {"eps": -1e-10}, "eps"),
    ("sgd", {"nesterov": True}, "nesterov"),
    ("sgd", {"beta": 0.9}, "beta"),
    ("adam", {"lr": "0.1"}, "lr"),
    ("sgd", {"nesterov": "yes"}, "nesterov"),
])
def test_bad_hyperparameters(name, hp, field):
    with pytest.raises(ConfigError) as err:
        optimizers.make(name, **hp)
    assert err.value.field == field
