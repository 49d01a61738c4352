"""A printable CV of a profiled author, and the same as a JSON Resume (https://jsonresume.org/schema).

What a source file does not hold (affiliation, links, a summary, the papers to put first) comes from an
optional settings mapping. The site makes it from the author's settings file with `settings_mapping`: name,
affiliation, homepage (`url`), the bio as plain text (`summary`), ORCID and links, selected papers. `label`
and `email` are read when a mapping gives them; settings files have no such keys yet. The keys:

    name: Display name              # instead of the profile's
    label: Associate Professor      # a line under the name
    affiliation: Some University
    email: someone@example.org
    url: https://example.org/       # homepage
    summary: One or two sentences.
    links: [{label: Scholar, url: https://...}]   # or {Scholar: https://...}
    selected_papers: [paper id or exact title, ...]

Only http(s) addresses are kept; anything that is not text is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.exports.cite import plain_citation
from generator.index import UNDATED, sort_newest_first, year_key
from generator.latex import plain_latex
from generator.model import Author, Paper, Portfolio, normalise_title
from generator.model.categories import category_id, category_label

SELECTED_COUNT = 5
JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_HTTP = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")

PaperUrl = Callable[[Paper], "str | None"]


def web_address(value) -> str | None:
    """The value when it is an http(s) address without spaces, else None."""
    return value if isinstance(value, str) and _HTTP.match(value) else None


def _text(settings: Mapping, key: str) -> str | None:
    value = settings.get(key)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


@dataclass(frozen=True)
class CvLink:
    label: str
    url: str


@dataclass(frozen=True)
class CvEntry:
    """One paper in the CV: the paper and its citation (APA-like plain text)."""

    paper: Paper
    citation: str


@dataclass(frozen=True)
class CvData:
    """Everything the printable CV shows, in order."""

    name: str
    label: str | None
    affiliation: str | None
    email: str | None
    url: str | None
    summary: str | None
    field: str | None
    links: list[CvLink]
    metrics: list[tuple[str, str]]  # (label, value as shown)
    selected: list[CvEntry]
    by_year: list[tuple[str, list[CvEntry]]]  # ("2025", entries newest first); "Undated" last


def _links(settings: Mapping) -> list[CvLink]:
    raw = settings.get("links")
    pairs = (
        raw.items()
        if isinstance(raw, Mapping)
        else (
            ((item.get("label") or item.get("network"), item.get("url")) for item in raw if isinstance(item, Mapping))
            if isinstance(raw, list)
            else ()
        )
    )
    links = []
    for label, url in pairs:
        if isinstance(label, str) and label.strip() and web_address(url):
            links.append(CvLink(" ".join(label.split()), url))
    return links


def selected_papers(
    author: Author, portfolio: Portfolio, settings: Mapping | None = None, count: int = SELECTED_COUNT
) -> list[Paper]:
    """The papers to put first: those the settings name (by id or title), else the `count` with the best
    score, newest first among equals."""
    papers = [portfolio.papers[pid] for pid in dict.fromkeys(author.papers)]
    wanted = (settings or {}).get("selected_papers")
    if isinstance(wanted, list) and wanted:
        by_id = {p.id: p for p in papers}
        by_title = {p.key: p for p in papers}
        chosen = []
        for item in wanted:
            if isinstance(item, str):
                paper = by_id.get(item) or by_title.get(normalise_title(item))
                if paper and paper not in chosen:
                    chosen.append(paper)
        return chosen
    scored = [p for p in papers if p.score is not None]
    newest = {p.id: i for i, p in enumerate(sort_newest_first(scored))}
    return sorted(scored, key=lambda p: (-p.score, newest[p.id]))[:count]


def settings_mapping(author: Author) -> dict:
    """What an author's settings file (generator.settings.AuthorSettings) says, as the mapping `cv_data` reads:
    name, affiliation, homepage, bio (as plain text), ORCID and links, selected papers. Empty without one."""
    settings = author.settings
    if settings is None:
        return {}
    links = [{"label": "ORCID", "url": settings.orcid_url}] if settings.orcid_url else []
    links += [{"label": link.label, "url": link.url} for link in settings.links]
    bio = settings.bio_html
    return {
        "name": settings.display_name,
        "affiliation": settings.affiliation,
        "url": settings.homepage,
        "summary": bio.striptags() if bio else None,
        "links": links,
        "selected_papers": list(author.selected),
    }


def cv_data(
    author: Author, portfolio: Portfolio, settings: Mapping | None = None, paper_url: PaperUrl | None = None
) -> CvData:
    """The CV of a profiled author: settings first, then what the profile says."""
    settings = settings if isinstance(settings, Mapping) else {}
    url_of = paper_url or (lambda paper: None)

    def entry(paper: Paper) -> CvEntry:
        address = web_address(url_of(paper))
        return CvEntry(paper, plain_citation(paper, category_id(paper.category) if paper.category else None, address))

    papers = sort_newest_first([portfolio.papers[pid] for pid in dict.fromkeys(author.papers)])
    by_year: dict[str, list[CvEntry]] = {}
    for paper in papers:
        by_year.setdefault(year_key(paper), []).append(entry(paper))
    count = author.paper_count if author.paper_count is not None else len(papers)
    metrics = [
        (label, value)
        for label, value in (
            ("h-index", _number(author.h_index)),
            ("Citations", _number(author.citations)),
            ("Papers", _number(count)),
            ("Novelty", f"{author.novelty}%" if author.novelty is not None else None),
            ("AI score", _number(author.ai_score)),
        )
        if value is not None
    ]
    email = _text(settings, "email")
    return CvData(
        name=_text(settings, "name") or author.name,
        label=_text(settings, "label"),
        affiliation=_text(settings, "affiliation"),
        email=email if email and _EMAIL.match(email) else None,
        url=web_address(settings.get("url")),
        summary=_text(settings, "summary"),
        field=category_label(author.category) if author.category else None,
        links=_links(settings),
        metrics=metrics,
        selected=[entry(p) for p in selected_papers(author, portfolio, settings)],
        by_year=[("Undated" if year == UNDATED else year, entries) for year, entries in by_year.items()],
    )


def _number(value: int | None) -> str | None:
    return f"{value:,}" if value is not None else None


def json_resume(
    author: Author, portfolio: Portfolio, settings: Mapping | None = None, paper_url: PaperUrl | None = None
) -> dict:
    """The author as a JSON Resume document (schema in schemas/json-resume.schema.json): basics from the
    settings and the profile, every paper under `publications` (newest first), fields as `skills`."""
    cv = cv_data(author, portfolio, settings, paper_url)
    basics: dict = {"name": cv.name}
    if cv.label or cv.field:
        basics["label"] = cv.label or cv.field
    for key in ("email", "url", "summary"):
        if getattr(cv, key):
            basics[key] = getattr(cv, key)
    if cv.links:
        basics["profiles"] = [{"network": link.label, "url": link.url} for link in cv.links]
    resume: dict = {"$schema": JSON_RESUME_SCHEMA, "basics": basics}
    if cv.affiliation:
        resume["work"] = [{"name": cv.affiliation, "position": cv.label or "Researcher"}]
    publications = []
    url_of = paper_url or (lambda paper: None)
    for _, entries in cv.by_year:
        for item in entries:
            paper = item.paper
            publication = {"name": " ".join(plain_latex(paper.title).split())}
            code = category_id(paper.category) if paper.category else None
            publication["publisher"] = f"arXiv ({code})" if code else "Preprint"
            if paper.date:
                # at the precision the source gives: `2023` or `2023-05`, never an invented first of the month
                length = {"year": 4, "month": 7}.get(paper.date_precision, 10)
                publication["releaseDate"] = paper.date.isoformat()[:length]
            if address := web_address(url_of(paper)):
                publication["url"] = address
            if paper.abstract:
                publication["summary"] = " ".join(plain_latex(paper.abstract).split())
            publications.append(publication)
    resume["publications"] = publications
    fields: dict[str, int] = {}
    for paper in portfolio.papers_of(author):
        if paper.category:
            fields[paper.category] = fields.get(paper.category, 0) + 1
    if fields:
        resume["skills"] = [
            {"name": category_label(code), "keywords": [category_id(code) or code]}
            for code in sorted(fields, key=lambda c: (-fields[c], c))
        ]
    resume["meta"] = {"version": "v1.0.0"}
    if portfolio.as_of:
        resume["meta"]["lastModified"] = portfolio.as_of.isoformat()
    return resume
