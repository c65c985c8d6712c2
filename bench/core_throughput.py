"""Training steps/s of the core against the same loop written plainly in NumPy, in the same dtype and run.

Two nets:
- MNIST, the textbook's loop: 784-50-10 sigmoid/softmax, cross-entropy, SGD lr 0.1, batch 100 drawn
  with replacement, init std 0.01 (and PyTorch CPU float32 when importable);
- TF Playground's heaviest: 2 inputs, 6 hidden layers of 8 tanh units, 1 sigmoid output with BCE,
  spiral (500 points, half test), SGD lr 0.03, batch 10 in shuffled epochs, xavier init.

visualnet runs through ``Trainer.run`` with the per-layer summaries unwatched (as the app trains when
no view shows them: the compiled fast path) and, for reference, watched. Rounds are interleaved so
background load hits every loop alike, each starting with the next loop; the best round counts.

    python bench/core_throughput.py [--rounds 10] [--mnist ../shared/data/mnist]

Both loops run on one BLAS thread, as fast play trains in the app's training process (with two, OpenBLAS's
hand-offs between a step's small products cost visualnet's loop 4–10 % more than the plain one on a 2-core
AMD EPYC; OPENBLAS_NUM_THREADS=2 measures that).

Goals: issue 12, visualnet ≥ 0.9× plain NumPy in the same dtype on both nets; issue 2, MNIST
visualnet float32 ≥ 2× plain NumPy float64 and ≥ 1.5× PyTorch CPU.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

from visualnet import blas

blas.set_training_threads()  # as the app's training process (OPENBLAS_NUM_THREADS=2: the machine's default)

import numpy as np

from visualnet.core import datasets, optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.9


def load_mnist(folder):
    try:
        data = datasets.load_mnist(folder)
        return data.x[:8000], data.t[:8000]
    except (FileNotFoundError, ValueError):
        rng = np.random.default_rng(0)  # same shapes when the real set is absent
        return rng.random((8000, 784)), rng.integers(0, 10, 8000)


def load_spiral():
    train, _test = datasets.spiral(500).split(0.5, seed=0)
    return train.x, train.t


# -- MNIST ----------------------------------------------------------------------------------------

def visualnet_mnist(x, t, dtype, watch=False):
    net = Network.from_config({"input": 784, "layers": [{"units": 50, "activation": "sigmoid"},
                                                        {"units": 10, "activation": "softmax"}],
                               "loss": "cross_entropy", "init": 0.01, "seed": 0, "dtype": dtype})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x, t, batch_size=100, seed=0, sampling="replace",
                      eval_every=0, watch_summaries=watch)
    return trainer.run


def plain_mnist(x, t, dtype):
    """The textbook's TwoLayerNet + SGD, written plainly."""
    rng = np.random.default_rng(0)
    x = x.astype(dtype)
    W1, b1 = (0.01 * rng.standard_normal((784, 50))).astype(dtype), np.zeros(50, dtype)
    W2, b2 = (0.01 * rng.standard_normal((50, 10))).astype(dtype), np.zeros(10, dtype)
    onehot = np.eye(10, dtype=dtype)[t]

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


def torch_mnist(x, t):
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


# -- TF Playground's 6×8 tanh net on the spiral ---------------------------------------------------

PLAYGROUND_LAYERS = [{"units": 8, "activation": "tanh"}] * 6 + [{"units": 1, "activation": "sigmoid"}]


def visualnet_playground(x, t, dtype, watch=False):
    net = Network.from_config({"input": 2, "layers": PLAYGROUND_LAYERS, "loss": "bce", "init": "xavier",
                               "seed": 0, "dtype": dtype})
    trainer = Trainer(net, optimizers.make("sgd", lr=0.03), x, t, batch_size=10, seed=0, sampling="shuffle",
                      eval_every=0, watch_summaries=watch)
    return trainer.run


