"""An experiment (data set + network + optimizer + batch size) as plain data, and the live session built from it.

The experiment dict is what settings panels edit, presets store and sessions save::

    {"dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
     "network": {...network config without "input" — it follows from the data...},
     "optimizer": {"name": "sgd", "lr": 0.03},
     "batch_size": 10, "seed": 0, "sampling": "shuffle"}

Changing the optimizer or its hyperparameters keeps the weights; changing the data or the
architecture rebuilds the network (and says so: :meth:`Session.apply` returns what happened).
"""

from __future__ import annotations

import copy
import math

import numpy as np

from visualnet.core import datasets, optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

DEFAULT_EXPERIMENT = {
    "dataset": {"name": "spiral", "n": 500, "noise": 0.1, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"},
                           {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "init": "he", "l2": 0.0, "l1": 0.0, "seed": 0, "dtype": "float64"},
    "optimizer": {"name": "adam", "lr": 0.01},
    "batch_size": 10,
    "seed": 0,
    "sampling": "shuffle",
}
EXPERIMENT_KEYS = set(DEFAULT_EXPERIMENT)


def load_dataset(spec: dict) -> datasets.Dataset:
    """Generate (or, for ``"mnist"``, read from the user's folder) the data set a spec describes."""
    spec = dict(spec)
    name = spec.pop("name", None)
    spec.pop("test_ratio", None)
    if name == "mnist":
        folder = spec.get("folder")
        if not folder:
            raise ConfigError("dataset.folder", "MNIST needs a folder holding the MNIST files (or mnist.npz)")
        data = datasets.load_mnist(folder, kind=spec.get("kind", "t10k"))
        limit = spec.get("limit")
        if limit:
            data = data.subset(np.arange(min(int(limit), len(data.x))))
        return data
    return datasets.make(name, **spec)


def normalize_experiment(exp: dict) -> dict:
    """Fill defaults and check the fields the session itself owns (the network config is checked by Network)."""
    if not isinstance(exp, dict):
        raise ConfigError("experiment", "must be a dict")
    unknown = set(exp) - EXPERIMENT_KEYS
    if unknown:
        raise ConfigError(min(unknown), f"unknown key; allowed: {', '.join(sorted(EXPERIMENT_KEYS))}")
    out = copy.deepcopy(DEFAULT_EXPERIMENT)
    out.update(copy.deepcopy(exp))
    if isinstance(out["network"], dict) and "network" in exp:
        # a partial network config gets the default init, penalties, seed and dtype, so that two
        # descriptions of the same network compare equal (and applying one does not rebuild it)
        defaults = {k: v for k, v in DEFAULT_EXPERIMENT["network"].items() if k not in ("layers", "loss")}
        out["network"] = {**defaults, **out["network"]}
    bs = out["batch_size"]
    if isinstance(bs, bool) or not isinstance(bs, int) or not 1 <= bs <= 100_000:
        raise ConfigError("batch_size", f"must be an integer from 1 to 100000, got {bs!r}")
    ratio = out["dataset"].get("test_ratio", 0.0)
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not math.isfinite(ratio) \
            or not 0 <= ratio <= 0.9:
        raise ConfigError("dataset.test_ratio", f"must be between 0 and 0.9, got {ratio!r}")
    if not isinstance(out["optimizer"], dict) or "name" not in out["optimizer"]:
        raise ConfigError("optimizer", "must be a dict with a 'name', e.g. {'name': 'sgd', 'lr': 0.1}")
    return out


class Session:
    """The live objects of one experiment: data, network, optimizer and trainer."""

    def __init__(self, experiment: dict | None = None):
        self.experiment = normalize_experiment(experiment or {})
        self._build_all()

    # -- building ---------------------------------------------------------------------------

    def _build_all(self):
        exp = self.experiment
        self.data = load_dataset(exp["dataset"])
        ratio = float(exp["dataset"].get("test_ratio", 0.0))
        if ratio > 0:
            self.train, self.test = self.data.split(ratio, seed=exp["dataset"].get("seed", 0))
        else:
            self.train, self.test = self.data, None
        self._build_network()

    def network_config(self) -> dict:
        cfg = copy.deepcopy(self.experiment["network"])
        has_conv = any(layer.get("type") == "conv2d" for layer in cfg["layers"])
        if has_conv and self.data.image_shape is not None:
            cfg["input"] = [1, *self.data.image_shape]
        else:
            cfg["input"] = int(self.data.x.shape[1])
        return cfg

    def _build_network(self):
        self.net = Network.from_config(self.network_config())
        self.optimizer = optimizers.make(**self.experiment["optimizer"])
        self._build_trainer()

    def _build_trainer(self):
        exp = self.experiment
        test = self.test
        self.trainer = Trainer(self.net, self.optimizer, self.train.x, self.train.t,
                               None if test is None else test.x, None if test is None else test.t,
                               batch_size=exp["batch_size"], seed=exp["seed"], sampling=exp["sampling"])

    def apply(self, experiment: dict) -> str:
        """Switch to ``experiment``; returns "kept" (weights kept) or "reset" (network rebuilt).

        On a ConfigError nothing changes: the current session stays exactly as it was.
        """
        new = normalize_experiment(experiment)
        old = self.experiment
        if new["dataset"] != old["dataset"]:
            candidate = Session.__new__(Session)
            candidate.experiment = new
            candidate._build_all()
            self.__dict__.update(candidate.__dict__)
            return "reset"
        if new["network"] != old["network"]:
            old_net = self.experiment
            self.experiment = new
            try:
                self._build_network()
            except ConfigError:
                self.experiment = old_net
                raise
            return "reset"
        if new["optimizer"] != old["optimizer"]:
            name = new["optimizer"]["name"]
            hp = {k: v for k, v in new["optimizer"].items() if k != "name"}
            if name == old["optimizer"]["name"]:
                self.optimizer.set_hyperparams(**hp)
            else:
                self.optimizer = optimizers.make(name, **hp)
                self.trainer.optimizer = self.optimizer
        if (new["batch_size"], new["sampling"], new["seed"]) != (old["batch_size"], old["sampling"], old["seed"]):
            self.experiment = new
            history, step = self.trainer.history, self.trainer.step_count
            self._build_trainer()
            self.trainer.history, self.trainer.step_count = history, step
        self.experiment = new
        return "kept"

    def reset(self):
        """Fresh weights from the seed, fresh optimizer state and history; same data."""
        self._build_network()
