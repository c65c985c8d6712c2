"""The app's main window as a GUI test opens it: on a controller, at 1280×800, shown and exposed."""

from visualnet.ui.app import MainWindow


def shown_window(qtbot, controller, size=(1280, 800)) -> MainWindow:
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
