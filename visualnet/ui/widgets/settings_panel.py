"""The experiment panel: data, architecture and training settings, applied live through the controller.

Every edit rebuilds the whole experiment dict from the widgets and hands it to
``controller.apply_experiment``: learning rate and optimizer changes keep the weights, data and
architecture changes rebuild the network (the panel says which). Only valid output/loss pairs for the
data's kind are offered, so impossible combinations cannot be picked.
"""

from __future__ import annotations

import copy
import inspect
import math

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import activations, datasets, optimizers

MNIST_ITEM = "mnist"
MAX_HIDDEN = 12
HIDDEN_ACTIVATIONS = [a for a in activations.names() if a != "softmax"] + ["custom"]
# (label, output activation, loss, units: None = one per class) per data kind
OUTPUTS = {
    "binary": [("sigmoid + BCE", "sigmoid", "bce", 1), ("linear + MSE", "linear", "mse", 1),
               ("sigmoid + MSE", "sigmoid", "mse", 1), ("softmax + cross-entropy", "softmax", "cross_entropy", 2)],
    "multiclass": [("softmax + cross-entropy", "softmax", "cross_entropy", None)],
    "regression": [("linear + MSE", "linear", "mse", 1), ("tanh + MSE", "tanh", "mse", 1)],
}
INITS = [("Xavier  √(1/n)", "xavier"), ("He  √(2/n)", "he"), ("std 0.01", 0.01), ("std 1", 1.0),
         ("zeros (symmetry!)", "zeros")]
TIPS = {
    "dataset": "Which points the network learns to classify or fit; all are generated from a seed.",
    "noise": "How far points stray from the clean pattern; more noise makes the task harder.",
    "test": "The share of points held out to measure how well the network generalises.",
    "points": "How many points the data set has.",
    "seed": "The random seed of the data: the same seed gives the same points every time.",
    "regenerate": "Draw a new data set with the next seed (the network is rebuilt).",
    "units": "Neurons in this hidden layer.",
    "activation": "The function each neuron applies to its weighted sum z: a = f(z).",
    "remove": "Remove this hidden layer.",
    "addLayer": "Add a hidden layer (more layers can learn more complex shapes, and are harder to train).",
    "outputLoss": "The output activation and the loss it is paired with; only valid pairs are offered.",
    "init": "How the random starting weights are scaled; bad scales saturate or silence the neurons.",
    "learningRate": "How far each step moves the weights along −gradient; too high diverges, too low crawls.",
    "optimizer": "The rule that turns gradients into weight updates.",
    "batchSize": "How many points each training step averages its gradient over.",
    "l2": "Weight decay: adds ½·l2·Σw² to the loss, pulling weights towards 0 to fight overfitting.",
    "l1": "Adds l1·Σ|w| to the loss, pushing weak weights to exactly 0.",
}


def _tip(widget, key):
    widget.setToolTip(TIPS[key])
    widget.setObjectName(key)
    if isinstance(widget, QComboBox):
        # let combos shrink with the dock instead of forcing it wide for their longest entry
        widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(7)
    return widget


class LogSlider(QWidget):
    """A learning-rate slider on a log scale (1e-5 … 10) with an exact spin box beside it."""

    STEPS_PER_DECADE = 20
    LOW, HIGH = -5, 1

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(self.LOW * self.STEPS_PER_DECADE, self.HIGH * self.STEPS_PER_DECADE)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(6)
        self.spin.setRange(1e-6, 10.0)
        self.spin.setSingleStep(0.001)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(lambda v: self._set_spin(10 ** (v / self.STEPS_PER_DECADE)))
        self.spin.valueChanged.connect(self._set_slider)

    def _set_spin(self, value):
        with QSignalBlocker(self.slider):
            self.spin.setValue(float(f"{value:.3g}"))

    def _set_slider(self, value):
        with QSignalBlocker(self.slider):
            self.slider.setValue(round(math.log10(max(value, 1e-6)) * self.STEPS_PER_DECADE))

    def value(self) -> float:
        return self.spin.value()

    def setValue(self, value: float):
        self.spin.setValue(value)


