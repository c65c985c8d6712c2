"""The backprop debugger: every planted bug is flagged exactly where it changes the gradient, a correct
network never is, typed derivatives are judged right, the exercise and training with a bug work."""

import numpy as np
import pytest

from visualnet.core import debugger, gradcheck, optimizers
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network
from visualnet.core.trainer import Trainer

# Three hidden layers each, chosen so that every bug of the list applies somewhere: square hidden layers
# (missing transpose), dropout, batch norm, a fused softmax/sigmoid output and an MSE output (act′ at the
# output), smooth activations and a ReLU (the σ′ = σ analogue).
NETS = {
    "softmax": {"input": 4, "layers": [{"units": 4, "activation": "tanh"},
                                       {"units": 4, "activation": "sigmoid", "dropout": 0.3},
                                       {"units": 4, "activation": "tanh", "batch_norm": True},
                                       {"units": 3, "activation": "softmax"}],
                "loss": "cross_entropy", "init": "xavier", "seed": 1},
    "mse": {"input": 3, "layers": [{"units": 3, "activation": "relu"}, {"units": 3, "activation": "elu"},
                                   {"units": 3, "activation": "softplus"}, {"units": 2, "activation": "sigmoid"}],
            "loss": "mse", "init": "he", "seed": 2},
    "bce": {"input": 3, "layers": [{"units": 5, "activation": "leaky_relu"},
                                   {"units": 5, "activation": "gelu", "dropout": 0.5},
                                   {"units": 4, "activation": "silu"}, {"units": 1, "activation": "sigmoid"}],
            "loss": "bce", "init": "xavier", "seed": 3, "dtype": "float32"},
}
BATCH = 8
FIRST_WRONG = {  # where each bug's first wrong number appears, in backward order
    debugger.DERIVATIVE_IS_ACTIVATION: "dact", debugger.DERIVATIVE_AT_A: "dact",
    debugger.MISSING_TRANSPOSE: "dinput", debugger.BIAS_NOT_SUMMED: "b", debugger.WEIGHT_GRADIENT_DIVIDED_TWICE: "W",
    debugger.SIGN_FLIPPED: "delta", debugger.LOSS_GRADIENT_NOT_DIVIDED: "delta",
    debugger.DROPOUT_MASK_NOT_APPLIED: "dL_da_masked", debugger.BATCHNORM_MISSING_MEAN: "core_delta",
}


def batch(key, n=BATCH):
    cfg = NETS[key]
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, cfg["input"]))
    outputs = cfg["layers"][-1]["units"]
    if cfg["loss"] == "cross_entropy":
        return x, rng.integers(0, outputs, n)
    if cfg["loss"] == "bce":
        return x, rng.integers(0, 2, n).astype(float)
    return x, rng.random((n, outputs))


def cases():
    for key, cfg in NETS.items():
        net = Network(cfg)
        for layer in range(len(cfg["layers"])):
            for bug in debugger.bugs_for(net, layer):
                yield pytest.param(key, layer, bug.id, id=f"{key}-{layer}-{bug.id}")


CASES = list(cases())


def changes(report):
    """Per parameter, how the bug changes each element's gradient (buggy vs correct backprop), measured
    against what the check can resolve: (resolvable, untouched). A change below backprop's own tolerance
    (1e-6 relative, plus the numerical value's uncertainty) is invisible to any gradient check by design;
    ten times above it the check must see it."""
    out = {}
    largest = max(float(np.abs(p.correct).max()) for p in report.params.values())
    for name, p in report.params.items():
        uncertainty = np.zeros(p.gradient.shape)
        for index, check in p.checks.items():
            uncertainty[index] = check.uncertainty
        diff = np.abs(p.gradient - p.correct)
        scale = np.maximum(np.abs(p.gradient), np.abs(p.correct))
        resolvable = diff > 10 * (gradcheck.TOLERANCE["float64"] * scale + 2 * uncertainty)
        untouched = diff <= 1e-12 * largest  # rounding: a bias before batch norm has ∂L/∂b ≈ 1e-17
        out[name] = resolvable, untouched
    return out


