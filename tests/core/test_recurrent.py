"""Recurrent layers: exact BPTT, PyTorch's semantics, sequence losses, traces through time, sessions."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.gradcheck import assert_gradients_match
from visualnet.core import ConfigError, fastpath, optimizers, recurrent, sessionfile
from visualnet.core.frame import FrameModel, Selection
from visualnet.core.network import Network
from visualnet.core.session import Session
from visualnet.core.trainer import Trainer


def perturbed(net, seed=0, std=0.4):
    """Non-zero biases too, so every term of every gate matters in the checks."""
    rng = np.random.default_rng(seed)
    for p in net.params.values():
        p += rng.normal(0, std, p.shape)
    return net


# -- gradients -----------------------------------------------------------------------------------

@st.composite
def recurrent_nets(draw):
    kind = draw(st.sampled_from(recurrent.KINDS))
    steps, features, units = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    return_sequences = draw(st.booleans())
    layers = [{"type": kind, "units": units, "return_sequences": return_sequences}]
    if return_sequences and draw(st.booleans()):  # a second layer on the first one's sequence
        second = draw(st.sampled_from([*recurrent.KINDS, "dense"]))
        if second == "dense":
            layers.append({"units": draw(st.integers(1, 3)), "activation": "tanh"})
        else:
            return_sequences = draw(st.booleans())
            layers.append({"type": second, "units": draw(st.integers(1, 3)), "return_sequences": return_sequences})
    loss = draw(st.sampled_from(["cross_entropy", "mse"]))
    outputs = draw(st.integers(2, 3))
    layers.append({"units": outputs, "activation": "softmax" if loss == "cross_entropy" else "linear"})
    cfg = {"input": [steps, features], "layers": layers, "loss": loss, "seed": draw(st.integers(0, 99)),
           "l2": draw(st.sampled_from([0.0, 0.01])), "dtype": "float64"}
    return cfg, return_sequences, outputs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recurrent_nets(), st.integers(1, 3), st.integers(0, 2**16))
def test_bptt_equals_numerical_gradient(arch, batch, data_seed):
    cfg, sequence_out, outputs = arch
    net = perturbed(Network.from_config(cfg), data_seed)
    rng = np.random.default_rng(data_seed)
    steps = cfg["input"][0]
    x = rng.standard_normal((batch, *cfg["input"]))
    shape = (batch, steps) if sequence_out else (batch,)
    t = rng.integers(0, outputs, shape) if cfg["loss"] == "cross_entropy" else rng.standard_normal((*shape, outputs))
    assert_gradients_match(net.gradient(x, t), net.numerical_gradient(x, t), rtol=1e-6)


@pytest.mark.parametrize("kind", recurrent.KINDS)
def test_parameters_are_named_and_shaped_like_torch(kind):
    net = Network.from_config({"input": [7, 3], "layers": [{"type": kind, "units": 5},
                                                           {"units": 2, "activation": "softmax"}],
                               "loss": "cross_entropy"})
    g = recurrent.N_GATES[kind]
    assert {k: v.shape for k, v in net.params.items()} == {
        "Wx1": (3, g * 5), "Wh1": (5, g * 5), "bx1": (g * 5,), "bh1": (g * 5,), "W2": (5, 2), "b2": (2,)}
    info = net.describe()[0]
    assert (info.kind, info.units, info.return_sequences, info.output_shape) == (kind, 5, False, (5,))
    assert (info.weight, info.bias) == ("Wx1", "bx1")


# -- PyTorch's equations, written out step by step ----------------------------------------------------

def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def reference(kind, x, Wx, Wh, bx, bh):
    """torch.nn.RNN / LSTM / GRU (batch_first, one layer, zero state) from the equations in torch's docs."""
    n, steps, _ = x.shape
    units = Wh.shape[0]
    h, c, out = np.zeros((n, units)), np.zeros((n, units)), []
    for t in range(steps):
        gi, gh = x[:, t] @ Wx + bx, h @ Wh + bh
        if kind == "rnn":
            h = np.tanh(gi + gh)
        elif kind == "lstm":
            i, f, g, o = np.split(gi + gh, 4, axis=1)
            c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
            h = _sigmoid(o) * np.tanh(c)
        else:
            (ir, iz, in_), (hr, hz, hn) = np.split(gi, 3, axis=1), np.split(gh, 3, axis=1)
            r, z = _sigmoid(ir + hr), _sigmoid(iz + hz)
            nn = np.tanh(in_ + r * hn)
            h = (1 - z) * nn + z * h
        out.append(h)
    return np.stack(out, axis=1)


