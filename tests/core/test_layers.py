"""Conv and pooling layers: forward and backward against central differences over many shapes, and PyTorch."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from visualnet.core.layers import AvgPool, Conv2D, Flatten, MaxPool, Scratch, col2im, im2col

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def numerical(f, array, h=1e-6):
    """∂f/∂array by central differences, element by element (float64)."""
    grad = np.zeros_like(array)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        up = f()
        flat[i] = keep - h
        down = f()
        flat[i] = keep
        gflat[i] = (up - down) / (2 * h)
    return grad


@st.composite
def conv_shapes(draw):
    k = draw(st.integers(1, 4))
    stride = draw(st.integers(1, 3))
    pad = draw(st.integers(0, k))
    oh, ow = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h, w = (oh - 1) * stride + k - 2 * pad, (ow - 1) * stride + k - 2 * pad
    assume(h >= 1 and w >= 1)
    return draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3)), h, w, k, stride, pad


@SETTINGS
@given(conv_shapes(), st.integers(0, 2**31))
def test_conv_forward_and_backward_match_numerical_gradients(shape, seed):
    n, c, f, h, w, k, stride, pad = shape
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w))
    W, b = rng.standard_normal((f, c, k, k)), rng.standard_normal(f)
    layer = Conv2D(W, b, stride, pad)
    out = layer.forward(x)
    # the definition, cell by cell: Σ over the padded window, strided
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    expected = np.empty_like(out)
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            window = padded[:, :, i * stride:i * stride + k, j * stride:j * stride + k]
            expected[:, :, i, j] = np.einsum("ncij,fcij->nf", window, W) + b
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    upstream = rng.standard_normal(out.shape)

    def loss():
        return float(np.vdot(layer.forward(x), upstream))

    layer.forward(x)
    dx = layer.backward(upstream)
    dW, db = layer.dW.copy(), layer.db.copy()
    np.testing.assert_allclose(dx, numerical(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dW, numerical(loss, W), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, numerical(loss, b), rtol=1e-6, atol=1e-8)


@st.composite
def pool_shapes(draw):
    size, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    oh, ow = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return draw(st.integers(1, 2)), draw(st.integers(1, 3)), (oh - 1) * stride + size, (ow - 1) * stride + size, \
        size, stride


@SETTINGS
@given(pool_shapes(), st.sampled_from([MaxPool, AvgPool]), st.integers(0, 2**31))
def test_pooling_forward_and_backward_match_numerical_gradients(shape, kind, seed):
    n, c, h, w, size, stride = shape
    rng = np.random.default_rng(seed)
    x = rng.permutation(n * c * h * w).reshape(n, c, h, w) / 7.0  # distinct values: no tie within ±h
    layer = kind(size, stride)
    out = layer.forward(x)
    reduce = np.max if kind is MaxPool else np.mean
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            np.testing.assert_allclose(out[:, :, i, j], reduce(window, axis=(2, 3)), rtol=1e-15)
    upstream = rng.standard_normal(out.shape)
    dx = layer.backward(upstream)
    np.testing.assert_allclose(dx, numerical(lambda: float(np.vdot(layer.forward(x), upstream)), x, 1e-4),
                               rtol=1e-7, atol=1e-9)


def test_max_pool_ties_route_the_gradient_to_the_first_maximum_only():
    layer = MaxPool(2)
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 2:, 2:] = [[1.0, 3.0], [3.0, 2.0]]
    out = layer.forward(x)
    assert out[0, 0].tolist() == [[0.0, 0.0], [0.0, 3.0]]
    assert layer.winners[0, 0].tolist() == [[0, 0], [0, 1]]  # row-major position in the window: argmax's
    dx = layer.backward(np.ones_like(out))
    assert dx[0, 0].tolist() == [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]]


def test_max_pool_lets_nan_through():
    x = np.ones((1, 1, 2, 2))
    x[0, 0, 1, 1] = np.nan
    assert np.isnan(MaxPool(2).forward(x)).all()


def test_average_pool_divides_the_row_major_sum():
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) / 3
    out = AvgPool(2).forward(x)
    window = x[0, 0, :2, :2].ravel()
    assert out[0, 0, 0, 0] == (((window[0] + window[1]) + window[2]) + window[3]) / np.float32(4)


def test_flatten_is_torch_flatten_order():
    x = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    flat = Flatten().forward(x)
    for n, c, i, j in [(0, 0, 0, 0), (1, 2, 3, 4), (0, 1, 2, 3)]:
        assert flat[n, c * 20 + i * 5 + j] == x[n, c, i, j]


def test_im2col_rows_follow_the_kernel_and_col2im_is_its_adjoint():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 6))
    col = im2col(x, 3, 2, stride=2, pad=1)
    W = rng.standard_normal((4, 3, 3, 2))
    assert col.shape == (2, 18, 3 * 4)
    y = rng.standard_normal(col.shape)
    # <im2col(x), y> = <x, col2im(y)>
    assert np.isclose(np.vdot(col, y), np.vdot(x, col2im(y, x.shape, 3, 2, 2, 1)))
    out = (W.reshape(4, -1) @ col).reshape(2, 4, 3, 4)
    np.testing.assert_allclose(out, Conv2D(W, np.zeros(4), 2, 1).forward(x), rtol=1e-12, atol=1e-12)


def test_training_passes_reuse_their_buffers_and_evaluation_leaves_none_behind():
    rng = np.random.default_rng(1)
    W, b = rng.standard_normal((4, 2, 3, 3)).astype(np.float32), np.zeros(4, np.float32)
    layer = Conv2D(W, b, 1, 1)
    x = rng.standard_normal((8, 2, 6, 6)).astype(np.float32)
    layer.backward(np.ones_like(layer.forward(x)))
    kept = {name: a.__array_interface__["data"][0] for name, a in layer._scratch._arrays.items()}
    first = layer.forward(x).copy()
    layer.backward(np.ones_like(first))
    assert {name: a.__array_interface__["data"][0] for name, a in layer._scratch._arrays.items()} == kept
    np.testing.assert_array_equal(layer.forward(x[:3]), first[:3])  # a smaller batch in the same buffers
    big = rng.standard_normal((50, 2, 6, 6)).astype(np.float32)
    layer.forward(big, train=False)
    assert max(a.size for a in layer._scratch._arrays.values()) < 50 * 18 * 36
    assert first.dtype == np.float32 and layer.dW is not None and layer.dW.dtype == np.float32


def test_scratch_grows_and_keeps_its_array():
    scratch = Scratch()
    a = scratch.get("col", (2, 3), np.float32)
    b = scratch.get("col", (1, 3), np.float32)
    assert np.shares_memory(a, b)
    c = scratch.get("col", (4, 3), np.float32)
    assert c.shape == (4, 3) and not np.shares_memory(a, c)


@pytest.mark.parametrize("stride, pad", [(1, 0), (2, 1), (3, 2)])
def test_conv_and_pooling_agree_with_pytorch_when_it_is_installed(stride, pad):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(stride)
    x = rng.standard_normal((2, 3, 3 * stride + 5 - 2 * pad, 2 * stride + 5 - 2 * pad))
    W, b = rng.standard_normal((4, 3, 5, 5)), rng.standard_normal(4)
    layer = Conv2D(W, b, stride, pad)
    out = layer.forward(x)
    tx = torch.tensor(x, requires_grad=True)
    tW, tb = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
    tout = torch.nn.functional.conv2d(tx, tW, tb, stride=stride, padding=pad)
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-12, atol=1e-12)
    upstream = rng.standard_normal(out.shape)
    tout.backward(torch.tensor(upstream))
    np.testing.assert_allclose(layer.backward(upstream), tx.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.dW, tW.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.db, tb.grad.numpy(), rtol=1e-12, atol=1e-12)
    maps = rng.standard_normal((2, 3, 7, 7))
    for ours, theirs in ((MaxPool(3, 2), torch.nn.functional.max_pool2d), (AvgPool(3, 2),
                                                                          torch.nn.functional.avg_pool2d)):
        tm = torch.tensor(maps, requires_grad=True)
        pooled = theirs(tm, 3, 2)
        np.testing.assert_allclose(ours.forward(maps), pooled.detach().numpy(), rtol=1e-15)
        up = rng.standard_normal(pooled.shape)
        pooled.backward(torch.tensor(up))
        np.testing.assert_allclose(ours.backward(up), tm.grad.numpy(), rtol=1e-12, atol=1e-15)
