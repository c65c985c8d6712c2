"""The Convolution tab's numbers: written-out sums equal to the layers' own, sizes, routes and maps."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from visualnet.core import convolution as cv
from visualnet.core.errors import ConfigError
from visualnet.core.layers import AvgPool, Conv2D, MaxPool
from visualnet.core.network import Network

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- output size ------------------------------------------------------------------------------------

def test_output_size_formula_with_the_numbers():
    size = cv.output_size(7, 3, 1, 2)
    assert size.whole and size.value == 4 and size.reason == ""
    assert size.formula == "(7 + 2×1 − 3)/2 + 1 = 4"
    odd = cv.output_size(28, 5, 0, 2)
    assert not odd.whole and odd.value is None and odd.span == 23
    assert "(28 + 2×0 − 5)/2 + 1 = 12.5" in odd.reason and "not a whole number" in odd.reason
    assert "(N + 2P − F)/S + 1" in odd.reason
    too_big = cv.output_size(3, 5)
    assert not too_big.whole and "larger than the padded input (3)" in too_big.reason
    assert cv.output_size(32, 5, 2, 1).value == 32  # "same" padding
    with pytest.raises(ConfigError, match="stride"):
        cv.output_size(7, 3, 0, 0)


@pytest.mark.parametrize("layer, formula", [
    ({"type": "conv2d", "filters": 2, "kernel": 5, "stride": 2, "activation": "relu"}, "(28 + 2×0 − 5)/2 + 1 = 12.5"),
    ({"type": "maxpool", "size": 2}, None),
    ({"type": "avgpool", "size": 3, "stride": 2}, "(28 + 2×0 − 3)/2 + 1 = 13.5"),
])
def test_configs_whose_windows_do_not_fit_whole_are_refused_with_the_formula(layer, formula):
    cfg = {"input": [1, 28, 28], "layers": [layer, {"type": "flatten"}, {"units": 2, "activation": "softmax"}],
           "loss": "cross_entropy"}
    if formula is None:
        Network.from_config(cfg)  # 28 = 14 × 2: fits
        return
    with pytest.raises(ConfigError) as err:
        Network.from_config(cfg)
    assert err.value.field == "layers[0].stride" and formula in str(err.value)


def test_a_non_square_input_names_the_axis():
    cfg = {"input": [1, 8, 7], "layers": [{"type": "maxpool", "size": 2}, {"type": "flatten"},
                                          {"units": 2, "activation": "softmax"}], "loss": "cross_entropy"}
    with pytest.raises(ConfigError, match=r"width: output size .*\(7 \+ 2×0 − 2\)/2 \+ 1 = 3\.5"):
        Network.from_config(cfg)


# -- forward cells ------------------------------------------------------------------------------------

@st.composite
def conv_case(draw):
    k = draw(st.integers(1, 4))
    stride, pad = draw(st.integers(1, 3)), draw(st.integers(0, 2))
    assume(pad <= k)
    oh, ow = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h, w = (oh - 1) * stride + k - 2 * pad, (ow - 1) * stride + k - 2 * pad
    assume(h >= 1 and w >= 1)
    return draw(st.integers(1, 3)), draw(st.integers(1, 3)), h, w, k, stride, pad, draw(st.integers(0, 2**31))


@SETTINGS
@given(conv_case(), st.sampled_from(["float64", "float32"]))
def test_every_written_out_conv_cell_equals_the_layers_output(case, dtype):
    c, f, h, w, k, stride, pad, seed = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, c, h, w)).astype(dtype)
    W, b = rng.standard_normal((f, c, k, k)).astype(dtype), rng.standard_normal(f).astype(dtype)
    z = Conv2D(W, b, stride, pad).forward(x)
    for fi in range(f):
        for row in range(z.shape[2]):
            for col in range(z.shape[3]):
                cell = cv.conv_cell(x[1], W, b, fi, row, col, stride, pad)
                # float64: BLAS sums in its own order, within 1e-12; float32 inputs give exact float64 products,
                # so the written sum is the exact one and the layer's is off by its own float32 rounding, at
                # most (terms + 1)·ε₃₂·Σ|terms|
                scale = float(np.abs(cell.products).sum() + abs(cell.sum.bias))
                eps32 = float(np.finfo(np.float32).eps)
                tol = 1e-12 if dtype == "float64" else (len(cell.sum) + 2) * eps32 * scale
                assert abs(cell.value - float(z[1, fi, row, col])) <= tol
                assert math.isclose(math.fsum([*cell.channel_sums, cell.sum.bias]), cell.value, abs_tol=1e-12)
                padded = cv.pad_input(x[1], pad)
                for (ci, y, xx), value, (_c, i, j), weight in zip(cell.sum.a_at, cell.sum.a, cell.sum.b_at,
                                                                 cell.sum.b):
                    assert padded[ci, y, xx] == value and W[fi, _c, i, j] == weight
                assert cell.on_padding.shape == cell.window.shape


def test_a_float64_cell_is_bit_exact_where_the_sum_order_allows():
    x = np.array([[[0.3, 0.8], [0.25, -0.5]]])
    W = np.array([[[[-1.0, 0.5], [2.0, 0.125]]]])
    cell = cv.conv_cell(x, W, np.array([0.1]), 0, 0, 0)
    z = Conv2D(W, np.array([0.1]), 1, 0).forward(x[None])
    assert cell.value == float(z[0, 0, 0, 0])
    assert cell.sum.equation() == "0.3×−1 + 0.8×0.5 + 0.25×2 + −0.5×0.125 + 0.1 = 0.638"
    assert cell.sum.equation(max_terms=2, bias_symbol="b") == "0.3×−1 + 0.8×0.5 + … + b = 0.638"


def test_padding_cells_are_marked_and_hold_zeros():
    x = np.arange(9.0).reshape(1, 3, 3)
    cell = cv.conv_cell(x, np.ones((1, 1, 3, 3)), np.zeros(1), 0, 0, 0, stride=1, pad=1)
    assert cell.on_padding[0].tolist() == [[True, True, True], [True, False, False], [True, False, False]]
    assert (cell.window[cell.on_padding] == 0).all()
    assert cell.value == 0 + 1 + 3 + 4


def test_cells_outside_the_map_are_refused():
    with pytest.raises(ConfigError, match="outside"):
        cv.conv_cell(np.zeros((1, 4, 4)), np.zeros((2, 1, 3, 3)), np.zeros(2), 2, 0, 0)


# -- backward cells -------------------------------------------------------------------------------

def traced(cfg, n=3, seed=0):
    net = Network.from_config(cfg)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, *net.input_shape))
    t = rng.integers(0, cfg["layers"][-1]["units"], n)
    events = []
    net.gradient(x, t, recorder=events)
    return net, x, {(e.kind, getattr(e, "layer", None)): e for e in events}


TWO_CONVS = {"input": [2, 7, 7], "layers": [
    {"type": "conv2d", "filters": 3, "kernel": 3, "stride": 2, "pad": 1, "activation": "tanh"},
    {"type": "conv2d", "filters": 2, "kernel": 2, "stride": 1, "pad": 1, "activation": "tanh"},
    {"type": "flatten"}, {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "seed": 1}


def test_kernel_gradient_is_the_correlation_of_the_input_with_delta():
    net, _x, ev = traced(TWO_CONVS)
    for layer, (stride, pad) in ((0, (2, 1)), (1, (1, 1))):
        fwd, bwd = ev["forward", layer], ev["backward", layer]
        name = net.describe()[layer].weight
        dW = bwd.grads[name]
        for f, c, i, j in np.ndindex(dW.shape):
            cell = cv.kernel_gradient_cell(fwd.input, bwd.delta, f, c, i, j, stride, pad, sample=1)
            assert abs(cell.value - dW[f, c, i, j]) <= 1e-12
            assert len(cell.sample_sum) == bwd.delta.shape[2] * bwd.delta.shape[3]
            assert math.isclose(cell.sample_sum.value, cell.per_sample[1], abs_tol=1e-15)
            assert cell.rows[0] == i and cell.cols[0] == j


def test_kernel_gradient_of_a_batch_normed_conv_uses_the_core_delta():
    cfg = {**TWO_CONVS, "layers": [{**TWO_CONVS["layers"][0], "batch_norm": True}, *TWO_CONVS["layers"][1:]]}
    _net, _x, ev = traced(cfg)
    bwd = ev["backward", 0]
    assert bwd.core_delta is not None and not np.allclose(bwd.core_delta, bwd.delta)
    cell = cv.kernel_gradient_cell(ev["forward", 0].input, bwd.core_delta, 1, 0, 2, 1, 2, 1)
    assert abs(cell.value - bwd.grads["W1"][1, 0, 2, 1]) <= 1e-12
    assert ev["backward", 1].core_delta is None


def test_input_gradient_is_the_full_convolution_of_delta_with_the_flipped_kernel():
    net, _x, ev = traced(TWO_CONVS)
    bwd = ev["backward", 1]  # the second conv: its ∂L/∂input is recorded
    W = net.params["W2"]
    for s in range(3):
        for c, row, col in np.ndindex(bwd.dinput.shape[1:]):
            cell = cv.input_gradient_cell(bwd.delta[s], W, c, row, col, 1, 1, input_size=bwd.dinput.shape[2:])
            assert abs(cell.value - bwd.dinput[s, c, row, col]) <= 1e-12
            np.testing.assert_array_equal(cell.flipped, W[:, c, ::-1, ::-1])
        np.testing.assert_allclose(cv.input_gradient(bwd.delta[s], W, 1, 1, bwd.dinput.shape[2:]), bwd.dinput[s],
                                   rtol=1e-12, atol=1e-15)


@SETTINGS
@given(conv_case())
def test_input_gradient_cells_match_the_layer_for_any_stride_and_padding(case):
    c, f, h, w, k, stride, pad, seed = case
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((f, c, k, k)), rng.standard_normal(f)
    layer = Conv2D(W, b, stride, pad)
    x = rng.standard_normal((1, c, h, w))
    delta = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(delta)
    for ci, row, col in np.ndindex(c, h, w):
        cell = cv.input_gradient_cell(delta[0], W, ci, row, col, stride, pad, input_size=(h, w))
        assert abs(cell.value - dx[0, ci, row, col]) <= 1e-12
        # the window is the dilated, padded δ under the flipped kernel: it holds every term's δ
        for (fi, oy, ox), value in zip(cell.sum.a_at, cell.sum.a):
            assert delta[0, fi, oy, ox] == value
        assert cell.window.shape == (f, k, k)
    np.testing.assert_allclose(cv.input_gradient(delta[0], W, stride, pad, (h, w)), dx[0], rtol=1e-12, atol=1e-14)


def test_dilated_delta_places_delta_every_stride_cells_after_k_minus_1_minus_p_zeros():
    delta = np.arange(1.0, 5.0).reshape(1, 2, 2)
    d = cv.dilated_delta(delta, kernel=3, stride=2, pad=1)
    assert d.shape == (1, 5, 5)
    assert d[0].tolist() == [[0, 0, 0, 0, 0], [0, 1, 0, 2, 0], [0, 0, 0, 0, 0], [0, 3, 0, 4, 0], [0, 0, 0, 0, 0]]


# -- pooling ------------------------------------------------------------------------------------

@SETTINGS
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["maxpool", "avgpool"]),
       st.sampled_from(["float64", "float32"]), st.integers(0, 2**31))
def test_pool_cells_equal_the_layer_to_the_last_bit(size, stride, out, kind, dtype, seed):
    n = (out - 1) * stride + size
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 2, n, n)).astype(dtype)
    x[0, 1] = np.round(x[0, 1])  # ties
    layer = (MaxPool if kind == "maxpool" else AvgPool)(size, stride)
    y = layer.forward(x)
    delta = rng.standard_normal(y.shape).astype(dtype)
    dx = layer.backward(delta)
    routed = np.zeros_like(dx[0])
    for c, row, col in np.ndindex(y.shape[1:]):
        cell = cv.pool_cell(x[0], kind, size, stride, c, row, col)
        assert cell.value == y[0, c, row, col]
        route = cv.pool_routes(x[0], delta[0], kind, size, stride, c, row, col)
        for (ci, yy, xx), share in zip(route.cells, route.shares):
            routed[ci, yy, xx] += share
        if kind == "maxpool":
            assert cell.winner == divmod(int(layer.winners[0, c, row, col]), size)
            assert len(route.cells) == 1 and route.shares[0] == route.delta
    np.testing.assert_allclose(routed, dx[0], rtol=1e-6 if dtype == "float32" else 1e-15, atol=1e-7)
    if kind == "maxpool":
        counts = cv.winner_mask(layer.winners, x.shape, size, stride)
        assert ((counts > 0) == (dx != 0)).all() or np.any(delta == 0)
        assert counts.sum() == y.size


def test_pool_equations():
    x = np.array([[[0.1, 0.7], [0.3, 0.2]]])
    assert cv.pool_cell(x, "max", 2, 2, 0, 0, 0).equation == "max(0.1, 0.7, 0.3, 0.2) = 0.7"
    assert cv.pool_cell(x, "avgpool", 2, 2, 0, 0, 0).equation == "(0.1 + 0.7 + 0.3 + 0.2)/4 = 0.325"
    with pytest.raises(ConfigError, match="maxpool, avgpool"):
        cv.pool_cell(x, "min", 2, 2, 0, 0, 0)


# -- parameter counts, feature maps, sandbox ------------------------------------------------------

def test_parameter_texts():
    assert cv.parameter_text(30, 1, 5) == "30 filters × 1 × 5 × 5 + 30 = 780 weights"
    assert cv.parameter_text(1, 3, 3) == "1 filter × 3 × 3 × 3 + 1 = 28 weights"
    net = Network.from_config({"input": [1, 28, 28], "layers": [
        {"type": "conv2d", "filters": 30, "kernel": 5, "activation": "relu"}, {"type": "maxpool", "size": 2},
        {"type": "flatten"}, {"units": 100, "activation": "relu"}, {"units": 10, "activation": "softmax"}],
        "loss": "cross_entropy"})
    texts = [cv.layer_parameter_text(info) for info in net.describe()]
    assert texts == ["30 filters × 1 × 5 × 5 + 30 = 780 weights", "", "",
                     "4,320 × 100 + 100 = 432,100 weights", "100 × 10 + 10 = 1,010 weights"]
    assert net.params["W1"].shape == (30, 1, 5, 5) and net.params["W1"].size + net.params["b1"].size == 780
    assert cv.shape_text(net.describe()[1].output_shape) == "30×12×12"


def test_feature_maps_of_a_recorded_step():
    net, x, _ = traced({"input": [1, 8, 8], "layers": [
        {"type": "conv2d", "filters": 4, "kernel": 3, "pad": 1, "activation": "relu"},
        {"type": "avgpool", "size": 2}, {"type": "conv2d", "filters": 2, "kernel": 3, "activation": "relu"},
        {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"units": 2, "activation": "softmax"}],
        "loss": "cross_entropy"})
    from visualnet.core import trace as tr

    events = []
    net.gradient(x, [0, 1, 0], recorder=events)
    trace = tr.Trace(0, tuple(events), x, np.array([0, 1, 0]), params={k: v.copy() for k, v in net.params.items()})
    maps = cv.feature_maps(trace, net.describe(), sample=2)
    assert [(m.layer, m.kind, m.shape) for m in maps] == [(0, "conv2d", (4, 8, 8)), (1, "avgpool", (4, 4, 4)),
                                                          (2, "conv2d", (2, 2, 2)), (3, "maxpool", (2, 1, 1))]
    assert maps[0].title == "conv 1: 4@3×3 — 4×8×8" and maps[0].parameters.endswith("= 40 weights")
    np.testing.assert_array_equal(maps[0].kernels, net.params["W1"])
    np.testing.assert_array_equal(maps[2].input, maps[1].maps)
    assert maps[1].z is None and maps[0].z.shape == (4, 8, 8)
    winners = next(e for e in events if e.kind == "forward" and e.layer == 3).winners
    assert winners is not None and winners.shape == (3, 2, 1, 1)
    assert next(e for e in events if e.kind == "forward" and e.layer == 1).winners is None


def test_correlate_with_classic_kernels():
    image = np.zeros((5, 5))
    image[:, 2] = 1.0  # a vertical line
    same = cv.correlate(image, cv.CLASSIC_KERNELS["identity"], pad=1)
    np.testing.assert_array_equal(same, image)
    edges = cv.correlate(image, cv.CLASSIC_KERNELS["vertical edge"], pad=1)
    assert edges[2, 1] > 0 > edges[2, 3] and edges[2, 2] == 0
    assert cv.correlate(image, cv.CLASSIC_KERNELS["blur"], stride=2).shape == (2, 2)
    assert cv.correlate(image, np.ones((2, 1, 3, 3))).shape == (2, 3, 3)  # two filters
    assert cv.correlate(np.stack([image, image]), np.ones((3, 3))).shape == (3, 3)  # one kernel, every channel
    with pytest.raises(ConfigError, match="channels"):
        cv.correlate(image, np.ones((2, 3, 3)))
    with pytest.raises(ConfigError, match=r"\(5 \+ 2×0 − 3\)/3 \+ 1"):
        cv.correlate(image, cv.CLASSIC_KERNELS["sharpen"], stride=3)


def test_shift_moves_the_image_and_pooling_changes_less_than_convolution():
    image = np.arange(16.0).reshape(4, 4)
    assert cv.shift(image, 0, 1)[:, 1:].tolist() == image[:, :-1].tolist()
    assert (cv.shift(image, 0, 1)[:, 0] == 0).all()
    assert cv.shift(image, -1, 0)[:3].tolist() == image[1:].tolist()
    net = Network.from_config({"input": [1, 16, 16], "layers": [
        {"type": "conv2d", "filters": 4, "kernel": 3, "pad": 1, "activation": "relu"},
        {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"units": 2, "activation": "softmax"}],
        "loss": "cross_entropy", "seed": 0})
    square = np.zeros((16, 16))
    square[4:12, 4] = square[4:12, 11] = square[4, 4:12] = square[11, 4:12] = 1.0
    changes = cv.shift_comparison(net, square, 0, 1)
    assert [(layer, kind) for layer, kind, _ in changes] == [(0, "conv2d"), (1, "maxpool")]
    assert changes[1][2] < changes[0][2]
