"""`portfolio build --author SLUG`: a personal site for one author, from the same sources."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SOURCES, run_portfolio

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("slug", "name", "count"), [("deqing-fu", "Deqing Fu", 18), ("zhi-hong-deng", "Zhi-Hong Deng", 42)]
)
def test_personal_site_of_each_seed_author(tmp_path, seeds, slug, name, count):
    site = tmp_path / "site"
    run_portfolio("build", "--as-of", "2026-11-22", "--author", slug, "-d", site, seeds)
    papers = [p for p in (site / "papers").iterdir() if p.is_dir()]
    assert len(papers) == count
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one(".pf-author-header h1").get_text() == name
    assert len(home.select("li.pf-paper")) == count
    assert not (site / "authors" / slug).exists()  # home is the author page
    assert home.select("#coauthors ~ ul.pf-chips a")  # co-authors still listed
    collections = site / "collections"
    assert not [p for p in collections.iterdir() if p.is_dir()]  # the seed feed shares no paper with either
    # The indexes are cut down to the author's papers: every paper they link to is on this site.
    linked = set()
    for page in [site / "index.html", site / "authors/index.html", *sorted((site / "topics").rglob("index.html"))]:
        for link in BeautifulSoup(page.read_text("utf-8"), "html.parser").select("a[href]"):
            if match := re.search(r"(?:^|/)papers/([^/#]+)/", link["href"]):
                linked.add(match.group(1))
    assert linked == {p.name for p in papers}
    authors = BeautifulSoup((site / "authors/index.html").read_text("utf-8"), "html.parser")
    assert [card.select_one("a").get_text(strip=True) for card in authors.select(".pf-author-card")] == [name]


def test_personal_site_keeps_only_collections_that_hold_the_authors_papers(tmp_path):
    site = tmp_path / "site"
    run_portfolio(
        "build",
        "--as-of",
        "2026-11-22",
        "--author",
        "mira-okonkwo-hale",
        "-d",
        site,
        SOURCES / "profile_basic.txt",
        SOURCES / "profile_coauthor.txt",
        SOURCES / "feed_basic.txt",
    )
    radar, collection = sorted(
        (p for p in (site / "collections").iterdir() if p.is_dir()), key=lambda p: p.name != "radar"
    )
    assert radar.name == "radar"  # the feed papers closest to the author's work
    page = BeautifulSoup((collection / "index.html").read_text("utf-8"), "html.parser")
    titles = [a.get_text() for a in page.select("li.pf-paper .pf-paper__title")]
    assert titles == ["Counting Ducks in Aerial Photographs"]
    assert len([p for p in (site / "papers").iterdir() if p.is_dir()]) == 4
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert "Lin Wei" in home.select_one("#coauthors").find_next("ul").get_text()


def test_unknown_author_lists_the_known_ones(tmp_path):
    result = run_portfolio(
        "build",
        "--author",
        "nobody",
        "-d",
        tmp_path / "site",
        SOURCES / "profile_basic.txt",
        SOURCES / "profile_coauthor.txt",
        check=False,
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "unknown author 'nobody'" in last and "lin-wei" in last and "mira-okonkwo-hale" in last
    assert "Traceback" not in result.stderr


def test_a_personal_sites_cv_is_at_cv_and_its_author_page_links_to_it(tmp_path, seeds):
    site = tmp_path / "site"
    run_portfolio("build", "--as-of", "2026-11-22", "--author", "deqing-fu", "-d", site, seeds)
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    link = next(a for a in home.select("a.pf-download") if a.get_text() == "Printable CV")
    assert link["href"] == "cv/"
    cv = BeautifulSoup((site / "cv/index.html").read_text("utf-8"), "html.parser")
    assert cv.select_one(".pf-cv__name").get_text() == "Deqing Fu"
    assert len(cv.select(".pf-cv__all li")) == 18
    back = cv.select_one(".pf-cv__back a")["href"]
    assert back in ("../", "..")  # the author page is the home page