def sequence_net(kind, steps=6, features=3, units=4, dtype="float64", seed=0):
    net = Network.from_config({"input": [steps, features],
                               "layers": [{"type": kind, "units": units, "return_sequences": True},
                                          {"units": 2, "activation": "linear"}],
                               "loss": "mse", "seed": seed, "dtype": dtype})
    return perturbed(net, seed, std=0.8)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kind", recurrent.KINDS)
def test_forward_follows_torchs_equations(kind, dtype):
    net = sequence_net(kind, dtype=dtype)
    x = np.random.default_rng(1).normal(0, 2, (5, 6, 3))  # large inputs: saturated gates too
    h = net.blocks[0].forward(x.astype(dtype), train=True)
    p = {k: v.astype(np.float64) for k, v in net.params.items()}
    expected = reference(kind, x, p["Wx1"], p["Wh1"], p["bx1"], p["bh1"])
    np.testing.assert_allclose(h, expected, rtol=0, atol=1e-12 if dtype == "float64" else 2e-6)
    # the evaluation pass (its own buffers) computes the same
    np.testing.assert_allclose(net.blocks[0].forward(x.astype(dtype), train=False), h, rtol=0, atol=0)


def _torch():
    try:
        import torch
    except (ImportError, OSError):  # OSError: an install with missing libraries
        pytest.skip("torch is not importable")
    return torch


@pytest.mark.parametrize("kind", recurrent.KINDS)
def test_outputs_and_gradients_equal_torch_nn(kind):
    """With the parameters copied over (Wx.T is weight_ih_l0, bh is bias_hh_l0), torch.nn computes the same."""
    torch = _torch()
    net = sequence_net(kind)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](3, 4, batch_first=True).double()
    p = net.params
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.tensor(p["Wx1"].T))
        module.weight_hh_l0.copy_(torch.tensor(p["Wh1"].T))
        module.bias_ih_l0.copy_(torch.tensor(p["bx1"]))
        module.bias_hh_l0.copy_(torch.tensor(p["bh1"]))
    x = np.random.default_rng(2).normal(size=(5, 6, 3))
    upstream = np.random.default_rng(3).normal(size=(5, 6, 4))
    out, _ = module(torch.tensor(x))
    (out * torch.tensor(upstream)).sum().backward()
    layer = net.blocks[0].core
    np.testing.assert_allclose(layer.forward(x), out.detach().numpy(), atol=1e-12)
    layer.backward(upstream)
    for ours, theirs in ((layer.dWx.T, module.weight_ih_l0), (layer.dWh.T, module.weight_hh_l0),
                         (layer.dbx, module.bias_ih_l0), (layer.dbh, module.bias_hh_l0)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-11)


# -- losses and accuracy over sequences -------------------------------------------------------------

def test_sequence_cross_entropy_averages_over_every_position():
    net = sequence_net("gru")
    net = Network.from_config({**net.config, "layers": [net.config["layers"][0], {"units": 3, "activation": "softmax"}],
                               "loss": "cross_entropy"})
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(4, 6, 3)), rng.integers(0, 3, (4, 6))
    z = net.predict(x)
    logp = np.log(z.reshape(-1, 3))
    expected = -logp[np.arange(24), t.reshape(-1)].mean()
    assert net.loss(x, t) == pytest.approx(expected, rel=1e-12)
    assert net.loss(x, np.eye(3)[t]) == pytest.approx(expected, rel=1e-12)  # one-hot rows per step
    assert net.accuracy(x, t) == pytest.approx(np.mean(z.argmax(-1) == t))
    with pytest.raises(ConfigError, match="one label per step"):
        net.loss(x, t[:, :3])


