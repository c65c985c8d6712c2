"""The core must stay NumPy-only: importing it may never pull in Qt or pyqtgraph."""

import subprocess
import sys


def test_core_never_imports_qt():
    code = (
        "import sys, pkgutil, importlib, visualnet.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('visualnet.core.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6', 'PyQt5', 'PyQt6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"visualnet.core imported GUI modules: {out.stdout}"
