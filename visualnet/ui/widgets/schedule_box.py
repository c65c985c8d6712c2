"""The learning-rate schedule in the settings panel: its name, its hyperparameters and a preview of lr(step).

The preview is the core's own numbers (``schedules.make(...).lr_at(k)`` for each step k shown), redrawn as the
schedule, its hyperparameters or the learning rate change, so a student sees the curve before training on it.
The box only describes a schedule (:meth:`ScheduleBox.spec`); the settings panel applies it with the rest of
the experiment, and the core's refusal (a γ of 1.5) is shown there.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from visualnet.core import schedules
from visualnet.core.errors import ConfigError
from visualnet.core.formatting import fmt_exact
from visualnet.ui import colors
from visualnet.ui.i18n import core_text
from visualnet.ui.widgets.plotting import css, scaled_font, style_plot

MAX_PREVIEW_STEPS = 5000
MIN_PREVIEW_STEPS = 20
PREVIEW_HEIGHT = 120
CONSTANT_STEPS = 1000  # what a flat curve is drawn over
LABELS = {"step_size": "step_size", "gamma": "γ", "T_max": "T_max", "eta_min": "η_min",
          "start_factor": "start_factor", "end_factor": "end_factor", "total_iters": "total_iters",
          "factor": "factor", "patience": "patience", "threshold": "threshold", "threshold_mode": "threshold_mode",
          "cooldown": "cooldown", "min_lr": "min_lr", "eps": "eps"}


def preview_steps(name: str, hp: dict) -> int:
    """How many steps show the schedule's shape: a few of its periods, or until the lr is 1 % of the start."""
    if name == "step":
        steps = 4 * hp["step_size"]
    elif name == "exponential":
        steps = math.ceil(math.log(0.01) / math.log(hp["gamma"])) if hp["gamma"] < 1 else CONSTANT_STEPS
    elif name == "cosine":
        steps = 2 * hp["T_max"]
    elif name == "warmup_linear":
        steps = 3 * hp["total_iters"]
    else:
        steps = CONSTANT_STEPS
    return int(min(max(steps, MIN_PREVIEW_STEPS), MAX_PREVIEW_STEPS))


