"""Search records from the portfolio model: what each paper, author and collection page is found by.

A record is what Pagefind indexes for one page: its URL (relative to the site root, as MkDocs publishes
it), its text (`content`: a paper's abstract as readable sentences, never LaTeX source), what a result
shows (`meta`: title, authors, year...; Pagefind searches these too, title first), the facets it is
filtered by (`filters`) and its sort keys (`sort`). Records are made from the model, not from the built
HTML, so they cost little and hold exactly the words a visitor reads on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import layout
from generator.index import sort_newest_first
from generator.latex import math_text, plain_latex
from generator.layout import Urls
from generator.model import Author, Collection, Paper, Portfolio, normalise_name
from generator.model.categories import category_label

# The facets the search box offers, in the order it shows them.
FACETS = ("author", "year", "category", "type", "collection")

# A LaTeX command left in the text around formulas (`\emph{scan}`, `50\%`): one argument, or none.
_WORD = re.compile(r"\w")
_PROSE_COMMAND = re.compile(r"\\(?:[A-Za-z]+\*?(?:\s*\{[^{}\\]*\})?|.)", re.DOTALL)


@dataclass(frozen=True)
class SearchRecord:
    """One page as the search index holds it."""

    url: str  # relative to the site root: `papers/x/` (or `papers/x.html` without directory URLs)
    content: str  # the text searched and quoted in excerpts: plain sentences
    meta: dict[str, str] = field(default_factory=dict)  # shown in results, and searched
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values
    sort: dict[str, str] = field(default_factory=dict)  # sort key -> value


def readable(text: str | None) -> str:
    """Untrusted text as plain readable words: formulas as text (`$\\mathcal{O}(1)$` -> `O(1)`), LaTeX commands
    outside formulas as what they stand for (`\\emph{scan}` -> `scan`, `50\\%` -> `50%`), spacing collapsed."""
    plain = plain_latex(text)
    if "\\" in plain:
        plain = _PROSE_COMMAND.sub(lambda match: math_text(match[0]), plain)
    return " ".join(plain.replace("\\", " ").split())


def author_names(paper: Paper) -> str:
    """The paper's authors as one line, `et al.` when the source cut the list short."""
    names = ", ".join(readable(name) for name in paper.authors or [])
    return names + (", et al." if names and paper.authors_truncated else "")


def publication_type(paper: Paper) -> str | None:
    """The paper's publication type (journal article, preprint...) when the model knows it."""
    value = getattr(paper, "pub_type", None)
    value = getattr(value, "value", value)  # an enum's value, or the text itself
    if not value:
        return None
    return readable(str(value).replace("_", " ")) or None


def collection_title(collection: Collection) -> str:
    """A collection's name as its page shows it: `Daily Papers: Jan 6, 2026`."""
    if collection.date is None:
        return readable(collection.title)
    return f"{readable(collection.title)}: {collection.date:%b} {collection.date.day}, {collection.date.year}"


def paper_record(paper: Paper, url: str, profiled: list[str], collections: list[str]) -> SearchRecord:
    """A paper's record; `profiled`: the names of the site's authors who wrote or list it; `collections`:
    the titles of the collections that hold it."""
    title = readable(paper.title)
    meta = {"kind": "paper", "title": title}
    if authors := author_names(paper):
        meta["authors"] = authors
    if paper.date:
        meta["year"] = str(paper.date.year)
    if venue := readable(getattr(paper, "venue", None)):
        meta["venue"] = venue
    if paper.category:
        meta["category"] = category_label(paper.category)
    kind = publication_type(paper)
    if kind:
        meta["type"] = kind
    filters = {
        "author": profiled,
        "year": [meta["year"]] if paper.date else [],
        "category": [meta["category"]] if paper.category else [],
        "type": [kind] if kind else [],
        "collection": collections,
    }
    # Pagefind leaves out a record without a word: a paper without a readable abstract is found by its title, and
    # by its address when the title has no word either.
    content = readable(paper.abstract)
    if not _WORD.search(content):
        content = (
            title if _WORD.search(title) else f"{title} {url.strip('/').rsplit('/', 1)[-1].replace('-', ' ')}".strip()
        )
    return SearchRecord(
        url,
        content,
        meta,
        {k: v for k, v in filters.items() if v},
        {"date": paper.date.isoformat()} if paper.date else {},
    )


def author_record(author: Author, url: str, papers: int) -> SearchRecord:
    """A profiled author's record: found by name, filtered with their papers."""
    name = readable(author.name)
    facts = [category_label(author.category)] if author.category else []
    facts.append(f"{papers} paper{'s' if papers != 1 else ''}")
    if author.h_index is not None:
        facts.append(f"h-index {author.h_index}")
    if author.citations is not None:
        facts.append(f"{author.citations:,} citations")
    details = " · ".join(facts)
    return SearchRecord(
        url, f"{name}: {details}.", {"kind": "author", "title": name, "details": details}, {"author": [name]}
    )


def collection_record(collection: Collection, url: str) -> SearchRecord:
    """A collection's record: found by its name, filtered with its papers."""
    title = collection_title(collection)
    count = len(collection.papers)
    details = f"{count} paper{'s' if count != 1 else ''}"
    return SearchRecord(
        url, f"{title}: {details}.", {"kind": "collection", "title": title, "details": details}, {"collection": [title]}
    )


def portfolio_records(
    portfolio: Portfolio, directory_urls: bool = True, home: str = "index.md", home_author: str | None = None
) -> list[SearchRecord]:
    """Every paper, author and collection page of the site as search records: the papers newest first (undated
    last), then the authors, then the collections. `home_author`: the author whose page is the home page `home`
    (a personal site). In that order a page's number in the index is its place by date, which keeps the index's
    date order small (pagefind_index.py)."""
    urls = Urls(directory_urls)
    profiled = {normalise_name(author.name): author for author in portfolio.authors}
    writers: dict[str, list[str]] = {}  # paper id -> names of the site's authors who wrote or list it
    for author in portfolio.authors:
        for pid in author.papers:
            writers.setdefault(pid, []).append(readable(author.name))
    held: dict[str, list[str]] = {}
    for collection in portfolio.collections:
        for pid in collection.papers:
            held.setdefault(pid, []).append(collection_title(collection))
    records = []
    for paper in sort_newest_first(list(portfolio.papers.values())):
        names = writers.get(paper.id, [])
        for name in paper.authors or []:
            author = profiled.get(normalise_name(name))
            if author is not None:
                names.append(readable(author.name))
        records.append(
            paper_record(
                paper,
                urls.url(layout.paper_page(paper)),
                list(dict.fromkeys(names)),
                list(dict.fromkeys(held.get(paper.id, []))),
            )
        )
    for author in portfolio.authors:
        path = home if author.slug == home_author else layout.author_page(author)
        records.append(author_record(author, urls.url(path), len(author.papers)))
    for collection in portfolio.collections:
        records.append(collection_record(collection, urls.url(layout.collection_page(collection))))
    return records
