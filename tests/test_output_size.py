"""A site's size stays within a small constant factor of its sources, whatever they hold: what one input may
cost is capped (names a listing shows, papers a co-author's page lists, formulas rendered as math per
abstract, the length of a title, name or abstract), with a warning when a cap cuts something."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.layout import COAUTHOR_PAGE_PAPERS
from generator.markup import MAX_FORMULAS
from generator.model.assemble import MAX_ABSTRACT
from generator.pipeline import load_portfolio
from generator.render.environment import LIST_AUTHORS
from tests.conftest import AS_OF
from tests.made_sources import MadePaper, MadeProfile
from tests.projects import build, make_project

pytestmark = pytest.mark.slow

# The most a built site may weigh per byte of its sources, beyond a site of one small paper (the theme's files
# and the fixed pages). Every paper's text appears on its page, in listings, feeds, citations, data files and
# the search index, and every page carries the theme's navigation: ordinary portfolios come to 30 to 40 (the
# seeds 40, the benchmark's synthetic ones 34), and no input may cost much more (the first input below comes
# to 46; before the caps it came to about 250, growing with the square of the file).
GROWTH_LIMIT = 60


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def built(tmp_path: Path, name: str, profiles: list[MadeProfile]) -> tuple[Path, int, str]:
    """A project holding these profiles, built; returns the site, the sources' size and the build's messages."""
    project = make_project(tmp_path / name)
    for number, profile in enumerate(profiles):
        (project / "profiles" / f"profile-{number}.txt").write_text(profile.text(), "utf-8")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    return project / "site", folder_bytes(project / "profiles"), stderr


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> int:
    """The size of a site of one small paper: what any site weighs, whatever its sources."""
    site, _, _ = built(
        tmp_path_factory.mktemp("baseline"), "one", [MadeProfile("Ada Byron", [MadePaper("One", ["Ada Byron"])])]
    )
    return folder_bytes(site)


def growth(site: Path, source_bytes: int, baseline: int) -> float:
    return (folder_bytes(site) - baseline) / source_bytes


def test_papers_sharing_two_hundred_co_authors(tmp_path, baseline):
    """Each co-author's page listed every shared paper with its whole author line: quadratic in the file."""
    team = ["Ada Byron", *(f"Coauthor{number} Person" for number in range(198)), "Last Person et al."]
    papers = [
        MadePaper(
            f"Shared Work Number {number} on Things",
            team,
            abstract="We study things. " * 20,
            date=f"Mar {1 + number % 28}, 2024",
        )
        for number in range(3 * COAUTHOR_PAGE_PAPERS)
    ]
    site, source_bytes, stderr = built(tmp_path, "team", [MadeProfile("Ada Byron", papers)])
    assert growth(site, source_bytes, baseline) < GROWTH_LIMIT
    coauthor = BeautifulSoup((site / "topics/coauthors/coauthor7-person/index.html").read_text("utf-8"), "html.parser")
    assert len(coauthor.select("li.pf-paper")) == COAUTHOR_PAGE_PAPERS
    assert "the 200 older ones are on their authors' pages" in coauthor.select_one(".pf-more").get_text()
    line = coauthor.select_one("li.pf-paper .pf-authors")
    assert (
        len(line.get_text().split(", ")) == LIST_AUTHORS
        and line.select_one(".pf-more-authors").get_text() == "and 190+ more"
    )
    assert "'Coauthor7 Person' is a co-author of 300 papers: their co-author page lists the newest 100" in stderr
    paper = BeautifulSoup((site / "papers/shared-work-number-0-on-things/index.html").read_text("utf-8"), "html.parser")
    assert len(paper.select_one(".pf-paper-page .pf-authors").get_text().split(", ")) == 200  # its own page: all


def test_an_abstract_of_formulas(tmp_path, baseline):
    """Each `$x^2$` became a MathML element many times its size, on the paper's page and its author's."""
    formulas = "Squares: " + "$x^2$ and " * (MAX_ABSTRACT // 11)
    site, source_bytes, stderr = built(
        tmp_path, "formulas", [MadeProfile("Ada Byron", [MadePaper("Squares", ["Ada Byron"], abstract=formulas)])]
    )
    assert growth(site, source_bytes, baseline) < GROWTH_LIMIT
    page = BeautifulSoup((site / "papers/squares/index.html").read_text("utf-8"), "html.parser")
    abstract = page.select_one(".pf-abstract-text")
    assert len(abstract.select("math")) == MAX_FORMULAS
    assert abstract.get_text().rstrip().endswith("$x^2$ and")  # the others as their TeX text
    assert f"formulas: the first {MAX_FORMULAS} are shown as math, the others as their TeX text" in stderr


def test_a_huge_abstract_is_cut_with_a_warning(tmp_path):
    text = "A very long abstract. " * 50_000  # 1.1 MB
    portfolio = load_portfolio(
        [_written(tmp_path, MadeProfile("Ada Byron", [MadePaper("Long", ["Ada Byron"], abstract=text)]))], AS_OF
    )
    [paper] = portfolio.papers.values()
    assert len(paper.abstract) <= MAX_ABSTRACT and paper.abstract.endswith("abstract.…")
    assert any("the abstract is 1,099,999 characters long: cut to" in str(d) for d in portfolio.diagnostics)


def test_long_names_and_titles_are_cut_with_a_warning(tmp_path):
    profile = MadeProfile(
        "Ada Byron", [MadePaper("Title " * 400, ["Ada Byron", "Name" * 100 + " et al."], org="Org" * 100)]
    )
    portfolio = load_portfolio([_written(tmp_path, profile)], AS_OF)
    [paper] = portfolio.papers.values()
    assert len(paper.title) <= 1_000 and max(map(len, paper.authors)) <= 200 and len(paper.org) <= 200
    messages = [d.message for d in portfolio.diagnostics]
    assert any(m.startswith("the title is 2,399 characters long") for m in messages)
    assert any(m.startswith("an author's name is 400 characters long") for m in messages)
    assert any(m.startswith("the organisation is 300 characters long") for m in messages)


def _written(folder: Path, profile: MadeProfile) -> Path:
    path = folder / "profile.txt"
    path.write_text(profile.text(), "utf-8")
    return path
