"""Layers in the textbook style: one small class each, ``forward`` caches, ``backward`` returns ∂L/∂input.

Parameter arrays are shared with ``Network.params`` (optimizers update them in place), so a layer
never rebinds ``self.W``; it only reads it.
"""

from __future__ import annotations

import numpy as np

from visualnet.core.activations import Activation


class Dense:
    """Affine layer: z = x·W + b, W shaped (n_in, n_out)."""

    def __init__(self, W: np.ndarray, b: np.ndarray):
        self.W, self.b = W, b
        self.x = None
        self.dW = self.db = None
        self.need_dx = True  # the first layer skips ∂L/∂x: nobody reads it and it is the costliest product

    def forward(self, x, train=True):
        self.x = x
        z = x @ self.W
        z += self.b
        return z

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T if self.need_dx else None


class ActivationLayer:
    """a = f(z); backward multiplies by f′(z) (a fresh array: the caller's ``dout`` is left intact)."""

    def __init__(self, activation: Activation):
        self.activation = activation
        self.z = self.a = None
        self.dact = None

    def forward(self, z, train=True):
        self.z = z
        self.a = self.activation.f(z)
        return self.a

    def backward(self, dout):
        act = self.activation
        self.dact = act.df_from_output(self.a) if act.df_from_output is not None else act.df(self.z)
        return dout * self.dact


class Dropout:
    """Inverted dropout: in training keep each unit with probability 1 − p and scale it by 1/(1 − p).

    The textbook's ``Dropout`` does not scale in training and multiplies by (1 − p) at test time
    instead; both have the same expectation, but inverted dropout leaves ``predict`` untouched.
    A mask can be held fixed (``fixed_mask``) so a numerical gradient sees the same network.
    """

    def __init__(self, p: float, rng: np.random.Generator):
        self.p, self.rng = p, rng
        self.mask = None
        self.fixed_mask = False

    def forward(self, x, train=True):
        if not train or self.p == 0:
            self.mask = None
            return x
        if not (self.fixed_mask and self.mask is not None and self.mask.shape == x.shape):
            keep = self.rng.random(x.shape) >= self.p
            self.mask = keep.astype(x.dtype) / x.dtype.type(1 - self.p)
        return x * self.mask

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask


class BatchNorm:
    """Batch normalisation over the batch axis (and the spatial axes of (N, C, H, W) input).

    Training normalises with the batch statistics and updates running ones
    (running = momentum·running + (1 − momentum)·batch, the textbook's convention; PyTorch's
    ``momentum=0.1`` weights the batch the same way); evaluation uses the running statistics.
    """

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.gamma, self.beta = gamma, beta
        self.momentum, self.eps = momentum, eps
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.ones_like(gamma)
        self.update_running = True
        self.dgamma = self.dbeta = None
        self._cache = None

    @staticmethod
    def _to_2d(x):
        if x.ndim == 4:
            _n, c, _h, _w = x.shape
            return x.transpose(0, 2, 3, 1).reshape(-1, c), x.shape
        return x, None

    @staticmethod
    def _from_2d(x2, shape):
        if shape is None:
            return x2
        n, c, h, w = shape
        return x2.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def forward(self, x, train=True):
        x2, shape = self._to_2d(x)
        if train:
            mu = x2.mean(axis=0)
            xc = x2 - mu
            var = (xc * xc).mean(axis=0)
            std = np.sqrt(var + self.eps)
            xn = xc / std
            self._cache = (xc, std, xn, shape)
            if self.update_running:
                self.running_mean *= self.momentum
                self.running_mean += (1 - self.momentum) * mu
                self.running_var *= self.momentum
                self.running_var += (1 - self.momentum) * var
        else:
            xn = (x2 - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self._from_2d(self.gamma * xn + self.beta, shape)

    def backward(self, dout):
        _xc, std, xn, shape = self._cache
        d2, _ = self._to_2d(dout)
        n = d2.shape[0]
        self.dbeta = d2.sum(axis=0)
        self.dgamma = (xn * d2).sum(axis=0)
        dxn = self.gamma * d2
        dx = (dxn - dxn.mean(axis=0) - xn * (dxn * xn).mean(axis=0)) / std
        assert dx.shape[0] == n
        return self._from_2d(dx, shape)


def im2col(x, kh, kw, stride=1, pad=0):
    """(N, C, H, W) → (N·OH·OW, C·kh·kw): each row is one receptive field, so conv becomes a matmul."""
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)]) if pad else x
    col = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for y in range(kh):
        y_max = y + stride * oh
        for xx in range(kw):
            x_max = xx + stride * ow
            col[:, :, y, xx, :, :] = img[:, :, y:y_max:stride, xx:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, shape, kh, kw, stride=1, pad=0):
    """Inverse of :func:`im2col` that sums overlapping receptive fields (the adjoint, for backprop)."""
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    col = col.reshape(n, oh, ow, c, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(kh):
        y_max = y + stride * oh
        for xx in range(kw):
            x_max = xx + stride * ow
            img[:, :, y:y_max:stride, xx:x_max:stride] += col[:, :, y, xx, :, :]
    return img[:, :, pad:h + pad, pad:w + pad]


class Conv2D:
    """Convolution via im2col: W shaped (F, C, kh, kw), b shaped (F,), input (N, C, H, W)."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b = W, b
        self.stride, self.pad = stride, pad
        self.need_dx = True
        self.dW = self.db = None
        self._cache = None

    def forward(self, x, train=True):
        f, _c, kh, kw = self.W.shape
        n, _, h, w = x.shape
        oh = (h + 2 * self.pad - kh) // self.stride + 1
        ow = (w + 2 * self.pad - kw) // self.stride + 1
        col = im2col(x, kh, kw, self.stride, self.pad)
        col_w = self.W.reshape(f, -1).T
        out = col @ col_w + self.b
        self._cache = (x.shape, col, col_w)
        return out.reshape(n, oh, ow, f).transpose(0, 3, 1, 2)

    def backward(self, dout):
        shape, col, col_w = self._cache
        f, _c, kh, kw = self.W.shape
        d2 = dout.transpose(0, 2, 3, 1).reshape(-1, f)
        self.db = d2.sum(axis=0)
        self.dW = (col.T @ d2).T.reshape(self.W.shape)
        if not self.need_dx:
            return None
        return col2im(d2 @ col_w.T, shape, kh, kw, self.stride, self.pad)


class MaxPool:
    """Max pooling over size×size windows; the gradient goes to the arg-max of each window."""

    def __init__(self, size=2, stride=None):
        self.size, self.stride = size, stride or size
        self._cache = None

    def forward(self, x, train=True):
        n, c, h, w = x.shape
        s, st = self.size, self.stride
        oh, ow = (h - s) // st + 1, (w - s) // st + 1
        col = im2col(x.reshape(n * c, 1, h, w), s, s, st, 0)
        arg = col.argmax(axis=1)
        out = col[np.arange(col.shape[0]), arg]
        self._cache = (x.shape, arg, col.shape)
        return out.reshape(n, c, oh, ow)

    def backward(self, dout):
        shape, arg, col_shape = self._cache
        n, c, h, w = shape
        dcol = np.zeros(col_shape, dtype=dout.dtype)
        dcol[np.arange(col_shape[0]), arg] = dout.reshape(-1)
        return col2im(dcol, (n * c, 1, h, w), self.size, self.size, self.stride, 0).reshape(shape)


class Flatten:
    """(N, C, H, W) → (N, C·H·W), so dense layers can follow convolutions."""

    def __init__(self):
        self.shape = None

    def forward(self, x, train=True):
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        return dout.reshape(self.shape)
