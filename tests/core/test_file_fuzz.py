"""Seeded fuzzing of everything the core reads from disk: session files, IDX files and Keras' mnist.npz.

Every hostile file must either load or raise the one documented error (SessionFileError naming the file;
ValueError for IDX and MNIST files); a session file that loads must train 5 steps, save and load again;
a refused load leaves the caller's session untouched. Run with ``pytest -s`` to see how many cases ran.
"""

import copy
import gzip
import io
import json
import math
import struct
import zipfile

import numpy as np
import pytest

from visualnet.core import datasets, sessionfile
from visualnet.core.session import Session

BASES = {
    "adam, batch norm, dropout": ({
        "dataset": {"name": "spiral", "n": 80, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
        "network": {"layers": [{"units": 5, "activation": "tanh", "batch_norm": True, "dropout": 0.1},
                               {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 3},
        "optimizer": {"name": "adam", "lr": 0.02}, "batch_size": 16}, 23),
    "momentum, float32, replace": ({
        "dataset": {"name": "xor", "n": 60, "noise": 0.0, "seed": 1},
        "network": {"layers": [{"units": 4, "activation": "relu"}, {"units": 3, "activation": "tanh"},
                               {"units": 1, "activation": "sigmoid"}], "loss": "bce", "dtype": "float32"},
        "optimizer": {"name": "momentum", "lr": 0.05}, "batch_size": 8, "sampling": "replace"}, 12),
    "adagrad, softmax": ({
        "dataset": {"name": "spiral3", "n": 60, "noise": 0.2, "seed": 0},
        "network": {"layers": [{"units": 6, "activation": "relu"}, {"units": 3, "activation": "softmax"}],
                    "loss": "cross_entropy"},
        "optimizer": {"name": "adagrad", "lr": 0.1}, "batch_size": 10}, 9),
    "rmsprop centred with momentum": ({
        "dataset": {"name": "circle", "n": 50, "noise": 0.1, "seed": 2},
        "network": {"layers": [{"units": 3, "activation": "sigmoid"}, {"units": 1, "activation": "sigmoid"}],
                    "loss": "bce"},
        "optimizer": {"name": "rmsprop", "lr": 0.01, "centered": True, "momentum": 0.5}, "batch_size": 7}, 11),
    "adadelta, regression": ({
        "dataset": {"name": "linear_1d", "n": 40, "noise": 0.1, "seed": 0},
        "network": {"layers": [{"units": 3, "activation": "tanh"}, {"units": 1, "activation": "linear"}],
                    "loss": "mse"},
        "optimizer": {"name": "adadelta"}, "batch_size": 5}, 6),
    "fresh": ({"dataset": {"name": "gauss", "n": 30, "noise": 0.1, "seed": 0},
               "network": {"layers": [{"units": 2, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}],
                           "loss": "bce"},
               "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 4}, 0),
}
NAN, INF = float("nan"), float("inf")
HOSTILE = [None, True, False, -1, 0, 1, 2.5, -0.5, 1e308, -1e308, NAN, INF, -INF, "x", "", [], {}, [1, 2],
           {"a": 1}, [[1]], 2**64, -2**63, 10**30]


@pytest.fixture(scope="module")
def tally():
    counts = {}  # family: (cases, loaded, mishandled)
    yield counts
    lines = ", ".join(f"{k}: {v[0]:,}" for k, v in counts.items())
    total, loaded, bad = (sum(v[i] for v in counts.values()) for i in range(3))
    print(f"\nfile fuzz: {total:,} hostile cases ({lines}); {loaded:,} session files loaded, trained, saved "
          f"and reloaded; {bad:,} mishandled")


@pytest.fixture(scope="module")
def bases():
    out = {}
    for label, (experiment, steps) in BASES.items():
        session = Session(experiment)
        session.trainer.run(steps)
        data = sessionfile.to_bytes(session, {"tab": 2, "speed": 5, "dark": False})
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            manifest = json.loads(z.read("session.json"))
            packed = z.read("arrays.npz")
        with np.load(io.BytesIO(packed)) as npz:
            arrays = {k: npz[k] for k in npz.files}
        out[label] = (data, manifest, arrays)
    return out


def pack(manifest, arrays=None, packed=None, extra=()):
    """A session file from a manifest (dict or raw text) and arrays (dict, or raw npz bytes)."""
    if packed is None:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        packed = buffer.getvalue()
    text = manifest if isinstance(manifest, (str, bytes)) else json.dumps(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("session.json", text)
        z.writestr("arrays.npz", packed)
        for name, data in extra:
            z.writestr(name, data)
    return out.getvalue()


def fingerprint(session):
    t = session.trainer
    return (json.dumps(session.experiment, sort_keys=True), t.step_count, t.epoch, t._cursor,
            None if t._order is None else t._order.tobytes(), json.dumps(t.rng.bit_generator.state),
            json.dumps(session.net.rng.bit_generator.state),
            {k: v.tobytes() for k, v in session.net.params.items()},
            {k: v.tobytes() for k, v in session.net.buffers().items()},
            repr(session.optimizer.state_dict()), json.dumps({k: s.state() for k, s in t.history.series().items()}))


class Loader:
    """Loads each hostile file, keeps score, and remembers every case that was mishandled."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "hostile.vnet"
        self.again = tmp_path / "again.vnet"
        self.caller = Session(BASES["fresh"][0])
        self.caller.trainer.run(3)
        self.before = fingerprint(self.caller)
        self.failures, self.loaded, self.count = [], 0, 0

    def __call__(self, label, data: bytes):
        self.count += 1
        self.path.write_bytes(data)
        try:
            session, view = sessionfile.load(self.path)
        except sessionfile.SessionFileError as exc:
            if self.path.name not in str(exc):
                self.failures.append((label, f"message does not name the file: {exc}"))
            return
        except Exception as exc:  # noqa: BLE001 - any other exception is the defect this suite hunts
            self.failures.append((label, f"{type(exc).__name__}: {exc}"))
            return
        try:  # a file that loads must keep working: train, save, load again
            session.trainer.run(5)
            sessionfile.save(session, self.again, view)
            again, _ = sessionfile.load(self.again)
            assert again.trainer.step_count == session.trainer.step_count
            self.loaded += 1
        except Exception as exc:  # noqa: BLE001
            self.failures.append((label, f"loaded, then {type(exc).__name__}: {exc}"))

    def finish(self, tally, family):
        assert fingerprint(self.caller) == self.before, "a refused load changed the caller's session"
        tally[family] = (self.count, self.loaded, len(self.failures))
        shown = "\n".join(f"{label}: {why}" for label, why in self.failures[:20])
        assert not self.failures, f"{len(self.failures)} of {self.count} cases mishandled:\n{shown}"


# -- session files: bytes, members, fields, arrays -----------------------------------------------

def test_byte_flips_and_truncations(tmp_path, bases, tally):
    load = Loader(tmp_path)
    rng = np.random.default_rng(0)
    for label, (data, manifest, arrays) in bases.items():
        text = json.dumps(manifest, indent=1).encode()
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        packed = buffer.getvalue()
        for i in range(40):
            flipped = bytearray(data)
            for at in rng.integers(0, len(data), 1 + i % 3):
                flipped[at] ^= 1 << int(rng.integers(8))
            load(f"{label}: file byte flip {i}", bytes(flipped))
            load(f"{label}: file truncated {i}", data[:int(rng.integers(0, len(data)))])
        for i in range(15):  # inside the members, so the zip around them stays valid
            at = int(rng.integers(len(text)))
            load(f"{label}: json byte {at}", pack(text[:at] + bytes([rng.integers(256)]) + text[at + 1:], packed=packed))
            load(f"{label}: json cut at {at}", pack(text[:at], packed=packed))
            at = int(rng.integers(len(packed)))
            load(f"{label}: npz byte {at}", pack(text, packed=packed[:at] + bytes([rng.integers(256)]) + packed[at + 1:]))
            load(f"{label}: npz cut at {at}", pack(text, packed=packed[:at]))
    load.finish(tally, "bytes")


def zip_header_variants(data):
    """The same file with its zip headers claiming encryption, an unknown method or lying sizes."""
    def patch(signature, offset, value, fmt):
        out, at = bytearray(data), 0
        while (at := bytes(out).find(signature, at)) >= 0:
            struct.pack_into(fmt, out, at + offset, value)
            at += 4
        return bytes(out)
    return {
        "encrypted": patch(b"PK\x01\x02", 8, 1, "<H"),
        "unknown method": patch(b"PK\x01\x02", 10, 99, "<H"),
        "bzip2 claimed": patch(b"PK\x01\x02", 10, 12, "<H"),
        "sizes say 6 GiB": patch(b"PK\x01\x02", 24, 0xFFFFFFF0, "<I"),
        "sizes say 1 byte": patch(b"PK\x01\x02", 24, 1, "<I"),
        "compressed size lies": patch(b"PK\x01\x02", 20, 3, "<I"),
        "crc lies": patch(b"PK\x01\x02", 16, 12345, "<I"),
        "offset lies": patch(b"PK\x01\x02", 42, 2**31, "<I"),
        "entry count lies": patch(b"PK\x05\x06", 10, 0xFFFF, "<H"),
        "directory size lies": patch(b"PK\x05\x06", 12, 2**31, "<I"),
        "zip64 locator": data[:-22] + b"PK\x06\x07" + bytes(16) + data[-22:],
    }


def npy_with_header(shape, descr="<f8", payload=b""):
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


BAD_NPY = {
    "declares 8 TB": npy_with_header((2**40,)),
    "negative shape": npy_with_header((-2, -4), payload=bytes(64)),
    "object": npy_with_header((1,), "|O", bytes(8)),
    "text": npy_with_header((1,), "<U2", bytes(8)),
    "structured": npy_with_header((1,), "[('a', '<f8')]", bytes(8)),
    "complex": npy_with_header((1,), "<c16", bytes(16)),
    "datetime": npy_with_header((1,), "<M8[s]", bytes(8)),
    "garbage": b"\x93NUMPY\x01\x00\x10\x00{'descr': 1}\n",
    "version 9": b"\x93NUMPY\x09\x00" + bytes(20),
    "too long": b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**30),
    "short payload": npy_with_header((4,), payload=bytes(8)),
    "long payload": npy_with_header((1,), payload=bytes(80)),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zip_members_replaced(tmp_path, bases, tally):
    load = Loader(tmp_path)
    rng = np.random.default_rng(1)
    deep = "[" * 100_000 + "]" * 100_000
    for label, (data, manifest, arrays) in bases.items():
        text = json.dumps(manifest)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        packed = buffer.getvalue()
        other = next(a for other_label, (_, _, a) in bases.items() if other_label != label)
        for name, variant in zip_header_variants(data).items():
            load(f"{label}: {name}", variant)
        junk = bytes(rng.integers(0, 256, 300, dtype=np.uint8))
        cases = {
            "json is garbage": pack(junk, packed=packed),
            "json not utf-8": pack(b"\xff\xfe" + text.encode("utf-16-le"), packed=packed),
            "json nested 1,000 deep": pack("[" * 1000 + "]" * 1000, packed=packed),
            "json nested 100,000 deep": pack(deep, packed=packed),
            "json a list": pack("[1, 2]", packed=packed),
            "json huge int": pack(text.replace('"step": ', '"step": 1' + "0" * 5000 + "*")
                                  .replace("*", ""), packed=packed),
            "json empty": pack("", packed=packed),
            "arrays garbage": pack(text, packed=junk),
            "arrays empty zip": pack(text, {}),
            "arrays of another session": pack(text, other),
            "arrays a plain npy": pack(text, packed=npy_with_header((2, 2), payload=bytes(32))),
            "extra member": pack(text, packed=packed, extra=[("evil.py", b"print(1)")]),
            "npz member not npy": pack(text, packed=_zip({"param/W1": b"x"})),
            "npz member twice": pack(text, packed=_zip([("param/W1.npy", npy_with_header((1,), payload=bytes(8)))] * 2)),
            **{f"npz header {name}": pack(text, packed=_zip({"param/W1.npy": member}))
               for name, member in BAD_NPY.items()},
            "no json": _zip({"arrays.npz": packed}),
            "no arrays": _zip({"session.json": text}),
            "empty file": b"",
            "not a zip": b"PK\x03\x04" + junk,
        }
        for name, variant in cases.items():
            load(f"{label}: {name}", variant)
    load("npz of 20,000 members", pack(text, packed=_zip({f"m{i}.npy": b"" for i in range(20_000)})))
    load("session of 20,000 members", _zip({f"m{i}": b"" for i in range(20_000)}))
    for path in (tmp_path / "missing.vnet", tmp_path):
        load.count += 1
        with pytest.raises(sessionfile.SessionFileError, match=str(path.name)):
            sessionfile.load(path)
    load.finish(tally, "members")


def _zip(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in (members.items() if isinstance(members, dict) else members):
            z.writestr(name, data)
    return out.getvalue()


def leaf_paths(value, path=()):
    """Every place in the manifest a value sits (a long list: its first and last items only)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index in sorted({0, len(value) - 1}) if value else ():
            yield from leaf_paths(value[index], (*path, index))


def mutations(value, rng):
    """Hostile replacements for one value: fixed junk, and changes relative to the value itself."""
    out = list(HOSTILE)
    if type(value) is int:
        out += [value + 1, value - 1, -value, value * 10, value * 2**40]
    elif type(value) is float:
        out += [value * 10, -value, value * 1e300, int(value) if math.isfinite(value) else 0]
    elif isinstance(value, str):
        out += [value + "x", value.upper(), value * 100]
    elif isinstance(value, list) and value:
        out += [value[:-1], value + value[-1:], value[::-1], value[1:] + value[:1], [value], value * 2]
    elif isinstance(value, dict):
        out += [{**value, "zzz": 1}, {k: value[k] for k in list(value)[:-1]}]
    return out


def set_at(manifest, path, value, delete=False):
    """A copy of ``manifest`` with one value replaced or deleted. Only the dicts and lists on the way to it are
    copied; the rest is shared and never changed (no deep copy of the whole history for every case)."""
    out = copy.copy(manifest)
    target = out
    for key in path[:-1]:
        target[key] = copy.copy(target[key])
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def test_json_fields_deleted_retyped_out_of_range(tmp_path, bases, tally):
    load = Loader(tmp_path)
    rng = np.random.default_rng(2)
    for label, (_, manifest, arrays) in bases.items():
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        packed = buffer.getvalue()
        paths = [p for p in leaf_paths(manifest) if p]
        paths = paths[len(label) % 2::2]  # every other field of each base, alternating between bases: half the time
        cases = []
        for path in paths:
            value = manifest
            for key in path:
                value = value[key]
            options = mutations(value, rng)
            if isinstance(path[-1], str) and rng.random() < 0.4:
                cases.append((path, None, True))
            cases.append((path, options[int(rng.integers(len(options)))], False))
        for path, value, delete in cases:
            text = json.dumps(set_at(manifest, path, value, delete))
            what = "deleted" if delete else f"= {value!r:.40}"
            load(f"{label}: {'.'.join(map(str, path))} {what}", pack(text, packed=packed))
    # the cases, each by name
    _, manifest, arrays = bases["adam, batch norm, dropout"]
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    packed = buffer.getvalue()
    named = {
        "history stride 0": (("history", "train_loss", "stride"), 0),
        "history values short": (("history", "train_loss", "values"), manifest["history"]["train_loss"]["values"][:-1]),
        "history values None": (("history", "train_loss", "values", 0), None),
        "grad norms one short": (("history", "grad_norms", "values", 0), [0.1]),
        "history over capacity": (("history", "train_loss", "capacity"), 3),
        "batch order short": (("batch_order",), manifest["batch_order"][:-1]),
        "batch order repeats": (("batch_order",), manifest["batch_order"][:1] * len(manifest["batch_order"])),
        "batch order floats": (("batch_order",), [float(i) for i in manifest["batch_order"]]),
        "cursor negative": (("batch_cursor",), -1),
        "cursor past the end": (("batch_cursor",), 10**6),
        "view not a dict": (("view",), "dark"),
        "view nested": (("view", "tab"), {"a": [1, [2]]}),
        "rng increment even": (("trainer_rng", "state", "inc"), 2),
        "rng other generator": (("network_rng", "bit_generator"), "MT19937"),
        "optimizer other name": (("optimizer", "name"), "sgd"),
        "optimizer lr differs": (("optimizer", "hyperparams", "lr"), 0.5),
        "optimizer betas junk": (("optimizer", "hyperparams", "betas"), [0.9]),
        "experiment null": (("experiment",), None),
        "experiment seed 1.5": (("experiment", "seed"), 1.5),
        "experiment units huge": (("experiment", "network", "layers", 0, "units"), 10**9),
        "experiment mnist missing": (("experiment", "dataset"), {"name": "mnist", "folder": str(tmp_path / "none")}),
        "unknown field": (("surprise",), 1),
    }
    for name, (path, value) in named.items():
        load(name, pack(json.dumps(set_at(manifest, path, value)), packed=packed))
    load.finish(tally, "fields")


def test_arrays_reshaped_retyped_nan(tmp_path, bases, tally):
    load = Loader(tmp_path)
    rng = np.random.default_rng(3)
    for label, (_, manifest, arrays) in bases.items():
        text = json.dumps(manifest)
        for key, value in arrays.items():
            float_like = value.dtype.kind == "f"

            def poke(fill, value=value):
                out = value.astype(np.float64) if value.ndim else value.astype(np.float64).reshape(1)
                out.flat[int(rng.integers(out.size))] = fill
                return out.reshape(value.shape)

            variants = {
                "flattened": value.reshape(-1), "transposed": value.T if value.ndim == 2 else value[None],
                "extra axis": value[None], "one more": np.append(value.reshape(-1), 0.5),
                "empty": value.reshape(-1)[:0], "int": value.astype(np.int64), "bool": value.astype(bool),
                "complex": value.astype(np.complex128), "text": value.astype(str),
                "float16": value.astype(np.float16), "float32": value.astype(np.float32),
                "big endian": value.astype(value.dtype.newbyteorder(">")),
                "fortran": np.asfortranarray(value), "NaN": poke(np.nan), "inf": poke(np.inf),
                "1e308": poke(1e308), "1e20": poke(1e20), "-1": poke(-1.0), "huge step": np.int64(2**62),
                "negative step": np.int64(-1),
            }
            if not float_like:  # the optimizer's step counters
                variants = {k: variants[k] for k in ("huge step", "negative step", "float32", "extra axis", "text",
                                                     "bool", "complex", "empty")}
            for name in rng.choice(list(variants), size=min(len(variants), 4), replace=False):
                load(f"{label}: {key} {name}", pack(text, {**arrays, key: variants[name]}))
            if rng.random() < 0.3:
                load(f"{label}: {key} missing", pack(text, {k: v for k, v in arrays.items() if k != key}))
            else:
                renamed = key.replace("/", "//", 1) if rng.random() < 0.5 else key + "x"
                load(f"{label}: {key} renamed",
                     pack(text, {**{k: v for k, v in arrays.items() if k != key}, renamed: value}))
        load(f"{label}: extra array", pack(text, {**arrays, "param/W99": np.zeros(3)}))
        load(f"{label}: stray state", pack(text, {**arrays, "optimizer/W1/velocity": arrays["param/W1"]}))
        load(f"{label}: state of no param", pack(text, {**arrays, "optimizer/W9/exp_avg": np.zeros(2)}))
        load(f"{label}: not ours", pack(text, {**arrays, "weights": np.zeros(2)}))
    load.finish(tally, "arrays")


# -- IDX and MNIST files -------------------------------------------------------------------------

def idx_bytes(array, code):
    dims = b"".join(struct.pack(">I", d) for d in array.shape)
    return bytes([0, 0, code, array.ndim]) + dims + array.astype(datasets.IDX_DTYPES[code]).tobytes()


def test_idx_files(tmp_path, tally):
    rng = np.random.default_rng(4)
    path = tmp_path / "t10k-images-idx3-ubyte"
    count = 0
    failures = []
    goods = [idx_bytes(rng.integers(0, 256, (3, 28, 28)), 0x08), idx_bytes(rng.integers(0, 10, 7), 0x08),
             idx_bytes(rng.standard_normal((2, 3)), 0x0D), idx_bytes(rng.integers(-9, 9, (4, 2)), 0x0B)]
    for good in goods:
        for compress in (False, True):
            for i in range(110):
                data = bytearray(gzip.compress(good) if compress else good)
                kind = i % 5
                if kind == 0:
                    data[int(rng.integers(len(data)))] ^= 1 << int(rng.integers(8))
                elif kind == 1:
                    data = data[:int(rng.integers(len(data)))]
                elif kind == 2:  # a dimension rewritten, then compressed again
                    raw = bytearray(good)
                    at = 4 + 4 * int(rng.integers(raw[3]))
                    raw[at:at + 4] = struct.pack(">I", int(rng.choice([0, 1, 2**16, 2**24, 2**31, 2**32 - 1])))
                    data = bytearray(gzip.compress(bytes(raw)) if compress else raw)
                elif kind == 3:  # header bytes: type code and dimension count
                    raw = bytearray(good)
                    raw[int(rng.integers(4))] = int(rng.integers(256))
                    data = bytearray(gzip.compress(bytes(raw)) if compress else raw)
                else:
                    data += bytes(rng.integers(0, 256, int(rng.integers(1, 9)), dtype=np.uint8))
                path.write_bytes(bytes(data))
                count += 1
                try:
                    datasets.load_idx(path)
                except ValueError as exc:
                    if type(exc) is not ValueError or str(path) not in str(exc):
                        failures.append((i, repr(exc)))
                except Exception as exc:  # noqa: BLE001
                    failures.append((i, f"{type(exc).__name__}: {exc}"))
    tally["idx"] = (count, 0, len(failures))
    assert not failures, failures[:10]


def test_mnist_files(tmp_path, tally):
    """Keras' mnist.npz and IDX folders, mutated: load_mnist loads or raises ValueError."""
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, (4, 28, 28), dtype=np.uint8)
    labels = np.array([1, 2, 3, 9], np.uint8)
    good = io.BytesIO()
    np.savez(good, x_test=images, y_test=labels)
    good = good.getvalue()
    variants = {
        "NaN pixel": {"x_test": np.where(np.arange(4 * 784).reshape(4, 28, 28) == 5, np.nan, images / 1.0)},
        "inf pixel": {"x_test": np.full((4, 28, 28), np.inf)}, "complex pixels": {"x_test": images + 0j},
        "text pixels": {"x_test": images.astype(str)}, "bool pixels": {"x_test": images > 9},
        "negative pixels": {"x_test": -images.astype(np.int16)}, "float labels": {"y_test": labels / 1.0},
        "labels 10": {"y_test": labels + 1}, "short labels": {"y_test": labels[:3]},
        "wrong image size": {"x_test": images[:, :27]}, "flat images": {"x_test": images.reshape(4, -1)},
        "no labels": {"y_test": None}, "no images": {"x_test": None},
    }
    count, failures = 0, []
    path = tmp_path / "mnist.npz"

    def attempt(label, data):
        nonlocal count
        count += 1
        path.write_bytes(data)
        try:
            datasets.load_mnist(path)
        except ValueError as exc:
            if path.name not in str(exc):
                failures.append((label, f"does not name the file: {exc}"))
        except Exception as exc:  # noqa: BLE001
            failures.append((label, f"{type(exc).__name__}: {exc}"))

    for label, change in variants.items():
        arrays = {"x_test": images, "y_test": labels, **change}
        attempt(label, _zip({f"{k}.npy": _npy(v) for k, v in arrays.items() if v is not None}))
    for i in range(150):
        data = bytearray(good)
        if i % 2:
            data[int(rng.integers(len(data)))] ^= 1 << int(rng.integers(8))
        else:
            data = data[:int(rng.integers(len(data)))]
        attempt(f"mutated {i}", bytes(data))
    for name, data in zip_header_variants(good).items():
        attempt(name, data)
    attempt("8 TB declared", _zip({"x_test.npy": npy_with_header((2**40, 28, 28), "|u1"), "y_test.npy": _npy(labels)}))
    tally["mnist"] = (count, 0, len(failures))
    assert not failures, failures[:10]


def _npy(array) -> bytes:
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()
