"""The settings panel's hidden-layer rows: one per layer kind, each with its own fields and the shape it outputs.

A row turns its widgets back into the layer dict (:meth:`LayerRow.to_layer`). Keys the row does not show
are carried over, and a shown field the layer left out stays out while it has the core's default, so that
showing a layer never changes it. Shapes are not computed here: the panel hands each row its line of
``Network.describe()`` (:meth:`LayerRow.set_shape`).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from visualnet.core import activations
from visualnet.ui.i18n import tr
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox, ExactDoubleSpinBox, UnitsSpinBox

ARROW_MAX_UNITS = 64  # arrows and the + button stop here; larger layers are typed
MAX_UNITS = 1024
ERROR_COLOR = "#c62828"
HIDDEN_ACTIVATIONS = [a for a in activations.names() if not activations.get(a).output_only]
RECURRENT = ("rnn", "lstm", "gru")
POOLS = ("maxpool", "avgpool")

KIND_NAMES = {  # what the row's header calls the layer
    "dense": QT_TR_NOOP("dense"), "conv2d": QT_TR_NOOP("convolution"), "maxpool": QT_TR_NOOP("pooling"),
    "avgpool": QT_TR_NOOP("pooling"), "flatten": QT_TR_NOOP("flatten"), "rnn": QT_TR_NOOP("recurrent"),
    "lstm": QT_TR_NOOP("recurrent"), "gru": QT_TR_NOOP("recurrent"),
}
# what "+ layer" offers, by the layer type it adds
ADD_NAMES = {"dense": QT_TR_NOOP("dense"), "conv2d": QT_TR_NOOP("convolution"),
             "maxpool": QT_TR_NOOP("max pooling"), "avgpool": QT_TR_NOOP("average pooling"),
             "rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
KIND_TIPS = {
    "dense": QT_TR_NOOP("A dense (fully connected) layer: every unit sees every input, a = f(W·x + b)."),
    "conv2d": QT_TR_NOOP("A convolutional layer: each filter slides over the input maps and makes one feature "
                         "map."),
    "maxpool": QT_TR_NOOP("A pooling layer: each window of every map is reduced to one number (its maximum or "
                          "its mean)."),
    "flatten": QT_TR_NOOP("Flatten: the feature maps are laid out as one long vector for the dense layers "
                          "after it."),
    "rnn": QT_TR_NOOP("A recurrent layer: it reads the sequence one step at a time and carries a hidden state "
                      "h from step to step."),
}
KIND_TIPS["avgpool"] = KIND_TIPS["maxpool"]
KIND_TIPS["lstm"] = KIND_TIPS["gru"] = KIND_TIPS["rnn"]
TIPS = {
    "units": QT_TR_NOOP("Neurons in this hidden layer (the arrows stop at 64; type up to 1024)."),
    "addUnit": QT_TR_NOOP("One more neuron in this layer."),
    "removeUnit": QT_TR_NOOP("One neuron fewer in this layer."),
    "activation": QT_TR_NOOP("The function each neuron applies to its weighted sum z: a = f(z)."),
    "remove": QT_TR_NOOP("Remove this hidden layer."),
    "dropout": QT_TR_NOOP("During training, each unit of this layer is switched off with this "
                          "probability, against overfitting."),
    "batchNorm": QT_TR_NOOP("Normalise this layer's z over each batch to mean 0 and variance 1, then "
                            "scale and shift it."),
    "filters": QT_TR_NOOP("How many filters the layer learns: each makes one feature map."),
    "kernel": QT_TR_NOOP("The filter's size F: it looks at F×F pixels of every input map at once."),
    "stride": QT_TR_NOOP("How many pixels the window moves between outputs (S); 2 halves the map."),
    "pad": QT_TR_NOOP("Rows and columns of zeros added around the input (P); 1 keeps a 3×3 filter's map size."),
    "trainable": QT_TR_NOOP("Unticked, the layer is frozen: its gradients are shown but the optimizer never "
                            "moves its weights (transfer learning)."),
    "pool": QT_TR_NOOP("Max pooling keeps each window's largest value, average pooling its mean."),
    "size": QT_TR_NOOP("The pooling window's size: it reduces size×size pixels to one."),
    "cell": QT_TR_NOOP("The recurrent cell: a plain RNN, or an LSTM or GRU whose gates help it remember over "
                       "many steps."),
    "returnSequences": QT_TR_NOOP("Ticked, the layer outputs h at every step (one prediction per step); "
                                  "unticked, only the last step's h."),
}
POOL_NAMES = {"maxpool": QT_TR_NOOP("max"), "avgpool": QT_TR_NOOP("average")}
CELL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def tip(widget, key, tips=None):
    """The one-sentence tooltip of ``key`` (in ``tips``, else this module's) and the object name tests find
    the widget by."""
    widget.setToolTip(tr((TIPS if tips is None else tips)[key]))
    widget.setObjectName(key)
    if isinstance(widget, QComboBox):
        # let combos shrink with the dock instead of forcing it wide for their longest entry
        widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(4)
    if isinstance(widget, QAbstractSpinBox):
        widget.setKeyboardTracking(False)  # a typed number applies on Enter, not at every keystroke
    return widget


def shape_text(shape) -> str:
    """A layer's output as the lessons write it: 8×16×16 (maps × height × width), 6×5 (steps × values), 512."""
    return "×".join(str(n) for n in shape)


def shape_tip(shape) -> str:
    if len(shape) == 3:
        return tr("{c} feature maps of {h}×{w}").format(c=shape[0], h=shape[1], w=shape[2])
    if len(shape) == 2:
        return tr("{f} values at each of {t} time steps").format(t=shape[0], f=shape[1])
    return tr("%n value(s)", "", shape[0])


def carried(layer: dict, activation: str | None, shown=()) -> dict:
    """The keys of ``layer`` the row does not show, minus those the new activation cannot take."""
    keep = {k: v for k, v in layer.items() if k not in ("activation", "alpha", "expression", *shown)}
    if activation is not None and activation == layer.get("activation"):
        keep.update({k: layer[k] for k in ("alpha", "expression") if k in layer})
    return keep


def _spin(key, low, high, value, label, panel):
    box = tip(CheckedSpinBox(low, high, label), key)
    box.setValue(int(value))
    box.setAlignment(Qt.AlignCenter)
    box.setMinimumWidth(40)
    box.refused.connect(panel.show_refusal)
    box.valueChanged.connect(panel.schedule_apply)
    return box


def _activation_combo(layer):
    combo = tip(QComboBox(), "activation")
    names = HIDDEN_ACTIVATIONS + (["custom"] if layer.get("expression") else [])
    for name in names:
        combo.addItem(name, name)
        formula = f"f(x) = {layer['expression']}" if name == "custom" else activations.get(name).formula
        combo.setItemData(combo.count() - 1, formula, Qt.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(layer.get("activation", "linear"))))
    return combo


