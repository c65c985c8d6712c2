"""Distributions per layer: the textbook's weight-init experiment, made interactive, and histograms of the
current network's weights and gradients.

Weight-init mode draws :func:`visualnet.core.labs.weight_init_experiment` — 1000 standard-normal inputs
through 5 layers of 100 units — one histogram per layer in a row, like the book's figure; switching the
activation or the initialisation redraws at once. The network modes draw the shown weights
(``controller.shown_params()``) or the gradients of the step on screen (the trace's backward events),
one histogram per weighted layer, coloured orange < 0 < blue, and follow training live (~30 redraws a
second at most, with a trailing update).
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TR_NOOP, QEvent
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from visualnet.core import labs
from visualnet.ui import colors
from visualnet.ui.i18n import tr
from visualnet.ui.widgets.plotting import css, pt, readable_font, scaled_font, style_plot
from visualnet.ui.widgets.throttle import Throttle

MODES = {"init": QT_TR_NOOP("Weight-init experiment"), "weights": QT_TR_NOOP("Network weights W"),
         "gradients": QT_TR_NOOP("Network gradients ∂L/∂W")}
BINS = 30
PER_ROW = 5
NARROW_AXIS_WIDTH = 56  # count axes after the first of a row carry no label, only tick values
MIN_INTERVAL_MS = 33
MIN_TICK_GAP_PX = 14  # between two x tick labels
TICK_OVERHANG_PX = 24  # how far an x tick label may reach past the end of its axis
BAR_COLOR = colors.POSITIVE
CLIP_COLOR = (198, 40, 40)
BAR_SEPARATOR = pg.mkPen((255, 255, 255), width=0.5)
SIGNED_OUTLINE = pg.mkPen((110, 110, 110), width=1)
ACTIVATION_LABELS = {"sigmoid": QT_TR_NOOP("sigmoid"), "tanh": "tanh", "relu": "ReLU"}
CLIPPED_NOTE = QT_TR_NOOP(" (the first bar, a ≈ 0, is cut off; its share of all values is written beside it)")
RELU_HEADROOM = 1.15  # ReLU's first bin (its zeros) towers over the rest: the axis stops above the others
X_LABELS = {"init": "a", "weights": "w", "gradients": "∂L/∂w"}
LESSONS = {
    ("sigmoid", "std 1"): QT_TR_NOOP("std 1: the activations pile up at 0 and 1, where σ′ ≈ 0 — the gradients vanish."),
    ("sigmoid", "std 0.01"): QT_TR_NOOP("std 0.01: every activation sits near 0.5 — all units compute the same thing, "
                             "so many units are no better than one."),
    ("sigmoid", "xavier"): QT_TR_NOOP("Xavier √(1/n): the activations stay spread out in every layer — the init made "
                           "for sigmoid and tanh."),
    ("sigmoid", "he"): QT_TR_NOOP("He √(2/n) is made for ReLU; with sigmoid it spreads a little wider than Xavier."),
    ("tanh", "std 1"): QT_TR_NOOP("std 1: tanh saturates at −1 and 1, where tanh′ ≈ 0 — the gradients vanish."),
    ("tanh", "std 0.01"): QT_TR_NOOP("std 0.01: the signal shrinks towards 0 layer after layer."),
    ("tanh", "xavier"): QT_TR_NOOP("Xavier √(1/n): spread out, narrowing slowly with depth — a good init for tanh."),
    ("tanh", "he"): QT_TR_NOOP("He √(2/n) is a little large for tanh: more units saturate at ±1 than with Xavier."),
    ("relu", "std 1"): QT_TR_NOOP("std 1: each layer multiplies the spread by about √(n/2) ≈ 7 — the activations explode."),
    ("relu", "std 0.01"): QT_TR_NOOP("std 0.01: the activations shrink towards 0 layer after layer, and so do the gradients."),
    ("relu", "xavier"): QT_TR_NOOP("Xavier √(1/n): ReLU zeroes half its inputs, so the spread halves in variance at "
                        "every layer and drifts towards 0."),
    ("relu", "he"): QT_TR_NOOP("He √(2/n): the factor 2 makes up for the half that ReLU zeroes — the same spread in "
                    "every layer."),
}


def tick_text(value: float, step: float) -> str:
    """``value`` as short as its tick ``step`` allows: 0.4, 1, 15, 2e-05, -3e+200."""
    if value == 0:
        return "0"
    if 1e-4 <= step and abs(value) < 1e5:
        decimals = max(0, math.ceil(-math.log10(step) - 1e-9))
        text = f"{value:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    digits = max(1, min(6, math.floor(math.log10(abs(value))) - math.floor(math.log10(step)) + 1))
    return f"{value:.{digits}g}"


def spaced_ticks(low: float, high: float, width_px: float, text_width) -> list[tuple[float, str]]:
    """Round ticks over low … high whose labels, ``text_width(text)`` pixels wide, keep at least
    MIN_TICK_GAP_PX between them on an axis ``width_px`` long: the densest 1-2-5 step that fits."""
    span = high - low
    if not (math.isfinite(span) and span > 0 and width_px > 0):
        return []
    step = 10.0 ** math.floor(math.log10(span / 20))
    for _ in range(40):
        for factor in (1, 2, 5):
            size = step * factor
            first, last = math.ceil(low / size - 1e-9), math.floor(high / size + 1e-9)
            values = [float(f"{k * size:.12g}") for k in range(first, last + 1)]  # 0.3, not 0.30000000000000004
            texts = [tick_text(v, size) for v in values]
            widths = [text_width(t) for t in texts]
            spacing = size / span * width_px
            if all((a + b) / 2 + MIN_TICK_GAP_PX <= spacing for a, b in pairwise(widths)):
                return list(zip(values, texts))
        step *= 10
    return []


class Panel:
    """One layer's histogram: a plot, its bars and a label for a bar taller than the axis."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        # the end ticks (0 and 1 of a sigmoid) sit at the axis' ends: let their labels stick out a little
        # (pyqtgraph ignores that allowance on an axis that draws grid lines; bars need no vertical grid)
        plot.showGrid(x=False, y=True, alpha=0.2)
        plot.getAxis("bottom").setStyle(hideOverlappingLabels=TICK_OVERHANG_PX)
        plot.vb.sigResized.connect(self.fit_ticks)
        self.bars = pg.BarGraphItem(x0=[0.0], x1=[1.0], height=[0.0], pen=BAR_SEPARATOR,
                                    brush=pg.mkBrush(*BAR_COLOR))
        plot.addItem(self.bars)
        self.clip_label = pg.TextItem(color=CLIP_COLOR, anchor=(0, 0))
        self.clip_label.setFont(scaled_font(11, bold=True))
        self.clip_label.hide()
        plot.addItem(self.clip_label, ignoreBounds=True)
        plot.setMouseEnabled(x=False, y=False)

    def draw(self, counts: np.ndarray, edges: np.ndarray, signed: bool):
        options = {"x0": edges[:-1], "x1": edges[1:], "height": counts}
        if signed:  # each bar in the diverging colour of its centre: orange < 0 < blue, outlined
            scale = max(abs(edges[0]), abs(edges[-1])) or 1.0  # (the colours near 0 are almost white)
            options["brushes"] = [pg.mkBrush(colors.signed_color(c, scale)) for c in 0.5 * (edges[:-1] + edges[1:])]
            options["pen"] = SIGNED_OUTLINE
        else:
            options["brushes"] = None
            options["brush"] = pg.mkBrush(*BAR_COLOR)
            options["pen"] = BAR_SEPARATOR
        self.bars.setOpts(**options)
        self.plot.setXRange(edges[0], edges[-1], padding=0.02)
        self.fit_ticks()

    def fit_ticks(self):
        """x ticks as many as fit with room between their labels (a narrow panel would otherwise show
        "0.20.40.60.8")."""
        axis = self.plot.getAxis("bottom")
        metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
        (low, high), width = self.plot.vb.viewRange()[0], self.plot.vb.width()
        axis.setTicks([spaced_ticks(low, high, width, metrics.horizontalAdvance)] if width > 0 else None)

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, edges) as the bars show them, read back from the item."""
        opts = self.bars.opts
        edges = np.append(np.asarray(opts["x0"], dtype=float), float(np.asarray(opts["x1"])[-1]))
        return np.asarray(opts["height"]), edges


class DistributionsView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        readable_font(self)
        self.panels: list[Panel] = []
        self._layout_key = None

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.mode_box = self._combo(MODES, self.tr("What to histogram: the book's experiment, or this network's "
                                                   "weights or gradients."))
        header.addWidget(self.mode_box)
        self.init_controls = QWidget()
        controls = QHBoxLayout(self.init_controls)
        controls.setContentsMargins(12, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("activation")))
        self.activation_box = self._combo({name: ACTIVATION_LABELS[name] for name in labs.INIT_ACTIVATIONS},
                                          self.tr("The activation of all 5 layers."))
        controls.addWidget(self.activation_box)
        controls.addWidget(QLabel(self.tr("init")))
        self.init_box = self._combo(labs.INIT_LABELS, self.tr("The standard deviation of the weights: 1, 0.01, "
                                                              "Xavier √(1/n) or He √(2/n), with n = 100 inputs per "
                                                              "unit."))
        controls.addWidget(self.init_box)
        header.addWidget(self.init_controls)
        header.addStretch(1)
        layout.addLayout(header)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        font = QFont(self.font())
        font.setPointSizeF(max(pt(13.0), font.pointSizeF()))
        self.caption.setFont(font)
        layout.addWidget(self.caption)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)

        for box in (self.mode_box, self.activation_box, self.init_box):
            box.currentIndexChanged.connect(self.refresh)
        self.throttle = Throttle(self, "refresh", MIN_INTERVAL_MS)
        controller.stepped.connect(self._on_network_changed)
        controller.reset.connect(self._on_network_changed)
        controller.configChanged.connect(self._on_network_changed)
        self.refresh()

    def _combo(self, items: dict, tip: str) -> QComboBox:
        box = QComboBox()
        for key, label in items.items():
            box.addItem(tr(label), key)
        box.setToolTip(tip)
        return box

    # -- state ----------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self.mode_box.currentData()

    def set_experiment(self, activation: str, init: str):
        """Show the weight-init experiment for ``activation`` and ``init`` (a key of ``labs.INITS``)."""
        for box, key in ((self.mode_box, "init"), (self.activation_box, activation), (self.init_box, init)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(key))
            box.blockSignals(False)
        self.refresh()

    def set_mode(self, mode: str):
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))

    def drawn(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Every panel's (counts, edges) as drawn."""
        return [panel.drawn() for panel in self.panels]

    # -- drawing --------------------------------------------------------------------------------

    def _on_network_changed(self, *_):
        if self.mode != "init":  # the init experiment does not follow the live network
            self.throttle.request()

    def showEvent(self, event):
        super().showEvent(event)
        self.throttle.shown()

    def refresh(self):
        """Redraw for the current mode (skipped while hidden, and done on showing)."""
        if not self.isVisible():
            self.throttle.stale = True
            return
        self.throttle.stale = False
        self.init_controls.setVisible(self.mode == "init")
        if self.mode == "init":
            self._draw_experiment()
        else:
            self._draw_network()

    def _draw_experiment(self):
        activation, init = self.activation_box.currentData(), self.init_box.currentData()
        histograms = labs.weight_init_experiment(activation, init, bins=BINS)
        self._ensure_panels([X_LABELS["init"]] * len(histograms), linked=True)
        for panel, (counts, edges) in zip(self.panels, histograms):
            panel.draw(counts, edges, signed=False)
        self._fit_counts(histograms, clip_first=activation == "relu")
        low, high = histograms[0][1][0], histograms[0][1][-1]
        self.caption.setText(self.tr("1000 inputs x ~ N(0, 1) through 5 layers of 100 {act} units, weights "
                                     "{init}; a = f(x·W) in {bins} bins over [{low}, {high}]{clipped}.  "
                                     "{lesson}").format(
            act=tr(ACTIVATION_LABELS[activation]), init=labs.INIT_LABELS[init], bins=BINS, low=f"{low:.3g}",
            high=f"{high:.3g}", clipped=tr(CLIPPED_NOTE) if activation == "relu" else "",
            lesson=tr(LESSONS[(activation, init)])))

    def _draw_network(self):
        net = self.controller.net
        names = net.weight_names()
        if self.mode == "weights":
            shown = self.controller.shown_params()
            arrays = [shown[name] for name in names]
            caption = self.tr("The weights of each layer as drawn now, each over its own range ±max |w| "
                              "(orange < 0 < blue).")
        else:
            trace = self.controller.trace
            grads = {}
            if trace is not None:
                for event in trace.of_kind("backward"):
                    grads.update({k: v for k, v in event.grads.items() if k in names})
            arrays = [grads[name] for name in names if name in grads]
            caption = self.tr("The gradients ∂L/∂w of step {n}, each layer over its own range ±max |∂L/∂w| (their "
                              "sizes can differ by orders of magnitude: see the Gradients tab).").format(
                n=trace.step if trace is not None else "")
            if len(arrays) < len(names):
                arrays = []
                caption = self.tr("No gradients yet: take a training step (Shift+→) or press Play.")
        shapes = [" × ".join(map(str, np.shape(net.params[name]))) for name in names]
        # the shape goes under the axis: titles set a plot's minimum width, and five must fit in ~700 px
        self._ensure_panels([f"{X_LABELS[self.mode]}   ({shape})" for shape in shapes], linked=False)
        histograms = labs.layer_histograms(arrays, bins=BINS) if arrays else []
        for panel, (counts, edges) in zip(self.panels, histograms):
            panel.draw(counts, edges, signed=True)
        for panel in self.panels[len(histograms):]:
            panel.draw(np.zeros(BINS), np.linspace(-1, 1, BINS + 1), signed=True)
        self._fit_counts(histograms, clip_first=False, shared=False)
        self.caption.setText(caption + self._notes(arrays))

    def _notes(self, arrays) -> str:
        """What the histograms do not show as it is: NaN and ±∞ are left out, beyond ±1e300 is clipped."""
        notes = []
        for i, (left_out, clipped) in enumerate(labs.histogram_notes(arrays)):
            if left_out:
                notes.append(self.tr("layer {layer}: {n} not finite (NaN or ±∞), left out").format(
                    layer=i + 1, n=left_out))
            if clipped:
                notes.append(self.tr("layer {layer}: {n} beyond ±{limit:g}, counted in the end bars").format(
                    layer=i + 1, n=clipped, limit=labs.HISTOGRAM_LIMIT))
        return ("  ⚠ " + "; ".join(notes) + ".") if notes else ""

    def _ensure_panels(self, xlabels: list[str], linked: bool):
        """One plot per layer, titled "layer 1" …, PER_ROW to a row; rebuilt only when the number of layers
        or the mode changes (``linked``: one shared count axis, shown on the first plot only)."""
        key = (len(xlabels), linked, self.mode)
        if self._layout_key != key:
            self._layout_key = key
            self.plots.clear()
            self.panels = []
            for i in range(len(xlabels)):
                plot = self.plots.addPlot(row=i // PER_ROW, col=i % PER_ROW)
                first = i % PER_ROW == 0
                style_plot(plot, self.tr("layer {n}").format(n=i + 1), None, self.tr("count") if first else None)
                if linked and i:  # the same y range is set on every plot (setYLink would align by pixels)
                    plot.getAxis("left").setStyle(showValues=False)
                    plot.getAxis("left").setWidth(12)
                elif not first:
                    plot.getAxis("left").setWidth(NARROW_AXIS_WIDTH)
                self.panels.append(Panel(plot))
        for panel, xlabel in zip(self.panels, xlabels):
            if panel.plot.getAxis("bottom").labelText != xlabel:  # relabelling relayouts: only on changes
                panel.plot.setLabel("bottom", xlabel, **{"font-size": css(12), "color": "#212529"})

    def _fit_counts(self, histograms, clip_first: bool, shared: bool = True):
        """y from 0 to the tallest bar (shared by all panels, or per panel); with ``clip_first`` the axis
        stops above the other bins and the first bin's height is written on it."""
        def top(counts):
            if clip_first and len(counts) > 1 and counts[1:].max() > 0:
                return RELU_HEADROOM * counts[1:].max()
            return max(float(counts.max()), 1.0) * 1.05

        tops = [top(counts) for counts, _ in histograms]
        for i, panel in enumerate(self.panels):
            panel.clip_label.hide()
            if i >= len(tops):
                panel.plot.setYRange(0, 1, padding=0)
                continue
            ceiling = max(tops) if shared else tops[i]
            panel.plot.setYRange(0, ceiling, padding=0)
            axis = panel.plot.getAxis("left")
            axis.setTickSpacing(1, 1) if ceiling <= 8 else axis.setTickSpacing()  # counts are whole numbers
            counts, edges = histograms[i]
            if clip_first and counts[0] > ceiling:
                panel.clip_label.setText(f"◀ {counts[0] / counts.sum():.0%}")
                panel.clip_label.setPos(edges[1], ceiling)
                panel.clip_label.show()

    def csv_tables(self) -> dict:
        """Every layer's histogram as drawn, for File › Export as CSV."""
        return {f"layer {i + 1}": (["bin from", "bin to", "count"],
                                   [[float(a), float(b), int(c)] for a, b, c in zip(edges[:-1], edges[1:], counts)])
                for i, (counts, edges) in enumerate(self.drawn())}

    def changeEvent(self, event):
        if event.type() == QEvent.ApplicationFontChange:
            readable_font(self)
        super().changeEvent(event)

