"""File menu: open/save sessions, recent files, lesson presets, export of the current view, autosave.

Kept out of app.py so the main window stays about layout; everything here goes through the controller
(sessions) or :mod:`visualnet.ui.export` (pictures and data).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
)

from visualnet.core import presets, sessionfile, torch_export, userdata
from visualnet.core.errors import ConfigError
from visualnet.core.sessionfile import SessionFileError
from visualnet.ui import export, i18n
from visualnet.ui.i18n import tr
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox

MAX_RECENT = 8
ERROR_COLOR = "#c62828"  # as the settings panel says a refused value


def session_filter() -> str:
    return tr("visualnet sessions (*.vnet)")


def settings() -> QSettings:
    return QSettings("visualnet", "visualnet")


def recent_files() -> list[str]:
    """The recent-files list as stored. QSettings hands back a one-element list as a plain string
    (and nothing as None), so a single path must not be read character by character."""
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if isinstance(p, str) and p]


def autosave_path() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation) or Path.home() / ".visualnet")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "autosave.vnet"


class ExportDialog(QDialog):
    """Format, width and transparency for exporting the current view."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export view"))
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.addItems([self.tr("PNG image"), self.tr("SVG vector drawing"), self.tr("CSV data")])
        self.format.setToolTip(self.tr("PNG for slides, SVG to scale without blur, CSV for the numbers behind "
                                       "the plot."))
        self.width = CheckedSpinBox(200, 8000, self.tr("Width"))  # 9000 is refused, never shortened to 900
        self.width.setValue(1920)
        self.width.setSuffix(" px")
        self.width.setToolTip(self.tr("Width of the PNG in pixels; the height keeps the view's proportions."))
        self.width.refused.connect(self._on_width_refused)
        self.width_error = QLabel()  # a typed width that was refused, and why: said under the box
        self.width_error.setWordWrap(True)
        palette = self.width_error.palette()
        palette.setColor(QPalette.WindowText, QColor(ERROR_COLOR))
        self.width_error.setPalette(palette)
        self.width_error.hide()
        self._refusal_unseen = False
        self.transparent = QCheckBox(self.tr("transparent background"))
        self.transparent.setToolTip(self.tr("Leave the plot background see-through, for slides with their own "
                                            "colour."))
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Width"), self.width)
        form.addRow("", self.width_error)
        form.addRow("", self.transparent)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def suffix(self) -> str:
        return ("png", "svg", "csv")[self.format.currentIndex()]

    def _on_width_refused(self, message: str):
        self.width_error.setText(message)
        self.width_error.show()
        self.adjustSize()  # the dialog grows to show the whole message
        self._refusal_unseen = True

    def accept(self):
        """OK (or Enter) right after a refused width keeps the dialog open on the width still in force, so
        nothing is exported at a size other than the one typed before the user has read why."""
        applied = self.width.commit()
        if self._refusal_unseen or not applied:
            self._refusal_unseen = False
            return
        super().accept()


def preset_title(preset) -> str:
    """A preset's name as a menu shows it ("xor 2 2 1"), in the user's language."""
    return i18n.core_text(preset.name.replace("_", " "))


