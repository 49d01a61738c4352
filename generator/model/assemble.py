"""Stage 2, the model: merge what the readers found into one de-duplicated portfolio.

A paper (an author) found in several files becomes one, and nothing any file says is dropped: each
file's values are kept in `source_values`, every name of every author list stays on the paper, and
where files disagree on a value the site shows one chosen by the rules below and a warning names both
files and both values. Which papers are the same is `_identity`'s decision alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generator.diagnostics import Diagnostic, error, info, warning
from generator.layout import COAUTHOR_PAGE_PAPERS
from generator.markup import MATH_RE, MAX_FORMULAS
from generator.model import (
    Author,
    Collection,
    Paper,
    Portfolio,
    UnmatchedAbstract,
    matching,
    normalise_name,
    normalise_title,
)
from generator.model.slugs import assign_slugs
from generator.readers import (
    AbstractListDocument,
    BibliographyDocument,
    Document,
    FeedDocument,
    ProfileDocument,
    ReadResult,
)
from generator.readers.base import clean

# A value as one source gave it: (the value, the paper or author that source gave, the source's record key).
Given = tuple[object, object, str]


def _most_sources(values: list[Given]) -> Given:
    counts = Counter(value for value, _, _ in values)
    most = max(counts.values())
    return next(given for given in values if counts[given[0]] == most)  # ties: the first read


def _largest(values: list[Given]) -> Given:
    return max(values, key=lambda given: given[0])  # ties: the first read (max keeps the first)


def _dated_then_earliest(values: list[Given]) -> Given:
    return min(values, key=lambda given: (given[1].date_inferred, given[0]))


_PRECISION = {"day": 0, "month": 1, "year": 2}


def _date(values: list[Given]) -> Given:
    """Dates of one year: the most precise (a day before a month before a year), one printed with its year
    before an inferred one, then the earliest. Dates of different years (a preprint and its publication): the
    most specific source's (a bibliography before a saved page), then as before."""
    same_year = len({given[0].year for given in values}) == 1

    def key(given: Given):
        value, copy, _ = given
        precision = _PRECISION.get(copy.date_precision, 0)
        return (
            (precision, copy.date_inferred, value) if same_year else (_rank(copy), copy.date_inferred, precision, value)
        )

    return min(values, key=key)


def _most_specific(values: list[Given]) -> Given:
    """The most specific source's value (a bibliography before a saved page), then the value most sources give."""
    best = min(_rank(given[1]) for given in values)
    return _most_sources([given for given in values if _rank(given[1]) == best])


def _rank(paper: Paper) -> int:
    """0 for a copy from a bibliography (BibTeX, CSL-JSON, arXiv, ORCID), 1 for one from a saved page."""
    return 0 if paper.citation_key is not None or paper.doi or paper.arxiv_id or paper.pub_type else 1


