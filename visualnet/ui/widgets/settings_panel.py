"""The experiment panel: data, architecture and training settings, applied live through the controller.

Every edit rebuilds the whole experiment dict from the widgets (:meth:`SettingsPanel.experiment`) and
hands it to ``controller.apply_experiment``: learning-rate and optimizer edits keep the weights, data and
architecture edits rebuild the network (the panel says which). Combos offer only valid choices (output
activation + loss per data kind, no softmax in hidden layers, layer kinds that fit where they are added);
what the core still refuses (too many parameters, a stride that does not fit, a momentum of 1.5) is shown
inline in red with the core's words, and the widgets return to the session.

Each hidden layer is a row of its kind (:mod:`visualnet.ui.widgets.layer_rows`) showing the shape it
outputs, read from the session's ``Network.describe()``. Fields the panel does not show (linear_1d's w
and b, a leaky slope, the dtype …) are carried over untouched, and a field the experiment left out stays
out while it has its default value, so that editing one setting never silently changes — or rebuilds —
anything else.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import datasets, optimizers, sequences
from visualnet.core.errors import ConfigError
from visualnet.core.formatting import fmt_exact
from visualnet.core.session import normalize_experiment
from visualnet.ui.i18n import core_text, tr
from visualnet.ui.widgets import layer_rows
from visualnet.ui.widgets.data_choices import MNIST_ITEM, TEXT_FILE, DataInfo, data_info, of_dataset
from visualnet.ui.widgets.data_choices import names as data_names
from visualnet.ui.widgets.layer_rows import ADD_NAMES, POOLS, RECURRENT, make_row, shape_text, shape_tip
from visualnet.ui.widgets.schedule_box import ScheduleBox
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox, LogSlider, LogSpinBox

MNIST_DEFAULT_LIMIT = 10_000
MAX_HIDDEN = 12
MAX_POINTS = 5000
MAX_STEPS = 1000  # steps per sequence, as the core allows
MAX_SEED = 99_999
DEBOUNCE_MS = 200
LABEL_WIDTH = 84  # one label column width for every group, so the fields line up
MIN_WIDTH = 270  # at the normal 9 pt; grows with the font (presentation mode)
ERROR_COLOR, NOTICE_COLOR = "#c62828", "#2e7d32"
IMAGE_KINDS = ("conv2d", "maxpool", "avgpool", "flatten")
# (label, output activation, loss, units — None: one per class) per data kind; only pairs the core can train
OUTPUTS = {
    "binary": [("sigmoid + BCE", "sigmoid", "bce", 1), ("linear + MSE", "linear", "mse", 1),
               ("sigmoid + MSE", "sigmoid", "mse", 1),
               (QT_TR_NOOP("softmax + cross-entropy (2 units)"), "softmax", "cross_entropy", 2)],
    # mse against one-hot rows is not offered: the data's targets are int labels, which mse cannot take
    "multiclass": [(QT_TR_NOOP("softmax + cross-entropy"), "softmax", "cross_entropy", None)],
    "regression": [("linear + MSE", "linear", "mse", 1)],
}
OUTPUT_TIPS = {
    ("sigmoid", "bce"): QT_TR_NOOP("One unit σ(z) read as P(class 1), scored by binary cross-entropy: "
                                             "logistic regression."),
    ("linear", "mse"): QT_TR_NOOP("The raw weighted sum z, scored by the mean squared error to the "
                                            "target."),
    ("sigmoid", "mse"): QT_TR_NOOP("σ(z) scored by squared error: it works, but saturated units learn "
                                             "slowly."),
    ("softmax", "cross_entropy"): QT_TR_NOOP("One unit per class turned into probabilities by softmax, "
                                                       "scored by cross-entropy."),
}
INITS = [
    ("Xavier  √(1/n)", "xavier", QT_TR_NOOP("Random weights with std √(1/n_in): keeps the signal's size "
                                                      "steady through sigmoid and tanh layers.")),
    ("He  √(2/n)", "he", QT_TR_NOOP("Random weights with std √(2/n_in): makes up for ReLU zeroing half "
                                              "of its inputs.")),
    ("std 0.01", 0.01, QT_TR_NOOP("Tiny random weights: in a deep network the signal and the gradients "
                                            "fade away.")),
    ("std 1", 1.0, QT_TR_NOOP("Large random weights: sigmoid and tanh units saturate and their "
                                        "gradients vanish.")),
    (QT_TR_NOOP("zeros (symmetry!)"), "zeros",
     QT_TR_NOOP("All weights 0: every unit of a layer stays identical, so the layer never learns more "
                          "than one feature.")),
]
SAMPLINGS = [  # (name, label, tooltip)
    ("shuffle", QT_TR_NOOP("shuffle"),
     QT_TR_NOOP("Each epoch visits every training point once, in a new random order.")),
    ("replace", QT_TR_NOOP("replace"),
     QT_TR_NOOP("Each batch is drawn at random with replacement, as in the textbook's MNIST loop.")),
]
# optimizer hyperparameter: (label, tooltip); "betas" becomes two fields
HYPERPARAMS = {
    "momentum": (QT_TR_NOOP("momentum μ"),
                 QT_TR_NOOP("How much of the previous step carries into the next one (0 = none, 0.9 = "
                                      "a heavy ball).")),
    "dampening": (QT_TR_NOOP("dampening"),
                  QT_TR_NOOP("Scales each new gradient down as it enters the momentum buffer.")),
    "weight_decay": (QT_TR_NOOP("weight decay"),
                     QT_TR_NOOP("Shrinks every weight towards 0 inside the optimizer at each step.")),
    "nesterov": (QT_TR_NOOP("Nesterov"), QT_TR_NOOP("Take the gradient after the momentum look-ahead instead of "
                                                  "before it.")),
    "lr_decay": (QT_TR_NOOP("lr decay"),
                 QT_TR_NOOP("Lowers the learning rate over time as lr / (1 + (t − 1)·decay).")),
    "initial_accumulator_value": (QT_TR_NOOP("initial sum"),
                                  QT_TR_NOOP("The starting sum of squared gradients, which damps the "
                                                       "first steps.")),
    "eps": ("ε", QT_TR_NOOP("A tiny number added to the denominator so a step never divides by zero.")),
    "alpha": (QT_TR_NOOP("α (decay)"),
              QT_TR_NOOP("How slowly the running average of squared gradients forgets (0.99 ≈ the last "
                                   "100 steps).")),
    "centered": (QT_TR_NOOP("centered"),
                 QT_TR_NOOP("Divide by the gradients' variance instead of their raw mean square.")),
    "rho": (QT_TR_NOOP("ρ (decay)"),
            QT_TR_NOOP("How slowly the running averages of squared gradients and squared steps forget.")),
    "betas": ("β₁, β₂", QT_TR_NOOP("β₁ averages the gradients (momentum), β₂ their squares (the "
                                            "per-weight step size).")),
}
TIPS = {
    "dataset": QT_TR_NOOP("Which points, images or sequences the network learns to classify or fit; all but "
                          "MNIST and your text file are generated from a seed."),
    "gate": QT_TR_NOOP("The logic gate whose four-row truth table is learned."),
    "noise": QT_TR_NOOP("How far points stray from the clean pattern; more noise makes the task harder."),
    "testRatio": QT_TR_NOOP("The share of points held out to measure how well the network generalises."),
    "points": QT_TR_NOOP("How many points the data set has (for MNIST: how many of its images are used)."),
    "length": QT_TR_NOOP("How many time steps each sequence has; the network reads them one at a time."),
    "symbols": QT_TR_NOOP("How many different symbols there are to remember."),
    "textStride": QT_TR_NOOP("How many characters each window starts after the one before it."),
    "dataSeed": QT_TR_NOOP("The random seed of the data: the same seed gives the same points every time."),
    "regenerate": QT_TR_NOOP("Draw a new data set with the next seed (the network is rebuilt)."),
    "shape": QT_TR_NOOP("The layer sizes from input to output; inputs and outputs follow from the data."),
    "addLayer": QT_TR_NOOP("Add a hidden layer (more layers can learn more complex shapes, and are "
                                     "harder to train)."),
    "addKind": QT_TR_NOOP("The kind of layer “+ layer” adds: only kinds that fit where it goes are offered."),
    "advanced": QT_TR_NOOP("Show dropout and batch normalisation for every hidden layer."),
    "outputLoss": QT_TR_NOOP("The output activation and the loss it is paired with; only pairs that fit "
                                       "the data are offered."),
    "init": QT_TR_NOOP("How the random starting weights are scaled; bad scales saturate or silence the "
                                 "neurons."),
    "learningRate": QT_TR_NOOP("How far each step moves the weights along −gradient; too high diverges, "
                                         "too low crawls."),
    "optimizer": QT_TR_NOOP("The rule that turns gradients into weight updates."),
    "batchSize": QT_TR_NOOP("How many points each training step averages its gradient over."),
    "l2": QT_TR_NOOP("Weight decay: adds ½·l2·Σw² to the loss, pulling weights towards 0 to fight "
                               "overfitting."),
    "l1": QT_TR_NOOP("Adds l1·Σ|w| to the loss, pushing weak weights to exactly 0."),
    "sampling": QT_TR_NOOP("How the training points are drawn into batches."),
    "samplingSeed": QT_TR_NOOP("The seed of the batch order: the same seed replays the same batches."),
}


def _tip(widget, key):
    return layer_rows.tip(widget, key, TIPS)


def _row_widget(*widgets, stretch_first=True):
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, w in enumerate(widgets):
        layout.addWidget(w, 1 if (i == 0 and stretch_first) else 0)
    return row


def _form(parent=None):
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignLeft | Qt.AlignVCenter)
    form.setVerticalSpacing(5)
    return form


def _add_row(form, text, field, key=None):
    label = QLabel(text)
    label.setProperty("rowLabel", True)  # one width for every row label: see SettingsPanel.fit_labels
    label.setFixedWidth(LABEL_WIDTH)
    if key is not None:
        label.setToolTip(tr(TIPS[key]))
    form.addRow(label, field)
    return label


class SettingsPanel(QWidget):
    """Data, architecture and training settings; every edit is applied through ``controller.apply_experiment``."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.rows: list[layer_rows.LayerRow] = []
        self._hp_fields: dict[str, object] = {}
        self._hp_labels: list[QLabel] = []
        self._hp_name = None  # the optimizer whose fields are shown
        self._mnist_folder: str | None = None
        self._text_path: str | None = None  # the user's text file (data set "text_file")
        self._base = controller.experiment  # what the widgets were last set from: fields they don't show
        self._applying = False
        self._switched_to = None
        self._label_width = LABEL_WIDTH
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self._data_group())
        column.addWidget(self._architecture_group())
        column.addWidget(self._training_group())
        column.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        # outside the scroll area, so the outcome of an edit is seen wherever the panel is scrolled to
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(8, 4, 8, 6)
        self.notice.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.notice.hide()
        outer.addWidget(self.notice)
        self.setMinimumWidth(MIN_WIDTH)

        controller.reset.connect(self._on_controller_changed)
        controller.configChanged.connect(self._on_controller_changed)
        self.refresh_from(self._base)
        self.fit_labels()

    # -- building -------------------------------------------------------------------------------

    def _data_group(self):
        box = QGroupBox(self.tr("Data"))
        form = self.data_form = _form(box)
        self.dataset = _tip(QComboBox(), "dataset")
        mnist_tip = self.tr("Handwritten digits 0–9 (28×28 pixels) read from a folder holding the MNIST files.")
        items = [(n, core_text(n.replace("_", " ")), core_text(datasets.describe(n))) for n in datasets.names()]
        items.append((MNIST_ITEM, self.tr("MNIST (folder…)"), mnist_tip))
        items.append(None)  # the sequence sets apart, after the points and images
        for name in data_names()[len(datasets.names()):]:
            text = self.tr("text file (choose file…)") if name == TEXT_FILE else core_text(name.replace("_", " "))
            items.append((name, text, core_text(datasets.describe(name))))
        for item in items:
            if item is None:
                self.dataset.insertSeparator(self.dataset.count())
                continue
            self.dataset.addItem(item[1], item[0])
            self.dataset.setItemData(self.dataset.count() - 1, item[2], Qt.ToolTipRole)
        self.dataset.currentIndexChanged.connect(self._on_dataset_changed)
        self.dataset.activated.connect(self._on_dataset_activated)
        self.gate = _tip(QComboBox(), "gate")
        self.gate.addItems(list(datasets.TRUTH_TABLES))
        self.gate.currentIndexChanged.connect(self.apply)
        self.noise = _tip(QSlider(Qt.Horizontal), "noise")
        self.noise.setRange(0, 50)
        self.noise_label = QLabel()
        self.test_ratio = _tip(QSlider(Qt.Horizontal), "testRatio")
        self.test_ratio.setRange(0, 90)
        self.test_ratio.setSingleStep(5)
        self.test_ratio.setPageStep(10)
        self.test_label = QLabel()
        for label in (self.noise_label, self.test_label):
            label.setProperty("valueLabel", True)  # as wide as "90 % test" needs: see fit_labels
            label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.noise.valueChanged.connect(self._update_slider_labels)
        self.test_ratio.valueChanged.connect(self._update_slider_labels)
        self.points = _tip(CheckedSpinBox(4, MAX_POINTS, self.tr("Points")), "points")
        self.points.setSingleStep(50)
        self.data_seed = _tip(CheckedSpinBox(0, MAX_SEED, self.tr("Seed")), "dataSeed")
        self.data_seed.setMinimumWidth(52)  # room for "Regenerate" in a narrow dock
        self.regenerate = _tip(QPushButton(self.tr("Regenerate")), "regenerate")
        self.regenerate.clicked.connect(self._on_regenerate)
        self.length = _tip(CheckedSpinBox(2, MAX_STEPS, self.tr("Steps")), "length")
        self.symbols = _tip(CheckedSpinBox(2, len(sequences.MEMORY_SYMBOLS), self.tr("Symbols")), "symbols")
        self.text_stride = _tip(CheckedSpinBox(1, MAX_STEPS, self.tr("Stride")), "textStride")
        boxes = (self.points, self.data_seed, self.length, self.symbols, self.text_stride)
        for w in (self.noise, self.test_ratio, *boxes):
            w.valueChanged.connect(self.schedule_apply)
        for w in boxes:
            w.refused.connect(self.show_refusal)
        _add_row(form, self.tr("Data set"), self.dataset, "dataset")
        _add_row(form, self.tr("Gate"), self.gate, "gate")
        _add_row(form, self.tr("Noise"), _row_widget(self.noise, self.noise_label), "noise")
        _add_row(form, self.tr("Test split"), _row_widget(self.test_ratio, self.test_label), "testRatio")
        self.points_label = _add_row(form, self.tr("Points"), self.points, "points")
        _add_row(form, self.tr("Steps"), self.length, "length")
        _add_row(form, self.tr("Symbols"), self.symbols, "symbols")
        _add_row(form, self.tr("Stride"), self.text_stride, "textStride")
        _add_row(form, self.tr("Seed"), _row_widget(self.data_seed, self.regenerate), "dataSeed")
        self.data_source = QLabel()  # for data read from files: which folder, which files, how it is split
        self.data_source.setWordWrap(True)
        self.data_source.setForegroundRole(QPalette.PlaceholderText)  # grey, and it grows with the app's font
        self.data_source.setTextInteractionFlags(Qt.TextSelectableByMouse)
        form.addRow(self.data_source)
        return box

    def _architecture_group(self):
        box = QGroupBox(self.tr("Architecture"))
        layout = QVBoxLayout(box)
        layout.setSpacing(4)
        self.shape = _tip(QLabel(), "shape")
        self.shape.setWordWrap(True)
        layout.addWidget(self.shape)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(10)
        layout.addLayout(self.rows_box)
        self.no_hidden = QLabel(self.tr("No hidden layer: the inputs feed the output directly (a single-layer "
                                        "perceptron)."))
        self.no_hidden.setWordWrap(True)
        layout.addWidget(self.no_hidden)
        self.add_layer_button = _tip(QPushButton(self.tr("+ layer")), "addLayer")
        self.add_layer_button.clicked.connect(lambda: self.add_layer())
        self.add_kind = _tip(QComboBox(), "addKind")  # filled by _update_add_kinds: what fits
        self.advanced = _tip(QCheckBox(self.tr("dropout, batch norm")), "advanced")
        self.advanced.toggled.connect(self._show_advanced)
        layout.addWidget(_row_widget(self.add_layer_button, self.add_kind, stretch_first=False))
        layout.itemAt(layout.count() - 1).widget().layout().setStretch(1, 1)
        layout.addWidget(self.advanced)
        form = _form()
        self.output = _tip(QComboBox(), "outputLoss")
        self.output.currentIndexChanged.connect(self.apply)
        self.init = _tip(QComboBox(), "init")
        for label, value, tip in INITS:
            self.init.addItem(tr(label), value)
            self.init.setItemData(self.init.count() - 1, tr(tip), Qt.ToolTipRole)
        self.init.currentIndexChanged.connect(self.apply)
        _add_row(form, self.tr("Output + loss"), self.output, "outputLoss")
        _add_row(form, self.tr("Init"), self.init, "init")
        layout.addLayout(form)
        return box

    def _training_group(self):
        box = QGroupBox(self.tr("Training"))
        form = self.training_form = _form(box)
        self.lr = LogSlider(label=self.tr("Learning rate"))
        _tip(self.lr, "learningRate")
        self.lr.refused.connect(self.show_refusal)
        self.lr.spin.valueChanged.connect(self.schedule_apply)
        self.optimizer = _tip(QComboBox(), "optimizer")
        for name in optimizers.names():
            self.optimizer.addItem(name, name)
            self.optimizer.setItemData(self.optimizer.count() - 1, core_text(optimizers.DESCRIPTIONS.get(name, "")),
                                       Qt.ToolTipRole)
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self.batch = _tip(CheckedSpinBox(1, 512, self.tr("Batch size")), "batchSize")
        self.batch.valueChanged.connect(self.schedule_apply)
        self.l2 = _tip(LogSpinBox(0.0, 10.0, 1e-5, "L2"), "l2")
        self.l1 = _tip(LogSpinBox(0.0, 10.0, 1e-5, "L1"), "l1")
        for w in (self.l2, self.l1):
            w.valueChanged.connect(self.schedule_apply)
        for w in (self.batch, self.l2, self.l1):
            w.refused.connect(self.show_refusal)
        self.sampling = _tip(QComboBox(), "sampling")
        for name, label, tip in SAMPLINGS:
            self.sampling.addItem(tr(label), name)
            self.sampling.setItemData(self.sampling.count() - 1, tr(tip), Qt.ToolTipRole)
        self.sampling.currentIndexChanged.connect(self.apply)
        self.sampling_seed = _tip(CheckedSpinBox(0, MAX_SEED, self.tr("Batch seed")), "samplingSeed")
        self.sampling_seed.refused.connect(self.show_refusal)
        self.sampling_seed.valueChanged.connect(self.schedule_apply)
        _add_row(form, self.tr("Learning rate"), self.lr, "learningRate")
        _add_row(form, self.tr("Optimizer"), self.optimizer, "optimizer")
        _add_row(form, self.tr("Batch size"), self.batch, "batchSize")
        _add_row(form, "L2", self.l2, "l2")
        _add_row(form, "L1", self.l1, "l1")
        _add_row(form, self.tr("Batches"), self.sampling, "sampling")
        _add_row(form, self.tr("Batch seed"), self.sampling_seed, "samplingSeed")
        self.schedule = ScheduleBox(LABEL_WIDTH)  # the lr schedule with a preview of lr(step)
        self.schedule.changed.connect(self.apply)
        self.lr.spin.valueChanged.connect(self.schedule.set_base_lr)
        form.addRow(self.schedule)
        return box

    # -- optimizer hyperparameters ------------------------------------------------------------------

    def _build_hyperparams(self, name: str, given: dict):
        """One field per hyperparameter of ``name`` except lr (it has the slider), right under the optimizer.

        For the optimizer already shown the fields are only set, so the one being edited keeps its focus.
        """
        if name == self._hp_name:
            self._set_hyperparams(given)
            return
        self._hp_name = name
        for label in self._hp_labels:
            self.training_form.removeRow(label)
        self._hp_fields, self._hp_labels = {}, []
        row = self.training_form.getWidgetPosition(self.optimizer)[0] + 1
        for key, default in optimizers.defaults(name).items():
            if key == "lr":
                continue
            value = given.get(key, default)
            text, tip = HYPERPARAMS.get(key, (key, ""))
            text, tip = tr(text), (tr(tip) if tip else self.tr("The {key} hyperparameter of {name}.").format(
                key=key, name=name))
            if isinstance(default, bool):
                field = widget = QCheckBox()
                field.setObjectName(f"hp_{key}")
                field.setToolTip(tip)
                field.setChecked(bool(value))
                field.toggled.connect(self.apply)
            elif key == "betas":
                field = [self._number_field(f"hp_betas_{i}", v, tip) for i, v in enumerate(value)]
                widget = _row_widget(*field, stretch_first=False)
                for f in field:
                    widget.layout().setStretchFactor(f, 1)
            else:
                field = widget = self._number_field(f"hp_{key}", value, tip)
            label = QLabel(text)
            label.setProperty("rowLabel", True)
            label.setFixedWidth(self._label_width)
            label.setToolTip(tip)
            self.training_form.insertRow(row, label, widget)
            row += 1
            self._hp_fields[key] = field
            self._hp_labels.append(label)

    def _set_hyperparams(self, given: dict):
        defaults = optimizers.defaults(self._hp_name)
        for key, field in self._hp_fields.items():
            value = given.get(key, defaults[key])
            if isinstance(field, QCheckBox):
                with QSignalBlocker(field):
                    field.setChecked(bool(value))
            else:
                for f, v in zip(field if isinstance(field, list) else [field], value if key == "betas" else [value]):
                    f.exact = float(v)
                    f.setText(fmt_exact(f.exact))

    def _number_field(self, name, value, tip):
        field = QLineEdit(fmt_exact(float(value)))
        field.setObjectName(name)
        field.setToolTip(tip)
        field.exact = float(value)  # so that a shown 0.123457 does not round the session's 0.1234567
        field.editingFinished.connect(self.apply)
        return field

    def _hp_values(self) -> dict:
        """The typed hyperparameters; a field that is not a number raises ValueError naming it."""
        values = {}
        for key, field in self._hp_fields.items():
            if isinstance(field, QCheckBox):
                values[key] = field.isChecked()
            elif isinstance(field, list):
                values[key] = tuple(_read_number(f, f"β{i + 1}") for i, f in enumerate(field))
            else:
                values[key] = _read_number(field, tr(HYPERPARAMS.get(key, (key,))[0]))
        return values

    # -- hidden layers --------------------------------------------------------------------------

    def _set_rows(self, layers):
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for layer in layers:
            self._insert_row(len(self.rows), layer)
        self._update_rows()

    def _insert_row(self, index, layer):
        row = make_row(self, index, layer)
        row.show_advanced(self.advanced.isChecked())
        self.rows.insert(index, row)
        self.rows_box.insertWidget(index, row)
        row.show()  # at once, not when the layout gets round to it: a refusal may be shown on it right away

    def _drop_row(self, row):
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()

    def _update_rows(self):
        for i, row in enumerate(self.rows):
            row.set_number(i)
        self.add_layer_button.setEnabled(len(self.rows) < MAX_HIDDEN)
        self.no_hidden.setVisible(not self.rows)

    def _show_advanced(self, on: bool):
        for row in self.rows:
            row.show_advanced(on)

    def _infos(self):
        """The session network's ``describe()`` when the widgets show that network (else None: no shapes)."""
        try:
            exp = self.experiment()
        except ValueError:
            return None
        current = self.controller.experiment
        if (exp["network"], exp["dataset"]) != (current["network"], current["dataset"]):
            return None
        return self.controller.net.describe()

    def _image_stage(self, infos):
        """The first flatten row that flattens feature maps: conv and pooling layers are added before it."""
        for index, (row, info) in enumerate(zip(self.rows, infos or ())):
            if row.kind == "flatten" and len(info.input_shape) == 3:
                return index
        return None

    def fitting_kinds(self, infos=None) -> list[str]:
        """The layer kinds "+ layer" can add: dense always; conv (and pooling once there are feature maps) for
        images; recurrent cells for sequences."""
        info = self._info()
        kinds = ["dense"]
        if info.image:
            kinds.append("conv2d")
            if self._image_stage(infos) is not None:
                kinds += list(POOLS)
        if info.kind == "sequence":
            kinds += list(RECURRENT)
        return kinds

    def _new_layers(self, kind, infos) -> tuple[int, list[dict]]:
        """Where a new layer of ``kind`` goes and what it is (like its nearest sibling, so it fits)."""
        def last(kinds):
            return next((row.to_layer() for row in reversed(self.rows) if row.kind in kinds), {})

        end = len(self.rows)
        if kind == "dense":  # before the output, like the last hidden one (Playground's + button)
            template = last(("dense",)) or {"units": 4, "activation": "tanh"}
            return end, [{k: v for k, v in template.items() if k not in ("dropout", "batch_norm")}]
        if kind in RECURRENT:  # on a sequence: at the end if it is still one, else before the last recurrent
            layer = {"type": kind, "units": last(RECURRENT).get("units", 8), "return_sequences": True}
            if infos is None or len(infos[-1].input_shape) == 2:
                return end, [layer]
            return max(i for i, row in enumerate(self.rows) if row.kind in RECURRENT), [layer]
        stage = self._image_stage(infos)
        if kind == "conv2d":  # 3×3 with padding 1 keeps the map's size, so it fits anywhere
            layer = {"type": "conv2d", "filters": last(("conv2d",)).get("filters", 8), "kernel": 3, "stride": 1,
                     "pad": 1, "activation": "relu"}
            return (0, [layer, {"type": "flatten"}]) if stage is None else (stage, [layer])
        _c, h, w = infos[stage].input_shape  # pooling: windows of 2 halve even maps, else slide by 1
        return stage, [{"type": kind, "size": 2, "stride": 2 if h % 2 == 0 and w % 2 == 0 else 1}]

    def _update_add_kinds(self, infos):
        kind = self.add_kind.currentData()
        with QSignalBlocker(self.add_kind):
            self.add_kind.clear()
            for name in self.fitting_kinds(infos):
                self.add_kind.addItem(tr(ADD_NAMES[name]), name)
                self.add_kind.setItemData(self.add_kind.count() - 1, tr(layer_rows.KIND_TIPS[name]), Qt.ToolTipRole)
            self.add_kind.setCurrentIndex(max(0, self.add_kind.findData(kind)))
        self.add_kind.setEnabled(self.add_kind.count() > 1)

    def add_layer(self, kind: str | None = None):
        """A new hidden layer of ``kind`` (the kind chosen beside "+ layer") where that kind fits."""
        infos = self._infos()
        kind = kind or self.add_kind.currentData() or "dense"
        if kind not in self.fitting_kinds(infos):
            return
        index, layers = self._new_layers(kind, infos)
        if len(self.rows) + len(layers) > MAX_HIDDEN:
            return
        for offset, layer in enumerate(layers):
            self._insert_row(index + offset, layer)
        self._update_rows()
        self.apply()

    def remove_layer(self, row):
        self._drop_row(row)
        self._update_rows()
        self.apply()

    def _fit_rows_to(self, info: DataInfo):
        """Before switching data: layers the new data cannot take go (conv, pooling and flatten without images,
        recurrent cells without sequences), a sequence gets a recurrent layer first if it has none, and the last
        recurrent layer outputs every step exactly when the data have a target at every step."""
        for row in list(self.rows):
            if (row.kind in IMAGE_KINDS and not info.image) or (row.kind in RECURRENT and info.kind != "sequence"):
                self._drop_row(row)
        recurrent = [row for row in self.rows if row.kind in RECURRENT]
        if recurrent:
            with QSignalBlocker(recurrent[-1].return_sequences):
                recurrent[-1].return_sequences.setChecked(info.per_step)
        elif info.kind == "sequence":  # the core reads a sequence through a recurrent layer first
            self._insert_row(0, {"type": "rnn", "units": 8, "return_sequences": info.per_step})
        self._update_rows()

    # -- data -----------------------------------------------------------------------------------------

    def _update_slider_labels(self):
        self.noise_label.setText(f"{self.noise.value()} %")
        self.test_label.setText(self.tr("{p} % test").format(p=self.test_ratio.value()))

    def _info(self, name: str | None = None) -> DataInfo:
        """What the data set ``name`` (default: the one chosen) is: the experiment's own spec when it is that set."""
        name = name or self.dataset.currentData()
        base = self._base["dataset"]
        spec = dict(base) if name == base.get("name") else {"name": name}
        if name == TEXT_FILE and self._text_path:
            spec["path"] = self._text_path
        try:
            return data_info(spec)
        except (ConfigError, TypeError):  # the user's points, or a text file gone since it was loaded
            return of_dataset(self.controller.session.data, name)

    def _update_data_controls(self, name):
        """Show and enable what the data set takes; MNIST's 'points' are how many of its images are used."""
        info = self._info(name)
        params = info.defaults
        mnist = name == MNIST_ITEM
        self.noise.setEnabled("noise" in params)
        self.noise_label.setEnabled("noise" in params)
        self.points.setEnabled(mnist or "n" in params)
        self.data_seed.setEnabled("seed" in params)
        self.test_ratio.setEnabled(name != "points")  # your points carry their own split (the Data tab edits it)
        self.regenerate.setEnabled("seed" in params)
        self.data_form.setRowVisible(self.gate, "op" in params)
        # a sequence set shows only what it takes (hihello: nothing); the point sets keep their familiar rows
        sequence = info.kind == "sequence"
        self.data_form.setRowVisible(self.noise.parentWidget(), not sequence or "noise" in params)
        self.data_form.setRowVisible(self.points, not sequence or "n" in params)
        self.data_form.setRowVisible(self.data_seed.parentWidget(), not sequence or "seed" in params)
        for key, box in (("length", self.length), ("symbols", self.symbols), ("stride", self.text_stride)):
            self.data_form.setRowVisible(box, key in params)
        points = self.tr("Sequences") if info.kind == "sequence" else self.tr("Points")
        self.points_label.setText(self.tr("Images") if info.image else points)
        self.points.setRange(100 if mnist else 4, 60_000 if mnist else MAX_POINTS)
        self.points.setSingleStep(1000 if mnist else 50)

    def _on_dataset_changed(self, index):
        self._switched_to = index
        name = self.dataset.currentData()
        was_mnist = self._base["dataset"].get("name") == MNIST_ITEM
        chosen = {MNIST_ITEM: self._choose_mnist, TEXT_FILE: self._choose_text_file}.get(name)
        if chosen is not None and not chosen():
            self.refresh_from(self._base)
            return
        info, old = self._info(name), self._info(self._base["dataset"].get("name"))
        other_kind = (info.image, info.kind == "sequence") != (old.image, old.kind == "sequence")
        with QSignalBlocker(self.points):
            if name == MNIST_ITEM:
                self.points.setRange(100, 60_000)
                self.points.setValue(int(self._base["dataset"].get("limit") or MNIST_DEFAULT_LIMIT))
            elif was_mnist or other_kind:  # points, images and sequences come in their own numbers
                self.points.setValue(info.defaults.get("n", self.points.value()))
            self._update_data_controls(name)
        for key, box in (("length", self.length), ("symbols", self.symbols)):
            if key in info.defaults:
                with QSignalBlocker(box):
                    box.setValue(info.defaults[key])
        if "stride" in info.defaults:
            with QSignalBlocker(self.text_stride):
                self.text_stride.setValue(self.length.value())
        self._fit_rows_to(info)
        act, loss, _ = self.output.currentData() or (None, None, None)
        self._fill_outputs(info.output_kind, act, loss)
        self.apply()

    def _on_dataset_activated(self, index):
        """Picking MNIST or the text file again (it is already chosen) asks for another folder or file."""
        chosen = {MNIST_ITEM: self._choose_mnist, TEXT_FILE: self._choose_text_file}.get(self.dataset.itemData(index))
        if chosen is not None and self._switched_to != index and chosen():
            self.apply()
        self._switched_to = None

    def _choose_text_file(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("A UTF-8 text file (up to 100 kB)"),
                                              self._text_path or "", self.tr("Text files (*.txt);;All files (*)"))
        if not path:
            return False
        try:
            data_info({"name": TEXT_FILE, "path": path})
        except ConfigError as exc:  # the reader's own words: too large, not UTF-8, binary …
            self._show_error(self.tr("Not applied: {reason}").format(reason=exc))
            return False
        self._text_path = path
        return True

    def _choose_mnist(self) -> bool:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the MNIST files"),
                                                  self._mnist_folder or "")
        if not folder:
            return False
        found = datasets.find_mnist([folder])
        if found is None or found.resolve() != Path(folder).expanduser().resolve():
            try:  # the reader's own words: what it looked for, and which partner file is missing
                datasets.load_mnist(folder)
                reason = ""
            except (OSError, ValueError) as exc:
                reason = f" ({exc})"
            self._show_error(self.tr("No MNIST files in {folder}: expected t10k-images-idx3-ubyte(.gz) and "
                                     "t10k-labels-idx1-ubyte(.gz), or mnist.npz{reason}.").format(
                folder=folder, reason=reason))
            return False
        self._mnist_folder = folder
        return True

    def _update_data_source(self):
        """For MNIST: the folder, the files found and the split, so nobody wonders which images train; for a
        text file: the file, its windows and its characters."""
        session = self.controller.session
        params = session.data.params
        if session.data.name == TEXT_FILE:
            self.data_source.setText(self.tr("File {path}: {n:,} windows of {t} characters; vocabulary of {k}: "
                                             "{vocabulary}").format(
                path=params.get("path", ""), n=len(session.data.x), t=session.data.x.shape[1],
                k=len(session.data.vocabulary), vocabulary=repr(session.data.vocabulary)))
            self.data_source.show()
            return
        if session.data.name != MNIST_ITEM:
            self.data_source.hide()
            return
        which = self.tr("the test set only") if params.get("kind") == "t10k" else self.tr("the training set")
        n_test = 0 if session.test is None else len(session.test.x)
        self.data_source.setText(self.tr("Folder {folder}: found {source} — {which}, {n:,} images used; split "
                                         "{train:,} for training / {test:,} for testing.").format(
            folder=params.get("folder", ""), source=params.get("source", ""), which=which, n=len(session.data.x),
            train=len(session.train.x), test=n_test))
        self.data_source.show()

    def _on_regenerate(self):
        self.data_seed.setValue(self.data_seed.value() + 1)
        self.apply()

    def _dataset_spec(self, old: dict) -> dict:
        name = self.dataset.currentData()
        same = old.get("name") == name
        if name == MNIST_ITEM:
            spec = dict(old) if same else {"name": MNIST_ITEM}
            spec["folder"] = self._mnist_folder or spec.get("folder")
            spec["limit"] = self.points.value()
        else:
            spec = {k: v for k, v in old.items() if k != "test_ratio"} if same else {"name": name}
            if name == TEXT_FILE:
                spec["path"] = self._text_path
            defaults = dict(self._info(name).defaults)
            if defaults.get("stride", 0) is None:  # a text's windows follow each other unless told
                defaults["stride"] = self.length.value()
            shown = {"n": self.points.value(), "noise": self.noise.value() / 100, "seed": self.data_seed.value(),
                     "op": self.gate.currentText(), "length": self.length.value(),
                     "symbols": self.symbols.value(), "stride": self.text_stride.value()}
            for key, value in shown.items():
                # a left-out parameter stays left out while it has its default: same data, same dict
                if key in defaults and (key in spec or value != defaults[key]):
                    spec[key] = value
        ratio = self.test_ratio.value() / 100
        if not same or "test_ratio" in old or ratio:
            spec["test_ratio"] = ratio
        return spec

    # -- output ---------------------------------------------------------------------------------------

    def _fill_outputs(self, kind, activation=None, loss=None, units=None, keep_unknown=False):
        """Offer the valid output/loss pairs for ``kind``, selecting (activation, loss) if it is one of them.

        With ``keep_unknown`` an experiment's own pair that is not offered (from an old session) is listed
        too, so that showing it does not change it.
        """
        with QSignalBlocker(self.output):
            self.output.clear()
            for label, act, los, n in OUTPUTS[kind]:
                self.output.addItem(tr(label), (act, los, n))
                self.output.setItemData(self.output.count() - 1, tr(OUTPUT_TIPS[act, los]), Qt.ToolTipRole)
            pairs = [(act, los) for _, act, los, _n in OUTPUTS[kind]]
            index = pairs.index((activation, loss)) if (activation, loss) in pairs else -1
            if index < 0 and keep_unknown and activation is not None:
                self.output.addItem(self.tr("{activation} + {loss} (as loaded)").format(activation=activation,
                                                                                          loss=loss),
                                    (activation, loss, units))
                index = self.output.count() - 1
            self.output.setCurrentIndex(max(index, 0))

    def _output_units(self, units, name):
        return self._info(name).n_classes if units is None else units

    def _update_shape(self):
        """Each row's output shape and the whole network's, from the session's ``Network.describe()``; the kinds
        "+ layer" offers follow."""
        infos = self._infos()
        self._update_add_kinds(infos)
        if infos is None:  # the widgets show another experiment than the session's: no shapes to read
            for row in self.rows:
                row.set_shape(None)
            self.shape.setText(" → ".join([self.tr("input"), *(row.kind_label.text() for row in self.rows),
                                           self.tr("output")]))
            return
        for row, info in zip(self.rows, infos, strict=False):
            row.set_shape(info.output_shape)
        first, out = infos[0].input_shape, infos[-1].output_shape
        parts = [self.tr("%n input(s)", "", first[0]) if len(first) == 1
                 else self.tr("{shape} input").format(shape=shape_text(first))]
        parts += [shape_text(info.output_shape) for info in infos[:-1]]
        parts.append(self.tr("%n output(s)", "", out[-1]) if len(out) == 1
                     else self.tr("{shape} output").format(shape=shape_text(out)))
        params = self.controller.net.params

        def count(info):  # a recurrent layer's four arrays, else W and b (not batch norm's γ and β)
            return sum(params[n].size for n in info.param_names[:4 if info.kind in RECURRENT else 2])

        total, frozen = sum(map(count, infos)), sum(count(info) for info in infos if not info.trainable)
        text = self.tr("{n:,} weights and biases").format(n=total) if not frozen else \
            self.tr("{n:,} weights and biases, {frozen:,} of them frozen").format(n=total, frozen=frozen)
        self.shape.setText(" → ".join(parts) + "\n" + text)
        self.shape.setToolTip(tr(TIPS["shape"]) + "\n" + self.tr("Input: {what}").format(what=shape_tip(first)))

    # -- experiment <-> widgets -----------------------------------------------------------------------

    def experiment(self) -> dict:
        """The experiment the widgets describe; fields the panel does not show are kept as they were.

        Raises ValueError naming the field when a typed hyperparameter is not a number.
        """
        exp = copy.deepcopy(self._base)
        exp["dataset"] = self._dataset_spec(exp["dataset"])
        name = exp["dataset"]["name"]
        network = exp["network"]
        activation, loss, units = self.output.currentData()
        output = {"units": self._output_units(units, name), "activation": activation}
        output.update(layer_rows.carried(network["layers"][-1], activation, ("units",)))
        network["layers"] = [row.to_layer() for row in self.rows] + [output]
        network["loss"] = loss
        network["init"] = self.init.currentData()
        for key, widget in (("l2", self.l2), ("l1", self.l1)):
            if key in network or widget.value():
                network[key] = widget.value()
        exp["optimizer"] = self._optimizer_spec(exp["optimizer"])
        exp["batch_size"] = self.batch.value()
        exp["sampling"] = self.sampling.currentData()
        exp["seed"] = self.sampling_seed.value()
        exp["schedule"] = self.schedule.spec(exp.get("schedule"))
        return exp

    def _optimizer_spec(self, old: dict) -> dict:
        name = self.optimizer.currentData()
        same = old.get("name") == name
        defaults = optimizers.defaults(name)
        spec = {"name": name}
        values = {"lr": self.lr.value(), **self._hp_values()}
        for key, value in values.items():
            if (same and key in old) or value != defaults[key]:
                if key == "betas":
                    value = type(old["betas"])(value) if same and key in old else list(value)
                spec[key] = value
        return spec

    def refresh_from(self, experiment: dict):
        """Set every widget from ``experiment`` without applying anything (e.g. after a preset loaded)."""
        self._timer.stop()
        exp = normalize_experiment(experiment)
        self._base = copy.deepcopy(exp)
        blockers = [QSignalBlocker(w) for w in (
            self.dataset, self.gate, self.noise, self.test_ratio, self.points, self.data_seed, self.length,
            self.symbols, self.text_stride, self.output, self.init, self.lr.spin, self.lr.slider, self.optimizer,
            self.batch, self.l2, self.l1, self.sampling, self.sampling_seed, self.advanced)]
        data = exp["dataset"]
        name = data["name"]
        if self.dataset.findData(name) < 0:  # a set the panel does not offer (a text, the user's points)
            self.dataset.addItem(self.tr("{name} (as loaded)").format(name=name), name)
        self.dataset.setCurrentIndex(self.dataset.findData(name))
        if name == MNIST_ITEM:
            self._mnist_folder = data.get("folder") or None
        if name == TEXT_FILE:
            self._text_path = data.get("path") or None
        self._update_data_controls(name)
        self._update_data_source()
        defaults = self._info(name).defaults
        self.gate.setCurrentText(data.get("op", defaults.get("op", "xor")))
        self.noise.setValue(round(100 * data.get("noise", defaults.get("noise", 0.0))))
        self.test_ratio.setValue(round(100 * data.get("test_ratio", 0.0)))
        self._update_slider_labels()
        if name == MNIST_ITEM:
            self.points.setValue(int(data.get("limit") or MNIST_DEFAULT_LIMIT))
        elif "n" in defaults:
            self.points.setValue(int(data.get("n", defaults["n"])))
        self.data_seed.setValue(int(data.get("seed", defaults.get("seed", 0))))
        for key, box in (("length", self.length), ("symbols", self.symbols)):
            if key in defaults:
                box.setValue(int(data.get(key, defaults[key])))
        if "stride" in defaults:
            self.text_stride.setValue(int(data.get("stride") or defaults["stride"] or self.length.value()))

        network = exp["network"]
        hidden, out = network["layers"][:-1], network["layers"][-1]
        if any(layer.get("dropout") or layer.get("batch_norm") for layer in hidden):
            self.advanced.setChecked(True)
        self._set_rows(hidden)
        self._fill_outputs(self._info(name).output_kind, out.get("activation"), network["loss"], out.get("units"),
                           keep_unknown=True)
        self._set_init(network.get("init", "xavier"))
        self.l2.setValue(network.get("l2", 0.0))
        self.l1.setValue(network.get("l1", 0.0))

        opt = exp["optimizer"]
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(opt["name"])))
        self.lr.setValue(opt.get("lr", optimizers.defaults(opt["name"])["lr"]))
        self._build_hyperparams(opt["name"], opt)
        self.batch.setValue(exp["batch_size"])
        self.sampling.setCurrentIndex(max(0, self.sampling.findData(exp["sampling"])))
        self.sampling_seed.setValue(int(exp["seed"]))
        self.schedule.set_spec(exp["schedule"], self.lr.value())
        self._update_shape()
        del blockers

    def _set_init(self, init):
        while self.init.count() > len(INITS):  # a std from an earlier experiment
            self.init.removeItem(self.init.count() - 1)
        index = next((i for i, (_, value, _tip) in enumerate(INITS)
                      if type(value) is type(init) and value == init), -1)
        if index < 0:
            self.init.addItem(f"std {init:g}", init)
            self.init.setItemData(self.init.count() - 1, self.tr("Random weights with this standard deviation."),
                                  Qt.ToolTipRole)
            index = self.init.count() - 1
        self.init.setCurrentIndex(index)

    def _on_optimizer_changed(self):
        """A new optimizer starts from its own defaults (the learning rate stays) and applies at once."""
        self._build_hyperparams(self.optimizer.currentData(), {})
        self.apply()

    # -- applying -------------------------------------------------------------------------------

    def schedule_apply(self, *_):
        """Apply once the widget has been still for 200 ms (sliders and spin boxes emit many values)."""
        self._timer.start()

    def apply(self, *_) -> str | None:
        """Apply the widgets now: 'kept' (weights kept), 'reset' (network rebuilt) or None (refused)."""
        self._timer.stop()
        before = self.controller.experiment
        try:
            exp = self.experiment()
            unchanged = normalize_experiment(exp) == before
        except ValueError as exc:  # a typed field that is no number (ConfigError is a ValueError too)
            self.refresh_from(before)
            self._show_error(self.tr("Not applied: {reason}").format(reason=exc))
            return None
        if unchanged:
            self._update_shape()
            return "kept"
        self._applying = True
        try:
            outcome = self.controller.apply_experiment(exp)
        except ConfigError as exc:
            self.refresh_from(self.controller.experiment)
            self._show_error(self.tr("Not applied: {reason}").format(reason=exc))
            self._show_layer_error(exc)
            return None
        finally:
            self._applying = False
        self._base = self.controller.experiment
        for row in self.rows:
            row.show_error("")
        self._update_data_source()
        if outcome == "reset":
            if exp["dataset"] != before["dataset"]:
                self._show_notice(self.tr("Data changed — the network was rebuilt with new weights."))
            else:
                self._show_notice(self.tr("Architecture changed — the network was rebuilt with new weights."))
        else:
            self._show_notice(self.tr("Applied; the weights were kept."))
        self._update_shape()
        return outcome

    def _on_controller_changed(self):
        if not self._applying:  # changed elsewhere: a preset, a session, the Activations tab, Reset
            self.refresh_from(self.controller.experiment)
            self.notice.hide()

    def fit_labels(self):
        """Every row label as wide as the widest one needs in the current font (presentation mode, another
        language): the fields line up and no label is cut ("Learning r")."""
        labels = [w for w in self.findChildren(QLabel) if w.property("rowLabel")]
        metrics = QFontMetrics(self.font())
        self._label_width = max([LABEL_WIDTH * self.font().pointSizeF() / 9.0] +
                                [metrics.horizontalAdvance(label.text()) + 6 for label in labels])
        self._label_width = int(self._label_width)
        for label in labels:
            label.setFixedWidth(self._label_width)
        self.schedule.set_label_width(self._label_width)
        self.setMinimumWidth(int(MIN_WIDTH * self.font().pointSizeF() / 9.0))  # fields stay usable when text grows
        for label in (w for w in self.findChildren(QLabel) if w.property("valueLabel")):
            label.setFixedWidth(int(metrics.horizontalAdvance(self.tr("{p} % test").format(p=90))) + 6)

    def changeEvent(self, event):
        if event.type() in (QEvent.FontChange, QEvent.ApplicationFontChange):
            self.fit_labels()
        super().changeEvent(event)

    def show_refusal(self, text):
        """A typed value that was not applied (out of range, not a number): said where the user typed."""
        self._timer.stop()
        self._show_error(text)

    def _show_layer_error(self, exc: ConfigError):
        """A refusal that names a hidden layer ("layers[0].stride") is also said under that layer's row."""
        match = re.fullmatch(r"(?:network\.)?layers\[(\d+)\](?:\.(\w+))?", exc.field)
        if match is None or int(match[1]) >= len(self.rows):
            return
        message = str(exc)[len(exc.field) + 2:]
        self.rows[int(match[1])].show_error(f"{match[2]}: {message}" if match[2] else message)

    def _show_error(self, text):
        self.notice.setStyleSheet(f"color: {ERROR_COLOR};")
        self.notice.setText(text)
        self.notice.show()

    def _show_notice(self, text):
        self.notice.setStyleSheet(f"color: {NOTICE_COLOR};")
        self.notice.setText(text)
        self.notice.show()


def _read_number(field: QLineEdit, label: str) -> float:
    text = field.text().strip()
    if text == fmt_exact(field.exact):
        return field.exact
    try:
        return float(text)
    except ValueError:
        raise ValueError(tr("{label}: {text} is not a number").format(label=label, text=repr(text))) from None
