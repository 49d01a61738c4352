"""Reader for CSL-JSON (Zotero, Better BibTeX, Mendeley, doi.org exports): a JSON array of items, one paper each.

Each item is decoded on its own, so an item that is not valid JSON is reported at its line and the items
after it are still read. A single item object (what doi.org answers for a DOI) is read too.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.diagnostics import Diagnostic, error, warning
from generator.model import Paper
from generator.model.identifiers import find_arxiv_id
from generator.readers.base import BibliographyDocument, head, line_starts
from generator.readers.fields import (
    calendar_date,
    clean_title,
    dated,
    doi_field,
    iso_date,
    keyword_list,
    person_names,
    plain,
    url_field,
    venue_name,
)
from generator.readers.jsontext import decode_with_lines, json_text, line_of
from generator.readers.text import SourceText

KIND = "csl-json"
# CSL item types as publication types (PUB_TYPES); CSL's "article" is a preprint or working paper.
PUB_TYPE = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "conference",
    "book": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "thesis": "thesis",
    "report": "report",
    "article": "preprint",
    "manuscript": "preprint",
    "posted-content": "preprint",
}
_CSL_KEY = re.compile(r'"(?:type|title|author|issued|DOI|URL|container-title|citation-key)"\s*:')
# The rich-text markup CSL allows inside fields: it formats, it is not text.
_CSL_MARKUP = re.compile(
    r'</?(?:i|b|sub|sup|sc)>|<span\s+(?:class="nocase"|style="[^"<>]*")\s*>|</span>', re.IGNORECASE
)
_WHITESPACE = " \t\n\r"


def sniff(source: SourceText) -> bool:
    """A JSON array starting with an object, or one object, with CSL's keys (`type`, `title`, `issued`...)."""
    start = head(source).lstrip(_WHITESPACE)
    if start.startswith("["):
        return start[1:].lstrip(_WHITESPACE).startswith("{") and bool(_CSL_KEY.search(start))
    return start.startswith("{") and '"type"' in start and '"title"' in start and '"work-summary"' not in start


def read(source: SourceText, as_of: dt.date) -> BibliographyDocument:
    """Read every item into a paper, in file order; a broken item is reported and skipped."""
    path = source.path
    text = source.text
    starts = line_starts(text)
    notes: list[Diagnostic] = []
    papers = []
    for line, item in _items(text, starts, path, notes):
        if not isinstance(item, dict):
            notes.append(error(path, line, "an item that is not an object (a CSL item is {...}): skipped"))
            continue
        paper = _paper(item, line, source, notes)
        if paper is not None:
            papers.append(paper)
    notes.sort(key=lambda note: note.line)  # in file order
    closing = "}" if text.lstrip(_WHITESPACE).startswith("{") else "]"
    complete = text.rstrip(_WHITESPACE).endswith(closing)  # a cut-off export lacks its closing bracket
    return BibliographyDocument(source=source, format=KIND, papers=papers, diagnostics=notes, complete=complete)


def _items(text: str, starts: list[int], path: str, notes: list[Diagnostic]):
    """(line, item) for every item of the array (or the one object), decoded one by one."""
    position = _skip(text, 0)
    if text.startswith("{", position):
        ok, item, end = _decode_item(text, position, starts, path, notes)
        if ok:
            yield line_of(starts, position), item
            if text[end:].strip():
                notes.append(warning(path, line_of(starts, _skip(text, end)), "text after the item: ignored"))
        return
    if not text.startswith("[", position):
        notes.append(error(path, line_of(starts, position), "not a JSON array of CSL items: nothing read"))
        return
    position = _skip(text, position + 1)
    while True:
        if position >= len(text):
            notes.append(
                error(path, len(starts), "the array has no closing ']' (file cut short?): the items before are read")
            )
            return
        if text[position] == "]":
            return
        ok, item, end = _decode_item(text, position, starts, path, notes)
        if not ok:
            position = _next_item(text, position)
            if position is None:
                notes.append(
                    error(path, len(starts), "no item found after the broken one: the rest of the file is skipped")
                )
                return
            continue
        yield line_of(starts, position), item
        position = _skip(text, end)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("{", position):
            notes.append(warning(path, line_of(starts, position), "no ',' between two items: read as if it were there"))
        elif not text.startswith("]", position):
            notes.append(
                error(
                    path,
                    line_of(starts, position),
                    "expected ',' or ']' after an item: the rest of the file is skipped",
                )
            )
            return


