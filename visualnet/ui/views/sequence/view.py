"""The Sequence tab: a recurrent network unrolled in time, stepped forward through time and back through
time (BPTT) with the trace's real numbers, and its predictions.

Stepping: the tab's own "◀ time step" / "time step ▶" walk the stops of the shown trace
(:func:`visualnet.core.recurrent.time_positions`): inside a recurrent layer's forward or backward event the
tab moves by one time step (or gate); across events it asks the controller for the next or previous event,
so the node graph and this tab always show the same event, and stepping back is exact.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import recurrent
from visualnet.core.formatting import fmt
from visualnet.ui.views.sequence import model
from visualnet.ui.views.sequence.bptt import GradientBars
from visualnet.ui.views.sequence.compare import ComparePanel
from visualnet.ui.views.sequence.gates import GateBars
from visualnet.ui.views.sequence.numbers import StepNumbers
from visualnet.ui.views.sequence.predictions import TextPredictions, ValuePredictions, input_text, labels_text
from visualnet.ui.views.sequence.unrolled import UnrolledView
from visualnet.ui.widgets.plotting import css, scaled_font
from visualnet.ui.widgets.throttle import Throttle

MIN_INTERVAL_MS = 33
KIND_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


class SequenceView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.stops: tuple = ()
        self.stop = -1
        self._trace_id = None
        self._event = -1
        self.frame: model.SequenceFrame | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self.no_recurrent = QLabel()
        self.no_recurrent.setFont(scaled_font(15))
        self.no_recurrent.setWordWrap(True)
        self.no_recurrent.setAlignment(Qt.AlignCenter)
        self.no_recurrent.setText(self.tr(
            "This network has no recurrent layer, so there is nothing to unroll in time.\n\n"
            "Open a recurrent lesson (Lessons → rnn_hihello, rnn_sine or rnn_vs_lstm_memory) or give the network "
            "an rnn, lstm or gru layer on sequence data in the settings."))
        self.pages.addWidget(self.no_recurrent)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setFont(scaled_font(12))
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.RichText)
        self.caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        header.addWidget(self.caption, 1)
        self.back_button = QPushButton(self.tr("◀ time step"))
        self.back_button.setToolTip(self.tr("Go back one time step (or event) exactly: forward through time, "
                                            "then backpropagation through time from the last step to the first."))
        self.back_button.clicked.connect(self.step_back)
        self.next_button = QPushButton(self.tr("time step ▶"))
        self.next_button.setToolTip(self.tr("Advance one time step: through the recurrent layer from the first "
                                            "step to the last, then back through time; other layers one event."))
        self.next_button.clicked.connect(self.step)
        self.gates_box = QCheckBox(self.tr("gate by gate"))
        self.gates_box.setToolTip(self.tr("Stop at every gate of an LSTM or GRU step before its new state."))
        self.gates_box.toggled.connect(self._on_gates_toggled)
        layout.addLayout(header)
        controls = QHBoxLayout()  # below the caption, which keeps the whole width for its formula
        for widget in (self.back_button, self.next_button, self.gates_box):
            controls.addWidget(widget)
        self.text_predictions = TextPredictions()
        controls.addWidget(self.text_predictions, 1)
        layout.addLayout(controls)

        split = QSplitter(Qt.Vertical)
        self.unrolled = UnrolledView()
        split.addWidget(self.unrolled)
        bottom = QSplitter(Qt.Horizontal)
        self.numbers = StepNumbers()
        self.gates = GateBars()
        self.bptt = GradientBars()
        self.value_predictions = ValuePredictions()
        self.compare = ComparePanel(controller)
        self.worker = self.compare.worker  # the window and the CLI end its job when the tab goes
        for widgets in ((self.numbers, self.gates), (self.bptt, self.value_predictions, self.compare)):
            column = QSplitter(Qt.Vertical)
            for widget in widgets:
                column.addWidget(widget)
            column.setSizes([450, 550, 550][:len(widgets)])
            bottom.addWidget(column)
        split.addWidget(bottom)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([450, 550])  # a proportion until the tab has its size
        bottom.setSizes([500, 500])
        layout.addWidget(split, 1)
        self.pages.addWidget(content)

        self.throttle = Throttle(self, "refresh", MIN_INTERVAL_MS)
        controller.stepped.connect(self._on_stepped)
        controller.sampleChanged.connect(self._on_stepped)
        controller.reset.connect(self._on_reset)
        controller.configChanged.connect(self._on_reset)
        self._on_reset()

    # -- stepping through time ---------------------------------------------------------------------

    def step(self):
        """One stop forward: the next time step inside the recurrent layer's event, else the next event."""
        if 0 <= self.stop < len(self.stops) - 1 and \
                self.stops[self.stop + 1].event == self.stops[self.stop].event:
            self.stop += 1
            self.refresh()
        else:
            self.controller.substep()

    def fine_step(self, forward: bool):
        """The window's ← / → keys while this tab is shown: a time step, not a whole event."""
        (self.step if forward else self.step_back)()

    def step_back(self):
        if self.stop > 0 and self.stops[self.stop - 1].event == self.stops[self.stop].event:
            self.stop -= 1
            self.refresh()
        else:
            self.controller.substep_back()

    def _on_gates_toggled(self, _on: bool):
        here = self.stops[self.stop] if 0 <= self.stop < len(self.stops) else None
        self.stops = model.stops(self.controller.trace, self.gates_box.isChecked())
        if here is not None:  # the same time step, at its new state
            self.stop = next(k for k, s in enumerate(self.stops)
                             if (s.event, s.step) == (here.event, here.step) and s.gate is None)
        self.refresh()

    def _follow_controller(self):
        """Put the stop on the controller's event: its first time step when moving forward (or onto a new
        step's first event), its last when moving back."""
        trace, position = self.controller.trace, self.controller.position
        new_trace = id(trace) != self._trace_id
        if new_trace:
            self._trace_id = id(trace)
            self.stops = model.stops(trace, self.gates_box.isChecked())
        if trace is None or position < 0:
            self.stop = -1
        elif new_trace or not (0 <= self.stop < len(self.stops)) or self.stops[self.stop].event != position:
            forward = position == 0 if new_trace else position > self._event
            self.stop = model.stop_for_event(self.stops, position, first=forward)
        self._event = position

    # -- reacting to the controller -------------------------------------------------------------------

    def _on_reset(self):
        self._trace_id = None
        self._event = -1
        self.refresh()

    def _on_stepped(self, *_):
        self._follow_controller()
        self.throttle.request()

    def showEvent(self, event):
        super().showEvent(event)
        self.throttle.shown()

    def open_lesson(self, lesson: dict):
        """A preset's lesson: ``{"compare": "memory"}`` trains an RNN and an LSTM on its data at once."""
        if lesson.get("compare") == "memory":
            self.compare.start()

    def set_text_scale(self):
        """Presentation mode: the legends follow the new text size (the plots' titles and axes do by themselves)."""
        self.unrolled._key = None
        for legend in (item for view in self.findChildren(pg.GraphicsView) for item in view.scene().items()
                       if isinstance(item, pg.LegendItem)):
            legend.opts["labelTextSize"] = css(12)
            for _sample, label in legend.items:
                label.setText(label.text, size=css(12))
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------------

    def refresh(self):
        """Draw the stop now (the throttled path calls this; so may anyone, tests too)."""
        self._follow_controller()
        c = self.controller
        frame = model.frame_at(c.layers, c.trace, self.stops, self.stop, c.sample_index)
        self.frame = frame
        if frame is None:
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        data = c.session.data
        vocabulary = getattr(data, "vocabulary", None) or ""
        characters = bool(vocabulary) and c.net.n_outputs > 1
        info = c.layers[-1]
        names = {"Wx": frame.param_names[0], "Wh": frame.param_names[2],
                 "W_out": info.weight if info.dense and info.weight else ""}
        self.unrolled.build(frame, names)
        self.unrolled.set_shared(self._shared(names))
        self.gates_box.setVisible(frame.kind != "rnn")
        x_labels = input_text(frame.x, vocabulary) if frame.traced else None
        y_labels = target_labels = None
        if frame.traced:
            predicted = model.predicted_labels(frame)
            if characters and predicted is not None:
                y_labels = labels_text(predicted, vocabulary)
                target_labels = labels_text(frame.target, vocabulary)
            elif frame.y is not None and frame.output_known:
                y_labels = [fmt(v) for v in frame.y.reshape(-1)]
        self.unrolled.show_frame(frame, x_labels, y_labels, target_labels)
        self.numbers.show_frame(frame)
        self.gates.show_frame(frame)
        self.bptt.show_frame(frame)
        self.text_predictions.setVisible(characters)
        if characters:
            self.text_predictions.show_frame(frame, vocabulary)
        self.value_predictions.setVisible(not characters)
        if not characters:
            self.value_predictions.show_frame(frame)
        self.compare.setVisible(getattr(data, "name", "") == "memory")
        self.caption.setText(self.caption_text(frame))
        self.caption.setToolTip("\n".join(recurrent.FORMULAS[frame.kind]))
        self.back_button.setEnabled(c.trace is not None and not (c.trace_index <= 0 and self.stop < 0))

    def _shared(self, names: dict) -> dict:
        params = self.controller.shown_params()
        return {key: params.get(name) for key, name in names.items() if name}

    def caption_text(self, frame: model.SequenceFrame) -> str:
        kind = KIND_NAMES[frame.kind]
        if not frame.traced:
            return self.tr("{kind} layer, {T} time steps, {H} units: press “time step ▶” to read a sequence "
                           "through it one step at a time.").format(kind=kind, T=frame.steps, H=frame.units)
        t = frame.step
        if frame.phase == "forward" and t is not None:
            if frame.gate is not None:
                return self.tr("<b>forward, step t = {t}</b> — gate {gate} ({name}): {formula}").format(
                    t=t + 1, gate=frame.gate, name=recurrent.GATE_NAMES[frame.gate],
                    formula=recurrent.FORMULAS[frame.kind][0])
            return self.tr("<b>forward through time, step t = {t} of {T}</b>: the pre-activations, the gates and "
                           "the new state (formulas: hover here)").format(t=t + 1, T=frame.steps) \
                if frame.kind != "rnn" else self.tr("<b>forward through time, step t = {t} of {T}</b>: "
                                                    "{formula}").format(t=t + 1, T=frame.steps,
                                                                        formula=recurrent.FORMULAS["rnn"][0])
        if frame.phase == "backward" and t is not None:
            share = frame.wh_step_norms()[t]
            return self.tr("<b>backpropagation through time, step t = {t}</b> (last → first): ‖∂L/∂h_t‖ = "
                           "{norm} · this step's share of ∂L/∂{wh} = h_(t−1)ᵀ·δ_t, norm {share}").format(
                               t=t + 1, norm=fmt(frame.dh_norm[t]), wh=frame.param_names[2], share=fmt(share))
        labels = {"forward": self.tr("forward: the layers above the {kind} act on every step's h_t"),
                  "loss": self.tr("the loss, averaged over every time step's prediction"),
                  "backward": self.tr("backward through the layers above the {kind} layer"),
                  "update": self.tr("update: the optimizer changes the shared weights once for all steps")}
        step = self.controller.trainer.step_count
        return self.tr("<b>step {n}</b> — {what}").format(n=step, what=labels[frame.phase].format(kind=kind))
