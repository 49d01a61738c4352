"""Merging papers and authors found in several files keeps what every file says: every author of every
list, each file's values in `source_values`, one shown value chosen by a documented rule, and a warning
naming both files and both values for each disagreement. Titles that differ in a meaningful symbol
(`C++` and `C`) are different papers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.diagnostics import Level
from generator.model import normalise_title
from generator.pipeline import load_portfolio
from tests.conftest import AS_OF
from tests.made_sources import MadePaper, MadeProfile
from tests.projects import build, make_project
from tests.test_exports import schema_validator

SHARED = "Sparse Attention for Long Documents"


def two_profiles(folder: Path) -> list[Path]:
    """Two saved profiles of Ada Byron, of different days: other metrics, and one paper listed with another
    author list, date and category; each lists a paper on C templates, one on C++ and one on C."""
    folder.mkdir(parents=True, exist_ok=True)
    first = MadeProfile(
        "Ada Byron",
        h_index=7,
        citations=100,
        novelty=40,
        category="LG",
        papers=[
            MadePaper(SHARED, ["Ada Byron", "Carl Gauss"], date="Mar 3, 2024", category="LG"),
            MadePaper("C Templates in Practice", ["Ada Byron", "Finn Dahl"], date="Jan 9, 2023", category="PL"),
        ],
    )
    second = MadeProfile(
        "Ada Byron",
        h_index=9,
        citations=150,
        novelty=55,
        category="CV",
        papers=[
            MadePaper(SHARED, ["Ada Byron", "Dora Maar"], date="Mar 5, 2024", category="CV"),
            MadePaper("C++ Templates in Practice", ["Ada Byron", "Eve Curie"], date="Feb 1, 2023", category="PL"),
        ],
    )
    paths = [folder / "a-april.txt", folder / "b-june.txt"]
    paths[0].write_text(first.text(), "utf-8")
    paths[1].write_text(second.text(), "utf-8")
    return paths


def warnings_about(portfolio, subject: str, text: str) -> list[str]:
    """The warnings about one paper or author (by title or name) that say `text`."""
    return [
        str(d)
        for d in portfolio.diagnostics
        if d.level is Level.WARNING and d.message.startswith(f"{subject!r}:") and text in d.message
    ]


@pytest.fixture
def merged(tmp_path):
    paths = two_profiles(tmp_path / "profiles")
    return paths, load_portfolio(paths, AS_OF)


def test_two_profiles_of_one_author_keep_both_files_metrics_and_show_the_newest(merged):
    (first, second), portfolio = merged
    [ada] = portfolio.authors
    assert (ada.h_index, ada.citations) == (9, 150)  # counts that only grow: the larger, from the newer page
    assert (ada.category, ada.novelty) == ("LG", 40)  # one file each: the first read
    assert ada.source_values == {
        "a-april.txt": {
            "name": "Ada Byron",
            "category": "LG",
            "h_index": 7,
            "paper_count": 2,
            "citations": 100,
            "novelty": 40,
            "ai_score": 50,
        },
        "b-june.txt": {
            "name": "Ada Byron",
            "category": "CV",
            "h_index": 9,
            "paper_count": 2,
            "citations": 150,
            "novelty": 55,
            "ai_score": 50,
        },
    }
    for label, lost, kept in (
        ("h-index", "7", "9"),
        ("citations", "100", "150"),
        ("category", "'CV'", "'LG'"),
        ("novelty", "55", "40"),
    ):
        [line] = warnings_about(portfolio, "Ada Byron", f"disagree on the {label}:")
        assert str(first) in line and str(second) in line, line
        assert f"gives {lost}," in line and f"gives {kept};" in line and f"the site shows {kept}" in line, line
    assert len(ada.papers) == 3  # both files' papers: the shared one once


def test_a_paper_listed_twice_keeps_every_author_and_both_files_values(merged):
    (first, second), portfolio = merged
    [paper] = [p for p in portfolio.papers.values() if p.title == SHARED]
    assert paper.authors == ["Ada Byron", "Carl Gauss", "Dora Maar"] and not paper.authors_truncated
    assert paper.date.isoformat() == "2024-03-03" and paper.category == "LG"  # the earliest; the first read
    assert paper.sources == ["a-april.txt", "b-june.txt"]
    assert paper.source_values["a-april.txt"]["authors"] == ["Ada Byron", "Carl Gauss"]
    assert paper.source_values["b-june.txt"]["authors"] == ["Ada Byron", "Dora Maar"]
    assert paper.source_values["b-june.txt"]["date"].isoformat() == "2024-03-05"
    assert paper.source_values["b-june.txt"]["category"] == "CV"
    [authors] = warnings_about(portfolio, SHARED, "author lists differ")
    assert str(first) in authors and str(second) in authors and "Dora Maar" in authors and "Carl Gauss" in authors
    [date] = warnings_about(portfolio, SHARED, "disagree on the date")
    assert "2024-03-05" in date and "2024-03-03" in date and str(first) in date and str(second) in date
    [category] = warnings_about(portfolio, SHARED, "disagree on the category")
    assert f"{second}:" in category and f"{first}:" in category


def test_c_and_c_plus_plus_are_two_papers_and_no_author_disappears(merged):
    _, portfolio = merged
    titles = {p.title: p for p in portfolio.papers.values()}
    assert titles["C Templates in Practice"].authors == ["Ada Byron", "Finn Dahl"]
    assert titles["C++ Templates in Practice"].authors == ["Ada Byron", "Eve Curie"]
    assert titles["C Templates in Practice"].id != titles["C++ Templates in Practice"].id


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("C++ Templates", "C Templates"),
        ("C# in Depth", "C in Depth"),
        ("F# for Science", "F for Science"),
        (".NET Internals", "NET Internals"),
        ("A+ Students", "A Students"),
    ],
)
def test_meaningful_symbols_make_different_titles(one, other):
    assert normalise_title(one) != normalise_title(other)


def test_punctuation_without_meaning_still_merges():
    assert normalise_title("C\\# in Depth") == normalise_title("C# in depth.")
    assert normalise_title(r"Bounds of $k+1$ Paths") == normalise_title("Bounds of k 1 paths")
    assert normalise_title("Zebra-CoT: a Dataset") == normalise_title("Zebra CoT a dataset")


def test_a_truncated_list_and_a_complete_one_agree_without_a_warning(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    short = MadeProfile("Ada Byron", [MadePaper(SHARED, ["Ada Byron", "Carl Gauss"])])
    (folder / "a.txt").write_text(
        short.text().replace("Ada Byron, Carl Gauss\n", "Ada Byron, Carl Gauss et al.\n"), "utf-8"
    )
    full = MadeProfile("Carl Gauss", [MadePaper(SHARED, ["Ada Byron", "Carl Gauss", "Dora Maar", "Eve Curie"])])
    (folder / "b.txt").write_text(full.text(), "utf-8")
    portfolio = load_portfolio([folder], AS_OF)
    [paper] = portfolio.papers.values()
    assert paper.authors == ["Ada Byron", "Carl Gauss", "Dora Maar", "Eve Curie"] and not paper.authors_truncated
    assert not warnings_about(portfolio, SHARED, "author lists differ")


def test_parse_json_carries_every_files_values_and_fits_the_schema(tmp_path):
    paths = two_profiles(tmp_path / "profiles")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", "--as-of", AS_OF.isoformat(), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    data = json.loads(result.stdout)
    schema_validator("portfolio.schema.json").validate(data)
    [paper] = [p for p in data["papers"] if p["title"] == SHARED]
    assert paper["source_values"]["b-june.txt"] == {
        "title": SHARED,
        "authors": ["Ada Byron", "Dora Maar"],
        "authors_truncated": False,
        "category": "CV",
        "date": "2024-03-05",
        "date_inferred": False,
        "abstract": "A short abstract about nothing in particular.",
    }
    assert data["authors"][0]["source_values"]["a-april.txt"]["h_index"] == 7
    single = [p for p in data["papers"] if p["title"].startswith("C")]
    assert all(p["source_values"] == {} for p in single)  # one source: its values are the paper's own


@pytest.mark.slow
def test_the_paper_page_lists_every_author_any_file_gives(tmp_path):
    project = make_project(tmp_path / "project")
    two_profiles(project / "profiles")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    portfolio = load_portfolio([project / "profiles"], AS_OF)
    [paper] = [p for p in portfolio.papers.values() if p.title == SHARED]
    page = BeautifulSoup((project / f"site/papers/{paper.id}/index.html").read_text("utf-8"), "html.parser")
    assert page.select_one(".pf-paper-page .pf-authors").get_text() == "Ada Byron, Carl Gauss, Dora Maar"
    # Dora Maar, named by one file only, has her co-author page, and it lists the paper.
    chip = next(a for a in page.select("#listed-in ~ ul a") if a.get_text() == "Dora Maar")
    dora = urljoin(f"papers/{paper.id}/", chip["href"])
    listed = BeautifulSoup((project / "site" / dora / "index.html").read_text("utf-8"), "html.parser")
    assert SHARED in [a.get_text() for a in listed.select(".pf-paper__title")]
    data = json.loads((project / "site/api/portfolio.json").read_text("utf-8"))
    schema_validator("portfolio.schema.json").validate(data)
