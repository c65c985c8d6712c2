"""Gradient magnitudes per layer: does the gradient reach the first layers, or does it vanish on the way?

The live page shows, for the step on screen, ‖∂L/∂W‖ and mean |δ| of every weighted layer (bars, log
scale), the fraction of dead units (a = 0 for the whole batch) with a red flag above a threshold, and
the history of one of the two numbers (one curve per layer, log scale). The numbers come from the
trainer's history, or from the trace's backward events while a recorded step is replayed (a layer
the backward pass has not reached yet has no bar). Redraws follow ``stepped`` at most ~30 times a
second, with a trailing update, by ``setData`` on persistent items.

The demo page runs :class:`visualnet.core.labs.VanishingGradientRun` — 9 sigmoid layers beside 9 ReLU
layers with He init, same data, seed and batches — in chunks between frames, and draws both side by side.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.core import labs
from visualnet.ui import colors
from visualnet.ui.i18n import tr
from visualnet.ui.widgets.plotting import css, pt, readable_font, scaled_font, style_plot
from visualnet.ui.widgets.throttle import Throttle

MIN_INTERVAL_MS = 33
DEAD_THRESHOLD = 0.25  # a layer with more dead units than this is flagged
DEMO_STEPS = 200
DEMO_WIDTH = 16
DEMO_CHUNK_S = 0.006  # training per timer tick: the event loop stays free to draw
DEMO_DRAW_INTERVAL_S = 0.1
METRICS = {"grad_norms": "‖∂L/∂W‖", "mean_abs_delta": QT_TR_NOOP("mean |δ|")}  # translated when shown
NORM_COLOR = colors.POSITIVE
DELTA_COLOR = (142, 68, 173)
DEAD_COLOR, ALIVE_COLOR = (198, 40, 40), (120, 144, 156)
TEXT = (33, 37, 41)
LINE_WIDTH = 3.0
HEADROOM_DECADES = 0.3  # space above the highest bar
DEAD_AXIS_TOP = 1.22  # the dead-fraction axis goes past 1 so a flag fits above a bar of 100 %
SPARSE_HISTORY = 30  # a history this short shows every point as a dot (a single point is no line)
MIN_HISTORY_STEPS = 10  # the step axis spans at least this many steps, from 0


def layer_colors(n: int) -> list:
    """One colour per layer on the sequential map, light (first layer) to dark (last)."""
    return [colors.SEQUENTIAL.map(t, mode="qcolor") for t in np.linspace(0.3, 1.0, n)] if n else []


def colour_key(n_layers: int, dead_threshold: float | None = None) -> str:
    """The page's legend as one wrapping line of text between the bars and the curves.

    Legends inside the plots would cover bars and curves, and a legend column beside them would not
    fit the ~700 px the main window leaves between its docks. With ``dead_threshold`` it names the
    dashed line of the dead-unit plot too (a label on the line itself would be covered by tall bars).
    """
    def swatch(rgb, mark="■"):
        return f"<span style='color:{QColor(*rgb).name()}'>{mark}</span>"

    bars = tr("bars:") + f" {swatch(NORM_COLOR)} ‖∂L/∂W‖ &nbsp;{swatch(DELTA_COLOR)} " + tr("mean |δ|")
    if dead_threshold is not None:
        flag = tr("dead units: flag above {share}").format(share=f"{dead_threshold:.0%}").replace(" ", "&nbsp;")
        bars += f" &nbsp;&nbsp;·&nbsp;&nbsp; {swatch(DEAD_COLOR, '╌╌')}&nbsp;{flag}"
    layers = " ".join(f"{swatch(c.getRgb()[:3], '━━')}&nbsp;{i + 1}" for i, c in enumerate(layer_colors(n_layers)))
    return f"{bars} &nbsp;&nbsp;·&nbsp;&nbsp; " + tr("curves, layer") + f" {layers}" if n_layers else bars


def _key_label(font) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.RichText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
    label.setFont(font)
    return label


def _plot_area() -> pg.GraphicsLayoutWidget:
    area = pg.GraphicsLayoutWidget()
    area.setBackground("w")
    return area


def _decades(values) -> tuple[int, int] | None:
    """The whole powers of ten around the positive finite values (at least one decade)."""
    values = np.asarray(values, dtype=float)
    positive = values[np.isfinite(values) & (values > 0)]
    if not positive.size:
        return None
    low, high = math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max()))
    return low, max(high, low + 1)


def _set_log_y_range(plot, low: float, high: float, padding: float = 0.0):
    """Show log10 values low…high with a labelled tick at each power of ten and unlabelled ones at 2…9 ×.

    pyqtgraph's own log ticks label 0.02, 0.03, … too once the range spans under three decades, and
    on a short axis those labels overlap.
    """
    plot.setYRange(low, high, padding=padding)
    first, last = math.floor(low), math.ceil(high)
    every = max(1, math.ceil((last - first) / 8))
    major = [(k, _decade_label(k)) for k in range(first, last + 1) if k % every == 0]
    minor = [(k + math.log10(m), "") for k in range(first, last) for m in range(2, 10)] if every == 1 else []
    plot.getAxis("left").setTicks([major, minor])


def _decade_label(exponent: int) -> str:
    return f"{10.0 ** exponent:g}" if -3 <= exponent <= 3 else _power(exponent)


def _power(exponent: int) -> str:
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _layer_ticks(plot, n: int):
    step = 1 if n <= 12 else math.ceil(n / 12)
    plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, n + 1, step)]])
    plot.setXRange(0.4, n + 0.6, padding=0)


def _log_floor(values) -> float:
    """log10 of a round power of ten below the smallest positive value: where log-scale bars start."""
    flat = np.asarray([v for v in values if v is not None and np.isfinite(v) and v > 0], dtype=float)
    return math.floor(math.log10(flat.min())) - 0.5 if flat.size else -3.0


class LayerBars:
    """‖∂L/∂W‖ and mean |δ| per layer as grouped bars on a log axis (bars are drawn in log10 units)."""

    def __init__(self, plot: pg.PlotItem, title: str):
        self.plot = plot
        style_plot(plot, title, tr("layer (input → output)"), "‖∂L/∂W‖, " + tr("mean |δ|"))
        plot.setLogMode(False, True)
        plot.setMouseEnabled(x=False, y=False)
        self.norm_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=pg.mkBrush(*NORM_COLOR),
                                         pen=pg.mkPen(None))
        self.delta_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=pg.mkBrush(*DELTA_COLOR),
                                          pen=pg.mkPen(None))
        for item in (self.norm_bars, self.delta_bars):
            plot.addItem(item)
        self.norms: list = []
        self.deltas: list = []

    def set_values(self, norms, deltas, floor: float, top: float | None = None):
        """Bars for each layer's values (None or ≤ 0: no bar); ``floor`` and ``top`` in log10 units."""
        self.norms, self.deltas = list(norms), list(deltas)
        n = len(self.norms)
        positions = np.arange(1, n + 1, dtype=float)
        for item, values, shift in ((self.norm_bars, self.norms, -0.2), (self.delta_bars, self.deltas, 0.2)):
            logs = np.array([math.log10(v) if v is not None and np.isfinite(v) and v > 0 else floor
                             for v in values], dtype=float)
            item.setOpts(x=positions + shift, y0=np.full(n, floor), height=np.maximum(logs - floor, 0.0))
        _layer_ticks(self.plot, max(n, 1))
        if top is None:
            known = [math.log10(v) for v in self.norms + self.deltas if v is not None and np.isfinite(v) and v > 0]
            top = max(known, default=floor + 1.0)
        _set_log_y_range(self.plot, floor, max(top, floor + 1.0) + HEADROOM_DECADES)

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        """The values the bars show, read back from the items (10 ** top of each bar)."""
        out = []
        for item in (self.norm_bars, self.delta_bars):
            out.append(10.0 ** (np.asarray(item.opts["y0"], dtype=float) + np.asarray(item.opts["height"], dtype=float)))
        return out[0], out[1]


