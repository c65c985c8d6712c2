"""The user's own points: drawn on the Data tab or imported from CSV, edited with undo, trained on like any data set.

**Kinds.** Classification: 2-D points (x1, x2) of 2 to 5 classes. Regression: (x, y) — one input, the target
drawn as height — or (x1, x2, y) — two inputs and a target value. Every point is a training point or a test
point (``test``), so the split is the user's and is edited like the points.

**In an experiment** the points travel as plain data, so a session, the training process of fast play and a
preset rebuild them exactly (floats as floats; a session file keeps them in its arrays)::

    {"name": "points", "kind": "classification", "classes": ["0", "1"],
     "x": [[0.1, -0.4], ...], "t": [0, 1, ...], "test": [false, true, ...],
     "transform": {"columns": ["x1", "x2"], "offset": [3.5, 0.0], "scale": [2.0, 2.0]}}   # optional

**CSV** (:func:`read_csv`): columns ``x1, x2, label`` (labels integers or text; sorted, they become classes
0, 1, …) or ``x, y`` / ``x1, x2, y`` for regression; an optional ``test`` column (0/1, true/false, train/test)
when there is a header. The header is optional: it is there when the first line's first field is not a
number. Its names may come in any order; ``x, y, label`` is read as ``x1, x2, label`` and ``class`` as
``label``. Without a header, 2 columns are (x, y) and 3 are (x1, x2, label) when the third column holds text or
at most 5 distinct integers, else (x1, x2, y) — ``kind`` decides when given. Fields are separated by comma,
semicolon or tab (as the first line has them); with semicolons or tabs a decimal comma is read too; blank
lines and lines starting with ``#`` are skipped. At most :data:`MAX_POINTS` (10,000) points and
:data:`MAX_FILE_BYTES` bytes: the Data tab draws every point, and every edit copies the set. An error names
the line and the column — "line 17: 'abc' is not a number in column x2" — and nothing is returned.

**Scaling.** The other 2-D sets live in the view box [−1, 1]²; imported points are put there with
an affine map per column, x′ = (x − offset)/scale, returned as :class:`Transform` (its :meth:`Transform.describe`
is what the UI shows). The two inputs share one scale, so shapes keep their proportions; a regression target
gets its own. ``scale="auto"`` leaves points already inside the box as they are (an exported set re-imports
exactly), ``"fit"`` always fits, ``"none"`` never scales.

:class:`PointSet` is the Data tab's model: add, remove, move, relabel, toggle test, clear, replace — each one
step of an undo stack — and the train/test :class:`~visualnet.core.datasets.Dataset` it makes.
"""

from __future__ import annotations

import csv
import math
import numbers
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from visualnet.core.config import shown
from visualnet.core.datasets import Dataset
from visualnet.core.errors import ConfigError

NAME = "points"  # the experiment's dataset name for user points
KINDS = ("classification", "regression")
MIN_CLASSES, MAX_CLASSES = 2, 5
MAX_POINTS = 10_000
MAX_FILE_BYTES = 8 * 2**20  # 10,000 lines of three long numbers are under 1 MB
MAX_COORDINATE = 1e6  # a point in view units (the box is [−1, 1]); beyond it nothing would be visible
MAX_CLASS_NAME = 100
MAX_UNDO = 500
SPEC_KEYS = {"name", "kind", "classes", "x", "t", "test", "transform"}
SCALES = ("auto", "fit", "none")

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NOT_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
_TRUE, _FALSE = ("1", "true", "yes", "test"), ("0", "false", "no", "train")


