"""Quantities the views show that need the network's math: grid probes and gradient timing.

They live here, not in the UI, so a view never runs a second forward pass of its own.
"""

from __future__ import annotations

import numpy as np

from visualnet.core.network import Network


def grid_points(bounds, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A resolution×resolution grid over (xmin, xmax, ymin, ymax): returns xs, ys and the (R², 2) points."""
    xmin, xmax, ymin, ymax = bounds
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def _with_params(net: Network, params: dict | None, fn):
    """Run ``fn()`` with the network temporarily at ``params`` (e.g. a replayed step's earlier weights)."""
    if params is None:
        return fn()
    saved = net.copy_params()
    net.set_params(params)
    try:
        return fn()
    finally:
        net.set_params(saved)


def neuron_maps(net: Network, bounds, resolution: int = 40, params: dict | None = None) -> list[np.ndarray]:
    """What every unit computes over the 2-D input plane: one (units, R, R) array per layer, last = output.

    Row r of a map is y = ys[r] (bottom to top), column c is x = xs[c]. One forward pass over the grid
    in evaluation mode.
    """
    if net.input_shape != (2,):
        raise ValueError("neuron maps need a network with 2 inputs")
    _, _, pts = grid_points(bounds, resolution)
    _with_params(net, params, lambda: net.predict(pts))
    maps = []
    for block in net.blocks:
        a = block.a
        maps.append(np.ascontiguousarray(a.T.reshape(a.shape[1], resolution, resolution)))
    return maps


class PlaneMaps:
    """:func:`neuron_maps` for pictures, by a float32 twin of the network (tanh and sigmoid over the plane
    cost half in float32, and a picture needs no more): the app's heatmaps, and the training process, which
    sends them with each frame so the app's process only draws."""

    def __init__(self):
        self._twin = None

    def __call__(self, net: Network, bounds, resolution: int, params: dict | None = None) -> list[np.ndarray]:
        if self._twin is None or self._twin.config["layers"] != net.config["layers"]:
            self._twin = Network({**net.config, "dtype": "float32"})
        self._twin.set_buffers(net.buffers())
        with np.errstate(all="ignore"):  # a diverging net's weights overflow float32: the maps show it
            return neuron_maps(self._twin, bounds, resolution, params=net.params if params is None else params)


def decision_map(net: Network, bounds, resolution: int = 80, params: dict | None = None) -> np.ndarray:
    """The output over the input plane, (R, R): P(class 1) for one output, the winning class for several."""
    _, _, pts = grid_points(bounds, resolution)
    y = _with_params(net, params, lambda: net.predict(pts))
    if y.shape[1] == 1:
        return y[:, 0].reshape(resolution, resolution)
    return y.argmax(axis=1).reshape(resolution, resolution).astype(float)


def relative_error(a: float, b: float) -> float:
    """|a − b| / max(|a|, |b|), and 0 when both are 0."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def time_gradients(net: Network, x, t, repeats: int = 3, progress=None) -> dict:
    """Wall time of one backprop gradient and one numerical gradient on the same batch, and their ratio.

    The textbook's point in numbers: both give the same gradient, at very different cost. ``net`` is
    used (batch norm updates its statistics in training mode): pass a clone to keep a lesson intact.
    ``progress(done, total)`` follows the numerical gradient and may raise to stop it.
    """
    import time

    def best(fn, n):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        return min(times), result

    backprop_s, analytic = best(lambda: net.gradient(x, t), repeats)
    numerical_s, numerical = best(lambda: net.numerical_gradient(x, t, progress=progress), 1)
    error = max(float(np.max(np.abs(analytic[k] - numerical[k]) /
                             np.maximum(1e-12, np.abs(analytic[k]) + np.abs(numerical[k])))) for k in analytic)
    return {"backprop_s": backprop_s, "numerical_s": numerical_s, "ratio": numerical_s / backprop_s,
            "max_relative_difference": error, "parameters": sum(p.size for p in net.params.values())}
