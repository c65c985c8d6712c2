"""A trained network as a self-checking PyTorch script: ``visualnet export pytorch -o model.py``.

The script needs only ``torch`` and ``numpy`` (visualnet itself never imports torch). It holds:

- ``build_model()``: a ``torch.nn.Module`` with the trained weights (embedded as base64 arrays in the network's
  dtype), whose ``forward`` equals ``Network.predict`` — output activation included, batch norm and dropout in
  eval mode — and whose ``logits`` is the output layer's z (what bce and cross_entropy take);
- the training setup as code a student can continue from: ``loss_fn`` (the loss on the logits plus the L2/L1
  penalty), ``make_optimizer`` (``torch.optim`` with the same hyperparameters), ``make_scheduler`` (the lr
  schedule), ``BATCH_SIZE`` and a ``train`` loop — and the training points when they are small;
- a self-check: ``python model.py`` compares the module's outputs on a stored batch, and the loss and every
  parameter's gradient of one backward pass on it (batch norm with the batch's statistics, dropout off),
  with the values visualnet computed, prints the largest difference and exits with status 1 above 1e-6
  (float64) or 1e-4 (float32). The comparison is absolute, scaled down for values above 1: |a − b| / max(1, |b|).

Layers map one to one: dense → ``nn.Linear`` (weight = Wᵀ), conv2d → ``nn.Conv2d``, maxpool / avgpool →
``nn.MaxPool2d`` / ``nn.AvgPool2d``, flatten → ``nn.Flatten``, batch norm → ``nn.BatchNorm1d/2d`` (eps 1e-5;
visualnet's running = 0.9·running + 0.1·batch is torch's momentum 0.1 — torch updates the running variance
with the unbiased batch variance, visualnet with the biased one, which only matters when training goes on),
dropout → ``nn.Dropout``, rnn / lstm / gru → ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` (batch_first; weight_ih = Wxᵀ,
weight_hh = Whᵀ, bias_ih = bx, bias_hh = bh), frozen layers → ``requires_grad_(False)``. Built-in activations
map to their ``nn`` modules; a typed custom activation is translated from its expression tree into torch
operations — a function the export does not know raises :class:`ConfigError` naming the layer.
"""

from __future__ import annotations

import base64
import math
import textwrap

import numpy as np

from visualnet.core import expressions, optimizers, schedules
from visualnet.core.errors import ConfigError
from visualnet.core.network import Network

TOLERANCE = {"float64": 1e-6, "float32": 1e-4}
CHECK_ROWS = 16  # rows of the stored batch
MAX_EMBEDDED_TRAINING_VALUES = 200_000  # inputs and targets embedded for ``--train`` (2-D sets: always; MNIST: no)
LINE = 100  # characters per line of embedded base64

ACTIVATIONS = {  # visualnet name → the nn module's constructor text ({alpha} filled in)
    "linear": "nn.Identity()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU({alpha!r})", "elu": "nn.ELU({alpha!r})", "softplus": "nn.Softplus()",
    "gelu": 'nn.GELU(approximate="tanh")', "silu": "nn.SiLU()", "softmax": "nn.Softmax(dim=-1)",
    "step": "Step()",
}
RECURRENT_MODULES = {"rnn": "nn.RNN", "lstm": "nn.LSTM", "gru": "nn.GRU"}
TORCH_OPTIMIZERS = {"sgd": "SGD", "momentum": "SGD", "nesterov": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop",
                    "adam": "Adam", "adamw": "AdamW", "adadelta": "Adadelta"}
LOSS_TEXT = {
    "bce": ("binary cross-entropy on the logits (torch's BCEWithLogits, mean)",
            "F.binary_cross_entropy_with_logits(z, t)"),
    "cross_entropy": ("cross-entropy on the logits (torch's, mean over samples and steps)",
                      "F.cross_entropy(z.reshape(-1, z.shape[-1]), t.reshape(-1))"),
    "mse": ("mean squared error of the outputs (torch's, mean)", "F.mse_loss(model.output(z), t)"),
}