class LayerRow(QWidget):
    """One hidden layer: units, activation, remove."""

    def __init__(self, panel, index, units, activation, expression=None):
        super().__init__()
        self.expression = expression  # a custom activation's formula (typed in the Activations tab)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(f"{index + 1}")
        self.label.setToolTip(f"Hidden layer {index + 1}")
        self.units = _tip(QSpinBox(), "units")
        self.units.setRange(1, 1024)
        self.units.setValue(units)
        self.activation = _tip(QComboBox(), "activation")
        self.activation.addItems(HIDDEN_ACTIVATIONS)
        if activation in HIDDEN_ACTIVATIONS:
            self.activation.setCurrentText(activation)
        self.remove = _tip(QPushButton("✕"), "remove")
        self.remove.setFixedWidth(28)
        for w in (self.label, self.units, self.activation, self.remove):
            layout.addWidget(w)
        self.units.valueChanged.connect(panel.schedule_apply)
        self.activation.currentIndexChanged.connect(panel.schedule_apply)
        self.remove.clicked.connect(lambda: panel.remove_layer(self))


class SettingsPanel(QScrollArea):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setWidgetResizable(True)
        self.setMinimumWidth(270)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.addWidget(self._data_group())
        layout.addWidget(self._architecture_group())
        layout.addWidget(self._training_group())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("notice")
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self._mnist_folder = None
        self._last_status = ""
        controller.status.connect(lambda text: setattr(self, "_last_status", text))
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.apply)
        controller.reset.connect(lambda: self.refresh_from(controller.experiment))
        controller.configChanged.connect(lambda: self.refresh_from(controller.experiment))
        self.refresh_from(controller.experiment)

    # -- building -------------------------------------------------------------------------------

    def _data_group(self):
        box = QGroupBox("Data")
        form = QFormLayout(box)
        self.dataset = _tip(QComboBox(), "dataset")
        for name in datasets.names():
            self.dataset.addItem(name.replace("_", " "), name)
            self.dataset.setItemData(self.dataset.count() - 1, datasets.describe(name), Qt.ToolTipRole)
        self.dataset.addItem("MNIST (choose folder…)", MNIST_ITEM)
        self.dataset.currentIndexChanged.connect(self._on_dataset_changed)
        self.noise = _tip(QSlider(Qt.Horizontal), "noise")
        self.noise.setRange(0, 50)
        self.noise_label = QLabel()
        self.noise.valueChanged.connect(lambda v: self.noise_label.setText(f"{v} %"))
        self.test_ratio = _tip(QSlider(Qt.Horizontal), "test")
        self.test_ratio.setRange(0, 90)
        self.test_label = QLabel()
        self.test_ratio.valueChanged.connect(lambda v: self.test_label.setText(f"{v} % test"))
        for label in (self.noise_label, self.test_label):
            label.setMinimumWidth(58)
        self.points = _tip(QSpinBox(), "points")
        self.points.setRange(4, 5000)
        self.seed = _tip(QSpinBox(), "seed")
        self.seed.setRange(0, 10**6)
        regenerate = _tip(QPushButton("New"), "regenerate")
        regenerate.clicked.connect(lambda: self.seed.setValue(self.seed.value() + 1))
        for w in (self.noise, self.test_ratio, self.points, self.seed):
            signal = w.valueChanged
            signal.connect(self.schedule_apply)
        form.addRow("Data set", self.dataset)
        form.addRow("Noise", _pair(self.noise, self.noise_label))
        form.addRow("Split", _pair(self.test_ratio, self.test_label))
        form.addRow("Points", self.points)
        form.addRow("Seed", _pair(self.seed, regenerate))
        return box

    def _architecture_group(self):
        box = QGroupBox("Architecture")
        layout = QVBoxLayout(box)
        self.rows_box = QVBoxLayout()
        layout.addLayout(self.rows_box)
        self.rows: list[LayerRow] = []
        self.add_layer_button = _tip(QPushButton("+ hidden layer"), "addLayer")
        self.add_layer_button.clicked.connect(self.add_layer)
        layout.addWidget(self.add_layer_button)
        form = QFormLayout()
        self.output = _tip(QComboBox(), "outputLoss")
        self.output.currentIndexChanged.connect(self.schedule_apply)
        self.init = _tip(QComboBox(), "init")
        for label, value in INITS:
            self.init.addItem(label, value)
        self.init.currentIndexChanged.connect(self.schedule_apply)
        form.addRow("Output + loss", self.output)
        form.addRow("Init", self.init)
        layout.addLayout(form)
        return box

    def _training_group(self):
        box = QGroupBox("Training")
        form = QFormLayout(box)
        self.lr = LogSlider()
        _tip(self.lr, "learningRate")
        self.lr.spin.valueChanged.connect(self.schedule_apply)
        self.optimizer = _tip(QComboBox(), "optimizer")
        for name in optimizers.names():
            self.optimizer.addItem(name, name)
            self.optimizer.setItemData(self.optimizer.count() - 1, optimizers.DESCRIPTIONS[name], Qt.ToolTipRole)
        self.optimizer.currentIndexChanged.connect(self.schedule_apply)
        self.batch = _tip(QSpinBox(), "batchSize")
        self.batch.setRange(1, 512)
        self.batch.valueChanged.connect(self.schedule_apply)
        self.l2 = _tip(QDoubleSpinBox(), "l2")
        self.l1 = _tip(QDoubleSpinBox(), "l1")
        for w in (self.l2, self.l1):
            w.setDecimals(5)
            w.setRange(0.0, 10.0)
            w.setSingleStep(0.001)
            w.valueChanged.connect(self.schedule_apply)
        form.addRow("Learning rate", self.lr)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Batch size", self.batch)
        form.addRow("L2", self.l2)
        form.addRow("L1", self.l1)
        return box

    # -- hidden layers --------------------------------------------------------------------------

    def _set_rows(self, layers):
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for i, layer in enumerate(layers):
            row = LayerRow(self, i, layer.get("units", 4), layer.get("activation", "tanh"), layer.get("expression"))
            self.rows.append(row)
            self.rows_box.addWidget(row)
        self.add_layer_button.setEnabled(len(self.rows) < MAX_HIDDEN)

    def add_layer(self):
        layers = self._hidden_layers()
        layers.append(dict(layers[-1]) if layers else {"units": 4, "activation": "tanh"})
        self._set_rows(layers)
        self.schedule_apply()

    def remove_layer(self, row):
        layers = [layer for r, layer in zip(self.rows, self._hidden_layers()) if r is not row]
        self._set_rows(layers)
        self.schedule_apply()

    def _hidden_layers(self):
        layers = []
        for r in self.rows:
            layer = {"units": r.units.value(), "activation": r.activation.currentText()}
            if layer["activation"] == "custom":
                layer["expression"] = r.expression or "x"
            layers.append(layer)
        return layers

    # -- data kind --------------------------------------------------------------------------------

    def _fill_outputs(self, kind, keep_label=None):
        with QSignalBlocker(self.output):
            self.output.clear()
            for label, *_ in OUTPUTS[kind]:
                self.output.addItem(label)
            if keep_label is not None and self.output.findText(keep_label) >= 0:
                self.output.setCurrentText(keep_label)

    def _on_dataset_changed(self):
        name = self.dataset.currentData()
        if name == MNIST_ITEM and not self._choose_mnist():
            self.refresh_from(self.controller.experiment)
            return
        kind = "multiclass" if name == MNIST_ITEM else datasets.make(name, **self._data_params(name)).kind
        self._fill_outputs(kind, self.output.currentText())
        self._output_kind = kind
        self.schedule_apply()

    def _choose_mnist(self) -> bool:
        folder = QFileDialog.getExistingDirectory(self, "Folder with the MNIST files")
        if not folder:
            return False
        found = datasets.find_mnist([folder])
        if found is None:
            self._show_error(f"No MNIST files in {folder}: expected t10k-images-idx3-ubyte(.gz) and "
                             "t10k-labels-idx1-ubyte(.gz), or mnist.npz.")
            return False
        self._mnist_folder = str(found)
        return True

    def _data_params(self, name):
        fn = datasets.GENERATORS[name][0]
        accepted = inspect.signature(fn).parameters
        params = {}
        if "n" in accepted:
            params["n"] = self.points.value()
        if "noise" in accepted:
            params["noise"] = self.noise.value() / 100
        if "seed" in accepted:
            params["seed"] = self.seed.value()
        if "op" in accepted:
            params["op"] = self.controller.experiment["dataset"].get("op", "xor")
        return params

    # -- experiment <-> widgets ---------------------------------------------------------------------

    def experiment(self) -> dict:
        """The experiment the widgets describe (fields the panel does not own are kept as they are)."""
        exp = copy.deepcopy(self.controller.experiment)
        name = self.dataset.currentData()
        if name == MNIST_ITEM:
            old = exp["dataset"]
            folder = self._mnist_folder or old.get("folder")
            data = {"name": "mnist", "folder": folder, "limit": old.get("limit", 10000)}
        else:
            data = {"name": name, **self._data_params(name)}
        data["test_ratio"] = self.test_ratio.value() / 100
        exp["dataset"] = data
        label = self.output.currentText()
        choice = next((c for c in OUTPUTS[self._output_kind] if c[0] == label), OUTPUTS[self._output_kind][0])
        _, out_act, loss, units = choice
        if units is None:
            units = 10 if name == MNIST_ITEM else max(2, self._n_classes(name))
        network = exp["network"]
        network["layers"] = self._hidden_layers() + [{"units": units, "activation": out_act}]
        network["loss"] = loss
        network["init"] = self.init.currentData()
        network["l2"] = self.l2.value()
        network["l1"] = self.l1.value()
        opt_name = self.optimizer.currentData()
        if exp["optimizer"].get("name") == opt_name:
            exp["optimizer"]["lr"] = self.lr.value()  # other hyperparameters (momentum …) stay as they were
        else:
            exp["optimizer"] = {"name": opt_name, "lr": self.lr.value()}
        exp["batch_size"] = self.batch.value()
        return exp

    def _n_classes(self, name):
        return datasets.make(name, **self._data_params(name)).n_classes

    def refresh_from(self, exp: dict):
        """Set every widget from ``exp`` without applying anything."""
        blockers = [QSignalBlocker(w) for w in (self.dataset, self.noise, self.test_ratio, self.points, self.seed,
                                               self.output, self.init, self.lr.spin, self.lr.slider,
                                               self.optimizer, self.batch, self.l2, self.l1)]
        data = exp["dataset"]
        index = self.dataset.findData(data["name"])
        self.dataset.setCurrentIndex(max(index, 0))
        if data["name"] == MNIST_ITEM:
            self._mnist_folder = data.get("folder")
        self.noise.setValue(round(100 * data.get("noise", 0.0)))
        self.noise_label.setText(f"{self.noise.value()} %")
        self.test_ratio.setValue(round(100 * data.get("test_ratio", 0.0)))
        self.test_label.setText(f"{self.test_ratio.value()} % test")
        self.points.setValue(int(data.get("n", self.points.value() or 200)))
        self.seed.setValue(int(data.get("seed", 0)))
        for w in (self.noise, self.points, self.seed):
            w.setEnabled(data["name"] not in ("truth_table", MNIST_ITEM))
        network = exp["network"]
        self._set_rows(network["layers"][:-1])
        self._output_kind = self.controller.session.data.kind
        self._fill_outputs(self._output_kind)
        out = network["layers"][-1]
        for i, (label, act, loss, _units) in enumerate(OUTPUTS[self._output_kind]):
            if act == out["activation"] and loss == network["loss"]:
                self.output.setCurrentIndex(i)
        init_index = next((i for i, (_, v) in enumerate(INITS) if v == network.get("init", "xavier")), 0)
        self.init.setCurrentIndex(init_index)
        self.lr.setValue(exp["optimizer"].get("lr", optimizers.defaults(exp["optimizer"]["name"])["lr"]))
        self.lr._set_slider(self.lr.value())
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(exp["optimizer"]["name"])))
        self.batch.setValue(exp["batch_size"])
        self.l2.setValue(network.get("l2", 0.0))
        self.l1.setValue(network.get("l1", 0.0))
        del blockers

    _output_kind = "binary"

    # -- applying -------------------------------------------------------------------------------

    def schedule_apply(self, *_):
        self._timer.start()

    def apply(self) -> str | None:
        self._timer.stop()
        outcome = self.controller.apply_experiment(self.experiment())
        if outcome is None:
            self._show_error(self._last_status or "These settings were refused; the session is unchanged.")
            self.refresh_from(self.controller.experiment)
        elif outcome == "reset":
            self._show_notice("Architecture or data changed — the network was rebuilt with new weights.")
        else:
            self._show_notice("Applied; the weights were kept.")
        return outcome

    def _show_error(self, text):
        self.notice.setStyleSheet("color: #c62828;")
        self.notice.setText(text)

    def _show_notice(self, text):
        self.notice.setStyleSheet("color: #2e7d32;")
        self.notice.setText(text)


def _pair(a, b):
    w = QWidget()
    layout = QHBoxLayout(w)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(a, 1)
    layout.addWidget(b)
    return w
