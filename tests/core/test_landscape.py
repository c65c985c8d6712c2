import numpy as np
import pytest

from visualnet.core import optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.landscape import (
    Cancelled,
    Landscape,
    loss_slice,
    pca_directions,
    progressive_slice,
    project,
    project_trajectory,
    random_directions,
)
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

REL = 1e-10


def make(loss, hidden=("tanh", "relu"), n_in=3, n_out=None, **extra):
    layers = [{"units": 5, "activation": a} for a in hidden]
    if loss == "bce":
        n_out = 1
        layers.append({"units": 1, "activation": "sigmoid"})
    elif loss == "cross_entropy":
        n_out = n_out or 3
        layers.append({"units": n_out, "activation": "softmax"})
    else:
        n_out = n_out or 2
        layers.append({"units": n_out, "activation": "linear"})
    net = Network.from_config({"input": n_in, "layers": layers, "loss": loss, "seed": 3, **extra})
    rng = np.random.default_rng(1)
    x = rng.standard_normal((40, n_in))
    if loss == "bce":
        t = (x[:, 0] > 0).astype(float)
    elif loss == "cross_entropy":
        t = rng.integers(0, n_out, 40)
    else:
        t = rng.standard_normal((40, n_out))
    return net, x, t


def naive(net, x, t, origin, d1, d2, alpha, beta):
    """The definition: a fresh copy of the network set to origin + α·d₁ + β·d₂, then net.loss."""
    clone = Network.from_config(net.to_config())
    clone.set_buffers(net.buffers())
    clone.set_params({k: origin[k] + alpha * d1[k] + beta * d2[k] for k in origin})
    return clone.loss(x, t)


def assert_rel(actual, expected, rel=REL):
    actual, expected = np.asarray(actual, float), np.asarray(expected, float)
    assert np.all(np.abs(actual - expected) <= rel * np.abs(expected)), (actual, expected)


def flat(d):
    return np.concatenate([np.asarray(v, float).ravel() for v in d.values()])


# -- directions -----------------------------------------------------------------------------------


def test_random_directions_are_filter_normalised_and_seeded():
    net, _, _ = make("mse")
    d1, d2 = random_directions(net, seed=7)
    for d in (d1, d2):
        assert set(d) == set(net.params)
        for name, p in net.params.items():
            assert d[name].shape == p.shape
            if name.startswith("W"):
                np.testing.assert_allclose(np.linalg.norm(d[name], axis=0), np.linalg.norm(p, axis=0), rtol=1e-12)
            else:
                assert not d[name].any()
    again = random_directions(net, seed=7)
    other = random_directions(net, seed=8)
    assert all(np.array_equal(d1[k], again[0][k]) and np.array_equal(d2[k], again[1][k]) for k in d1)
    assert not np.array_equal(d1["W1"], other[0]["W1"])
    assert not np.array_equal(d1["W1"], d2["W1"])


def test_conv_filters_and_batch_norm_directions():
    net = Network.from_config({"input": [2, 6, 6], "loss": "cross_entropy", "seed": 0, "layers": [
        {"type": "conv2d", "filters": 3, "kernel": 3, "activation": "relu", "batch_norm": True},
        {"type": "flatten"}, {"units": 3, "activation": "softmax"}]})
    d1, _ = random_directions(net, seed=0)
    W = net.params["W1"]
    np.testing.assert_allclose(np.sqrt((d1["W1"] ** 2).sum(axis=(1, 2, 3))), np.sqrt((W ** 2).sum(axis=(1, 2, 3))),
                               rtol=1e-12)
    for name in ("b1", "gamma1", "beta1", "b2"):
        assert not d1[name].any()


# -- slices against the definition ----------------------------------------------------------------


@pytest.mark.parametrize("loss", ["mse", "bce", "cross_entropy"])
@pytest.mark.parametrize("reg", [{}, {"l2": 0.05}, {"l2": 0.01, "l1": 0.02}])
def test_slice_equals_net_loss(loss, reg):
    net, x, t = make(loss, **reg)
    d1, d2 = random_directions(net, seed=2)
    origin = net.copy_params()
    before = {k: (v, v.copy()) for k, v in net.params.items()}
    rng = np.random.default_rng(0)
    alphas = np.concatenate([[0.0], rng.uniform(-2, 2, 4)])
    betas = np.concatenate([[0.0], rng.uniform(-2, 2, 3)])
    s = loss_slice(net, x, t, d1, d2, alphas, betas)
    assert s.shape == (4, 5)
    assert_rel(s[0, 0], net.loss(x, t))
    expected = [[naive(net, x, t, origin, d1, d2, a, b) for a in alphas] for b in betas]
    assert_rel(s, expected)
    for name, (array, copy) in before.items():  # untouched, and still the very same arrays
        assert net.params[name] is array and np.array_equal(array, copy)


