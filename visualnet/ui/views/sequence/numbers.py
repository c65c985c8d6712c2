"""The real numbers of the current time step, one column per unit: forward, the pre-activations, the gates
and the new c_t and h_t; backward, ∂L/∂h_t (from the layer above and in all), ∂L/∂c_t and ∂L/∂ of each
gate's pre-activation. Only what the stop has reached is filled in (a gate at a time when stepping gates)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from visualnet.core import recurrent
from visualnet.core.formatting import fmt
from visualnet.ui.views.sequence.model import SequenceFrame

MAX_UNITS = 16
DIGITS = 4


def tr(text: str) -> str:
    return QCoreApplication.translate("SequenceView", text)


def forward_rows(frame: SequenceFrame, t: int) -> list[tuple[str, np.ndarray, str]]:
    """(row label, values per unit, tooltip) of step t's forward pass, as far as the stop has reached."""
    rows = []
    gates = recurrent.GATES[frame.kind]
    if not gates:
        rows += [("x·Wx + bx", frame.input_part[t], tr("the input's part of the pre-activation")),
                 ("h₋₁·Wh + bh", frame.hidden_part[t], tr("the previous state's part (h₀ = 0)")),
                 ("z", frame.preactivation[t], tr("pre-activation z = x·Wx + bx + h₋₁·Wh + bh"))]
        if frame.state_shown(t):
            rows.append(("h = tanh z", frame.h[t], tr("the new hidden state")))
        return rows
    for gate in gates:
        if frame.gate_shown(t, gate):
            rows.append((f"z_{gate}", frame.preactivation[t][frame.gate_slice(gate)],
                         tr("pre-activation of the gate: x·Wx + bx + h₋₁·Wh + bh (its columns)")))
    for gate in gates:
        if frame.gate_shown(t, gate):
            function = "σ" if gate in recurrent.SIGMOID_GATES else "tanh"
            rows.append((f"{gate} = {function}(z_{gate})", frame.gates[gate][t],
                         recurrent.GATE_NAMES[gate]))
    if frame.state_shown(t):
        if frame.c is not None:
            rows.append(("c = f·c₋₁ + i·g", frame.c[t], tr("the new cell state")))
            rows.append(("h = o·tanh c", frame.h[t], tr("the new hidden state")))
        else:
            rows.append(("h = (1 − z)·n + z·h₋₁", frame.h[t], tr("the new hidden state")))
    return rows


def backward_rows(frame: SequenceFrame, t: int) -> list[tuple[str, np.ndarray, str]]:
    rows = [("∂L/∂h (above)", frame.dh_output[t], tr("what the layer above sends at this step")),
            ("∂L/∂h", frame.dh[t], tr("in all: from above plus what step t + 1 sends back"))]
    if frame.dc is not None:
        rows.append(("∂L/∂c", frame.dc[t], tr("through tanh c and, via the forget gate, from step t + 1")))
    for gate in recurrent.GATES[frame.kind] or ("z",):
        cols = frame.gate_slice(gate) if gate != "z" else slice(0, frame.units)
        rows.append((f"∂L/∂z_{gate}" if gate != "z" else "∂L/∂z", frame.dpre[t][cols],
                     tr("δ of the pre-activation; step t's share of ∂L/∂Wh is h₋₁ᵀ·δ")))
    return rows


class StepNumbers(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.rows: list[tuple[str, np.ndarray, str]] = []

    def show_frame(self, frame: SequenceFrame):
        t, which = frame.table_step
        rows = []
        if t is not None:
            rows = forward_rows(frame, t) if which == "forward" else backward_rows(frame, t)
        self.rows = rows
        units = min(frame.units, MAX_UNITS)
        self.setRowCount(len(rows))
        self.setColumnCount(units)
        self.setHorizontalHeaderLabels([str(j + 1) for j in range(units)])
        self.setVerticalHeaderLabels([label for label, _v, _tip in rows])
        for i, (label, values, tip) in enumerate(rows):
            header = self.verticalHeaderItem(i)
            header.setToolTip(tip)
            for j in range(units):
                item = QTableWidgetItem(fmt(values[j], DIGITS))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip(f"{label}, {tr('unit')} {j + 1}: {values[j]!r}")
                self.setItem(i, j, item)

    def shown(self, label: str) -> list[str]:
        """The texts of row ``label`` (tests)."""
        i = [r[0] for r in self.rows].index(label)
        return [self.item(i, j).text() for j in range(self.columnCount())]
