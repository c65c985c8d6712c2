"""Validation of network configs: every bad field becomes a ConfigError that names it.

Schema (JSON-able; ``Network.to_config()`` returns the normalised form)::

    {"input": 2 | [C, H, W] | [T, D],                           # [T, D]: sequences, before a recurrent layer
     "layers": [{"units": 4, "activation": "tanh",            # dense (type defaults to "dense")
                 "alpha": 0.1,                                  # leaky_relu / elu only
                 "expression": "x * tanh(x)",                   # activation "custom" only
                 "dropout": 0.0, "batch_norm": false,
                 "trainable": true},                            # false: frozen, the optimizer never moves it
                {"type": "conv2d", "filters": 8, "kernel": 3, "stride": 1, "pad": 1, "activation": "relu"},
                                                                # W shaped (filters, C, kernel, kernel)
                {"type": "maxpool" | "avgpool", "size": 2, "stride": 2},
                {"type": "flatten"},                            # (C, H, W) order, as torch.flatten
                {"type": "rnn" | "lstm" | "gru", "units": 8,    # on [T, D]: visualnet.core.recurrent
                 "return_sequences": false,                     # true: h of every step (T, units), else h_T
                 "forget_bias": 0.0}, ...],                     # lstm only: the f gate's starting bias
     "loss": "mse" | "bce" | "cross_entropy",
     "init": "xavier" | "he" | "zeros" | <std as a number>,
     "l2": 0.0, "l1": 0.0, "seed": 0, "dtype": "float64" | "float32"}

The last layer's activation is the output activation: softmax with cross_entropy (≥ 2 units),
sigmoid with bce (1 unit). A dense layer after a sequence acts on every time step, (T, F) → (T, units). Conv and pooling windows must fit a whole number of times: (N + 2P − F)/S + 1
must be a whole number (PyTorch would silently drop the last rows and columns).
"""

from __future__ import annotations

import math
import numbers

from visualnet.core import activations, losses
from visualnet.core.convolution import output_size
from visualnet.core.errors import ConfigError
from visualnet.core.recurrent import KINDS as RECURRENT
from visualnet.core.recurrent import N_GATES

MAX_ABS_VALUE = 1e150  # any weight or saved value: squares and Σw² over MAX_PARAMS weights stay finite
MAX_PARAMS = 5_000_000  # a typo such as 50000 units must not exhaust memory
MAX_LAYERS = 64
INITS = ("xavier", "he", "zeros")
DTYPES = ("float64", "float32")
TOP_KEYS = {"input", "layers", "loss", "init", "l2", "l1", "seed", "dtype"}
LAYER_KEYS = {
    "dense": {"type", "units", "activation", "alpha", "expression", "dropout", "batch_norm", "trainable"},
    "conv2d": {"type", "filters", "kernel", "stride", "pad", "activation", "alpha", "expression", "batch_norm",
               "trainable"},
    "maxpool": {"type", "size", "stride"},
    "avgpool": {"type", "size", "stride"},
    "flatten": {"type"},
    "rnn": {"type", "units", "return_sequences"},
    "lstm": {"type", "units", "return_sequences", "forget_bias"},
    "gru": {"type", "units", "return_sequences"},
}
MAX_STEPS = 10_000  # sequence length T: backpropagation through time loops over every step


