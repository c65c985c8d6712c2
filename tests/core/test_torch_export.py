"""The self-checking PyTorch script: text made without torch; run with python where torch is installed.

torch is no dependency of visualnet (CI does not install it): the tests that run exported scripts are skipped
without it. torch is imported once, into this process, and the scripts run here as ``python model.py`` runs
them (``runpy`` as ``__main__``, with its argv and exit code): a fresh python per script cost ~3 s of importing
torch each. ``python model.py`` as a real process runs in tests/test_cli.py (an exported session checks itself
and trains on).
"""

import contextlib
import importlib.util
import io
import re
import runpy
import sys

import numpy as np
import pytest

from visualnet.core import ConfigError, optimizers, presets, schedules, torch_export
from visualnet.core.network import Network
from visualnet.core.session import Session

HAS_TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (it is no dependency)")
PRESETS = [name for name in presets.names() if not presets.get(name).needs_mnist]
RANDOM_ROWS = 64
WORST = re.compile(r"largest difference from visualnet: (\S+) ")

NETWORKS = {  # every layer kind and activation, in both dtypes
    "activations": {"input": 3, "layers": [{"units": 5, "activation": name} for name in (
        "linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu")]
        + [{"units": 5, "activation": "leaky_relu", "alpha": 0.2}, {"units": 5, "activation": "elu", "alpha": 0.5},
           {"units": 3, "activation": "softmax"}], "loss": "cross_entropy", "l2": 0.01, "l1": 0.001},
    "custom": {"input": 2, "layers": [
        {"units": 6, "activation": "custom", "expression": "x * tanh(softplus(x))"},
        {"units": 6, "activation": "custom", "expression":
            "where(x > 0, x, 0.1 * x) + clip(x, -1, 1) ** 2 - maximum(x, 0.5) / (1 + abs(x)) + erf(x)"
            " + sigmoid(x) * arctan(x) + sqrt(1 + x*x) + log1p(exp(-abs(x))) + expm1(x/10) + sin(x)*cos(x)"
            " + tan(x/5) + sinh(x/3) - cosh(x/3) + sign(x)*pi + 2 ** x + minimum(x, e) + where(-1 < x < 1, x, 0)"},
        {"units": 4, "activation": "relu", "dropout": 0.3, "batch_norm": True},
        {"units": 1, "activation": "sigmoid"}], "loss": "bce"},
    "conv": {"input": [2, 8, 8], "layers": [
        {"type": "conv2d", "filters": 3, "kernel": 3, "pad": 1, "activation": "relu", "batch_norm": True},
        {"type": "maxpool", "size": 2, "stride": 2},
        {"type": "conv2d", "filters": 4, "kernel": 3, "activation": "tanh"},
        {"type": "avgpool", "size": 2}, {"type": "flatten"},
        {"units": 5, "activation": "relu", "trainable": False, "dropout": 0.2, "batch_norm": True},
        {"units": 4, "activation": "softmax"}], "loss": "cross_entropy", "l2": 0.01},
    **{kind: {"input": [5, 3], "layers": [{"type": kind, "units": 4, "return_sequences": True},
                                          {"type": kind, "units": 3}, {"units": 2, "activation": "softmax"}],
              "loss": "cross_entropy", "l2": 0.01} for kind in ("rnn", "lstm", "gru")},
    "sequence": {"input": [5, 3], "layers": [{"type": "gru", "units": 4, "return_sequences": True},
                                             {"units": 3, "activation": "softmax"}], "loss": "cross_entropy"},
    "sequence_mse": {"input": [5, 3], "layers": [{"type": "lstm", "units": 4, "return_sequences": True},
                                                 {"units": 1, "activation": "tanh"}], "loss": "mse", "l1": 0.01},
}


def perturbed(cfg, dtype, seed=1):
    """A network whose biases and running statistics are not their initial zeros and ones, so they count."""
    net = Network.from_config({**cfg, "dtype": dtype})
    rng = np.random.default_rng(seed)
    for value in net.params.values():
        value += rng.normal(0, 0.1, value.shape).astype(value.dtype)
    for block in net.blocks:
        if block.bn is not None:
            block.bn.running_mean[:] = rng.normal(0, 0.3, block.bn.running_mean.shape)
            block.bn.running_var[:] = rng.uniform(0.5, 2, block.bn.running_var.shape)
    return net


def batch_for(net, cfg, n=12, seed=2):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, *net.input_shape))
    units, sequence = cfg["layers"][-1]["units"], cfg["layers"][-2].get("return_sequences", False)
    steps = (net.input_shape[0],) if sequence else ()
    if cfg["loss"] == "cross_entropy":
        return x, rng.integers(0, units, (n, *steps))
    if cfg["loss"] == "bce":
        return x, rng.integers(0, 2, (n, *steps, 1)).astype(float)
    return x, rng.normal(0, 1, (n, *steps, units))