class LayerHistory:
    """One curve per layer against the training step, log-y; curves are reused while the depth stays."""

    def __init__(self, plot: pg.PlotItem, title: str, ylabel: str):
        self.plot = plot
        style_plot(plot, title, tr("training step"), ylabel)
        plot.setLogMode(False, True)
        self.curves: list[pg.PlotDataItem] = []
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((60, 60, 60), width=2.5, style=Qt.DotLine))
        self.marker.hide()
        plot.addItem(self.marker, ignoreBounds=True)

    def set_series(self, steps: np.ndarray, values: np.ndarray, decades: tuple[int, int] | None = None):
        """``values`` (steps, layers); zeros and non-finite values leave gaps (the axis is logarithmic).

        The y axis spans whole ``decades`` (log10 of its ends), by default those around the values.
        """
        n_layers = values.shape[1] if values.ndim == 2 else 0
        if n_layers != len(self.curves):
            for curve in self.curves:
                self.plot.removeItem(curve)
            self.curves = [self.plot.plot([], [], pen=pg.mkPen(color, width=LINE_WIDTH), connect="finite",
                                          symbolBrush=pg.mkBrush(color), symbolPen=pg.mkPen("w", width=1),
                                          symbolSize=9) for color in layer_colors(n_layers)]
        with np.errstate(invalid="ignore"):
            shown = np.where(np.isfinite(values) & (values > 0), values, np.nan) if n_layers else values
        symbol = "o" if len(steps) <= SPARSE_HISTORY else None  # after one step there is no line, only a point
        for i, curve in enumerate(self.curves):
            curve.setSymbol(symbol if np.isfinite(shown[:, i]).any() else None)  # no dots of nothing
            curve.setData(steps, shown[:, i])
        if len(steps) and steps[-1] >= MIN_HISTORY_STEPS:
            self.plot.enableAutoRange(x=True)
            self.plot.vb.updateAutoRange()
        else:  # a short history on whole steps from 0, not on 0.6 … 1.4 around a single point
            self.plot.setXRange(0, MIN_HISTORY_STEPS, padding=0.02)
        decades = decades or _decades(shown)
        if decades is not None:
            _set_log_y_range(self.plot, *decades, padding=0.05)

    def mark(self, step: int | None):
        """A dotted line at the step the bars show (when it is not simply the latest)."""
        self.marker.setVisible(step is not None)
        if step is not None:
            self.marker.setPos(step)