def _small_label(text, key):
    label = QLabel(text)
    label.setToolTip(tr(TIPS[key]))
    return label


class LayerRow(QWidget):
    """The parts every row has: number, kind, output shape and ✕ on top; the kind's fields beneath;
    a red line under them when the core refused a value of this layer."""

    dense = False

    def __init__(self, panel, index, layer: dict):
        super().__init__()
        self.layer = dict(layer)  # as given: the keys this row does not show are carried over
        self.kind = layer.get("type", "dense")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(3)
        self.grid.setVerticalSpacing(2)
        header = QHBoxLayout()
        header.setSpacing(4)
        self.label = QLabel()
        self.label.setMinimumWidth(14)
        self.kind_label = QLabel(tr(KIND_NAMES[self.kind]))
        self.kind_label.setObjectName("layerKind")
        self.kind_label.setToolTip(tr(KIND_TIPS[self.kind]))
        bold = QFont(self.kind_label.font())
        bold.setBold(True)
        self.kind_label.setFont(bold)
        self.shape = QLabel()  # "→ 8×16×16", from Network.describe()
        self.shape.setObjectName("layerShape")
        self.shape.setForegroundRole(QPalette.PlaceholderText)  # grey in either theme; no style sheet, which
        # would keep the label's font when presentation mode enlarges the application's
        self.shape.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.remove = tip(QToolButton(), "remove")
        self.remove.setText("✕")
        self.remove.clicked.connect(lambda: panel.remove_layer(self))
        for widget, stretch in ((self.label, 0), (self.kind_label, 0), (self.shape, 1), (self.remove, 0)):
            header.addWidget(widget, stretch)
        self.grid.addLayout(header, 0, 0, 1, 4)
        self.error = QLabel()
        self.error.setObjectName("layerError")
        self.error.setWordWrap(True)
        palette = self.error.palette()
        palette.setColor(QPalette.WindowText, QColor(ERROR_COLOR))
        self.error.setPalette(palette)
        self.error.hide()
        self.set_number(index)

    def add_error_line(self, row):
        self.grid.addWidget(self.error, row, 0, 1, 4)

    def set_number(self, index):
        self.label.setText(f"{index + 1}")
        self.label.setToolTip(tr("Hidden layer {n}").format(n=index + 1))

    def set_shape(self, shape):
        """Show the layer's output shape (a tuple from ``LayerInfo.output_shape``), or nothing for None."""
        self.shape.setText("" if shape is None else f"→ {shape_text(shape)}")
        self.shape.setToolTip("" if shape is None else tr("This layer's output: {what}").format(what=shape_tip(shape)))

    def show_error(self, text):
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_advanced(self, on: bool):
        pass

    def to_layer(self) -> dict:
        return dict(self.layer)

    def _with(self, values: dict, defaults: dict, activation=None, shown=()) -> dict:
        """``values`` over the carried keys; a value equal to its default is left out if the layer left it out."""
        layer = carried(self.layer, activation, (*values, *shown))
        for key, value in values.items():
            if key in self.layer or key not in defaults or value != defaults[key]:
                layer[key] = value
        return layer


