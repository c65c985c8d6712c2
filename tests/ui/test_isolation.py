"""The suite never touches the user's settings or files: QSettings and Qt's standard paths live in a sandbox
made for the run (tests/conftest.py), and every test starts with empty settings."""

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from visualnet.ui import file_menu
from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller


def listing(folder: Path):
    """Every entry under ``folder`` with its size and modification time; None when it does not exist."""
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in [folder, *folder.rglob("*")]}


def inside(path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_saving_a_session_and_quitting_stay_in_the_sandbox(qtbot, tmp_path, sandbox, user_folders):
    before = {folder: listing(folder) for folder in user_folders}
    window = MainWindow(Controller())
    qtbot.addWidget(window)
    window.controller.run_steps(3)
    path = tmp_path / "lesson.vnet"
    assert window.file_menu.save_to(path)  # the File menu's path: it records a recent file
    window.file_menu.mark_clean_exit()  # a normal quit: autosave and the clean-exit flag
    stored = file_menu.settings()
    stored.sync()
    assert str(path) in stored.value("recent") and stored.value("clean_exit") == "true"
    assert inside(stored.fileName(), sandbox) and Path(stored.fileName()).exists()
    assert inside(QSettings().fileName(), sandbox)
    assert inside(file_menu.autosave_path(), sandbox) and file_menu.autosave_path().exists()
    assert inside(QStandardPaths.writableLocation(QStandardPaths.GenericConfigLocation), sandbox)
    assert {folder: listing(folder) for folder in user_folders} == before


def test_every_test_starts_with_empty_settings_and_no_autosave():
    assert file_menu.settings().allKeys() == []  # the test above left a recent file and a flag
    assert not file_menu.autosave_path().exists()
