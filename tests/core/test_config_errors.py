"""Every malformed config raises ConfigError naming the field — never KeyError/TypeError/MemoryError."""

import pytest

from visualnet.core import ConfigError
from visualnet.core.network import Network
from visualnet.core.session import Session

OK_LAYERS = [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]


def cfg(**over):
    base = {"input": 2, "layers": OK_LAYERS, "loss": "bce"}
    base.update(over)
    return {k: v for k, v in base.items() if v is not ...}


CASES = [
    ("not a dict", [1, 2], "config", "dict"),
    ("missing input", cfg(input=...), "input", "missing"),
    ("missing layers", cfg(layers=...), "layers", "missing"),
    ("missing loss", cfg(loss=...), "loss", "missing"),
    ("unknown top key", cfg(lr=0.1), "lr", "unknown key"),
    ("unknown loss", cfg(loss="hinge"), "loss", "mse, bce, cross_entropy"),
    ("unknown activation", cfg(layers=[{"units": 4, "activation": "swish2"}, OK_LAYERS[1]]),
     "layers[0].activation", "relu"),
    ("units zero", cfg(layers=[{"units": 0, "activation": "relu"}, OK_LAYERS[1]]), "layers[0].units", "positive"),
    ("units bool", cfg(layers=[{"units": True, "activation": "relu"}, OK_LAYERS[1]]), "layers[0].units", "positive"),
    ("units float", cfg(layers=[{"units": 4.0, "activation": "relu"}, OK_LAYERS[1]]), "layers[0].units", "positive"),
    ("units string", cfg(layers=[{"units": "4", "activation": "relu"}, OK_LAYERS[1]]), "layers[0].units", "positive"),
    ("units missing", cfg(layers=[{"activation": "relu"}, OK_LAYERS[1]]), "layers[0].units", "missing"),
    ("layer not dict", cfg(layers=[4, OK_LAYERS[1]]), "layers[0]", "dict"),
    ("empty layers", cfg(layers=[]), "layers", "non-empty"),
    ("unknown layer key", cfg(layers=[{"units": 4, "activation": "relu", "bias": False}, OK_LAYERS[1]]),
     "layers[0].bias", "allowed"),
    ("softmax hidden", {"input": 2, "layers": [{"units": 3, "activation": "softmax"},
                                                {"units": 2, "activation": "softmax"}], "loss": "cross_entropy"},
     "layers[0].activation", "last"),
    ("ce on one output", {"input": 2, "layers": [{"units": 1, "activation": "softmax"}], "loss": "cross_entropy"},
     "layers[0].units", "at least 2"),
    ("ce without softmax", {"input": 2, "layers": [{"units": 3, "activation": "sigmoid"}], "loss": "cross_entropy"},
     "layers[0].activation", "softmax"),
    ("bce with 2 outputs", {"input": 2, "layers": [{"units": 2, "activation": "sigmoid"}], "loss": "bce"},
     "layers[0].activation", "single sigmoid"),
    ("bce with tanh", {"input": 2, "layers": [{"units": 1, "activation": "tanh"}], "loss": "bce"},
     "layers[0].activation", "single sigmoid"),
    ("softmax with mse", {"input": 2, "layers": [{"units": 2, "activation": "softmax"}], "loss": "mse"},
     "loss", "cross_entropy"),
    ("absurd size", cfg(layers=[{"units": 50000, "activation": "relu"}, {"units": 50000, "activation": "relu"},
                                OK_LAYERS[1]]), "layers[1]", "parameters"),
    ("l2 NaN", cfg(l2=float("nan")), "l2", "finite"),
    ("l2 negative", cfg(l2=-0.1), "l2", "≥ 0"),
    ("l1 string", cfg(l1="0.1"), "l1", "finite"),
    ("unknown init", cfg(init="glorot"), "init", "xavier"),
    ("negative init std", cfg(init=-1.0), "init", "≥ 0"),
    ("bad dtype", cfg(dtype="float16"), "dtype", "float64"),
    ("negative seed", cfg(seed=-1), "seed", "≥ 0"),
    ("input zero", cfg(input=0), "input", "positive"),
    ("dropout 1", cfg(layers=[{"units": 4, "activation": "relu", "dropout": 1.0}, OK_LAYERS[1]]),
     "layers[0].dropout", "< 1"),
    ("dropout on output", {"input": 2, "layers": [{"units": 1, "activation": "linear", "dropout": 0.5}],
                           "loss": "mse"}, "layers[0].dropout", "output"),
    ("alpha on relu", cfg(layers=[{"units": 4, "activation": "relu", "alpha": 0.1}, OK_LAYERS[1]]),
     "layers[0].alpha", "leaky_relu"),
    ("batch_norm not bool", cfg(layers=[{"units": 4, "activation": "relu", "batch_norm": "yes"}, OK_LAYERS[1]]),
     "layers[0].batch_norm", "true or false"),
    ("conv on flat input", {"input": 4, "layers": [{"type": "conv2d", "filters": 2, "activation": "relu"},
                                                   {"type": "flatten"}, {"units": 1, "activation": "linear"}],
                            "loss": "mse"}, "layers[0]", "image input"),
    ("dense on image without flatten", {"input": [1, 4, 4], "layers": [{"units": 2, "activation": "linear"}],
                                        "loss": "mse"}, "layers[0]", "flatten"),
    ("unknown layer type", cfg(layers=[{"type": "attention"}, OK_LAYERS[1]]), "layers[0].type", "dense"),
]


