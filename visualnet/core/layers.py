"""Layers in the textbook style: one small class each, ``forward`` caches, ``backward`` returns ∂L/∂input.

Parameter arrays are shared with ``Network.params`` (optimizers update them in place), so a layer
never rebinds ``self.W``; it only reads it.
"""

from __future__ import annotations

import math
import weakref

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
        self.a = fresh_output(self.activation.f(z), unless_in=(z,))  # an identity passes z on: not its own
        return self.a

    def backward(self, dout):
        act = self.activation
        self.dact = act.df_from_output(self.a) if act.df_from_output is not None else act.df(self.z)
        fresh_output(self.dact, unless_in=(self.z, self.a))
        return fresh_output(dout * self.dact)


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


class Scratch:
    """Arrays a layer keeps between training steps, so a step allocates no big temporaries.

    ``get`` returns a view of a kept flat array, grown when too small; it holds whatever the last step
    left, so callers overwrite it. Evaluation passes (``train=False``) do not use it: a pass over a whole
    test set must not leave its unfolded images behind.
    """

    def __init__(self):
        self._arrays = {}

    def get(self, name, shape, dtype):
        size = math.prod(shape)
        kept = self._arrays.get(name)
        if kept is None or kept.dtype != dtype or kept.size < size:
            kept = self._arrays[name] = np.empty(size, dtype)
        return kept[:size].reshape(shape)


FRESH_BYTES = 1 << 20  # outputs this large are registered as the step's own (a trace keeps them, not a copy)
_FRESH = weakref.WeakValueDictionary()  # those outputs' memory, by id, while it lives


def _owner(a: np.ndarray) -> np.ndarray:
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def fresh_output(a, unless_in=()):
    """Register ``a`` as memory this pass allocated for itself, which nothing writes into afterwards (the next
    step allocates its own): a recorded step may then keep it, frozen, instead of copying it. Only layers
    that know this say it, of their large outputs; everything else (scratch buffers, a recurrent layer's
    workspace) is copied, as is ``a`` when it may lie in one of ``unless_in`` (an identity activation hands
    its input on). A small output costs one comparison."""
    if isinstance(a, np.ndarray) and a.nbytes >= FRESH_BYTES \
            and not any(np.may_share_memory(a, other) for other in unless_in):
        owner = _owner(a)
        _FRESH[id(owner)] = owner
    return a


def fresh(a: np.ndarray) -> bool:
    """Whether ``a`` lies in memory registered by :func:`fresh_output`."""
    owner = _owner(a)
    return _FRESH.get(id(owner)) is owner


def _array(scratch, name, shape, dtype):
    return np.empty(shape, dtype) if scratch is None else scratch.get(name, shape, dtype)


def pad_images(x, pad, scratch=None):
    """(N, C, H, W) with ``pad`` zeros around each map (x itself when pad is 0)."""
    if not pad:
        return x
    n, c, h, w = x.shape
    img = _array(scratch, "padded", (n, c, h + 2 * pad, w + 2 * pad), x.dtype)
    img[:, :, :pad] = 0
    img[:, :, pad + h:] = 0
    img[:, :, pad:pad + h, :pad] = 0
    img[:, :, pad:pad + h, pad + w:] = 0
    img[:, :, pad:pad + h, pad:pad + w] = x
    return img


def window_views(img, kh, kw, stride, oh, ow):
    """The kh·kw strided views of ``img`` (N, C, H, W), row-major: view (i, j) holds element (i, j) of every
    window, shaped (N, C, OH, OW). Writing into a view writes into ``img``."""
    last_y, last_x = stride * (oh - 1) + 1, stride * (ow - 1) + 1
    return [img[:, :, i:i + last_y:stride, j:j + last_x:stride] for i in range(kh) for j in range(kw)]


def im2col(x, kh, kw, stride=1, pad=0, scratch=None, ones=False):
    """(N, C, H, W) → (N, C·kh·kw, OH·OW): column p of sample n is the receptive field of output cell p.

    Rows run over (c, i, j) like a flattened kernel W[f] (F, C, kh, kw), so W.reshape(F, −1) @ col[n] is
    sample n's output (F, OH·OW), already in the (N, F, OH, OW) order with no transpose. ``ones`` adds a
    last row of ones, so that a bias column appended to W is added by the same product.
    """
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    img = pad_images(x, pad, scratch)
    rows = c * kh * kw
    col = _array(scratch, "col", (n, rows + ones, oh, ow), x.dtype)
    for k, view in enumerate(window_views(img, kh, kw, stride, oh, ow)):
        col[:, k:rows:kh * kw] = view  # rows (c, i, j) for every c: k = i·kw + j, then every kh·kw-th
    if ones:
        col[:, rows] = 1
    return col.reshape(n, rows + ones, oh * ow)


