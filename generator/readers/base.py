"""What every reader returns: the model objects one source file holds, and its diagnostics."""

from __future__ import annotations

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


def parse_count(text: str) -> int:
    """`5,576` -> 5576."""
    return int(text.replace(",", ""))


@dataclass
class ProfileDocument:
    """An author profile: the author and their papers in page order."""

    source: SourceText
    author: Author
    papers: list[Paper]
    diagnostics: list[Diagnostic] = field(default_factory=list)


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


@dataclass
class FeedDocument:
    """A daily-papers page: one collection and its papers in page order."""

    source: SourceText
    collection: Collection
    papers: list[Paper]
    diagnostics: list[Diagnostic] = field(default_factory=list)


Document = ProfileDocument | AbstractListDocument | FeedDocument

WHITESPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse runs of white space and trim: source lines are one-line fields. (The same as
    `WHITESPACE.sub(" ", text).strip()`: `str.split` and `\\s` know the same white space; this runs in C.)"""
    return " ".join(text.split())
