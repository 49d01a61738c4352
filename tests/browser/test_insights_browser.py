"""The insights partials in Chromium, without a site build: the lab table sorts by every column, a chart's bar
shows its numbers when focused, charts and tables pass axe in both schemes, and the CV's print styles hide
navigation and break pages between sections."""

from __future__ import annotations

import re

import pytest

from generator import insights
from generator.index import build_index
from generator.layout import Urls
from generator.render import PageContext, RenderOptions, make_environment
from tests.browser.conftest import AXE_SCRIPT
from tests.conftest import AS_OF, ROOT

ASSETS = ROOT / "theme_overrides" / "assets"


@pytest.fixture(scope="module")
def seeded(seeds):
    from generator import load_portfolio

    portfolio = load_portfolio([seeds], as_of=AS_OF)
    return portfolio, build_index(portfolio)


def page_html(body: str, scheme: str = "default") -> str:
    """A minimal page in Material's shape: the colour-scheme attribute, the typeset wrapper, a header to hide."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Insights</title></head>'
        f'<body data-md-color-scheme="{scheme}" style="background: var(--md-default-bg-color); color: var(--md-default-fg-color)">'
        '<header class="md-header"><a href="#main">Site navigation</a></header>'
        f'<main id="main"><article class="md-content__inner md-typeset">{body}</article></main></body></html>'
    )


def open_page(browser, html: str, scheme: str = "default", script: bool = True):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content(html)
    # Material's palette variables, as its stylesheet sets them for each scheme
    page.add_style_tag(
        content=(
            '[data-md-color-scheme="default"]{--md-default-bg-color:#fff;--md-default-fg-color:rgba(0,0,0,.87);'
            "--md-typeset-a-color:#3f51b5;--md-accent-fg-color:#526cfe}"
            '[data-md-color-scheme="slate"]{--md-default-bg-color:#1e2129;--md-default-fg-color:rgba(226,228,233,.82);'
            "--md-typeset-a-color:#8c9ae6;--md-accent-fg-color:#526cfe}"
            ".md-typeset a, .md-header a{color:var(--md-typeset-a-color)}"
        )
    )
    page.add_style_tag(path=str(ASSETS / "stylesheets" / "insights.css"))
    if script:
        page.add_script_tag(path=str(ASSETS / "javascripts" / "sortable-table.js"))
    return context, page, errors


def lab_body(portfolio, site) -> str:
    extra = [
        insights.LabRow(
            f"Person {i}",
            f"person-{i}",
            None,
            i * 7 % 13 or None,
            100 * i,
            10 + i,
            10.0 * i / (10 + i),
            50 + i % 5,
            40 + i,
            i % 4,
            "Computation and Language (cs.CL)" if i % 2 else "Machine Learning (cs.LG)",
            "CL" if i % 2 else "LG",
        )
        for i in range(1, 9)
    ]
    table = insights.lab_table(portfolio)
    table = insights.LabTable(
        sorted(table.rows + extra, key=lambda r: (r.name.casefold(), r.slug)), table.columns, table.as_of
    )
    context = PageContext("authors/index.md", Urls(True), site, RenderOptions())
    return str(make_environment().get_template("insights/_macros.html.j2").module.lab_table(context, table)), table


def column_values(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table[data-pf-sortable] tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort'))"
    )


def expected(values: list[str], kind: str, descending: bool) -> list[str]:
    known = [v for v in values if v != ""]
    key = (lambda v: float(v)) if kind == "number" else (lambda v: v.casefold())
    return sorted(known, key=key, reverse=descending) + [v for v in values if v == ""]


def test_lab_table_sorts_by_every_column_both_ways(browser, seeded):
    portfolio, site = seeded
    body, table = lab_body(portfolio, site)
    context, page, errors = open_page(browser, page_html(body))
    try:
        headings = page.locator("table[data-pf-sortable] thead th")
        assert headings.count() == len(table.columns)
        for index, (_, heading, kind) in enumerate(table.columns):
            button = headings.nth(index).get_by_role("button", name=heading)
            original = column_values(page, index)
            button.click()
            assert column_values(page, index) == expected(
                original, kind, descending=index == 0
            )  # name starts ascending
            sort = headings.nth(index).get_attribute("aria-sort")
            assert sort == ("descending" if index == 0 else "ascending")
            button.click()
            assert column_values(page, index) == expected(original, kind, descending=index != 0)
            others = [headings.nth(i).get_attribute("aria-sort") for i in range(headings.count()) if i != index]
            assert others == [None] * (len(table.columns) - 1)
        page.keyboard.press("Tab")  # the header buttons are reachable by keyboard
        assert page.evaluate("document.activeElement.className") in ("pf-sort", "")
    finally:
        context.close()
    assert not errors


def test_without_the_script_the_table_is_sorted_by_name_and_has_no_buttons(browser, seeded):
    portfolio, site = seeded
    body, _ = lab_body(portfolio, site)
    context, page, errors = open_page(browser, page_html(body), script=False)
    try:
        names = column_values(page, 0)
        assert names == sorted(names, key=str.casefold)
        assert page.locator("table[data-pf-sortable] button").count() == 0
    finally:
        context.close()


def author_body(portfolio, site) -> str:
    si = insights.SiteInsights(portfolio, site)
    deng = next(a for a in portfolio.authors if a.name == "Zhi-Hong Deng")
    context = PageContext("authors/zhi-hong-deng.md", Urls(True), site, RenderOptions())
    macros = make_environment().get_template("insights/_macros.html.j2").module
    return "<h1>Zhi-Hong Deng</h1>" + str(macros.author_insights(context, si.author(deng, context.author)))


def test_a_focused_bar_shows_its_numbers(browser, seeded):
    portfolio, site = seeded
    context, page, errors = open_page(browser, page_html(author_body(portfolio, site)))
    try:
        bar = page.locator("g.pf-bar").first
        detail = bar.locator(".pf-bar__detail")
        assert detail.evaluate("e => getComputedStyle(e).visibility") == "hidden"
        bar.focus()
        assert detail.evaluate("e => getComputedStyle(e).visibility") == "visible"
        assert detail.text_content().strip() == bar.locator("title").text_content()
        page.mouse.move(0, 0)
        page.locator("g.pf-bar").nth(1).locator("rect[data-series]").first.hover()
        assert (
            page.locator("g.pf-bar").nth(1).locator(".pf-bar__detail").evaluate("e => getComputedStyle(e).visibility")
            == "visible"
        )
    finally:
        context.close()
    assert not errors


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_charts_and_tables_pass_axe(browser, seeded, scheme):
    if not AXE_SCRIPT.is_file():
        pytest.skip("axe-core is not installed: npm ci --prefix tests/browser")
    portfolio, site = seeded
    stats_context = PageContext("statistics.md", Urls(True), site, RenderOptions())
    macros = make_environment().get_template("insights/_macros.html.j2").module
    body = (
        author_body(portfolio, site)
        + str(macros.statistics(stats_context, insights.site_statistics(portfolio, site)))
        + lab_body(portfolio, site)[0]
    )
    context, page, errors = open_page(browser, page_html(body, scheme), scheme)
    try:
        page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")  # check the tables too
        page.add_script_tag(path=str(AXE_SCRIPT))
        report = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    blocking = [
        f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in report["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, "\n".join(blocking)


def test_the_cv_prints_without_navigation_and_with_page_breaks(browser, seeded):
    portfolio, site = seeded
    fu = next(a for a in portfolio.authors if a.name == "Deqing Fu")
    context_page = PageContext("authors/deqing-fu/cv.md", Urls(True), site, RenderOptions())
    body = (
        make_environment()
        .get_template("insights/cv.html.j2")
        .render(p=context_page, cv=insights.cv_data(fu, portfolio), resume_href="deqing-fu.resume.json")
    )
    context, page, errors = open_page(browser, page_html(body))
    try:
        assert page.locator(".md-header").is_visible() and page.locator(".pf-no-print").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible() and not page.locator(".pf-no-print").is_visible()
        sections = page.locator(".pf-cv__section")
        assert sections.count() == 3
        breaks = [sections.nth(i).evaluate("e => getComputedStyle(e).breakBefore") for i in range(3)]
        assert breaks == ["auto", "page", "page"]
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3  # header and metrics, selected papers, all papers
    finally:
        context.close()
