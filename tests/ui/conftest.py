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