# When sources disagree on a value, the one the site shows (README, "Papers and authors found in several
# files"); the others stay in `source_values`. Counts that only grow as time passes take the largest (the
# newer page); a date printed with its year beats an inferred one, then the earliest (a paper's first
# appearance); anything else takes the value most sources give, the first read on a tie. Files are read
# profiles first, then feeds, then abstract lists, each kind by file name.
RuleFn = Callable[[list[Given]], Given]
SPECIFIC = "a bibliography's value before a saved page's, then the value most files give"
PAPER_RULES: dict[str, tuple[RuleFn, str]] = {
    "title": (_most_specific, SPECIFIC),
    "date": (
        _date,
        "the most precise date of the year, one printed with its year before an inferred one, then "
        "the earliest; of different years, a bibliography's before a saved page's",
    ),
    "category": (_most_sources, "the value most files give, then the first read"),
    "org": (_most_sources, "the value most files give, then the first read"),
    "score": (_most_sources, "the value most files give, then the first read"),
    "author_count": (_largest, "the largest"),
    "upvotes": (_largest, "the largest"),
    **dict.fromkeys(
        (
            "doi",
            "arxiv_id",
            "arxiv_category",
            "venue",
            "pub_type",
            "url",
            "pdf",
            "code",
            "html",
            "citation_key",
            "note",
        ),
        (_most_specific, SPECIFIC),
    ),
}
# Disagreements that are common and harmless between a preprint's page and its published record: a notice.
NOTICES = {"title", "date", "venue", "pub_type", "url", "pdf", "citation_key", "note"}
AUTHOR_RULES: dict[str, tuple[RuleFn, str]] = {
    "category": (_most_sources, "the value most files give, then the first read"),
    "h_index": (_largest, "the largest: it only grows"),
    "paper_count": (_largest, "the largest: it only grows"),
    "citations": (_largest, "the largest: it only grows"),
    "novelty": (_most_sources, "the value most files give, then the first read"),
    "ai_score": (_most_sources, "the value most files give, then the first read"),
}
# What a source may give of a paper beyond the fields above, kept in its record.
PAPER_FIELDS = (
    "title",
    "authors",
    "authors_truncated",
    "org",
    "category",
    "date",
    "date_inferred",
    "score",
    "has_code",
    "abstract",
    "author_count",
    "upvotes",
    "date_precision",
    "doi",
    "arxiv_id",
    "arxiv_category",
    "venue",
    "pub_type",
    "url",
    "pdf",
    "code",
    "html",
    "keywords",
    "citation_key",
    "note",
)
LISTED_NAMES = 6  # names quoted from an author list in a warning
# What one field of one source may cost. A paper's text appears on its page and in listings, feeds, citations
# and exports, so a field longer than any real one (titles stay under 300 characters, names under 100,
# abstracts under 5,000) is cut, with a warning, before anything is built from it.
MAX_TITLE, MAX_NAME, MAX_ABSTRACT = 1_000, 200, 20_000


def assemble(result: ReadResult, as_of: dt.date, scores_memo: dict | None = None, organisations=None) -> Portfolio:
    """Build the portfolio from read documents; the outcome does not depend on the input order.

    `scores_memo`, a dict kept between builds, holds the last abstract-list scores with a digest of the
    texts they were computed from; the same texts reuse them.
    """
    portfolio, abstract_lists = assemble_unmatched(result, as_of, organisations)
    attach_abstract_lists(portfolio, abstract_lists, scores_memo)
    return portfolio