class FileMenu:
    """Builds the File menu on ``window`` (a MainWindow) and owns recent files and autosave."""

    def __init__(self, window, menu):
        self.window = window
        self.controller = window.controller
        self.current_path: str | None = None
        self.menu = menu
        add = self._add
        self.open_action = add(QKeySequence.Open, self.open)
        self.save_action = add(QKeySequence.Save, self.save)
        self.save_as_action = add(QKeySequence.SaveAs, self.save_as)
        self.recent_menu = menu.addMenu("")
        self.presets_menu = menu.addMenu("")
        self.preset_actions = {}
        for p in presets.all_presets():
            action = self.presets_menu.addAction("")
            action.triggered.connect(lambda checked=False, name=p.name: self.load_preset(name))
            self.preset_actions[p.name] = (action, p)
        self.presets_menu.setToolTipsVisible(True)
        menu.addSeparator()
        self.import_data_action = add("", self.import_data)
        self.export_data_action = add("", self.export_data)
        menu.addSeparator()
        self.export_action = add("Ctrl+E", self.export_current)
        self.animation_action = add("Ctrl+Shift+E", self.export_animation)
        self.pytorch_action = add("", self.export_pytorch)
        menu.addSeparator()
        self.retranslate()
        self._refresh_recent()

    def _add(self, shortcut, slot):
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def retranslate(self):
        """The menu's texts in the current language; the presets by their translated titles."""
        texts = {
            self.open_action: (tr("&Open session…"), tr("Open a saved experiment with its weights and history.")),
            self.save_action: (tr("&Save session"), tr("Save the whole experiment: settings, weights, optimizer, "
                                                       "step.")),
            self.save_as_action: (tr("Save session &as…"), tr("Save the experiment under a new name.")),
            self.export_action: (tr("&Export current view…"), tr("Save the visible view as PNG, SVG or CSV.")),
            self.animation_action: (tr("Export &animation (GIF)…"),
                                    tr("An animated GIF: one training step event by event, or the optimizer "
                                       "race.")),
            self.import_data_action: (tr("&Import data (CSV)…"),
                                      tr("Train on your own points: columns x1, x2, label (classes) or x, y / "
                                         "x1, x2, y (regression).")),
            self.export_data_action: (tr("Export &data as CSV…"),
                                      tr("Save the data set's points (with their train/test split) as CSV.")),
            self.pytorch_action: (tr("Export &PyTorch script…"),
                                  tr("The trained network as a Python file for PyTorch that checks itself "
                                     "against visualnet's numbers.")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.recent_menu.setTitle(tr("Open &recent"))
        self.presets_menu.setTitle(tr("&Lesson presets"))
        for action, preset in self.preset_actions.values():
            description = i18n.core_text(preset.description)
            action.setText(preset_title(preset))
            action.setToolTip(description)
            action.setStatusTip(description)

    # -- sessions -------------------------------------------------------------------------------

    def open(self):
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open session"), "", session_filter())
        if path:
            self.open_path(path)

    def open_path(self, path) -> bool:
        """Open a session file; its view settings (tab, speed) are restored once, here."""
        try:
            view = self.controller.load_session(path)
        except SessionFileError as exc:
            QMessageBox.warning(self.window, tr("Could not open the session"),
                                tr("Could not open {path}: {reason}").format(path=path, reason=exc))
            return False
        self.window.restore_view_state(view)
        self.current_path = str(path)
        self._remember(path)
        return True

    def save(self):
        if self.current_path is None:
            return self.save_as()
        return self.save_to(self.current_path)

    def save_as(self):
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save session"), "experiment.vnet", session_filter())
        if not path:
            return False
        if not path.endswith(".vnet"):
            path += ".vnet"
        return self.save_to(path)

    def save_to(self, path) -> bool:
        try:
            self.controller.save_session(path, self.window.view_state())
        except OSError as exc:
            QMessageBox.warning(self.window, tr("Could not save the session"),
                                tr("Could not save {path}: {reason}").format(
                                    path=path, reason=exc.strerror or exc))
            return False
        self.current_path = str(path)
        self._remember(path)
        return True

    def load_preset(self, name: str, folder=None) -> bool:
        preset = presets.get(name)
        try:
            experiment = presets.experiment_for(preset, folder)
        except ConfigError as exc:
            if not preset.needs_mnist:
                raise
            folder = QFileDialog.getExistingDirectory(self.window, tr("Folder with the MNIST files"))
            if not folder:
                self.window.statusBar().showMessage(str(exc).split(": ", 1)[1], 8000)
                return False
            try:
                experiment = presets.experiment_for(preset, folder)
            except ConfigError as again:
                QMessageBox.warning(self.window, tr("No MNIST files"), str(again).split(": ", 1)[1])
                return False
        try:
            self.controller.load_experiment(experiment)
        except ConfigError as exc:
            QMessageBox.warning(self.window, tr("Could not load the preset"), str(exc))
            return False
        self.current_path = None
        self.window.open_lesson(preset)
        return True

    # -- recent files ---------------------------------------------------------------------------

    def _remember(self, path):
        path = str(Path(path).resolve())
        recent = [p for p in recent_files() if p != path]
        settings().setValue("recent", [path] + recent[: MAX_RECENT - 1])
        self._refresh_recent()

    def _refresh_recent(self):
        self.recent_menu.clear()
        recent = [p for p in recent_files() if os.path.exists(p)]
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    # -- autosave -------------------------------------------------------------------------------

    def autosave(self):
        try:
            self.controller.save_session(autosave_path(), self.window.view_state())
        except OSError:
            pass  # a full disk at quit must not stop the app from closing; the recovery offer just won't come

    def offer_recovery(self):
        """After a crash (an autosave left behind), offer to continue where the last run stopped."""
        path = autosave_path()
        if path.exists() and settings().value("clean_exit", "true") == "false":
            answer = QMessageBox.question(self.window, tr("Recover the last session?"),
                                          tr("visualnet did not close normally last time. Continue from the "
                                             "automatically saved session?"))
            if answer == QMessageBox.Yes:
                self.open_path(path)
        settings().setValue("clean_exit", "false")

    def mark_clean_exit(self):
        self.autosave()
        settings().setValue("clean_exit", "true")

    # -- export ---------------------------------------------------------------------------------

    def export_current(self):
        view = self.window.tabs.currentWidget()
        title = list(self.window.views)[self.window.tabs.currentIndex()]  # a file name in any language
        dialog = ExportDialog(self.window)
        if dialog.exec() != QDialog.Accepted:
            return
        suffix = dialog.suffix
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export view"), f"visualnet-{title}.{suffix}",
                                              f"{suffix.upper()} (*.{suffix})")
        if not path:
            return
        if not path.lower().endswith("." + suffix):
            path += "." + suffix
        self.export_view(view, path, dialog.width.value(), dialog.transparent.isChecked())

    def export_animation(self):
        view = self.window.tabs.currentWidget()
        title = list(self.window.views)[self.window.tabs.currentIndex()]  # a file name in any language
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export animation"), f"visualnet-{title}.gif",
                                              "GIF (*.gif)")
        if not path:
            return False
        if not path.lower().endswith(".gif"):
            path += ".gif"
        try:
            export.export_animation(view, path, self.controller)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self.window, tr("Export failed"), str(exc))
            return False
        self.window.statusBar().showMessage(tr("Exported {path}.").format(path=path), 8000)
        return True

    # -- your own data and code ----------------------------------------------------------------------

    def import_data(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Import data (CSV)"), "",
                                              tr("CSV files (*.csv *.tsv *.txt);;All files (*)"))
        return bool(path) and self.import_path(path)

    def import_path(self, path) -> bool:
        """Train on the points of a CSV file; a file the core refuses is said with its line and column, and
        nothing changes."""
        from visualnet.ui.widgets.point_editor import apply_points

        name = Path(path).name
        try:
            points = userdata.load_csv(path)
            outcome, note = apply_points(self.controller, points)
        except (ConfigError, OSError) as exc:
            reason = (exc.strerror or exc) if isinstance(exc, OSError) else exc
            QMessageBox.warning(self.window, tr("Could not import the data"),
                                tr("Could not import {name}: {reason}").format(name=name, reason=reason))
            return False
        scaled = "; ".join(points.transform.describe()) if points.transform and not points.transform.is_identity \
            else tr("no scaling needed")
        text = tr("Imported {n} points from {name} (scaled into the view: {transform}).").format(
            n=len(points), name=name, transform=scaled)
        if outcome == "reset":
            text += " " + tr("The network was rebuilt for them ({why}).").format(why=note or tr("new data"))
        self.window.statusBar().showMessage(text, 15000)
        return True

    def export_data(self) -> bool:
        """The data set's points as CSV, in the imported file's units, written atomically."""
        session = self.controller.session
        try:
            if userdata.is_points(session.experiment["dataset"]):
                points = userdata.PointSet.from_spec(session.experiment["dataset"])
            else:
                points = userdata.PointSet.from_dataset(session.train, session.test)
        except ConfigError as exc:
            QMessageBox.warning(self.window, tr("Could not export the data"), str(exc).split(": ", 1)[-1])
            return False
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export data as CSV"), "points.csv", "CSV (*.csv)")
        if not path:
            return False
        if not path.lower().endswith(".csv"):
            path += ".csv"
        return self._write(path, points.to_csv(original_units=True))

    def export_pytorch(self) -> bool:
        """The same script as ``visualnet export pytorch`` writes for this session."""
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export PyTorch script"), "model.py",
                                              tr("Python (*.py)"))
        if not path:
            return False
        if not path.lower().endswith(".py"):
            path += ".py"
        self.controller.settle()
        source = f"session {Path(self.current_path).name}" if self.current_path else "the visualnet app"
        try:
            text = torch_export.script_for_session(self.controller.session, source)
        except ConfigError as exc:  # a layer torch cannot express
            QMessageBox.warning(self.window, tr("Export failed"), str(exc))
            return False
        return self._write(path, text)

    def _write(self, path, text: str) -> bool:
        try:
            sessionfile.atomic_write_bytes(path, text.encode("utf-8"))
        except OSError as exc:
            QMessageBox.warning(self.window, tr("Export failed"), str(exc))
            return False
        self.window.statusBar().showMessage(tr("Exported {path}.").format(path=path), 8000)
        return True

    def export_view(self, view, path, width=None, transparent=False) -> bool:
        try:
            export.export(view, path, width, transparent)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self.window, tr("Export failed"), str(exc))
            return False
        self.window.statusBar().showMessage(tr("Exported {path}.").format(path=path), 8000)
        return True