# expression functions → torch (``where`` and ``clip`` are written out by the translator)
TORCH_FUNCTIONS = {
    "exp": "torch.exp", "log": "torch.log", "log1p": "torch.log1p", "expm1": "torch.expm1", "tanh": "torch.tanh",
    "sinh": "torch.sinh", "cosh": "torch.cosh", "sin": "torch.sin", "cos": "torch.cos", "tan": "torch.tan",
    "arctan": "torch.atan", "sqrt": "torch.sqrt", "abs": "torch.abs", "sign": "torch.sign",
    "maximum": "torch.maximum", "minimum": "torch.minimum", "sigmoid": "torch.sigmoid", "softplus": "softplus",
    "erf": "torch.erf",
}


# -- custom activations -------------------------------------------------------------------------------------

def translate_expression(text: str, where: str) -> str:
    """A custom activation's formula in x as a torch expression; ConfigError naming ``where`` when it cannot be.

    Brackets follow the parsed tree exactly (as the expression parser renders derivatives), so torch performs
    the very operations visualnet does, in the same order.
    """
    tree = expressions.Expression.parse(text, ("x",), "expression")._tree
    return _torch_text(tree, where)[0]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}  # Python's; 5 is an atom, 0 a comparison


def _torch_text(node, where: str, as_tensor: bool = False) -> tuple[str, int]:
    """(torch code, precedence) of a node; ``as_tensor`` wraps a constant so torch functions accept it."""
    op = node.op
    if op == "const":
        value = repr(float(node.value))
        if as_tensor:
            return f"x.new_tensor({value})", 5
        return value, 3 if value.startswith("-") else 5
    if op == "var":
        return "x", 5
    if op == "neg":
        text, inner = _torch_text(node.args[0], where)
        return "-" + (text if inner >= 3 else f"({text})"), 3
    if op in _PRECEDENCE:
        mine = _PRECEDENCE[op]
        (left, lp), (right, rp) = (_torch_text(a, where) for a in node.args)
        left_ok = lp > mine if op == "**" else lp >= mine  # ** groups to the right, the others to the left
        right_ok = rp >= mine if op == "**" else rp > mine
        return f"{left if left_ok else f'({left})'} {op} {right if right_ok else f'({right})'}", mine
    if op == "cmp":
        texts = [_torch_text(a, where)[0] for a in node.args]
        parts = [f"({a} {o} {b})" for o, a, b in zip(node.value, texts, texts[1:])]
        return " & ".join(parts), 0
    if op == "where":
        condition, a, b = node.args
        return (f"torch.where({_torch_text(condition, where)[0]}, {_torch_text(a, where, True)[0]}, "
                f"{_torch_text(b, where, True)[0]})"), 5
    if op == "clip":
        a, low, high = (_torch_text(arg, where, True)[0] for arg in node.args)
        return f"torch.minimum(torch.maximum({a}, {low}), {high})", 5
    if op in TORCH_FUNCTIONS:
        args = ", ".join(_torch_text(arg, where, True)[0] for arg in node.args)
        return f"{TORCH_FUNCTIONS[op]}({args})", 5
    raise ConfigError(where, f"the custom activation uses {op!r}, which the PyTorch export cannot translate; "
                             "use another activation for this layer to export it")


# -- the model's code -----------------------------------------------------------------------------------------

