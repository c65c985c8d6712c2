"""Translation hook for the few user-visible texts the core composes (captions, tooltips, diagnoses).

The core never imports Qt, so it calls :func:`translate` — same signature as Qt's
``QCoreApplication.translate`` — and the app installs Qt's function at start-up. Qt's ``lupdate``
extracts every ``translate("Context", "text")`` call of the core like any ``tr()`` of the UI.
Placeholders are Python's ``{name}``, filled in after translation.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable | None = None


def install(function: Callable | None):
    """Route :func:`translate` through ``function(context, text, disambiguation, n)`` (None: identity)."""
    global _translator
    _translator = function


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    if _translator is not None:
        return _translator(context, text, disambiguation, n)
    return text.replace("%n", str(n)) if n >= 0 else text