class ScheduleBox(QWidget):
    """Schedule name and hyperparameters with a live preview; ``changed`` when the user edited one of them."""

    changed = Signal()

    def __init__(self, label_width: int, parent=None):
        super().__init__(parent)
        self.base_lr = 0.01
        self._name = None
        self._fields: dict[str, QWidget] = {}
        self._labels: list[QLabel] = []
        self._label_width = label_width
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(5)
        column.addLayout(self.form)
        self.combo = QComboBox()
        self.combo.setObjectName("schedule")
        for name in schedules.names():
            self.combo.addItem(name.replace("_", " "), name)
            self.combo.setItemData(self.combo.count() - 1, core_text(schedules.DESCRIPTIONS[name]), Qt.ToolTipRole)
        self.combo.setToolTip(self.tr("How the learning rate changes during training (torch.optim.lr_scheduler)."))
        self.combo.currentIndexChanged.connect(self._on_name_changed)
        self._add_label_row(self.tr("LR schedule"), self.combo, self.combo.toolTip())
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setForegroundRole(QPalette.PlaceholderText)  # grey; no style sheet, so its font follows the app
        column.addWidget(self.formula)
        self.preview = pg.PlotWidget(background="w")
        self.preview.setFixedHeight(PREVIEW_HEIGHT)
        self.preview.setMenuEnabled(False)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        plot = self.preview.getPlotItem()
        style_plot(plot, None, None, None)
        for axis, text in (("bottom", self.tr("step")), ("left", "lr")):  # small: the dock is narrow
            plot.getAxis(axis).setTickFont(scaled_font(9))  # 16 px when presenting
            plot.setLabel(axis, text, **{"font-size": css(9), "color": "#212529"})
        plot.getAxis("left").setWidth(int(PREVIEW_HEIGHT * 0.45))
        self.preview.setToolTip(self.tr("The learning rate of each training step with this schedule, from the "
                                        "learning rate above."))
        self.curve = self.preview.plot([], [], pen=pg.mkPen(colors.POSITIVE, width=2.5))
        column.addWidget(self.preview)
        self._build_fields("constant", {})

    # -- fields -------------------------------------------------------------------------------------

    def _add_label_row(self, text, field, tip, at=None):
        label = QLabel(text)
        label.setProperty("rowLabel", True)  # the settings panel gives every row label one width
        label.setFixedWidth(self._label_width)
        label.setToolTip(tip)
        if at is None:
            self.form.addRow(label, field)
        else:
            self.form.insertRow(at, label, field)
        return label

    def _build_fields(self, name: str, given: dict):
        """One field per hyperparameter of ``name``, filled from ``given`` (defaults for the rest)."""
        for label in self._labels:
            self.form.removeRow(label)
        self._fields, self._labels, self._name = {}, [], name
        description = core_text(schedules.DESCRIPTIONS[name])
        for key, default in schedules.defaults(name).items():
            value = given.get(key, default)
            tip = self.tr("{key}: a hyperparameter of the {name} schedule (torch's name). {what}").format(
                key=key, name=name, what=description)
            if key == "threshold_mode":
                field = QComboBox()
                field.addItems(list(schedules.THRESHOLD_MODES))
                field.setCurrentText(value)
                field.currentIndexChanged.connect(self._on_edited)
            else:
                field = QLineEdit(fmt_exact(value) if isinstance(default, float) else str(value))
                field.exact = value  # what the text stands for, so 0.123457 shown keeps 0.1234567
                field.editingFinished.connect(self._on_edited)
            field.setObjectName(f"schedule_{key}")
            field.setToolTip(tip)
            self._fields[key] = field
            self._labels.append(self._add_label_row(LABELS[key], field, tip))
        self.formula.setText(schedules.FORMULAS[name])
        self.formula.setToolTip(description)
        self._update_preview()

    def set_label_width(self, width: int):
        self._label_width = width

    # -- reading and setting ------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.combo.currentData()

    def values(self) -> dict:
        """Every hyperparameter as typed; ValueError naming the field when one is not a number."""
        out = {}
        defaults = schedules.defaults(self.name)
        for key, field in self._fields.items():
            if isinstance(field, QComboBox):
                out[key] = field.currentText()
                continue
            text = field.text().strip()
            shown = fmt_exact(field.exact) if isinstance(defaults[key], float) else str(field.exact)
            if text == shown:
                out[key] = field.exact
                continue
            try:
                out[key] = int(text) if isinstance(defaults[key], int) else float(text)
            except ValueError:
                kind = self.tr("a whole number") if isinstance(defaults[key], int) else self.tr("a number")
                raise ValueError(self.tr("{key}: {text} is not {kind}").format(key=key, text=repr(text),
                                                                             kind=kind)) from None
        return out

    def spec(self, old: dict | None = None) -> dict:
        """The experiment's ``"schedule"``: the name and the hyperparameters that differ from the defaults (or
        that ``old`` named), so an untouched schedule stays the same dict."""
        old = old or {}
        same = old.get("name") == self.name
        defaults = schedules.defaults(self.name)
        spec = {"name": self.name}
        for key, value in self.values().items():
            if (same and key in old) or value != defaults[key]:
                spec[key] = value
        return spec

    def set_spec(self, spec: dict | None, base_lr: float):
        """Show ``spec`` (None: constant) on ``base_lr`` without emitting ``changed``."""
        spec = spec or {"name": "constant"}
        self.base_lr = base_lr
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(0, self.combo.findData(spec["name"])))
        given = {k: v for k, v in spec.items() if k != "name"}
        self._build_fields(spec["name"], given)

    def set_base_lr(self, lr: float):
        self.base_lr = float(lr)
        self._update_preview()

    # -- the preview --------------------------------------------------------------------------------

    def preview_data(self) -> tuple[np.ndarray, np.ndarray]:
        """(steps, lr) drawn: the core's lr_at for each step, or nothing while a field is invalid."""
        x, y = self.curve.getOriginalDataset()
        return (np.array([]) if x is None else np.asarray(x)), (np.array([]) if y is None else np.asarray(y))

    def _update_preview(self):
        try:
            hp = self.values()
            schedule = schedules.make(self.name, self.base_lr, **hp)
        except (ValueError, ConfigError):  # a half-typed field: the preview waits; applying says why
            self.curve.setData([], [])
            return
        steps = np.arange(preview_steps(self.name, schedule.hyperparams))
        self.curve.setData(steps, np.array([schedule.lr_at(int(k)) for k in steps]))
        self.preview.getPlotItem().enableAutoRange()

    def _on_name_changed(self):
        self._build_fields(self.name, {})
        self.changed.emit()

    def _on_edited(self):
        self._update_preview()
        self.changed.emit()