def test_sequence_mse_is_the_mean_over_every_value():
    net = sequence_net("rnn")
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(4, 6, 3)), rng.normal(size=(4, 6, 2))
    assert net.loss(x, t) == pytest.approx(np.mean((net.predict(x) - t) ** 2), rel=1e-12)
    sine = Session({"dataset": {"name": "sine", "n": 8, "length": 5},
                    "network": {"layers": [{"type": "rnn", "units": 3, "return_sequences": True}, {"units": 1}],
                                "loss": "mse"}})
    assert np.isnan(sine.net.accuracy(sine.data.x, sine.data.t))  # values, not classes


# -- configs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cfg, field, words", [
    ({"input": [5, 2], "layers": [{"units": 2, "activation": "softmax"}]}, "input", "recurrent"),
    ({"input": 2, "layers": [{"type": "lstm", "units": 3}, {"units": 2, "activation": "softmax"}]},
     "layers[0]", "sequence"),
    ({"input": [5, 2], "layers": [{"type": "gru", "units": 3}, {"type": "rnn", "units": 3},
                                  {"units": 2, "activation": "softmax"}]}, "layers[1]", "return_sequences"),
    ({"input": [5, 2], "layers": [{"type": "rnn", "units": 0}, {"units": 2, "activation": "softmax"}]},
     "layers[0].units", "positive"),
    ({"input": [5, 2], "layers": [{"type": "rnn", "units": 2, "return_sequences": 1},
                                  {"units": 2, "activation": "softmax"}]}, "layers[0].return_sequences", "true or false"),
    ({"input": [5, 2], "layers": [{"type": "rnn", "units": 2, "activation": "relu"},
                                  {"units": 2, "activation": "softmax"}]}, "layers[0].activation", "unknown key"),
    ({"input": [5, 2], "layers": [{"type": "rnn", "units": 2, "return_sequences": True},
                                  {"units": 2, "activation": "softmax", "batch_norm": True}]},
     "layers[1].batch_norm", "time step"),
    ({"input": [0, 2], "layers": [{"type": "rnn", "units": 2}, {"units": 2, "activation": "softmax"}]},
     "input", "positive"),
])
def test_bad_recurrent_configs_name_the_field(cfg, field, words):
    with pytest.raises(ConfigError) as info:
        Network.from_config({"loss": "cross_entropy", **cfg})
    assert info.value.field == field and words in str(info.value)


def test_config_round_trips_and_output_shapes():
    cfg = {"input": [8, 3], "layers": [{"type": "lstm", "units": 4, "return_sequences": True},
                                       {"units": 5, "activation": "tanh"},
                                       {"type": "gru", "units": 2},
                                       {"units": 3, "activation": "softmax"}], "loss": "cross_entropy"}
    net = Network.from_config(cfg)
    assert Network.from_config(net.to_config()).to_config() == net.to_config()
    assert [i.output_shape for i in net.describe()] == [(8, 4), (8, 5), (2,), (3,)]
    assert net.predict(np.zeros((2, 8, 3))).shape == (2, 3)
    assert net.penalized_names() == ["Wx1", "Wh1", "W2", "Wx3", "Wh3", "W4"]
    assert net.weight_names() == ["Wx1", "W2", "Wx3", "W4"]  # one per weighted layer, for the per-layer views


# -- traces -------------------------------------------------------------------------------------------

def traced(kind="lstm", return_sequences=True):
    exp = {"dataset": {"name": "hihello"} if return_sequences else {"name": "memory", "n": 16, "length": 5},
           "network": {"layers": [{"type": kind, "units": 3, "return_sequences": return_sequences},
                                  {"units": 5 if return_sequences else 4, "activation": "softmax"}],
                       "loss": "cross_entropy"},
           "batch_size": 1 if return_sequences else 4, "optimizer": {"name": "adam", "lr": 0.01}}
    session = Session(exp)
    return session, session.trainer.step(record=True)


