"""The controller is a pure stepper around the core: these tests call it directly, no timer."""

import numpy as np
import pytest

from visualnet.core.errors import ConfigError
from visualnet.ui.controller import SPEEDS, Controller

XOR_EXPERIMENT = {
    "dataset": {"name": "xor", "n": 200, "noise": 0.0, "seed": 1, "test_ratio": 0.25},
    "network": {"layers": [{"units": 3, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 2},
    "optimizer": {"name": "sgd", "lr": 0.3},
    "batch_size": 8,
}


@pytest.fixture
def controller(qtbot):
    return Controller(XOR_EXPERIMENT)


def test_substeps_walk_forward_loss_backward_update(controller):
    kinds = []
    for _ in range(9):
        controller.substep()
        kinds.append(controller.event.kind)
    assert kinds == ["forward", "forward", "loss", "backward", "backward", "update", "update", "update", "update"]
    assert controller.trainer.step_count == 1
    controller.substep()  # past the end: the next training step is recorded
    assert controller.trainer.step_count == 2 and controller.position == 0


def test_shown_weights_switch_at_the_update_events(controller):
    controller.substep()
    trace = controller.trace
    before = trace.params_before()
    np.testing.assert_array_equal(controller.shown_params()["W1"], before["W1"])
    controller.player.seek(len(trace) - 1)
    np.testing.assert_array_equal(controller.shown_params()["W1"], controller.net.params["W1"])


def test_stepping_all_the_way_back_restores_the_exact_state(controller):
    controller.train_step()
    start = (controller.trace_index, controller.position, {k: v.copy() for k, v in controller.shown_params().items()})
    for _ in range(25):
        controller.substep()
    for _ in range(25):
        controller.substep_back()
    assert (controller.trace_index, controller.position) == start[:2]
    for k, v in start[2].items():
        np.testing.assert_array_equal(controller.shown_params()[k], v)
    assert controller.trainer.step_count == 4  # three more steps recorded; replaying never trains twice


def test_train_step_and_run_steps(controller):
    controller.train_step()
    assert controller.trainer.step_count == 1 and controller.player.at_end
    controller.run_steps(50)
    assert controller.trainer.step_count == 51
    assert controller.trace.step == 51


def test_learning_rate_change_keeps_weights_architecture_change_resets(controller, qtbot):
    controller.run_steps(10)
    weights = {k: v.copy() for k, v in controller.net.params.items()}
    exp = controller.experiment
    exp["optimizer"]["lr"] = 0.01
    with qtbot.waitSignal(controller.configChanged):
        assert controller.apply_experiment(exp) == "kept"
    for k, w in weights.items():
        np.testing.assert_array_equal(controller.net.params[k], w)
    assert controller.session.optimizer.hyperparams["lr"] == 0.01
    exp["network"]["layers"][0]["units"] = 5
    with qtbot.waitSignal(controller.reset):
        assert controller.apply_experiment(exp) == "reset"
    assert controller.net.params["W1"].shape == (2, 5)
    assert controller.trainer.step_count == 0


def test_refused_settings_leave_the_session_untouched(controller, qtbot):
    controller.run_steps(5)
    weights = controller.net.copy_params()
    exp = controller.experiment
    exp["network"]["loss"] = "cross_entropy"  # on a single sigmoid output: impossible
    with pytest.raises(ConfigError, match="cross_entropy") as refusal:
        controller.apply_experiment(exp)
    assert refusal.value.field.startswith("network.layers[")
    for k in weights:
        np.testing.assert_array_equal(controller.net.params[k], weights[k])
    assert controller.experiment["network"]["loss"] == "bce"


def test_divergence_pauses_and_keeps_finite_weights(controller, qtbot):
    exp = controller.experiment
    exp["network"]["layers"][-1]["activation"] = "linear"
    exp["network"]["loss"] = "mse"
    exp["optimizer"]["lr"] = 1e3
    controller.apply_experiment(exp)
    controller.set_speed(len(SPEEDS) - 1)
    controller.worker_wait_s = 0.05  # fast play trains in a second process: each tick waits for its frame
    controller.play()
    with qtbot.waitSignal(controller.diverged, timeout=0) as signal:
        for _ in range(200):  # what the play timer calls, called directly
            controller.tick()
            if not controller.is_playing:
                break
    assert "diverged at step" in signal.args[0]
    assert not controller.is_playing
    assert controller.net.all_finite()


def test_edit_weight_retraces_the_output(controller):
    controller.train_step()
    y_before = controller.trace.of_kind("loss")[0].y.copy()
    controller.edit_weight("W2", (0, 0), 5.0)
    assert controller.net.params["W2"][0, 0] == 5.0
    assert controller.event.kind == "loss"
    assert not np.allclose(controller.event.y, y_before)


PLAYGROUND = {
    "dataset": {"name": "spiral", "n": 500, "noise": 0.0, "seed": 0, "test_ratio": 0.5},
    "network": {"layers": [{"units": 8, "activation": "tanh"}] * 6 + [{"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 0},
    "optimizer": {"name": "sgd", "lr": 0.03},
    "batch_size": 10,
}


def speed_of(label):
    return next(i for i, s in enumerate(SPEEDS) if s.label == label)


def test_fast_play_trains_exactly_the_steps_single_steps_would(qtbot):
    from tests.ui.timers import FakeClock

    playing, stepping = Controller(PLAYGROUND), Controller(PLAYGROUND)
    playing.use_worker = False
    playing.clock = FakeClock()  # time stands still: every slice trains its full 100 steps
    playing.set_speed(speed_of("100 steps / frame"))
    for _ in range(3):
        playing.tick()
    for _ in range(300):
        stepping.train_step()
    assert playing.trainer.step_count == stepping.trainer.step_count == 300
    assert playing.trainer.fast_path  # the 299 unwatched steps took the compiled path…
    for name, value in stepping.net.params.items():
        np.testing.assert_array_equal(playing.net.params[name], value)  # …and agree to the last bit
    np.testing.assert_array_equal(*(c.trainer.history.train_loss.arrays()[1] for c in (playing, stepping)))
    assert len(playing.traces) == 3 and [t.step for t in playing.traces] == [100, 200, 300]


def test_fast_play_in_the_training_process_continues_exactly_as_single_steps(qtbot):
    """The second process trains the frames; when play stops its whole state comes back, so training goes
    on here as if every step had been taken here."""
    playing = Controller(PLAYGROUND)
    assert playing.use_worker
    playing.worker_wait_s = 0.05  # the app's timer comes back; this loop waits for the process instead
    playing.set_speed(speed_of("100 steps / frame"))
    playing.play()
    shown, from_process = [], []

    def three_frames_from_the_process():
        playing.tick()  # trains here while the process starts, then shows the frame it finished, if any
        if playing.trace is not None and (not shown or shown[-1] != playing.trace.step):
            shown.append(playing.trace.step)
            np.testing.assert_array_equal(playing.trace.events[-1].after, playing.net.params["b7"])
            if playing._worker_ahead:
                from_process.append(playing.trace.step)
        return len(from_process) >= 3

    qtbot.waitUntil(three_frames_from_the_process, timeout=60_000)
    playing.stepped.connect(lambda: shown.append(playing.trace.step))
    playing.pause()  # takes the process's whole state back, at the step shown last
    assert shown == sorted(shown) and shown[-1] == playing.trace.step
    n = playing.trainer.step_count
    assert n == shown[-1]  # the state of the step shown: what the process trained ahead since is dropped
    for _ in range(5):
        playing.train_step()  # and training goes on here, from the state the process had
    stepping = Controller(PLAYGROUND)
    for _ in range(n + 5):
        stepping.train_step()
    for name, value in stepping.net.params.items():
        np.testing.assert_array_equal(playing.net.params[name], value)
    assert playing.trainer.rng.bit_generator.state == stepping.trainer.rng.bit_generator.state
    assert playing.session.optimizer.state_dict()["step_count"] == stepping.session.optimizer.state_dict()["step_count"]


def test_a_training_process_that_cannot_start_is_said_once_and_play_trains_here(qtbot, monkeypatch):
    """Starting the process can fail (no processes left; a script without a main guard): play says so once
    in the status line and trains in the app, instead of raising on every tick."""
    from visualnet.ui import training_process

    def refuse(self):
        raise RuntimeError("An attempt has been made to start a new process")

    monkeypatch.setattr(training_process.multiprocessing.context.SpawnProcess, "start", refuse)
    playing = Controller(PLAYGROUND)
    said = []
    playing.status.connect(said.append)
    playing.set_speed(speed_of("100 steps / frame"))
    playing.play()
    for _ in range(3):
        playing.tick()
    playing.pause()
    assert len(said) == 1 and "could not start" in said[0]
    assert not playing.use_worker and playing._worker is None
    assert playing.trainer.step_count >= 2  # the ticks after the refusal trained here


def test_one_step_a_frame_trains_in_the_process_and_shows_every_step(qtbot):
    """At 1 step / frame the process trains and records each step while this one draws: every frame shown is
    the next step, its trace kept for stepping back, and the weights are those of single steps here."""
    playing = Controller(PLAYGROUND)
    playing.worker_wait_s = 0.05
    playing.set_speed(speed_of("1 step / frame"))
    assert playing._plays_in_worker(SPEEDS[playing.speed])
    playing.trainer.eval_every = 1  # every step would evaluate, were it due by time
    evaluations = len(playing.trainer.history.train_eval_loss)
    playing.play()
    playing.tick()  # starts the process: that takes this tick's time
    assert playing.trainer.step_count == 0 and playing._worker is not None
    playing.tick()  # the process takes a second to start: meanwhile play trains here, from the next tick
    assert playing.trainer.step_count == 1
    assert len(playing.trainer.history.train_eval_loss) == evaluations  # no whole-set pass here meanwhile
    from_process = set()

    def five_frames_from_the_process():
        playing.tick()
        if playing._worker_ahead:
            from_process.add(playing.trace.step)
        return len(from_process) >= 5

    qtbot.waitUntil(five_frames_from_the_process, timeout=60_000)
    playing._frame_cost_s = 1.0  # a costly frame paces fast play; at 1 step / frame the frame is the training
    asked = playing.trainer.step_count
    qtbot.waitUntil(lambda: playing.tick() or playing.trainer.step_count >= asked + 3, timeout=60_000)
    shown = []
    playing.stepped.connect(lambda: shown.append(playing.trace.step))
    playing.pause()
    assert not shown or shown[-1] == playing.trainer.step_count  # the views show the state play stopped at
    n = playing.trainer.step_count
    kept = [t.step for t in playing.traces]  # the newest recorded steps are kept (a bounded list)
    assert kept == list(range(n - len(kept) + 1, n + 1))  # one recorded step per frame, none skipped
    stepping = Controller(PLAYGROUND)
    for _ in range(n):
        stepping.train_step()
    for name, value in stepping.net.params.items():
        np.testing.assert_array_equal(playing.net.params[name], value)
    theirs = {t.step: t for t in stepping.traces}
    for mine in playing.traces:
        np.testing.assert_array_equal(mine.events[-1].after, theirs[mine.step].events[-1].after)


def test_stepping_back_after_fast_play_is_exact(qtbot):
    from tests.ui.timers import FakeClock

    c = Controller(PLAYGROUND)
    c.use_worker = False
    c.clock = FakeClock()
    c.set_speed(speed_of("30 steps / frame"))
    after = []
    for _ in range(3):
        c.tick()
        after.append(c.net.copy_params())
    last = c.trace
    for _ in range(len(last) - 1):  # back through the newest recorded step, to its first event …
        c.substep_back()
    assert c.trace is last and c.position == 0
    for name, value in last.params_before().items():
        np.testing.assert_array_equal(c.shown_params()[name], value)
    c.substep_back()  # … and across into the step the previous frame showed: where it ended
    assert c.trace.step == 60 and c.player.at_end
    for name, value in after[1].items():
        np.testing.assert_array_equal(c.shown_params()[name], value)


def test_stepping_back_after_fast_play_in_the_training_process_is_exact(qtbot):
    """The frames came from the second process: after Pause, stepping back walks the last one's events to the
    weights before its step, then into the frame before it, each equal to single steps taken here."""
    c = Controller(PLAYGROUND)
    c.worker_wait_s = 0.05
    c.set_speed(speed_of("100 steps / frame"))
    c.play()
    qtbot.waitUntil(lambda: c.tick() or (c._worker_ahead and len(c.traces) >= 3), timeout=60_000)
    c.pause()
    last, before = c.traces[-1], c.traces[-2]
    n = c.trainer.step_count
    assert last.step == n
    single = Controller(PLAYGROUND)
    by_step = {}
    for k in range(1, n + 1):
        single.train_step()
        if k in (before.step, n - 1):
            by_step[k] = single.net.copy_params()
    while c.position > 0:
        c.substep_back()
    assert c.trace is last
    for name, value in by_step[n - 1].items():  # the first event of the last step: the weights before it
        np.testing.assert_array_equal(c.shown_params()[name], value)
    c.substep_back()
    assert c.trace is before and c.player.at_end
    for name, value in by_step[before.step].items():
        np.testing.assert_array_equal(c.shown_params()[name], value)


def test_training_gets_what_drawing_leaves_of_the_frame(qtbot):
    from tests.ui.timers import FakeClock
    from visualnet.ui import controller as module

    c = Controller(PLAYGROUND)
    c.use_worker = False  # the slice policy of training in this process
    clock = c.clock = FakeClock(step=0.0001)  # every step reads the clock once: 0.1 ms a step
    c.set_speed(speed_of("1000 steps / frame"))
    drawing = []
    c.stepped.connect(lambda: (clock.advance(0.012), drawing.append(1)))  # the views take 12 ms to draw
    steps = []
    for _ in range(12):
        before = c.trainer.step_count
        c.tick()
        steps.append(c.trainer.step_count - before)
    assert len(drawing) == 12  # one redraw per frame, however many steps
    # training's slice settles at a frame minus the measured 12 ms of drawing, at 0.1 ms a step
    assert module.FRAME_S - c._other_s == pytest.approx(module.FRAME_S - 0.012, abs=0.001)
    expected = max(module.FRAME_S - 0.012, module.MIN_TRAIN_S) / 0.0001
    assert 0.7 * expected <= steps[-1] <= 1.3 * expected
    assert c._train_s < 0.012  # drawing is not counted as training


def test_a_costly_evaluation_is_spaced_out_to_a_fifth_of_play(qtbot):
    """Play evaluates the whole sets every 0.2 s, but one that takes a second (a conv net on MNIST) comes at most
    every 4 s, so it takes a fifth of play, not all of it."""
    from tests.ui.timers import FakeClock
    from visualnet.ui import controller as controller_module

    c = Controller(PLAYGROUND)
    c.use_worker = False
    c.clock = clock = FakeClock()
    evaluated = []
    evaluate = c.trainer.evaluate

    def slow_evaluate():
        evaluated.append(clock.now)
        clock.advance(1.0)
        return evaluate()

    c.trainer.evaluate = slow_evaluate
    c.trainer.eval_every = 1
    c.set_speed(speed_of("1 step / frame"))
    for _ in range(400):
        c.tick()
        clock.advance(0.05)  # a frame of drawing
    gaps = np.diff(evaluated)
    assert len(evaluated) >= 4 and gaps.min() >= 4.0 - 1e-9
    assert gaps.max() <= 4.0 + 0.05 + 1e-9  # and no rarer than that
    assert controller_module.EVAL_PERIOD_S < 4.0


def test_during_play_the_process_sends_the_neuron_maps_a_view_draws(qtbot):
    """The network view asks for the maps every frame; while the process plays they come with its frames, so
    this process computes none, and they are the maps of the weights shown."""
    from visualnet.core import analysis

    c = Controller(PLAYGROUND)
    c.worker_wait_s = 0.05
    bounds = (-6.0, 6.0, -6.0, 6.0)
    c.neuron_maps(bounds, 20)  # a view on screen drew them
    computed = []
    plane_maps = c._plane_maps
    c._plane_maps = lambda *a: computed.append(a) or plane_maps(*a)
    c.set_speed(speed_of("10 steps / frame"))
    c.play()
    from_process = []

    def three_frames_from_the_process():
        c.tick()
        if c._worker_ahead and c.trace is not None and (not from_process or from_process[-1] != c.trace.step):
            from_process.append(c.trace.step)
            computed.clear()
            maps = c.neuron_maps(bounds, 20)  # what the view does on each frame
            assert not computed  # it came with the frame
            np.testing.assert_allclose(maps[-1], analysis.PlaneMaps()(c.net, bounds, 20)[-1], rtol=1e-5, atol=1e-6)
        return len(from_process) >= 3

    qtbot.waitUntil(three_frames_from_the_process, timeout=60_000)
    c.pause()