def assemble_unmatched(
    result: ReadResult, as_of: dt.date, organisations=None
) -> tuple[Portfolio, list[AbstractListDocument]]:
    """The portfolio without the abstract lists matched yet, and those lists, for `attach_abstract_lists`:
    matching only adds versions of abstracts, sources and diagnostics, so everything else can go ahead.

    `organisations` (generator.settings.SiteSettings, from mkdocs.yml) names the organisations that sources
    spell differently; `result.settings` holds the researchers' settings files.
    """
    portfolio = Portfolio(diagnostics=list(result.diagnostics), as_of=as_of)
    documents = sorted(result.documents, key=_document_order)
    copies = PaperCopies()
    profiles: dict[str, list[Author]] = {}  # by exact name: every profile of an author, in reading order
    author_papers: dict[str, list[str]] = {}
    collections: list[tuple[Collection, list[str]]] = []
    bibliographies: list[tuple[BibliographyDocument, list[str]]] = []
    for document in documents:
        papers_read = getattr(document, "papers", ())
        if organisations is not None:
            for paper in papers_read:
                if paper.org:
                    paper.org = organisations.organisation(paper.org)
        if isinstance(document, ProfileDocument):
            name = _bounded(
                unicodedata.normalize("NFC", clean(document.author.name)),
                MAX_NAME,
                "the name",
                document.author.origin,
                portfolio.diagnostics,
            )
            document.author.name = name
            profiles.setdefault(name, []).append(document.author)
            keys = author_papers.setdefault(name, [])
            for paper in document.papers:
                key = _add_copy(copies, paper, portfolio)
                if key and key not in keys:
                    keys.append(key)
        elif isinstance(document, FeedDocument):
            keys = [k for k in (_add_copy(copies, p, portfolio) for p in document.papers) if k]
            collections.append((document.collection, keys))
        elif isinstance(document, BibliographyDocument):
            keys = [k for k in (_add_copy(copies, p, portfolio) for p in document.papers) if k]
            bibliographies.append((document, list(dict.fromkeys(keys))))
    settings = _settings_authors(result.settings, profiles, bibliographies, portfolio.diagnostics)
    papers = {key: _merge_papers(group, portfolio.diagnostics) for key, group in copies.groups.items()}
    authors = {name: _merge_authors(group, portfolio.diagnostics) for name, group in profiles.items()}
    paper_ids = assign_slugs(list(papers), {k: p.title for k, p in papers.items()}, fallback="paper")
    for key, paper in papers.items():
        paper.id = paper_ids[key]
        portfolio.papers[paper.id] = paper
    author_slugs = assign_slugs(list(authors), {k: k for k in authors}, fallback="author")
    for name, author in authors.items():
        author.slug = author_slugs[name]
        author.settings = settings.get(name)
        author.papers = [papers[k].id for k in author_papers.get(name, [])]
        portfolio.authors.append(author)
    _add_bibliographies(portfolio, bibliographies, papers)
    for author in portfolio.authors:
        if author.settings is not None:
            _apply_settings(portfolio, author)
    _report_long_coauthor_pages(portfolio)
    collection_keys = {f"{c.title}|{c.date}|{c.source}": (c, keys) for c, keys in collections}
    collection_slugs = assign_slugs(
        list(collection_keys), {k: f"{c.title} {c.date or ''}" for k, (c, _) in collection_keys.items()}, "collection"
    )
    for key, (collection, keys) in collection_keys.items():
        collection.slug = collection_slugs[key]
        collection.papers = list(dict.fromkeys(papers[k].id for k in keys))
        portfolio.collections.append(collection)
    return portfolio, [
        _bound_entries(d, portfolio.diagnostics) for d in documents if isinstance(d, AbstractListDocument)
    ]


def _settings_authors(all_settings: list, profiles: dict[str, list[Author]], bibliographies, diagnostics) -> dict:
    """Each settings file's author: a profiled author (by any spelling of their name) or, for a researcher with
    no saved profile page whose settings name their own publication list (`publications:`) or whose ORCID
    works list is among the sources, a new author made from the settings. Settings by author name."""
    by_key: dict[str, str] = {}
    for name in profiles:
        by_key.setdefault(normalise_name(name), name)
    owners = {document.owner.orcid for document, _ in bibliographies if document.owner and document.owner.orcid}
    attached: dict[str, object] = {}
    for item in all_settings:
        name = next((by_key[key] for key in sorted(item.name_keys) if key in by_key), None)
        if name is None and (item.publications or (item.orcid and item.orcid in owners)):
            name = _bounded(
                unicodedata.normalize("NFC", clean(item.display_name)),
                MAX_NAME,
                "the name",
                (item.source, item.line),
                diagnostics,
            )
            profiles[name] = [
                Author(name=name, sources=[item.source], origin=(item.source, item.line), orcid=item.orcid)
            ]
            by_key.setdefault(normalise_name(name), name)
            diagnostics.append(
                info(
                    item.source,
                    item.line,
                    f"{name!r} has no saved profile page: their page is "
                    "made from these settings and their publication list",
                )
            )
        if name is None:
            diagnostics.append(
                warning(
                    item.source,
                    item.line,
                    (
                        f"author: {item.author!r} is no profiled author (and the file names no publication list of theirs): "
                        "these settings are not used"
                    ),
                )
            )
            continue
        if name in attached:
            diagnostics.append(
                error(
                    item.source,
                    item.line,
                    f"author: {name!r} already has a settings file ({attached[name].source}): this one is not used",
                )
            )
            continue
        attached[name] = item
    return attached


