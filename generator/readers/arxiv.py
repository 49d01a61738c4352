"""Reader for saved arXiv API responses (the Atom XML of export.arxiv.org/api/query): one paper per `<entry>`.

The XML is parsed with defusedxml's expat reader with document types refused: a DTD, an entity or an
external reference is reported as an error and never expanded or fetched. Titles and abstracts are kept as
arXiv writes them (their `$...$` math is the site's to render), white space collapsed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import InputSource

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Paper
from generator.model.identifiers import find_arxiv_id
from generator.readers.base import BibliographyDocument, head
from generator.readers.fields import category_field, clean_title, doi_field, iso_date, person_names, plain, url_field
from generator.readers.text import SourceText

KIND = "arxiv"
ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
_SNIFF = re.compile(r"<feed\b[^>]*http://www\.w3\.org/2005/Atom", re.DOTALL)
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # replaced by our own, keeping its line ends
# The elements of an entry whose text we keep, by (namespace, name).
_TEXT = {
    (ATOM, "id"): "id",
    (ATOM, "title"): "title",
    (ATOM, "summary"): "summary",
    (ATOM, "published"): "published",
    (ATOM, "updated"): "updated",
    (ARXIV, "doi"): "doi",
    (ARXIV, "journal_ref"): "journal_ref",
    (ARXIV, "comment"): "comment",
}


def sniff(source: SourceText) -> bool:
    """An Atom feed that mentions arXiv: the arXiv API's answer, saved as a file."""
    start = head(source)
    return bool(_SNIFF.search(start)) and "arxiv" in start.lower()


class _Entries(ContentHandler):
    """Collects each `<entry>`'s texts, authors, links and categories, with the line it starts on."""

    def __init__(self):
        super().__init__()
        self.entries: list[dict] = []
        self.total_results: str = ""
        self.locator = None
        self._entry: dict | None = None
        self._chunks: list[str] = []
        self._depth = 0

    def setDocumentLocator(self, locator):  # noqa: N802 (the SAX interface's names)
        self.locator = locator

    def startElementNS(self, name, qname, attributes):  # noqa: N802 (the SAX interface's names)
        self._chunks = []
        attributes = {local: value for (_, local), value in attributes.items()}
        if name == (ATOM, "entry"):
            self._entry = {"line": self.locator.getLineNumber(), "authors": [], "links": [], "categories": []}
        elif self._entry is None:
            return
        elif name == (ATOM, "link"):
            self._entry["links"].append((attributes, self.locator.getLineNumber()))
        elif name == (ARXIV, "primary_category"):
            self._entry.setdefault("primary_category", attributes.get("term", ""))
        elif name == (ATOM, "category"):
            self._entry["categories"].append(attributes.get("term", ""))

    def characters(self, content):
        self._chunks.append(content)

    def endElementNS(self, name, qname):  # noqa: N802 (the SAX interface's names)
        text = "".join(self._chunks)
        self._chunks = []
        if name == (OPENSEARCH, "totalResults") and self._entry is None:
            self.total_results = text.strip()
        if self._entry is None:
            return
        if name == (ATOM, "entry"):
            self.entries.append(self._entry)
            self._entry = None
        elif name == (ATOM, "name"):
            self._entry["authors"].append(text)
        elif name in _TEXT:
            self._entry.setdefault(_TEXT[name], text)


