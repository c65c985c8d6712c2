"""Saving and loading a whole experiment: one ``.vnet`` zip holding ``session.json`` and ``arrays.npz``.

Format (version 1)::

    session.json  {"format": "visualnet-session", "version": 1,
                   "experiment": {...}            # the experiment dict (session.py)
                   "step": int, "epoch": int,     # trainer position
                   "trainer_rng": {...}, "network_rng": {...},   # numpy PCG64 bit-generator states
                   "batch_order": [...] | null, "batch_cursor": int,
                   "optimizer": {"name", "hyperparams", "step_count"},
                   "history": {series: {capacity, steps, values, stride}},
                   "schedule_state": {...},       # a stateful lr schedule's (ReduceLROnPlateau); optional
                   "view": {...}}                 # the window's view settings: simple values only
    arrays.npz    param/<name>, buffer/<name>, optimizer/<param>/<state key>,
                  data/x, data/t, data/test       # user points (dataset "points"): float64 (N, D), labels
                                                  # int64 or targets float64 (N,), test flags bool (N,)

User points are kept in the arrays, bit for bit; ``experiment.dataset`` then holds the rest of their spec
(kind, classes, transform) and :func:`read` puts the points back into it, checked as the session checks them.

**Writing** (:func:`atomic_write_bytes`, used by every export too) goes to a hidden temporary file in the
same folder, then ``os.replace``: a crash leaves the old file or the new one. As editors do, a symlink is
written through to its target, a folder, device, pipe or socket is refused, the file keeps its mode (a new
one gets the umask's, 0666 & ~umask), and temporary files an earlier killed save left behind are removed.

**Reading** refuses, with a :class:`SessionFileError` naming the file and the reason, every file that
could not be restored exactly or would break later (on Play or Save). Sizes are checked before
anything is allocated for them:

- the file: at most :data:`MAX_FILE_BYTES`; zip directories: at most ``datasets.MAX_ZIP_ENTRIES`` entries;
- ``session.json``: at most :data:`MAX_MANIFEST_BYTES` (32 MiB; a million-point batch order takes ~10 MB),
  nested at most :data:`MAX_DEPTH` deep;
- ``arrays.npz``: at most :data:`MAX_ARRAYS_BYTES` unpacked (``MAX_PARAMS`` float64 parameters with up to
  three optimizer slots each), each array at most :data:`MAX_ARRAY_BYTES`; every ``.npy`` header is parsed
  and its shape × itemsize must equal the bytes present before the array is read (``datasets.read_npz``).

Then every field is checked: types and ranges; counters are integers from 0 to 2**53; random states are
valid PCG64 states (an even increment can make the generator hang); the batch order is a permutation of
the training set and the cursor lies within it; optimizer state has exactly its parameter's shape; each
history series has as many values as steps, at most its capacity, a stride ≥ 1 and per-layer values for
every weighted layer; weights, statistics and optimizer state are finite real numbers within
±:data:`MAX_ABS_VALUE` (1e150) that fit the network's dtype; running variances and averages of squares
are ≥ 0. Loading builds a new session, so a refused file changes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
import os
import re
import reprlib
import secrets
import stat
import time
import zipfile
from pathlib import Path

import numpy as np

from visualnet.core import config, datasets, userdata
from visualnet.core.errors import ConfigError
from visualnet.core.trainer import BoundedSeries, History

FORMAT = "visualnet-session"
VERSION = 1

MAX_ARRAY_BYTES = config.MAX_PARAMS * 8  # one parameter (or optimizer slot) of the largest network, float64
MAX_ARRAYS_BYTES = 4 * MAX_ARRAY_BYTES + 2**20  # parameters and ≤ 3 optimizer slots each, plus .npy headers
MAX_MANIFEST_BYTES = 32 * 2**20
MAX_FILE_BYTES = MAX_ARRAYS_BYTES + MAX_MANIFEST_BYTES + 2**20  # stored (even uncompressed) plus zip records
MAX_DEPTH = 16  # session.json nests 6 deep (manifest → experiment → network → layers → layer → value)
MAX_COUNT = 2**53  # steps, epochs, counters: beyond this a float no longer counts exactly
MAX_ABS_VALUE = config.MAX_ABS_VALUE  # far beyond what training reaches, yet below 1e308, whose square and
# differences are already infinite; the trainer calls a weight beyond it diverged, so every save reopens
MAX_HISTORY_CAPACITY = 1_000_000
MAX_VIEW_KEYS, MAX_VIEW_TEXT, MAX_VIEW_INT = 100, 1000, 2**31 - 1  # view values go to Qt (32-bit ints)
STALE_TEMP_SECONDS = 60  # a temporary file this old is not a concurrent save's: a killed one's

TOP_KEYS = {"format", "version", "experiment", "step", "epoch", "trainer_rng", "network_rng", "batch_order",
            "batch_cursor", "optimizer", "history", "schedule_state", "view"}
POINT_ARRAYS = ("x", "t", "test")  # data/<name>: a "points" data set's coordinates, labels or targets, test flags
REQUIRED_KEYS = ("experiment", "step", "optimizer", "history")
HISTORY_SERIES = set(History.__dataclass_fields__)
LIST_SERIES = {"grad_norms", "mean_abs_delta", "dead_fraction"}  # one value per weighted layer and step
_SGD_SLOTS = {"momentum_buffer"}
OPTIMIZER_SLOTS = {  # the state each optimizer keeps per parameter ("step" is an int count, the rest arrays)
    "sgd": _SGD_SLOTS, "momentum": _SGD_SLOTS, "nesterov": _SGD_SLOTS,
    "adagrad": {"sum", "step"}, "rmsprop": {"square_avg", "grad_avg", "momentum_buffer"},
    "adam": {"exp_avg", "exp_avg_sq", "step"}, "adamw": {"exp_avg", "exp_avg_sq", "step"},
    "adadelta": {"square_avg", "acc_delta"},
}
COMPLETE_SLOTS = {"adagrad": {"sum", "step"}}  # kept together: the update reads both without a default
NON_NEGATIVE_SLOTS = {"sum", "square_avg", "exp_avg_sq", "acc_delta"}  # averages of squares: √ of them is taken
_TEMP_TOKEN = re.compile(r"[a-z0-9_]{8}")  # mkstemp's names, and ours
_repr = reprlib.Repr()
_repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxdict = 60, 60, 4, 4
_shown = _repr.repr  # a value named in a message, cut short (it may be a list of a million numbers)


class SessionFileError(ValueError):
    """A session file that cannot be read: the message says why, in words a user understands."""


# -- writing ----------------------------------------------------------------------------------------

def atomic_write_bytes(path, data: bytes):
    """Write ``data`` to ``path`` so a crash leaves either the old file or the new one, never half.

    A symlink is written through to its target; a folder, device, pipe or socket raises OSError and is
    left alone; the file keeps its mode, a new one gets 0666 & ~umask. Errors name ``path``, not the
    temporary file. Hidden temporary files of ``path`` older than a minute (a killed save's) are removed.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(_regular_file_mode(target, path))
    except FileNotFoundError:
        mode = None
    tmp = None
    try:
        # created like any new file (the kernel applies the umask) or with no more rights than the old one
        fd, tmp = _create_temp(target, 0o666 if mode is None else mode & 0o777)
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        if tmp is not None:
            _unlink_quietly(tmp)
    _remove_stale_temps(target)


def _regular_file_mode(target: Path, path: Path) -> int:
    """The mode of an existing regular file; FileNotFoundError when there is none; OSError for anything else."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket); it was left alone", str(path))
    return mode


def _create_temp(target: Path, mode: int) -> tuple[int, Path]:
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(target))


def _remove_stale_temps(target: Path):
    """Remove ``.<name>.XXXXXXXX.tmp`` files of ours older than a minute: a save killed before its rename."""
    prefix, now = f".{target.name}.", time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp") and _TEMP_TOKEN.fullmatch(name[len(prefix):-4])):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and now - info.st_mtime > STALE_TEMP_SECONDS:
            _unlink_quietly(entry.path)


def _unlink_quietly(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def to_bytes(session, view: dict | None = None) -> bytes:
    """Serialise a :class:`visualnet.core.session.Session` (and optional view settings)."""
    trainer, net, opt = session.trainer, session.net, session.optimizer
    state = opt.state_dict()
    arrays = {f"param/{k}": v for k, v in net.params.items()}
    arrays.update({f"buffer/{k}": v for k, v in net.buffers().items()})
    for pname, slots in state.get("state", {}).items():
        for key, value in slots.items():
            arrays[f"optimizer/{pname}/{key}"] = np.asarray(value)
    experiment = session.experiment
    spec = experiment["dataset"]
    if userdata.is_points(spec):
        arrays["data/x"] = np.array(spec["x"], dtype=np.float64)
        arrays["data/t"] = np.array(spec["t"], dtype=np.int64 if spec["kind"] == "classification" else np.float64)
        arrays["data/test"] = np.array(spec["test"], dtype=bool)
        experiment = {**experiment, "dataset": {k: v for k, v in spec.items() if k not in POINT_ARRAYS}}
    manifest = {
        "format": FORMAT, "version": VERSION,
        "experiment": experiment,
        "step": trainer.step_count, "epoch": trainer.epoch,
        "trainer_rng": trainer.rng.bit_generator.state,
        "network_rng": net.rng.bit_generator.state,
        "batch_order": None if trainer._order is None else trainer._order.tolist(),
        "batch_cursor": trainer._cursor,
        "optimizer": {"name": state["name"], "hyperparams": state["hyperparams"],
                      "step_count": state["step_count"]},
        "history": {k: s.state() for k, s in trainer.history.series().items()},
        "view": view or {},
    }
    if trainer.schedule is not None and trainer.schedule.stateful:
        manifest["schedule_state"] = trainer.schedule.state_dict()
    npz = io.BytesIO()
    np.savez(npz, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("session.json", json.dumps(manifest, indent=1, default=_json_default))
        z.writestr("arrays.npz", npz.getvalue())
    return out.getvalue()


def _json_default(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot save {type(value).__name__}")


def save(session, path, view: dict | None = None):
    atomic_write_bytes(path, to_bytes(session, view))


# -- reading ----------------------------------------------------------------------------------------

def read(path) -> tuple[dict, dict]:
    """Read and check a session file: returns (manifest, arrays) or raises SessionFileError.

    Checks all that needs no live session (sizes before allocating, the format, every field's type and
    range, every array's values); :func:`restore` checks the rest against the rebuilt experiment.
    """
    path = Path(path)
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SessionFileError(f"{path} does not exist") from None
    except OSError as exc:
        raise SessionFileError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise SessionFileError(f"{path} is a folder, not a session file")
    if not stat.S_ISREG(info.st_mode):
        raise SessionFileError(f"{path} is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise SessionFileError(f"{name} is {info.st_size:,} bytes; a session file is at most {MAX_FILE_BYTES:,}")
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(open(path, "rb"))
        except OSError as exc:
            raise SessionFileError(f"{path} cannot be read ({exc.strerror or exc})") from None
        try:
            z = stack.enter_context(datasets.open_zip(handle))
            members = set(z.namelist())
            if not {"session.json", "arrays.npz"} <= members:
                raise SessionFileError(f"{name} is not a visualnet session (session.json or arrays.npz missing)")
            if len(z.infolist()) != 2:
                raise SessionFileError(f"{name} is not a visualnet session (it holds other files: "
                                       f"{_shown(sorted(members - {'session.json', 'arrays.npz'}))})")
            text = datasets.read_member(z, "session.json", MAX_MANIFEST_BYTES)
            packed = datasets.read_member(z, "arrays.npz", MAX_ARRAYS_BYTES)
        except SessionFileError:
            raise
        except (ValueError, *datasets.ZIP_ERRORS) as exc:
            raise SessionFileError(f"{name} is corrupt or truncated ({_reason(exc)})") from None
    manifest = _parse_manifest(text, name)
    try:
        arrays = datasets.read_npz(io.BytesIO(packed), max_array_bytes=MAX_ARRAY_BYTES,
                                   max_total_bytes=MAX_ARRAYS_BYTES)
    except ValueError as exc:
        raise SessionFileError(f"{name} is corrupt: arrays.npz: {exc}") from None
    try:
        _check_manifest(manifest)
        _check_arrays(arrays)
        _merge_points(manifest, arrays)
    except SessionFileError as exc:
        raise SessionFileError(f"{name}: {exc}") from None
    return manifest, arrays


def _reason(exc: BaseException) -> str:
    return str(exc) if type(exc) is ValueError else f"{type(exc).__name__}: {exc}"


def _parse_manifest(text: bytes, name: str) -> dict:
    try:
        manifest = json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise SessionFileError(f"{name} is corrupt: session.json is not UTF-8 text") from None
    except RecursionError:
        raise SessionFileError(f"{name} is corrupt: session.json is nested too deeply") from None
    except ValueError as exc:
        raise SessionFileError(f"{name} is corrupt: session.json is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SessionFileError(f"{name} is not a visualnet session file")
    version = manifest.get("version")
    if version != VERSION:
        raise SessionFileError(f"{name} has format version {_shown(version)}; "
                               f"this visualnet reads version {VERSION}")
    for key in REQUIRED_KEYS:
        if key not in manifest:
            raise SessionFileError(f"{name} is missing '{key}'")
    stack = [(manifest, 0)]
    while stack:  # iteratively: the checks below and deepcopy recurse
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SessionFileError(f"{name} is corrupt: session.json is nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return manifest


# -- checks that need no session ------------------------------------------------------------------------

def _int(value, field, low=0, high=MAX_COUNT) -> int:
    if type(value) is not int or not low <= value <= high:
        raise SessionFileError(f"'{field}' must be an integer from {low:,} to {high:,}, got {_shown(value)}")
    return value


def _number(value) -> bool:
    """A JSON number a float holds: int (not bool) within ±2**53, or any float (a whole-set loss may be ∞,
    an accuracy of regression targets NaN)."""
    return type(value) is float or (type(value) is int and -MAX_COUNT <= value <= MAX_COUNT)


def _finite(value) -> bool:
    """A per-layer summary: the trainer records them only from finite steps."""
    return _number(value) and math.isfinite(value)


def _dict(value, field, keys=None) -> dict:
    if not isinstance(value, dict):
        raise SessionFileError(f"'{field}' must be a dict, got {_shown(value)}")
    if keys is not None and set(value) != keys:
        wrong = min(set(value) ^ keys)
        what = "unknown key" if wrong in value else "missing key"
        raise SessionFileError(f"'{field}' has a {what} {wrong!r}; it holds exactly {', '.join(sorted(keys))}")
    return value


def _check_manifest(m: dict):
    unknown = set(m) - TOP_KEYS
    if unknown:
        raise SessionFileError(f"unknown field {_shown(min(unknown))}; a session file holds "
                               f"{', '.join(sorted(TOP_KEYS))}")
    _dict(m["experiment"], "experiment")  # the session checks what it holds
    _int(m["step"], "step")
    _int(m.get("epoch", 0), "epoch")
    for key in ("trainer_rng", "network_rng"):
        if key in m:
            _check_rng(m[key], key)
    order = m.get("batch_order")
    if order is not None and not (isinstance(order, list)
                                  and all(type(i) is int and 0 <= i <= datasets.MAX_POINTS for i in order)):
        raise SessionFileError(f"'batch_order' must be null or a list of row numbers, got {_shown(order)}")
    _int(m.get("batch_cursor", 0), "batch_cursor", 0, datasets.MAX_POINTS)
    opt = _dict(m["optimizer"], "optimizer", {"name", "hyperparams", "step_count"})
    if not isinstance(opt["name"], str):
        raise SessionFileError(f"'optimizer.name' must be text, got {_shown(opt['name'])}")
    _dict(opt["hyperparams"], "optimizer.hyperparams")  # the optimizer checks each value
    _int(opt["step_count"], "optimizer.step_count")
    for key, series in _dict(m["history"], "history").items():
        _check_series(key, series)
    for key, value in _dict(m.get("schedule_state", {}), "schedule_state").items():
        if not (_number(value) and not math.isnan(value)):
            raise SessionFileError(f"'schedule_state.{key}' must be a number, got {_shown(value)}")
    _check_view(m.get("view", {}))


def _check_rng(state, field):
    """A PCG64 state numpy accepts and that cannot hang: its increment must be odd, as PCG requires."""
    _dict(state, field, {"bit_generator", "state", "has_uint32", "uinteger"})
    if state["bit_generator"] != "PCG64":
        raise SessionFileError(f"'{field}.bit_generator' must be 'PCG64', got {_shown(state['bit_generator'])}")
    inner = _dict(state["state"], f"{field}.state", {"state", "inc"})
    _int(inner["state"], f"{field}.state.state", 0, 2**128 - 1)
    if _int(inner["inc"], f"{field}.state.inc", 0, 2**128 - 1) % 2 == 0:
        raise SessionFileError(f"'{field}.state.inc' must be odd (PCG64 increments are), got {inner['inc']}")
    _int(state["has_uint32"], f"{field}.has_uint32", 0, 1)
    _int(state["uinteger"], f"{field}.uinteger", 0, 2**32 - 1)


def _check_series(key, series):
    field = f"history.{key}"
    if key not in HISTORY_SERIES:
        raise SessionFileError(f"unknown history series {_shown(key)}; known: {', '.join(sorted(HISTORY_SERIES))}")
    _dict(series, field, {"capacity", "steps", "values", "stride"})
    capacity = _int(series["capacity"], f"{field}.capacity", 1, MAX_HISTORY_CAPACITY)
    _int(series["stride"], f"{field}.stride", 1)
    steps, values = series["steps"], series["values"]
    if not isinstance(steps, list) or not isinstance(values, list):
        raise SessionFileError(f"'{field}' steps and values must be lists")
    if len(steps) != len(values) or len(steps) > capacity:
        raise SessionFileError(f"'{field}' has {len(steps):,} steps and {len(values):,} values; they must be "
                               f"equally many and at most its capacity {capacity:,}")
    if not all(type(s) is int and 0 <= s <= MAX_COUNT for s in steps) or steps != sorted(steps):
        raise SessionFileError(f"'{field}.steps' must be increasing step numbers, got {_shown(steps)}")
    if key in LIST_SERIES:
        if not all(isinstance(v, list) and len(v) <= config.MAX_LAYERS and all(map(_finite, v)) for v in values):
            raise SessionFileError(f"'{field}.values' must be lists of finite numbers, one per layer, "
                                   f"got {_shown(values)}")
    elif not all(map(_number, values)):
        raise SessionFileError(f"'{field}.values' must be numbers, got {_shown(values)}")


def _simple(value) -> bool:
    if value is None or type(value) in (bool, str):
        return not isinstance(value, str) or len(value) <= MAX_VIEW_TEXT
    if type(value) is int:
        return abs(value) <= MAX_VIEW_INT
    return type(value) is float and math.isfinite(value)


def _check_view(view):
    _dict(view, "view")
    if len(view) > MAX_VIEW_KEYS:
        raise SessionFileError(f"'view' holds {len(view):,} settings; at most {MAX_VIEW_KEYS} are kept")
    for key, value in view.items():
        flat = isinstance(value, list) and len(value) <= MAX_VIEW_TEXT and all(map(_simple, value))
        if not (_simple(value) or flat):
            raise SessionFileError(f"'view.{key}' must be a simple value (number, text, true/false), "
                                   f"got {_shown(value)}")


def _array_role(key: str) -> tuple[str, str, str]:
    """("param" | "buffer" | "optimizer", parameter or buffer name, optimizer slot or "")."""
    kind, _, rest = key.partition("/")
    parts = rest.split("/")
    if (kind in ("param", "buffer") and len(parts) == 1 or kind == "optimizer" and len(parts) == 2
            or kind == "data" and rest in POINT_ARRAYS) and all(parts):
        return kind, parts[0], parts[1] if kind == "optimizer" else ""
    raise SessionFileError(f"array {key!r} is not part of a session file (param/…, buffer/…, optimizer/…/…, "
                           "data/x, data/t, data/test)")


def _check_arrays(arrays: dict):
    for key, value in arrays.items():
        kind, name, slot = _array_role(key)
        if kind == "data" and name != "x":
            _check_point_array(key, name, value)
            continue
        if kind == "data" and (value.ndim != 2 or value.shape[1] not in (1, 2) or value.dtype != np.float64):
            raise SessionFileError(f"array {key!r} must hold float64 rows of 1 or 2 coordinates, got {value.dtype} "
                                   f"of shape {value.shape}")
        if slot == "step":
            if value.shape != () or value.dtype.kind not in "iu" or not 0 <= int(value) <= MAX_COUNT:
                raise SessionFileError(f"array {key!r} must be one integer count ≥ 0, got {value.dtype} "
                                       f"of shape {value.shape}")
            continue
        if value.dtype.kind != "f":
            raise SessionFileError(f"array {key!r} holds {value.dtype} values; it must hold floating-point numbers")
        with np.errstate(invalid="ignore"):
            peak = float(np.abs(value).max(initial=0.0))
            lowest = float(value.min(initial=0.0))
        if not math.isfinite(peak):
            raise SessionFileError(f"array {key!r} holds NaN or infinite values")
        if peak > MAX_ABS_VALUE:
            raise SessionFileError(f"array {key!r} holds {peak:g}, beyond the ±{MAX_ABS_VALUE:g} a saved value can have")
        if lowest < 0 and (name.startswith("running_var") or slot in NON_NEGATIVE_SLOTS):
            raise SessionFileError(f"array {key!r} holds the negative value {lowest:g}; "
                                   "a variance or average of squares is ≥ 0")


def _check_point_array(key: str, name: str, value: np.ndarray):
    """data/t: int64 labels or finite float64 targets; data/test: bool flags; one per point."""
    if value.ndim != 1:
        raise SessionFileError(f"array {key!r} must be one value per point, got shape {value.shape}")
    if name == "test":
        if value.dtype != np.bool_:
            raise SessionFileError(f"array {key!r} must hold true/false flags, got {value.dtype}")
    elif value.dtype not in (np.int64, np.float64):
        raise SessionFileError(f"array {key!r} must hold int64 class labels or float64 targets, got {value.dtype}")
    elif value.dtype == np.float64 and not np.isfinite(value).all():
        raise SessionFileError(f"array {key!r} holds NaN or infinite values")


def _merge_points(manifest: dict, arrays: dict):
    """Put user points from the arrays back into ``experiment.dataset``, checked as a session checks them."""
    given = {name: arrays.pop(f"data/{name}") for name in POINT_ARRAYS if f"data/{name}" in arrays}
    spec = manifest["experiment"].get("dataset")
    if not userdata.is_points(spec):
        if given:
            raise SessionFileError(f"arrays data/{min(given)} hold points, but the experiment's data set is "
                                   f"{_shown(spec.get('name') if isinstance(spec, dict) else spec)}, not points")
        return
    inline = set(spec) & set(POINT_ARRAYS)
    if inline:
        raise SessionFileError(f"'experiment.dataset.{min(inline)}' belongs in arrays.npz (data/{min(inline)})")
    missing = set(POINT_ARRAYS) - set(given)
    if missing:
        raise SessionFileError(f"the points' array data/{min(missing)} is missing")
    if spec.get("kind") == "classification" and given["t"].dtype != np.int64:
        raise SessionFileError("array 'data/t' must hold int64 class labels for classification points")
    try:
        manifest["experiment"]["dataset"] = userdata.normalize_spec(
            {**spec, **{name: array.tolist() for name, array in given.items()}})
    except ConfigError as exc:
        raise SessionFileError(f"'experiment.dataset.{exc.field}': {str(exc)[len(exc.field) + 2:]}") from None


# -- checks against the rebuilt experiment -------------------------------------------------------------

def restore(manifest: dict, arrays: dict, name: str = "the session file"):
    """Build a new Session from what :func:`read` returned; raises SessionFileError on any mismatch.

    Only the new session is touched, so a refused file leaves the caller's session as it was.
    """
    from visualnet.core.session import Session

    try:
        session = Session(manifest["experiment"])
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, OSError,
            RecursionError) as exc:  # ConfigError is a ValueError
        raise SessionFileError(f"{name}: its experiment cannot be rebuilt: {exc}") from None
    try:
        _restore_state(session, manifest, arrays)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # SessionFileError, ConfigError
        raise SessionFileError(f"{name} is inconsistent: {exc}") from None
    return session


def _matching(what: str, given: dict, live: dict) -> dict:
    """``given`` arrays named and shaped exactly like ``live`` ones, cast to their dtypes."""
    if set(given) != set(live):
        raise SessionFileError(f"{what} do not match the saved architecture (the file has "
                               f"{_shown(sorted(given))}, the network {_shown(sorted(live))})")
    return {k: _cast(v, live[k], f"{what} {k}") for k, v in given.items()}


def _cast(value: np.ndarray, like: np.ndarray, what: str) -> np.ndarray:
    if value.shape != like.shape:
        raise SessionFileError(f"{what}: shape {value.shape} does not match {like.shape}")
    with np.errstate(over="ignore"):
        out = value.astype(like.dtype)
    if not np.isfinite(out).all():
        raise SessionFileError(f"{what}: values too large for {like.dtype}")
    return out


def _restore_state(session, manifest: dict, arrays: dict):
    net, trainer, optimizer = session.net, session.trainer, session.optimizer
    groups = {"param": {}, "buffer": {}, "optimizer": {}}
    for key, value in arrays.items():
        kind, name, slot = _array_role(key)
        if kind == "optimizer":
            groups["optimizer"].setdefault(name, {})[slot] = value
        else:
            groups[kind][name] = value
    net.set_params(_matching("the saved weights", groups["param"], net.params))
    buffers = net.buffers()
    if buffers or groups["buffer"]:
        net.set_buffers(_matching("the saved batch-norm statistics", groups["buffer"], buffers))

    saved = manifest["optimizer"]
    if saved["name"] != optimizer.name:
        raise SessionFileError(f"the optimizer state was saved by {_shown(saved['name'])} but the experiment "
                               f"trains with {optimizer.name!r}")
    state = {}
    for pname, slots in groups["optimizer"].items():
        if pname not in net.params:
            raise SessionFileError(f"optimizer state for {pname!r}, which the network does not have")
        unknown = set(slots) - OPTIMIZER_SLOTS[optimizer.name]
        if unknown:
            raise SessionFileError(f"optimizer state {pname}/{min(unknown)} is not kept by {optimizer.name}")
        needed = COMPLETE_SLOTS.get(optimizer.name, set())
        if needed - set(slots):
            raise SessionFileError(f"optimizer state of {pname} lacks {', '.join(sorted(needed - set(slots)))}")
        state[pname] = {slot: value if slot == "step" else _cast(value, net.params[pname], f"optimizer {pname}/{slot}")
                        for slot, value in slots.items()}
    trainer.step_count = manifest["step"]
    schedule_state = manifest.get("schedule_state", {})
    if trainer.schedule is not None and trainer.schedule.stateful:
        trainer.schedule.load_state_dict(schedule_state or trainer.schedule.state_dict())
    elif schedule_state:
        raise SessionFileError("'schedule_state' is given, but the experiment's lr schedule keeps no state")
    trainer.set_schedule(trainer.schedule)  # the lr of this step, as the optimizer had it when saved
    expected = dict(optimizer.hyperparams)
    optimizer.load_state_dict({"name": saved["name"], "hyperparams": saved["hyperparams"],
                               "step_count": saved["step_count"], "state": state})
    if optimizer.hyperparams != expected:
        raise SessionFileError(f"the optimizer's hyperparameters {_shown(optimizer.hyperparams)} differ from the "
                               f"experiment's {_shown(expected)}")

    trainer.epoch = manifest.get("epoch", 0)
    if "trainer_rng" in manifest:
        trainer.rng.bit_generator.state = manifest["trainer_rng"]
    if "network_rng" in manifest:
        net.rng.bit_generator.state = manifest["network_rng"]
    n = len(trainer.x_train)
    order = manifest.get("batch_order")
    if order is not None:
        order = np.array(order, dtype=np.int64)
        if len(order) != n or not np.array_equal(np.sort(order), np.arange(n)):
            raise SessionFileError(f"'batch_order' is not an order of the {n:,} training points "
                                   f"({len(order):,} entries)")
    cursor = manifest.get("batch_cursor", 0)
    if cursor > n:
        raise SessionFileError(f"'batch_cursor' {cursor:,} lies beyond the {n:,} training points")
    trainer._order, trainer._cursor = order, cursor
    layers = len(net.weight_names())
    for key, saved_series in manifest["history"].items():
        if key in LIST_SERIES and any(len(v) != layers for v in saved_series["values"]):
            raise SessionFileError(f"'history.{key}' must hold {layers} values per step, one per weighted layer")
        series = BoundedSeries(saved_series["capacity"])
        series.steps, series.values = list(saved_series["steps"]), list(saved_series["values"])
        series.stride = saved_series["stride"]
        setattr(trainer.history, key, series)
    trainer._last_finite = net.copy_params()


def load(path):
    """Read ``path`` into a new Session; returns (session, view settings)."""
    manifest, arrays = read(path)
    return restore(manifest, arrays, Path(path).name), manifest.get("view", {})
