"""Saving rendered views in tests: into the test's temp dir, and into $VN_SHOTS too when it is set
(for looking at them by hand)."""

import os
import shutil
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


def save_shot(widget, tmp_path, name, size=(1280, 800)):
    QApplication.processEvents()
    path = Path(tmp_path) / name
    assert widget.grab().save(str(path))
    if os.environ.get("VN_SHOTS"):
        Path(os.environ["VN_SHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["VN_SHOTS"]) / name)
    image = QImage(str(path))
    if size is not None:
        assert (image.width(), image.height()) == size
    return path
