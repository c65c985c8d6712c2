import gc
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# GUI tests run without a screen; set before any Qt import. The offscreen screen is 1920×1080 (Qt's default is
# 800×800), so full-screen presentation mode is measured at a projector's size.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('screen_1920x1080.json')}"
# One BLAS thread, set before NumPy loads: on a machine whose cores are busy, OpenBLAS's spinning threads made
# the MNIST test 7× slower (108 s instead of 16 s with two busy loops on two cores); idle it costs ~1 s.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

# Nothing a test does reaches the user's settings or files (recent files, autosave): before Qt starts, $HOME
# and the XDG folders point into a sandbox made for this run (subprocesses such as the CLI inherit them),
# Qt's standard paths are in test mode and QSettings writes into the sandbox.
REAL_HOME = Path.home()
REAL_CONFIG_HOME = Path(os.environ.get("XDG_CONFIG_HOME") or REAL_HOME / ".config")
REAL_DATA_HOME = Path(os.environ.get("XDG_DATA_HOME") or REAL_HOME / ".local" / "share")
SANDBOX = Path(tempfile.mkdtemp(prefix="visualnet-tests-"))
SETTINGS_DIR = SANDBOX / "settings"
for variable, folder in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                         ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
    (SANDBOX / folder).mkdir()
    os.environ[variable] = str(SANDBOX / folder)

from PySide6.QtCore import QSettings, QStandardPaths  # after the environment above

QStandardPaths.setTestModeEnabled(True)
for settings_format in (QSettings.NativeFormat, QSettings.IniFormat):
    QSettings.setPath(settings_format, QSettings.UserScope, str(SETTINGS_DIR))


# Python's cycle collector runs between tests, on the main thread, as the app's own process runs it on its GUI
# thread (ui/gui_gc.py). Left automatic, a collection starts in whichever thread happens to allocate —
# pytest-xdist's message thread, a job's worker thread, the training process's reply reader — and can delete a
# closed test's pyqtgraph items there while the GUI thread paints: segfaults in pyqtgraph's paintEvent in
# test_gradients_view under load. Not inside a test's event loop either (a GUI timer's collection met
# half-dead windows in test_export): after each test, once its widgets are closed.
gc.disable()


@pytest.fixture(autouse=True)
def collect_between_tests():
    yield
    gc.disable()  # again: a test of the app's collector switches automatic collection back on when it ends
    thresholds, counts = gc.get_threshold(), gc.get_count()
    if counts[0] > thresholds[0]:  # what Python would have collected by now, the generation it would have chosen
        gc.collect(2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0)


def pytest_unconfigure(config):
    shutil.rmtree(SANDBOX, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_settings():
    """Every test starts as a first run: no saved settings, no autosave, nothing in the app's data folders."""
    for path in sorted(SETTINGS_DIR.rglob("*")):
        if path.suffix in (".conf", ".ini"):
            stored = QSettings(str(path), QSettings.IniFormat)
            stored.clear()
            stored.sync()
    for location in (QStandardPaths.AppDataLocation, QStandardPaths.AppLocalDataLocation,
                     QStandardPaths.GenericDataLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).resolve().is_relative_to(SANDBOX.resolve()):
            shutil.rmtree(folder, ignore_errors=True)
    yield


MNIST_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mnist"


@pytest.fixture
def mnist_dir():
    if not (MNIST_DIR / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip("../shared/data/mnist is not present")
    return MNIST_DIR


@pytest.fixture
def sandbox():
    """The folder that stands in for $HOME, the XDG folders and QSettings during this run."""
    return SANDBOX


@pytest.fixture
def user_folders():
    """Where the app would keep the user's settings and files without the sandbox."""
    return [REAL_CONFIG_HOME / "visualnet", REAL_DATA_HOME / "visualnet", REAL_HOME / ".visualnet",
            REAL_HOME / ".qttest"]