@pytest.mark.parametrize("kind", recurrent.KINDS)
def test_trace_records_every_time_step_as_read_only_copies(kind):
    session, trace = traced(kind)
    fwd = trace.of_kind("forward")[0].recurrent
    bwd = trace.of_kind("backward")[-1].recurrent
    core = session.net.blocks[0].core
    assert fwd.h.shape == (1, 6, 3) and fwd.steps == 6 and tuple(fwd.gates) == recurrent.GATES[kind]
    assert (fwd.c is not None) == (kind == "lstm") and (bwd.dc is not None) == (kind == "lstm")
    arrays = [fwd.h, fwd.preactivation, fwd.input_part, fwd.hidden_part, *fwd.gates.values(), bwd.dh,
              bwd.dh_output, bwd.dh_norm, bwd.dpre, *bwd.step_grads.values()]
    arrays += [a for a in (fwd.c, bwd.dc) if a is not None]
    for a in arrays:
        assert not a.flags.writeable
        assert not any(np.shares_memory(a, buffer) for buffer in vars(core._ws).values()
                       if isinstance(buffer, np.ndarray))
        with pytest.raises(ValueError):
            a[...] = 0
    with pytest.raises(TypeError):
        fwd.gates["i"] = None
    kept = fwd.h.copy(), bwd.dh.copy()
    session.trainer.run(3)  # the layer overwrites its buffers; the trace must not change
    assert np.array_equal(fwd.h, kept[0]) and np.array_equal(bwd.dh, kept[1])


@pytest.mark.parametrize("kind", recurrent.KINDS)
def test_trace_numbers_are_consistent(kind):
    _, trace = traced(kind)
    f = trace.of_kind("forward")[0]
    b = trace.of_kind("backward")[-1]
    rec, back = f.recurrent, b.recurrent
    assert np.array_equal(rec.h, f.a)  # the layer's output is every step's h
    if kind == "lstm":
        i, fg, g, o = (rec.gates[k] for k in "ifgo")
        c_prev = np.concatenate([np.zeros_like(rec.c[:, :1]), rec.c[:, :-1]], axis=1)
        np.testing.assert_allclose(rec.c, fg * c_prev + i * g, atol=1e-12)
        np.testing.assert_allclose(rec.h, o * np.tanh(rec.c), atol=1e-12)
        np.testing.assert_allclose(i, 1 / (1 + np.exp(-rec.preactivation[..., :3])), atol=1e-12)
    if kind == "rnn":
        np.testing.assert_allclose(rec.h, np.tanh(rec.preactivation), atol=1e-12)
    np.testing.assert_allclose(rec.preactivation[..., :3], rec.input_part[..., :3] + rec.hidden_part[..., :3])
    # ∂L/∂h of the last step is what the layer above sent; the norms are over the batch
    np.testing.assert_array_equal(back.dh[:, -1], back.dh_output[:, -1])
    np.testing.assert_allclose(back.dh_norm, np.sqrt((back.dh ** 2).sum(axis=(0, 2))))
    # the steps' contributions add up to the layer's gradient
    for name, steps in back.step_grads.items():
        assert steps.shape == (6, *b.grads[name].shape)
        np.testing.assert_allclose(steps.sum(axis=0), b.grads[name], atol=1e-12)
    np.testing.assert_array_equal(back.step_grads["Wh1"][0], 0)  # h before step 0 is zero


def test_time_positions_step_forward_through_time_and_back():
    _, trace = traced("gru")
    positions = recurrent.time_positions(trace)
    forward = [p for p in positions if p.phase == "forward" and p.layer == 0]
    backward = [p for p in positions if p.phase == "backward" and p.layer == 0]
    assert [p.step for p in forward] == list(range(6)) and [p.step for p in backward] == list(range(5, -1, -1))
    assert [p.phase for p in positions].count("loss") == 1
    assert all(trace.events[p.event].kind == p.phase for p in positions)
    with_gates = recurrent.time_positions(trace, gates=True)
    assert [p.gate for p in with_gates if p.phase == "forward" and p.layer == 0][:4] == ["r", "z", "n", None]