@pytest.mark.parametrize("activation", ["sigmoid", "gelu", "leaky_relu", "softplus", "elu", "linear"])
def test_any_hidden_activation(activation):
    net, x, t = make("bce", hidden=(activation, "tanh"), l2=0.1)
    d1, d2 = random_directions(net, seed=4)
    origin = net.copy_params()
    s = loss_slice(net, x, t, d1, d2, [-1.5, 0.0, 0.7], [0.0, 1.3])
    assert_rel(s, [[naive(net, x, t, origin, d1, d2, a, b) for a in (-1.5, 0.0, 0.7)] for b in (0.0, 1.3)])


def test_mse_with_a_sigmoid_output_and_no_hidden_layer():
    net = Network.from_config({"input": 2, "layers": [{"units": 2, "activation": "sigmoid"}], "loss": "mse"})
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((30, 2)), rng.random((30, 2))
    d1, d2 = random_directions(net, seed=1)
    origin = net.copy_params()
    assert_rel(loss_slice(net, x, t, d1, d2, [0.0, 3.0], [-2.0])[0],
               [naive(net, x, t, origin, d1, d2, a, -2.0) for a in (0.0, 3.0)])


def test_explicit_origin_and_pca_like_directions():
    net, x, t = make("cross_entropy", l2=0.02)
    rng = np.random.default_rng(5)
    origin = {k: v + 0.3 * rng.standard_normal(v.shape) for k, v in net.params.items()}
    d1 = {k: rng.standard_normal(v.shape) for k, v in net.params.items()}  # biases move too
    d2 = {k: rng.standard_normal(v.shape) for k, v in net.params.items()}
    s = loss_slice(net, x, t, d1, d2, [0.0, 0.4], [0.0, -0.9], origin=origin)
    assert_rel(s, [[naive(net, x, t, origin, d1, d2, a, b) for a in (0.0, 0.4)] for b in (0.0, -0.9)])


def test_chunks_and_threads_do_not_change_the_result():
    net, x, t = make("bce", l2=0.01, l1=0.01)
    d1, d2 = random_directions(net, seed=0)
    grid = np.linspace(-1, 1, 9)
    reference = loss_slice(net, x, t, d1, d2, grid, grid, workers=1)
    for chunk in (1, 2, 5, 64):
        for workers in (1, 2, 3):
            np.testing.assert_allclose(loss_slice(net, x, t, d1, d2, grid, grid, chunk=chunk, workers=workers),
                                       reference, rtol=1e-14, atol=0)


def test_float32_arithmetic_is_close():
    net, x, t = make("bce", dtype="float32")
    d1, d2 = random_directions(net, seed=0)
    grid = np.linspace(-1, 1, 5)
    exact = loss_slice(net, x, t, d1, d2, grid, grid)
    fast = loss_slice(net, x, t, d1, d2, grid, grid, dtype=np.float32)
    np.testing.assert_allclose(fast, exact, rtol=1e-5)


@pytest.mark.parametrize("layers", [
    [{"type": "conv2d", "filters": 2, "kernel": 3, "pad": 1, "activation": "relu"},
     {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"units": 3, "activation": "softmax"}],
    [{"type": "flatten"}, {"units": 6, "activation": "tanh", "batch_norm": True, "dropout": 0.3},
     {"units": 3, "activation": "softmax"}],
    [{"type": "flatten"}, {"units": 6, "activation": "tanh", "dropout": 0.5}, {"units": 3, "activation": "softmax"}],
])
def test_conv_batch_norm_and_dropout_networks(layers):
    net = Network.from_config({"input": [1, 4, 4], "layers": layers, "loss": "cross_entropy", "l2": 0.01})
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((12, 1, 4, 4)), rng.integers(0, 3, 12)
    if any(layer.get("batch_norm") for layer in layers):
        net.gradient(x, t)  # training mode once, so the running statistics are not the defaults
    d1, d2 = random_directions(net, seed=0)
    origin = net.copy_params()
    s = loss_slice(net, x, t, d1, d2, [0.0, 0.5], [0.0, -0.5], chunk=1)
    assert_rel(s[0, 0], net.loss(x, t))
    assert_rel(s, [[naive(net, x, t, origin, d1, d2, a, b) for a in (0.0, 0.5)] for b in (0.0, -0.5)])