class GradientsView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        readable_font(self)
        self.history_metric = "grad_norms"
        self.demo_run: labs.VanishingGradientRun | None = None

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.summary = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(max(pt(13.0), font.pointSizeF()))
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        header.addWidget(self.summary, 1)
        header.addStretch(0)  # takes the summary's room while the demo hides it, so the buttons keep their size
        self.history_label = QLabel(self.tr("history of"))
        header.addWidget(self.history_label)
        self.metric_box = QComboBox()
        for key, label in METRICS.items():
            self.metric_box.addItem(tr(label), key)
        self.metric_box.setToolTip(self.tr("‖∂L/∂W‖: the size of each layer's weight gradient. mean |δ|: the "
                                           "average size of δ = ∂L/∂z, the error signal backprop hands to the "
                                           "layer."))
        self.metric_box.currentIndexChanged.connect(self._on_metric_changed)
        header.addWidget(self.metric_box)
        self.back_button = QPushButton(self.tr("◀ This network"))
        self.back_button.setToolTip(self.tr("Back to the gradients of the network being trained."))
        self.back_button.clicked.connect(self.show_network)
        header.addWidget(self.back_button)
        self.demo_button = QPushButton(self.tr("Run vanishing-gradient demo"))
        self.demo_button.setToolTip(self.tr("Train 9 sigmoid layers and 9 ReLU layers (He init) side by side for "
                                            "{n} steps on the same data and batches, and compare their "
                                            "gradients layer by layer.").format(n=DEMO_STEPS))
        self.demo_button.clicked.connect(self.run_demo)
        header.addWidget(self.demo_button)
        layout.addLayout(header)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_network_page())
        self.pages.addWidget(self._build_demo_page())
        layout.addWidget(self.pages, 1)
        self.back_button.hide()

        self.throttle = Throttle(self, "refresh", MIN_INTERVAL_MS)
        self._demo_timer = QTimer(self, interval=0)
        self._demo_timer.timeout.connect(self._demo_chunk)
        self._clock = time.perf_counter  # the demo's time budget per tick; tests put a fake clock here
        controller.stepped.connect(self.throttle.request)
        controller.reset.connect(self.refresh)
        controller.configChanged.connect(self.refresh)
        self.refresh()

    # -- pages ----------------------------------------------------------------------------------

    def _build_network_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        plots = _plot_area()
        self.bars = LayerBars(plots.addPlot(row=0, col=0), self.tr("gradient size, this step"))
        self.dead_plot = plots.addPlot(row=0, col=1)
        style_plot(self.dead_plot, self.tr("units dead on the whole batch"), tr("layer (input → output)"),
                   self.tr("dead fraction"))
        self.dead_plot.setToolTip(self.tr("A unit is dead on a batch when its activation a is 0 for every sample, "
                                          "so it passes no gradient back (ReLU with z < 0 everywhere)."))
        self.dead_plot.setMouseEnabled(x=False, y=False)
        # room above a 100 % bar for its "⚠ 100%" flag; ticks only up to 1
        self.dead_plot.setYRange(0, DEAD_AXIS_TOP, padding=0)
        self.dead_plot.getAxis("left").setTicks([[(v, f"{v:.1f}") for v in np.linspace(0, 1, 6)]])
        self.dead_bars = pg.BarGraphItem(x=[], height=[], width=0.6, pen=pg.mkPen(None))
        self.dead_plot.addItem(self.dead_bars)
        # named in the key below the plots: a label on the line would be covered by the bars it flags
        self.dead_line = pg.InfiniteLine(pos=DEAD_THRESHOLD, angle=0,
                                         pen=pg.mkPen(DEAD_COLOR, width=2.5, style=Qt.DashLine))
        self.dead_line.setToolTip(self.tr("Layers with more than {share} dead units are flagged.").format(
            share=f"{DEAD_THRESHOLD:.0%}"))
        self.dead_plot.addItem(self.dead_line)
        self.dead_flags: list[pg.TextItem] = []
        plots.ci.layout.setColumnStretchFactor(0, 3)
        plots.ci.layout.setColumnStretchFactor(1, 2)
        column.addWidget(plots, 1)
        self.key = _key_label(self.font())
        self._key_layers = -1
        column.addWidget(self.key)
        history = _plot_area()
        self.history = LayerHistory(history.addPlot(), "", "")
        self._label_history()
        column.addWidget(history, 1)
        return page

    def _build_demo_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.demo_caption = QLabel()
        self.demo_caption.setWordWrap(True)
        self.demo_caption.setTextFormat(Qt.RichText)
        self.demo_caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        font = QFont(self.font())
        font.setPointSizeF(max(pt(12.0), font.pointSizeF()))
        self.demo_caption.setFont(font)
        column.addWidget(self.demo_caption)
        bars, histories = _plot_area(), _plot_area()
        self.demo_bars, self.demo_history = {}, {}
        titles = {"sigmoid": self.tr("sigmoid, Xavier init"), "relu": self.tr("ReLU, He init")}
        depth = labs.VANISHING_HIDDEN + 1
        for col, kind in enumerate(labs.VANISHING_KINDS):
            self.demo_bars[kind] = LayerBars(bars.addPlot(row=0, col=col),
                                             self.tr("{name}: last step").format(name=titles[kind]))
            self.demo_history[kind] = LayerHistory(histories.addPlot(row=0, col=col),
                                                   f"{titles[kind]}: ‖∂L/∂W‖", "‖∂L/∂W‖")
            # the demo's curves exist from the start, so starting the demo does not stall on building them
            self.demo_history[kind].set_series(np.empty(0), np.empty((0, depth)))
        column.addWidget(bars, 1)
        key = _key_label(self.font())
        key.setText(colour_key(depth))
        column.addWidget(key)
        column.addWidget(histories, 1)
        return page

    # -- live network ---------------------------------------------------------------------------

    def _on_metric_changed(self):
        self.history_metric = self.metric_box.currentData()
        self._label_history()
        self.refresh()

    def _label_history(self):
        symbol = tr(METRICS[self.history_metric])
        self.history.plot.setTitle(self.tr("{symbol} per layer during training").format(symbol=symbol), size=css(13),
                                   color="#212529")
        self.history.plot.setLabel("left", symbol, **{"font-size": css(12), "color": "#212529"})

    def showEvent(self, event):
        super().showEvent(event)
        self.controller.watch_summaries(self, True)  # fast play computes them only while they are seen
        self.throttle.shown()

    def hideEvent(self, event):
        self.controller.watch_summaries(self, False)
        super().hideEvent(event)

    def refresh(self):
        """Redraw the live page from the controller (skipped while hidden, and done on showing)."""
        if not self.isVisible() or self.pages.currentIndex() != 0:
            self.throttle.stale = True
            return
        self.throttle.stale = False
        controller = self.controller
        names = controller.net.weight_names()
        history = controller.trainer.history
        steps, values = history.series()[self.history_metric].arrays()
        self.history.set_series(steps, values.reshape(len(steps), -1) if len(steps) else np.empty((0, len(names))))
        summaries, where = self.current_summaries()
        norms = [None if s is None else s["grad_norm"] for s in summaries]
        deltas = [None if s is None else s["mean_abs_delta"] for s in summaries]
        dead = [None if s is None else s["dead_fraction"] for s in summaries]
        self.bars.set_values(norms, deltas, _log_floor(norms + deltas))
        self._draw_dead(dead)
        if len(names) != self._key_layers:
            self._key_layers = len(names)
            self.key.setText(colour_key(len(names), DEAD_THRESHOLD))
        trace = controller.trace
        self.history.mark(trace.step if trace is not None and not controller.at_newest else None)
        self.summary.setText(self._summary_text(where, norms))

    def current_summaries(self) -> tuple[list[dict | None], str]:
        """Per weighted layer: grad_norm, mean_abs_delta, dead_fraction — and where they came from."""
        controller = self.controller
        names = controller.net.weight_names()
        trace = controller.trace
        if trace is not None:
            _, backward, _, _ = controller.reached_events()
            return labs.gradient_summaries(backward.values(), names), \
                self.tr("traced step {n}").format(n=trace.step)
        history = controller.trainer.history
        if not len(history.grad_norms):
            return [None] * len(names), None
        columns = (history.grad_norms.last(), history.mean_abs_delta.last(), history.dead_fraction.last())
        summaries = [{"grad_norm": g, "mean_abs_delta": d, "dead_fraction": f} for g, d, f in zip(*columns)]
        return summaries, self.tr("step {n}").format(n=history.grad_norms.steps[-1])

    def _draw_dead(self, dead):
        n = len(dead)
        fractions = np.array([0.0 if f is None else f for f in dead])
        brushes = [pg.mkBrush(*(DEAD_COLOR if f > DEAD_THRESHOLD else ALIVE_COLOR)) for f in fractions]
        self.dead_bars.setOpts(x=np.arange(1, n + 1), height=fractions, brushes=brushes)
        while len(self.dead_flags) < n:
            flag = pg.TextItem(color=DEAD_COLOR, anchor=(0.5, 1))
            flag.setFont(scaled_font(11, bold=True))
            self.dead_plot.addItem(flag)
            self.dead_flags.append(flag)
        for i, flag in enumerate(self.dead_flags):
            flagged = bool(i < n and fractions[i] > DEAD_THRESHOLD)
            flag.setVisible(flagged)
            if flagged:
                flag.setText(f"⚠ {fractions[i]:.0%}")
                flag.setPos(i + 1, fractions[i] + 0.02)
        _layer_ticks(self.dead_plot, max(n, 1))

    def flagged_layers(self) -> list[int]:
        """1-based numbers of the layers flagged for dead units."""
        return [i + 1 for i, flag in enumerate(self.dead_flags) if flag.isVisible()]

    def _summary_text(self, where: str | None, norms) -> str:
        """``where``: which step the numbers are of (None: no step yet)."""
        known = [(i + 1, v) for i, v in enumerate(norms) if v is not None]
        if not known:
            if where is None:
                return self.tr("No gradients yet: take a training step (Shift+→) or press Play.")
            return self.tr("{where}: the backward pass has not reached a layer yet.").format(where=where)
        listed = ", ".join(f"{v:.2g}" for _, v in known[:8]) + (" …" if len(known) > 8 else "")
        missing = len(norms) - len(known)
        note = self.tr(" (backward pass: %n layer(s) to go)", "", missing) if missing else ""
        return self.tr("{where} · ‖∂L/∂W‖ by layer: {listed}").format(where=where, listed=listed) + note

    # -- the vanishing-gradient demo ------------------------------------------------------------

    def run_demo(self):
        """Start (or restart) the side-by-side run; it trains in chunks between frames."""
        self.demo_run = labs.VanishingGradientRun(seed=0, width=DEMO_WIDTH)
        self._demo_drawn_at = -math.inf
        self.pages.setCurrentIndex(1)
        for widget in (self.summary, self.history_label, self.metric_box):  # the caption says it all
            widget.hide()
        self.back_button.show()
        self.demo_caption.setText(self.tr("Vanishing gradients: 9 sigmoid layers beside 9 ReLU layers …"))
        self._demo_timer.start()

    def show_network(self):
        self._demo_timer.stop()
        self.pages.setCurrentIndex(0)
        self.back_button.hide()
        for widget in (self.summary, self.history_label, self.metric_box):
            widget.show()
        self.refresh()

    @property
    def demo_done(self) -> bool:
        return self.demo_run is not None and self.demo_run.steps_done >= DEMO_STEPS

    def _demo_chunk(self):
        run = self.demo_run
        start = self._clock()
        while run.steps_done < DEMO_STEPS and self._clock() - start < DEMO_CHUNK_S:
            run.step(1)
        if self.demo_done:
            self._demo_timer.stop()
        # drawing four plots costs more than a chunk of training: redraw ~10 times a second, and at the end
        if self.demo_done or start - self._demo_drawn_at >= DEMO_DRAW_INTERVAL_S:
            self._draw_demo()
            self._demo_drawn_at = start

    def _draw_demo(self):
        histories = self.demo_run.histories()
        if not len(histories["sigmoid"]["steps"]):
            return
        every = np.concatenate([np.concatenate([h["grad_norms"][-1], h["mean_abs_delta"][-1]])
                                for h in histories.values()])
        floor = _log_floor(every)
        top = math.log10(every[np.isfinite(every) & (every > 0)].max())
        decades = _decades(np.concatenate([h["grad_norms"].ravel() for h in histories.values()]))
        for kind, h in histories.items():  # both sides on the same axes, so their heights compare
            self.demo_bars[kind].set_values(h["grad_norms"][-1], h["mean_abs_delta"][-1], floor, top)
            self.demo_history[kind].set_series(h["steps"], h["grad_norms"], decades)
        ratios = {kind: labs.gradient_ratio(h["grad_norms"]) for kind, h in histories.items()}
        done = self.demo_run.steps_done
        self.demo_caption.setText(self.tr(
            "<b>Vanishing gradients</b>: 9 sigmoid or 9 ReLU layers, same data, seed and batches, SGD · "
            "step {done} / {total}<br>"
            "‖∂L/∂W‖ of the last layer ÷ the first (median): "
            "<span style='color:#c62828'><b>sigmoid {sigmoid}</b></span>, "
            "<b>ReLU + He {relu}</b> — each sigmoid layer multiplies the gradient by σ′(z) ≤ 0.25.").format(
            done=done, total=DEMO_STEPS, sigmoid=_power_of_ten(ratios["sigmoid"]), relu=_power_of_ten(ratios["relu"])))

    def csv_tables(self) -> dict:
        """The numbers on the page shown, for File › Export as CSV (true values, not the log-axis ones)."""
        if self.pages.currentIndex() == 1 and self.demo_run is not None:
            tables = {}
            for kind, h in self.demo_run.histories().items():
                tables[f"{kind}: ‖∂L/∂W‖ per layer"] = _history_table(h["steps"], h["grad_norms"])
            return tables
        summaries, _ = self.current_summaries()
        rows = [[i + 1] + ([None] * 3 if s is None else [s["grad_norm"], s["mean_abs_delta"], s["dead_fraction"]])
                for i, s in enumerate(summaries)]
        steps, values = self.controller.trainer.history.series()[self.history_metric].arrays()
        return {"this step": (["layer", "‖∂L/∂W‖", "mean |δ|", "dead fraction"], rows),
                f"{METRICS[self.history_metric]} per layer": _history_table(steps, values.reshape(len(steps), -1))}

    def changeEvent(self, event):
        if event.type() == QEvent.ApplicationFontChange:
            readable_font(self)
        super().changeEvent(event)


def _history_table(steps, values) -> tuple[list[str], list[list]]:
    header = ["step"] + [f"layer {i + 1}" for i in range(values.shape[1])]
    return header, [[int(step), *map(float, row)] for step, row in zip(steps, values)]


def _power_of_ten(value: float) -> str:
    if not np.isfinite(value) or value <= 0:
        return "—"
    if value < 100:
        return f"{value:.1f}"
    exponent = math.floor(math.log10(value))
    return f"{value / 10 ** exponent:.1f}×{_power(exponent)}"
