import copy
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

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


# -- every field checked at load (issue 10, defects 5, 6 and 12) ---------------------------------------------

def good_parts(tmp_path):
    sessionfile.save(trained_session(23), tmp_path / "good.vnet", view={"tab": 1})
    with zipfile.ZipFile(tmp_path / "good.vnet") as z:
        manifest = json.loads(z.read("session.json"))
        with np.load(io.BytesIO(z.read("arrays.npz"))) as npz:
            arrays = {k: npz[k] for k in npz.files}
    return manifest, arrays


def write_session(path, manifest, arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("session.json", json.dumps(manifest))
        z.writestr("arrays.npz", buffer.getvalue())
    return path


def edited(manifest, path, value):
    out = copy.deepcopy(manifest)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


FIELD_CASES = {
    # the files that loaded and then broke Play (about 60 exceptions a second) or Save
    "history stride 0": (("history", "train_loss", "stride"), 0, "'history.train_loss.stride' must be an integer"),
    "history values short": (("history", "train_loss", "values"), [0.5], "equally many"),
    "history value None": (("history", "test_loss", "values", 0), None, "must be numbers"),
    "history value text": (("history", "train_loss", "values", 0), "0.5", "must be numbers"),
    "grad norms per layer short": (("history", "grad_norms", "values", 0), [0.1], "2 values per step"),
    "history over capacity": (("history", "train_loss", "capacity"), 5, "at most its capacity 5"),
    "history steps backwards": (("history", "train_loss", "steps", 0), 99, "increasing step numbers"),
    "unknown series": (("history", "weights"), {}, "unknown history series 'weights'"),
    "batch order short": (("batch_order",), list(range(10)), "not an order of the 140 training points"),
    "batch order repeats": (("batch_order",), [0] * 140, "not an order of the 140 training points"),
    "batch order floats": (("batch_order",), [0.5] * 140, "'batch_order' must be null or a list of row numbers"),
    "cursor negative": (("batch_cursor",), -1, "'batch_cursor' must be an integer from 0"),
    "cursor past the data": (("batch_cursor",), 141, "'batch_cursor' 141 lies beyond the 140 training points"),
    "step negative": (("step",), -3, "'step' must be an integer from 0"),
    "step a float": (("step",), 3.0, "'step' must be an integer"),
    "step NaN": (("step",), float("nan"), "'step' must be an integer"),
    "step overflows": (("step",), 2**70, "'step' must be an integer from 0 to"),
    "epoch text": (("epoch",), "3", "'epoch' must be an integer"),
    "view a list": (("view",), ["tab"], "'view' must be a dict"),
    "view nested": (("view", "tab"), {"index": [1]}, "'view.tab' must be a simple value"),
    "view NaN": (("view", "speed"), float("nan"), "'view.speed' must be a simple value"),
    "rng even increment": (("trainer_rng", "state", "inc"), 2, "must be odd"),
    "rng other generator": (("network_rng", "bit_generator"), "MT19937", "must be 'PCG64'"),
    "rng state negative": (("trainer_rng", "state", "state"), -1, "'trainer_rng.state.state' must be an integer"),
    "rng missing field": (("trainer_rng",), {"bit_generator": "PCG64"}, "missing key"),
    "optimizer of another kind": (("optimizer", "name"), "sgd", "the optimizer state was saved by 'sgd'"),
    "optimizer lr not the experiment's": (("optimizer", "hyperparams", "lr"), 0.5, "differ from the experiment's"),
    "optimizer hyperparameter junk": (("optimizer", "hyperparams", "betas"), "fast", "betas"),
    "optimizer step count negative": (("optimizer", "step_count"), -1, "'optimizer.step_count'"),
    "experiment null": (("experiment",), None, "'experiment' must be a dict"),
    "experiment seed 1.5": (("experiment", "seed"), 1.5, "seed"),
    "unknown field": (("weights",), [1, 2], "unknown field 'weights'"),
}


@pytest.mark.parametrize("label", list(FIELD_CASES))
def test_every_field_is_checked_at_load(tmp_path, label):
    manifest, arrays = good_parts(tmp_path)
    path, value, phrase = FIELD_CASES[label]
    bad = write_session(tmp_path / "bad.vnet", edited(manifest, path, value), arrays)
    with pytest.raises(sessionfile.SessionFileError) as err:
        sessionfile.load(bad)
    assert phrase in str(err.value) and "bad.vnet" in str(err.value), str(err.value)


def test_json_nested_1000_deep_and_other_unreadable_json(tmp_path):
    _, arrays = good_parts(tmp_path)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    for text, phrase in (("[" * 1000 + "]" * 1000, "nested"), ("[" * 100_000, "nested too deeply"),
                         (b"\xff\xfe{}", "not UTF-8"), ('{"step": 1' + "0" * 5000 + "}", "not valid JSON")):
        path = tmp_path / "deep.vnet"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("session.json", text)
            z.writestr("arrays.npz", buffer.getvalue())
        with pytest.raises(sessionfile.SessionFileError, match=phrase):
            sessionfile.load(path)


ARRAY_CASES = {
    "NaN weight": ("param/W1", lambda a: np.where(a == a.flat[0], np.nan, a), "NaN or infinite"),
    "infinite weight": ("param/b2", lambda a: a + np.inf, "NaN or infinite"),
    "1e308 weight": ("param/W2", lambda a: a * 0 + 1e308, "beyond the ±1e+150"),
    "complex weights": ("param/W1", lambda a: a + 1j, "only real numbers"),
    "text weights": ("param/W1", lambda a: a.astype(str), "only real numbers"),
    "integer weights": ("param/W1", lambda a: a.astype(np.int64), "must hold floating-point numbers"),
    "weights reshaped": ("param/W1", lambda a: a.reshape(-1), "does not match"),
    "negative running variance": ("buffer/running_var1", lambda a: a - 10, "negative value"),
    "optimizer state of the wrong shape": ("optimizer/W1/exp_avg", lambda a: a[:1], "does not match"),
    "negative squared average": ("optimizer/W2/exp_avg_sq", lambda a: a - 1, "negative value"),
    "step count a float": ("optimizer/W1/step", lambda a: a.astype(float), "one integer count"),
    "step count negative": ("optimizer/W1/step", lambda a: a * 0 - 1, "one integer count"),
}


@pytest.mark.parametrize("label", list(ARRAY_CASES))
def test_every_array_is_checked_at_load(tmp_path, label):
    manifest, arrays = good_parts(tmp_path)
    key, change, phrase = ARRAY_CASES[label]
    bad = write_session(tmp_path / "bad.vnet", manifest, {**arrays, key: change(arrays[key])})
    with pytest.raises(sessionfile.SessionFileError) as err:
        sessionfile.load(bad)
    assert phrase in str(err.value) and key.split("/")[1] in str(err.value), str(err.value)


def test_missing_or_extra_arrays_are_refused(tmp_path):
    manifest, arrays = good_parts(tmp_path)
    for changed, phrase in (({k: v for k, v in arrays.items() if k != "buffer/running_mean1"}, "statistics"),
                            ({**arrays, "optimizer/W1/velocity": arrays["param/W1"]}, "not kept by adam"),
                            ({**arrays, "optimizer/W7/exp_avg": arrays["param/W1"]}, "does not have"),
                            ({**arrays, "extra": arrays["param/W1"]}, "not part of a session file")):
        with pytest.raises(sessionfile.SessionFileError, match=phrase):
            sessionfile.load(write_session(tmp_path / "bad.vnet", manifest, changed))


def test_the_optimizer_slot_table_covers_what_each_optimizer_keeps():
    """sessionfile's table of optimizer state must know every slot the optimizers create."""
    from visualnet.core import optimizers

    for name in optimizers.names():
        extra = {"centered": True, "momentum": 0.5} if name == "rmsprop" else {}
        if name == "sgd":
            extra = {"momentum": 0.5}
        opt = optimizers.make(name, **extra)
        params = {"w": np.ones(3)}
        for _ in range(2):
            opt.update(params, {"w": np.full(3, 0.1)})
        assert set(opt.state["w"]) <= sessionfile.OPTIMIZER_SLOTS[name], name


def test_the_history_series_table_matches_what_the_trainer_records():
    s = Session({**EXPERIMENT, "schedule": {"name": "exponential"}})  # the lr is recorded while a schedule sets it
    s.trainer.run(20)
    for name, series in s.trainer.history.series().items():
        assert series.values, name
        assert isinstance(series.values[0], list) == (name in sessionfile.LIST_SERIES), name


def test_unreadable_paths_are_session_file_errors(tmp_path):
    os.mkfifo(tmp_path / "pipe.vnet")
    for path, phrase in ((tmp_path, "is a folder"), (Path("/dev/null"), "not a regular file"),
                         (tmp_path / "pipe.vnet", "not a regular file"),
                         (tmp_path / "nope" / "x.vnet", "does not exist")):
        with pytest.raises(sessionfile.SessionFileError, match=phrase):
            sessionfile.load(path)


def test_a_refused_load_leaves_the_callers_session_unchanged(tmp_path):
    manifest, arrays = good_parts(tmp_path)
    mine = trained_session(5)
    before = sessionfile.to_bytes(mine)
    bad = write_session(tmp_path / "bad.vnet", edited(manifest, ("batch_cursor",), -1), arrays)
    with pytest.raises(sessionfile.SessionFileError):
        sessionfile.load(bad)
    assert sessionfile.to_bytes(mine) == before


# -- saving like an editor (issue 10, defect 11) -------------------------------------------------------------

def test_saving_over_a_symlink_writes_through_to_its_target(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "run.vnet"
    target.write_bytes(b"old")
    link = tmp_path / "link.vnet"
    link.symlink_to(target)
    sessionfile.save(trained_session(2), link)
    assert link.is_symlink() and zipfile.is_zipfile(target)
    assert sorted(p.name for p in real.iterdir()) == ["run.vnet"]
    dangling = tmp_path / "dangling.vnet"
    dangling.symlink_to(real / "new.vnet")
    sessionfile.atomic_write_bytes(dangling, b"data")
    assert dangling.is_symlink() and (real / "new.vnet").read_bytes() == b"data"


def test_a_device_or_folder_is_refused_and_left_alone(tmp_path):
    null = Path("/dev/null")
    mode = null.stat().st_mode
    with pytest.raises(OSError, match="not a regular file") as err:
        sessionfile.atomic_write_bytes(null, b"data")
    assert err.value.filename == "/dev/null"
    link = tmp_path / "to-null.vnet"
    link.symlink_to(null)
    with pytest.raises(OSError, match="not a regular file") as err:
        sessionfile.save(trained_session(1), link)
    assert err.value.filename == str(link)
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_mode == mode
    assert not list(Path("/dev").glob(".null.*.tmp"))
    with pytest.raises(IsADirectoryError):
        sessionfile.atomic_write_bytes(tmp_path, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["to-null.vnet"]


def test_errors_name_the_users_path_not_the_temporary_file(tmp_path):
    path = tmp_path / "missing-folder" / "run.vnet"
    with pytest.raises(FileNotFoundError) as err:
        sessionfile.atomic_write_bytes(path, b"data")
    assert err.value.filename == str(path) and ".tmp" not in str(err.value)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def test_a_new_file_gets_the_umask_default_and_an_old_one_keeps_its_mode(tmp_path, umask):
    for mask, expected in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        umask(mask)
        path = tmp_path / f"new-{mask:o}.csv"
        sessionfile.atomic_write_bytes(path, b"a,b\n")
        assert stat.S_IMODE(path.stat().st_mode) == expected, oct(mask)
    umask(0o077)
    for mode in (0o640, 0o755, 0o600, 0o444):
        path = tmp_path / f"old-{mode:o}.vnet"
        path.write_bytes(b"old")
        path.chmod(mode)
        sessionfile.atomic_write_bytes(path, b"new")
        assert stat.S_IMODE(path.stat().st_mode) == mode and path.read_bytes() == b"new"


def test_stale_temporary_files_of_the_same_file_are_cleaned_up(tmp_path):
    path = tmp_path / "run.vnet"
    old, fresh = tmp_path / ".run.vnet.abcd1234.tmp", tmp_path / ".run.vnet.efgh5678.tmp"
    others = [tmp_path / ".run.vnet.notours.tmp", tmp_path / ".other.vnet.abcd1234.tmp", tmp_path / "run.vnet.tmp"]
    for p in (old, fresh, *others):
        p.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    for p in (old, *others):
        os.utime(p, (an_hour_ago, an_hour_ago))
    sessionfile.atomic_write_bytes(path, b"data")
    assert not old.exists() and fresh.exists() and all(p.exists() for p in others)


def test_a_save_killed_before_its_rename_is_cleaned_up_by_the_next_save(tmp_path):
    path = tmp_path / "run.vnet"
    path.write_bytes(b"old")
    child = ("import os, signal, sys\n"
             "from visualnet.core import sessionfile\n"
             "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
             "sessionfile.atomic_write_bytes(sys.argv[1], b'new')\n")
    done = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL
    left = [p for p in tmp_path.iterdir() if p.name != "run.vnet"]
    assert len(left) == 1 and left[0].name.startswith(".run.vnet.") and path.read_bytes() == b"old"
    an_hour_ago = time.time() - 3600
    os.utime(left[0], (an_hour_ago, an_hour_ago))
    sessionfile.save(trained_session(1), path)
    assert [p.name for p in tmp_path.iterdir()] == ["run.vnet"]
