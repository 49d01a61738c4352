"""Search at scale, in the browser on the seeds: the index loads only when search opens, and it still finds a
paper by its title, by any of its authors and by a distinctive word from the end of its abstract."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_search import result_for, search

INDEX = "search/search_index.json"


@pytest.fixture(scope="module")
def papers(seeds_site) -> list[dict]:
    return json.loads((seeds_site / "api/portfolio.json").read_text("utf-8"))["papers"]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.casefold()))


def distinctive_last_word(paper: dict, papers: list[dict]) -> str:
    """A long word of the abstract's last sentence found in no other paper, nor in this one's title or authors."""
    elsewhere = set()
    for other in papers:
        elsewhere |= words(other["title"]) | words(" ".join(other["authors"] or []))
        if other is not paper:
            elsewhere |= words(other["abstract"] or "") | words(" ".join(other["other_abstracts"]))
    last = re.split(r"(?<=\.)\s", paper["abstract"].strip())[-1]
    candidates = [w for w in re.findall(r"[A-Za-z]{8,}", last) if w.casefold() not in elsewhere]
    return candidates[-1] if candidates else ""


def test_the_index_is_fetched_when_search_opens_not_with_the_page(visit):
    requested = []
    visit.page.on("request", lambda request: requested.append(request.url))
    page = visit.goto("papers/fone-precise-single-token-number-embeddings-via-fourier-features/", wait_until="networkidle")
    assert not [url for url in requested if url.endswith(INDEX)], "the page load fetched the search index"
    with page.expect_request(lambda request: request.url.endswith(INDEX)):
        page.locator(".md-search__input").click()
    assert not visit.problems


def test_search_finds_a_paper_by_title_by_any_author_and_by_a_late_abstract_word(visit, papers):
    chosen = [p for p in papers if p["abstract"] and len(p["authors"] or []) >= 3 and distinctive_last_word(p, papers)]
    assert chosen, "the seeds have papers with three authors and a distinctive word at the end of the abstract"
    paper = chosen[0]
    path = f"papers/{paper['id']}/"
    last_author = paper["authors"][-1]
    for query in (paper["title"], last_author, distinctive_last_word(paper, papers)):
        page = visit.goto("")
        expect(result_for(search(page, query), path)).to_have_count(1)
    assert not visit.problems
