"""Reader for daily-papers feeds: page chrome, a page date, then title, abstract and trailer per paper."""

from __future__ import annotations

import datetime as dt
import re

from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Collection, Paper
from generator.readers.base import COUNT, CountError, FeedDocument, blocks, clean, first_nonblank, parse_count, reading
from generator.readers.dates import DATE_PATTERN, DateError, parse_page_date
from generator.readers.text import SourceText

KIND = "feed"
CHROME = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
}
DEFAULT_TITLE = "Daily Papers"
SEPARATOR = "·"
PAGE_DATE_RE = re.compile(rf"^{DATE_PATTERN}$")
AUTHORS_RE = re.compile(rf"^•\s*({COUNT})\s+authors?$")
TRAILER_DATE_RE = re.compile(rf"^(?P<date>{DATE_PATTERN})(?:\s+(?P<votes>\d+))?$")
SNIFF_LINES = 40
CHROME_RUNS = 20  # the page chrome and its date sit at the top: look no further for them


def sniff(source: SourceText) -> bool:
    """A feed shows its chrome (blank lines before it aside), or trailers of `·` followed by a date."""
    chrome = sum(1 for line in first_nonblank(source.lines, SNIFF_LINES) if line in CHROME)
    lines = [line.strip() for line in source.lines]
    trailers = sum(1 for i, line in enumerate(lines[:-1]) if line == SEPARATOR and TRAILER_DATE_RE.match(lines[i + 1]))
    return chrome >= 2 or trailers >= 1


def read(source: SourceText, as_of: dt.date) -> FeedDocument:
    """Read the page date and every entry, in page order."""
    path = source.path
    notes: list[Diagnostic] = []
    lines = [line.strip() for line in source.lines]
    runs = blocks(lines)
    start, date_at = _chrome_end(runs)
    title, page_date, inferred_at = DEFAULT_TITLE, None, []
    for position, (number, run) in enumerate(runs[:start]):
        with reading(number):
            if position == date_at:
                try:
                    page_date, inferred = parse_page_date(run[0], as_of)
                    if inferred:
                        inferred_at.append(number)
                except DateError as exc:
                    notes.append(warning(path, number, f"{exc}; page date left empty"))
            elif not _is_chrome(run):
                notes.append(warning(path, number, f"unexpected line in the page chrome: {run[0][:60]!r}: skipped"))
    if page_date is None:
        notes.append(warning(path, 0, "no page date found; the collection is undated"))
    collection = Collection(title=title, date=page_date, source=source.name)
    papers: list[Paper] = []
    entries = runs[start:]
    index = 0
    while index < len(entries):
        number, run = entries[index]
        index += 1
        with reading(number):
            if _is_trailer(run):
                notes.append(error(path, number, "trailer without a title and abstract before it: skipped"))
                continue
            if len(run) > 1:
                notes.append(
                    error(path, number, f"expected a title on a line of its own, found {len(run)} lines: block skipped")
                )
                continue
            paper = Paper(title=clean(run[0]), sources=[source.name], origin=(path, number))
            if index < len(entries) and not _is_trailer(entries[index][1]) and len(entries[index][1]) == 1:
                paper.abstract = clean(entries[index][1][0])
                index += 1
            else:
                notes.append(warning(path, number, f"paper {paper.title[:60]!r} has no abstract"))
            if index < len(entries) and _is_trailer(entries[index][1]):
                inferred_at += _read_trailer(paper, entries[index], as_of, path, notes)
                index += 1
            papers.append(paper)
    if inferred_at:
        notes.append(
            info(path, min(inferred_at), f"inferred the year of {len(inferred_at)} date(s) as of {as_of.isoformat()}")
        )
    return FeedDocument(source=source, collection=collection, papers=papers, diagnostics=notes)


def _chrome_end(runs: list[tuple[int, list[str]]]) -> tuple[int, int | None]:
    """The index of the first entry's run, and that of the page date's run (None without one).

    The chrome is recognised as a whole: it ends at the page date, or at its last chrome line, whichever
    is later, looked for only above the first trailer (entries come after the chrome). So a stray line
    inside it is skipped with a warning rather than ending it and turning the rest into papers.
    """
    limit = min(len(runs), CHROME_RUNS)
    date_at, last_chrome = None, -1
    for position, (number, run) in enumerate(runs[:limit]):
        with reading(number):
            if _is_trailer(run):
                break
            if _is_chrome(run):
                last_chrome = position
            elif date_at is None and len(run) == 1 and PAGE_DATE_RE.match(run[0]):
                date_at = position
    return max(last_chrome, -1 if date_at is None else date_at) + 1, date_at


def _is_chrome(run: list[str]) -> bool:
    return all(line in CHROME for line in run)


def _is_trailer(run: list[str]) -> bool:
    return SEPARATOR in run


def _read_trailer(paper: Paper, entry: tuple[int, list[str]], as_of: dt.date, path: str, notes) -> list[int]:
    """Fill author count or organisation, date and votes from a trailer; return the line of a date whose year
    was inferred (none or one)."""
    number, run = entry
    cut = run.index(SEPARATOR)
    inferred_at = []
    for offset, line in enumerate(run):
        if offset == cut:
            continue
        with reading(number + offset):
            if offset < cut:
                if match := AUTHORS_RE.match(line):
                    paper.author_count = _count(match[1], line, path, number + offset, notes)
                elif line:
                    paper.org = organisation_name(line)
                continue
            match = TRAILER_DATE_RE.match(line)
            if not match:
                notes.append(warning(path, number + offset, f"unexpected line in a paper trailer: {line[:60]!r}"))
                continue
            try:
                paper.date, inferred = parse_page_date(match["date"], as_of)
                if inferred:
                    inferred_at.append(number + offset)
            except DateError as exc:
                notes.append(warning(path, number + offset, f"{exc}; date left empty"))
            if match["votes"]:
                paper.upvotes = _count(match["votes"], line, path, number + offset, notes)
    return inferred_at


def _count(text: str, line: str, path: str, number: int, notes: list[Diagnostic]) -> int | None:
    try:
        return parse_count(text)
    except CountError as exc:
        notes.append(warning(path, number, f"{exc} in {line[:60]!r}: left empty"))
        return None


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