class _Layers:
    """The module's code, built block by block: constructor lines, logits lines, and torch names of parameters."""

    def __init__(self, net: Network):
        self.net = net
        self.init: list[str] = []
        self.body: list[str] = []
        self.names: dict[str, tuple[str, bool]] = {}  # visualnet name → (torch name, transposed)
        self.penalized: list[str] = []
        self.frozen: list[str] = []
        self.custom: list[str] = []  # class definitions of custom activations
        self.helpers: set[str] = set()
        self.output = "nn.Identity()"
        for block in net.blocks:
            self._block(block)

    def _block(self, block):
        k, cfg = block.index + 1, block.cfg
        kind = cfg["type"]
        last = block is self.net.output
        names = block.param_names
        if kind == "dense":
            n_in = self.net.params[names[0]].shape[0]
            self._module(f"dense{k}", f"nn.Linear({n_in}, {cfg['units']})")
            self._params(names[:2], f"dense{k}", ("weight", "bias"), (True, False))
        elif kind == "conv2d":
            channels = self.net.params[names[0]].shape[1]
            self._module(f"conv{k}", f"nn.Conv2d({channels}, {cfg['filters']}, kernel_size={cfg['kernel']}, "
                                     f"stride={cfg['stride']}, padding={cfg['pad']})")
            self._params(names[:2], f"conv{k}", ("weight", "bias"), (False, False))
        elif kind in ("maxpool", "avgpool"):
            module = "nn.MaxPool2d" if kind == "maxpool" else "nn.AvgPool2d"
            self._module(f"pool{k}", f"{module}({cfg['size']}, stride={cfg['stride']})")
        elif kind == "flatten":
            self._module(f"flatten{k}", "nn.Flatten()")
        elif kind in RECURRENT_MODULES:
            n_in = self.net.params[names[0]].shape[0]
            self.init.append(f"self.{kind}{k} = {RECURRENT_MODULES[kind]}({n_in}, {cfg['units']}, batch_first=True)")
            self.body.append(f"x, _state = self.{kind}{k}(x)")
            if not cfg.get("return_sequences"):
                self.body.append("x = x[:, -1]  # h of the last step")
            # visualnet's (Wx, bx, Wh, bh) are torch's (weight_ihᵀ, bias_ih, weight_hhᵀ, bias_hh)
            self._params(names, f"{kind}{k}", ("weight_ih_l0", "bias_ih_l0", "weight_hh_l0", "bias_hh_l0"),
                         (True, False, True, False))
        else:
            raise ConfigError(f"layers[{block.index}].type", f"the PyTorch export does not know {kind!r} layers")
        if block.bn is not None:
            module = "nn.BatchNorm2d" if kind == "conv2d" else "nn.BatchNorm1d"
            units = cfg.get("units", cfg.get("filters"))
            # visualnet: running = 0.9·running + 0.1·batch, which is torch's momentum=0.1
            self._module(f"norm{k}", f"{module}({units}, eps={block.bn.eps!r}, momentum={1 - block.bn.momentum:.10g})")
            self._params(names[2:4], f"norm{k}", ("weight", "bias"), (False, False))
        if block.act is not None:
            act = self._activation(block)
            if last:
                self.output = act
            else:
                self._module(f"act{k}", act)
        if block.dropout is not None:
            self._module(f"drop{k}", f"nn.Dropout({block.dropout.p!r})")
        if not block.trainable:  # its batch norm too, as Network.frozen_names has it
            self.frozen.append(f"self.{_core_name(kind, k)}")
            if block.bn is not None:
                self.frozen.append(f"self.norm{k}")

    def _module(self, name, constructor):
        self.init.append(f"self.{name} = {constructor}")
        self.body.append(f"x = self.{name}(x)")

    def _params(self, names, prefix, torch_names, transposed):
        for name, torch_name, flip in zip(names, torch_names, transposed):
            self.names[name] = (f"{prefix}.{torch_name}", flip)
            if name in self.net.penalized_names():
                self.penalized.append(f"{prefix}.{torch_name}")

    def _activation(self, block) -> str:
        activation = block.act.activation
        name = activation.name
        if name == "custom":
            k = block.index + 1
            text = activation.params["expression"]
            code = translate_expression(text, f"layers[{block.index}].expression")
            if "softplus(" in code.replace("torch.", ""):
                self.helpers.add("softplus")
            self.custom.append(textwrap.dedent(f'''
                class Custom{k}(nn.Module):
                    """Layer {k}'s typed activation: f(x) = {text}"""

                    def forward(self, x):
                        return {code}
                ''').strip("\n"))
            return f"Custom{k}()"
        if name == "step":
            self.helpers.add("step")
        if name not in ACTIVATIONS:
            raise ConfigError(f"layers[{block.index}].activation",
                              f"the PyTorch export does not know the activation {name!r}")
        return ACTIVATIONS[name].format(alpha=activation.params.get("alpha"))


def _core_name(kind, k):
    return {"dense": "dense", "conv2d": "conv"}.get(kind, kind) + str(k)


# -- embedded arrays ---------------------------------------------------------------------------------------------