class DenseRow(LayerRow):
    """− units +, activation; dropout and batch norm beneath (advanced)."""

    dense = True

    def __init__(self, panel, index, layer: dict):
        super().__init__(panel, index, layer)
        self.minus = tip(QToolButton(), "removeUnit")
        self.minus.setText("−")
        self.units = tip(UnitsSpinBox(MAX_UNITS, ARROW_MAX_UNITS, tr("Units")), "units")
        self.units.refused.connect(panel.show_refusal)
        self.units.setButtonSymbols(QAbstractSpinBox.NoButtons)
        self.units.setAlignment(Qt.AlignCenter)
        self.units.setFixedWidth(44)
        self.units.setValue(int(layer.get("units", 4)))
        self.plus = tip(QToolButton(), "addUnit")
        self.plus.setText("+")
        self.activation = _activation_combo(layer)
        line = QHBoxLayout()
        line.setSpacing(3)
        for widget, stretch in ((self.minus, 0), (self.units, 0), (self.plus, 0), (self.activation, 1)):
            line.addWidget(widget, stretch)
        self.grid.addLayout(line, 1, 0, 1, 4)

        self.dropout = tip(ExactDoubleSpinBox(0.0, 0.9, tr("Dropout")), "dropout")  # typed 0.125 shows 0.125
        self.dropout.refused.connect(panel.show_refusal)
        self.dropout.setSingleStep(0.1)
        self.dropout.setSpecialValueText(tr("off"))
        self.dropout.setValue(float(layer.get("dropout", 0.0)))
        self.batch_norm = tip(QCheckBox(tr("batch norm")), "batchNorm")
        self.batch_norm.setChecked(bool(layer.get("batch_norm", False)))
        self.second_line = QWidget()
        second = QHBoxLayout(self.second_line)
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(_small_label(tr("dropout"), "dropout"))
        second.addWidget(self.dropout)
        second.addWidget(self.batch_norm)
        second.addStretch(1)
        self.grid.addWidget(self.second_line, 2, 0, 1, 4)
        self.add_error_line(3)

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

    def show_advanced(self, on: bool):
        self.second_line.setVisible(on)

    def to_layer(self) -> dict:
        activation = self.activation.currentData()
        layer = {"units": self.units.value(), "activation": activation}
        layer.update(self._with({"dropout": self.dropout.value(), "batch_norm": self.batch_norm.isChecked()},
                                {"dropout": 0.0, "batch_norm": False}, activation, ("units",)))
        return layer