def _add_bibliographies(portfolio: Portfolio, bibliographies, papers: dict[str, Paper]) -> None:
    """Put each bibliography's papers on author pages: all of them on the page of the author whose own list it is
    (their settings file names it under `publications:`, or it is the ORCID works list of their ORCID iD);
    otherwise each paper on the page of every profiled author it names (any spelling their settings give)."""
    owners_by_file: dict[str, Author] = {}
    owners_by_orcid: dict[str, Author] = {}
    for author in portfolio.authors:
        settings = author.settings
        if settings is not None:
            for path in settings.publications:
                owners_by_file.setdefault(str(Path(path).resolve()), author)
        orcid = author.orcid or (settings.orcid if settings is not None else None)
        if orcid:
            owners_by_orcid.setdefault(orcid, author)
    by_name: dict[str, Author] = {}
    for author in portfolio.authors:
        for key in sorted(author.name_keys):
            by_name.setdefault(key, author)
    for document, keys in bibliographies:
        owner = owners_by_file.get(str(Path(document.source.path).resolve()))
        if owner is None and document.owner and document.owner.orcid:
            owner = owners_by_orcid.get(document.owner.orcid)
        for key in keys:
            paper = papers[key]
            named = (
                [owner]
                if owner is not None
                else [by_name[k] for k in map(normalise_name, paper.authors or ()) if k in by_name]
            )
            for author in named:
                if paper.id not in author.papers:
                    author.papers.append(paper.id)
        if owner is not None and owner.orcid is None and document.owner and document.owner.orcid:
            owner.orcid = document.owner.orcid


def _apply_settings(portfolio: Portfolio, author: Author) -> None:
    """An author's settings file: their pinned and hidden papers, and its additions to single papers, which win
    over what the sources say (the researcher knows best; the sources' values stay in `source_values`)."""
    from generator.settings import resolve_papers  # the settings stage reads the model: imported where used

    settings = author.settings
    resolved, notes = resolve_papers(settings, {pid: portfolio.papers[pid] for pid in author.papers})
    portfolio.diagnostics.extend(notes)
    author.selected, author.hidden = list(resolved.selected), list(resolved.hidden)
    if settings.orcid and author.orcid is None:
        author.orcid = settings.orcid
    for pid, additions in resolved.additions.items():
        paper = portfolio.papers[pid]
        given = {
            field: value
            for field, value in (
                ("pdf", additions.pdf),
                ("code", additions.code),
                ("html", additions.project),
                ("slides", additions.slides),
                ("video", additions.video),
                ("venue", additions.venue),
                ("pub_type", additions.pub_type),
                ("award", additions.award),
                ("note", additions.note),
            )
            if value is not None
        }
        if not given:
            continue
        if paper.source_values or len(paper.sources) > 1:
            paper.source_values.setdefault(settings.source, {}).update(given)
        else:
            paper.source_values = {
                paper.sources[0] if paper.sources else paper.origin[0]: _paper_record(paper),
                settings.source: dict(given),
            }
        for field, value in given.items():
            before = getattr(paper, field)
            if before is not None and before != value:
                giver = next(
                    (name for name, record in paper.source_values.items() if record.get(field) == before),
                    _where(paper),
                )
                portfolio.diagnostics.append(
                    info(
                        settings.source,
                        settings.line,
                        f"{_title(paper.title)}: the files disagree on the {_label(field)}: {giver} gives "
                        f"{_shown(before)}, {settings.source} gives {_shown(value)}; the site shows {_shown(value)} "
                        "(the researcher's settings file wins)",
                    )
                )
            setattr(paper, field, value)
        if settings.source not in paper.sources:
            paper.sources.append(settings.source)


