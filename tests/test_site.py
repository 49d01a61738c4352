"""The built seeds site, read with an HTML parser: pages, links, math, citations and search."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.search import readable
from tests.test_search_build import fragments as search_fragments

pytestmark = pytest.mark.slow


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


@pytest.fixture(scope="module")
def parsed_seeds(seeds):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", "--as-of", "2026-11-22", str(seeds)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_build_is_clean(seeds_site):
    log = seeds_site.with_name("build.log").read_text("utf-8")
    assert "WARNING" not in log and "ERROR" not in log
    assert "generated" in log


def test_site_has_every_page(seeds_site):
    assert sorted(p.name for p in (seeds_site / "authors").iterdir() if p.is_dir()) == ["deqing-fu", "zhi-hong-deng"]
    assert len([p for p in (seeds_site / "papers").iterdir() if p.is_dir()]) == 90
    for kind in ("categories", "years", "orgs", "coauthors"):
        assert any((seeds_site / "topics" / kind).iterdir()), kind
    assert (seeds_site / "topics/years/2025/index.html").is_file()
    assert (seeds_site / "topics/orgs/gatech/index.html").is_file()
    assert sorted(p.name for p in (seeds_site / "collections").iterdir() if p.is_dir()) == [
        "daily-papers-2026-01-06",
        "radar",
    ]
    assert (seeds_site / "topics/statistics/index.html").is_file()
    for slug in ("deqing-fu", "zhi-hong-deng"):
        assert (seeds_site / "authors" / slug / "cv/index.html").is_file()


def test_search_index_holds_every_title(seeds_site, parsed_seeds):
    titles = {page["meta"]["title"] for page in search_fragments(seeds_site / "pagefind")}
    missing = [p["title"] for p in parsed_seeds["papers"] if readable(p["title"]) not in titles]
    assert missing == []


@pytest.mark.parametrize(("slug", "count"), [("deqing-fu", 18), ("zhi-hong-deng", 42)])
def test_author_page_lists_papers_by_year_with_closed_abstracts(seeds_site, slug, count):
    page = content(soup(seeds_site / "authors" / slug / "index.html"))
    items = page.select("li.pf-paper")
    assert len(items) == count
    years = [h.get_text(" ", strip=True).split()[0] for h in page.select("section.pf-year > h3")]
    numeric = [int(y) for y in years if y.isdigit()]
    assert numeric == sorted(numeric, reverse=True) and len(set(years)) == len(years)
    for section in page.select("section.pf-year"):
        year = section.h3.get_text(" ", strip=True).split()[0]
        for time in section.select(".pf-paper__badges time"):
            assert time["datetime"].startswith(year)
    details = page.select("li.pf-paper details.pf-abstract")
    assert details and all(not d.has_attr("open") for d in details)
    assert all(d.summary for d in details)


def test_author_page_highlights_self_and_links_other_profiled_authors(seeds_site):
    page = content(soup(seeds_site / "authors/deqing-fu/index.html"))
    assert {s.get_text() for s in page.select(".pf-self")} == {"Deqing Fu"}
    header = page.select_one(".pf-author-header")
    values = {
        m.select_one(".pf-metric__label").get_text(): m.select_one(".pf-metric__value").get_text()
        for m in header.select(".pf-metric")
    }
    assert values == {"h-index": "41", "citations": "437", "papers": "18", "novelty": "58%", "AI score": "61"}
    assert page.select("#coauthors ~ ul.pf-chips a")
    truncated = [li for li in page.select("li.pf-paper") if li.select_one(".pf-etal")]
    assert truncated


def test_every_paper_page(seeds_site, parsed_seeds):
    from generator.model.categories import category_label

    for paper in parsed_seeds["papers"]:
        page = soup(seeds_site / "papers" / paper["id"] / "index.html")
        body = content(page)
        assert body.h1.get_text() == paper["title"]
        assert page.title.get_text().startswith(paper["title"])
        authors = body.select_one(".pf-paper__meta")
        for name in paper["authors"] or []:
            assert name in authors.get_text()
        if paper["date"]:
            assert body.select_one(".pf-facts time")["datetime"] == paper["date"]
        if paper["category"]:
            link = body.find("a", string=category_label(paper["category"]))
            assert link is not None and "topics/categories/" in link["href"]
        bibtex = body.select_one("pre.pf-bibtex code").get_text()
        assert bibtex.startswith("@misc{")
        if paper["authors"]:
            expected = " and ".join(paper["authors"] + (["others"] if paper["authors_truncated"] else []))
            assert f"author = {{{expected}}}" in bibtex


def test_zebra_cot_math_is_rendered(seeds_site):
    page = content(soup(seeds_site / "papers/zebra-cot-a-dataset-for-interleaved-vision-language-reasoning/index.html"))
    maths = page.select(".pf-abstract-text math")
    assert any(m.select_one("mtext[mathvariant=bold]") and "Zebra-CoT" in m.get_text() for m in maths)


@pytest.mark.parametrize(
    "slug",
    [
        "transformers-learn-to-achieve-second-order-convergence-rates-for-in-context",
        "when-do-transformers-learn-heuristics-for-graph-connectivity",
    ],
)
def test_other_formulas_render(seeds_site, slug):
    page = content(soup(seeds_site / "papers" / slug / "index.html"))
    assert page.select(".pf-abstract-text math msup, .pf-abstract-text math mi")


def test_no_raw_latex_in_visible_text(seeds_site):
    for path in seeds_site.rglob("*.html"):
        page = soup(path)
        for node in page.select("annotation, script, style"):
            node.decompose()
        text = page.get_text()
        assert "$\\textbf" not in text and "$\\mathcal" not in text, path


def internal_links(site: Path, page_path: Path):
    page = soup(page_path)
    for a in page.select("a[href]"):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#") or href.startswith("mailto:"):
            continue
        target = (page_path.parent / unquote(parts.path)).resolve()
        if target.is_dir() or not target.suffix:
            target = target / "index.html"
        yield href, target


def test_links_between_generated_pages_resolve(seeds_site):
    broken = []
    for folder in ("authors", "papers", "topics", "collections"):
        for path in (seeds_site / folder).rglob("index.html"):
            for href, target in internal_links(seeds_site, path):
                if not target.exists():
                    broken.append((str(path.relative_to(seeds_site)), href))
    for href, target in internal_links(seeds_site, seeds_site / "index.html"):
        if not target.exists():
            broken.append(("index.html", href))
    assert broken == []


def test_navigation_does_not_list_papers(seeds_site):
    page = soup(seeds_site / "papers/zebra-cot-a-dataset-for-interleaved-vision-language-reasoning/index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert nav_links and not [h for h in nav_links if "papers/" in h and not h.rstrip("/").endswith("papers")]
    assert len(nav_links) < 20


def test_collection_page_in_page_order(seeds_site, parsed_seeds):
    collection = parsed_seeds["collections"][0]
    page = content(soup(seeds_site / "collections" / collection["slug"] / "index.html"))
    links = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select("li.pf-paper > a.pf-paper__title")]
    assert links == collection["papers"]
    minimax = next(li for li in page.select("li.pf-paper") if "MiniMax-M1" in li.get_text())
    assert "6 votes" in minimax.get_text() and "127 authors" in minimax.get_text()


def test_index_pages_list_newest_first(seeds_site):
    for path in (seeds_site / "topics" / "coauthors").rglob("index.html"):
        dates = [t["datetime"] for t in content(soup(path)).select("li.pf-paper time")]
        assert dates == sorted(dates, reverse=True), path


def test_category_index_lists_its_papers(seeds_site, parsed_seeds):
    cv = [p["title"] for p in parsed_seeds["papers"] if p["category"] == "CV"]
    page = content(soup(next((seeds_site / "topics/categories").glob("*cs-cv/index.html"))))
    listed = {a.get_text(strip=True) for a in page.select("a")}
    assert set(cv) <= listed
