"""An overlay: colours the node graph draws instead of the weights' while a result is shown (the backprop
debugger's verdicts). Plain data; the view only maps it to pens and brushes.

Each weight and bias gets a *category* (an index into ``colors``); categories are ranked, so an edge that
stands for a bundle of weights (a wide layer drawn as one line per unit) shows the highest category among
them — a single weight that differs is never averaged away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Overlay:
    """``colors``: a hex colour per category (ranked, worst last); ``widths``: the pen width per category;
    ``edges`` / ``biases``: layer → an int array of categories shaped like the weight (n_in, n_out) or the
    bias; ``legend``: (colour, text) pairs; ``marked``: layer → a label drawn over that column."""

    colors: tuple
    widths: tuple
    edges: dict = field(default_factory=dict)
    biases: dict = field(default_factory=dict)
    legend: tuple = ()
    marked: dict = field(default_factory=dict)

    def edge_categories(self, layer: int, kind: str, n_in: int, n_out: int) -> np.ndarray | None:
        """The categories of a layer's drawn edges: one per weight ('full'), per receiving unit
        ('to_nodes'), per sending unit ('from_nodes') or one ('band'); the worst of each bundle."""
        values = self.edges.get(layer)
        if values is None:
            return None
        values = np.asarray(values)
        if kind == "full":
            return values.reshape(-1)
        if kind == "to_nodes":
            return values.reshape(-1, n_out).max(axis=0)
        if kind == "from_nodes":
            return values.reshape(n_in, -1).max(axis=1)
        return np.array([values.max()])
