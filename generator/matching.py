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


def best_group(entries: list[str], groups: dict[str, dict[str, str]]) -> str | None:
    """The group (author) whose papers fit the entries best on average, or None if there are none."""
    texts = [t for g in groups.values() for t in g.values()] + entries
    if not entries or not any(groups.values()):
        return None
    vectoriser = Vectoriser(texts)
    entry_vectors = [vectoriser.vector(e) for e in entries]

    def fit(group: dict[str, str]) -> float:
        vectors = [vectoriser.vector(t) for t in group.values()]
        if not vectors:
            return 0.0
        return sum(max(cosine(e, v) for v in vectors) for e in entry_vectors) / len(entry_vectors)

    return max(sorted(groups), key=lambda name: fit(groups[name]))


def match_entries(entries: list[str], papers: dict[str, str]) -> list[Match]:
    """Attach each entry to at most one paper and each paper to at most one entry, best fits first."""
    if not entries or not papers:
        return []
    ids = sorted(papers)
    vectoriser = Vectoriser([papers[i] for i in ids] + entries)
    paper_vectors = {i: vectoriser.vector(papers[i]) for i in ids}
    candidates: list[Match] = []
    for index, entry in enumerate(entries):
        vector = vectoriser.vector(entry)
        scored = sorted(((cosine(vector, paper_vectors[i]), i) for i in ids), reverse=True)
        best, runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
        if best[0] >= MIN_SIMILARITY and best[0] - runner_up >= MIN_LEAD:
            candidates.append(Match(index, best[1], best[0]))
    matches, used = [], set()
    for match in sorted(candidates, key=lambda m: (-m.similarity, m.entry)):
        if match.paper not in used:
            used.add(match.paper)
            matches.append(match)
    return sorted(matches, key=lambda m: m.entry)
