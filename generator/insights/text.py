"""Text similarity for insights: TF-IDF vectors of papers and authors, and the related-paper search.

The terms are those the abstract matcher scores (`matching.terms`: words and adjacent word pairs, LaTeX
removed), less English function words and numbers, which make poor reasons ("of the", "we"). Weights use
the matcher's sub-linear term frequency and smoothed IDF. Everything is computed in paper-id and term order,
so the same papers give the same numbers whatever order they come in.
"""

from __future__ import annotations

import heapq
import math
import operator
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat

from generator.model import Author, Paper, normalise_name
from generator.model.matching import _TF, COMMON_TERM_SHARE, _idf_table, terms

# Function words: a term holding one of them (`of`, `of the`, `we propose`) is left out.
STOP_WORDS = frozenset(
    """
a about above across after again against all also am among an and any are as at be because been before being
below between both but by can could did do does doing done down during each either etc even ever every few for
from further had has have having here how however i if in into is it its itself just least less many may me
might more most much must my neither no nor not now of off often on once one only or other our ours out over
own per rather same several shall she should since so some such than that the their theirs them then there
these they this those through thus to too two under until up upon us use used uses using very via was we well
were what when where whether which while who whom whose why will with within without would yet you your
""".split()
) | frozenset(
    """
achieve achieved achieves across approach approaches available based demonstrate demonstrates existing
experiment experiments extensive findings furthermore however important improve improved improves introduce
introduces key lead leads method methods moreover new novel paper present presents propose proposed proposes
provide provides remain remains result results show shows shown significant significantly study studies
work works https http www github com org
""".split()
)  # and the stock phrases of abstracts, which say nothing about a topic

# A term (or an author's name) in at most this many papers finds candidates (an inverted index of
# distinctive terms, as matching.PaperIndex does): the cost of one paper's search is bounded by its terms
# and names times this number, so the related-paper search grows linearly with the site, not with its
# square. A commoner term or name still counts in the exact score of the candidates found.
DISTINCTIVE_PAPERS = 40
# Of the candidates a paper's distinctive terms (and shared authors) find, this many are scored exactly.
CANDIDATES = 20
# Shared authors add this much times the overlap of the two author lists (cosine of the name sets: 1 when
# the lists are the same). Below a clear topical match (on the seeds, papers on one topic score 0.1-0.3), so
# a co-authored paper on another topic does not outrank papers on the same topic, but ahead of a weak one.
AUTHOR_WEIGHT = 0.1
RELATED_COUNT = 5
MIN_RELATED = 0.02  # below this a "related" paper shares only a trace of one term
REASON_TERMS = 3
# An author's profile keeps this many of their heaviest terms: enough to describe a body of work, and it
# bounds the cost of comparing every author with every other and with every feed paper.
AUTHOR_TERMS = 120
SCORE_DIGITS = 6  # scores are rounded before they are ranked, so float noise never reorders equal papers


def _content_term(term: str) -> bool:
    """Whether a term carries meaning: no function word, not a bare number, longer than one letter."""
    for word in term.split(" "):
        if word in STOP_WORDS or word.isdigit() or len(word) < 2:
            return False
    return True


def content_terms(text: str) -> Counter[str]:
    """The matcher's terms of a text (words and word pairs), function words and numbers left out."""
    return Counter({term: count for term, count in terms(text).items() if _content_term(term)})


def paper_text(paper: Paper) -> str:
    """What a paper is compared by: its title and its abstract."""
    return f"{paper.title}\n{paper.abstract or ''}"


@dataclass(frozen=True)
class SharedTerms:
    """Two texts' similarity and the terms that contribute most to it."""

    similarity: float
    terms: tuple[str, ...]