# -- without torch: the text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("x * tanh(x)", "x * torch.tanh(x)"),
    ("maximum(x, 0)", "torch.maximum(x, x.new_tensor(0.0))"),
    ("where(x > 0, x, 0.5 * x)", "torch.where((x > 0.0), x, 0.5 * x)"),
    ("clip(-x, -1, 1)", "torch.minimum(torch.maximum(-x, x.new_tensor(-1.0)), x.new_tensor(1.0))"),
    ("softplus(x) / 2", "softplus(x) / 2.0"),
    ("where(-1 < x <= 2, x, 0)", "torch.where((-1.0 < x) & (x <= 2.0), x, x.new_tensor(0.0))"),
    ("pi * x ** 2", "3.141592653589793 * x ** 2.0"),
    ("(x - 1) * (x + 1) / (2 - x) - (x - (1 - x))", "(x - 1.0) * (x + 1.0) / (2.0 - x) - (x - (1.0 - x))"),
    ("-x ** 2 + (-x) ** 3 + 2 ** -x + x ** (1/3)", "-x ** 2.0 + (-x) ** 3.0 + 2.0 ** (-x) + x ** 0.3333333333333333"),
])
def test_custom_formulas_become_torch_code(text, code):
    assert torch_export.translate_expression(text, "layers[0].expression") == code


def test_a_formula_torch_cannot_express_is_refused_naming_the_layer(monkeypatch):
    monkeypatch.delitem(torch_export.TORCH_FUNCTIONS, "erf")
    net = Network.from_config({"input": 2, "layers": [
        {"units": 3, "activation": "tanh"}, {"units": 3, "activation": "custom", "expression": "erf(x) + x"},
        {"units": 1, "activation": "sigmoid"}], "loss": "bce"})
    with pytest.raises(ConfigError) as info:
        torch_export.script(net, np.zeros((2, 2)), np.zeros(2))
    assert info.value.field == "layers[1].expression" and "'erf'" in str(info.value)


@pytest.fixture(scope="module")
def trained_presets():
    """Every preset without MNIST after 5 training steps: enough to move every weight, running statistic and
    schedule off its start (what the export must carry over). Shared read-only: a script is made on a clone."""
    sessions = {}
    for name in PRESETS:
        sessions[name] = Session(presets.experiment_for(presets.get(name)))
        sessions[name].trainer.run(5)
    return sessions


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_makes_a_script_that_compiles_and_needs_only_torch_and_numpy(name, trained_presets):
    session = trained_presets[name]
    text = torch_export.script_for_session(session, f"preset {name}")
    compile(text, "model.py", "exec")
    imports = set(re.findall(r"^(?:import|from) (\w+)", text, re.MULTILINE))
    assert imports == {"argparse", "base64", "sys", "warnings", "numpy", "torch"}
    assert f"STEPS_DONE = {session.trainer.step_count}" in text and "def build_model():" in text


def test_the_training_setup_is_written_as_code():
    session = Session({"dataset": {"name": "spiral3", "n": 60},
                       "network": {"layers": [{"units": 4, "activation": "relu"}, {"units": 3, "activation": "softmax"}],
                                   "loss": "cross_entropy", "l2": 0.001},
                       "optimizer": {"name": "nesterov", "lr": 0.05}, "batch_size": 12,
                       "schedule": {"name": "step", "step_size": 50, "gamma": 0.5}})
    text = torch_export.script_for_session(session)
    assert ("torch.optim.SGD(params, lr=0.05, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=True)"
            in text)
    assert "torch.optim.lr_scheduler.StepLR(optimizer, step_size=50, gamma=0.5)" in text
    assert "BATCH_SIZE = 12" in text and "L2, L1 = 0.001, 0.0" in text
    assert "F.cross_entropy(z.reshape(-1, z.shape[-1]), t.reshape(-1))" in text


