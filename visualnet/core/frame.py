"""What the node graph and the inspector show at one position of a recorded training step, as plain data.

``FrameModel(network).at(trace, position, live_params, sample)`` returns a :class:`Frame`: for every
layer the per-unit numbers of the traced sample (x, z, a, ∂L/∂a, act′(z), δ, y, t, b, Δb) and their
flags (dead, saturated, dropped), the values the edges and biases are coloured by, the emphasis of
each column, the caption, and — on request — each node's label and tooltip, each edge's numbers and
the inspector's rows. Views map this to pens, brushes and text and compute nothing themselves; tests
check it without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from visualnet.core import activations, losses
from visualnet.core.formatting import fmt, fmt_signed
from visualnet.core.i18n import translate
from visualnet.core.network import LayerInfo, Network

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
DIM_LATER, DIM_LATER_EDGES, DIM_EARLIER_EDGES = 0.22, 0.18, 0.5
BACKWARD_DONE_COLUMNS, BACKWARD_EARLIER_EDGES, BACKWARD_LATER_EDGES = 0.3, 0.35, 0.55


def tr(text: str, **values) -> str:
    return translate("Frame", text).format(**values) if values else translate("Frame", text)


def loss_short_name(name: str) -> str:
    """The loss as captions name it ("BCE", "cross-entropy"), in the user's language."""
    return translate("CoreTexts", losses.SHORT_NAMES[name])


SCALE_SAMPLE = 1 << 16  # values a colour scale looks at, at most