class CSVError(ConfigError):
    """A CSV file that cannot be imported; ``line`` (1-based) and ``column`` say where, when it is one place."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None):
        self.line, self.column = line, column
        super().__init__(f"line {line}" if line is not None else "data", message)


# -- the transform into the view box --------------------------------------------------------------

@dataclass(frozen=True)
class Transform:
    """x′ = (x − offset)/scale per column; ``columns`` names them as the file did (inputs, then a target)."""

    columns: tuple
    offset: tuple
    scale: tuple

    @classmethod
    def identity(cls, columns) -> Transform:
        return cls(tuple(columns), (0.0,) * len(columns), (1.0,) * len(columns))

    @property
    def is_identity(self) -> bool:
        return all(o == 0 for o in self.offset) and all(s == 1 for s in self.scale)

    def to_view(self, values: np.ndarray) -> np.ndarray:
        """Columns in the file's units (N, len(columns)) → view units."""
        return (np.asarray(values, dtype=np.float64) - self.offset) / self.scale

    def to_original(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype=np.float64) * self.scale + self.offset

    def describe(self) -> list[str]:
        """One line per column, e.g. "x1′ = (x1 − 3.5) / 2.25", or "x2′ = x2" when unchanged."""
        lines = []
        for name, offset, scale in zip(self.columns, self.offset, self.scale):
            text = name if offset == 0 else f"{name} {'−' if offset > 0 else '+'} {abs(offset):.6g}"
            if scale != 1:
                text = f"({text}) / {scale:.6g}" if offset != 0 else f"{text} / {scale:.6g}"
            lines.append(f"{name}′ = {text}")
        return lines

    def to_dict(self) -> dict:
        return {"columns": list(self.columns), "offset": list(self.offset), "scale": list(self.scale)}

    @classmethod
    def from_dict(cls, d, width: int) -> Transform:
        """Checked: ``width`` columns, names as text, finite offsets, finite scales > 0."""
        if not isinstance(d, dict) or set(d) != {"columns", "offset", "scale"}:
            raise ConfigError("transform", f"must be a dict of columns, offset and scale, got {shown(d)}")
        columns, offset, scale = d["columns"], d["offset"], d["scale"]
        for key, value in (("columns", columns), ("offset", offset), ("scale", scale)):
            if not isinstance(value, (list, tuple)) or len(value) != width:
                raise ConfigError(f"transform.{key}", f"must list {width} values (one per column), got {shown(value)}")
        if not all(isinstance(c, str) and 0 < len(c) <= MAX_CLASS_NAME for c in columns):
            raise ConfigError("transform.columns", f"must be column names, got {shown(columns)}")
        if not all(_finite(v) for v in offset):
            raise ConfigError("transform.offset", f"must be finite numbers, got {shown(offset)}")
        if not all(_finite(v) and v > 0 for v in scale):
            raise ConfigError("transform.scale", f"must be finite numbers > 0, got {shown(scale)}")
        return cls(tuple(columns), tuple(float(v) for v in offset), tuple(float(v) for v in scale))


