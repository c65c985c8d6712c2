"""Sequence data sets, made by code (seeded) or read from the user's text file: x is (N, T, D).

- ``hihello`` — the course's character task: "hihell" → "ihello", one-hot over the vocabulary "hielo"
  (the course's idx2char order: first appearance), one sequence of 6 steps; targets are the next
  character of every step.
- ``sine`` — windows of a noisy sine wave; the target of every step is the next value of the series.
- ``memory`` — remember the first symbol: a symbol A, B, … then ``length`` − 1 distractors a, b, …; the
  one target, at the end, is the first symbol. A plain RNN forgets it over a few dozen steps, an LSTM keeps it.
- ``text`` and ``text_file`` — characters of a text (given, or read from a UTF-8 file) one-hot over
  their vocabulary (in order of first appearance), cut into windows of ``length`` characters every
  ``stride``; the targets are the next characters.

A file is read only if it is a regular file of at most :data:`MAX_TEXT_BYTES` (100 kB: a short story)
holding UTF-8 text without NUL bytes and at most :data:`MAX_VOCABULARY` distinct characters; anything else
is refused with a ConfigError naming ``path`` and saying why.

Every generator returns a :class:`~visualnet.core.datasets.Dataset` of kind "sequence" whose ``params``
regenerate it: ``make(d.name, **d.params)``; ``vocabulary`` names the input symbols, and class k of a
character task is the character ``vocabulary[k]``. These sets are loaded by name like the 2-D ones
(:func:`visualnet.core.datasets.make`, a session's ``{"dataset": {"name": "hihello"}}``) but are not
in :func:`visualnet.core.datasets.names`, which lists what the 2-D settings panel offers.
"""

from __future__ import annotations

import inspect
import math
import numbers
import os
import stat
from pathlib import Path

import numpy as np

from visualnet.core.datasets import Dataset
from visualnet.core.errors import ConfigError
from visualnet.core.i18n import translate

MAX_TEXT_BYTES = 100_000
MAX_VOCABULARY = 100
MAX_LENGTH = 1000  # steps per sequence
MAX_SEQUENCES = 100_000
MAX_VALUES = 20_000_000  # N·T·D of one set: 160 MB in float64
HIHELLO = "hihello"
MEMORY_SYMBOLS = "ABCDEFGHIJ"


def tr(text: str, **values) -> str:
    return translate("Sequence", text).format(**values) if values else translate("Sequence", text)


# -- argument checks -----------------------------------------------------------------------------

def _int(value, field, low, high):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ConfigError(field, tr("must be an integer from {low} to {high}, got {value}",
                                    low=f"{low:,}", high=f"{high:,}", value=repr(value)))
    return int(value)


