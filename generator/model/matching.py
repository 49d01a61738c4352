"""Matching abstract-list entries to papers by text similarity (TF-IDF cosine over words and word pairs)."""

from __future__ import annotations

import heapq
import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

_LATEX = re.compile(r"\\[A-Za-z]+|[${}^_\\]")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# An entry is attached only when its best paper is this similar, and clearly more similar than the
# runner-up. On the seeds, right matches score 0.46-1.0 and the best wrong candidate 0.11.
MIN_SIMILARITY = 0.30
MIN_LEAD = 0.08


def terms(text: str) -> Counter[str]:
    """Words and adjacent word pairs of a text, LaTeX markup removed."""
    words = _WORD.findall(_LATEX.sub(" ", text.casefold()))
    counts = Counter(words)
    counts.update(map(" ".join, zip(words, islice(words, 1, None))))
    return counts


def _idf_table(documents: int) -> list[float]:
    """Inverse document frequency by document frequency: log((1 + n) / (1 + df)) + 1 for df = 0..n."""
    return [math.log((1 + documents) / (1 + df)) + 1 for df in range(documents + 1)]


def _tf(count: int) -> float:
    """Sub-linear term frequency: 1 + log(count)."""
    return 1 + math.log(count) if count else 0.0


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@dataclass(frozen=True)
class Match:
    """Entry `entry` (index into the entries) fits paper `paper` with this similarity."""

    entry: int
    paper: str
    similarity: float


# Terms found in more than this share of the papers carry almost no weight: they are not scored.
COMMON_TERM_SHARE = 0.5
# Scoring every paper that shares any scored term with an entry makes the cost grow with the square of
# the portfolio (common words touch most papers). So candidates are found through distinctive terms (in
# at most this many papers), and the best CANDIDATES of them are scored exactly over every scored term;
# the others keep their distinctive-term score, which is lower. A right match shares many distinctive
# words and word pairs with its paper: on the seeds and the benchmark corpora (100 to 20,000 papers) the
# same entries attach to the same papers as when every paper is scored exactly.
DISTINCTIVE_PAPERS = 40
CANDIDATES = 20


