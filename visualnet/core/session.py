"""An experiment (data set + network + optimizer + batch size) as plain data, and the live session built from it.

The experiment dict is what settings panels edit, presets store and sessions save::

    {"dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
     "network": {...network config without "input" — it follows from the data...},
     "optimizer": {"name": "sgd", "lr": 0.03},
     "schedule": {"name": "constant"},       # or e.g. {"name": "cosine", "T_max": 1000} (schedules.py)
     "batch_size": 10, "seed": 0, "sampling": "shuffle"}

Changing the optimizer, its hyperparameters or the lr schedule keeps the weights; changing the data or the
architecture rebuilds the network (and says so: :meth:`Session.apply` returns what happened) — except
that new user points (``{"name": "points", ...}``, :mod:`visualnet.core.userdata`) that the network can
still learn keep it: drawing or editing points retrains the same weights. User points travel inside the
experiment, so ``Session(experiment)`` rebuilds them anywhere (the training process of fast play too).

**All or nothing.** :func:`normalize_experiment` checks every field the session owns (types and ranges;
the optimizer and the data set's parameters are checked by constructing or checking them as their
factories do); :meth:`Session.apply` then builds every new piece aside — data, network, optimizer,
trainer — checks its memory, and only then swaps them in with one assignment. A refused change raises
:class:`ConfigError` and leaves the session exactly as it was.

**Memory budget.** An experiment whose estimated working memory exceeds :data:`MEMORY_BUDGET` (2 GiB)
is refused with a message saying what to shrink. :func:`estimate_memory` adds, in bytes (N points of
D inputs, W the most values any layer holds per sample — a conv or pool layer's unfolded input counts —,
ΣW those of all layers, B the batch size, P the parameter count, s the network's dtype itemsize):

- data:   2 · (bytes of x and t)  (the set and its train/test split) + N·D·s when the dtype differs;
- pass:   N · W · s · 3  — one forward pass over every point holds z and a of a layer while the next
  layer's product forms. The trainer evaluates in chunks (its peak does not grow with N), but a pass over
  all the data at once (the CLI's metrics, a script's ``net.predict(session.data.x)``) needs this much, and
  an experiment this large would also evaluate too slowly to be interactive, so it is budgeted.
  Convolution and pooling layers are the exception: their feature maps (and unfolded inputs) are only
  ever evaluated a chunk of rows at a time (the trainer's whole-set metrics; the app's views take
  single samples or batches), so for them N is the chunk's rows (``EVAL_CHUNK_BYTES`` per layer) —
  otherwise the textbook's SimpleConvNet on 10,000 MNIST images would be refused at 4.4 GB;
- step:   B · ΣW · s · 4  — a training step keeps z, a, δ and ∂L/∂a of every layer;
- params: P · s · 10  — weights, gradients, the last finite copy, ≤ 3 optimizer slots, ≤ 4 scratch arrays.

1,000,000 points through a 2,200-unit layer in float64 need 52.8 GB for the pass alone: refused.
"""

from __future__ import annotations

import copy
import math
import numbers

import numpy as np

from visualnet.core import datasets, optimizers, schedules, sequences, userdata
from visualnet.core.config import check_keys, finite_real, shown
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network
from visualnet.core.trainer import EVAL_CHUNK_BYTES, Trainer, layer_sizes

DEFAULT_EXPERIMENT = {
    "dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                           {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "init": "he", "l2": 0.0, "l1": 0.0, "seed": 0, "dtype": "float64"},
    "optimizer": {"name": "adam", "lr": 0.01},
    "schedule": {"name": "constant"},
    "batch_size": 10,
    "seed": 0,
    "sampling": "shuffle",
}
EXPERIMENT_KEYS = set(DEFAULT_EXPERIMENT)
SAMPLINGS = ("shuffle", "replace")
MAX_BATCH = 100_000
MAX_TEST_RATIO = 0.9
MNIST_KEYS = {"name", "folder", "kind", "limit", "dtype", "seed", "test_ratio"}
MAX_DEPTH = 12  # an experiment nests 5 deep (experiment → network → layers → layer → value); junk may not

MEMORY_BUDGET = 2 * 2**30  # bytes; see the module docstring for the estimate
MAP_KINDS = ("conv2d", "maxpool", "avgpool")  # layers of feature maps, evaluated in chunks of rows
PASS_FACTOR = 3
STEP_FACTOR = 4
PARAM_COPIES = 10