def _noise(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or not 0 <= value <= 1:
        raise ConfigError("noise", tr("must be a number from 0 to 1, got {value}", value=repr(value)))
    return float(value)


def _text(value):
    if not isinstance(value, str) or not value:
        raise ConfigError("text", tr("must be a non-empty text, got {value}", value=repr(value)[:60]))
    if len(value.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ConfigError("text", tr("is longer than {limit:,} bytes", limit=MAX_TEXT_BYTES))
    return value


def _path(value):
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ConfigError("path", tr("must be the path of a text file, got {value}", value=repr(value)[:60]))
    return str(value)


CHECKS = {
    "n": lambda v: _int(v, "n", 1, MAX_SEQUENCES),
    "length": lambda v: _int(v, "length", 1, MAX_LENGTH),
    "stride": lambda v: _int(v, "stride", 1, MAX_LENGTH),
    "symbols": lambda v: _int(v, "symbols", 2, len(MEMORY_SYMBOLS)),
    "seed": lambda v: _int(v, "seed", 0, 2**63 - 1),
    "noise": _noise,
    "text": _text,
    "path": _path,
}


def _check_size(n, length, features):
    if n * length * features > MAX_VALUES:
        raise ConfigError("n", tr("{n:,} sequences of {t} steps and {d} features are {v:,} values; at most "
                                  "{limit:,} are allowed", n=n, t=length, d=features, v=n * length * features,
                                  limit=MAX_VALUES))


# -- characters ------------------------------------------------------------------------------------

def vocabulary_of(text: str) -> str:
    """The distinct characters of ``text`` in order of first appearance (the course's idx2char)."""
    return "".join(dict.fromkeys(text))


def encode(text: str, vocabulary: str) -> np.ndarray:
    """Class indices of the characters of ``text`` (ValueError naming a character not in ``vocabulary``)."""
    index = {c: k for k, c in enumerate(vocabulary)}
    try:
        return np.array([index[c] for c in text], dtype=np.int64)
    except KeyError as exc:
        raise ValueError(tr("the character {c} is not in the vocabulary {v}", c=repr(exc.args[0]),
                            v=repr(vocabulary))) from None


def decode(labels, vocabulary: str) -> str:
    """The characters of class indices (any shape; flattened)."""
    return "".join(vocabulary[int(k)] for k in np.ravel(labels))


def one_hot(labels: np.ndarray, size: int) -> np.ndarray:
    return np.eye(size)[labels]


def predicted_text(net, x, vocabulary: str) -> list[str]:
    """What a character network predicts for each sequence of ``x`` (N, T, D): the argmax character of every step."""
    y = net.predict(x)
    return ["".join(vocabulary[k] for k in row) for row in np.asarray(y).argmax(axis=-1).reshape(len(y), -1)]


def _windows(text: str, length: int, stride: int, name: str, params: dict, field: str = "text") -> Dataset:
    vocabulary = vocabulary_of(text)
    if len(vocabulary) > MAX_VOCABULARY:
        raise ConfigError(field,
                          tr("the text has {k} distinct characters; at most {limit} are allowed (each one is an "
                             "input and an output unit)", k=len(vocabulary), limit=MAX_VOCABULARY))
    if len(text) < length + 1:
        raise ConfigError("length", tr("the text has {n} characters; sequences of {t} steps need at least {m} "
                                       "(each step's target is the next character)", n=len(text), t=length,
                                       m=length + 1))
    labels = encode(text, vocabulary)
    starts = np.arange(0, len(text) - length, stride)
    _check_size(len(starts), length, len(vocabulary))
    window = starts[:, None] + np.arange(length)
    x = one_hot(labels[window], len(vocabulary))
    t = labels[window + 1]
    return Dataset(x, t, "sequence", len(vocabulary), name, params, vocabulary=vocabulary)


# -- generators ------------------------------------------------------------------------------------

def hihello() -> Dataset:
    """The course's character task: input "hihell", target "ihello", one-hot over "hielo"."""
    return _windows(HIHELLO, len(HIHELLO) - 1, 1, "hihello", {})


def text(text: str = HIHELLO, length: int = 6, stride: int | None = None) -> Dataset:
    """Next-character prediction on ``text``: windows of ``length`` characters every ``stride`` (default: length)."""
    stride = length if stride is None else stride
    return _windows(text, length, stride, "text", {"text": text, "length": length, "stride": stride})


def text_file(path: str, length: int = 25, stride: int | None = None) -> Dataset:
    """Next-character prediction on the user's UTF-8 text file (see the module docstring for what is refused)."""
    stride = length if stride is None else stride
    content = read_text_file(path)
    return _windows(content, length, stride, "text_file", {"path": str(path), "length": length, "stride": stride},
                    "path")


def read_text_file(path) -> str:
    """The text of a UTF-8 file of at most :data:`MAX_TEXT_BYTES`, line ends as "\\n"; ConfigError("path", why) else."""
    where = Path(path).expanduser()
    try:
        info = os.stat(where)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError("path", tr("{p} is not a regular file", p=str(where)))
        if info.st_size > MAX_TEXT_BYTES:
            raise ConfigError("path", tr("{p} holds {n:,} bytes; a text file may hold at most {limit:,} bytes "
                                         "(100 kB) — use an excerpt", p=str(where), n=info.st_size,
                                         limit=MAX_TEXT_BYTES))
        with open(where, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise ConfigError("path", tr("cannot read {p}: {why}", p=str(where), why=exc.strerror or str(exc))) from None
    if len(raw) > MAX_TEXT_BYTES:  # it grew since stat
        raise ConfigError("path", tr("{p} holds more than {limit:,} bytes (100 kB) — use an excerpt", p=str(where),
                                     limit=MAX_TEXT_BYTES))
    if b"\x00" in raw:
        raise ConfigError("path", tr("{p} is not a text file (it holds NUL bytes: a binary file?)", p=str(where)))
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("path", tr("{p} is not UTF-8 text (byte {b} at position {i:,}); save it as UTF-8",
                                     p=str(where), b=f"0x{raw[exc.start]:02X}", i=exc.start)) from None
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        raise ConfigError("path", tr("{p} is empty", p=str(where)) if not content
                          else tr("{p} holds only white space", p=str(where)))
    return content


def sine(n: int = 200, length: int = 20, noise: float = 0.05, seed: int = 0) -> Dataset:
    """Windows of sin(φ + 0.3·k) + N(0, noise²) from random phases φ; every step's target is the next value."""
    rng = np.random.default_rng(seed)
    _check_size(n, length, 1)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    series = np.sin(phase + 0.3 * np.arange(length + 1)) + noise * rng.standard_normal((n, length + 1))
    x, t = series[:, :-1, None], series[:, 1:, None]
    return Dataset(x, t, "sequence", 0, "sine", {"n": n, "length": length, "noise": noise, "seed": seed})


def memory(n: int = 256, length: int = 30, symbols: int = 4, seed: int = 0) -> Dataset:
    """Remember the first symbol: one of ``symbols`` letters, then ``length`` − 1 random distractors
    (their lower-case letters); the target, at the end, is the first letter."""
    rng = np.random.default_rng(seed)
    if length < 2:
        raise ConfigError("length", tr("must be at least 2: a symbol and something to remember it through"))
    _check_size(n, length, 2 * symbols)
    first = rng.integers(0, symbols, n)
    seq = np.concatenate([first[:, None], symbols + rng.integers(0, symbols, (n, length - 1))], axis=1)
    letters = MEMORY_SYMBOLS[:symbols]
    return Dataset(one_hot(seq, 2 * symbols), first, "sequence", symbols, "memory",
                   {"n": n, "length": length, "symbols": symbols, "seed": seed},
                   vocabulary=letters + letters.lower())


GENERATORS = {
    "hihello": (hihello, "The course's character task: learn “ihello” from “hihell” (next character)."),
    "sine": (sine, "A noisy sine wave: predict the next value at every step."),
    "memory": (memory, ("Remember the first symbol through the distractors after it: a plain RNN forgets, "
                        "an LSTM keeps it.")),
    "text": (text, "Next-character prediction on a text."),
    "text_file": (text_file, "Next-character prediction on your own UTF-8 text file (up to 100 kB)."),
}


def names() -> tuple[str, ...]:
    return tuple(GENERATORS)


def describe(name: str) -> str:
    return tr(GENERATORS[name][1])


def check(name: str, **params) -> dict:
    """The parameters ``make(name, **params)`` would accept, checked without generating anything."""
    if name not in GENERATORS:
        raise ConfigError("dataset", tr("unknown sequence data set {name}; choose one of: {names}",
                                        name=repr(name), names=", ".join(GENERATORS)))
    allowed = list(inspect.signature(GENERATORS[name][0]).parameters)
    out = {}
    for key, value in params.items():
        if key not in allowed:
            raise ConfigError(key, tr("unknown parameter for {name}; it takes {allowed}", name=name,
                                      allowed=", ".join(allowed) or tr("no parameters")))
        out[key] = value if key == "stride" and value is None else CHECKS[key](value)
    return out


def make(name: str, **params) -> Dataset:
    """Generate (or read) a sequence data set by name; bad parameters raise ConfigError naming them."""
    return GENERATORS[name][0](**check(name, **params))
