"""Stage 2, the model: merge what the readers found into one de-duplicated portfolio."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from generator.model import matching
from generator.diagnostics import info, warning
from generator.model import Author, Collection, Paper, Portfolio, UnmatchedAbstract, normalise_title
from generator.readers import AbstractListDocument, Document, FeedDocument, ProfileDocument, ReadResult
from generator.readers.base import clean
from generator.model.slugs import assign_slugs

_FIELDS_TO_FILL = ("authors", "org", "category", "date", "score", "abstract", "author_count", "upvotes")


def assemble(result: ReadResult, as_of: dt.date, scores_memo: dict | None = None) -> Portfolio:
    """Build the portfolio from read documents; the outcome does not depend on the input order.

    `scores_memo`, a dict kept between builds, holds the last abstract-list scores with a digest of the
    texts they were computed from; the same texts reuse them.
    """
    portfolio, abstract_lists = assemble_unmatched(result, as_of)
    attach_abstract_lists(portfolio, abstract_lists, scores_memo)
    return portfolio


def assemble_unmatched(result: ReadResult, as_of: dt.date) -> tuple[Portfolio, list[AbstractListDocument]]:
    """The portfolio without the abstract lists matched yet, and those lists, for `attach_abstract_lists`:
    matching only adds versions of abstracts, sources and diagnostics, so everything else can go ahead."""
    portfolio = Portfolio(diagnostics=list(result.diagnostics), as_of=as_of)
    documents = sorted(result.documents, key=_document_order)
    papers: dict[str, Paper] = {}  # by normalised title
    authors: dict[str, Author] = {}  # by exact name
    author_papers: dict[str, list[str]] = {}
    collections: list[tuple[Collection, list[str]]] = []
    for document in documents:
        if isinstance(document, ProfileDocument):
            author = _merge_author(authors, document.author)
            keys = author_papers.setdefault(author.name, [])
            for paper in document.papers:
                key = _merge_paper(papers, paper, portfolio)
                if key and key not in keys:
                    keys.append(key)
        elif isinstance(document, FeedDocument):
            keys = [k for k in (_merge_paper(papers, p, portfolio) for p in document.papers) if k]
            collections.append((document.collection, keys))
    paper_ids = assign_slugs(list(papers), {k: p.title for k, p in papers.items()}, fallback="paper")
    for key, paper in papers.items():
        paper.id = paper_ids[key]
        portfolio.papers[paper.id] = paper
    author_slugs = assign_slugs(list(authors), {k: k for k in authors}, fallback="author")
    for name, author in authors.items():
        author.slug = author_slugs[name]
        author.papers = [papers[k].id for k in author_papers[name]]
        portfolio.authors.append(author)
    collection_keys = {
        f"{c.title}|{c.date}|{c.source}": (c, keys) for c, keys in collections
    }
    collection_slugs = assign_slugs(
        list(collection_keys), {k: f"{c.title} {c.date or ''}" for k, (c, _) in collection_keys.items()}, "collection"
    )
    for key, (collection, keys) in collection_keys.items():
        collection.slug = collection_slugs[key]
        collection.papers = list(dict.fromkeys(papers[k].id for k in keys))
        portfolio.collections.append(collection)
    return portfolio, [d for d in documents if isinstance(d, AbstractListDocument)]


def attach_abstract_lists(portfolio: Portfolio, lists: list[AbstractListDocument], scores_memo: dict | None = None) -> None:
    """Match abstract lists to the papers of the best-fitting author (`scores_memo`: see `assemble`)."""
    if lists:
        groups = {author.slug: [pid for pid in author.papers if portfolio.papers[pid].abstract] for author in portfolio.authors}
        texts = {pid: portfolio.papers[pid].abstract for members in groups.values() for pid in members}
        entries = [[e.text for e in d.entries] for d in lists]
        for document, scores in zip(lists, _scores(texts, entries, scores_memo)):
            _attach_abstracts(portfolio, document, groups, scores)


def _scores(texts: dict[str, str], entries: list[list[str]], memo: dict | None) -> list[list[dict[str, float]]]:
    """Each abstract list's scores against the papers' abstracts (from `memo` when the texts are the same)."""
    digest = None
    if memo is not None:
        digest = hashlib.sha256(repr((sorted(texts.items()), entries)).encode("utf-8", "surrogatepass")).hexdigest()
        if memo.get("digest") == digest:
            return memo["scores"]
    index = matching.PaperIndex(texts, [text for group in entries for text in group]) if texts else None
    scores = [index.score(group) if index and group else [] for group in entries]
    if memo is not None:
        memo.update(digest=digest, scores=scores)
    return scores


def _document_order(document: Document) -> tuple:
    kind = 0 if isinstance(document, ProfileDocument) else 1 if isinstance(document, FeedDocument) else 2
    return (kind, document.source.name, document.source.path)


def _merge_author(authors: dict[str, Author], found: Author) -> Author:
    name = unicodedata.normalize("NFC", clean(found.name))
    found.name = name
    if name not in authors:
        authors[name] = found
        return found
    known = authors[name]
    for source in found.sources:
        if source not in known.sources:
            known.sources.append(source)
    for field_name in ("category", "h_index", "paper_count", "citations", "novelty", "ai_score"):
        if getattr(known, field_name) is None:
            setattr(known, field_name, getattr(found, field_name))
    return known


def _merge_paper(papers: dict[str, Paper], paper: Paper, portfolio: Portfolio) -> str | None:
    """Add a paper or merge it into the one with the same normalised title; return that title key."""
    key = normalise_title(paper.title)
    if not key:
        path, line = paper.origin
        portfolio.diagnostics.append(warning(path, line, f"title {paper.title[:60]!r} has no letters or digits: paper skipped"))
        return None
    known = papers.get(key)
    if known is None:
        papers[key] = paper
        return key
    for source in paper.sources:
        if source not in known.sources:
            known.sources.append(source)
    for field_name in _FIELDS_TO_FILL:
        if getattr(known, field_name) is None and getattr(paper, field_name) is not None:
            setattr(known, field_name, getattr(paper, field_name))
            if field_name == "date":
                known.date_inferred = paper.date_inferred
    if known.authors is not None and paper.authors and len(paper.authors) > len(known.authors):
        known.authors, known.authors_truncated = paper.authors, paper.authors_truncated
    known.has_code = known.has_code or paper.has_code
    if paper.abstract and known.abstract and paper.abstract != known.abstract and paper.abstract not in known.other_abstracts:
        known.other_abstracts.append(paper.abstract)
    return key


def _attach_abstracts(portfolio: Portfolio, document: AbstractListDocument, groups, scores) -> None:
    """Match a list's abstracts to the papers of the best-fitting author; keep the rest as unmatched."""
    source = document.source
    entries = [entry.text for entry in document.entries]
    owner = matching.best_group(scores, groups)
    matches = matching.match_entries(scores, groups[owner]) if owner else []
    matched = {m.entry: m for m in matches}
    for position, entry in enumerate(document.entries):
        match = matched.get(position)
        if match is None:
            portfolio.unmatched_abstracts.append(UnmatchedAbstract(source.name, entry.line, entry.text))
            portfolio.diagnostics.append(warning(source.path, entry.line, "abstract matches no paper well enough: kept as unmatched"))
            continue
        paper = portfolio.papers[match.paper]
        if entry.text != paper.abstract and entry.text not in paper.other_abstracts:
            paper.other_abstracts.append(entry.text)
        if source.name not in paper.sources:
            paper.sources.append(source.name)
    if owner:
        author = portfolio.author_by_slug(owner)
        portfolio.diagnostics.append(
            info(source.path, 0, f"{len(matches)} of {len(entries)} abstracts matched papers of {author.name}")
        )
