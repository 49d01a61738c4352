"""The insights on the built seeds site: every number a page shows is recomputed here from the site's own data
(`api/`), the model or the other pages, never taken from the code that drew it."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

AUTHORS = {"zhi-hong-deng": "Zhi-Hong Deng", "deqing-fu": "Deqing Fu"}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")


def data(site: Path, path: str):
    return json.loads((site / path).read_text("utf-8"))


def paper_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "papers").glob("*/index.html"))


def target(site: Path, page: str, href: str) -> Path:
    """The file a relative link of `page` (a folder under the site) leads to."""
    path = (site / page / href.split("#")[0]).resolve()
    return path / "index.html" if path.is_dir() else path


def test_both_author_pages_show_charts_trajectory_network_and_similar_researchers(seeds_site):
    for slug in AUTHORS:
        page = soup(seeds_site, f"authors/{slug}")
        headings = [h.get_text(strip=True) for h in page.select("h2")]
        for heading in ("Output over time", "Research trajectory", "Co-author network", "Similar researchers"):
            assert heading in headings, (slug, heading)
        for chart in page.select(".pf-insight svg"):
            assert chart.get("role") == "img" and chart.get("aria-labelledby") or chart.find("title"), slug
        sentence = page.select_one(".pf-trajectory__sentence")
        assert sentence is not None and re.match(
            r"^Mostly .+ until \d{4} \(\d+ of \d+ papers?\), mostly .+ since \d{4}", sentence.get_text()
        ), slug
        other = next(n for s, n in AUTHORS.items() if s != slug)
        similar = [a.get_text() for a in page.select(".pf-similar a")]
        assert similar == [other], slug  # the only other profiled author, sharing terms
        assert page.select_one(".pf-similar .pf-reason").get_text().startswith("shared terms: ")
        network = page.select_one(".pf-insight--network svg")
        assert network is not None and page.select(".pf-coauthor-list li"), slug


def test_deng_chart_adds_up_to_his_42_papers_and_to_the_categories_on_his_page(seeds_site):
    page = soup(seeds_site, "authors/zhi-hong-deng")
    bars = page.select(".pf-insight--output svg g.pf-bar")
    per_series, total = Counter(), 0
    for bar in bars:
        segments = bar.select("rect[data-series]")
        assert sum(int(s["data-count"]) for s in segments) == int(bar["data-total"])
        total += int(bar["data-total"])
        for segment in segments:
            per_series[segment["data-series"]] += int(segment["data-count"])
    mine = data(seeds_site, "api/authors/zhi-hong-deng.json")
    assert total == len(mine["papers"]) == 42
    # every category is a series of its own (five, fewer than the palette's colours), drawn with his papers' counts
    assert dict(per_series) == dict(Counter(paper["category"] for paper in mine["papers"]))
    # and the category badges of his page ("Machine Learning · 18", titled "... (cs.LG)") say the same counts
    shown = {}
    for badge in page.select(".pf-card__topics .pf-badge--category"):
        code = re.search(r"\(cs\.(\w+)\)$", badge["title"])[1]
        shown[code] = int(badge.get_text().rsplit(" · ", 1)[1])
    assert len(shown) == 3 and all(per_series[code] == count for code, count in shown.items()), (shown, per_series)
    # the table beside the chart holds the same totals
    table = page.select_one(".pf-insight--output table")
    assert table.select_one("tfoot td:last-child").get_text() == "42"


def test_every_paper_page_lists_five_related_papers_with_their_reasons(seeds_site):
    pages = paper_pages(seeds_site)
    assert len(pages) > 50
    titles = {}
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        titles[path.parent.name] = page.select_one("h1").get_text()
    pointing = {}
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        items = page.select(".pf-insight--related li")
        assert len(items) == 5, path.parent.name
        links = []
        for item in items:
            link = item.select_one("a")
            reached = target(seeds_site, f"papers/{path.parent.name}", link["href"])
            assert reached.is_file() and reached.parent.parent.name == "papers", link["href"]
            assert reached.parent.name != path.parent.name  # never the paper itself
            assert titles[reached.parent.name] == link.get_text()
            reason = item.select_one(".pf-reason").get_text()
            assert reason.startswith(("Shared terms: ", "Shared authors: ")), reason
            links.append(reached.parent.name)
        assert len(set(links)) == 5
        pointing[path.parent.name] = links
    addition = next(k for k, t in titles.items() if t.startswith("Pre-trained Large Language Models Use Fourier"))
    fone = next(k for k, t in titles.items() if t.startswith("FoNE"))
    assert pointing[addition][0] == fone and pointing[fone][0] == addition


def test_the_lab_table_and_its_csv_hold_every_authors_numbers(seeds_site):
    page = soup(seeds_site, "authors")
    table = page.select_one("table[data-pf-sortable]")
    headings = [th.get_text() for th in table.select("thead th")]
    rows = {
        tr.select_one("th").get_text(): [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")
    }
    assert list(rows) == sorted(AUTHORS.values(), key=str.casefold)
    link = page.select_one(".pf-lab__export a")
    reached = target(seeds_site, "authors", link["href"])
    with reached.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["Name"] for r in records] == list(rows)
    for record in records:
        author = data(seeds_site, f"api/authors/{record['slug']}.json")["author"]
        cells = dict(zip(headings[1:], rows[record["Name"]]))
        assert record["h-index"] == str(author["h_index"]) == cells["h-index"]
        assert int(record["Citations"]) == author["citations"] == int(cells["Citations"].replace(",", ""))
        per_paper = author["citations"] / int(record["Papers"])
        assert float(record["Citations per paper"]) == pytest.approx(per_paper, abs=0.01)
        assert record["Primary field code"] in {author["category"], f"cs.{author['category']}"}


def test_the_json_resume_validates_and_lists_what_the_page_shows(seeds_site):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas/json-resume.schema.json").read_text("utf-8"))
    for slug, name in AUTHORS.items():
        resume = data(seeds_site, f"api/authors/{slug}.resume.json")
        jsonschema.validate(resume, schema)
        assert resume["basics"]["name"] == name
        mine = data(seeds_site, f"api/authors/{slug}.json")
        # as plain text: `G$^3$SR` is `G^3SR` in a resume
        assert Counter(p["name"] for p in resume["publications"]) == Counter(
            " ".join(p["title"].replace("$", "").split()) for p in mine["papers"]
        )
        page = soup(seeds_site, f"authors/{slug}")
        link = page.select_one(f'a[href$="{slug}.resume.json"]')
        assert link is not None and target(seeds_site, f"authors/{slug}", link["href"]).is_file()


def test_the_cv_page_has_the_name_metrics_and_every_paper_by_year(seeds_site):
    for slug, name in AUTHORS.items():
        author_page = soup(seeds_site, f"authors/{slug}")
        link = next(a for a in author_page.select("a.pf-download") if a.get_text() == "Printable CV")
        reached = target(seeds_site, f"authors/{slug}", link["href"])
        assert reached == (seeds_site / f"authors/{slug}/cv/index.html").resolve()
        cv = BeautifulSoup(reached.read_text("utf-8"), "html.parser")
        assert cv.select_one(".pf-cv__name").get_text() == name
        metrics = {
            dt.get_text(): dd.get_text()
            for dt, dd in zip(cv.select(".pf-cv__metrics dt"), cv.select(".pf-cv__metrics dd"))
        }
        author = data(seeds_site, f"api/authors/{slug}.json")["author"]
        assert metrics["h-index"] == str(author["h_index"]) and metrics["Citations"] == f"{author['citations']:,}"
        papers = data(seeds_site, f"api/authors/{slug}.json")["papers"]
        assert len(cv.select(".pf-cv__all li")) == len(papers)
        years = [h.get_text() for h in cv.select(".pf-cv__all h3")]
        numeric = [int(y) for y in years if y.isdigit()]
        assert numeric == sorted(numeric, reverse=True)


def test_site_statistics_recompute_from_the_sites_data(seeds_site):
    site = data(seeds_site, "api/portfolio.json")
    page = soup(seeds_site, "topics/statistics")
    totals = page.select_one(".pf-statistics__totals").get_text()
    assert totals.startswith(f"{len(site['papers'])} papers, {len(site['authors'])} profiled authors")
    bars = page.select("section[aria-labelledby=papers-per-year] svg g.pf-bar")
    per_year = Counter()
    for bar in bars:
        per_year[bar["data-slot"]] += int(bar["data-total"])
    years = Counter(str(p["date"])[:4] if p.get("date") else "Undated" for p in site["papers"])
    assert sum(per_year.values()) == len(site["papers"])
    for slot, count in per_year.items():
        if slot.isdigit():
            assert years[slot] == count, slot
    categories = {
        a.get_text(): int(td.get_text().replace(",", ""))
        for a, td in (
            (tr.select_one("a"), tr.select_one("td"))
            for tr in page.select("section[aria-labelledby=papers-per-category] tbody tr")
        )
    }
    assert sum(categories.values()) == sum(1 for p in site["papers"] if p.get("category"))
    topics = soup(seeds_site, "topics")
    assert any(
        target(seeds_site, "topics", a["href"]) == (seeds_site / "topics/statistics/index.html").resolve()
        for a in topics.select("a")
    )


def test_the_radar_lists_feed_papers_for_each_author(seeds_site):
    site = data(seeds_site, "api/portfolio.json")
    feed_papers = {pid for collection in site["collections"] for pid in collection["papers"]}
    page = soup(seeds_site, "collections/radar")
    sections = page.select(".pf-radar__author")
    assert {s.select_one("h2 a").get_text() for s in sections} <= set(AUTHORS.values()) and sections
    for section in sections:
        for link in section.select("li a.pf-related__title"):
            reached = target(seeds_site, "collections/radar", link["href"])
            assert reached.parent.name in feed_papers
    collections = soup(seeds_site, "collections")
    assert any(
        target(seeds_site, "collections", a["href"]) == (seeds_site / "collections/radar/index.html").resolve()
        for a in collections.select("a")
    )


def test_every_chart_is_under_30_kb_and_loads_nothing(seeds_site):
    pages = [seeds_site / f"authors/{slug}/index.html" for slug in AUTHORS] + [
        seeds_site / "topics/statistics/index.html"
    ]
    count = 0
    for path in pages:
        for svg in BeautifulSoup(path.read_text("utf-8"), "html.parser").select(".pf-chart svg"):
            count += 1
            assert len(str(svg).encode("utf-8")) < 30_000, path
            assert not svg.select("image, script, foreignObject, use[href^=http]"), path
    assert count >= 8
