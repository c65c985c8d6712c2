"""Small experiments from the textbook, run on our own engine, and the per-layer numbers views draw.

- :func:`weight_init_experiment` — the book's weight-init experiment (chapter 6.2): 1000 standard-normal
  inputs of 100 features through 5 dense layers of 100 units, no training, one histogram per layer.
- :class:`VanishingGradientRun` / :func:`vanishing_gradient_experiment` — 9 hidden sigmoid layers
  (Xavier init) beside the same net with ReLU and He init, trained on the same data from the same seed
  with the same batches; per-layer gradient norms show the gradient vanish in one and not the other.
- :func:`gradient_summaries` — ‖∂L/∂W‖, mean |δ| and the dead fraction per weighted layer from the
  backward events of a recorded step (the numbers ``History`` keeps, for a step being replayed).
- :func:`layer_histograms` and :func:`saturated_intervals` — the little bits of arithmetic behind the
  distribution and activation views, kept here so the UI only draws.
- :func:`transfer_comparison` — the transfer-learning lesson: conv layers pretrained on other classes and
  frozen, a new head trained on the lesson's classes, against the same network trained from scratch.

NumPy only: never imports Qt.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from visualnet.core import activations, datasets, optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled
from visualnet.core.network import Network, layer_summary
from visualnet.core.session import Session, normalize_experiment
from visualnet.core.trainer import Trainer

# -- the weight-init experiment ---------------------------------------------------------------------

INIT_ACTIVATIONS = ("sigmoid", "tanh", "relu")
# The four initialisations of the book's figures; values are Network "init" settings (a number is a std).
INITS = {"std 1": 1.0, "std 0.01": 0.01, "xavier": "xavier", "he": "he"}
INIT_LABELS = {"std 1": "std 1", "std 0.01": "std 0.01", "xavier": "Xavier √(1/n)", "he": "He √(2/n)"}
# The histogram's range: the activation's range, as in the book for sigmoid. ReLU has no upper bound, so
# it uses (0, largest activation of any layer): one shared axis, where a shrinking or growing spread shows.
HISTOGRAM_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def weight_init_activations(activation: str, init, seed: int = 0, n: int = 1000, width: int = 100,
                            layers: int = 5) -> list[np.ndarray]:
    """The activations a = f(x·W) of each layer, shape (n, width), for inputs x ~ N(0, 1).

    ``init`` is a key of :data:`INITS` ("std 1", "std 0.01", "xavier", "he") or a Network init
    setting ("xavier", "he" or a std as a number). Biases are zero, as in the book.
    """
    if activation not in INIT_ACTIVATIONS:
        raise ConfigError("activation", f"must be one of {', '.join(INIT_ACTIVATIONS)}, got {activation!r}")
    init = INITS.get(init, init) if isinstance(init, str) else init
    for name, value in (("n", n), ("width", width), ("layers", layers)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= 10_000:
            raise ConfigError(name, f"must be an integer from 1 to 10000, got {value!r}")
    # the layers are the engine's own dense layers; mse only because a config needs some loss
    net = Network.from_config({"input": width, "layers": [{"units": width, "activation": activation}] * layers,
                               "loss": "mse", "init": init, "seed": seed, "dtype": "float64"})
    x = np.random.default_rng((seed, 1)).standard_normal((n, width))  # a stream apart from the weights'
    with np.errstate(over="ignore", invalid="ignore"):
        net.predict(x)
    return [block.a for block in net.blocks]


def histogram_range(activation: str, layer_activations: list[np.ndarray]) -> tuple[float, float]:
    """The shared histogram range of :func:`weight_init_experiment` (see :data:`HISTOGRAM_RANGES`)."""
    if activation in HISTOGRAM_RANGES:
        return HISTOGRAM_RANGES[activation]
    top = max((float(np.max(a, initial=0.0, where=np.isfinite(a))) for a in layer_activations), default=0.0)
    return 0.0, top if top > 0 else 1.0


def weight_init_experiment(activation: str, init, seed: int = 0, n: int = 1000, width: int = 100,
                           layers: int = 5, bins: int = 30) -> list[tuple[np.ndarray, np.ndarray]]:
    """(counts, edges) of every layer's activations, all over one range (:func:`histogram_range`).

    sigmoid: (0, 1) as in the book; tanh: (−1, 1); relu: (0, max over all layers). Each layer's counts
    add up to n·width (every value lies in the range, its ends included).
    """
    values = weight_init_activations(activation, init, seed, n, width, layers)
    low, high = histogram_range(activation, values)
    return [np.histogram(a, bins=bins, range=(low, high)) for a in values]


# -- histograms of a network's weights and gradients ------------------------------------------------

# The widest and narrowest histogram ranges ±m: beyond 1e300 the bin edges overflow, below 1e-300
# (denormals) the 30 bins would not be distinct floats. Values beyond ±HISTOGRAM_LIMIT go in the end bins.
HISTOGRAM_LIMIT, HISTOGRAM_FLOOR = 1e300, 1e-300


def layer_histograms(arrays, bins: int = 30) -> list[tuple[np.ndarray, np.ndarray]]:
    """(counts, edges) per array over its own symmetric range (−m, m), m = max |value|.

    Each layer gets its own range because gradients of different layers can differ by orders of
    magnitude (that is what the gradients view is about); non-finite values are left out, and m is
    kept within [HISTOGRAM_FLOOR, HISTOGRAM_LIMIT] (values beyond count in the end bins), so any
    finite array has a histogram (:func:`histogram_notes` says what was left out or clipped).
    """
    out = []
    for array in arrays:
        flat = np.asarray(array, dtype=np.float64).ravel()
        flat = flat[np.isfinite(flat)]
        top = float(np.abs(flat).max()) if flat.size else 0.0
        top = min(top, HISTOGRAM_LIMIT) if top >= HISTOGRAM_FLOOR else 1.0 if top == 0 else HISTOGRAM_FLOOR
        out.append(np.histogram(np.clip(flat, -top, top), bins=bins, range=(-top, top)))
    return out


def histogram_notes(arrays) -> list[tuple[int, int]]:
    """Per array, what :func:`layer_histograms` could not draw as it is: (values left out because they
    are NaN or ±∞, finite values beyond ±HISTOGRAM_LIMIT counted in the end bins)."""
    notes = []
    for array in arrays:
        flat = np.asarray(array, dtype=np.float64).ravel()
        finite = np.isfinite(flat)
        notes.append((int(flat.size - finite.sum()), int((np.abs(flat[finite]) > HISTOGRAM_LIMIT).sum())))
    return notes


# -- per-layer gradient numbers of a recorded step --------------------------------------------------

def gradient_summaries(events, weight_names: list[str]) -> list[dict | None]:
    """For each weight name (W1, W2, …): ‖∂L/∂W‖, mean |δ| and dead fraction from its backward event.

    ``network.layer_summary`` of the recorded numbers, as ``Network.gradient(summaries=True)`` computes them
    live. ``None`` for a layer whose backward event is not among ``events`` (the backward pass has not
    reached it yet).
    """
    out: dict[str, dict] = {}
    for event in events:
        if event.kind != "backward":
            continue
        name = next((key for key in event.grads if key.startswith("W")), None)
        if name is not None:
            out[name] = layer_summary(event.grads[name], event.delta, event.dact)
    return [out.get(name) for name in weight_names]


# -- activation plots ---------------------------------------------------------------------------

def saturated_intervals(x: np.ndarray, dfx: np.ndarray,
                        threshold: float = activations.SATURATION_SLOPE) -> list[tuple[float, float]]:
    """Intervals of the sorted grid ``x`` where |f′(x)| < threshold: the unit barely passes gradients.

    |f′| rather than f′, so a custom activation whose slope is steeply negative is not called saturated
    (for the built-in activations f′ ≥ 0 and the two agree). Each interval runs from its first to its
    last saturated sample, widened by half a grid step on each side (clipped to the grid).
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        mask = np.abs(np.asarray(dfx, dtype=np.float64)) < threshold
    if not mask.any():
        return []
    edges = np.diff(mask.astype(np.int8))
    starts = list(np.flatnonzero(edges == 1) + 1)
    ends = list(np.flatnonzero(edges == -1))
    if mask[0]:
        starts.insert(0, 0)
    if mask[-1]:
        ends.append(len(x) - 1)
    half = 0.5 * (x[-1] - x[0]) / max(len(x) - 1, 1)
    return [(max(x[0], x[s] - half), min(x[-1], x[e] + half)) for s, e in zip(starts, ends)]


