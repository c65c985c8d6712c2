"""How every number is written as text, in one place: captions, tooltips, equations and editable fields.
(Not named ``numbers``: core modules use the standard library's.)

:func:`fmt` rounds to significant digits and never writes "-0"; equations pass ``minus=MINUS`` for a real
minus sign. :func:`fmt_signed` writes a change with its sign. :func:`fmt_exact` is for a field the user
edits: the shortest text that reads back as the very same float.
"""

from __future__ import annotations

MINUS = "−"  # U+2212, as equations print it
NONE = "–"  # a value that does not exist (yet)


def fmt(value, digits: int = 3, minus: str = "-") -> str:
    """``digits`` significant digits, "–" for None, "0" for ±0 (never "-0"); nan and ±inf as Python writes them."""
    if value is None:
        return NONE
    value = float(value)
    if value == 0:
        return "0"
    return f"{value:.{digits}g}".replace("-", minus)


def fmt_signed(value, digits: int = 3, minus: str = "-") -> str:
    """A change: "+0.012", "-0.5", "0" — the sign always written, zero without one."""
    value = float(value)
    return "0" if value == 0 else f"{value:+.{digits}g}".replace("-", minus)


def fmt_exact(value: float) -> str:
    """The shortest text that reads back as exactly ``value``: "0.001" for 0.001, all 16 digits when needed."""
    text = f"{value:g}"
    return text if float(text) == value else repr(float(value))
