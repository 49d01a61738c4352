"""The fields every bibliography format shares, cleaned one way: titles, names and their marks, dates,
identifiers, web addresses and keywords. Each function reports what it had to change or drop."""

from __future__ import annotations

import datetime as dt
import re

from generator.diagnostics import Diagnostic, info, warning
from generator.model.identifiers import find_arxiv_id, normalise_doi, web_address
from generator.readers.base import clean
from generator.readers.text import remove_unsafe_characters

# Every co-author gets an index page listing their papers with full author lines, so pages grow with the
# square of the longest author list (the profile reader caps its author lines the same way).
MAX_AUTHORS = 200
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A rating some researchers put before their titles (`[A+] Title`, `[CCF-A] Title`): not part of the title.
# A bracket that could be a real title's start (`[Re] Reproducing ...`) is not a rating.
_RATING_PREFIX = re.compile(r"^\[\s*(?:(?:CCF|CORE)[\s-]*)?(?:[A-D][+\-*]?|A\*|Q[1-4])\s*\]\s*")
# Marks written after (or before) a name for students, equal contribution or corresponding authors:
# `Fu*`, `Fu∗`, `Fu$^*$`, `Fu$^{\ast}$`, `Fu\textsuperscript{*}` (decoded to `*`), `Fu†`, `Fu$^\dagger$`.
_MATH_MARK = re.compile(r"\$\s*(?:\^\s*)?\{?\s*(\*|\\ast|\\star|\\dagger|\\dag|\\ddagger|\\ddag|[∗†‡])\s*\}?\s*\$")
_PLAIN_MARK = re.compile(r"[*∗⋆†‡]+")
_MARK_NAMES = {
    "*": "*",
    "\\ast": "*",
    "\\star": "*",
    "∗": "*",
    "⋆": "*",
    "\\dagger": "†",
    "\\dag": "†",
    "†": "†",
    "\\ddagger": "‡",
    "\\ddag": "‡",
    "‡": "‡",
}
_TRUNCATION = {"others", "et al", "et al.", "etal", "and others", "..."}
# arXiv categories: `cs.LG`, `hep-th`, `math.GT`, `cond-mat.mes-hall`, `q-bio.NC`.
_ARXIV_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?$")
_KEYWORD_SEPARATORS = re.compile(r"\s*[;,]\s*")
_ARXIV_VENUE = re.compile(r"^(?:arxiv(?:\s+preprint)?|corr|arxiv\.org|arxiv e-prints)\b[\s:.,\d/a-z-]*$", re.IGNORECASE)


def plain(text: str) -> str:
    """Text on one line, without control, bidi or invisible characters (which escapes can bring in)."""
    return clean(remove_unsafe_characters(text))


def clean_title(title: str, path: str, line: int, notes: list[Diagnostic]) -> str:
    """The title on one line, without a leading rating such as `[A+]` (reported as a notice)."""
    title = plain(title)
    rating = _RATING_PREFIX.match(title)
    if rating and title[rating.end() :].strip():
        notes.append(info(path, line, f"took the rating {rating[0].strip()!r} off the start of the title"))
        title = title[rating.end() :].strip()
    return title


def take_marks(name: str) -> tuple[str, str]:
    """A name without the marks written on it, and the first mark as a plain character (`*`, `†`, `‡`, or '')."""
    found: list[str] = []

    def keep(match: re.Match) -> str:
        found.append(_MARK_NAMES.get(match[1] if match.re is _MATH_MARK else match[0][0], "*"))
        return " "

    name = _MATH_MARK.sub(keep, name)
    name = _PLAIN_MARK.sub(keep, name)
    return plain(name), (found[0] if found else "")


def person_names(
    names: list[str], path: str, line: int, notes: list[Diagnostic]
) -> tuple[list[str] | None, bool, dict[str, str]]:
    """Display names in order, whether the list was cut short (`and others`), and the marks taken off names."""
    authors: list[str] = []
    marked: dict[str, str] = {}
    truncated = False
    for raw in names:
        name, mark = take_marks(raw)
        if name.casefold().rstrip() in _TRUNCATION:
            truncated = True
            continue
        if not name:
            continue
        authors.append(name)
        if mark:
            marked.setdefault(name, mark)
    if len(authors) > MAX_AUTHORS:
        notes.append(
            warning(
                path, line, f"the author list names {len(authors)} people: kept the first {MAX_AUTHORS}, then 'et al.'"
            )
        )
        authors, truncated = authors[:MAX_AUTHORS], True
        marked = {name: mark for name, mark in marked.items() if name in set(authors)}
    return (authors or None), truncated, marked