# -- the vanishing-gradient experiment --------------------------------------------------------------

VANISHING_HIDDEN = 9
VANISHING_KINDS = {"sigmoid": ("sigmoid", "xavier"), "relu": ("relu", "he")}


def vanishing_gradient_config(kind: str, width: int = 16, seed: int = 0, hidden: int = VANISHING_HIDDEN) -> dict:
    """The network config of one side: ``hidden`` layers of ``width`` units and one sigmoid output (bce)."""
    if kind not in VANISHING_KINDS:
        raise ConfigError("kind", f"must be one of {', '.join(VANISHING_KINDS)}, got {kind!r}")
    activation, init = VANISHING_KINDS[kind]
    return {"input": 2,
            "layers": [{"units": width, "activation": activation}] * hidden + [{"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "init": init, "seed": seed, "dtype": "float64"}


class VanishingGradientRun:
    """Two trainers stepped together: 9 sigmoid layers (Xavier) and 9 ReLU layers (He).

    Both nets draw their weights from the same seed and see the same batches of the same data set
    (spiral, 500 points), trained by plain SGD. :meth:`step` advances both by a few steps, so a UI
    can run it in chunks between frames.
    """

    def __init__(self, seed: int = 0, width: int = 16, lr: float = 0.1, batch_size: int = 32,
                 dataset: str = "spiral"):
        data = datasets.make(dataset, n=500, noise=0.1, seed=seed)
        self.width = width
        self.trainers: dict[str, Trainer] = {}
        for kind in VANISHING_KINDS:
            net = Network.from_config(vanishing_gradient_config(kind, width, seed))
            self.trainers[kind] = Trainer(net, optimizers.make("sgd", lr=lr), data.x, data.t,
                                          batch_size=batch_size, seed=seed, eval_every=0)

    @property
    def steps_done(self) -> int:
        return self.trainers["sigmoid"].step_count

    def step(self, n: int = 1) -> int:
        """``n`` steps of each trainer; returns the steps done so far."""
        for trainer in self.trainers.values():
            trainer.run(n)
        return self.steps_done

    def histories(self) -> dict[str, dict[str, np.ndarray]]:
        """Per side: "steps" (S,), "grad_norms" and "mean_abs_delta" (S, layers), "loss" (S,)."""
        out = {}
        for kind, trainer in self.trainers.items():
            h = trainer.history
            steps, norms = h.grad_norms.arrays()
            n_layers = len(trainer.net.weight_names())
            out[kind] = {"steps": steps,
                         "grad_norms": norms.reshape(len(steps), n_layers),
                         "mean_abs_delta": h.mean_abs_delta.arrays()[1].reshape(len(steps), n_layers),
                         "loss": h.train_loss.arrays()[1]}
        return out


def vanishing_gradient_experiment(steps: int = 200, seed: int = 0, width: int = 16,
                                  lr: float = 0.1) -> dict[str, dict[str, np.ndarray]]:
    """Run :class:`VanishingGradientRun` for ``steps`` steps; returns its :meth:`~VanishingGradientRun.histories`."""
    run = VanishingGradientRun(seed=seed, width=width, lr=lr)
    run.step(steps)
    return run.histories()


def gradient_ratio(grad_norms: np.ndarray) -> float:
    """Median over steps of ‖∂L/∂W‖ of the last layer / that of the first: how much the gradient shrinks."""
    norms = np.asarray(grad_norms, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.median(norms[:, -1] / norms[:, 0]))


# -- transfer learning ------------------------------------------------------------------------------

TRANSFER_SOURCE = {"classes": 3, "first": 0}  # shapes: horizontal and vertical bars, diagonals — strokes


@dataclass(frozen=True)
class TransferComparison:
    """Test accuracy of both networks after the same steps of the same batches.

    ``transferred``: the experiment's network with its frozen layers ("trainable": false) copied from a
    network pretrained on the source classes; ``scratch``: the same network, every layer trainable, from
    its own initial weights. Both heads start from the same initial weights.
    """

    steps: np.ndarray
    transferred: np.ndarray
    scratch: np.ndarray
    pretrain_accuracy: float
    frozen: tuple  # the parameter names carried over
    source: dict  # the pretraining data set spec


def _unfrozen(network: dict) -> dict:
    layers = [{k: v for k, v in layer.items() if k != "trainable"} for layer in network["layers"]]
    return {**network, "layers": layers}


def transfer_comparison(experiment: dict, source: dict | None = None, pretrain_steps: int = 300,
                        steps: int = 60, every: int = 5, should_cancel=None) -> TransferComparison:
    """Pretrain, transfer, and race the transferred network against one trained from scratch.

    1. The experiment's network, every layer trainable and its output resized, trains ``pretrain_steps``
       steps on the source data: the experiment's data set spec with ``source`` merged in (by default
       :data:`TRANSFER_SOURCE`, other shape classes than a ``shapes`` lesson's).
    2. Its frozen layers' parameters (and batch-norm statistics) are copied into the experiment's network,
       which then trains only its other layers; the scratch twin trains everything. Both see the same
       batches (same trainer seed) for ``steps`` steps; test accuracy is measured every ``every`` steps.

    It takes about a second; ``should_cancel()`` is asked every few steps and, when true, raises
    :class:`~visualnet.core.landscape.Cancelled` (a worker thread's way to stop it).
    """
    def train(session, n):
        for done in range(0, n, every):
            if should_cancel is not None and should_cancel():
                raise Cancelled()
            session.trainer.run(min(every, n - done))

    for name, value, low in (("pretrain_steps", pretrain_steps, 0), ("steps", steps, 1), ("every", every, 1)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= 100_000:
            raise ConfigError(name, f"must be an integer from {low} to 100000, got {value!r}")
    target = normalize_experiment(experiment)
    transferred = Session(target)
    frozen = tuple(transferred.net.frozen_names())
    if not frozen:
        raise ConfigError("network.layers", 'freeze the layers to transfer with "trainable": false')
    source_spec = {**target["dataset"], **(TRANSFER_SOURCE if source is None else source)}
    scratch_network = _unfrozen(target["network"])
    pretrain = Session({**target, "dataset": source_spec, "network": scratch_network})
    if pretrain.data.n_classes != transferred.data.n_classes:  # the head is new: resize it for the source
        layers = [dict(layer) for layer in scratch_network["layers"]]
        layers[-1]["units"] = pretrain.data.n_classes
        pretrain = Session({**target, "dataset": source_spec, "network": {**scratch_network, "layers": layers}})
    pretrain.trainer.eval_every = 0
    train(pretrain, pretrain_steps)
    test = pretrain.test if pretrain.test is not None else pretrain.train
    pretrain_accuracy = pretrain.net.accuracy(test.x, test.t)
    transferred.net.set_params({name: pretrain.net.params[name] for name in frozen})
    transferred.net.set_buffers(pretrain.net.buffers())  # batch-norm statistics: the frozen layers' only
    scratch = Session({**target, "network": scratch_network})
    curves = {}
    for label, session in (("transferred", transferred), ("scratch", scratch)):
        session.trainer.eval_every = 0
        data = session.test if session.test is not None else session.train
        points = [session.net.accuracy(data.x, data.t)]
        for _done in range(every, steps + 1, every):
            train(session, every)
            points.append(session.net.accuracy(data.x, data.t))
        curves[label] = np.array(points)
    return TransferComparison(np.arange(0, steps + 1, every), curves["transferred"], curves["scratch"],
                              pretrain_accuracy, frozen, source_spec)