def col2im(col, shape, kh, kw, stride=1, pad=0):
    """The adjoint of :func:`im2col`: each column's values are added back where they were read from, so
    overlapping receptive fields sum (backprop to the input)."""
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - kh) // stride + 1, (w + 2 * pad - kw) // stride + 1
    col = col.reshape(n, c, kh, kw, oh, ow)
    img = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    for k, view in enumerate(window_views(img, kh, kw, stride, oh, ow)):
        view += col[:, :, k // kw, k % kw]
    return img[:, :, pad:h + pad, pad:w + pad] if pad else img


class Conv2D:
    """Cross-correlation as in PyTorch's Conv2d: z[n, f] = Σ_c W[f, c] ⋆ x_padded[n, c] + b[f], strided.

    W is shaped (F, C, kh, kw), b (F,), input (N, C, H, W). Receptive fields are unfolded (im2col) into a
    buffer kept between steps, so a forward pass is one batched product and backward two more.
    """

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b = W, b
        self.stride, self.pad = stride, pad
        self.need_dx = True
        self.dW = self.db = None
        self._cache = None
        self._scratch = Scratch()

    def forward(self, x, train=True):
        f, c, kh, kw = self.W.shape
        n, _, h, w = x.shape
        oh = (h + 2 * self.pad - kh) // self.stride + 1
        ow = (w + 2 * self.pad - kw) // self.stride + 1
        scratch = self._scratch if train else None
        # [W | b] @ [col; 1]: the bias comes with the product, and backward gets ∂L/∂b with ∂L/∂W
        col = im2col(x, kh, kw, self.stride, self.pad, scratch, ones=True)
        rows = c * kh * kw
        wb = _array(scratch, "wb", (f, rows + 1), self.W.dtype)
        wb[:, :rows] = self.W.reshape(f, rows)
        wb[:, rows] = self.b
        out = fresh_output(np.matmul(wb, col))
        self._cache = (x.shape, col) if train else None
        return out.reshape(n, f, oh, ow)

    def backward(self, dout):
        shape, col = self._cache
        f, c, kh, kw = self.W.shape
        rows = c * kh * kw
        d = dout.reshape(dout.shape[0], f, -1)
        # one product per sample, then the sum over the batch: (F, OH·OW) @ (OH·OW, C·kh·kw + 1)
        grads = np.matmul(d, col.transpose(0, 2, 1)).sum(axis=0)
        self.dW = np.ascontiguousarray(grads[:, :rows]).reshape(self.W.shape)
        self.db = grads[:, rows].copy()
        if not self.need_dx:
            return None
        dcol = np.matmul(self.W.reshape(f, rows).T, d, out=self._scratch.get("dcol", (d.shape[0], rows, d.shape[2]),
                                                                               d.dtype))
        return fresh_output(col2im(dcol, shape, kh, kw, self.stride, self.pad))


class _Pool:
    """Pooling geometry: size×size windows moved by ``stride``, read and written through strided views."""

    def __init__(self, size=2, stride=None):
        self.size, self.stride = size, stride or size
        self._shape = None
        self._scratch = Scratch()

    def _views(self, x, out_shape=None):
        oh, ow = out_shape or ((x.shape[2] - self.size) // self.stride + 1, (x.shape[3] - self.size) // self.stride + 1)
        return window_views(x, self.size, self.size, self.stride, oh, ow)

    def _scatter(self, dout, op, factors):
        """dx = Σ over window positions k of op(δ, factors[k]) written into view k: straight into it when the
        windows tile the input (stride = size: each cell in one window), else added up over zeros."""
        if self.stride == self.size:
            dx = np.empty(self._shape, dout.dtype)
            for view, factor in zip(self._views(dx, dout.shape[2:]), factors):
                op(dout, factor, out=view)
        else:
            dx = np.zeros(self._shape, dout.dtype)
            for view, factor in zip(self._views(dx, dout.shape[2:]), factors):
                view += op(dout, factor)
        return fresh_output(dx)


class MaxPool(_Pool):
    """Max pooling over size×size windows moved by ``stride``; the gradient goes to each window's winner.

    The winner is the first maximum in row-major order, as ``argmax`` picks it (a ReLU's zeros tie often,
    and δ must reach one cell only). :attr:`winners` gives its position i·size + j per output cell.
    """

    def __init__(self, size=2, stride=None):
        super().__init__(size, stride)
        self._won = None  # (size², N, C, OH, OW): whether window position k won each output cell

    def forward(self, x, train=True):
        views = self._views(x)
        out = np.array(views[0])
        for view in views[1:]:
            np.maximum(out, view, out=out)  # a NaN comes through, as in PyTorch
        scratch = self._scratch if train else None
        won = _array(scratch, "won", (len(views), *out.shape), np.bool_)
        free = _array(scratch, "free", out.shape, np.bool_)  # no winner yet: later ties lose
        free[...] = True
        for k, view in enumerate(views):
            np.equal(view, out, out=won[k])
            np.logical_and(won[k], free, out=won[k])
            np.not_equal(free, won[k], out=free)
        self._shape, self._won = x.shape, won
        return fresh_output(out)

    @property
    def winners(self) -> np.ndarray | None:
        """Per output cell of the last pass, the winner's position in its window (i·size + j), int8."""
        if self._won is None:
            return None
        winners = np.zeros(self._won.shape[1:], np.int8)
        for k in range(1, len(self._won)):  # at most one position won each cell: Σ k·won[k] is its index
            winners += self._won[k].view(np.int8) * np.int8(k)
        return winners

    def backward(self, dout):
        return self._scatter(dout, np.multiply, self._won)


class AvgPool(_Pool):
    """Average pooling over size×size windows moved by ``stride``: the window's sum (row-major), divided by
    size²; backward gives each cell of a window δ/size²."""

    def forward(self, x, train=True):
        views = self._views(x)
        out = np.array(views[0])
        for view in views[1:]:
            out += view
        out /= self.size * self.size
        self._shape = x.shape
        return fresh_output(out)

    def backward(self, dout):
        return self._scatter(dout, np.divide, [self.size * self.size] * (self.size * self.size))


class Flatten:
    """(N, C, H, W) → (N, C·H·W), so dense layers can follow convolutions."""

    def __init__(self):
        self.shape = None

    def forward(self, x, train=True):
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        return dout.reshape(self.shape)
