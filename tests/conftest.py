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


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The real seed files; tests using them skip cleanly when `../shared` is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    return SEEDS


@pytest.fixture
def as_of() -> dt.date:
    return AS_OF


def run_portfolio(*args, cwd=ROOT, env=None, check=True):
    """Run the `portfolio` command as a user would, in a subprocess."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
        if name not in (env or {}):
            environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"portfolio {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory) -> Path:
    """The seeds built once per test session with `portfolio build --as-of 2026-11-22`."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    site = tmp_path_factory.mktemp("seeds") / "site"
    result = run_portfolio("build", "--as-of", "2026-11-22", "-d", site, SEEDS, env={"SOURCE_DATE_EPOCH": "1700000000"})
    site.with_name("build.log").write_text(result.stderr, "utf-8")
    return site