def _encoded(array: np.ndarray) -> str:
    """``(shape, dtype, base64 text)`` as Python source, the text wrapped in lines of ``LINE`` characters."""
    array = np.ascontiguousarray(array)
    dtype = array.dtype.newbyteorder("<")
    text = base64.b64encode(array.astype(dtype).tobytes()).decode("ascii")
    shape = tuple(int(n) for n in array.shape)
    if len(text) <= LINE:
        return f"({shape!r}, {dtype.str!r}, {text!r})"
    lines = "\n".join(f"    {text[i:i + LINE]!r}" for i in range(0, len(text), LINE))
    return f"({shape!r}, {dtype.str!r}, (\n{lines}\n))"


def _table(name: str, arrays: dict, comment: str) -> str:
    items = "\n".join(f"{key!r}: {_encoded(value)}," for key, value in arrays.items())
    return f"{name} = {{  # {comment}\n{textwrap.indent(items, '    ')}\n}}" if arrays else f"{name} = {{}}"


# -- the training setup ----------------------------------------------------------------------------------------

def _optimizer_code(optimizer) -> str:
    name, h = optimizer.name, dict(optimizer.hyperparams)
    args = ", ".join(f"{key}={tuple(v) if isinstance(v, list) else v!r}" for key, v in h.items())
    return f"torch.optim.{TORCH_OPTIMIZERS[name]}(params, {args})"


def _scheduler_code(schedule) -> str:
    if schedule is None or schedule.name == "constant":
        return "None  # a constant learning rate"
    h = schedule.hyperparams
    if schedule.name == "reduce_on_plateau":
        args = ", ".join(f"{key}={value!r}" for key, value in h.items())
        return f'torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", {args})'
    args = ", ".join(f"{key}={value!r}" for key, value in h.items())
    return f"torch.optim.lr_scheduler.{schedules.TORCH_NAMES[schedule.name]}(optimizer, {args})"


# -- the check ----------------------------------------------------------------------------------------------------

def reference(net: Network, x, t) -> dict:
    """What visualnet computes on (x, t): outputs in eval mode; the loss and gradients of one backward pass in
    training mode with dropout off (batch norm uses the batch's statistics) — on a copy, so ``net`` is untouched."""
    twin = net.clone()
    for block in twin.blocks:
        if block.dropout is not None:
            block.dropout.p = 0.0
        if block.bn is not None:
            block.bn.update_running = False
    with np.errstate(all="ignore"):
        outputs = twin.predict(x)
        grads = twin.gradient(x, t)
    return {"outputs": np.asarray(outputs, dtype=np.float64), "loss": float(twin.last_loss), "grads": grads}


def _check_targets(net: Network, t) -> np.ndarray:
    from visualnet.core import losses

    y = net.predict(np.zeros((len(t), *net.input_shape), net.dtype))
    prepared = losses.prepare_targets(net.loss_name, t, y)
    if net.loss_name == "cross_entropy":  # labels (N,), or (N, T) for a sequence: rows stay samples
        return prepared.astype(np.int64).reshape(len(y), *y.shape[1:-1])
    return prepared.astype(net.dtype)


# -- the script -----------------------------------------------------------------------------------------------------

