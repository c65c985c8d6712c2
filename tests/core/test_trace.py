import numpy as np

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


def test_a_conv_net_trace_copies_each_map_once_and_keeps_it_while_training_goes_on():
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
    trainer.run(5)
    trainer.step(record=True)  # the layers reuse their buffers: the old trace must not see it
    for (i, key), value in snapshot.items():
        np.testing.assert_array_equal(getattr(trace.events[i], key), value)


def test_copies_share_only_what_is_the_same_memory():
    copies = tr.Copies()
    a = np.arange(12.0).reshape(3, 4)
    first, again, flat = copies(a), copies(a), copies(a.reshape(-1))
    assert again is first and np.shares_memory(flat, first) and flat.shape == (12,)
    column = copies(a[:, 1])
    assert column.tolist() == [1.0, 5.0, 9.0] and not np.shares_memory(column, first)
    other = copies(a + 0)
    assert not np.shares_memory(other, first)
    assert copies(None) is None
