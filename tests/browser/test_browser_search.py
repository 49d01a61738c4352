"""Material's search in the browser: typing finds papers and people, and a result opens its page."""

from __future__ import annotations

import pytest

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

FONE = "papers/fone-precise-single-token-number-embeddings-via-fourier-features/"
ADDITION = "papers/pre-trained-large-language-models-use-fourier-features-to-compute-addition/"


def search(page, text: str):
    """Type `text` into the header's search box as a visitor does; returns the search result list."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(text)
    expect(box).to_have_value(text)
    return page.locator(".md-search-result__list")


def result_for(results, path: str):
    """The result link to the page at `path` (Material appends `?h=<terms>`; section links add `#id`)."""
    return results.locator(f'a.md-search-result__link[href*="/{path}"]:not([href*="#"])')


def test_typing_fourier_shows_fone_and_the_addition_paper(visit):
    results = search(visit.goto(""), "Fourier")
    expect(result_for(results, FONE)).to_have_count(1)
    expect(result_for(results, ADDITION)).to_have_count(1)
    assert "FoNE" in result_for(results, FONE).inner_text()
    assert "Fourier Features to Compute Addition" in result_for(results, ADDITION).inner_text()


def test_clicking_a_result_opens_that_paper(visit):
    page = visit.goto("")
    result = result_for(search(page, "Fourier"), FONE)
    expect(result).to_have_count(1)
    result.click()
    page.wait_for_url(f"**/{FONE}**")
    assert page.locator("article h1").first.inner_text().startswith("FoNE: Precise Single-Token Number Embeddings")


def test_searching_an_author_name_finds_the_author_page(visit):
    results = search(visit.goto(""), "Zhi-Hong Deng")
    author = result_for(results, "authors/zhi-hong-deng/")
    expect(author).to_have_count(1)
    assert "Zhi-Hong Deng" in author.inner_text()
