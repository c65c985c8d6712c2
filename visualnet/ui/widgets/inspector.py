"""The inspector: the numbers behind one clicked neuron, edge or bias, for the traced sample.

For a node it shows z, a and — once the backward pass got there — δ with both of its factors; for an
edge the chain-rule breakdown δ·a, the batch gradient ∂L/∂w and, beside it, the numerical gradient from
``core.analysis.numerical_partial``. Every number comes from the trace events or the core; nothing here
recomputes the network.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, QTimer
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import analysis

CHECK_TOLERANCE = 1e-5
PLAYING_REFRESH_MS = 150  # while playing, refresh at most this often: the inspector is read, not watched
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def num(value, digits=6) -> str:
    """A number as the inspector shows it: plain, parseable by float()."""
    return f"{float(value):.{digits}g}"


class Inspector(QWidget):
    """Sample chooser, the selected item's numbers with their formulas, a weight editor."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.selection = None
        self.numbers: dict[str, float] = {}  # key → the value displayed, for tests and export
        self._value_labels: dict[str, QLabel] = {}
        self._rows: dict[str, tuple] = {}
        self._numerical_cache: dict = {}
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(PLAYING_REFRESH_MS)
        self._pending.timeout.connect(self.refresh)

        sample_box = QGroupBox("Traced sample")
        self.sample_spin = QSpinBox()
        self.sample_spin.setPrefix("sample ")
        self.sample_spin.setMinimum(1)
        self.sample_spin.setToolTip("Which sample of the mini-batch the node graph and this panel show.")
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
        sample_layout = QVBoxLayout(sample_box)
        sample_layout.addLayout(row)
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
        self.grid.setColumnStretch(2, 1)

        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.RichText)

        edit_box = QGroupBox("Edit by hand")
        self.edit_label = QLabel("w =")
        self.edit_field = QLineEdit()
        self.edit_field.setPlaceholderText("a number, e.g. 0.5")
        self.edit_field.setToolTip("Type a new value and press Enter or Apply: the batch is traced again "
                                   "with it, so you see the new output and loss at once.")
        self.edit_field.returnPressed.connect(self.apply_edit)
        self.apply_button = QPushButton("Apply")
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

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(sample_box)
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        layout.addWidget(line)
        layout.addWidget(self.title)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.notes)
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
        self._numerical_cache.clear()
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
        self.sample_spin.blockSignals(True)
        self.sample_spin.setMaximum(max(1, n))
        self.sample_spin.setSuffix(f" of {n}")
        self.sample_spin.setValue(min(c.sample_index, max(0, n - 1)) + 1)
        self.sample_spin.blockSignals(False)
        self._show_sample(trace)
        self._clear_grid()
        self.numbers = {}
        notes: list[str] = []
        sel = self.selection
        if sel is None:
            self.title.setText("Click a neuron, an edge or a bias square in the network to inspect it.")
        elif sel.kind == "edge":
            self._edge_rows(sel, notes)
        elif sel.kind == "bias":
            self._bias_rows(sel, notes)
        else:
            self._node_rows(sel, notes)
        self._output_row()
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))
        editable = sel is not None and (sel.kind != "node" or sel.layer >= 0) and self._editable(sel)
        self.edit_box.setEnabled(editable)
        self.edit_label.setText("w =" if sel is not None and sel.kind == "edge" else "b =")

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

    def _add(self, key: str, symbol: str, value: float | str, meaning: str = "", tooltip: str = "",
             color: str | None = None, digits: int = 6):
        text = value if isinstance(value, str) else num(value, digits)
        sym = QLabel(symbol)
        sym.setToolTip(tooltip or meaning)
        f = sym.font()
        f.setBold(True)
        sym.setFont(f)
        val = QLabel(text)
        val.setTextInteractionFlags(Qt.TextSelectableByMouse)
        val.setToolTip(tooltip or meaning)
        if color:
            val.setStyleSheet(f"color: {color}; font-weight: bold;")
        mean = QLabel(meaning)
        mean.setWordWrap(True)
        mean.setStyleSheet("color: #555;")
        mean.setToolTip(tooltip or meaning)
        for column, label in enumerate((sym, val, mean)):
            self.grid.addWidget(label, self._row, column, Qt.AlignTop)
            label.show()  # a layout shows new children of a visible widget only on the next event loop turn
        self._row += 1
        self._value_labels[key] = val
        self._rows[key] = (sym, val, mean)
        if not isinstance(value, str):
            self.numbers[key] = float(value)

    def _show_sample(self, trace):
        c = self.controller
        self.thumbnail.hide()
        if trace is None or not len(trace.batch_x):
            self.sample_info.setText("No step traced yet — press → (Event) to trace one.")
            return
        s = min(c.sample_index, len(trace.batch_x) - 1)
        x = np.asarray(trace.batch_x[s])
        t = np.asarray(trace.batch_t[s])
        image_shape = getattr(c.session.data, "image_shape", None)
        if x.size <= 8:
            xs = ", ".join(num(v, 4) for v in x.reshape(-1))
            x_text = f"x = ({xs})"
        else:
            side = image_shape or (x.shape[-2:] if x.ndim >= 2 else None)
            x_text = f"{'×'.join(str(d) for d in side)} image" if side is not None else f"{x.size} inputs"
            if side is not None and int(np.prod(side)) == x.size:
                self._show_thumbnail(x.reshape(side[-2:]))
        if t.size > 1:
            t_text = f"target: class {int(t.argmax())}  (one-hot)"
        else:
            t_text = f"target t = {num(t.reshape(-1)[0], 4)}"
        where = ""
        if trace.batch_indices is not None:
            where = f"  (training example #{int(trace.batch_indices[s])})"
        self.sample_info.setText(f"{x_text}\n{t_text}{where}")

    def _show_thumbnail(self, img):
        img = np.asarray(img, dtype=float)
        lo, hi = float(img.min()), float(img.max())
        gray = ((img - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(img)).astype(np.uint8)
        gray = np.ascontiguousarray(255 - gray)
        h, w = gray.shape
        image = QImage(gray.data, w, h, w, QImage.Format_Grayscale8).copy()
        self.thumbnail.setPixmap(QPixmap.fromImage(image).scaled(84, 84, Qt.KeepAspectRatio))
        self.thumbnail.show()

    # -- what the trace holds up to now ----------------------------------------------------------------

    def _reached(self):
        return self.controller.reached_events()

    def _sample(self):
        trace = self.controller.trace
        return 0 if trace is None else int(np.clip(self.controller.sample_index, 0, len(trace.batch_x) - 1))

    def _layer_name(self, layer):
        net = self.controller.net
        if layer == -1:
            return "input"
        if layer == len(net.blocks) - 1:
            return "output"
        return f"hidden {layer + 1}"

    def _act(self, layer):
        block = self.controller.net.blocks[layer]
        return block.act.activation if block.act is not None else None

    def _editable(self, sel):
        block = self.controller.net.blocks[sel.layer] if sel.layer >= 0 else None
        return block is not None and block.has_weights and block.cfg["type"] == "dense"

    def _target(self, t, s, unit):
        t = np.asarray(t)
        n_out = self.controller.net.n_outputs
        if t.ndim == 2 and t.shape[1] == n_out:
            return float(t[s, unit])
        if n_out == 1:
            return float(t.reshape(-1)[s])
        return 1.0 if int(t.reshape(-1)[s]) == unit else 0.0

    # -- rows per kind ------------------------------------------------------------------------------

    def _node_rows(self, sel, notes):
        c = self.controller
        net = c.net
        fwd, bwd, upd, loss = self._reached()
        s = self._sample()
        j = sel.unit
        if sel.layer == -1:
            name = f"x{str(j + 1).translate(SUBSCRIPTS)}"
            self.title.setText(f"Input {name} (column {j} of the batch)")
            first = fwd.get(net.blocks[0].index)
            if first is not None and first.input.ndim == 2:
                self._add("x", name, first.input[s, j], f"input value of sample {s + 1}")
            else:
                notes.append("The input values appear once the forward pass starts.")
            return
        block = net.blocks[sel.layer]
        act = self._act(sel.layer)
        act_name = act.name if act is not None else "linear"
        self.title.setText(f"Neuron: {self._layer_name(sel.layer)} ({act_name}), unit {j}")
        params = c.shown_params()
        f = fwd.get(sel.layer)
        if f is not None and f.z.ndim == 2:
            self._add("z", "z", f.z[s, j], "weighted sum of the inputs plus the bias",
                      "z = Σᵢ wᵢ·xᵢ + b  (for the traced sample)")
            self._add("a", "a", f.a[s, j], f"a = {act_name}(z)",
                      act.formula if act is not None else "a = z")
        else:
            notes.append("z and a appear when the forward pass reaches this layer (→).")
        if block.has_weights:
            bname = block.param_names[1]
            self._add("b", "b", params[bname][j], f"bias {bname}[{j}]")
        is_output = sel.layer == len(net.blocks) - 1
        if is_output and loss is not None and f is not None:
            self._add("y", "y", loss.y[s, j], "network output")
            self._add("t", "t", self._target(loss.t, s, j), "target")
        b = bwd.get(sel.layer)
        if b is not None and b.delta.ndim == 2:
            n = len(c.trace.batch_x)
            if b.dact is None:
                self._add("dL_da", "∂L/∂y", b.dL_da[s, j], "how the loss changes with this output",
                          "∂L/∂y of the loss for the traced sample")
                self._add("delta", "δ", b.delta[s, j],
                          f"δ = (y − t)/N with N = {n}: {act_name} fused with the loss "
                          f"({net.loss_name.upper()}), so act′(z) never appears",
                          "For sigmoid + BCE and softmax + cross-entropy, ∂L/∂z simplifies to (y − t)/N.")
            else:
                self._add("dL_da", "∂L/∂a", b.dL_da[s, j], "what the layers above send back",
                          "∂L/∂a = Σₖ δₖ·wₖ (from the next layer)")
                self._add("dact", "act′(z)", b.dact[s, j], act.derivative_formula if act is not None else "",
                          "the slope of the activation at z")
                self._add("delta", "δ", b.delta[s, j], "δ = ∂L/∂a · act′(z)", "δ = ∂L/∂z, the error signal")
                dead = not np.asarray(b.dact)[:, j].any()
                if dead:
                    notes.append("<b style='color:#c62828'>✖ dead unit</b>: act′(z) = 0 for every sample of "
                                 "the batch, so no gradient reaches its incoming weights.")
                elif abs(b.dact[s, j]) < 0.01:
                    notes.append("<b style='color:#e67800'>⚠ saturated</b> for this sample: |act′(z)| < 0.01, "
                                 "the gradient through it nearly stops.")
            if block.has_weights:
                bname = block.param_names[1]
                self._add("dL_db", "∂L/∂b", b.grads[bname][j], f"whole batch: Σ of δ over the {n} samples",
                          "∂L/∂b = Σₙ δₙ", digits=8)
        else:
            notes.append("δ appears when the backward pass reaches this layer.")
        if block.has_weights:
            self._update_rows(upd.get(block.param_names[1]), (j,), "b")

    def _bias_rows(self, sel, notes):
        c = self.controller
        block = c.net.blocks[sel.layer]
        bname = block.param_names[1]
        j = sel.unit
        self.title.setText(f"Bias {bname}[{j}] of {self._layer_name(sel.layer)}, unit {j}")
        _, bwd, upd, _ = self._reached()
        self._add("b", "b", c.shown_params()[bname][j], "the shown value")
        b = bwd.get(sel.layer)
        if b is not None:
            n = len(c.trace.batch_x)
            self._add("dL_db", "∂L/∂b", b.grads[bname][j], f"Σ of δ over the {n} samples of the batch",
                      "∂L/∂b = Σₙ δₙ", digits=8)
            self._numerical_rows(bname, (j,), float(b.grads[bname][j]), notes)
        else:
            notes.append("∂L/∂b appears when the backward pass reaches this layer.")
        self._update_rows(upd.get(bname), (j,), "b")

    def _edge_rows(self, sel, notes):
        c = self.controller
        net = c.net
        block = net.blocks[sel.layer]
        wname = block.param_names[0]
        i, j = sel.source, sel.unit
        self.title.setText(f"Weight {wname}[{i}, {j}]: {self._layer_name(sel.layer - 1)} unit {i} → "
                           f"{self._layer_name(sel.layer)} unit {j}")
        fwd, bwd, upd, _ = self._reached()
        s = self._sample()
        params = c.shown_params()
        u = upd.get(wname)
        w_before = u.before[i, j] if u is not None else params[wname][i, j]
        self._add("w", "w", w_before, "before this step's update" if u is not None else "the shown value")
        f = fwd.get(sel.layer)
        a_source = None
        if f is not None and f.input.ndim == 2:
            a_source = float(f.input[s, i])
            sym = "x" if sel.layer == 0 else "a"
            self._add("a_source", f"{sym}ᵢ", a_source, f"input {i} of this layer for sample {s + 1}")
            self._add("contribution", f"{sym}·w", a_source * float(w_before),
                      "this edge's share of z for the sample", "z = Σᵢ wᵢ·xᵢ + b")
        b = bwd.get(sel.layer)
        if b is not None and b.delta.ndim == 2:
            n = len(c.trace.batch_x)
            delta = float(b.delta[s, j])
            self._add("delta_unit", "δⱼ", delta, f"δ of unit {j} for sample {s + 1}")
            if a_source is not None:
                self._add("product", "δ·a", delta * a_source,
                          f"= {num(delta, 4)} × {num(a_source, 4)}: this sample's part of ∂L/∂w (chain rule)",
                          "∂L/∂w for one sample = δ (of the receiving unit) · a (of the sending unit)")
            grad = float(b.grads[wname][i, j])
            self._add("dL_dw", "∂L/∂w", grad, f"whole batch: Σ of δ·a over the {n} samples",
                      "∂L/∂W = aᵀ·δ, summed over the batch (δ already carries the 1/N of the mean loss)",
                      digits=10)
            self._numerical_rows(wname, (i, j), grad, notes)
        else:
            notes.append("∂L/∂w appears when the backward pass reaches this layer.")
        self._update_rows(u, (i, j), "w")

    def _update_rows(self, event, index, symbol):
        if event is None:
            return
        after = float(event.after[index])
        self._add(f"{symbol}_after", f"{symbol} new", after, "after the optimizer's update")
        self._add(f"d{symbol}", f"Δ{symbol}", after - float(event.before[index]), "the optimizer's step")

    def _numerical_rows(self, name, index, analytic, notes):
        c = self.controller
        trace = c.trace
        key = (id(trace), name, index)
        if key not in self._numerical_cache:
            if len(self._numerical_cache) > 64:
                self._numerical_cache.clear()
            params = trace.params_before() or None
            self._numerical_cache[key] = analysis.numerical_partial(c.net, trace.batch_x, trace.batch_t, name,
                                                                    index, params=params)
        numerical = self._numerical_cache[key]
        err = analysis.relative_error(analytic, numerical)
        self._add("numerical", "numerical", numerical, "(L(w + h) − L(w − h)) / 2h with h = 1e-5",
                  "central differences: two more evaluations of the loss with this one parameter nudged",
                  digits=10)
        ok = err < CHECK_TOLERANCE
        self._add("relative_error", "rel. error", f"{err:.2e}",
                  "✓ backprop agrees with the numerical gradient" if ok else "✗ they differ",
                  "|analytic − numerical| / max(|analytic|, |numerical|)",
                  color="#2e7d32" if ok else "#c62828")
        self.numbers["relative_error"] = err
        net = c.net
        if any(b.dropout is not None or b.bn is not None for b in net.blocks):
            notes.append("This network has dropout or batch norm: the numerical check runs in evaluation mode "
                         "(no dropout, running statistics), so it may differ from the training-mode gradient.")
        if net.l2 or net.l1:
            notes.append("L2/L1 is on: ∂L/∂w = Σ δ·a + l2·w + l1·sign(w) — the penalty's gradient is "
                         "added to the data term (biases are not penalized).")

    def _output_row(self):
        c = self.controller
        fwd, _, _, _ = self._reached()
        last = c.net.blocks[-1].index
        f = fwd.get(last)
        if f is None or f.a.ndim != 2 or self.selection is None:
            return
        s = self._sample()
        values = ", ".join(num(v, 4) for v in f.a[s][:10])
        self._add("output", "y", f"({values})" if f.a.shape[1] > 1 else values,
                  f"the network's output for sample {s + 1}")

    # -- editing -------------------------------------------------------------------------------------

    def _edit_target(self):
        sel = self.selection
        if sel is None or not self._editable(sel):
            return None
        block = self.controller.net.blocks[sel.layer]
        if sel.kind == "edge":
            return block.param_names[0], (sel.source, sel.unit)
        return block.param_names[1], (sel.unit,)

    def _prefill_edit(self):
        target = self._edit_target()
        if target is None:
            self.edit_field.clear()
            return
        name, index = target
        self.edit_field.setText(num(self.controller.shown_params()[name][index], 6))

    def apply_edit(self):
        target = self._edit_target()
        if target is None:
            self._message("Select an edge, a bias or a neuron first.", error=True)
            return
        text = self.edit_field.text().strip().replace("−", "-").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self._message(f"“{self.edit_field.text()}” is not a number — try e.g. 0.5 or -1.2e-3.", error=True)
            return
        if not math.isfinite(value):
            self._message("The value must be a finite number.", error=True)
            return
        name, index = target
        self.controller.edit_weight(name, index, value)
        self.refresh()
        output = self._value_labels.get("output")
        after = f" The output for this sample is now y = {output.text()}." if output is not None else ""
        self._message(f"{name}{list(index)} = {value:g}.{after}")

    def _message(self, text, error=False):
        self.edit_message.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.edit_message.setText(text)
