import numpy as np
import pytest

from visualnet.core import surfaces
from visualnet.core.errors import ConfigError


@pytest.mark.parametrize("name", surfaces.names())
def test_gradient_matches_numerical_over_the_view(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.view
    rng = np.random.default_rng(0)
    x, y = rng.uniform(xmin, xmax, 200), rng.uniform(ymin, ymax, 200)
    h = 1e-6
    gx, gy = s.grad(x, y)
    nx = (s.f(x + h, y) - s.f(x - h, y)) / (2 * h)
    ny = (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)
    scale = 1 + np.abs(s.f(x, y))
    np.testing.assert_allclose(gx, nx, atol=1e-5 * scale.max(), rtol=1e-6)
    np.testing.assert_allclose(gy, ny, atol=1e-5 * scale.max(), rtol=1e-6)


@pytest.mark.parametrize("name", surfaces.names())
def test_minima_are_stationary_and_lowest_nearby(name):
    s = surfaces.get(name)
    for mx, my in s.minima:
        gx, gy = s.grad(mx, my)
        assert abs(gx) < 1e-5 and abs(gy) < 1e-5
        ring = np.linspace(0, 2 * np.pi, 16)
        assert np.all(s.f(mx + 1e-2 * np.cos(ring), my + 1e-2 * np.sin(ring)) > s.f(mx, my))


@pytest.mark.parametrize("name", surfaces.names())
def test_vectorised_and_quiet(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.view
    X, Y = np.meshgrid(np.linspace(xmin, xmax, 50), np.linspace(ymin, ymax, 40))
    with np.errstate(all="raise"):
        assert s.f(X, Y).shape == (40, 50)
        assert s.grad(X, Y)[0].shape == (40, 50)
    assert xmin <= s.start[0] <= xmax and ymin <= s.start[1] <= ymax


def test_known_values():
    assert surfaces.get("textbook").f(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    assert surfaces.get("rosenbrock").f(1.0, 1.0) == 0
    assert surfaces.get("rastrigin").f(0.0, 0.0) == pytest.approx(0.0)
    assert surfaces.get("booth").f(1.0, 3.0) == 0
    assert surfaces.get("textbook").start == (-7.0, 2.0)


def test_unknown_surface_and_typed_formula():
    with pytest.raises(ConfigError) as err:
        surfaces.get("everest")
    assert err.value.field == "surface"
    s = surfaces.from_formula("(1 - x)**2 + 100*(y - x**2)**2")
    r = surfaces.get("rosenbrock")
    np.testing.assert_allclose(s.f(0.3, -0.2), r.f(0.3, -0.2))
    np.testing.assert_allclose(s.grad(0.3, -0.2), r.grad(0.3, -0.2))
    with pytest.raises(ConfigError):
        surfaces.from_formula("__import__('os').system('x')")
