"""User-typed formulas: only the whitelisted grammar parses, evaluation is exact and quiet, derivatives exact."""

import ast
import builtins
import io
import math
import tokenize
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visualnet.core import expressions
from visualnet.core.errors import ConfigError
from visualnet.core.expressions import FUNCTIONS, Expression, parse_activation, parse_surface

EXTREMES = np.array([-np.inf, -1e300, -1000.0, -3.7, -1.0, -0.5, 0.0, 0.3, 1.0, 2.5, 50.0, 1000.0, 1e300,
                     np.inf, np.nan])


def _balanced_sum(leaves: int) -> str:
    terms = ["x"] * leaves
    while len(terms) > 1:
        pairs = [f"({a}+{b})" for a, b in zip(terms[::2], terms[1::2])]
        terms = pairs + (terms[-1:] if len(terms) % 2 else [])
    return terms[0]


def _nested(function: str, levels: int) -> str:
    return f"{function}(" * levels + "x" + ")" * levels


# --- rejected input: (text, words the message must contain) -----------------------------------------

REJECTED = [
    ("__import__('os').system('x')", "attribute access"),
    ("__import__('os')", "function '__import__' is not allowed"),
    ("().__class__", "attribute access"),
    ("x.__class__", "attribute access"),
    ("x.__class__.__bases__[0].__subclasses__()", "attribute access"),
    ("exp.__call__(x)", "attribute access"),
    ("x ** 10 ** 10", "exponent 10000000000 is too large (at most 100)"),
    ("x ** (2 ** 7)", "exponent 128 is too large"),
    ("x ** -101", "exponent -101 is too large"),
    ("x ** (0/0)", "not a finite number"),
    ("(" * 10000 + "x" + ")" * 10000, "too long (20001 characters, at most 500)"),
    ("(" * 200 + "x" + ")" * 200, "nested too deeply"),
    ("[" * 60 + "x" + "]" * 60, "nested too deeply"),
    (_nested("sin", 60), "nested too deeply"),
    (_nested("sin", 45), "nested too deeply (46 levels, at most 40)"),
    ("-" * 300 + "x", "nested too deeply"),
    (_balanced_sum(120), "too large (239 parts, at most 200)"),
    ("open('f')", "function 'open' is not allowed"),
    ("globals()", "function 'globals' is not allowed"),
    ("getattr(x, 'real')", "function 'getattr' is not allowed"),
    ("foo(x)", "function 'foo' is not allowed; use one of exp, log"),
    ("lambda: 1", "lambda"),
    ("[x for x in y]", "comprehensions"),
    ("(x for x in y)", "comprehensions"),
    ("x[0]", "indexing"),
    ("'a'", "strings are not allowed"),
    ("b'a'", "strings are not allowed"),
    ("f'{x}'", "strings are not allowed"),
    ("1j", "complex numbers"),
    ("True", "'True' is not allowed"),
    ("None", "'None' is not allowed"),
    ("...", "is not allowed"),
    ("exp(x, x)", "function 'exp' takes 1 argument, got 2"),
    ("exp()", "function 'exp' takes 1 argument, got 0"),
    ("clip(x, 1)", "function 'clip' takes 3 arguments, got 2"),
    ("where(x > 0, x)", "function 'where' takes 3 arguments, got 2"),
    ("y", "name 'y' is not allowed; use x, the constants pi and e, and the functions exp, log"),
    ("os", "name 'os' is not allowed"),
    ("__builtins__", "name '__builtins__' is not allowed"),
    ("x +", "syntax error at column 4"),
    ("2 x", "syntax error at column 3"),
    ("exp(x", "'(' was never closed"),
    ("import os", "syntax error"),
    ("x = 1", "syntax error"),
    ("x; 1", "syntax error"),
    ("", "empty"),
    ("   \t\n ", "empty"),
    ("+".join(["x"] * 300), "too long (599 characters, at most 500)"),
    ("exp(x=1)", "keyword arguments"),
    ("exp(*x)", "starred"),
    ("x if x else 1", "use where(condition, a, b)"),
    ("x and y", "'and' and 'or'"),
    ("x or 1", "'and' and 'or'"),
    ("x == 1", "only allowed as the first argument of where"),
    ("x < 1", "only allowed as the first argument of where"),
    ("where(x == 1, 1, 0)", "comparison '==' is not allowed"),
    ("where(x in y, 1, 0)", "comparison 'in' is not allowed"),
    ("where(x, 1, 0)", "must be a comparison"),
    ("where((x > 0) > 0, 1, 0)", "only allowed as the first argument of where"),
    ("1e400", "number 1e400 is too large (at most 1000000"),
    ("1000001", "too large"),
    ("9" * 400, "too large"),
    ("x @ x", "operator '@'"),
    ("x // 2", "operator '//'"),
    ("x % 2", "operator '%'"),
    ("x ^ 2", "for powers use **"),
    ("x | 1", "operator '|'"),
    ("~x", "operator '~'"),
    ("not x", "'not' is not allowed"),
    ("{x}", "sets"),
    ("{x: 1}", "dicts"),
    ("(x, x)", "tuples"),
    ("(y := 1)", "assignment"),
    ("exp", "function 'exp' must be called"),
    ("x(2)", "'x' is not a function"),
    ("sin(x)(x)", "only these functions can be called"),
    ("x \u2212 1", "character '\u2212' at column 3 is not allowed"),
    ("x\x00", "U+0000"),
]


