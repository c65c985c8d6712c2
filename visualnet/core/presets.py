"""Lesson presets: one JSON file per lesson in ``assets/presets/`` — an experiment and a one-line description.

A preset holds no weights: the network is built from the experiment's seed, so a preset is small,
readable and always reproducible. Saved sessions (:mod:`visualnet.core.sessionfile`) carry weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from visualnet.core import datasets
from visualnet.core.errors import ConfigError

PRESET_DIR = Path(__file__).resolve().parents[2] / "assets" / "presets"
DEFAULT = "xor_2_2_1"


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    experiment: dict
    view: dict

    @property
    def needs_mnist(self) -> bool:
        return self.experiment.get("dataset", {}).get("name") == "mnist"


def _read(path: Path) -> Preset:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError("preset", f"{path.name} is not a readable preset ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != "visualnet-preset":
        raise ConfigError("preset", f"{path.name} is not a visualnet preset")
    return Preset(data["name"], data["description"], data["experiment"], data.get("view", {}))


def names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.json"))


def get(name: str) -> Preset:
    path = PRESET_DIR / f"{name}.json"
    if not isinstance(name, str) or "/" in name or not path.exists():
        raise ConfigError("preset", f"unknown preset {name!r}; choose one of: {', '.join(names())}")
    return _read(path)


def all_presets() -> list[Preset]:
    return [get(n) for n in names()]


def experiment_for(preset: Preset, mnist_folder=None) -> dict:
    """The preset's experiment, with an MNIST folder filled in (given, or found in the usual places)."""
    exp = json.loads(json.dumps(preset.experiment))
    if preset.needs_mnist:
        found = datasets.find_mnist([mnist_folder] if mnist_folder else [])
        if found is None:
            raise ConfigError("dataset.folder",
                              "no MNIST files found: choose a folder holding t10k-images-idx3-ubyte(.gz) and "
                              "t10k-labels-idx1-ubyte(.gz) (or train-…), or Keras' mnist.npz "
                              "(looked in ~/.keras/datasets/mnist.npz too)")
        exp["dataset"]["folder"] = str(found)
    return exp
