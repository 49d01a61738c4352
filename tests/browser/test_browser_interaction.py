"""What a visitor does on a page: open an abstract, read typeset math, switch between light and dark."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGES

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

ZEBRA_COT = "papers/zebra-cot-a-dataset-for-interleaved-vision-language-reasoning/"


def test_author_page_abstracts_are_closed_and_open_on_click(visit):
    page = visit.goto(PAGES["author"])
    abstracts = page.locator("li.pf-paper details.pf-abstract")
    assert abstracts.count() == 18
    assert page.locator("li.pf-paper details.pf-abstract[open]").count() == 0
    first = abstracts.first
    text = first.locator("> p")
    assert not text.is_visible()
    first.locator("> summary").click()
    expect(first).to_have_attribute("open", "")
    expect(text).to_be_visible()
    assert len(text.inner_text()) > 200
    assert page.locator("li.pf-paper details.pf-abstract[open]").count() == 1
    first.locator("> summary").click()
    expect(text).to_be_hidden()


def test_zebra_cot_abstract_math_is_typeset(visit):
    page = visit.goto(ZEBRA_COT)
    abstract = page.locator(".pf-abstract-text").first
    maths = abstract.locator("math.portfolio-math")
    assert maths.count() >= 1
    bold = maths.locator("mtext[mathvariant='bold']", has_text="Zebra-CoT")
    expect(bold).to_have_count(1)
    expect(bold).to_be_visible()
    # Chromium lays MathML out as math only when it understands it; an unknown element would be "inline".
    display = maths.first.evaluate("el => getComputedStyle(el).display")
    assert display in ("math", "inline math", "block math")
    visible_text = page.locator("article").inner_text()
    assert "$\\textbf" not in visible_text and "\\textbf" not in visible_text


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_light_dark_toggle_switches_and_persists_across_pages(visit):
    page = visit.goto(PAGES["author"])
    assert scheme(page) == "default"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    page.locator(".md-tabs__link", has_text="Papers").click()
    page.wait_for_url("**/papers/")
    assert scheme(page) == "slate"
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    visit.goto(PAGES["home"])
    assert scheme(page) == "default"