def test_progress_and_cancellation_of_one_slice():
    net, x, t = make("mse")
    d1, d2 = random_directions(net)
    seen = []
    loss_slice(net, x, t, d1, d2, np.linspace(-1, 1, 6), [0.0, 1.0], chunk=4, workers=1,
               progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (12, 12) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    for workers in (1, 2):
        done = []
        with pytest.raises(Cancelled):
            loss_slice(net, x, t, d1, d2, np.linspace(-1, 1, 20), np.linspace(-1, 1, 20), chunk=2, workers=workers,
                       should_cancel=lambda done=done: len(done) > 3,
                       progress=lambda n, total, done=done: done.append(n))
        assert 3 < len(done) < 20 and done[-1] < 400


def test_bad_arguments():
    net, x, t = make("mse")
    d1, d2 = random_directions(net)
    with pytest.raises(ConfigError, match="chunk"):
        loss_slice(net, x, t, d1, d2, [0.0], [0.0], chunk=0)
    with pytest.raises(ConfigError, match="d2"):
        loss_slice(net, x, t, d1, {"W1": d2["W1"]}, [0.0], [0.0])
    with pytest.raises(ConfigError, match="alphas"):
        loss_slice(net, x, t, d1, d2, [], [0.0])
    with pytest.raises(ConfigError, match="resolutions"):
        progressive_slice(net, x, t, d1, d2, resolutions=(1, 5))
    with pytest.raises(ConfigError, match="span"):
        progressive_slice(net, x, t, d1, d2, span=(1, 0, 0, 1))
    with pytest.raises(ConfigError, match="kind"):
        Landscape({}, {}, {}, kind="hessian")


# -- progressive slices ---------------------------------------------------------------------------


def test_progressive_slice_refines_reuses_and_matches_a_direct_slice():
    net, x, t = make("bce", l2=0.01)
    d1, d2 = random_directions(net, seed=1)
    levels = list(progressive_slice(net, x, t, d1, d2, span=2.0, resolutions=(3, 5, 9, 12)))
    assert [lv[2].shape for lv in levels] == [(3, 3), (5, 5), (9, 9), (12, 12)]
    for alphas, betas, losses_ in levels:
        assert alphas[0] == -2.0 and alphas[-1] == 2.0 and betas[0] == -2.0
        np.testing.assert_allclose(losses_, loss_slice(net, x, t, d1, d2, alphas, betas), rtol=1e-14, atol=0)
    np.testing.assert_array_equal(levels[2][2][::2, ::2], levels[1][2])  # reused, not recomputed
    extent = next(progressive_slice(net, x, t, d1, d2, span=(-1, 3, 0, 0.5), resolutions=(4,)))
    assert extent[0][0] == -1 and extent[0][-1] == 3 and extent[1][-1] == 0.5


def test_progressive_slice_cancels_restarts_and_never_touches_the_network():
    net, x, t = make("mse", l2=0.01)
    d1, d2 = random_directions(net, seed=1)
    original = net.copy_params()
    cancel = [False]
    gen = progressive_slice(net, x, t, d1, d2, resolutions=(3, 5, 9), should_cancel=lambda: cancel[0])
    first = next(gen)
    assert first[2].shape == (3, 3)
    cancel[0] = True
    with pytest.raises(Cancelled):
        next(gen)
    cancel[0] = False
    # the snapshot is taken at the call: training that moves net.params afterwards does not tear it
    gen = progressive_slice(net, x, t, d1, d2, resolutions=(3, 5, 9), should_cancel=lambda: cancel[0])
    for p in net.params.values():
        p += 0.5
    levels = list(gen)
    assert [lv[2].shape for lv in levels] == [(3, 3), (5, 5), (9, 9)]
    net.set_params(original)
    np.testing.assert_allclose(levels[-1][2], loss_slice(net, x, t, d1, d2, levels[-1][0], levels[-1][1]),
                               rtol=1e-14)
    assert all(np.array_equal(net.params[k], original[k]) for k in original)


# -- PCA directions and projection ----------------------------------------------------------------


def _orthonormal(d1, d2):
    v1, v2 = flat(d1), flat(d2)
    assert abs(v1 @ v1 - 1) < 1e-12 and abs(v2 @ v2 - 1) < 1e-12 and abs(v1 @ v2) < 1e-12


def test_pca_of_a_trajectory_in_a_known_plane_is_recovered_exactly():
    rng = np.random.default_rng(0)
    shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 1), "b2": (1,)}
    final = {k: rng.standard_normal(s) for k, s in shapes.items()}
    q, _ = np.linalg.qr(rng.standard_normal((sum(int(np.prod(s)) for s in shapes.values()), 2)))

    def as_dict(v):
        out, i = {}, 0
        for k, s in shapes.items():
            n = int(np.prod(s))
            out[k] = v[i:i + n].reshape(s)
            i += n
        return out

    coords = np.c_[np.linspace(3, 0, 12) ** 2, np.sin(np.linspace(0, 3, 12)) * np.linspace(2, 0, 12)]
    trajectory = [{k: final[k] + a * as_dict(q[:, 0])[k] + b * as_dict(q[:, 1])[k] for k in final}
                  for a, b in coords]
    trajectory[-1] = {k: v.copy() for k, v in final.items()}
    d1, d2, ratios = pca_directions(trajectory)
    _orthonormal(d1, d2)
    assert abs(sum(ratios) - 1) < 1e-12 and ratios[0] >= ratios[1] > 0
    path = project_trajectory(trajectory, final, d1, d2)
    assert np.all(path[0] >= 0)  # signs: the path starts in the first quadrant
    for (a, b), p in zip(path, trajectory, strict=True):
        rebuilt = {k: final[k] + a * d1[k] + b * d2[k] for k in final}
        assert np.abs(flat(rebuilt) - flat(p)).max() < 1e-12
    # distances in the plane are the true distances
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), np.linalg.norm(coords, axis=1), rtol=1e-12)
    assert project(trajectory[-1], final, d1, d2) == (0.0, 0.0)


