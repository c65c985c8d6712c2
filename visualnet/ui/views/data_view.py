"""What the network does with the data, in one of three modes chosen by the data set:

- ``"plane"`` (2 inputs): the output over the input plane as a heatmap (TF Playground style) with the
  train and test points, the traced batch ringed and the traced sample marked;
- ``"image"`` (image rows such as MNIST): the traced input image, the output probabilities as bars and
  the traced batch as a strip of thumbnails;
- ``"curve"`` (any other input size, e.g. 1-D regression): targets against the input with the
  network's prediction.

Every number comes from the core (``controller.decision_map``, the core's ``predict``) or from the
recorded trace. Clicking a ringed point or a thumbnail traces that sample.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from visualnet.core.losses import class_of
from visualnet.core.userdata import is_points
from visualnet.ui import colors
from visualnet.ui.widgets.plotting import css, scaled_font, style_plot
from visualnet.ui.widgets.point_editor import EditViewBox, PointEditor
from visualnet.ui.widgets.throttle import Throttle

RESOLUTION = 80
MIN_INTERVAL_MS = 66  # decision maps at most ~15 times a second while playing
BACKGROUND_LIGHTEN = 0.3  # the heatmap is paler than the points so the points stand out on it
TRACED_RED = (214, 39, 40)
CORRECT_GREEN = (46, 160, 67)
OTHER_BARS = (190, 196, 204)
MOSAIC_COLUMNS = 32  # thumbnails per row of the batch strip; two rows at most
TEXT = "#212529"


def core_predict(controller, x: np.ndarray) -> np.ndarray:
    """The core's predict (``Network.predict``) at the network's current weights: the prediction curve
    of the ``"curve"`` mode. Only that mode uses it; 2-D maps come from ``controller.decision_map``."""
    return controller.net.predict(x)


class _Sample(ItemSample):
    """A legend swatch that is only a key: clicking it must not hide the drawn points."""

    def mouseClickEvent(self, event):
        event.ignore()


def _lighten(rgb, amount=BACKGROUND_LIGHTEN):
    return tuple(round(c + (255 - c) * amount) for c in rgb)


def _lightened_map(cmap: pg.ColorMap) -> pg.ColorMap:
    positions, rgba = cmap.getStops(mode=pg.ColorMap.BYTE)
    return pg.ColorMap(positions, [_lighten(c[:3]) for c in rgba])


class DataView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        font = scaled_font(13)
        self.caption.setFont(font)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window
        layout.addWidget(self.caption)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        self.plots.scene().sigMouseClicked.connect(self._on_mosaic_clicked)  # the scene outlives rebuilds
        # the options go below the plot, so the caption above has the whole width for one line
        options = QHBoxLayout()
        self.discretize = QCheckBox(self.tr("discretize output"))
        self.discretize.setToolTip(self.tr("Show only the decision (P ≥ 0.5, or the sign for regression) instead "
                                           "of the graded output."))
        self.show_test = QCheckBox(self.tr("show test data"))
        self.show_test.setChecked(True)
        self.show_test.setToolTip(self.tr("Also draw the held-out test points (diamonds), which the network never "
                                          "trains on."))
        box_font = scaled_font(12)
        for box in (self.discretize, self.show_test):
            box.setFont(box_font)
            box.toggled.connect(self.refresh)
            options.addWidget(box)
        self.hint = QLabel()
        self.hint.setFont(box_font)
        self.hint.setStyleSheet("color: #6c757d")
        self.hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        options.addWidget(self.hint, 1)
        # your own points: the edit toggle beside the options, its tools in a row of their own
        self.editor = PointEditor(controller, self._color, self)
        self.editor.pointsChanged.connect(self._on_points_edited)
        options.addWidget(self.editor.toggle)
        layout.addLayout(options)
        layout.addWidget(self.editor)
        self.mode = None
        self._array = None
        self._heights = np.zeros(0)
        self._shown_image = None
        self._points_key = None
        self.throttle = Throttle(self, "refresh", MIN_INTERVAL_MS)
        for signal in (controller.stepped, controller.sampleChanged, controller.configChanged):
            signal.connect(self.throttle.request)
        controller.reset.connect(self.rebuild)
        self.rebuild()

    # -- building per kind of data ----------------------------------------------------------------

    def rebuild(self):
        """Items for the current data set's mode, created once here and updated by :meth:`refresh`."""
        self.plots.clear()
        grid = self.plots.ci.layout
        for i in range(grid.columnCount()):  # stretch factors outlive clear(): back to Qt's default
            grid.setColumnStretchFactor(i, 0)
        for i in range(grid.rowCount()):
            grid.setRowStretchFactor(i, 0)
        self._points_key = None
        self._array, self._heights, self._shown_image = None, np.zeros(0), None
        data = self.controller.session.data
        if data.image_shape is not None:
            self.mode = "image"
            self._build_image(data)
        elif data.x.ndim == 3:  # sequences (N, T, D): time runs along the picture
            self.mode = "sequence"
            self._build_sequence(data)
        elif data.x.shape[1] == 2:
            self.mode = "plane"
            self._build_plane(data)
        else:
            self.mode = "curve"
            self._build_curve(data)
        # a smooth heatmap, but crisp pixels for images: every pixel of a digit is one input
        self.plots.setRenderHint(QPainter.SmoothPixmapTransform, self.mode == "plane")
        self.discretize.setVisible(self.mode == "plane")
        self.discretize.setEnabled(self.mode == "plane" and self.controller.net.n_outputs == 1)
        self.show_test.setVisible(self.mode in ("plane", "curve"))
        self.hint.setText(self._hint())
        self.show_test.setEnabled(self.controller.session.test is not None)
        self.editor.set_mode(self.mode)
        self.refresh()

    def _hint(self) -> str:
        if self.editor.editing:
            return self.tr("Click adds · Shift: class 2 · right-click erases · drag moves")
        return {"plane": self.tr("Click a ringed point to trace that sample."),
                "image": self.tr("Click a digit in the batch strip to trace it."),
                "sequence": self.tr("The Sequence tab steps through a sequence in time.")}.get(self.mode, "")

    def _styled_plot(self, row, col, title, xlabel=None, ylabel=None, **kwargs):
        plot = self.plots.addPlot(row=row, col=col, **kwargs)
        style_plot(plot, title, xlabel, ylabel)
        plot.setMenuEnabled(False)
        return plot

    def _build_plane(self, data):
        plot = self._styled_plot(0, 0, self.tr("output over the input plane"), "x₁", "x₂",
                                 viewBox=EditViewBox(self.editor))
        plot.setAspectLocked(True)
        plot.showGrid(x=False, y=False)
        self.image = pg.ImageItem()
        plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=10, symbol="o", pen=pg.mkPen("w", width=1.5))
        self.test_points = pg.ScatterPlotItem(size=12, symbol="d", pen=pg.mkPen(30, 30, 30, width=1.5))
        self.batch_points = pg.ScatterPlotItem(size=19, symbol="o", brush=pg.mkBrush(0, 0, 0, 0),
                                               pen=pg.mkPen(20, 20, 20, width=2.5), hoverable=True,
                                               hoverPen=pg.mkPen(*TRACED_RED, width=3))
        self.batch_points.setToolTip(self.tr("A sample of the traced batch: click to trace it."))
        self.batch_points.sigClicked.connect(self._on_batch_point_clicked)
        self.traced_halo = pg.ScatterPlotItem(size=30, symbol="o", brush=pg.mkBrush(0, 0, 0, 0),
                                              pen=pg.mkPen("w", width=7))
        self.traced_point = pg.ScatterPlotItem(size=30, symbol="o", brush=pg.mkBrush(0, 0, 0, 0),
                                               pen=pg.mkPen(*TRACED_RED, width=3.5))
        for item in (self.train_points, self.test_points, self.traced_halo, self.traced_point, self.batch_points):
            plot.addItem(item)
        self.bounds = data.bounds
        if is_points(self.controller.session.experiment["dataset"]):  # room to draw: at least the box [−1, 1]²
            self.bounds = _covering(self.bounds, (-1.1, 1.1, -1.1, 1.1))
        xmin, xmax, ymin, ymax = self.bounds
        plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self.plot = plot
        n_outputs = self.controller.net.n_outputs
        # regression colours are fixed by the targets' range, so they do not flicker as the output moves
        self.value_scale = (float(np.max(np.abs(data.t))) or 1.0) if data.kind == "regression" else 1.0
        # a narrow column beside the plot: the colour bar above the key, never over the data
        side = self.plots.addLayout(row=0, col=1)
        side.setMaximumWidth(200)
        self.color_bar = None
        if data.kind == "regression" or n_outputs == 1:
            values = (-self.value_scale, self.value_scale) if data.kind == "regression" else (0.0, 1.0)
            self.color_bar = pg.ColorBarItem(values=values, colorMap=_lightened_map(colors.DIVERGING),
                                             interactive=False, width=22, colorMapMenu=False)
            axis = self.color_bar.getAxis("right")
            axis.setLabel(self.tr("output y") if data.kind == "regression" else self.tr("P(class 1)"),
                          **{"font-size": css(12), "color": TEXT})
            tick_font = scaled_font(11)
            axis.setTickFont(tick_font)
            axis.setTextPen(pg.mkPen(40, 40, 40))
            axis.setPen(pg.mkPen(60, 60, 60, width=1.5))
            axis.setWidth(72)  # room for the tick labels and the label beside them
            self.color_bar.setMaximumHeight(330)
            side.addItem(self.color_bar, row=0, col=0)
        self.legend = pg.LegendItem(labelTextSize=css(12), labelTextColor=TEXT, sampleType=_Sample,
                                    brush=pg.mkBrush(255, 255, 255, 215), pen=pg.mkPen(210, 210, 210))
        for item, text in self._legend_entries(data):
            self.legend.addItem(item, text)
        side.addItem(self.legend, row=1, col=0)
        side.layout.setRowStretchFactor(2, 1)  # what is left over goes below the key

    def _legend_entries(self, data):
        def swatch(symbol, size, pen, brush=(0, 0, 0, 0)):
            return pg.ScatterPlotItem(symbol=symbol, size=size, pen=pen, brush=pg.mkBrush(brush))

        entries = []
        if data.kind != "regression":
            labels = [1, 0] if self.controller.net.n_outputs == 1 else range(max(data.n_classes, 1))
            for k in labels:
                entries.append((swatch("s", 14, pg.mkPen("w"), self._color(k)), self.tr("class {k}").format(k=k)))
        neutral = (150, 150, 150)
        entries.append((swatch("o", 13, pg.mkPen("w", width=1.5), neutral), self.tr("train")))
        if self.controller.session.test is not None:
            entries.append((swatch("d", 13, pg.mkPen(30, 30, 30, width=1.5), neutral), self.tr("test")))
        entries.append((swatch("o", 16, pg.mkPen(20, 20, 20, width=2.5)), self.tr("traced batch")))
        entries.append((swatch("o", 17, pg.mkPen(*TRACED_RED, width=3.5)), self.tr("traced sample")))
        return entries

    def _build_image(self, data):
        digit = self._styled_plot(0, 0, self.tr("traced input"))
        digit.setAspectLocked(True)
        digit.hideAxis("left")
        digit.hideAxis("bottom")
        digit.showGrid(x=False, y=False)
        # ink on paper: 0 white, 1 black, as digits are printed in the textbook
        self.digit = pg.ImageItem(lut=np.linspace(255, 0, 256).astype(np.uint8))
        digit.addItem(self.digit)
        h, w = data.image_shape
        frame = pg.PlotDataItem([0, w, w, 0, 0], [0, 0, h, h, 0], pen=pg.mkPen(120, 120, 120, width=1.5))
        digit.addItem(frame)
        digit.setRange(xRange=(0, w), yRange=(0, h), padding=0.02)
        self.digit_plot = digit
        n = self.controller.net.n_outputs
        activation = self.controller.layers[-1].activation or "linear"
        bars = self._styled_plot(0, 1, self.tr("output y = {act}(z)").format(act=activation), self.tr("class"), "p")
        bars.setYRange(0, 1.1, padding=0.02)
        bars.getAxis("left").setTicks([[(v, f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1.0)], []])
        bars.setXRange(-0.6, n - 0.4, padding=0)
        bars.setMouseEnabled(False, False)
        bars.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=np.arange(n), height=np.zeros(n), width=0.72,
                                    brush=pg.mkBrush(*OTHER_BARS), pen=pg.mkPen(None))
        bars.addItem(self.bars)
        tick_font = scaled_font(13)
        axis = bars.getAxis("bottom")
        axis.setTicks([[(i, str(i)) for i in range(n)]])
        axis.setTickFont(tick_font)
        self.bar_labels = [pg.TextItem(anchor=(0.5, 1.0), color=TEXT) for _ in range(n)]
        for label in self.bar_labels:
            label.setFont(QFont(tick_font))
            bars.addItem(label)
        self.bar_plot = bars
        self.plots.ci.layout.setColumnStretchFactor(0, 4)
        self.plots.ci.layout.setColumnStretchFactor(1, 5)
        strip = self._styled_plot(1, 0, self.tr("the traced batch"), colspan=2)
        for side in ("left", "bottom"):
            strip.hideAxis(side)
        strip.showGrid(x=False, y=False)
        strip.setMouseEnabled(False, False)
        strip.setMaximumHeight(100)
        strip.setAspectLocked(True)  # digits keep their shape
        self.mosaic = pg.ImageItem(lut=np.linspace(255, 0, 256).astype(np.uint8))
        strip.addItem(self.mosaic)
        self.mosaic_marker = pg.PlotDataItem(pen=pg.mkPen(*TRACED_RED, width=3))
        strip.addItem(self.mosaic_marker)
        self.strip_plot = strip
        self._mosaic_start, self._mosaic_count = 0, 0

    def _build_curve(self, data):
        inputs = data.x.shape[1]
        xlabel = "x" if inputs == 1 else self.tr("x₁ (the first of {n} inputs)").format(n=inputs)
        plot = self._styled_plot(0, 0, self.tr("targets t and the network's prediction y"), xlabel, "t, y",
                                 viewBox=EditViewBox(self.editor))
        legend = plot.addLegend(offset=(10, 10), labelTextSize=css(12), labelTextColor=TEXT,
                                brush=pg.mkBrush(255, 255, 255, 215), pen=pg.mkPen(200, 200, 200))
        legend.setSampleType(_Sample)
        self.scatter = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(*colors.NEGATIVE), pen=pg.mkPen("w", width=1),
                                          name=self.tr("train targets t"))
        self.test_scatter = pg.ScatterPlotItem(size=12, symbol="d", brush=pg.mkBrush(*_lighten(colors.NEGATIVE, 0.5)),
                                               pen=pg.mkPen(30, 30, 30, width=1.5), name=self.tr("test targets t"))
        line = inputs == 1
        self.prediction = pg.PlotDataItem(pen=pg.mkPen(colors.POSITIVE, width=3.5) if line else None,
                                          symbol=None if line else "o", symbolSize=7,
                                          symbolBrush=pg.mkBrush(*colors.POSITIVE), symbolPen=None,
                                          name=self.tr("prediction y"))
        for item in (self.scatter, self.test_scatter, self.prediction):
            plot.addItem(item)
        self.plot = plot

    def _build_sequence(self, data):
        steps, features = data.x.shape[1:]
        plot = self._styled_plot(0, 0, self.tr("one input sequence: {t} time steps × {d} features").format(
            t=steps, d=features), self.tr("time step t"), self.tr("feature"))
        self.sequence_image = pg.ImageItem()
        plot.addItem(self.sequence_image)
        self.plot = plot

    def _refresh_sequence(self):
        """The traced sample's input sequence (or the first training sequence before any step), value by value."""
        trace, s = self._traced_sample()
        x = np.asarray(trace.batch_x[s] if trace is not None else self.controller.session.train.x[0], dtype=float)
        scale = float(np.abs(x).max()) or 1.0
        self.sequence_image.setImage(colors.diverging_image(x, scale))  # (T, D): t along x, features along y
        where = self.tr("traced sample {s}").format(s=s + 1) if trace is not None else self.tr("first training sequence")
        self.caption.setText(self.tr("step <b>{n}</b>").format(n=self.controller.trainer.step_count)
                             + "&nbsp;&nbsp;·&nbsp;&nbsp;" + where)

    # -- reacting to the controller --------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        self.throttle.shown()

    def _on_points_edited(self):
        """The drawn points changed (or edit mode went on or off): clicks edit instead of tracing a sample."""
        if self.mode in ("plane", "curve"):  # the drawn points must not take the clicks meant for editing
            for item in self.plot.items:
                if isinstance(item, (pg.ScatterPlotItem, pg.PlotDataItem)):
                    item.setEnabled(not self.editor.editing)
        self.hint.setText(self._hint())
        self._points_key = None
        self.refresh()

    def _on_batch_point_clicked(self, _item, points, _event):
        if len(points):
            self.controller.set_sample(points[0].index())

    def _on_mosaic_clicked(self, event):
        if self.mode != "image" or not self._mosaic_count:
            return
        vb = self.strip_plot.vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        pos = vb.mapSceneToView(event.scenePos())
        h, w = self.controller.session.data.image_shape
        column, row_from_top = int(pos.x() // w), int((self._mosaic_rows * h - pos.y()) // h)
        index = row_from_top * MOSAIC_COLUMNS + column
        if 0 <= column < MOSAIC_COLUMNS and 0 <= index < self._mosaic_count:
            self.controller.set_sample(self._mosaic_start + index)

    # -- drawing ----------------------------------------------------------------------------------

    def refresh(self):
        """Draw the current state now (the throttled path calls this; so may anyone)."""
        if self.mode == "plane":
            self._refresh_plane()
        elif self.mode == "image":
            self._refresh_image()
        elif self.mode == "curve":
            self._refresh_curve()
        elif self.mode == "sequence":
            self._refresh_sequence()

    def _traced_sample(self):
        """(trace, sample index in its batch) or (None, None) before the first recorded step."""
        trace = self.controller.trace
        if trace is None or len(trace.batch_x) == 0:
            return None, None
        return trace, min(self.controller.sample_index, len(trace.batch_x) - 1)

    def _reached_output(self):
        """The output layer's forward event if the shown position has reached it, else None."""
        forward, *_ = self.controller.reached_events()
        return forward.get(len(self.controller.layers) - 1)

    def _refresh_plane(self):
        c = self.controller
        session = c.session
        grid = c.decision_map(self.bounds, RESOLUTION)
        discrete = self.discretize.isChecked() and self.discretize.isEnabled()
        if session.data.kind == "regression":
            shown = np.where(grid >= 0, 1.0, -1.0) if discrete else grid
            rgba = colors.diverging_image(shown, 1.0 if discrete else self.value_scale)
        elif c.net.n_outputs == 1:
            shown = (grid >= 0.5).astype(float) if discrete else grid
            rgba = colors.diverging_image(2 * shown - 1, 1.0)  # P(class 1) on [−1, 1], as TF Playground
        else:
            shown = grid
            rgba = np.zeros(grid.shape + (4,), np.uint8)
            for k in range(c.net.n_outputs):
                rgba[grid == k] = (*colors.CLASS_COLORS[k % len(colors.CLASS_COLORS)], 255)
            rgba[..., :3] = (rgba[..., :3] * 0.45 + 255 * 0.55).astype(np.uint8)
        if c.net.n_outputs == 1 or session.data.kind == "regression":
            rgba[..., :3] = np.round(rgba[..., :3] + (255 - rgba[..., :3].astype(float)) * BACKGROUND_LIGHTEN)
        self._array = shown
        xmin, xmax, ymin, ymax = self.bounds
        # the grid's rows run along y, columns along x; ImageItem's first axis is x
        self.image.setImage(np.transpose(rgba, (1, 0, 2)), autoLevels=False)
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self._draw_points(session)
        trace, s = self._traced_sample()
        if trace is not None and np.shape(trace.batch_x)[1:] == (2,):
            self.batch_points.setData(pos=trace.batch_x)
            self.traced_halo.setData(pos=trace.batch_x[s:s + 1])
            self.traced_point.setData(pos=trace.batch_x[s:s + 1])
        else:
            for item in (self.batch_points, self.traced_halo, self.traced_point):
                item.setData([])
        self.caption.setText(self._plane_caption(trace, s))

    def _shown_points(self, session):
        """(train x, train t, test x or None, test t): the points being edited, else the session's."""
        edited = self.editor.shown()
        if edited is not None:
            plane, t, test = edited
            return plane[~test], t[~test], (plane[test] if test.any() else None), t[test]
        test = session.test
        return session.train.x, session.train.t, None if test is None else test.x, None if test is None else test.t

    def _draw_points(self, session):
        key = (id(session.train), id(session.test), self.show_test.isChecked(), self.editor.revision)
        if key == self._points_key:  # the points only change with the data: not every frame
            return
        self._points_key = key
        train_x, train_t, test_x, test_t = self._shown_points(session)
        self.train_points.setData(pos=train_x, brush=[pg.mkBrush(self._color(t)) for t in train_t])
        if test_x is not None and self.show_test.isChecked():
            self.test_points.setData(pos=test_x, brush=[pg.mkBrush(self._color(t)) for t in test_t])
        else:
            self.test_points.setData([])

    def _plane_caption(self, trace, s) -> str:
        """Short enough for one line beside the check boxes in the main window's central area."""
        c = self.controller
        history = c.trainer.history
        parts = [self.tr("step <b>{n}</b>").format(n=c.trainer.step_count)]
        test = c.session.test is not None
        if c.session.data.kind == "regression":
            loss = (history.test_loss if test else history.train_eval_loss).last()
            if loss is not None:
                text = self.tr("test loss <b>{v}</b>") if test else self.tr("train loss <b>{v}</b>")
                parts.append(text.format(v=f"{loss:.4f}"))
        else:
            accuracy = (history.test_accuracy if test else history.train_accuracy).last()
            if accuracy is not None and np.isfinite(accuracy):
                text = self.tr("test acc <b>{v} %</b>") if test else self.tr("train acc <b>{v} %</b>")
                parts.append(text.format(v=f"{100 * accuracy:.1f}"))
        if trace is not None:
            target = np.ravel(trace.batch_t[s])
            traced = self.tr("traced sample {s}/{n}").format(s=s + 1, n=len(trace.batch_x))
            text = f"<span style='color:{_hex(TRACED_RED)}'>{traced}</span>: " \
                   "t = " + (f"{target[0]:.3g}" if target.size == 1 else f"{class_of(target)}")
            output = self._reached_output()
            if output is not None:
                y = np.ravel(output.a[s])
                text += f", y = {y[0]:.3f}" if y.size == 1 else \
                    ", " + self.tr("y → class {k}").format(k=class_of(y))
            parts.append(text)
        return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts)

    def _color(self, t):
        """The colour of a target: its class (binary: 1 blue, 0 orange) or its value on the diverging map."""
        if self.controller.session.data.kind == "regression":
            return colors.signed_color(float(np.ravel(t)[0]), self.value_scale)
        label = class_of(t)
        if self.controller.net.n_outputs == 1:
            return colors.class_color(0 if label == 1 else 1)
        return colors.class_color(label)

    def _refresh_image(self):
        c = self.controller
        trace, s = self._traced_sample()
        if trace is None:
            self.caption.setText(self.tr("Step once (→) to trace a batch: its input image and outputs appear here."))
            return
        shape = c.session.data.image_shape
        image = np.asarray(trace.batch_x[s]).reshape(shape)
        self._shown_image = image
        self.digit.setImage(image.T[:, ::-1], levels=(0, 1))
        label = class_of(trace.batch_t[s])
        output = self._reached_output()
        probabilities = np.zeros(c.net.n_outputs) if output is None else np.asarray(output.a[s], dtype=float)
        self._heights = probabilities
        predicted = class_of(probabilities) if output is not None else None
        brushes = []
        for k in range(len(probabilities)):
            if k == label and k == predicted:
                brushes.append(pg.mkBrush(*CORRECT_GREEN))
            elif k == label:
                brushes.append(pg.mkBrush(*colors.NEGATIVE))
            elif k == predicted:
                brushes.append(pg.mkBrush(*colors.POSITIVE))
            else:
                brushes.append(pg.mkBrush(*OTHER_BARS))
        self.bars.setOpts(height=probabilities, brushes=brushes)
        for k, text in enumerate(self.bar_labels):
            worth_a_label = output is not None and (k in (label, predicted) or probabilities[k] >= 0.2)
            text.setText(f"{probabilities[k]:.2f}" if worth_a_label else "")
            text.setPos(k, probabilities[k] + 0.01)
        said = self.tr("predicted {k}").format(k=predicted)
        if predicted is None:
            verdict = self.tr("output not computed yet")
        elif predicted == label:
            verdict = f"<span style='color:{_hex(CORRECT_GREEN)}'>{said} ✓</span>"
        else:
            verdict = f"<span style='color:{_hex(colors.POSITIVE)}'>{said} ✗</span>"
        # titles stay short: a plot title is as wide as its text at least, and the tab may be narrow
        self.digit_plot.setTitle(self.tr("label {k}").format(k=label) + f" · {verdict}", size=css(15), color=TEXT)
        self._draw_mosaic(trace, s, shape)
        self.caption.setText(
            self.tr("step <b>{n}</b>").format(n=c.trainer.step_count) + "&nbsp;&nbsp;·&nbsp;&nbsp;"
            f"<span style='color:{_hex(TRACED_RED)}'>"
            + self.tr("traced sample {s}/{n}").format(s=s + 1, n=len(trace.batch_x)) + "</span>"
            "&nbsp;&nbsp;·&nbsp;&nbsp;" + self.tr("bars:") + " "
            + "".join(f"<span style='color:{_hex(color)}'>■ {text}</span> " for color, text in (
                (colors.NEGATIVE, self.tr("true label")), (colors.POSITIVE, self.tr("predicted")),
                (CORRECT_GREEN, self.tr("both")))))

    def _draw_mosaic(self, trace, s, shape):
        """Up to two rows of the batch's images, the window that holds the traced one, which gets a frame."""
        h, w = shape
        per_strip = 2 * MOSAIC_COLUMNS
        start = (s // per_strip) * per_strip
        images = np.asarray(trace.batch_x[start:start + per_strip]).reshape(-1, h, w)
        count = len(images)
        rows = 1 if count <= MOSAIC_COLUMNS else 2
        columns = min(count, MOSAIC_COLUMNS)
        mosaic = np.zeros((rows * h, MOSAIC_COLUMNS * w))
        for i, image in enumerate(images):
            r, col = divmod(i, MOSAIC_COLUMNS)
            mosaic[r * h:(r + 1) * h, col * w:(col + 1) * w] = image
        self.mosaic.setImage(mosaic.T[:, ::-1], levels=(0, 1))
        self._mosaic_start, self._mosaic_count, self._mosaic_rows = start, count, rows
        r, col = divmod(s - start, MOSAIC_COLUMNS)
        x0, y0 = col * w, (rows - r - 1) * h
        self.mosaic_marker.setData([x0, x0 + w, x0 + w, x0, x0], [y0, y0, y0 + h, y0 + h, y0])
        self.strip_plot.setRange(xRange=(0, max(columns, MOSAIC_COLUMNS // 2) * w), yRange=(0, rows * h),
                                 padding=0.01)

    def _refresh_curve(self):
        c = self.controller
        session = c.session
        train_x, train_t, test_x, test_t = self._shown_points(session)
        self.scatter.setData(train_x[:, 0], np.ravel(train_t) if self.editor.points is None else train_x[:, 1])
        if test_x is not None and self.show_test.isChecked():
            self.test_scatter.setData(test_x[:, 0], np.ravel(test_t) if self.editor.points is None else test_x[:, 1])
        else:
            self.test_scatter.setData([])
        x = session.data.x
        if x.shape[1] == 1:
            xs = np.linspace(x[:, 0].min(), x[:, 0].max(), 200)
            self.prediction.setData(xs, core_predict(c, xs[:, None])[:, 0])
        else:  # several inputs: the prediction at each data point, against its first input
            self.prediction.setData(x[:, 0], core_predict(c, x)[:, 0])
        w, b = c.net.params.get("W1"), c.net.params.get("b1")
        if w is not None and w.size == 1 and len(c.layers) == 1:
            self.caption.setText(self.tr("step <b>{n}</b>").format(n=c.trainer.step_count)
                                 + "&nbsp;&nbsp;·&nbsp;&nbsp;"
                                 + self.tr("H(x) = W·x + b with W = <b>{w}</b>, b = <b>{b}</b>").format(
                                     w=f"{float(w.ravel()[0]):.4f}", b=f"{float(b[0]):.4f}"))
        else:
            loss = c.trainer.history.train_loss.last()
            self.caption.setText(self.tr("step <b>{n}</b>").format(n=c.trainer.step_count)
                                 + ("&nbsp;&nbsp;·&nbsp;&nbsp;" + self.tr("batch loss <b>{v}</b>").format(
                                     v=f"{loss:.4g}") if loss is not None else ""))

    # -- for tests and export ----------------------------------------------------------------------

    def heatmap_array(self):
        """The values the heatmap draws, (R, R), row r at y = ys[r]: the output, or the decision when
        discretized; None outside the plane mode."""
        return self._array

    def bar_heights(self):
        return np.asarray(self._heights)

    def shown_image(self):
        return self._shown_image

    def csv_tables(self) -> dict:
        if self.mode == "plane" and self._array is not None:
            xmin, xmax, ymin, ymax = self.bounds
            xs, ys = np.linspace(xmin, xmax, RESOLUTION), np.linspace(ymin, ymax, RESOLUTION)
            rows = [[float(xs[j]), float(ys[i]), float(self._array[i, j])]
                    for i in range(RESOLUTION) for j in range(RESOLUTION)]
            return {"output over the input plane": (["x1", "x2", "output"], rows)}
        if self.mode == "image" and len(self._heights):
            return {"output probabilities": (["class", "p"], [[k, float(p)] for k, p in enumerate(self._heights)])}
        if self.mode == "curve":
            x, y = self.prediction.getOriginalDataset()
            if x is not None:
                return {"prediction": (["x", "y"], [[float(a), float(b)] for a, b in zip(x, y)])}
        return {}


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _covering(a, b) -> tuple:
    """The smallest (xmin, xmax, ymin, ymax) box holding both boxes."""
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])