# -- checking ------------------------------------------------------------------------------------

def normalize_experiment(exp: dict) -> dict:
    """Fill defaults and check every field the session owns; returns a fresh dict (``exp`` is not touched).

    The network config is checked by :class:`Network` when the session builds it (its input follows
    from the data); everything else is checked here, so a refusal names the field before anything is built.
    """
    if not isinstance(exp, dict):
        raise ConfigError("experiment", f"must be a dict, got {type(exp).__name__}")
    points = None
    if userdata.is_points(exp.get("dataset")):
        # checked into fresh lists here: thousands of points need no deep copy or depth walk
        points = _check_points(exp["dataset"])
        exp = {**exp, "dataset": {"name": userdata.NAME}}
    _check_depth(exp)
    check_keys(exp, "experiment")
    unknown = set(exp) - EXPERIMENT_KEYS
    if unknown:
        raise ConfigError(min(unknown), f"unknown key; allowed: {', '.join(sorted(EXPERIMENT_KEYS))}")
    out = copy.deepcopy(DEFAULT_EXPERIMENT)
    out.update(copy.deepcopy(exp))
    out["dataset"] = points if points is not None else _check_dataset(out["dataset"])
    network = out["network"]
    if not isinstance(network, dict):
        raise ConfigError("network", f"must be a dict such as {{'layers': [...], 'loss': 'bce'}}, got {shown(network)}")
    check_keys(network, "network")
    if "input" in network:
        raise ConfigError("network.input", "follows from the data set; leave it out of the experiment")
    if "network" in exp:
        # a partial network config gets the default init, penalties, seed and dtype, so that two
        # descriptions of the same network compare equal (and applying one does not rebuild it)
        defaults = {k: v for k, v in DEFAULT_EXPERIMENT["network"].items() if k not in ("layers", "loss")}
        out["network"] = {**defaults, **network}
    _check_int(out["batch_size"], "batch_size", 1, MAX_BATCH)
    _check_int(out["seed"], "seed", 0)
    sampling = out["sampling"]
    if not isinstance(sampling, str) or sampling not in SAMPLINGS:
        raise ConfigError("sampling", f"must be one of {', '.join(SAMPLINGS)}, got {shown(sampling)}")
    _check_optimizer(out["optimizer"])
    _check_schedule(out["schedule"])
    return out


def _check_depth(value):
    """Refuse junk nested deeper than any experiment (deepcopy, == and repr would recurse on it)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ConfigError("experiment", f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)


def _check_int(value, field, low, high=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low \
            or (high is not None and value > high):
        allowed = f"an integer from {low} to {high}" if high is not None else f"an integer ≥ {low}"
        raise ConfigError(field, f"must be {allowed}, got {shown(value)}")


def _prefixed(prefix: str, exc: ConfigError) -> ConfigError:
    """The same refusal with the field named from the experiment's top, e.g. "optimizer.momentum"."""
    message = str(exc)[len(exc.field) + 2:]
    return ConfigError(f"{prefix}.{exc.field}" if exc.field != prefix else prefix, message)


def _check_dataset(spec):
    if not isinstance(spec, dict):
        raise ConfigError("dataset", f"must be a dict such as {{'name': 'spiral', 'n': 500}}, got {shown(spec)}")
    check_keys(spec, "dataset")
    if "name" not in spec:
        raise ConfigError("dataset.name", "missing; e.g. {'name': 'spiral', 'n': 500}")
    name = spec["name"]
    choices = (*datasets.names(), *sequences.names(), "mnist", userdata.NAME)
    if not isinstance(name, str) or name not in choices:
        raise ConfigError("dataset.name", f"unknown data set {shown(name)}; choose one of: {', '.join(choices)}")
    ratio = spec.get("test_ratio", 0.0)
    if not finite_real(ratio) or not 0 <= ratio <= MAX_TEST_RATIO:
        raise ConfigError("dataset.test_ratio", f"must be between 0 and {MAX_TEST_RATIO}, got {shown(ratio)}")
    params = {k: v for k, v in spec.items() if k not in ("name", "test_ratio")}
    if name == "mnist":
        _check_mnist(params)
        return spec
    try:
        datasets.check(name, **params)
    except ConfigError as exc:
        raise _prefixed("dataset", exc) from None
    return spec


def _check_points(spec: dict) -> dict:
    check_keys(spec, "dataset")
    try:
        return userdata.normalize_spec(spec)  # the points carry their own train/test flags
    except ConfigError as exc:
        raise _prefixed("dataset", exc) from None