def script(net: Network, check_x, check_t, *, optimizer=None, schedule=None, batch_size: int = 32,
           sampling: str = "shuffle", step: int = 0, train_x=None, train_t=None, source: str = "") -> str:
    """The whole script as text. ``check_x``, ``check_t``: the stored batch (≥ 2 rows for batch norm);
    ``train_x``, ``train_t``: embedded for ``--train`` when small; ``step``: how far visualnet trained."""
    layers = _Layers(net)
    dtype = str(net.dtype)
    x = net._prepare_x(check_x)
    t = _check_targets(net, check_t)
    ref = reference(net, x, t)
    optimizer = optimizer or optimizers.make("sgd")
    if schedule is not None and schedule.name == "constant":
        schedule = None
    weights = {}
    for name, value in net.params.items():
        torch_name, flip = layers.names[name]
        weights[torch_name] = value.T if flip else value
    for block in net.blocks:
        if block.bn is not None:
            weights[f"norm{block.index + 1}.running_mean"] = block.bn.running_mean
            weights[f"norm{block.index + 1}.running_var"] = block.bn.running_var
    grads = {}
    for name, value in ref["grads"].items():
        torch_name, flip = layers.names[name]
        grads[torch_name] = np.asarray(value, dtype=np.float64).T if flip else np.asarray(value, dtype=np.float64)
    check = {"x": x, "t": t, "outputs": ref["outputs"]}
    train = {}
    if train_x is not None and train_t is not None:
        tx = net._prepare_x(train_x)
        if tx.size + np.size(train_t) <= MAX_EMBEDDED_TRAINING_VALUES:
            train = {"x": tx, "t": _check_targets(net, train_t)}
    loss_doc, loss_code = LOSS_TEXT[net.loss_name]
    input_shape = tuple(net.input_shape)
    reshape = "" if len(input_shape) == 1 else f"\n        x = x.reshape(len(x), {', '.join(map(str, input_shape))})"
    plateau = schedule is not None and schedule.stateful
    parts = [_HEADER.format(source=source or "a visualnet network", step=step, dtype=dtype,
                            describe=_describe(net))]
    parts.append(_HELPERS_STEP if "step" in layers.helpers else "")
    parts.append(_HELPERS_SOFTPLUS if "softplus" in layers.helpers else "")
    parts.extend(layers.custom)
    init = textwrap.indent("\n".join(layers.init), " " * 8)
    freeze = "".join(f"\n        {module}.requires_grad_(False)  # frozen in visualnet (trainable: false)"
                     for module in layers.frozen)
    body = textwrap.indent("\n".join([*layers.body, "return x"]), " " * 8)
    parts.append(_MODEL.format(init=init, output=layers.output, freeze=freeze, reshape=reshape, body=body,
                               input_shape=input_shape))
    parts.append(_table("WEIGHTS", weights, "torch state_dict names; trained by visualnet"))
    parts.append(_SETUP.format(
        dtype=dtype, loss_doc=loss_doc, loss_code=loss_code, l2=net.l2, l1=net.l1, penalized=layers.penalized,
        batch_size=int(batch_size), sampling=sampling, optimizer=_optimizer_code(optimizer),
        optimizer_name=optimizer.name, scheduler=_scheduler_code(schedule), step=step,
        schedule_name=schedule.name if schedule is not None else "constant",
        plateau_state=repr(schedule.state_dict()) if plateau else "None",
        target_dtype="torch.long" if net.loss_name == "cross_entropy" else "DTYPE",
        tolerance=TOLERANCE[dtype]))
    parts.append(_table("CHECK", check, "a batch of visualnet's data, with visualnet's outputs (eval mode)"))
    parts.append(f"CHECK_LOSS = {ref['loss']!r}")
    parts.append(_table("CHECK_GRADS", grads, "∂loss/∂parameter on CHECK, from visualnet's backprop"))
    parts.append(_table("TRAIN", train, "the training points, for --train")
                 if train else "TRAIN = {}  # the training set is too large to embed")
    parts.append(_MAIN)
    return "\n\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def _describe(net: Network) -> str:
    parts = [" × ".join(map(str, net.input_shape))]
    for info in net.describe():
        text = info.kind if info.units is None else f"{info.kind} {info.units}"
        if info.activation:
            text += f" ({info.activation})"
        parts.append(text)
    return " → ".join(parts)