@pytest.mark.parametrize("text, expected", REJECTED, ids=range(len(REJECTED)))
def test_rejected_with_a_specific_message(text, expected):
    with pytest.raises(ConfigError) as info:
        Expression.parse(text)
    assert expected in str(info.value)
    assert info.value.field == "expression"


def test_the_field_is_named_in_the_error():
    with pytest.raises(ConfigError, match="^activation: ") as info:
        parse_activation("os.system")
    assert info.value.field == "activation"
    with pytest.raises(ConfigError, match="^surface: name 'z' is not allowed; use x and y, the constants"):
        parse_surface("x + z")
    with pytest.raises(ConfigError, match="^my_field: "):
        Expression.parse("z", field="my_field")


def test_deep_brackets_are_rejected_before_the_python_parser_sees_them(monkeypatch):
    def parse_must_not_run(*args, **kwargs):
        raise AssertionError("ast.parse was called")

    monkeypatch.setattr(ast, "parse", parse_must_not_run)
    for text in ["(" * 10000 + "x" + ")" * 10000, "(" * 60 + "x" + ")" * 60, "", "x" * 501]:
        with pytest.raises(ConfigError):
            Expression.parse(text)


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_parser_exhaustion_becomes_a_config_error(monkeypatch, error):
    def exhausted(*args, **kwargs):
        raise error()

    monkeypatch.setattr(ast, "parse", exhausted)
    with pytest.raises(ConfigError, match="nested too deeply"):
        Expression.parse("x")


def test_bad_variables_and_derivative_requests_are_programming_errors():
    with pytest.raises(ValueError, match="cannot be a variable"):
        Expression.parse("x", variables=("exp",))
    with pytest.raises(ValueError, match="cannot be a variable"):
        Expression.parse("x", variables=("pi",))
    with pytest.raises(ValueError, match="not one of the variables"):
        Expression.parse("x").derivative("y")
    with pytest.raises(TypeError, match="expected 2 arrays"):
        Expression.parse("x + y", ("x", "y"))(1.0)


# --- accepted input: values and derivatives --------------------------------------------------------

_erf = np.vectorize(math.erf, otypes=[float])
# sample points avoid the kinks at 0 and ±1 by far more than the finite-difference step
ANYWHERE = np.linspace(-2.9, 2.9, 59) + 0.013
POSITIVE = np.linspace(0.05, 4.0, 40)

