"""Reader for author-profile pages: name, metrics, then one block per paper."""

from __future__ import annotations

import datetime as dt
import re

from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Author, Paper
from generator.readers.base import (
    COUNT,
    CountError,
    ProfileDocument,
    SourceError,
    blocks,
    clean,
    first_nonblank,
    parse_count,
    reading,
)
from generator.readers.dates import DATE_PATTERN, DateError, parse_page_date
from generator.readers.text import SourceText

KIND = "profile"

# One pattern per metric line of the profile header; each value is cleaned by its function.
METRICS: dict[str, tuple[re.Pattern[str], callable]] = {
    "h_index": (re.compile(rf"^h-index\s*({COUNT})$"), parse_count),
    "paper_count": (re.compile(rf"^({COUNT})\s*papers$"), parse_count),
    "citations": (re.compile(rf"^({COUNT})\s*citations$"), parse_count),
    "novelty": (re.compile(r"^Novelty\s*(\d+)\s*%$"), parse_count),
    "ai_score": (re.compile(r"^AI Score\s*(\d+)$"), parse_count),
}
LISTED_RE = re.compile(rf"^({COUNT}) Papers$")
CATEGORY = r"(?:[a-z][a-z-]*\.)?[A-Z]{2,3}|[a-z][a-z-]+(?:\.[A-Za-z]{2})?"
CATEGORY_RE = re.compile(rf"^(?:{CATEGORY})$")
HEADER_RE = re.compile(
    rf"^(?P<score>\d{{1,3}}(?:\.\d+)?)?(?P<category>{CATEGORY})(?P<date>{DATE_PATTERN})?(?P<code>Code)?$"
)
ORG_SEPARATOR = " · "
ET_AL = "et al."
SNIFF_LINES = 20
# Every co-author gets an index page listing their papers with full author lines, so pages grow with
# the square of the longest author list: a hostile line of thousands of names must not blow that up.
MAX_AUTHORS = 200


def sniff(source: SourceText) -> bool:
    """A profile has a name followed by at least two metric lines near the top (blank lines before it aside)."""
    head = first_nonblank(source.lines, SNIFF_LINES)
    hits = sum(1 for line in head for pattern, _ in METRICS.values() if pattern.match(line))
    return hits >= 2


def looks_like_author_line(text: str) -> bool:
    """An author line is a short comma-separated list of mostly capitalised names, not sentences."""
    if text.endswith(ET_AL) or ORG_SEPARATOR in text:
        return True
    # An empty entry (`A, , B`: a name of invisible characters, removed) is no sign of a sentence.
    parts = [words for part in text.split(",") if (words := part.split())]
    if len(text) > 1000 or not parts or not all(len(words) <= 6 for words in parts):
        return False
    words = [word for part in parts for word in part]
    return sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def parse_author_line(text: str) -> tuple[list[str], bool, str | None]:
    """`A, B, C et al. · org` -> (names, truncated, org)."""
    org = None
    if ORG_SEPARATOR in text:
        text, org = text.rsplit(ORG_SEPARATOR, 1)
        org = clean(org) or None
    text = text.strip()
    truncated = text.endswith(ET_AL)
    if truncated:
        text = text[: -len(ET_AL)].rstrip(" ,")
    names = [clean(name) for name in text.split(",") if clean(name)]
    return names, truncated, org


