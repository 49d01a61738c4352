"""Each reader on small fixtures of our own: every variation of the three formats."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.diagnostics import Level
from generator.readers import (
    AbstractListDocument,
    FeedDocument,
    ProfileDocument,
    abstracts,
    feed,
    profile,
    read_text,
    sniff_kind,
)
from generator.readers.text import SourceText, decode, read_source


def load(path, as_of):
    source = read_source(path)
    assert isinstance(source, SourceText), source
    return read_text(source, as_of)


def text_source(text: str, name: str = "inline.txt") -> SourceText:
    return SourceText(path=name, name=name, lines=text.split("\n"))


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("profile_basic.txt", profile),
        ("abstracts_basic.txt", abstracts),
        ("feed_basic.txt", feed),
        ("profile_truncated.txt", profile),
    ],
)
def test_sniffing_picks_the_reader_from_content(sources, name, reader):
    assert sniff_kind(read_source(sources / name)) is reader


def test_sniffing_ignores_the_file_name(sources, tmp_path):
    disguised = tmp_path / "feed_looking_name.txt"
    disguised.write_bytes((sources / "profile_basic.txt").read_bytes())
    assert sniff_kind(read_source(disguised)) is profile


def test_unrecognised_file_is_reported_not_guessed(sources, as_of):
    document, notes = load(sources / "not_a_portfolio.txt", as_of)
    assert document is None
    assert [(n.level, n.line) for n in notes] == [(Level.ERROR, 0)]
    assert "unrecognised" in notes[0].message


def test_profile_header_metrics(sources, as_of):
    document, notes = load(sources / "profile_basic.txt", as_of)
    assert isinstance(document, ProfileDocument)
    author = document.author
    assert (author.name, author.category, author.h_index, author.paper_count) == ("Mira Okonkwo-Hale", "CL", 12, 4)
    assert (author.citations, author.novelty, author.ai_score) == (1234, 47, 55)
    assert not [n for n in notes if n.level is not Level.INFO]


def test_profile_paper_blocks(sources, as_of):
    document, _ = load(sources / "profile_basic.txt", as_of)
    first, leap, ducks, recipes = document.papers
    assert first.title == r"Lattice Parsing with $\mathcal{O}(n^2)$ Memory"
    assert (first.score, first.category, first.date, first.has_code) == (71.5, "CL", dt.date(2026, 6, 2), False)
    assert first.authors == ["Mira Okonkwo-Hale", "Ömer Faruk Akgül", "Lin Wei"]
    assert first.authors_truncated is True and first.org is None
    assert first.abstract.startswith("We parse lattices with $\\mathcal{O}(n^2)$")
    assert leap.has_code is True and leap.org == "orchid-lab" and leap.authors_truncated is False
    assert leap.authors == ["Mira Okonkwo-Hale", "Pavel Dvořák"]
    assert ducks.score is None and ducks.date == dt.date(2022, 10, 3)
    assert recipes.org == "recipe-co" and recipes.authors_truncated and recipes.has_code


def test_year_less_dates_resolve_to_latest_day_not_after_as_of(sources):
    document, notes = load(sources / "profile_basic.txt", dt.date(2026, 11, 22))
    assert document.papers[0].date == dt.date(2026, 6, 2) and document.papers[0].date_inferred
    assert document.papers[1].date == dt.date(2024, 2, 29)  # the latest Feb 29 on or before the as-of day
    assert any(n.level is Level.INFO and "inferred the year of 2 date(s)" in n.message for n in notes)
    earlier, _ = load(sources / "profile_basic.txt", dt.date(2026, 6, 1))
    assert earlier.papers[0].date == dt.date(2025, 6, 2)


def test_abstract_list_entries_keep_their_lines(sources, as_of):
    document, notes = load(sources / "abstracts_basic.txt", as_of)
    assert isinstance(document, AbstractListDocument)
    assert [e.line for e in document.entries] == [1, 2, 3]
    assert document.entries[2].text.startswith("A retrieval system")  # space after the colon trimmed
    assert notes == []


def test_feed_entries_in_page_order_with_trailers(sources, as_of):
    document, notes = load(sources / "feed_basic.txt", as_of)
    assert isinstance(document, FeedDocument)
    assert document.collection.date == dt.date(2026, 3, 4) and document.collection.title == "Daily Papers"
    ducks, sparse, undated, team = document.papers
    assert [p.title for p in document.papers] == [
        "Counting Ducks in Aerial Photographs",
        "Sparse Mixtures Without Tears",
        "A Paper Nobody Dated",
        "Big Team Science",
    ]
    assert (ducks.author_count, ducks.upvotes, ducks.date) == (2, 4, dt.date(2022, 10, 3))
    assert (sparse.org, sparse.author_count, sparse.upvotes) == ("Orchid Lab", None, None)
    assert undated.date is None and undated.abstract.startswith("This entry has no trailer")
    assert (team.author_count, team.upvotes) == (127, 6)
    assert all(p.authors is None for p in document.papers)
    assert not [n for n in notes if n.level is not Level.INFO]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PekingUniversity Peking University", "Peking University"),
        ("OrchidLab Orchid Lab", "Orchid Lab"),
        ("Some Group", "Some Group"),
    ],
)
def test_feed_organisation_line(line, expected):
    assert feed.organisation_name(line) == expected


def test_malformed_blocks_are_reported_and_the_rest_read(sources, as_of):
    document, notes = load(sources / "profile_malformed_block.txt", as_of)
    assert [p.title for p in document.papers] == ["A Fine First Paper", "The Last Paper Is Fine Too"]
    errors = [n for n in notes if n.level is Level.ERROR]
    assert [n.line for n in errors] == [19, 26]
    assert "expected a paper header" in errors[0].message and "no title" in errors[1].message
    assert all(n.file.endswith("profile_malformed_block.txt") for n in errors)


def test_truncated_profile_is_an_error_but_keeps_what_was_read(sources, as_of):
    document, notes = load(sources / "profile_truncated.txt", as_of)
    assert [p.title for p in document.papers] == ["A Complete Paper", "A Paper Cut Off Mid-Way"]
    assert document.papers[1].abstract is None
    errors = [n for n in notes if n.level is Level.ERROR]
    assert len(errors) == 1 and "cut off" in errors[0].message and errors[0].line == 17
    assert document.complete is False


def test_empty_file_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n \r\n\t\n")
    for name in ("empty.txt", "blank.txt"):
        note = read_source(tmp_path / name)
        assert note.level is Level.ERROR and "empty" in note.message and note.file.endswith(name)


def test_binary_file_is_an_error(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 20)
    note = read_source(path)
    assert note.level is Level.ERROR and "binary" in note.message


def test_bom_and_crlf_read_as_normal(sources, as_of):
    plain = read_source(sources / "profile_basic.txt")
    data = b"\xef\xbb\xbf" + (sources / "profile_basic.txt").read_bytes().replace(b"\n", b"\r\n")
    converted = decode(data, "crlf.txt")
    assert converted.lines == plain.lines and converted.diagnostics == []
    document, _ = read_text(converted, as_of)
    assert document.author.name == "Mira Okonkwo-Hale" and len(document.papers) == 4


def test_non_utf8_falls_back_to_cp1252_with_a_warning(sources, as_of):
    data = (sources / "profile_basic.txt").read_text("utf-8").replace("Pavel Dvořák", "José Müller")
    source = decode(data.encode("cp1252"), "latin.txt")
    assert [n.level for n in source.diagnostics] == [Level.WARNING]
    assert "cp1252" in source.diagnostics[0].message and source.diagnostics[0].line == 15
    document, _ = read_text(source, as_of)
    assert document.papers[1].authors == ["Mira Okonkwo-Hale", "José Müller"]


def test_control_and_bidi_characters_are_removed_with_a_warning(as_of):
    source = decode("Abstract:safe\u202etext\x00 here\n".encode(), "bidi.txt")
    assert source.lines == ["Abstract:safetext here"]
    assert source.diagnostics[0].level is Level.WARNING and source.diagnostics[0].line == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A, B, C et al.", (["A", "B", "C"], True, None)),
        ("Deqing Fu, Bradley J. Nelson", (["Deqing Fu", "Bradley J. Nelson"], False, None)),
        ("Shibo Jie, Zhi-Hong Deng · pku", (["Shibo Jie", "Zhi-Hong Deng"], False, "pku")),
        ("A, B et al. · gatech", (["A", "B"], True, "gatech")),
    ],
)
def test_author_line(text, expected):
    assert profile.parse_author_line(text) == expected


def test_header_line_variants():
    for header, parts in {
        "93.5LGJun 2": ("93.5", "LG", "Jun 2", None),
        "CVJul 22, 2025Code": (None, "CV", "Jul 22, 2025", "Code"),
        "LGMar 1, 2023": (None, "LG", "Mar 1, 2023", None),
        "MAMar 3, 2020": (None, "MA", "Mar 3, 2020", None),
        "cs.LGMay 5, 2021": (None, "cs.LG", "May 5, 2021", None),
    }.items():
        match = profile.HEADER_RE.match(header)
        assert (match["score"], match["category"], match["date"], match["code"]) == parts


def test_paper_without_author_line_has_null_authors(as_of):
    text = "\n".join(
        [
            "Pat Doe",
            "",
            "LG",
            "h-index1",
            "1papers",
            "1citations",
            "",
            "1 Papers",
            "",
            "LGJan 2, 2020",
            "A Paper With No Author Line",
            "",
            "We show that papers can lack an author line, and that the reader keeps them anyway.",
        ]
    )
    document, notes = read_text(text_source(text), as_of)
    assert document.papers[0].authors is None
    assert document.papers[0].abstract.startswith("We show")
    assert any("no author line" in n.message for n in notes)