# -- with torch: run them --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def in_process_torch():
    """torch, imported once into this process; one thread, as the scripts' small batches need no more."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield torch
    torch.set_num_threads(threads)


def run_script(path, *args) -> tuple:
    """``python path args`` in this process (runpy as __main__, as python does): (exit code, stdout, stderr)."""
    argv, sys.argv = sys.argv, [str(path), *args]
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_path(str(path), run_name="__main__")
        code = 0
    except SystemExit as exit:
        code = exit.code
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def run_scripts(jobs: dict, folder) -> dict:
    """{name: (net, script text, inputs)} → {name: (exit code, worst self-check difference, worst difference of
    the module's outputs on the inputs from Network.predict)}."""
    out = {}
    for name, (net, text, inputs) in jobs.items():
        path = folder / f"{name}.py"
        path.write_text(text)
        np.save(folder / f"{name}_in.npy", inputs)
        code, printed, _ = run_script(path, "--inputs", str(folder / f"{name}_in.npy"),
                                      "--outputs", str(folder / f"{name}_out.npy"))
        worst = float(WORST.search(printed)[1]) if WORST.search(printed) else None
        predicted = None
        if code == 0:
            predicted = torch_export.worst_difference(np.load(folder / f"{name}_out.npy"), net.predict(inputs))
        out[name] = (code, worst, predicted)
    return out


def fresh_inputs(net, rng, low=-1.5, high=1.5):
    return rng.uniform(low, high, (RANDOM_ROWS, *net.input_shape)).astype(net.dtype)


def assert_all_within(results, dtypes):
    lines = []
    for name, (code, worst, predicted) in results.items():
        tolerance = torch_export.tolerance(dtypes[name])
        assert code == 0, (name, results[name])
        assert worst is not None and worst <= tolerance, (name, worst)
        assert predicted <= tolerance, (name, predicted)
        lines.append(f"{name:28s} self-check {worst:.3g}  fresh inputs {predicted:.3g}  ({dtypes[name]})")
    print("\n".join(lines))


@needs_torch
def test_every_preset_exported_runs_and_equals_predict_on_fresh_inputs(trained_presets, in_process_torch, tmp_path):
    rng = np.random.default_rng(7)
    jobs, dtypes = {}, {}
    for name, session in trained_presets.items():
        text = torch_export.script_for_session(session, f"preset {name}")
        jobs[name] = (session.net, text, fresh_inputs(session.net, rng))
        dtypes[name] = str(session.net.dtype)
    assert_all_within(run_scripts(jobs, tmp_path), dtypes)


@needs_torch
def test_the_mnist_presets_exported_run_and_equal_predict(mnist_dir, in_process_torch, tmp_path):
    rng = np.random.default_rng(3)
    jobs, dtypes = {}, {}
    for name in (name for name in presets.names() if presets.get(name).needs_mnist):
        experiment = presets.experiment_for(presets.get(name), str(mnist_dir))
        # the export does not depend on how many images or steps trained: 320 training images are still too many
        # to embed (320 × 784 values > 200,000), and 3 steps move every weight
        experiment["dataset"]["limit"] = 400
        session = Session(experiment)
        session.trainer.run(3)
        text = torch_export.script_for_session(session, f"preset {name}")
        assert "TRAIN = {}" in text  # hundreds of images are too many to embed
        jobs[name] = (session.net, text, fresh_inputs(session.net, rng, 0.0, 1.0))
        dtypes[name] = str(session.net.dtype)
    assert "mnist_two_layer" in jobs
    assert_all_within(run_scripts(jobs, tmp_path), dtypes)


@needs_torch
def test_every_layer_kind_in_both_dtypes_runs_and_equals_predict(in_process_torch, tmp_path):
    rng = np.random.default_rng(9)
    jobs, dtypes = {}, {}
    for name, cfg in NETWORKS.items():
        for dtype in ("float64", "float32"):
            net = perturbed(cfg, dtype)
            x, t = batch_for(net, cfg)
            text = torch_export.script(net, x, t, optimizer=optimizers.make("adam", lr=0.01),
                                       schedule=schedules.make("cosine", 0.01, T_max=50), batch_size=8,
                                       train_x=x, train_t=t, source=name)
            jobs[f"{name}_{dtype}"] = (net, text, fresh_inputs(net, rng))
            dtypes[f"{name}_{dtype}"] = dtype
    assert_all_within(run_scripts(jobs, tmp_path), dtypes)


@needs_torch
def test_python_model_py_checks_itself_trains_on_and_fails_when_tampered(in_process_torch, tmp_path):
    session = Session({"dataset": {"name": "circle", "n": 80},
                       "network": {"layers": [{"units": 6, "activation": "tanh", "batch_norm": True},
                                              {"units": 1, "activation": "sigmoid"}], "loss": "bce"},
                       "schedule": {"name": "reduce_on_plateau", "patience": 1}, "batch_size": 16})
    session.trainer.run(60)
    path = tmp_path / "model.py"
    text = torch_export.script_for_session(session, "a test")
    path.write_text(text)
    code, out, err = run_script(path, "--train", "20")
    assert code == 0, err
    assert WORST.search(out) and "trained 20 more steps: last batch loss" in out
    tampered = tmp_path / "tampered.py"
    loss = re.search(r"CHECK_LOSS = (\S+)", text)[1]
    tampered.write_text(text.replace(f"CHECK_LOSS = {loss}", f"CHECK_LOSS = {float(loss) + 1e-3!r}"))
    code, out, err = run_script(tampered)
    assert code == 1 and "check FAILED" in err
    assert float(WORST.search(out)[1]) == pytest.approx(1e-3, rel=1e-2)  # the loss's difference


def test_frozen_layers_stay_frozen_in_torch():
    cfg = NETWORKS["conv"]
    net = perturbed(cfg, "float64")
    text = torch_export.script(net, *batch_for(net, cfg))
    assert "self.dense6.requires_grad_(False)" in text and "self.norm6.requires_grad_(False)" in text
    assert "params = [p for p in model.parameters() if p.requires_grad]" in text
    assert "'dense6.weight'" not in text.split("CHECK_GRADS = {")[1].split("}")[0]  # no gradient to compare