def read(source: SourceText, as_of: dt.date) -> ProfileDocument:
    """Read a profile page into its author and papers; a file cut off half way is marked incomplete."""
    path = source.path
    notes: list[Diagnostic] = []
    lines = [line.strip() for line in source.lines]
    runs = blocks(lines)
    first_paper_run = _end_of_header(runs)
    author, listed, listed_line = _read_header(source, runs[:first_paper_run], notes)
    papers: list[Paper] = []
    inferred_at: list[int] = []
    skipped = 0  # blocks reported and skipped: they count as found when checking for a cut
    ends_inside = False
    paper_runs = runs[first_paper_run:]
    index = 0
    while index < len(paper_runs):
        number, run = paper_runs[index]
        index += 1
        with reading(number):
            if not _is_paper_header(run):
                notes.append(
                    error(
                        path,
                        number,
                        f"expected a paper header such as 'LGMar 1, 2023', found {_quote(run[0])}: block skipped",
                    )
                )
                skipped += 1
                while index < len(paper_runs) and not _is_paper_header(paper_runs[index][1]):
                    index += 1  # the rest of the broken block
                continue
            body: list[tuple[int, list[str]]] = []
            # The author line and the abstract are one line each: a longer run, or a dated header, starts
            # another block. A header without its date counts only with a title under it, so an author
            # line that is one capitalised word (`CMS`, a team) is not taken for one.
            while (
                index < len(paper_runs)
                and len(paper_runs[index][1]) == 1
                and not _is_paper_header(paper_runs[index][1])
            ):
                body.append(paper_runs[index])
                index += 1
            is_last = index >= len(paper_runs)
            paper, block_notes = _read_paper(source, number, run, body, as_of, is_last)
            notes.extend(block_notes)
            # The file ends inside its last block when that block lacks its title or its abstract.
            ends_inside = is_last and (paper is None or paper.abstract is None)
            if paper is None:
                skipped += 1
                continue
            if paper.date_inferred:
                inferred_at.append(number)
            papers.append(paper)
    complete = not ends_inside
    if listed is not None and listed != len(papers):
        message = f"the profile lists {listed} papers but {len(papers)} were read"
        if len(papers) + skipped < listed and not ends_inside:  # (a cut inside a block is reported already)
            complete = False
            notes.append(error(path, listed_line, f"{message}: the file is incomplete (cut off?)"))
        else:
            notes.append(warning(path, listed_line, message))
    elif listed is None and not papers and author.paper_count:  # the header counts papers; the file holds none
        complete = False
        last_line = runs[-1][0] + len(runs[-1][1]) - 1
        notes.append(error(path, last_line, "the file ends before the papers its header counts (cut off?)"))
    if inferred_at:
        notes.append(
            info(path, inferred_at[0], f"inferred the year of {len(inferred_at)} date(s) as of {as_of.isoformat()}")
        )
    return ProfileDocument(source=source, author=author, papers=papers, diagnostics=notes, complete=complete)


def _end_of_header(runs: list[tuple[int, list[str]]]) -> int:
    """Index of the first paper block: after the `N Papers` line, or else after the last metric."""
    end = 1
    for position, (_, run) in enumerate(runs[:SNIFF_LINES]):
        if any(LISTED_RE.match(line) for line in run):
            return position + 1
        if any(pattern.match(line) for line in run for pattern, _ in METRICS.values()):
            end = position + 1
    return end


def _read_header(source: SourceText, runs: list[tuple[int, list[str]]], notes: list[Diagnostic]):
    """The author from the header's lines, the number of papers the `N Papers` line lists and that line."""
    path = source.path
    name_line = runs[0][0]
    with reading(name_line):
        if _lacks_name([line for _, run in runs for line in run]):
            raise SourceError(
                name_line,
                f"the profile has no author name above {_quote(runs[0][1][0])} "
                "(a name of invisible characters only?): file skipped",
            )
        author = Author(name=clean(runs[0][1][0]), sources=[source.name], origin=(path, name_line))
    listed, listed_line = None, 0
    for number, run in runs:
        for offset, line in enumerate(run):
            if (number, offset) == (name_line, 0):
                continue
            with reading(number + offset):
                if _read_metric(author, line, path, number + offset, notes):
                    continue
                if match := LISTED_RE.match(line):
                    listed_line = number + offset
                    try:
                        listed = parse_count(match[1])
                    except CountError as exc:
                        notes.append(warning(path, listed_line, f"{exc} in {_quote(line)}: left empty"))
                elif CATEGORY_RE.match(line) and author.category is None:
                    author.category = line
                else:
                    notes.append(
                        warning(path, number + offset, f"unexpected line in the profile header: {_quote(line)}")
                    )
    return author, listed, listed_line


def _metric_field(line: str) -> str | None:
    return next((name for name, (pattern, _) in METRICS.items() if pattern.match(line)), None)


