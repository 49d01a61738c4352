"""Stage 3, the indexes: who is profiled, and papers by category, year, organisation and co-author."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.model import Author, Paper, Portfolio, normalise_name
from generator.model.categories import category_label
from generator.model.citekeys import assign_bibtex_keys
from generator.model.slugs import assign_slugs

UNDATED = "undated"


@dataclass
class IndexEntry:
    """One entry of an index (a category, a year, an organisation or a person) and its papers."""

    kind: str  # "category", "year", "org" or "coauthor"
    key: str
    label: str
    slug: str
    papers: list[str] = field(default_factory=list)  # ids, newest first
    author: Author | None = None  # for a co-author who is also profiled


@dataclass
class SiteIndex:
    """Everything the pages need to link to each other."""

    portfolio: Portfolio
    profiled: dict[str, Author]  # normalised name -> author
    categories: dict[str, IndexEntry]
    years: dict[str, IndexEntry]
    orgs: dict[str, IndexEntry]
    coauthors: dict[str, IndexEntry]  # by normalised name
    listed_by: dict[str, list[Author]]  # paper id -> profiled authors who list it
    collected_in: dict[str, list]  # paper id -> collections that hold it
    _bibtex_keys: dict[str, str] | None = None

    @property
    def bibtex_keys(self) -> dict[str, str]:
        """Paper id -> its BibTeX key, unique across the site (made when first asked for)."""
        if self._bibtex_keys is None:
            self._bibtex_keys = assign_bibtex_keys(list(self.portfolio.papers.values()))
        return self._bibtex_keys

    def newest_first(self, ids) -> list[Paper]:
        """Papers newest first, undated last, ties by title."""
        return sort_newest_first([self.portfolio.papers[i] for i in ids])

    def author_of_name(self, name: str) -> Author | None:
        return self.profiled.get(normalise_name(name))

    def coauthor_entries(self, paper: Paper) -> list[IndexEntry]:
        """The co-author index entries of a paper's authors, in author order."""
        keys = dict.fromkeys(normalise_name(name) for name in paper.authors or [])
        return [self.coauthors[key] for key in keys if key in self.coauthors]


def sort_newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest first, undated papers last; ties broken by title and id so the order is stable."""
    dated = sorted((p for p in papers if p.date), key=lambda p: (-p.date.toordinal(), p.title.casefold(), p.id))
    undated = sorted((p for p in papers if not p.date), key=lambda p: (p.title.casefold(), p.id))
    return dated + undated


def year_key(paper: Paper) -> str:
    """The year index a paper belongs to: its year, or `undated`."""
    return str(paper.date.year) if paper.date else UNDATED


def build_index(portfolio: Portfolio) -> SiteIndex:
    """Build every index of the site from the model."""
    papers = sort_newest_first(list(portfolio.papers.values()))  # so every group is in this order too
    profiled = {normalise_name(a.name): a for a in portfolio.authors}
    for author in portfolio.authors:  # the spellings their settings file gives (`D. Fu`, `Fu, D.`) are theirs too
        for key in sorted(author.name_keys):
            profiled.setdefault(key, author)
    categories = _group(
        papers, "category", lambda p: [p.category] if p.category else [], label=category_label, slug=None
    )
    years = _group(
        papers, "year", lambda p: [year_key(p)], label=lambda y: "Undated" if y == UNDATED else y, slug=lambda y: y
    )
    orgs = _group(papers, "org", lambda p: [p.org] if p.org else [], label=str, slug=None)
    coauthors = _group(
        papers,
        "coauthor",
        lambda p: [normalise_name(n) for n in p.authors or []],
        label=None,
        slug=None,
        display=_display_names(papers),
    )
    for key, entry in coauthors.items():
        entry.author = profiled.get(key)
    listed_by: dict[str, list[Author]] = {}
    for author in portfolio.authors:
        for pid in author.papers:
            listed_by.setdefault(pid, []).append(author)
    collected_in: dict[str, list] = {}
    for collection in portfolio.collections:
        for pid in collection.papers:
            collected_in.setdefault(pid, []).append(collection)
    return SiteIndex(portfolio, profiled, categories, years, orgs, coauthors, listed_by, collected_in)


def _display_names(papers: list[Paper]) -> dict[str, str]:
    """For each normalised name, the spelling seen most often (ties: the first in sort order)."""
    spellings: dict[str, Counter] = {}
    for paper in papers:
        for name in paper.authors or []:
            spellings.setdefault(normalise_name(name), Counter())[name] += 1
    return {key: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for key, c in spellings.items()}


def _group(papers, kind, keys_of, label, slug, display=None) -> dict[str, IndexEntry]:
    """Entries of papers grouped by key; `papers` come newest first, and so does every entry's list."""
    members: dict[str, list[Paper]] = {}
    for paper in papers:
        for key in dict.fromkeys(keys_of(paper)):
            if key:
                members.setdefault(key, []).append(paper)
    labels = {key: (display[key] if display else label(key)) for key in members}
    slugs = {key: slug(key) for key in members} if slug else assign_slugs(list(members), labels, fallback=kind)
    entries = {
        key: IndexEntry(kind, key, labels[key], slugs[key], [p.id for p in group]) for key, group in members.items()
    }
    return dict(sorted(entries.items(), key=lambda kv: (kv[1].label.casefold(), kv[0])))
