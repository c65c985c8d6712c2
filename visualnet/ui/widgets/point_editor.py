"""Drawing the user's own points on the Data tab: add, erase, drag, toggle test, clear, undo and redo.

The points being edited are a :class:`~visualnet.core.userdata.PointSet` (the *draft*, with its undo stack).
Every finished edit goes to the session through ``controller.apply_experiment`` with the points as the
experiment's ``"dataset"``: the core keeps the weights when the network still fits them, the change is
all-or-nothing, and sessions save the points like any setting. A draft the core refuses (no points left,
every point a test point) stays on screen, said in red, and is applied by the next edit that makes it valid;
the session trains on the last points it accepted meanwhile.

:class:`EditViewBox` is the plot's view box: in edit mode its clicks and drags edit points instead of
panning, so :class:`PointEditor` only sees positions in data units.
"""

from __future__ import annotations

import copy

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import userdata
from visualnet.core.errors import ConfigError
from visualnet.core.userdata import PointSet
from visualnet.ui.widgets.plotting import scaled_font
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox, ExactDoubleSpinBox

PICK_RADIUS_PX = 12  # a click this close to a point erases, toggles or drags it
TOOLS = ("add", "erase", "test")
ERROR_COLOR, INFO_COLOR = "#c62828", "#6c757d"


def experiment_with(experiment: dict, points: PointSet) -> tuple[dict, str | None]:
    """``experiment`` training on ``points``: their dataset spec, the output layer fitted to them when it does
    not fit (a third class needs three softmax units); returns (experiment, what changed in the network or None)."""
    exp = copy.deepcopy(experiment)
    exp["dataset"] = points.to_spec()
    exp["network"], note = userdata.fit_network(exp["network"], points.dataset())
    return exp, note


def apply_points(controller, points: PointSet) -> tuple[str, str | None]:
    """Train the session on ``points`` through the controller (all or nothing): ("kept" or "reset", network note).

    Raises ConfigError, the session unchanged, when the core refuses the points."""
    exp, note = experiment_with(controller.experiment, points)
    return controller.apply_experiment(exp), note


