"""Matching abstract-list entries to papers by text similarity (TF-IDF cosine over words and word pairs)."""

from __future__ import annotations

import heapq
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
    """TF-IDF weights over one corpus of texts (given as their term counts)."""

    def __init__(self, counts: list[Counter[str]]):
        documents = Counter()
        for c in counts:
            documents.update(c.keys())
        n = len(counts)
        self.idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in documents.items()}

    def weights(self, counts: Counter[str]) -> dict[str, float]:
        """The TF-IDF weights of a text's term counts."""
        idf, tf = self.idf, _TERM_FREQUENCY
        return {t: (tf[c] if c < 64 else 1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """A unit-length TF-IDF vector of a text's term counts."""
        weights = self.weights(counts)
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def dot(self, vector: dict[str, float], counts: Counter[str]) -> float:
        """A unit vector times the (unnormalised) weights of a text's counts, over the vector's terms."""
        idf, tf = self.idf, _TERM_FREQUENCY
        total = 0.0
        for term, weight in vector.items():
            count = counts.get(term)
            if count:
                total += weight * (tf[count] if count < 64 else 1 + math.log(count)) * idf.get(term, 1.0)
        return total


_TERM_FREQUENCY = [0.0] + [1 + math.log(c) for c in range(1, 64)]  # 1 + log(count): counts are mostly small


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
    """An inverted TF-IDF index of paper texts, built once and asked about many entries."""

    def __init__(self, papers: dict[str, str], extra_texts: list[str] = ()):
        self.papers = papers
        ids = sorted(papers)
        paper_counts = [terms(papers[i]) for i in ids]
        self.entry_counts = {text: terms(text) for text in extra_texts}
        self.vectoriser = Vectoriser(paper_counts + list(self.entry_counts.values()))
        self.in_papers = Counter()
        for counts in paper_counts:
            self.in_papers.update(counts.keys())
        self.common = max(2, int(len(ids) * COMMON_TERM_SHARE))
        distinctive = min(self.common, DISTINCTIVE_PAPERS)
        self.postings: dict[str, list[tuple[str, float]]] = {}
        self.norms: dict[str, float] = {}
        in_papers = self.in_papers
        for pid, counts in zip(ids, paper_counts):
            weights = self.vectoriser.weights(counts)
            self.norms[pid] = norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                if in_papers[term] <= distinctive:
                    self.postings.setdefault(term, []).append((pid, weight / norm))

    def score(self, entries: list[str]) -> list[dict[str, float]]:
        """For each entry, its similarity to every paper it shares a distinctive term with."""
        scores = []
        for entry in entries:
            vector = self.vectoriser.vector(self.entry_counts.get(entry) or terms(entry))
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
        again: keeping every paper's vector would take more memory than the rest of the build)."""
        counts = terms(self.papers[pid])
        return self.vectoriser.dot(vector, counts) / self.norms[pid]


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
