import numpy as np
import pytest

from visualnet.core import layers
from visualnet.core import trace as tr


def make_trace(n=5):
    events = tuple(tr.forward_event(i, "dense", np.zeros(1), np.full(1, i), np.full(1, i)) for i in range(n))
    return tr.Trace(1, events, np.zeros((1, 1)), np.zeros(1))


def test_player_steps_forward_and_back_exactly():
    player = tr.Player()
    trace = make_trace()
    player.load(trace)
    assert player.current is None and player.at_start
    seen = [player.step() for _ in range(5)]
    assert seen == list(trace.events)
    assert player.at_end and player.step() is None
    back = [player.back() for _ in range(5)]
    assert back == list(trace.events[3::-1]) + [None]
    assert player.position == -1 and player.back() is None


def test_seek_clamps():
    player = tr.Player()
    player.load(make_trace(3))
    assert player.seek(10) is player.trace.events[2]
    assert player.seek(-5) is None and player.position == -1


@pytest.mark.parametrize("adopt_bytes", [layers.FRESH_BYTES, 0], ids=["small maps copied", "every fresh map kept"])
def test_a_conv_net_trace_copies_each_map_once_and_keeps_it_while_training_goes_on(adopt_bytes, monkeypatch):
    """With ``adopt_bytes`` 0 the step's own maps are kept without a copy (as a big net's are): the trace must
    be just as private, the layers' scratch buffers copied and nothing written into what it keeps."""
    monkeypatch.setattr(layers, "FRESH_BYTES", adopt_bytes)
    from visualnet.core import optimizers
    from visualnet.core.network import Network
    from visualnet.core.trainer import Trainer

    net = Network.from_config({"input": [1, 8, 8], "layers": [
        {"type": "conv2d", "filters": 3, "kernel": 3, "pad": 1, "activation": "relu"},
        {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"units": 3, "activation": "softmax"}],
        "loss": "cross_entropy", "seed": 0, "dtype": "float32"})
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((40, 64)), rng.integers(0, 3, 40)
    trainer = Trainer(net, optimizers.make("adam", lr=0.05), x, t, batch_size=10, eval_every=0)
    trace = trainer.step(record=True)
    fwd = {e.layer: e for e in trace.of_kind("forward")}
    bwd = {e.layer: e for e in trace.of_kind("backward")}
    snapshot = {(i, k): np.array(v) for i, e in enumerate(trace.events) for k, v in vars(e).items()
                if isinstance(v, np.ndarray)}
    # one copy per block of memory: the pool's z is its a, its input the conv's a, flatten reshapes the pool's a
    assert np.shares_memory(fwd[1].z, fwd[1].a) and np.shares_memory(fwd[1].input, fwd[0].a)
    assert np.shares_memory(fwd[2].a, fwd[1].a) and np.shares_memory(bwd[0].dL_da, bwd[1].dinput)
    assert not np.shares_memory(fwd[0].z, fwd[0].a)
    every = [v for e in trace.events for v in vars(e).values() if isinstance(v, np.ndarray)]
    assert 0 < trace.nbytes < sum(v.nbytes for v in every) + trace.batch_x.nbytes + trace.batch_t.nbytes
    assert all(not v.flags.writeable for e in trace.events for v in vars(e).values() if isinstance(v, np.ndarray))
    # the max pool's winners: where δ went
    assert fwd[1].winners.shape == fwd[1].a.shape and fwd[1].winners.dtype == np.int8
    routed = bwd[1].dinput != 0
    assert routed.sum() <= fwd[1].a.size
    if adopt_bytes == 0:  # the conv output and ReLU's a are the step's own: kept as they are, frozen
        assert fwd[0].z is net.blocks[0].z and fwd[0].a is net.blocks[0].a
        assert not net.blocks[0].z.flags.writeable
    trainer.run(5)
    trainer.step(record=True)  # the layers reuse their buffers: the old trace must not see it
    for (i, key), value in snapshot.items():
        np.testing.assert_array_equal(getattr(trace.events[i], key), value)


def test_only_memory_a_layer_says_is_its_own_is_kept_without_a_copy():
    big = np.ones(layers.FRESH_BYTES // 8)
    assert not layers.fresh(big)  # nobody said so: copied
    assert layers.fresh_output(big) is big and layers.fresh(big) and layers.fresh(big.reshape(-1, 2)[3:])
    small = layers.fresh_output(np.ones(4))
    assert not layers.fresh(small)  # small outputs are copied: cheap, and safest
    copies = tr.Copies(layers.fresh)
    assert copies(big) is big and not big.flags.writeable  # kept, frozen
    buffer = layers.Scratch().get("col", (layers.FRESH_BYTES // 4,), np.float32)
    recorded = copies(buffer)
    assert not np.shares_memory(recorded, buffer) and buffer.flags.writeable  # a scratch buffer is copied
    assert not np.shares_memory(copies(np.ones(layers.FRESH_BYTES)), big)


def test_an_identity_activation_does_not_vouch_for_its_input():
    from visualnet.core.activations import get

    buffer = np.zeros((1, layers.FRESH_BYTES // 8))  # a layer's reused workspace, say
    layer = layers.ActivationLayer(get("linear"))
    a = layer.forward(buffer)
    assert np.shares_memory(a, buffer) and not layers.fresh(buffer)
    layer.backward(np.ones_like(buffer))
    assert not layers.fresh(buffer)
