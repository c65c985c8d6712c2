import numpy as np
import pytest

from visualnet.core import surfaces
from visualnet.core.errors import ConfigError

EXPECTED = {"textbook", "bowl", "rosenbrock", "beale", "himmelblau", "saddle", "booth", "rastrigin",
            "local_minima"}


def test_names_and_descriptions():
    assert EXPECTED <= set(surfaces.names())
    for name in surfaces.names():
        s = surfaces.get(name)
        assert s.name == name and s.formula.startswith("f(x, y) = ")
        xmin, xmax, ymin, ymax = s.view
        assert xmin < xmax and ymin < ymax
        assert xmin <= s.start[0] <= xmax and ymin <= s.start[1] <= ymax
        for mx, my in s.minima:
            assert xmin <= mx <= xmax and ymin <= my <= ymax


@pytest.mark.parametrize("name", surfaces.names())
def test_gradient_matches_central_differences_over_the_view(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.view
    rng = np.random.default_rng(0)
    x, y = rng.uniform(xmin, xmax, 500), rng.uniform(ymin, ymax, 500)
    h = 1e-6
    with np.errstate(all="raise"):
        gx, gy = s.grad(x, y)
        nx = (s.f(x + h, y) - s.f(x - h, y)) / (2 * h)
        ny = (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)
        # rounding in f(x ± h) limits central differences to about 1e-16·|f|/h per point
        atol = 1e-9 * (1 + np.abs(s.f(x, y)))
    assert np.all(np.abs(gx - nx) <= 1e-6 * np.abs(nx) + atol)
    assert np.all(np.abs(gy - ny) <= 1e-6 * np.abs(ny) + atol)


@pytest.mark.parametrize("name", surfaces.names())
def test_minima_are_stationary_and_lowest_nearby(name):
    s = surfaces.get(name)
    ring = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    for mx, my in s.minima:
        gx, gy = s.grad(mx, my)
        assert abs(gx) < 1e-12 and abs(gy) < 1e-12  # the irrational ones are hard-coded to full precision
        for r in (1e-4, 1e-2):
            assert np.all(s.f(mx + r * np.cos(ring), my + r * np.sin(ring)) > s.f(mx, my))


def test_saddle_has_no_minimum_but_a_flat_point():
    s = surfaces.get("saddle")
    assert s.minima == [] and "saddle" in s.note.lower()
    assert s.grad(0.0, 0.0) == (0.0, -0.0)
    assert s.f(0.0, 0.5) < s.f(0.0, 0.0) < s.f(0.5, 0.0)


@pytest.mark.parametrize("name", surfaces.names())
def test_vectorised_broadcasting_and_quiet(name):
    s = surfaces.get(name)
    xmin, xmax, ymin, ymax = s.view
    X, Y = np.meshgrid(np.linspace(xmin, xmax, 60), np.linspace(ymin, ymax, 40))
    xs = np.linspace(xmin, xmax, 7)
    with np.errstate(all="raise"):
        assert s.f(X, Y).shape == (40, 60)
        gx, gy = s.grad(X, Y)
        assert gx.shape == gy.shape == (40, 60)
        # mixed shapes broadcast like NumPy, as typed formulas do
        for x, y, shape in [(xs, 0.5, (7,)), (0.5, xs, (7,)), (xs[:, None], xs[None, :3], (7, 3))]:
            assert np.shape(s.f(x, y)) == shape
            assert [np.shape(g) for g in s.grad(x, y)] == [shape, shape]
        # scalars in, scalars out, and the array form the optimizers use
        assert np.ndim(s.f(*s.start)) == 0
        g = s.grad_xy(np.array(s.start))
        assert g.shape == (2,) and g.dtype == np.float64
        np.testing.assert_array_equal(g, [float(v) for v in s.grad(*s.start)])
        assert isinstance(s.value_xy(np.array(s.start)), float)
    np.testing.assert_array_equal(s.grad(X, Y)[0][3], s.grad(X[3], Y[3])[0])


def test_known_values():
    assert surfaces.get("textbook").f(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    assert surfaces.get("textbook").start == (-7.0, 2.0)
    assert surfaces.get("textbook").view == (-10, 10, -5, 5)
    assert surfaces.get("rosenbrock").f(1.0, 1.0) == 0
    assert surfaces.get("beale").f(3.0, 0.5) == 0
    assert surfaces.get("booth").f(1.0, 3.0) == 0
    assert surfaces.get("rastrigin").f(0.0, 0.0) == pytest.approx(0.0, abs=1e-12)
    himmelblau = surfaces.get("himmelblau")
    assert len(himmelblau.minima) == 4
    for m in himmelblau.minima:
        assert himmelblau.f(*m) == pytest.approx(0.0, abs=1e-20)
    local = surfaces.get("local_minima")
    (gx, _), (lx, _) = sorted(local.minima)
    assert local.f(gx, 0.0) < local.f(lx, 0.0)  # the deeper well is the global minimum
    assert surfaces.get("rosenbrock").log_scale and surfaces.get("beale").log_scale
    assert not surfaces.get("bowl").log_scale


def test_get_returns_independent_surfaces_and_rejects_unknown_names():
    a = surfaces.get("booth")
    a.minima.append((0.0, 0.0))
    assert surfaces.get("booth").minima == [(1.0, 3.0)]
    with pytest.raises(ConfigError) as err:
        surfaces.get("everest")
    assert err.value.field == "surface" and "rosenbrock" in str(err.value)


def test_custom_surfaces():
    s = surfaces.make_custom("cone", lambda x, y: np.hypot(x, y), lambda x, y: (x, y), (-1, 1, -2, 2), (0.5, 0.5))
    assert s.view == (-1.0, 1.0, -2.0, 2.0) and s.start == (0.5, 0.5) and s.minima == []
    np.testing.assert_array_equal(s.grad_xy(np.array([0.25, -1.0])), [0.25, -1.0])
    for kwargs, field in [({"view": (1, -1, 0, 1)}, "view"), ({"view": (0, 1, 0)}, "view"),
                          ({"view": (0, np.inf, 0, 1)}, "view"), ({"start": (0.0, np.nan)}, "start"),
                          ({"start": "ab"}, "start")]:
        with pytest.raises(ConfigError) as err:
            surfaces.make_custom("bad", s.f, s.grad, **kwargs)
        assert err.value.field == field
    with pytest.raises(ConfigError):
        surfaces.make_custom("bad", "x**2", s.grad)


def test_typed_formula():
    s = surfaces.from_formula("(1 - x)**2 + 100*(y - x**2)**2")
    r = surfaces.get("rosenbrock")
    np.testing.assert_allclose(s.f(0.3, -0.2), r.f(0.3, -0.2))
    np.testing.assert_allclose(s.grad(0.3, -0.2), r.grad(0.3, -0.2))
    with pytest.raises(ConfigError):
        surfaces.from_formula("__import__('os').system('x')")
