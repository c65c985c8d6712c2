"""One computation at a time in a Python thread, its outcome announced on the GUI thread.

The thread never touches Qt: it leaves its outcome in an attribute, and a timer of this object announces it,
so a run that outlives its widget (a lesson closed, a test ended) is cancelled with it and signals nobody.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled

POLL_MS = 30  # how often the GUI looks for the thread's outcome


class ThreadJob(QObject):
    """``start(compute)`` runs ``compute(should_cancel)``; then ``finished(result, "")``, ``finished(None, error
    text)`` for a refused computation, or ``cancelled()`` — always one of them, on the GUI thread."""

    finished = Signal(object, str)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread = None
        self._cancel = threading.Event()
        self._outcome = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._announce)
        self.destroyed.connect(self._cancel.set)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, compute):
        """Run ``compute(should_cancel)`` (a running computation is cancelled and waited for first)."""
        self.shutdown()
        self._cancel.clear()
        self._outcome = None
        self._thread = threading.Thread(target=self._run, args=(compute,), daemon=True)
        self._thread.start()
        self._poll.start()

    def _run(self, compute):
        try:
            self._outcome = ("finished", compute(self._cancel.is_set), "")
        except Cancelled:
            self._outcome = ("cancelled",)
        except (ConfigError, ValueError, FloatingPointError) as exc:
            self._outcome = ("finished", None, str(exc))

    def cancel(self):
        self._cancel.set()

    def shutdown(self):
        self.cancel()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wait(self, timeout_s: float) -> bool:
        """For tests and the CLI: True when nothing runs (any more) after at most ``timeout_s``; the outcome is
        announced before this returns."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._announce()
        return not self.running

    def _announce(self):
        if self.running or self._outcome is None:
            return
        self._poll.stop()
        outcome, self._outcome = self._outcome, None
        if outcome[0] == "finished":
            self.finished.emit(*outcome[1:])
        else:
            self.cancelled.emit()
