"""Search on the seeds finds a paper by its title, by any of its authors and by a distinctive word from the end of
its abstract: the index holds every word a visitor reads on the paper's page, not a summary."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_search import result_for, search


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


def test_search_finds_a_paper_by_title_by_any_author_and_by_a_late_abstract_word(visit, papers):
    chosen = [p for p in papers if p["abstract"] and len(p["authors"] or []) >= 3 and distinctive_last_word(p, papers)]
    assert chosen, "the seeds have papers with three authors and a distinctive word at the end of the abstract"
    paper = chosen[0]
    path = f"papers/{paper['id']}/"
    word = distinctive_last_word(paper, papers)
    for query in (paper["title"], paper["authors"][-1], word):
        page = visit.goto("")
        found = result_for(search(page, query), path)
        expect(found).to_have_count(1)
    # The late word is shown where it stands: in the abstract's last sentence, highlighted.
    assert word in found.locator(".pf-search__excerpt mark").all_inner_texts()
    assert not visit.problems