def month_number(text: str) -> int | None:
    """`5`, `05`, `may`, `May`, `{May}`, `mai.` -> 5; None when it names no month."""
    text = text.strip().strip("{}\"'. ").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return MONTHS.index(text[:3]) + 1 if text[:3] in MONTHS else None


def calendar_date(year, month=None, day=None) -> tuple[dt.date, str] | None:
    """The first day of what is known, with its precision (`day`, `month` or `year`); None for no real date.
    A month or day that names no real one is left out (`2018-13` is the year 2018)."""
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        return None
    if not 1000 <= year <= 9999:
        return None
    found = (dt.date(year, 1, 1), "year")
    for precision, parts in (("month", (month, 1)), ("day", (month, day))):
        if parts[-1] in (None, "", 0):
            break
        try:
            found = (dt.date(year, int(parts[0]), int(parts[1])), precision)
        except (TypeError, ValueError, OverflowError):
            break
    return found


def dated(parts: tuple, path: str, line: int, notes: list[Diagnostic]) -> tuple[dt.date, str] | None:
    """`calendar_date` of (year, month, day), with a warning when a part given had to be left out."""
    found = calendar_date(*parts)
    given = sum(1 for part in parts if part not in (None, "", 0))
    if found is not None and given > ("year", "month", "day").index(found[1]) + 1:
        written = "-".join(str(part) for part in parts if part not in (None, "", 0))
        notes.append(warning(path, line, f"the date {written!r} names no real day: kept the {found[1]}"))
    return found


def venue_name(text: str) -> str | None:
    """A venue as written, or None when it only says arXiv (Google Scholar's `arXiv preprint arXiv:...`,
    DBLP's `CoRR`): the arXiv id says that better."""
    text = plain(text)
    return None if not text or _ARXIV_VENUE.match(text) else text


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def iso_date(text: str) -> tuple[dt.date, str] | None:
    """`2023`, `2023-05`, `2023-05-17` (or a timestamp starting so) -> a date and its precision."""
    match = _ISO_DATE.match(text)
    return calendar_date(match[1], match[2], match[3]) if match else None


def doi_field(value: str, path: str, line: int, notes: list[Diagnostic]) -> str | None:
    """A DOI field normalised, or None with a warning when it holds no DOI."""
    if not value.strip():
        return None
    doi = normalise_doi(value)
    if doi is None:
        notes.append(warning(path, line, f"DOI {_shorten(value)} is not a DOI (10.NNNN/...): dropped"))
    return doi


def arxiv_field(value: str, path: str, line: int, notes: list[Diagnostic]) -> str | None:
    """An arXiv id field normalised, or None with a warning when it holds none."""
    if not value.strip():
        return None
    arxiv_id = find_arxiv_id(value)
    if arxiv_id is None:
        notes.append(warning(path, line, f"arXiv id {_shorten(value)} is not an arXiv id: dropped"))
    return arxiv_id


def category_field(value: str, path: str, line: int, notes: list[Diagnostic]) -> str | None:
    """An arXiv category (`cs.LG`, `hep-th`), or None with a warning when the text is not shaped like one."""
    value = plain(value)
    if not value:
        return None
    if not _ARXIV_CATEGORY.match(value) or len(value) > 40:
        notes.append(warning(path, line, f"arXiv category {_shorten(value)} is not an arXiv category: dropped"))
        return None
    return value


def url_field(name: str, value: str, path: str, line: int, notes: list[Diagnostic]) -> str | None:
    """A web address field, or None with a warning naming it when it is not an absolute http(s) URL."""
    if not value.strip():
        return None
    url = web_address(value)
    if url is None:
        notes.append(warning(path, line, f"{name} {_shorten(value)} is not an http(s) address: dropped"))
    return url


def keyword_list(value) -> list[str]:
    """Keywords from `a, b; c` or a list of strings, cleaned, in order, each once (the first spelling kept)."""
    items = value if isinstance(value, list) else _KEYWORD_SEPARATORS.split(value if isinstance(value, str) else "")
    keywords: dict[str, str] = {}
    for item in items:
        keyword = plain(item) if isinstance(item, str) else ""
        if keyword:
            keywords.setdefault(keyword.casefold(), keyword)
    return list(keywords.values())


def _shorten(text: str, limit: int = 60) -> str:
    text = plain(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
