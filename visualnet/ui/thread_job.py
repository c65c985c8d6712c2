"""Work off the GUI thread, where the thread never touches Qt.

A computation runs in a Python thread holding only plain Python objects: a cancel flag and an outbox (a
:class:`Run`). A timer of the job, on the GUI thread, empties the outbox and announces what it finds. Nothing
is emitted from the thread and no Qt object is referenced there, so a job that outlives its widget (a
lesson closed, a test ended) is cancelled with it and signals nobody: emitting on a QObject that the GUI
thread is deleting at the same moment crashed a test worker.
"""

from __future__ import annotations

import atexit
import sys
import threading
import traceback
from collections import deque

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from visualnet.core.errors import ConfigError
from visualnet.core.landscape import Cancelled

POLL_MS = 30  # how often the GUI looks into the outbox
PROGRESS_STEPS = 100  # progress reports per run of a ProgressJob, at most
REFUSED = (ConfigError, ValueError, ArithmeticError, MemoryError)  # said to the user; never kills the app


class Run:
    """One computation's side of the job: poll ``cancelled()``, ``post(item)`` what the GUI should hear."""

    def __init__(self):
        self._cancel = threading.Event()
        self._outbox = deque()
        self.outcome = None  # set last, after every post: ("finished", result, "") / (..., None, error) / ("cancelled",)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self, *_args):
        self._cancel.set()

    def post(self, item):
        self._outbox.append(item)

    def take(self) -> list:
        items = []
        while self._outbox:
            items.append(self._outbox.popleft())
        return items


# How long a thread may keep the GIL when another asks for it. The GUI thread releases it in every NumPy call
# and must win it back from a computing worker each time: at Python's 5 ms, a frame of ~100 such calls waited
# up to 50 ms while the MNIST landscape computed during play; at 1 ms, 35 ms.
SWITCH_INTERVAL_S = 0.001

_running: dict[threading.Thread, Run] = {}  # every job's thread, until it ends


def _work(run: Run, compute, previous: threading.Thread | None):
    """The thread's body, a plain function: the thread holds no reference to the QObject."""
    _running[threading.current_thread()] = run
    try:
        if previous is not None:
            previous.join()  # a superseded run winds down first, so two never compute at once
        outcome = ("cancelled",) if run.cancelled() else ("finished", compute(run), "")
    except Cancelled:
        outcome = ("cancelled",)
    except REFUSED as exc:
        outcome = ("finished", None, str(exc) or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 — a bug: printed and said, rather than a job that never ends
        traceback.print_exc()
        outcome = ("finished", None, f"{type(exc).__name__}: {exc}")
    finally:
        _running.pop(threading.current_thread(), None)
    run.outcome = outcome


@atexit.register
def _stop_all():
    """A job still running when Python shuts down would be cut off inside NumPy: stop them first."""
    for thread, run in list(_running.items()):
        run.cancel()
        thread.join(2.0)


class ThreadJob(QObject):
    """``start(compute)`` runs ``compute(run)`` in a thread; ``posted(item)`` for each ``run.post(item)``, then
    ``finished(result, "")``, ``finished(None, error text)`` for a refused computation, or ``cancelled()`` —
    always one of them, on the GUI thread. A new start cancels the running computation."""

    posted = Signal(object)
    finished = Signal(object, str)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._run: Run | None = None
        self._thread: threading.Thread | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._announce)
        self._canceller = canceller = _Canceller()
        # a closure, not the bound method: PySide holds a method's object weakly, and once this wrapper is
        # gone the canceller would be too, and the run would never hear that its job was deleted
        self.destroyed.connect(lambda *_: canceller.cancel())

    @property
    def running(self) -> bool:
        """True until the outcome of the latest start has been announced."""
        return self._run is not None

    def start(self, compute):
        self.cancel()
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._run = run = Run()
        self._canceller.run = run
        self._thread = threading.Thread(target=_work, args=(run, compute, self._thread), daemon=True,
                                        name="visualnet-job")
        self._thread.start()
        self._poll.start()

    def cancel(self):
        if self._run is not None:
            self._run.cancel()

    def shutdown(self, timeout_s: float | None = None) -> bool:
        """Cancel and wait for the thread to end; True when it has."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)
        return self._thread is None or not self._thread.is_alive()

    def wait(self, timeout_s: float) -> bool:
        """For tests and the CLI: wait at most ``timeout_s`` for the thread, then announce what it left; True when
        nothing runs any more."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._announce()
        return not self.running

    def _announce(self):
        run = self._run
        if run is None:
            self._poll.stop()
            return
        outcome = run.outcome  # read before taking the posts: every post came before it
        for item in run.take():
            if self._run is not run:
                return  # a receiver started another run
            self.posted.emit(item)
        if outcome is None or self._run is not run:
            return
        self._run = None
        self._poll.stop()
        if outcome[0] == "finished":
            self.finished.emit(*outcome[1:])
        else:
            self.cancelled.emit()


class _Canceller:
    """Reachable without the QObject, so ``destroyed`` can still cancel the run."""

    def __init__(self):
        self.run: Run | None = None

    def cancel(self, *_args):
        if self.run is not None:
            self.run.cancel()


class ProgressJob(QObject):
    """A long check or measurement with a progress bar: ``start(compute)`` runs ``compute(progress)``, where
    ``progress(done, total)`` reports and raises :class:`Cancelled` once the user cancelled. Then
    ``progress(done, total)`` signals, and exactly one of ``finished(result)``, ``cancelled()`` or
    ``failed(message)`` — all on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._job = ThreadJob(self)
        self._job.posted.connect(self._on_posted)  # bound methods, not lambdas: no cycle keeps a window alive
        self._job.finished.connect(self._on_finished)
        self._job.cancelled.connect(self.cancelled)

    @property
    def running(self) -> bool:
        return self._job.running

    def start(self, compute):
        """Run ``compute(progress)``; a running one is cancelled first."""
        def compute_quietly(run):
            with np.errstate(all="ignore"):  # overflow in a diverged network is a result here, not a warning
                return compute(_reporter(run))

        self._job.start(compute_quietly)

    def cancel(self):
        self._job.cancel()

    def wait(self, timeout_s: float) -> bool:
        return self._job.wait(timeout_s)

    def _on_posted(self, done_total):
        self.progress.emit(*done_total)

    def _on_finished(self, result, error: str):
        if error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)


def _reporter(run: Run):
    last = [-1]

    def progress(done: int, total: int):
        if run.cancelled():
            raise Cancelled("cancelled")
        step = max(1, total // PROGRESS_STEPS)
        if done // step != last[0] or done == total:
            last[0] = done // step
            run.post((done, total))

    return progress