def _lacks_name(lines: list[str]) -> bool:
    """The header starts with its metrics (or the category above them): the name line was blank, or
    blank once its invisible characters were removed."""
    first = lines[0]
    if _metric_field(first) or LISTED_RE.match(first):
        return True
    return bool(CATEGORY_RE.match(first)) and len(lines) > 1 and _metric_field(lines[1]) is not None


def _is_paper_header(run: list[str]) -> bool:
    """A paper header line with its date, or without one but with a title line under it."""
    match = HEADER_RE.match(run[0])
    return bool(match) and (match["date"] is not None or len(run) > 1) and not METRICS["h_index"][0].match(run[0])


def _read_metric(author: Author, line: str, path: str, number: int, notes: list[Diagnostic]) -> bool:
    for field_name, (pattern, convert) in METRICS.items():
        if match := pattern.match(line):
            try:
                setattr(author, field_name, convert(match[1]))
            except CountError as exc:
                notes.append(warning(path, number, f"{exc} in {_quote(line)}: left empty"))
            return True
    return False


def _read_paper(source, number, run, body, as_of, is_last) -> tuple[Paper | None, list[Diagnostic]]:
    path = source.path
    notes: list[Diagnostic] = []
    header = HEADER_RE.match(run[0])
    title = clean(" ".join(run[1:]))
    if not title:
        if is_last:
            notes.append(
                error(path, number, f"the file ends after the paper header {_quote(run[0])} (cut off?): block skipped")
            )
        else:
            notes.append(
                error(path, number, f"paper block has no title after its header {_quote(run[0])}: block skipped")
            )
        return None, notes
    if len(run) > 2:
        notes.append(warning(path, number + 2, "title runs over several lines; joined"))
    paper = Paper(title=title, sources=[source.name], origin=(path, number + 1))
    paper.category = header["category"]
    paper.has_code = bool(header["code"])
    if header["score"]:
        paper.score = float(header["score"])
    if header["date"]:
        try:
            paper.date, paper.date_inferred = parse_page_date(header["date"], as_of)
        except DateError as exc:
            notes.append(warning(path, number, f"{exc}; date left empty"))
    paragraphs = [(n, clean(" ".join(lines))) for n, lines in body]
    if paragraphs and looks_like_author_line(paragraphs[0][1]):
        paper.authors, paper.authors_truncated, paper.org = parse_author_line(paragraphs[0][1])
        if empty := _empty_names(paragraphs[0][1]):
            notes.append(
                warning(
                    path,
                    paragraphs[0][0],
                    f"{empty} empty name(s) in the author line (invisible characters only?): dropped",
                )
            )
        if len(paper.authors) > MAX_AUTHORS:
            notes.append(
                warning(
                    path,
                    paragraphs[0][0],
                    f"author line lists {len(paper.authors)} names: kept the first {MAX_AUTHORS}, then 'et al.'",
                )
            )
            paper.authors, paper.authors_truncated = paper.authors[:MAX_AUTHORS], True
        paper.authors = paper.authors or None
        paragraphs = paragraphs[1:]
    if paragraphs:
        paper.abstract = " ".join(text for _, text in paragraphs)
        if len(paragraphs) > 1:
            notes.append(warning(path, paragraphs[1][0], "abstract runs over several paragraphs; joined"))
    if paper.abstract is None:
        if is_last:
            notes.append(
                error(path, number, f"the file ends inside the paper {_quote(title)} (cut off?): read without abstract")
            )
        else:
            notes.append(warning(path, number, f"paper {_quote(title)} has no abstract"))
    if paper.authors is None and paper.abstract is not None:
        notes.append(warning(path, number, f"paper {_quote(title)} has no author line"))
    return paper, notes


def _empty_names(text: str) -> int:
    """How many entries of an author line are empty between its names (`A, , B`)."""
    names = text.rsplit(ORG_SEPARATOR, 1)[0].strip()
    names = names[: -len(ET_AL)] if names.endswith(ET_AL) else names
    return sum(1 for name in names.strip(" ,").split(",") if not name.strip())


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
