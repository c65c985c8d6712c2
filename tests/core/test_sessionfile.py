import json
import zipfile

import numpy as np
import pytest

from visualnet.core import sessionfile
from visualnet.core.session import Session

EXPERIMENT = {
    "dataset": {"name": "spiral", "n": 200, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
    "network": {"layers": [{"units": 5, "activation": "tanh", "batch_norm": True, "dropout": 0.1},
                           {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 3},
    "optimizer": {"name": "adam", "lr": 0.02},
    "batch_size": 16,
}


def trained_session(steps=37):
    s = Session(EXPERIMENT)
    s.trainer.run(steps)
    return s


def test_save_load_round_trips_exactly_and_training_continues_identically(tmp_path):
    a = trained_session()
    path = tmp_path / "run.vnet"
    sessionfile.save(a, path, view={"tab": "network"})
    b, view = sessionfile.load(path)
    assert view == {"tab": "network"}
    assert b.trainer.step_count == a.trainer.step_count == 37
    for k in a.net.params:
        np.testing.assert_array_equal(a.net.params[k], b.net.params[k])
    for k, slots in a.optimizer.state.items():
        for slot, value in slots.items():
            np.testing.assert_array_equal(np.asarray(value), np.asarray(b.optimizer.state[k][slot]))
    assert a.trainer.history.train_loss.values == b.trainer.history.train_loss.values
    a.trainer.run(25)
    b.trainer.run(25)
    for k in a.net.params:
        np.testing.assert_array_equal(a.net.params[k], b.net.params[k])


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    a = trained_session(3)
    path = tmp_path / "run.vnet"
    path.write_bytes(b"old contents")
    sessionfile.save(a, path)
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.vnet"]


def corrupt_variants(good: bytes, tmp_path):
    with zipfile.ZipFile(tmp_path / "good.vnet") as z:
        manifest = json.loads(z.read("session.json"))
        arrays = z.read("arrays.npz")

    def rezip(name, manifest_text, arrays_bytes=arrays):
        p = tmp_path / name
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("session.json", manifest_text)
            z.writestr("arrays.npz", arrays_bytes)
        return p

    truncated = tmp_path / "truncated.vnet"
    truncated.write_bytes(good[: len(good) // 2])
    garbage = tmp_path / "garbage.vnet"
    garbage.write_bytes(b"not a zip at all")
    return {
        "truncated": (truncated, "corrupt or truncated"),
        "garbage": (garbage, "corrupt or truncated"),
        "wrong version": (rezip("v9.vnet", json.dumps({**manifest, "version": 9})), "version 9"),
        "wrong format": (rezip("fmt.vnet", json.dumps({**manifest, "format": "other"})), "not a visualnet"),
        "bad json": (rezip("json.vnet", "{not json"), "corrupt"),
        "bad arrays": (rezip("arrays.vnet", json.dumps(manifest), b"garbage"), "corrupt"),
        "missing key": (rezip("key.vnet", json.dumps({k: v for k, v in manifest.items() if k != "step"})),
                        "missing 'step'"),
        "wrong weights": (rezip("arch.vnet", json.dumps({**manifest, "experiment": {
            **manifest["experiment"], "network": {**manifest["experiment"]["network"], "layers": [
                {"units": 9, "activation": "relu"}, {"units": 1, "activation": "sigmoid"}]}}})), "do not match"),
        "missing file": (tmp_path / "nope.vnet", "does not exist"),
    }


def test_corrupt_files_give_clear_errors(tmp_path):
    a = trained_session(3)
    sessionfile.save(a, tmp_path / "good.vnet")
    good = (tmp_path / "good.vnet").read_bytes()
    for label, (path, phrase) in corrupt_variants(good, tmp_path).items():
        with pytest.raises(sessionfile.SessionFileError) as err:
            sessionfile.load(path)
        assert phrase in str(err.value), (label, str(err.value))
