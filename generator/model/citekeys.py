"""BibTeX keys: one stable, unique key per paper of the site (`fu2023transformers`)."""

from __future__ import annotations

import re

from generator.model import Paper
from generator.model.slugs import slugify

_STOP_WORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "is", "are", "do", "when", "how"}


def surname(name: str) -> str:
    """The last word of a name, as the family name in `Given Family` order."""
    parts = name.split()
    return parts[-1] if parts else name


def _key_base(paper: Paper) -> str:
    first_author = slugify(surname(paper.authors[0]), "anon").replace("-", "") if paper.authors else "anon"
    year = str(paper.date.year) if paper.date else "nd"
    words = [w for w in slugify(re.sub(r"\$[^$]*\$", " ", paper.title), "paper").split("-") if w not in _STOP_WORDS]
    return f"{first_author}{year}{words[0] if words else 'paper'}"


def assign_bibtex_keys(papers: list[Paper]) -> dict[str, str]:
    """A unique key per paper id, like `fu2023transformers`; clashes get b, c, ... in id order."""
    by_base: dict[str, list[str]] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        by_base.setdefault(_key_base(paper), []).append(paper.id)
    keys: dict[str, str] = {}
    taken = set(by_base)
    for base, ids in by_base.items():
        keys[ids[0]] = base
        for n, pid in enumerate(ids[1:], 1):
            suffix = n
            candidate = base + _letters(suffix)
            while candidate in taken:
                suffix += 26
                candidate = base + _letters(suffix)
            taken.add(candidate)
            keys[pid] = candidate
    return keys


def _letters(n: int) -> str:
    """1 -> b, 2 -> c, ..., 25 -> z, 26 -> bb..."""
    letters = ""
    while True:
        letters = chr(ord("a") + n % 26) + letters
        n //= 26
        if not n:
            return letters
