"""Authors compared by what they write: similar researchers, and the radar of feed papers for each author."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from generator.insights.text import SCORE_DIGITS, TextIndex, author_profiles
from generator.model import Portfolio, normalise_name

SIMILAR_COUNT = 5
MIN_SIMILAR = 0.05  # below this two bodies of work share only common vocabulary
RADAR_COUNT = 10
MIN_RADAR = 0.08  # a feed paper this close to an author's work is on the radar even when no co-author wrote it
# A radar is about what is new: the newest feeds only, so its cost does not grow with the site's history.
RADAR_FEEDS = 30
# Feed papers are compared with each author's heaviest terms only (their profile cut further and made unit
# length again): at 20,000 papers and 788 authors the full profiles made the radar cost 50 s.
RADAR_TERMS = 40


@dataclass(frozen=True)
class SimilarAuthor:
    """A profiled author whose abstracts are close to another's, and the terms they share most."""

    slug: str
    name: str
    similarity: float
    terms: tuple[str, ...]


def _postings(profiles: Mapping[str, Mapping[str, float]]) -> dict[str, list[tuple[str, float]]]:
    """term -> (slug, weight) of every profile holding it, in slug order."""
    postings: dict[str, list[tuple[str, float]]] = {}
    for slug in sorted(profiles):
        for term, weight in profiles[slug].items():
            postings.setdefault(term, []).append((slug, weight))
    return postings


def similar_authors(
    portfolio: Portfolio,
    texts: TextIndex | None = None,
    profiles: Mapping[str, dict[str, float]] | None = None,
    count: int = SIMILAR_COUNT,
) -> dict[str, list[SimilarAuthor]]:
    """For every profiled author (by slug), the `count` other profiled authors whose work is closest: cosine
    of their profile vectors (the centroid of their papers' TF-IDF vectors, cut to their heaviest terms)."""
    texts = texts or TextIndex(portfolio.papers)
    profiles = profiles if profiles is not None else author_profiles(portfolio.authors, texts)
    names = {a.slug: a.name for a in portfolio.authors}
    postings = _postings(profiles)
    similar: dict[str, list[SimilarAuthor]] = {}
    for slug in sorted(profiles):
        totals: dict[str, float] = {}
        for term, weight in profiles[slug].items():
            for other, other_weight in postings[term]:
                totals[other] = totals.get(other, 0.0) + weight * other_weight
        totals.pop(slug, None)
        ranked = sorted(
            (o for o in totals if round(totals[o], SCORE_DIGITS) >= MIN_SIMILAR),
            key=lambda o: (-round(totals[o], SCORE_DIGITS), o),
        )[:count]
        similar[slug] = [
            SimilarAuthor(other, names[other], *_shared(texts, profiles[slug], profiles[other])) for other in ranked
        ]
    return similar


def _heaviest(profile: Mapping[str, float], size: int) -> dict[str, float]:
    """A profile cut to its `size` heaviest terms (ties by term) and made unit length again."""
    kept = sorted(profile, key=lambda t: (-profile[t], t))[:size]
    norm = math.sqrt(math.fsum(profile[t] ** 2 for t in kept)) or 1.0
    return {term: profile[term] / norm for term in sorted(kept)}


def _shared(texts: TextIndex, a: Mapping[str, float], b: Mapping[str, float]) -> tuple[float, tuple[str, ...]]:
    shared = texts.shared(a, b)
    return shared.similarity, shared.terms


@dataclass(frozen=True)
class RadarEntry:
    """A feed paper on an author's radar: how close it is to their work, and who of theirs wrote it."""

    paper: str
    similarity: float
    votes: int | None
    terms: tuple[str, ...]
    by: tuple[str, ...]  # names on the paper: the author themself or their co-authors

    @property
    def reason(self) -> str:
        parts = []
        if self.by:
            parts.append("by " + ", ".join(self.by))
        if self.terms:
            parts.append("shared terms: " + ", ".join(self.terms))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class RadarSection:
    """The feed papers on one profiled author's radar, best first."""

    slug: str
    name: str
    entries: list[RadarEntry]


def radar(
    portfolio: Portfolio,
    texts: TextIndex | None = None,
    profiles: Mapping[str, dict[str, float]] | None = None,
    count: int = RADAR_COUNT,
    min_similarity: float = MIN_RADAR,
    feeds: int = RADAR_FEEDS,
) -> list[RadarSection]:
    """For every profiled author (in site order), the papers of the `feeds` newest daily feeds closest to
    their work (cosine of the paper's TF-IDF vector and the author's RADAR_TERMS heaviest terms, at least
    `min_similarity`) and those written by them or their co-authors, ranked by similarity, then votes, then
    title. Authors with nothing on their radar are left out."""
    texts = texts or TextIndex(portfolio.papers)
    profiles = profiles if profiles is not None else author_profiles(portfolio.authors, texts)
    radar_profiles = {slug: _heaviest(profile, RADAR_TERMS) for slug, profile in profiles.items()}
    postings = _postings(radar_profiles)
    newest = sorted(
        portfolio.collections, key=lambda c: (c.date is None, -(c.date.toordinal() if c.date else 0), c.slug)
    )
    feed = sorted({pid for collection in newest[:feeds] for pid in collection.papers if pid in texts.terms})
    people: dict[str, set[str]] = {}  # normalised name -> slugs of authors who are them or wrote with them
    for author in portfolio.authors:
        own = normalise_name(author.name)
        people.setdefault(own, set()).add(author.slug)
        for pid in author.papers:
            for name in portfolio.papers[pid].authors or []:
                people.setdefault(normalise_name(name), set()).add(author.slug)
    found: dict[str, dict[str, tuple[float, tuple[str, ...]]]] = {}  # slug -> paper -> (similarity, by)
    for pid in feed:
        totals: dict[str, float] = {}
        for term, weight in texts.vector(pid).items():
            for slug, other_weight in postings.get(term, ()):
                totals[slug] = totals.get(slug, 0.0) + weight * other_weight
        by: dict[str, list[str]] = {}
        for name in dict.fromkeys(portfolio.papers[pid].authors or []):
            for slug in sorted(people.get(normalise_name(name), ())):
                by.setdefault(slug, []).append(name)
        for slug in sorted(set(totals) | set(by)):
            similarity = round(totals.get(slug, 0.0), SCORE_DIGITS)
            if similarity >= min_similarity or slug in by:
                found.setdefault(slug, {})[pid] = (similarity, tuple(by.get(slug, ())))
    sections = []
    for author in portfolio.authors:
        papers = found.get(author.slug, {})

        def rank(pid: str, papers=papers) -> tuple:
            paper = portfolio.papers[pid]
            return (-papers[pid][0], -(paper.upvotes or 0), paper.title.casefold(), pid)

        entries = []
        for pid in sorted(papers, key=rank)[:count]:
            shared = texts.shared(texts.vector(pid), radar_profiles[author.slug])
            entries.append(RadarEntry(pid, papers[pid][0], portfolio.papers[pid].upvotes, shared.terms, papers[pid][1]))
        if entries:
            sections.append(RadarSection(author.slug, author.name, entries))
    return sections
