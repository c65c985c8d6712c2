"""What the network does with the data: the decision heatmap over the input plane with the train and
test points (TF Playground style), or, for images, the traced digit and the output probabilities.

All numbers come from the core (``controller.decision_map``) or from the recorded trace.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from visualnet.ui import colors
from visualnet.ui.widgets.plotting import style_plot

RESOLUTION = 80
MIN_INTERVAL_MS = 66  # decision maps at most ~15 times a second while playing


class DataView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.caption = QLabel()
        font = QFont()
        font.setPointSize(13)
        self.caption.setFont(font)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widen the window
        controls.addWidget(self.caption, 1)
        self.discretize = QCheckBox("discretize output")
        self.discretize.setToolTip("Show only the predicted class (threshold 0.5) instead of the probability.")
        self.show_test = QCheckBox("show test data")
        self.show_test.setChecked(True)
        self.show_test.setToolTip("Also draw the held-out test points (hollow), which the network never trains on.")
        for box in (self.discretize, self.show_test):
            box.toggled.connect(self.refresh)
            controls.addWidget(box)
        layout.addLayout(controls)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        layout.addWidget(self.plots, 1)
        self.mode = None
        self._array = None
        self._dirty = True
        self._points_key = None
        self._timer = QTimer(self, singleShot=True, interval=MIN_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        controller.stepped.connect(self._schedule)
        controller.sampleChanged.connect(self._schedule)
        controller.reset.connect(self.rebuild)
        controller.configChanged.connect(self._schedule)
        self.rebuild()

    # -- building per kind of data ----------------------------------------------------------------

    def rebuild(self):
        self.plots.clear()
        self._points_key = None
        data = self.controller.session.data
        if data.image_shape is not None:
            self.mode = "image"
            self._build_image(data)
        elif data.x.shape[1] == 2:
            self.mode = "plane"
            self._build_plane()
        else:
            self.mode = "curve"
            self._build_curve()
        self.discretize.setVisible(self.mode == "plane")
        self.show_test.setVisible(self.mode == "plane")
        self.refresh()

    def _styled_plot(self, row, col, title, xlabel=None, ylabel=None):
        plot = self.plots.addPlot(row=row, col=col)
        style_plot(plot, title, xlabel, ylabel)
        return plot

    def _build_plane(self):
        plot = self._styled_plot(0, 0, "output over the input plane", "x₁", "x₂")
        plot.setAspectLocked(True)
        self.image = pg.ImageItem()
        plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=9, pen=pg.mkPen("w", width=1.2))
        self.test_points = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(0, 0, 0, 0))
        self.batch_points = pg.ScatterPlotItem(size=16, brush=pg.mkBrush(0, 0, 0, 0), pen=pg.mkPen("k", width=1.5))
        self.traced_point = pg.ScatterPlotItem(size=22, symbol="o", brush=pg.mkBrush(0, 0, 0, 0),
                                               pen=pg.mkPen((200, 30, 30), width=3))
        for item in (self.train_points, self.test_points, self.batch_points, self.traced_point):
            plot.addItem(item)
        self.bounds = self.controller.session.data.bounds
        xmin, xmax, ymin, ymax = self.bounds
        plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self.plot = plot

    def _build_image(self, data):
        digit = self._styled_plot(0, 0, "traced input")
        digit.setAspectLocked(True)
        digit.hideAxis("left")
        digit.hideAxis("bottom")
        self.digit = pg.ImageItem()
        digit.addItem(self.digit)
        bars = self._styled_plot(0, 1, "output probabilities  y = softmax(z)", "class", "p")
        bars.setYRange(0, 1)
        n = self.controller.net.n_outputs
        self.bars = pg.BarGraphItem(x=np.arange(n), height=np.zeros(n), width=0.7, brush=pg.mkBrush(*colors.POSITIVE))
        bars.addItem(self.bars)
        bars.getAxis("bottom").setTicks([[(i, str(i)) for i in range(n)]])
        self.bar_plot = bars
        self._heights = np.zeros(n)
        self._shown_image = None

    def _build_curve(self):
        plot = self._styled_plot(0, 0, "targets and the network's prediction", "x", "t, y")
        self.scatter = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(*colors.NEGATIVE), name="targets t")
        self.prediction = pg.PlotDataItem(pen=pg.mkPen(colors.POSITIVE, width=3), name="prediction y")
        plot.addLegend()
        plot.addItem(self.scatter)
        plot.addItem(self.prediction)
        self.plot = plot

    # -- refreshing -------------------------------------------------------------------------------

    def _schedule(self, *_):
        if not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self):
        if not self.isVisible():  # a hidden tab costs nothing while training plays; it redraws on showing
            self._dirty = True
            return
        self._dirty = False
        if self.mode == "plane":
            self._refresh_plane()
        elif self.mode == "image":
            self._refresh_image()
        elif self.mode == "curve":
            self._refresh_curve()

    def _refresh_plane(self):
        c = self.controller
        session = c.session
        grid = c.decision_map(self.bounds, RESOLUTION)
        net = c.net
        if net.n_outputs == 1 and session.data.kind != "regression":
            shown = (grid > 0.5).astype(float) if self.discretize.isChecked() else grid
            rgba = colors.diverging_image(2 * shown - 1, 1.0)
        elif net.n_outputs == 1:
            scale = float(np.abs(grid).max()) or 1.0
            rgba = colors.diverging_image(grid, scale)
        else:
            rgba = np.zeros(grid.shape + (4,), np.uint8)
            for k in range(net.n_outputs):
                rgba[grid == k] = (*colors.CLASS_COLORS[k % len(colors.CLASS_COLORS)], 255)
            rgba[..., :3] = (rgba[..., :3] * 0.45 + 255 * 0.55).astype(np.uint8)
        self._array = grid
        xmin, xmax, ymin, ymax = self.bounds
        # the grid's rows run along y, columns along x; ImageItem's first axis is x
        self.image.setImage(np.transpose(rgba, (1, 0, 2)), autoLevels=False)
        self.image.setRect(pg.QtCore.QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        points_key = (id(session.train), self.show_test.isChecked())
        if points_key != self._points_key:  # the points only change with the data: not every frame
            self._points_key = points_key
            self.train_points.setData(pos=session.train.x, brush=[self._brush(t) for t in session.train.t])
            if session.test is not None and self.show_test.isChecked():
                self.test_points.setData(pos=session.test.x, pen=[pg.mkPen(self._color(t), width=2)
                                                                  for t in session.test.t])
            else:
                self.test_points.setData([])
        trace = c.trace
        if trace is not None and trace.batch_indices is not None and len(trace.batch_x[0]) == 2:
            self.batch_points.setData(pos=trace.batch_x)
            s = min(c.sample_index, len(trace.batch_x) - 1)
            self.traced_point.setData(pos=trace.batch_x[s:s + 1])
        else:
            self.batch_points.setData([])
            self.traced_point.setData([])
        loss = c.trainer.history.test_loss.last()
        self.caption.setText(f"step {c.trainer.step_count}" + (f" · test loss {loss:.4f}" if loss is not None else "")
                             + " · rings: the traced batch, red: the traced sample")

    def _color(self, t):
        value = float(np.ravel(t)[0])
        if self.controller.session.data.kind == "regression":
            return colors.signed_color(value, 1.0)
        return colors.class_color(0 if int(value) == 1 else 1) if self.controller.net.n_outputs == 1 \
            else colors.class_color(int(value))

    def _brush(self, t):
        return pg.mkBrush(self._color(t))

    def _refresh_image(self):
        c = self.controller
        trace = c.trace
        if trace is None:
            self.caption.setText("Step once (→) to trace a batch: its input image and outputs appear here.")
            return
        s = min(c.sample_index, len(trace.batch_x) - 1)
        shape = c.session.data.image_shape
        image = np.asarray(trace.batch_x[s]).reshape(shape)
        self._shown_image = image
        self.digit.setImage(image.T[:, ::-1], levels=(0, 1))
        output = next((e for e in reversed(trace.events) if e.kind == "forward" and e.layer == c.net.blocks[-1].index),
                      None)
        probs = np.zeros(c.net.n_outputs) if output is None else np.asarray(output.a[s], dtype=float)
        self._heights = probs
        target = int(np.ravel(trace.batch_t[s])[0]) if np.ndim(trace.batch_t) == 1 else int(np.argmax(trace.batch_t[s]))
        brushes = [pg.mkBrush(*colors.NEGATIVE) if k == target else pg.mkBrush(*colors.POSITIVE)
                   for k in range(len(probs))]
        self.bars.setOpts(height=probs, brushes=brushes)
        predicted = int(np.argmax(probs))
        self.caption.setText(f"sample {s + 1} of {len(trace.batch_x)} · label {target} (orange) · "
                             f"predicted {predicted} with p = {probs[predicted]:.3f}")

    def _refresh_curve(self):
        c = self.controller
        data = c.session.data
        x = data.x[:, 0]
        self.scatter.setData(x, np.ravel(data.t))
        xs = np.linspace(x.min(), x.max(), 200)
        ys = c.net.predict(xs[:, None]).ravel()  # the core's predict: no second implementation here
        self.prediction.setData(xs, ys)
        w = c.net.params.get("W1")
        b = c.net.params.get("b1")
        if w is not None and w.size == 1:
            self.caption.setText(f"H(x) = W·x + b with W = {float(w.ravel()[0]):.4f}, b = {float(b[0]):.4f}")
        else:
            self.caption.setText(f"step {c.trainer.step_count}")

    # -- for tests --------------------------------------------------------------------------------

    def heatmap_array(self):
        return self._array

    def bar_heights(self):
        return np.asarray(self._heights)

    def shown_image(self):
        return self._shown_image
