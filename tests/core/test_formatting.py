"""The one number formatter: what every caption, tooltip, equation and field writes for a value."""

import numpy as np
import pytest

from visualnet.core import convolution, formatting, frame
from visualnet.core.formatting import MINUS, fmt, fmt_exact, fmt_signed


@pytest.mark.parametrize("value, digits, text", [
    (0.123456, 3, "0.123"), (-0.123456, 3, "-0.123"), (1234.5, 3, "1.23e+03"), (1234.5, 6, "1234.5"),
    (2.0, 3, "2"), (-1e-5, 2, "-1e-05"), (np.float32(0.5), 3, "0.5"), (np.int64(7), 3, "7"),
    (0.0, 3, "0"), (-0.0, 3, "0"), (None, 3, "–"),
    (float("nan"), 3, "nan"), (float("inf"), 3, "inf"), (-float("inf"), 3, "-inf"),
])
def test_fmt_writes_significant_digits(value, digits, text):
    assert fmt(value, digits) == text


def test_equations_write_a_real_minus_sign_and_never_minus_zero():
    assert fmt(-0.25, minus=MINUS) == "−0.25" and fmt(-2e-7, 2, minus=MINUS) == "−2e−07"
    assert fmt(-0.0, minus=MINUS) == "0" and fmt(-float("inf"), minus=MINUS) == "−inf"
    assert convolution.fmt(-1.5) == "−1.5" and convolution.fmt(-0.0) == "0" and convolution.fmt(3.14159, 4) == "3.142"


@pytest.mark.parametrize("value, digits, text", [
    (0.0123, 3, "+0.0123"), (-0.5, 3, "-0.5"), (0.0, 3, "0"), (-0.0, 3, "0"), (1 / 3, 2, "+0.33"),
    (-2e-9, 3, "-2e-09"), (float("nan"), 3, "+nan"), (float("inf"), 3, "+inf"),
])
def test_fmt_signed_always_writes_the_sign_except_for_zero(value, digits, text):
    assert fmt_signed(value, digits) == text


def test_fmt_signed_with_a_real_minus():
    assert fmt_signed(-0.5, minus=MINUS) == "−0.5" and fmt_signed(0.5, minus=MINUS) == "+0.5"


@pytest.mark.parametrize("value, text", [
    (0.001, "0.001"), (1e-3 + 1e-18, "0.001000000000000001"), (0.1 + 0.2, "0.30000000000000004"), (0.9, "0.9"),
    (0.999, "0.999"), (1234567.0, "1234567.0"), (3.0, "3"), (1e-8, "1e-08"), (0.0, "0"), (-0.0, "-0"),
    (float("inf"), "inf"), (float("nan"), "nan"),
])
def test_fmt_exact_reads_back_as_the_same_float(value, text):
    assert fmt_exact(value) == text
    assert float(text) == value or (np.isnan(value) and np.isnan(float(text)))


def test_the_frame_model_formats_with_the_same_functions():
    assert frame.fmt is formatting.fmt and frame.fmt_signed is formatting.fmt_signed