class PaperIndex:
    """TF-IDF over paper texts and the entries to match (words and word pairs), built once, asked about each entry.

    Only what scoring needs is kept: the document frequency of every term, each paper's vector length, and
    postings for the distinctive terms that occur in some entry. Per-term work runs in C (Counter, map, set
    intersection). Papers are tokenised twice (to count terms, then to weigh them) rather than every
    paper's counts kept in between: at 20,000 papers those counts would take half a gigabyte.
    """

    def __init__(self, papers: dict[str, str], entries: list[str] = ()):
        self.papers = papers
        ids = sorted(papers)
        self.entry_counts = {text: terms(text) for text in entries}
        df: Counter[str] = Counter()  # term -> how many papers hold it, then how many texts (papers and entries)
        for pid in ids:
            df.update(terms(papers[pid]).keys())
        entry_terms = {t for counts in self.entry_counts.values() for t in counts}
        self.in_papers = {t: df[t] for t in entry_terms}  # for the entries' terms: in how many papers
        for counts in self.entry_counts.values():
            df.update(counts.keys())
        self.df = df
        self.idf = _idf_table(len(ids) + len(self.entry_counts))
        self.common = max(2, int(len(ids) * COMMON_TERM_SHARE))
        distinctive = min(self.common, DISTINCTIVE_PAPERS)
        wanted = {t for t, n in self.in_papers.items() if n <= distinctive}
        self.postings: dict[str, list[tuple[str, float]]] = {}
        self.norms: dict[str, float] = {}
        for pid in ids:
            counts = terms(papers[pid])
            self.norms[pid] = norm = self._norm(counts)
            for term in sorted(counts.keys() & wanted):
                self.postings.setdefault(term, []).append((pid, self.weight(term, counts[term]) / norm))

    def weight(self, term: str, count: int) -> float:
        """The TF-IDF weight of a term seen `count` times in a text."""
        return _tf(count) * self.idf[self.df[term]]

    def _norm(self, counts: Counter[str]) -> float:
        """The length of a text's TF-IDF vector (its terms' weights, squared and summed, in C)."""
        idf, df = self.idf, self.df
        weights = map(
            operator.mul,
            map(_TF.__getitem__, counts.values()),
            map(idf.__getitem__, map(df.__getitem__, counts.keys())),
        )
        return math.sqrt(math.fsum(map(operator.mul, *itertools.tee(weights)))) or 1.0

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """A unit-length TF-IDF vector of a text's term counts."""
        norm = self._norm(counts)
        return {t: self.weight(t, c) / norm for t, c in counts.items()}

    def score(self, entries: list[str]) -> list[dict[str, float]]:
        """For each entry, its similarity to every paper it shares a distinctive term with."""
        scores = []
        for entry in entries:
            vector = self.vector(self.entry_counts.get(entry) or terms(entry))
            totals: dict[str, float] = {}
            for term, weight in vector.items():
                for pid, paper_weight in self.postings.get(term, ()):
                    totals[pid] = totals.get(pid, 0.0) + weight * paper_weight
            scored = {t: w for t, w in vector.items() if self.in_papers.get(t, 0) <= self.common}
            for pid in heapq.nlargest(CANDIDATES, sorted(totals), key=totals.__getitem__):
                totals[pid] = self.similarity(scored, pid)
            scores.append(totals)
        return scores

    def similarity(self, vector: dict[str, float], pid: str) -> float:
        """An entry's exact similarity to one paper over the scored terms (the paper's term counts are made
        again: keeping every paper's counts would take more memory than the rest of the build)."""
        counts = terms(self.papers[pid])
        total = 0.0
        for term, weight in vector.items():
            count = counts.get(term)
            if count:
                total += weight * self.weight(term, count)
        return total / self.norms[pid]


class _TermFrequencies(dict):
    """count -> 1 + log(count), filled on first use (so lookups can run in C through `map`)."""

    def __missing__(self, count: int) -> float:
        self[count] = value = _tf(count)
        return value


_TF = _TermFrequencies()


def best_group(scores: list[dict[str, float]], groups: dict[str, list[str]]) -> str | None:
    """The group (author) whose papers fit the entries best on average (each entry counts its best-fitting
    paper of the group), or None if there are none. Ties go to the first group in name order."""
    if not scores or not any(groups.values()):
        return None
    groups_of: dict[str, list[str]] = {}
    for name, members in groups.items():
        for pid in dict.fromkeys(members):
            groups_of.setdefault(pid, []).append(name)
    fit = dict.fromkeys(groups, 0.0)
    for totals in scores:  # only the papers an entry shares a term with have a score above 0
        best: dict[str, float] = {}
        for pid, value in totals.items():
            for name in groups_of.get(pid, ()):
                if value > best.get(name, 0.0):
                    best[name] = value
        for name, value in best.items():
            fit[name] += value
    return max(sorted(groups), key=fit.__getitem__)


def match_entries(scores: list[dict[str, float]], members: list[str]) -> list[Match]:
    """Attach each entry to at most one of `members` and each paper to at most one entry, best fits first."""
    candidates: list[Match] = []
    for index, totals in enumerate(scores):
        ranked = sorted(((totals.get(pid, 0.0), pid) for pid in members), reverse=True)
        if not ranked:
            continue
        best, runner_up = ranked[0], ranked[1][0] if len(ranked) > 1 else 0.0
        if best[0] >= MIN_SIMILARITY and best[0] - runner_up >= MIN_LEAD:
            candidates.append(Match(index, best[1], best[0]))
    matches, used = [], set()
    for match in sorted(candidates, key=lambda m: (-m.similarity, m.entry)):
        if match.paper not in used:
            used.add(match.paper)
            matches.append(match)
    return sorted(matches, key=lambda m: m.entry)
