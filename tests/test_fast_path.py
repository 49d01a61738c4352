"""The shortcuts that make big sites fast change nothing in what is built.

Generated pages reach MkDocs as data (`generator/prerendered.py`): that is only right because Markdown
leaves every generated body exactly as it is and the front matter reads back as the data it was written
from. A no-change re-run of `portfolio generate` (`generator/rerun.py`) writes nothing, and runs again
as soon as a source or an output file changes.
"""

from __future__ import annotations

import shutil

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from generator.pipeline import load_portfolio
from generator.render import RenderOptions, render_site
from tests.conftest import AS_OF, FIXTURES, ROOT, SEEDS, run_portfolio
from tests.test_generate import make_portfolio

SOURCE_SETS = {"fixtures": FIXTURES / "sources", "hostile": FIXTURES / "hostile", "seeds": SEEDS}


def generated_pages(name: str):
    if not SOURCE_SETS[name].is_dir():
        pytest.skip(f"{SOURCE_SETS[name]} is not here")
    return render_site(load_portfolio([SOURCE_SETS[name]], AS_OF), RenderOptions())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SOURCE_SETS))
def test_markdown_leaves_every_generated_body_as_it_is(name):
    config = load_config(str(ROOT / "mkdocs.yml"))
    for page in generated_pages(name):
        converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        assert converter.convert(page.body) == page.body.strip(), page.path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SOURCE_SETS))
def test_front_matter_reads_back_as_the_data_it_was_written_from(name):
    for page in generated_pages(name):
        assert page.text.startswith("---\n") and page.text.endswith(page.body + "\n")
        assert yaml.safe_load(page.text[4:].split("\n---\n", 1)[0]) == page.meta, page.path


@pytest.mark.slow
def test_a_generated_page_in_a_hand_written_nav_keeps_its_nav_title_and_metadata(tmp_path):
    root = make_portfolio(tmp_path)
    config = (root / "mkdocs.yml").read_text("utf-8")
    nav = "nav:\n  - Home: index.md\n  - Our favourite: papers/index.md\n  - Mira: authors/mira-okonkwo-hale.md\n"
    (root / "mkdocs.yml").write_text(config + nav, "utf-8")
    run_portfolio("build", "--as-of", "2026-11-22", cwd=root)
    page = BeautifulSoup((root / "site/authors/mira-okonkwo-hale/index.html").read_text("utf-8"), "html.parser")
    tabs = [a.get_text(strip=True) for a in page.select(".md-tabs__link")]
    assert "Mira" in tabs and "Our favourite" in tabs
    assert page.select_one('meta[property="og:type"]')["content"] == "profile"  # front matter reached the theme
    assert page.select_one("article h1").get_text(strip=True) == "Mira Okonkwo-Hale"


@pytest.mark.slow
def test_a_no_change_re_run_of_generate_writes_nothing_and_a_change_runs_again(tmp_path):
    root = make_portfolio(tmp_path)
    out = root / "generated"
    arguments = ("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles")
    run_portfolio(*arguments, cwd=root)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = run_portfolio(*arguments, cwd=root)
    assert ": 0 written," in again.stderr and "up to date" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times

    page = out / "authors/mira-okonkwo-hale.md"
    page.write_text("edited by hand", "utf-8")  # an output file changed: the run checks every file again
    repaired = run_portfolio(*arguments, cwd=root)
    assert "up to date" not in repaired.stderr and page.read_text("utf-8").startswith("---\n")

    source = next((root / "profiles").glob("profile_*.txt"))
    source.write_text(source.read_text("utf-8").replace("h-index", "h-index1", 1), "utf-8")
    changed = run_portfolio(*arguments, cwd=root)
    assert "up to date" not in changed.stderr and " 0 written" not in changed.stderr


@pytest.mark.slow
def test_a_re_run_with_other_options_is_not_taken_for_a_no_change_run(tmp_path):
    root = make_portfolio(tmp_path)
    out = root / "generated"
    run_portfolio("generate", "--as-of", "2026-11-22", "--out", out, root / "profiles", cwd=root)
    other_day = run_portfolio("generate", "--as-of", "2026-11-23", "--out", out, root / "profiles", cwd=root)
    assert "up to date" not in other_day.stderr
    shutil.rmtree(out / "papers")
    missing = run_portfolio("generate", "--as-of", "2026-11-23", "--out", out, root / "profiles", cwd=root)
    assert "up to date" not in missing.stderr and (out / "papers").is_dir()


@pytest.mark.slow
def test_a_no_change_build_writes_nothing_and_any_change_builds_again(tmp_path):
    root = make_portfolio(tmp_path)
    arguments = ("build", "--as-of", "2026-11-22")
    first = run_portfolio(*arguments, cwd=root)
    assert "up to date" not in first.stderr
    times = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()}
    again = run_portfolio(*arguments, cwd=root)
    assert "is up to date" in again.stderr and "nothing was written" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()} == times

    changes = [
        ("a file deleted from the site", lambda: (root / "site/authors/mira-okonkwo-hale/index.html").unlink()),
        ("a file added to the site", lambda: (root / "site/stray.txt").write_text("x", "utf-8")),
        (
            "a site file rewritten at its size",
            lambda: (root / "site/robots.txt").write_bytes(bytes(reversed((root / "site/robots.txt").read_bytes()))),
        ),
        ("a file added deep in the site", lambda: (root / "site/papers/stray.html").write_text("x", "utf-8")),
        (
            "a source edited",
            lambda: next((root / "profiles").glob("profile_*.txt")).write_text(
                next((root / "profiles").glob("profile_*.txt")).read_text("utf-8").replace("h-index", "h-index1", 1),
                "utf-8",
            ),
        ),
        (
            "the theme's stylesheet",
            lambda: (root / "theme_overrides/assets/stylesheets/portfolio.css").write_text("/* edited */\n", "utf-8"),
        ),
        ("a hand-written page added", lambda: (root / "docs/about.md").write_text("# About us\n", "utf-8")),
        (
            "mkdocs.yml",
            lambda: (root / "mkdocs.yml").write_text(
                (root / "mkdocs.yml").read_text("utf-8").replace("site_name: Research portfolio", "site_name: Lab"),
                "utf-8",
            ),
        ),
    ]
    for what, change in changes:
        change()
        rebuilt = run_portfolio(*arguments, cwd=root)
        assert "up to date" not in rebuilt.stderr and "portfolio: built" in rebuilt.stderr, what
        assert "is up to date" in run_portfolio(*arguments, cwd=root).stderr, what
    assert (root / "site/authors/mira-okonkwo-hale/index.html").is_file() and not (root / "site/stray.txt").exists()
    assert not (root / "site/papers/stray.html").exists() and (root / "site/robots.txt").read_text("utf-8").startswith(
        "User"
    )
    assert "up to date" not in run_portfolio(*arguments, "--force", cwd=root).stderr
    assert "up to date" not in run_portfolio("build", "--as-of", "2026-11-23", cwd=root).stderr  # another day