def test_frame_model_shows_the_last_time_step():
    for session, trace in (traced("lstm"), traced("gru", return_sequences=False)):
        model = FrameModel(session.net)
        for position in range(-1, len(trace)):
            frame = model.at(trace, position, session.net.params)
            for info in frame.layers:
                for j in range(info.units if info.dense else 1):
                    frame.node_label(info.index, j), frame.node_tooltip(info.index, j)
                    frame.inspect(Selection("node", info.index, j))
                    if info.dense:
                        frame.inspect(Selection("edge", info.index, j, 0))
                        frame.inspect(Selection("bias", info.index, j))
            if frame.phase == "loss":
                loss = trace.events[position]
                sequence = loss.y.ndim == 3
                np.testing.assert_array_equal(frame.columns[1]["y"], loss.y[0, -1] if sequence else loss.y[0])
                assert ("last time step" in frame.caption) == sequence


# -- training, sessions and the fast path ------------------------------------------------------------

def test_recurrent_nets_never_take_the_dense_fast_path():
    session, _ = traced("rnn")
    assert fastpath.why_not(session.net) is not None
    session.trainer.watch_summaries = False
    assert not session.trainer.fast_path


def test_evaluation_passes_keep_the_training_buffers():
    net = sequence_net("lstm")
    x = np.random.default_rng(0).normal(size=(4, 6, 3))
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x, np.zeros((4, 6, 2)), batch_size=2, eval_every=0)
    trainer.run(1)
    kept = net.blocks[0].core._ws
    net.predict(np.zeros((50, 6, 3)))
    trainer.run(1)
    assert net.blocks[0].core._ws is kept


@pytest.mark.parametrize("optimizer", [{"name": "adam", "lr": 0.01}, {"name": "momentum", "lr": 0.05}])
def test_sessions_round_trip_a_recurrent_network(tmp_path, optimizer):
    exp = {"dataset": {"name": "memory", "n": 40, "length": 6, "test_ratio": 0.25},
           "network": {"layers": [{"type": "gru", "units": 5, "return_sequences": True}, {"type": "lstm", "units": 4},
                                  {"units": 4, "activation": "softmax"}], "loss": "cross_entropy", "l2": 0.001},
           "batch_size": 8, "optimizer": optimizer}
    a = Session(exp)
    a.trainer.run(12)
    sessionfile.save(a, tmp_path / "rnn.vnet")
    b, _ = sessionfile.load(tmp_path / "rnn.vnet")
    assert list(b.net.params) == ["Wx1", "Wh1", "bx1", "bh1", "Wx2", "Wh2", "bx2", "bh2", "W3", "b3"]
    for name, value in a.net.params.items():
        np.testing.assert_array_equal(b.net.params[name], value)
    a.trainer.run(5)
    b.trainer.run(5)
    for name, value in a.net.params.items():
        np.testing.assert_array_equal(b.net.params[name], value)


def test_a_traced_recurrent_step_crosses_to_the_app_by_pickle():
    """Fast play trains in a second process that sends each frame's trace by pickle (gates are read-only maps)."""
    import pickle

    from visualnet.core import presets
    from visualnet.core.session import Session

    session = Session(presets.experiment_for(presets.get("rnn_hihello")))
    trace = session.trainer.step(record=True)
    back = pickle.loads(pickle.dumps(trace))
    records = [(e.recurrent, b.recurrent) for e, b in zip(trace.events, back.events, strict=True)
               if getattr(e, "recurrent", None) is not None]
    assert len(records) == 2  # the recurrent layer's forward and backward
    forward, forward_back = records[0]
    assert forward.gates.keys() == forward_back.gates.keys()
    for key in forward.gates:
        np.testing.assert_array_equal(forward.gates[key], forward_back.gates[key])
    backward, backward_back = records[1]
    for key in backward.step_grads:
        np.testing.assert_array_equal(backward.step_grads[key], backward_back.step_grads[key])
