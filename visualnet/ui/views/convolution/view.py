"""The Convolution tab: five panels over the traced step — forward, sandbox, pooling, backward, maps — and the
transfer-learning race, which trains networks of its own in a thread.

Subscribes to the controller like every view and redraws the panel on screen from the controller's trace,
throttled (at most ~20 redraws a second while training plays); panels not on screen redraw when shown.
A network without conv layers gets a plain sentence and the sandbox, which needs no network.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from visualnet.ui.views.convolution.backward import BackwardPanel
from visualnet.ui.views.convolution.forward import ForwardPanel
from visualnet.ui.views.convolution.maps import MapsPanel
from visualnet.ui.views.convolution.pooling import PoolingPanel
from visualnet.ui.views.convolution.sandbox import SandboxPanel
from visualnet.ui.views.convolution.traced import Traced, conv_layers
from visualnet.ui.views.convolution.transfer import TransferPanel
from visualnet.ui.widgets.plotting import scaled_font

MODES = ("forward", "sandbox", "pooling", "backward", "maps", "transfer")
UNTRACED = {"sandbox", "transfer"}  # panels that draw no traced step: never stale
MIN_INTERVAL_MS = 50


class ConvolutionView(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setFont(scaled_font(12))
        top.addWidget(self.note, 1)
        self.trace_button = QPushButton(self.tr("Take a training step"))
        self.trace_button.setToolTip(self.tr("Train one step and record it: its real numbers are then shown here"))
        self.trace_button.clicked.connect(controller.train_step)
        top.addWidget(self.trace_button)
        layout.addLayout(top)
        self.forward = ForwardPanel()
        self.sandbox = SandboxPanel()
        self.pooling = PoolingPanel()
        self.backward = BackwardPanel()
        self.maps = MapsPanel()
        self.transfer = TransferPanel(controller)
        self.worker = self.transfer.worker  # the window and the CLI end its job when the tab goes
        self.modes = QTabWidget()
        self.panels = dict(zip(MODES, (self.forward, self.sandbox, self.pooling, self.backward, self.maps,
                                       self.transfer)))
        titles = (self.tr("Forward, cell by cell"), self.tr("Sandbox: N, F, P, S"), self.tr("Pooling"),
                  self.tr("Backward"), self.tr("Feature maps"), self.tr("Transfer learning"))
        for panel, title in zip(self.panels.values(), titles):
            self.modes.addTab(panel, title)
        layout.addWidget(self.modes, 1)
        self.traced = None
        self._wanted = None  # a lesson's panel that needs a recorded step: opened once there is one
        self._stale = set(MODES)
        self._timer = QTimer(self, singleShot=True, interval=MIN_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer)
        self.modes.currentChanged.connect(self._on_mode_changed)
        self.maps.mapClicked.connect(self.open_map)
        for signal in (controller.stepped, controller.reset, controller.configChanged, controller.sampleChanged):
            signal.connect(self._on_changed)
        self.refresh()

    # -- the controller -----------------------------------------------------------------------------

    def _on_changed(self, *_):
        self._stale = set(MODES) - UNTRACED
        if not self.isVisible():
            return  # drawn when shown
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer(self):
        if self.isVisible():
            self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale - UNTRACED:
            self.refresh()

    def refresh(self):
        """Draw the controller's traced step in the panel on screen (the others when they are shown)."""
        has_conv = bool(conv_layers(self.controller.layers))
        self.traced = Traced.of(self.controller) if has_conv else None
        ready = self.traced is not None
        for mode in ("forward", "pooling", "backward", "maps"):
            self.modes.setTabEnabled(MODES.index(mode), ready)
        self.trace_button.setVisible(has_conv and not ready)
        if not has_conv:
            self.note.setText(self.tr("This network has no convolution layer, so there is nothing to step through "
                                      "here. The sandbox works without one; the presets cnn_shapes, "
                                      "padding_and_stride and pooling_invariance build a CNN."))
        elif not ready:
            self.note.setText(self.tr("No training step is recorded yet. Take a step (or press Step): its real "
                                      "numbers are then shown here, cell by cell."))
        else:
            trace = self.traced.trace
            self.note.setText(self.tr("Step {n}, sample {s} of {m} in the batch (class {t}). The numbers are the "
                                      "step's own: the weights it started from and the maps it computed.").format(
                n=trace.step, s=self.traced.sample + 1, m=len(trace.batch_x), t=self.traced.label))
        if self._wanted is not None and self.modes.isTabEnabled(MODES.index(self._wanted)):
            self.modes.setCurrentIndex(MODES.index(self._wanted))
            self._wanted = None
        if not self.modes.isTabEnabled(self.modes.currentIndex()):
            self.modes.setCurrentIndex(MODES.index("sandbox"))
        self._draw(self.current_mode())

    def _draw(self, mode: str):
        self._stale.discard(mode)
        if mode in UNTRACED or self.traced is None:
            return
        if mode == "forward":
            self.forward.show_traced(self.traced)
        elif mode == "pooling":
            self.pooling.show_traced(self.traced, self.controller.net)
        elif mode == "backward":
            self.backward.show_traced(self.traced, self.controller)
        else:
            self.maps.show_traced(self.traced)

    def _on_mode_changed(self, index: int):
        mode = MODES[index]
        if mode in self._stale:
            self._draw(mode)

    def open_map(self, layer: int, map_index: int):
        """A map (of this tab's grid or the node graph's tiles): its conv layer and filter in the forward panel
        (pool and flatten maps: the conv layer below them, same map). Nothing before a step is recorded."""
        below = [info.index for info in conv_layers(self.controller.layers) if info.index <= layer]
        if not below or self.traced is None:
            return
        self.set_mode("forward")
        if "forward" in self._stale:
            self._draw("forward")
        self.forward.open_map(below[-1], map_index)

    # -- lessons, modes, export ----------------------------------------------------------------------

    def current_mode(self) -> str:
        return MODES[self.modes.currentIndex()]

    def set_mode(self, mode: str):
        index = MODES.index(mode)
        if self.modes.isTabEnabled(index):
            self.modes.setCurrentIndex(index)

    def open_lesson(self, lesson: dict):
        """A preset's lesson may name the panel to open first ("mode": one of :data:`MODES`); one that shows
        the traced step opens as soon as a step is recorded."""
        mode = lesson.get("mode")
        if mode in MODES:
            self.refresh()  # the lesson's experiment is loaded: which panels it enables
            self.set_mode(mode)
            self._wanted = None if self.current_mode() == mode else mode

    def set_text_scale(self):
        """Presentation mode changed: grids read the text scale when painting; the map tiles are remade."""
        self.maps._key = None
        self._stale = set(MODES) - UNTRACED
        self.refresh()
        self.transfer.set_text_scale()
        for panel in self.panels.values():
            panel.update()

    def csv_tables(self) -> dict:
        """The arrays the panel on screen draws, as (row, col, value) tables."""
        tables = {}
        for name, grid in self.panels[self.current_mode()].grids().items():
            values = grid.values
            if values.size:
                tables[f"{name}: {grid.title}"] = (["row", "col", "value"],
                                                  [[r, c, float(values[r, c])] for r in range(values.shape[0])
                                                   for c in range(values.shape[1])])
        return tables