VALID = [
    ("x * tanh(log(1 + exp(x)))", lambda x: x * np.tanh(np.log(1 + np.exp(x))), ANYWHERE),
    ("maximum(0, x)", lambda x: np.maximum(0, x), ANYWHERE),
    ("where(x > 0, x, 0.1*x)", lambda x: np.where(x > 0, x, 0.1 * x), ANYWHERE),
    ("x / (1 + abs(x))", lambda x: x / (1 + np.abs(x)), ANYWHERE),
    ("x**3 - 2*x", lambda x: x**3 - 2 * x, ANYWHERE),
    ("sigmoid(x)*x", lambda x: x / (1 + np.exp(-x)), ANYWHERE),
    ("softplus(x)", lambda x: np.log(1 + np.exp(x)), ANYWHERE),
    ("sqrt(x**2 + 1) - 1", lambda x: np.sqrt(x**2 + 1) - 1, ANYWHERE),
    ("exp(-x**2)", lambda x: np.exp(-(x**2)), ANYWHERE),
    ("clip(x, -1, 1)", lambda x: np.clip(x, -1, 1), ANYWHERE),
    ("erf(x)", _erf, ANYWHERE),
    ("x**x", lambda x: x**x, POSITIVE),
    ("2**x + x**0.5", lambda x: 2**x + np.sqrt(x), POSITIVE),
    ("log(x) + log1p(x**2) + expm1(x/3)", lambda x: np.log(x) + np.log1p(x**2) + np.expm1(x / 3), POSITIVE),
    ("sinh(x/2) + cosh(x/3) - tan(x/4)", lambda x: np.sinh(x / 2) + np.cosh(x / 3) - np.tan(x / 4), ANYWHERE),
    ("sin(pi*x)*cos(x) + e", lambda x: np.sin(np.pi * x) * np.cos(x) + np.e, ANYWHERE),
    ("arctan(x) + 2*sign(x)", lambda x: np.arctan(x) + 2 * np.sign(x), ANYWHERE),
    ("minimum(x, 2*x) + abs(x)**3", lambda x: np.minimum(x, 2 * x) + np.abs(x) ** 3, ANYWHERE),
    ("where(-1 < x <= 1, x**2, abs(x))", lambda x: np.where((-1 < x) & (x <= 1), x**2, np.abs(x)), ANYWHERE),
    ("clip(x, -x**2, 1 - x)", lambda x: np.minimum(np.maximum(x, -(x**2)), 1 - x), ANYWHERE),
    ("sigmoid(x - 3)/(2 + softplus(-x))", lambda x: 1 / (1 + np.exp(3 - x)) / (2 + np.log1p(np.exp(-x))),
     ANYWHERE),
    ("-(+x) ** -2", lambda x: -(x**-2.0), POSITIVE),
    ("\tx +\n 1_000 * 0x10 / 1e3", lambda x: x + 16.0, ANYWHERE),
]


def central_difference(f, x):
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)


def assert_close(actual, expected, rtol):
    actual, expected = np.asarray(actual), np.asarray(expected)
    error = np.abs(actual - expected)
    bound = rtol * np.maximum(np.abs(actual), np.abs(expected)) + 1e-8
    assert np.all(error <= bound), f"max error {error.max():.3g}"


@pytest.mark.parametrize("text, reference, points", VALID, ids=[case[0] for case in VALID])
def test_values_and_derivatives_of_valid_formulas(text, reference, points):
    f, df = parse_activation(text)
    assert f.text == text and f.variables == ("x",)
    values = f(points)
    assert values.dtype == np.float64 and values.shape == points.shape
    np.testing.assert_allclose(values, reference(points), rtol=1e-12, atol=1e-15)
    assert_close(df(points), central_difference(reference, points), rtol=1e-6)


