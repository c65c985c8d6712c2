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
    assert refusal.value.field.startswith("layers[")
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
    controller.play()
    with qtbot.waitSignal(controller.diverged, timeout=0) as signal:
        for _ in range(100):  # what the play timer calls, called directly
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