def test_every_bug_of_the_list_is_planted_somewhere():
    planted = {case.values[2] for case in CASES}
    assert planted == set(debugger.BUG_IDS)
    assert [b.id for b in debugger.bugs()] == list(debugger.BUG_IDS)
    for b in debugger.bugs():
        assert b.name and b.explanation.endswith(".") and b.where


@pytest.mark.parametrize("key", NETS)
def test_no_parameter_of_a_correct_network_is_flagged(key):
    net = Network(NETS[key])
    x, t = batch(key)
    report = debugger.debug(net, x, t, None)
    assert report.counts["differ"] == 0 and report.counts["agree"] > 0
    assert report.entry_layer is None and report.first_wrong is None
    assert not any(f.wrong for layer in report.layers for f in layer.factors)


@pytest.mark.parametrize("key", NETS)
def test_the_correct_pass_is_the_networks_own_gradient(key):
    net = Network(NETS[key])
    x, t = batch(key)
    report = debugger.debug(net, x, t, None, numerical=False)
    twin = Network({**net.config, "dtype": "float64"})
    twin.set_params(net.params)
    for block in twin.blocks:
        if block.dropout is not None:
            block.dropout.mask, block.dropout.fixed_mask = report.masks[block.index], True
    expected = twin.gradient(x, t)
    for name, g in expected.items():
        np.testing.assert_array_equal(report.params[name].gradient, g)
        assert report.params[name].verdict == ""  # not checked
    assert net.params["W1"].dtype == np.dtype(NETS[key].get("dtype", "float64"))  # the lesson's net untouched


@pytest.mark.parametrize(("key", "layer", "bug_id"), CASES)
def test_the_flagged_parameters_are_exactly_those_the_bug_changes(key, layer, bug_id):
    net = Network(NETS[key])
    before = net.copy_params()
    x, t = batch(key)
    report = debugger.debug(net, x, t, debugger.plant(net, layer, bug_id))
    change = changes(report)
    grey = 0
    for name, p in report.params.items():
        flagged = p.verdicts == gradcheck.DIFFER
        resolvable, untouched = change[name]
        assert not (flagged & untouched).any(), f"{name}: flagged where the bug changes nothing"
        np.testing.assert_array_equal(flagged[resolvable], True, err_msg=name)
        grey += int((~resolvable & ~untouched).sum())
    assert grey <= 2  # changes too small for any check (see changes()) are rare
    changed = {name for name, (resolvable, _) in change.items() if resolvable.any()}
    assert changed, "the bug must change something on this batch"
    assert set(report.differing()) == changed

    # the error enters at the planted layer: its first wrong number is there, and the check's highest
    # differing layer is the planted one (or, for the missing transpose, the next one below with weights)
    b = debugger.bug(bug_id)
    assert report.first_wrong[0] == layer
    assert report.first_wrong[1].rstrip("0123456789") == FIRST_WRONG[bug_id]
    if b.shows_in_own_layer:
        assert report.entry_layer == layer
    else:
        assert report.entry_layer == max(i for i in range(layer) if net.blocks[i].param_names)
        assert report.layers[layer].verdict == gradcheck.AGREE
    marked = [lr.index for lr in report.layers if lr.entry]
    assert marked == [report.entry_layer]
    assert [lr.index for lr in report.layers if lr.planted] == [layer]
    # layers on the output side of the bug compute every factor right
    for lr in report.layers[layer + 1:]:
        assert lr.first_wrong is None
    for name, value in before.items():  # the lesson's network is never touched
        np.testing.assert_array_equal(net.params[name], value)


def test_the_factors_show_which_one_is_wrong():
    net = Network(NETS["softmax"])
    x, t = batch("softmax")
    report = debugger.debug(net, x, t, debugger.plant(net, 1, debugger.DERIVATIVE_IS_ACTIVATION), numerical=False)
    layer = report.layers[1]
    keys = [f.key for f in layer.factors]
    assert keys == ["dL_da", "dL_da_masked", "dact", "delta", "W2", "b2", "dinput", "input"]
    dact = layer.factor("dact")
    assert dact.wrong and not layer.factor("dL_da").wrong and not layer.factor("input").wrong
    a = report.layers[1].factor("input").correct  # the layer's input; act′ = σ instead of σ(1 − σ)
    sigma = 1 / (1 + np.exp(-(a @ net.params["W2"] + net.params["b2"])))
    np.testing.assert_allclose(dact.buggy, sigma)
    np.testing.assert_allclose(dact.correct, sigma * (1 - sigma))
    below = report.layers[0]
    assert below.first_wrong == "dL_da" and below.factor("dL_da").wrong