class ConvRow(LayerRow):
    """filters, kernel F, stride S, padding P; activation and whether the layer trains."""

    def __init__(self, panel, index, layer: dict):
        super().__init__(panel, index, layer)
        self.filters = _spin("filters", 1, 1024, layer.get("filters", 8), tr("Filters"), panel)
        self.kernel = _spin("kernel", 1, 15, layer.get("kernel", 3), tr("Kernel"), panel)
        self.stride = _spin("stride", 1, 8, layer.get("stride", 1), tr("Stride"), panel)
        self.pad = _spin("pad", 0, 15, layer.get("pad", 0), tr("Padding"), panel)
        self.activation = _activation_combo(layer)
        self.activation.currentIndexChanged.connect(panel.apply)
        self.trainable = tip(QCheckBox(tr("trainable")), "trainable")
        self.trainable.setChecked(bool(layer.get("trainable", True)))
        self.trainable.toggled.connect(panel.apply)
        pairs = ((tr("filters"), self.filters, "filters"), (tr("kernel"), self.kernel, "kernel"),
                 (tr("stride"), self.stride, "stride"), (tr("pad"), self.pad, "pad"))
        for i, (text, box, key) in enumerate(pairs):
            self.grid.addWidget(_small_label(text, key), 1 + i // 2, 2 * (i % 2))
            self.grid.addWidget(box, 1 + i // 2, 2 * (i % 2) + 1)
        self.grid.addWidget(self.activation, 3, 0, 1, 2)
        self.grid.addWidget(self.trainable, 3, 2, 1, 2)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.add_error_line(4)

    def to_layer(self) -> dict:
        activation = self.activation.currentData()
        layer = {"type": "conv2d"}
        layer.update(self._with({"filters": self.filters.value(), "kernel": self.kernel.value(),
                                 "stride": self.stride.value(), "pad": self.pad.value(), "activation": activation,
                                 "trainable": self.trainable.isChecked()},
                                {"kernel": 3, "stride": 1, "pad": 0, "activation": "linear", "trainable": True},
                                activation))
        return layer


class PoolRow(LayerRow):
    """max or average; window size and stride."""

    def __init__(self, panel, index, layer: dict):
        super().__init__(panel, index, layer)
        self.pool = tip(QComboBox(), "pool")
        for kind in POOLS:
            self.pool.addItem(tr(POOL_NAMES[kind]), kind)
        self.pool.setCurrentIndex(max(0, self.pool.findData(self.kind)))
        self.pool.currentIndexChanged.connect(panel.apply)
        self.size = _spin("size", 1, 8, layer.get("size", 2), tr("Window"), panel)
        self.stride = _spin("stride", 1, 8, layer.get("stride", layer.get("size", 2)), tr("Stride"), panel)
        self.grid.addWidget(self.pool, 1, 0, 1, 4)
        self.grid.addWidget(_small_label(tr("size"), "size"), 2, 0)
        self.grid.addWidget(self.size, 2, 1)
        self.grid.addWidget(_small_label(tr("stride"), "stride"), 2, 2)
        self.grid.addWidget(self.stride, 2, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.add_error_line(3)

    def to_layer(self) -> dict:
        size = self.size.value()
        layer = {"type": self.pool.currentData()}
        layer.update(self._with({"size": size, "stride": self.stride.value()}, {"size": 2, "stride": size},
                                shown=("type",)))
        return layer


class FlattenRow(LayerRow):
    """Nothing to set: the header says what it does and the shape it makes."""

    def __init__(self, panel, index, layer: dict):
        super().__init__(panel, index, layer)
        self.add_error_line(1)


class RecurrentRow(LayerRow):
    """cell (RNN, LSTM, GRU), hidden units, and whether every step's h goes on."""

    def __init__(self, panel, index, layer: dict):
        super().__init__(panel, index, layer)
        self.cell = tip(QComboBox(), "cell")
        for kind in RECURRENT:
            self.cell.addItem(CELL_NAMES[kind], kind)
        self.cell.setCurrentIndex(max(0, self.cell.findData(self.kind)))
        self.cell.currentIndexChanged.connect(panel.apply)
        self.units = tip(CheckedSpinBox(1, MAX_UNITS, tr("Units")), "units")
        self.units.setValue(int(layer.get("units", 8)))
        self.units.refused.connect(panel.show_refusal)
        self.units.valueChanged.connect(panel.schedule_apply)
        self.return_sequences = tip(QCheckBox(tr("output at every step")), "returnSequences")
        self.return_sequences.setChecked(bool(layer.get("return_sequences", False)))
        self.return_sequences.toggled.connect(panel.apply)
        self.grid.addWidget(self.cell, 1, 0)
        self.grid.addWidget(_small_label(tr("units"), "units"), 1, 1)
        self.grid.addWidget(self.units, 1, 2)
        self.grid.addWidget(self.return_sequences, 2, 0, 1, 4)
        self.grid.setColumnStretch(0, 1)
        self.add_error_line(3)

    def to_layer(self) -> dict:
        kind = self.cell.currentData()
        shown = ("type",) if kind == "lstm" else ("type", "forget_bias")  # only an LSTM has a forget gate
        layer = {"type": kind}
        layer.update(self._with({"units": self.units.value(), "return_sequences": self.return_sequences.isChecked()},
                                {"return_sequences": False}, shown=shown))
        return layer


ROWS = {"dense": DenseRow, "conv2d": ConvRow, "maxpool": PoolRow, "avgpool": PoolRow, "flatten": FlattenRow,
        "rnn": RecurrentRow, "lstm": RecurrentRow, "gru": RecurrentRow}


def make_row(panel, index, layer: dict) -> LayerRow:
    """The row for ``layer``'s kind."""
    return ROWS[layer.get("type", "dense")](panel, index, layer)
