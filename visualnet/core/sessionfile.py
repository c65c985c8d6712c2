"""Saving and loading a whole experiment: one ``.vnet`` zip holding ``session.json`` and ``arrays.npz``.

Format (version 1)::

    session.json  {"format": "visualnet-session", "version": 1,
                   "experiment": {...}            # the experiment dict (session.py)
                   "step": int, "epoch": int,     # trainer position
                   "trainer_rng": {...}, "network_rng": {...},   # numpy bit-generator states
                   "batch_order": [...] | null, "batch_cursor": int,
                   "optimizer": {"name", "hyperparams", "step_count"},
                   "history": {series: {capacity, steps, values, stride}},
                   "view": {...}}                 # free-form view settings from the UI
    arrays.npz    param/<name>, buffer/<name>, optimizer/<param>/<state key>

Writes are atomic (temporary file in the same folder, then ``os.replace``). Loading validates
everything before touching the caller's session, so a corrupt file changes nothing.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from visualnet.core.errors import ConfigError
from visualnet.core.trainer import BoundedSeries

FORMAT = "visualnet-session"
VERSION = 1


class SessionFileError(ValueError):
    """A session file that cannot be read: the message says why, in words a user understands."""


def atomic_write_bytes(path, data: bytes):
    """Write ``data`` to ``path`` so a crash leaves either the old file or the new one, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def to_bytes(session, view: dict | None = None) -> bytes:
    """Serialise a :class:`visualnet.core.session.Session` (and optional view settings)."""
    trainer, net, opt = session.trainer, session.net, session.optimizer
    state = opt.state_dict()
    arrays = {f"param/{k}": v for k, v in net.params.items()}
    arrays.update({f"buffer/{k}": v for k, v in net.buffers().items()})
    for pname, slots in state.get("state", {}).items():
        for key, value in slots.items():
            arrays[f"optimizer/{pname}/{key}"] = np.asarray(value)
    manifest = {
        "format": FORMAT, "version": VERSION,
        "experiment": session.experiment,
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


def read(path) -> tuple[dict, dict]:
    """Read and check a session file: returns (manifest, arrays) or raises SessionFileError."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if not {"session.json", "arrays.npz"} <= names:
                raise SessionFileError(f"{path.name} is not a visualnet session (session.json or arrays.npz missing)")
            manifest = json.loads(z.read("session.json").decode("utf-8"))
            with np.load(io.BytesIO(z.read("arrays.npz")), allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
    except SessionFileError:
        raise
    except FileNotFoundError:
        raise SessionFileError(f"{path} does not exist") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise SessionFileError(f"{path.name} is corrupt or truncated ({type(exc).__name__}: {exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SessionFileError(f"{path.name} is not a visualnet session file")
    version = manifest.get("version")
    if version != VERSION:
        raise SessionFileError(f"{path.name} has format version {version!r}; this visualnet reads version {VERSION}")
    for key in ("experiment", "step", "optimizer", "history"):
        if key not in manifest:
            raise SessionFileError(f"{path.name} is missing '{key}'")
    return manifest, arrays


def restore(manifest: dict, arrays: dict):
    """Build a new Session from a checked file's contents (raises SessionFileError on any mismatch)."""
    from visualnet.core.session import Session

    try:
        session = Session(manifest["experiment"])
        net, trainer = session.net, session.trainer
        params = {k[6:]: v for k, v in arrays.items() if k.startswith("param/")}
        if set(params) != set(net.params):
            raise SessionFileError("the saved weights do not match the saved architecture")
        net.set_params(params)
        buffers = {k[7:]: v for k, v in arrays.items() if k.startswith("buffer/")}
        if buffers:
            net.set_buffers(buffers)
        opt_state = {"name": manifest["optimizer"]["name"], "hyperparams": manifest["optimizer"]["hyperparams"],
                     "step_count": manifest["optimizer"]["step_count"], "state": {}}
        for key, value in arrays.items():
            if key.startswith("optimizer/"):
                _, pname, slot = key.split("/", 2)
                opt_state["state"].setdefault(pname, {})[slot] = value
        session.optimizer.load_state_dict(opt_state)
        trainer.step_count = int(manifest["step"])
        trainer.epoch = int(manifest.get("epoch", 0))
        if "trainer_rng" in manifest:
            trainer.rng.bit_generator.state = manifest["trainer_rng"]
        if "network_rng" in manifest:
            net.rng.bit_generator.state = manifest["network_rng"]
        order = manifest.get("batch_order")
        trainer._order = None if order is None else np.asarray(order, dtype=np.int64)
        trainer._cursor = int(manifest.get("batch_cursor", 0))
        for name, state in manifest["history"].items():
            setattr(trainer.history, name, BoundedSeries.from_state(state))
        trainer._last_finite = net.copy_params()
    except SessionFileError:
        raise
    except (ConfigError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SessionFileError(f"the session file is inconsistent: {exc}") from None
    return session


def load(path):
    """Read ``path`` into a new Session; returns (session, view settings)."""
    manifest, arrays = read(path)
    return restore(manifest, arrays), manifest.get("view", {})
