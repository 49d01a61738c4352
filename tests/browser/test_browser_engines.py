"""The seeds built by Zensical, in the browser: its own search works beside our theme overrides."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_visit, serving
from tests.engines import engine_site, generated_project

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

FONE = "papers/fone-precise-single-token-number-embeddings-via-fourier-features/"


@pytest.fixture(scope="module")
def zensical_site(seeds, tmp_path_factory):
    """The seeds generated and built with `zensical build -f engine.yml`, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("zensical")
    site = engine_site("zensical", generated_project(folder / "generated", seeds), folder / "project")
    with serving(site) as url:
        yield url


@pytest.mark.slow
def test_zensical_search_finds_a_paper_and_opens_it(browser, zensical_site):
    visit = open_visit(browser, zensical_site)
    try:
        page = visit.goto("")
        page.locator(".md-search__button").click()
        box = page.locator("dialog input[aria-label='Search']")
        box.press_sequentially("Fourier")
        result = page.locator(f"dialog [role=option][href*='/{FONE}']")
        expect(result).to_have_count(1)
        assert "FoNE" in result.inner_text()
        result.click()
        page.wait_for_url(f"**/{FONE}**")
        assert page.locator("article h1").first.inner_text().startswith("FoNE: Precise Single-Token Number Embeddings")
        assert visit.problems == []
    finally:
        visit.close()
