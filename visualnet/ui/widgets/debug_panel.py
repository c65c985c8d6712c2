"""The Debug panel: plant a bug in one layer's backward pass (or type your own act′) and let the gradient check
find it; the "which layer is wrong?" exercise; training diagnostics per layer.

Everything is computed by :mod:`visualnet.core.debugger` and :mod:`visualnet.core.diagnostics`; this panel
only asks for it (the check in a worker thread, a :class:`~visualnet.ui.thread_job.ProgressJob`) and says what came out. The node
graph's colours come from :func:`verdict_overlay`, which the window hands to the network view.

It lives in a dock beside the experiment settings, not in a tab: the bug's evidence is on the node graph
and in the inspector, and both must stay in sight while the student plants, checks and guesses.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import debugger, gradcheck
from visualnet.core import diagnostics as dg
from visualnet.core.errors import ConfigError
from visualnet.ui import i18n
from visualnet.ui.overlay import Overlay
from visualnet.ui.thread_job import ProgressJob
from visualnet.ui.widgets.plotting import css, line, style_plot

# ranked: a bundle of weights shows its worst; "" = not checked (a sampled check)
CATEGORIES = ("", gradcheck.AGREE, gradcheck.INCONCLUSIVE, gradcheck.DIFFER)
VERDICT_COLORS = ("#b4b8be", "#2e7d32", "#e67800", "#c62828")
VERDICT_WIDTHS = (1.0, 2.0, 2.5, 3.5)
SMALL_NET = 2000  # parameters: up to this many, every element is checked by default
LIMITS = (None, 20, 100, 1000)
MAX_HISTORY = 400  # recorded steps kept for the update-ratio plot
LAYER_COLORS = [(8, 119, 189), (245, 147, 34), (46, 160, 67), (163, 73, 164), (200, 60, 60), (23, 190, 207)]


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("DebugPanel", text, "", n)


def verdict_overlay(report: debugger.Report, layers) -> Overlay:
    """The node graph's colours for a check: each weight and bias by its verdict, the entry layer marked
    (and the planted layer, when the error shows first below it: the missing transpose)."""
    index = {v: k for k, v in enumerate(CATEGORIES)}
    lookup = np.vectorize(lambda v: index.get(str(v), 0), otypes=[int])
    edges, biases = {}, {}
    for info in layers:
        if info.weight in report.params:
            edges[info.index] = lookup(report.params[info.weight].verdicts)
        if info.bias in report.params:
            biases[info.index] = lookup(report.params[info.bias].verdicts)
    marked = {}
    if report.entry_layer is not None:
        marked[report.entry_layer] = tr("⚠ the error enters here")
    if report.plant is not None and report.plant.layer != report.entry_layer:
        marked[report.plant.layer] = tr("✎ the bug is here")
    words = (tr("not checked"), tr("agree"), tr("inconclusive"), tr("differ"))
    legend = tuple((VERDICT_COLORS[k], words[k]) for k in (1, 2, 3, 0))
    return Overlay(VERDICT_COLORS, VERDICT_WIDTHS, edges, biases, legend, marked)


class DebugPanel(QWidget):
    """Three pages: plant a bug and check, the exercise, the diagnostics."""

    presetRequested = Signal(str)  # a finding's lesson preset, for the window to open

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.job = ProgressJob(self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.cancelled.connect(self._on_cancelled)
        self.job.failed.connect(self._on_failed)
        self._job_kind = None  # "check" or "exercise": what the running job computes
        self._job_trace = None
        self.report = None  # the last check's report (the exercise's blind one until answered)
        self.exercise = None
        self.awaiting_answer = False
        self.exercise_seed = 0
        self.answer = None
        self.diagnostics = None
        self._diagnosed = None  # the trace last diagnosed
        self._ratios: deque = deque(maxlen=MAX_HISTORY)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_check_page(), tr("Plant a bug"))
        self.tabs.addTab(self._build_exercise_page(), tr("Which layer?"))
        self.tabs.addTab(self._build_diagnostics_page(), tr("Diagnostics"))
        self.tabs.currentChanged.connect(lambda _index: self._diagnose())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.progress = QProgressBar()
        self.progress.setFormat(tr("checking %v of %m numbers"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop the gradient check (a planted bug stays planted)."))
        self.cancel_button.clicked.connect(self.job.cancel)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 6)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        layout.addLayout(bar)
        self._set_running(False)

        controller.reset.connect(self._on_reset)
        controller.configChanged.connect(self._fill_layers)
        controller.plantChanged.connect(self._update_buttons)
        controller.stepped.connect(self._diagnose)
        self._fill_layers()
        self._default_limit()

    # -- building ---------------------------------------------------------------------------------

    def _build_check_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(tr("The layer whose backward pass gets the bug."))
        self.layer_combo.currentIndexChanged.connect(self._fill_bugs)
        self.bug_combo = QComboBox()
        self.bug_combo.setToolTip(tr("Classic backprop mistakes that can happen in this layer."))
        self.bug_combo.currentIndexChanged.connect(self._on_bug_chosen)
        self.formula_edit = QLineEdit()
        self.formula_edit.setPlaceholderText(tr("act′ in z or a, e.g. a*(1-a)"))
        self.formula_edit.setToolTip(tr("Your derivative of this layer's activation, as a formula in z (the "
                                        "input of the activation) or a (its output): e.g. a*(1-a) for the "
                                        "sigmoid, 1 - a**2 for tanh, z > 0 for ReLU."))
        self.formula_edit.returnPressed.connect(self.plant)
        self.limit_combo = QComboBox()
        for limit in LIMITS:
            self.limit_combo.addItem(tr("every number") if limit is None else
                                     tr("{n} per parameter (sampled)").format(n=limit), limit)
        self.limit_combo.setToolTip(tr("How many gradient numbers of each parameter the check compares with the "
                                       "numerical gradient (two loss evaluations each): on MNIST, checking every "
                                       "one of 40,000 weights takes minutes."))
        for combo in (self.layer_combo, self.bug_combo, self.limit_combo):  # long names: elided, not widening
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        form.addRow(tr("Layer"), self.layer_combo)
        form.addRow(tr("Bug"), self.bug_combo)
        form.addRow(tr("Your act′"), self.formula_edit)
        form.addRow(tr("Check"), self.limit_combo)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        _color(self.explanation, "#555555")
        self.plant_button = QPushButton(tr("Plant and check"))
        self.plant_button.setToolTip(tr("Run backprop with this bug and compare every gradient with the "
                                        "numerical one; training also runs with the bug until you remove it."))
        self.plant_button.clicked.connect(self.plant)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setToolTip(tr("Restore the correct backward pass and check again."))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plant_button)
        buttons.addWidget(self.remove_button)
        self.show_box = QCheckBox(tr("colour the graph"))
        self.show_box.setChecked(True)
        self.show_box.setToolTip(tr("Edges and bias squares coloured by whether backprop agrees with the "
                                    "numerical gradient, instead of by their values."))
        self.show_box.toggled.connect(self._show_report)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.RichText)
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)
        layout.addWidget(self.show_box)
        layout.addWidget(self.result)
        layout.addStretch(1)
        return _scrolled(page)

    def _build_exercise_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(tr("The app plants a bug in one layer without saying where, and checks the gradients. "
                          "Red edges differ from the numerical gradient. Which layer is wrong? Click one of its "
                          "neurons on the node graph, or choose it here."))
        intro.setWordWrap(True)
        self.new_exercise_button = QPushButton(tr("New exercise"))
        self.new_exercise_button.clicked.connect(self.new_exercise)
        self.guess_combo = QComboBox()
        self.answer_button = QPushButton(tr("Answer"))
        self.answer_button.clicked.connect(lambda: self.guess_layer(self.guess_combo.currentData()))
        row = QHBoxLayout()
        row.addWidget(self.guess_combo, 1)
        row.addWidget(self.answer_button)
        self.exercise_label = QLabel()
        self.exercise_label.setWordWrap(True)
        self.exercise_label.setTextFormat(Qt.RichText)
        self.exercise_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.new_exercise_button)
        layout.addLayout(row)
        layout.addWidget(self.exercise_label)
        layout.addStretch(1)
        return _scrolled(page)

    def _build_diagnostics_page(self) -> QWidget:
        page = QWidget()
        self.diagnostics_label = QLabel()
        self.diagnostics_label.setWordWrap(True)
        self.findings_box = QVBoxLayout()
        self.ratio_plot = pg.PlotWidget(background="w")
        self.ratio_plot.setMinimumHeight(200)
        plot = self.ratio_plot.getPlotItem()
        style_plot(plot, None, tr("step"), "‖ΔW‖/‖W‖")
        # log10 of the ratio on a linear axis labelled at whole decades: a log axis crowds its minor labels
        plot.getAxis("left").setTicks([[(k, f"1e{k}") for k in range(-12, 4)], []])
        plot.setMouseEnabled(x=False, y=False)
        self.ratio_legend = plot.addLegend(offset=(-6, 6), labelTextSize=css(10), labelTextColor=(33, 37, 41),
                                           brush=pg.mkBrush(255, 255, 255, 220))
        self.guide_line = pg.InfiniteLine(pos=np.log10(dg.UPDATE_RATIO_GUIDE), angle=0,
                                          pen=pg.mkPen((90, 90, 90), width=line(1.5), style=Qt.DashLine),
                                          label=tr("guide 1e-3"), labelOpts={"position": 0.15, "color": (60, 60, 60)})
        plot.addItem(self.guide_line)  # always in range: the ratios are read against it
        self.ratio_curves: dict = {}
        layout = QVBoxLayout(page)
        layout.addWidget(self.diagnostics_label)
        layout.addLayout(self.findings_box)
        caption = QLabel(tr("Update-to-weight ratio per layer, each recorded step: about 1e-3 is healthy; far "
                            "above, the learning rate is too high; far below, too low."))
        caption.setWordWrap(True)
        _color(caption, "#555555")
        layout.addWidget(caption)
        layout.addWidget(self.ratio_plot, 1)
        return page

    # -- layers and bugs ----------------------------------------------------------------------------

    def _layer_name(self, layer: int) -> str:
        return self.controller.frame().layer_name(layer)

    def _fill_layers(self):
        c = self.controller
        current = self.layer_combo.currentData()
        for combo in (self.layer_combo, self.guess_combo):
            combo.blockSignals(True)
            combo.clear()
        typed = debugger.layers_for(c.net, debugger.TYPED_DERIVATIVE)
        for info in c.layers:
            name = self._layer_name(info.index)
            if debugger.bugs_for(c.net, info.index) or info.index in typed:
                self.layer_combo.addItem(name, info.index)
            self.guess_combo.addItem(name, info.index)
        found = self.layer_combo.findData(current)
        self.layer_combo.setCurrentIndex(max(found, 0))
        for combo in (self.layer_combo, self.guess_combo):
            combo.blockSignals(False)
        self._fill_bugs()
        self._update_buttons()

    def _fill_bugs(self):
        c = self.controller
        layer = self.layer_combo.currentData()
        current = self.bug_combo.currentData()
        self.bug_combo.blockSignals(True)
        self.bug_combo.clear()
        if layer is not None:
            for bug in debugger.bugs_for(c.net, layer):
                self.bug_combo.addItem(bug.name, bug.id)
                self.bug_combo.setItemData(self.bug_combo.count() - 1, bug.explanation, Qt.ToolTipRole)
            if layer in debugger.layers_for(c.net, debugger.TYPED_DERIVATIVE):
                self.bug_combo.addItem(tr("your own act′ (type it below)"), debugger.TYPED_DERIVATIVE)
        self.bug_combo.setCurrentIndex(max(self.bug_combo.findData(current), 0))
        self.bug_combo.blockSignals(False)
        self._on_bug_chosen()

    def _on_bug_chosen(self):
        bug_id = self.bug_combo.currentData()
        typed = bug_id == debugger.TYPED_DERIVATIVE
        self.formula_edit.setEnabled(typed)
        if typed:
            info = self.controller.layers[self.layer_combo.currentData()]
            self.explanation.setText(tr("The true derivative here: act′ = {formula}. Type it, or a wrong one, and "
                                        "see whether the check notices.").format(formula=info.derivative_formula))
        else:
            self.explanation.setText(debugger.bug(bug_id).explanation if bug_id else
                                     tr("No bug of the list applies to this network."))
        self.plant_button.setEnabled(bug_id is not None and not self.job.running)

    def _update_buttons(self):
        running = self.job.running
        self.plant_button.setEnabled(self.bug_combo.currentData() is not None and not running)
        self.remove_button.setEnabled(self.controller.plant is not None and not running)
        self.new_exercise_button.setEnabled(not running)
        self.answer_button.setEnabled(self.awaiting_answer and not running)

    # -- plant, remove, check -------------------------------------------------------------------------

    def plant(self):
        """Plant the chosen bug (or typed act′) in the chosen layer, then check every gradient."""
        c = self.controller
        layer, bug_id = self.layer_combo.currentData(), self.bug_combo.currentData()
        if layer is None or bug_id is None or self.job.running:
            return
        try:
            if bug_id == debugger.TYPED_DERIVATIVE:
                planted = debugger.plant_derivative(c.net, layer, self.formula_edit.text())
            else:
                planted = debugger.plant(c.net, layer, bug_id)
        except ConfigError as exc:
            self._say(self.result, _message(exc), error=True)
            return
        self._end_exercise()
        c.plant_bug(planted)
        self._check(planted)

    def remove(self):
        """The correct backward pass again, checked: every gradient agrees."""
        if self.job.running:
            return
        self._end_exercise()
        self.controller.remove_bug()
        self._check(None)

    def _check(self, planted):
        c = self.controller
        trace, net, limit = c.trace, c.net.clone(), self.limit_combo.currentData()
        self._start("check", trace, lambda progress: debugger.debug_trace(net, trace, planted, limit, progress))
        self._say(self.result, tr("Checking the gradients…"))

    def _start(self, kind, trace, compute):
        self._job_kind, self._job_trace = kind, trace
        self.report = None
        self.controller.show_debug_report(None)
        self._set_running(True)
        self.job.start(compute)

    def _set_running(self, running: bool):
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
        self._update_buttons()

    def _on_progress(self, done: int, total: int):
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_finished(self, result):
        self._set_running(False)
        if self._job_kind != "exercise":
            self.show_check(result, self._job_trace)
            return
        self.report = result
        self.awaiting_answer = True
        self._update_buttons()
        self._say(self.exercise_label, tr("{d} of {n} checked numbers differ. Which layer is wrong? Click one "
                                          "of its neurons on the graph, or choose it above and press Answer.")
                  .format(d=result.counts["differ"], n=sum(result.counts.values())))
        self._show_report()

    @property
    def report_trace(self):
        """The trace the shown report was made on."""
        return self._job_trace

    def show_check(self, report, trace):
        """Show a finished check made on ``trace`` (a panel made anew in another language keeps it)."""
        self._job_kind, self._job_trace, self.report = "check", trace, report
        self._say(self.result, self._summary(report))
        self._update_buttons()
        self._show_report()

    def _on_cancelled(self):
        self._set_running(False)
        label = self.exercise_label if self._job_kind == "exercise" else self.result
        self._say(label, tr("Check cancelled.") + (" " + tr("The bug stays planted until you remove it.")
                                                    if self.controller.plant is not None else ""))

    def _on_failed(self, message: str):
        self._set_running(False)
        self._say(self.exercise_label if self._job_kind == "exercise" else self.result, message, error=True)

    def _show_report(self, *_):
        if self.report is not None and self.show_box.isChecked():
            self.controller.show_debug_report(self.report, self._job_trace)
        else:
            self.controller.show_debug_report(None)

    def _summary(self, report) -> str:
        counts = report.counts
        lines = [tr("Checked {n} numbers: {a} agree, {i} inconclusive, {d} differ.").format(
            n=sum(counts.values()), a=counts["agree"], i=counts["inconclusive"], d=counts["differ"])]
        for layer in reversed(report.layers):
            if not layer.params:
                continue
            symbol = {"differ": "✗", "agree": "✓", "inconclusive": "?"}.get(layer.verdict, "–")
            color = VERDICT_COLORS[CATEGORIES.index(layer.verdict)] if layer.verdict in CATEGORIES else "#555"
            lines.append(f"<span style='color:{color}'><b>{symbol} {self._layer_name(layer.index)}</b></span>: "
                         + tr("{d} differ, {a} agree").format(d=layer.counts["differ"], a=layer.counts["agree"]))
        if report.entry_layer is not None:
            lines.append("<b>" + tr("The error enters in {layer}: the highest layer whose gradients differ; every "
                                    "layer on its input side inherits its wrong δ.").format(
                layer=self._layer_name(report.entry_layer)) + "</b>")
        elif report.plant is None:
            lines.append(tr("The correct backward pass: no gradient differs from the numerical one."))
        if report.first_wrong is not None:
            index, key = report.first_wrong
            factor = report.layers[index].factor(key)
            lines.append(tr("The first wrong number of the backward pass: {symbol} of {layer}. Click an edge of "
                            "that layer: the inspector shows each factor, right and wrong.").format(
                symbol=factor.symbol, layer=self._layer_name(index)))
        if report.plant is not None and report.plant.bug == debugger.TYPED_DERIVATIVE:
            lines.append(f"<i>{report.plant.describe().explanation}</i>")
        return "<br>".join(lines)

    # -- the exercise ------------------------------------------------------------------------------------

    def new_exercise(self):
        """Plant a random bug (seeded: exercise 1, 2, … of this panel) and check, without saying where."""
        c = self.controller
        if self.job.running:
            return
        net = c.net.clone()
        try:
            exercise = debugger.plant_random_bug(net, self.exercise_seed)
        except ConfigError as exc:
            self._say(self.exercise_label, _message(exc), error=True)
            return
        self.exercise_seed += 1
        self.exercise, self.awaiting_answer, self.answer = exercise, False, None
        trace, trainer = c.trace, c.trainer
        if trace is not None:
            x, t, masks = np.array(trace.batch_x), np.array(trace.batch_t), gradcheck.masks_of(trace)
        else:
            n = min(trainer.batch_size, len(trainer.x_train))
            x, t, masks = np.array(trainer.x_train[:n]), np.array(trainer.t_train[:n]), None
        limit = self.limit_combo.currentData()
        self._start("exercise", trace, lambda progress: exercise.check(x, t, masks, limit, progress))
        self._say(self.exercise_label, tr("A bug was planted somewhere. Checking the gradients…"))

    def guess_layer(self, layer):
        """The student's answer (a layer index, or a clicked node's layer): right or wrong, with the evidence."""
        if not self.awaiting_answer or layer is None or layer < 0:
            return
        answer = self.exercise.answer(int(layer))
        self.answer, self.awaiting_answer = answer, False
        self.report = answer.report
        self._update_buttons()
        self._say(self.exercise_label, answer.message, error=not answer.correct, good=answer.correct)
        self._show_report()

    def _end_exercise(self):
        self.exercise, self.awaiting_answer, self.answer = None, False, None
        self.exercise_label.clear()

    # -- diagnostics -------------------------------------------------------------------------------------

    def _diagnose(self):
        """diagnose() of the shown step, once per recorded trace, only while the page is on screen."""
        trace = self.controller.trace
        if trace is None or trace is self._diagnosed or not self.diagnostics_label.isVisible():
            return
        self._diagnosed = trace
        self.diagnostics = found = dg.diagnose(self.controller.net, trace)
        self._show_findings(found)
        ratios = {s.index: s.update_ratio for s in found.layers if s.update_ratio is not None}
        if ratios and (not self._ratios or self._ratios[-1][0] < found.step):
            self._ratios.append((found.step, ratios))
            self._plot_ratios()

    def _show_findings(self, found):
        while self.findings_box.count():
            widget = self.findings_box.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        if not found.findings:
            self.diagnostics_label.setText(tr("Step {step}: nothing to report — no saturated or dead units, no "
                                              "vanishing gradients, update sizes within reach of the guide.")
                                           .format(step=found.step))
            return
        self.diagnostics_label.setText(tr("Step {step}: %n finding(s), worst first.", len(found.findings))
                                       .format(step=found.step))
        for finding in found.findings:
            self.findings_box.addWidget(self._finding_widget(finding))

    def _finding_widget(self, finding) -> QWidget:
        frame = QFrame()
        frame.setFrameShape(QFrame.StyledPanel)
        color = "#c62828" if finding.severity == dg.PROBLEM else "#e67800"
        text = QLabel(f"<b style='color:{color}'>{'✗' if finding.severity == dg.PROBLEM else '⚠'}</b> "
                      f"{finding.sentence}")
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(text)
        frame.finding_text = text
        if finding.preset:
            button = QPushButton(tr("Open the lesson: {name}").format(
                name=i18n.core_text(finding.preset.replace("_", " "))))
            button.setToolTip(tr("Load the lesson preset that shows this problem (the current session is "
                                 "replaced)."))
            button.clicked.connect(lambda _=False, name=finding.preset: self.presetRequested.emit(name))
            layout.addWidget(button, 0, Qt.AlignLeft)
            frame.preset_button = button
        return frame

    def finding_frames(self) -> list:
        return [self.findings_box.itemAt(k).widget() for k in range(self.findings_box.count())]

    def _plot_ratios(self):
        layers = sorted({k for _, ratios in self._ratios for k in ratios})
        for k, layer in enumerate(layers):
            curve = self.ratio_curves.get(layer)
            if curve is None:
                pen = pg.mkPen(LAYER_COLORS[k % len(LAYER_COLORS)], width=line(2))
                curve = self.ratio_curves[layer] = self.ratio_plot.getPlotItem().plot(
                    [], [], pen=pen, name=self._layer_name(layer))
            points = [(step, ratios[layer]) for step, ratios in self._ratios if ratios.get(layer, 0) > 0]
            if points:
                steps, values = zip(*points)
                curve.setData(np.array(steps, float), np.log10(np.array(values, float)))

    # -- reactions ---------------------------------------------------------------------------------------

    def _on_reset(self):
        self.job.cancel()
        self.report, self._diagnosed, self.diagnostics = None, None, None
        self._end_exercise()
        self.result.clear()
        self._ratios.clear()
        self.ratio_legend.clear()
        for curve in self.ratio_curves.values():
            self.ratio_plot.getPlotItem().removeItem(curve)
        self.ratio_curves = {}
        self._fill_layers()
        self._default_limit()

    def _default_limit(self):
        """Every number of a small network; a sample of each parameter's on MNIST (seconds, not minutes)."""
        size = sum(p.size for p in self.controller.net.params.values())
        self.limit_combo.setCurrentIndex(0 if size <= SMALL_NET else 1)

    def showEvent(self, event):
        super().showEvent(event)
        self._diagnose()

    def _say(self, label: QLabel, text: str, error: bool = False, good: bool = False):
        color = "#c62828" if error else "#2e7d32" if good else "#212121"
        _color(label, color)
        label.setText(text)


def _color(label: QLabel, color: str):
    """Text colour by palette, not style sheet: a styled label keeps its font when presentation mode enlarges
    the application's."""
    palette = label.palette()
    palette.setColor(QPalette.WindowText, QColor(color))
    label.setPalette(palette)


def _message(exc: ConfigError) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def _scrolled(page: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the texts wrap to the dock's width
    scroll.setWidget(page)
    return scroll