def _check_mnist(params):
    unknown = set(params) - MNIST_KEYS
    if unknown:
        raise ConfigError(f"dataset.{min(unknown)}", f"unknown key for mnist; allowed: {', '.join(sorted(MNIST_KEYS))}")
    folder = params.get("folder")
    if folder is not None and not isinstance(folder, str):
        raise ConfigError("dataset.folder", f"must be a folder path (text), got {shown(folder)}")
    kind = params.get("kind", "t10k")
    if not isinstance(kind, str) or kind not in datasets.MNIST_KINDS:
        raise ConfigError("dataset.kind", f"must be one of {', '.join(datasets.MNIST_KINDS)}, got {shown(kind)}")
    dtype = params.get("dtype", "float64")
    if not isinstance(dtype, str) or dtype not in datasets.MNIST_DTYPES:
        raise ConfigError("dataset.dtype", f"must be one of {', '.join(datasets.MNIST_DTYPES)}, got {shown(dtype)}")
    if params.get("limit") is not None:
        _check_int(params["limit"], "dataset.limit", 1, datasets.MAX_POINTS)
    _check_int(params.get("seed", 0), "dataset.seed", 0)


def _check_optimizer(spec):
    if not isinstance(spec, dict) or "name" not in spec:
        raise ConfigError("optimizer", f"must be a dict with a 'name', e.g. {{'name': 'sgd', 'lr': 0.1}}, "
                                       f"got {shown(spec)}")
    check_keys(spec, "optimizer")
    name, hyperparams = _optimizer_args(spec)
    if not isinstance(name, str) or name not in optimizers.names():
        raise ConfigError("optimizer.name", f"unknown optimizer {shown(name)}; "
                                            f"choose one of: {', '.join(optimizers.names())}")
    try:
        optimizers.make(name, **hyperparams)  # constructing it runs every check it has
    except ConfigError as exc:
        raise _prefixed("optimizer", exc) from None


def _optimizer_args(spec) -> tuple:
    return spec["name"], {k: v for k, v in spec.items() if k != "name"}


def _check_schedule(spec):
    if not isinstance(spec, dict) or "name" not in spec:
        raise ConfigError("schedule", f"must be a dict with a 'name', e.g. {{'name': 'cosine', 'T_max': 1000}}, "
                                      f"got {shown(spec)}")
    check_keys(spec, "schedule")
    try:
        schedules.from_spec(spec)  # constructing it runs every check it has
    except ConfigError as exc:
        raise _prefixed("schedule", exc) from None


def make_schedule(exp: dict) -> schedules.Schedule:
    """The schedule of a normalized experiment, on its optimizer's lr (the base lr)."""
    name, hyperparams = _optimizer_args(exp["optimizer"])
    base_lr = hyperparams.get("lr", optimizers.defaults(name)["lr"])
    return schedules.from_spec(exp["schedule"], base_lr)


# -- building ------------------------------------------------------------------------------------

def load_dataset(spec: dict) -> datasets.Dataset:
    """Generate (or, for ``"mnist"``, read from the user's folder) the data set a spec describes.

    A file that cannot be read becomes a ConfigError naming ``dataset.folder``.
    """
    spec = dict(spec)
    name = spec.pop("name", None)
    spec.pop("test_ratio", None)
    if name == userdata.NAME:
        return userdata.datasets_from_spec({"name": name, **spec})[0]
    if name == "mnist":
        folder = spec.get("folder")
        if not folder:
            raise ConfigError("dataset.folder", "MNIST needs a folder holding the MNIST files (or mnist.npz)")
        try:
            data = datasets.load_mnist(folder, kind=spec.get("kind", "t10k"), dtype=spec.get("dtype", "float64"))
        except ConfigError as exc:
            raise _prefixed("dataset", exc) from None
        except (OSError, ValueError) as exc:
            raise ConfigError("dataset.folder", str(exc)) from None
        limit = spec.get("limit")
        if limit:
            data = data.subset(np.arange(min(int(limit), len(data.x))))
        return data
    try:
        return datasets.make(name, **spec)
    except ConfigError as exc:
        raise _prefixed("dataset", exc) from None


def _split(spec: dict, data: datasets.Dataset) -> tuple:
    ratio = float(spec.get("test_ratio", 0.0))
    if ratio > 0:
        train, test = data.split(ratio, seed=spec.get("seed", 0))
        return data, train, test
    return data, data, None


