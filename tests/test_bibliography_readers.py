"""The bibliography readers (BibTeX, CSL-JSON, arXiv API responses, ORCID works lists) on fixtures of our own,
field by field, in the form `portfolio parse --json` prints a paper, messy cases included.

Papers are read through the registry (sniffed by content, as `portfolio parse` reads them) and turned into
data by `export.paper_data`, the function `parse --json` uses. Merging them into the portfolio is the
assembly's part of issue 15: `test_parse_json_lists_the_papers_of_every_bibliography` checks the command
end to end and is marked to fail until then.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from generator.diagnostics import Level
from generator.exports.data import paper_data
from generator.model.identifiers import find_arxiv_id, normalise_arxiv_id, normalise_doi, normalise_orcid, web_address
from generator.readers import BibliographyDocument, arxiv, bibtex, csl, orcid, read_paths, read_text, sniff_kind
from generator.readers.text import SourceText, decode, read_source
from tests.conftest import AS_OF, SOURCES, run_portfolio
from tests.test_exports import schema_validator

BIBLIOGRAPHIES = {
    "deqing_fu.bib": bibtex,
    "bibtex_messy.bib": bibtex,
    "csl_zotero.json": csl,
    "csl_messy.json": csl,
    "csl_single.json": csl,
    "arxiv_query.xml": arxiv,
    "arxiv_error.xml": arxiv,
    "orcid_works.json": orcid,
    "orcid_bad_checksum.json": orcid,
}
# Every field a bibliography gives a paper, as `portfolio parse --json` names them.
BIBLIOGRAPHIC = (
    "title",
    "authors",
    "authors_truncated",
    "authors_marked",
    "date",
    "date_precision",
    "doi",
    "arxiv_id",
    "arxiv_category",
    "venue",
    "pub_type",
    "url",
    "pdf",
    "code",
    "html",
    "keywords",
    "citation_key",
    "note",
    "abstract",
    "has_code",
)


def read(name: str) -> tuple[BibliographyDocument, list[dict], list]:
    """One fixture read as `portfolio parse` reads it: its document, its papers as JSON data, its diagnostics."""
    result = read_paths([SOURCES / name], AS_OF)
    assert len(result.documents) == 1, result.diagnostics
    document = result.documents[0]
    assert isinstance(document, BibliographyDocument)
    return document, [paper_data(paper) for paper in document.papers], result.diagnostics


def by_title(papers: list[dict]) -> dict[str, dict]:
    return {paper["title"]: paper for paper in papers}


def fields(paper: dict) -> dict:
    return {key: paper[key] for key in BIBLIOGRAPHIC}


def line_of(name: str, text: str, after: int = 0) -> int:
    """The 1-based line of a fixture that holds `text` (the first one after line `after`)."""
    lines = (SOURCES / name).read_text("utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if number > after and text in line)


def notes(diagnostics) -> list[tuple[int, str, str]]:
    return [(d.line, d.level.value, d.message) for d in diagnostics]


# Sniffing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "reader"), BIBLIOGRAPHIES.items())
def test_each_bibliography_is_recognised_by_its_content(name, reader, tmp_path):
    assert sniff_kind(read_source(SOURCES / name)) is reader
    disguised = tmp_path / "profile-notes.txt"  # any file name, any extension
    shutil.copy(SOURCES / name, disguised)
    assert sniff_kind(read_source(disguised)) is reader


def test_saved_pages_are_still_read_by_their_own_readers(sources):
    from generator.readers import abstracts, feed, profile

    for name, reader in (("profile_basic.txt", profile), ("abstracts_basic.txt", abstracts), ("feed_basic.txt", feed)):
        assert sniff_kind(read_source(sources / name)) is reader
    assert sniff_kind(read_source(sources / "not_a_portfolio.txt")) is None


# BibTeX ---------------------------------------------------------------------------------------------


def test_a_researchers_bib_gives_every_field():
    document, papers, diagnostics = read("deqing_fu.bib")
    assert document.format == "bibtex" and document.owner is None
    assert notes(diagnostics) == []
    second_order, dreamsync, zebra, sensitivity = papers
    assert fields(second_order) == {
        "title": "Transformers Learn to Achieve Second-Order Convergence Rates for In-Context Linear Regression",
        "authors": ["Deqing Fu", "Tian-Qi Chen", "Robin Jia", "Vatsal Sharan"],
        "authors_truncated": False,
        "authors_marked": {},
        "date": "2024-12-01",
        "date_precision": "month",
        "doi": "10.5555/neurips.2024.70117",
        "arxiv_id": "2310.17086",
        "arxiv_category": "cs.LG",
        "venue": "Advances in Neural Information Processing Systems 37",  # @string macro joined with `#`
        "pub_type": "conference",
        "url": "https://arxiv.org/abs/2310.17086",
        "pdf": None,
        "code": None,
        "html": None,
        "keywords": ["in-context learning", "transformers", "optimization"],
        "citation_key": "fu2024secondorder",
        "note": None,
        "has_code": False,
        "abstract": r"We show that Transformers can implement $k$ iterations of Newton's method with "
        r"$k + \mathcal{O}(1)$ layers.",
    }
    assert fields(dreamsync) == {
        # {DreamSync} without its braces
        "title": "DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback",
        "authors": ["Jiao Sun", "Deqing Fu", "Yushi Hu"],
        "authors_truncated": True,
        "authors_marked": {},
        "date": "2024-06-01",
        "date_precision": "month",
        "doi": "10.5555/cvpr.2024.04567",  # written as a doi.org URL
        "arxiv_id": "2311.17946",
        "arxiv_category": "cs.CV",
        "venue": "Proceedings of the Conference on Computer Vision and Pattern Recognition (CVPR)",
        "pub_type": "conference",
        "url": None,
        "pdf": None,
        "code": None,
        "html": None,
        "keywords": [],
        "citation_key": "sun2023dreamsync",
        "note": None,
        "abstract": None,
        "has_code": False,
    }
    assert fields(zebra) == {
        "title": "Zebra-CoT: A Dataset for Interleaved Vision Language Reasoning",
        "authors": ["Ang Li", "Charles Wang", "Deqing Fu"],
        "authors_truncated": True,
        "authors_marked": {"Deqing Fu": "*"},
        "date": "2025-07-01",
        "date_precision": "month",
        "doi": None,
        "arxiv_id": "2507.16746",
        "arxiv_category": None,
        "venue": None,  # the journal only said "arXiv preprint"
        "pub_type": "preprint",
        "url": None,
        "pdf": None,
        "code": "https://github.com/example-lab/zebra-cot",
        "html": "https://example.org/zebra-cot/",
        "keywords": [],
        "citation_key": "li2025zebracot",
        "note": None,
        "abstract": None,
        "has_code": True,
    }
    assert fields(sensitivity) == {
        "title": "Transformers Learn Low Sensitivity Functions: Investigations and Implications",
        "authors": ["Bhavya Vasudeva", "Deqing Fu", "Tianyi Zhou"],
        "authors_truncated": True,  # "Given Family" form
        "authors_marked": {},
        "date": "2025-01-01",
        "date_precision": "year",
        "doi": "10.5555/iclr.2025.1188",
        "arxiv_id": None,
        "arxiv_category": None,
        "venue": "International Conference on Learning Representations (ICLR)",
        "pub_type": "conference",
        "url": "https://openreview.net/forum?id=ExampleId1",
        "pdf": "https://openreview.net/pdf?id=ExampleId1",
        "code": "https://github.com/example-lab/sensitivity",
        "html": None,
        "keywords": [],
        "citation_key": "vasudeva2025sensitivity",
        "note": None,
        "abstract": None,
        "has_code": True,
    }
    for paper in papers:
        assert paper["sources"] == ["deqing_fu.bib"] and paper["date_inferred"] is False


def test_bibtex_latex_decoding_names_and_macros():
    _, papers, _ = read("bibtex_messy.bib")
    paper = by_title(papers)["Straße, Café and Übermensch: BERT for $\\mathcal{O}(n^2)$ Tokens — a 50% Study of R&D"]
    # {\ss}, \'e, {\"U}, {BERT}, \emph{}, ---, bare % and & decoded; the math kept as written
    assert paper["authors"] == [
        "Jörg Müller",
        "Ludwig van Beethoven",
        "Anna van der Berg",
        "Martin Luther King Jr.",
        "The ATLAS Collaboration",
    ]
    assert (paper["date"], paper["date_precision"], paper["pub_type"]) == ("2021-05-01", "month", "article")
    assert paper["doi"] == "10.5555/jir.2021.0042"  # from http://dx.doi.org/10.5555/JIR.2021.0042
    assert paper["venue"] == "Journal of Invented Results" and paper["keywords"] == ["LaTeX", "decoding", "names"]
    assert paper["note"] == "Invited paper"  # the first of two `note` fields, as BibTeX reads it
    workshop = by_title(papers)["A Workshop Paper Without a Year"]
    assert workshop["venue"] == "Proceedings of the Association for Computational Linguistics Workshop on Messy Data"
    assert (workshop["date"], workshop["date_precision"]) == (None, None)


def test_bibtex_messy_entries():
    _, papers, _ = read("bibtex_messy.bib")
    titles = [paper["title"] for paper in papers]
    assert titles.count("The Same Entry Twice") == 1  # a duplicate key for the same entry: read once
    assert {"First Paper Under a Shared Key", "Second Paper Under a Shared Key"} <= set(titles)  # different: both
    assert [p["citation_key"] for p in papers if "Shared Key" in p["title"]] == ["dupkey", "dupkey"]
    marked = by_title(papers)["Rated Titles and Marked Students"]  # "[A+] " taken off
    assert marked["authors"] == ["Chidi Okafor", "Sara Lindqvist", "Deqing Fu", "Petra Novak"]
    assert marked["authors_marked"] == {"Chidi Okafor": "*", "Sara Lindqvist": "*", "Deqing Fu": "†"}
    assert (marked["doi"], marked["date"]) == ("10.5555/tis.2023.7", "2023-11-01")
    assert "[Re] Reproducing a Study of Sparse Codes" in titles  # not a rating: kept
    assert by_title(papers)["[Re] Reproducing a Study of Sparse Codes"]["date"] == "2022-09-14"  # biblatex `date`
    assert "An Entry With Unbalanced Braces" not in " ".join(titles)
    after = by_title(papers)["The Entry After the Broken One"]  # read, with its crossref's booktitle and date
    assert (after["venue"], after["date"], after["pub_type"]) == (
        "Proceedings of the International Workshop on Messy Data",
        "2021-10-01",
        "conference",
    )
    assert "Proceedings of the International Workshop on Messy Data" not in titles  # the volume is not a paper
    dblp = by_title(papers)["Sparse Codes at Scale"]
    assert (dblp["arxiv_id"], dblp["venue"], dblp["pub_type"]) == ("2104.01234", None, "preprint")
    kinds = {p["title"]: p["pub_type"] for p in papers}
    assert kinds["Learning From Untidy Files"] == "thesis" and kinds["A Report on Reports"] == "report"
    assert kinds["The Book of Examples"] == "book" and kinds["A Chapter in a Collection"] == "chapter"
    assert by_title(papers)["A Report on Reports"]["url"] == "https://example.org/reports/tr-17-3_final.pdf"
    old = by_title(papers)["Strings Before the Millennium"]
    assert (old["arxiv_id"], old["arxiv_category"], old["url"]) == (
        "hep-th/9901001",
        "hep-th",
        "https://example.org/strings_1999",
    )
    links = by_title(papers)["Links That Must Not Be Followed"]
    assert (links["url"], links["code"], links["html"], links["pdf"]) == (
        None,
        None,
        None,
        "https://example.org/links.pdf",
    )
    assert links["has_code"] is False


def test_bibtex_messy_diagnostics_name_their_lines():
    name = "bibtex_messy.bib"
    _, _, diagnostics = read(name)
    expected = [
        (
            line_of(name, "note      = {A second"),
            "warning",
            "entry 'mueller2021latex' gives 'note' twice: the first is used",
        ),
        (line_of(name, "@inproceedings{noyear"), "warning", "entry 'noyear' has no year: the paper is undated"),
        (
            line_of(name, "@misc{dupsame", line_of(name, "@misc{dupsame")),
            "warning",
            f"entry 'dupsame' appears twice (line {line_of(name, '@misc{dupsame')} too): read once",
        ),
        (
            line_of(name, "@misc{dupkey", line_of(name, "@misc{dupkey")),
            "warning",
            f"the key 'dupkey' is used again (first at line {line_of(name, '@misc{dupkey')}) "
            "for a different entry: both are read",
        ),
        (line_of(name, "@article{marks2023"), "info", "took the rating '[A+]' off the start of the title"),
        (
            line_of(name, "@article{broken2020"),
            "error",
            "this entry cannot be read (Unexpected block start: @inproceedings. "
            "Was still looking for field-value closing }): "
            "'@article{broken2020,' skipped; the entries after it are read",
        ),
        (
            line_of(name, "@proceedings{iwmd2021"),
            "info",
            "@proceedings 'iwmd2021' is the volume other entries cross-reference: not listed as a paper",
        ),
        (line_of(name, "{Smarch}"), "warning", "month 'Smarch' is not a month: left out"),
        (line_of(name, "files/book.pdf"), "warning", "pdf 'files/book.pdf' is not an http(s) address: dropped"),
        (
            line_of(name, "javascript:alert"),
            "warning",
            "url 'javascript:alert(document.cookie)' is not an http(s) address: dropped",
        ),
        (
            line_of(name, "data:text/html"),
            "warning",
            "code 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) address: dropped",
        ),
        (
            line_of(name, "file:///etc/passwd"),
            "warning",
            "html 'file:///etc/passwd' is not an http(s) address: dropped",
        ),
        (
            line_of(name, "undefinedvenue"),
            "warning",
            "'undefinedvenue' in 'journal' is not defined by an @string: read as the word itself",
        ),
        (line_of(name, "@misc{notitle2024"), "error", "entry 'notitle2024' has no title: skipped"),
    ]
    assert notes(diagnostics) == expected


# CSL-JSON -------------------------------------------------------------------------------------------


def test_a_zotero_csl_export_gives_every_field():
    document, papers, diagnostics = read("csl_zotero.json")
    assert document.format == "csl-json" and notes(diagnostics) == []
    sparse, journal, preprint, thesis, chapter = papers
    assert fields(sparse) == {
        "title": "Sparse Codes for Untidy Bibliographies",  # CSL's <i> markup taken off
        "authors": ["Chidi Okafor", "Anna van der Berg", "The Messy Data Consortium"],
        "authors_truncated": False,
        "authors_marked": {},
        "date": "2023-09-14",
        "date_precision": "day",
        "doi": "10.5555/iwmd.2023.101",
        "arxiv_id": None,
        "arxiv_category": None,
        "venue": "Proceedings of the International Workshop on Messy Data",
        "pub_type": "conference",
        "url": "https://example.org/iwmd/2023/101",
        "pdf": None,
        "code": None,
        "html": None,
        "keywords": ["bibliographies", "sparse codes", "parsing"],
        "citation_key": "okafor2023sparse",
        "note": None,
        "abstract": r"We read $n$ files in $\mathcal{O}(n)$ time.",
        "has_code": False,
    }
    assert (journal["title"], journal["authors"]) == (
        "A Journal Article With pH in Its Title",
        ["Sara Lindqvist", "Martin Luther King Jr."],
    )
    assert (journal["date"], journal["date_precision"], journal["pub_type"]) == ("2022-03-01", "month", "article")
    assert fields(preprint) == {
        "title": "Sparse Codes at Even Larger Scale",
        "authors": ["Petra Novak"],
        "authors_truncated": False,
        "authors_marked": {},
        "date": "2024-02-08",
        "date_precision": "day",
        "doi": "10.48550/arxiv.2402.05678",
        "arxiv_id": "2402.05678",
        "arxiv_category": None,
        "venue": None,
        "pub_type": "preprint",
        "url": "http://arxiv.org/abs/2402.05678",
        "pdf": None,
        "code": None,
        "html": None,
        "keywords": [],
        "citation_key": "novak2024preprint",
        "note": "arXiv:2402.05678 [cs]",
        "abstract": None,
        "has_code": False,
    }
    assert (thesis["pub_type"], thesis["venue"], thesis["date_precision"]) == (
        "thesis",
        "University of Nowhere",
        "year",
    )
    assert (chapter["pub_type"], chapter["venue"], chapter["authors"]) == (
        "chapter",
        "Collected Examples",
        ["Petra Novak"],
    )


def test_csl_messy_items_are_read_around_the_broken_one():
    name = "csl_messy.json"
    _, papers, diagnostics = read(name)
    assert [p["title"] for p in papers] == [
        "A Report Indexed by Number",
        "The Item After the Broken One",
        "No Date on This One",
        "Last of the Messy Items",
    ]
    report, after, undated, last = papers
    assert (report["citation_key"], report["authors"], report["url"]) == ("1", ["Institute of Examples"], None)
    assert (report["date"], report["date_precision"]) == ("2019-04-01", "month")  # `date_parts`, strings and numbers
    assert after["authors_marked"] == {"Chidi Okafor": "*"} and after["date"] == "2021-06-30" and after["doi"] is None
    assert undated["date"] is None and undated["pub_type"] == "misc"
    assert (last["date"], last["date_precision"], last["keywords"]) == (
        "2017-01-01",
        "year",
        ["sparse codes", "parsing"],
    )
    broken = line_of(name, '"id": 2') - 1
    after_line = line_of(name, '"id": 3') - 1
    assert notes(diagnostics) == [
        (broken - 8, "warning", "URL 'javascript:alert(1)' is not an http(s) address: dropped"),
        (
            after_line,
            "error",
            "not valid JSON (Expecting property name enclosed in double quotes): "
            f"the item starting at line {broken} is skipped",
        ),
        (after_line, "info", "took the rating '[B]' off the start of the title"),
        (after_line, "warning", "DOI 'not a doi' is not a DOI (10.NNNN/...): dropped"),
        (after_line, "warning", "URL 'data:text/html,<script>alert(1)</script>' is not an http(s) address: dropped"),
        (line_of(name, '"id": 4') - 1, "warning", "no ',' between two items: read as if it were there"),
        (
            line_of(name, '"id": 4') - 1,
            "warning",
            "item 'No Date on This One' has no publication date: the paper is undated",
        ),
        (line_of(name, "a stray string"), "error", "an item that is not an object (a CSL item is {...}): skipped"),
        (line_of(name, '"id": 5') - 1, "error", "item 5 has no title: skipped"),
    ]


def test_a_single_csl_item_from_a_doi_lookup():
    _, papers, diagnostics = read("csl_single.json")
    assert notes(diagnostics) == []
    (paper,) = papers
    assert (paper["title"], paper["doi"], paper["venue"], paper["date"]) == (
        "A Single Item From a DOI Lookup",
        "10.5555/jir.2020.0007",
        "Journal of Invented Results",
        "2020-02-01",
    )


# arXiv API responses ------------------------------------------------------------------------------


def test_a_saved_arxiv_response_gives_every_field():
    name = "arxiv_query.xml"
    document, papers, diagnostics = read(name)
    assert document.format == "arxiv"
    sparse, strings, updated, links = papers
    assert fields(sparse) == {
        # white space of the wrapped title and summary collapsed; math kept for the site to render
        "title": r"Sparse Codes at Even Larger Scale: Reading $10^6$ Untidy Bibliographies in $\mathcal{O}(n \log n)$",
        "authors": ["Petra Novak", "Chidi Okafor", "Sara Lindqvist"],
        "authors_truncated": False,
        "authors_marked": {},
        "date": "2024-02-08",
        "date_precision": "day",
        "doi": "10.5555/jir.2024.0099",
        "arxiv_id": "2402.05678",
        "arxiv_category": "cs.DL",
        "venue": "Journal of Invented Results 14 (2024) 99-120",
        "pub_type": "preprint",
        "url": "http://arxiv.org/abs/2402.05678v2",
        "pdf": "http://arxiv.org/pdf/2402.05678v2",
        "code": None,
        "html": None,
        "keywords": [],
        "citation_key": None,
        "note": "15 pages, 4 figures; v2 fixes a typo in Table 2",
        "abstract": r"We read a million bibliographies & report what broke. "
        r"Entries with $k$ errors cost $\mathcal{O}(k)$ "
        "to repair; the rest are read in one pass.",
        "has_code": False,
    }
    assert (strings["arxiv_id"], strings["arxiv_category"], strings["date"]) == (
        "hep-th/9901001",
        "hep-th",
        "1999-01-04",
    )
    assert (updated["date"], updated["arxiv_category"]) == ("2023-12-01", "math.OC")  # no <published>; no primary
    assert links["title"] == "Links <script>That Must Not</script> Be Followed"  # text, kept as text
    assert (links["url"], links["pdf"]) == (None, None)
    assert notes(diagnostics) == [
        (0, "info", "the response holds 4 of its 6 results (one page of them): only those are read"),
        (
            line_of(name, "data:text/html"),
            "warning",
            "link 'data:text/html,%3Cscript%3Ealert(1)%3C/script%3E' is not an http(s) address: dropped",
        ),
        (
            line_of(name, "javascript:alert"),
            "warning",
            "pdf link 'javascript:alert(1)' is not an http(s) address: dropped",
        ),
    ]


def test_an_arxiv_error_response_is_an_error():
    _, papers, diagnostics = read("arxiv_error.xml")
    assert papers == []
    assert notes(diagnostics) == [
        (
            line_of("arxiv_error.xml", "<entry>"),
            "error",
            "the arXiv API answered with an error: incorrect id format for 2402.5678",
        )
    ]


# ORCID works ----------------------------------------------------------------------------------------


def test_an_orcid_works_list_gives_its_owner_and_every_field():
    name = "orcid_works.json"
    document, papers, diagnostics = read(name)
    assert document.format == "orcid" and document.owner.orcid == "0000-0002-1825-0097"
    journal, preprint, workshop, chapter, thesis = papers
    # the summary ORCID prefers (highest display-index) gives the fields; the other fills what it lacks
    assert fields(journal) == {
        "title": "A journal article with pH in its title",
        "authors": None,
        "authors_truncated": False,
        "authors_marked": {},
        "date": "2022-01-01",
        "date_precision": "year",
        "doi": "10.5555/jir.2022.0012",
        "arxiv_id": None,
        "arxiv_category": None,
        "venue": "Journal of Invented Results",
        "pub_type": "article",
        "url": "https://doi.org/10.5555/jir.2022.0012",
        "pdf": None,
        "code": None,
        "html": None,
        "keywords": [],
        "citation_key": "90000002",
        "note": None,
        "abstract": None,
        "has_code": False,
    }
    assert (preprint["arxiv_id"], preprint["doi"], preprint["pub_type"]) == (
        "2402.05678",
        "10.48550/arxiv.2402.05678",
        "preprint",
    )
    assert (preprint["date"], preprint["date_precision"], preprint["venue"]) == ("2024-02-08", "day", None)
    assert (workshop["url"], workshop["pub_type"], workshop["date_precision"]) == (
        "https://example.org/iwmd/2023/101",
        "conference",
        "year",
    )
    assert (chapter["doi"], chapter["url"], chapter["pub_type"]) == (
        None,
        None,
        "chapter",
    )  # a part-of DOI is the book's
    assert (thesis["pub_type"], thesis["date"], thesis["date_precision"]) == ("thesis", "2018-01-01", "year")
    assert all(paper["authors"] is None for paper in papers)
    assert notes(diagnostics) == [
        (1, "info", "the works of ORCID iD 0000-0002-1825-0097"),
        (
            line_of(name, '"put-code": 90000005') - 1,
            "warning",
            "url 'javascript:void(0)' is not an http(s) address: dropped",
        ),
        (
            line_of(name, '"put-code": 90000005') - 1,
            "warning",
            "the work 'A Chapter on Examples' has no publication date: the paper is undated",
        ),
        (line_of(name, '"work-summary": []') - 3, "warning", "a group without work summaries: skipped"),
        (line_of(name, '"put-code": 90000006') - 1, "error", "a work without a title: skipped"),
        (line_of(name, '"put-code": 90000007') - 1, "warning", "the date '2018-13' names no real day: kept the year"),
    ]


def test_an_orcid_id_with_a_wrong_check_digit_owns_nothing():
    document, papers, diagnostics = read("orcid_bad_checksum.json")
    assert document.owner is None and [p["title"] for p in papers] == ["A Work Whose Owner Cannot Be Known"]
    assert notes(diagnostics) == [
        (1, "error", "'0000-0002-1825-0098' is not a valid ORCID iD (its check digit is wrong): owner not known")
    ]


# Cut-off files ----------------------------------------------------------------------------------------


def cut_before_its_end(text: str) -> str:
    """The text cut just before its last closing bracket, brace or tag: what a half-saved file looks like."""
    stripped = text.rstrip()
    return stripped[: stripped.rfind("</feed>")] if stripped.endswith("</feed>") else stripped[:-1]


@pytest.mark.parametrize("name", BIBLIOGRAPHIES)
def test_a_whole_file_is_complete_and_a_cut_off_one_is_not(name):
    document, _, _ = read(name)
    assert document.complete  # the messy ones too: what is broken in them is in the middle
    text = (SOURCES / name).read_text("utf-8")
    cut, notes = read_text(decode(cut_before_its_end(text).encode("utf-8"), name), AS_OF)
    assert isinstance(cut, BibliographyDocument) and cut.complete is False
    assert [n for n in notes if n.level is Level.ERROR], "a cut-off file says so"


def test_a_build_shows_the_last_complete_version_of_a_cut_off_bib(tmp_path):
    from generator.readers import LastCompleteStore

    store = LastCompleteStore(tmp_path / "store")
    bib = tmp_path / "profiles" / "mine.bib"
    bib.parent.mkdir()
    whole = (SOURCES / "deqing_fu.bib").read_text("utf-8")
    bib.write_text(whole, "utf-8")
    first = read_paths([bib.parent], AS_OF, store=store)
    bib.write_text(cut_before_its_end(whole), "utf-8")
    second = read_paths([bib.parent], AS_OF, store=store)
    assert [p.title for p in second.documents[0].papers] == [p.title for p in first.documents[0].papers]
    assert len(second.documents[0].papers) == 4
    assert any("last complete version" in d.message for d in second.diagnostics)


# Identifiers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("https://doi.org/10.1145/ABC.1", "10.1145/abc.1"),
        ("http://dx.doi.org/10.1000/x%2Fy", "10.1000/x/y"),
        ("doi:10.5555/X", "10.5555/x"),
        ("DOI 10.5555/X", "10.5555/x"),
        ("https://www.doi.org/10.5555/x", "10.5555/x"),
        ("10.48550/arXiv.2301.01234", "10.48550/arxiv.2301.01234"),
        ("not a doi", None),
        ("10.12/too-short-prefix", None),
        ("https://example.org/10.5555/x", None),
        ("", None),
    ],
)
def test_dois_are_normalised(text, doi):
    assert normalise_doi(text) == doi


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("2301.01234", "2301.01234"),
        ("2301.01234v3", "2301.01234"),
        ("arXiv:2301.01234", "2301.01234"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("2313.01234", None),
        ("12345.6789", None),
        ("cs/99", None),
    ],
)
def test_arxiv_ids_are_normalised(text, arxiv_id):
    assert normalise_arxiv_id(text) == arxiv_id


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2301.01234v2", "2301.01234"),
        ("http://arxiv.org/pdf/2301.01234.pdf", "2301.01234"),
        ("https://arxiv.org/abs/cond-mat/0211022", "cond-mat/0211022"),
        ("arXiv preprint arXiv:2405.00001", "2405.00001"),
        ("10.48550/arxiv.2402.05678", "2402.05678"),
        ("https://example.org/2301.01234", None),
        ("version 2301.01234", None),
    ],
)
def test_arxiv_ids_are_found_in_links_and_text(text, arxiv_id):
    assert find_arxiv_id(text) == arxiv_id


@pytest.mark.parametrize(
    ("text", "orcid_id"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("0000-0002-9079-593X", "0000-0002-9079-593X"),
        ("0000-0002-9079-593x", "0000-0002-9079-593X"),
        ("0000-0002-1825-0098", None),
        ("0000-0002-1825-009", None),
        ("https://example.org/0000-0002-1825-0097", None),
    ],
)
def test_orcid_ids_are_checked_with_iso_7064(text, orcid_id):
    assert normalise_orcid(text) == orcid_id


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("files/paper.pdf", False),
        ("//example.org/x", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ('https://example.org/"onmouseover=', False),
        ("vbscript:x", False),
        ("http:\\\\example.org", False),
        ("https://[::1", False),
        ("https://example.org/\xa0x", False),
        ("https://example.org/\u202etxt.exe", False),
    ],
)
def test_only_absolute_http_addresses_are_kept(text, kept):
    assert (web_address(text) is not None) is kept


# `portfolio parse --json` ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", BIBLIOGRAPHIES)
def test_parse_reports_each_bibliography_one_line_a_problem(name):
    _, _, diagnostics = read(name)
    result = run_portfolio("parse", "--json", "--as-of", AS_OF.isoformat(), SOURCES / name, check=False)
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 2
    assert data["diagnostics"] == [d.as_dict() for d in diagnostics]
    assert result.returncode == (1 if any(d.level is Level.ERROR for d in diagnostics) else 0)
    errors = schema_validator("portfolio.schema.json").iter_errors(data)
    assert [e.message for e in errors] == []
    text = run_portfolio("parse", "--as-of", AS_OF.isoformat(), SOURCES / name, check=False)
    problems = [line for line in text.stderr.splitlines() if line]
    assert problems == [str(d) for d in diagnostics]
    assert all(line.startswith(f"{SOURCES / name}:") for line in problems)


@pytest.mark.parametrize("name", BIBLIOGRAPHIES)
def test_every_paper_fits_the_schema(name):
    _, papers, _ = read(name)
    validator = schema_validator("portfolio.schema.json")
    paper_schema = {"$ref": "urn:research-portfolio:schema:portfolio#/$defs/paper"}
    for number, paper in enumerate(papers):
        paper = {**paper, "id": f"paper-{number}"}  # slugs are the assembly's
        assert [e.message for e in validator.evolve(schema=paper_schema).iter_errors(paper)] == []


def test_parse_json_lists_the_papers_of_every_bibliography():
    result = run_portfolio("parse", "--json", "--as-of", AS_OF.isoformat(), SOURCES / "deqing_fu.bib")
    titles = {paper["title"] for paper in json.loads(result.stdout)["papers"]}
    assert "Zebra-CoT: A Dataset for Interleaved Vision Language Reasoning" in titles


def test_the_model_keeps_its_defaults_for_saved_pages(sources):
    result = read_paths([sources / "profile_basic.txt", sources / "feed_basic.txt"], AS_OF)
    for document in result.documents:
        for paper in document.papers:
            data = paper_data(paper)
            assert (data["doi"], data["arxiv_id"], data["venue"], data["pub_type"], data["url"]) == (None,) * 5
            assert (data["keywords"], data["authors_marked"], data["citation_key"]) == ([], {}, None)
            assert data["date_precision"] == ("day" if paper.date else None)


def test_a_year_only_paper_has_no_month():
    document, _, _ = read("deqing_fu.bib")
    by_key = {paper.citation_key: paper for paper in document.papers}
    assert by_key["vasudeva2025sensitivity"].month is None and by_key["vasudeva2025sensitivity"].year == 2025
    assert by_key["fu2024secondorder"].month == 12 and by_key["fu2024secondorder"].date == dt.date(2024, 12, 1)


def test_a_source_text_without_a_file_reads_too():
    source = SourceText(path="inline.bib", name="inline.bib", lines=["@misc{k, title = {Inline}, year = 2020}"])
    document = bibtex.read(source, AS_OF)
    assert [(p.title, p.year, p.pub_type) for p in document.papers] == [("Inline", 2020, "misc")]