class TextIndex:
    """TF-IDF vectors of every paper of a site (title and abstract), with postings of distinctive terms.

    A vector keeps only the terms another paper also has and that are not in most papers (a term in one
    paper adds nothing to any cosine; a term in most adds almost nothing), but its length is computed over
    all the paper's meaningful terms, so the cosine of two papers is exact. Papers are tokenised twice (to count document
    frequencies, then to weigh terms) rather than every paper's counts kept in between (see matching.py).

    Each vector is kept compactly, as a tuple of (interned) terms and an array of weights, the terms in more
    than DISTINCTIVE_PAPERS papers first: at 20,000 papers dictionaries of separate strings and floats took
    three times the memory. `vector(pid)` gives a paper's vector as a dictionary.
    """

    def __init__(self, papers: Mapping[str, Paper]):
        self.ids = sorted(papers)
        # Terms are sorted into meaningful ones and function words once per distinct term, with set
        # operations (in C) for every text: this index tokenises every paper twice.
        seen: set[str] = set()
        dropped: set[str] = set()
        df: Counter[str] = Counter()
        for pid in self.ids:
            keys = terms(paper_text(papers[pid])).keys()
            new = keys - seen
            if new:
                seen |= new
                dropped.update(term for term in new if not _content_term(term))
            df.update(keys - dropped)
        self.df = df
        self.size = len(self.ids)
        idf = self.idf = _idf_table(self.size)
        self.common = max(2, int(self.size * COMMON_TERM_SHARE))
        distinctive = self.distinctive = min(self.common, DISTINCTIVE_PAPERS)
        # the terms a vector keeps (in 2 to `common` papers), each as one shared string object
        canonical = {term: term for term, n in df.items() if 2 <= n <= self.common}
        self.terms: dict[str, tuple[str, ...]] = {}  # frequent terms first, then distinctive ones
        self.weights: dict[str, array] = {}
        self.frequent: dict[str, int] = {}  # how many of a paper's terms are not distinctive
        self.postings: dict[str, list[tuple[str, float]]] = {}
        tf, df_of, idf_of = _TF.__getitem__, df.__getitem__, idf.__getitem__
        for pid in self.ids:
            counts = terms(paper_text(papers[pid]))
            content = [term for term in counts if term not in dropped]
            weights = list(
                map(operator.mul, map(tf, map(counts.__getitem__, content)), map(idf_of, map(df_of, content)))
            )
            norm = math.sqrt(math.fsum(map(operator.mul, weights, weights))) or 1.0
            frequent, rare = [], []
            for term, weight in zip(content, weights):
                kept = canonical.get(term)
                if kept is not None:
                    (frequent if df_of(term) > distinctive else rare).append((kept, weight / norm))
            self.terms[pid] = tuple(term for term, _ in frequent) + tuple(term for term, _ in rare)
            self.weights[pid] = array("d", [weight for _, weight in frequent] + [weight for _, weight in rare])
            self.frequent[pid] = len(frequent)
            for term, weight in rare:
                self.postings.setdefault(term, []).append((pid, weight))

    def vector(self, pid: str) -> dict[str, float]:
        """A paper's TF-IDF vector: term -> weight (unit length over all its terms, see the class)."""
        return dict(zip(self.terms[pid], self.weights[pid]))

    @property
    def vectors(self) -> _Vectors:
        """Every paper's vector by id, made when asked for."""
        return _Vectors(self)

    @staticmethod
    def shared(a: Mapping[str, float], b: Mapping[str, float], limit: int = REASON_TERMS) -> SharedTerms:
        """The cosine of two vectors and the terms that contribute most to it (a word already in a chosen
        word pair is not listed again)."""
        if len(a) > len(b):
            a, b = b, a
        products = {term: weight * b[term] for term, weight in a.items() if term in b}
        chosen: list[str] = []
        for term in _heaviest(products, 4 * limit):
            words = term.split(" ")
            if len(words) == 1:
                if any(term in other.split(" ") for other in chosen):
                    continue  # already said by a word pair
            else:  # a word pair says more than its words alone: it replaces them
                chosen = [other for other in chosen if other not in words]
            chosen.append(term)
            if len(chosen) == limit:
                break
        return SharedTerms(round(math.fsum(products.values()), SCORE_DIGITS), tuple(chosen))


class _Vectors(Mapping):
    """The papers' vectors as a read-only mapping, each made when it is read."""

    def __init__(self, texts: TextIndex):
        self.texts = texts

    def __getitem__(self, pid: str) -> dict[str, float]:
        return self.texts.vector(pid)

    def __iter__(self):
        return iter(self.texts.ids)

    def __len__(self) -> int:
        return len(self.texts.ids)

    def __contains__(self, pid) -> bool:
        return pid in self.texts.terms


def _heaviest_first(item: tuple[str, float]) -> tuple[float, str]:
    return (-item[1], item[0])


def _heaviest(products: dict[str, float], first: int):
    """Terms by weight, heaviest first (ties by term): the `first` of them picked cheaply, the rest sorted
    only if someone reads that far."""
    top = heapq.nsmallest(first, products.items(), key=_heaviest_first)
    for term, _ in top:
        yield term
    if len(top) < len(products):
        seen = {term for term, _ in top}
        rest = sorted(((t, w) for t, w in products.items() if t not in seen), key=_heaviest_first)
        for term, _ in rest:
            yield term


def profile_vector(vectors: Iterable[Mapping[str, float]], size: int = AUTHOR_TERMS) -> dict[str, float]:
    """The centroid of some papers' vectors, cut to its `size` heaviest terms and made unit length."""
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    heaviest = sorted(total, key=lambda t: (-round(total[t], SCORE_DIGITS), t))[:size]
    norm = math.sqrt(math.fsum(total[t] ** 2 for t in heaviest)) or 1.0
    return {term: total[term] / norm for term in sorted(heaviest)}