@pytest.mark.parametrize("text", [case[0] for case in VALID])
def test_evaluation_is_quiet_at_extreme_inputs(text):
    f, df = parse_activation(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for values in (f(EXTREMES), df(EXTREMES)):
            assert values.dtype == np.float64 and values.shape == EXTREMES.shape


@pytest.mark.parametrize("text", [case[0] for case in VALID])
def test_derivative_text_parses_back_to_the_same_numbers(text):
    df = Expression.parse(text).derivative("x")
    again = Expression.parse(df.text)
    np.testing.assert_array_equal(again(ANYWHERE), df(ANYWHERE))


def test_symbolic_derivatives_read_like_calculus():
    assert Expression.parse("x**3").derivative("x").text == "3*x**2"
    assert Expression.parse("exp(2*x)").derivative("x").text == "exp(2*x)*2"
    assert Expression.parse("log(x)").derivative("x").text == "1/x"
    assert Expression.parse("where(x > 0, x, 0.1*x)").derivative("x").text == "where(x > 0, 1, 0.1)"
    assert Expression.parse("abs(x)").derivative("x").text == "sign(x)"
    assert Expression.parse("sign(x) + 4").derivative("x").text == "0"
    assert Expression.parse("sin(pi*x)").derivative("x").text == "cos(pi*x)*pi"


def test_derivative_at_kinks_follows_one_side():
    x = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(Expression.parse("maximum(x, 0)").derivative("x")(x), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(Expression.parse("abs(x)").derivative("x")(x), [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(Expression.parse("clip(x, -1, 1)").derivative("x")(x), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(Expression.parse("clip(x, -0.5, 0.5)").derivative("x")(x), [0.0, 1.0, 0.0])


def test_erf_is_exact():
    x = np.linspace(-6, 6, 1001)
    np.testing.assert_array_equal(Expression.parse("erf(x)")(x), _erf(x))
    np.testing.assert_array_equal(Expression.parse("erf(x)")(np.array([-np.inf, np.inf])), [-1.0, 1.0])


def test_stable_sigmoid_and_softplus_at_the_extremes():
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    np.testing.assert_allclose(Expression.parse("sigmoid(x)")(x), [0.0, 4.248354255291589e-18, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(Expression.parse("softplus(x)")(x), [0.0, 4.248354255291589e-18, math.log(2),
                                                                    40.0, 1000.0])


def test_outputs_broadcast_to_the_inputs_and_are_float64():
    f = Expression.parse("3")
    out = f(np.zeros((2, 3), dtype=np.int32))
    assert out.shape == (2, 3) and out.dtype == np.float64 and np.all(out == 3.0)
    assert Expression.parse("x**2")(3).shape == () and Expression.parse("x**2")(3) == 9.0
    g = Expression.parse("x*y", ("x", "y"))
    assert g(np.arange(3.0)[:, None], np.arange(4.0)).shape == (3, 4)
    x = np.array([1.0, 2.0])
    out = Expression.parse("x")(x)
    out[0] = 99.0
    assert x[0] == 1.0                                # the result never aliases an input


def test_overflowing_formulas_return_inf_and_nan_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Expression.parse("exp(x)")(1000.0) == np.inf
        assert np.isnan(Expression.parse("log(x)")(-1.0))
        assert Expression.parse("1/x")(0.0) == np.inf
        assert Expression.parse("x ** (x * 1000)")(10.0) == np.inf
        assert Expression.parse("1e6 ** 100 + x")(0.0) == np.inf
        assert np.isnan(Expression.parse("0/0 + x")(1.0))


# --- surfaces --------------------------------------------------------------------------------------

SURFACES = [
    ("(1 - x)**2 + 100*(y - x**2)**2",
     lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
     lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2))),
    ("(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
     lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
     lambda x, y: (4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7), 2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7))),
    ("0.1*x**2 + 2*y**2 + x*y",
     lambda x, y: 0.1 * x**2 + 2 * y**2 + x * y,
     lambda x, y: (0.2 * x + y, 4 * y + x)),
    ("sin(x)*cos(y) + exp(-(x**2 + y**2))",
     lambda x, y: np.sin(x) * np.cos(y) + np.exp(-(x**2 + y**2)),
     lambda x, y: (np.cos(x) * np.cos(y) - 2 * x * np.exp(-(x**2 + y**2)),
                   -np.sin(x) * np.sin(y) - 2 * y * np.exp(-(x**2 + y**2)))),
]


@pytest.mark.parametrize("text, value, gradient", SURFACES, ids=[case[0] for case in SURFACES])
def test_surfaces_match_their_exact_formulas(text, value, gradient):
    f, grad = parse_surface(text)
    assert f.variables == ("x", "y")
    X, Y = np.meshgrid(np.linspace(-2.3, 2.1, 23), np.linspace(-1.7, 3.2, 19))
    np.testing.assert_allclose(f(X, Y), value(X, Y), rtol=1e-12, atol=1e-12)
    gx, gy = grad(X, Y)
    ex, ey = gradient(X, Y)
    assert gx.shape == gy.shape == X.shape
    np.testing.assert_allclose(gx, ex, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(gy, ey, rtol=1e-12, atol=1e-9)
    gx0, gy0 = grad(0.5, -0.25)                       # scalars in, 0-d arrays out
    assert gx0.shape == gy0.shape == () and np.isclose(gx0, gradient(0.5, -0.25)[0])


def test_partial_derivatives_are_expressions_with_text():
    f = Expression.parse("x**2*y + 3*y", ("x", "y"))
    assert f.derivative("x").text == "2*x*y"
    assert f.derivative("y").text == "x**2 + 3"
    assert f.derivative("y").variables == ("x", "y")


# --- the module never runs user text ---------------------------------------------------------------

def test_source_never_names_eval_exec_or_compile():
    source = Path(expressions.__file__).read_text()
    forbidden = {"eval", "exec", "compile", "__import__", "getattr", "globals", "locals", "vars", "open",
                 "__builtins__"}
    names = {token.string for token in tokenize.generate_tokens(io.StringIO(source).readline)
             if token.type == tokenize.NAME}
    assert not names & forbidden


def test_parse_and_evaluate_run_without_eval_exec_or_code_compilation(monkeypatch):
    real_compile = builtins.compile

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    def syntax_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compile() to code object"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", syntax_only_compile)
    for text, _, points in VALID:
        f, df = parse_activation(text)
        f(points), df(points)
    f, grad = parse_surface(SURFACES[0][0])
    f(1.0, 2.0), grad(1.0, 2.0)
    with pytest.raises(ConfigError):
        Expression.parse("__import__('os').system('echo pwned')")


# --- property tests --------------------------------------------------------------------------------

def _number_text(value: float) -> str:
    return repr(value) if value >= 0 else f"({value!r})"


_numbers = st.one_of(st.integers(-20, 20).map(float),
                     st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))

# (text, oracle) pairs: the oracle computes the same formula with plain NumPy calls
_ORACLE_FUNCTIONS = {name: getattr(np, name) for name in FUNCTIONS
                     if name not in ("where", "sigmoid", "softplus", "clip", "erf")}
_ORACLE_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power}
_ORACLE_COMPARISONS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}

