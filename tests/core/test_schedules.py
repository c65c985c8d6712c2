"""Learning-rate schedules: torch.optim.lr_scheduler's documented formulas, the trainer, the race, sessions."""

import copy
import math

import numpy as np
import pytest

from visualnet.core import ConfigError, optimizers, schedules, sessionfile, surfaces
from visualnet.core.network import Network
from visualnet.core.playworker import Worker, training_state
from visualnet.core.race import Race
from visualnet.core.session import Session
from visualnet.core.trainer import Trainer

STEPS = 1000
BASE = 0.1


# -- torch's documented closed forms, written out ------------------------------------------------------------

def step_lr(k, step_size, gamma):
    """StepLR: lr_k = lr_0 · γ^⌊k / step_size⌋."""
    return BASE * gamma ** (k // step_size)


def exponential_lr(k, gamma):
    """ExponentialLR: lr_k = lr_0 · γ^k."""
    return BASE * gamma ** k


def cosine_lr(k, T_max, eta_min):
    """CosineAnnealingLR: η_k = η_min + ½(η_max − η_min)(1 + cos(kπ / T_max))."""
    return eta_min + 0.5 * (BASE - eta_min) * (1 + math.cos(k * math.pi / T_max))


def linear_lr(k, start_factor, end_factor, total_iters):
    """LinearLR: the factor goes linearly from start_factor to end_factor over total_iters steps, then stays."""
    return BASE * (start_factor + (end_factor - start_factor) * min(k, total_iters) / total_iters)


FORMULAS = [
    ("constant", {}, lambda k: BASE),
    ("step", {"step_size": 30, "gamma": 0.5}, lambda k: step_lr(k, 30, 0.5)),
    ("step", {}, lambda k: step_lr(k, 100, 0.1)),
    ("exponential", {"gamma": 0.995}, lambda k: exponential_lr(k, 0.995)),
    ("cosine", {"T_max": 300, "eta_min": 0.001}, lambda k: cosine_lr(k, 300, 0.001)),  # periodic past T_max
    ("cosine", {}, lambda k: cosine_lr(k, 1000, 0.0)),
    ("warmup_linear", {"start_factor": 0.01, "end_factor": 1.0, "total_iters": 200},
     lambda k: linear_lr(k, 0.01, 1.0, 200)),
    ("warmup_linear", {}, lambda k: linear_lr(k, 1 / 3, 1.0, 5)),
    ("warmup_linear", {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 50}, lambda k: linear_lr(k, 1, 0, 50)),
]


@pytest.mark.parametrize("name, hp, formula", FORMULAS, ids=[f"{n} {hp}" for n, hp, _ in FORMULAS])
def test_lr_at_and_curve_follow_torchs_formulas(name, hp, formula):
    schedule = schedules.make(name, base_lr=BASE, **hp)
    expected = np.array([formula(k) for k in range(STEPS)])
    np.testing.assert_allclose([schedule.lr_at(k) for k in range(STEPS)], expected, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(schedule.curve(STEPS), expected, rtol=1e-13, atol=1e-16)
    assert schedule.curve(0).shape == (0,)


def reference_plateau(metrics, lr, factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0,
                      min_lr=0.0, eps=1e-8):
    """ReduceLROnPlateau(mode="min") as torch documents and implements step(metric): the lr after each metric."""
    best, bad, cooling, out = math.inf, 0, 0, []
    for metric in metrics:
        better = metric < best * (1 - threshold) if threshold_mode == "rel" else metric < best - threshold
        if better:
            best, bad = metric, 0
        else:
            bad += 1
        if cooling > 0:
            cooling -= 1
            bad = 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > eps:
                lr = new
            cooling, bad = cooldown, 0
        out.append(lr)
    return out


PLATEAUS = [{}, {"factor": 0.5, "patience": 2}, {"factor": 0.5, "patience": 0, "cooldown": 3},
            {"factor": 0.2, "patience": 3, "threshold": 0.05, "threshold_mode": "abs", "min_lr": 0.003},
            {"factor": 0.9, "patience": 1, "eps": 0.02}]


@pytest.mark.parametrize("hp", PLATEAUS)
def test_reduce_on_plateau_follows_torchs_rule(hp):
    rng = np.random.default_rng(4)
    # a loss that falls, then stalls with noise, then falls again
    metrics = np.concatenate([np.linspace(2, 1, 40), 1 + 0.01 * rng.standard_normal(80), np.linspace(1, 0.2, 30)])
    schedule = schedules.make("reduce_on_plateau", base_lr=BASE, **hp)
    seen = []
    for metric in metrics:
        schedule.observe(metric)  # period 1: every observation is an epoch
        seen.append(schedule.lr_at(0))
    assert seen == reference_plateau(metrics, BASE, **hp)
    # it reduces unless eps is larger than the reduction (the last case)
    assert (min(seen) < BASE) == (hp.get("eps", 1e-8) < BASE * (1 - hp.get("factor", 0.1)))
    np.testing.assert_array_equal(schedule.curve(5), [seen[-1]] * 5)


def test_reduce_on_plateau_steps_once_per_epoch_with_the_mean_loss():
    schedule = schedules.make("reduce_on_plateau", base_lr=BASE, patience=1, factor=0.5)
    schedule.period = 4
    losses = [3, 1, 2, 2,  2, 2, 2, 2,  2, 2, 2, 2,  2, 1, 3, 2]  # epoch means 2, 2, 2, 2
    lrs = []
    for loss in losses:
        schedule.observe(loss)
        lrs.append(schedule.lr)
    after_epoch = reference_plateau([2, 2, 2, 2], BASE, 0.5, 1)  # torch stepped with each epoch's mean
    assert lrs == [BASE] * 3 + [lr for lr in after_epoch for _ in range(4)][:13]
    assert after_epoch == [BASE, BASE, BASE / 2, BASE / 2]
    schedule.observe(5.0)
    assert schedule.state_dict() == {"lr": BASE / 2, "best": 2.0, "num_bad_epochs": 1, "cooldown_counter": 0,
                                     "loss_sum": 5.0, "loss_count": 1}


@pytest.mark.parametrize("name, hp, field", [
    ("step", {"step_size": 0}, "step_size"), ("step", {"step_size": 2.5}, "step_size"),
    ("step", {"gamma": 0}, "gamma"), ("step", {"gamma": 1.5}, "gamma"), ("exponential", {"gamma": -1}, "gamma"),
    ("exponential", {"gamma": float("nan")}, "gamma"), ("exponential", {"gamma": True}, "gamma"),
    ("cosine", {"T_max": 0}, "T_max"), ("cosine", {"eta_min": -0.1}, "eta_min"), ("cosine", {"T_max": "10"}, "T_max"),
    ("warmup_linear", {"start_factor": 0}, "start_factor"), ("warmup_linear", {"end_factor": 1.1}, "end_factor"),
    ("warmup_linear", {"total_iters": 0}, "total_iters"), ("reduce_on_plateau", {"factor": 1.0}, "factor"),
    ("reduce_on_plateau", {"patience": -1}, "patience"), ("reduce_on_plateau", {"threshold_mode": "max"},
                                                           "threshold_mode"),
    ("reduce_on_plateau", {"min_lr": float("inf")}, "min_lr"), ("constant", {"gamma": 0.5}, "gamma"),
    ("cosine", {"gamma": 0.5}, "gamma"), ("sawtooth", {}, "name"), ("step", {"step_size": 10**12}, "step_size"),
])
def test_bad_hyperparameters_name_the_field(name, hp, field):
    with pytest.raises(ConfigError) as info:
        schedules.make(name, base_lr=BASE, **hp)
    assert info.value.field == field


def test_every_schedule_has_defaults_a_description_a_formula_and_a_torch_name():
    for name in schedules.names():
        assert schedules.make(name).spec() == {"name": name, **schedules.defaults(name)}
        assert schedules.DESCRIPTIONS[name] and schedules.FORMULAS[name]
        assert name == "constant" or name in schedules.TORCH_NAMES


def test_plateau_state_round_trips_and_refuses_junk():
    a = schedules.make("reduce_on_plateau", base_lr=BASE, patience=0)
    for loss in (1.0, 1.0, 1.0):
        a.observe(loss)
    b = schedules.make("reduce_on_plateau", base_lr=BASE, patience=0)
    b.load_state_dict(a.state_dict())
    assert b.state_dict() == a.state_dict() and b.lr < BASE
    for junk, field in (({**a.state_dict(), "lr": -1.0}, "lr"), ({**a.state_dict(), "best": float("nan")}, "best"),
                        ({**a.state_dict(), "num_bad_epochs": 1.5}, "num_bad_epochs"), ({"lr": 1.0}, "schedule")):
        with pytest.raises(ConfigError) as info:
            b.load_state_dict(junk)
        assert info.value.field == field
    with pytest.raises(ConfigError):
        schedules.make("cosine").load_state_dict({"lr": 1.0})


# -- the trainer ------------------------------------------------------------------------------------------------

def spiral(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((120, 2))
    return x, (x[:, 0] * x[:, 1] > 0).astype(int)


def small_net():
    return Network.from_config({"input": 2, "layers": [{"units": 6, "activation": "tanh"},
                                                       {"units": 1, "activation": "sigmoid"}],
                                "loss": "bce", "seed": 1})


@pytest.mark.parametrize("optimizer", [{"name": "sgd", "lr": 0.5}, {"name": "adam", "lr": 0.05},
                                       {"name": "momentum", "lr": 0.2}])
@pytest.mark.parametrize("spec", [{"name": "step", "step_size": 7, "gamma": 0.7},
                                  {"name": "warmup_linear", "start_factor": 0.1, "total_iters": 20},
                                  {"name": "cosine", "T_max": 25, "eta_min": 0.01}])
def test_the_trainer_sets_the_lr_of_every_step_exactly_as_a_hand_loop(optimizer, spec):
    """Trainer.run (the fast path for plain SGD) equals a loop that sets lr = lr_at(k) before update k."""
    x, t = spiral()
    name, hp = optimizer["name"], {k: v for k, v in optimizer.items() if k != "name"}
    schedule = schedules.from_spec(spec, hp["lr"])
    trainer = Trainer(small_net(), optimizers.make(name, **hp), x, t, batch_size=10, seed=2,
                      watch_summaries=False, schedule=schedules.from_spec(spec, hp["lr"]))
    assert trainer.fast_path
    trainer.run(60)
    net, opt = small_net(), optimizers.make(name, **hp)
    twin = Trainer(net, opt, x, t, batch_size=10, seed=2)  # only for its batches
    for k in range(60):
        idx = twin.next_batch_indices()
        opt.set_hyperparams(lr=schedule.lr_at(k))
        opt.update(net.params, net.gradient(x[idx], t[idx]))
    for key in net.params:
        np.testing.assert_array_equal(trainer.net.params[key], net.params[key])
    steps, lrs = trainer.history.lr.arrays()
    np.testing.assert_array_equal(steps, np.arange(1, 61))
    np.testing.assert_array_equal(lrs, [schedule.lr_at(k) for k in range(60)])
    # the plotted curve is vectorized: NumPy's power and cos may round the last bit otherwise on some CPUs
    np.testing.assert_allclose(lrs, schedule.curve(60), rtol=1e-15, atol=0)
    assert trainer.optimizer.hyperparams["lr"] == schedule.lr_at(60)  # the next step's, as torch leaves it


def test_a_constant_schedule_changes_nothing():
    x, t = spiral()
    a = Trainer(small_net(), optimizers.make("sgd", lr=0.3), x, t, batch_size=10, watch_summaries=False)
    b = Trainer(small_net(), optimizers.make("sgd", lr=0.3), x, t, batch_size=10, watch_summaries=False,
                schedule=schedules.make("constant", 0.3))
    a.run(40)
    b.run(40)
    assert b.schedule is None and len(b.history.lr) == 0
    for key in a.net.params:
        np.testing.assert_array_equal(a.net.params[key], b.net.params[key])


def test_reduce_on_plateau_in_the_trainer_observes_epoch_means():
    x, t = spiral()
    trainer = Trainer(small_net(), optimizers.make("sgd", lr=0.0), x, t, batch_size=40, watch_summaries=False,
                      schedule=schedules.make("reduce_on_plateau", 0.0, patience=1))
    assert trainer.schedule.period == 3  # ⌈120 / 40⌉
    trainer.schedule.base_lr = trainer.schedule.lr = 1e-3  # lr 0 keeps the loss of an epoch constant: a plateau
    losses = []
    for _ in range(12):
        trainer.run(1)
        losses.append(trainer.history.train_loss.last())
    means = [np.mean(losses[i:i + 3]) for i in range(0, 12, 3)]
    assert trainer.schedule.lr == reference_plateau(means, 1e-3, patience=1)[-1]


# -- the race -----------------------------------------------------------------------------------------------------

def test_a_race_runner_follows_its_schedule_and_steps_back_exactly():
    s = surfaces.get("rosenbrock")
    spec = {"name": "exponential", "gamma": 0.97}
    race = Race(s, [("SGD", "sgd", {"lr": 1e-3}, 0, spec), ("plain", "sgd", {"lr": 1e-3})], (-1.5, 2.0))
    race.run(30)
    opt, p = optimizers.make("sgd", lr=1e-3), np.array([-1.5, 2.0])
    for k in range(30):
        opt.set_hyperparams(lr=1e-3 * 0.97 ** k)
        opt.update({"xy": p}, {"xy": s.grad_xy(p)})
    np.testing.assert_array_equal(race.runners[0].point, p)
    assert not np.array_equal(race.runners[1].point, p)
    path = race.runners[0].path.copy()
    for _ in range(10):
        race.back()
    race.run(10)
    np.testing.assert_array_equal(race.runners[0].path, path)


def test_a_plateau_runner_steps_back_with_its_state():
    s = surfaces.get("textbook")
    race = Race(s, [("Adam", "adam", {"lr": 0.3}, 0, {"name": "reduce_on_plateau", "patience": 0, "factor": 0.5})],
                (-7.0, 2.0))
    race.run(40)
    runner = race.runners[0]
    lr, path = runner.optimizer.hyperparams["lr"], runner.path.copy()
    state = runner.schedule.state_dict()
    assert runner.schedule.lr < 0.3
    race.back()
    race.step()
    assert runner.schedule.state_dict() == state and runner.optimizer.hyperparams["lr"] == lr
    np.testing.assert_array_equal(runner.path, path)
    race.reset()
    assert runner.schedule.lr == 0.3


def test_race_schedules_change_live_and_refuse_bad_values():
    race = Race(surfaces.get("textbook"), [("SGD", "sgd", {"lr": 0.5})], (-7.0, 2.0))
    race.set_schedule(0, {"name": "step", "step_size": 1, "gamma": 0.5})
    race.run(3)
    assert race.runners[0].optimizer.hyperparams["lr"] == 0.5 * 0.5 ** 2  # the lr of update 3
    race.set_hyperparams(0, lr=0.2)
    assert race.runners[0].schedule.base_lr == 0.2
    race.set_schedule(0, None)
    assert race.runners[0].schedule is None and race.runners[0].optimizer.hyperparams["lr"] == 0.2
    with pytest.raises(ConfigError):
        race.set_schedule(0, {"name": "step", "gamma": 3})
    with pytest.raises(ConfigError):
        race.add("x", "sgd", {"lr": 0.1}, None, {"name": "cosine", "T_max": 0})


# -- sessions ---------------------------------------------------------------------------------------------------

EXPERIMENT = {
    "dataset": {"name": "spiral", "n": 200, "noise": 0.1, "seed": 0, "test_ratio": 0.3},
    "network": {"layers": [{"units": 5, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
                "loss": "bce", "seed": 3},
    "optimizer": {"name": "adam", "lr": 0.02},
    "schedule": {"name": "reduce_on_plateau", "patience": 1, "factor": 0.5},
    "batch_size": 16,
}


def test_the_experiment_holds_a_schedule_checked_by_field():
    assert Session().experiment["schedule"] == {"name": "constant"}
    for bad, field in (({"name": "cosine", "T_max": -1}, "schedule.T_max"), ({"name": "nope"}, "schedule.name"),
                       ("cosine", "schedule"), ({"T_max": 3}, "schedule"),
                       ({"name": "step", "gamma": 0.5, "stepsize": 3}, "schedule.stepsize")):
        with pytest.raises(ConfigError) as info:
            Session({**EXPERIMENT, "schedule": bad})
        assert info.value.field == field


def test_changing_the_schedule_or_the_lr_keeps_the_weights():
    s = Session(EXPERIMENT)
    s.trainer.run(30)
    weights = s.net.copy_params()
    assert s.apply({**EXPERIMENT, "schedule": {"name": "cosine", "T_max": 100}}) == "kept"
    assert s.optimizer.hyperparams["lr"] == schedules.make("cosine", 0.02, T_max=100).lr_at(30)
    assert s.apply({**EXPERIMENT, "schedule": {"name": "cosine", "T_max": 100},
                    "optimizer": {"name": "adam", "lr": 0.04}}) == "kept"
    assert s.optimizer.hyperparams["lr"] == pytest.approx(0.02 * (1 + math.cos(math.pi * 0.3)))
    assert s.apply({**EXPERIMENT, "schedule": {"name": "constant"}, "optimizer": {"name": "adam", "lr": 0.04}}) == "kept"
    assert s.optimizer.hyperparams["lr"] == 0.04 and s.trainer.schedule is None
    for key in weights:
        np.testing.assert_array_equal(weights[key], s.net.params[key])
    before = copy.deepcopy(s.experiment)
    with pytest.raises(ConfigError):
        s.apply({**EXPERIMENT, "schedule": {"name": "step", "gamma": 9}})
    assert s.experiment == before and s.optimizer.hyperparams["lr"] == 0.04


def test_sessions_round_trip_the_schedule_and_its_state(tmp_path):
    a = Session(EXPERIMENT)
    a.trainer.run(150)
    assert a.trainer.schedule.lr < 0.02  # the plateau rule has acted
    path = tmp_path / "s.vnet"
    sessionfile.save(a, path)
    b, _ = sessionfile.load(path)
    assert b.experiment == a.experiment
    assert b.trainer.schedule.state_dict() == a.trainer.schedule.state_dict()
    assert b.optimizer.hyperparams == a.optimizer.hyperparams
    a.trainer.run(60)
    b.trainer.run(60)
    for key in a.net.params:
        np.testing.assert_array_equal(a.net.params[key], b.net.params[key])
    assert a.trainer.history.lr.values == b.trainer.history.lr.values


def test_a_session_file_with_a_forged_schedule_state_is_refused(tmp_path):
    import json
    import zipfile

    a = Session(EXPERIMENT)
    a.trainer.run(20)
    path = tmp_path / "s.vnet"
    sessionfile.save(a, path)
    cases = {"lr": ({"lr": -0.5}, "inconsistent"), "text": ({"best": "low"}, "must be a number"),
             "constant": (None, "keeps no state")}
    for name, (change, phrase) in cases.items():
        with zipfile.ZipFile(path) as z:
            manifest, arrays = json.loads(z.read("session.json")), z.read("arrays.npz")
        if change is None:
            manifest["experiment"]["schedule"] = {"name": "cosine"}
        else:
            manifest["schedule_state"].update(change)
        forged = tmp_path / f"{name}.vnet"
        with zipfile.ZipFile(forged, "w") as z:
            z.writestr("session.json", json.dumps(manifest))
            z.writestr("arrays.npz", arrays)
        with pytest.raises(sessionfile.SessionFileError, match=phrase):
            sessionfile.load(forged)


def test_a_preset_may_carry_a_schedule(tmp_path):
    import json

    from visualnet.core import presets

    path = tmp_path / "warm.json"
    path.write_text(json.dumps({"format": "visualnet-preset", "version": 1, "name": "warm", "description": "d",
                                "experiment": {**EXPERIMENT, "schedule": {"name": "warmup_linear",
                                                                          "total_iters": 100}}}))
    session = Session(presets._read(path).experiment)
    assert session.optimizer.hyperparams["lr"] == pytest.approx(0.02 / 3)


def test_the_training_process_continues_the_schedule_exactly():
    app, alone = Session(EXPERIMENT), Session(EXPERIMENT)
    worker = Worker()
    assert worker.handle(("load", app.experiment, training_state(app))) == ("loaded",)
    worker.frame(40, 10.0, False, False)
    state = worker.handle(("state",))[1]
    assert state["schedule"] == worker.session.trainer.schedule.state_dict()
    alone.trainer.run(40)
    assert state["schedule"] == alone.trainer.schedule.state_dict()
    from visualnet.core.playworker import apply_training_state

    apply_training_state(app, state)
    app.trainer.run(30)
    alone.trainer.run(30)
    for key in app.net.params:
        np.testing.assert_array_equal(app.net.params[key], alone.net.params[key])


def test_the_same_numbers_as_torch_itself():
    """Where torch is installed (it is no dependency), its schedulers give the very lr sequences."""
    torch = pytest.importorskip("torch")
    import warnings

    lr_scheduler = torch.optim.lr_scheduler
    for name, hp, _formula in FORMULAS + [("reduce_on_plateau", hp, None) for hp in PLATEAUS]:
        if name == "constant":
            continue
        param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
        optimizer = torch.optim.SGD([param], lr=BASE)
        ours = schedules.make(name, base_lr=BASE, **hp)
        theirs = getattr(lr_scheduler, schedules.TORCH_NAMES[name])(optimizer, **ours.hyperparams)
        rng = np.random.default_rng(1)
        losses = np.concatenate([np.linspace(2, 1, 30), 1 + 0.01 * rng.standard_normal(60)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scheduler.step() without optimizer.step()
            for k, loss in enumerate(losses):
                assert ours.lr_at(k) == pytest.approx(optimizer.param_groups[0]["lr"], rel=1e-12, abs=1e-18), \
                    (name, hp, k)
                ours.observe(loss)
                theirs.step(loss) if ours.stateful else theirs.step()
