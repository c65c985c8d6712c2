"""A 101×101 loss-landscape slice of a 2-8-8-1 network (tanh hidden, sigmoid + bce) on 1,000 points:
the reference (set the parameters at each grid point, call ``net.loss``), a simple batched NumPy version
and ``visualnet.core.landscape.loss_slice`` (serial, threaded, in a worker thread as the UI runs it,
float32, and the progressive 11→26→51→101 refinement). Prints times, ratios and max differences.

    python bench/landscape.py [--grid 101] [--points 1000] [--rounds 3]

Goal (issue "Optimizer lab", item 4): the fast path ≤ 0.5 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import threading
import time

import numpy as np

from visualnet.core import datasets, losses, optimizers
from visualnet.core.landscape import loss_slice, point, progressive_slice, random_directions
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

REFERENCE_BUDGET = 20.0  # seconds; beyond this the reference loop runs on a subsample and is extrapolated


def setup(n_points):
    data = datasets.xor(n_points, noise=0.1, seed=0)
    net = Network.from_config({"input": 2, "layers": [{"units": 8, "activation": "tanh"},
                                                      {"units": 8, "activation": "tanh"},
                                                      {"units": 1, "activation": "sigmoid"}],
                               "loss": "bce", "seed": 0})
    Trainer(net, optimizers.make("adam", lr=0.02), data.x, data.t, batch_size=32, eval_every=0).run(300)
    return net, data.x, data.t


def reference(net, x, t, d1, d2, alphas, betas, budget):
    """The definition, one grid point at a time on a copy of the network; a subsample if it is slow."""
    clone = Network.from_config(net.to_config())
    origin = net.copy_params()
    points = [(i, j) for i in range(len(betas)) for j in range(len(alphas))]
    values = {}
    t0 = time.perf_counter()
    for k, (i, j) in enumerate(points):
        clone.set_params(point(origin, d1, d2, alphas[j], betas[i]))
        values[i, j] = clone.loss(x, t)
        if k == 49 and (time.perf_counter() - t0) / 50 * len(points) > budget:
            step = int(np.ceil(len(points) / (budget / ((time.perf_counter() - t0) / 50))))
            rest = points[k + 1::step]
            for ii, jj in rest:
                clone.set_params(point(origin, d1, d2, alphas[jj], betas[ii]))
                values[ii, jj] = clone.loss(x, t)
            elapsed = time.perf_counter() - t0
            return values, elapsed / len(values) * len(points), True
    return values, time.perf_counter() - t0, False


def simple_batched(net, x, t, d1, d2, alphas, betas):
    """Plain batched NumPy: the weights of one grid row stacked, every layer recomputed from X."""
    origin = net.copy_params()
    blocks = [b for b in net.blocks]
    tt = losses.prepare_targets("bce", t, np.empty((len(x), 1)))
    out = np.empty((len(betas), len(alphas)))
    a = alphas[:, None, None]
    for i, beta in enumerate(betas):
        h = x[None]
        for k, block in enumerate(blocks, start=1):
            W = origin[f"W{k}"] + a * d1[f"W{k}"] + beta * d2[f"W{k}"]
            b = origin[f"b{k}"] + a * d1[f"b{k}"] + beta * d2[f"b{k}"]
            z = h @ W + b
            h = block.act.activation.f(z) if k < len(blocks) else z
        out[i] = -np.sum(tt * losses._log_sigmoid(h) + (1 - tt) * losses._log_sigmoid(-h), axis=(1, 2)) / len(x)
    return out


def best(fn, rounds):
    times, result = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def in_thread(fn):
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=fn()))
    thread.start()
    thread.join()
    return box["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=int, default=101)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    net, x, t = setup(args.points)
    d1, d2 = random_directions(net, seed=0)
    grid = np.linspace(-1, 1, args.grid)
    n_grid = args.grid ** 2
    print(f"{args.grid}×{args.grid} slice, 2-8-8-1 tanh/sigmoid/bce on {args.points} points; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}\n")

    values, t_ref, sampled = reference(net, x, t, d1, d2, grid, grid, REFERENCE_BUDGET)
    t_simple, simple = best(lambda: simple_batched(net, x, t, d1, d2, grid, grid), 1)
    runs = {
        "fast, 1 thread": lambda: loss_slice(net, x, t, d1, d2, grid, grid, workers=1),
        "fast, default threads": lambda: loss_slice(net, x, t, d1, d2, grid, grid),
        "fast, from a worker thread": lambda: in_thread(lambda: loss_slice(net, x, t, d1, d2, grid, grid)),
        "fast, float32": lambda: loss_slice(net, x, t, d1, d2, grid, grid, dtype=np.float32),
        "progressive 11→26→51→101": lambda: list(progressive_slice(net, x, t, d1, d2))[-1][2],
    }
    timed = {name: best(fn, args.rounds) for name, fn in runs.items()}
    fast = timed["fast, default threads"][1]

    ref_note = f" (extrapolated from {len(values)} of {n_grid} points)" if sampled else ""
    print(f"{'method':30s} {'time s':>8s} {'× faster':>9s} {'max |Δ| vs reference':>22s}")
    print(f"{'reference: set params + loss':30s} {t_ref:8.3f} {1.0:9.1f} {'—':>22s}{ref_note}")

    def diff(s):
        return max(abs(s[i, j] - v) for (i, j), v in values.items())

    print(f"{'simple batched NumPy':30s} {t_simple:8.3f} {t_ref / t_simple:9.1f} {diff(simple):22.2e}")
    for name, (seconds, result) in timed.items():
        print(f"{name:30s} {seconds:8.3f} {t_ref / seconds:9.1f} {diff(result):22.2e}")
    print(f"\nmax relative difference fast / reference: "
          f"{max(abs(fast[i, j] / v - 1) for (i, j), v in values.items()):.2e};"
          f"  fast vs simple batched over the whole grid: {np.abs(fast - simple).max():.2e}")
    seconds = timed["fast, default threads"][0]
    print(f"goal ≤ 0.5 s: {'met' if seconds <= 0.5 else 'NOT met'} ({seconds:.3f} s, best of {args.rounds})")


if __name__ == "__main__":
    main()
