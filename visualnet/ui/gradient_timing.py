"""Run ▸ "Time numerical gradient vs backprop", off the GUI thread and off the lesson.

The measurement runs on a clone of the network and a copy of the batch on screen (or the first
training points), so the live session stays byte-identical: no batch is drawn from the trainer, no
batch-norm statistic moves. The numerical gradient costs two loss evaluations per parameter — minutes
on MNIST — so it reports progress and stops when cancelled.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from visualnet.core.analysis import time_gradients

PROGRESS_STEPS = 200  # progress signals per run, at most: the GUI thread redraws the bar, not every element


class Cancelled(Exception):
    """Raised inside the worker's progress callback when the user pressed Cancel."""


class GradientTiming(QObject):
    """One measurement at a time; ``progress(done, total)``, then ``finished(result)``, ``cancelled()`` or
    ``failed(message)`` — always exactly one of the three, last."""

    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    _outcome = Signal(str, object)  # from the worker; re-emitted on the GUI thread (see __init__)

    def __init__(self, parent=None):
        super().__init__(parent)
        # Queued, so the outcome is announced by the GUI thread's event loop: whoever connects right after
        # start() still hears it, however fast the worker is.
        self._outcome.connect(self._announce, Qt.QueuedConnection)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._stop = threading.Event()

    def start(self, controller):
        """Measure on the traced batch of ``controller`` (or its first training points)."""
        trace, trainer = controller.trace, controller.trainer
        if trace is not None:
            x, t = np.array(trace.batch_x), np.array(trace.batch_t)
        else:
            n = trainer.batch_size
            x, t = np.array(trainer.x_train[:n]), np.array(trainer.t_train[:n])
        net = controller.net.clone()
        self._stop = stop = threading.Event()
        self._pool.start(lambda: self._run(net, x, t, stop))

    def cancel(self):
        self._stop.set()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _run(self, net, x, t, stop: threading.Event):
        every = max(1, sum(p.size for p in net.params.values()) // PROGRESS_STEPS)

        def report(done, total):
            if stop.is_set():
                raise Cancelled
            if done % every == 0 or done == total:
                self.progress.emit(done, total)

        try:
            with np.errstate(all="ignore"):
                result = time_gradients(net, x, t, progress=report)
        except Cancelled:
            self._outcome.emit("cancelled", None)
        except (ValueError, ArithmeticError, MemoryError) as exc:  # said in a dialog, never kills the app
            self._outcome.emit("failed", str(exc))
        else:
            result["batch"] = len(x)
            self._outcome.emit("finished", result)

    def _announce(self, kind: str, value):
        if kind == "cancelled":
            self.cancelled.emit()
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.finished.emit(value)
