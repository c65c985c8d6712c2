"""The debugger's gradient check, off the GUI thread: two loss evaluations per checked element take seconds
on MNIST, and the window must stay responsive (and the check cancellable) meanwhile.

The job gets a function of one argument, ``progress(done, total)``, that computes on copies only (the
caller clones the network and hands over an immutable trace), so the live session is never read from the
worker thread. The same pattern as :mod:`visualnet.ui.gradient_timing`.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from visualnet.core.errors import ConfigError

PROGRESS_STEPS = 100  # progress signals per run, at most


class Cancelled(Exception):
    """Raised inside the worker's progress callback when the user pressed Cancel."""


class CheckJob(QObject):
    """One check at a time; ``progress(done, total)``, then exactly one of ``finished(result)``,
    ``cancelled()`` or ``failed(message)``, announced on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    _outcome = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._outcome.connect(self._announce, Qt.QueuedConnection)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._stop = threading.Event()
        self.running = False

    def start(self, compute):
        """Run ``compute(progress)`` in the worker; a running check is cancelled first."""
        self.cancel()
        self._pool.waitForDone()
        self._stop = stop = threading.Event()
        self.running = True
        self._pool.start(lambda: self._run(compute, stop))

    def cancel(self):
        self._stop.set()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _run(self, compute, stop: threading.Event):
        last = [-1]

        def report(done, total):
            if stop.is_set():
                raise Cancelled
            step = max(1, total // PROGRESS_STEPS)
            if done // step != last[0] or done == total:
                last[0] = done // step
                self.progress.emit(done, total)

        try:
            with np.errstate(all="ignore"):
                result = compute(report)
        except Cancelled:
            self._outcome.emit("cancelled", stop)
        except (ConfigError, ValueError, ArithmeticError, MemoryError) as exc:  # said in the panel
            self._outcome.emit("failed", (stop, str(exc)))
        else:
            self._outcome.emit("finished", (stop, result))

    def _announce(self, kind: str, value):
        stop, value = (value, None) if kind == "cancelled" else value
        if stop is not self._stop:
            return  # a check that was replaced by a newer one
        self.running = False
        if kind == "cancelled":
            self.cancelled.emit()
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.finished.emit(value)
