"""`portfolio new DIR` scaffolds a portfolio that builds with `mkdocs build --strict` as it is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import run_portfolio

pytestmark = pytest.mark.slow


def test_new_portfolio_builds_strictly_as_it_is(tmp_path):
    root = tmp_path / "our-lab"
    run_portfolio("new", root)
    for path in ("mkdocs.yml", "docs/index.md", ".gitignore", ".github/workflows/pages.yml", "theme_overrides/main.html"):
        assert (root / path).is_file(), path
    assert sorted(p.name for p in (root / "profiles").iterdir())
    assert yaml.safe_load((root / "mkdocs.yml").read_text("utf-8").replace("!!python/name:", ""))["site_name"] == "Our Lab"
    assert "site/" in (root / ".gitignore").read_text("utf-8").split()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((root / "site/index.html").read_text("utf-8"), "html.parser")
    assert "front page of your research portfolio" in home.get_text()
    overview = BeautifulSoup((root / "site/overview/index.html").read_text("utf-8"), "html.parser")
    assert len(overview.select(".pf-author-card")) == 2


def test_new_never_overwrites(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = run_portfolio("new", tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"portfolio: error: {tmp_path} already exists and is not an empty folder: nothing was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_without_profiles_the_bundled_examples_are_built(tmp_path):
    root = tmp_path / "lab"
    run_portfolio("new", root)
    for profile in (root / "profiles").iterdir():
        profile.unlink()
    result = run_portfolio("build", cwd=root)
    assert "building the bundled example portfolio" in result.stderr
    assert (root / "site/authors/ada-marlowe/index.html").is_file()
