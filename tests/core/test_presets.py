import numpy as np
import pytest

from visualnet.core import presets
from visualnet.core.errors import ConfigError
from visualnet.core.session import Session


def test_every_lesson_has_a_preset_with_a_description():
    names = presets.names()
    for lesson in ["perceptron_and", "perceptron_or", "perceptron_xor", "xor_2_2_1", "linear_regression",
                   "logistic_regression", "softmax_regression", "mnist_two_layer", "numerical_vs_backprop",
                   "vanishing_gradients", "weight_init", "optimizer_comparison", "overfitting_l2",
                   "overfitting_dropout", "batch_norm"]:
        assert lesson in names
        p = presets.get(lesson)
        assert p.name == lesson and 20 < len(p.description) < 140


@pytest.mark.parametrize("name", [n for n in presets.names() if n != "mnist_two_layer"])
def test_every_preset_loads_and_trains_20_steps(name):
    session = Session(presets.experiment_for(presets.get(name)))
    assert session.trainer.run(20) == 20
    assert np.isfinite(session.trainer.history.train_loss.last())


def test_mnist_preset_finds_the_folder_or_explains(mnist_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    preset = presets.get("mnist_two_layer")
    with pytest.raises(ConfigError, match="no MNIST files found"):
        presets.experiment_for(preset)
    exp = presets.experiment_for(preset, mnist_dir)
    exp["dataset"]["limit"] = 500
    session = Session(exp)
    assert session.trainer.run(20) == 20
    assert session.net.input_shape == (784,)


def test_xor_preset_is_solved():
    session = Session(presets.experiment_for(presets.get("xor_2_2_1")))
    session.trainer.run(3000)
    assert session.net.accuracy(session.data.x, session.data.t) == 1.0


def test_unknown_preset():
    with pytest.raises(ConfigError, match="xor_2_2_1"):
        presets.get("nope")
