"""A view's throttle: one trailing redraw per burst of changes while shown, none while hidden, one on showing."""

from PySide6.QtWidgets import QWidget

from tests.ui.timers import elapse, fire
from visualnet.ui.widgets.throttle import Throttle


class View(QWidget):
    def __init__(self):
        super().__init__()
        self.redraws = 0
        self.throttle = Throttle(self, "refresh", 33)

    def refresh(self):
        self.redraws += 1

    def showEvent(self, event):
        super().showEvent(event)
        self.throttle.shown()


def test_a_burst_while_shown_redraws_once_when_the_interval_is_over(qtbot):
    view = View()
    qtbot.addWidget(view)
    view.show()
    for _ in range(50):
        view.throttle.request()
    assert view.redraws == 0 and view.throttle.timer.isActive()
    fire(view.throttle.timer)
    assert view.redraws == 1 and elapse(view.throttle.timer) == 0  # nothing else pending


def test_a_hidden_view_redraws_once_when_shown_and_not_again(qtbot):
    view = View()
    qtbot.addWidget(view)
    for _ in range(5):
        view.throttle.request()
    assert view.redraws == 0 and not view.throttle.timer.isActive() and view.throttle.stale
    view.show()
    assert view.redraws == 1 and not view.throttle.stale
    view.hide()
    view.show()
    assert view.redraws == 1  # nothing changed meanwhile


def test_a_view_hidden_before_the_interval_ends_redraws_on_showing(qtbot):
    view = View()
    qtbot.addWidget(view)
    view.show()
    view.throttle.request()
    view.hide()
    fire(view.throttle.timer)
    assert view.redraws == 0 and view.throttle.stale
    view.show()
    assert view.redraws == 1
