"""The main window: toolbar, settings dock, inspector dock, view tabs, divergence banner, status bar."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.ui import system_check
from visualnet.ui.controller import DEFAULT_SPEED, SPEEDS, Controller
from visualnet.ui.gradient_timing import GradientTiming
from visualnet.ui.widgets.banner import Banner

PRESENTATION_SCALE = 1.4  # 9 pt (12 px) text becomes 12.6 pt (16.8 px)


class LazyViews(Mapping):
    """The window's views by key, in tab order; each is made by ``build(key)`` the first time it is needed."""

    def __init__(self, keys, build):
        self._keys, self._build, self._made = tuple(keys), build, {}

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._made:
            self._made[key] = self._build(key)
        return self._made[key]

    def __contains__(self, key):
        return key in self._keys

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def built(self) -> dict:
        return dict(self._made)


class MainWindow(QMainWindow):
    """Wires the controller to the views. Views are created here and only talk to the controller."""

    def __init__(self, controller: Controller | None = None):
        super().__init__()
        self.controller = controller or Controller()
        self.setWindowTitle("visualnet — see the network learn")
        self.resize(1280, 800)
        self._normal_font = None
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        c = self.controller
        self.status_label = QLabel()  # where the lesson is; notices come and go on top of it
        self.statusBar().addWidget(self.status_label, 1)
        c.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        for signal in (c.stepped, c.reset, c.configChanged, c.sampleChanged):
            signal.connect(self._update_status)
        c.playingChanged.connect(self._on_playing_changed)
        self.views["network"]  # the first tab: shown at once
        self._update_status()

    # -- layout ---------------------------------------------------------------------------------

    def _build_central(self):
        from visualnet.ui.views import registry

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        c = self.controller
        self.banner = Banner("error", self.tr("Reset network"), c.reset_network, closable=False)
        self.banner.button.setToolTip(self.tr("Start again from fresh weights (the learning rate stays as you "
                                              "set it)."))
        c.diverged.connect(lambda message: self.banner.show_message(
            self.tr("⚠ {message} The last finite weights were kept; lower the learning rate or reset.").format(
                message=message)))
        c.divergenceCleared.connect(self.banner.hide)
        self.warning_banner = Banner("warning")
        c.warningChanged.connect(lambda text: self.warning_banner.show_message(f"⚠ {text}") if text
                                 else self.warning_banner.hide())
        self.lesson_banner = Banner("lesson")
        for banner in (self.banner, self.warning_banner, self.lesson_banner):
            layout.addWidget(banner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._tab_keys = registry.names()
        for key, title, _target in registry.VIEWS:
            self.tabs.addTab(QWidget(), title)  # a placeholder until the tab is first shown
        self.views = LazyViews(self._tab_keys, self._build_view)
        self.tabs.currentChanged.connect(lambda index: self.views[self._tab_keys[index]])
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_view(self, key: str) -> QWidget:
        """Make a view the first time its tab is shown (or it is asked for): a window opens in a third of the
        time, and a tab never opened costs nothing while training."""
        from visualnet.ui.views import registry

        view = registry.factory(key)(self.controller)
        index = self._tab_keys.index(key)
        placeholder, current = self.tabs.widget(index), self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, view, self.tabs.tr(registry.VIEWS[index][1]))
            self.tabs.setCurrentIndex(current)
        placeholder.deleteLater()
        action = QAction(self.tr("Export…"), view)
        action.setToolTip(self.tr("Save this view as PNG, SVG or CSV."))
        action.triggered.connect(lambda: self.file_menu.export_current())
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        if self._normal_font is not None:  # made during presentation mode: its lines follow suit
            from visualnet.ui.theme import scale_line_widths

            scale_line_widths(view, 1.6)
        if key == "network":
            view.selectionChanged.connect(lambda selection: self.inspector.show_selection(selection))
            self.inspector.selectionRequested.connect(view.select)
        return view

    def _build_docks(self):
        from visualnet.ui.widgets.inspector import Inspector
        from visualnet.ui.widgets.settings_panel import SettingsPanel

        self.settings = SettingsPanel(self.controller)
        dock = QDockWidget("Experiment", self)
        dock.setObjectName("experimentDock")
        dock.setWidget(self.settings)
        self.addDockWidget(Qt.LeftDockWidgetArea, dock)
        self.settings_dock = dock
        self.inspector = Inspector(self.controller)
        dock = QDockWidget("Inspector", self)
        dock.setObjectName("inspectorDock")
        dock.setWidget(self.inspector)
        self.addDockWidget(Qt.RightDockWidgetArea, dock)
        self.inspector_dock = dock
        self.resizeDocks([self.settings_dock, self.inspector_dock], [290, 280], Qt.Horizontal)

    def _action(self, text, shortcut, tip, slot, checkable=False):
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self):
        c = self.controller
        self.play_action = self._action("▶ Play", "Space", "Play or pause training at the chosen speed.",
                                        c.toggle_play)
        self.back_action = self._action("◀ Back", "Left", "Step back exactly one event of the traced step.",
                                        c.substep_back)
        self.substep_action = self._action("Event ▶", "Right",
                                           "Advance one event: a layer forward, the loss, a layer backward, "
                                           "an update.", c.substep)
        self.step_action = self._action("Step ▶▶", "Shift+Right",
                                        "One whole training step: forward, loss, backward and update.",
                                        c.train_step)
        self.reset_action = self._action("⟲ Reset", "R", "New random weights from the seed; the data stays.",
                                         c.reset_network)
        self.quit_action = self._action("Quit", "Ctrl+Q", "Close visualnet.", self.close)

    def _build_menus_and_toolbar(self):
        from visualnet.ui.file_menu import FileMenu

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.file_menu = FileMenu(self, file_menu)
        file_menu.addAction(self.quit_action)
        run_menu = menu.addMenu("&Run")
        for a in (self.play_action, self.substep_action, self.step_action, self.back_action, self.reset_action):
            run_menu.addAction(a)
        run_menu.addSeparator()
        run_menu.addAction(self._action("Time numerical gradient vs backprop", "",
                                        "Compute the gradient both ways on one batch and compare time and values.",
                                        self.time_gradients))
        view_menu = menu.addMenu("&View")
        for dock, tip in ((self.settings_dock, "Show or hide the experiment settings."),
                          (self.inspector_dock, "Show or hide the inspector of the clicked node or edge.")):
            toggle = dock.toggleViewAction()
            toggle.setToolTip(tip)
            toggle.setStatusTip(tip)
            view_menu.addAction(toggle)
        view_menu.addSeparator()
        self.presentation_action = self._action("Presentation mode", "F11",
                                                "Full screen with larger fonts, for a projector.",
                                                self.set_presentation, checkable=True)
        self.hide_controls_action = self._action("Hide controls", "Ctrl+H",
                                                 "Hide the docks and toolbar so only the views show.",
                                                 self.set_controls_hidden, checkable=True)
        self.dark_action = self._action("Dark theme", "", "Switch between the light and the dark colour theme.",
                                        self.set_dark, checkable=True)
        for a in (self.presentation_action, self.hide_controls_action, self.dark_action):
            view_menu.addAction(a)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("Keyboard shortcuts", "F1", "List the keyboard shortcuts.",
                                         self._show_shortcuts))

        bar = self.addToolBar("Playback")
        bar.setObjectName("playbackToolbar")
        self.playback_bar = bar
        for a in (self.play_action, self.back_action, self.substep_action, self.step_action, self.reset_action):
            bar.addAction(a)
        bar.addSeparator()
        bar.addWidget(QLabel(" Speed "))
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(DEFAULT_SPEED)
        self.speed_slider.setFixedWidth(180)
        self.speed_slider.setToolTip("Playback speed: from slow motion (one event at a time) to 1000 "
                                     "training steps per frame.")
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        bar.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(190)
        bar.addWidget(self.speed_label)
        self._on_speed_changed(DEFAULT_SPEED)

    # -- classroom ------------------------------------------------------------------------------

    def set_presentation(self, on: bool):
        """Full screen for a projector: every text 1.4× larger (≥ 16 px at 1920×1080), lines ≥ 2 px, the docks
        widened to fit their labels, and the graph free to fill the width."""
        from visualnet.ui.theme import scale_line_widths, scale_text
        from visualnet.ui.widgets import plotting

        app = QApplication.instance()
        if on == (self._normal_font is not None):
            self.presentation_action.setChecked(on)
            return
        factor = PRESENTATION_SCALE if on else 1 / PRESENTATION_SCALE
        if on:
            self._normal_font = app.font()
            big = app.font()
            big.setPointSizeF(big.pointSizeF() * PRESENTATION_SCALE)
            plotting.TEXT_SCALE = PRESENTATION_SCALE
            app.setFont(big)
            scale_text(self, factor)
        else:
            scale_text(self, factor)  # before the application font: views re-derive theirs from it
            plotting.TEXT_SCALE = 1.0
            app.setFont(self._normal_font)
            self._normal_font = None
        scale_line_widths(self, 1.6 if on else 1)
        for view in self.views.built().values():  # views made later are made at the new size
            if hasattr(view, "set_text_scale"):
                view.set_text_scale()
        self.showFullScreen() if on else self.showNormal()
        self.resizeDocks([self.settings_dock, self.inspector_dock],
                         [int(290 * plotting.TEXT_SCALE), int(280 * plotting.TEXT_SCALE)], Qt.Horizontal)
        self.presentation_action.setChecked(on)

    def open_lesson(self, preset):
        """A preset opens its lesson: its tab, the view's own setup (e.g. the optimizer race) and a strip
        that says what the lesson shows and what to press first."""
        lesson = preset.view or {}
        view = self.views.get(lesson.get("tab"))
        if view is not None:
            self.tabs.setCurrentWidget(view)
            if hasattr(view, "open_lesson"):
                view.open_lesson(lesson)
        first = lesson.get("first", "")
        self.lesson_banner.show_message(f"{preset.description}" + (f"\n→ {first}" if first else ""))

    def set_controls_hidden(self, hidden: bool):
        for widget in (self.settings_dock, self.inspector_dock, self.playback_bar):
            widget.setVisible(not hidden)
        self.hide_controls_action.setChecked(hidden)

    def set_dark(self, dark: bool):
        from visualnet.ui.theme import apply_theme

        apply_theme(QApplication.instance(), dark, self)
        self.dark_action.setChecked(dark)

    def view_state(self) -> dict:
        """View settings saved with a session (the tab by its key, so a new tab order still finds it)."""
        return {"tab": list(self.views)[self.tabs.currentIndex()], "speed": self.controller.speed,
                "sample": self.controller.sample_index, "dark": self.dark_action.isChecked()}

    def restore_view_state(self, state: dict):
        """Restore what a session file says, ignoring anything of the wrong kind (files are user data)."""
        tab = state.get("tab")
        if isinstance(tab, str) and tab in self.views:
            self.tabs.setCurrentWidget(self.views[tab])
        elif isinstance(tab, int) and not isinstance(tab, bool) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)  # sessions saved before tabs were saved by key
        speed = state.get("speed")
        if isinstance(speed, int) and not isinstance(speed, bool) and 0 <= speed < len(SPEEDS):
            self.speed_slider.setValue(speed)

    def closeEvent(self, event):
        self.controller.pause()
        s = settings_store()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        self.file_menu.mark_clean_exit()
        super().closeEvent(event)

    def restore_layout(self):
        s = settings_store()
        if s.value("geometry") is not None:
            self.restoreGeometry(s.value("geometry"))
            self.restoreState(s.value("state"))

    # -- reactions ------------------------------------------------------------------------------

    def _on_speed_changed(self, level: int):
        self.controller.set_speed(level)
        self.speed_label.setText(" " + SPEEDS[level].label)

    def _on_playing_changed(self, playing: bool):
        self.play_action.setText("⏸ Pause" if playing else "▶ Play")

    def _update_status(self):
        """Where the lesson is, as the views show it: a step counts once its update is shown, the loss
        once the loss event is reached, epochs as samples seen over the training set's size."""
        c = self.controller
        f = c.frame()
        t = c.trainer
        epochs = f.steps_done * t.batch_size / max(1, len(t.x_train))
        parts = [self.tr("step {n}").format(n=f.steps_done), self.tr("epoch {e:.1f}").format(e=epochs)]
        if f.loss is not None:
            parts.append(self.tr("batch loss {loss:.4f}").format(loss=f.loss))
        elif c.trace is None and t.history.train_loss.last() is not None:
            parts.append(self.tr("last batch loss {loss:.4f}").format(loss=t.history.train_loss.last()))
        if c.event is not None:
            parts.append(self.tr("event {i}/{n}: {what}").format(i=c.position + 1, n=len(c.trace),
                                                                 what=f.event_text()))
        self.status_label.setText("   ·   ".join(parts))

    def time_gradients(self) -> GradientTiming:
        """Measure backprop against the numerical gradient on a copy of the lesson, with a progress
        dialog and Cancel; the result arrives in a message box (and the status bar)."""
        job = GradientTiming(self)
        dialog = QProgressDialog(self.tr("Computing the numerical gradient: two loss evaluations per "
                                         "parameter…"), self.tr("Cancel"), 0, 100, self)
        dialog.setWindowTitle(self.tr("Numerical gradient vs backprop"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: dialog.setValue(int(100 * done / max(total, 1))))
        for signal in (job.finished, job.cancelled, job.failed):
            signal.connect(dialog.reset)
        job.finished.connect(self._show_gradient_timing)
        job.cancelled.connect(lambda: self.statusBar().showMessage(self.tr("Timing cancelled."), 8000))
        job.failed.connect(lambda text: QMessageBox.warning(self, self.tr("Numerical gradient vs backprop"), text))
        self._gradient_timing = job
        job.start(self.controller)
        return job

    def _show_gradient_timing(self, r: dict):
        text = self.tr("Batch of {n}, {p} parameters.\n\n"
                       "backprop:  {b:.3f} ms\n"
                       "numerical: {num:.1f} ms  (2 forward passes per parameter)\n"
                       "ratio:     {ratio:,.0f}× slower\n\n"
                       "largest relative difference: {diff:.1e}").format(
            n=r["batch"], p=r["parameters"], b=r["backprop_s"] * 1e3, num=r["numerical_s"] * 1e3,
            ratio=r["ratio"], diff=r["max_relative_difference"])
        self.statusBar().showMessage(self.tr("numerical gradient {ratio:,.0f}× slower than backprop, same "
                                             "values").format(ratio=r["ratio"]), 8000)
        QMessageBox.information(self, self.tr("Numerical gradient vs backprop"), text)


    def _show_shortcuts(self):
        QMessageBox.information(self, "Keyboard shortcuts",
                                "Space  play / pause\n→  next event\n←  previous event\n"
                                "Shift+→  one training step\nR  reset the network\nCtrl+E  export the view\n"
                                "F11  presentation mode\nCtrl+H  hide the controls\nF1  this help")


def run(experiment: dict | None = None, session_path=None, argv=None) -> int:
    """Open the main window; raises :class:`system_check.DisplayUnavailable` before Qt could abort."""
    if QApplication.instance() is None:
        system_check.require_display()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("visualnet")
    app.setOrganizationName("visualnet")
    controller = Controller(experiment)
    window = MainWindow(controller)
    window.restore_layout()
    window.show()
    if session_path is None:
        window.file_menu.offer_recovery()
    else:
        window.file_menu.open_path(session_path)
        settings_store().setValue("clean_exit", "false")
    return app.exec()


def settings_store():
    from visualnet.ui.file_menu import settings

    return settings()
