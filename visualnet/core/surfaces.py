"""Classic 2-D test functions for optimizer races: vectorised f(x, y) and exact gradients.

Each surface carries what a view needs to draw it well: a default view box, its known minima,
a default start and whether colours should be log-scaled (huge value ranges, e.g. Rosenbrock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from visualnet.core.errors import ConfigError


@dataclass(frozen=True)
class Surface:
    """A surface f(x, y): ``f`` and ``grad`` take scalars or arrays and broadcast like NumPy.

    ``minima`` lists the known minima (empty for the saddle); ``log_scale`` hints that colours need a
    log scale because the values span orders of magnitude.
    """

    name: str
    formula: str
    f: Callable
    grad: Callable  # (x, y) -> (∂f/∂x, ∂f/∂y)
    view: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax
    start: tuple[float, float]
    minima: list = field(default_factory=list)
    log_scale: bool = False
    note: str = ""

    def grad_xy(self, p) -> np.ndarray:
        """Gradient at a point given as an array [x, y] — the optimizers' view of a surface."""
        gx, gy = self.grad(p[0], p[1])
        return np.array([gx, gy], dtype=float)

    def value_xy(self, p) -> float:
        return float(self.f(p[0], p[1]))


def _same_shape(gx, gy):
    """Both components on the common shape of x and y, as typed formulas give them.

    A separable surface's ∂f/∂x depends on x alone, so without this ``grad(xs, 0.5)`` would return
    an array and a scalar.
    """
    if np.shape(gx) == np.shape(gy):
        return gx, gy
    shape = np.broadcast_shapes(np.shape(gx), np.shape(gy))
    return np.broadcast_to(gx, shape).copy(), np.broadcast_to(gy, shape).copy()


def _textbook():
    return Surface("textbook", "f(x, y) = x²/20 + y²",
                   lambda x, y: x**2 / 20 + y**2, lambda x, y: _same_shape(x / 10, 2 * y),
                   (-10, 10, -5, 5), (-7.0, 2.0), [(0.0, 0.0)],
                   note="The book's elongated bowl: steep in y, flat in x — SGD zig-zags.")


def _bowl():
    return Surface("bowl", "f(x, y) = x² + y²", lambda x, y: x**2 + y**2, lambda x, y: _same_shape(2 * x, 2 * y),
                   (-3, 3, -3, 3), (-2.5, 2.0), [(0.0, 0.0)])


def _rosenbrock():
    return Surface("rosenbrock", "f(x, y) = (1 − x)² + 100(y − x²)²",
                   lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
                   lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
                   (-2, 2, -1, 3), (-1.5, 2.0), [(1.0, 1.0)], log_scale=True,
                   note="A curved valley: easy to reach, slow to follow to (1, 1).")


def _beale_f(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _beale_grad(x, y):
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y**2
    c = 2.625 - x + x * y**3
    gx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y**2
    return gx, gy


def _beale():
    return Surface("beale", "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
                   _beale_f, _beale_grad, (-4.5, 4.5, -4.5, 4.5), (1.0, 1.5), [(3.0, 0.5)], log_scale=True)


def _himmelblau():
    return Surface("himmelblau", "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
                   lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
                   lambda x, y: (4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
                                 2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7)),
                   (-5, 5, -5, 5), (0.0, -0.5),
                   # the three irrational minima solved by Newton's method to full double precision
                   [(3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                    (-3.779310253377747, -3.2831859912861696), (3.5844283403304917, -1.8481265269644036)],
                   log_scale=True, note="Four equal minima: where you start decides where you end.")


def _saddle():
    return Surface("saddle", "f(x, y) = x² − y²", lambda x, y: x**2 - y**2, lambda x, y: _same_shape(2 * x, -2 * y),
                   (-2, 2, -2, 2), (-1.5, 1e-3), [],
                   note="A saddle at (0, 0): no minimum; a start on y = 0 gets stuck there.")


def _booth():
    return Surface("booth", "f(x, y) = (x + 2y − 7)² + (2x + y − 5)²",
                   lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
                   lambda x, y: (2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5),
                                 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5)),
                   (-10, 10, -10, 10), (-8.0, -8.0), [(1.0, 3.0)], log_scale=True)