def _decode_item(
    text: str, position: int, starts: list[int], path: str, notes: list[Diagnostic]
) -> tuple[bool, object, int]:
    """(True, item, end) for the JSON value at `position`, or (False, None, position) after reporting why not."""
    line = line_of(starts, position)
    try:
        item, end = decode_with_lines(text, position, starts)
    except RecursionError:
        notes.append(error(path, line, "an item nested too deeply to read: skipped"))
        return False, None, position
    except ValueError as exc:  # JSONDecodeError, or a number too long to convert
        where = getattr(exc, "lineno", line)
        reason = plain(getattr(exc, "msg", None) or str(exc))[:120]
        notes.append(error(path, where, f"not valid JSON ({reason}): the item starting at line {line} is skipped"))
        return False, None, position
    return True, item, end


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _next_item(text: str, position: int) -> int | None:
    """Where the next item seems to start after a broken one: the next line that opens an object at the broken
    item's indentation (exports print one item per indented block)."""
    line_start = text.rfind("\n", 0, position) + 1
    indent = text[line_start:position]
    if indent.strip():  # the item does not start its line (a one-line file): nothing to resynchronise on
        return None
    found = re.compile(rf"\n{re.escape(indent)}\{{").search(text, position + 1)
    return found.start() + 1 + len(indent) if found else None


def _paper(item: dict, line: int, source: SourceText, notes: list[Diagnostic]) -> Paper | None:
    path = source.path
    key = plain(json_text(item.get("citation-key"))) or plain(json_text(item.get("id")))
    title = clean_title(_rich_text(item.get("title")), path, line, notes)
    if not title:
        notes.append(error(path, line, f"item {key or ''} has no title: skipped".replace("  ", " ")))
        return None
    names = [_person(person) for person in _list(item.get("author"))]
    authors, truncated, marked = person_names([n for n in names if n], path, line, notes)
    paper = Paper(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        authors_marked=marked,
        sources=[source.name],
        origin=(path, line),
        citation_key=key or None,
    )
    found = _issued(item.get("issued"), path, line, notes)
    if found:
        paper.date, paper.date_precision = found
    else:
        notes.append(warning(path, line, f"item {_quote(title)} has no publication date: the paper is undated"))
    paper.abstract = plain(_rich_text(item.get("abstract"))) or None
    paper.keywords = keyword_list(item.get("keyword") if isinstance(item.get("keyword"), (str, list)) else "")
    paper.note = plain(json_text(item.get("note"))) or None
    paper.doi = doi_field(json_text(item.get("DOI")), path, line, notes)
    paper.url = url_field("URL", json_text(item.get("URL")), path, line, notes)
    paper.venue = venue_name(_rich_text(_first(item.get("container-title"))) or json_text(item.get("publisher")))
    paper.pub_type = PUB_TYPE.get(json_text(item.get("type")), "misc")
    for text in (
        paper.doi,
        paper.url,
        json_text(item.get("number")),
        json_text(item.get("archive_location")),
        paper.note,
    ):
        if text and (found_id := find_arxiv_id(text)):
            paper.arxiv_id = found_id
            break
    if paper.pub_type == "misc" and paper.arxiv_id and paper.venue is None:
        paper.pub_type = "preprint"
    return paper


def _person(person) -> str:
    """`{"family": "Fu", "given": "Deqing"}` -> `Deqing Fu`; `{"literal": "The ATLAS Collaboration"}` as written."""
    if isinstance(person, str):
        return plain(person)
    if not isinstance(person, dict):
        return ""
    literal = json_text(person.get("literal"))
    if literal:
        return plain(literal)
    parts = (person.get(key) for key in ("given", "dropping-particle", "non-dropping-particle", "family", "suffix"))
    return plain(" ".join(json_text(part) for part in parts))


def _issued(issued, path: str, line: int, notes: list[Diagnostic]) -> tuple[dt.date, str] | None:
    """CSL's `{"date-parts": [[2023, 5, 17]]}` (numbers or strings), or `{"raw": "2023-05-17"}` / `literal`;
    the first date of a range."""
    if not isinstance(issued, dict):
        return iso_date(issued) if isinstance(issued, str) else None
    parts = issued.get("date-parts", issued.get("date_parts"))  # some exporters write `date_parts`
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = [json_text(part) for part in parts[0][:3]]
        return dated(tuple(first), path, line, notes)
    for key in ("raw", "literal"):
        if isinstance(issued.get(key), str) and (found := iso_date(issued[key]) or _year_in(issued[key])):
            return found
    return None


def _year_in(text: str) -> tuple[dt.date, str] | None:
    match = re.search(r"\b(\d{4})\b", text[:200])
    return calendar_date(match[1]) if match else None


def _rich_text(value) -> str:
    return _CSL_MARKUP.sub("", json_text(value))


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