def read(source: SourceText, as_of: dt.date) -> BibliographyDocument:
    """Read every entry into a paper, in file order."""
    path = source.path
    notes: list[Diagnostic] = []
    document = BibliographyDocument(
        source=source, format=KIND, papers=[], diagnostics=notes, complete=source.text.rstrip().endswith("</feed>")
    )  # cut off before its end
    handler = _Entries()
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.forbid_dtd, parser.forbid_entities, parser.forbid_external = True, True, True
    parser.setContentHandler(handler)
    # The text is decoded already: hand expat UTF-8 and say so, whatever encoding the declaration named.
    data = _DECLARATION.sub(lambda match: "\n" * match[0].count("\n"), source.text, count=1).encode("utf-8")
    stream = InputSource()
    stream.setByteStream(io.BytesIO(b'<?xml version="1.0" encoding="UTF-8"?>\n' + data))
    try:
        parser.parse(stream)
    except DefusedXmlException as exc:
        line = _line(handler) or _line_of(source, "<!")
        notes.append(
            error(
                path,
                line,
                f"the XML declares {_declaration(exc)}, which is refused (it could expand to "
                "huge sizes or read other files): nothing read",
            )
        )
        return document
    except SAXException as exc:
        line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else _line(handler)
        reason = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
        notes.append(
            error(
                path,
                max(line - 1, 0),
                f"not well-formed XML ({plain(reason)}): the {len(handler.entries)} entries before it are read",
            )
        )
    except (ValueError, RecursionError) as exc:
        notes.append(error(path, _line(handler), f"cannot read this XML: {plain(str(exc))[:120]}"))
    for entry in handler.entries:
        paper = _paper(entry, source, notes)
        if paper is not None:
            document.papers.append(paper)
    if handler.total_results.isdigit() and int(handler.total_results) > len(handler.entries):
        notes.append(
            info(
                path,
                0,
                f"the response holds {len(handler.entries)} of its {handler.total_results} "
                "results (one page of them): only those are read",
            )
        )
    notes.sort(key=lambda note: note.line)  # in file order
    return document


def _paper(entry: dict, source: SourceText, notes: list[Diagnostic]) -> Paper | None:
    path = source.path
    line = max(entry["line"] - 1, 1)  # the XML declaration we put in front is one line
    identifier = plain(entry.get("id", ""))
    if "/api/errors" in identifier:
        notes.append(
            error(
                path,
                line,
                f"the arXiv API answered with an error: {plain(entry.get('summary', ''))[:160] or identifier}",
            )
        )
        return None
    title = clean_title(entry.get("title", ""), path, line, notes)
    if not title:
        notes.append(error(path, line, "an entry without a title: skipped"))
        return None
    authors, truncated, marked = person_names([plain(name) for name in entry["authors"]], path, line, notes)
    paper = Paper(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        authors_marked=marked,
        sources=[source.name],
        origin=(path, line),
        pub_type="preprint",
    )
    paper.abstract = plain(entry.get("summary", "")) or None
    for key in ("published", "updated"):
        if paper.date is None and (found := iso_date(entry.get(key, ""))):
            paper.date, paper.date_precision = found
    if paper.date is None:
        notes.append(warning(path, line, f"the entry {_quote(title)} has no date: the paper is undated"))
    paper.arxiv_id = find_arxiv_id(identifier)
    if paper.arxiv_id is None:
        notes.append(warning(path, line, f"the entry's id {_quote(identifier)} is not an arXiv link"))
    category = plain(entry.get("primary_category", "")) or next(
        (plain(term) for term in entry["categories"] if plain(term)), ""
    )
    paper.arxiv_category = category_field(category, path, line, notes)
    paper.doi = doi_field(entry.get("doi", ""), path, line, notes)
    paper.venue = plain(entry.get("journal_ref", "")) or None
    paper.note = plain(entry.get("comment", "")) or None
    for link, link_line in entry["links"]:
        href, link_line = link.get("href", ""), max(link_line - 1, 1)
        if link.get("title") == "pdf":
            paper.pdf = paper.pdf or url_field("pdf link", href, path, link_line, notes)
        elif link.get("title") == "doi":
            paper.doi = paper.doi or doi_field(href, path, link_line, notes)
        elif link.get("rel", "alternate") == "alternate":
            paper.url = paper.url or url_field("link", href, path, link_line, notes)
    return paper


def _declaration(exc: DefusedXmlException) -> str:
    """What the refused declaration was, in words."""
    kind = type(exc).__name__
    name = getattr(exc, "name", None)
    if kind == "DTDForbidden":
        return f"a document type (DTD{' ' + repr(name) if name else ''})"
    if kind == "EntitiesForbidden":
        return f"an entity{' ' + repr(name) if name else ''}"
    return "an external reference"


def _line(handler: _Entries) -> int:
    """The source line the parser stopped on (our own declaration line taken off)."""
    try:
        return max(handler.locator.getLineNumber() - 1, 0) if handler.locator else 0
    except Exception:  # the locator of a parser that failed early
        return 0


def _line_of(source: SourceText, text: str) -> int:
    return next((number for number, line in enumerate(source.lines, 1) if text in line), 0)


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