@pytest.mark.parametrize(("layer", "formula"), [(0, "1 - a**2"), (0, "1 - tanh(z)**2"), (1, "a*(1-a)"),
                                                (1, "sigmoid(x) * (1 - sigmoid(x))"), (2, "1/cosh(z)**2")])
def test_a_typed_derivative_equal_to_the_true_one_agrees_everywhere(layer, formula):
    cfg = {**NETS["softmax"], "layers": [{**lc, "batch_norm": False} for lc in NETS["softmax"]["layers"]]}
    net = Network(cfg)
    x, t = batch("softmax")
    report = debugger.debug(net, x, t, debugger.plant_derivative(net, layer, formula))
    assert report.counts == {"agree": sum(p.size for p in net.params.values()), "inconclusive": 0, "differ": 0}
    assert report.first_wrong is None


def test_a_typed_derivative_of_a_custom_activation():
    cfg = {"input": 2, "layers": [{"units": 3, "activation": "custom", "expression": "x * tanh(x)"},
                                  {"units": 3, "activation": "tanh"}, {"units": 3, "activation": "tanh"},
                                  {"units": 1, "activation": "linear"}], "loss": "mse", "seed": 0}
    net = Network(cfg)
    x, t = np.random.default_rng(0).standard_normal((6, 2)), np.linspace(0, 1, 6)
    right = debugger.debug(net, x, t, debugger.plant_derivative(net, 0, "tanh(z) + z * (1 - tanh(z)**2)"))
    assert right.counts["differ"] == 0
    wrong = debugger.debug(net, x, t, debugger.plant_derivative(net, 0, "tanh(z)"))
    assert wrong.differing() == ("W1", "b1") and wrong.first_wrong == (0, "dact")


@pytest.mark.parametrize(("layer", "formula", "differing"), [
    (1, "a", {"W1", "W2", "b1", "b2"}),            # σ′ = σ, typed
    (1, "1 - a**2", {"W1", "W2", "b1", "b2"}),     # tanh's derivative on a sigmoid
    (0, "1 - z**2", {"W1", "b1"}),                 # z where a was meant
])
def test_a_wrong_typed_derivative_is_caught(layer, formula, differing):
    net = Network(NETS["softmax"])
    x, t = batch("softmax")
    report = debugger.debug(net, x, t, debugger.plant_derivative(net, layer, formula))
    assert set(report.differing()) == differing
    assert report.entry_layer == layer and report.first_wrong == (layer, "dact")
    assert report.plant.describe().id == debugger.TYPED_DERIVATIVE and formula in report.plant.describe().name


def test_planting_refuses_what_cannot_apply():
    net = Network(NETS["softmax"])
    with pytest.raises(ConfigError, match="bug"):
        debugger.plant(net, 1, "off_by_one")
    with pytest.raises(ConfigError, match="layer"):
        debugger.plant(net, 0, debugger.DROPOUT_MASK_NOT_APPLIED)  # no dropout there
    with pytest.raises(ConfigError, match="layer"):
        debugger.plant(net, 0, debugger.MISSING_TRANSPOSE)  # square, but nothing below reads ∂L/∂x
    with pytest.raises(ConfigError, match="layer"):
        debugger.plant(net, 3, debugger.DERIVATIVE_IS_ACTIVATION)  # fused output: act′ never used
    with pytest.raises(ConfigError, match="layer"):
        debugger.plant(net, 9, debugger.SIGN_FLIPPED)
    with pytest.raises(ConfigError, match="derivative"):
        debugger.plant_derivative(net, 1, "__import__('os')")
    with pytest.raises(ConfigError, match="derivative"):
        debugger.plant_derivative(net, 1, "a * (1 - q)")


