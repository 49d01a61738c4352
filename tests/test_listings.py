"""Listings split into pages: every paper reachable by plain links, page 1 at the listing's own address, the Topics
page bounded, co-authors by letter, feeds in one folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SOURCES
from tests.projects import build, make_project, write_prolific_profile

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("listings") / "project", [SOURCES / "profile_basic.txt"])
    write_prolific_profile(project / "profiles", papers=230)
    code, stderr, _ = build(project)
    assert code == 0, stderr
    return project / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url.lstrip("/") / "index.html").read_text("utf-8"), "html.parser")


def walk(site: Path, url: str) -> list[tuple[str, list[str]]]:
    """Follow `rel=next` from a listing's first page: each page's URL and the paper titles it lists."""
    pages = []
    while url:
        soup = page(site, url)
        titles = [a.get_text() for a in soup.select("article .pf-paper__title")]
        pages.append((url, titles))
        following = soup.select_one("article .pf-pagination a[rel=next]")
        url = urljoin("/" + url, following["href"]).lstrip("/") if following else None
    return pages


def test_a_big_year_is_split_into_pages_that_lead_to_its_last_paper(site):
    pages = walk(site, "topics/years/2024/")
    assert [url for url, _ in pages] == ["topics/years/2024/", "topics/years/2024/page-2/", "topics/years/2024/page-3/"]
    assert [len(titles) for _, titles in pages] == [100, 100, 31]  # 230 studies and one leap-day paper of 2024
    everything = [title for _, titles in pages for title in titles]
    assert len(set(everything)) == 231 and {f"Study {n:03d} of Prolific Learning" for n in range(230)} < set(everything)
    last = page(site, "topics/years/2024/page-3/")
    assert last.select_one("article .pf-pagination a[rel=prev]")["href"].rstrip("/").endswith("page-2")
    assert last.select_one("article .pf-pagination [aria-current=page]").get_text() == "3"
    assert "(page 3 of 3)" in last.title.get_text()
    first = page(site, "topics/years/2024/")
    assert (
        first.select_one("link[rel=canonical]") is None
        or "page-" not in first.select_one("link[rel=canonical]")["href"]
    )


def test_every_listing_page_is_reachable_from_page_one(site):
    for first in ("topics/categories/machine-learning-cs-lg/", "topics/orgs/prolific-institute/"):
        pages = walk(site, first)
        assert len(pages) >= 1 and all(titles for _, titles in pages)
        assert sum(len(titles) for _, titles in pages) == len({t for _, titles in pages for t in titles})


def test_the_topics_page_shows_the_busiest_and_links_to_every_co_author_and_organisation(site):
    topics = page(site, "topics/")
    chips = topics.select("article .pf-chips--people li")
    assert len(chips) == 60  # the most frequent co-authors
    index = page(site, "topics/coauthors/")
    letters = [a.get_text() for a in index.select("article .pf-list a")]
    assert letters and letters == sorted(letters)
    listed = set()
    for link in index.select("article .pf-list a"):
        listed |= {
            a.get_text().rsplit(" ", 1)[0]
            for a in page(site, urljoin("/topics/coauthors/", link["href"]).lstrip("/")).select("article .pf-chip")
        }
    assert {"Ada Quill", "Milo Abara"} <= {name.strip() for name in listed}
    orgs = page(site, "topics/orgs/")
    names = {a.get_text().rsplit(" ", 1)[0] for a in orgs.select("article .pf-chip")}
    assert {f"Lab {n:02d}" for n in range(40)} | {"Prolific Institute", "orchid-lab"} <= names  # more than the 30 shown


def test_author_feeds_live_in_one_folder_with_a_sitemap_material_can_fetch(site):
    assert sorted(p.name for p in (site / "feeds").iterdir()) == [
        "mira-okonkwo-hale.xml",
        "pat-prolific.xml",
        "sitemap.xml",
    ]
    assert not list(site.glob("feed-*.xml"))


def test_a_prolific_author_keeps_one_page_under_the_limit_and_a_small_list_keeps_its_abstracts(site):
    first = page(site, "authors/pat-prolific/")
    listed = [a.get_text() for a in first.select("article .pf-paper__title")]
    assert not first.select("article details.pf-abstract")  # 230 papers with abstracts would not fit
    assert len(set(listed)) == 230 and not first.select("article .pf-pagination")
    assert (site / "authors/pat-prolific/index.html").stat().st_size <= 300 * 1024
    small = page(site, "authors/mira-okonkwo-hale/")
    assert small.select("article details.pf-abstract") and not small.select("article .pf-pagination")


@pytest.fixture(scope="module")
def busier(tmp_path_factory) -> Path:
    """A site whose one author has more papers than one page holds without abstracts."""
    project = make_project(tmp_path_factory.mktemp("busier") / "project")
    write_prolific_profile(project / "profiles", papers=300)
    code, stderr, _ = build(project)
    assert code == 0, stderr
    return project / "site"


def test_a_busier_authors_papers_continue_on_further_pages(busier):
    first = page(busier, "authors/pat-prolific/")
    listed = [a.get_text() for a in first.select("article .pf-paper__title")]
    following = first.select_one("article .pf-pagination a[rel=next]")
    assert following is not None and not first.select("article details.pf-abstract")
    second = page(busier, urljoin("/authors/pat-prolific/", following["href"]).lstrip("/"))
    more = [a.get_text() for a in second.select("article .pf-paper__title")]
    assert len(listed) + len(more) == 300 and not set(listed) & set(more)
    assert second.select_one("article .pf-kicker a")["href"].rstrip("/").endswith("pat-prolific")
    for path in (busier / "authors/pat-prolific/index.html", *busier.glob("authors/pat-prolific/page-*/index.html")):
        assert path.stat().st_size <= 300 * 1024, path