_oracle_leaves = st.one_of(
    st.just(("x", lambda x: x)),
    st.sampled_from([("pi", lambda x: np.float64(np.pi)), ("e", lambda x: np.float64(np.e))]),
    _numbers.map(lambda v: (_number_text(v), lambda x, v=v: np.float64(v))),
)


def _oracle_extend(children):
    binary = st.tuples(st.sampled_from(sorted(_ORACLE_BINARY)), children, children).map(
        lambda t: (f"({t[1][0]}) {t[0]} ({t[2][0]})",
                   lambda x, t=t: _ORACLE_BINARY[t[0]](t[1][1](x), t[2][1](x))))
    negation = children.map(lambda c: (f"-({c[0]})", lambda x, c=c: np.negative(c[1](x))))
    call = st.tuples(st.sampled_from(sorted(_ORACLE_FUNCTIONS)), children, children).map(
        lambda t: (f"{t[0]}({t[1][0]}, {t[2][0]})" if t[0] in ("maximum", "minimum") else f"{t[0]}({t[1][0]})",
                   lambda x, t=t: _ORACLE_FUNCTIONS[t[0]](t[1][1](x), t[2][1](x))
                   if t[0] in ("maximum", "minimum") else _ORACLE_FUNCTIONS[t[0]](t[1][1](x))))
    where = st.tuples(st.sampled_from(sorted(_ORACLE_COMPARISONS)), children, children, children, children).map(
        lambda t: (f"where({t[1][0]} {t[0]} {t[2][0]}, {t[3][0]}, {t[4][0]})",
                   lambda x, t=t: np.where(_ORACLE_COMPARISONS[t[0]](t[1][1](x), t[2][1](x)),
                                           t[3][1](x), t[4][1](x))))
    return st.one_of(binary, negation, call, where)


