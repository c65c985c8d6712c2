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