def test_where_each_bug_applies():
    net = Network(NETS["mse"])  # relu, elu, softplus, sigmoid output with MSE; 3-3-3-2 on 3 inputs
    assert debugger.layers_for(net, debugger.DERIVATIVE_AT_A) == (1, 2, 3)  # not ReLU: f′(a) = f′(z)
    assert debugger.layers_for(net, debugger.DERIVATIVE_IS_ACTIVATION) == (0, 1, 2, 3)  # MSE: act′ is used
    assert debugger.layers_for(net, debugger.MISSING_TRANSPOSE) == (1, 2)  # square, with weights below
    assert debugger.layers_for(net, debugger.LOSS_GRADIENT_NOT_DIVIDED) == ()
    assert debugger.layers_for(net, debugger.DROPOUT_MASK_NOT_APPLIED) == ()
    softmax = Network(NETS["softmax"])
    assert debugger.layers_for(softmax, debugger.LOSS_GRADIENT_NOT_DIVIDED) == (3,)
    assert debugger.layers_for(softmax, debugger.BATCHNORM_MISSING_MEAN) == (2,)
    assert [b.id for b in debugger.bugs_for(softmax, 3)] == [
        debugger.BIAS_NOT_SUMMED, debugger.WEIGHT_GRADIENT_DIVIDED_TWICE, debugger.SIGN_FLIPPED,
        debugger.LOSS_GRADIENT_NOT_DIVIDED]


