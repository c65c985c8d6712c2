"""Before Qt starts: the system libraries its Linux (xcb) platform plugin needs, and a display to open.

Without them Qt aborts the whole process with a long message ("xcb-cursor0 or libxcb-cursor0 is needed
to load the Qt xcb platform plugin", "could not connect to display"). Checked first, they become one
line that says which Debian/Ubuntu packages to install. This module must not import Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys

# library Qt's xcb plugin loads → the Debian/Ubuntu package that provides it
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
APT_LINE = "sudo apt install " + " ".join(XCB_LIBRARIES.values())  # the README names the same line


class DisplayUnavailable(OSError):
    """Qt could not open a window here; the message says what to install or where to run."""


def loadable(soname: str) -> bool:
    """Whether the dynamic linker finds ``soname`` (what Qt's plugin will ask it for)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    """Qt picks its xcb plugin on Linux unless told otherwise or running in a Wayland session."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def problem(environ=os.environ, platform: str = sys.platform, found=loadable) -> str | None:
    """One sentence with the fix, or None when Qt can start its window here."""
    if not uses_xcb(environ, platform):
        return None
    missing = [package for soname, package in XCB_LIBRARIES.items() if not found(soname)]
    if missing:
        which = f"the system library {missing[0]} is" if len(missing) == 1 else \
            f"the system libraries {', '.join(missing)} are"
        return (f"Qt cannot open a window: {which} missing. "
                f"Install them with: sudo apt install {' '.join(missing)}")
    if not environ.get("DISPLAY"):
        return ("Qt cannot open a window: no display (DISPLAY is not set). Run visualnet in a desktop session; "
                "the export and screenshot commands work without one.")
    return None


def require_display():
    """Raise :class:`DisplayUnavailable` (one line with the fix) instead of letting Qt abort the process."""
    message = problem()
    if message is not None:
        raise DisplayUnavailable(message)
