import warnings

import numpy as np
import pytest

from visualnet.core import ConfigError, optimizers, surfaces
from visualnet.core.race import ESCAPE, Race, textbook_preset, velocity

RACERS = [("sgd", {"lr": 1e-3}), ("momentum", {"lr": 5e-4}), ("nesterov", {"lr": 5e-4}),
          ("adagrad", {"lr": 0.5}), ("rmsprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
          ("adam", {"lr": 0.05}), ("adamw", {"lr": 0.05}), ("adadelta", {"lr": 1.0})]


@pytest.fixture
def no_warnings():
    """Any numpy floating-point warning, or any warning at all, fails the test."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def state_of(runner):
    d = runner.optimizer.state_dict()
    return d["step_count"], {k: {s: np.copy(v) for s, v in slots.items()} for k, slots in d["state"].items()}


def assert_same_state(a, b):
    assert a[0] == b[0]
    assert a[1].keys() == b[1].keys()
    for key in a[1]:
        assert a[1][key].keys() == b[1][key].keys()
        for slot in a[1][key]:
            np.testing.assert_array_equal(a[1][key][slot], b[1][key][slot])


def test_paths_equal_repeated_core_updates_exactly(no_warnings):
    s = surfaces.get("rosenbrock")
    race = Race(s, [(name, name, hp) for name, hp in RACERS], (-1.5, 2.0))
    race.run(60)
    for runner, (name, hp) in zip(race.runners, RACERS):
        opt = optimizers.make(name, **hp)
        p = np.array([-1.5, 2.0])
        path, losses, gradients, moves, velocities = [p.copy()], [s.value_xy(p)], [], [], []
        for _ in range(60):
            gradients.append(s.grad_xy(p))
            opt.update({"xy": p}, {"xy": gradients[-1]})
            path.append(p.copy())
            losses.append(s.value_xy(p))
            moves.append(opt.last_step["xy"].copy())
            velocities.append(velocity(opt) or (np.nan, np.nan))
        assert runner.diverged_at is None, name
        np.testing.assert_array_equal(runner.path, path, err_msg=name)
        np.testing.assert_array_equal(runner.losses, losses, err_msg=name)
        np.testing.assert_array_equal(runner.gradients[:-1], gradients, err_msg=name)
        np.testing.assert_array_equal(runner.gradients[-1], s.grad_xy(p), err_msg=name)
        np.testing.assert_array_equal(runner.actual_steps[1:], moves, err_msg=name)
        np.testing.assert_array_equal(runner.velocities[1:], velocities, err_msg=name)
        assert np.isnan(runner.actual_steps[0]).all() and np.isnan(runner.velocities[0]).all()


def test_records_are_read_only_views():
    race = textbook_preset()
    with pytest.raises(ValueError):
        race.runners[0].path[0, 0] = 1.0


def test_velocity_is_the_optimizers_own_state():
    race = Race(surfaces.get("textbook"), [("M", "momentum", {"lr": 0.1}), ("A", "adam", {"lr": 0.3}),
                                           ("G", "adagrad", {"lr": 1.5})], (-7.0, 2.0))
    race.run(5)
    momentum, adam, adagrad = race.runners
    np.testing.assert_allclose(momentum.velocities[-1], -0.1 * momentum.optimizer.state["xy"]["momentum_buffer"])
    # with constant lr and no dampening, torch's −lr·b is the book's velocity v, which is the step taken
    np.testing.assert_allclose(momentum.velocities[-1], momentum.actual_steps[-1], rtol=1e-12)
    m, t = adam.optimizer.state["xy"]["exp_avg"], adam.optimizer.state["xy"]["step"]
    np.testing.assert_allclose(adam.velocities[-1], -0.3 * m / (1 - 0.9**t))
    assert np.isnan(adagrad.velocities).all()
    arrows = race.arrows(0)
    np.testing.assert_array_equal(arrows["gradient"], -race.surface.grad_xy(momentum.point))
    np.testing.assert_array_equal(arrows["step"], momentum.actual_steps[-1])
    assert race.arrows(2)["velocity"] is None


@pytest.mark.parametrize("k", [1, 2, 7, 25])
def test_back_returns_exactly_to_the_previous_step(k, no_warnings):
    race = Race(surfaces.get("beale"), [(name, name, hp) for name, hp in RACERS], (1.0, 1.5))
    race.run(k - 1)
    before = [(r.path.copy(), r.losses.copy(), r.gradients.copy(), state_of(r)) for r in race.runners]
    race.step()
    after = [(r.path[-1].copy(), state_of(r)) for r in race.runners]
    assert race.back() and race.steps == k - 1
    for runner, (path, losses, gradients, state) in zip(race.runners, before):
        np.testing.assert_array_equal(runner.path, path)
        np.testing.assert_array_equal(runner.losses, losses)
        np.testing.assert_array_equal(runner.gradients, gradients)
        assert_same_state(state_of(runner), state)
    race.step()
    for runner, (point, state) in zip(race.runners, after):
        np.testing.assert_array_equal(runner.path[-1], point)
        assert_same_state(state_of(runner), state)


def test_back_at_the_start_does_nothing():
    race = textbook_preset(steps=0)
    assert not race.back()
    assert all(r.path.tolist() == [[-7.0, 2.0]] for r in race.runners)


def test_back_keeps_the_live_hyperparameters():
    race = Race(surfaces.get("bowl"), [("M", "momentum", {"lr": 0.01})])
    race.run(3)
    race.set_hyperparams(0, lr=0.2, momentum=0.5)
    race.back()
    assert race.runners[0].optimizer.hyperparams["lr"] == 0.2
    assert race.runners[0].optimizer.hyperparams["momentum"] == 0.5


def test_divergence_stops_quietly_at_the_last_finite_point(no_warnings):
    race = Race(surfaces.get("rosenbrock"), [("SGD", "sgd", {"lr": 50.0}), ("Adam", "adam", {"lr": 0.05})],
                (-1.5, 2.0))
    race.run(40)
    sgd, adam = race.runners
    assert sgd.diverged_at is not None and sgd.diverged_at <= 40
    last = sgd.path[sgd.diverged_at - 1]
    assert np.all(np.isfinite(last)) and np.abs(last).max() <= ESCAPE
    assert (sgd.path[sgd.diverged_at:] == last).all() and len(sgd.path) == 41  # it stopped there
    np.testing.assert_array_equal(sgd.point, last)
    assert np.all(np.isfinite(sgd.losses)) and (sgd.actual_steps[sgd.diverged_at:] == 0).all()
    assert sgd.escape is not None and np.hypot(*sgd.escape) == pytest.approx(1.0)
    state = sgd.optimizer.state_dict()["state"]
    assert all(np.all(np.isfinite(v)) for slots in state.values() for v in slots.values())
    assert adam.diverged_at is None and len(adam.path) == len(sgd.path) == 41  # the race goes on


def test_back_over_the_divergence_clears_it(no_warnings):
    race = Race(surfaces.get("rosenbrock"), [("SGD", "sgd", {"lr": 50.0})], (-1.5, 2.0))
    race.run(40)
    n = race.runners[0].diverged_at
    while race.steps >= n:
        race.back()
    assert race.runners[0].diverged_at is None and race.runners[0].escape is None
    race.step()
    assert race.runners[0].diverged_at == n


def test_non_finite_values_of_a_typed_surface_diverge_quietly(no_warnings):
    s = surfaces.from_formula("sqrt(x) + y**2", view=(-1, 3, -2, 2), start=(0.5, 1.0))
    race = Race(s, [("SGD", "sgd", {"lr": 2.0})])
    race.run(5)
    runner = race.runners[0]
    assert runner.diverged_at is not None
    assert np.all(np.isfinite(runner.point)) and runner.point[0] >= 0


def test_textbook_preset_end_points():
    race = textbook_preset()
    assert race.steps == 30 and race.surface.name == "textbook" and race.start == (-7.0, 2.0)
    assert [(r.name, r.optimizer.hyperparams["lr"]) for r in race.runners] == [
        ("sgd", 0.95), ("momentum", 0.1), ("adagrad", 1.5), ("adam", 0.3)]
    assert race.runners[1].optimizer.hyperparams["momentum"] == 0.9
    ends = {r.label: tuple(r.path[-1]) for r in race.runners}
    assert ends["SGD"] == pytest.approx((-0.3503929957523197, 0.0847823165504322), abs=1e-9)
    assert ends["Momentum"] == pytest.approx((0.8964138584937322, 0.08808560171506963), abs=1e-9)
    assert ends["AdaGrad"] == pytest.approx((-0.12016224724728575, 2.4863841159975314e-17), abs=1e-9)
    assert ends["Adam"] == pytest.approx((0.13601461732623135, 0.31824538889630966), abs=1e-9)


def test_live_hyperparameters_keep_the_state():
    race = Race(surfaces.get("bowl"), [("M", "momentum", {"lr": 0.01})])
    race.run(5)
    buffer = race.runners[0].optimizer.state["xy"]["momentum_buffer"].copy()
    race.set_hyperparams(0, lr=0.02)
    np.testing.assert_array_equal(race.runners[0].optimizer.state["xy"]["momentum_buffer"], buffer)
    assert race.runners[0].optimizer.hyperparams["lr"] == 0.02 and len(race.runners[0].path) == 6
    with pytest.raises(ConfigError, match="momentum"):
        race.set_hyperparams(0, momentum=1.5)
    assert race.runners[0].optimizer.hyperparams["momentum"] == 0.9


def test_a_runner_added_mid_race_catches_up_exactly():
    s = surfaces.get("himmelblau")
    race = Race(s, [("SGD", "sgd", {"lr": 0.01})])
    race.run(12)
    added = race.add("Adam", "adam", {"lr": 0.1})
    alone = Race(s, [("Adam", "adam", {"lr": 0.1})])
    alone.run(12)
    np.testing.assert_array_equal(added.path, alone.runners[0].path)
    assert added.color == 1
    race.step()
    assert len(added.path) == len(race.runners[0].path) == 14
    race.remove(0)
    assert race.runners == [added]


def test_reset_moves_the_start_and_refuses_a_non_finite_one():
    race = textbook_preset()
    race.reset((3.0, -2.0))
    assert race.start == (3.0, -2.0) and all(r.path.tolist() == [[3.0, -2.0]] for r in race.runners)
    assert all(r.optimizer.state == {} and r.diverged_at is None for r in race.runners)
    with pytest.raises(ConfigError, match="start"):
        race.reset((np.nan, 0.0))
    assert race.start == (3.0, -2.0)