def robust_scale(arrays, quantile: float = 0.99) -> float:
    """A colour scale that a single outlier cannot wash out: the 99th percentile of |values|.

    Of more than ``SCALE_SAMPLE`` values an evenly strided sample is taken: the percentile of a conv net's
    433,000 weights cost 15 ms a frame, and a colour scale needs no more than a sample tells."""
    arrays = [np.asarray(a) for a in arrays]
    stride = max(1, sum(a.size for a in arrays) // SCALE_SAMPLE)
    parts = [np.abs(a.ravel()[::stride].astype(float)) for a in arrays]
    flat = np.concatenate(parts) if parts else np.zeros(1)
    flat = flat[np.isfinite(flat)]
    if flat.size == 0:
        return 1.0
    s = float(np.quantile(flat, quantile)) if flat.size > 20 else float(flat.max())
    return s if s > 0 else 1.0


def target_rows(t, n_outputs: int) -> np.ndarray:
    """Targets as rows of the output's width: one-hot from class labels, a column for one output."""
    t = np.asarray(t)
    if t.ndim == 2 and t.shape[1] == n_outputs:
        return t
    if n_outputs == 1:
        return t.reshape(-1, 1)
    rows = np.zeros((t.size, n_outputs))
    rows[np.arange(t.size), losses.labels_of(t, n_outputs)] = 1.0
    return rows


def reached_events(trace, position: int):
    """The latest event of each kind reached at ``position``: (forward by layer, backward by layer,
    update by parameter, the loss event or None)."""
    forward, backward, update, loss = {}, {}, {}, None
    if trace is not None:
        for event in trace.events[: position + 1]:
            if event.kind == "forward":
                forward[event.layer] = event
            elif event.kind == "backward":
                backward[event.layer] = event
            elif event.kind == "update":
                update[event.param] = event
            else:
                loss = event
    return forward, backward, update, loss


def at_last_step(reached):
    """The reached events with every sequence array (N, T, …) cut to its last step (N, …): on the node graph a
    recurrent network shows h_T, y_T and δ of the last step (the Sequence tab shows every step)."""
    def cut(a):
        return a[:, -1] if a is not None and a.ndim == 3 else a

    forward, backward, update, loss = reached
    forward = {k: replace(e, input=cut(e.input), z=cut(e.z), a=cut(e.a), mask=cut(e.mask)) for k, e in forward.items()}
    backward = {k: replace(e, dL_da=cut(e.dL_da), dact=cut(e.dact), delta=cut(e.delta), dinput=cut(e.dinput))
                for k, e in backward.items()}
    if loss is not None and loss.y.ndim == 3:
        loss = replace(loss, y=cut(loss.y), t=loss.t[:, -1] if loss.t.ndim >= 2 else loss.t, dL_dy=cut(loss.dL_dy))
    return forward, backward, update, loss


def shown_params(trace, position: int, live_params: dict) -> dict:
    """The weights on screen: the step's starting weights, each replaced by its update once reached."""
    if trace is None:
        return live_params
    shown = dict(trace.params_before()) or dict(live_params)
    for event in trace.events[: position + 1]:
        if event.kind == "update":
            shown[event.param] = event.after
    return shown


@dataclass(frozen=True)
class Selection:
    """What the user clicked. node: (layer, unit), layer −1 = input; edge: W[source, unit] of ``layer``;
    bias: b[unit] of ``layer``."""

    kind: str
    layer: int
    unit: int
    source: int | None = None


@dataclass(frozen=True)
class Row:
    """One line of the inspector: the symbol, its value (a number or a text), what it means."""

    key: str
    symbol: str
    value: float | str
    meaning: str = ""
    tooltip: str = ""
    digits: int = 6


@dataclass(frozen=True)
class Inspection:
    """The inspector's content for a selection. ``check`` = (parameter, index, backprop value) to
    compare with a numerical gradient; ``edit`` = (parameter, index) a hand edit would change."""

    title: str
    rows: tuple = ()
    notes: tuple = ()  # (tone, text): tone "dead", "saturated", "dropped" or "info"
    check: tuple | None = None
    edit: tuple | None = None


MAP_KINDS = ("conv2d", "maxpool", "avgpool", "flatten")  # layers the node graph draws as feature-map tiles


@dataclass(frozen=True)
class MapStack:
    """A conv, pool or flatten layer's maps for the traced sample, drawn as tiles on the node graph.

    ``values`` (C, H, W): a (forward, and at the update the maps the step computed) or δ = ∂L/∂z once the
    backward pass reached the layer; a flatten layer's vector is shown in (C, H, W) order, which is what
    flatten reads. ``scale`` is max |value| over all the layer's maps, so its tiles compare.
    """

    symbol: str  # "a" or "δ"
    values: np.ndarray
    scale: float
    shape: tuple  # (C, H, W)
    flat: int | None = None  # a flatten layer's output length

    @property
    def shape_text(self) -> str:
        text = "×".join(str(n) for n in self.shape)
        return f"{text} → {self.flat}" if self.flat is not None else text


@dataclass
class Frame:
    """Everything one redraw shows. ``columns[layer]`` maps a symbol to per-unit arrays for the traced
    sample; layer −1 is the input ("x", or "image" for image input)."""

    layers: tuple = ()
    loss_name: str = ""
    phase: str = "idle"
    caption_head: str = ""
    caption_body: str = ""
    gradient: bool = False  # edges and biases show ∂L/∂w, not w
    scale: float = 1.0
    params: dict = field(default_factory=dict)
    edge_values: dict = field(default_factory=dict)  # layer → (n_in, n_out) array, or None (neutral)
    bias_values: dict = field(default_factory=dict)
    bias_gradient: dict = field(default_factory=dict)  # layer → True when the bias shows ∂L/∂b
    columns: dict = field(default_factory=dict)
    column_opacity: dict = field(default_factory=dict)
    edge_opacity: dict = field(default_factory=dict)
    active: int | None = None
    loss: float | None = None
    arrows: int | None = None  # the layer whose edges carry backward arrows
    sample: int = 0
    batch: int = 0
    sample_x: np.ndarray | None = None
    update_event: object = None
    reached: tuple = ({}, {}, {}, None)
    steps_done: int = 0  # training steps whose update the shown state includes
    maps: dict = field(default_factory=dict)  # layer → MapStack, for conv / pool / flatten layers

    # -- words ----------------------------------------------------------------------------------

    @property
    def caption(self) -> str:
        return f"{self.caption_head}: {self.caption_body}" if self.caption_head else self.caption_body

    def event_text(self) -> str:
        """The current event in a few words, for the status bar."""
        if self.phase == "forward":
            return tr("forward through layer {i}", i=self.active + 1)
        if self.phase == "loss":
            return tr("loss {value}", value=f"{self.loss:.4f}")
        if self.phase == "backward":
            return tr("backward through layer {i}", i=self.active + 1)
        if self.phase == "update":
            return tr("update of {p}", p=self.update_event.param)
        return ""

    @property
    def scale_label(self) -> str:
        return tr("colour = gradients ∂L/∂w") if self.gradient else tr("colour = weights w")

    def layer_name(self, layer: int) -> str:
        if layer == -1:
            return tr("input")
        return tr("output") if self.layers[layer].is_output else tr("hidden {n}", n=layer + 1)

    def activation(self, layer: int) -> str:
        return self.layers[layer].activation or "linear"

    # -- nodes ------------------------------------------------------------------------------------

    def flag(self, layer: int, unit: int) -> str | None:
        """"dropped", "dead" or "saturated" for the traced sample, or None."""
        values = self.columns.get(layer, {})
        for name in ("dropped", "dead", "saturated"):
            if name in values and values[name][unit]:
                return name
        return None

    def node_label(self, layer: int, unit: int) -> tuple[str, str]:
        """The text beside a node on the graph and its tone ("normal", "muted" or a flag)."""
        values = self.columns.get(layer, {})
        j = unit
        if layer == -1:
            name = f"x{str(j + 1).translate(SUBSCRIPTS)}"
            return (f"{name} = {fmt(values['x'][j])}", "normal") if "x" in values else (name, "muted")
        lines, tone = [], "normal"
        flag = self.flag(layer, unit) if "delta" in values or "dropped" in values else None
        if "delta" in values:
            lines.append(f"δ = {fmt(values['delta'][j])}")
            if flag is not None:
                lines.append(FLAG_TEXT[flag]())
                tone = flag
            elif "y" not in values and "a" in values:
                lines.append(f"a = {fmt(values['a'][j])}")
        elif "z" in values:
            lines += [f"z = {fmt(values['z'][j])}", f"a = {fmt(values['a'][j])}"]
            if flag == "dropped":
                lines.append(FLAG_TEXT["dropped"]())
                tone = "dropped"
        if "y" in values:
            k = str(j).translate(SUBSCRIPTS) if len(values["y"]) > 1 else ""  # which class, for several outputs
            lines = [f"y{k} = {fmt(values['y'][j])}", f"t{k} = {fmt(values['t'][j])}"] + \
                    ([lines[0]] if "delta" in values else [])
        if "b" in values:
            lines += [f"b = {fmt(values['b'][j])}", f"Δb = {fmt_signed(values['db'][j], 2)}"]
        return "\n".join(lines), tone

    def node_tooltip(self, layer: int, unit: int) -> str:
        values = self.columns.get(layer, {})
        j, sample = unit, self.sample + 1
        if layer == -1:
            lines = [tr("input x{k} (column {j} of the batch)", k=str(j + 1).translate(SUBSCRIPTS), j=j)]
            if "x" in values:
                lines.append(tr("x = {x}  (sample {s})", x=fmt(values["x"][j], 5), s=sample))
            return "\n".join(lines)
        info = self.layers[layer]
        act = self.activation(layer)
        lines = [tr("{layer} ({act}), unit {j}", layer=self.layer_name(layer), act=act, j=j)]
        if "z" in values:
            lines += [tr("z = Σᵢ wᵢ·xᵢ + b = {z}   (sample {s})", z=fmt(values["z"][j], 5), s=sample),
                      f"a = {act}(z) = {fmt(values['a'][j], 5)}"]
        else:
            lines += ["z = Σᵢ wᵢ·xᵢ + b", f"a = {act}(z)", tr("(values appear when the forward pass gets here)")]
        if "y" in values:
            lines.append(tr("output y = {y}, target t = {t}", y=fmt(values["y"][j], 5), t=fmt(values["t"][j], 5)))
        if "delta" in values:
            if "dact" in values:
                lines.append(f"δ = ∂L/∂a · act′(z) = {fmt(values['dL_da'][j], 4)} · {fmt(values['dact'][j], 4)}"
                             f" = {fmt(values['delta'][j], 5)}")
            else:
                lines.append(tr("δ = (y − t)/N = {d}   ({act} fused with the loss)",
                                d=fmt(values["delta"][j], 5), act=act))
        flag = self.flag(layer, unit)
        if flag is not None:
            lines.append(FLAG_EXPLANATION[flag]())
        if info.bias:
            lines.append(f"b = {fmt(self.params[info.bias][j], 5)}")
        return "\n".join(lines)

    def map_tooltip(self, layer: int, channel: int) -> str:
        """A feature-map tile's words: which map, its shape, what its colours are, and the click."""
        stack = self.maps.get(layer)
        if layer == -1:
            lines = [tr("input channel {c}", c=channel + 1)]
            if stack is not None:
                values = stack.values[channel]
                lines.append(tr("the image of sample {s} ({h}×{w}): min {lo}, max {hi}", s=self.sample + 1,
                                h=stack.shape[1], w=stack.shape[2], lo=fmt(values.min()), hi=fmt(values.max())))
            return "\n".join(lines)
        info = self.layers[layer]
        shape = stack.shape if stack is not None else info.output_shape if info.kind != "flatten" else info.input_shape
        lines = [tr("{layer}, map {c} of {n} ({h}×{w})", layer=_map_layer_name(info), c=channel + 1, n=shape[0],
                    h=shape[-2], w=shape[-1])]
        if info.kind == "flatten":
            start = channel * shape[-2] * shape[-1]
            lines.append(tr("flatten reads it row by row: entries {a}–{b} of the vector", a=start + 1,
                            b=start + shape[-2] * shape[-1]))
        if stack is None:
            lines.append(tr("(the maps appear when the forward pass gets here)"))
        else:
            values = stack.values[channel]
            what = tr("δ = ∂L/∂z of this map") if stack.symbol == "δ" else _map_formula(info)
            lines.append(tr("{what}, sample {s}: min {lo}, max {hi}", what=what, s=self.sample + 1,
                            lo=fmt(values.min()), hi=fmt(values.max())))
        lines.append(tr("click: open it in the Convolution tab"))
        return "\n".join(lines)

    # -- edges and biases ---------------------------------------------------------------------------

    def edge_input(self, layer: int, source: int) -> float | None:
        """The sending unit's value for the traced sample, once the forward pass used it."""
        src = self.columns.get(layer - 1, {})
        a_in = src.get("a", src.get("x"))
        used = (self.phase == "forward" and self.active is not None and self.active >= layer) or \
            self.phase in ("loss", "backward")
        return float(a_in[source]) if a_in is not None and used else None

    def edge_tooltip(self, layer: int, source: int, unit: int) -> str:
        info = self.layers[layer]
        i, j, w_name = source, unit, info.weight
        w = float(self.params[w_name][i, j])
        lines = [tr("weight {w}[{i}, {j}]: {src} unit {i} → {dst} unit {j}", w=w_name, i=i, j=j,
                    src=self.layer_name(layer - 1), dst=self.layer_name(layer)), f"w = {fmt(w, 5)}"]
        a_in = self.edge_input(layer, source)
        if a_in is not None:
            lines.append(tr("x·w = {a} · {w} = {p}   (this sample's share of z)",
                            a=fmt(a_in, 4), w=fmt(w, 4), p=fmt(a_in * w, 4)))
        if self.gradient and self.edge_values.get(layer) is not None:
            lines.append(tr("∂L/∂w = Σ over the batch of δ·a = {g}", g=fmt(self.edge_values[layer][i, j], 5)))
            delta = self.columns.get(layer, {}).get("delta")
            src = self.columns.get(layer - 1, {})
            a_src = src.get("a", src.get("x"))
            if delta is not None and a_src is not None:
                lines.append(tr("this sample: δ·a = {d} · {a}", d=fmt(delta[j], 4), a=fmt(a_src[i], 4)))
        update = self.reached[2].get(w_name)
        if update is not None:
            before, after = float(update.before[i, j]), float(update.after[i, j])
            lines.append(tr("Δw = {d}  ({b} → {a})", d=fmt_signed(after - before), b=fmt(before, 5),
                            a=fmt(after, 5)))
        return "\n".join(lines)

    def bias_tooltip(self, layer: int, unit: int) -> str:
        info = self.layers[layer]
        j, values = unit, self.columns.get(layer, {})
        lines = [tr("bias {b}[{j}] of {layer} unit {j}", b=info.bias, j=j, layer=self.layer_name(layer)),
                 f"b = {fmt(self.params[info.bias][j], 5)}"]
        if self.bias_gradient.get(layer):
            lines.append(tr("∂L/∂b = Σ over the batch of δ = {g}", g=fmt(self.bias_values[layer][j], 5)))
        if "db" in values:
            lines.append(tr("Δb = {d} (this update)", d=fmt_signed(values["db"][j])))
        return "\n".join(lines)

    def tooltip(self, sel: Selection | None) -> str:
        if sel is None:
            return ""
        if sel.kind == "edge":
            return self.edge_tooltip(sel.layer, sel.source, sel.unit)
        if sel.kind == "bias":
            return self.bias_tooltip(sel.layer, sel.unit)
        return self.node_tooltip(sel.layer, sel.unit)

    # -- the inspector --------------------------------------------------------------------------------

    def inspect(self, sel: Selection | None) -> Inspection:
        if sel is None:
            return Inspection(tr("Click a neuron, an edge or a bias square in the network to inspect it."))
        if sel.kind == "edge":
            return self._inspect_edge(sel)
        if sel.kind == "bias":
            return self._inspect_bias(sel)
        return self._inspect_node(sel)

    def _inspect_node(self, sel: Selection) -> Inspection:
        fwd, bwd, upd, loss = self.reached
        s, j = self.sample, sel.unit
        rows, notes = [], []
        if sel.layer == -1:
            name = f"x{str(j + 1).translate(SUBSCRIPTS)}"
            first = fwd.get(0)
            if first is not None and first.input.ndim == 2:
                rows.append(Row("x", name, float(first.input[s, j]), tr("input value of sample {s}", s=s + 1)))
            else:
                notes.append(("info", tr("The input values appear once the forward pass starts.")))
            return Inspection(tr("Input {name} (column {j} of the batch)", name=name, j=j),
                              tuple(rows + self._output_rows()), tuple(notes))
        info = self.layers[sel.layer]
        act = self.activation(sel.layer)
        title = tr("Neuron: {layer} ({act}), unit {j}", layer=self.layer_name(sel.layer), act=act, j=j)
        f = fwd.get(sel.layer)
        if f is not None and f.z.ndim == 2:
            rows.append(Row("z", "z", float(f.z[s, j]), tr("weighted sum of the inputs plus the bias"),
                            tr("z = Σᵢ wᵢ·xᵢ + b  (for the traced sample)")))
            rows.append(Row("a", "a", float(f.a[s, j]), f"a = {act}(z)", info.activation_formula or "a = z"))
        else:
            notes.append(("info", tr("z and a appear when the forward pass reaches this layer (→).")))
        if info.bias:
            rows.append(Row("b", "b", float(self.params[info.bias][j]), tr("bias {b}[{j}]", b=info.bias, j=j)))
        if info.is_output and loss is not None and f is not None and "t" in self.columns.get(sel.layer, {}):
            rows.append(Row("y", "y", float(loss.y[s, j]), tr("network output")))
            rows.append(Row("t", "t", float(self.columns[sel.layer]["t"][j]), tr("target")))
        b = bwd.get(sel.layer)
        if b is not None and b.delta.ndim == 2:
            n = self.batch
            if b.dact is None:
                rows.append(Row("dL_da", "∂L/∂y", float(b.dL_da[s, j]), tr("how the loss changes with this output"),
                                tr("∂L/∂y of the loss for the traced sample")))
                rows.append(Row("delta", "δ", float(b.delta[s, j]),
                                tr("δ = (y − t)/N with N = {n}: {act} fused with the loss ({loss}), so act′(z) "
                                   "never appears", n=n, act=act, loss=loss_short_name(self.loss_name)),
                                tr("For sigmoid + BCE and softmax + cross-entropy, ∂L/∂z simplifies to (y − t)/N.")))
            else:
                rows.append(Row("dL_da", "∂L/∂a", float(b.dL_da[s, j]), tr("what the layers above send back"),
                                tr("∂L/∂a = Σₖ δₖ·wₖ (from the next layer)")))
                rows.append(Row("dact", "act′(z)", float(b.dact[s, j]), info.derivative_formula,
                                tr("the slope of the activation at z")))
                rows.append(Row("delta", "δ", float(b.delta[s, j]), "δ = ∂L/∂a · act′(z)",
                                tr("δ = ∂L/∂z, the error signal")))
            if info.bias:
                rows.append(Row("dL_db", "∂L/∂b", float(b.grads[info.bias][j]),
                                tr("whole batch: Σ of δ over the {n} samples", n=n), "∂L/∂b = Σₙ δₙ", digits=8))
        else:
            notes.append(("info", tr("δ appears when the backward pass reaches this layer.")))
        flag = self.flag(sel.layer, j)
        if flag is not None:
            notes.append((flag, FLAG_EXPLANATION[flag]()))
        if info.bias:
            rows += _update_rows(upd.get(info.bias), (j,), "b")
        return Inspection(title, tuple(rows + self._output_rows()), tuple(notes),
                          edit=(info.bias, (j,)) if info.bias and info.dense else None)

    def _inspect_bias(self, sel: Selection) -> Inspection:
        _fwd, bwd, upd, _loss = self.reached
        info, j = self.layers[sel.layer], sel.unit
        rows = [Row("b", "b", float(self.params[info.bias][j]), tr("the shown value"))]
        notes, check = [], None
        b = bwd.get(sel.layer)
        if b is not None:
            grad = float(b.grads[info.bias][j])
            rows.append(Row("dL_db", "∂L/∂b", grad, tr("Σ of δ over the {n} samples of the batch", n=self.batch),
                            "∂L/∂b = Σₙ δₙ", digits=8))
            check = (info.bias, (j,), grad)
        else:
            notes.append(("info", tr("∂L/∂b appears when the backward pass reaches this layer.")))
        rows += _update_rows(upd.get(info.bias), (j,), "b")
        title = tr("Bias {b}[{j}] of {layer}, unit {j}", b=info.bias, j=j, layer=self.layer_name(sel.layer))
        return Inspection(title, tuple(rows + self._output_rows()), tuple(notes), check,
                          (info.bias, (j,)) if info.dense else None)

    def _inspect_edge(self, sel: Selection) -> Inspection:
        fwd, bwd, upd, _loss = self.reached
        info = self.layers[sel.layer]
        w_name, i, j, s = info.weight, sel.source, sel.unit, self.sample
        u = upd.get(w_name)
        w_before = float(u.before[i, j] if u is not None else self.params[w_name][i, j])
        rows = [Row("w", "w", w_before, tr("before this step's update") if u is not None else tr("the shown value"))]
        notes, check = [], None
        f = fwd.get(sel.layer)
        a_source = None
        if f is not None and f.input.ndim == 2:
            a_source = float(f.input[s, i])
            sym = "x" if sel.layer == 0 else "a"
            rows.append(Row("a_source", f"{sym}ᵢ", a_source, tr("input {i} of this layer for sample {s}", i=i, s=s + 1)))
            rows.append(Row("contribution", f"{sym}·w", a_source * w_before,
                            tr("this edge's share of z for the sample"), "z = Σᵢ wᵢ·xᵢ + b"))
        b = bwd.get(sel.layer)
        if b is not None and b.delta.ndim == 2:
            delta = float(b.delta[s, j])
            rows.append(Row("delta_unit", "δⱼ", delta, tr("δ of unit {j} for sample {s}", j=j, s=s + 1)))
            if a_source is not None:
                rows.append(Row("product", "δ·a", delta * a_source,
                                tr("= {d} × {a}: this sample's part of ∂L/∂w (chain rule)", d=fmt(delta, 4),
                                   a=fmt(a_source, 4)),
                                tr("∂L/∂w for one sample = δ (of the receiving unit) · a (of the sending unit)")))
            grad = float(b.grads[w_name][i, j])
            rows.append(Row("dL_dw", "∂L/∂w", grad, tr("whole batch: Σ of δ·a over the {n} samples", n=self.batch),
                            tr("∂L/∂W = aᵀ·δ, summed over the batch (δ already carries the 1/N of the mean loss)"),
                            digits=10))
            check = (w_name, (i, j), grad)
        else:
            notes.append(("info", tr("∂L/∂w appears when the backward pass reaches this layer.")))
        rows += _update_rows(u, (i, j), "w")
        title = tr("Weight {w}[{i}, {j}]: {src} unit {i} → {dst} unit {j}", w=w_name, i=i, j=j,
                   src=self.layer_name(sel.layer - 1), dst=self.layer_name(sel.layer))
        return Inspection(title, tuple(rows + self._output_rows()), tuple(notes), check, (w_name, (i, j)))

    def _output_rows(self) -> list[Row]:
        last = self.reached[0].get(len(self.layers) - 1)
        if last is None or last.a.ndim != 2:
            return []
        values = [fmt(v, 4) for v in last.a[self.sample][:10]]
        text = f"({', '.join(values)})" if last.a.shape[1] > 1 else values[0]
        return [Row("output", "y", text, tr("the network's output for sample {s}", s=self.sample + 1))]


def _map_layer_name(info: LayerInfo) -> str:
    names = {"conv2d": lambda: tr("conv layer {i}", i=info.index + 1),
             "maxpool": lambda: tr("max pooling, layer {i}", i=info.index + 1),
             "avgpool": lambda: tr("average pooling, layer {i}", i=info.index + 1),
             "flatten": lambda: tr("flatten, layer {i}", i=info.index + 1)}
    return names[info.kind]()


def _map_formula(info: LayerInfo) -> str:
    if info.kind == "conv2d":
        return f"a = {info.activation or 'linear'}(x ∗ K + b)"
    if info.kind == "maxpool":
        return tr("a = the largest value of each window")
    if info.kind == "avgpool":
        return tr("a = the mean of each window")
    return tr("a = the pooled maps, unchanged")


def map_stack(info: LayerInfo | None, values, symbol: str, input_shape: tuple = ()) -> MapStack | None:
    """One sample's maps of a conv, pool or flatten layer (``info`` None: the input image, of ``input_shape``)
    as a :class:`MapStack`; None when they are not (C, H, W) maps."""
    flat = info is not None and info.kind == "flatten"
    shape = tuple(input_shape if info is None else info.input_shape if flat else info.output_shape)
    values = np.asarray(values, dtype=float)
    if len(shape) != 3 or values.size != int(np.prod(shape)):
        return None
    values = values.reshape(shape)
    peak = float(np.abs(values).max()) if values.size else 0.0
    return MapStack(symbol, values, peak if np.isfinite(peak) and peak > 0 else 1.0, shape,
                    int(values.size) if flat else None)


def _steps_done(trace, position: int) -> int:
    """A step counts as done once its last update is shown; a preview trace (no updates) changes nothing."""
    has_updates = any(e.kind == "update" for e in trace.events)
    if not has_updates or position >= len(trace.events) - 1:
        return trace.step
    return trace.step - 1


def _update_rows(event, index, symbol) -> list[Row]:
    if event is None:
        return []
    after = float(event.after[index])
    return [Row(f"{symbol}_after", tr("{s} new", s=symbol), after, tr("after the optimizer's update")),
            Row(f"d{symbol}", f"Δ{symbol}", after - float(event.before[index]), tr("the optimizer's step"))]


FLAG_TEXT = {"dead": lambda: tr("✖ dead"), "saturated": lambda: tr("⚠ saturated"),
             "dropped": lambda: tr("∅ dropped")}
FLAG_EXPLANATION = {
    "dead": lambda: tr("✖ dead: act′(z) = 0 for every sample of the batch — no gradient passes"),
    "saturated": lambda: tr("⚠ saturated: |act′(z)| < {t} for this sample — the gradient nearly stops",
                            t=activations.SATURATION_SLOPE),
    "dropped": lambda: tr("∅ dropped by dropout for this sample: its output is 0 and no gradient passes"),
}


class FrameModel:
    """Builds frames for one network; keeps the per-trace gradient colour scale between frames."""

    def __init__(self, network: Network):
        self.layers: tuple[LayerInfo, ...] = network.describe()
        self.loss_name = network.loss_name
        self.n_outputs = network.n_outputs
        self._gradient_scale = (None, 1.0)
        self.input_shape = tuple(network.input_shape)
        self.sequence = any(len(info.output_shape) == 2 for info in self.layers)  # (T, units): a sequence

    def weight_scale(self, params: dict) -> float:
        return robust_scale([params[info.weight] for info in self.layers if info.weight in params])

    def gradient_scale(self, trace) -> float:
        if self._gradient_scale[0] is not trace:
            grads = [e.grads[self.layers[e.layer].weight] for e in trace.of_kind("backward")
                     if self.layers[e.layer].weight]
            self._gradient_scale = (trace, robust_scale(grads))
        return self._gradient_scale[1]

    def at(self, trace, position: int, live_params: dict, sample: int = 0, optimizer: dict | None = None,
           next_step: int = 1) -> Frame:
        """The frame at ``position`` of ``trace`` (None: nothing traced yet, the live weights shown)."""
        event = trace.events[position] if trace is not None and position >= 0 else None
        phase = "idle" if event is None else event.kind
        reached = reached_events(trace, position)
        if self.sequence:
            reached = at_last_step(reached)
        fwd, bwd, _upd, loss_event = reached
        batch = len(trace.batch_x) if trace is not None else 0
        s = int(np.clip(sample, 0, max(0, batch - 1)))
        f = Frame(self.layers, self.loss_name, phase, sample=s, batch=batch, reached=reached)
        f.params = shown_params(trace, position, live_params)
        if trace is not None and phase != "idle" and batch:
            f.sample_x = np.asarray(trace.batch_x[s])
        if loss_event is not None:  # the step's batch loss, from its loss event on (updates included)
            f.loss = loss_event.value
        self._edges(f, bwd, trace)
        if phase in ("forward", "loss", "backward"):
            self._forward_values(f, fwd, loss_event)
        if phase == "backward":
            self._backward_values(f, bwd)
        if phase != "idle":
            self._map_values(f, fwd, bwd)
        if phase == "update":
            info = self.layers[event.layer]
            if event.param == info.bias and event.after.ndim == 1:
                f.columns[event.layer] = {"b": event.after, "db": event.after - event.before}
            f.update_event = event
        self._emphasis(f, event)
        if phase in ("forward", "backward") or phase == "update":
            f.active = event.layer
        elif phase == "loss":
            f.active = len(self.layers) - 1
        f.caption_head, f.caption_body = self._caption(f, event, trace, optimizer or {}, next_step)
        if self.sequence and phase != "idle":
            f.caption_body += tr(" · the nodes show the last time step")
        f.steps_done = next_step - 1 if trace is None else _steps_done(trace, position)
        return f

    # -- parts of a frame ---------------------------------------------------------------------------

    def _edges(self, f: Frame, bwd: dict, trace):
        if f.phase == "backward":
            f.gradient = True
            f.scale = self.gradient_scale(trace)
        else:
            f.scale = self.weight_scale(f.params)
        for info in self.layers:
            if not info.weight:
                continue
            if info.index in bwd and f.phase == "backward":
                f.edge_values[info.index] = bwd[info.index].grads[info.weight]
                f.bias_values[info.index] = bwd[info.index].grads[info.bias]
                f.bias_gradient[info.index] = True
            elif f.phase == "backward":
                f.edge_values[info.index] = f.bias_values[info.index] = None
            else:
                f.edge_values[info.index] = f.params[info.weight]
                f.bias_values[info.index] = f.params[info.bias]

    def _forward_values(self, f: Frame, fwd: dict, loss_event):
        s = f.sample
        first = fwd.get(0)
        if first is not None:
            f.columns[-1] = {"x": first.input[s]} if first.input.ndim == 2 else {"image": first.input[s]}
        for layer, ev in fwd.items():
            if ev.z.ndim == 2:
                values = {"z": ev.z[s], "a": ev.a[s], "a_max": float(np.abs(ev.a).max())}
                if ev.mask is not None:
                    values["dropped"] = ev.mask[s] == 0
                f.columns[layer] = values
        last = len(self.layers) - 1
        if f.phase in ("loss", "backward") and loss_event is not None and last in f.columns:
            f.columns[last]["y"] = loss_event.y[s]
            f.columns[last]["t"] = target_rows(loss_event.t, self.n_outputs)[s]

    def _backward_values(self, f: Frame, bwd: dict):
        s = f.sample
        for layer, ev in bwd.items():
            if ev.delta.ndim != 2:
                continue
            col = f.columns.setdefault(layer, {})
            col["delta"], col["dL_da"] = ev.delta[s], ev.dL_da[s]
            if ev.dact is not None:
                info = self.layers[layer]
                col["dact"] = ev.dact[s]
                col["dead"] = activations.dead_units(ev.dact)
                col["saturated"] = activations.saturated(info, ev.dact[s])

    def _map_values(self, f: Frame, fwd: dict, bwd: dict):
        """Conv, pool and flatten layers' maps: δ once the backward pass reached them, else a; and the image."""
        s = f.sample
        if f.sample_x is not None and len(self.input_shape) == 3:
            stack = map_stack(None, f.sample_x, "x", self.input_shape)
            if stack is not None:
                f.maps[-1] = stack
        for info in self.layers:
            if info.kind not in MAP_KINDS or info.index not in fwd:
                continue
            back = bwd.get(info.index) if f.phase == "backward" else None
            stack = map_stack(info, back.delta[s], "δ") if back is not None else \
                map_stack(info, fwd[info.index].a[s], "a")
            if stack is not None:
                f.maps[info.index] = stack

    def _emphasis(self, f: Frame, event):
        layers = [info.index for info in self.layers]
        for layer in [-1] + layers:
            f.column_opacity[layer] = f.edge_opacity[layer] = 1.0
        if f.phase == "forward":
            for layer in layers:
                if layer > event.layer:
                    f.column_opacity[layer], f.edge_opacity[layer] = DIM_LATER, DIM_LATER_EDGES
                elif layer < event.layer:
                    f.edge_opacity[layer] = DIM_EARLIER_EDGES
        elif f.phase == "backward":
            i = event.layer
            f.arrows = i
            for layer in [-1] + layers:
                if layer < i and not (layer == -1 and i == layers[0]):
                    f.column_opacity[layer] = BACKWARD_DONE_COLUMNS
                if layer < i:
                    f.edge_opacity[layer] = BACKWARD_EARLIER_EDGES
                elif layer > i:
                    f.edge_opacity[layer] = BACKWARD_LATER_EDGES
        elif f.phase == "update":
            for layer in layers:
                if layer != event.layer:
                    f.edge_opacity[layer] = BACKWARD_LATER_EDGES

    def _caption(self, f: Frame, event, trace, optimizer: dict, next_step: int) -> tuple[str, str]:
        n = len(self.layers)
        if f.phase == "idle":
            step = trace.step if trace is not None else next_step
            return "", tr("Ready for step {step}: press → (Event) to trace it one event at a time, or ▶ Play "
                          "to train · click a neuron or an edge to inspect it", step=step)
        sample = tr("sample {s} of {n}", s=f.sample + 1, n=f.batch)
        if f.phase == "forward":
            info = self.layers[event.layer]
            if info.weight:
                op = "·" if info.dense else "∗"
                source = "x" if event.layer == 0 else "a" + str(event.layer).translate(SUBSCRIPTS)  # the layer's input
                formula = f"z = {source}{op}{info.weight} + {info.bias}, a = {self.activation_name(info)}(z)"
            else:
                formula = _map_formula(info) if info.kind in MAP_KINDS else info.kind
            return tr("Forward"), tr("layer {i} of {n} — {formula}   ({sample})", i=event.layer + 1, n=n,
                                     formula=formula, sample=sample)
        if f.phase == "loss":
            return tr("Loss"), tr("{loss} = {value}   (mean over {n} samples)", loss=loss_short_name(self.loss_name),
                                  value=f"{event.value:.4g}", n=f.batch)
        if f.phase == "backward":
            info = self.layers[event.layer]
            if event.dact is None and info.activation is not None:
                formula = tr("δ = (y − t)/N ({act} fused with {loss})", act=self.activation_name(info),
                             loss=loss_short_name(self.loss_name))
            else:
                formula = "δ = ∂L/∂a · act′(z)"
            if info.weight:
                formula += f",  ∂L/∂{info.weight} = aᵀ·δ"
            return tr("Backward"), tr("layer {i} — {formula}   ← gradients flow right to left",
                                      i=event.layer + 1, formula=formula)
        hp = ", ".join(f"{k} {v:g}" for k, v in optimizer.items()
                       if k != "name" and isinstance(v, (int, float)) and not isinstance(v, bool))
        body = tr("{p} ← {p} − step   ({opt})", p=event.param,
                  opt=f"{optimizer.get('name', '')}{', ' + hp if hp else ''}")
        if trace is not None and f.phase == "update" and event is trace.events[-1]:
            body += tr(" · step {step} complete", step=trace.step)
        return tr("Update"), body

    @staticmethod
    def activation_name(info: LayerInfo) -> str:
        return info.activation or "linear"

