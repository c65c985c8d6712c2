"""A fresh Linux box without Qt's xcb libraries gets one line with the fix, never Qt's abort."""

import subprocess
import sys

from visualnet.ui import system_check

LINUX_X11 = {"DISPLAY": ":0"}


def test_missing_xcb_cursor_is_named_with_the_apt_line():
    message = system_check.problem(LINUX_X11, "linux", found=lambda name: name != "libxcb-cursor.so.0")
    assert message is not None and "libxcb-cursor0" in message
    assert "sudo apt install libxcb-cursor0" in message and "\n" not in message
    assert "the system library libxcb-cursor0 is missing" in message
    several = system_check.problem(LINUX_X11, "linux", found=lambda name: "cursor" not in name and "icccm" not in name)
    assert "libraries libxcb-icccm4, libxcb-cursor0 are missing" in several or \
        "libraries libxcb-cursor0, libxcb-icccm4 are missing" in several


def test_nothing_to_say_when_everything_is_there_or_qt_is_not_on_xcb():
    assert system_check.problem(LINUX_X11, "linux", found=lambda name: True) is None
    missing = lambda name: False  # every library missing, yet none is needed here
    assert system_check.problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", found=missing) is None
    assert system_check.problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", found=missing) is None
    assert system_check.problem({}, "darwin", found=missing) is None
    assert system_check.problem({}, "win32", found=missing) is None


def test_no_display_is_said_plainly():
    message = system_check.problem({}, "linux", found=lambda name: True)
    assert "no display" in message


def test_the_readme_names_the_same_packages():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert system_check.APT_LINE in readme


def test_the_app_refuses_in_one_line_before_qt_starts(tmp_path):
    """A subprocess where the xcb-cursor library cannot be found: exit 2, one error line, no Qt abort."""
    script = (
        "import sys, os\n"
        "from visualnet.ui import system_check\n"
        "real = system_check.loadable\n"
        "system_check.loadable = lambda name: name != 'libxcb-cursor.so.0' and real(name)\n"
        "system_check.problem.__defaults__ = (os.environ, sys.platform, system_check.loadable)\n"
        "from visualnet import cli\n"
        "sys.exit(cli.main([]))\n")
    env = {"PATH": "/usr/bin:/bin", "DISPLAY": ":99", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and lines[0].startswith("visualnet: error:") and "libxcb-cursor0" in lines[0]
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr
