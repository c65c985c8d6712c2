"""What the settings panel needs to know of a data set before it is built: its kind, classes and parameters.

Point sets, the built-in images ("shapes"), MNIST and the sequence sets answer alike, so the panel offers
outputs, layer kinds and fields without generating the data on every edit (answers are cached).
"""

from __future__ import annotations

import functools
import inspect
from typing import NamedTuple

from visualnet.core import datasets, sequences

MNIST_ITEM = "mnist"
TEXT_FILE = "text_file"
# parameters that do not change what a set is (its kind, classes, input): left out of the cache's key
SAMPLE_PARAMS = ("n", "noise", "seed", "test_ratio", "limit", "folder", "kind", "dtype")


class DataInfo(NamedTuple):
    kind: str  # "binary", "multiclass", "regression" or "sequence"
    n_classes: int  # 0 for values
    defaults: dict  # the generator's parameters with their default values
    image: bool = False  # rows of pixels a conv layer can take
    per_step: bool = False  # a sequence set with a target at every step (else one per sequence)

    @property
    def output_kind(self) -> str:
        """Which outputs fit: a sequence set is classified (characters, symbols) or fitted (values)."""
        if self.kind != "sequence":
            return self.kind
        return "multiclass" if self.n_classes else "regression"


def generator_defaults(name: str) -> dict:
    table = {**datasets.GENERATORS, **sequences.GENERATORS}
    if name not in table:  # MNIST, the user's points: nothing generated
        return {}
    parameters = inspect.signature(table[name][0]).parameters
    return {k: p.default for k, p in parameters.items() if p.default is not inspect.Parameter.empty}


def of_dataset(data: datasets.Dataset, name: str) -> DataInfo:
    """The info of a data set already built (the session's)."""
    per_step = data.kind == "sequence" and data.t.ndim >= 2
    return DataInfo(data.kind, data.n_classes, generator_defaults(name), data.image_shape is not None, per_step)


def data_info(spec: dict) -> DataInfo:
    """The info of the set ``spec`` describes; raises ConfigError when it cannot be made (a bad text file)."""
    name = spec["name"]
    key = tuple(sorted((k, v) for k, v in spec.items() if k not in ("name", *SAMPLE_PARAMS)))
    return _info(name, key)


@functools.cache
def _info(name: str, params: tuple) -> DataInfo:
    if name == MNIST_ITEM:
        return DataInfo("multiclass", 10, {}, image=True)
    if name == TEXT_FILE and "path" not in dict(params):  # no file chosen yet: a character task
        return DataInfo("sequence", 0, generator_defaults(name), per_step=True)
    return of_dataset(datasets.make(name, **dict(params)), name)


def names() -> tuple[str, ...]:
    """Every set the panel offers by name: the points and images, then the sequences (MNIST is added apart)."""
    return (*datasets.names(), *(n for n in sequences.names() if n != "text"))
