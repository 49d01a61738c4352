"""Matching abstract-list entries to papers by text similarity (TF-IDF cosine over words and word pairs)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

_LATEX = re.compile(r"\\[A-Za-z]+|[${}^_\\]")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# An entry is attached only when its best paper is this similar, and clearly more similar than the
# runner-up. On the seeds, right matches score 0.46-1.0 and the best wrong candidate 0.11.
MIN_SIMILARITY = 0.30
MIN_LEAD = 0.08


def terms(text: str) -> Counter[str]:
    """Words and adjacent word pairs of a text, LaTeX markup removed."""
    words = _WORD.findall(_LATEX.sub(" ", text.casefold()))
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:])])


class Vectoriser:
    """TF-IDF vectors over one corpus of texts."""

    def __init__(self, texts: list[str]):
        counts = [terms(t) for t in texts]
        documents = Counter(term for c in counts for term in c)
        n = len(texts)
        self.idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in documents.items()}

    def vector(self, text: str) -> dict[str, float]:
        """A unit-length TF-IDF vector of `text`."""
        weights = {t: (1 + math.log(c)) * self.idf.get(t, 1.0) for t, c in terms(text).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}


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


# Terms found in more than this share of the papers carry almost no weight; leaving them out of the
# inverted index keeps scoring fast on large portfolios without changing which paper fits best.
COMMON_TERM_SHARE = 0.5


class PaperIndex:
    """An inverted TF-IDF index of paper texts, built once and asked about many entries."""

    def __init__(self, papers: dict[str, str], extra_texts: list[str] = ()):
        ids = sorted(papers)
        self.vectoriser = Vectoriser([papers[i] for i in ids] + list(extra_texts))
        self.postings: dict[str, list[tuple[str, float]]] = {}
        for pid in ids:
            for term, weight in self.vectoriser.vector(papers[pid]).items():
                self.postings.setdefault(term, []).append((pid, weight))
        self.limit = max(2, int(len(ids) * COMMON_TERM_SHARE))

    def score(self, entries: list[str]) -> list[dict[str, float]]:
        """For each entry, its cosine similarity to every paper it shares a distinctive term with."""
        scores = []
        for entry in entries:
            totals: dict[str, float] = {}
            for term, weight in self.vectoriser.vector(entry).items():
                found = self.postings.get(term, ())
                if len(found) > self.limit:
                    continue
                for pid, paper_weight in found:
                    totals[pid] = totals.get(pid, 0.0) + weight * paper_weight
            scores.append(totals)
        return scores


def best_group(scores: list[dict[str, float]], groups: dict[str, list[str]]) -> str | None:
    """The group (author) whose papers fit the entries best on average, or None if there are none."""
    if not scores or not any(groups.values()):
        return None

    def fit(members: list[str]) -> float:
        return sum(max((s.get(pid, 0.0) for pid in members), default=0.0) for s in scores) / len(scores)

    return max(sorted(groups), key=lambda name: fit(groups[name]))


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
