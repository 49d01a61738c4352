"""Reader for a saved ORCID works list (the public API's `/v3.0/<iD>/works` JSON): one paper per group of
work summaries, and the ORCID iD of the record's owner.

A group holds the same work as several sources (Crossref, the researcher, a repository) listed it; the
summary ORCID shows (the highest `display-index`) gives the fields, the others fill what it lacks.
Summaries name no authors: the papers have none, and the owner's iD says whose list it is.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Paper
from generator.model.identifiers import normalise_orcid
from generator.readers.base import BibliographyDocument, Owner, head, line_starts
from generator.readers.fields import arxiv_field, clean_title, dated, doi_field, plain, url_field, venue_name
from generator.readers.jsontext import decode_with_lines, json_text
from generator.readers.text import SourceText

KIND = "orcid"
# ORCID work types as publication types (PUB_TYPES); the rest are "misc".
PUB_TYPE = {
    "journal-article": "article",
    "conference-paper": "conference",
    "conference-abstract": "conference",
    "conference-poster": "conference",
    "conference-output": "conference",
    "conference-proceedings": "book",
    "preprint": "preprint",
    "book": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "dissertation": "thesis",
    "dissertation-thesis": "thesis",
    "report": "report",
    "working-paper": "report",
}
_IDENTIFIER = r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"
_WORKS_PATH = re.compile(rf"^/({_IDENTIFIER})/works/?$")
_WORK_PATH = re.compile(rf"^/({_IDENTIFIER})/work/\d+$")
_SNIFF_PATH = re.compile(rf'"path"\s*:\s*"/{_IDENTIFIER}/works?\b')


def sniff(source: SourceText) -> bool:
    """A JSON object with ORCID's `work-summary` lists or its `/<iD>/works` path."""
    start = head(source).lstrip()
    return start.startswith("{") and ('"work-summary"' in start or bool(_SNIFF_PATH.search(start)))


def read(source: SourceText, as_of: dt.date) -> BibliographyDocument:
    """Read every group of work summaries into a paper, and the owner's ORCID iD."""
    path = source.path
    text = source.text
    starts = line_starts(text)
    notes: list[Diagnostic] = []
    document = BibliographyDocument(
        source=source, format=KIND, papers=[], diagnostics=notes, complete=text.rstrip().endswith("}")
    )  # a cut-off file lacks its closing brace
    try:
        record, end = decode_with_lines(text, len(text) - len(text.lstrip()), starts)
    except RecursionError:
        notes.append(error(path, 0, "nested too deeply to read as an ORCID works list: nothing read"))
        return document
    except ValueError as exc:
        reason = plain(getattr(exc, "msg", None) or str(exc))[:120]
        notes.append(error(path, getattr(exc, "lineno", 0), f"not valid JSON ({reason}): nothing read"))
        return document
    if not isinstance(record, dict) or not isinstance(record.get("group"), list):
        notes.append(error(path, getattr(record, "line", 0), "not an ORCID works list (no 'group' list): nothing read"))
        return document
    document.owner = _owner(record, path, notes)
    for group in record["group"]:
        summaries = [
            s for s in _list(group.get("work-summary") if isinstance(group, dict) else None) if isinstance(s, dict)
        ]
        if not summaries:
            notes.append(warning(path, getattr(group, "line", 0), "a group without work summaries: skipped"))
            continue
        paper = _paper(group, summaries, source, notes)
        if paper is not None:
            document.papers.append(paper)
    notes.sort(key=lambda note: note.line)  # in file order
    return document


