"""The app's two colour maps (design.md): diverging for signed values, sequential for magnitudes.

Diverging follows TF Playground: orange < 0 < blue, white-ish at 0. Both are pyqtgraph ColorMaps so
heatmaps (ImageItem) and node/edge colours come from the same source.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

NEGATIVE = (245, 147, 34)  # orange
ZERO = (232, 234, 235)
POSITIVE = (8, 119, 189)  # blue
DIVERGING = pg.ColorMap([0.0, 0.5, 1.0], [NEGATIVE, ZERO, POSITIVE])
SEQUENTIAL = pg.ColorMap([0.0, 0.35, 0.7, 1.0], [(252, 253, 191), (254, 159, 109), (222, 73, 104), (80, 18, 123)])
CLASS_COLORS = [POSITIVE, NEGATIVE, (46, 160, 67), (163, 73, 164), (200, 60, 60), (120, 120, 120),
                (23, 190, 207), (188, 189, 34), (140, 86, 75), (227, 119, 194)]

_DIVERGING_LUT = DIVERGING.getLookupTable(0.0, 1.0, 256, alpha=True)
_DIVERGING_BYTES = np.ascontiguousarray(_DIVERGING_LUT.astype(np.uint8))


def ink_image(values: np.ndarray) -> np.ndarray:
    """(…, H, W) pixel values → (…, H, W, 4) uint8 RGBA, dark ink on white over the values' range: how an
    input image (a digit, a shape) is drawn wherever it appears."""
    values = np.asarray(values, dtype=float)
    lo, hi = float(values.min()), float(values.max())
    gray = ((values - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(values)).astype(np.uint8)
    return np.stack([255 - gray] * 3 + [np.full_like(gray, 255)], axis=-1)


def signed_color(value: float, scale: float) -> QColor:
    """Colour of a signed value on the diverging map, saturating at ±scale."""
    if not np.isfinite(value) or scale <= 0:
        return QColor(*ZERO)
    i = round((np.clip(value / scale, -1.0, 1.0) + 1.0) * 127.5)
    r, g, b = _DIVERGING_LUT[i][:3]
    return QColor(int(r), int(g), int(b))


def class_color(label: int) -> QColor:
    return QColor(*CLASS_COLORS[int(label) % len(CLASS_COLORS)])


def diverging_image(values: np.ndarray, scale: float) -> np.ndarray:
    """(H, W) signed values → (H, W, 4) uint8 RGBA on the diverging map (for QImage / ImageItem)."""
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    position = np.multiply(values, 127.5 / scale, dtype=np.float64)
    position += 127.5
    np.nan_to_num(position, copy=False)  # NaN → 0 (the orange end); ±inf → the ends
    np.clip(position, 0, 255, out=position)
    return _DIVERGING_BYTES[position.astype(np.uint8)]  # a fresh contiguous (…, 4) array
