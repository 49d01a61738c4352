"""Issue 13, the read stage: one bad file never sinks the rest.

Any failure while reading a file becomes that file's `file:line: error:` and the other files are still
read; files that are not regular files are never opened; a file cut off half way is reported as
incomplete and its last complete version is kept (in memory under `serve`, on disk for builds).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.diagnostics import Diagnostic, Level
from generator.incremental import rerun
from generator.incremental.memo import ReadCache
from generator.pipeline import load_portfolio
from generator.readers import (
    FeedDocument,
    ProfileDocument,
    abstracts,
    feed,
    find_sources,
    profile,
    read_paths,
    read_text,
    text,
)
from generator.readers.text import SourceText, decode
from tests.conftest import AS_OF, SOURCES
from tests.projects import build, make_project

CORPUS = ("abstracts_basic.txt", "feed_basic.txt", "profile_basic.txt", "profile_coauthor.txt")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A folder of four good files, one of each kind and a second profile."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name in CORPUS:
        shutil.copy(SOURCES / name, folder / name)
    return folder


def read_names(result) -> set[str]:
    return {Path(document.source.path).name for document in result.documents}


def errors_of(result, name: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.level is Level.ERROR and Path(d.file).name == name]


def source_of(text_: str, name: str = "inline.txt") -> SourceText:
    source = decode(text_.encode("utf-8"), name)
    assert isinstance(source, SourceText), source
    return source


def profile_text(
    header: str = "",
    papers: int = 1,
    listed: int | None = None,
    name: str = "Pat Doe",
    author_line: str = "Pat Doe, Ann Lee",
) -> str:
    listed = papers if listed is None else listed
    blocks = "".join(
        f"\nLGJan {i + 1}, 2020\nPaper Number {i + 1}\n\n{author_line}\n\nAbstract of paper {i + 1}.\n"
        for i in range(papers)
    )
    return f"{name}\n\nLG\nh-index4\n{papers}papers\n10citations\n{header}\n{listed} Papers\n{blocks}"


# --- 2. One bad file stops everything -------------------------------------------------------------


@pytest.mark.parametrize("line", [",papers", ", Papers", ",citations", ",,citations"])
def test_a_count_without_digits_is_a_header_warning_not_a_crash(corpus, line):
    (corpus / "zz_bad.txt").write_text(profile_text(header=line), "utf-8")
    result = read_paths([corpus], AS_OF)
    assert read_names(result) == {*CORPUS, "zz_bad.txt"}
    notes = [d for d in result.diagnostics if d.file.endswith("zz_bad.txt") and d.level is not Level.INFO]
    assert [(d.level, d.line) for d in notes] == [(Level.WARNING, 7)] and "unexpected line" in notes[0].message


def test_counts_with_separators_are_read():
    document, notes = read_text(source_of(profile_text().replace("10citations", "1,234,567citations")), AS_OF)
    assert document.author.citations == 1234567 and not [n for n in notes if n.level is not Level.INFO]


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("h-index4", f"h-index{HUGE}", "h_index"),
        ("10citations", f"{HUGE}citations", "citations"),
        ("10citations", f"{'1,000' * 1000}citations", "citations"),
        ("1papers", f"{HUGE}papers", "paper_count"),
        ("10citations", "10citations\nNovelty" + HUGE + "%", "novelty"),
        ("10citations", f"10citations\nAI Score{'1' * 20}", "ai_score"),
    ],
)
def test_an_implausibly_long_count_in_a_profile_is_a_warning_and_left_empty(old, new, field):
    document, notes = read_text(source_of(profile_text().replace(old, new, 1)), AS_OF)
    assert getattr(document.author, field) is None and len(document.papers) == 1
    warnings = [n for n in notes if n.level is Level.WARNING]
    assert len(warnings) == 1 and "implausibly long" in warnings[0].message and warnings[0].line > 1
    assert len(str(warnings[0])) < 300  # the message does not repeat thousands of digits


def test_an_implausibly_long_paper_count_line_is_a_warning():
    document, notes = read_text(source_of(profile_text(listed=int(HUGE[:30]))), AS_OF)
    assert len(document.papers) == 1
    assert [(n.level, n.line) for n in notes if "implausibly long" in n.message] == [(Level.WARNING, 8)]


@pytest.mark.parametrize(
    ("trailer", "field"),
    [(f"  • {HUGE} authors\n·\nJan 2, 2020", "author_count"), (f"·\nJan 2, 2020 {HUGE}", "upvotes")],
)
def test_an_implausibly_long_count_in_a_feed_is_a_warning_and_left_empty(trailer, field):
    source = source_of(f"Daily Papers\n\nSubscribe\n\nJan 6\n\nA Title\n\nAn abstract.\n\n{trailer}\n")
    document, notes = read_text(source, AS_OF)
    assert [p.title for p in document.papers] == ["A Title"] and getattr(document.papers[0], field) is None
    assert document.papers[0].date == dt.date(2020, 1, 2)
    assert [(n.level, n.line) for n in notes if "implausibly long" in n.message] == [
        (Level.WARNING, 11 + (field == "upvotes"))
    ]


def test_a_symlink_loop_in_the_profiles_folder_is_reported_and_the_rest_read(corpus):
    (corpus / "loop_a.txt").symlink_to("loop_b.txt")
    (corpus / "loop_b.txt").symlink_to("loop_a.txt")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "self").symlink_to("self")
    result = read_paths([corpus], AS_OF)
    assert read_names(result) == set(CORPUS)
    named = {Path(d.file).name for d in result.diagnostics if d.level is not Level.INFO}
    assert {"loop_a.txt", "loop_b.txt", "self"} <= named
    assert re.match(
        rf"^{re.escape(str(corpus))}/loop_a\.txt:1: warning: .*link",
        str(next(d for d in result.diagnostics if d.file.endswith("loop_a.txt"))),
    )
    portfolio = load_portfolio([corpus], AS_OF)  # and the whole pipeline goes on
    assert len(portfolio.authors) == 2


def test_a_symlink_loop_named_on_the_command_line_is_an_error_naming_it(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    files, notes = find_sources([tmp_path / "a"])
    assert files == [] and [(d.file, d.level) for d in notes] == [(str(tmp_path / "a"), Level.ERROR)]


def _raise_on_first_call(original):
    """A stand-in for a reading stage that fails once (for the first file that uses it), then works."""
    calls = []

    def fault(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("injected fault")
        return original(*args, **kwargs)

    return fault


# (module, name, whether the failure happens while a line of the file is being read)
STAGES = [
    ("generator.readers", "decode", False),
    (text, "_decode_lines", False),
    (profile, "sniff", False),
    (abstracts, "sniff", False),
    (feed, "sniff", False),
    (profile, "read", False),
    (profile, "blocks", False),
    (profile, "_end_of_header", False),
    (profile, "_read_header", False),
    (profile, "_read_metric", True),
    (profile, "parse_count", True),
    (profile, "_is_paper_header", True),
    (profile, "_read_paper", True),
    (profile, "looks_like_author_line", True),
    (profile, "parse_author_line", True),
    (profile, "parse_page_date", True),
    (profile, "clean", True),
    (abstracts, "read", False),
    (abstracts, "clean", True),
    (feed, "read", False),
    (feed, "blocks", False),
    (feed, "_chrome_end", False),
    (feed, "_is_trailer", True),
    (feed, "_read_trailer", True),
    (feed, "organisation_name", True),
    (feed, "parse_page_date", True),
    (feed, "parse_count", True),
    (feed, "clean", True),
]


@pytest.mark.parametrize(
    ("module", "name", "at_a_line"),
    STAGES,
    ids=[f"{m if isinstance(m, str) else m.__name__}.{n}" for m, n, _ in STAGES],
)
@pytest.mark.parametrize("cached", [False, True], ids=["build", "serve"])
def test_a_failure_at_any_stage_of_any_reader_is_that_files_error_and_the_rest_is_read(
    corpus, monkeypatch, module, name, at_a_line, cached
):
    module = importlib.import_module(module) if isinstance(module, str) else module
    monkeypatch.setattr(module, name, _raise_on_first_call(getattr(module, name)))
    result = read_paths([corpus], AS_OF, cache=ReadCache() if cached else None)
    failed = [d for d in result.diagnostics if d.level is Level.ERROR]
    assert len(failed) == 1, result.diagnostics
    failure = failed[0]
    assert "injected fault" in failure.message and "RuntimeError" in failure.message
    name_failed = Path(failure.file).name
    assert name_failed in CORPUS and failure.file == str(corpus / name_failed)
    assert read_names(result) == set(CORPUS) - {name_failed}  # every other file was read
    assert re.match(rf"^{re.escape(failure.file)}:\d+: error: ", str(failure))
    if at_a_line:
        lines = (corpus / name_failed).read_text("utf-8").split("\n")
        assert 1 <= failure.line <= len(lines) and lines[failure.line - 1].strip(), failure


def test_a_failure_while_reading_is_reported_through_the_whole_pipeline(corpus, monkeypatch):
    monkeypatch.setattr(profile, "_read_paper", _raise_on_first_call(profile._read_paper))
    portfolio = load_portfolio([corpus], AS_OF)
    assert [d.line for d in portfolio.diagnostics if d.level is Level.ERROR] == [12]  # profile_basic's first paper
    assert [a.name for a in portfolio.authors] == ["Lin Wei"] and portfolio.collections


# --- 3. Files that are not regular files ------------------------------------------------------------


@contextlib.contextmanager
def fifo_watch(path: Path):
    """Unblock whatever opens this FIFO for reading (so a test of a hang cannot hang) and tell whether
    anything did: opening the writing end succeeds only while a reader has it open."""
    opened, stop = threading.Event(), threading.Event()

    def watch():
        while not stop.is_set():
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader: nobody is waiting on it
                stop.wait(0.02)
                continue
            opened.set()
            os.close(descriptor)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield opened
    finally:
        stop.set()
        thread.join()


@pytest.fixture
def with_fifo(corpus) -> Path:
    os.mkfifo(corpus / "pipe.txt")
    return corpus / "pipe.txt"


def test_a_fifo_in_the_profiles_folder_is_skipped_with_a_warning_and_never_opened(corpus, with_fifo):
    with fifo_watch(with_fifo) as opened:
        result = read_paths([corpus], AS_OF)
    assert not opened.is_set()
    assert read_names(result) == set(CORPUS)
    notes = [d for d in result.diagnostics if d.file == str(with_fifo)]
    assert [(d.level, d.line) for d in notes] == [(Level.WARNING, 0)] and "not a regular file" in notes[0].message
    assert str(notes[0]) == f"{with_fifo}:1: warning: {notes[0].message}"


def test_a_fifo_named_on_the_command_line_is_not_a_regular_file(with_fifo):
    with fifo_watch(with_fifo) as opened:
        result = read_paths([with_fifo], AS_OF)
    assert not opened.is_set() and result.documents == []
    assert [(d.level, d.file) for d in result.diagnostics] == [(Level.ERROR, str(with_fifo))]
    assert "not a regular file" in result.diagnostics[0].message and "no such file" not in result.diagnostics[0].message


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="needs /dev/null")
def test_a_device_named_on_the_command_line_is_not_a_regular_file():
    files, notes = find_sources([Path("/dev/null")])
    assert files == [] and "not a regular file" in notes[0].message


def test_a_file_that_becomes_a_fifo_after_it_was_found_is_never_opened(tmp_path):
    path = tmp_path / "later.txt"
    os.mkfifo(path)
    with fifo_watch(path) as opened:
        note = text.read_source(path)
        with pytest.raises(OSError, match="not a regular file"):
            text.read_regular_file(path)
    assert not opened.is_set() and isinstance(note, Diagnostic) and "not a regular file" in note.message


def test_the_no_change_check_does_not_hang_on_a_fifo(corpus, with_fifo):
    with fifo_watch(with_fifo) as opened:
        digest, sources = rerun.inputs_digest([corpus], AS_OF, {}, {})
    assert not opened.is_set() and str(with_fifo) not in sources and len(sources) == len(CORPUS)


def test_an_unreadable_sub_folder_is_reported(corpus, monkeypatch):
    locked = corpus / "locked"
    locked.mkdir()
    shutil.copy(SOURCES / "profile_basic.txt", locked / "hidden_from_us.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = read_paths([corpus], AS_OF)
    assert read_names(result) == set(CORPUS)
    notes = [d for d in result.diagnostics if d.file == str(locked)]
    assert len(notes) == 1 and notes[0].level is Level.ERROR and "Permission denied" in notes[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_sub_folder_is_reported_for_real(corpus):
    locked = corpus / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = read_paths([corpus], AS_OF)
    finally:
        locked.chmod(0o700)
    assert [d.level for d in result.diagnostics if d.file == str(locked)] == [Level.ERROR]


# --- 7. Files cut off half way ----------------------------------------------------------------------


def store_at(folder: Path):
    from generator.readers import LastCompleteStore  # imported here: the other tests need not fail without it

    return LastCompleteStore(folder)


def cut_in_first_abstract() -> bytes:
    data = (SOURCES / "profile_basic.txt").read_bytes()
    return data[: data.index(b"We parse lattices") + 30]


def test_a_profile_cut_in_its_first_abstract_is_an_incomplete_file_error(tmp_path):
    document, notes = read_text(source_of(cut_in_first_abstract().decode(), "cut.txt"), AS_OF)
    assert document.complete is False and len(document.papers) == 1
    errors = [n for n in notes if n.level is Level.ERROR]
    assert len(errors) == 1 and "lists 4 papers but 1 were read" in errors[0].message and "cut off" in errors[0].message
    assert errors[0].line == 10  # the `4 Papers` line


def test_a_complete_profile_is_complete(sources):
    document, _ = read_text(text.read_source(sources / "profile_basic.txt"), AS_OF)
    assert document.complete is True


@pytest.mark.parametrize(
    "tail", ["", "\nLGFeb 1, 2021", "\nLGFeb 1, 2021\nA Title", "\nLGFeb 1, 2021\nA Title\n\nPat Doe, Ann Lee"]
)
def test_a_profile_that_ends_inside_its_last_block_is_incomplete(tail):
    text_ = profile_text(papers=2)
    if tail:
        text_ = profile_text(papers=2, listed=3) + tail
    document, notes = read_text(source_of(text_), AS_OF)
    assert document.complete is (tail == "")
    assert any(n.level is Level.ERROR for n in notes) is (tail != "")


def test_a_profile_cut_inside_its_header_is_incomplete():
    document, notes = read_text(source_of("Pat Doe\n\nLG\nh-index4\n3papers\n10citations\n"), AS_OF)
    assert document.complete is False and any(n.level is Level.ERROR and "cut off" in n.message for n in notes)


def test_a_skipped_broken_block_is_not_taken_for_a_cut(sources):
    document, notes = read_text(text.read_source(sources / "profile_malformed_block.txt"), AS_OF)
    assert document.complete is True and not [n for n in notes if "cut off" in n.message]


def test_under_serve_a_cut_file_keeps_its_last_good_version(corpus):
    cache = ReadCache()
    whole = read_paths([corpus], AS_OF, cache=cache)
    titles = [p.title for d in whole.documents if d.source.path.endswith("profile_basic.txt") for p in d.papers]
    assert len(titles) == 4
    (corpus / "profile_basic.txt").write_bytes(cut_in_first_abstract())
    cut = read_paths([corpus], AS_OF, cache=cache)
    kept = [d for d in cut.documents if d.source.path.endswith("profile_basic.txt")]
    assert [p.title for p in kept[0].papers] == titles
    notes = [str(d) for d in cut.diagnostics if d.file.endswith("profile_basic.txt") and d.level is not Level.INFO]
    assert any(":10: error: " in n and "cut off" in n for n in notes) and any(
        "kept the last good version" in n for n in notes
    )


def test_a_build_store_keeps_the_last_complete_version_of_a_cut_file(corpus, tmp_path):
    store_folder = tmp_path / ".cache" / "portfolio"
    whole = read_paths([corpus], AS_OF, store=store_at(store_folder))
    titles = [p.title for d in whole.documents if d.source.path.endswith("profile_basic.txt") for p in d.papers]
    (corpus / "profile_basic.txt").write_bytes(cut_in_first_abstract())
    # A later build (another process: a store of its own on the same folder) ...
    kept = read_paths([corpus], AS_OF, store=store_at(store_folder))
    document = next(d for d in kept.documents if d.source.path.endswith("profile_basic.txt"))
    assert [p.title for p in document.papers] == titles and document.complete
    notes = [d for d in kept.diagnostics if d.file.endswith("profile_basic.txt")]
    assert [d.line for d in notes if d.level is Level.ERROR] == [10]
    assert [d for d in notes if d.level is Level.WARNING and "last complete version" in d.message]
    assert (corpus / "profile_basic.txt").read_bytes() == cut_in_first_abstract()  # the user's file is left alone
    # ... and without a store, the cut file is built as it is, with its error.
    alone = read_paths([corpus], AS_OF)
    document = next(d for d in alone.documents if d.source.path.endswith("profile_basic.txt"))
    assert len(document.papers) == 1 and [d.line for d in errors_of(alone, "profile_basic.txt")] == [10]


def test_the_store_never_keeps_a_cut_version_and_follows_complete_edits(corpus, tmp_path):
    store = store_at(tmp_path / "store")
    path = corpus / "profile_basic.txt"
    path.write_bytes(cut_in_first_abstract())
    read_paths([corpus], AS_OF, store=store)
    assert store.get(str(path.resolve())) is None  # nothing complete seen yet
    edited = (SOURCES / "profile_basic.txt").read_bytes().replace(b"Counting Ducks", b"Counting Geese")
    path.write_bytes(edited)
    read_paths([corpus], AS_OF, store=store)
    assert store.get(str(path.resolve())) == edited
    path.write_bytes(edited[:300])
    result = read_paths([corpus], AS_OF, store=store)
    document = next(d for d in result.documents if d.source.path == str(path))
    assert "Counting Geese in Aerial Photographs" in [p.title for p in document.papers]


def test_a_store_that_cannot_be_written_or_read_is_no_harm(corpus, tmp_path):
    (tmp_path / "not-a-folder").write_text("x", "utf-8")
    store = store_at(tmp_path / "not-a-folder" / "store")
    result = read_paths([corpus], AS_OF, store=store)
    assert read_names(result) == set(CORPUS) and store.get(str(corpus / "profile_basic.txt")) is None


@pytest.mark.slow
def test_a_build_from_a_cut_profile_keeps_the_last_complete_version_on_the_site(tmp_path):
    project = make_project(tmp_path / "project", [SOURCES / "profile_basic.txt", SOURCES / "feed_basic.txt"])
    code, stderr, _ = build(project)
    assert code == 0, stderr
    papers_before = sorted(p.name for p in (project / "site" / "papers").iterdir() if p.is_dir())
    (project / "profiles" / "profile_basic.txt").write_bytes(cut_in_first_abstract())
    code, stderr, _ = build(project)
    assert code == 1 and "profile_basic.txt:10: error: " in stderr and "last complete version" in stderr, stderr
    assert sorted(p.name for p in (project / "site" / "papers").iterdir() if p.is_dir()) == papers_before
    page = BeautifulSoup((project / "site/authors/mira-okonkwo-hale/index.html").read_text("utf-8"), "html.parser")
    assert len(page.select("li.pf-paper")) == 4


@pytest.mark.slow
def test_a_build_from_a_cut_profile_with_no_earlier_build_builds_what_was_read(tmp_path):
    project = make_project(tmp_path / "project", [SOURCES / "feed_basic.txt"])
    (project / "profiles" / "profile_basic.txt").write_bytes(cut_in_first_abstract())
    code, stderr, _ = build(project)
    assert code == 1 and "profile_basic.txt:10: error: " in stderr, stderr
    page = BeautifulSoup((project / "site/authors/mira-okonkwo-hale/index.html").read_text("utf-8"), "html.parser")
    assert len(page.select("li.pf-paper")) == 1


# --- 9. Read-stage details -------------------------------------------------------------------------


@pytest.mark.parametrize("blank_lines", [38, 200])
@pytest.mark.parametrize(("name", "kind"), [("profile_basic.txt", ProfileDocument), ("feed_basic.txt", FeedDocument)])
def test_leading_blank_lines_do_not_hide_what_a_file_is(sources, blank_lines, name, kind):
    data = "\n" * blank_lines + (sources / name).read_text("utf-8")
    document, notes = read_text(source_of(data, name), AS_OF)
    assert isinstance(document, kind) and len(document.papers) == 4
    assert not [n for n in notes if n.level is Level.ERROR]


BLANK_FILLERS = "\u3164\u115f\u1160\uffa0\u2800"  # shown as blank space: a space between words
ZERO_WIDTH = "\u034f\u180e\u17b4\u17b5\u2061\u00ad\u206a\U0001bca0\U0001d173"  # shown as nothing


@pytest.mark.parametrize("filler", list(BLANK_FILLERS + ZERO_WIDTH))
def test_invisible_fillers_are_removed_like_other_invisible_characters(filler):
    source = source_of(f"Abstract:safe{filler}text {filler}{filler}\n{filler * 3}\nAbstract:x")
    joined = "safe text" if filler in BLANK_FILLERS else "safetext"
    assert source.lines == [f"Abstract:{joined} ", "", "Abstract:x"]
    assert [(n.level, n.line) for n in source.diagnostics] == [(Level.WARNING, 1)]


def test_a_co_author_made_only_of_fillers_is_no_blank_card():
    text_ = profile_text(author_line="Pat Doe, \u3164\u3164, \u2800, Ann Lee")
    document, notes = read_text(source_of(text_), AS_OF)
    assert document.papers[0].authors == ["Pat Doe", "Ann Lee"]
    assert [n.line for n in notes if "empty name" in n.message] == [13]


def test_a_profile_name_made_only_of_fillers_is_an_error_not_a_blank_or_borrowed_name():
    document, notes = read_text(source_of(profile_text(name="\u3164\u115f\u2800")), AS_OF)
    assert document is None
    errors = [n for n in notes if n.level is Level.ERROR]
    assert len(errors) == 1 and "no author name" in errors[0].message and errors[0].line == 3


def test_a_control_character_between_words_becomes_a_space():
    source = source_of("Abstract:Ada\x00Lovelace and Alan\x1fTuring\u3164Jr, end\x07 here\x1b[0m.\n")
    assert source.lines == ["Abstract:Ada Lovelace and Alan Turing Jr, end here[0m."]
    document, _ = read_text(source_of(profile_text(author_line="Ada\x00Lovelace, Grace\u3164Hopper")), AS_OF)
    assert document.papers[0].authors == ["Ada Lovelace", "Grace Hopper"]


def test_one_stray_line_in_a_feeds_chrome_is_skipped_with_a_warning(sources):
    lines = (sources / "feed_basic.txt").read_text("utf-8").split("\n")
    assert lines[2] == "Get trending papers in your email inbox!"
    lines[2] = "Sign in to see more"
    document, notes = read_text(source_of("\n".join(lines), "feed.txt"), AS_OF)
    assert [p.title for p in document.papers][0] == "Counting Ducks in Aerial Photographs" and len(document.papers) == 4
    assert document.collection.date == dt.date(2026, 3, 4)
    stray = [n for n in notes if n.level is not Level.INFO]
    assert [(n.level, n.line) for n in stray] == [(Level.WARNING, 3)] and "page chrome" in stray[0].message


def test_a_stray_line_after_the_chrome_without_a_page_date_is_skipped_too(sources):
    text_ = "new\n\nSubscribe\n\nSign in\n\nDaily Papers\n\nA Title\n\nAn abstract.\n\n  • 2 authors\n·\nJan 2, 2020\n"
    document, notes = read_text(source_of(text_, "feed.txt"), AS_OF)
    assert [p.title for p in document.papers] == ["A Title"]
    assert [n.line for n in notes if "page chrome" in n.message] == [5]


def test_every_printed_diagnostic_has_a_file_a_line_and_a_level():
    assert str(Diagnostic("a.txt", 0, Level.WARNING, "whole file")) == "a.txt:1: warning: whole file"
    assert str(Diagnostic("a.txt", 7, Level.ERROR, "x")) == "a.txt:7: error: x"


def test_diagnostics_carry_the_line_they_concern():
    document, notes = read_text(source_of(profile_text(papers=2, listed=1)), AS_OF)
    count = [n for n in notes if "lists 1 papers but 2 were read" in n.message]
    assert [(n.level, n.line) for n in count] == [(Level.WARNING, 8)]
    document, notes = read_text(source_of(profile_text().replace("Jan 1, 2020", "Jan 1")), AS_OF)
    assert [n.line for n in notes if "inferred the year" in n.message] == [10]


# --- 10. A team name on the author line -------------------------------------------------------------


@pytest.mark.parametrize("team", ["CMS", "LHC", "ATLAS", "CMS Collaboration", "MA"])
def test_an_author_line_that_is_one_capitalised_word_is_an_author_line(team):
    document, notes = read_text(source_of(profile_text(papers=3, author_line=team)), AS_OF)
    assert [p.title for p in document.papers] == ["Paper Number 1", "Paper Number 2", "Paper Number 3"]
    assert all(p.authors == [team] and p.abstract for p in document.papers)
    assert [n for n in notes if n.level is not Level.INFO] == []


def test_a_dateless_header_still_starts_a_block_where_a_header_is_expected():
    text_ = profile_text(papers=2).replace("LGJan 2, 2020", "93.5LG")
    document, notes = read_text(source_of(text_), AS_OF)
    assert [(p.title, p.score, p.date) for p in document.papers][1] == ("Paper Number 2", 93.5, None)
    assert [n for n in notes if n.level is not Level.INFO] == []


# --- 11. An empty abstract entry loses nothing ---------------------------------------------------


def test_an_empty_abstract_entry_is_a_warning():
    document, notes = read_text(source_of("Abstract:\nAbstract:A real one.\n"), AS_OF)
    assert [e.text for e in document.entries] == ["A real one."]
    assert [(n.level, n.line) for n in notes] == [(Level.WARNING, 1)]