class PointEditor(QWidget):
    """The tool row of edit mode and the editing itself; the Data tab draws :meth:`shown` and forwards clicks."""

    pointsChanged = Signal()  # the draft changed: redraw the points

    def __init__(self, controller, color_of, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.color_of = color_of  # class index → QColor, as the Data tab paints that class
        self.points: PointSet | None = None  # the draft; None until a generated set is first edited
        self.editing = False
        self.tool = "add"
        self.current_class = 0
        self.pending = None  # the core's reason while the draft is not applied
        self._applied = None  # the dataset spec the session got from here
        self._applying = False
        self._drag = None  # (index, moved yet)
        self.mode = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        font = scaled_font(12)
        self.toggle = QPushButton(self.tr("✎ Edit points"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(self.tr("Draw your own data: click adds a point, Shift-click one of the second "
                                       "class, right-click erases, drag moves. The network keeps training on "
                                       "the edited points with its weights."))
        self.toggle.toggled.connect(self.set_editing)
        self.tools = QWidget()
        row = QHBoxLayout(self.tools)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.class_label = QLabel(self.tr("Class"))
        row.addWidget(self.class_label)
        self.class_group = QButtonGroup(self)
        self.class_group.idClicked.connect(self._on_class_clicked)
        self.class_buttons = []
        for k in range(userdata.MAX_CLASSES):
            button = QToolButton()
            button.setCheckable(True)
            button.setObjectName(f"class{k}")
            self.class_group.addButton(button, k)
            self.class_buttons.append(button)
            row.addWidget(button)
        # checked boxes: a typed 9 is refused and said, never shortened to a number nobody typed
        self.class_count = CheckedSpinBox(userdata.MIN_CLASSES, userdata.MAX_CLASSES, self.tr("Classes"))
        self.class_count.refused.connect(self._show_refusal)
        self.class_count.setToolTip(self.tr("How many classes the points have (2–5); a new number of classes "
                                            "gives the network a new output layer."))
        self.class_count.valueChanged.connect(self.set_class_count)
        row.addWidget(self.class_count)
        self.target_label = QLabel(self.tr("Target y"))
        self.target = ExactDoubleSpinBox(-userdata.MAX_COORDINATE, userdata.MAX_COORDINATE, self.tr("Target y"))
        self.target.refused.connect(self._show_refusal)
        self.target.setSingleStep(0.1)
        self.target.setValue(1.0)
        self.target.setToolTip(self.tr("The target value of the next point you add."))
        row.addWidget(self.target_label)
        row.addWidget(self.target)
        self.tool_group = QButtonGroup(self)
        self.tool_buttons = {}
        tips = {"add": self.tr("Click adds a point (Shift-click: the second class)."),
                "erase": self.tr("Click erases the point under the mouse (right-click erases with any tool)."),
                "test": self.tr("Click makes a point a test point (diamond) or a training point again.")}
        for i, (name, text) in enumerate((("add", self.tr("Add")), ("erase", self.tr("Erase")),
                                          ("test", self.tr("Train/test")))):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(tips[name])
            self.tool_group.addButton(button, i)
            self.tool_buttons[name] = button
            row.addWidget(button)
        self.tool_buttons["add"].setChecked(True)
        self.tool_group.idClicked.connect(lambda i: setattr(self, "tool", TOOLS[i]))
        self.undo_button = QToolButton()
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Take the last edit back (Ctrl+Z)."))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QToolButton()
        self.redo_button.setText(self.tr("Redo"))
        self.redo_button.setToolTip(self.tr("Do the edit again (Ctrl+Shift+Z)."))
        self.redo_button.clicked.connect(self.redo)
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Remove every point, to draw a data set from nothing (undo brings "
                                             "them back)."))
        self.clear_button.clicked.connect(self.clear)
        for button in (self.undo_button, self.redo_button, self.clear_button):
            row.addWidget(button)
        row.addStretch(1)
        self.message = QLabel()  # what the last edit did, or why the core refused it
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        layout.addWidget(self.tools)
        layout.addWidget(self.message)
        for w in self.findChildren(QWidget):
            w.setFont(font)
        self.toggle.setFont(font)
        self.tools.hide()
        self.message.hide()
        host = parent if parent is not None else self
        for keys, slot in (("Ctrl+Z", self.undo), ("Ctrl+Shift+Z", self.redo)):
            shortcut = QShortcut(QKeySequence(keys), host, context=Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        controller.reset.connect(self._on_session_changed)
        controller.configChanged.connect(self._on_session_changed)
        self._on_session_changed()

    # -- what is shown ------------------------------------------------------------------------------

    @property
    def revision(self) -> int:
        return -1 if self.points is None else self.points.revision

    def shown(self):
        """(plane positions, targets, test flags) of the draft, or None: draw the session's data."""
        if self.points is None:
            return None
        return self.points.plane(), np.asarray(self.points.t), np.asarray(self.points.test)

    def set_mode(self, mode: str):
        """The Data tab's mode: points can be drawn on the plane (2 inputs) and on the curve (1 input)."""
        self.mode = mode
        data = self.controller.session.data
        editable = mode == "plane" or (mode == "curve" and data.kind == "regression" and data.x.shape[1] == 1)
        self.toggle.setVisible(editable)
        if not editable and self.editing:
            self.toggle.setChecked(False)
        self._update_tools()

    def set_editing(self, on: bool):
        self.editing = bool(on)
        with QSignalBlocker(self.toggle):
            self.toggle.setChecked(self.editing)
        self.tools.setVisible(self.editing)
        self.message.setVisible(self.editing)
        self._update_tools()
        self.pointsChanged.emit()

    def _kind(self):
        """("classification" | "regression", dims) of what is edited."""
        if self.points is not None:
            return self.points.kind, self.points.dims
        data = self.controller.session.data
        return ("regression" if data.kind == "regression" else "classification"), int(data.x.shape[1])

    def _n_classes(self) -> int:
        if self.points is not None:
            return self.points.n_classes
        return max(self.controller.session.data.n_classes, userdata.MIN_CLASSES)

    def _update_tools(self):
        kind, dims = self._kind()
        classes = kind == "classification"
        n = self._n_classes() if classes else 0
        self.current_class = min(self.current_class, max(n - 1, 0))
        for k, button in enumerate(self.class_buttons):
            button.setVisible(classes and k < n)
            if classes and k < n:
                color = self.color_of(k)
                name = self.points.classes[k] if self.points is not None else str(k)
                button.setText(name)
                button.setToolTip(self.tr("Clicks add points of class {name}.").format(name=name))
                button.setStyleSheet(f"QToolButton {{ color: white; background: {color.name()}; border-radius: 3px;"
                                     f" padding: 2px 8px; }} QToolButton:checked {{ border: 3px solid #212529; }}")
        if classes:
            self.class_buttons[self.current_class].setChecked(True)
        self.class_label.setVisible(classes)
        self.class_count.setVisible(classes)
        with QSignalBlocker(self.class_count):
            self.class_count.setValue(max(n, userdata.MIN_CLASSES))
        self.target_label.setVisible(kind == "regression" and dims == 2)
        self.target.setVisible(kind == "regression" and dims == 2)
        self.undo_button.setEnabled(self.points is not None and self.points.can_undo)
        self.redo_button.setEnabled(self.points is not None and self.points.can_redo)

    def _say(self, text: str, error: bool = False):
        palette = self.message.palette()  # not a style sheet: the label's font keeps following presentation mode
        palette.setColor(QPalette.WindowText, QColor(ERROR_COLOR if error else INFO_COLOR))
        self.message.setPalette(palette)
        self.message.setText(text)

    def _show_refusal(self, text: str):
        """A typed class count or target that was not applied (out of range, not a number), said in red."""
        self._say(text, error=True)

    # -- editing ------------------------------------------------------------------------------------

    def draft(self) -> PointSet:
        """The points being edited; a generated set becomes editable points (its test points kept) on first use."""
        if self.points is None:
            session = self.controller.session
            self.points = PointSet.from_dataset(session.train, session.test)
        return self.points

    def _edit(self, change) -> bool:
        """Run ``change(draft)``; a refused edit (ConfigError) changes nothing and is said. Then apply."""
        try:
            points = self.draft()
            before = points.revision
            change(points)
        except ConfigError as exc:
            self._say(self.tr("Not done: {reason}").format(reason=exc), error=True)
            return False
        if points.revision == before:
            return False
        self.commit()
        return True

    def commit(self) -> str | None:
        """Give the draft to the session: 'kept', 'reset' or None when the core refuses it (the draft stays)."""
        points = self.points
        self._applying = True
        try:
            outcome, note = apply_points(self.controller, points)
        except ConfigError as exc:
            self.pending = str(exc)
            self._say(self.tr("Not applied yet: {reason}").format(reason=exc), error=True)
            outcome = None
        else:
            self.pending = None
            self._applied = self.controller.session.experiment["dataset"]
            n_test = int(np.count_nonzero(points.test))
            text = self.tr("{n} points ({test} test): training on them, weights kept.").format(
                n=len(points), test=n_test)
            if outcome == "reset":
                text = self.tr("{n} points ({test} test): the network was rebuilt for them ({why}).").format(
                    n=len(points), test=n_test, why=note or self.tr("new data"))
            self._say(text)
        finally:
            self._applying = False
        self._update_tools()
        self.pointsChanged.emit()
        return outcome

    def _value(self, second: bool = False):
        kind, dims = self._kind()
        if kind == "classification":
            return 1 if second else self.current_class
        return float(self.target.value()) if dims == 2 else None

    def add(self, x: float, y: float, second: bool = False) -> bool:
        return self._edit(lambda p: p.add(x, y, self._value(second)))

    def erase_at(self, x: float, y: float, radius: float) -> bool:
        return self._at(x, y, radius, lambda p, i: p.remove(i))

    def toggle_test_at(self, x: float, y: float, radius: float) -> bool:
        return self._at(x, y, radius, lambda p, i: p.toggle_test(i))

    def _at(self, x, y, radius, change) -> bool:
        points = self.draft()
        index = points.nearest(x, y, radius)
        return index is not None and self._edit(lambda p: change(p, index))

    def click(self, x: float, y: float, button, modifiers, radius: float) -> bool:
        """A click on the plot at (x, y) in data units; ``radius``: how near a point must be to be hit."""
        if button == Qt.RightButton or (button == Qt.LeftButton and self.tool == "erase"):
            return self.erase_at(x, y, radius)
        if button != Qt.LeftButton:
            return False
        if self.tool == "test" or modifiers & Qt.ControlModifier:
            return self.toggle_test_at(x, y, radius)
        return self.add(x, y, second=bool(modifiers & Qt.ShiftModifier))

    def begin_drag(self, x: float, y: float, radius: float) -> bool:
        """A drag starting at (x, y): it moves the point there, if any (one undo step for the whole drag)."""
        try:
            index = self.draft().nearest(x, y, radius)
        except ConfigError:
            return False
        self._drag = None if index is None else [index, False]
        return self._drag is not None

    def drag_to(self, x: float, y: float):
        if self._drag is None:
            return
        index, moved = self._drag
        try:
            self.points.move(index, x, y, merge=moved)
        except ConfigError as exc:
            self._say(self.tr("Not done: {reason}").format(reason=exc), error=True)
            return
        self._drag[1] = True
        self.pointsChanged.emit()  # the point follows the mouse; the session gets it on release

    def end_drag(self):
        drag, self._drag = self._drag, None
        if drag is not None and drag[1]:
            self.commit()

    def undo(self) -> bool:
        if self.points is None or not self.points.undo():
            return False
        self.commit()
        return True

    def redo(self) -> bool:
        if self.points is None or not self.points.redo():
            return False
        self.commit()
        return True

    def clear(self) -> bool:
        return self._edit(lambda p: p.clear())

    def set_class_count(self, n: int) -> bool:
        """2–5 classes: names kept, new ones numbered; refused while points of a class that would go remain."""
        points = self.draft()
        if points.kind != "classification" or n == points.n_classes:
            return False
        names = list(points.classes[:n])
        number = 0
        while len(names) < n:
            if str(number) not in names:
                names.append(str(number))
            number += 1
        done = self._edit(lambda p: p.set_classes(names))
        if not done:
            self._update_tools()
        return done

    def _on_class_clicked(self, k: int):
        self.current_class = k

    # -- the session changed elsewhere ----------------------------------------------------------------

    def _on_session_changed(self):
        """A preset, a session file, an import or the settings panel changed the data: edit what the session has."""
        if self._applying:
            return
        spec = self.controller.session.experiment["dataset"]
        if self.points is not None and spec == self._applied:
            return
        self.points = PointSet.from_spec(spec) if userdata.is_points(spec) else None
        self._applied = spec if self.points is not None else None
        self.pending = None
        self._drag = None
        transform = None if self.points is None else self.points.transform
        if transform is not None and not transform.is_identity:  # imported points: how they were scaled
            self._say(self.tr("Scaled into the view: {lines}").format(lines="; ".join(transform.describe())))
        else:
            self.message.clear()
        self._update_tools()  # the Data tab redraws on the same signal (after rebuilding for new data)


class EditViewBox(pg.ViewBox):
    """A view box whose clicks and drags edit points while the editor is in edit mode (else it pans as usual)."""

    def __init__(self, editor: PointEditor, **kwargs):
        super().__init__(**kwargs)
        self.editor = editor

    def pick_radius(self) -> float:
        """PICK_RADIUS_PX in data units (the larger of the two axes' pixel sizes)."""
        width, height = self.viewPixelSize()
        return PICK_RADIUS_PX * max(abs(width), abs(height))

    def mouseClickEvent(self, ev):
        if not self.editor.editing:
            super().mouseClickEvent(ev)
            return
        ev.accept()
        pos = self.mapSceneToView(ev.scenePos())
        self.editor.click(pos.x(), pos.y(), ev.button(), ev.modifiers(), self.pick_radius())

    def mouseDragEvent(self, ev, axis=None):
        if not self.editor.editing or ev.button() != Qt.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        if ev.isStart():
            start = self.mapSceneToView(ev.buttonDownScenePos())
            self.editor.begin_drag(start.x(), start.y(), self.pick_radius())
        pos = self.mapSceneToView(ev.scenePos())
        self.editor.drag_to(pos.x(), pos.y())
        if ev.isFinish():
            self.editor.end_drag()

