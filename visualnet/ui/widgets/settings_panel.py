"""The experiment panel: data, architecture and training settings, applied live through the controller.

Every edit rebuilds the whole experiment dict from the widgets (:meth:`SettingsPanel.experiment`) and
hands it to ``controller.apply_experiment``: learning-rate and optimizer edits keep the weights, data and
architecture edits rebuild the network (the panel says which). Combos offer only valid choices (output
activation + loss per data kind, no softmax in hidden layers); what the core still refuses (too many
parameters, a momentum of 1.5) is shown inline in red and the widgets return to the session.

Fields the panel does not show (linear_1d's w and b, a leaky slope, the dtype …) are carried over
untouched, and a field the experiment left out stays out while it has its default value, so that
editing one setting never silently changes — or rebuilds — anything else.
"""

from __future__ import annotations

import copy
import functools
import itertools
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QT_TR_NOOP, QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import activations, datasets, optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.session import normalize_experiment
from visualnet.ui.i18n import core_text, tr
from visualnet.ui.widgets.spin_boxes import (
    CheckedDoubleSpinBox,
    CheckedSpinBox,
    LogSlider,
    LogSpinBox,
    UnitsSpinBox,
)

MNIST_ITEM = "mnist"
MNIST_DEFAULT_LIMIT = 10_000
MAX_HIDDEN = 12
ARROW_MAX_UNITS = 64  # arrows and the + button stop here; larger layers are typed
MAX_UNITS = 1024
MAX_POINTS = 5000
MAX_SEED = 99_999
DEBOUNCE_MS = 200
LABEL_WIDTH = 84  # one label column width for every group, so the fields line up
MIN_WIDTH = 270  # at the normal 9 pt; grows with the font (presentation mode)
ERROR_COLOR, NOTICE_COLOR = "#c62828", "#2e7d32"

HIDDEN_ACTIVATIONS = [a for a in activations.names() if not activations.get(a).output_only]
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
    "dataset": QT_TR_NOOP("Which points the network learns to classify or fit; all but MNIST are "
                                    "generated from a seed."),
    "gate": QT_TR_NOOP("The logic gate whose four-row truth table is learned."),
    "noise": QT_TR_NOOP("How far points stray from the clean pattern; more noise makes the task harder."),
    "testRatio": QT_TR_NOOP("The share of points held out to measure how well the network generalises."),
    "points": QT_TR_NOOP("How many points the data set has (for MNIST: how many of its images are used)."),
    "dataSeed": QT_TR_NOOP("The random seed of the data: the same seed gives the same points every time."),
    "regenerate": QT_TR_NOOP("Draw a new data set with the next seed (the network is rebuilt)."),
    "shape": QT_TR_NOOP("The layer sizes from input to output; inputs and outputs follow from the data."),
    "units": QT_TR_NOOP("Neurons in this hidden layer (the arrows stop at 64; type up to 1024)."),
    "addUnit": QT_TR_NOOP("One more neuron in this layer."),
    "removeUnit": QT_TR_NOOP("One neuron fewer in this layer."),
    "activation": QT_TR_NOOP("The function each neuron applies to its weighted sum z: a = f(z)."),
    "remove": QT_TR_NOOP("Remove this hidden layer."),
    "dropout": QT_TR_NOOP("During training, each unit of this layer is switched off with this "
                                    "probability, against overfitting."),
    "batchNorm": QT_TR_NOOP("Normalise this layer's z over each batch to mean 0 and variance 1, then "
                                      "scale and shift it."),
    "addLayer": QT_TR_NOOP("Add a hidden layer (more layers can learn more complex shapes, and are "
                                     "harder to train)."),
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


class DataInfo(NamedTuple):
    kind: str
    n_classes: int
    n_inputs: int
    defaults: dict  # the generator's parameters with their default values


@functools.cache
def data_info(name: str) -> DataInfo:
    """What a data set is (kind, classes, input size, parameters) — the same for every seed and size."""
    if name == MNIST_ITEM:
        return DataInfo("multiclass", 10, 28 * 28, {})
    data = datasets.make(name)
    return DataInfo(data.kind, data.n_classes, int(data.x.shape[1]), dict(data.params))


def _tip(widget, key):
    widget.setToolTip(tr(TIPS[key]))
    widget.setObjectName(key)
    if isinstance(widget, QComboBox):
        # let combos shrink with the dock instead of forcing it wide for their longest entry
        widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(4)
    if isinstance(widget, QAbstractSpinBox):
        widget.setKeyboardTracking(False)  # a typed number applies on Enter, not at every keystroke
    return widget


def _fmt(value: float) -> str:
    """The shortest text that reads back as exactly ``value``."""
    text = f"{value:g}"
    return text if float(text) == value else repr(float(value))


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


