"""Hand-written pages win, and `portfolio generate --out` gives plain Markdown another build can use."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, SOURCES, run_portfolio
from tests.projects import tree_hashes

FIXTURE_SOURCES = ["profile_basic.txt", "profile_coauthor.txt", "feed_basic.txt", "abstracts_basic.txt"]


def make_portfolio(tmp_path: Path) -> Path:
    """A small portfolio folder: mkdocs.yml from the repo, our fixtures as profiles, its own docs/."""
    (tmp_path / "profiles").mkdir()
    for name in FIXTURE_SOURCES:
        shutil.copy(SOURCES / name, tmp_path / "profiles" / name)
    (tmp_path / "docs").mkdir()
    shutil.copytree(ROOT / "theme_overrides", tmp_path / "theme_overrides")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.mark.slow
def test_hand_written_home_wins_and_overview_moves(tmp_path):
    root = make_portfolio(tmp_path)
    (root / "docs/index.md").write_text("# Our lab\n\nWelcome to the lab's own front page.\n", "utf-8")
    before = (root / "docs/index.md").read_bytes()
    run_portfolio("build", "--as-of", "2026-11-22", cwd=root)
    home = BeautifulSoup((root / "site/index.html").read_text("utf-8"), "html.parser")
    assert "Welcome to the lab's own front page." in home.get_text()
    overview = BeautifulSoup((root / "site/overview/index.html").read_text("utf-8"), "html.parser")
    assert overview.select(".pf-author-card")
    assert (root / "docs/index.md").read_bytes() == before
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["index.md"]  # nothing written into docs/


@pytest.mark.slow
def test_hand_written_page_at_a_generated_path_wins_with_a_warning(tmp_path):
    root = make_portfolio(tmp_path)
    (root / "docs/papers").mkdir()
    (root / "docs/papers/index.md").write_text("# Our papers\n\nCurated by hand.\n", "utf-8")
    result = run_portfolio("build", "--as-of", "2026-11-22", cwd=root, check=False)
    assert "papers/index.md" in result.stderr and "hand-written" in result.stderr
    page = BeautifulSoup((root / "site/papers/index.html").read_text("utf-8"), "html.parser")
    assert "Curated by hand." in page.get_text()


@pytest.mark.slow
def test_generate_writes_plain_markdown_that_builds_without_the_plugin(tmp_path):
    root = make_portfolio(tmp_path)
    out = root / "generated"
    run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "index.md" in pages and "authors/mira-okonkwo-hale.md" in pages
    assert any(p.startswith("papers/") for p in pages)
    text = (out / "authors/mira-okonkwo-hale.md").read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["portfolio"]["kind"] == "author" and front["title"] == "Mira Okonkwo-Hale"
    config = yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text("utf-8").replace("!!python/name:generator.tags.newest_first", "x")
    )
    config["plugins"] = ["search", "tags"]
    config["docs_dir"] = "generated"
    config.pop("nav", None)
    config["nav"] = [
        {"Home": "index.md"},
        {"Authors": "authors/index.md"},
        {"Papers": "papers/index.md"},
        {"Topics": "topics/index.md"},
        {"Collections": "collections/index.md"},
    ]
    (root / "plain.yml").write_text(yaml.safe_dump(config), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "plain.yml", "-d", "plain-site"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((root / "plain-site/authors/mira-okonkwo-hale/index.html").read_text("utf-8"), "html.parser")
    assert len(page.select("li.pf-paper")) == 4


@pytest.mark.slow
def test_generate_twice_writes_nothing_the_second_time(tmp_path):
    root = make_portfolio(tmp_path)
    out = root / "generated"
    run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root)
    again = run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root)
    assert ": 0 written," in again.stderr


@pytest.mark.slow
def test_generate_refuses_a_linked_folder_that_leads_out_of_the_output(tmp_path):
    """A symbolic link in the output folder never carries a generated page outside it, however many pages
    share the linked folder (the check is made once per folder)."""
    root = make_portfolio(tmp_path)
    out, elsewhere = root / "generated", tmp_path / "elsewhere"
    run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root)  # a folder of ours
    shutil.rmtree(out / "papers")
    elsewhere.mkdir()
    (out / "papers").symlink_to(elsewhere, target_is_directory=True)
    before = tree_hashes(out)
    result = run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root, check=False)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert "refusing to write outside the output folder" in lines[-1] and "through a link" in lines[-1]
    assert "Traceback" not in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert tree_hashes(out) == before  # nothing written, not even the manifest
