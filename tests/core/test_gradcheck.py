"""The gradient check never cries wolf on a correct network, and still catches a wrong gradient."""

import numpy as np
import pytest

from visualnet.core import gradcheck, presets
from visualnet.core.network import Network
from visualnet.core.session import Session

CONV_SAMPLE = 24  # a conv net's loss costs ~40 ms a pass on MNIST: a spread of each kernel and weight
MNIST_SAMPLE = 150  # MNIST's 39,760 parameters at 4 loss evaluations each take a minute: check a spread


def traced_step(name, mnist_dir=None, steps=20):
    preset = presets.get(name)
    experiment = presets.experiment_for(preset, mnist_dir)
    experiment["network"]["dtype"] = "float64"
    if preset.needs_mnist:
        # whether backprop's gradient is the loss's slope does not depend on how many images there are: 1,000
        # images instead of 10,000 load and convert 10× faster, and a conv net's batch of 20 instead of 100
        # makes each of its ~200 loss passes 5× cheaper
        experiment["dataset"]["limit"] = 1000
        if any(layer.get("type") == "conv2d" for layer in experiment["network"]["layers"]):
            experiment["batch_size"] = 20
    session = Session(experiment)
    session.trainer.eval_every = 10**9  # whole-set metrics are not checked here (and cost seconds on MNIST)
    session.trainer.run(steps)
    trace = session.trainer.step(record=True)
    grads = {}
    for event in trace.of_kind("backward"):
        grads.update(event.grads)
    return session, trace, grads


@pytest.fixture(scope="module")
def probed():
    """(session, trace, grads, probe) of a preset's traced step, made once per module: tests only read them,
    and a Probe undoes each perturbation and remembers the numerical gradients it computed."""
    made = {}

    def get(name, mnist_dir=None, steps=20):
        if (name, steps) not in made:
            session, trace, grads = traced_step(name, mnist_dir, steps)
            probe = gradcheck.Probe(session.net, trace.batch_x, trace.batch_t, trace.params_before(),
                                    gradcheck.masks_of(trace))
            made[name, steps] = session, trace, grads, probe
        return made[name, steps]

    return get


def elements(grads, limit=None):
    for name, g in grads.items():
        flats = range(g.size)
        if limit is not None and g.size > limit:
            flats = np.random.default_rng(0).choice(g.size, limit, replace=False)
        for flat in flats:
            yield name, np.unravel_index(int(flat), g.shape)


