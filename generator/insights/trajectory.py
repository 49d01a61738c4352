"""The research trajectory in words: whether an author's category mix shifted, and from what to what.

The rule, precisely. Only dated papers with a category count. For every split year Y strictly inside
the author's years, "before" is the papers of years < Y and "since" those of years >= Y. A side is
*mostly* category C when it holds at least MIN_SIDE papers and C is its most frequent category, alone
(no tie), with at least MOSTLY_SHARE of them. A shift is stated when, at some split, "before" is mostly A
and "since" is mostly B with A != B. Of several such splits, the one whose weaker side is most clearly
dominated (the larger smaller-share) is told, ties going to the split with more papers on its smaller
side, then to the earlier year. Otherwise, when all the papers are mostly one category, that is said
instead; when not, no sentence at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.model import Paper
from generator.model.categories import category_id, category_name

MIN_SIDE = 3
MOSTLY_SHARE = 0.4


@dataclass(frozen=True)
class Side:
    """One side of a split: its years, its dominant category and how many of its papers are in it."""

    first: int
    last: int
    category: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total


@dataclass(frozen=True)
class Trajectory:
    """What the category mix says: a shift (before, since), or one category throughout, or nothing."""

    before: Side | None
    since: Side | None
    throughout: Side | None

    @property
    def shifted(self) -> bool:
        return self.before is not None

    @property
    def sentence(self) -> str | None:
        """`Mostly Computation and Language (cs.CL) until 2022 (5 of 8 papers), mostly Machine Learning
        (cs.LG) since 2023 (9 of 14).`, or for no shift the one category, or None."""
        if self.before and self.since:
            return (
                f"Mostly {_name(self.before.category)} until {self.before.last} ({self.before.count} of "
                f"{self.before.total} papers), mostly {_name(self.since.category)} since {self.since.first} "
                f"({self.since.count} of {self.since.total})."
            )
        if self.throughout:
            side = self.throughout
            years = f"from {side.first} to {side.last}" if side.first != side.last else f"in {side.first}"
            return f"Mostly {_name(side.category)} {years} ({side.count} of {side.total} papers), with no shift to another field."
        return None


def _name(code: str) -> str:
    full = category_id(code)
    return f"{category_name(code)} ({full})" if full else code


def mostly(papers: list[Paper]) -> Side | None:
    """The side these papers make, when they are mostly one category (see the module's rule)."""
    if len(papers) < MIN_SIDE:
        return None
    counts = Counter(p.category for p in papers)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    if count < MOSTLY_SHARE * len(papers):
        return None
    years = [p.year for p in papers]
    return Side(min(years), max(years), top, count, len(papers))


def trajectory(papers: list[Paper]) -> Trajectory:
    """The author's trajectory by the module's rule."""
    usable = sorted((p for p in papers if p.year is not None and p.category), key=lambda p: (p.year, p.id))
    years = sorted({p.year for p in usable})
    best: tuple | None = None
    for split in years[1:]:
        before = mostly([p for p in usable if p.year < split])
        since = mostly([p for p in usable if p.year >= split])
        if before and since and before.category != since.category:
            rank = (min(before.share, since.share), min(before.total, since.total), -split)
            if best is None or rank > best[0]:
                best = (rank, before, since)
    if best:
        return Trajectory(best[1], best[2], None)
    return Trajectory(None, None, mostly(usable))
