"""Shared fixtures: our own small source files, and the real seeds when `../shared` is beside the repo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = FIXTURES / "sources"
SEEDS = ROOT.parent / "shared" / "seeds"
AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def sources() -> Path:
    """The folder of hand-written source fixtures."""
    return SOURCES


@pytest.fixture
def seeds() -> Path:
    """The real seed files; tests using them skip cleanly when `../shared` is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    return SEEDS


@pytest.fixture
def as_of() -> dt.date:
    return AS_OF
