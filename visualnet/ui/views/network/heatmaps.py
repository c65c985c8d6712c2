"""The node graph's neuron heatmaps: what every unit computes over the input plane, as pixmaps.

One forward pass over the plane gives every layer's maps (the controller caches it per shown state); here they
become one strip: every shown unit side by side, one colour lookup, one pixmap, one smooth scaling to the size
the nodes have on screen, so painting a node is a plain copy of its part and a frame pays these costs once,
not once per layer.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QRectF, Qt

from visualnet.core import analysis
from visualnet.ui import colors
from visualnet.ui.views.network.items import pixmap

MAP_RES = 40  # one forward pass over a 40×40 grid of the input plane gives every map of a frame:
NEURON_STRIDE = 2  # the neurons' heatmaps at 20×20 (Playground draws 10×10), the output's at 40×40
BOUNDED = {"tanh": 1.0, "sigmoid": 1.0, "softmax": 1.0, "step": 1.0}  # activations drawn on a fixed scale
CENTRED_AT_HALF = {"sigmoid", "step"}  # one output in [0, 1]: 0.5 (undecided) is the neutral colour
DOT_CENTRE, DOT_RING = (20, 20, 20), (255, 255, 255)  # the traced sample on a map


def activation_display(activation: str, a, unbounded_scale: float | None = None):
    """Values and scale for colouring activations: outputs in [0, 1] are centred at 0.5, tanh-like ones
    are on their fixed range, unbounded ones (ReLU, linear …) on ``unbounded_scale``."""
    if activation in CENTRED_AT_HALF:
        return 2.0 * np.asarray(a) - 1.0, 1.0
    if activation in BOUNDED:
        return np.asarray(a), BOUNDED[activation]
    return np.asarray(a), unbounded_scale or 1.0


def plane_scales(maps, activations) -> dict:
    """Per layer with an unbounded activation: the largest finite |a| over the plane (its colour scale)."""
    scales = {}
    for layer, (m, name) in enumerate(zip(maps, activations)):
        if name not in BOUNDED:
            finite = np.abs(m[np.isfinite(m)])
            scales[layer] = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    return scales


class Heatmaps:
    """The pixmaps of one network's maps, remade only when the controller hands out new maps."""

    def __init__(self):
        self.source = None  # the maps the pixmaps show
        self.units: dict = {}  # layer (-1: the inputs) → [(shared pixmap, this unit's source rectangle)]
        self.scales: dict = {}  # layer → colour scale of an unbounded activation over the plane
        self.output = None  # the enlarged output map, or None
        self.dot = None  # the traced sample's place (u, v) in [0, 1]², marked on every unit's map

    def clear(self):
        self.__init__()

    def update(self, maps, activations, hidden_layers, bounds, side: int, output_side: int | None,
               dot=None) -> bool:
        """Pixmaps for ``maps`` (per layer (units, R, R)); layers in ``hidden_layers`` get none (collapsed
        columns); ``side``: a node's size on screen in px; ``dot``: the traced sample's (u, v), marked on
        every unit's map (once here, not once per node and paint). False when these are shown already."""
        if maps is self.source and dot == self.dot:
            return False
        self.source, self.dot = maps, dot
        self.scales = plane_scales(maps, activations)
        parts, owners = [], []
        for layer, (m, name) in enumerate(zip(maps, activations)):
            if layer in hidden_layers:
                continue
            shown, scale = activation_display(name, m[:, ::NEURON_STRIDE, ::NEURON_STRIDE], self.scales.get(layer))
            if name not in BOUNDED:  # unbounded (ReLU …): each unit on its own scale
                peak = np.abs(shown).reshape(len(shown), -1).max(axis=1)
                with np.errstate(invalid="ignore"):  # a non-finite map stays non-finite: drawn as such
                    shown, scale = shown / np.where(peak > 0, peak, 1.0)[:, None, None], 1.0
            parts.append(shown / scale)
            owners.append((layer, len(shown)))
        parts.append(_input_planes(tuple(bounds), MAP_RES)[:, ::NEURON_STRIDE, ::NEURON_STRIDE])
        owners.append((-1, 2))
        strip = _strip_pixmap(np.concatenate(parts), side, dot)
        self.units, start = {}, 0
        for layer, n in owners:
            self.units[layer] = [(strip, QRectF((start + j) * side, 0, side, side)) for j in range(n)]
            start += n
        self.output = None
        if output_side:  # the enlarged output map: the same pass, at full resolution
            name = activations[-1]
            shown, scale = activation_display(name, maps[-1][0], self.scales.get(len(maps) - 1))
            if name not in BOUNDED:
                scale = float(np.abs(shown).max()) or 1.0
            self.output = pixmap(colors.diverging_image(shown[::-1], scale)).scaled(
                output_side, output_side, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
        return True


@functools.lru_cache(maxsize=4)
def _input_planes(bounds: tuple, resolution: int) -> np.ndarray:
    """x₁ and x₂ over the plane on the inputs' colour scale: (2, R, R) in [−1, 1] (the same every frame)."""
    _, _, pts = analysis.grid_points(bounds, resolution)
    limit = max(abs(v) for v in bounds) or 1.0
    planes = np.stack([pts[:, k].reshape(resolution, resolution) for k in range(2)]) / limit
    planes.flags.writeable = False
    return planes


def _strip_pixmap(values: np.ndarray, side: int, dot=None):
    """(units, R, R) values in [−1, 1], rows bottom-up → one pixmap of the units side by side, ``side`` px each,
    with the dot (u, v) on each: two dark pixels square in a white frame, as the node graph drew it before."""
    rgba = colors.diverging_image(values[:, ::-1, :], 1.0)  # rows bottom-up → image top-down
    units, r = rgba.shape[:2]
    if dot is not None:
        row = min(r - 2, max(0, round((1 - dot[1]) * (r - 1) - 0.5)))
        col = min(r - 2, max(0, round(dot[0] * (r - 1) - 0.5)))
        rgba[:, max(0, row - 1):row + 3, max(0, col - 1):col + 3, :3] = DOT_RING
        rgba[:, row:row + 2, col:col + 2, :3] = DOT_CENTRE
    row = np.ascontiguousarray(rgba.transpose(1, 0, 2, 3)).reshape(r, units * r, 4)
    return pixmap(row).scaled(units * side, side, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