def check_rows(data_x, data_t, batch_size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A batch for the check: up to ``CHECK_ROWS`` training rows (a seeded choice; two at least, for batch norm)."""
    n = len(data_x)
    rows = np.random.default_rng(seed).permutation(n)[:max(2, min(CHECK_ROWS, batch_size, n))]
    if len(rows) < 2:
        rows = np.concatenate([rows, rows])
    return np.asarray(data_x)[rows], np.asarray(data_t)[rows]


def script_for_session(session, source: str = "") -> str:
    """The script of a live session: its network, optimizer, schedule, batch size and training points."""
    trainer = session.trainer
    x, t = check_rows(trainer.x_train, trainer.t_train, trainer.batch_size, session.experiment["seed"])
    from visualnet.core.session import make_schedule

    schedule = trainer.schedule or make_schedule(session.experiment)
    name, given = session.experiment["optimizer"]["name"], session.experiment["optimizer"]
    base = optimizers.make(name, **{k: v for k, v in given.items() if k != "name"})
    return script(session.net, x, t, optimizer=base, schedule=schedule, batch_size=trainer.batch_size,
                  sampling=trainer.sampling, step=trainer.step_count, train_x=trainer.x_train,
                  train_t=trainer.t_train, source=source)


def tolerance(dtype: str) -> float:
    return TOLERANCE[str(dtype)]


def worst_difference(a, b) -> float:
    """The script's measure: max |a − b| / max(1, |b|), NaN where both hold the same NaN counted as 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        d = np.abs(a - b) / np.maximum(1.0, np.abs(b))
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    d = np.where(same, 0.0, d)
    return float(np.nanmax(np.where(np.isnan(d), math.inf, d), initial=0.0))


# -- the script's fixed parts -----------------------------------------------------------------------------------

_HEADER = '''
"""{source}, exported by visualnet after {step} training steps: {describe}.

Needs only torch and numpy.  python model.py               checks the module against visualnet's numbers
                             python model.py --train 1000   continues training in PyTorch (small data sets)
                             python model.py --inputs x.npy --outputs y.npy   runs the model on your inputs
In your code: model = build_model(); y = model(x)  (x of dtype {dtype}; y as visualnet's Network.predict).
"""

import argparse
import base64
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.{dtype}


def array(shape, dtype, text):
    """An embedded array: little-endian values, base64."""
    return np.frombuffer(base64.b64decode("".join(text)), dtype=dtype).reshape(shape).copy()
'''

_HELPERS_STEP = '''
class Step(nn.Module):
    """f(x) = 1 if x > 0 else 0 (its gradient is 0)."""

    def forward(self, x):
        return (x > 0).to(x.dtype)
'''

_HELPERS_SOFTPLUS = '''
def softplus(x):
    """log(1 + eˣ) written as visualnet computes it: max(x, 0) + log1p(e^−|x|)."""
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))
'''

_MODEL = '''
class Model(nn.Module):
    """The network as visualnet built it; inputs shaped {input_shape!r} per sample."""

    def __init__(self):
        super().__init__()
{init}
        self.output = {output}  # the output activation: forward applies it, the losses take the logits{freeze}

    def logits(self, x):
        """The output layer's z, before its activation."""{reshape}
{body}

    def forward(self, x):
        return self.output(self.logits(x))


def build_model():
    """The trained network in eval mode (batch norm uses its running statistics, dropout is off)."""
    model = Model().to(DTYPE)
    state = model.state_dict()
    state.update({{name: torch.from_numpy(array(*value)) for name, value in WEIGHTS.items()}})
    model.load_state_dict(state)
    return model.eval()
'''

_SETUP = '''
# -- how visualnet trained it: continue from here --------------------------------------------------------------

BATCH_SIZE = {batch_size}
SAMPLING = {sampling!r}  # "shuffle": epochs without replacement; "replace": each batch drawn with replacement
STEPS_DONE = {step}
L2, L1 = {l2!r}, {l1!r}  # the penalty ½·L2·ΣW² + L1·Σ|W| over the weight matrices below
PENALIZED = {penalized!r}
TOLERANCE = {tolerance!r}  # the self-check's limit for {dtype}


def loss_fn(model, x, t):
    """The {loss_doc}, plus the L2/L1 penalty."""
    z = model.logits(x)
    loss = {loss_code}
    params = dict(model.named_parameters())
    if L2:
        loss = loss + 0.5 * L2 * sum((params[name] ** 2).sum() for name in PENALIZED)
    if L1:
        loss = loss + L1 * sum(params[name].abs().sum() for name in PENALIZED)
    return loss


def make_optimizer(model):
    """visualnet's {optimizer_name} with its hyperparameters (fresh state: visualnet's moments are not carried over)."""
    params = [p for p in model.parameters() if p.requires_grad]
    return {optimizer}


def make_scheduler(optimizer, resume=True):
    """The lr schedule ({schedule_name}), stepped once per training step as visualnet does (ReduceLROnPlateau
    once per epoch with the epoch's mean loss); ``resume`` moves it to where visualnet stopped."""
    scheduler = {scheduler}
    if scheduler is None or not resume:
        return scheduler
    plateau = {plateau_state}
    if plateau is not None:
        scheduler.best, scheduler.num_bad_epochs = plateau["best"], plateau["num_bad_epochs"]
        scheduler.cooldown_counter = plateau["cooldown_counter"]
        for group in optimizer.param_groups:
            group["lr"] = plateau["lr"]
        return scheduler
    with warnings.catch_warnings():  # stepping before any optimizer.step(): fine here
        warnings.simplefilter("ignore")
        for _ in range(STEPS_DONE):
            scheduler.step()
    return scheduler


def batches(n, rng):
    """Row indices of each mini-batch, forever, as visualnet draws them (with numpy's random numbers)."""
    size = min(BATCH_SIZE, n)
    while True:
        if SAMPLING == "replace":
            yield rng.integers(0, n, size)
            continue
        order = rng.permutation(n)
        for start in range(0, n - size + 1, size):
            yield order[start:start + size]


def train(model, x, t, steps, seed=0):
    """Continue training ``model`` on (x, t) for ``steps`` steps; returns the last batch loss."""
    model.train()
    optimizer = make_optimizer(model)
    scheduler = make_scheduler(optimizer)
    per_epoch = -(-len(x) // min(BATCH_SIZE, len(x)))
    epoch_losses = []
    loss = None
    for _, rows in zip(range(steps), batches(len(x), np.random.default_rng(seed))):
        index = torch.from_numpy(rows)
        optimizer.zero_grad()
        loss = loss_fn(model, x[index], t[index])
        loss.backward()
        optimizer.step()
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            epoch_losses.append(loss.item())
            if len(epoch_losses) == per_epoch:
                scheduler.step(sum(epoch_losses) / len(epoch_losses))
                epoch_losses = []
        elif scheduler is not None:
            scheduler.step()
    model.eval()
    return None if loss is None else loss.item()


def targets(values):
    return torch.from_numpy(values).to({target_dtype})
'''

_MAIN = '''
# -- the self-check ----------------------------------------------------------------------------------------------

def difference(a, b):
    """max |a − b| / max(1, |b|)."""
    a, b = a.detach().to(torch.float64), torch.as_tensor(b, dtype=torch.float64)
    if a.numel() == 0:
        return 0.0
    same = (a == b) | (torch.isnan(a) & torch.isnan(b))
    d = torch.where(same, torch.zeros_like(a), (a - b).abs() / torch.clamp(b.abs(), min=1.0))
    return float(torch.nan_to_num(d, nan=float("inf")).max())


def check():
    """The largest differences from visualnet's outputs, loss and gradients on the stored batch."""
    x, t = torch.from_numpy(array(*CHECK["x"])), targets(array(*CHECK["t"]))
    with torch.no_grad():
        outputs = difference(build_model()(x), array(*CHECK["outputs"]))
    model = build_model().train()
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.eval()  # visualnet's reference was taken without dropout
    loss = loss_fn(model, x, t)
    loss.backward()
    params = dict(model.named_parameters())
    gradients = 0.0
    for name, value in CHECK_GRADS.items():
        grad = params[name].grad
        grad = torch.zeros_like(params[name]) if grad is None else grad
        gradients = max(gradients, difference(grad, array(*value)))
    return {"outputs": outputs, "loss": difference(loss, CHECK_LOSS), "gradients": gradients}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, metavar="STEPS", help="continue training on the embedded points")
    parser.add_argument("--inputs", help="a .npy file of inputs to run through the model")
    parser.add_argument("--outputs", help="where to save the model's outputs for --inputs (.npy)")
    args = parser.parse_args(argv)
    worst = check()
    largest = max(worst.values())
    print(f"largest difference from visualnet: {largest:.3g} (outputs {worst['outputs']:.3g}, loss "
          f"{worst['loss']:.3g}, gradients {worst['gradients']:.3g}; tolerance {TOLERANCE:g})")
    if not largest <= TOLERANCE:
        print("check FAILED: this module does not compute what visualnet computed", file=sys.stderr)
        return 1
    if args.inputs:
        inputs = torch.from_numpy(np.load(args.inputs)).to(DTYPE)
        with torch.no_grad():
            outputs = build_model()(inputs).numpy()
        if args.outputs:
            np.save(args.outputs, outputs)
        else:
            print(outputs)
    if args.train:
        if not TRAIN:
            print("the training points were too many to embed; call train(model, x, t, steps) with your data",
                  file=sys.stderr)
            return 2
        model = build_model()
        x, t = torch.from_numpy(array(*TRAIN["x"])), targets(array(*TRAIN["t"]))
        last = train(model, x, t, args.train)
        print(f"trained {args.train} more steps: last batch loss {last:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''
