"""A name or title that slugifies to a name the site's layout uses (`index`) gets a page of its own; it
never loses it to the section page."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.model.slugs import assign_slugs
from generator.pipeline import load_portfolio
from tests.conftest import AS_OF
from tests.made_sources import MadePaper, MadeProfile
from tests.projects import build, make_project

LAYOUT_NAMES = {"index"}


def index_sources(folder):
    """An author named Index with a paper titled Index, and another author who lists Index as a co-author."""
    folder.mkdir(parents=True, exist_ok=True)
    index = MadeProfile(
        "Index",
        [MadePaper("Index", ["Index", "Ada Byron"], org="Index"), MadePaper("Sorting Without Comparisons", ["Index"])],
    )
    ada = MadeProfile(
        "Ada Byron",
        [MadePaper("Index", ["Index", "Ada Byron"]), MadePaper("Engines of Difference", ["Ada Byron", "Index"])],
    )
    (folder / "index.txt").write_text(index.text(), "utf-8")
    (folder / "ada.txt").write_text(ada.text(), "utf-8")
    return folder


def test_assign_slugs_never_gives_a_layout_name():
    texts = {"a": "Index", "b": "INDEX!", "c": "index author", "d": "Indexing"}
    slugs = assign_slugs(list(texts), texts, fallback="author")
    assert not set(slugs.values()) & LAYOUT_NAMES
    assert len(set(slugs.values())) == 4 and slugs["d"] == "indexing"
    assert {slugs["a"], slugs["b"], slugs["c"]} >= {"index-author"}


def test_an_author_and_a_paper_named_index_get_slugs_of_their_own(tmp_path):
    portfolio = load_portfolio([index_sources(tmp_path / "profiles")], AS_OF)
    assert sorted(a.slug for a in portfolio.authors) == ["ada-byron", "index-author"]
    assert "index-paper" in portfolio.papers and "index" not in portfolio.papers


@pytest.mark.slow
def test_the_index_author_page_is_built_and_linked_beside_the_authors_page(tmp_path):
    project = make_project(tmp_path / "project")
    index_sources(project / "profiles")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    assert "hand-written" not in stderr
    site = project / "site"

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")

    authors = page("authors/index.html")
    assert authors.select_one(".pf-authors-index h1").get_text() == "Authors"
    cards = {card.get_text(): card["href"] for card in authors.select(".pf-author-card .pf-card__name a")}
    assert set(cards) == {"Index", "Ada Byron"}
    target = urljoin("authors/", cards["Index"])
    assert target == "authors/index-author/"
    assert page(f"{target}index.html").select_one(".pf-author h1").get_text() == "Index"
    assert page("papers/index.html").select_one(".pf-papers-index h1").get_text() == "Papers"
    paper = page("papers/index-paper/index.html")
    assert paper.select_one(".pf-paper-page h1").get_text() == "Index"
    # Ada's page links her co-author Index (a profiled author) to Index's own page, not to the list.
    ada = page("authors/ada-byron/index.html")
    links = {a.get_text(): urljoin("authors/ada-byron/", a["href"]) for a in ada.select("a.pf-profiled")}
    assert links["Index"] == "authors/index-author/"


@pytest.mark.parametrize("name", ["index", "by-letter", "sitemap", "radar", "statistics", "page-2", "page-17"])
def test_no_slug_takes_a_name_the_layout_gives_a_meaning(name):
    from generator.layout import RESERVED_NAMES

    texts = {"a": name.replace("-", " ").title(), "b": f"{name} study"}
    slugs = assign_slugs(list(texts), texts, fallback="collection")
    assert slugs["a"] != name and slugs["a"] not in RESERVED_NAMES and slugs["a"].startswith(name.split("-")[0])
    assert len(set(slugs.values())) == 2
