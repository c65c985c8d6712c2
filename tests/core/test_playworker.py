"""The training process's loop, run in this process: it trains the next frame's steps before it is asked,
answers with one recorded step, and hands back the state of the last frame when play stops."""

import numpy as np
import pytest

from visualnet.core import presets
from visualnet.core.playworker import Worker, apply_training_state, training_state
from visualnet.core.session import Session


def test_training_ahead_gives_the_same_steps_as_one_by_one():
    experiment = presets.experiment_for(presets.get("xor_2_2_1"))
    app, alone = Session(experiment), Session(experiment)
    worker = Worker()
    assert worker.handle(("load", app.experiment, training_state(app))) == ("loaded",)
    assert not worker.has_work()  # nothing asked yet: nothing trained
    kind, first = worker.handle(("frame", 10, False, False, None))
    assert kind == "frame" and first["step"] == 1 and first["trace"].step == 1  # the steps ahead were none
    while worker.has_work():  # the loop trains the next frame's 9 steps between messages
        worker.train_ahead()
    assert worker.session.trainer.step_count == 10
    _, second = worker.handle(("frame", 10, False, False, None))
    assert second["step"] == 11 and second["trace"].step == 11
    for _ in range(4):
        worker.train_ahead(seconds=0.0)  # one step at a time: play stops mid-frame
    assert worker.session.trainer.step_count == 15
    kind, state = worker.handle(("state",))
    assert kind == "state" and state["step"] == 11  # the state of the frame the app shows: the 4 steps ahead dropped
    assert not worker.has_work()
    apply_training_state(app, state)
    alone.trainer.run(11)
    assert state["history"]["train_loss"] == training_state(alone)["history"]["train_loss"]  # as at that frame
    assert state["history"]["train_loss"]["steps"] == list(range(1, 12))
    for name, value in alone.net.params.items():
        np.testing.assert_array_equal(app.net.params[name], value)
        np.testing.assert_array_equal(second["params"][name], value)
    app.trainer.run(5)  # and training goes on from there as if every step had been taken here
    alone.trainer.run(5)
    for name, value in alone.net.params.items():
        np.testing.assert_array_equal(app.net.params[name], value)
    assert app.trainer.rng.bit_generator.state == alone.trainer.rng.bit_generator.state


def test_a_state_right_after_a_frame_has_no_extra_step():
    experiment = presets.experiment_for(presets.get("xor_2_2_1"))
    worker = Worker()
    worker.handle(("load", experiment, training_state(Session(experiment))))
    worker.handle(("frame", 5, False, False, None))
    kind, state = worker.handle(("state",))
    assert kind == "state" and state["step"] == worker.session.trainer.step_count == 1


def test_a_frame_says_its_cost_apart_from_the_evaluation_and_with_the_last_send(monkeypatch):
    """The frame's cost paces how often the app asks for one; an evaluation is counted apart. A fake clock
    that moves only when the step or the evaluation runs makes every figure exact."""
    from types import SimpleNamespace

    from visualnet.core import playworker

    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(playworker, "time", SimpleNamespace(perf_counter=lambda: clock.now))
    experiment = presets.experiment_for(presets.get("xor_2_2_1"))
    worker = Worker()
    worker.handle(("load", experiment, training_state(Session(experiment))))
    trainer = worker.session.trainer
    step, evaluate = trainer.step, trainer.evaluate

    def slow_step(*args, **kwargs):
        clock.now += 0.003
        return step(*args, **kwargs)

    def slow_evaluate():
        clock.now += 0.5
        return evaluate()

    monkeypatch.setattr(trainer, "step", slow_step)
    monkeypatch.setattr(trainer, "evaluate", slow_evaluate)
    _, plain = worker.handle(("frame", 1, False, False, None))
    assert plain["history"] is None and plain["eval_seconds"] == 0.0
    assert plain["seconds"] == pytest.approx(0.003, abs=1e-12)
    worker.send_seconds = 0.002  # what encoding the last reply cost
    _, evaluated = worker.handle(("frame", 1, False, True, None))
    assert evaluated["history"]["test_accuracy"] is not None
    assert evaluated["eval_seconds"] == pytest.approx(0.5, abs=1e-12)
    assert evaluated["seconds"] == pytest.approx(0.003 + 0.002, abs=1e-12)  # the step and the send, not the 0.5


