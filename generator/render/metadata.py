"""Page metadata for machines: schema.org JSON-LD for each page.

The builders return plain data that the renderer stores in the page's front matter (`portfolio.jsonld`);
the theme prints it with Jinja's `tojson`, which escapes `<`, `>`, `&` and `'` so that no text can end
the <script> element. Links are whatever the page context gives (`p.address(...)`):
absolute under `site_url`, otherwise relative to the page, which JSON-LD resolves against the page.
"""

from __future__ import annotations

from generator.model import Author, Paper
from generator.model.categories import category_id, category_name
from generator.render.environment import arxiv_url, doi_url

SCHEMA_ORG = "https://schema.org"
HEADLINE_LENGTH = 110  # what search engines show of an article's headline
# A topic page of thousands of papers would carry hundreds of kilobytes of JSON-LD in its <head>: the
# newest this many stand for the rest (the page itself lists them all).
COLLECTION_PARTS = 50


def newest_date(papers: list[Paper]) -> str | None:
    """The newest date among the papers (ISO), or None when none is dated: a page's last change."""
    dates = [paper.date for paper in papers if paper.date]
    return max(dates).isoformat() if dates else None


def _person(name: str, p) -> dict:
    person = {"@type": "Person", "name": name}
    if (author := p.site.author_of_name(name)) is not None:
        person["url"] = p.address(p.author(author))
    return person


def _about(code: str) -> dict:
    thing = {"@type": "Thing", "name": category_name(code)}
    if full := category_id(code):
        thing["identifier"] = full
    return thing


def _headline(title: str) -> str:
    if len(title) <= HEADLINE_LENGTH:
        return title
    return title[: HEADLINE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def paper_reference(paper: Paper, p) -> dict:
    """A short `ScholarlyArticle` pointing at a paper's page, for lists of works."""
    reference = {"@type": "ScholarlyArticle", "name": paper.title, "url": p.address(p.paper(paper))}
    if paper.date:
        reference["datePublished"] = paper.date.isoformat()
    return reference


def paper_jsonld(paper: Paper, p, abstract: str | None) -> dict:
    """A paper page: `ScholarlyArticle` with its authors as `Person`, date, abstract and category."""
    data = {
        "@context": SCHEMA_ORG,
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": _headline(paper.title),
    }
    if p.options.site_url:
        data["url"] = p.address(p.paper(paper))
    if paper.authors:
        data["author"] = [_person(name, p) for name in paper.authors]
    if paper.date:
        data["datePublished"] = paper.date.isoformat()
    if abstract:
        data["abstract"] = abstract
    if paper.category:
        data["about"] = _about(paper.category)
    if paper.org:
        data["sourceOrganization"] = {"@type": "Organization", "name": paper.org}
    identifiers = []
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    if paper.arxiv_id:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv_id})
    if identifiers:
        data["identifier"] = identifiers
    same_as = [
        url
        for url in (
            doi_url(paper.doi) if paper.doi else None,
            arxiv_url(paper.arxiv_id) if paper.arxiv_id else None,
            paper.url,
        )
        if url
    ]
    if same_as:
        data["sameAs"] = list(dict.fromkeys(same_as))
    if paper.venue:
        kind = {"article": "Periodical", "conference": "Event"}.get(paper.pub_type, "CreativeWork")
        data["isPartOf"] = {"@type": kind, "name": paper.venue}
    if paper.pdf:
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": paper.pdf}
    return data


def author_jsonld(author: Author, papers: list[Paper], p, categories: list[str]) -> dict:
    """An author page: `Person` with their works (the articles whose `author` they are; the newest
    COLLECTION_PARTS of them, as the page lists them newest first)."""
    settings = author.settings
    data = {"@context": SCHEMA_ORG, "@type": "Person", "name": settings.display_name if settings else author.name}
    if settings is not None:
        if settings.same_as:
            data["sameAs"] = list(settings.same_as)
        if settings.affiliation:
            data["affiliation"] = {"@type": "Organization", "name": settings.affiliation}
        if settings.variants:
            data["alternateName"] = list(settings.variants)
    orcid = author.orcid or (settings.orcid if settings else None)
    if orcid:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "ORCID", "value": orcid}
    if p.options.site_url:
        data["url"] = p.address(p.author(author))
    if categories:
        data["knowsAbout"] = [_about(code) for code in categories]
    if papers:
        data["@reverse"] = {"author": [paper_reference(paper, p) for paper in papers[:COLLECTION_PARTS]]}
    return data


def website_jsonld(name: str, p) -> dict:
    """The home page: `WebSite`."""
    data = {"@context": SCHEMA_ORG, "@type": "WebSite", "name": name}
    if p.options.site_url:
        data["url"] = p.options.site_url
    return data


def collection_page_jsonld(name: str, papers: list[Paper], p) -> dict:
    """An index, topic or collection page: `CollectionPage` with the papers it lists (the first
    COLLECTION_PARTS of them: pages list their papers newest first)."""
    data = {"@context": SCHEMA_ORG, "@type": "CollectionPage", "name": name}
    if p.options.site_url:
        data["url"] = p.address(p.link(p.here))
    if papers:
        data["hasPart"] = [paper_reference(paper, p) for paper in papers[:COLLECTION_PARTS]]
    return data
