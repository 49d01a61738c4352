"""The search index of the seeds site: one entry per paper, lighter than the pages, missing no searchable word."""

from __future__ import annotations

import pytest

import json
import re

from generator.mkdocs.search import LUNR_STOP_WORDS, compact_text

pytestmark = pytest.mark.slow  # every test here builds a whole site


def index_entries(site) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]


def searchable(text: str) -> set[str]:
    """The terms Lunr indexes from a text, with Material's default separator and stop word filter."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return {t for t in re.split(r"[\s\-]+", plain.lower()) if t and t not in LUNR_STOP_WORDS}


def test_every_paper_has_one_entry_with_its_authors_and_abstract(seeds_site):
    papers = json.loads((seeds_site / "api/portfolio.json").read_text("utf-8"))["papers"]
    entries = index_entries(seeds_site)
    for paper in papers:
        own = [e for e in entries if e["location"].startswith(f"papers/{paper['id']}/")]
        assert len(own) == 1, (paper["id"], [e["location"] for e in own])
        assert own[0]["location"] == f"papers/{paper['id']}/"
        for name in paper["authors"] or []:
            assert name.split()[-1] in own[0]["text"], (paper["id"], name)


def test_listing_pages_do_not_repeat_papers_in_the_index(seeds_site):
    papers = json.loads((seeds_site / "api/portfolio.json").read_text("utf-8"))["papers"]
    titles = [p["title"] for p in papers if len(p["title"]) > 30]
    for entry in index_entries(seeds_site):
        if not entry["location"].startswith("papers/"):
            assert not [t for t in titles if t in entry["text"]], entry["location"]


def test_compacting_keeps_every_searchable_word_and_the_first_sentence():
    text = ("<p>Ada Marlowe, Tomás Ibarra</p> <p>We study the migration of birds. The birds fly south; "
            "the birds return in spring, and migration of x<sup>2</sup> birds is a well-studied problem. "
            "Spring returns.</p>")
    compact = compact_text(text, LUNR_STOP_WORDS)
    assert compact.startswith("<p>Ada Marlowe, Tomás Ibarra</p> <p>We study the migration of birds. ")
    assert searchable(compact) == searchable(text)
    assert len(compact) < len(text)
    assert compact.count("<sup>") == compact.count("</sup>") == 1 and compact.endswith("</p>")


def test_text_without_a_sentence_after_the_authors_is_left_as_it_is():
    assert compact_text("<p>A, B</p> <p>No abstract is known</p>", LUNR_STOP_WORDS) == "<p>A, B</p> <p>No abstract is known</p>"
