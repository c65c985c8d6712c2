"""Training steps/s of the textbook's SimpleConvNet in the core, against plain NumPy and PyTorch CPU, same run.

SimpleConvNet: conv 30@5×5 → ReLU → max pool 2×2 → dense 100 ReLU → dense 10 softmax, cross-entropy,
Adam lr 0.001, batch 100 drawn with replacement, float32, on MNIST-shaped data (the first 8,000 images of
../shared/data/mnist when present, else random pixels of the same shape).

Loops, interleaved round by round so background load hits all alike (the best round counts):
- visualnet as the app plays it: summaries watched (the Gradients view), steps in slices of 25 ms of
  training with the last step of each slice recorded as a full trace (``Controller.train_slice``);
  with every step recorded (stepping by hand; the worst case); with summaries only; and unwatched;
- plain NumPy, the textbook's loop: im2col convolution and im2col max pooling with argmax, as in
  *Deep Learning from Scratch*'s ``SimpleConvNet``;
- plain NumPy with strided pooling: the same im2col convolution, max pooling over the four strided
  views of each 2×2 window (a faster loop a careful NumPy user writes);
- PyTorch CPU (``torch.nn.Conv2d`` …, ``torch.optim.Adam``) when importable.

    python bench/cnn_throughput.py [--rounds 5] [--steps 40] [--mnist ../shared/data/mnist]

Goal (issue 14): visualnet with summaries and traces ≥ 1.0× PyTorch CPU; where PyTorch is absent, against
the faster plain NumPy loop (on the 2-core machine PyTorch 2.13 ran 34 steps/s, a NumPy im2col loop 38).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from visualnet.core import datasets, optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.0
BATCH = 100
SIMPLE_CONV_NET = [{"type": "conv2d", "filters": 30, "kernel": 5, "activation": "relu"},
                   {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                   {"units": 100, "activation": "relu"}, {"units": 10, "activation": "softmax"}]


def load_mnist(folder):
    try:
        data = datasets.load_mnist(folder, dtype="float32")
        return data.x[:8000].reshape(-1, 1, 28, 28), data.t[:8000], "MNIST (first 8,000 of t10k)"
    except (FileNotFoundError, ValueError):
        rng = np.random.default_rng(0)
        return rng.random((8000, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, 8000), "random MNIST-shaped"


# -- visualnet ------------------------------------------------------------------------------------

SLICE_S = 0.025  # the controller's MAX_TRAIN_S: training's share of a frame while playing


def visualnet(x, t, watch, record=None):
    """``record`` None: no traces; "every": every step recorded; "slice": the last step of each 25 ms slice."""
    net = Network.from_config({"input": [1, 28, 28], "layers": SIMPLE_CONV_NET, "loss": "cross_entropy",
                               "init": "he", "seed": 0, "dtype": "float32"})
    trainer = Trainer(net, optimizers.make("adam", lr=1e-3), x, t, batch_size=BATCH, seed=0, sampling="replace",
                      eval_every=0, watch_summaries=watch)
    if record is None:
        return trainer.run

    def every(n):
        for _ in range(n):
            trainer.step(record=True)

    def slices(n):
        done = 0
        while done < n:
            if n - done > 1:
                done += trainer.run_for(SLICE_S, n - done - 1)
            trainer.step(record=True)
            done += 1

    return every if record == "every" else slices


# -- plain NumPy ----------------------------------------------------------------------------------

def im2col(x, kh, kw, stride=1, pad=0):
    """The textbook's im2col: (N, C, H, W) → (N·OH·OW, C·kh·kw)."""
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)]) if pad else x
    col = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for y in range(kh):
        for xx in range(kw):
            col[:, :, y, xx] = img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, shape, kh, kw, stride=1, pad=0):
    """The textbook's col2im: the adjoint of im2col."""
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    col = col.reshape(n, oh, ow, c, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(kh):
        for xx in range(kw):
            img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride] += col[:, :, y, xx]
    return img[:, :, pad:h + pad, pad:w + pad]


