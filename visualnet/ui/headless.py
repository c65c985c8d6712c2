"""The CLI's offscreen bootstrap: a QApplication, a controller and one view or the main window.

Only ``visualnet.cli`` imports this module. It sits above the main window (it builds one), so keeping it
out of ``export.py`` keeps the export code below the app: app → file menu → export never loops back.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from PySide6.QtCore import QEvent, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from visualnet.ui import export, i18n
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry

SIZE = (1280, 800)
# what the offscreen platform says about every shown window: nothing to act on, so not worth a stderr line
_IRRELEVANT = frozenset({"This plugin does not support propagateSizeHints()"})


def _qt_message(_mode, _context, message: str):
    if message not in _IRRELEVANT:
        sys.stderr.write(f"{message}\n")


def _app(language: str | None = None) -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication([])
    i18n.install(i18n.choose(language))
    return app


class _Offscreen:
    """One offscreen build: the controller after ``steps`` training steps, the widget built on it, and their
    deletion on the way out.

    Deletion: left for the interpreter's exit, PySide deletes the remaining wrappers one by one in no fixed
    order; a pyqtgraph item of the main window could be destroyed inside its parent item's destructor, which
    then called a Python override on a half-deleted object — ``visualnet screenshot`` died with SIGSEGV (exit
    139) after writing its file, about three runs in four. Deleting the widget here, while Python and the
    QApplication are whole, lets Qt tear the tree down from the top, as it was built. The widget is hidden,
    not closed: the main window's ``closeEvent`` would save its geometry into the user's settings.

    Ctrl+C: while Qt runs the show, a ``KeyboardInterrupt`` raised inside a slot is printed as a traceback
    and swallowed by PySide (the export then carried on). So SIGINT only raises a flag (and cancels a view's worker job); :meth:`proceed`
    turns the flag into ``KeyboardInterrupt`` before the file is written, back in plain Python.
    """

    def __init__(self, session, steps: int, language: str | None = None):
        self.app = _app(language)
        self.controller = Controller(session=session)
        if steps:
            self.controller.run_steps(steps)
        self.widget = None
        self.interrupted = False
        self._previous_sigint = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous_sigint = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *_exc):
        if self._previous_sigint is not None:
            signal.signal(signal.SIGINT, self._previous_sigint)
        if self.widget is not None:
            worker = getattr(self.widget, "worker", None)
            if worker is not None:  # a view with a worker thread (the landscape): end its job first
                worker.shutdown()
            self.widget.hide()
            self.widget.deleteLater()
        self.controller.pause()
        self.controller.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return False

    def _on_sigint(self, _signum, _frame):
        self.interrupted = True
        worker = getattr(self.widget, "worker", None)
        if worker is not None:  # the job stops at its next chunk, and the wait for it ends
            worker.cancel()

    def show(self, widget):
        self.widget = widget
        widget.resize(*SIZE)
        widget.show()
        # a few event-loop turns: layouts settle and deferred first draws run before the widget is painted
        for _ in range(3):
            self.app.processEvents()
        self.proceed()

    def proceed(self):
        """Raise ``KeyboardInterrupt`` here, outside Qt's slots, if Ctrl+C was pressed meanwhile."""
        if self.interrupted:
            raise KeyboardInterrupt


def export_view_headless(session, view_key: str, path, steps: int = 0, width: int = 1280, language=None):
    """Build one view offscreen for ``session`` after ``steps`` training steps and export it, in ``language``
    (None: $VISUALNET_LANG, else the system's)."""
    available = registry.names()
    if view_key not in available:
        raise ValueError(f"the {view_key} view is not available; choose one of: {', '.join(available)}")
    with _Offscreen(session, steps, language) as offscreen:
        view = registry.factory(view_key)(offscreen.controller)
        offscreen.show(view)
        if hasattr(view, "wait_ready"):  # views computed in a worker (the landscape) finish first
            # in short waits: one long wait missed a job whose `finished` was posted just before the wait
            # began listening, and sat out its whole 30 s timeout (about one run in twenty-five)
            while not view.wait_ready(timeout_ms=100):
                offscreen.proceed()
            offscreen.proceed()
        export.export(view, path, width)


def screenshot_headless(session, path, steps: int = 0, language=None):
    """The whole main window at 1280×800, offscreen, in ``language`` (None: $VISUALNET_LANG, else the
    system's)."""
    from visualnet.ui.app import MainWindow  # deferred: the window pulls in every view

    with _Offscreen(session, steps, language) as offscreen:
        window = MainWindow(offscreen.controller)
        offscreen.show(window)
        image = window.grab().toImage()
        offscreen.proceed()
        export.write_png(image, path)