def author_profiles(authors: Iterable[Author], texts: TextIndex) -> dict[str, dict[str, float]]:
    """Each profiled author's profile vector (by slug), from the papers they list; empty when none has text."""
    return {
        author.slug: profile_vector(texts.vector(pid) for pid in dict.fromkeys(author.papers) if pid in texts.terms)
        for author in authors
    }


@dataclass(frozen=True)
class Related:
    """A paper related to another: its id, the combined score, and why (shared terms and co-authors)."""

    paper: str
    score: float
    similarity: float  # the text's share: TF-IDF cosine of title and abstract
    terms: tuple[str, ...]
    coauthors: tuple[str, ...]  # shared author names, as the first paper spells them

    @property
    def reason(self) -> str:
        """Why the paper is related, in words."""
        parts = []
        if self.terms:
            parts.append("shared terms: " + ", ".join(self.terms))
        if self.coauthors:
            parts.append("shared authors: " + ", ".join(self.coauthors))
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


def _author_keys(paper: Paper) -> dict[str, str]:
    """A paper's authors: normalised name -> the spelling the paper uses (first one when repeated)."""
    keys: dict[str, str] = {}
    for name in paper.authors or []:
        key = normalise_name(name)
        if key:
            keys.setdefault(key, name)
    return keys


def related_papers(
    papers: Mapping[str, Paper], texts: TextIndex | None = None, count: int = RELATED_COUNT
) -> dict[str, list[Related]]:
    """For every paper, the `count` most related other papers, best first (ties by id).

    Score: TF-IDF cosine of title and abstract, plus AUTHOR_WEIGHT times the overlap of the author lists.
    Candidates come from postings of distinctive terms and of names on few papers, so the cost grows with
    the number of papers times a bounded number of postings per paper, never with every pair of papers.
    The best candidates by that partial score are scored exactly.
    """
    texts = texts or TextIndex(papers)
    authors = {pid: _author_keys(papers[pid]) for pid in texts.ids}
    by_name: dict[str, list[str]] = {}
    for pid in texts.ids:
        for key in authors[pid]:
            by_name.setdefault(key, []).append(pid)
    by_name = {key: pids for key, pids in by_name.items() if len(pids) <= DISTINCTIVE_PAPERS}
    name_roots = {pid: math.sqrt(len(authors[pid])) or 1.0 for pid in texts.ids}
    postings, terms, weights, frequent = texts.postings, texts.terms, texts.weights, texts.frequent
    related: dict[str, list[Related]] = {}
    for pid in texts.ids:
        vector, mine = texts.vector(pid), authors[pid]
        partial: dict[str, float] = {}  # the cosine over distinctive terms, exact for those terms
        for term, weight in vector.items():
            for other, other_weight in postings.get(term, ()):
                partial[other] = partial.get(other, 0.0) + weight * other_weight
        shared_names: dict[str, int] = {}  # papers sharing a name on few papers -> how many names they share
        for key in mine:
            for other in by_name.get(key, ()):
                shared_names[other] = shared_names.get(other, 0) + 1
        found = dict(partial)
        if shared_names:
            scale = AUTHOR_WEIGHT / math.sqrt(len(mine))
            for other, names_shared in shared_names.items():
                found[other] = found.get(other, 0.0) + scale * names_shared / name_roots[other]
        found.pop(pid, None)
        # sorted (in C, unlike heapq.nlargest with a key) keeps the first of equal candidates first, and
        # `found` is filled in term, name and id order
        candidates = sorted(found, key=found.__getitem__, reverse=True)[:CANDIDATES]
        scores = {}
        lookup = vector.get
        for other in candidates:
            # what the distinctive terms left out: the candidate's frequent terms, looked up in this paper's
            # vector (a small dictionary used over and over, so the lookups run in C and in cache)
            n = frequent[other]
            rest = sum(map(operator.mul, weights[other][:n], map(lookup, terms[other][:n], repeat(0.0))))
            scores[other] = round(partial.get(other, 0.0) + rest + _author_overlap(mine, authors[other]), SCORE_DIGITS)
        best = sorted((other for other in candidates if scores[other] >= MIN_RELATED), key=lambda o: (-scores[o], o))[
            :count
        ]
        chosen = []
        for other in best:
            shared = texts.shared(vector, texts.vector(other))
            names = tuple(name for key, name in mine.items() if key in authors[other])
            chosen.append(Related(other, scores[other], shared.similarity, shared.terms, names))
        related[pid] = chosen
    return related


def _author_overlap(a: Mapping[str, str], b: Mapping[str, str]) -> float:
    """AUTHOR_WEIGHT times the cosine of two papers' sets of author names (0 when either is unknown)."""
    if not a or not b:
        return 0.0
    shared = sum(1 for key in a if key in b)
    return AUTHOR_WEIGHT * shared / math.sqrt(len(a) * len(b)) if shared else 0.0
