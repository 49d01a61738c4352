"""Citations built from the model: stable keys, BibTeX and RIS entries, CSL-JSON items, a plain citation."""

from __future__ import annotations

import re
import unicodedata

from generator.latex import plain_latex
from generator.markup import plain_text, split_math
from generator.model import Paper
from generator.model.citekeys import surname
from generator.texmath import math_problem

# Every character TeX acts on prints as itself; whitespace controls become spaces (`^^M` would end the
# line, `^^L` is active) and other controls go. Braces are handled apart.
_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{chr(code): " " for code in (9, 10, 11, 12, 13)},
        **{chr(code): None for code in (*range(0, 9), *range(14, 32), *range(127, 160))},
    }
)
# BibTeX counts `\{` and `\}` as braces too: a brace with a partner is written `\{`/`\}`, a lone one by
# name, so every entry stays balanced whatever the text holds.
_PAIRED_BRACES = {"{": r"\{", "}": r"\}"}
_LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_LONE_MATH_BRACES = {"{": r"\lbrace", "}": r"\rbrace"}
_ESCAPED_CHARACTER = re.compile(r"\\(.)", re.DOTALL)
_BRACE = re.compile(r"([{}])")
_URL_BRACES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_LIGATURE = re.compile(r"[-`'](?=[-`'])|[!?](?=`)")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def _paired_braces(braces: list[tuple[int, str]]) -> set[int]:
    """Of (position, brace) in order, the positions of the braces that open or close a pair."""
    paired: set[int] = set()
    opened: list[int] = []
    for position, brace in braces:
        if brace == "{":
            opened.append(position)
        elif opened:
            paired.update((opened.pop(), position))
    return paired


