"""The app's side of the training process (:mod:`visualnet.core.playworker`): start it, talk to it, stop it.

One process per controller, started the first time fast play needs it and kept for the next play (starting
Python and NumPy again would cost a second). Messages are written by a thread of their own and replies are
read with a timeout, so a busy, starting or dead worker never freezes the window: the caller falls back to
training in its own process. A reader thread takes each reply off the pipe as it arrives: a conv net's frame
(its trace holds every feature map of the batch) is tens of megabytes, and reading it in the GUI thread
blocked the window for as long as the worker took to write it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import weakref

from visualnet import blas
from visualnet.core import playworker

START_TIMEOUT_S = 30.0  # starting Python, NumPy and the session in the new process (a loaded CI machine is slow)


class WorkerGone(Exception):
    """The training process failed or went away; the app trains by itself again."""


class TrainingProcess:
    def __init__(self):
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._connection, child = context.Pipe()
        self._process = context.Process(target=playworker.main, args=(child,), daemon=True,
                                        name="visualnet-training")
        unset = blas.set_training_threads()  # read by NumPy's import in the child
        try:
            self._process.start()
        except (OSError, RuntimeError) as exc:  # no processes left, or a script without a main guard
            self._connection.close()
            child.close()
            raise WorkerGone(f"it could not start: {exc}") from None
        finally:
            for name in unset:
                os.environ.pop(name, None)
        child.close()
        self._sender = playworker.Sender(self._connection)  # a large message never blocks the window
        self._replies: queue.Queue = queue.Queue()
        threading.Thread(target=_read, args=(self._connection, self._replies), daemon=True,
                         name="visualnet-training-replies").start()
        self._finalizer = weakref.finalize(self, _stop, self._connection, self._sender, self._process)

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def send(self, message):
        """Queue ``message`` for the process; it is written while this thread goes on."""
        if self._sender.ended.is_set():
            raise WorkerGone("the training process ended")
        self._sender.send(message)

    def receive(self, timeout: float):
        """The next reply, or None when none came within ``timeout`` seconds."""
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            if not self._process.is_alive():
                raise WorkerGone("the training process ended") from None
            return None
        if reply[0] == "gone":
            self._replies.put(reply)  # every later read is told too
            raise WorkerGone(reply[1])
        if reply[0] == "error":
            raise WorkerGone(reply[1])
        return reply

    def call(self, message, timeout: float = START_TIMEOUT_S):
        """Send and wait for the answer."""
        self.send(message)
        reply = self.receive(timeout)
        if reply is None:
            raise WorkerGone("the training process did not answer")
        return reply

    def stop(self):
        self._finalizer()


def _read(connection, replies: queue.Queue):
    """The reader thread: every reply onto ``replies`` whole, then ("gone", why) when the pipe ends. Plain
    Python only — it never touches Qt."""
    while True:
        try:
            replies.put(playworker.receive(connection))
        except (EOFError, OSError) as exc:
            replies.put(("gone", str(exc) or "the training process ended"))
            return


def _stop(connection, sender, process):
    sender.send(("stop",))  # after whatever is still queued: one writer, so messages never interleave
    sender.close()
    process.join(1.0)
    if process.is_alive():
        process.terminate()
    connection.close()
