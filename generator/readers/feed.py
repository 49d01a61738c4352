"""Reader for daily-papers feeds: page chrome, a page date, then title, abstract and trailer per paper."""

from __future__ import annotations

import datetime as dt
import re

from generator.readers.dates import DATE_PATTERN, DateError, parse_page_date
from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Collection, Paper
from generator.readers.base import FeedDocument, blocks, clean
from generator.readers.text import SourceText

KIND = "feed"
CHROME = {"new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
          "byAK and the research community"}
DEFAULT_TITLE = "Daily Papers"
SEPARATOR = "·"
PAGE_DATE_RE = re.compile(rf"^{DATE_PATTERN}$")
AUTHORS_RE = re.compile(r"^•\s*(\d[\d,]*)\s+authors?$")
TRAILER_DATE_RE = re.compile(rf"^(?P<date>{DATE_PATTERN})(?:\s+(?P<votes>\d+))?$")


def sniff(source: SourceText) -> bool:
    """A feed shows its chrome, or trailers of `·` followed by a date."""
    lines = [line.strip() for line in source.lines]
    chrome = sum(1 for line in lines[:40] if line in CHROME)
    trailers = sum(
        1 for i, line in enumerate(lines[:-1]) if line == SEPARATOR and TRAILER_DATE_RE.match(lines[i + 1])
    )
    return chrome >= 2 or trailers >= 1


def read(source: SourceText, as_of: dt.date) -> FeedDocument:
    """Read the page date and every entry, in page order."""
    path = source.path
    notes: list[Diagnostic] = []
    lines = [line.strip() for line in source.lines]
    runs = blocks(lines)
    title, page_date, start, inferred = DEFAULT_TITLE, None, 0, False
    for position, (number, run) in enumerate(runs):
        line = run[0]
        if len(run) == 1 and line in CHROME:
            start = position + 1
            continue
        if len(run) == 1 and PAGE_DATE_RE.match(line):
            try:
                page_date, inferred = parse_page_date(line, as_of)
            except DateError as exc:
                notes.append(warning(path, number, f"{exc}; page date left empty"))
            start = position + 1
        break
    if page_date is None:
        notes.append(warning(path, 0, "no page date found; the collection is undated"))
    collection = Collection(title=title, date=page_date, source=source.name)
    papers: list[Paper] = []
    inferred_count = 0
    entries = runs[start:]
    index = 0
    while index < len(entries):
        number, run = entries[index]
        index += 1
        if _is_trailer(run):
            notes.append(error(path, number, "trailer without a title and abstract before it: skipped"))
            continue
        if len(run) > 1:
            notes.append(error(path, number, f"expected a title on a line of its own, found {len(run)} lines: block skipped"))
            continue
        paper = Paper(title=clean(run[0]), sources=[source.name], origin=(path, number))
        if index < len(entries) and not _is_trailer(entries[index][1]) and len(entries[index][1]) == 1:
            paper.abstract = clean(entries[index][1][0])
            index += 1
        else:
            notes.append(warning(path, number, f"paper {paper.title[:60]!r} has no abstract"))
        if index < len(entries) and _is_trailer(entries[index][1]):
            inferred_count += _read_trailer(paper, entries[index], as_of, path, notes)
            index += 1
        papers.append(paper)
    if page_date is not None and inferred:
        inferred_count += 1
    if inferred_count:
        notes.append(info(path, 0, f"inferred the year of {inferred_count} date(s) as of {as_of.isoformat()}"))
    return FeedDocument(source=source, collection=collection, papers=papers, diagnostics=notes)


def _is_trailer(run: list[str]) -> bool:
    return SEPARATOR in run


def _read_trailer(paper: Paper, entry: tuple[int, list[str]], as_of: dt.date, path: str, notes) -> int:
    """Fill author count or organisation, date and votes from a trailer; return 1 if a year was inferred."""
    number, run = entry
    cut = run.index(SEPARATOR)
    for offset, line in enumerate(run[:cut]):
        if match := AUTHORS_RE.match(line):
            paper.author_count = int(match[1].replace(",", ""))
        elif line:
            paper.org = organisation_name(line)
    inferred = 0
    for offset, line in enumerate(run[cut + 1:], cut + 1):
        match = TRAILER_DATE_RE.match(line)
        if not match:
            notes.append(warning(path, number + offset, f"unexpected line in a paper trailer: {line[:60]!r}"))
            continue
        try:
            paper.date, was_inferred = parse_page_date(match["date"], as_of)
            inferred += was_inferred
        except DateError as exc:
            notes.append(warning(path, number + offset, f"{exc}; date left empty"))
        if match["votes"]:
            paper.upvotes = int(match["votes"])
    return inferred


def organisation_name(line: str) -> str:
    """`PekingUniversity Peking University` -> `Peking University` (the page glues an id before the name)."""
    words = line.split()
    folded = [word.casefold() for word in words]
    total = sum(map(len, folded))
    glued = 0
    # The id has exactly as many letters as the name, so only one cut can work: find it in one pass
    # (trying every cut would be quadratic on a long line).
    for cut in range(1, len(words)):
        glued += len(folded[cut - 1])
        if glued * 2 == total:
            if "".join(folded[:cut]) == "".join(folded[cut:]):
                return " ".join(words[cut:])
            break
    return clean(line)
