"""Citations built from the model: stable keys, BibTeX and RIS entries, CSL-JSON items, a plain citation."""

from __future__ import annotations

import re
import unicodedata

from generator.latex import plain_latex
from generator.markup import plain_text, split_math
from generator.model import Paper
from generator.model.citekeys import surname

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#",
                   "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_URL_BRACES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_LIGATURE = re.compile(r"[-`'](?=[-`'])|[!?](?=`)")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def bibtex_escape(text: str) -> str:
    """Plain text made safe inside a BibTeX braced field, read back as the same text."""
    text = unicodedata.normalize("NFC", text)
    escaped = "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)
    # `--`, ``` `` ```, `''` and `!``/`?`` are typographic ligatures in LaTeX (dashes, quotes, ¡, ¿): `{}` keeps them literal.
    return _LIGATURE.sub(lambda m: m[0] + "{}", escaped)


def bibtex_title(title: str) -> str:
    """A title for BibTeX: text escaped, `$...$` math kept as math, braces balanced."""
    pieces = []
    for is_math, piece in split_math(title):
        if not is_math:
            pieces.append(bibtex_escape(plain_text(piece)))
        elif piece.count("{") == piece.count("}"):
            pieces.append(f"${piece}$")
        else:  # unbalanced braces would break the entry: keep the formula as literal text
            pieces.append(bibtex_escape(f"${piece}$"))
    return "".join(pieces)


def bibtex_authors(paper: Paper) -> str | None:
    """`A and B and others`, or None when the authors are unknown."""
    if not paper.authors:
        return None
    # A name holding the word "and" would be split into two people: braces keep it one.
    names = [bibtex_escape(name) if not _AND.search(name) else "{" + bibtex_escape(name) + "}" for name in paper.authors]
    if paper.authors_truncated:
        names.append("others")
    return " and ".join(names)


def bibtex_entry(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> str:
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
    if url:
        fields.append(("url", "{" + url.translate(_URL_BRACES) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def given_names(name: str) -> str:
    """All but the last word of a name (empty for a one-word name)."""
    return " ".join(name.split()[:-1])


def _one_line(text: str) -> str:
    """Text on one line: every run of whitespace (line and paragraph separators too) is one space."""
    return " ".join(text.split())


def ris_entry(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> str:
    """A RIS record (`TY  - GEN` ... `ER  - `) with LaTeX turned into plain text."""
    lines = [("TY", "GEN"), ("ID", key), ("TI", plain_latex(paper.title))]
    for name in paper.authors or []:
        given = given_names(name)
        lines.append(("AU", f"{surname(name)}, {given}" if given else name))
    if paper.date:
        lines += [("PY", str(paper.date.year)), ("DA", paper.date.strftime("%Y/%m/%d"))]
    if paper.abstract:
        lines.append(("AB", plain_latex(paper.abstract)))
    if category_id:
        lines += [("KW", category_id), ("N1", f"arXiv category {category_id}")]
    if paper.authors_truncated:
        lines.append(("N1", "The source lists only the first authors (et al.)."))
    if paper.org:
        lines.append(("AD", paper.org))
    if url:
        lines.append(("UR", url))
    body = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)
    return body + "ER  - \n"


def csl_item(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> dict:
    """A CSL-JSON item (type `article`, the CSL type of a preprint) with LaTeX turned into plain text."""
    item: dict = {"id": key, "type": "article", "title": _one_line(plain_latex(paper.title)), "genre": "Preprint"}
    if paper.authors:
        item["author"] = [{"family": surname(name), "given": given_names(name)} if given_names(name)
                          else {"literal": name} for name in paper.authors]
    if paper.date:
        item["issued"] = {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]}
    if paper.abstract:
        item["abstract"] = _one_line(plain_latex(paper.abstract))
    if category_id:
        item["keyword"] = category_id
        item["note"] = f"arXiv category {category_id}"
    if url:
        item["URL"] = url
    return item


def apa_name(name: str) -> str:
    """`Ting-Yun Chang` -> `Chang, T.-Y.`; a one-word name stays as it is."""
    given = given_names(name)
    if not given:
        return name
    initials = []
    for word in given.split():
        parts = ["".join(ch for ch in part if ch.isalnum())[:1] for part in word.split("-")]
        initials.append("-".join(f"{letter}." for letter in parts if letter))
    return f"{surname(name)}, {' '.join(i for i in initials if i)}".rstrip(", ")


def plain_citation(paper: Paper, category_id: str | None = None, url: str | None = None) -> str:
    """An APA-like citation in plain text: `Fu, D., & Deng, Z.-H. (2026). Title [Preprint, arXiv cs.LG]. URL`."""
    title = _one_line(plain_latex(paper.title))
    kind = f"[Preprint, arXiv {category_id}]" if category_id else "[Preprint]"
    year = f"({paper.date.year})" if paper.date else "(n.d.)"
    names = [apa_name(name) for name in paper.authors or []]
    if not names:
        text = f"{title} {kind}. {year}."
    else:
        if paper.authors_truncated:
            people = ", ".join(names) + ", et al."
        elif len(names) == 1:
            people = names[0]
        else:
            people = ", ".join(names[:-1]) + ", & " + names[-1]
        text = f"{people} {year}. {title} {kind}."
    return _one_line(text + (f" {url}" if url else ""))
