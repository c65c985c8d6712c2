"""The textbook's MNIST loop (784-50-10, sigmoid, softmax + CE, SGD lr 0.1, batch 100 with replacement)
through visualnet (float32 and float64, per-layer gradient summaries on) against the same loop written
plainly in NumPy float64 and, when importable, PyTorch CPU. Same run, same data; prints steps/s and ratios.

    python bench/core_throughput.py [--steps 2000] [--mnist ../shared/data/mnist]

Goal (issue 2): visualnet float32 ≥ 2× plain NumPy and ≥ 1.5× PyTorch CPU on the 2-core machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from visualnet.core import datasets, optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]


def load(folder):
    try:
        data = datasets.load_mnist(folder)
        return data.x[:8000], data.t[:8000]
    except (FileNotFoundError, ValueError):
        rng = np.random.default_rng(0)  # same shapes when the real set is absent
        return rng.random((8000, 784)), rng.integers(0, 10, 8000)


def visualnet_loop(x, t, dtype):
    net = Network.from_config({"input": 784, "layers": [{"units": 50, "activation": "sigmoid"},
                                                        {"units": 10, "activation": "softmax"}],
                               "loss": "cross_entropy", "init": 0.01, "seed": 0, "dtype": dtype})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x, t, batch_size=100, seed=0, sampling="replace",
                      eval_every=0, record_summaries=True)
    return trainer.run


def plain_numpy_loop(x, t):
    """The textbook's TwoLayerNet + SGD, written plainly in float64."""
    rng = np.random.default_rng(0)
    W1, b1 = 0.01 * rng.standard_normal((784, 50)), np.zeros(50)
    W2, b2 = 0.01 * rng.standard_normal((50, 10)), np.zeros(10)
    onehot = np.eye(10)[t]

    def run(n):
        nonlocal W1, b1, W2, b2
        for _ in range(n):
            idx = rng.integers(0, len(x), 100)
            xb, tb = x[idx], onehot[idx]
            a1 = xb @ W1 + b1
            z1 = 1 / (1 + np.exp(-a1))
            a2 = z1 @ W2 + b2
            e = np.exp(a2 - a2.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
            dy = (y - tb) / 100
            gW2, gb2 = z1.T @ dy, dy.sum(axis=0)
            dz1 = dy @ W2.T
            da1 = dz1 * z1 * (1 - z1)
            gW1, gb1 = xb.T @ da1, da1.sum(axis=0)
            W1 -= 0.1 * gW1
            b1 -= 0.1 * gb1
            W2 -= 0.1 * gW2
            b2 -= 0.1 * gb2

    return run


def torch_loop(x, t):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    xt, tt = torch.tensor(x, dtype=torch.float32), torch.tensor(t, dtype=torch.long)
    model = torch.nn.Sequential(torch.nn.Linear(784, 50), torch.nn.Sigmoid(), torch.nn.Linear(50, 10))
    for p in model.parameters():
        torch.nn.init.normal_(p, std=0.01) if p.dim() > 1 else torch.nn.init.zeros_(p)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)

    def run(n):
        for _ in range(n):
            idx = torch.randint(0, len(xt), (100,), generator=gen)
            opt.zero_grad(set_to_none=True)
            loss_fn(model(xt[idx]), tt[idx]).backward()
            opt.step()

    return run


def best_rates(loops: dict, steps: int, rounds: int) -> dict:
    """Steps/s of each loop: rounds interleaved so background load hits all alike; best round counts."""
    rates = {name: 0.0 for name in loops}
    for run in loops.values():
        run(20)  # warm-up
    for _ in range(rounds):
        for name, run in loops.items():
            t0 = time.perf_counter()
            run(steps)
            rates[name] = max(rates[name], steps / (time.perf_counter() - t0))
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=500, help="steps per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist"))
    args = parser.parse_args()
    x, t = load(args.mnist)
    loops = {
        "visualnet float32": visualnet_loop(x, t, "float32"),
        "visualnet float64": visualnet_loop(x, t, "float64"),
        "plain NumPy float64": plain_numpy_loop(x, t),
    }
    torch_run = torch_loop(x, t)
    if torch_run is not None:
        loops["PyTorch CPU float32"] = torch_run
    rates = best_rates(loops, args.steps, args.rounds)
    torch_rate = rates.get("PyTorch CPU float32")
    print(f"best of {args.rounds} interleaved rounds of {args.steps} steps\n{'loop':24s} {'steps/s':>10s}")
    for name, rate in rates.items():
        print(f"{name:24s} {rate:10.0f}")
    ref = rates["visualnet float32"]
    print(f"\nvisualnet float32 / plain NumPy float64: {ref / rates['plain NumPy float64']:.2f}×  (goal ≥ 2)")
    if torch_rate is not None:
        print(f"visualnet float32 / PyTorch CPU:         {ref / torch_rate:.2f}×  (goal ≥ 1.5)")
    else:
        print("PyTorch not importable: no torch comparison")


if __name__ == "__main__":
    main()