def bibtex_escape(text: str) -> str:
    """Plain text made safe inside a BibTeX braced field: TeX prints every character and runs none."""
    parts = _BRACE.split(unicodedata.normalize("NFC", text))  # text, brace, text, brace, ..., text
    paired = _paired_braces(list(enumerate(parts[1::2])))
    escaped = "".join(
        (_PAIRED_BRACES if n // 2 in paired else _LONE_BRACES)[part] if n % 2 else part.translate(_BIBTEX_SPECIAL)
        for n, part in enumerate(parts)
    )
    # `--`, ``` `` ```, `''` and `!``/`?`` are typographic ligatures in LaTeX (dashes, quotes, ¡, ¿): `{}` keeps them literal.
    return _LIGATURE.sub(lambda m: m[0] + "{}", escaped)


def bibtex_formula(latex: str) -> str:
    r"""An allow-listed formula (without dollars) for BibTeX, a lone `\{` or `\}` written `\lbrace`/`\rbrace`."""
    latex = latex.replace("\t", " ").replace("\n", " ")
    escaped = [(m.start(), m[1]) for m in _ESCAPED_CHARACTER.finditer(latex) if m[1] in "{}"]
    paired = _paired_braces(escaped)
    pieces, position = [], 0
    for start, brace in escaped:
        if start in paired:
            continue
        name, follows = _LONE_MATH_BRACES[brace], latex[start + 2 : start + 3]
        pieces += [latex[position:start], name + " " if follows.isascii() and follows.isalpha() else name]
        position = start + 2
    return "".join(pieces) + latex[position:]


def bibtex_title(title: str) -> str:
    """A title for BibTeX: text escaped, allow-listed `$...$` math kept as math, any other formula as its text."""
    pieces = []
    for is_math, piece in split_math(title):
        if is_math and math_problem(piece) is None:
            pieces.append(f"${bibtex_formula(piece)}$")
        else:  # what the site shows: `\$` is a dollar, a formula off the allow-list is its source
            pieces.append(bibtex_escape(plain_text(f"${piece}$" if is_math else piece)))
    return "".join(pieces)


def bibtex_authors(paper: Paper) -> str | None:
    """`A and B and others`, or None when the authors are unknown."""
    if not paper.authors:
        return None
    # A name holding the word "and" would be split into two people: braces keep it one.
    names = [
        bibtex_escape(name) if not _AND.search(name) else "{" + bibtex_escape(name) + "}" for name in paper.authors
    ]
    if paper.authors_truncated:
        names.append("others")
    return " and ".join(names)


# The BibTeX entry type and the field that names the venue, by publication type (None: not known, @misc).
BIBTEX_TYPES = {
    "article": ("article", "journal"),
    "conference": ("inproceedings", "booktitle"),
    "book": ("book", "publisher"),
    "chapter": ("incollection", "booktitle"),
    "thesis": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
    "preprint": ("misc", "howpublished"),
    "misc": ("misc", "howpublished"),
    None: ("misc", "howpublished"),
}
RIS_TYPES = {
    "article": "JOUR",
    "conference": "CPAPER",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "preprint": "UNPB",
    "misc": "GEN",
    None: "GEN",
}
# The venue's RIS tag: a journal's name, else the secondary title (proceedings, book), a publisher or school.
RIS_VENUE = {"article": "JO", "conference": "T2", "chapter": "T2", "book": "PB", "thesis": "PB", "report": "PB"}
CSL_TYPES = {
    "article": "article-journal",
    "conference": "paper-conference",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "preprint": "article",
    "misc": "document",
    None: "article",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_url(url: str) -> str:
    return "{" + url.translate(_URL_BRACES) + "}"


def _iso_date(paper: Paper) -> str:
    """The paper's date as far as it is known: `2024`, `2024-03`, `2024-03-05`."""
    text = paper.date.isoformat()
    return text[:4] if paper.date_precision == "year" else text[:7] if paper.date_precision == "month" else text


def bibtex_entry(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> str:
    """A BibTeX entry of what is known, typed by the paper's publication type (`@inproceedings` with its
    booktitle, `@article` with its journal, `@misc` when not known); the title is double-braced to keep its
    capitals; `url` is the paper's own page when a source gives one, else `url` (its page on this site)."""
    entry_type, venue_field = BIBTEX_TYPES.get(paper.pub_type, BIBTEX_TYPES[None])
    fields = [("title", "{{" + bibtex_title(paper.title) + "}}")]
    if (authors := bibtex_authors(paper)) is not None:
        fields.append(("author", "{" + authors + "}"))
    if paper.date:
        fields.append(("year", "{" + str(paper.date.year) + "}"))
        if paper.date_precision != "year":
            fields.append(("month", MONTHS[paper.date.month - 1]))
        fields.append(("date", "{" + _iso_date(paper) + "}"))
    if paper.venue:
        fields.append((venue_field, "{" + bibtex_escape(paper.venue) + "}"))
    if paper.doi:
        fields.append(("doi", _bibtex_url(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", "{" + bibtex_escape(paper.arxiv_id) + "}"), ("archivePrefix", "{arXiv}")]
        if paper.arxiv_category or category_id:
            fields.append(("primaryClass", "{" + bibtex_escape(paper.arxiv_category or category_id) + "}"))
    if paper.url or url:
        fields.append(("url", _bibtex_url(paper.url or url)))
    for name in ("pdf", "code", "html"):  # the fields al-folio's buttons read
        if getattr(paper, name):
            fields.append((name, _bibtex_url(getattr(paper, name))))
    if paper.keywords:
        fields.append(("keywords", "{" + bibtex_escape(", ".join(paper.keywords)) + "}"))
    if paper.note:
        fields.append(("note", "{" + bibtex_escape(paper.note) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def given_names(name: str) -> str:
    """All but the last word of a name (empty for a one-word name)."""
    return " ".join(name.split()[:-1])


def _one_line(text: str) -> str:
    """Text on one line: every run of whitespace (line and paragraph separators too) is one space."""
    return " ".join(text.split())


def ris_entry(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> str:
    """A RIS record (`TY  - JOUR`, `CPAPER`, ..., `GEN` when the type is not known ... `ER  - `) with LaTeX turned
    into plain text."""
    lines = [("TY", RIS_TYPES.get(paper.pub_type, "GEN")), ("ID", key), ("TI", plain_latex(paper.title))]
    for name in paper.authors or []:
        given = given_names(name)
        lines.append(("AU", f"{surname(name)}, {given}" if given else name))
    if paper.date:
        lines += [("PY", str(paper.date.year)), ("DA", _ris_date(paper))]
    if paper.venue:
        lines.append((RIS_VENUE.get(paper.pub_type, "T2"), paper.venue))
    if paper.doi:
        lines.append(("DO", paper.doi))
    if paper.abstract:
        lines.append(("AB", plain_latex(paper.abstract)))
    for word in paper.keywords:
        lines.append(("KW", word))
    if category_id:
        lines += [("KW", category_id), ("N1", f"arXiv category {category_id}")]
    if paper.arxiv_id:
        lines.append(("N1", f"arXiv:{paper.arxiv_id}"))
    if paper.note:
        lines.append(("N1", paper.note))
    if paper.authors_truncated:
        lines.append(("N1", "The source lists only the first authors (et al.)."))
    if paper.org:
        lines.append(("AD", paper.org))
    for link in dict.fromkeys(filter(None, (paper.url, url))):
        lines.append(("UR", link))
    if paper.pdf:
        lines.append(("L1", paper.pdf))
    body = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)
    return body + "ER  - \n"


def _ris_date(paper: Paper) -> str:
    """RIS's YYYY/MM/DD, with the parts a source did not give left empty (`2024//`)."""
    day = paper.date
    if paper.date_precision == "year":
        return f"{day.year}//"
    if paper.date_precision == "month":
        return f"{day.year}/{day.month:02d}/"
    return day.strftime("%Y/%m/%d")


def csl_item(paper: Paper, key: str, category_id: str | None = None, url: str | None = None) -> dict:
    """A CSL-JSON item typed by the paper's publication type (`article`, CSL's type of a preprint, when it is not
    known) with LaTeX turned into plain text."""
    item: dict = {
        "id": key,
        "type": CSL_TYPES.get(paper.pub_type, "article"),
        "title": _one_line(plain_latex(paper.title)),
    }
    if paper.pub_type in (None, "preprint"):
        item["genre"] = "Preprint"
    if paper.authors:
        item["author"] = [
            {"family": surname(name), "given": given_names(name)} if given_names(name) else {"literal": name}
            for name in paper.authors
        ]
    if paper.date:
        parts = [paper.date.year, paper.date.month, paper.date.day]
        item["issued"] = {"date-parts": [parts[: {"year": 1, "month": 2}.get(paper.date_precision, 3)]]}
    if paper.venue:
        item["container-title" if paper.pub_type not in ("book", "thesis", "report") else "publisher"] = _one_line(
            plain_latex(paper.venue)
        )
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.abstract:
        item["abstract"] = _one_line(plain_latex(paper.abstract))
    keywords = [*paper.keywords, *([category_id] if category_id else [])]
    if keywords:
        item["keyword"] = ", ".join(keywords)
    notes = [
        *([f"arXiv category {category_id}"] if category_id else []),
        *([f"arXiv:{paper.arxiv_id}"] if paper.arxiv_id else []),
        *([paper.note] if paper.note else []),
    ]
    if notes:
        item["note"] = _one_line("; ".join(notes))
    if paper.url or url:
        item["URL"] = paper.url or url
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
    """An APA-like citation in plain text: `Fu, D., & Deng, Z.-H. (2026). Title [Preprint, arXiv cs.LG]. URL`, or
    with the venue of a published paper `... Title. Venue. https://doi.org/DOI`."""
    title = _one_line(plain_latex(paper.title))
    if paper.venue and paper.pub_type not in (None, "preprint", "misc"):
        kind = f". {_one_line(plain_latex(paper.venue))}"
    elif paper.arxiv_id:
        kind = f" [Preprint, arXiv:{paper.arxiv_id}]"
    else:
        kind = f" [Preprint, arXiv {category_id}]" if category_id else " [Preprint]"
    url = f"https://doi.org/{paper.doi}" if paper.doi else url
    year = f"({paper.date.year})" if paper.date else "(n.d.)"
    names = [apa_name(name) for name in paper.authors or []]
    if not names:
        text = f"{title}{kind}. {year}."
    else:
        if paper.authors_truncated:
            people = ", ".join(names) + ", et al."
        elif len(names) == 1:
            people = names[0]
        else:
            people = ", ".join(names[:-1]) + ", & " + names[-1]
        text = f"{people} {year}. {title}{kind}."
    return _one_line(text + (f" {url}" if url else ""))