def _finite(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _fit_columns(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offset (the box's centre) and one scale (half its widest side) that put ``values`` into [−1, 1]."""
    lo, hi = values.min(axis=0), values.max(axis=0)
    centre = (lo + hi) / 2
    half = float((hi - lo).max()) / 2
    if not half > 0 or not math.isfinite(half):
        half = 1.0  # every point on one spot (or a line across one axis): only move it to the centre
    return centre, np.full(values.shape[1], half)


def fit_transform(inputs: np.ndarray, target: np.ndarray | None, columns, scale: str = "auto") -> Transform:
    """The transform that puts ``inputs`` (N, D) — and a regression ``target`` (N,) — into [−1, 1]."""
    if scale not in SCALES:
        raise ConfigError("scale", f"must be one of {', '.join(SCALES)}, got {shown(scale)}")
    parts = [inputs] if target is None else [inputs, target.reshape(-1, 1)]
    inside = all(np.abs(p).max(initial=0.0) <= 1 for p in parts)
    if scale == "none" or (scale == "auto" and inside) or len(inputs) == 0:
        return Transform.identity(columns)
    offsets, scales = [], []
    for part in parts:
        offset, factor = _fit_columns(part)
        offsets.extend(float(v) for v in offset)
        scales.extend(float(v) for v in factor)
    return Transform(tuple(columns), tuple(offsets), tuple(scales))


# -- reading CSV -------------------------------------------------------------------------------------

def _decode(source) -> str:
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    data = bytes(source)
    if len(data) > MAX_FILE_BYTES:
        raise CSVError(f"the file is {len(data):,} bytes; a points file is at most {MAX_FILE_BYTES:,}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise CSVError("not UTF-8 text (save the file as UTF-8 CSV)", line) from None


def _delimiter(line: str, number: int) -> str:
    for delimiter in ("\t", ";", ","):
        if delimiter in line:
            return delimiter
    raise CSVError("found one column; separate the columns with commas, semicolons or tabs", number)


def _fields(line: str, delimiter: str) -> list[str]:
    return [field.strip() for field in next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))]


def _is_number(text: str, delimiter: str) -> bool:
    return bool(_NUMBER.fullmatch(_decimal(text, delimiter))) or bool(_NOT_FINITE.fullmatch(text))


def _decimal(text: str, delimiter: str) -> str:
    # "1,5" is 1.5 where commas do not separate fields (semicolon or tab files from European spreadsheets)
    return text.replace(",", ".", 1) if delimiter != "," and text.count(",") == 1 and "." not in text else text


def _number(text: str, column: str, line: int, delimiter: str) -> float:
    if text == "":
        raise CSVError(f"column {column} is empty", line, column)
    plain = _decimal(text, delimiter)
    if _NOT_FINITE.fullmatch(text):
        raise CSVError(f"{shown(text)} is not a finite number in column {column}", line, column)
    if not _NUMBER.fullmatch(plain):
        raise CSVError(f"{shown(text)} is not a number in column {column}", line, column)
    value = float(plain)
    if not math.isfinite(value):
        raise CSVError(f"{shown(text)} is too large a number in column {column}", line, column)
    return value


_LABEL_NAMES, _TEST_NAMES, _TARGET_NAMES = ("label", "class"), ("test", "split"), ("target", "t")
_KNOWN = ("x", "y", "x1", "x2", *_LABEL_NAMES, *_TEST_NAMES, *_TARGET_NAMES)
_LAYOUT_HINT = "name the columns x1, x2, label (classes) or x, y / x1, x2, y (regression), with an optional test"


def _layout_from_header(names: list[str], line: int) -> tuple[str, list[int], int, int | None, list[str]]:
    """(kind, input column indices, target or label index, test index, the inputs' names) from a header."""
    lowered = [n.lower() for n in names]
    for i, name in enumerate(lowered):
        if name not in _KNOWN:
            raise CSVError(f"unknown column name {shown(names[i])}; {_LAYOUT_HINT}", line, names[i])
        if lowered.index(name) != i:
            raise CSVError(f"column {shown(names[i])} appears twice", line, names[i])
    where = {name: i for i, name in enumerate(lowered)}
    test = next((where[n] for n in _TEST_NAMES if n in where), None)
    if sum(n in where for n in _TEST_NAMES) > 1:
        raise CSVError("two test columns (test and split); keep one", line)
    rest = [n for n in lowered if n not in _TEST_NAMES]
    labels = [n for n in rest if n in _LABEL_NAMES]
    targets = [n for n in rest if n in _TARGET_NAMES]
    if len(labels) + len(targets) > 1:
        raise CSVError(f"more than one label or target column ({', '.join(labels + targets)}); {_LAYOUT_HINT}", line)
    if labels:
        inputs = [n for n in rest if n not in _LABEL_NAMES]
        for pair in (["x1", "x2"], ["x", "y"]):
            if sorted(inputs) == sorted(pair):
                return "classification", [where[n] for n in pair], where[labels[0]], test, pair
        raise CSVError(f"a label column needs two input columns x1, x2 (or x, y), got {', '.join(inputs) or 'none'}",
                       line)
    if targets:
        inputs, target = [n for n in rest if n not in _TARGET_NAMES], targets[0]
    elif sorted(rest) == ["x", "y"]:
        inputs, target = ["x"], "y"
    elif sorted(rest) == ["x1", "x2", "y"]:
        inputs, target = ["x1", "x2"], "y"
    else:
        raise CSVError(f"columns {', '.join(names)} do not make a data set; {_LAYOUT_HINT}", line)
    for allowed in (["x"], ["x1", "x2"], ["x", "y"]):
        if sorted(inputs) == allowed:
            return "regression", [where[n] for n in allowed], where[target], test, allowed
    raise CSVError(f"a target column needs the input x, or x1 and x2, got {', '.join(inputs) or 'none'}", line)


def read_csv(source, kind: str = "auto", scale: str = "auto", test_ratio: float = 0.0, seed: int = 0) -> PointSet:
    """Points from CSV text (str) or bytes, as a new :class:`PointSet` (its ``transform`` says how they were
    scaled). Raises :class:`CSVError` naming the line and column; nothing is changed anywhere on error.

    ``test_ratio`` marks that share of the points as test points (a seeded shuffle, as generated sets split)
    when the file has no test column.
    """
    if kind not in ("auto", *KINDS):
        raise ConfigError("kind", f"must be auto, classification or regression, got {shown(kind)}")
    if scale not in SCALES:
        raise ConfigError("scale", f"must be one of {', '.join(SCALES)}, got {shown(scale)}")
    if not _finite(test_ratio) or not 0 <= test_ratio <= 0.9:
        raise ConfigError("test_ratio", f"must be a number from 0 to 0.9, got {shown(test_ratio)}")
    lines = [(number, line) for number, line in enumerate(_decode(source).splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise CSVError("the file holds no points (it is empty)")
    first_number, first = lines[0]
    delimiter = _delimiter(first, first_number)
    head = _fields(first, delimiter)
    if not _is_number(head[0], delimiter):
        layout = _layout_from_header(head, first_number)
        if kind != "auto" and kind != layout[0]:
            raise CSVError(f"the header names a {layout[0]} file, but {kind} was asked for", first_number)
        names, rows = head, lines[1:]
    else:
        layout, names, rows = None, None, lines
        if len(head) not in (2, 3):
            raise CSVError(f"{len(head)} values; without a header a file has 2 columns (x, y) or 3 (x1, x2, label "
                           f"or x1, x2, y) — add a header line to name more", first_number)
    if not rows:
        raise CSVError("the file holds no points (only a header)")
    width = len(head)
    expected = ", ".join(names) if names else "x, y" if width == 2 else "x1, x2, label or y"
    fields = []
    for number, line in rows:
        values = _fields(line, delimiter)
        if len(values) != width:
            count = f"{len(values)} value{'s' if len(values) != 1 else ''}"
            raise CSVError(f"{count}, expected {width} ({expected})", number)
        if len(fields) == MAX_POINTS:
            raise CSVError(f"more than {MAX_POINTS:,} points; a points file holds at most {MAX_POINTS:,}", number)
        fields.append((number, values))
    if layout is None:
        layout = _headerless_layout(width, fields, kind, delimiter)
        columns = [*layout[4], "label" if layout[0] == "classification" else "y"]
    else:
        columns = [n.lower() for n in names]
    return _points_from_fields(layout, columns, fields, delimiter, scale, test_ratio, seed)


def _headerless_layout(width, fields, kind, delimiter):
    if width == 2:
        if kind == "classification":
            raise CSVError("2 columns are (x, y) regression points; classification needs x1, x2, label", fields[0][0])
        return "regression", [0], 1, None, ["x"]
    if kind == "auto":
        third = [values[2] for _number, values in fields]
        text = any(not _is_number(v, delimiter) for v in third)
        few_integers = all(_INTEGER.fullmatch(v) for v in third) and len(set(map(int, third))) <= MAX_CLASSES
        kind = "classification" if text or few_integers else "regression"
    return kind, [0, 1], 2, None, ["x1", "x2"]


def _points_from_fields(layout, columns, fields, delimiter, scale, test_ratio, seed) -> PointSet:
    kind, input_at, value_at, test_at, input_names = layout
    value_name = columns[value_at]
    n = len(fields)
    x = np.empty((n, len(input_at)))
    targets = np.empty(n)
    raw_labels, tests, seen = [], np.zeros(n, dtype=bool), {}
    for row, (number, values) in enumerate(fields):
        for j, at in enumerate(input_at):
            x[row, j] = _number(values[at], columns[at], number, delimiter)
        text = values[value_at]
        if kind == "classification":
            if text == "":
                raise CSVError(f"column {value_name} is empty", number, value_name)
            if len(text) > MAX_CLASS_NAME:
                raise CSVError(f"the label in column {value_name} is longer than {MAX_CLASS_NAME} characters",
                               number, value_name)
            if text not in seen:
                if len(seen) == MAX_CLASSES:
                    raise CSVError(f"{shown(text)} would be a {len(seen) + 1}th class in column {value_name}; "
                                   f"a data set has at most {MAX_CLASSES} classes", number, value_name)
                seen[text] = number
            raw_labels.append(text)
        else:
            targets[row] = _number(text, value_name, number, delimiter)
        if test_at is not None:
            flag = values[test_at].lower()
            if flag not in _TRUE + _FALSE:
                raise CSVError(f"{shown(values[test_at])} in column {columns[test_at]} must be 0 or 1 "
                               "(or train/test, false/true)", number, columns[test_at])
            tests[row] = flag in _TRUE
    if kind == "classification":
        if len(seen) < MIN_CLASSES:
            raise CSVError(f"only one class ({shown(next(iter(seen)))}) in column {value_name}; classification "
                           f"needs {MIN_CLASSES} to {MAX_CLASSES} classes", column=value_name)
        names = sorted(seen, key=int) if all(_INTEGER.fullmatch(s) for s in seen) else sorted(seen)
        index = {name: i for i, name in enumerate(names)}
        t = np.array([index[s] for s in raw_labels], dtype=np.int64)
        transform = fit_transform(x, None, input_names, scale)
        x_view = transform.to_view(x)
    else:
        names = None
        transform = fit_transform(x, targets, [*input_names, value_name], scale)
        both = transform.to_view(np.column_stack([x, targets]))
        x_view, t = both[:, :-1], both[:, -1]
    if test_at is None and test_ratio > 0:
        order = np.random.default_rng(seed).permutation(n)
        n_test = min(round(n * test_ratio), n - 1)
        tests[order[n - n_test:]] = True
    if tests.all():
        raise CSVError("every point is a test point; mark at least one as a training point (test 0)")
    points = PointSet(kind, dims=x.shape[1], classes=names, transform=transform)
    points._x, points._t, points._test = x_view, t, tests
    return points


def load_csv(path, **options) -> PointSet:
    """:func:`read_csv` on a file; errors name the file's lines. A file that cannot be read raises OSError."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CSVError(f"{path.name} is {size:,} bytes; a points file is at most {MAX_FILE_BYTES:,}")
    return read_csv(path.read_bytes(), **options)


# -- the experiment's form ---------------------------------------------------------------------------

def is_points(spec) -> bool:
    return isinstance(spec, dict) and spec.get("name") == NAME


def _rows(value, field, dtype) -> np.ndarray:
    if isinstance(value, np.ndarray):
        array = value
    elif isinstance(value, (list, tuple)):
        try:
            array = np.array(value, dtype=object if dtype is bool else None)
        except (ValueError, TypeError):  # ragged rows
            raise ConfigError(field, "must be a list of equally long rows") from None
    else:
        raise ConfigError(field, f"must be a list, got {shown(value)}")
    return array


def normalize_spec(spec: dict) -> dict:
    """Check a points spec and return it as plain lists (a fresh dict); ConfigError names the field."""
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise ConfigError(min(unknown), f"unknown key for points; allowed: {', '.join(sorted(SPEC_KEYS))}")
    kind = spec.get("kind", "classification")
    if kind not in KINDS:
        raise ConfigError("kind", f"must be classification or regression, got {shown(kind)}")
    x = _rows(spec.get("x", []), "x", float)
    n = len(x)
    if n > MAX_POINTS:
        raise ConfigError("x", f"holds {n:,} points; at most {MAX_POINTS:,}")
    if n == 0:
        raise ConfigError("x", "no points: add points (or import a CSV file) to train on")
    if x.dtype.kind not in "iuf" or x.dtype == bool:
        raise ConfigError("x", f"must hold numbers only, got {shown(spec.get('x'))}")
    if x.ndim != 2 or x.shape[1] not in (1, 2):
        raise ConfigError("x", f"must be rows of 1 or 2 numbers, got an array of shape {x.shape}")
    x = x.astype(np.float64)
    if not np.isfinite(x).all() or np.abs(x).max() > MAX_COORDINATE:
        raise ConfigError("x", f"must hold finite numbers within ±{MAX_COORDINATE:g}")
    dims = x.shape[1]
    out = {"name": NAME, "kind": kind}
    t = _rows(spec.get("t", []), "t", float)
    if t.shape != (n,) or t.dtype.kind not in "iuf" or t.dtype == bool:
        raise ConfigError("t", f"must be {n:,} numbers, one per point, got {shown(spec.get('t'))}")
    if kind == "classification":
        if dims != 2:
            raise ConfigError("x", "classification points have two coordinates (x1, x2)")
        classes = spec.get("classes")
        if classes is None:
            classes = [str(i) for i in range(max(MIN_CLASSES, int(t.max()) + 1 if n else 0))]
        if not isinstance(classes, (list, tuple)) or not MIN_CLASSES <= len(classes) <= MAX_CLASSES \
                or not all(isinstance(c, str) and 0 < len(c) <= MAX_CLASS_NAME for c in classes) \
                or len(set(classes)) != len(classes):
            raise ConfigError("classes", f"must name {MIN_CLASSES} to {MAX_CLASSES} different classes, got {shown(classes)}")
        if not (np.all(t == np.round(t)) and t.min() >= 0 and t.max() < len(classes)):
            raise ConfigError("t", f"class labels must be whole numbers from 0 to {len(classes) - 1}")
        out["classes"] = list(classes)
        out["t"] = t.astype(np.int64).tolist()
    else:
        if "classes" in spec:
            raise ConfigError("classes", "regression points have no classes")
        t = t.astype(np.float64)
        if not np.isfinite(t).all() or np.abs(t).max() > MAX_COORDINATE:
            raise ConfigError("t", f"must hold finite numbers within ±{MAX_COORDINATE:g}")
        out["t"] = t.tolist()
    out["x"] = x.tolist()
    test = spec.get("test")
    if test is None:
        test = [False] * n
    test_array = _rows(test, "test", bool)
    if test_array.shape != (n,) or not all(isinstance(v, (bool, np.bool_)) for v in test_array.tolist()):
        raise ConfigError("test", f"must be {n:,} true/false flags, one per point")
    out["test"] = [bool(v) for v in test_array.tolist()]
    if all(out["test"]):
        raise ConfigError("test", "every point is a test point; keep at least one training point")
    if spec.get("transform") is not None:
        width = dims + (kind == "regression")
        out["transform"] = Transform.from_dict(spec["transform"], width).to_dict()
    return out


def datasets_from_spec(spec: dict) -> tuple[Dataset, Dataset, Dataset | None]:
    """(all points, training points, test points or None) of a spec :func:`normalize_spec` returned."""
    full = PointSet._from_normalized(spec).dataset()
    test = np.array(spec["test"], dtype=bool)
    train = full.subset(np.flatnonzero(~test))
    return full, train, full.subset(np.flatnonzero(test)) if test.any() else None


def output_for(data: Dataset) -> tuple[int, str, str]:
    """(units, activation, loss) of the output layer the data need: 1 sigmoid for two classes, k softmax for k."""
    if data.kind == "regression":
        return 1, "linear", "mse"
    if data.kind == "binary":
        return 1, "sigmoid", "bce"
    return data.n_classes, "softmax", "cross_entropy"


def check_fits(network: dict, data: Dataset):
    """ConfigError naming ``network`` when its output cannot learn ``data`` (classes or a target)."""
    last, loss = network["layers"][-1], network["loss"]
    units = last.get("units")
    if data.kind == "regression":
        ok = loss == "mse" and units == 1
    elif data.kind == "binary":
        ok = (units == 1 and loss in ("bce", "mse")) or (units == 2 and loss == "cross_entropy")
    else:
        ok = loss == "cross_entropy" and units == data.n_classes
    if not ok:
        units, activation, loss = output_for(data)
        what = "a target value" if data.kind == "regression" else f"{data.n_classes} classes"
        raise ConfigError("network", f"the points have {what}; the output layer needs {units} {activation} "
                                     f"unit{'s' if units > 1 else ''} with the {loss} loss")


def fit_network(network: dict, data: Dataset) -> tuple[dict, str | None]:
    """``network`` (an experiment's network dict) with its output layer fitted to ``data`` when it does not fit;
    returns (network, what changed or None)."""
    try:
        check_fits(network, data)
        return network, None
    except ConfigError:
        pass
    units, activation, loss = output_for(data)
    out = {**network, "layers": [*network["layers"][:-1], {"units": units, "activation": activation}], "loss": loss}
    return out, f"output layer set to {units} {activation} unit{'s' if units > 1 else ''} with {loss} for the data"


# -- the editable point set --------------------------------------------------------------------------

class PointSet:
    """The user's points with an undo stack; Qt-free (the Data tab draws and edits through it).

    Everything is in view coordinates. ``plane()`` gives each point's place on the Data tab: (x1, x2) for
    2-D points, (x, y) for 1-D regression, whose target is the height. Each edit is one undo step; a drag
    calls :meth:`move` with ``merge=True`` after its first call, so the whole drag undoes at once.
    ``revision`` counts changes (undo and redo included), so a view knows when to redraw.
    """

    def __init__(self, kind: str = "classification", dims: int = 2, classes=None, transform: Transform | None = None):
        if kind not in KINDS:
            raise ConfigError("kind", f"must be classification or regression, got {shown(kind)}")
        if dims not in (1, 2) or (kind == "classification" and dims != 2):
            raise ConfigError("dims", f"must be 2 for classification, 1 or 2 for regression, got {shown(dims)}")
        if kind == "classification":
            classes = [str(i) for i in range(MIN_CLASSES)] if classes is None else list(classes)
            if not MIN_CLASSES <= len(classes) <= MAX_CLASSES or len(set(classes)) != len(classes):
                raise ConfigError("classes", f"must name {MIN_CLASSES} to {MAX_CLASSES} different classes")
        elif classes is not None:
            raise ConfigError("classes", "regression points have no classes")
        self.kind, self.dims = kind, dims
        self.classes = classes
        self.transform = transform
        self._x = np.empty((0, dims))
        self._t = np.empty(0, dtype=np.int64 if kind == "classification" else np.float64)
        self._test = np.empty(0, dtype=bool)
        self._undo: list = []
        self._redo: list = []
        self.revision = 0

    # -- reading --------------------------------------------------------------------------------------

    def __len__(self):
        return len(self._x)

    @property
    def x(self) -> np.ndarray:
        return _read_only(self._x)

    @property
    def t(self) -> np.ndarray:
        return _read_only(self._t)

    @property
    def test(self) -> np.ndarray:
        return _read_only(self._test)

    @property
    def n_classes(self) -> int:
        return len(self.classes) if self.classes else 0

    def plane(self) -> np.ndarray:
        """(N, 2): where each point sits on the Data tab."""
        if self.dims == 2:
            return self._x.copy()
        return np.column_stack([self._x[:, 0], self._t])

    def nearest(self, px: float, py: float, radius: float = math.inf) -> int | None:
        """The point nearest to (px, py) on the plane within ``radius``, or None (for clicks and drags)."""
        if not len(self):
            return None
        distance = np.hypot(*(self.plane() - (px, py)).T)
        i = int(distance.argmin())
        return i if distance[i] <= radius else None

    # -- editing: every change is one splice of rows, so undo and redo are one code path -------------------

    def add(self, px: float, py: float, value=None, test: bool = False) -> int:
        """A new point at (px, py) on the plane: of class ``value`` (classification), target ``value`` (2-D
        regression) or at height py (1-D regression). Returns its index."""
        x, t = self._row(px, py, value)
        n = len(self)
        if n >= MAX_POINTS:
            raise ConfigError("points", f"at most {MAX_POINTS:,} points")
        self._do(("add",), n, 0, (x[None], np.array([t], self._t.dtype), np.array([bool(test)])))
        return n

    def remove(self, index: int):
        index = self._index(index)
        self._do(("remove",), index, 1, self._empty_rows())

    def move(self, index: int, px: float, py: float, merge: bool = False):
        """Move a point to (px, py) on the plane (1-D regression: its target is py). ``merge``: the same undo
        step as the previous move of this point (a drag)."""
        index = self._index(index)
        x, t = self._row(px, py, self._t[index] if self.dims == 2 else None)
        rows = (x[None], np.array([t], self._t.dtype), self._test[index:index + 1].copy())
        self._do(("move", index), index, 1, rows, merge=merge)

    def set_value(self, index: int, value):
        """A point's class (classification) or target (regression)."""
        index = self._index(index)
        if self.dims == 1:
            px, py = self._x[index, 0], value
        else:
            px, py = self._x[index]
        x, t = self._row(px, py, value)
        self._do(("set_value",), index, 1, (x[None], np.array([t], self._t.dtype), self._test[index:index + 1].copy()))

    def toggle_test(self, index: int):
        """Make a training point a test point, or back."""
        index = self._index(index)
        self._do(("toggle_test",), index, 1,
                 (self._x[index:index + 1].copy(), self._t[index:index + 1].copy(), ~self._test[index:index + 1]))

    def clear(self):
        """No points (one undo step)."""
        if len(self):
            self._do(("clear",), 0, len(self), self._empty_rows())

    def replace_with(self, other: PointSet):
        """Take ``other``'s points, kind, classes and transform (an import): one undo step."""
        meta = (other.kind, other.dims, list(other.classes) if other.classes else None, other.transform)
        self._do(("replace",), 0, len(self), (other._x.copy(), other._t.copy(), other._test.copy()), meta=meta)

    def set_classes(self, classes):
        """Rename the classes or change their number (2–5); refused while a point has a class that would go."""
        if self.kind != "classification":
            raise ConfigError("classes", "regression points have no classes")
        classes = list(classes)
        if not MIN_CLASSES <= len(classes) <= MAX_CLASSES or len(set(classes)) != len(classes) \
                or not all(isinstance(c, str) and 0 < len(c) <= MAX_CLASS_NAME for c in classes):
            raise ConfigError("classes", f"must name {MIN_CLASSES} to {MAX_CLASSES} different classes")
        if len(self) and int(self._t.max()) >= len(classes):
            raise ConfigError("classes", f"points of class {int(self._t.max()) + 1} remain; remove them first")
        meta = (self.kind, self.dims, classes, self.transform)
        self._do(("classes",), 0, len(self), (self._x.copy(), self._t.copy(), self._test.copy()), meta=meta)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Take the last edit back; False when there is none."""
        if not self._undo:
            return False
        step = self._undo.pop()
        self._redo.append(self._apply(step))
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        step = self._redo.pop()
        self._undo.append(self._apply(step))
        return True

    def _do(self, tag, start, count, rows, meta=None, merge=False):
        inverse = self._apply((tag, start, count, rows, meta))
        last = self._undo[-1] if self._undo else None
        # a merged move keeps the first move's inverse: undo returns to where the drag started
        if not (merge and last is not None and last[0] == tag and not self._redo):
            self._undo.append(inverse)
            del self._undo[:-MAX_UNDO]
        self._redo.clear()

    def _apply(self, step):
        """Replace ``count`` rows at ``start`` by ``rows`` — all of them, with the kind and classes, when ``meta``
        is given; returns the step that undoes it."""
        tag, start, count, rows, meta = step
        old_rows = tuple(a[start:start + count].copy() for a in (self._x, self._t, self._test))
        old_meta = None
        if meta is not None:
            old_meta = (self.kind, self.dims, self.classes, self.transform)
            self.kind, self.dims, self.classes, self.transform = meta
            self._x, self._t, self._test = (r.copy() for r in rows)
        else:
            self._x = np.concatenate([self._x[:start], rows[0], self._x[start + count:]])
            self._t = np.concatenate([self._t[:start], rows[1].astype(self._t.dtype), self._t[start + count:]])
            self._test = np.concatenate([self._test[:start], rows[2], self._test[start + count:]])
        self.revision += 1
        return tag, start, len(rows[0]), old_rows, old_meta

    def _empty_rows(self):
        return np.empty((0, self.dims)), np.empty(0, self._t.dtype), np.empty(0, dtype=bool)

    def _index(self, index) -> int:
        if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < len(self):
            raise ConfigError("index", f"no point {shown(index)}; there are {len(self)}")
        return int(index)

    def _row(self, px, py, value) -> tuple[np.ndarray, float | int]:
        """The input row and target of a point placed at (px, py) with ``value``."""
        for name, v in (("x", px), ("y", py)):
            if not _finite(v) or abs(v) > MAX_COORDINATE:
                raise ConfigError(name, f"must be a finite number within ±{MAX_COORDINATE:g}, got {shown(v)}")
        if self.kind == "classification":
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value < self.n_classes:
                raise ConfigError("class", f"must be a class from 0 to {self.n_classes - 1}, got {shown(value)}")
            return np.array([float(px), float(py)]), int(value)
        if self.dims == 1:
            return np.array([float(px)]), float(py)
        if not _finite(value) or abs(value) > MAX_COORDINATE:
            raise ConfigError("y", f"the target must be a finite number within ±{MAX_COORDINATE:g}, got {shown(value)}")
        return np.array([float(px), float(py)]), float(value)

    # -- what it makes ---------------------------------------------------------------------------------

    def dataset(self) -> Dataset:
        """All points as a Dataset (classes: int labels; regression: float targets (N, 1))."""
        if self.kind == "classification":
            n = self.n_classes
            return Dataset(self._x.copy(), self._t.copy(), "binary" if n == 2 else "multiclass", n, NAME,
                           {"classes": list(self.classes)})
        return Dataset(self._x.copy(), self._t.reshape(-1, 1).copy(), "regression", 0, NAME, {})

    def train_dataset(self) -> Dataset:
        return self.dataset().subset(np.flatnonzero(~self._test))

    def test_dataset(self) -> Dataset | None:
        """The test points, or None when no point is one."""
        return self.dataset().subset(np.flatnonzero(self._test)) if self._test.any() else None

    def to_spec(self) -> dict:
        """The experiment's ``"dataset"`` dict for these points (plain lists; floats exact)."""
        spec = {"name": NAME, "kind": self.kind}
        if self.kind == "classification":
            spec["classes"] = list(self.classes)
        spec.update(x=self._x.tolist(), t=self._t.tolist(), test=self._test.tolist())
        if self.transform is not None:
            spec["transform"] = self.transform.to_dict()
        return spec

    @classmethod
    def from_spec(cls, spec: dict) -> PointSet:
        """The points of an experiment's dataset dict (checked by :func:`normalize_spec`)."""
        return cls._from_normalized(normalize_spec(spec))

    @classmethod
    def _from_normalized(cls, spec: dict) -> PointSet:
        x = np.array(spec["x"], dtype=np.float64)
        transform = spec.get("transform")
        points = cls(spec["kind"], x.shape[1], spec.get("classes"),
                     None if transform is None else Transform.from_dict(transform, len(transform["columns"])))
        points._x = x
        points._t = np.array(spec["t"], dtype=points._t.dtype)
        points._test = np.array(spec["test"], dtype=bool)
        return points

    @classmethod
    def from_dataset(cls, train: Dataset, test: Dataset | None = None) -> PointSet:
        """A generated set made editable: its training points, then its test points marked as such."""
        parts = [train] if test is None or len(test) == 0 else [train, test]
        if train.x.ndim != 2 or train.x.shape[1] not in (1, 2) or train.image_shape is not None:
            raise ConfigError("dataset", "only 2-D data sets (or 1-D regression) can be edited as points")
        total = sum(len(p) for p in parts)
        if total > MAX_POINTS:
            raise ConfigError("dataset", f"{total:,} points; at most {MAX_POINTS:,} can be edited")
        if train.kind == "regression":
            if train.t.reshape(len(train), -1).shape[1] != 1:
                raise ConfigError("dataset", "regression points have one target value")
            points = cls("regression", train.x.shape[1])
            t = np.concatenate([np.asarray(p.t, dtype=np.float64).reshape(-1) for p in parts])
        else:
            if train.x.shape[1] != 2 or not MIN_CLASSES <= train.n_classes <= MAX_CLASSES:
                raise ConfigError("dataset", f"classification points have 2 coordinates and {MIN_CLASSES} to "
                                             f"{MAX_CLASSES} classes")
            points = cls("classification", 2, [str(i) for i in range(train.n_classes)])
            t = np.concatenate([np.asarray(p.t).reshape(-1) for p in parts]).astype(np.int64)
        points._x = np.concatenate([np.asarray(p.x, dtype=np.float64) for p in parts])
        points._t = t
        points._test = np.concatenate([np.full(len(p), i == 1) for i, p in enumerate(parts)])
        return points

    def to_csv(self, original_units: bool = False, delimiter: str = ",") -> str:
        """The points as CSV with a header (and a test column): :func:`read_csv` reads it back exactly.

        ``original_units`` writes the columns as the imported file had them (the inverse transform)."""
        if self.kind == "classification":
            header = ["x1", "x2", "label"]
        else:
            header = ["x", "y"] if self.dims == 1 else ["x1", "x2", "y"]
        values = np.column_stack([self._x, self._t.astype(np.float64)]) if self.kind == "regression" else self._x
        if original_units and self.transform is not None:
            values = self.transform.to_original(values)
        lines = [delimiter.join([*header, "test"])]
        for i in range(len(self)):
            row = [repr(float(v)) for v in values[i]]
            if self.kind == "classification":
                row.append(_quoted(self.classes[self._t[i]], delimiter))
            row.append("1" if self._test[i] else "0")
            lines.append(delimiter.join(row))
        return "\n".join(lines) + "\n"


def _quoted(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text or text != text.strip() or text.startswith("#"):
        return '"' + text.replace('"', '""') + '"'
    return text


def _read_only(a: np.ndarray) -> np.ndarray:
    view = a.view()
    view.flags.writeable = False
    return view
