"""A site built from the seeds and a researcher's own .bib: one page per paper with every source, downloads that carry
DOI, arXiv id, venue and type (read with bibtexparser, rispy and jsonschema), and a .bib exported from the site that
reads back into the same portfolio."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup

from generator.exports import cite
from tests.conftest import AS_OF, ROOT, SEEDS, SOURCES, run_portfolio
from tests.projects import make_project

pytestmark = pytest.mark.slow

BIB = SOURCES / "deqing_fu.bib"
SHARED = {  # the seed author's papers the .bib gives too, and what it adds
    "transformers-learn-to-achieve-second-order-convergence-rates-for-in-context": (
        "conference",
        "10.5555/neurips.2024.70117",
        "2310.17086",
        "Advances in Neural Information Processing Systems 37",
    ),
    "dreamsync-aligning-text-to-image-generation-with-image-understanding-feedback": (
        "conference",
        "10.5555/cvpr.2024.04567",
        "2311.17946",
        "Proceedings of the Conference on Computer Vision and Pattern Recognition (CVPR)",
    ),
    "zebra-cot-a-dataset-for-interleaved-vision-language-reasoning": ("preprint", None, "2507.16746", None),
    "transformers-learn-low-sensitivity-functions-investigations-and-implications": (
        "conference",
        "10.5555/iclr.2025.1188",
        None,
        "International Conference on Learning Representations (ICLR)",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    project = make_project(tmp_path_factory.mktemp("bib") / "project", [*sorted(SEEDS.iterdir()), BIB])
    result = run_portfolio("build", "--as-of", AS_OF.isoformat(), cwd=project, env={"SOURCE_DATE_EPOCH": "1700000000"})
    data = json.loads((project / "site/api/portfolio.json").read_text("utf-8"))
    assert "Traceback" not in result.stderr
    return project, data


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_every_paper_has_one_page_listing_every_source(built):
    project, data = built
    site = project / "site"
    pages = {p.parent.name for p in (site / "papers").glob("*/index.html")}
    papers = {paper["id"]: paper for paper in data["papers"]}
    assert pages >= set(papers) and len(papers) == 90  # the .bib's four papers are the seed author's, not new ones
    for paper_id in SHARED:
        page = soup(site / "papers" / paper_id / "index.html")
        sources = [span.get_text() for span in page.select(".pf-sources span")]
        assert "deqing_fu.bib" in sources and any(s.startswith("000_") for s in sources), (paper_id, sources)
        assert sources == papers[paper_id]["sources"]
    deqing = next(a for a in data["authors"] if a["slug"] == "deqing-fu")
    assert set(SHARED) <= set(deqing["papers"]) and len(deqing["papers"]) == len(set(deqing["papers"])) == 18


def test_the_paper_page_states_venue_type_and_identifiers(built):
    project, data = built
    for paper_id, (kind, doi, arxiv, venue) in SHARED.items():
        facts = soup(project / "site/papers" / paper_id / "index.html").select_one(".pf-facts")
        text = facts.get_text(" ")
        assert (doi is None) == (facts.select_one(".pf-doi") is None)
        if doi:
            assert facts.select_one(".pf-doi").get_text() == doi
        if arxiv:
            assert facts.select_one(".pf-arxiv").get_text().startswith(arxiv)
        if venue:
            assert facts.select_one(".pf-venue").get_text() == venue
        assert {"conference": "Conference paper", "preprint": "Preprint"}[kind] in text


def test_downloads_carry_doi_arxiv_venue_and_type(built):
    project, data = built
    site = project / "site"
    papers = {paper["id"]: paper for paper in data["papers"]}
    for paper_id, (kind, doi, arxiv, venue) in SHARED.items():
        [entry] = bibtexparser.parse_string((site / "papers" / f"{paper_id}.bib").read_text("utf-8")).entries
        assert entry.entry_type == cite.BIBTEX_TYPES[kind][0]
        assert entry.fields_dict.get("doi") and entry["doi"] == doi if doi else "doi" not in entry.fields_dict
        if arxiv:
            assert entry["eprint"] == arxiv and entry["archivePrefix"] == "arXiv" and entry["primaryClass"]
        if venue:
            assert entry[cite.BIBTEX_TYPES[kind][1]] == venue
        [record] = rispy.loads((site / "papers" / f"{paper_id}.ris").read_text("utf-8"))
        assert record["type_of_reference"] == cite.RIS_TYPES[kind] and record.get("doi") == doi
        if venue:
            assert venue in (record.get("secondary_title"), record.get("journal_name"))
        if arxiv:
            assert f"arXiv:{arxiv}" in record.get("notes", [])
    items = json.loads((site / "api/authors/deqing-fu.csl.json").read_text("utf-8"))
    jsonschema.validate(items, json.loads((ROOT / "schemas/csl-items.schema.json").read_text("utf-8")))
    by_title = {item["title"]: item for item in items}
    for paper_id, (kind, doi, _arxiv, venue) in SHARED.items():
        item = by_title[papers[paper_id]["title"]]
        assert item["type"] == cite.CSL_TYPES[kind] and item.get("DOI") == doi
        if venue:
            assert item["container-title"] == venue


SHOWN = (
    "title",
    "authors",
    "authors_truncated",
    "date",
    "date_precision",
    "venue",
    "doi",
    "arxiv_id",
    "url",
    "pdf",
    "code",
    "html",
    "keywords",
    "note",
    "abstract",
    "category",
    "org",
)


def test_an_authors_bib_exported_from_the_site_reads_back_as_the_same_portfolio(built, tmp_path):
    project, data = built
    exported = tmp_path / "exported-from-the-site.bib"
    shutil.copy(project / "site/authors/deqing-fu.bib", exported)
    sources = [*sorted(SEEDS.iterdir()), BIB]
    again = json.loads(
        run_portfolio("parse", "--json", "--as-of", AS_OF.isoformat(), *sources, exported, check=False).stdout
    )
    before = {paper["id"]: paper for paper in data["papers"]}
    after = {paper["id"]: paper for paper in again["papers"]}
    assert set(after) == set(before)  # the same papers: none added twice
    deqing = next(a for a in again["authors"] if a["slug"] == "deqing-fu")
    assert len(deqing["papers"]) == len(set(deqing["papers"])) == 18
    for paper_id, paper in before.items():
        shown_before = {name: paper[name] for name in SHOWN}
        shown_after = {name: after[paper_id][name] for name in SHOWN}
        assert shown_after == shown_before, paper_id
        # An unknown type is written @misc and read back as "misc": the same "not said".
        assert after[paper_id]["pub_type"] in (
            paper["pub_type"],
            "misc" if paper["pub_type"] is None else paper["pub_type"],
        )
        if paper_id in deqing["papers"]:
            assert exported.name in after[paper_id]["sources"]