def test_a_convolutional_network():
    cfg = {"input": [1, 6, 6], "layers": [
        {"type": "conv2d", "filters": 2, "kernel": 3, "pad": 1, "activation": "tanh", "batch_norm": True},
        {"type": "maxpool", "size": 2}, {"type": "flatten"}, {"units": 4, "activation": "sigmoid"},
        {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "seed": 0}
    net = Network(cfg)
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((4, 1, 6, 6)), rng.integers(0, 3, 4)
    assert debugger.debug(net, x, t, None).counts["differ"] == 0
    report = debugger.debug(net, x, t, debugger.plant(net, 0, debugger.BIAS_NOT_SUMMED))
    assert report.differing() == ("b1",) and report.layers[1].verdict == ""  # pooling has no parameters
    report = debugger.debug(net, x, t, debugger.plant(net, 3, debugger.SIGN_FLIPPED))
    assert set(report.differing()) == {"W1", "W2", "b2", "gamma1", "beta1"}  # b1 sits before batch norm: ∂L/∂b1 = 0
    assert report.entry_layer == 3


def test_a_traced_step_is_checked_at_its_weights_and_masks():
    net = Network(NETS["bce"])
    x, t = batch("bce", 20)
    trainer = Trainer(net, optimizers.make("sgd", lr=0.5), x, t, batch_size=8, seed=0)
    trainer.run(3)
    trace = trainer.step(record=True)
    report = debugger.debug_trace(net, trace, None)
    assert report.counts["differ"] == 0
    for e in trace.of_kind("forward"):
        if e.mask is not None:
            np.testing.assert_array_equal(report.masks[e.layer], e.mask)
    for e in trace.of_kind("backward"):
        for name, g in e.grads.items():
            np.testing.assert_allclose(report.params[name].gradient, g, rtol=1e-5, atol=1e-7)


def test_a_sample_of_elements_and_cancelling():
    net = Network(NETS["softmax"])
    x, t = batch("softmax")
    report = debugger.debug(net, x, t, debugger.plant(net, 2, debugger.SIGN_FLIPPED), limit=3)
    for p in report.params.values():
        assert sum(p.counts.values()) == min(3, p.gradient.size) == len(p.checks)
        assert np.isnan(p.numerical[p.verdicts == ""]).all()

    def stop(done, total):
        if done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        debugger.debug(net, x, t, None, progress=stop)


def test_the_exercise_hides_the_bug_until_the_answer():
    net = Network(NETS["softmax"])
    x, t = batch("softmax")
    planted_layers = set()
    for seed in range(12):
        exercise = debugger.plant_random_bug(net, seed)
        with pytest.raises(ValueError):
            exercise.answer(0)
        blind = exercise.check(x, t)
        assert blind.plant is None and blind.entry_layer is None and blind.first_wrong is None
        assert all(p.correct is None for p in blind.params.values())
        assert all(not lr.factors and not lr.planted and not lr.entry for lr in blind.layers)
        assert blind.counts["differ"] > 0
        answers = [exercise.answer(guess) for guess in range(len(net.blocks))]
        right = [a for a in answers if a.correct]
        assert len(right) == 1
        answer = right[0]
        planted_layers.add(answer.layer)
        assert answer.bug.shows_in_own_layer
        assert answer.layer == answer.report.entry_layer == answer.report.first_wrong[0]
        assert answer.differing and answer.wrong_factor is not None and answer.wrong_factor.wrong
        assert answer.message.startswith("Right") and answer.bug.name in answer.message
        wrong = next(a for a in answers if not a.correct)
        assert wrong.message.startswith("Not") and net.describe()[answer.layer].name in wrong.message
        again = debugger.plant_random_bug(net, seed)
        again.check(x, t)
        assert again.answer(answer.layer).correct  # the same seed plants the same bug
    assert len(planted_layers) >= 3


def test_the_exercise_explains_a_bug_that_enters_below_its_layer():
    net = Network(NETS["mse"])
    x, t = batch("mse")
    exercise = debugger.plant_random_bug(net, 0, (debugger.MISSING_TRANSPOSE,))
    exercise.check(x, t)
    answer = exercise.answer(exercise.answer(0).layer - 1)
    assert not answer.correct and answer.wrong_factor.key == "dinput"
    assert "∂L/∂a it receives" in answer.message


def train(net, x, t, gradient=None, steps=40, lr=0.5):
    trainer = Trainer(net, optimizers.make("sgd", lr=lr), x, t, batch_size=16, seed=0, eval_every=0,
                      watch_summaries=False)
    trainer.gradient = gradient
    trainer.run(steps)
    return trainer


def test_training_with_a_sign_flip_makes_the_loss_rise():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 1)
    healthy = train(Network(NETS["softmax"]), x, t)
    net = Network(NETS["softmax"])
    flipped = train(net, x, t, debugger.gradient_function(net, debugger.plant(net, 3, debugger.SIGN_FLIPPED)))
    _, good = healthy.history.train_loss.arrays()
    _, bad = flipped.history.train_loss.arrays()
    assert good[-5:].mean() < good[:5].mean()
    assert bad[-5:].mean() > 1.5 * bad[:5].mean()
    assert net.loss(x, t) > healthy.net.loss(x, t)
    assert flipped.divergence is None


def test_training_with_a_harmless_plant_is_normal_training():
    """A typed act′ equal to the true one changes nothing: the same batches, masks and weights."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((48, 3))
    t = (x[:, 0] * x[:, 1] > 0).astype(float)
    healthy = train(Network(NETS["bce"]), x, t, steps=15)
    net = Network(NETS["bce"])
    same = train(net, x, t, debugger.gradient_function(net, debugger.plant_derivative(net, 2, "sigmoid(z) * "
                                                                                            "(1 + z * (1 - sigmoid(z)))")),
                 steps=15)
    np.testing.assert_allclose(same.history.train_loss.arrays()[1], healthy.history.train_loss.arrays()[1], rtol=1e-5)
    for name, value in healthy.net.params.items():
        np.testing.assert_allclose(net.params[name], value, rtol=1e-4, atol=1e-6)


def test_a_recorded_step_with_a_bug_shows_the_buggy_numbers():
    net = Network(NETS["softmax"])
    x, t = batch("softmax", 32)
    trainer = Trainer(net, optimizers.make("sgd", lr=0.1), x, t, batch_size=8, seed=0)
    trainer.gradient = debugger.gradient_function(net, debugger.plant(net, 3, debugger.LOSS_GRADIENT_NOT_DIVIDED))
    trace = trainer.step(record=True)
    output = trace.of_kind("backward")[0]
    loss = trace.of_kind("loss")[0]
    y, labels = loss.y, trace.batch_t
    expected = y.copy()
    expected[np.arange(len(labels)), labels] -= 1  # y − t, not (y − t)/N
    np.testing.assert_allclose(output.delta, expected)
    assert net.last_summaries and len(trace.of_kind("update")) == len(net.params)
    trainer.gradient = None
    assert trainer.step(record=True).of_kind("backward")[0].delta.max() < 1 / 8 + 1e-12
