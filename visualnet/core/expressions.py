"""Formulas typed by users — a custom activation in ``x``, a loss surface in ``x`` and ``y`` — made safe.

The text is parsed with :func:`ast.parse` (syntax only) and every node is checked against a small
whitelist, then translated into our own expression tree. That tree is run by a tiny NumPy
interpreter and differentiated symbolically; Python never executes a byte of the user's text.

    >>> f = Expression.parse("x * tanh(softplus(x))")      # mish
    >>> df = f.derivative("x")                             # exact, symbolic
    >>> f(np.linspace(-3, 3, 7)), df.text

Everything that is not allowed raises :class:`ConfigError` naming the field, with a message a user can
act on ("name 'os' is not allowed; use x, …", "function 'exp' takes 1 argument, got 2").
Evaluation is quiet (``np.errstate(all="ignore")``) and always returns float64: inf and nan come out as
values and the caller decides what to do with them.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Iterable

import numpy as np

from visualnet.core.errors import ConfigError

Array = np.ndarray

MAX_LENGTH = 500          # characters of source text
MAX_BRACKET_DEPTH = 50    # checked on the raw text, before ast.parse can recurse itself to death
MAX_DEPTH = 40            # levels of the syntax tree
MAX_NODES = 200           # parts of the syntax tree (numbers, names, operators, calls)
MAX_LITERAL = 1e6         # largest number that may be typed
MAX_EXPONENT = 100        # largest constant exponent of **

CONSTANTS = {"pi": math.pi, "e": math.e}


# --- the functions users may call ------------------------------------------------------------------

def _sigmoid(x):
    # exp only ever sees −|x|, so it never overflows
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x):
    # log(1 + eˣ) = max(x, 0) + log1p(e^−|x|)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


_erf_ufunc = np.frompyfunc(math.erf, 1, 1)


def _erf(x):
    # math.erf is exact to the last bit and defined on every float (erf(±inf) = ±1, erf(nan) = nan)
    return np.asarray(_erf_ufunc(x), dtype=np.float64)


def _clip(x, lo, hi):
    # minimum(maximum(..)) rather than np.clip: the same rule as the derivative, even when lo > hi
    return np.minimum(np.maximum(x, lo), hi)


# name -> (arity, implementation); ``where`` is handled by the interpreter (its condition is boolean)
_IMPLEMENTATIONS: dict[str, tuple[int, Callable | None]] = {
    "exp": (1, np.exp), "log": (1, np.log), "log1p": (1, np.log1p), "expm1": (1, np.expm1),
    "tanh": (1, np.tanh), "sinh": (1, np.sinh), "cosh": (1, np.cosh),
    "sin": (1, np.sin), "cos": (1, np.cos), "tan": (1, np.tan), "arctan": (1, np.arctan),
    "sqrt": (1, np.sqrt), "abs": (1, np.abs), "sign": (1, np.sign),
    "maximum": (2, np.maximum), "minimum": (2, np.minimum), "where": (3, None),
    "sigmoid": (1, _sigmoid), "softplus": (1, _softplus), "clip": (3, _clip), "erf": (1, _erf),
}

FUNCTIONS: tuple[str, ...] = tuple(_IMPLEMENTATIONS)

_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power}
_COMPARISONS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


# --- the expression tree ---------------------------------------------------------------------------

class _Node:
    """One operation: ``op`` is "const", "var", "neg", "cmp", a binary operator or a function name.

    ``value`` is the number (const), the name (var) or the tuple of comparison operators (cmp);
    ``free`` is the set of variables the subtree depends on (empty means constant).
    """

    __slots__ = ("args", "free", "label", "op", "value")

    def __init__(self, op: str, args: tuple = (), value=None, label: str | None = None):
        self.op, self.args, self.value, self.label = op, args, value, label
        if op == "var":
            self.free = frozenset((value,))
        else:
            self.free = frozenset().union(*(a.free for a in args))


def _const(value: float, label: str | None = None) -> _Node:
    return _Node("const", value=float(value), label=label)


_ZERO, _ONE, _TWO = _const(0.0), _const(1.0), _const(2.0)


def _node(op: str, *args: _Node, value=None) -> _Node:
    """A new node, folded into a constant when nothing in it depends on a variable."""
    node = _Node(op, args, value)
    if op != "cmp" and not node.free:
        return _const(_evaluate([node], {})[0])
    return node


def _is(node: _Node, number: float) -> bool:
    return node.op == "const" and node.value == number


# Simplifying constructors for derivatives (x·0 → 0, x·1 → x, …). The parser does not use them: what
# the user typed is evaluated as typed (inf·0 stays nan).

def _add(a, b):
    return b if _is(a, 0) else a if _is(b, 0) else _node("+", a, b)


def _sub(a, b):
    return _neg(b) if _is(a, 0) else a if _is(b, 0) else _node("-", a, b)


def _mul(a, b):
    if _is(a, 0) or _is(b, 0):
        return _ZERO
    if _is(a, 1):
        return b
    if _is(b, 1):
        return a
    if b.op == "/" and _is(b.args[0], 1):                # a·(1/d) → a/d
        return _div(a, b.args[1])
    if a.op == "/" and _is(a.args[0], 1):
        return _div(b, a.args[1])
    return _node("*", a, b)


def _div(a, b):
    return _ZERO if _is(a, 0) else a if _is(b, 1) else _node("/", a, b)


def _pow(a, b):
    return _ONE if _is(b, 0) else a if _is(b, 1) else _node("**", a, b)


def _neg(a):
    return a.args[0] if a.op == "neg" else _node("neg", a)


def _call(name, *args):
    return _node(name, *args)


def _where(condition, a, b):
    return a if a is b or (_is(a, 0) and _is(b, 0)) else _node("where", condition, a, b)


def _cmp(op, a, b):
    return _node("cmp", a, b, value=(op,))


# --- interpreter -----------------------------------------------------------------------------------

def _evaluate(roots: Iterable[_Node], env: dict[str, Array]) -> list:
    """Evaluate trees bottom-up; a subtree shared between roots (f and its derivative) is computed once."""
    memo: dict[int, object] = {}

    def run(node: _Node):
        key = id(node)
        if key in memo:
            return memo[key]
        op = node.op
        if op == "const":
            result = np.float64(node.value)
        elif op == "var":
            result = env[node.value]
        else:
            values = [run(arg) for arg in node.args]
            if op == "neg":
                result = np.negative(values[0])
            elif op == "cmp":
                result = functools.reduce(np.logical_and, [
                    _COMPARISONS[o](left, right) for o, left, right in zip(node.value, values, values[1:])])
            elif op == "where":
                result = np.where(*values)
            elif op in _BINARY:
                result = _BINARY[op](*values)
            else:
                result = _IMPLEMENTATIONS[op][1](*values)
        memo[key] = result
        return result

    with np.errstate(all="ignore"):
        return [run(root) for root in roots]


# --- symbolic differentiation ----------------------------------------------------------------------

def _differentiate(node: _Node, var: str, memo: dict[int, _Node]) -> _Node:
    if var not in node.free:
        return _ZERO
    key = id(node)
    if key in memo:
        return memo[key]
    op, args = node.op, node.args
    if op == "var":
        result = _ONE
    elif op == "where":
        result = _where(args[0], _differentiate(args[1], var, memo), _differentiate(args[2], var, memo))
    else:
        grads = [_differentiate(a, var, memo) for a in args]
        result = _derivative_rule(node, grads)
    memo[key] = result
    return result


def _derivative_rule(node: _Node, grads: list[_Node]) -> _Node:
    """d(node) from the derivatives of its arguments: sum, product, quotient, power and chain rules."""
    op, args = node.op, node.args
    a, da = args[0], grads[0]
    if op == "neg":
        return _neg(da)
    if op == "+":
        return _add(da, grads[1])
    if op == "-":
        return _sub(da, grads[1])
    if op == "*":
        return _add(_mul(da, args[1]), _mul(a, grads[1]))
    if op == "/":
        b, db = args[1], grads[1]
        return _sub(_div(da, b), _div(_mul(a, db), _pow(b, _TWO)))
    if op == "**":
        b, db = args[1], grads[1]
        if not b.free:                                    # a^c: c·a^(c−1)·a′
            return _mul(_mul(b, _pow(a, _const(b.value - 1))), da)
        if not a.free:                                    # c^b: c^b·log(c)·b′
            return _mul(_mul(node, _call("log", a)), db)
        # a^b = e^(b·log a): a^b·(b′·log a + b·a′/a)
        return _mul(node, _add(_mul(db, _call("log", a)), _div(_mul(b, da), a)))
    if op in ("maximum", "minimum"):
        b, db = args[1], grads[1]
        return _where(_cmp(">=" if op == "maximum" else "<=", a, b), da, db)
    if op == "clip":                                      # minimum(maximum(a, lo), hi)
        lo, hi = args[1], args[2]
        inner = _where(_cmp(">=", a, lo), da, grads[1])
        return _where(_cmp("<=", _call("maximum", a, lo), hi), inner, grads[2])
    return _mul(_chain_factor(node), da)


def _chain_factor(node: _Node) -> _Node:
    """f′(a) for a one-argument function f, written with ``node`` = f(a) where that is shorter."""
    op, a = node.op, node.args[0]
    if op == "exp":
        return node
    if op == "log":
        return _div(_ONE, a)
    if op == "log1p":
        return _div(_ONE, _add(_ONE, a))
    if op == "expm1":
        return _call("exp", a)
    if op == "tanh":
        return _sub(_ONE, _pow(node, _TWO))
    if op == "sinh":
        return _call("cosh", a)
    if op == "cosh":
        return _call("sinh", a)
    if op == "sin":
        return _call("cos", a)
    if op == "cos":
        return _neg(_call("sin", a))
    if op == "tan":
        return _add(_ONE, _pow(node, _TWO))
    if op == "arctan":
        return _div(_ONE, _add(_ONE, _pow(a, _TWO)))
    if op == "sqrt":
        return _div(_ONE, _mul(_TWO, node))
    if op == "abs":
        return _call("sign", a)
    if op == "sign":
        return _ZERO
    if op == "sigmoid":
        return _mul(node, _sub(_ONE, node))
    if op == "softplus":
        return _call("sigmoid", a)
    if op == "erf":                                       # 2/√π · e^(−a²)
        return _mul(_const(2.0 / math.sqrt(math.pi)), _call("exp", _neg(_pow(a, _TWO))))
    raise AssertionError(f"no derivative rule for {op}")  # every name in FUNCTIONS has one above


# --- rendering a tree back to text (the derivative's ``text``) -------------------------------------

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def _format_number(value: float) -> str:
    if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _render(node: _Node) -> tuple[str, int]:
    """(text, precedence); precedence 5 is an atom, 0 a comparison."""
    op = node.op
    if op == "const":
        if node.label:
            return node.label, 5
        text = _format_number(node.value)
        return text, 3 if text.startswith("-") else 5
    if op == "var":
        return node.value, 5
    parts = [_render(a) for a in node.args]
    if op == "cmp":
        pieces = [parts[0][0]]
        for o, (text, _) in zip(node.value, parts[1:]):
            pieces += [o, text]
        return " ".join(pieces), 0
    if op == "neg":
        text, p = parts[0]
        return "-" + (text if p >= 3 else f"({text})"), 3
    if op in _BINARY:
        mine = _PRECEDENCE[op]
        (left, lp), (right, rp) = parts
        # ** groups to the right, the others to the left; brackets follow the tree exactly, so the text
        # parses back to the very same floating-point operations
        left_ok = lp > mine if op == "**" else lp >= mine
        right_ok = rp >= mine if op == "**" else rp > mine
        left = left if left_ok else f"({left})"
        right = right if right_ok else f"({right})"
        return (f"{left} {op} {right}" if mine == 1 else f"{left}{op}{right}"), mine
    return f"{op}({', '.join(text for text, _ in parts)})", 5


# --- the parser: ast → whitelist → tree ------------------------------------------------------------

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_FORBIDDEN_OPERATORS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
                        ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&"}
_COMPARE_OPERATORS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_FORBIDDEN_COMPARISONS = {ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not",
                          ast.In: "in", ast.NotIn: "not in"}
_FORBIDDEN_NODES = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "indexing (x[...]) is not allowed",
    ast.Lambda: "lambda functions are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.IfExp: "'a if condition else b' is not allowed; use where(condition, a, b)",
    ast.BoolOp: "'and' and 'or' are not allowed; use where(condition, a, b)",
    ast.List: "lists, tuples, sets and dicts are not allowed",
    ast.Tuple: "lists, tuples, sets and dicts are not allowed",
    ast.Set: "lists, tuples, sets and dicts are not allowed",
    ast.Dict: "lists, tuples, sets and dicts are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.Starred: "starred arguments (*args) are not allowed",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield' is not allowed",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Parser:
    def __init__(self, text: str, variables: tuple[str, ...], field: str):
        self.text, self.variables, self.field = text, variables, field

    def fail(self, message: str):
        raise ConfigError(self.field, message)

    def names_hint(self) -> str:
        if len(self.variables) == 1:
            names = self.variables[0]
        else:
            names = ", ".join(self.variables[:-1]) + " and " + self.variables[-1]
        return f"use {names}, the constants pi and e, and the functions {', '.join(FUNCTIONS)}"

    def parse(self) -> _Node:
        source = self.check_text()
        indent = len(source) - len(source.lstrip())
        self.source = source[indent:]
        problem = None
        try:
            tree = ast.parse(self.source, mode="eval")    # syntax only: nothing is compiled or run
        except SyntaxError as error:
            problem = self.describe_syntax_error(error, indent)
        except (RecursionError, MemoryError, ValueError, OverflowError):
            problem = "expression is nested too deeply"
        if problem:
            self.fail(problem)
        self.check_size(tree.body)
        return self.build(tree.body)

    def check_text(self) -> str:
        """Checks on the raw text; returns it with every whitespace character turned into a space."""
        text = self.text
        if not text.strip():
            example = "x * tanh(x)" if len(self.variables) == 1 else "x**2 + 3*y**2"
            self.fail(f"expression is empty; type a formula such as {example}")
        if len(text) > MAX_LENGTH:
            self.fail(f"expression is too long ({len(text)} characters, at most {MAX_LENGTH})")
        depth = 0
        for column, char in enumerate(text, start=1):
            if not (" " <= char <= "~" or char in "\t\n\r\f\v"):
                shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
                self.fail(f"character {shown} at column {column} is not allowed; "
                          "use plain ASCII (- for minus, * for times, ** for powers)")
            if char in "([{":
                depth += 1
                if depth > MAX_BRACKET_DEPTH:
                    self.fail(f"expression is nested too deeply (more than {MAX_BRACKET_DEPTH} brackets)")
            elif char in ")]}":
                depth -= 1
        # Newlines and tabs become spaces: one line, same columns for error messages.
        return "".join(" " if char.isspace() else char for char in text)

    def describe_syntax_error(self, error: SyntaxError, indent: int) -> str:
        if not error.offset or error.offset > len(self.source):
            return f"syntax error at column {len(self.text.rstrip()) + 1}: the expression ends too early"
        message = f"syntax error at column {error.offset + indent}"
        if error.msg and ("never closed" in error.msg or "unmatched" in error.msg
                          or "does not match" in error.msg):
            message += f": {error.msg}"
        return message

    def check_size(self, root: ast.expr):
        count, deepest = 0, 0
        stack = [(root, 1)]
        while stack:                                      # iterative: the tree may be 500 levels deep
            node, depth = stack.pop()
            if isinstance(node, ast.expr):
                count += 1
                deepest = max(deepest, depth)
                depth += 1
            stack.extend((child, depth) for child in ast.iter_child_nodes(node))
        if deepest > MAX_DEPTH:
            self.fail(f"expression is nested too deeply ({deepest} levels, at most {MAX_DEPTH})")
        if count > MAX_NODES:
            self.fail(f"expression is too large ({count} parts, at most {MAX_NODES})")

    # Each build_* turns one whitelisted ast node into a tree node, or fails with the reason.
    def build(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.Constant):
            return self.build_constant(node)
        if isinstance(node, ast.Name):
            return self.build_name(node)
        if isinstance(node, ast.BinOp):
            return self.build_binary(node)
        if isinstance(node, ast.UnaryOp):
            return self.build_unary(node)
        if isinstance(node, ast.Call):
            return self.build_call(node)
        if isinstance(node, ast.Compare):
            self.fail("comparisons (such as x > 0) are only allowed as the first argument of "
                      "where(condition, a, b)")
        for kind, message in _FORBIDDEN_NODES.items():
            if isinstance(node, kind):
                self.fail(message)
        self.fail(f"{type(node).__name__} is not allowed")

    def build_constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            self.fail(f"'{value}' is not allowed; only numbers")
        if isinstance(value, (str, bytes)):
            self.fail("strings are not allowed; only numbers")
        if isinstance(value, complex):
            self.fail("complex numbers are not allowed")
        if not abs(value) <= MAX_LITERAL:                 # exact for ints of any size; catches inf
            typed = ast.get_source_segment(self.source, node) or repr(value)
            self.fail(f"number {typed} is too large (at most {_format_number(MAX_LITERAL)} in size)")
        return _const(value)

    def build_name(self, node: ast.Name) -> _Node:
        name = node.id
        if name in self.variables:
            return _Node("var", value=name)
        if name in CONSTANTS:
            return _const(CONSTANTS[name], label=name)
        if name in _IMPLEMENTATIONS:
            self.fail(f"function '{name}' must be called, e.g. {name}({self.variables[0]})")
        self.fail(f"name '{name}' is not allowed; {self.names_hint()}")

    def build_binary(self, node: ast.BinOp) -> _Node:
        kind = type(node.op)
        if kind not in _OPERATORS:
            symbol = _FORBIDDEN_OPERATORS.get(kind, kind.__name__)
            hint = " (for powers use **)" if symbol == "^" else ""
            self.fail(f"operator '{symbol}' is not allowed; use + - * / and **{hint}")
        left, right = self.build(node.left), self.build(node.right)
        op = _OPERATORS[kind]
        if op == "**" and not right.free:
            exponent = right.value
            if not math.isfinite(exponent):
                self.fail(f"exponent {_format_number(exponent)} is not a finite number")
            if abs(exponent) > MAX_EXPONENT:
                self.fail(f"exponent {_format_number(exponent)} is too large (at most {MAX_EXPONENT})")
        return _node(op, left, right)

    def build_unary(self, node: ast.UnaryOp) -> _Node:
        if isinstance(node.op, ast.USub):
            return _node("neg", self.build(node.operand))
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        self.fail("'not' is not allowed" if isinstance(node.op, ast.Not) else "operator '~' is not allowed")

    def build_call(self, node: ast.Call) -> _Node:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                self.fail("attribute access is not allowed")
            self.fail(f"only these functions can be called: {', '.join(FUNCTIONS)}")
        name = node.func.id
        if name not in _IMPLEMENTATIONS:
            if name in self.variables or name in CONSTANTS:
                self.fail(f"'{name}' is not a function; write {name}*(...) to multiply")
            self.fail(f"function '{name}' is not allowed; use one of {', '.join(FUNCTIONS)}")
        if node.keywords:
            self.fail(f"keyword arguments are not allowed in {name}(...)")
        if any(isinstance(arg, ast.Starred) for arg in node.args):
            self.fail("starred arguments (*args) are not allowed")
        arity = _IMPLEMENTATIONS[name][0]
        if len(node.args) != arity:
            self.fail(f"function '{name}' takes {_plural(arity, 'argument')}, got {len(node.args)}")
        if name == "where":
            condition, *branches = node.args
            if not isinstance(condition, ast.Compare):
                self.fail("the first argument of where(condition, a, b) must be a comparison such as x > 0")
            return _node("where", self.build_comparison(condition), *map(self.build, branches))
        return _node(name, *map(self.build, node.args))

    def build_comparison(self, node: ast.Compare) -> _Node:
        symbols = []
        for op in node.ops:
            if type(op) not in _COMPARE_OPERATORS:
                symbol = _FORBIDDEN_COMPARISONS.get(type(op), type(op).__name__)
                self.fail(f"comparison '{symbol}' is not allowed; use <, <=, > or >=")
            symbols.append(_COMPARE_OPERATORS[type(op)])
        operands = [self.build(operand) for operand in [node.left, *node.comparators]]
        return _node("cmp", *operands, value=tuple(symbols))


# --- public API ------------------------------------------------------------------------------------

class Expression:
    """A validated formula in the given variables; call it with one array per variable (broadcast)."""

    def __init__(self, text: str, variables: tuple[str, ...], tree: _Node):
        """Internal: use :meth:`parse`. ``tree`` must come from the parser or the differentiator."""
        self.text = text
        self.variables = variables
        self._tree = tree
        self._derivatives: dict[str, Expression] = {}

    @classmethod
    def parse(cls, text: str, variables: Iterable[str] = ("x",), field: str = "expression") -> Expression:
        """Validate ``text`` and build the expression; raise :class:`ConfigError` (``field``) if unsafe."""
        variables = tuple(variables)
        for name in variables:
            if not name.isidentifier() or name in _IMPLEMENTATIONS or name in CONSTANTS:
                raise ValueError(f"{name!r} cannot be a variable name")
        if not isinstance(text, str):
            raise ConfigError(field, f"expression must be text, got {type(text).__name__}")
        return cls(text, variables, _Parser(text, variables, field).parse())

    def __call__(self, *arrays) -> Array:
        return self._evaluate_many([self], arrays)[0]

    def derivative(self, var: str) -> Expression:
        """The exact partial derivative ∂/∂var, itself an Expression (its ``text`` shows the formula)."""
        if var not in self.variables:
            raise ValueError(f"{var!r} is not one of the variables {self.variables}")
        if var not in self._derivatives:
            tree = _differentiate(self._tree, var, {})
            self._derivatives[var] = Expression(_render(tree)[0], self.variables, tree)
        return self._derivatives[var]

    def _evaluate_many(self, expressions: list[Expression], arrays) -> list[Array]:
        if len(arrays) != len(self.variables):
            raise TypeError(f"expected {len(self.variables)} arrays ({', '.join(self.variables)}), "
                            f"got {len(arrays)}")
        arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        values = _evaluate([e._tree for e in expressions], dict(zip(self.variables, arrays)))
        return [np.array(np.broadcast_to(v, shape), dtype=np.float64) for v in values]

    def __repr__(self) -> str:
        return f"Expression({self.text!r}, variables={self.variables!r})"


def parse_activation(text: str, field: str = "activation") -> tuple[Expression, Expression]:
    """(f, f′) for a custom activation written in x."""
    f = Expression.parse(text, ("x",), field)
    return f, f.derivative("x")


def parse_surface(text: str, field: str = "surface") -> tuple[Expression, Callable]:
    """(f, grad) for a loss surface in x and y; ``grad(X, Y)`` returns (∂f/∂x, ∂f/∂y)."""
    f = Expression.parse(text, ("x", "y"), field)
    dfdx, dfdy = f.derivative("x"), f.derivative("y")

    def grad(x, y) -> tuple[Array, Array]:
        gx, gy = f._evaluate_many([dfdx, dfdy], (x, y))
        return gx, gy

    return f, grad