_oracle_expressions = st.recursive(_oracle_leaves, _oracle_extend, max_leaves=10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_oracle_expressions)
def test_random_formulas_compute_exactly_what_numpy_computes(case):
    text, oracle = case
    try:
        f = Expression.parse(text)
    except ConfigError:
        return                                        # too long, too deep, exponent too large: fine
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("error")
        got = f(EXTREMES)
        expected = np.broadcast_to(oracle(EXTREMES), EXTREMES.shape)
        derivative = f.derivative("x")(EXTREMES)
    np.testing.assert_array_equal(got, expected)
    assert derivative.dtype == np.float64 and derivative.shape == EXTREMES.shape


# The whole grammar, for "never raises, never warns"
_leaves = st.one_of(st.sampled_from(["x", "y", "pi", "e"]), _numbers.map(_number_text))


def _extend(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children).map(
        lambda t: f"({t[0]}) {t[1]} ({t[2]})")
    unary = st.tuples(st.sampled_from(["-", "+"]), children).map(lambda t: f"{t[0]}({t[1]})")
    one = st.tuples(st.sampled_from([n for n in FUNCTIONS if expressions._IMPLEMENTATIONS[n][0] == 1]),
                    children).map(lambda t: f"{t[0]}({t[1]})")
    two = st.tuples(st.sampled_from(["maximum", "minimum"]), children, children).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})")
    clip = st.tuples(children, children, children).map(lambda t: f"clip({t[0]}, {t[1]}, {t[2]})")
    where = st.tuples(st.lists(children, min_size=2, max_size=3),
                      st.lists(st.sampled_from(["<", "<=", ">", ">="]), min_size=2, max_size=2),
                      children, children).map(
        lambda t: "where({}, {}, {})".format(
            " ".join(part for pair in zip(t[0], t[1]) for part in pair) + " " + t[0][-1], t[2], t[3]))
    return st.one_of(binary, unary, one, two, clip, where)


_expressions = st.recursive(_leaves, _extend, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expressions)
def test_random_grammar_formulas_parse_or_fail_cleanly_and_evaluate_quietly(text):
    try:
        f = Expression.parse(text, ("x", "y"))
    except ConfigError:
        return
    X, Y = np.meshgrid(EXTREMES, EXTREMES[::3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for values in (f(X, Y), f.derivative("x")(X, Y), f.derivative("y")(X, Y)):
            assert values.dtype == np.float64 and values.shape == X.shape


_TOKENS = ["x", "y", "1", "2.5", "1e309", "(", ")", "[", "]", "{", "}", ",", ".", ":", "'", '"', "+", "-",
           "*", "**", "/", "//", "<", ">", "==", "=", "exp", "where", "clip", "pi", "lambda", "__class__",
           "__import__", "os", "not", "if", "else", " ", "\n", "\\", "#", "@", "j", "_", "0x"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)))
def test_junk_text_raises_only_config_errors(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            f = Expression.parse(text)
        except ConfigError as error:
            assert str(error).startswith("expression: ") and len(str(error)) > len("expression: ")
            return
        f(EXTREMES)
        f.derivative("x")(EXTREMES)
