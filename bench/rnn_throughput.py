"""LSTM training steps/s of the core against torch.nn.LSTM (when importable) and a plain NumPy BPTT loop.

The task for every loop: an LSTM of 64 units on sequences of T = 20 steps of D = 10 features, a dense
layer of 10 softmax outputs on every step, cross-entropy averaged over all N·T positions, plain SGD
(lr 0.1), batches of 32 in shuffled epochs over 1,024 random sequences.

- visualnet float32 and float64 run through ``Trainer.run`` with the per-layer summaries unwatched, as
  the app trains when no view shows them;
- "plain NumPy float64" is the textbook's BPTT loop written plainly (CS231n's lstm_step_forward /
  lstm_step_backward style: a cache per step, fresh arrays for every product) — the issue's reference;
- torch.nn.LSTM + nn.Linear on the CPU in float32, when torch is installed.

Rounds are interleaved so background load hits every loop alike; the best round counts.

    python bench/rnn_throughput.py [--steps 200] [--rounds 5]

Goal (issue 15): visualnet ≥ 0.5× torch. The issue's 2-core machine measured torch at 369 steps/s and the
plain float64 loop at 104 (0.28×), so without torch the goal reads ≥ 1.8× the plain float64 loop.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from visualnet.core import optimizers
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

T, D, H, C, BATCH, N_SEQUENCES, LR = 20, 10, 64, 10, 32, 1024, 0.1
TORCH_GOAL = 0.5
PLAIN_GOAL = 0.5 * 369 / 104  # ≈ 1.8: the torch goal in units of the plain loop, from the numbers


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N_SEQUENCES, T, D)), rng.integers(0, C, (N_SEQUENCES, T))


def visualnet_loop(x, t, dtype):
    net = Network.from_config({"input": [T, D],
                               "layers": [{"type": "lstm", "units": H, "return_sequences": True},
                                          {"units": C, "activation": "softmax"}],
                               "loss": "cross_entropy", "init": "xavier", "seed": 0, "dtype": dtype})
    trainer = Trainer(net, optimizers.make("sgd", lr=LR), x, t, batch_size=BATCH, seed=0, eval_every=0,
                      watch_summaries=False)
    return trainer.run


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def plain_loop(x, t, dtype=np.float64):
    """The LSTM + per-step dense + cross-entropy + SGD, written plainly: one cache per step, no buffers."""
    rng = np.random.default_rng(0)
    x = x.astype(dtype)
    Wx = (rng.standard_normal((D, 4 * H)) / np.sqrt(D)).astype(dtype)
    Wh = (rng.standard_normal((H, 4 * H)) / np.sqrt(H)).astype(dtype)
    b = np.zeros(4 * H, dtype)
    Wy = (rng.standard_normal((H, C)) / np.sqrt(H)).astype(dtype)
    by = np.zeros(C, dtype)
    n = len(x)
    order, cursor = rng.permutation(n), 0

    def step(xb, tb):
        nonlocal Wx, Wh, b, Wy, by
        h = np.zeros((len(xb), H), dtype)
        c = np.zeros((len(xb), H), dtype)
        caches, hs = [], []
        for s in range(T):
            a = xb[:, s] @ Wx + h @ Wh + b
            i, f, o, g = _sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H]), _sigmoid(a[:, 3 * H:]), np.tanh(a[:, 2 * H:3 * H])
            c_next = f * c + i * g
            tanh_c = np.tanh(c_next)
            h_next = o * tanh_c
            caches.append((xb[:, s], h, c, i, f, o, g, tanh_c))
            h, c = h_next, c_next
            hs.append(h)
        hs = np.stack(hs, axis=1)  # (N, T, H)
        scores = hs.reshape(-1, H) @ Wy + by
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        labels = tb.reshape(-1)
        dscores = probs
        dscores[np.arange(len(labels)), labels] -= 1
        dscores /= len(labels)
        dWy, dby = hs.reshape(-1, H).T @ dscores, dscores.sum(axis=0)
        dhs = (dscores @ Wy.T).reshape(hs.shape)
        dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
        dh_next = np.zeros((len(xb), H), dtype)
        dc_next = np.zeros((len(xb), H), dtype)
        for s in range(T - 1, -1, -1):
            x_s, h_prev, c_prev, i, f, o, g, tanh_c = caches[s]
            dh = dhs[:, s] + dh_next
            do = dh * tanh_c
            dc = dh * o * (1 - tanh_c ** 2) + dc_next
            di, df, dg = dc * g, dc * c_prev, dc * i
            dc_next = dc * f
            da = np.hstack([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)])
            dWx += x_s.T @ da
            dWh += h_prev.T @ da
            db += da.sum(axis=0)
            dh_next = da @ Wh.T
        for p, gp in ((Wx, dWx), (Wh, dWh), (b, db), (Wy, dWy), (by, dby)):
            p -= LR * gp

    def run(steps):
        nonlocal order, cursor
        for _ in range(steps):
            if cursor + BATCH > n:
                order, cursor = rng.permutation(n), 0
            idx = order[cursor:cursor + BATCH]
            cursor += BATCH
            step(x[idx], t[idx])

    return run


def torch_loop(x, t):
    try:
        import torch
    except (ImportError, OSError) as exc:  # OSError: an install with missing libraries
        print(f"torch is not importable here ({type(exc).__name__}: {exc})")
        return None
    torch.manual_seed(0)
    xt, tt = torch.tensor(x, dtype=torch.float32), torch.tensor(t, dtype=torch.long)
    lstm, head = torch.nn.LSTM(D, H, batch_first=True), torch.nn.Linear(H, C)
    opt = torch.optim.SGD([*lstm.parameters(), *head.parameters()], lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)
    n = len(xt)
    state = {"order": torch.randperm(n, generator=gen), "cursor": 0}

    def run(steps):
        for _ in range(steps):
            if state["cursor"] + BATCH > n:
                state["order"], state["cursor"] = torch.randperm(n, generator=gen), 0
            idx = state["order"][state["cursor"]:state["cursor"] + BATCH]
            state["cursor"] += BATCH
            opt.zero_grad(set_to_none=True)
            out, _ = lstm(xt[idx])
            loss_fn(head(out).reshape(-1, C), tt[idx].reshape(-1)).backward()
            opt.step()

    return run


def best_rates(loops: dict, steps: int, rounds: int) -> dict:
    """Steps/s of each loop: rounds interleaved so background load hits all alike; best round counts."""
    rates = {name: 0.0 for name in loops}
    for run in loops.values():
        run(10)  # warm-up: buffers allocated, caches warm
    for _ in range(rounds):
        for name, run in loops.items():
            t0 = time.perf_counter()
            run(steps)
            rates[name] = max(rates[name], steps / (time.perf_counter() - t0))
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    x, t = make_data()
    loops = {"visualnet float32": visualnet_loop(x, t, "float32"),
             "visualnet float64": visualnet_loop(x, t, "float64"),
             "plain NumPy float64": plain_loop(x, t)}
    torch_run = torch_loop(x, t)
    if torch_run is not None:
        loops["torch.nn.LSTM float32 (CPU)"] = torch_run
    rates = best_rates(loops, args.steps, args.rounds)
    print(f"\nLSTM T={T} D={D} H={H}, batch {BATCH}: best of {args.rounds} interleaved rounds of {args.steps} steps")
    print(f"{'loop':34s} {'steps/s':>10s}")
    for name, rate in rates.items():
        print(f"{name:34s} {rate:10.0f}")
    plain = rates["plain NumPy float64"]
    for dtype in ("float32", "float64"):
        ratio = rates[f"visualnet {dtype}"] / plain
        verdict = "ok" if ratio >= PLAIN_GOAL else "BELOW GOAL"
        print(f"visualnet {dtype} / plain NumPy float64: {ratio:5.2f}×  (goal ≥ {PLAIN_GOAL:.2f}) {verdict}")
    if torch_run is not None:
        torch_rate = rates["torch.nn.LSTM float32 (CPU)"]
        for dtype in ("float32", "float64"):
            ratio = rates[f"visualnet {dtype}"] / torch_rate
            verdict = "ok" if ratio >= TORCH_GOAL else "BELOW GOAL"
            print(f"visualnet {dtype} / torch: {ratio:5.2f}×  (goal ≥ {TORCH_GOAL}) {verdict}")
    else:
        print("torch is not installed: no torch comparison in this run")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
