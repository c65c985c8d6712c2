"""Shared fixtures for GUI tests: small, seeded experiments and a place for screenshots."""

import os
from pathlib import Path

import pytest


@pytest.fixture
def shots(tmp_path):
    """Directory for rendered PNGs (also copied to $VN_SHOTS when set, for looking at them by hand)."""
    out = Path(os.environ.get("VN_SHOTS", tmp_path / "shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(autouse=True, scope="session")
def english(qapp):
    """The app's language as the app installs it at start: English, with its plural forms ("1 input") and the
    bundled Hangul font. Tests that switch to Korean switch back."""
    from visualnet.ui import i18n

    i18n.install("en")
    yield
