"""Time passing in GUI tests without waiting for it: fire a view's pending QTimer, or read a fake clock.

A view keeps its QTimer (debounce, throttle, play) for the app; a test checks that the timer is pending and
fires it, which runs exactly the slots the app's event loop would run when the interval is over.
"""

from PySide6.QtCore import QTimer


def fire(timer: QTimer):
    """The interval of a pending ``timer`` is over: run its timeout (a single-shot timer stops first, as in Qt)."""
    assert timer.isActive(), "nothing is scheduled on this timer"
    if timer.isSingleShot():
        timer.stop()
    timer.timeout.emit()


def elapse(*timers: QTimer) -> int:
    """Longer than every interval passes: fire each pending single-shot timer once; returns how many fired."""
    fired = [timer for timer in timers if timer.isActive()]
    for timer in fired:
        fire(timer)
    return len(fired)


class FakeClock:
    """Stands in for ``time.perf_counter``/``time.monotonic``: each reading advances by ``step`` seconds."""

    def __init__(self, start: float = 1000.0, step: float = 0.0):
        self.now = start
        self.step = step

    def __call__(self) -> float:
        now = self.now
        self.now += self.step
        return now

    def advance(self, seconds: float):
        self.now += seconds
