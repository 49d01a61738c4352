"""Citations built from the model: stable BibTeX keys and BibTeX entries."""

from __future__ import annotations

import re
import unicodedata

from .markup import split_math
from .model import Paper
from .slugs import slugify

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#",
                   "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
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


def bibtex_escape(text: str) -> str:
    """Plain text made safe inside a BibTeX braced field."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def bibtex_title(title: str) -> str:
    """A title for BibTeX: text escaped, `$...$` math kept as math, braces balanced."""
    pieces = []
    for is_math, piece in split_math(title):
        if is_math and piece.count("{") == piece.count("}"):
            pieces.append(f"${piece}$")
        else:
            pieces.append(bibtex_escape(piece.replace("\\$", "$")) if not is_math else bibtex_escape(f"${piece}$"))
    return "".join(pieces)


def bibtex_authors(paper: Paper) -> str | None:
    """`A and B and others`, or None when the authors are unknown."""
    if not paper.authors:
        return None
    names = [bibtex_escape(name) for name in paper.authors]
    if paper.authors_truncated:
        names.append("others")
    return " and ".join(names)


def bibtex_entry(paper: Paper, key: str, category_id: str | None = None) -> str:
    """A BibTeX `@misc` entry of what is known; the title is double-braced to keep its capitals."""
    fields = [("title", "{{" + bibtex_title(paper.title) + "}}")]
    if (authors := bibtex_authors(paper)) is not None:
        fields.append(("author", "{" + authors + "}"))
    if paper.date:
        fields.append(("year", "{" + str(paper.date.year) + "}"))
        fields.append(("month", paper.date.strftime("%b").lower()))
    if category_id:
        fields.append(("note", "{arXiv category " + category_id + "}"))
    if paper.org:
        fields.append(("organization", "{" + bibtex_escape(paper.org) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"
