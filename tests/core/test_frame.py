"""The frame model, without Qt: what the node graph and the inspector show at every event of a step."""

import numpy as np
import pytest

from visualnet.core import presets
from visualnet.core.frame import FrameModel, Selection, fmt, fmt_signed, robust_scale, target_rows
from visualnet.core.network import Network
from visualnet.core.session import Session


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.fixture
def xor():
    """The XOR preset's first training step, recorded, and its frame model."""
    session = Session(presets.experiment_for(presets.get("xor_2_2_1")))
    start = session.net.copy_params()
    trace = session.trainer.step(record=True)
    return session, start, trace, FrameModel(session.net)


def by_hand(start, x, t):
    """Forward and backward of the 2-2-1 sigmoid net with BCE, written out in NumPy."""
    n = len(x)
    z1 = x @ start["W1"] + start["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ start["W2"] + start["b2"]
    y = sigmoid(z2)
    t = t.reshape(-1, 1)
    loss = -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
    delta2 = (y - t) / n  # sigmoid + BCE: act′ cancels
    dW2, db2 = a1.T @ delta2, delta2.sum(axis=0)
    dL_da1 = delta2 @ start["W2"].T
    dact1 = a1 * (1 - a1)
    delta1 = dL_da1 * dact1
    dW1, db1 = x.T @ delta1, delta1.sum(axis=0)
    return {"z1": z1, "a1": a1, "z2": z2, "y": y, "loss": loss, "delta2": delta2, "dW2": dW2, "db2": db2,
            "dL_da1": dL_da1, "dact1": dact1, "delta1": delta1, "dW1": dW1, "db1": db1}


def test_every_event_of_the_xor_step_shows_the_hand_computed_numbers(xor):
    session, start, trace, model = xor
    x, t = np.asarray(trace.batch_x), np.asarray(trace.batch_t)
    h = by_hand(start, x, t)
    lr = session.experiment["optimizer"]["lr"]
    kinds = []
    for s in range(len(x)):
        for position, event in enumerate(trace.events):
            f = model.at(trace, position, session.net.params, sample=s,
                         optimizer=session.experiment["optimizer"])
            kinds.append(event.kind)
            cols = f.columns
            assert f.phase == event.kind and f.sample == s
            if event.kind in ("forward", "loss", "backward"):
                np.testing.assert_allclose(cols[-1]["x"], x[s], rtol=0, atol=0)
                np.testing.assert_allclose(cols[0]["z"], h["z1"][s], rtol=1e-13)
                np.testing.assert_allclose(cols[0]["a"], h["a1"][s], rtol=1e-13)
                for w in ("W1", "W2"):  # the weights the step started from, until their update
                    np.testing.assert_array_equal(f.params[w], start[w])
                for i in range(2):
                    for j in range(2):
                        assert f"x·w = {fmt(x[s, i], 4)} · {fmt(start['W1'][i, j], 4)}" in f.edge_tooltip(0, i, j)
            if event.kind == "forward" and event.layer == 0:
                assert 1 not in cols and f.caption.startswith("Forward: layer 1 of 2 — z = x·W1 + b1")
                assert f.edge_values[0] is f.params["W1"] and f.scale == robust_scale([start["W1"], start["W2"]])
            if event.kind in ("loss", "backward") or (event.kind == "forward" and event.layer == 1):
                np.testing.assert_allclose(cols[1]["z"], h["z2"][s], rtol=1e-13)
                np.testing.assert_allclose(cols[1]["a"], h["y"][s], rtol=1e-13)
            if event.kind == "forward" and event.layer == 1:  # the second layer's input is the first's output
                assert f.caption.startswith("Forward: layer 2 of 2 — z = a₁·W2 + b2")
            if event.kind in ("loss", "backward"):
                np.testing.assert_allclose(cols[1]["y"], h["y"][s], rtol=1e-13)
                assert cols[1]["t"][0] == t.reshape(-1)[s]
                assert f.loss == pytest.approx(h["loss"], rel=1e-13)
                text, tone = f.node_label(1, 0)
                assert f"y = {fmt(h['y'][s, 0])}" in text and tone == "normal"
            if event.kind == "backward":
                assert f.gradient and f.scale_label == "colour = gradients ∂L/∂w"
                np.testing.assert_allclose(cols[1]["delta"], h["delta2"][s], rtol=1e-12)
                np.testing.assert_allclose(f.edge_values[1], h["dW2"], rtol=1e-12)
                np.testing.assert_allclose(f.bias_values[1], h["db2"], rtol=1e-12)
                if event.layer == 1:
                    assert f.edge_values[0] is None and "delta" not in cols[0]
                else:
                    np.testing.assert_allclose(cols[0]["dL_da"], h["dL_da1"][s], rtol=1e-12)
                    np.testing.assert_allclose(cols[0]["dact"], h["dact1"][s], rtol=1e-12)
                    np.testing.assert_allclose(cols[0]["delta"], h["delta1"][s], rtol=1e-12)
                    np.testing.assert_allclose(f.edge_values[0], h["dW1"], rtol=1e-12)
                    for i in range(2):
                        for j in range(2):
                            assert f"= {fmt(h['dW1'][i, j], 5)}" in f.edge_tooltip(0, i, j)
                    for j in range(2):
                        rows = {r.key: r.value for r in f.inspect(Selection("node", 0, j)).rows}
                        assert rows["delta"] == pytest.approx(h["delta1"][s, j], rel=1e-12)
                        assert rows["dact"] == pytest.approx(h["dact1"][s, j], rel=1e-12)
                        assert rows["dL_db"] == pytest.approx(h["db1"][j], rel=1e-12)
                    edge = f.inspect(Selection("edge", 0, 1, 0))
                    rows = {r.key: r.value for r in edge.rows}
                    assert rows["product"] == pytest.approx(h["delta1"][s, 1] * x[s, 0], rel=1e-12)
                    assert edge.check == ("W1", (0, 1), pytest.approx(h["dW1"][0, 1], rel=1e-12))
            if event.kind == "update":
                assert f.loss == pytest.approx(h["loss"], rel=1e-13)  # the step's loss stays through its updates
                grad = {"W1": h["dW1"], "b1": h["db1"], "W2": h["dW2"], "b2": h["db2"]}[event.param]
                np.testing.assert_allclose(f.params[event.param], start[event.param] - lr * grad, rtol=1e-12)
                layer = int(event.param[1:]) - 1
                if event.param.startswith("b"):
                    np.testing.assert_allclose(cols[layer]["db"], -lr * grad, rtol=1e-12)
                else:  # every edge of the updated matrix shows Δw = −lr·∂L/∂w, by hand
                    for i, j in np.ndindex(grad.shape):
                        step = -lr * grad[i, j]
                        assert f"Δw = {fmt_signed(step)}  ({fmt(start[event.param][i, j], 5)} → " \
                               f"{fmt(start[event.param][i, j] + step, 5)})" in f.edge_tooltip(layer, i, j)
                        rows = {r.key: r.value for r in f.inspect(Selection("edge", layer, j, i)).rows}
                        assert rows["dw"] == pytest.approx(step, rel=1e-12)
                        assert rows["w"] == start[event.param][i, j]
                updated = {e.param for e in trace.events[: position + 1] if e.kind == "update"}
                for w in {"W1", "W2"} - updated:  # not updated yet: no Δw on its edges
                    assert "Δw" not in f.edge_tooltip(int(w[1:]) - 1, 0, 0)
                assert f.caption.startswith(f"Update: {event.param} ← {event.param} − step   (sgd, lr 2)")
    assert set(kinds) == {"forward", "loss", "backward", "update"}


def test_idle_frame_shows_the_live_weights_and_no_numbers(xor):
    session, _start, _trace, model = xor
    f = model.at(None, -1, session.net.params)
    assert f.phase == "idle" and f.columns == {} and f.params is session.net.params
    assert f.caption.startswith("Ready for step 1") and f.node_label(-1, 0) == ("x₁", "muted")
    assert f.inspect(None).title.startswith("Click")


def relu_net(dropout=0.0):
    return Network({"input": 2, "layers": [{"units": 6, "activation": "relu", "dropout": dropout},
                                           {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 4})


def backward_frame(net, x, t, sample=0, position_kind="backward"):
    from visualnet.core.trainer import Trainer

    trainer = Trainer(net, _NoUpdate(), x, t, batch_size=len(x))
    trace = trainer.preview(x, t)
    position = max(i for i, e in enumerate(trace.events) if e.kind == position_kind)
    return FrameModel(net).at(trace, position, net.params, sample)


class _NoUpdate:
    def __init__(self):
        self.hyperparams = {"lr": 0.0}


def test_relu_units_are_dead_never_saturated():
    net = relu_net()
    net.params["b1"][:] = [-100, 0, 0, 0, 0, 0]  # unit 0 never fires on the batch
    x = np.random.default_rng(0).normal(size=(8, 2)) * 0.01
    f = backward_frame(net, x, np.ones(8))
    assert f.flag(0, 0) == "dead" and f.columns[0]["saturated"].sum() == 0
    assert "✖ dead" in f.node_label(0, 0)[0] and f.node_label(0, 0)[1] == "dead"
    assert any(tone == "dead" for tone, _ in f.inspect(Selection("node", 0, 0)).notes)


def test_sigmoid_units_saturate_by_slope():
    net = Network({"input": 2, "layers": [{"units": 3, "activation": "sigmoid"},
                                          {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 1})
    net.params["b1"][:] = [20.0, 0.0, -20.0]  # σ′ ≈ 2e-9 at both ends
    f = backward_frame(net, np.zeros((4, 2)), np.ones(4))
    assert [f.flag(0, j) for j in range(3)] == ["saturated", None, "saturated"]


def test_dropped_units_are_flagged_as_dropped():
    net = relu_net(dropout=0.5)
    x = np.random.default_rng(1).normal(size=(16, 2)) + 3.0  # every unit active somewhere
    f = backward_frame(net, x, np.ones(16), sample=2)
    dropped = f.columns[0]["dropped"]
    assert dropped.any() and not dropped.all()
    for j in range(6):
        if dropped[j]:
            assert f.flag(0, j) == "dropped" and "dropped" in f.node_label(0, j)[0]


def test_numbers_never_show_a_negative_zero():
    assert fmt(-0.0) == "0" and fmt(0.0) == "0" and fmt(-1e-300) == "-1e-300" and fmt(None) == "–"


def test_targets_become_rows_of_the_output_width():
    np.testing.assert_array_equal(target_rows(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(target_rows(np.array([2.0, 1.0]), 3), [[0, 0, 1], [0, 1, 0]])
    np.testing.assert_array_equal(target_rows(np.array([1.0, 0.0]), 1), [[1.0], [0.0]])
    one_hot = np.eye(3)[[1, 2]]
    assert target_rows(one_hot, 3) is not None and target_rows(one_hot, 3).shape == (2, 3)


CNN = {"dataset": {"name": "shapes", "n": 48, "noise": 0.1, "seed": 0, "test_ratio": 0.25},
       "network": {"layers": [{"type": "conv2d", "filters": 3, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu"},
                              {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                              {"units": 6, "activation": "softmax"}],
                   "loss": "cross_entropy", "init": "he", "seed": 0, "dtype": "float64"},
       "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 4, "seed": 0}


def cnn_by_hand(start, x, t):
    """conv 3@3×3 pad 1 → relu → max pool 2 → flatten → softmax + cross-entropy, one image at a time."""
    from numpy.lib.stride_tricks import sliding_window_view

    n = len(x)
    W, b = start["W1"], start["b1"]
    windows = sliding_window_view(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
    z = np.einsum("nchwij,fcij->nfhw", windows, W) + b[None, :, None, None]
    a = np.maximum(z, 0)
    blocks = a.reshape(n, 3, 8, 2, 8, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 3, 8, 8, 4)
    pooled = blocks.max(axis=-1)
    logits = pooled.reshape(n, -1) @ start["W2"] + start["b2"]
    y = np.exp(logits - logits.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    delta_out = (y - np.eye(6)[t]) / n
    delta_pool = (delta_out @ start["W2"].T).reshape(n, 3, 8, 8)
    winner = blocks.argmax(axis=-1)  # the first largest cell of each window gets the whole δ
    routed = np.zeros_like(blocks)
    np.put_along_axis(routed, winner[..., None], delta_pool[..., None], axis=-1)
    delta_conv = routed.reshape(n, 3, 8, 8, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, 3, 16, 16) * (z > 0)
    return {"a": a, "pooled": pooled, "delta_pool": delta_pool, "delta_conv": delta_conv}


def test_conv_pool_and_flatten_maps_follow_the_step_as_hand_computed():
    session = Session(CNN)
    start = session.net.copy_params()
    trace = session.trainer.step(record=True)
    x, t = np.asarray(trace.batch_x), np.asarray(trace.batch_t).astype(int)
    h = cnn_by_hand(start, x, t)
    model = FrameModel(session.net)
    s = 2
    for position, event in enumerate(trace.events):
        f = model.at(trace, position, session.net.params, sample=s)
        np.testing.assert_array_equal(f.maps[-1].values, x[s])  # the image, (C, H, W)
        assert f.maps[-1].symbol == "x"
        reached = event.layer if event.kind == "forward" else 3
        assert set(f.maps) == {-1} | {k for k in (0, 1, 2) if k <= reached}
        backward_at = event.layer if event.kind == "backward" else None
        for layer, expected_a, expected_delta in ((0, h["a"], h["delta_conv"]), (1, h["pooled"], h["delta_pool"]),
                                                  (2, h["pooled"], h["delta_pool"])):
            if layer not in f.maps:
                continue
            stack = f.maps[layer]
            if backward_at is not None and layer >= backward_at:
                assert stack.symbol == "δ"
                np.testing.assert_allclose(stack.values, expected_delta[s], rtol=1e-10, atol=1e-15)
            else:  # forward, loss, update, and layers the backward pass has not reached: the maps a
                assert stack.symbol == "a"
                np.testing.assert_allclose(stack.values, expected_a[s], rtol=1e-12, atol=1e-15)
            assert stack.scale == pytest.approx(np.abs(stack.values).max())
    assert f.maps[0].shape_text == "3×16×16" and f.maps[2].shape_text == "3×8×8 → 192"


def test_a_map_tile_says_which_map_its_range_and_the_click():
    session = Session(CNN)
    trace = session.trainer.step(record=True)
    model = FrameModel(session.net)
    forward_2 = next(i for i, e in enumerate(trace.events) if e.kind == "forward" and e.layer == 2)
    f = model.at(trace, forward_2 - 1, session.net.params, sample=1)  # pooling reached, flatten not yet
    pooled = f.maps[1].values[2]
    text = f.map_tooltip(1, 2)
    assert "max pooling, layer 2, map 3 of 3 (8×8)" in text
    assert f"min {fmt(pooled.min())}, max {fmt(pooled.max())}" in text and "Convolution tab" in text
    assert "appear when the forward pass" in f.map_tooltip(2, 0) and "entries 1–64" in f.map_tooltip(2, 0)
    assert "entries 129–192" in f.map_tooltip(2, 2)
    assert f.map_tooltip(-1, 0).startswith("input channel 1")
    assert model.at(None, -1, session.net.params).maps == {}


def test_captions_name_pooling_by_what_it_does_and_the_loss_in_the_users_language():
    from visualnet.core import i18n

    session = Session(CNN)
    trace = session.trainer.step(record=True)
    model = FrameModel(session.net)
    captions = {(e.kind, getattr(e, "layer", None)): model.at(trace, k, session.net.params).caption
                for k, e in enumerate(trace.events)}
    assert "a = the largest value of each window" in captions["forward", 1] and "maxpool" not in captions["forward", 1]
    assert "a = the pooled maps, unchanged" in captions["forward", 2]
    asked = []
    korean = {"cross-entropy": "교차 엔트로피"}
    i18n.install(lambda context, text, _d, _n: asked.append((context, text)) or korean.get(text, text))
    try:
        loss_caption = model.at(trace, [e.kind for e in trace.events].index("loss"), session.net.params).caption
    finally:
        i18n.install(None)
    assert ("CoreTexts", "cross-entropy") in asked and "교차 엔트로피 = " in loss_caption


def test_the_colour_scale_of_many_weights_is_the_percentile_of_an_even_sample():
    """A conv net's 433,000 weights: the scale is the 99th percentile of every 6th |w|, within 1 % of all of them."""
    from visualnet.core.frame import SCALE_SAMPLE

    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((30, 1, 5, 5)).astype(np.float32), rng.standard_normal((4320, 100)),
               rng.standard_normal((100, 10))]
    every = np.abs(np.concatenate([w.ravel() for w in weights]).astype(float))
    stride = every.size // SCALE_SAMPLE
    assert stride == 6
    sample = np.concatenate([np.abs(w.ravel()[::stride]).astype(float) for w in weights])
    assert robust_scale(weights) == float(np.quantile(sample, 0.99))
    assert robust_scale(weights) == pytest.approx(float(np.quantile(every, 0.99)), rel=0.01)
    small = [np.array([[0.5, -2.0], [1.0, 0.25]])] * 10  # under the sample size: every value counts
    assert robust_scale(small) == float(np.quantile(np.abs(np.concatenate([a.ravel() for a in small])), 0.99))
