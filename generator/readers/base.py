"""What every reader returns: the model objects one source file holds, and its diagnostics."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.model import Author, Collection, Paper
from generator.readers.text import SourceText


def blocks(lines: list[str], start: int = 0) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines from `start` on, each with the 1-based number of its first line."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not current:
                first = index + 1
            current.append(line)
        elif current:
            runs.append((first, current))
            current = []
    if current:
        runs.append((first, current))
    return runs


# A count as pages print it: digits, maybe grouped by commas (`5,576`); a line of only commas is no count.
COUNT = r"\d[\d,]*"
# No real count of papers, citations, votes or authors comes near this; JavaScript (search, JSON readers)
# holds integers exactly only up to 2**53, 16 digits.
MAX_COUNT_DIGITS = 15


class CountError(ValueError):
    """A count too long to be real (thousands of digits would also hit Python's integer-string limit)."""


def parse_count(text: str) -> int:
    """`5,576` -> 5576; raises CountError for an implausibly long count."""
    digits = text.replace(",", "")
    if len(digits) > MAX_COUNT_DIGITS:
        raise CountError(f"implausibly long count ({len(digits):,} digits)")
    return int(digits)


def first_nonblank(lines: list[str], count: int) -> list[str]:
    """The first `count` non-blank lines, stripped, however many blank lines come before them."""
    return list(itertools.islice((line for line in map(str.strip, lines) if line), count))


class SourceError(Exception):
    """Raised by a reader when the file cannot be read as its kind at all (its `line`, why)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class ReadFailure(Exception):
    """An unexpected failure while reading a file, with the line being read when it happened (0: unknown)."""

    def __init__(self, line: int, cause: BaseException):
        super().__init__(line, cause)
        self.line, self.cause = line, cause


class reading:  # noqa: N801 - used like a function: `with reading(number):`
    """`with reading(number):` tags a failure inside with the line being read; the innermost tag wins.

    Readers wrap each line or block they read, so an unexpected failure (a bug, an input nobody thought
    of) is reported at its line instead of stopping the build. A small class rather than a generator-based
    context manager: a big profile enters it thousands of times.
    """

    __slots__ = ("line",)

    def __init__(self, line: int):
        self.line = line

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, failure, traceback) -> None:
        if isinstance(failure, Exception) and not isinstance(failure, (ReadFailure, SourceError)):
            raise ReadFailure(self.line, failure) from failure


@dataclass
class ProfileDocument:
    """An author profile: the author and their papers in page order."""

    source: SourceText
    author: Author
    papers: list[Paper]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # False when the file was cut off: it ends inside a block or lists more papers


@dataclass(frozen=True)
class AbstractEntry:
    """One `Abstract:` line of an abstract list."""

    line: int
    text: str


@dataclass
class AbstractListDocument:
    """A list of abstracts without titles, to be matched to a profiled author's papers."""

    source: SourceText
    entries: list[AbstractEntry]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # a list cut off between entries cannot be told from a shorter one


@dataclass
class FeedDocument:
    """A daily-papers page: one collection and its papers in page order."""

    source: SourceText
    collection: Collection
    papers: list[Paper]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # a feed's last entry may lack its trailer on real pages: a cut is not detectable


@dataclass(frozen=True)
class Owner:
    """Whose publication list a bibliography is, as far as the file itself says (an ORCID record says whose)."""

    orcid: str | None = None
    name: str | None = None


@dataclass
class BibliographyDocument:
    """A bibliography: a BibTeX file, a CSL-JSON export, a saved arXiv API response or ORCID works list.

    `format` names which (`bibtex`, `csl-json`, `arxiv`, `orcid`); papers are in file order.
    """

    source: SourceText
    format: str
    papers: list[Paper]
    owner: Owner | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # False when the file ends cut off: inside an entry, an item or the XML


Document = ProfileDocument | AbstractListDocument | FeedDocument | BibliographyDocument

WHITESPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse runs of white space and trim: source lines are one-line fields. (The same as
    `WHITESPACE.sub(" ", text).strip()`: `str.split` and `\\s` know the same white space; this runs in C.)"""
    return " ".join(text.split())


def head(source: SourceText, limit: int = 1 << 16) -> str:
    """About the first `limit` characters of a source, for sniffing without joining a big file's every line."""
    taken: list[str] = []
    size = 0
    for line in source.lines:
        taken.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    return "\n".join(taken)[:limit]


def line_starts(text: str) -> list[int]:
    """The offset each line of `text` starts at, for turning offsets into 1-based line numbers with bisect."""
    return [0, *(match.end() for match in re.finditer("\n", text))]