@pytest.mark.parametrize("name", presets.names())
def test_every_parameter_of_every_preset_agrees_or_says_why_not(name, mnist_dir_or_none, probed):
    preset = presets.get(name)
    if preset.needs_mnist and mnist_dir_or_none is None:
        pytest.skip("no MNIST files")
    conv_mnist = preset.needs_mnist and any(layer.get("type") == "conv2d"
                                            for layer in preset.experiment["network"]["layers"])
    _session, _trace, grads, probe = probed(name, mnist_dir_or_none, steps=3 if conv_mnist else 20)
    verdicts, caught = {"agree": 0, "inconclusive": 0, "differ": 0}, 0
    kinds = {layer.get("type", "dense") for layer in preset.experiment["network"]["layers"]}
    conv = "conv2d" in kinds
    recurrent = bool(kinds & {"rnn", "lstm", "gru"})  # a loss is a pass through every time step
    # a sample of each large tensor where a check costs a whole pass of an MNIST net or of a conv net
    sample = (CONV_SAMPLE // 3 if preset.needs_mnist else CONV_SAMPLE) if conv or recurrent else \
        MNIST_SAMPLE if preset.needs_mnist else None
    for pname, index in elements(grads, sample):
        analytic = float(grads[pname][index])
        check = probe.check(pname, index, analytic)
        verdicts[check.verdict] += 1
        assert check.verdict != "differ", (pname, index, check)
        assert check.reason
        if check.verdict == "agree" and abs(check.numerical) >= gradcheck.RESOLVE * check.uncertainty:
            assert check.relative_error <= 1e-6 or abs(check.analytic - check.numerical) <= 2 * check.uncertainty
            tolerance = gradcheck.TOLERANCE[probe.dtype]
            for planted in (-analytic, 2 * analytic, analytic + 10 * check.uncertainty + 10 * tolerance * abs(analytic)):
                wrong = probe.check(pname, index, planted)
                if conv and wrong.verdict == "inconclusive" and "kink" in wrong.reason:
                    continue  # a conv weight reaches thousands of ReLU units: one of them always switches
                assert wrong.verdict == "differ", (pname, index, planted)
                caught += 1
    print(f"{name}: {verdicts}, planted wrong gradients caught: {caught}")
    assert verdicts["agree"] > 0 and caught > 0


@pytest.fixture
def mnist_dir_or_none(request):
    from tests.conftest import MNIST_DIR

    return str(MNIST_DIR) if (MNIST_DIR / "t10k-images-idx3-ubyte.gz").exists() else None


def test_dropout_and_batch_norm_agree_to_1e_6_in_training_mode(probed):
    for name in ("overfitting_dropout", "batch_norm"):
        _session, _trace, grads, probe = probed(name)
        checks = [probe.check(p, i, float(grads[p][i])) for p, i in elements(grads)]
        assert all(c.verdict != "differ" for c in checks)
        # where the rounding of the loss (±1e-10 here) is small beside the gradient, they agree to 1e-6
        large = [c for c in checks if abs(c.numerical) > 1e-3]
        assert len(large) > 50 and all(c.verdict == "agree" for c in large)
        worst = max(c.relative_error for c in large)
        print(f"{name}: {len(large)} gradients above 1e-3, worst relative error {worst:.1e}")
        assert worst <= 1e-6, name


def test_a_gradient_below_the_resolution_is_inconclusive_with_the_reason():
    net = Network({"input": 2, "layers": [{"units": 1, "activation": "sigmoid"}], "loss": "bce", "seed": 0})
    x, t = np.array([[1.0, 2.0]]), np.array([1.0])
    probe = gradcheck.Probe(net, x, t)
    tiny = probe.check("W1", (0, 0), 1e-15)  # whatever backprop says this small, the check cannot see it
    true = probe.check("W1", (0, 0), float(net.gradient(x, t)["W1"][0, 0]))
    assert true.verdict == "agree" and true.relative_error < 1e-8
    assert tiny.verdict == "differ"  # the true gradient is large here: 1e-15 is wrong
    net.params["W1"][:] = [[30.0], [30.0]]  # σ′ ≈ e^-90: the loss is flat to rounding
    probe = gradcheck.Probe(net, x, t)
    flat = probe.check("W1", (0, 0), float(net.gradient(x, t)["W1"][0, 0]))
    assert flat.verdict == "inconclusive" and "too small to check" in flat.reason


def test_a_relu_kink_within_the_step_is_inconclusive_not_wrong():
    net = Network({"input": 1, "layers": [{"units": 1, "activation": "relu"}, {"units": 1, "activation": "linear"}],
                   "loss": "mse", "seed": 0})
    net.params["W1"][:] = 1.0
    net.params["b1"][:] = -1.0 + 1e-7  # z = x·1 − 1 + 1e-7 crosses 0 within ±h of b1
    net.params["W2"][:] = 1.0
    x, t = np.array([[1.0]]), np.array([[5.0]])
    grads = net.gradient(x, t)
    check = gradcheck.Probe(net, x, t).check("b1", (0,), float(grads["b1"][0]))
    assert check.verdict == "inconclusive" and "kink" in check.reason


def test_a_float32_network_is_checked_in_float64():
    session, trace, _grads = traced_step("xor_2_2_1")
    cfg = {**session.net.config, "dtype": "float32"}
    net = Network(cfg)
    net.set_params(session.net.params)
    x = trace.batch_x.astype(np.float32)
    g = net.gradient(x, trace.batch_t)
    probe = gradcheck.Probe(net, x, trace.batch_t)
    assert probe.net.dtype == np.float64
    checks = [probe.check(p, i, float(g[p][i])) for p, i in elements(g)]
    assert all(c.verdict == "agree" for c in checks)
    assert max(c.relative_error for c in checks) < 1e-4
