"""Shared helper: compare backprop with central differences."""

import numpy as np


def assert_gradients_match(analytic: dict, numerical: dict, rtol=1e-6, atol=1e-9):
    assert analytic.keys() == numerical.keys()
    for name, value in analytic.items():
        a, n = np.asarray(value), np.asarray(numerical[name])
        assert a.shape == n.shape, name
        err = np.abs(a - n)
        bound = rtol * np.maximum(np.abs(a), np.abs(n)) + atol
        worst = np.max(err - bound)
        assert worst <= 0, f"{name}: max |backprop − numerical| = {err.max():.3g}"