def _rastrigin():
    two_pi = 2 * np.pi
    return Surface("rastrigin", "f(x, y) = 20 + x² − 10cos 2πx + y² − 10cos 2πy",
                   lambda x, y: 20 + x**2 - 10 * np.cos(two_pi * x) + y**2 - 10 * np.cos(two_pi * y),
                   lambda x, y: _same_shape(2 * x + 10 * two_pi * np.sin(two_pi * x),
                                            2 * y + 10 * two_pi * np.sin(two_pi * y)),
                   (-5.12, 5.12, -5.12, 5.12), (3.2, 2.8), [(0.0, 0.0)],
                   note="A grid of local minima around the global one at (0, 0).")


def _local_minima_f(x, y):
    return (x**2 + y**2 - 2 * np.exp(-((x - 1) ** 2 + y**2) / 0.2)
            - 6 * np.exp(-((x + 1) ** 2 + y**2) / 0.2))


def _local_minima_grad(x, y):
    e1 = np.exp(-((x - 1) ** 2 + y**2) / 0.2)
    e2 = np.exp(-((x + 1) ** 2 + y**2) / 0.2)
    gx = 2 * x + 2 * e1 * 2 * (x - 1) / 0.2 + 6 * e2 * 2 * (x + 1) / 0.2
    gy = 2 * y + 2 * e1 * 2 * y / 0.2 + 6 * e2 * 2 * y / 0.2
    return gx, gy


def _local_minima():
    return Surface("local_minima",
                   "f(x, y) = x² + y² − 2e^(−((x−1)² + y²)/0.2) − 6e^(−((x+1)² + y²)/0.2)",
                   _local_minima_f, _local_minima_grad, (-2, 2, -2, 2), (1.6, 0.6),
                   # solved by Newton's method to full double precision; a saddle sits between them
                   # at (0.1202504, 0)
                   [(-0.9675774464554597, 0.0), (0.9053178606008483, 0.0)],
                   note="A shallow local minimum near (0.91, 0) and the global one near (−0.97, 0).")


_BUILDERS = {b().name: b for b in (_textbook, _bowl, _rosenbrock, _beale, _himmelblau, _saddle, _booth,
                                   _rastrigin, _local_minima)}


def names() -> tuple[str, ...]:
    return tuple(_BUILDERS)


def get(name: str) -> Surface:
    """A fresh surface by name (fresh, so a caller editing its ``minima`` list changes nobody else's)."""
    if name not in _BUILDERS:
        raise ConfigError("surface", f"unknown surface {name!r}; choose one of: {', '.join(_BUILDERS)}")
    return _BUILDERS[name]()


def make_custom(name: str, f: Callable, grad: Callable, view=(-3, 3, -3, 3), start=(-2.0, 2.0),
                formula: str = "") -> Surface:
    """Wrap user-supplied callables (e.g. a formula parsed by :mod:`visualnet.core.expressions`)."""
    if not (callable(f) and callable(grad)):
        raise ConfigError("surface", "f and grad must be callables of (x, y)")
    view = _finite_numbers("view", view, 4)
    if not (view[0] < view[1] and view[2] < view[3]):
        raise ConfigError("view", f"must be (xmin, xmax, ymin, ymax) with xmin < xmax and ymin < ymax, got {view}")
    return Surface(name, formula or name, f, grad, view, _finite_numbers("start", start, 2), [])


def _finite_numbers(field_name, values, count) -> tuple:
    try:
        out = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        out = ()
    if len(out) != count or not all(np.isfinite(out)):
        raise ConfigError(field_name, f"must be {count} finite numbers, got {values!r}")
    return out


def from_formula(text: str, view=(-3, 3, -3, 3), start=(-2.0, 2.0)) -> Surface:
    """A surface typed by the user in x and y, parsed safely, with its exact symbolic gradient."""
    from visualnet.core.expressions import parse_surface

    f, grad = parse_surface(text)
    return make_custom("custom", f, grad, view, start, f"f(x, y) = {text}")