def _network_config(spec: dict, data: datasets.Dataset) -> dict:
    cfg = copy.deepcopy(spec)
    layers = cfg.get("layers")
    has_conv = isinstance(layers, (list, tuple)) and any(
        isinstance(layer, dict) and layer.get("type") == "conv2d" for layer in layers)
    if has_conv and data.image_shape is not None:
        cfg["input"] = [1, *data.image_shape]
    elif data.x.ndim == 3:  # sequences: [T, D]
        cfg["input"] = [int(n) for n in data.x.shape[1:]]
    else:
        cfg["input"] = int(data.x.shape[1])
    return cfg


def _trainer(exp: dict, net: Network, optimizer, train, test, schedule=None) -> Trainer:
    return Trainer(net, optimizer, train.x, train.t, None if test is None else test.x,
                   None if test is None else test.t,
                   batch_size=exp["batch_size"], seed=exp["seed"], sampling=exp["sampling"], schedule=schedule)


def estimate_memory(net: Network, data: datasets.Dataset, batch_size: int) -> dict:
    """Bytes an experiment needs, by part ("data", "pass", "step", "params") and in all ("total").

    The formula is in the module docstring; it is an estimate within a small factor, meant to refuse
    experiments that would exhaust memory, not to account for every byte.
    """
    itemsize = net.dtype.itemsize
    n, features = len(data.x), math.prod(data.x.shape[1:])
    sizes = layer_sizes(net)
    kinds = [info.kind for info in net.describe()]
    flat = max([s for s, k in zip(sizes, kinds, strict=True) if k not in MAP_KINDS], default=0)
    maps = max([s for s, k in zip(sizes, kinds, strict=True) if k in MAP_KINDS], default=0)
    map_rows = min(n, max(1, EVAL_CHUNK_BYTES // max(1, maps * itemsize)))
    copy_bytes = n * features * itemsize if data.x.dtype != net.dtype else 0
    parts = {
        "data": 2 * (data.x.nbytes + data.t.nbytes) + copy_bytes,
        "pass": max(n * flat, map_rows * maps) * itemsize * PASS_FACTOR,
        "step": min(batch_size, n) * sum(sizes) * itemsize * STEP_FACTOR,
        "params": sum(p.size for p in net.params.values()) * itemsize * PARAM_COPIES,
    }
    parts["total"] = sum(parts.values())
    return parts


def _bytes(n: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} bytes"


def check_memory(net: Network, data: datasets.Dataset, batch_size: int) -> dict:
    """The estimate, or a ConfigError saying what to shrink when it exceeds :data:`MEMORY_BUDGET`."""
    parts = estimate_memory(net, data, batch_size)
    if parts["total"] <= MEMORY_BUDGET:
        return parts
    n, widest = len(data.x), max(layer_sizes(net))
    why = {"data": f"the {n:,} points themselves",
           "pass": f"a pass over all {n:,} points through a layer of {widest:,} values per point",
           "step": f"a training step on batches of {batch_size:,}",
           "params": "the parameters with their gradients and optimizer state"}
    largest = max(why, key=parts.get)
    # float32 halves what the network holds; suggested only when the network is not float32 already
    shrink = "fewer points, narrower or fewer layers, a smaller batch" + (
        ", or dtype float32" if net.dtype.itemsize > np.dtype(np.float32).itemsize else "")
    raise ConfigError("experiment",
                      f"needs about {_bytes(parts['total'])} of working memory, more than the "
                      f"{MEMORY_BUDGET / 2**30:g} GiB ({_bytes(MEMORY_BUDGET)}) budget "
                      f"({why[largest]}: {_bytes(parts[largest])}); shrink it: {shrink}")


def _build(exp: dict, data: tuple | None = None) -> dict:
    """Every live piece of ``exp``, built aside and checked; returns them as Session attributes.

    ``data`` = (data, train, test) reuses data already loaded. Nothing outside is touched, so a
    ConfigError here leaves the caller's session as it was.
    """
    full, train, test = data if data is not None else _load(exp["dataset"])
    try:
        net = Network.from_config(_network_config(exp["network"], full))
    except ConfigError as exc:  # named from the experiment's top, as the optimizer's and data set's fields are
        raise _prefixed("network", exc) from None
    if userdata.is_points(exp["dataset"]):
        userdata.check_fits(net.config, full)
    check_memory(net, full, exp["batch_size"])
    _check_outputs_fit_targets(net, train)
    name, hyperparams = _optimizer_args(exp["optimizer"])
    optimizer = optimizers.make(name, **hyperparams)
    trainer = _trainer(exp, net, optimizer, train, test, make_schedule(exp))
    return {"experiment": exp, "data": full, "train": train, "test": test, "net": net,
            "optimizer": optimizer, "trainer": trainer}


def _check_outputs_fit_targets(net: Network, train: datasets.Dataset):
    """Refuse now, naming the network, what the first training step would refuse: outputs that do not match
    the targets (e.g. one output per sequence for a target at every time step)."""
    try:
        with np.errstate(all="ignore"):
            net.loss(train.x[:1], train.t[:1])
    except ConfigError as exc:
        if exc.field != "t":
            raise
        raise ConfigError("network", f"its output does not fit the data's targets ({exc})") from None


def _load(spec: dict) -> tuple:
    """(data, train, test) of a dataset spec: user points split by their flags, other sets by test_ratio."""
    if userdata.is_points(spec):
        return userdata.datasets_from_spec(spec)
    return _split(spec, load_dataset(spec))


def _keeps_network(new: dict, old: dict, net: Network, data: tuple) -> bool:
    """Whether new user points (same architecture) can go on training ``net``: inputs and outputs still fit."""
    if not userdata.is_points(new["dataset"]) or new["network"] != old["network"]:
        return False
    full = data[0]
    try:
        userdata.check_fits(net.config, full)
    except ConfigError:
        return False
    return tuple(full.x.shape[1:]) == tuple(net.input_shape)


class Session:
    """The live objects of one experiment: data, network, optimizer and trainer."""

    def __init__(self, experiment: dict | None = None):
        self.__dict__.update(_build(normalize_experiment({} if experiment is None else experiment)))

    def network_config(self) -> dict:
        """The network config with its input filled in from the data."""
        return _network_config(self.experiment["network"], self.data)

    def apply(self, experiment: dict) -> str:
        """Switch to ``experiment``; returns "kept" (weights kept) or "reset" (network rebuilt).

        All or nothing: every new piece is built and checked aside and swapped in at the end, so on a
        ConfigError the session is exactly as it was (weights, optimizer state, batch order, history).
        """
        new = normalize_experiment(experiment)
        old = self.experiment
        data = (self.data, self.train, self.test)
        if new["dataset"] != old["dataset"]:
            data = _load(new["dataset"])
            if not _keeps_network(new, old, self.net, data):
                self.__dict__.update(_build(new, data))
                return "reset"
        elif new["network"] != old["network"]:
            self.__dict__.update(_build(new, data))
            return "reset"
        optimizer, hyperparams = self.optimizer, None
        if new["optimizer"] != old["optimizer"]:
            name, given = _optimizer_args(new["optimizer"])
            if name == optimizer.name:
                # every hyperparameter, so one left out returns to its default (normalize checked them)
                hyperparams = {**optimizers.defaults(name), **given}
            else:
                optimizer = optimizers.make(name, **given)
        trainer = self.trainer
        if data[0] is not self.data or \
                (new["batch_size"], new["sampling"], new["seed"]) != (old["batch_size"], old["sampling"], old["seed"]):
            check_memory(self.net, data[0], new["batch_size"])
            trainer = _trainer(new, self.net, optimizer, data[1], data[2])
            trainer.history, trainer.step_count, trainer.epoch = self.trainer.history, self.trainer.step_count, \
                self.trainer.epoch
        # a schedule keeps its state (ReduceLROnPlateau's) while neither it nor the base lr changes
        schedule, current = make_schedule(new), self.trainer.schedule or make_schedule(old)
        if (schedule.spec(), schedule.base_lr) == (current.spec(), current.base_lr):
            schedule = current
        if hyperparams is not None:
            optimizer.set_hyperparams(**hyperparams)  # checked as a whole: it changes all or nothing
        trainer.optimizer = optimizer
        trainer.set_schedule(schedule)
        trainer.warning = None  # the settings changed: the next step judges the loss afresh
        self.__dict__.update(experiment=new, data=data[0], train=data[1], test=data[2], optimizer=optimizer,
                             trainer=trainer)
        return "kept"

    def reset(self):
        """Fresh weights from the seed, fresh optimizer state and history; same data."""
        self.__dict__.update(_build(self.experiment, (self.data, self.train, self.test)))