def attach_abstract_lists(
    portfolio: Portfolio, lists: list[AbstractListDocument], scores_memo: dict | None = None
) -> None:
    """Match abstract lists to the papers of the best-fitting author (`scores_memo`: see `assemble`)."""
    if lists:
        groups = {
            author.slug: [pid for pid in author.papers if portfolio.papers[pid].abstract]
            for author in portfolio.authors
        }
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
    """Bibliographies first (a researcher's own records are the most specific source), then profiles, feeds and
    abstract lists, each kind by file name: the first copy read of a paper is the one others are merged into."""
    kinds = (BibliographyDocument, ProfileDocument, FeedDocument)
    kind = next((n for n, cls in enumerate(kinds) if isinstance(document, cls)), len(kinds))
    return (kind, document.source.name, document.source.path)


class PaperCopies:
    """Every file's copy of every paper, grouped by paper: copies are the same paper when they share a DOI; else,
    when both give an arXiv id, when that is the same; else when their titles are the same, case, punctuation,
    LaTeX markup and spacing ignored (but not symbols that make another word: C++, C#). Two copies whose DOIs (or
    arXiv ids) differ are different papers, whatever their titles: a journal version and its preprint are one
    paper only when one of them names the other's identifier or gives none."""

    def __init__(self):
        self.groups: dict[str, list[Paper]] = {}  # group key -> copies, in reading order
        self.dois: dict[str, str] = {}  # DOI -> group key
        self.arxiv: dict[str, str] = {}  # arXiv id -> group key
        self.titles: dict[str, list[str]] = {}  # normalised title -> group keys
        self.identifiers: dict[str, tuple[set[str], set[str]]] = {}  # group key -> (its DOIs, its arXiv ids)

    def add(self, paper: Paper, title_key: str) -> str:
        """Add a copy; returns the key of its paper's group."""
        key = self._group_of(paper, title_key)
        if key is None:
            key = (
                title_key
                if title_key not in self.groups
                else f"{title_key}|{paper.doi or paper.arxiv_id or len(self.groups)}"
            )
            self.groups[key] = []
            self.identifiers[key] = (set(), set())
            self.titles.setdefault(title_key, []).append(key)
        self.groups[key].append(paper)
        dois, arxiv = self.identifiers[key]
        if paper.doi:
            dois.add(paper.doi)
            self.dois.setdefault(paper.doi, key)
        if paper.arxiv_id:
            arxiv.add(paper.arxiv_id)
            self.arxiv.setdefault(paper.arxiv_id, key)
        if key not in self.titles.get(title_key, []):
            self.titles.setdefault(title_key, []).append(key)
        return key

    def _group_of(self, paper: Paper, title_key: str) -> str | None:
        if paper.doi and paper.doi in self.dois:
            return self.dois[paper.doi]
        if paper.arxiv_id and paper.arxiv_id in self.arxiv and self._compatible(self.arxiv[paper.arxiv_id], paper):
            return self.arxiv[paper.arxiv_id]
        return next((key for key in self.titles.get(title_key, []) if self._compatible(key, paper)), None)

    def _compatible(self, key: str, paper: Paper) -> bool:
        dois, arxiv = self.identifiers[key]
        return not (paper.doi and dois and paper.doi not in dois) and not (
            paper.arxiv_id and arxiv and paper.arxiv_id not in arxiv
        )


def _add_copy(copies: PaperCopies, paper: Paper, portfolio: Portfolio) -> str | None:
    """Add one file's copy of a paper (its fields bounded) to the copies of the same paper; return their key."""
    _bound_paper(paper, portfolio.diagnostics)
    title_key = normalise_title(paper.title)
    if not title_key:
        path, line = paper.origin
        portfolio.diagnostics.append(
            warning(path, line, f"title {paper.title[:60]!r} has no letters or digits: paper skipped")
        )
        return None
    return copies.add(paper, title_key)


