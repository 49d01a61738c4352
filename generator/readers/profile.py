"""Reader for author-profile pages: name, metrics, then one block per paper."""

from __future__ import annotations

import datetime as dt
import re

from generator.readers.dates import DATE_PATTERN, DateError, parse_page_date
from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Author, Paper
from generator.readers.base import ProfileDocument, blocks, clean, parse_count
from generator.readers.text import SourceText

KIND = "profile"

# One pattern per metric line of the profile header; each value is cleaned by its function.
METRICS: dict[str, tuple[re.Pattern[str], callable]] = {
    "h_index": (re.compile(r"^h-index\s*(\d+)$"), int),
    "paper_count": (re.compile(r"^([\d,]+)\s*papers$"), parse_count),
    "citations": (re.compile(r"^([\d,]+)\s*citations$"), parse_count),
    "novelty": (re.compile(r"^Novelty\s*(\d+)\s*%$"), int),
    "ai_score": (re.compile(r"^AI Score\s*(\d+)$"), int),
}
LISTED_RE = re.compile(r"^([\d,]+) Papers$")
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
    """A profile has a name followed by at least two metric lines near the top."""
    head = [line.strip() for line in source.lines[:SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]
    hits = sum(1 for line in head for pattern, _ in METRICS.values() if pattern.match(line))
    return hits >= 2


def looks_like_author_line(text: str) -> bool:
    """An author line is a short comma-separated list of mostly capitalised names, not sentences."""
    if text.endswith(ET_AL) or ORG_SEPARATOR in text:
        return True
    parts = [part.split() for part in text.split(",")]
    if len(text) > 1000 or not all(0 < len(words) <= 6 for words in parts):
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
    """Read a profile page into its author and papers."""
    path = source.path
    notes: list[Diagnostic] = []
    lines = [line.strip() for line in source.lines]
    runs = blocks(lines)
    name_line, name = runs[0][0], clean(runs[0][1][0])
    author = Author(name=name, sources=[source.name], origin=(path, name_line))
    listed = None
    first_paper_run = _end_of_header(runs)
    for number, run in runs[:first_paper_run]:
        for offset, line in enumerate(run):
            if (number, offset) == (name_line, 0):
                continue
            if _read_metric(author, line):
                continue
            if match := LISTED_RE.match(line):
                listed = parse_count(match[1])
            elif CATEGORY_RE.match(line) and author.category is None:
                author.category = line
            else:
                notes.append(warning(path, number + offset, f"unexpected line in the profile header: {_quote(line)}"))
    papers: list[Paper] = []
    inferred = 0
    paper_runs = runs[first_paper_run:]
    index = 0
    while index < len(paper_runs):
        number, run = paper_runs[index]
        index += 1
        if not _is_paper_header(run):
            notes.append(error(path, number, f"expected a paper header such as 'LGMar 1, 2023', found {_quote(run[0])}: block skipped"))
            while index < len(paper_runs) and not _is_paper_header(paper_runs[index][1]):
                index += 1  # the rest of the broken block
            continue
        body: list[tuple[int, list[str]]] = []
        # The author line and the abstract are one line each: a longer run starts another block.
        while index < len(paper_runs) and len(paper_runs[index][1]) == 1 and not _is_paper_header(paper_runs[index][1]):
            body.append(paper_runs[index])
            index += 1
        paper, block_notes = _read_paper(source, number, run, body, as_of, is_last=index >= len(paper_runs))
        notes.extend(block_notes)
        if paper is not None:
            inferred += paper.date_inferred
            papers.append(paper)
    if listed is not None and listed != len(papers):
        notes.append(warning(path, 0, f"the profile lists {listed} papers but {len(papers)} were read"))
    if inferred:
        notes.append(info(path, 0, f"inferred the year of {inferred} date(s) as of {as_of.isoformat()}"))
    return ProfileDocument(source=source, author=author, papers=papers, diagnostics=notes)


def _end_of_header(runs: list[tuple[int, list[str]]]) -> int:
    """Index of the first paper block: after the `N Papers` line, or else after the last metric."""
    end = 1
    for position, (_, run) in enumerate(runs[:SNIFF_LINES]):
        if any(LISTED_RE.match(line) for line in run):
            return position + 1
        if any(pattern.match(line) for line in run for pattern, _ in METRICS.values()):
            end = position + 1
    return end


def _is_paper_header(run: list[str]) -> bool:
    return bool(HEADER_RE.match(run[0])) and not METRICS["h_index"][0].match(run[0])


def _read_metric(author: Author, line: str) -> bool:
    for field_name, (pattern, convert) in METRICS.items():
        if match := pattern.match(line):
            setattr(author, field_name, convert(match[1]))
            return True
    return False


def _read_paper(source, number, run, body, as_of, is_last) -> tuple[Paper | None, list[Diagnostic]]:
    path = source.path
    notes: list[Diagnostic] = []
    header = HEADER_RE.match(run[0])
    if len(run) < 2:
        notes.append(error(path, number, f"paper block has no title after its header {_quote(run[0])}: block skipped"))
        return None, notes
    title = clean(" ".join(run[1:]))
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
        if len(paper.authors) > MAX_AUTHORS:
            notes.append(warning(path, paragraphs[0][0], f"author line lists {len(paper.authors)} names: kept the first {MAX_AUTHORS}, then 'et al.'"))
            paper.authors, paper.authors_truncated = paper.authors[:MAX_AUTHORS], True
        paper.authors = paper.authors or None
        paragraphs = paragraphs[1:]
    if paragraphs:
        paper.abstract = " ".join(text for _, text in paragraphs)
        if len(paragraphs) > 1:
            notes.append(warning(path, paragraphs[1][0], "abstract runs over several paragraphs; joined"))
    if paper.abstract is None:
        if is_last:
            notes.append(error(path, number, f"file ends inside the paper {_quote(title)} (truncated?): read without abstract"))
        else:
            notes.append(warning(path, number, f"paper {_quote(title)} has no abstract"))
    if paper.authors is None and paper.abstract is not None:
        notes.append(warning(path, number, f"paper {_quote(title)} has no author line"))
    return paper, notes


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
