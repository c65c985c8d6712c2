"""The node graph: layers as columns of neurons, weights as edges, and one training step played back on it.

What it shows comes whole from the controller's frame (:mod:`visualnet.core.frame`): numbers, flags,
labels, captions, tooltips, emphasis and the colour scale. This module only maps the frame to pens,
brushes, texts and pixmaps on the items :class:`GraphLayout` built once per architecture, so playback
at 60 frames per second stays cheap.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from visualnet.core.frame import Frame, Selection
from visualnet.ui import colors
from visualnet.ui.overlay import Overlay
from visualnet.ui.views.network.heatmaps import BOUNDED, MAP_RES, Heatmaps, activation_display
from visualnet.ui.views.network.items import (
    NEUTRAL_CODE,
    NEUTRAL_EDGE,
    TEXT,
    ColorBar,
    Palette,
    TextItem,
    bundle_codes,
    edge_widths,
    pixmap,
    signed_codes,
)
from visualnet.ui.views.network.layout import (
    BIAS,
    BLOCK_W,
    NODE,
    OUTPUT_MAP,
    Column,
    EdgeGroup,
    GraphLayout,
)
from visualnet.ui.widgets import plotting
from visualnet.ui.widgets.live_label import LiveBox
from visualnet.ui.widgets.plotting import scaled_font

ANIMATE = True  # tests set this (or ``view.animate``) to False: update events then jump to the new weights
ANIMATION_MS = 250
MAX_FIT_SCALE = 1.6

PHASE_COLORS = {"forward": QColor(255, 196, 0), "loss": QColor(220, 60, 60), "backward": QColor(142, 68, 173),
                "update": QColor(46, 160, 67)}
CAPTION_COLORS = {"forward": "#b58900", "loss": "#c0392b", "backward": "#8e44ad", "update": "#2e7d32"}
TONES = {"normal": TEXT, "muted": QColor(90, 90, 90), "dead": QColor(198, 40, 40),
         "saturated": QColor(230, 120, 0), "dropped": QColor(110, 110, 110)}
RING_STYLES = {"dead": Qt.DashLine, "saturated": Qt.DotLine, "dropped": Qt.DashDotLine}
SELECTED = QColor(255, 193, 7, 200)
NODE_FILL = QColor(252, 252, 252)
NODE_RING = QColor(110, 116, 124)
TILE_FRAME = QColor(150, 150, 150)


class _GraphView(QGraphicsView):
    """Wheel zooms, drag pans, a click (no drag) selects, hovering shows the formula and numbers."""

    def __init__(self, owner: NetworkView):
        super().__init__(owner.scene)
        self.owner = owner
        self.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.FullViewportUpdate)
        # every item sets its own pen and brush: no painter state to save around each of hundreds of items
        self.setOptimizationFlags(QGraphicsView.DontSavePainterState | QGraphicsView.DontAdjustForAntialiasing)
        self.setBackgroundBrush(QColor(255, 255, 255))
        self.setFrameShape(QGraphicsView.NoFrame)
        self.viewport().setCursor(Qt.ArrowCursor)
        self._press = None

    def wheelEvent(self, event):
        factor = 1.0015 ** event.angleDelta().y()
        scale = self.transform().m11() * factor
        if 0.05 < scale < 8:
            self.scale(factor, factor)
            self.owner._user_zoomed = True
            self.owner.restack()

    def mousePressEvent(self, event):
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        self.viewport().setCursor(Qt.ArrowCursor)
        press, self._press = self._press, None
        if press is not None and event.button() == Qt.LeftButton \
                and (event.position() - press).manhattanLength() < 5:
            self.owner.click(self.mapToScene(event.position().toPoint()))

    def mouseDoubleClickEvent(self, event):
        self.owner.fit()

    def viewportEvent(self, event):
        if event.type() == QEvent.ToolTip:
            text = self.owner.tooltip_at(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if not self.owner._user_zoomed:
            self.owner.fit()


class NetworkView(QWidget):
    """Layers as columns, weights as edges; forward, loss, backward and update events played on them."""

    selectionChanged = Signal(object)
    mapOpened = Signal(int, int)  # a feature-map tile was clicked: (layer, map), for the Convolution tab

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.animate = ANIMATE
        self.selection: Selection | None = None
        self._user_zoomed = False
        self._stale = False  # a step came while another tab was shown: redrawn when this one is shown again
        self._frame = Frame()
        self._palette = Palette()
        self._last_position = None
        self._animation: QVariantAnimation | None = None
        self.heatmaps = Heatmaps()
        self._tile_cache: dict = {}
        self._overlay: Overlay | None = None  # colours drawn instead of the weights' (set_overlay)
        self._overlay_marks: list = []

        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.NoIndex)  # items move never, change often
        self.view = _GraphView(self)

        self.caption_label = QLabel()
        self.caption_label.setFont(scaled_font(13, base=self.caption_label.font()))
        self.caption_label.setTextFormat(Qt.RichText)
        self.heatmap_box = QCheckBox(self.tr("neuron heatmaps"))
        self.heatmap_box.setToolTip(self.tr("Inside every neuron, what it computes over the input plane "
                                            "(only for networks with 2 inputs). The dot marks the traced sample."))
        self.heatmap_box.setChecked(True)
        self.heatmap_box.toggled.connect(self._on_heatmaps_toggled)
        fit = QToolButton()
        fit.setText(self.tr("Fit"))
        fit.setToolTip(self.tr("Fit the whole network into the view (or double-click the graph). "
                               "Wheel: zoom · drag: pan · click a neuron, edge or bias square: inspect it."))
        fit.clicked.connect(self.fit)

        self.legend_title = QLabel()
        self.legend_title.setFont(scaled_font(11, bold=True, base=self.legend_title.font()))
        self.color_bar = ColorBar()
        self.legend_title.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)

        self.caption_label.setWordWrap(True)
        self.caption_label.setContentsMargins(10, 4, 10, 2)
        self.caption_label.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        # room for two lines always: a caption that wraps must not resize (and so re-fit) the graph
        self.caption_box = LiveBox(self.caption_label, lines=2)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(10, 2, 10, 6)
        bottom.addWidget(self.legend_title)
        bottom.addWidget(self.color_bar)
        self.overlay_legend = QLabel()
        self.overlay_legend.setTextFormat(Qt.RichText)
        self.overlay_legend.hide()
        bottom.addWidget(self.overlay_legend)
        bottom.addStretch(1)
        bottom.addWidget(self.heatmap_box)
        bottom.addWidget(fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption_box)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        controller.stepped.connect(self.refresh)
        controller.sampleChanged.connect(self.refresh)
        controller.configChanged.connect(self.refresh)
        controller.reset.connect(self._on_reset)
        self._on_reset()

    # -- signal handlers ------------------------------------------------------------------------

    def _on_reset(self):
        self._stop_animation()
        self._overlay = None  # it described the old network
        self._show_overlay_legend()
        self._build()
        self._user_zoomed = False
        self.fit()
        if self.selection is not None:
            self.select(None)  # a new network: the inspector starts empty too
        self.refresh()

    def _on_heatmaps_toggled(self, on: bool):
        self.heatmaps.clear()
        self.refresh()

    # -- building (once per architecture) -----------------------------------------------------------

    @property
    def net(self):
        return self.controller.net

    def _build(self):
        c = self.controller
        self.layers = c.layers
        self.n_layers = len(self.layers)
        self.two_d = c.net.input_shape == (2,)
        self.heatmap_box.setEnabled(self.two_d)
        data = c.session.data
        self.image_shape = data.image_shape
        self.bounds = tuple(data.bounds) if self.two_d else None  # the same plane as the other views
        self.graph = GraphLayout(self.scene, self.layers, c.net.input_shape, self.font(), self.two_d,
                                 plotting.TEXT_SCALE, self._palette)
        self.columns: list[Column] = self.graph.columns
        self.edge_groups: dict[int, EdgeGroup] = self.graph.edge_groups
        self.heatmaps.clear()
        self._tile_cache = {}
        self._frame = Frame()  # the old network's frame fits the new items no more; refresh() brings the new one
        self._overlay_marks = []  # gone with the old scene
        self._last_position = None
        widest = QFontMetricsF(self.legend_title.font()).horizontalAdvance(Frame(gradient=True).scale_label)
        self.legend_title.setFixedWidth(int(widest) + 30)

    def set_text_scale(self):
        """Presentation mode changed the text scale: rebuild the graph's items at the new size."""
        selection = self.selection
        self._stop_animation()
        self.color_bar.rescale()
        self._build()
        self._user_zoomed = False
        self.fit()
        self.refresh()
        if selection is not None:
            self.select(selection)

    # -- fitting and zoom -------------------------------------------------------------------------

    def fit(self):
        rect = self.scene.sceneRect()
        if rect.isEmpty() or self.view.viewport().width() < 10:
            return
        self.view.resetTransform()
        self.view.fitInView(rect, Qt.KeepAspectRatio)
        cap = MAX_FIT_SCALE * plotting.TEXT_SCALE ** 2  # a projector takes the whole width, not a desktop's modest zoom
        if self.view.transform().m11() > cap:
            self.view.resetTransform()
            self.view.scale(cap, cap)
            self.view.centerOn(rect.center())
        self._user_zoomed = False
        self.restack()

    def restack(self):
        """The zoom changed: map tiles are remade at their new size on screen (they are drawn unscaled)."""
        for col in getattr(self, "columns", ()):
            if col.stack is not None:
                self._apply_stack(col, self._frame)

    def showEvent(self, event):
        super().showEvent(event)
        self.up_to_date()
        if not self._user_zoomed:
            self.fit()

    # -- applying a frame to the items ------------------------------------------------------------------

    def refresh(self):
        """Redraw from the controller's frame (never rebuilds items). Behind another tab of a shown window it
        only notes that it is behind: drawing a graph nobody sees cost play 6–15 ms a frame."""
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._redraw()

    def up_to_date(self):
        """Draw the newest step now if it came while this tab was hidden (an export of it, say)."""
        if self._stale:
            self._redraw()

    def _redraw(self):
        self._stale = False
        self._stop_animation()
        f = self.controller.frame()
        self._frame = f
        self.caption_label.setText(_caption_html(f))
        if self.legend_title.text() != f.scale_label:  # a style sheet costs a relayout: only on a change
            self.legend_title.setText(f.scale_label)
            self.legend_title.setStyleSheet("color: white; background: #8e44ad; padding: 2px 6px; "
                                            "border-radius: 3px;" if f.gradient else "color: #222; padding: 2px 6px;")
        self.color_bar.set_scale(f.scale)
        self._apply_edges(f)
        self._apply_columns(f)
        self._apply_decorations(f)
        if len(self._overlay_marks) != len(self._overlay.marked if self._overlay is not None else ()):
            self._apply_overlay_marks()
        self._place_highlight()
        self._maybe_animate(f)

    def _apply_edges(self, f: Frame):
        for layer, group in self.edge_groups.items():
            look = self._overlay_look(group)  # an overlay is drawn at full strength in every phase
            self._set_group(group, f.edge_values.get(layer), f.scale,
                            1.0 if look is not None else f.edge_opacity.get(layer, 1.0), look)
            if group.arrows is not None:
                group.arrows.setVisible(f.arrows == layer)

    def _set_group(self, group: EdgeGroup, values, scale, opacity, look=None):
        """The colours and widths of a layer's edges, when any changed.

        Dimming mixes the colour with the white background: translucent antialiased lines (item
        opacity or alpha) paint about five times slower.
        """
        kind = group.kind
        if look is not None:
            codes, widths = look
        elif kind == "plain":
            codes, widths = np.array([NEUTRAL_CODE]), np.array([2.0])
        elif values is None:
            codes = np.full(len(group.p0) or 1, NEUTRAL_CODE)  # a band is one shape without end points
            widths = np.full(len(group.p0) or 1, 0.8)
        elif kind == "full":
            flat = np.asarray(values).reshape(-1)
            codes, widths = signed_codes(flat, scale), edge_widths(flat, scale)
        else:
            v = np.abs(np.asarray(values, dtype=float))
            if kind == "to_nodes":
                means = v.reshape(-1, group.n_out).mean(axis=0)
            elif kind == "from_nodes":
                means = v.reshape(group.n_in, -1).mean(axis=1)
            else:
                means = np.array([v.mean()])
            codes, widths = bundle_codes(means, scale), edge_widths(means, scale)
        same_look = group.codes is not None and group.codes.shape == codes.shape
        if same_look and opacity == group.opacity and np.array_equal(codes, group.codes) \
                and np.array_equal(widths, group.widths):
            return
        group.codes, group.widths, group.opacity = codes, widths, opacity
        palette = self._palette
        if kind in ("band", "plain"):
            base = 110 if kind == "band" else 160
            color = QColor(palette[int(codes[0])])
            color.setAlpha(int(base * opacity))
            group.items[0].setBrush(color)
            return
        group.items[0].set_look(codes, widths, opacity)

    def _activation_display(self, layer, a, batch_max=None):
        """Values and scale for colouring activations; unbounded ones (ReLU, linear …) on the largest |a| over
        the input plane (heatmaps on) or the batch."""
        name = self._frame.activation(layer) if self._frame.layers else self.layers[layer].activation
        return activation_display(name, a, self.heatmaps.scales.get(layer) or batch_max)

    def _update_heatmaps(self, dot):
        if not (self.two_d and self.heatmap_box.isChecked()):
            self.heatmaps.clear()
            return
        side = max(8, round(NODE * self.view.transform().m11()))
        collapsed = {col.layer for col in self.columns if col.collapsed}
        self.heatmaps.update(self.controller.neuron_maps(self.bounds, MAP_RES),
                             [info.activation for info in self.layers], collapsed, self.bounds, side,
                             OUTPUT_MAP if self.graph.output_map is not None else None, dot)

    def _apply_columns(self, f: Frame):
        dot = None
        if f.sample_x is not None and self.two_d:
            xmin, xmax, ymin, ymax = self.bounds
            dot = (float(np.clip((f.sample_x[0] - xmin) / (xmax - xmin), 0, 1)),
                   float(np.clip((f.sample_x[1] - ymin) / (ymax - ymin), 0, 1)))
        self._update_heatmaps(dot)
        self._apply_output_map(dot)
        for col in self.columns:
            values = f.columns.get(col.layer, {})
            opacity = f.column_opacity.get(col.layer, 1.0)
            if col.stack is not None:
                self._apply_stack(col, f)
                col.stack.setOpacity(opacity)
                continue
            if col.collapsed:
                self._apply_block(col, values, f)
                col.box.setOpacity(opacity)
                continue
            maps = self.heatmaps.units.get(col.layer)
            codes = None
            if "a" in values:
                codes = signed_codes(*self._activation_display(col.layer, values["a"], values.get("a_max")))
            elif "x" in values and self.two_d:
                codes = signed_codes(values["x"], max(abs(v) for v in self.bounds))
            for j, node in enumerate(col.nodes):
                fill, ring, ring_width, style = NODE_FILL, NODE_RING, 1.2, Qt.SolidLine
                if codes is not None:
                    color = self._palette[int(codes[j])]
                    if maps is None:
                        fill = color
                    ring, ring_width = self._palette.darker(int(codes[j])), 3.0
                text, tone = f.node_label(col.layer, j)
                if tone in RING_STYLES:
                    ring, ring_width, style = TONES[tone], 3.0, RING_STYLES[tone]
                shared, source = maps[j] if maps is not None else (None, None)
                node.set_look(fill, ring, ring_width, style, shared, None, source)  # the dot is in the heatmap
                node.setOpacity(opacity)
                col.texts[j].set_text(text, TONES[tone])
                col.texts[j].setOpacity(opacity)
            if col.has_bias:
                bvals = f.bias_values.get(col.layer)
                bcodes = signed_codes(bvals, f.scale) if bvals is not None else None
                bcodes = self._overlay_bias_codes(col.layer, bcodes)
                for j, item in enumerate(col.biases):
                    item.setBrush(NEUTRAL_EDGE if bcodes is None else self._palette[int(bcodes[j])])
                    item.setOpacity(opacity)

    def _apply_output_map(self, dot):
        output_map = self.graph.output_map
        if output_map is None:
            return
        visible = self.heatmaps.output is not None
        output_map.setVisible(visible)
        self.graph.output_map_label.setVisible(visible)
        if visible:
            output_map.set_look(NODE_FILL, NODE_RING, 1.2, Qt.SolidLine, self.heatmaps.output, dot)

    def _apply_block(self, col: Column, values: dict, f: Frame):
        box = col.box
        r = box.rect
        if col.layer == -1 and "image" in values or (col.layer == -1 and "x" in values and self._is_image()):
            img = np.asarray(values.get("image", values.get("x")), dtype=float)
            shape = self.image_shape or img.shape[-2:]
            img = img.reshape(shape[-2:]) if img.size == int(np.prod(shape[-2:])) else img.reshape(-1, 1)
            rgba = colors.ink_image(img)
            side = r.width() - 12
            box.set_picture(pixmap(rgba), QRectF(r.left() + 6, r.top() + 8, side, side),
                            self.tr("sample {s}").format(s=f.sample + 1))
            return
        key = "delta" if "delta" in values else "a" if "a" in values else "x" if "x" in values else None
        if key is None or col.units is None:
            box.set_picture(None, QRectF(), "")
            return
        v = np.asarray(values[key], dtype=float)
        if key == "a":
            v, scale = self._activation_display(col.layer, v)
            if self.layers[col.layer].activation not in BOUNDED:
                scale = float(np.abs(v).max()) or 1.0
        else:
            scale = float(np.abs(v).max()) or 1.0
        strip = colors.diverging_image(v.reshape(-1, 1), scale)
        top = float(col.ys[0]) - (col.ys[1] - col.ys[0]) / 2 if len(col.ys) > 1 else r.top() + 8
        height = (float(col.ys[-1]) - float(col.ys[0])) * len(col.ys) / max(1, len(col.ys) - 1)
        symbol = {"delta": "δ", "a": "a", "x": "x"}[key]
        box.set_picture(pixmap(strip), QRectF(r.left() + 14, top, r.width() - 28, height), f"{symbol} (±{scale:.2g})")

    def _apply_stack(self, col: Column, f: Frame):
        """A conv / pool / flatten column's tiles: the frame's maps (a, or δ with a purple frame), empty before
        the forward pass reaches the layer. The shared pixmap is remade only when the shown maps change."""
        stack = f.maps.get(col.layer)
        if stack is None:
            col.stack.set_look(None, [], "", TILE_FRAME)
            return
        shown = stack.values[: len(col.tiles)]
        side = max(8, round(col.tiles[0].width() * self.view.transform().m11()))
        key = (stack.symbol, stack.scale, side, shown.shape)
        cached = self._tile_cache.get(col.layer)
        if cached is None or cached[0] != key or not np.array_equal(cached[1], shown):
            cached = self._tile_cache[col.layer] = (key, shown, self._tile_pixmap(shown, stack, side))
        shared, sources = cached[2]
        caption = "" if stack.symbol == "x" else f"{stack.symbol} (±{stack.scale:.2g})"
        col.stack.set_look(shared, sources, caption, PHASE_COLORS["backward"] if stack.symbol == "δ" else TILE_FRAME)

    @staticmethod
    def _tile_pixmap(shown: np.ndarray, stack, side: int):
        """(C, H, W) maps → one pixmap with the maps side by side at ``side`` px each (pixels kept sharp: blown
        up by repetition first, then smoothed only the last bit), and each map's source rectangle."""
        if stack.symbol == "x":  # the image as the data view shows it: dark ink on white
            rgba = colors.ink_image(shown)
        else:
            rgba = colors.diverging_image(shown, stack.scale)
        n, h, w = shown.shape
        repeat = max(1, -(-side // max(h, w)))
        rgba = np.repeat(np.repeat(rgba, repeat, axis=1), repeat, axis=2)
        shared = pixmap(np.concatenate(list(rgba), axis=1)).scaled(
            n * side, side, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
        return shared, [QRectF(k * side, 0, side, side) for k in range(n)]

    def _is_image(self):
        return self.image_shape is not None and int(np.prod(self.image_shape)) == int(np.prod(self.net.input_shape))

    def _apply_decorations(self, f: Frame):
        g = self.graph
        for col in self.columns:
            active = f.active == col.layer and f.phase != "idle"
            col.glow.setVisible(active)
            if active:
                color = PHASE_COLORS[f.phase]
                fill = QColor(color)
                fill.setAlpha(40)
                col.glow.setBrush(fill)
                col.glow.setPen(QPen(color, 2.0))
        tag = ""
        if f.phase == "forward":
            tag, color = self.tr("forward ▶"), QColor(181, 137, 0)
        elif f.phase == "backward":
            tag, color = self.tr("◀ backward: ∂L/∂w = δ·a"), PHASE_COLORS["backward"]
        elif f.phase == "update" and f.update_event is not None:
            tag, color = self.tr("{p} ← {p} − step").format(p=f.update_event.param), PHASE_COLORS["update"]
        if tag and f.active is not None:
            g.flow_tag.set_text(tag, color)
            g.flow_tag.setPos((g.column(f.active).x + g.column(f.active - 1).x) / 2, g.tag_y)
        else:
            g.flow_tag.set_text("")
        if f.loss is not None and f.phase in ("loss", "backward"):
            g.loss_text.set_text(f"L = {f.loss:.4g}")
            g.loss_text.setOpacity(1.0 if f.phase == "loss" else 0.5)
        else:
            g.loss_text.set_text("")

    # -- an overlay (the debugger's verdicts) -------------------------------------------------------------

    def set_overlay(self, overlay: Overlay | None):
        """Draw ``overlay``'s colours instead of the weights' (None: the weights again) until a new network."""
        if overlay is self._overlay:
            return
        self._overlay = overlay
        for group in self.edge_groups.values():
            group.codes = None  # repaint every group
        self._show_overlay_legend()
        self._apply_overlay_marks()
        self.refresh()

    def _show_overlay_legend(self):
        overlay = self._overlay
        self.overlay_legend.setText("" if overlay is None else "&nbsp;&nbsp;".join(
            f"<span style='color:{color}; font-size:large'>■</span>&nbsp;{text}" for color, text in overlay.legend))
        self.overlay_legend.setVisible(overlay is not None)
        for widget in (self.legend_title, self.color_bar):
            widget.setVisible(overlay is None)

    def overlay(self) -> Overlay | None:
        return self._overlay

    def _overlay_look(self, group: EdgeGroup):
        """(codes, widths) of a group's edges under the overlay, or None (the weights' colours)."""
        overlay = self._overlay
        if overlay is None or group.kind == "plain":
            return None
        categories = overlay.edge_categories(group.layer, group.kind, group.n_in, group.n_out)
        if categories is None:
            return None
        codes = np.array([self._palette.code(QColor(c)) for c in overlay.colors])[categories]
        return codes, np.asarray(overlay.widths, dtype=float)[categories]

    def _overlay_bias_codes(self, layer: int, codes):
        overlay = self._overlay
        if overlay is None or overlay.biases.get(layer) is None:
            return codes
        palette = np.array([self._palette.code(QColor(c)) for c in overlay.colors])
        return palette[np.asarray(overlay.biases[layer]).reshape(-1)]

    def _apply_overlay_marks(self):
        """The overlay's labels over their columns (e.g. "the error enters here")."""
        for item in self._overlay_marks:
            self.scene.removeItem(item)
        self._overlay_marks = []
        if self._overlay is None:
            return
        font = scaled_font(12, bold=True, base=self.font())
        for layer, text in self._overlay.marked.items():
            col = self.graph.column(layer)
            item = TextItem(font, "center", "bottom", QColor(self._overlay.colors[-1]))
            item.set_text(text)
            item.setPos(col.x, self.graph.top - 2)  # between the header and the column
            item.setZValue(7)
            self.scene.addItem(item)
            self._overlay_marks.append(item)

    def overlay_marks(self) -> dict:
        """The labels drawn over columns, by layer (for tests)."""
        return {layer: item.text for layer, item in zip(self._overlay.marked, self._overlay_marks)} \
            if self._overlay is not None else {}

    # -- the update animation ---------------------------------------------------------------------------

    def _maybe_animate(self, f: Frame):
        c = self.controller
        position = (id(c.trace), c.position)
        previous, self._last_position = self._last_position, position
        if not (self.animate and ANIMATE and f.phase == "update" and previous == (id(c.trace), c.position - 1)):
            return
        event = f.update_event
        info = self.layers[event.layer]
        if event.param not in (info.weight, info.bias):
            return
        is_weight = event.param == info.weight
        if is_weight and self.edge_groups[event.layer].kind != "full":
            return
        before, after = np.asarray(event.before, float), np.asarray(event.after, float)
        scale = f.scale

        def show(t):
            values = before + float(t) * (after - before)
            if is_weight:
                group = self.edge_groups[event.layer]
                self._set_group(group, values, scale, group.opacity)
            elif not self.graph.column(event.layer).collapsed:
                for j, item in enumerate(self.graph.column(event.layer).biases):
                    item.setBrush(colors.signed_color(float(values[j]), scale))

        show(0.0)
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(1.0)
        anim.setDuration(ANIMATION_MS)
        anim.valueChanged.connect(show)
        anim.finished.connect(lambda: self.finish_animation(anim))
        self._animation = anim
        anim.start()

    def finish_animation(self, anim=None):
        """Land on the frame's final look (called when the animation ends; tests call it directly)."""
        anim = anim or self._animation
        if anim is not None and self._animation is anim:
            self._animation = None
            anim.stop()
            self._apply_edges(self._frame)
            self._apply_columns(self._frame)

    def _stop_animation(self):
        anim, self._animation = self._animation, None
        if anim is not None:
            anim.stop()
            anim.deleteLater()

    # -- selection and picking --------------------------------------------------------------------------

    def select(self, selection: Selection | None):
        """Select (and highlight) a node, edge or bias; None clears. Emits selectionChanged."""
        if selection is not None and not self.graph.valid(selection):
            selection = None
        self.selection = selection
        self._place_highlight()
        self.selectionChanged.emit(selection)

    def _place_highlight(self):
        sel, highlight = self.selection, self.graph.highlight
        if sel is None:
            highlight.setVisible(False)
            return
        path = QPainterPath()
        col = self.graph.column(sel.layer)
        pen = QPen(SELECTED, 9)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.RoundCap)
        if sel.kind == "edge" and self.edge_groups[sel.layer].kind != "full":
            sel = Selection("node", sel.layer, sel.unit)  # a weight inside a bundle: mark the receiving unit
        if sel.kind == "edge":
            line = self.edge_scene_line(sel.layer, sel.source, sel.unit)
            path.moveTo(line.p1())
            path.lineTo(line.p2())
            pen.setWidthF(max(10.0, self.edge_pen_width(sel.layer, sel.source, sel.unit) + 7))
        elif sel.kind == "bias" and not col.collapsed:
            c = col.biases[sel.unit].pos()
            path.addRect(QRectF(c.x() - BIAS, c.y() - BIAS, 2 * BIAS, 2 * BIAS))
            pen.setWidthF(5)
        elif col.collapsed:
            y = float(col.ys[sel.unit])
            path.addRect(QRectF(col.left - 4, y - 4, BLOCK_W + 8, 8))
            pen.setWidthF(3)
        else:
            y = float(col.ys[sel.unit])
            path.addRoundedRect(QRectF(col.x - NODE / 2 - 5, y - NODE / 2 - 5, NODE + 10, NODE + 10), 7, 7)
            pen.setWidthF(6)
        highlight.setPath(path)
        highlight.setPen(pen)
        highlight.setZValue(1.5 if sel.kind != "edge" else -0.5)
        highlight.setVisible(True)

    def pick(self, scene_pos: QPointF) -> Selection | None:
        """The node, bias or edge under a scene point (edges within 6 px of the pointer)."""
        tolerance = 6.0 / max(self.view.transform().m11(), 1e-6)
        return self.graph.pick(scene_pos.x(), scene_pos.y(), tolerance, self._is_image())

    def click(self, scene_pos: QPointF):
        """A click on the graph: a feature-map tile opens in the Convolution tab, anything else is selected."""
        tile = self.graph.tile_at(scene_pos.x(), scene_pos.y())
        if tile is not None:
            if tile[0] >= 0:  # the input image has no filter to open
                self.mapOpened.emit(*tile)
            return
        self.select(self.pick(scene_pos))

    def tooltip_at(self, scene_pos: QPointF) -> str:
        tile = self.graph.tile_at(scene_pos.x(), scene_pos.y())
        if tile is not None:
            return self._frame.map_tooltip(*tile)
        return self.tooltip_for(self.pick(scene_pos))

    def tooltip_for(self, sel: Selection | None) -> str:
        """The formula and the numbers of a node, edge or bias, for the current frame."""
        if sel is None or not self.graph.valid(sel):
            return ""
        return self._frame.tooltip(sel)

    # -- read access for tests and for the export ------------------------------------------------------

    def caption(self) -> str:
        return self._frame.caption

    def scale_label(self) -> str:
        return self._frame.scale_label

    def node_text(self, layer: int, unit: int) -> str:
        col = self.graph.column(layer)
        if col.collapsed:
            return self.tooltip_for(Selection("node", layer, unit))
        return col.texts[unit].text

    def edge_pen_width(self, layer: int, source: int, unit: int) -> float:
        return self.edge_groups[layer].items[0].pen_width(self.graph.edge_index(layer, source, unit))

    def edge_color(self, layer: int, source: int, unit: int) -> QColor:
        """The edge's colour on the legend's scale (before dimming; how much it is dimmed is ``edge_opacity``)."""
        group = self.edge_groups[layer]
        self.graph.edge_index(layer, source, unit)  # raises for bundles
        return QColor(self._palette[int(group.codes[source * group.n_out + unit])])

    def edge_opacity(self, layer: int) -> float:
        return self.edge_groups[layer].opacity

    def edge_scene_line(self, layer: int, source: int, unit: int) -> QLineF:
        return self.edge_groups[layer].items[0].lines[self.graph.edge_index(layer, source, unit)]

    def node_scene_pos(self, layer: int, unit: int) -> QPointF:
        col = self.graph.column(layer)
        return QPointF(col.x, float(col.ys[unit]))

    def tile_look(self, layer: int):
        """A map column's tiles as drawn: (pixmap or None, source rectangles, caption, frame colour)."""
        stack = self.graph.column(layer).stack
        return stack.pixmap, stack.sources, stack.caption, stack.frame_pen.color()

    def tile_scene_rect(self, layer: int, index: int) -> QRectF:
        return self.graph.column(layer).tiles[index]

    def is_collapsed(self, layer: int) -> bool:
        return self.graph.column(layer).collapsed

    def column_opacity(self, layer: int) -> float:
        return self._frame.column_opacity.get(layer, 1.0)

    def shown_values(self) -> dict:
        """The numbers on screen: weights, coloured edge values, biases and per-node values."""
        f = self._frame
        nodes = {}
        for layer, values in f.columns.items():
            per_unit = {k: v for k, v in values.items() if k in ("x", "z", "a", "delta", "y", "t", "b")}
            if not per_unit:
                continue
            n = len(next(iter(per_unit.values())))
            for j in range(n):
                nodes[(layer, j)] = {k: float(v[j]) for k, v in per_unit.items()}
        return {
            "phase": f.phase,
            "caption": f.caption,
            "scale_label": f.scale_label,
            "scale": f.scale,
            "weights": {k: np.array(v) for k, v in f.params.items()},
            "edges": {k: None if v is None else np.array(v) for k, v in f.edge_values.items()},
            "biases": {k: None if v is None else np.array(v) for k, v in f.bias_values.items()},
            "nodes": nodes,
            "loss": f.loss,
            "active": f.active,
            "column_opacity": dict(f.column_opacity),
            "edge_opacity": dict(f.edge_opacity),
        }


def _caption_html(f: Frame) -> str:
    if not f.caption_head:
        head, _, rest = f.caption_body.partition(":")
        return f"<b>{head}</b>:{rest}" if rest else f.caption_body
    arrow = {"forward": f"{f.caption_head} ▶", "backward": f"◀ {f.caption_head}"}.get(f.phase, f.caption_head)
    return f"<b style='color:{CAPTION_COLORS[f.phase]}'>{arrow}</b>: {f.caption_body}"
