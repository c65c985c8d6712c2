"""Losses defined exactly as PyTorch defines them (reduction="mean").

``bce`` and ``cross_entropy`` are computed from the logits, so they stay finite when the sigmoid or
softmax output rounds to 0 or 1; their gradient w.r.t. the logits is fused: (y − t) / N.

Sequence outputs (N, T, C) count every (sample, step) position as one row of the mean, as PyTorch's
``cross_entropy`` over (N·T, C) logits with (N·T,) targets does: cross_entropy takes (N, T) integer
labels (or (N, T, C) one-hot rows), mse and bce targets shaped like the output.
"""

from __future__ import annotations

import numpy as np

from visualnet.core.errors import ConfigError

NAMES = ("mse", "bce", "cross_entropy")
SHORT_NAMES = {"bce": "BCE", "cross_entropy": "cross-entropy", "mse": "MSE"}  # in captions: "BCE = 0.41"
TITLES = {"bce": "binary cross-entropy", "cross_entropy": "cross-entropy", "mse": "mean squared error"}


def check_name(name) -> str:
    if name not in NAMES:
        raise ConfigError("loss", f"unknown loss {name!r}; choose one of: {', '.join(NAMES)}")
    return name


def labels_of(t: np.ndarray, n_classes: int | None = None) -> np.ndarray:
    """Integer class labels from int labels (N,) or one-hot / probability rows (N, C): the one place targets
    and outputs are decoded into classes. With ``n_classes``, only rows C wide are decoded by argmax and the
    labels must lie in 0..C−1; without it, any rows wider than one are."""
    t = np.asarray(t)
    width = t.shape[1] if t.ndim == 2 else 0
    if width > 1 and (n_classes is None or width == n_classes):
        return t.argmax(axis=1)
    labels = t.reshape(-1)
    if labels.dtype.kind == "f":
        if not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)):
            raise ConfigError("t", "cross_entropy targets must be integer labels (N,) or one-hot rows (N, C)")
        labels = labels.astype(np.int64)
    if n_classes is not None and labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ConfigError("t", f"labels must lie in 0..{n_classes - 1}")
    return labels


def class_of(target) -> int:
    """The class of one target or output: its integer label, or the argmax of its one-hot / probability row."""
    row = np.ravel(target)
    return int(row[0]) if row.size == 1 else int(labels_of(row.reshape(1, -1))[0])


def column_targets(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Targets shaped like the output ``y`` (a 1-D target vector becomes a column)."""
    t = np.asarray(t, dtype=y.dtype)
    if t.shape != y.shape:
        if t.size != y.size:
            raise ConfigError("t", f"targets of shape {t.shape} do not match outputs of shape {y.shape}")
        t = t.reshape(y.shape)
    return t


def _log_sigmoid(z):
    # log σ(z) = −softplus(−z), stable for any z
    return -(np.maximum(-z, 0) + np.log1p(np.exp(-np.abs(z))))


def prepare_targets(name: str, t, y: np.ndarray) -> np.ndarray:
    """Targets in the one form each loss works with: int labels (N,) for cross_entropy, else like ``y``.

    Checked once per batch here so the loss and its gradient can skip the checks. For a sequence output
    (N, T, C) cross_entropy's labels come flat, (N·T,), one per position.
    """
    if name == "cross_entropy":
        if y.ndim == 3:
            t = np.asarray(t)
            labels = labels_of(t.reshape(-1, y.shape[-1]) if t.shape == y.shape else t.reshape(-1), y.shape[-1])
            if labels.size != y.shape[0] * y.shape[1]:
                raise ConfigError("t", f"targets of shape {t.shape} do not match outputs of shape {y.shape}; "
                                       "a sequence needs one label per step (N, T)")
            return labels
        labels = labels_of(t, y.shape[1])
        if labels.size != y.shape[0]:  # e.g. a label per time step for one output per sequence
            raise ConfigError("t", f"targets of shape {np.shape(t)} do not match outputs of shape {y.shape}; "
                                   "one label (or one-hot row) per sample")
        return labels
    return column_targets(t, y)


def _rows(a: np.ndarray) -> np.ndarray:
    """A sequence output (N, T, C) as N·T rows (C,): every position counts once in the mean."""
    return a.reshape(-1, a.shape[-1]) if a.ndim == 3 else a


def value(name: str, z: np.ndarray, y: np.ndarray, t: np.ndarray) -> float:
    """Loss value from the output layer's logits ``z``, activations ``y`` and prepared targets ``t``."""
    z, y, t = _rows(z), _rows(y), _rows(t)
    n = y.shape[0]
    if name == "mse":
        d = y - t
        return float(np.vdot(d, d) / d.size)
    if name == "bce":
        # −[t·log σ(z) + (1−t)·log σ(−z)]
        return float(-np.sum(t * _log_sigmoid(z) + (1 - t) * _log_sigmoid(-z)) / n)
    shifted = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    return float((log_norm - shifted[np.arange(n), t]).sum() / n)


def grad_output(name: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂L/∂y w.r.t. the output activations (shown on the loss step; backprop uses :func:`fused_delta`)."""
    if y.ndim == 3:
        return grad_output(name, _rows(y), _rows(t)).reshape(y.shape)
    n = y.shape[0]
    if name == "mse":
        return 2.0 * (y - t) / y.size
    with np.errstate(divide="ignore", invalid="ignore"):
        if name == "bce":
            return (-(t / y) + (1 - t) / (1 - y)) / n
        onehot = np.zeros_like(y)
        onehot[np.arange(n), t] = 1
        return -(onehot / y) / n


def fused_delta(name: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂L/∂z for sigmoid+bce and softmax+cross_entropy: (y − t) / N, exact and stable."""
    if y.ndim == 3:
        return fused_delta(name, _rows(y), _rows(t)).reshape(y.shape)
    n = y.shape[0]
    if name == "bce":
        return (y - t) / n
    d = y.copy()
    d[np.arange(n), t] -= 1
    d /= n
    return d