def _carried(layer: dict, activation: str, shown=()) -> dict:
    """The keys of ``layer`` the panel does not show, minus those the new activation cannot take."""
    keep = {k: v for k, v in layer.items() if k not in ("units", "activation", "alpha", "expression", *shown)}
    if activation == layer.get("activation"):
        keep.update({k: layer[k] for k in ("alpha", "expression") if k in layer})
    return keep


class LayerRow(QWidget):
    """One hidden layer: − units +, activation, remove; dropout and batch norm beneath (advanced)."""

    def __init__(self, panel, index, layer: dict):
        super().__init__()
        self.layer = dict(layer)  # as given: the keys this row does not show are carried over
        self.dense = layer.get("type", "dense") == "dense"
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(3)
        grid.setVerticalSpacing(2)
        self.label = QLabel()
        self.label.setFixedWidth(14)
        self.set_number(index)
        self.remove = _tip(QToolButton(), "remove")
        self.remove.setText("✕")
        self.remove.clicked.connect(lambda: panel.remove_layer(self))
        grid.addWidget(self.label, 0, 0)
        self.second_line = None
        if not self.dense:
            # conv/pool/flatten layers (from a saved session) are kept as they are; the panel edits dense ones
            text = " ".join(str(layer[k]) for k in ("type", "filters", "activation") if k in layer)
            grid.addWidget(QLabel(text), 0, 1, 1, 4)
            grid.addWidget(self.remove, 0, 5)
            return
        self.minus = _tip(QToolButton(), "removeUnit")
        self.minus.setText("−")
        self.units = _tip(UnitsSpinBox(MAX_UNITS, ARROW_MAX_UNITS, tr("Units")), "units")
        self.units.refused.connect(panel.show_refusal)
        self.units.setButtonSymbols(QAbstractSpinBox.NoButtons)
        self.units.setAlignment(Qt.AlignCenter)
        self.units.setFixedWidth(44)
        self.units.setValue(int(layer.get("units", 4)))
        self.plus = _tip(QToolButton(), "addUnit")
        self.plus.setText("+")
        self.activation = _tip(QComboBox(), "activation")
        names = HIDDEN_ACTIVATIONS + (["custom"] if layer.get("expression") else [])
        for name in names:
            self.activation.addItem(name, name)
            formula = f"f(x) = {layer['expression']}" if name == "custom" else activations.get(name).formula
            self.activation.setItemData(self.activation.count() - 1, formula, Qt.ToolTipRole)
        self.activation.setCurrentIndex(max(0, self.activation.findData(layer.get("activation", "linear"))))
        for col, w in enumerate((self.minus, self.units, self.plus, self.activation, self.remove), start=1):
            grid.addWidget(w, 0, col)
        grid.setColumnStretch(4, 1)

        self.dropout = _tip(CheckedDoubleSpinBox(0.0, 0.9, tr("Dropout")), "dropout")
        self.dropout.refused.connect(panel.show_refusal)
        self.dropout.setSingleStep(0.1)
        self.dropout.setDecimals(2)
        self.dropout.setSpecialValueText(tr("off"))
        self.dropout.setValue(float(layer.get("dropout", 0.0)))
        self.batch_norm = _tip(QCheckBox(tr("batch norm")), "batchNorm")
        self.batch_norm.setChecked(bool(layer.get("batch_norm", False)))
        dropout_label = QLabel(tr("dropout"))
        dropout_label.setToolTip(tr(TIPS["dropout"]))
        self.second_line = _row_widget(dropout_label, self.dropout, self.batch_norm, stretch_first=False)
        self.second_line.layout().addStretch(1)
        grid.addWidget(self.second_line, 1, 1, 1, 5)

        self.minus.clicked.connect(lambda: self.units.stepBy(-1))
        self.plus.clicked.connect(lambda: self.units.stepBy(1))
        self.units.valueChanged.connect(self._update_buttons)
        self.units.valueChanged.connect(panel.schedule_apply)
        self.activation.currentIndexChanged.connect(panel.apply)
        self.dropout.valueChanged.connect(panel.schedule_apply)
        self.batch_norm.toggled.connect(panel.apply)
        self._update_buttons()

    def _update_buttons(self):
        self.minus.setEnabled(self.units.value() > 1)
        self.plus.setEnabled(self.units.value() < ARROW_MAX_UNITS)

    def set_number(self, index):
        self.label.setText(f"{index + 1}")
        self.label.setToolTip(tr("Hidden layer {n}").format(n=index + 1))

    def show_advanced(self, on: bool):
        if self.second_line is not None:
            self.second_line.setVisible(on)

    def to_layer(self) -> dict:
        if not self.dense:
            return dict(self.layer)
        activation = self.activation.currentData()
        layer = {"units": self.units.value(), "activation": activation}
        layer.update(_carried(self.layer, activation, ("dropout", "batch_norm")))
        dropout, batch_norm = self.dropout.value(), self.batch_norm.isChecked()
        if dropout or "dropout" in self.layer:
            layer["dropout"] = dropout
        if batch_norm or "batch_norm" in self.layer:
            layer["batch_norm"] = batch_norm
        return layer


