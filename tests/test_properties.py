"""Property-based tests of every reader: any bytes, any text and any mutation of real and fixture files
give documents and diagnostics, never an exception; reading is deterministic; and any title survives
the trip into front matter and back.

Examples per test: 2,000 by default (what CI runs); `PORTFOLIO_HYPOTHESIS=quick` runs 100 for a fast
local check. Failing examples Hypothesis found are kept below as `@example` regression cases.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.diagnostics import Diagnostic, Level
from generator.exports.data import portfolio_data
from generator.model import normalise_title
from generator.model.assemble import assemble
from generator.readers import READERS, ReadResult, read_text
from generator.readers.base import SourceError, clean
from generator.readers.text import SourceText, decode
from generator.render import SiteRenderer, front_matter, make_environment, page_meta
from tests.conftest import SEEDS, SOURCES
from tests.hostile_corpus import HOSTILE

PROFILES = {"ci": 2000, "quick": 100}
EXAMPLES = PROFILES[os.environ.get("PORTFOLIO_HYPOTHESIS", "ci")]
PER_READER = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Whole pipelines (assemble and render) cost ten times more per example: a tenth as many.
PER_PIPELINE = settings(
    max_examples=max(EXAMPLES // 10, 25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# One Jinja environment for all examples: compiling the templates again for each would dominate.
TEMPLATES = make_environment()


def renderer(portfolio) -> SiteRenderer:
    site = SiteRenderer(portfolio)
    site.env = TEMPLATES
    return site


AS_OF = dt.date(2026, 11, 22)

# Lines of the three formats, right and nearly right, for the grammar-shaped texts below.
FORMAT_LINES = [
    "",
    "",
    "",
    "Ada Lovelace",
    "LG",
    "CV",
    "cs.LG",
    "h-index41",
    "h-index",
    "18papers",
    "5,576citations",
    "1,2,3citations",
    "Novelty58%",
    "AI Score61",
    "18 Papers",
    "0 Papers",
    "93.5LGJun 2",
    "CVJul 22, 2025Code",
    "LGMar 1, 2023",
    "66.5CLApr 22",
    "LGFeb 30, 2024",
    "LGFeb 29",
    "999.9AIDec 31, 9999Code",
    "A, B, C et al.",
    "A, B · org",
    " · ",
    "et al.",
    "Shibo Jie, Zhi-Hong Deng · pku",
    "We study $k + \\mathcal{O}(1)$ things.",
    "$",
    "$$",
    "\\$5",
    "Abstract:",
    "Abstract:text",
    "Abstract: more text",
    "new",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Get trending papers in your email inbox!",
    "Jan 6",
    "Feb 29",
    "Dec 19, 2024",
    "Aug 21, 2024 2",
    "  • 11 authors",
    "• 1 author",
    "·",
    "PekingUniversity Peking University",
    "---",
    "title: x: y",
    "<script>alert(1)</script>",
    "{{ config }}",
    '--8<-- ".env"',
    "\u202e\u200b",
    "\x00\x1b[31m",
    "\r",
    "\t",
    # issue 13: counts without digits or with thousands of them, a team name as the author line, fillers
    ",papers",
    ", Papers",
    ",citations",
    "h-index" + "9" * 4400,
    "9" * 5000 + "citations",
    "1,2,3,4 Papers",
    "• 99999999999999999999 authors",
    "Jan 2, 2020 " + "9" * 4400,
    "CMS",
    "ATLAS",
    "\u3164",
    "\u3164\u115f\u2800",
    "Ada\x00Lovelace",
    "Abstract:\u3164",
]
format_text = st.lists(st.one_of(st.sampled_from(FORMAT_LINES), st.text(max_size=40)), max_size=60).map("\n".join)


def corpus_files() -> list[bytes]:
    """Our fixtures, the committed hostile corpus and, when they are beside the repository, the seeds."""
    paths = [*SOURCES.glob("*.txt"), *HOSTILE.glob("*.txt")]
    if SEEDS.is_dir():
        paths += [p for p in SEEDS.iterdir() if p.is_file()]
    return [p.read_bytes() for p in sorted(paths)]


@st.composite
def mutated(draw, files=tuple(corpus_files())) -> bytes:
    """A real file with a few random edits: lines cut, repeated, swapped, replaced; bytes inserted; truncation."""
    lines = draw(st.sampled_from(files)).split(b"\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["cut", "repeat", "swap", "replace", "insert", "format"]))
        if edit == "cut":
            del lines[at : at + draw(st.integers(1, 8))]
        elif edit == "repeat":
            lines[at:at] = lines[at : at + draw(st.integers(1, 8))]
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "replace":
            lines[at] = draw(st.binary(max_size=40))
        elif edit == "insert":
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.binary(max_size=12)) + line[cut:]
        else:
            lines.insert(at, draw(st.sampled_from(FORMAT_LINES)).encode("utf-8"))
    data = b"\n".join(lines)
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


any_input = st.one_of(
    st.binary(max_size=3000), st.text(max_size=1500).map(str.encode), format_text.map(str.encode), mutated()
)


def check_diagnostics(diagnostics, source: SourceText | None, path: str) -> None:
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic) and isinstance(diagnostic.level, Level)
        assert diagnostic.file == path and diagnostic.message and "\n" not in diagnostic.message
        if source is not None:
            assert 0 <= diagnostic.line <= len(source.lines) + 1


@PER_READER
@given(any_input)
@example(b"\xff\xfe")  # a UTF-16 BOM and nothing else
@example("Ünï".encode()[:-1])  # a file cut inside its last character
@example(b"\xef\xbb\xbf\r\n\r\n")
@example(b"\x00")  # only a control character: nothing left to read
def test_decoding_any_bytes_gives_clean_lines_or_one_error(data):
    source = decode(data, "input.txt")
    if isinstance(source, Diagnostic):
        assert source.level is Level.ERROR and source.file == "input.txt"
        return
    assert source.lines and any(line.strip() for line in source.lines)
    for line in source.lines:
        assert "\n" not in line and "\r" not in line and "\x00" not in line and "\u202e" not in line
    check_diagnostics(source.diagnostics, source, "input.txt")
    assert decode(data, "input.txt") == source  # deterministic


def read_with(reader, data: bytes) -> None:
    """Force one reader on any decodable input (even one its sniffer would refuse)."""
    source = decode(data, "input.txt")
    if isinstance(source, Diagnostic):
        return
    assert isinstance(reader.sniff(source), bool)
    try:
        document = reader.read(source, AS_OF)
    except SourceError as refused:  # how a reader says the file cannot be read as its kind at all
        assert 1 <= refused.line <= len(source.lines) and refused.message and "\n" not in refused.message
        return
    check_diagnostics(document.diagnostics, source, "input.txt")
    assert reader.read(source, AS_OF) == document  # deterministic
    for paper in getattr(document, "papers", []):
        assert paper.title and paper.title == clean(paper.title)
        assert all(name and name == clean(name) for name in paper.authors or [])


@PER_READER
@given(any_input)
@example(b"\x00")  # found by Hypothesis: no line left after the control character is removed
@example(b"Name\n\nh-index1\n1papers\n\nLGJan 1\n")  # a header with nothing after it
@example(b"Name\nh-index1\n1papers\n\nLGFeb 29, 2023\nTitle\n\nA, B\n\nAbstract.")  # no such day
def test_the_profile_reader_never_raises(data):
    read_with(READERS[0], data)


@PER_READER
@given(any_input)
@example(b"Abstract:\nAbstract:x\nstray line")
def test_the_abstract_list_reader_never_raises(data):
    read_with(READERS[1], data)


@PER_READER
@given(any_input)
@example(b"Daily Papers\n\nSubscribe\n\nFeb 30\n\n\xc2\xb7\n\nTitle\n\nAbstract\n\nX X\n\xc2\xb7\nFeb 31, 2024 3")
@example(("OrgName " * 3000).encode())  # a long organisation line must stay linear
def test_the_feed_reader_never_raises(data):
    read_with(READERS[2], data)


@PER_READER
@given(any_input)
def test_sniffing_and_reading_never_raise(data):
    source = decode(data, "input.txt")
    if isinstance(source, Diagnostic):
        return
    document, diagnostics = read_text(source, AS_OF)
    check_diagnostics(diagnostics, source, "input.txt")
    assert read_text(source, AS_OF) == (document, diagnostics)


@PER_PIPELINE
@given(st.lists(any_input, min_size=1, max_size=4))
def test_whole_sets_of_files_assemble_and_render_the_same_way_twice(files):
    def run():
        result = ReadResult()
        for number, data in enumerate(files):
            source = decode(data, f"file{number}.txt")
            if isinstance(source, Diagnostic):
                result.diagnostics.append(source)
                continue
            document, diagnostics = read_text(source, AS_OF)
            result.diagnostics += diagnostics
            if document is not None:
                result.documents.append(document)
        portfolio = assemble(result, AS_OF)
        return portfolio_data(portfolio), [(page.path, page.text) for page in renderer(portfolio).render_all()]

    first = run()
    assert run() == first
    assert len({path for path, _ in first[1]}) == len(first[1])  # no two pages at one path


def round_trip(meta: dict) -> dict:
    """Front matter as the generator writes it, read back as MkDocs reads it."""
    _, data = get_data(front_matter(meta) + "<p>body</p>\n")
    return data


@PER_READER
@given(st.text(max_size=300))
@example("null")
@example("x: y !!python/object/apply:os.system [ls]")
@example("--- ... ---")
@example("\x85")  # found by Hypothesis: YAML read NEL back as a space
@example("\u2028\u2029 line separators")
@example("'\"&<>{{ }}{% %}")
def test_any_title_survives_front_matter_exactly(title):
    data = round_trip(page_meta(title, "paper", title))
    assert data["portfolio"]["title"] == title
    assert html.unescape(data["title"]) == title


@PER_PIPELINE
@given(
    st.text(min_size=1, max_size=200).filter(lambda t: normalise_title(t))
)  # no letter or digit: skipped, with a warning
@example("title: x: y !!binary")
@example("CVJan 1, 2020")
def test_a_title_read_from_a_profile_survives_front_matter_exactly(title):
    text = (
        f"Pat Doe\n\nLG\nh-index1\n1papers\n1citations\n\n1 Papers\n\nLGJan 2, 2020\n{title}\n\nPat Doe\n\nAn abstract."
    )
    source = decode(text.encode("utf-8"), "p.txt")
    if isinstance(source, Diagnostic):
        return
    document, _ = read_text(source, AS_OF)
    portfolio = assemble(ReadResult([document]), AS_OF) if document is not None else None
    for paper in portfolio.papers.values() if portfolio else []:
        _, data = get_data(renderer(portfolio).render_paper(paper).text)
        assert data["portfolio"]["title"] == paper.title
        assert html.unescape(data["title"]) == paper.title


def test_the_corpus_is_there():
    """The mutation strategy draws from real files: make sure it has them."""
    assert len(corpus_files()) >= 15 and Path(SOURCES).is_dir()


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.text(
        st.characters()
        | st.sampled_from(
            list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000\u200b")
        )
    )
)
def test_clean_collapses_white_space_as_the_regular_expression_does(text):
    from generator.readers.base import WHITESPACE

    assert clean(text) == WHITESPACE.sub(" ", text).strip()


# --- Issue 13: counts of any length, files cut off anywhere --------------------------------------------

COUNT_LINES = {  # a profile or feed line holding a count, and the field it fills
    "h-index{}": "h_index",
    "{}papers": "paper_count",
    "{}citations": "citations",
    "Novelty{}%": "novelty",
    "AI Score{}": "ai_score",
}
counts = st.one_of(
    st.integers(0, 10**20).map(lambda n: f"{n:,}"),  # grouped as pages print them
    st.integers(0, 10**20).map(str),
    st.text("0123456789,", min_size=1, max_size=6000),  # separators anywhere, thousands of digits
)


@PER_READER
@given(st.sampled_from(sorted(COUNT_LINES)), counts)
@example("{}citations", "9" * 4301)  # past Python's integer-string limit
@example("{}citations", ",")
@example("h-index{}", "1" * 16)
def test_a_count_of_any_length_in_a_profile_is_read_or_left_empty_with_a_warning(line, count):
    header = [template.format(1) for template in COUNT_LINES]
    at = list(COUNT_LINES).index(line)
    header[at] = line.format(count)
    text = "\n".join(
        ["Pat Doe", "", "LG", *header, "", "1 Papers", "", "LGJan 2, 2020", "A Title", "", "Pat Doe", "", "Abstract."]
    )
    document, notes = read_text(decode(text.encode(), "p.txt"), AS_OF)
    check_diagnostics(notes, None, "p.txt")
    value = getattr(document.author, COUNT_LINES[line])
    digits = count.replace(",", "")
    grouped = COUNT_LINES[line] in ("h_index", "paper_count", "citations")  # the others are plain digits on the pages
    if not (count[0].isdigit() and ("," not in count or grouped)):  # not a count: an unexpected line, nothing read
        assert value is None and any("unexpected line" in n.message and n.line == 4 + at for n in notes)
    elif len(digits) > 15:
        assert value is None and any(
            n.level is Level.WARNING and "implausibly long" in n.message and n.line == 4 + at for n in notes
        )
    else:
        assert value == int(digits)
    assert len(document.papers) == 1


@PER_READER
@given(counts, counts)
@example("9" * 5000, "9" * 5000)
def test_counts_of_any_length_in_a_feed_trailer_are_read_or_left_empty(authors, votes):
    text = (
        f"Daily Papers\n\nSubscribe\n\nJan 6\n\nA Title\n\nAbstract.\n\n• {authors} authors\n·\nJan 2, 2020 {votes}\n"
    )
    document, notes = read_text(decode(text.encode(), "f.txt"), AS_OF)
    check_diagnostics(notes, None, "f.txt")
    paper = document.papers[0]
    assert paper.date == dt.date(2020, 1, 2) or any("unexpected line" in n.message for n in notes)
    for value in (paper.author_count, paper.upvotes):
        assert value is None or 0 <= value < 10**15


def prefixes_to_check(data: bytes, every_byte: bool) -> list[int]:
    """Every byte prefix, or every prefix ending at a line end or half way through a line."""
    if every_byte:
        return list(range(len(data)))
    ends = [i for i, byte in enumerate(data) if byte == 10]
    return sorted({cut for start, end in zip([0, *ends], ends) for cut in (start, (start + end) // 2, end)})


def profiles_to_cut() -> list[tuple[str, bytes, bool]]:
    found = [
        ("profile_basic.txt", (SOURCES / "profile_basic.txt").read_bytes(), True),
        ("profile_coauthor.txt", (SOURCES / "profile_coauthor.txt").read_bytes(), True),
    ]
    if SEEDS.is_dir():
        for path in sorted(SEEDS.iterdir()):
            source = decode(path.read_bytes(), path.name)
            if READERS[0].sniff(source):
                found.append((path.name, path.read_bytes(), False))
    return found


@pytest.mark.parametrize(("name", "data", "every_byte"), profiles_to_cut(), ids=[n for n, _, _ in profiles_to_cut()])
def test_every_prefix_of_a_profile_reads_and_a_cut_one_is_reported_incomplete(name, data, every_byte):
    """A profile cut anywhere before its last abstract reads without an exception and is reported as
    incomplete (or is not taken for a profile at all, when too little of it is left); cut inside its
    last abstract, nothing tells it from a whole one."""
    whole, _ = read_text(decode(data, name), AS_OF)
    assert whole.complete
    last_abstract = data.rstrip().rfind(b"\n") + 1
    for cut in prefixes_to_check(data, every_byte):
        source = decode(data[:cut], name)
        if isinstance(source, Diagnostic):
            assert source.level is Level.ERROR
            continue
        document, notes = read_text(source, AS_OF)
        check_diagnostics(notes, source, name)
        if cut <= last_abstract:
            assert document is None or not document.complete, (cut, data[max(0, cut - 40) : cut])
            assert any(n.level is Level.ERROR for n in notes), (cut, notes)
        else:
            assert document.complete and len(document.papers) == len(whole.papers), cut