def _owner(record: dict, path: str, notes: list[Diagnostic]) -> Owner | None:
    """The ORCID iD in the list's path (`/0000-0002-1825-0097/works`), or else in its summaries' paths."""
    found: list[tuple[str, int]] = []
    if isinstance(record.get("path"), str) and (match := _WORKS_PATH.match(record["path"].strip())):
        found.append((match[1], record.line))
    for group in _list(record.get("group")):
        for summary in _list(group.get("work-summary") if isinstance(group, dict) else None):
            if isinstance(summary, dict) and isinstance(summary.get("path"), str):
                if match := _WORK_PATH.match(summary["path"].strip()):
                    found.append((match[1], summary.line))
    if not found:
        notes.append(warning(path, 0, "no ORCID iD in the file's paths: whose works these are is not known"))
        return None
    identifier, line = found[0]
    orcid = normalise_orcid(identifier)
    if orcid is None:
        notes.append(
            error(path, line, f"'{identifier}' is not a valid ORCID iD (its check digit is wrong): owner not known")
        )
        return None
    others = sorted({other for other, _ in found if other != identifier})
    if others:
        notes.append(
            warning(
                path,
                line,
                f"the works list of {orcid} also names {', '.join(others)} in its paths: {orcid} taken as the owner",
            )
        )
    notes.append(info(path, line, f"the works of ORCID iD {orcid}"))
    return Owner(orcid=orcid)


def _paper(group: dict, summaries: list[dict], source: SourceText, notes: list[Diagnostic]) -> Paper | None:
    path = source.path
    ordered = sorted(summaries, key=_display_index, reverse=True)  # stable: ties keep file order
    preferred = ordered[0]
    line = preferred.line
    title = next((t for t in (_value(s.get("title"), "title") for s in ordered) if t), "")
    title = clean_title(title, path, line, notes)
    if not title:
        notes.append(error(path, line, "a work without a title: skipped"))
        return None
    paper = Paper(
        title=title,
        sources=[source.name],
        origin=(path, line),
        citation_key=plain(json_text(preferred.get("put-code"))) or None,
    )
    for summary in ordered:
        if paper.date is None and (
            found := _publication_date(summary.get("publication-date"), path, summary.line, notes)
        ):
            paper.date, paper.date_precision = found
        if paper.venue is None:
            paper.venue = venue_name(_value(summary.get("journal-title")))
        if paper.pub_type is None and json_text(summary.get("type")):
            paper.pub_type = PUB_TYPE.get(json_text(summary["type"]), "misc")
        if paper.url is None and _value(summary.get("url")):
            paper.url = url_field("url", _value(summary.get("url")), path, summary.line, notes)
    if paper.date is None:
        notes.append(warning(path, line, f"the work {_quote(title)} has no publication date: the paper is undated"))
    external = [*(_external_ids(s) for s in ordered), _external_ids(group)]
    for identifier in (x for ids in external for x in ids):
        kind = json_text(identifier.get("external-id-type")).lower()
        relationship = json_text(identifier.get("external-id-relationship")).lower() or "self"
        value = _value(identifier.get("external-id-normalized")) or json_text(identifier.get("external-id-value"))
        where = getattr(identifier, "line", line)
        if kind == "doi" and relationship == "self" and paper.doi is None:
            paper.doi = doi_field(value, path, where, notes)
        elif kind == "arxiv" and relationship in ("self", "version-of") and paper.arxiv_id is None:
            paper.arxiv_id = arxiv_field(value, path, where, notes)
        elif kind == "uri" and relationship == "self" and paper.url is None:
            paper.url = url_field("uri", value, path, where, notes)
    if paper.pub_type is None:
        paper.pub_type = "misc"
    return paper


def _display_index(summary: dict) -> int:
    try:
        return int(json_text(summary.get("display-index")) or 0)
    except ValueError:
        return 0


def _publication_date(date, path: str, line: int, notes: list[Diagnostic]) -> tuple[dt.date, str] | None:
    """`{"year": {"value": "2023"}, "month": {"value": "05"}, "day": null}` -> 1 May 2023, precision month."""
    if not isinstance(date, dict):
        return None
    year, month, day = (_value(date.get(part)) for part in ("year", "month", "day"))
    return dated((year, month or None, day or None), path, line, notes) if year else None


def _external_ids(holder: dict) -> list[dict]:
    ids = holder.get("external-ids") if isinstance(holder, dict) else None
    return [x for x in _list(ids.get("external-id") if isinstance(ids, dict) else None) if isinstance(x, dict)]


def _value(holder, *path: str) -> str:
    """ORCID wraps values: `{"value": "x"}`; `title` wraps twice (`{"title": {"value": "x"}}`)."""
    for key in path:
        holder = holder.get(key) if isinstance(holder, dict) else None
    return json_text(holder.get("value")) if isinstance(holder, dict) else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