class Adam:
    """torch.optim.Adam on a list of arrays."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        b1, b2 = self.betas
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= (self.lr / (1 - b1 ** self.t)) * m / (np.sqrt(v) / np.sqrt(1 - b2 ** self.t) + self.eps)


def plain(x, t, pooling):
    """SimpleConvNet written plainly; ``pooling`` "im2col" (the textbook's) or "strided"."""
    rng = np.random.default_rng(0)
    f32 = np.float32
    W1, b1 = (rng.standard_normal((30, 1, 5, 5)) * np.sqrt(2 / 25)).astype(f32), np.zeros(30, f32)
    W2, b2 = (rng.standard_normal((4320, 100)) * np.sqrt(2 / 4320)).astype(f32), np.zeros(100, f32)
    W3, b3 = (rng.standard_normal((100, 10)) * np.sqrt(2 / 100)).astype(f32), np.zeros(10, f32)
    params = [W1, b1, W2, b2, W3, b3]
    adam = Adam(params)
    offsets = [(0, 0), (0, 1), (1, 0), (1, 1)]

    def run(n):
        for _ in range(n):
            idx = rng.integers(0, len(x), BATCH)
            xb, tb = x[idx], t[idx]
            col = im2col(xb, 5, 5)
            z1 = (col @ W1.reshape(30, -1).T + b1).reshape(BATCH, 24, 24, 30).transpose(0, 3, 1, 2)
            a1 = np.maximum(z1, 0)
            if pooling == "im2col":
                pcol = im2col(a1, 2, 2, 2).reshape(-1, 4)
                arg = pcol.argmax(axis=1)
                pooled = pcol.max(axis=1).reshape(BATCH, 12, 12, 30).transpose(0, 3, 1, 2)
            else:
                views = [a1[:, :, i::2, j::2] for i, j in offsets]
                pooled = np.maximum(np.maximum(views[0], views[1]), np.maximum(views[2], views[3]))
            flat = pooled.reshape(BATCH, -1)
            z2 = flat @ W2 + b2
            a2 = np.maximum(z2, 0)
            z3 = a2 @ W3 + b3
            e = np.exp(z3 - z3.max(axis=1, keepdims=True))
            d3 = e / e.sum(axis=1, keepdims=True)
            d3[np.arange(BATCH), tb] -= 1
            d3 /= BATCH
            gW3, gb3 = a2.T @ d3, d3.sum(axis=0)
            d2 = (d3 @ W3.T) * (z2 > 0)
            gW2, gb2 = flat.T @ d2, d2.sum(axis=0)
            dpool = (d2 @ W2.T).reshape(pooled.shape)
            if pooling == "im2col":
                dmax = np.zeros((dpool.size, 4), f32)
                dmax[np.arange(arg.size), arg] = dpool.transpose(0, 2, 3, 1).ravel()
                da1 = col2im(dmax.reshape(BATCH * 144, -1), a1.shape, 2, 2, 2)
            else:
                da1 = np.empty_like(a1)
                taken = np.zeros(pooled.shape, bool)
                for (i, j), view in zip(offsets, views):
                    won = (view == pooled) & ~taken
                    taken |= won
                    da1[:, :, i::2, j::2] = dpool * won
            dz1 = (da1 * (z1 > 0)).transpose(0, 2, 3, 1).reshape(-1, 30)
            gW1, gb1 = (col.T @ dz1).T.reshape(W1.shape), dz1.sum(axis=0)
            adam.step([gW1, gb1, gW2, gb2, gW3, gb3])

    return run


# -- PyTorch --------------------------------------------------------------------------------------

def torch_loop(x, t):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    xt, tt = torch.tensor(x), torch.tensor(t, dtype=torch.long)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 30, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                                torch.nn.Flatten(), torch.nn.Linear(4320, 100), torch.nn.ReLU(),
                                torch.nn.Linear(100, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)

    def run(n):
        for _ in range(n):
            idx = torch.randint(0, len(xt), (BATCH,), generator=gen)
            opt.zero_grad(set_to_none=True)
            loss_fn(model(xt[idx]), tt[idx]).backward()
            opt.step()

    return run


# -- measuring ------------------------------------------------------------------------------------

def best_rates(loops: dict, steps: int, rounds: int) -> dict:
    """Steps/s of each loop: rounds interleaved so background load hits all alike; best round counts."""
    rates = {name: 0.0 for name in loops}
    for run in loops.values():
        run(3)  # warm-up: buffers, BLAS threads, caches
    for _ in range(rounds):
        for name, run in loops.items():
            t0 = time.perf_counter()
            run(steps)
            rates[name] = max(rates[name], steps / (time.perf_counter() - t0))
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40, help="steps per loop and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mnist", default=str(ROOT.parent / "shared" / "data" / "mnist"))
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    x, t, what = load_mnist(args.mnist)
    loops = {
        "visualnet, as the app plays": visualnet(x, t, watch=True, record="slice"),
        "visualnet, summaries + traces": visualnet(x, t, watch=True, record="every"),
        "visualnet, summaries": visualnet(x, t, watch=True),
        "visualnet, unwatched": visualnet(x, t, watch=False),
        "plain NumPy, textbook im2col": plain(x, t, "im2col"),
        "plain NumPy, strided pooling": plain(x, t, "strided"),
    }
    torch_run = torch_loop(x, t)
    if torch_run is not None:
        loops["PyTorch CPU"] = torch_run
    rates = best_rates(loops, args.steps, args.rounds)
    print(f"\nSimpleConvNet on {what}, batch {BATCH}, float32, Adam: best of {args.rounds} interleaved rounds "
          f"of {args.steps} steps\n{'loop':34s} {'steps/s':>9s}")
    for name, rate in rates.items():
        print(f"{name:34s} {rate:9.1f}")
    references = ["PyTorch CPU"] if torch_run is not None else []
    references += ["plain NumPy, strided pooling", "plain NumPy, textbook im2col"]
    print()
    for ours in ("visualnet, as the app plays", "visualnet, summaries + traces", "visualnet, summaries",
                 "visualnet, unwatched"):
        for ref in references:
            print(f"{ours} / {ref}: {rates[ours] / rates[ref]:5.2f}×")
    goal_ref = references[0]
    print()
    for ours in ("visualnet, as the app plays", "visualnet, summaries + traces"):
        ratio = rates[ours] / rates[goal_ref]
        print(f"goal: {ours} ≥ {GOAL}× {goal_ref}: {ratio:.2f}× — {'ok' if ratio >= GOAL else 'BELOW GOAL'}")
    if torch_run is None:
        print("(PyTorch is not importable here; the comparison runs against it where it is installed)")


if __name__ == "__main__":
    main()
