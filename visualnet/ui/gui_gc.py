"""Python's cycle collector runs on the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate — a worker thread computing a
landscape or checking gradients — and may delete a Qt object there, which Qt does not survive. pyqtgraph's
``GarbageCollector`` turns automatic collection off and collects on a GUI timer instead, with Python's own
thresholds.
"""

from __future__ import annotations

import gc

from pyqtgraph.util.garbage_collector import GarbageCollector

INTERVAL_S = 1.0

_collector: GarbageCollector | None = None


def install() -> GarbageCollector:
    """Collect on the GUI thread from now on (needs the QApplication; a second call changes nothing)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=INTERVAL_S)
    return _collector


def uninstall():
    """Automatic collection again (a test that installed the collector leaves its process as it found it)."""
    global _collector
    if _collector is not None:
        _collector.timer.stop()
        _collector = None
        gc.enable()