class SettingsPanel(QWidget):
    """Data, architecture and training settings; every edit is applied through ``controller.apply_experiment``."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.rows: list[LayerRow] = []
        self._hp_fields: dict[str, object] = {}
        self._hp_labels: list[QLabel] = []
        self._hp_name = None  # the optimizer whose fields are shown
        self._mnist_folder: str | None = None
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
        for name in datasets.names():
            self.dataset.addItem(core_text(name.replace("_", " ")), name)
            self.dataset.setItemData(self.dataset.count() - 1, core_text(datasets.describe(name)), Qt.ToolTipRole)
        self.dataset.addItem(self.tr("MNIST (choose folder…)"), MNIST_ITEM)
        self.dataset.setItemData(self.dataset.count() - 1, self.tr("Handwritten digits 0–9 (28×28 pixels) read "
                                                                   "from a folder holding the MNIST files."),
                                 Qt.ToolTipRole)
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
        for w in (self.noise, self.test_ratio, self.points, self.data_seed):
            w.valueChanged.connect(self.schedule_apply)
        for w in (self.points, self.data_seed):
            w.refused.connect(self.show_refusal)
        _add_row(form, self.tr("Data set"), self.dataset, "dataset")
        _add_row(form, self.tr("Gate"), self.gate, "gate")
        _add_row(form, self.tr("Noise"), _row_widget(self.noise, self.noise_label), "noise")
        _add_row(form, self.tr("Test split"), _row_widget(self.test_ratio, self.test_label), "testRatio")
        self.points_label = _add_row(form, self.tr("Points"), self.points, "points")
        _add_row(form, self.tr("Seed"), _row_widget(self.data_seed, self.regenerate), "dataSeed")
        self.data_source = QLabel()  # for data read from files: which folder, which files, how it is split
        self.data_source.setWordWrap(True)
        self.data_source.setStyleSheet("color: #555;")
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
        self.rows_box.setSpacing(4)
        layout.addLayout(self.rows_box)
        self.no_hidden = QLabel(self.tr("No hidden layer: the inputs feed the output directly (a single-layer "
                                        "perceptron)."))
        self.no_hidden.setWordWrap(True)
        layout.addWidget(self.no_hidden)
        self.add_layer_button = _tip(QPushButton(self.tr("+ layer")), "addLayer")
        self.add_layer_button.clicked.connect(self.add_layer)
        self.advanced = _tip(QCheckBox(self.tr("dropout, batch norm")), "advanced")
        self.advanced.toggled.connect(self._show_advanced)
        layout.addWidget(_row_widget(self.add_layer_button, self.advanced, stretch_first=False))
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
                    f.setText(_fmt(f.exact))

    def _number_field(self, name, value, tip):
        field = QLineEdit(_fmt(float(value)))
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
            self._append_row(layer)
        self._update_rows()

    def _append_row(self, layer):
        row = LayerRow(self, len(self.rows), layer)
        row.show_advanced(self.advanced.isChecked())
        self.rows.append(row)
        self.rows_box.addWidget(row)

    def _update_rows(self):
        for i, row in enumerate(self.rows):
            row.set_number(i)
        self.add_layer_button.setEnabled(len(self.rows) < MAX_HIDDEN)
        self.no_hidden.setVisible(not self.rows)

    def _show_advanced(self, on: bool):
        for row in self.rows:
            row.show_advanced(on)

    def add_layer(self):
        """A new hidden layer just before the output, like the last hidden one (Playground's + button)."""
        if len(self.rows) >= MAX_HIDDEN:
            return
        dense = [r for r in self.rows if r.dense]
        template = dense[-1].to_layer() if dense else {"units": 4, "activation": "tanh"}
        self._append_row({k: v for k, v in template.items() if k not in ("dropout", "batch_norm")})
        self._update_rows()
        self.apply()

    def remove_layer(self, row):
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._update_rows()
        self.apply()

    # -- data -----------------------------------------------------------------------------------------

    def _update_slider_labels(self):
        self.noise_label.setText(f"{self.noise.value()} %")
        self.test_label.setText(self.tr("{p} % test").format(p=self.test_ratio.value()))

    def _update_data_controls(self, name):
        """Enable what the data set takes; MNIST's 'points' are how many of its images are used."""
        params = data_info(name).defaults
        mnist = name == MNIST_ITEM
        self.noise.setEnabled("noise" in params)
        self.noise_label.setEnabled("noise" in params)
        self.points.setEnabled(mnist or "n" in params)
        self.data_seed.setEnabled("seed" in params)
        self.regenerate.setEnabled("seed" in params)
        self.data_form.setRowVisible(self.gate, "op" in params)
        self.points_label.setText(self.tr("Images") if mnist else self.tr("Points"))
        self.points.setRange(100 if mnist else 4, 60_000 if mnist else MAX_POINTS)
        self.points.setSingleStep(1000 if mnist else 50)

    def _on_dataset_changed(self, index):
        self._switched_to = index
        name = self.dataset.currentData()
        was_mnist = self._base["dataset"].get("name") == MNIST_ITEM
        if name == MNIST_ITEM and not self._choose_mnist():
            self.refresh_from(self._base)
            return
        with QSignalBlocker(self.points):
            if name == MNIST_ITEM:
                self.points.setRange(100, 60_000)
                self.points.setValue(int(self._base["dataset"].get("limit") or MNIST_DEFAULT_LIMIT))
            elif was_mnist:
                self.points.setValue(data_info(name).defaults.get("n", self.points.value()))
            self._update_data_controls(name)
        act, loss, _ = self.output.currentData() or (None, None, None)
        self._fill_outputs(data_info(name).kind, act, loss)
        self.apply()

    def _on_dataset_activated(self, index):
        """Picking MNIST again (it is already chosen) asks for another folder."""
        if self.dataset.itemData(index) == MNIST_ITEM and self._switched_to != index and self._choose_mnist():
            self.apply()
        self._switched_to = None

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
        """For MNIST: the folder, the files found and the split, so nobody wonders which images train."""
        session = self.controller.session
        params = session.data.params
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
            defaults = data_info(name).defaults
            shown = {"n": self.points.value(), "noise": self.noise.value() / 100, "seed": self.data_seed.value(),
                     "op": self.gate.currentText()}
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
        return data_info(name).n_classes if units is None else units

    def _update_shape(self):
        name = self.dataset.currentData()
        info = data_info(name)
        n_out = self._output_units(self.output.currentData()[2], name)
        sizes = [info.n_inputs]
        parts = [self.tr("%n input(s)", "", info.n_inputs)]
        for row in self.rows:
            if row.dense:
                sizes.append(row.units.value())
                parts.append(str(row.units.value()))
            else:
                sizes = None
                parts.append(row.layer.get("type", "?"))
        parts.append(self.tr("%n output(s)", "", n_out))
        text = " → ".join(parts)
        if sizes is not None:
            sizes.append(n_out)
            n_params = sum(a * b + b for a, b in itertools.pairwise(sizes))
            text += "\n" + self.tr("{n:,} weights and biases").format(n=n_params)
        self.shape.setText(text)

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
        output.update(_carried(network["layers"][-1], activation))
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
            self.dataset, self.gate, self.noise, self.test_ratio, self.points, self.data_seed, self.output,
            self.init, self.lr.spin, self.lr.slider, self.optimizer, self.batch, self.l2, self.l1,
            self.sampling, self.sampling_seed, self.advanced)]
        data = exp["dataset"]
        name = data["name"]
        self.dataset.setCurrentIndex(max(self.dataset.findData(name), 0))
        if name == MNIST_ITEM:
            self._mnist_folder = data.get("folder") or None
        self._update_data_controls(name)
        self._update_data_source()
        defaults = data_info(name).defaults
        self.gate.setCurrentText(data.get("op", defaults.get("op", "xor")))
        self.noise.setValue(round(100 * data.get("noise", defaults.get("noise", 0.0))))
        self.test_ratio.setValue(round(100 * data.get("test_ratio", 0.0)))
        self._update_slider_labels()
        if name == MNIST_ITEM:
            self.points.setValue(int(data.get("limit") or MNIST_DEFAULT_LIMIT))
        elif "n" in defaults:
            self.points.setValue(int(data.get("n", defaults["n"])))
        self.data_seed.setValue(int(data.get("seed", defaults.get("seed", 0))))

        network = exp["network"]
        hidden, out = network["layers"][:-1], network["layers"][-1]
        if any(layer.get("dropout") or layer.get("batch_norm") for layer in hidden):
            self.advanced.setChecked(True)
        self._set_rows(hidden)
        self._fill_outputs(data_info(name).kind, out.get("activation"), network["loss"], out.get("units"),
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
            return None
        finally:
            self._applying = False
        self._base = self.controller.experiment
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
    if text == _fmt(field.exact):
        return field.exact
    try:
        return float(text)
    except ValueError:
        raise ValueError(tr("{label}: {text} is not a number").format(label=label, text=repr(text))) from None
