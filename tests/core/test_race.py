import numpy as np
import pytest

from visualnet.core import optimizers, surfaces
from visualnet.core.race import Race, textbook_preset


def test_path_equals_repeated_core_updates():
    s = surfaces.get("rosenbrock")
    race = Race(s, [("Adam", "adam", {"lr": 0.05}), ("Nesterov", "nesterov", {"lr": 1e-4})], (-1.5, 2.0))
    race.run(80)
    for runner, (name, hp) in zip(race.runners, [("adam", {"lr": 0.05}), ("nesterov", {"lr": 1e-4})]):
        opt = optimizers.make(name, **hp)
        p = np.array([-1.5, 2.0])
        expected = [tuple(p)]
        for _ in range(80):
            opt.update({"xy": p}, {"xy": s.grad_xy(p)})
            expected.append(tuple(p))
        np.testing.assert_array_equal(np.array(runner.path), np.array(expected))


def test_back_is_exact_and_stepping_again_reproduces():
    race = Race(surfaces.get("beale"), [("Adam", "adam", {"lr": 0.1}), ("RMS", "rmsprop", {"lr": 0.01})])
    race.run(10)
    at9 = [r.path[9] for r in race.runners]
    at10 = [r.path[10] for r in race.runners]
    race.back()
    assert [r.path[-1] for r in race.runners] == at9
    race.step()
    assert [r.path[-1] for r in race.runners] == at10


def test_divergence_is_marked_quietly_and_keeps_a_finite_point():
    race = Race(surfaces.get("rosenbrock"), [("SGD", "sgd", {"lr": 50.0})], (-1.5, 2.0))
    with np.errstate(all="raise"):
        race.run(40)
    runner = race.runners[0]
    assert runner.diverged_at is not None
    assert np.all(np.isfinite(runner.point))


def test_textbook_preset_end_points():
    race = textbook_preset()
    race.run(30)
    ends = {r.label: r.path[-1] for r in race.runners}
    assert ends["SGD"] == pytest.approx((-0.3503929957523197, 0.0847823165504322), abs=1e-9)
    assert ends["Momentum"] == pytest.approx((0.8964138584937322, 0.08808560171506963), abs=1e-9)
    assert ends["AdaGrad"] == pytest.approx((-0.12016224724728575, 2.4863841159975314e-17), abs=1e-9)
    assert ends["Adam"] == pytest.approx((0.13601461732623135, 0.31824538889630966), abs=1e-9)


def test_live_learning_rate_keeps_state():
    race = Race(surfaces.get("bowl"), [("M", "momentum", {"lr": 0.01})])
    race.run(5)
    buffer = race.runners[0].optimizer.state["xy"]["momentum_buffer"].copy()
    race.set_hyperparams(0, lr=0.02)
    np.testing.assert_array_equal(race.runners[0].optimizer.state["xy"]["momentum_buffer"], buffer)
    assert race.runners[0].optimizer.hyperparams["lr"] == 0.02