def _bounded(text: str, limit: int, what: str, origin: tuple[str, int], diagnostics: list[Diagnostic]) -> str:
    """`text`, or when longer than `limit` characters its start (cut at a space when there is one near) and
    "…", with a warning."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    cut = (cut.rsplit(" ", 1)[0] if " " in cut[-100:] else cut).rstrip() + "…"
    diagnostics.append(warning(*origin, f"{what} is {len(text):,} characters long: cut to {len(cut):,}"))
    return cut


def _bound_paper(paper: Paper, diagnostics: list[Diagnostic]) -> None:
    """Cut what one copy of a paper may cost on the site: its title, names and abstract (see MAX_TITLE...),
    and say when its abstract holds more formulas than are rendered as math (markup.MAX_FORMULAS)."""
    origin = paper.origin
    paper.title = _bounded(paper.title, MAX_TITLE, "the title", origin, diagnostics)
    if paper.org:
        paper.org = _bounded(paper.org, MAX_NAME, "the organisation", origin, diagnostics)
    if paper.authors:
        paper.authors = [_bounded(name, MAX_NAME, "an author's name", origin, diagnostics) for name in paper.authors]
    if paper.abstract:
        paper.abstract = _bounded(paper.abstract, MAX_ABSTRACT, "the abstract", origin, diagnostics)
        _count_formulas(paper.abstract, origin, diagnostics)


def _count_formulas(text: str, origin: tuple[str, int], diagnostics: list[Diagnostic]) -> None:
    if "$" in text and (count := sum(1 for _ in MATH_RE.finditer(text))) > MAX_FORMULAS:
        diagnostics.append(
            warning(
                *origin,
                f"the abstract holds {count:,} formulas: the first {MAX_FORMULAS} are "
                "shown as math, the others as their TeX text",
            )
        )


def _bound_entries(document: AbstractListDocument, diagnostics: list[Diagnostic]) -> AbstractListDocument:
    """An abstract list whose entries are cut like a paper's abstract (see `_bound_paper`)."""
    path = document.source.path
    entries = []
    for entry in document.entries:
        text = _bounded(entry.text, MAX_ABSTRACT, "the abstract", (path, entry.line), diagnostics)
        _count_formulas(text, (path, entry.line), diagnostics)
        entries.append(entry if text is entry.text else dataclasses.replace(entry, text=text))
    document.entries = entries
    return document


def _report_long_coauthor_pages(portfolio: Portfolio) -> None:
    """Warn, at the first paper naming them, about each co-author on more papers than their page lists."""
    profiled = {normalise_name(author.name) for author in portfolio.authors}  # their author page lists everything
    counts: Counter = Counter()
    first: dict[str, tuple[str, Paper]] = {}
    for paper in portfolio.papers.values():
        names: dict[str, str] = {}
        for name in paper.authors or ():
            names.setdefault(normalise_name(name), name)
        counts.update(names.keys())
        for key, name in names.items():
            first.setdefault(key, (name, paper))
    for key, count in counts.items():
        if count > COAUTHOR_PAGE_PAPERS and key not in profiled:
            name, paper = first[key]
            portfolio.diagnostics.append(
                warning(
                    *paper.origin,
                    (
                        f"{name!r} is a co-author of {count:,} papers: their co-author page lists the newest "
                        f"{COAUTHOR_PAGE_PAPERS} (every paper keeps its own page)"
                    ),
                )
            )


def _record_key(records: dict, item: Paper | Author) -> str:
    """The key of one copy's record: its source name (with the line, when one file gives it twice)."""
    name = item.sources[0] if item.sources else item.origin[0]
    return name if name not in records else f"{name}:{item.origin[1]}"


def _paper_record(paper: Paper) -> dict:
    """What one file gave of a paper."""
    record = {name: getattr(paper, name) for name in PAPER_FIELDS if getattr(paper, name) is not None}
    if paper.authors is None:
        record.pop("authors_truncated")
    if paper.date is None:
        record.pop("date_inferred")
    if not paper.has_code:
        record.pop("has_code")
    if paper.authors is not None:
        record["authors"] = list(paper.authors)
    if paper.date is None or paper.date_precision == "day":
        record.pop("date_precision", None)
    if not paper.keywords:
        record.pop("keywords", None)
    else:
        record["keywords"] = list(paper.keywords)
    return record


