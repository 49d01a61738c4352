"""The Cite panel in a real browser: each citation format has a copy button that copies exactly that text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGES

BLOCKS = ["pf-cite__plain", "pf-bibtex", "pf-ris"]


@pytest.mark.parametrize("block", BLOCKS)
def test_copy_button_copies_the_citation(visit, block):
    origin = visit.base_url.rstrip("/")
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = visit.goto(PAGES["paper"])
    code = page.locator(f".pf-cite pre.{block} > code")
    button = page.locator(f".pf-cite pre.{block} button.md-code__button")
    assert button.count() == 1 and button.get_attribute("title") == "Copy to clipboard"
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip() and copied.strip()
    assert visit.problems == []
