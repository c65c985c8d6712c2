import numpy as np
import pytest

from visualnet.core import activations
from visualnet.core.errors import ConfigError

ELEMENTWISE = [n for n in activations.names() if n != "softmax"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_numerical(name):
    act = activations.get(name)
    x = np.linspace(-6, 6, 241)
    x = x[np.abs(x) > 1e-3]  # away from the kinks at 0
    h = 1e-6
    numerical = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), numerical, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", activations.names())
def test_quiet_and_finite_at_extremes(name):
    act = activations.get(name)
    x = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])
    with np.errstate(all="raise", under="ignore"):  # underflow to 0 is the right answer, not a warning
        y, dy = act.f(x), act.df(x)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_hand_computed_values():
    np.testing.assert_allclose(activations.get("sigmoid").f(np.array([0.0, np.log(3)])), [0.5, 0.75])
    assert activations.get("sigmoid").df(np.array([0.0]))[0] == pytest.approx(0.25)
    np.testing.assert_allclose(activations.get("leaky_relu").f(np.array([-2.0, 3.0])), [-0.02, 3.0])
    np.testing.assert_allclose(activations.get("leaky_relu", alpha=0.2).df(np.array([-2.0, 3.0])), [0.2, 1.0])
    np.testing.assert_allclose(activations.get("elu").f(np.array([-1.0])), [np.expm1(-1.0)])
    np.testing.assert_allclose(activations.get("softplus").f(np.array([0.0, 1000.0])), [np.log(2), 1000.0])
    np.testing.assert_allclose(activations.get("step").f(np.array([-1.0, 0.0, 2.0])), [0, 0, 1])
    np.testing.assert_allclose(activations.get("silu").f(np.array([1.0])), [1 / (1 + np.exp(-1))])
    s = activations.get("softmax").f(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]]))
    np.testing.assert_allclose(s.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(s[1], [0.5, 0.5, 0.0])


def test_float32_stays_float32():
    x = np.linspace(-3, 3, 7, dtype=np.float32)
    for name in ELEMENTWISE:
        act = activations.get(name)
        assert act.f(x).dtype == np.float32, name
        assert act.df(x).dtype == np.float32, name


def test_every_activation_has_formulas():
    for name in activations.names():
        act = activations.get(name)
        assert act.formula and act.derivative_formula


@pytest.mark.parametrize("kwargs, field", [
    ({"name": "swishy"}, "activation"),
    ({"name": 3}, "activation"),
    ({"name": "relu", "alpha": 0.1}, "alpha"),
    ({"name": "elu", "alpha": float("nan")}, "alpha"),
    ({"name": "leaky_relu", "alpha": -1.0}, "alpha"),
    ({"name": "custom"}, "expression"),
])
def test_bad_activation_requests(kwargs, field):
    with pytest.raises(ConfigError) as err:
        activations.get(**kwargs)
    assert err.value.field == field