def _merge_papers(group: list[Paper], diagnostics: list[Diagnostic]) -> Paper:
    """One paper of all its copies: the first copy, with every source, every author and every abstract, and
    each disagreeing value chosen by PAPER_RULES (each disagreement a warning naming both files)."""
    paper = group[0]
    if len(group) == 1:
        return paper
    records: dict[str, dict] = {}
    keys = []
    for copy in group:
        keys.append(_record_key(records, copy))
        records[keys[-1]] = _paper_record(copy)
    for copy in group[1:]:
        paper.sources.extend(source for source in copy.sources if source not in paper.sources)
        for text in (copy.abstract, *copy.other_abstracts):
            if text and paper.abstract is None:
                paper.abstract = text
            elif text and text != paper.abstract and text not in paper.other_abstracts:
                paper.other_abstracts.append(text)
    subject = paper.title
    for name, (rule, why) in PAPER_RULES.items():
        values = [(getattr(copy, name), copy, key) for copy, key in zip(group, keys) if getattr(copy, name) is not None]
        if values:
            chosen = _choose(values, rule, why, name, subject, diagnostics, notice=name in NOTICES)
            setattr(paper, name, chosen[0])
            if name == "date":
                paper.date_inferred, paper.date_precision = chosen[1].date_inferred, chosen[1].date_precision
    paper.keywords = list(dict.fromkeys(word for copy in group for word in copy.keywords))
    for copy in group[1:]:
        for name, mark in copy.authors_marked.items():
            paper.authors_marked.setdefault(name, mark)
    paper.has_code = any(copy.has_code for copy in group)
    _merge_author_lists(paper, group, diagnostics)
    paper.source_values = records
    return paper


def _merge_author_lists(paper: Paper, group: list[Paper], diagnostics: list[Diagnostic]) -> None:
    """Every name any copy gives, in the order of the longest list, then the names only others give; a
    complete list (no "et al.") that lacks a name another copy gives is a disagreement worth a warning."""
    lists = [copy for copy in group if copy.authors is not None]
    if not lists:
        return
    longest = max(lists, key=lambda copy: len(copy.authors))  # the first read on a tie
    names = {normalise_name(name): name for name in longest.authors}
    for copy in lists:
        for name in copy.authors:
            names.setdefault(normalise_name(name), name)
    paper.authors = list(names.values())
    complete = [copy for copy in lists if not copy.authors_truncated]
    covered = [copy for copy in complete if len({normalise_name(n) for n in copy.authors}) == len(names)]
    paper.authors_truncated = not covered and any(copy.authors_truncated for copy in lists)
    lacking = [copy for copy in complete if copy not in covered]
    if lacking:
        short = lacking[0]
        other = next(
            copy
            for copy in lists
            if copy is not short
            and {normalise_name(n) for n in copy.authors} - {normalise_name(n) for n in short.authors}
        )
        missing = [
            name for name in other.authors if normalise_name(name) not in {normalise_name(n) for n in short.authors}
        ]
        path, line = short.origin
        diagnostics.append(
            warning(
                path,
                line,
                (
                    f"{_title(paper.title)}: the author lists differ: {_where(short)} gives {_names(short.authors)}, "
                    f"{_where(other)} also names {_names(missing)}; the paper lists every name ({len(paper.authors)})"
                ),
            )
        )


