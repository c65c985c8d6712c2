"""How a view follows training: redrawn at most once per interval while shown, not at all while hidden.

Playing at "1000 steps / frame" announces a step many times a second; a view that redrew on each would
take the frame's whole budget. So a burst of steps gives one trailing redraw when the interval is over, and
a hidden tab only notes that it is stale and redraws when it is shown again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class Throttle(QObject):
    """``request()`` when the data changed; ``shown()`` from the view's ``showEvent``; ``timer`` for tests.
    The redraw is the view's method named ``redraw``, looked up at each call (a test may wrap it)."""

    def __init__(self, view: QWidget, redraw: str, interval_ms: int):
        super().__init__(view)  # the view is reached as the parent: no Python reference cycle to collect
        self._redraw_name = redraw
        self.stale = False  # something changed while the view was hidden
        self.timer = QTimer(self, singleShot=True, interval=interval_ms)
        self.timer.timeout.connect(self._on_timer)

    def request(self, *_args):
        """Redraw when the interval is over (a request while one is pending adds nothing), or on showing."""
        if not self.parent().isVisible():
            self.stale = True
        elif not self.timer.isActive():
            self.timer.start()

    def shown(self):
        """The view is shown again: a redraw missed while it was hidden happens now."""
        if self.stale:
            self.stale = False
            self._redraw()

    def _redraw(self):
        getattr(self.parent(), self._redraw_name)()

    def _on_timer(self):
        if self.parent().isVisible():
            self._redraw()
        else:
            self.stale = True
