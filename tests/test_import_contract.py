"""The core must stay NumPy-only: importing it may never pull in Qt or pyqtgraph. The import rules of
design.md hold (import-linter contracts in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_never_imports_qt():
    code = (
        "import sys, pkgutil, importlib, visualnet.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('visualnet.core.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6', 'PyQt5', 'PyQt6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"visualnet.core imported GUI modules: {out.stdout}"


def test_cli_parses_its_arguments_without_qt():
    code = (
        "import sys\n"
        "from visualnet import cli\n"
        "args = cli.build_parser().parse_args(['export', 'distributions', '-o', 'x.png'])\n"
        "assert args.view == 'distributions'\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"parsing the command line imported GUI modules: {out.stdout}"


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    out = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout[out.stdout.find("Broken contracts"):] or out.stderr
