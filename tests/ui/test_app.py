"""The main window as a user meets it: keys, toolbar, divergence banner, screenshots of every state."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from visualnet.ui.app import MainWindow
from visualnet.ui.controller import Controller
from visualnet.ui.views import network_view

XOR = {
    "dataset": {"name": "xor", "n": 200, "noise": 0.0, "seed": 1, "test_ratio": 0.25},
    "network": {"layers": [{"units": 4, "activation": "tanh"}, {"units": 4, "activation": "tanh"},
                           {"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 2},
    "optimizer": {"name": "sgd", "lr": 0.3},
    "batch_size": 8,
}


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(network_view, "ANIMATE", False)
    w = MainWindow(Controller(XOR))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def press(qtbot, window, key, modifier=Qt.NoModifier):
    qtbot.keyClick(window.views["network"], key, modifier)


def test_arrow_keys_step_events_and_back(window, qtbot):
    c = window.controller
    for _ in range(5):
        press(qtbot, window, Qt.Key_Right)
    assert c.position == 4 and c.event.kind == "backward"  # 3 forward events, the loss, then backward
    press(qtbot, window, Qt.Key_Left)
    assert c.position == 3 and c.event.kind == "loss"
    press(qtbot, window, Qt.Key_Right, Qt.ShiftModifier)
    assert c.player.at_end and c.trainer.step_count == 1


def test_space_plays_and_pauses(window, qtbot):
    c = window.controller
    press(qtbot, window, Qt.Key_Space)
    assert c.is_playing
    qtbot.waitUntil(lambda: c.trainer.step_count >= 3, timeout=5000)
    press(qtbot, window, Qt.Key_Space)
    assert not c.is_playing


def test_r_resets_to_fresh_weights(window, qtbot):
    c = window.controller
    initial = c.net.copy_params()
    c.run_steps(30)
    assert not np.array_equal(c.net.params["W1"], initial["W1"])
    press(qtbot, window, Qt.Key_R)
    assert c.trainer.step_count == 0
    for k, v in initial.items():
        np.testing.assert_array_equal(c.net.params[k], v)


def test_divergence_shows_banner_and_keeps_finite_weights(window, qtbot):
    c = window.controller
    exp = c.experiment
    exp["network"]["layers"][-1]["activation"] = "linear"
    exp["network"]["loss"] = "mse"
    exp["optimizer"]["lr"] = 1e3
    assert c.apply_experiment(exp) == "reset"
    c.set_speed(9)
    c.play()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "diverged at step" in window.banner.label.text()
    assert "learning rate" in window.banner.label.text()
    assert not c.is_playing and c.net.all_finite()


def test_every_control_explains_itself(window):
    for action in window.findChildren(type(window.play_action)):
        # menus list presets by name (their tooltip is the description); everything else explains itself
        if action.text() and not action.isSeparator() and action.menu() is None and action.parent() is window:
            assert action.toolTip() and action.toolTip() != action.text().replace("&", ""), action.text()
    assert window.speed_slider.toolTip()


def test_render_each_state_at_1280x800(window, qtbot, shots):
    """Forward mid-way, loss, backward mid-way, update — saved as PNGs (looked at by hand)."""
    c = window.controller
    window.tabs.setCurrentWidget(window.views["network"])
    names = {2: "forward_midway", 4: "loss", 6: "backward_midway", 9: "update"}
    for i in range(1, 10):
        c.substep()
        if i in names:
            qtbot.wait(10)
            image = window.grab()
            assert image.width() == 1280 and image.height() == 800
            image.save(str(shots / f"app_{names[i]}.png"))
    assert c.event.kind == "update"