def plain_playground(x, t, dtype):
    """2-8-8-8-8-8-8-1: tanh, sigmoid output, BCE, SGD lr 0.03, batch 10 in shuffled epochs, written plainly."""
    rng = np.random.default_rng(0)
    sizes = [2] + [8] * 6 + [1]
    Ws = [(rng.standard_normal((m, k)) * np.sqrt(1 / m)).astype(dtype) for m, k in itertools.pairwise(sizes)]
    bs = [np.zeros(k, dtype) for k in sizes[1:]]
    x, t = x.astype(dtype), t.astype(dtype).reshape(-1, 1)
    n, batch = len(x), 10
    order, cursor = rng.permutation(n), 0

    def run(steps):
        nonlocal order, cursor
        for _ in range(steps):
            if cursor + batch > n:
                order, cursor = rng.permutation(n), 0
            idx = order[cursor:cursor + batch]
            cursor += batch
            xb, tb = x[idx], t[idx]
            acts = [xb]
            for W, b in zip(Ws[:-1], bs[:-1]):
                acts.append(np.tanh(acts[-1] @ W + b))
            y = 1 / (1 + np.exp(-(acts[-1] @ Ws[-1] + bs[-1])))
            delta = (y - tb) / batch
            for i in range(len(Ws) - 1, -1, -1):
                gW, gb = acts[i].T @ delta, delta.sum(axis=0)
                if i:
                    delta = (delta @ Ws[i].T) * (1 - acts[i] * acts[i])
                Ws[i] -= 0.03 * gW
                bs[i] -= 0.03 * gb

    return run


# -- measuring ------------------------------------------------------------------------------------

def best_rates(loops: dict, steps: int, rounds: int) -> dict:
    """Steps/s of each loop: rounds interleaved so background load hits all alike, each round starting one
    loop later (the first loop of a round ran 3 % slower, after another loop's data left the cache); best
    round counts."""
    rates = {name: 0.0 for name in loops}
    for run in loops.values():
        run(20)  # warm-up
    names = list(loops)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            run = loops[name]
            t0 = time.perf_counter()
            run(steps)
            rates[name] = max(rates[name], steps / (time.perf_counter() - t0))
    return rates


def report(title, rates, steps, rounds):
    print(f"\n{title}: best of {rounds} interleaved rounds of {steps} steps\n{'loop':34s} {'steps/s':>10s}")
    for name, rate in rates.items():
        print(f"{name:34s} {rate:10.0f}")
    for dtype in ("float32", "float64"):
        ratio = rates[f"visualnet {dtype}"] / rates[f"plain NumPy {dtype}"]
        verdict = "ok" if ratio >= GOAL else "BELOW GOAL"
        print(f"visualnet / plain NumPy, {dtype}: {ratio:5.2f}×  (goal ≥ {GOAL}) {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400, help="MNIST steps per round (Playground: 10×)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist"))
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) at start: {load:.2f}; BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']} "
          "(as the app's training process; OPENBLAS_NUM_THREADS=2 for the machine's default)")

    x, t = load_spiral()
    loops = {}
    for dtype in ("float32", "float64"):
        loops[f"visualnet {dtype}"] = visualnet_playground(x, t, dtype)
        loops[f"plain NumPy {dtype}"] = plain_playground(x, t, dtype)
    loops["visualnet float64, summaries watched"] = visualnet_playground(x, t, "float64", watch=True)
    steps = 10 * args.steps
    report("TF Playground 2-8×6-1 tanh, spiral, batch 10", best_rates(loops, steps, args.rounds), steps, args.rounds)

    x, t = load_mnist(args.mnist)
    loops = {}
    for dtype in ("float32", "float64"):
        loops[f"visualnet {dtype}"] = visualnet_mnist(x, t, dtype)
        loops[f"plain NumPy {dtype}"] = plain_mnist(x, t, dtype)
    loops["visualnet float64, summaries watched"] = visualnet_mnist(x, t, "float64", watch=True)
    torch_run = torch_mnist(x, t)
    if torch_run is not None:
        loops["PyTorch CPU float32"] = torch_run
    rates = best_rates(loops, args.steps, args.rounds)
    report("MNIST 784-50-10 sigmoid/softmax, batch 100", rates, args.steps, args.rounds)
    fast32 = rates["visualnet float32"]
    print(f"visualnet float32 / plain NumPy float64: {fast32 / rates['plain NumPy float64']:5.2f}×  (issue 2: ≥ 2)")
    if torch_run is not None:
        print(f"visualnet float32 / PyTorch CPU:         {fast32 / rates['PyTorch CPU float32']:5.2f}×  (issue 2: ≥ 1.5)")
    else:
        print("PyTorch not importable: no torch comparison")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload average (1 min) at end: {load:.2f}")


if __name__ == "__main__":
    main()