@pytest.mark.parametrize("label, config, field, phrase", CASES, ids=[c[0] for c in CASES])
def test_malformed_config(label, config, field, phrase):
    with pytest.raises(ConfigError) as err:
        Network.from_config(config)
    assert err.value.field == field
    assert phrase in str(err.value)
    assert isinstance(err.value, ValueError)


TYPE_GAPS = [
    ("layer type as a list", cfg(layers=[{"type": ["dense"], "units": 4}, OK_LAYERS[1]]), "layers[0].type", "unknown"),
    ("layer type as a dict", cfg(layers=[{"type": {"a": 1}, "units": 4}, OK_LAYERS[1]]), "layers[0].type",
     "unknown"),
    ("non-string top key", {**cfg(), 1: 2}, "config", "strings"),
    ("non-string layer key", cfg(layers=[{"units": 4, 0: "relu"}, OK_LAYERS[1]]), "layers[0]", "strings"),
    ("seed 1.5", cfg(seed=1.5), "seed", "integer"),
    ("seed string", cfg(seed="1"), "seed", "integer"),
    ("loss as a list", cfg(loss=["bce"]), "loss", "mse"),
    ("dtype as a list", cfg(dtype=["float64"]), "dtype", "float64"),
    ("activation as a list", cfg(layers=[{"units": 4, "activation": ["relu"]}, OK_LAYERS[1]]),
     "layers[0].activation", "relu"),
    ("activation as a dict", cfg(layers=[{"units": 4, "activation": {}}, OK_LAYERS[1]]), "layers[0].activation",
     "relu"),
    ("init as a list", cfg(init=["he"]), "init", "finite"),
    ("l2 huge int", cfg(l2=10**400), "l2", "finite"),
    ("alpha huge int", cfg(layers=[{"units": 4, "activation": "elu", "alpha": 10**400}, OK_LAYERS[1]]),
     "layers[0].alpha", "finite"),
    ("expression a number", cfg(layers=[{"units": 4, "activation": "custom", "expression": 3}, OK_LAYERS[1]]),
     "layers[0].expression", "expression"),
    ("input a string", cfg(input="2"), "input", "positive"),
    ("input a dict", cfg(input={"n": 2}), "input", "positive"),
    ("layers a dict", cfg(layers={"units": 4}), "layers", "list"),
    ("units huge int", cfg(layers=[{"units": 10**400, "activation": "relu"}, OK_LAYERS[1]]), "layers[0].units",
     "at most"),
]


@pytest.mark.parametrize("label, config, field, phrase", TYPE_GAPS, ids=[c[0] for c in TYPE_GAPS])
def test_type_gaps_are_config_errors_naming_the_field(label, config, field, phrase):
    with pytest.raises(ConfigError) as err:
        Network.from_config(config)
    assert err.value.field == field
    assert phrase in str(err.value)


def test_a_pasted_megabyte_is_not_echoed_whole():
    with pytest.raises(ConfigError) as err:
        Network.from_config(cfg(loss="x" * 1_000_000))
    assert len(str(err.value)) < 300


CONFIG_BASES = [
    cfg(),
    {"input": 3, "layers": [{"units": 5, "activation": "leaky_relu", "alpha": 0.2, "dropout": 0.2, "batch_norm": True},
                            {"units": 4, "activation": "custom", "expression": "x * tanh(x)"},
                            {"units": 3, "activation": "softmax"}],
     "loss": "cross_entropy", "init": 0.1, "l2": 0.01, "l1": 0.001, "seed": 4, "dtype": "float32"},
    {"input": [1, 8, 8], "layers": [{"type": "conv2d", "filters": 2, "kernel": 3, "stride": 1, "pad": 1,
                                     "activation": "relu", "batch_norm": True},
                                    {"type": "maxpool", "size": 2, "stride": 2}, {"type": "flatten"},
                                    {"units": 2, "activation": "linear"}], "loss": "mse"},
]


def test_fuzzed_configs_build_or_raise_config_error(capsys):
    from tests.core.test_session import hostile_variants

    tried = built = 0
    for config in hostile_variants(CONFIG_BASES, 2500, seed=3):
        tried += 1
        try:
            net = Network.from_config(config)
        except ConfigError:
            continue
        except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
            pytest.fail(f"{type(exc).__name__}: {exc} for {repr(config)[:300]}")
        built += 1
        assert Network.from_config(net.to_config()).to_config() == net.to_config()
    with capsys.disabled():
        print(f"\nconfig fuzz: {tried} hostile network configs, {tried - built} refused, {built} built")
    assert tried - built > tried // 2


# the same refusals met in an experiment name the field from the experiment's top, as "optimizer.lr" is
IN_AN_EXPERIMENT = [case for case in CASES + TYPE_GAPS
                    if isinstance(case[1], dict) and case[1].get("input") == 2 and case[2] not in ("input", "config")]


@pytest.mark.parametrize("label, config, field, phrase", IN_AN_EXPERIMENT, ids=[c[0] for c in IN_AN_EXPERIMENT])
def test_in_an_experiment_network_fields_are_named_from_its_top(label, config, field, phrase):
    network = {k: v for k, v in config.items() if k != "input"}  # an experiment's input follows from its data
    with pytest.raises(ConfigError) as err:
        Session({"dataset": {"name": "circle", "n": 40}, "network": network})
    assert err.value.field == f"network.{field}"
    assert str(err.value).startswith(f"network.{field}: ") and phrase in str(err.value)
