"""The main window: toolbar, settings dock, inspector dock, view tabs, divergence banner, status bar."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
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

from visualnet.ui import gui_gc, i18n, system_check
from visualnet.ui.controller import DEFAULT_SPEED, SPEEDS, Controller
from visualnet.ui.gradient_timing import GradientTiming
from visualnet.ui.widgets.banner import Banner
from visualnet.ui.widgets.live_label import LiveBox

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

    def forget(self, key):
        """Drop a made view: the next access builds a new one (a language change rebuilds views)."""
        return self._made.pop(key, None)


class MainWindow(QMainWindow):
    """Wires the controller to the views. Views are created here and only talk to the controller.

    Every text is set in :meth:`retranslate` (the window's own) or by the widget that shows it, with
    ``self.tr``; :meth:`set_language` installs the new translators and rebuilds the settings panel, the
    inspector and the views (the controller keeps the session), so a new view needs no code for it."""

    def __init__(self, controller: Controller | None = None):
        super().__init__()
        if not i18n.installed():  # built by a test or a script: English, with its plural forms and fonts
            i18n.install(i18n.DEFAULT)
        self.controller = controller or Controller()
        self.resize(1280, 800)
        self._normal_font = None
        self._lesson = None  # the preset whose lesson the strip shows, to say it again in a new language
        self._divergence = None  # the message the error strip shows
        self._warning = ""
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        c = self.controller
        self.status_label = QLabel()  # where the lesson is; notices come and go on top of it
        self.statusBar().addWidget(LiveBox(self.status_label), 1)
        c.status.connect(self._show_status)
        for signal in (c.stepped, c.reset, c.configChanged, c.sampleChanged):
            signal.connect(self._update_status)
        c.playingChanged.connect(self._on_playing_changed)
        self._overlay_source = self._overlay = None  # the debugger's check and its colours on the graph
        for signal in (c.stepped, c.debugChanged):  # a reset: the view drops its overlay itself
            signal.connect(self._update_debug_overlay)
        self.views["network"]  # the first tab: shown at once
        self.retranslate()

    # -- layout ---------------------------------------------------------------------------------

    def _build_central(self):
        from visualnet.ui.views import registry

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        c = self.controller
        self.banner = Banner("error", "", c.reset_network, closable=False)
        c.diverged.connect(self._on_diverged)
        c.divergenceCleared.connect(self._on_divergence_cleared)
        self.warning_banner = Banner("warning")
        c.warningChanged.connect(self._on_warning_changed)
        self.lesson_banner = Banner("lesson")
        self.bug_banner = Banner("warning", "", c.remove_bug, closable=False)
        c.plantChanged.connect(self._on_plant_changed)
        for banner in (self.banner, self.warning_banner, self.bug_banner, self.lesson_banner):
            layout.addWidget(banner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._tab_keys = registry.names()
        for _key in self._tab_keys:
            self.tabs.addTab(QWidget(), "")  # a placeholder until the tab is first shown
        self.views = LazyViews(self._tab_keys, self._build_view)
        self.tabs.currentChanged.connect(lambda index: self.views[self._tab_keys[index]])
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _tab_title(self, index: int) -> str:
        from visualnet.ui.views import registry

        return registry.title(self._tab_keys[index])

    def _build_view(self, key: str) -> QWidget:
        """Make a view the first time its tab is shown (or it is asked for): a window opens in a third of the
        time, and a tab never opened costs nothing while training."""
        from visualnet.ui.views import registry

        view = registry.factory(key)(self.controller)
        index = self._tab_keys.index(key)
        self._replace_tab(index, view)
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
            view.mapOpened.connect(self.open_feature_map)
            view.selectionChanged.connect(self._on_graph_selection)
            self._update_debug_overlay()
        return view

    def open_debugger(self):
        """Run ▸ Backprop debugger: its dock in front, the node graph beside it."""
        self.debug_dock.show()
        self.debug_dock.raise_()
        self.tabs.setCurrentWidget(self.views["network"])

    def _update_debug_overlay(self):
        """The node graph colours by the debugger's check while the trace it was made on is shown."""
        from visualnet.ui.widgets.debug_panel import verdict_overlay

        view = self.views.built().get("network")
        report = self.controller.shown_debug_report()
        if report is not self._overlay_source:
            self._overlay_source = report
            self._overlay = None if report is None else verdict_overlay(report, self.controller.layers)
        if view is not None:
            view.set_overlay(self._overlay)

    def _on_graph_selection(self, selection):
        """A click on the graph answers the debugger's exercise while it waits for one."""
        if selection is not None and self.debug_panel.awaiting_answer:
            self.debug_panel.guess_layer(selection.layer)

    def _on_plant_changed(self):
        plant = self.controller.plant
        if plant is None:
            self.bug_banner.hide()
            return
        layer = self.controller.frame().layer_name(plant.layer)
        self.bug_banner.show_message(self.tr("⚠ A bug is planted in {layer}: {bug}. Backprop and training use "
                                             "the buggy backward pass.").format(layer=layer,
                                                                                bug=plant.describe().name))

    def open_feature_map(self, layer: int, map_index: int):
        """A feature-map tile clicked on the node graph: the Convolution tab shows that map's filter."""
        view = self.views["convolution"]
        self.tabs.setCurrentWidget(view)
        view.open_map(layer, map_index)

    def _replace_tab(self, index: int, widget: QWidget):
        """Put ``widget`` in the tab at ``index`` (the old one is deleted), the current tab staying current."""
        old, current = self.tabs.widget(index), self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, self._tab_title(index))
            self.tabs.setCurrentIndex(current)
        old.hide()  # a view that watches while shown (the gradients) stops watching
        worker = getattr(old, "worker", None)
        if worker is not None:  # a view with a worker thread (the landscape): its job ends first
            worker.shutdown()
        old.setParent(None)
        old.deleteLater()

    def _build_docks(self):
        self.settings_dock = QDockWidget(self)
        self.settings_dock.setObjectName("experimentDock")
        self.addDockWidget(Qt.LeftDockWidgetArea, self.settings_dock)
        self.inspector_dock = QDockWidget(self)
        self.inspector_dock.setObjectName("inspectorDock")
        self.addDockWidget(Qt.RightDockWidgetArea, self.inspector_dock)
        self.debug_dock = QDockWidget(self)  # beside the settings: the graph and the inspector stay in sight
        self.debug_dock.setObjectName("debugDock")
        self.addDockWidget(Qt.LeftDockWidgetArea, self.debug_dock)
        self.tabifyDockWidget(self.settings_dock, self.debug_dock)
        self.settings_dock.raise_()
        self.debug_dock.hide()
        self._build_dock_widgets()
        self.resizeDocks([self.settings_dock, self.inspector_dock], [290, 280], Qt.Horizontal)

    def _build_dock_widgets(self):
        """The settings panel and the inspector, (re)made in the current language; the old ones go."""
        from visualnet.ui.widgets.debug_panel import DebugPanel
        from visualnet.ui.widgets.inspector import Inspector
        from visualnet.ui.widgets.settings_panel import SettingsPanel

        old_panel = self.debug_dock.widget()
        check = None  # a finished check (not an exercise's: its summary would give the answer away) stays
        if isinstance(old_panel, DebugPanel) and old_panel.report is not None and not old_panel.awaiting_answer:
            check = (old_panel.report, old_panel.report_trace)
        for dock in (self.settings_dock, self.inspector_dock, self.debug_dock):
            old = dock.widget()
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        self.settings = SettingsPanel(self.controller)
        self.settings_dock.setWidget(self.settings)
        self.inspector = Inspector(self.controller)
        self.inspector_dock.setWidget(self.inspector)
        self.debug_panel = DebugPanel(self.controller)
        self.debug_panel.presetRequested.connect(lambda name: self.file_menu.load_preset(name))
        self.debug_dock.setWidget(self.debug_panel)
        if check is not None:
            self.debug_panel.show_check(*check)
        self._overlay_source = None  # the legend in the new language

    def _action(self, slot, shortcut="", checkable=False):
        """An action of the window; its text and tooltip are set by :meth:`_retranslate_actions`."""
        action = QAction(self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self):
        c = self.controller
        self.play_action = self._action(c.toggle_play, "Space")
        self.back_action = self._action(lambda: self._arrow_step(False), "Left")
        self.substep_action = self._action(lambda: self._arrow_step(True), "Right")
        self.step_action = self._action(c.train_step, "Shift+Right")
        self.reset_action = self._action(c.reset_network, "R")
        self.quit_action = self._action(self.close, "Ctrl+Q")
        self.timing_action = self._action(self.time_gradients)
        self.debug_action = self._action(self.open_debugger, "Ctrl+D")
        self.presentation_action = self._action(self.set_presentation, "F11", checkable=True)
        self.hide_controls_action = self._action(self.set_controls_hidden, "Ctrl+H", checkable=True)
        self.dark_action = self._action(self.set_dark, checkable=True)
        self.shortcuts_action = self._action(self._show_shortcuts, "F1")

    def _retranslate_actions(self):
        texts = {
            self.play_action: (self.tr("⏸ Pause") if self.controller.is_playing else self.tr("▶ Play"),
                               self.tr("Play or pause training at the chosen speed.")),
            self.back_action: (self.tr("◀ Back"), self.tr("Step back exactly one event of the traced step.")),
            self.substep_action: (self.tr("Event ▶"), self.tr("Advance one event: a layer forward, the loss, a "
                                                              "layer backward, an update.")),
            self.step_action: (self.tr("Step ▶▶"), self.tr("One whole training step: forward, loss, backward "
                                                           "and update.")),
            self.reset_action: (self.tr("⟲ Reset"), self.tr("New random weights from the seed; the data stays.")),
            self.quit_action: (self.tr("Quit"), self.tr("Close visualnet.")),
            self.timing_action: (self.tr("Time numerical gradient vs backprop"),
                                 self.tr("Compute the gradient both ways on one batch and compare time and "
                                         "values.")),
            self.presentation_action: (self.tr("Presentation mode"),
                                       self.tr("Full screen with larger fonts, for a projector.")),
            self.hide_controls_action: (self.tr("Hide controls"),
                                        self.tr("Hide the docks and toolbar so only the views show.")),
            self.dark_action: (self.tr("Dark theme"), self.tr("Switch between the light and the dark colour "
                                                              "theme.")),
            self.shortcuts_action: (self.tr("Keyboard shortcuts"), self.tr("List the keyboard shortcuts.")),
            self.settings_dock.toggleViewAction(): (self.tr("Experiment"),
                                                    self.tr("Show or hide the experiment settings.")),
            self.debug_action: (self.tr("Backprop debugger…"),
                                self.tr("Plant a bug in the backward pass and let the gradient check find it; "
                                        "the which-layer exercise; training diagnostics.")),
            self.debug_dock.toggleViewAction(): (self.tr("Debugger"), self.tr("Show or hide the backprop "
                                                                              "debugger.")),
            self.inspector_dock.toggleViewAction(): (self.tr("Inspector"), self.tr("Show or hide the inspector "
                                                                                   "of the clicked node or edge.")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            action.setStatusTip(tip)
        for code, action in self.language_actions.items():  # named in their own language, explained in ours
            tip = self.tr("Show every text in {language}, without a restart: the session stays as it is.").format(
                language=i18n.LANGUAGES[code])
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def _build_menus_and_toolbar(self):
        from visualnet.ui.file_menu import FileMenu

        menu = self.menuBar()
        self.file_menu_widget = menu.addMenu("")
        self.file_menu = FileMenu(self, self.file_menu_widget)
        self.file_menu_widget.addAction(self.quit_action)
        self.run_menu = menu.addMenu("")
        for a in (self.play_action, self.substep_action, self.step_action, self.back_action, self.reset_action):
            self.run_menu.addAction(a)
        self.run_menu.addSeparator()
        self.run_menu.addAction(self.timing_action)
        self.run_menu.addAction(self.debug_action)
        self.view_menu = menu.addMenu("")
        for dock in (self.settings_dock, self.inspector_dock, self.debug_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        for a in (self.presentation_action, self.hide_controls_action, self.dark_action):
            self.view_menu.addAction(a)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, name in i18n.LANGUAGES.items():  # each language by its own name: found whatever is shown
            action = QAction(name, self, checkable=True)
            action.setChecked(code == i18n.current())
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.help_menu = menu.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)

        bar = self.addToolBar("")
        bar.setObjectName("playbackToolbar")
        self.playback_bar = bar
        for a in (self.play_action, self.back_action, self.substep_action, self.step_action, self.reset_action):
            bar.addAction(a)
        bar.addSeparator()
        self.speed_caption = QLabel()
        bar.addWidget(self.speed_caption)
        self.speed_slider = QSlider(Qt.Horizontal)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setValue(DEFAULT_SPEED)
        self.speed_slider.setFixedWidth(180)
        self.speed_slider.valueChanged.connect(self._on_speed_changed)
        bar.addWidget(self.speed_slider)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(190)
        bar.addWidget(self.speed_label)
        self._on_speed_changed(DEFAULT_SPEED)

    # -- language -------------------------------------------------------------------------------

    def set_language(self, language: str):
        """Switch the whole window to ``language`` while it runs: the session (weights, step, trace position),
        the open tab, the speed, presentation mode and the dock layout stay; the views are made anew in the
        new language (a view with a ``retranslate()`` method is asked to retranslate itself instead)."""
        language = i18n.install(language)
        with QSignalBlocker(self.language_actions[language]):
            self.language_actions[language].setChecked(True)
        self._rebuild_widgets()
        self.retranslate()
        self._update_debug_overlay()  # the new graph colours by the check again, its legend in the new language

    def _rebuild_widgets(self):
        network = self.views.built().get("network")
        selection = getattr(network, "selection", None)
        current = self.tabs.currentIndex()
        self._build_dock_widgets()
        for key, view in self.views.built().items():
            if hasattr(view, "retranslate"):
                view.retranslate()
                continue
            self.views.forget(key)
            self._replace_tab(self._tab_keys.index(key), QWidget())
        self.views["network"]  # the inspector's partner: always made, as at the start
        self.views[self._tab_keys[current]]
        self.tabs.setCurrentIndex(current)
        if selection is not None:
            self.views["network"].select(selection)

    def retranslate(self):
        """Every text the window sets itself, in the current language (the widgets set their own)."""
        self.setWindowTitle(self.tr("visualnet — see the network learn"))
        self.file_menu_widget.setTitle(self.tr("&File"))
        self.run_menu.setTitle(self.tr("&Run"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self._retranslate_actions()
        self.file_menu.retranslate()
        self.settings_dock.setWindowTitle(self.tr("Experiment"))
        self.inspector_dock.setWindowTitle(self.tr("Inspector"))
        self.debug_dock.setWindowTitle(self.tr("Debugger"))
        self.bug_banner.button.setText(self.tr("Remove the bug"))
        self.bug_banner.button.setToolTip(self.tr("Restore the correct backward pass."))
        self._on_plant_changed()
        self.playback_bar.setWindowTitle(self.tr("Playback"))
        self.speed_caption.setText(self.tr(" Speed "))
        self.speed_slider.setToolTip(self.tr("Playback speed: from slow motion (one event at a time) to 1000 "
                                             "training steps per frame."))
        self._on_speed_changed(self.speed_slider.value())
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, self._tab_title(index))
        self.banner.button.setText(self.tr("Reset network"))
        self.banner.button.setToolTip(self.tr("Start again from fresh weights (the learning rate stays as you "
                                              "set it)."))
        self.banner.retranslate()
        self.warning_banner.retranslate()
        self.lesson_banner.retranslate()
        if self._divergence is not None:
            self._on_diverged(self._divergence)
        if self._lesson is not None and not self.lesson_banner.isHidden():
            self._show_lesson(self._lesson)
        self._update_status()

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
            self._dock_titles_follow_font(True)
        else:
            self._dock_titles_follow_font(False)
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

    def _dock_titles_follow_font(self, on: bool):
        """Qt paints a dock's title in the platform's small title font unless the dock has a font of its own:
        in presentation mode the docks get one (the same font, only marked), so their titles grow too."""
        for dock in (self.settings_dock, self.inspector_dock, self.debug_dock):
            font = QFont()
            if on:
                font.setStyleStrategy(QFont.PreferAntialias)  # its only set property: the size still follows
            dock.setFont(font)

    def open_lesson(self, preset):
        """A preset opens its lesson: its tab, the view's own setup (e.g. the optimizer race) and a strip
        that says what the lesson shows and what to press first."""
        lesson = preset.view or {}
        view = self.views.get(lesson.get("tab"))
        if view is not None:
            self.tabs.setCurrentWidget(view)
            if hasattr(view, "open_lesson"):
                view.open_lesson(lesson)
        self._show_lesson(preset)

    def _show_lesson(self, preset):
        self._lesson = preset
        first = i18n.core_text((preset.view or {}).get("first", ""))
        self.lesson_banner.show_message(i18n.core_text(preset.description) + (f"\n→ {first}" if first else ""))

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
        self.controller.stop_training_process()  # not left waiting until the controller is collected
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
        self.speed_label.setText(" " + SPEEDS[level].text())

    def _on_playing_changed(self, playing: bool):
        self.play_action.setText(self.tr("⏸ Pause") if playing else self.tr("▶ Play"))

    def _show_status(self, text: str):
        self.statusBar().showMessage(text, 8000)

    def _on_diverged(self, message: str):
        self._divergence = message
        self.banner.show_message(self.tr("⚠ {message} The last finite weights were kept; lower the learning rate "
                                         "or reset.").format(message=message))

    def _on_divergence_cleared(self):
        self._divergence = None
        self.banner.hide()

    def _on_warning_changed(self, text: str):
        self._warning = text
        if text:
            self.warning_banner.show_message(f"⚠ {text}")
        else:
            self.warning_banner.hide()

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

    def _arrow_step(self, forward: bool):
        """← / →: one event of the trace, or the finer stop of a tab that has them (the Sequence tab's time
        steps inside a recurrent layer's event), so a lesson's "press →" means what the tab shows."""
        fine_step = getattr(self.tabs.currentWidget(), "fine_step", None)
        if fine_step is not None:
            fine_step(forward)
        elif forward:
            self.controller.substep()
        else:
            self.controller.substep_back()

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
        QMessageBox.information(self, self.tr("Keyboard shortcuts"),
                                self.tr("Space  play / pause\n→  next event\n←  previous event\n"
                                        "Shift+→  one training step\nR  reset the network\nCtrl+E  export the view\n"
                                        "F11  presentation mode\nCtrl+H  hide the controls\nF1  this help"))


def run(experiment: dict | None = None, session_path=None, argv=None, language: str | None = None) -> int:
    """Open the main window in ``language`` (None: $VISUALNET_LANG, else the system's); raises
    :class:`system_check.DisplayUnavailable` before Qt could abort."""
    language = i18n.choose(language)  # a bad $VISUALNET_LANG is reported before any window
    if QApplication.instance() is None:
        system_check.require_display()
    app = QApplication.instance()
    if app is None:  # the app's own process: cycles are collected on the GUI thread only
        app = QApplication(argv or sys.argv[:1])
        gui_gc.install()
    app.setApplicationName("visualnet")
    app.setOrganizationName("visualnet")
    i18n.install(language)
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