def _merge_authors(group: list[Author], diagnostics: list[Diagnostic]) -> Author:
    """One author of all their profiles: the first, with every source and each disagreeing value chosen by
    AUTHOR_RULES (each disagreement a warning naming both files)."""
    author = group[0]
    if len(group) == 1:
        return author
    records: dict[str, dict] = {}
    keys = []
    for copy in group:
        keys.append(_record_key(records, copy))
        records[keys[-1]] = {
            name: getattr(copy, name) for name in ("name", *AUTHOR_RULES) if getattr(copy, name) is not None
        }
    for copy in group[1:]:
        author.sources.extend(source for source in copy.sources if source not in author.sources)
    for name, (rule, why) in AUTHOR_RULES.items():
        values = [(getattr(copy, name), copy, key) for copy, key in zip(group, keys) if getattr(copy, name) is not None]
        if values:
            setattr(author, name, _choose(values, rule, why, name, author.name, diagnostics)[0])
    author.source_values = records
    return author


def _choose(
    values: list[Given],
    rule: RuleFn,
    why: str,
    name: str,
    subject: str,
    diagnostics: list[Diagnostic],
    notice: bool = False,
) -> Given:
    """The value `rule` picks; when the files disagree, a warning (a notice for NOTICES) at the first file whose
    value lost, naming it and the file whose value won, with both values."""
    chosen = rule(values)
    lost = next((given for given in values if not _agree(name, given, chosen)), None)
    if lost is not None:
        # a notice between a bibliography and a saved page (a preprint and its published version); else a warning
        notice = notice and isinstance(lost[1], Paper) and {_rank(lost[1]), _rank(chosen[1])} == {0, 1}
        path, line = lost[1].origin
        diagnostics.append(
            (info if notice else warning)(
                path,
                line,
                (
                    f"{_title(subject)}: the files disagree on the {_label(name)}: {_where(lost[1])} gives "
                    f"{_shown(lost[0])}, {_where(chosen[1])} gives {_shown(chosen[0])}; the site shows "
                    f"{_shown(chosen[0])} ({why})"
                ),
            )
        )
    return chosen


def _label(name: str) -> str:
    """A field's name as a message says it."""
    label = name.replace("_", " ").replace("h index", "h-index").replace("ai score", "AI score")
    return {
        "doi": "DOI",
        "arxiv id": "arXiv id",
        "arxiv category": "arXiv category",
        "pub type": "type",
        "url": "link",
        "pdf": "PDF",
        "html": "project page",
        "citation key": "citation key",
    }.get(label, label)


def _agree(name: str, one: Given, other: Given) -> bool:
    """Values that are the same as sources write them: equal, a title in another case or punctuation, a date
    that is the same at the lesser precision of the two (`2024` and `2024-03-05`)."""
    if one[0] == other[0]:
        return True
    if name == "title":
        return normalise_title(str(one[0])) == normalise_title(str(other[0]))
    if name == "date":
        coarsest = max(_PRECISION.get(one[1].date_precision, 0), _PRECISION.get(other[1].date_precision, 0))
        parts = lambda d: (d.year, d.month, d.day)[: 3 - coarsest]
        return parts(one[0]) == parts(other[0])
    return False


def _where(item: Paper | Author) -> str:
    path, line = item.origin
    return f"{path}:{line}" if line else path


def _title(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else repr(value)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED_NAMES]) + (
        f" and {len(names) - LISTED_NAMES} more" if len(names) > LISTED_NAMES else ""
    )
    return repr(shown)


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
            portfolio.diagnostics.append(
                warning(source.path, entry.line, "abstract matches no paper well enough: kept as unmatched")
            )
            continue
        paper = portfolio.papers[match.paper]
        if entry.text != paper.abstract and entry.text not in paper.other_abstracts:
            paper.other_abstracts.append(entry.text)
        if source.name not in paper.sources:
            if not paper.source_values:  # the paper's one source until now: its values are the paper's own
                paper.source_values[paper.sources[0]] = _paper_record(paper)
            paper.sources.append(source.name)
            paper.source_values[source.name] = {"abstract": entry.text}
    if owner:
        author = portfolio.author_by_slug(owner)
        portfolio.diagnostics.append(
            info(source.path, 0, f"{len(matches)} of {len(entries)} abstracts matched papers of {author.name}")
        )
