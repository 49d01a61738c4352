"""The portfolio model: authors, papers and collections, shared by every later stage."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.diagnostics import Diagnostic

# What a paper is, as bibliographies say it: every reader maps its own types onto these.
PUB_TYPES = ("article", "conference", "book", "chapter", "thesis", "report", "preprint", "misc")
# How much of `Paper.date` the source gave: a year-only BibTeX entry is dated 1 January of that year.
DATE_PRECISIONS = ("day", "month", "year")


@dataclass
class Paper:
    """One paper, possibly seen in several source files (`sources`).

    The fields after `origin` come from bibliographies (BibTeX, CSL-JSON, arXiv, ORCID); the saved pages
    leave them at their defaults. Every URL field holds an absolute http(s) URL or None.
    """

    title: str
    authors: list[str] | None = None  # display form, "Given Family"; None when the source names no one
    authors_truncated: bool = False  # the source ends the list with "et al." / "and others"
    org: str | None = None
    category: str | None = None  # the code a saved page prints (`LG`); see also `arxiv_category`
    date: dt.date | None = None  # the first day of what the source gives (see `date_precision`)
    date_inferred: bool = False
    score: float | None = None
    has_code: bool = False
    abstract: str | None = None
    author_count: int | None = None
    upvotes: int | None = None
    sources: list[str] = field(default_factory=list)
    other_abstracts: list[str] = field(default_factory=list)
    # Read from several sources: what each gave (source name -> field -> value), whichever value the site shows.
    source_values: dict[str, dict] = field(default_factory=dict)
    id: str = ""  # the slug, assigned once all files are read
    origin: tuple[str, int] = ("", 0)  # (source path, line) where the paper was first seen
    date_precision: str = "day"  # one of DATE_PRECISIONS: "year" when the source gives only a year
    doi: str | None = None  # normalised: lower case, `10.NNNN/...`, without `https://doi.org/` or `doi:`
    arxiv_id: str | None = None  # without version: `2301.01234`, or old-style `hep-th/9901001`
    arxiv_category: str | None = None  # the arXiv primary category as arXiv writes it: `cs.LG`, `hep-th`
    venue: str | None = None  # journal, proceedings (booktitle), publisher or container title
    pub_type: str | None = None  # one of PUB_TYPES; None when the source does not say
    url: str | None = None  # the paper's own page (a landing page, the arXiv abstract page)
    pdf: str | None = None  # the full text as PDF
    code: str | None = None  # the code repository
    html: str | None = None  # the project page
    keywords: list[str] = field(default_factory=list)  # as the source lists them, in its order
    citation_key: str | None = None  # the source's own key: BibTeX key, CSL id, ORCID put-code
    note: str | None = None  # a remark the source adds (BibTeX/CSL note, arXiv comment)
    authors_marked: dict[str, str] = field(default_factory=dict)  # display name -> mark taken off it (`*`, `†`, `‡`)
    # Only an author's settings file gives these (generator/settings): more links, and an award to show.
    slides: str | None = None
    video: str | None = None
    award: str | None = None

    @property
    def key(self) -> str:
        """The identity used to de-duplicate papers across files."""
        return normalise_title(self.title)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def month(self) -> int | None:
        """The month of publication, when the source gives one."""
        return self.date.month if self.date and self.date_precision != "year" else None


@dataclass
class Author:
    """A profiled author: the person a profile file is about."""

    name: str
    category: str | None = None
    h_index: int | None = None
    paper_count: int | None = None
    citations: int | None = None
    novelty: int | None = None
    ai_score: int | None = None
    papers: list[str] = field(default_factory=list)  # paper ids, in source order
    sources: list[str] = field(default_factory=list)
    # Read from several profiles: what each gave (source name -> field -> value), whichever value the site shows.
    source_values: dict[str, dict] = field(default_factory=dict)
    slug: str = ""
    origin: tuple[str, int] = ("", 0)
    orcid: str | None = None  # the ORCID iD, `0000-0002-1825-0097`, checksum-verified
    # From their settings file (generator/settings), when they have one: who they are (`settings`, an
    # AuthorSettings: name variants, homepage, links, affiliation, photo, bio), the papers pinned to the top of
    # their page and those left off it (ids).
    settings: Any = field(default=None, repr=False, compare=False)
    selected: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The identity used to merge two profiles of the same person."""
        return normalise_name(self.name)

    @property
    def name_keys(self) -> frozenset[str]:
        """Every spelling of their name, normalised (their settings file may give variants: `D. Fu`, `Fu, D.`)."""
        keys = {self.key}
        if self.settings is not None:
            keys |= self.settings.name_keys
        return frozenset(keys)

    @property
    def shown_papers(self) -> list[str]:
        """The papers their page lists: every paper but the hidden ones, in source order."""
        hidden = set(self.hidden)
        return [pid for pid in self.papers if pid not in hidden] if hidden else list(self.papers)


@dataclass
class Collection:
    """A daily-papers feed: an ordered list of papers seen on one page on one day."""

    title: str
    date: dt.date | None = None
    papers: list[str] = field(default_factory=list)  # paper ids, in page order
    source: str = ""
    slug: str = ""


@dataclass(frozen=True)
class UnmatchedAbstract:
    """An abstract-list entry that fits no paper well enough to be attached."""

    source: str
    line: int
    text: str


@dataclass
class Portfolio:
    """Everything the site shows, with what the readers had to say about their inputs."""

    authors: list[Author] = field(default_factory=list)
    papers: dict[str, Paper] = field(default_factory=dict)  # by id, in first-seen order
    collections: list[Collection] = field(default_factory=list)
    unmatched_abstracts: list[UnmatchedAbstract] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    as_of: dt.date | None = None

    def author_by_slug(self, slug: str) -> Author | None:
        return next((a for a in self.authors if a.slug == slug), None)

    def papers_of(self, author: Author) -> list[Paper]:
        return [self.papers[pid] for pid in author.papers]


_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Symbols that change what a word names, so they are words of the key rather than punctuation: a `+` or `#`
# closing a word (C++, C#, F#, A+; `C\#` as LaTeX writes it) and a dot opening one (.NET).
_SUFFIX_SYMBOLS = re.compile(r"(?<=\w)\\?(\+\+|\+|#)(?![\w+#])")
_LEADING_DOT = re.compile(r"(?<![\w.])\.(?=[^\W\d_])")
_SYMBOL_WORDS = {"++": "plusplus", "+": "plus", "#": "sharp"}


def normalise_title(title: str) -> str:
    """A title reduced to lower-case words: case, punctuation, LaTeX markup and spacing ignored, but not the
    symbols that make another word of one (`C++` and `C` are different papers)."""
    text = unicodedata.normalize("NFKC", title)
    text = _SUFFIX_SYMBOLS.sub(lambda match: _SYMBOL_WORDS[match[1]], text)
    text = _LEADING_DOT.sub("dot", text)
    text = _LATEX_COMMAND.sub(" ", text).replace("$", " ")
    if not text.isascii():  # ASCII has no format characters
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width and friends
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1 << 16)  # names recur on every page that lists their papers
def normalise_name(name: str) -> str:
    """A person's name reduced for comparison (case, accents, punctuation and spacing ignored)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())
