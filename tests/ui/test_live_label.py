"""A label whose text changes every frame repaints itself, not the window: no layout request leaves its box."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from visualnet.ui.widgets.live_label import LiveBox

from .timers import fire


class LayoutRequests(QObject):
    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.LayoutRequest:
            self.count += 1
        return False


def test_new_texts_never_relayout_the_parent_and_a_new_font_refits_the_height(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("step 1")
    box = LiveBox(label, lines=2)
    QVBoxLayout(window).addWidget(box)
    window.resize(400, 200)
    window.show()
    QApplication.processEvents()
    requests = LayoutRequests(window)
    height = box.height()
    for n in range(2, 40):
        label.setText("step " + "9" * n)  # longer and longer: a plain QLabel would change its size hint
        QApplication.processEvents()
    assert requests.count == 0
    assert label.geometry() == box.rect() and box.width() > 0.9 * window.width()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert box.height() > 1.7 * height


def test_the_step_caption_and_the_status_line_relayout_nothing_while_playing(qtbot):
    from visualnet.ui.app import MainWindow
    from visualnet.ui.controller import Controller

    window = MainWindow(Controller())
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    view, c = window.views["network"], window.controller
    c.use_worker = False
    c.play()  # the play button's new text relayouts the tool bar once
    c.tick()
    QApplication.processEvents()
    requests = [LayoutRequests(w) for w in (window, view, window.statusBar())]
    for _ in range(3):
        caption, status = view.caption_label.text(), window.status_label.text()
        fire(c.timer)
        QApplication.processEvents()
        assert view.caption_label.text() != caption and window.status_label.text() != status
    c.pause()
    assert [r.count for r in requests] == [0, 0, 0]