def test_a_frame_brings_the_neuron_maps_of_its_weights_when_asked():
    """The app's process then draws them without a forward pass of its own."""
    from visualnet.core import analysis

    experiment = presets.experiment_for(presets.get("xor_2_2_1"))
    worker = Worker()
    worker.handle(("load", experiment, training_state(Session(experiment))))
    _, without = worker.handle(("frame", 1, False, False, None))
    assert without["neuron_maps"] is None
    bounds = (-1.5, 1.5, -1.5, 1.5)
    _, frame = worker.handle(("frame", 1, False, False, (bounds, 12)))
    got_bounds, resolution, maps = frame["neuron_maps"]
    assert got_bounds == bounds and resolution == 12
    here = Session(experiment)
    here.net.set_params(frame["params"])
    expected = analysis.PlaneMaps()(here.net, bounds, 12)
    assert [m.shape for m in maps] == [m.shape for m in expected] == [(2, 12, 12), (1, 12, 12)]
    for mine, theirs in zip(maps, expected):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-7)


def test_replies_are_written_in_order_without_waiting_for_the_reader():
    """A reply far larger than the pipe's buffer is queued at once (the loop goes on training), and the app
    reads the replies whole and in the order they were sent."""
    import multiprocessing
    import threading

    from visualnet.core.playworker import Sender, receive

    app_end, worker_end = multiprocessing.Pipe()
    sender = Sender(worker_end)
    replies = [("frame", {"maps": np.full(1 << 19, float(i))}) for i in range(3)]  # 4 MB each
    sending = threading.Thread(target=lambda: [sender.send(r) for r in replies])
    sending.start()
    sending.join(30)  # nobody reads yet: a send that wrote the pipe itself would block here
    assert not sending.is_alive()
    for sent in replies:
        kind, payload = receive(app_end)
        assert kind == "frame"
        np.testing.assert_array_equal(payload["maps"], sent[1]["maps"])
    app_end.close()
    sender.send(("frame", {}))  # the app went away: the writer says so, and the loop ends
    assert sender.ended.wait(30)


def test_a_message_arrives_as_it_was_when_sent_with_writable_arrays():
    """Arrays travel apart from the pickle: transposed, strided, float32 and int arrays come back equal, writable
    (a received history goes on growing in place), and as they were when sent, whatever the sender did next."""
    import multiprocessing

    from visualnet.core.playworker import Sender, receive

    app_end, worker_end = multiprocessing.Pipe()
    sender = Sender(worker_end)
    weights = np.arange(12.0).reshape(3, 4)
    message = ("frame", {"W": weights, "Wt": weights.T, "every_other": weights[:, ::2],
                         "maps": np.ones((2, 5), np.float32), "order": np.array([3, 1, 2]), "step": 7, "none": None})
    sender.send(message)
    weights += 100  # the next step changes the weights before the writer thread wrote them
    kind, got = receive(app_end)
    assert kind == "frame" and got["step"] == 7 and got["none"] is None
    np.testing.assert_array_equal(got["W"], np.arange(12.0).reshape(3, 4))
    np.testing.assert_array_equal(got["Wt"], np.arange(12.0).reshape(3, 4).T)
    np.testing.assert_array_equal(got["every_other"], np.arange(12.0).reshape(3, 4)[:, ::2])
    assert got["maps"].dtype == np.float32 and got["order"].dtype == message[1]["order"].dtype
    got["W"][0, 0] = -1.0  # writable
    sender.close()


def test_large_arrays_travel_apart_and_small_ones_inside_the_pickle():
    """A frame of the Playground net is one part (its hundred small arrays inside the pickle: a part each
    cost the app's reader a GIL hand-over each); a conv net's large arrays travel a part each, and come back
    equal and writable."""
    import multiprocessing

    from visualnet.core.playworker import APART_BYTES, Sender, encode, receive

    small = {"W": np.ones((8, 8)), "mask": np.zeros(1001, bool)}
    assert len(encode(("frame", small))) == 1
    large = {"maps": np.arange(APART_BYTES // 8 + 3, dtype=np.float64), "mask": np.ones(APART_BYTES + 1, bool),
             "feature_maps": np.arange(APART_BYTES, dtype=np.float32).reshape(-1, 8), "W": np.ones((8, 8))}
    assert len(encode(("frame", large))) == 4
    app_end, worker_end = multiprocessing.Pipe()
    sender = Sender(worker_end)
    sender.send(("frame", large))
    _, got = receive(app_end)
    for name, value in large.items():
        np.testing.assert_array_equal(got[name], value)
        assert got[name].dtype == value.dtype and got[name].flags.writeable
    sender.close()
