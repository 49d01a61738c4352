"""The insights on the built seeds site, in Chromium: the lab table on the Authors page sorts by every column,
a focused bar of an author's chart shows its numbers, the CV page prints (page.pdf()) to a document without
navigation whose first page holds the name and metrics, and the README's screenshots of the new author page
(desktop, phone, dark)."""

from __future__ import annotations

import io
import json

import pytest

from tests.browser.conftest import DESKTOP, PHONE, keep_for_readme, open_visit, output_dir
from tests.browser.test_insights_browser import column_values, expected
from tests.conftest import ROOT

SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"


def test_the_lab_table_on_the_authors_page_sorts_by_every_column(visit):
    page = visit.goto("authors/")
    headings = page.locator("table[data-pf-sortable] thead th")
    # name, h-index, citations, papers, citations per paper, novelty, AI score, last 12 months, primary field
    assert headings.count() == 9
    kinds = headings.evaluate_all("cells => cells.map(c => c.dataset.kind)")
    for index in range(headings.count()):
        name = headings.nth(index).inner_text().strip()
        button = headings.nth(index).get_by_role("button", name=name)
        original = column_values(page, index)
        button.click()
        assert column_values(page, index) == expected(original, kinds[index], descending=index == 0)
        button.click()
        assert column_values(page, index) == expected(original, kinds[index], descending=index != 0)
    # the CSV download beside it is the same table
    href = page.locator(".pf-lab__export a").get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.ok and response.text().splitlines()[0].startswith("slug,Name,h-index,Citations,Papers")
    assert not visit.problems, visit.problems


def test_a_focused_bar_of_an_authors_chart_shows_its_numbers(visit):
    page = visit.goto("authors/zhi-hong-deng/")
    bar = page.locator(".pf-insight--output g.pf-bar").last
    detail = bar.locator(".pf-bar__detail")
    assert detail.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    page.keyboard.press("Tab")
    while not page.evaluate("document.activeElement.matches('.pf-insight--output g.pf-bar')"):
        page.keyboard.press("Tab")  # the bars are reached by keyboard, in order
    bar.focus()
    label = bar.locator("title").text_content()
    assert label.startswith(f"{bar.get_attribute('data-slot')}: {bar.get_attribute('data-total')} paper")
    # focus shows the numbers on screen, not only to a screen reader
    assert detail.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert detail.text_content().strip() == label
    assert not visit.problems, visit.problems


def test_the_cv_prints_without_navigation_and_its_first_page_holds_the_name_and_metrics(visit):
    pypdf = pytest.importorskip("pypdf")
    page = visit.goto("authors/zhi-hong-deng/cv/")
    author = json.loads(page.request.get(visit.base_url + "api/authors/zhi-hong-deng.json").text())["author"]
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".pf-cv__back"):
        assert all(not element.is_visible() for element in page.locator(hidden).all()), hidden
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    first = " ".join(pdf.pages[0].extract_text().split()).casefold()  # the metrics' labels print in capitals
    assert "zhi-hong deng" in first
    assert f"h-index {author['h_index']}" in first and f"citations {author['citations']:,}" in first
    everything = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for navigation in ("Skip to content", "Search", "Collections", "Topics"):
        assert navigation not in everything, navigation
    assert len(pdf.pages) >= 2  # selected papers and the list start on pages of their own
    assert not visit.problems, visit.problems


@pytest.mark.parametrize(
    ("name", "viewport", "scheme"),
    [("desktop", DESKTOP, "light"), ("phone", PHONE, "light"), ("dark", DESKTOP, "dark")],
)
def test_screenshots_of_the_author_page_with_insights(browser, site_url, name, viewport, scheme):
    tab = open_visit(browser, site_url, viewport=viewport, color_scheme=scheme)
    try:
        page = tab.goto("authors/zhi-hong-deng/")
        # the site's palette follows the reader's preferred scheme
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected_scheme
        page.locator("#output-over-time").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
        target = output_dir() / "screenshots" / f"author-insights-{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        keep_for_readme(target)  # the README shows these
        assert not tab.problems, tab.problems
    finally:
        tab.close()