def test_pca_of_a_real_training_run():
    net, x, t = make("bce", hidden=("tanh",), l2=0.001)
    trainer = Trainer(net, optimizers.make("sgd", lr=0.5), x, t, batch_size=8, seed=0, eval_every=0)
    trajectory = [net.copy_params()]
    for _ in range(30):
        trainer.step()
        trajectory.append(net.copy_params())
    landscape = Landscape.pca(trajectory)
    assert landscape.kind == "pca"
    d1, d2, (r1, r2) = landscape.d1, landscape.d2, landscape.explained_variance
    _orthonormal(d1, d2)
    assert 0 < r2 <= r1 <= 1 and r1 + r2 <= 1 + 1e-12
    assert landscape.project(trajectory[-1]) == (0.0, 0.0)
    path = landscape.project_trajectory(trajectory)
    # what the plane misses is exactly the variance it does not explain
    total = sum(np.sum((flat(p) - flat(trajectory[-1])) ** 2) for p in trajectory)
    missed = sum(np.sum((flat(p) - flat(landscape.point(a, b))) ** 2) for (a, b), p in zip(path, trajectory,
                                                                                          strict=True))
    assert missed == pytest.approx(total * (1 - r1 - r2), rel=1e-6, abs=1e-12 * total)
    s = landscape.slice(net, x, t, [0.0], [0.0])
    assert_rel(s[0, 0], net.loss(x, t))


def test_pca_degenerate_trajectories():
    a = {"W": np.zeros(3)}
    with pytest.raises(ConfigError):
        pca_directions([a])
    with pytest.raises(ConfigError):
        pca_directions([a, {"W": np.zeros(3)}])
    d1, d2, ratios = pca_directions([{"W": np.array([2.0, 0, 0])}, {"W": np.array([1.0, 0, 0])}, a])
    _orthonormal(d1, d2)
    assert ratios == (1.0, 0.0)
    np.testing.assert_allclose(d1["W"], [1, 0, 0])


def test_projection_is_least_squares_for_non_orthogonal_directions():
    rng = np.random.default_rng(0)
    origin = {"W": rng.standard_normal(5)}
    d1, d2 = {"W": rng.standard_normal(5)}, {"W": rng.standard_normal(5)}
    p = {"W": origin["W"] + 0.7 * d1["W"] - 1.2 * d2["W"]}
    np.testing.assert_allclose(project(p, origin, d1, d2), (0.7, -1.2), rtol=1e-12)


def test_random_landscape_helper():
    net, x, t = make("mse")
    landscape = Landscape.random(net, seed=3)
    assert landscape.kind == "random" and landscape.explained_variance is None
    d1, _ = random_directions(net, seed=3)
    assert np.array_equal(landscape.d1["W1"], d1["W1"])
    net.params["W1"] += 1.0  # the landscape keeps its own origin
    assert not np.array_equal(landscape.origin["W1"], net.params["W1"])
    np.testing.assert_allclose(landscape.project(landscape.point(0.25, -0.5)), (0.25, -0.5), atol=1e-12)
    levels = list(landscape.progressive(net, x, t, span=0.5, resolutions=(3,)))
    assert_rel(levels[0][2][1, 1], naive(net, x, t, landscape.origin, landscape.d1, landscape.d2, 0.0, 0.0))