def shown(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a message never carries a pasted megabyte (or a
    10**5000 that ``repr`` itself refuses)."""
    try:
        text = repr(value)
    except ValueError:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def finite_real(value) -> bool:
    """A real number (not a bool) that is finite as a float; huge ints overflow, so they are not."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def check_keys(d: dict, field: str):
    """Keys must be strings (a JSON object's are; a dict built in code may not be)."""
    for key in d:
        if not isinstance(key, str):
            raise ConfigError(field, f"keys must be strings, got {shown(key)}")


def _positive_int(value, field, maximum=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ConfigError(field, f"must be a positive integer, got {shown(value)}")
    if maximum is not None and value > maximum:
        raise ConfigError(field, f"must be at most {maximum}, got {value}")
    return int(value)


def _number(value, field, low=0.0, high=math.inf, high_open=False):
    if not finite_real(value):
        raise ConfigError(field, f"must be a finite number, got {shown(value)}")
    if value < low or value > high or (high_open and value == high):
        bound = f"< {high}" if high_open else f"≤ {high}"
        raise ConfigError(field, f"must be ≥ {low} and {bound}, got {value!r}")
    return float(value)


def _activation(layer, field):
    name = layer.get("activation", "linear")
    if not isinstance(name, str) or (name not in activations.names() and name != "custom"):
        raise ConfigError(f"{field}.activation", f"unknown activation {shown(name)}; "
                                                 f"choose one of: {', '.join(activations.names())}, custom")
    if layer.get("alpha") is not None:  # checked here too: huge ints must not overflow in activations
        _number(layer["alpha"], f"{field}.alpha")
    try:
        act = activations.get(name, alpha=layer.get("alpha"), expression=layer.get("expression"))
    except ConfigError as exc:
        raise ConfigError(f"{field}.{exc.field}", str(exc).split(": ", 1)[1]) from None
    return act


def normalize(cfg) -> dict:
    """Check ``cfg`` and return it with defaults filled in (a fresh dict; ``cfg`` is not touched)."""
    if not isinstance(cfg, dict):
        raise ConfigError("config", f"must be a dict, got {type(cfg).__name__}")
    check_keys(cfg, "config")
    unknown = set(cfg) - TOP_KEYS
    if unknown:
        raise ConfigError(min(unknown), f"unknown key; allowed keys: {', '.join(sorted(TOP_KEYS))}")
    for key in ("input", "layers", "loss"):
        if key not in cfg:
            raise ConfigError(key, "missing; a config needs 'input', 'layers' and 'loss'")
    if not isinstance(cfg["loss"], str) or cfg["loss"] not in losses.NAMES:
        raise ConfigError("loss", f"unknown loss {shown(cfg['loss'])}; choose one of: {', '.join(losses.NAMES)}")
    out = {"loss": cfg["loss"]}

    inp = cfg["input"]
    if isinstance(inp, (list, tuple)) and len(inp) == 2 and _first_type(cfg["layers"]) in RECURRENT:
        out["input"] = [_positive_int(inp[0], "input", MAX_STEPS), _positive_int(inp[1], "input", 100_000)]
    elif isinstance(inp, (list, tuple)):
        if len(inp) != 3:
            raise ConfigError("input", f"image input must be [channels, height, width] (or [steps, features] "
                                       f"before a recurrent layer), got {shown(inp)}")
        out["input"] = [_positive_int(v, "input", 4096) for v in inp]
    else:
        out["input"] = _positive_int(inp, "input", 100_000)

    init = cfg.get("init", "xavier")
    if isinstance(init, str):
        if init not in INITS:
            raise ConfigError("init", f"unknown init {shown(init)}; choose one of: {', '.join(INITS)} or a std number")
    else:
        init = _number(init, "init", 0.0, 100.0)
    out["init"] = init
    out["l2"] = _number(cfg.get("l2", 0.0), "l2", 0.0, 1e3)
    out["l1"] = _number(cfg.get("l1", 0.0), "l1", 0.0, 1e3)
    seed = cfg.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ConfigError("seed", f"must be an integer ≥ 0, got {shown(seed)}")
    out["seed"] = int(seed)
    dtype = cfg.get("dtype", "float64")
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise ConfigError("dtype", f"must be one of {', '.join(DTYPES)}, got {shown(dtype)}")
    out["dtype"] = dtype

    layers = cfg["layers"]
    if not isinstance(layers, (list, tuple)) or not layers:
        raise ConfigError("layers", "must be a non-empty list of layer dicts")
    if len(layers) > MAX_LAYERS:
        raise ConfigError("layers", f"at most {MAX_LAYERS} layers, got {len(layers)}")
    out["layers"] = _normalize_layers(layers, out["input"])
    _check_output(out)
    return out


def _first_type(layers):
    first = layers[0] if isinstance(layers, (list, tuple)) and layers else None
    return first.get("type", "dense") if isinstance(first, dict) else None


def _normalize_layers(layers, input_shape):
    shape = tuple(input_shape) if isinstance(input_shape, list) else (input_shape,)
    n_params = 0
    result = []
    for i, layer in enumerate(layers):
        field = f"layers[{i}]"
        if not isinstance(layer, dict):
            raise ConfigError(field, f"must be a dict such as {{'units': 4, 'activation': 'relu'}}, "
                                     f"got {shown(layer)}")
        check_keys(layer, field)
        kind = layer.get("type", "dense")
        if not isinstance(kind, str) or kind not in LAYER_KEYS:
            raise ConfigError(f"{field}.type",
                              f"unknown layer type {shown(kind)}; choose one of: {', '.join(LAYER_KEYS)}")
        unknown = set(layer) - LAYER_KEYS[kind]
        if unknown:
            raise ConfigError(f"{field}.{min(unknown)}",
                              f"unknown key for a {kind} layer; allowed: {', '.join(sorted(LAYER_KEYS[kind]))}")
        norm = {"type": kind}
        if kind == "dense":
            if "units" not in layer:
                raise ConfigError(f"{field}.units", "missing; a dense layer needs 'units'")
            units = _positive_int(layer["units"], f"{field}.units", 100_000)
            if len(shape) == 3:
                raise ConfigError(field, "a dense layer needs flat input; put a {'type': 'flatten'} layer before it")
            n_params += shape[-1] * units + units  # after a sequence (T, F): the same weights on every step
            act = _activation(layer, field)
            norm.update(units=units, **act.config())
            norm["dropout"] = _number(layer.get("dropout", 0.0), f"{field}.dropout", 0.0, 1.0, high_open=True)
            norm["batch_norm"] = _flag(layer.get("batch_norm", False), f"{field}.batch_norm")
            if norm["batch_norm"]:
                n_params += 2 * units
                if len(shape) == 2:
                    raise ConfigError(f"{field}.batch_norm", "batch norm is not available on a layer that acts on "
                                                             "every time step of a sequence")
            shape = (*shape[:-1], units)
        elif kind in RECURRENT:
            if len(shape) != 2:
                raise ConfigError(field, f"a {kind} layer needs a sequence [steps, features]: make the network's "
                                         "input [T, D], or give the recurrent layer before it return_sequences: true")
            units = _positive_int(layer.get("units"), f"{field}.units", 4096)
            norm.update(units=units, return_sequences=_flag(layer.get("return_sequences", False),
                                                            f"{field}.return_sequences"))
            if kind == "lstm":  # the forget gate's bias at the start: σ(1) ≈ 0.73 keeps the cell's memory
                norm["forget_bias"] = _number(layer.get("forget_bias", 0.0), f"{field}.forget_bias", -10.0, 10.0)
            n_params += N_GATES[kind] * units * (shape[1] + units + 2)
            shape = (shape[0], units) if norm["return_sequences"] else (units,)
        elif kind == "conv2d":
            if len(shape) != 3:
                raise ConfigError(field, "conv2d needs image input [channels, height, width]")
            filters = _positive_int(layer.get("filters"), f"{field}.filters", 1024)
            kernel = _positive_int(layer.get("kernel", 3), f"{field}.kernel", 15)
            stride = _positive_int(layer.get("stride", 1), f"{field}.stride", 8)
            pad = layer.get("pad", 0)
            if isinstance(pad, bool) or not isinstance(pad, numbers.Integral) or not 0 <= pad <= kernel:
                raise ConfigError(f"{field}.pad", f"must be an integer from 0 to the kernel size, got {shown(pad)}")
            c, h, w = shape
            oh, ow = (h + 2 * pad - kernel) // stride + 1, (w + 2 * pad - kernel) // stride + 1
            if oh < 1 or ow < 1:
                raise ConfigError(f"{field}.kernel", f"kernel {kernel} is larger than the padded {h}×{w} input")
            _check_whole(field, h, w, kernel, pad, stride)
            n_params += filters * c * kernel * kernel + filters
            act = _activation(layer, field)
            norm.update(filters=filters, kernel=kernel, stride=stride, pad=int(pad), **act.config())
            norm["batch_norm"] = _flag(layer.get("batch_norm", False), f"{field}.batch_norm")
            shape = (filters, oh, ow)
        elif kind in ("maxpool", "avgpool"):
            if len(shape) != 3:
                raise ConfigError(field, f"{kind} needs image input [channels, height, width]")
            size = _positive_int(layer.get("size", 2), f"{field}.size", 8)
            stride = _positive_int(layer.get("stride", size), f"{field}.stride", 8)
            c, h, w = shape
            if size > h or size > w:
                raise ConfigError(f"{field}.size", f"window {size} is larger than the {h}×{w} input")
            _check_whole(field, h, w, size, 0, stride)
            norm.update(size=size, stride=stride)
            shape = (c, (h - size) // stride + 1, (w - size) // stride + 1)
        else:
            shape = (math.prod(shape),)
        if kind in ("dense", "conv2d") and not _flag(layer.get("trainable", True), f"{field}.trainable"):
            norm["trainable"] = False  # only when frozen, so the configs of every other network stay as they were
        if n_params > MAX_PARAMS:
            raise ConfigError(f"{field}", f"the network would have over {MAX_PARAMS:,} parameters; use fewer units")
        result.append(norm)
    if result[-1]["type"] != "dense":
        raise ConfigError(f"layers[{len(result) - 1}]", "the last layer must be a dense output layer")
    for i, layer in enumerate(result[:-1]):
        if layer.get("activation") == "softmax":
            raise ConfigError(f"layers[{i}].activation", "softmax is only allowed on the last (output) layer")
    return result


def _check_whole(field, h, w, kernel, pad, stride):
    """A window that would not fit a whole number of times is refused with the formula and its numbers."""
    for axis, n in (("height", h), ("width", w)):
        size = output_size(n, kernel, pad, stride)
        if not size.whole:
            where = "" if h == w else f"{axis}: "
            raise ConfigError(f"{field}.stride", where + size.reason)
        if h == w:
            break


def _flag(value, field):
    if not isinstance(value, bool):
        raise ConfigError(field, f"must be true or false, got {shown(value)}")
    return value


def _check_output(cfg):
    out = cfg["layers"][-1]
    last = f"layers[{len(cfg['layers']) - 1}]"
    if cfg["loss"] == "cross_entropy":
        if out["activation"] != "softmax":
            raise ConfigError(f"{last}.activation", "cross_entropy needs a softmax output layer")
        if out["units"] < 2:
            raise ConfigError(f"{last}.units", "cross_entropy needs at least 2 output units (one per class)")
    elif cfg["loss"] == "bce":
        if out["activation"] != "sigmoid" or out["units"] != 1:
            raise ConfigError(f"{last}.activation", "bce needs a single sigmoid output unit")
    elif out["activation"] == "softmax":
        raise ConfigError("loss", "a softmax output goes with cross_entropy, not mse")
    if out.get("dropout"):
        raise ConfigError(f"{last}.dropout", "the output layer cannot have dropout")
    if out.get("batch_norm"):
        raise ConfigError(f"{last}.batch_norm", "the output layer cannot have batch norm")
