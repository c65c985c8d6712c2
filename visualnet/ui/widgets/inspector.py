"""The inspector: the numbers behind one clicked neuron, edge or bias, for the traced sample.

For a node it shows z, a and — once the backward pass got there — δ with both of its factors; for an
edge the chain-rule breakdown δ·a, the batch gradient ∂L/∂w and, beside it, the numerical gradient from
``core.gradcheck`` with its verdict (agree, inconclusive with the reason, or differ). Every number comes
from the frame model or the core; nothing here recomputes the network.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import gradcheck, sequences
from visualnet.core.errors import ConfigError
from visualnet.core.frame import Row, Selection, fmt
from visualnet.core.losses import class_of
from visualnet.ui import colors
from visualnet.ui.widgets.spin_boxes import CheckedSpinBox, refusal_label

VERDICTS = {"agree": ("✓", "#2e7d32"), "inconclusive": ("?", "#e67800"), "differ": ("✗", "#c62828")}
PLAYING_REFRESH_MS = 150  # while playing, refresh at most this often: the inspector is read, not watched


class Inspector(QWidget):
    """Sample chooser, the selected item's numbers with their formulas, any weight by its indices (wide
    layers are drawn as bundles whose single weights cannot be clicked), a weight editor."""

    selectionRequested = Signal(object)  # a Selection typed in here, for the graph to select

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.selection = None
        self.numbers: dict[str, float] = {}  # key → the value displayed, for tests and export
        self._value_labels: dict[str, QLabel] = {}
        self._rows: dict[str, tuple] = {}
        self._new_rows: list = []  # (Row, colour) queued by one refresh
        self._shown_look = None  # what the grid's rows are (keys, symbols, meanings, colours)
        self._check_cache: dict = {}
        self._edit_target = None
        self.check = None  # the last gradient check shown
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(PLAYING_REFRESH_MS)
        self._pending.timeout.connect(self.refresh)

        sample_box = QGroupBox(self.tr("Traced sample"))
        self.sample_spin = CheckedSpinBox()
        self.sample_spin.label = self.tr("Sample")
        self.sample_spin.setPrefix(self.tr("sample "))
        self.sample_spin.setMinimum(1)
        self.sample_spin.setToolTip(self.tr("Which sample of the mini-batch the node graph and this panel show."))
        self.sample_spin.valueChanged.connect(self._on_spin)
        self.sample_info = QLabel()
        self.sample_info.setWordWrap(True)
        self.sample_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(84, 84)
        self.thumbnail.hide()
        row = QHBoxLayout()
        row.addWidget(self.sample_spin)
        row.addStretch(1)
        self.sample_message = refusal_label(self.sample_spin)
        sample_layout = QVBoxLayout(sample_box)
        sample_layout.addLayout(row)
        sample_layout.addWidget(self.sample_message)
        info_row = QHBoxLayout()
        info_row.addWidget(self.sample_info, 1)
        info_row.addWidget(self.thumbnail)
        sample_layout.addLayout(info_row)

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)

        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.RichText)

        edit_box = QGroupBox(self.tr("Edit by hand"))
        self.edit_label = QLabel("w =")
        self.edit_field = QLineEdit()
        self.edit_field.setPlaceholderText(self.tr("a number, e.g. 0.5"))
        self.edit_field.setToolTip(self.tr("Type a new value and press Enter or Apply: the batch is traced again "
                                           "with it, so you see the new output and loss at once."))
        self.edit_field.returnPressed.connect(self.apply_edit)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.clicked.connect(self.apply_edit)
        self.edit_message = QLabel()
        self.edit_message.setWordWrap(True)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_label)
        edit_row.addWidget(self.edit_field, 1)
        edit_row.addWidget(self.apply_button)
        edit_layout = QVBoxLayout(edit_box)
        edit_layout.addLayout(edit_row)
        edit_layout.addWidget(self.edit_message)
        self.edit_box = edit_box

        goto_box = QGroupBox(self.tr("Any weight of this layer"))
        self.goto_label = QLabel("W[")
        self.goto_source = CheckedSpinBox()
        self.goto_source.label = "i"
        self.goto_source.setToolTip(self.tr("The sending unit i (a unit of the layer before)."))
        self.goto_unit = CheckedSpinBox()
        self.goto_unit.label = "j"
        self.goto_unit.setToolTip(self.tr("The receiving unit j (a unit of this layer)."))
        self.goto_button = QPushButton(self.tr("Inspect"))
        self.goto_button.setToolTip(self.tr("Show the weight W[i, j] here, also where the graph draws the layer "
                                            "as a bundle."))
        self.goto_button.clicked.connect(self._request_weight)
        goto_row = QHBoxLayout()
        for widget in (self.goto_label, self.goto_source, QLabel(","), self.goto_unit, QLabel("]"), self.goto_button):
            goto_row.addWidget(widget)
        goto_row.addStretch(1)
        self.goto_message = refusal_label(self.goto_source, self.goto_unit)
        goto_layout = QVBoxLayout(goto_box)
        goto_layout.addLayout(goto_row)
        goto_layout.addWidget(self.goto_message)
        self.goto_box = goto_box
        self._goto_layer = None

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(sample_box)
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        layout.addWidget(line)
        layout.addWidget(self.title)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.notes)
        layout.addWidget(goto_box)
        layout.addWidget(edit_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setMinimumWidth(280)

        controller.stepped.connect(self._schedule)
        controller.sampleChanged.connect(self._schedule)
        controller.debugChanged.connect(self._schedule)
        controller.reset.connect(self._on_reset)
        self.refresh()

    # -- reactions ------------------------------------------------------------------------------

    def show_selection(self, selection):
        self.selection = selection
        self.edit_message.clear()
        self.refresh()
        self._prefill_edit()

    def _on_reset(self):
        self.selection = None
        self._check_cache.clear()
        self.edit_message.clear()
        self.refresh()

    def _schedule(self, *_):
        if self.controller.is_playing:
            if not self._pending.isActive():
                self._pending.start()
        else:
            self._pending.stop()
            self.refresh()

    def _on_spin(self, value: int):
        if value - 1 != self.controller.sample_index:
            self.controller.set_sample(value - 1)

    # -- read access ----------------------------------------------------------------------------

    def displayed(self, key: str) -> str:
        """The text of the value shown for ``key`` (e.g. "z", "delta", "dL_dw", "numerical")."""
        return self._value_labels[key].text()

    def shown_keys(self) -> list[str]:
        return list(self._value_labels)

    def row_text(self, key: str) -> str:
        """The whole row of ``key``: symbol, value and what it means."""
        return " ".join(label.text() for label in self._rows[key])

    # -- building the panel -------------------------------------------------------------------------

    def refresh(self):
        self._pending.stop()
        c = self.controller
        trace = c.trace
        n = len(trace.batch_x) if trace is not None else c.trainer.batch_size
        self._show_spin(n, min(c.sample_index, max(0, n - 1)) + 1)
        self._show_sample(trace)
        self._new_rows = []
        self.numbers = {}
        inspection = c.frame().inspect(self.selection)
        _set_text(self.title, inspection.title)
        for row in inspection.rows:
            self._add(row)
        notes = [_note_html(tone, text) for tone, text in inspection.notes]
        if inspection.check is not None:
            notes += self._check_rows(*inspection.check)
        notes += self._debug_rows()
        self._show_rows(self._new_rows)
        _set_text(self.notes, "<br>".join(notes))
        self.notes.setVisible(bool(notes))
        self._edit_target = inspection.edit
        self.edit_box.setEnabled(inspection.edit is not None)
        self._update_goto()
        _set_text(self.edit_label, "w =" if self.selection is not None and self.selection.kind == "edge" else "b =")

    def _show_spin(self, n: int, value: int):
        """Touch the spin box only for a change: a new suffix relayouts the panel (while playing, every frame)."""
        spin = self.sample_spin
        suffix = self.tr(" of {n}").format(n=n)
        spin.blockSignals(True)
        if spin.maximum() != max(1, n):
            spin.setMaximum(max(1, n))
        if spin.suffix() != suffix:
            spin.setSuffix(suffix)
        if spin.value() != value:
            spin.setValue(value)
        spin.blockSignals(False)

    def _add(self, row: Row, color: str | None = None):
        """Queue a row for :meth:`_show_rows` (the check and debug rows look at what is queued)."""
        self._new_rows.append((row, color))
        if not isinstance(row.value, str):
            self.numbers[row.key] = float(row.value)

    def _show_rows(self, rows: list):
        """The rows in the grid: the same rows as shown (another step, the same selection) only get their
        numbers; other rows are built anew."""
        look = [(row.key, row.symbol, row.meaning, row.tooltip, color) for row, color in rows]
        if look == self._shown_look:
            for row, _color in rows:
                _set_text(self._value_labels[row.key], _value_text(row))
            return
        self._clear_grid()
        self._shown_look = look
        for row, color in rows:
            self._add_widgets(row, color)

    def _clear_grid(self):
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone at once, not after the next event loop turn
                widget.deleteLater()
        self._value_labels = {}
        self._rows = {}
        self._row = 0
        self._shown_look = None

    def _add_widgets(self, row: Row, color: str | None = None):
        tip = row.tooltip or row.meaning
        sym = QLabel(row.symbol)
        sym.setToolTip(tip)
        f = sym.font()
        f.setBold(True)
        sym.setFont(f)
        val = QLabel(_value_text(row))
        val.setTextInteractionFlags(Qt.TextSelectableByMouse)
        val.setWordWrap(True)  # a vector (MNIST's ten outputs) wraps instead of widening the dock
        val.setToolTip(tip)
        if color:
            val.setStyleSheet(f"color: {color}; font-weight: bold;")
        mean = QLabel(row.meaning)
        mean.setWordWrap(True)
        mean.setStyleSheet("color: #555; margin-bottom: 4px;")
        mean.setToolTip(tip)
        # the meaning gets a line of its own under the number: a third column wraps word by word in a dock
        self.grid.addWidget(sym, self._row, 0, Qt.AlignTop)
        self.grid.addWidget(val, self._row, 1, Qt.AlignTop)
        self.grid.addWidget(mean, self._row + 1, 0, 1, 2, Qt.AlignTop)
        for label in (sym, val, mean):
            label.show()  # a layout shows new children of a visible widget only on the next event loop turn
        mean.setVisible(bool(row.meaning))
        self._row += 2
        self._value_labels[row.key] = val
        self._rows[row.key] = (sym, val, mean)

    def _show_sample(self, trace):
        c = self.controller
        self.thumbnail.hide()
        if trace is None or not len(trace.batch_x):
            _set_text(self.sample_info, self.tr("No step traced yet — press → (Event) to trace one."))
            return
        s = min(c.sample_index, len(trace.batch_x) - 1)
        x = np.asarray(trace.batch_x[s])
        t = np.asarray(trace.batch_t[s])
        data = c.session.data
        image_shape = data.image_shape
        if data.x.ndim == 3:  # a sequence: (T, D) inputs and a target per step (or one per sequence)
            _set_text(self.sample_info, self._sequence_text(x, t, data.vocabulary))
            return
        if x.size <= 8:
            x_text = f"x = ({', '.join(fmt(v, 4) for v in x.reshape(-1))})"
        else:
            side = image_shape or (x.shape[-2:] if x.ndim >= 2 else None)
            x_text = self.tr("{shape} image").format(shape="×".join(str(d) for d in side)) if side is not None \
                else self.tr("{n} inputs").format(n=x.size)
            if side is not None and int(np.prod(side)) == x.size:
                self._show_thumbnail(x.reshape(side[-2:]))
        if t.size > 1:
            t_text = self.tr("target: class {k}  (one-hot)").format(k=class_of(t))
        else:
            t_text = self.tr("target t = {t}").format(t=fmt(t.reshape(-1)[0], 4))
        where = ""
        if trace.batch_indices is not None:
            where = self.tr("  (training example #{i})").format(i=int(trace.batch_indices[s]))
        _set_text(self.sample_info, f"{x_text}\n{t_text}{where}")

    def _sequence_text(self, x, t, vocabulary) -> str:
        steps, features = x.shape
        text = self.tr("sequence of {t} time steps × %n feature(s)", "", features).format(t=steps)
        if vocabulary and t.ndim >= 1 and t.dtype.kind in "iu":
            read, wanted = sequences.decode(x.argmax(axis=1), vocabulary), sequences.decode(t, vocabulary)
            return text + "\n" + self.tr("reads “{x}”, should predict “{t}”").format(x=read, t=wanted)
        return text

    def _show_thumbnail(self, img):
        rgba = np.ascontiguousarray(colors.ink_image(img))
        h, w = rgba.shape[:2]
        image = QImage(rgba.data, w, h, 4 * w, QImage.Format_RGBA8888).copy()
        self.thumbnail.setPixmap(QPixmap.fromImage(image).scaled(84, 84, Qt.KeepAspectRatio))
        self.thumbnail.show()

    # -- any weight by its indices ---------------------------------------------------------------------

    def _update_goto(self):
        """Offer W[i, j] of the selected dense layer, with i and j preset to the selection."""
        sel = self.selection
        layers = self.controller.layers
        info = layers[sel.layer] if sel is not None and 0 <= sel.layer < len(layers) else None
        if info is None or not (info.dense and info.weight):
            self.goto_box.setVisible(False)
            self._goto_layer = None
            return
        n_in = info.input_shape[0]
        self.goto_label.setText(f"{info.weight}[")
        self.goto_source.setRange(0, n_in - 1)
        self.goto_unit.setRange(0, info.units - 1)
        if self._goto_layer != (sel.layer, sel.unit, sel.source):
            self.goto_unit.setValue(sel.unit)
            if sel.source is not None:
                self.goto_source.setValue(sel.source)
        self._goto_layer = (sel.layer, sel.unit, sel.source)
        self.goto_box.setVisible(True)

    def _request_weight(self):
        """Inspect W[i, j] as typed: a click on Inspect need not take the focus from a box, so the typed numbers
        are settled first; one out of range is refused and said, and nothing else is inspected instead."""
        if self.selection is None or not all([self.goto_source.commit(), self.goto_unit.commit()]):
            return
        self.selectionRequested.emit(Selection("edge", self.selection.layer, self.goto_unit.value(),
                                               self.goto_source.value()))

    # -- the gradient check ---------------------------------------------------------------------------

    def _check_rows(self, name, index, analytic) -> list[str]:
        """The numerical gradient beside backprop's, and the verdict with its reason; returns notes."""
        c = self.controller
        key = (id(c.trace), name, index)
        if key not in self._check_cache:
            if len(self._check_cache) > 64:
                self._check_cache.clear()
            self._check_cache[key] = c.gradient_check(name, index, analytic)
        check = self._check_cache[key]
        self._add(Row("numerical", self.tr("numerical"), check.numerical,
                      self.tr("(L(p + h) − L(p − h)) / 2h, refined with 2h; ±{u} (h = {h})").format(
                          u=fmt(check.uncertainty, 2), h=fmt(check.h, 2)),
                      self.tr("central differences in training mode with this step's dropout masks and batch: "
                              "four more evaluations of the loss with this one parameter nudged"), digits=10))
        symbol, color = VERDICTS[check.verdict]
        self._add(Row("relative_error", self.tr("rel. error"), f"{check.relative_error:.2e}",
                      f"{symbol} {self._verdict_word(check.verdict)}: {check.reason}",
                      self.tr("|analytic − numerical| / max(|analytic|, |numerical|)")), color=color)
        self.numbers["relative_error"] = check.relative_error
        self.check = check
        notes = []
        if c.net.l2 or c.net.l1:
            notes.append(self.tr("L2/L1 is on: ∂L/∂w = Σ δ·a + l2·w + l1·sign(w) — the penalty's gradient is added "
                                 "to the data term (biases are not penalized)."))
        return notes

    def _debug_rows(self) -> list[str]:
        """While the debugger's check colours the graph: the selected weight's gradient as the (buggy) backward
        pass computed it, the correct one and the numerical one, then the chain-rule factors of the traced
        sample, each wrong one in red beside its right value. Returns notes."""
        c = self.controller
        report, sel = c.shown_debug_report(), self.selection
        if report is None or sel is None or not 0 <= sel.layer < len(report.layers):
            return []
        info, layer = c.layers[sel.layer], report.layers[sel.layer]
        target = {"edge": (info.weight, (sel.source, sel.unit)), "bias": (info.bias, (sel.unit,))}.get(sel.kind)
        if target is not None and target[0] in report.params:
            p, index = report.params[target[0]], target[1]
            checked_here = any(row.key == "numerical" for row, _ in self._new_rows)  # the rows above show backprop and numerical
            if len(index) == p.gradient.ndim and all(0 <= k < n for k, n in zip(index, p.gradient.shape)):
                verdict = str(p.verdicts[index])
                color = VERDICTS[verdict][1] if verdict in VERDICTS else None
                if not checked_here:
                    self._add(Row("debug_gradient", self.tr("backprop"), float(p.gradient[index]),
                                  self.tr("∂L/∂{name} as this backward pass computes it (with the bug, if one "
                                          "is planted)").format(name=target[0]), digits=8), color=color)
                if p.correct is not None:
                    self._add(Row("debug_correct", self.tr("correct"), float(p.correct[index]),
                                  self.tr("what the correct backward pass computes"), digits=8))
                if checked_here:
                    pass  # the inspector's own check above already compares this number
                elif verdict:
                    self._add(Row("debug_numerical", self.tr("numerical"), float(p.numerical[index]),
                                  f"{VERDICTS[verdict][0]} {self._verdict_word(verdict)}", digits=8), color=color)
                else:
                    self._add(Row("debug_numerical", self.tr("numerical"), self.tr("not checked"),
                                  self.tr("the check compared a sample of this parameter's numbers")))
        s, unit = c.sample_index, sel.unit
        keys = ("dL_da", "dL_da_masked", "dact", "delta") if sel.kind != "edge" else ("dL_da", "dact", "delta")
        for key in keys:
            factor = layer.factor(key)
            if factor is None or factor.buggy is None or np.ndim(factor.buggy) != 2:
                continue
            buggy = np.asarray(factor.buggy)
            if not (s < buggy.shape[0] and unit < buggy.shape[1]):
                continue
            if factor.wrong and factor.correct is not None:
                meaning = self.tr("✗ wrong in this backward pass: the right value is {value} (sample {s}, unit "
                                  "{j})").format(value=fmt(float(factor.correct[s, unit]), 6), s=s + 1, j=unit)
            else:
                meaning = self.tr("chain-rule factor for sample {s}, unit {j}").format(s=s + 1, j=unit)
            self._add(Row(f"factor_{key}", factor.symbol, float(buggy[s, unit]), meaning),
                      color=VERDICTS["differ"][1] if factor.wrong else None)
        source = layer.factor("input")
        if sel.kind == "edge" and source is not None and np.ndim(source.correct) == 2 \
                and s < source.correct.shape[0] and sel.source < source.correct.shape[1]:
            self._add(Row("factor_input", source.symbol, float(source.correct[s, sel.source]),
                          self.tr("the other factor of ∂L/∂w = Σ x·δ: never wrong")))
        if not layer.factors:
            return [self.tr("<b>Exercise</b>: the check's verdicts only — which layer's backward pass is wrong?")]
        return [self.tr("<b>Debugger</b>: ∂L/∂w = Σ over the batch of x·δ, δ = ∂L/∂a · act′(z). A factor in red "
                        "is where this backward pass goes wrong.")]

    def _verdict_word(self, verdict: str) -> str:
        return {gradcheck.AGREE: self.tr("agree"), gradcheck.INCONCLUSIVE: self.tr("inconclusive"),
                gradcheck.DIFFER: self.tr("they differ")}[verdict]

    # -- editing -------------------------------------------------------------------------------------

    def _prefill_edit(self):
        target = self._edit_target
        if target is None:
            self.edit_field.clear()
            return
        name, index = target
        self.edit_field.setText(fmt(self.controller.shown_params()[name][index], 6))

    def apply_edit(self):
        target = self._edit_target
        if target is None:
            self._message(self.tr("Select an edge, a bias or a neuron first."), error=True)
            return
        text = self.edit_field.text().strip().replace("−", "-").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self._message(self.tr("“{text}” is not a number — try e.g. 0.5 or -1.2e-3.").format(
                text=self.edit_field.text()), error=True)
            return
        name, index = target
        try:
            self.controller.edit_weight(name, index, value)
        except ConfigError as exc:
            self._message(str(exc).split(": ", 1)[1].capitalize() + ".", error=True)
            return
        self.refresh()
        output = self._value_labels.get("output")
        after = self.tr(" The output for this sample is now y = {y}.").format(y=output.text()) \
            if output is not None else ""
        self._message(f"{name}{list(index)} = {value:g}.{after}")

    def _message(self, text, error=False):
        self.edit_message.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.edit_message.setText(text)


NOTE_COLORS = {"dead": "#c62828", "saturated": "#e67800", "dropped": "#555555"}


def _note_html(tone: str, text: str) -> str:
    if tone not in NOTE_COLORS:
        return text
    head, sep, rest = text.partition(":")
    return f"<b style='color:{NOTE_COLORS[tone]}'>{head}</b>{sep}{rest}"


def _value_text(row: Row) -> str:
    return row.value if isinstance(row.value, str) else fmt(row.value, row.digits)


def _set_text(label: QLabel, text: str):
    """A label gets a text only when it changes: every ``setText`` relayouts the panel."""
    if label.text() != text:
        label.setText(text)
