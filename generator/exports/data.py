"""The portfolio as plain data: the JSON document of `portfolio parse --json` and `site/api/`."""

from __future__ import annotations

import datetime as dt

from generator.layout import author_photo
from generator.model import Author, Collection, Paper, Portfolio

# 2: papers gained the bibliographic fields (doi, arxiv_id, venue, pub_type, links, ...), the links and award an
# author's settings add (slides, video, award); authors an orcid and what their settings file says (`profile`).
SCHEMA_VERSION = 2


def source_values_data(source_values: dict[str, dict]) -> dict[str, dict]:
    """What each source gave, as JSON-ready data (dates as YYYY-MM-DD)."""
    return {
        source: {name: value.isoformat() if isinstance(value, dt.date) else value for name, value in values.items()}
        for source, values in source_values.items()
    }


def author_data(author: Author) -> dict:
    """One author as JSON-ready data."""
    return {
        "name": author.name,
        "slug": author.slug,
        "category": author.category,
        "h_index": author.h_index,
        "paper_count": author.paper_count,
        "citations": author.citations,
        "novelty": author.novelty,
        "ai_score": author.ai_score,
        "papers": list(author.papers),
        "sources": list(author.sources),
        "source_values": source_values_data(author.source_values),
        "orcid": author.orcid,
        "profile": profile_data(author),
        "selected": list(author.selected),
        "hidden": list(author.hidden),
    }


def profile_data(author: Author) -> dict | None:
    """What an author's settings file says of who they are (None without one); their photo by its file name."""
    settings = author.settings
    if settings is None:
        return None
    return {
        "name": settings.display_name,
        "variants": list(settings.variants),
        "homepage": settings.homepage,
        "affiliation": settings.affiliation,
        "bio": settings.bio,
        "orcid_url": settings.orcid_url,
        "links": [{"kind": link.kind, "label": link.label, "url": link.url} for link in settings.links],
        "photo": author_photo(author, settings.photo.extension) if settings.photo else None,
        "same_as": settings.same_as,
    }


def paper_data(paper: Paper) -> dict:
    """One paper as JSON-ready data."""
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors) if paper.authors is not None else None,
        "authors_truncated": paper.authors_truncated,
        "org": paper.org,
        "category": paper.category,
        "date": paper.date.isoformat() if paper.date else None,
        "date_inferred": paper.date_inferred,
        "score": paper.score,
        "has_code": paper.has_code,
        "abstract": paper.abstract,
        "other_abstracts": list(paper.other_abstracts),
        "author_count": paper.author_count,
        "upvotes": paper.upvotes,
        "sources": list(paper.sources),
        "source_values": source_values_data(paper.source_values),
        "date_precision": paper.date_precision if paper.date else None,
        "doi": paper.doi,
        "arxiv_id": paper.arxiv_id,
        "arxiv_category": paper.arxiv_category,
        "venue": paper.venue,
        "pub_type": paper.pub_type,
        "url": paper.url,
        "pdf": paper.pdf,
        "code": paper.code,
        "html": paper.html,
        "keywords": list(paper.keywords),
        "citation_key": paper.citation_key,
        "note": paper.note,
        "authors_marked": dict(paper.authors_marked),
        "slides": paper.slides,
        "video": paper.video,
        "award": paper.award,
    }


def collection_data(collection: Collection) -> dict:
    """One collection as JSON-ready data."""
    return {
        "title": collection.title,
        "slug": collection.slug,
        "date": collection.date.isoformat() if collection.date else None,
        "papers": list(collection.papers),
        "source": collection.source,
    }


def portfolio_data(portfolio: Portfolio, diagnostics: bool = True) -> dict:
    """The whole portfolio as JSON-ready data, in a stable order."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "as_of": portfolio.as_of.isoformat() if portfolio.as_of else None,
        "authors": [author_data(a) for a in portfolio.authors],
        "papers": [paper_data(p) for p in portfolio.papers.values()],
        "collections": [collection_data(c) for c in portfolio.collections],
        "unmatched_abstracts": [
            {"source": u.source, "line": u.line, "text": u.text} for u in portfolio.unmatched_abstracts
        ],
    }
    if diagnostics:
        data["diagnostics"] = [d.as_dict() for d in portfolio.diagnostics]
    return data
