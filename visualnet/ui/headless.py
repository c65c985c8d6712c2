"""The CLI's offscreen bootstrap: a QApplication, a controller and one view or the main window.

Only ``visualnet.cli`` imports this module. It sits above the main window (it builds one), so keeping it
out of ``export.py`` keeps the export code below the app: app → file menu → export never loops back.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from visualnet.ui import export
from visualnet.ui.controller import Controller
from visualnet.ui.views import registry

SIZE = (1280, 800)


def _app() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication.instance() or QApplication([])


def _controller(session, steps: int) -> Controller:
    controller = Controller(session=session)
    if steps:
        controller.run_steps(steps)
    return controller


def _settle(app: QApplication):
    # a few event-loop turns: layouts settle and deferred first draws run before the widget is painted
    for _ in range(3):
        app.processEvents()


def export_view_headless(session, view_key: str, path, steps: int = 0, width: int = 1280):
    """Build one view offscreen for ``session`` after ``steps`` training steps and export it."""
    app = _app()
    available = registry.names()
    if view_key not in available:
        raise ValueError(f"the {view_key} view is not available; choose one of: {', '.join(available)}")
    controller = _controller(session, steps)
    view = registry.factory(view_key)(controller)
    view.resize(*SIZE)
    view.show()
    _settle(app)
    if hasattr(view, "wait_ready"):  # views computed in a worker (the landscape) finish first
        view.wait_ready()
    export.export(view, path, width)
    view.close()


def screenshot_headless(session, path, steps: int = 0):
    """The whole main window at 1280×800, offscreen."""
    app = _app()
    from visualnet.ui.app import MainWindow  # deferred: the window pulls in every view

    window = MainWindow(_controller(session, steps))
    window.resize(*SIZE)
    window.show()
    _settle(app)
    export.write_png(window.grab().toImage(), path)
    window.close()
