"""Reader for BibTeX (`.bib`) files: one paper per entry, read with bibtexparser 2 and its middlewares.

The splitter is fault-tolerant: an entry it cannot read (unbalanced braces) is reported at its line and
the rest of the file is still read. Field values go through @string macros and `#` concatenation, name
splitting ("Family, Given" and "Given Family" alike) and LaTeX decoding (`{\\"u}` -> ü, `--` -> –, braces
that protect capitals dropped); `$...$` math is kept as it is written, for the site to render.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import re
import unicodedata

from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import InvalidNameError, NameParts, parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ParsingFailedBlock, String
from bibtexparser.splitter import Splitter
from pylatexenc import latex2text, latexwalker, macrospec

from generator.diagnostics import Diagnostic, error, info, warning
from generator.model import Paper
from generator.model.identifiers import find_arxiv_id, normalise_arxiv_id, normalise_doi, web_address
from generator.readers.base import BibliographyDocument
from generator.readers.fields import (
    MONTHS,
    arxiv_field,
    calendar_date,
    category_field,
    clean_title,
    doi_field,
    iso_date,
    keyword_list,
    month_number,
    person_names,
    plain,
    url_field,
    venue_name,
)
from generator.readers.text import SourceText

KIND = "bibtex"
ENTRY_TYPES = (
    "article",
    "book",
    "booklet",
    "conference",
    "inbook",
    "incollection",
    "inproceedings",
    "manual",
    "mastersthesis",
    "misc",
    "phdthesis",
    "proceedings",
    "techreport",
    "unpublished",
    "online",
    "report",
    "thesis",
    "collection",
    "electronic",
    "software",
    "dataset",
    "preprint",
    "patent",
    "www",
    "string",
)
_ENTRY_START = re.compile(rf"^[ \t]*@[ \t]*(?:{'|'.join(ENTRY_TYPES)})[ \t]*[{{(]", re.IGNORECASE | re.MULTILINE)
# Entry types as publication types (PUB_TYPES); anything else is "misc".
PUB_TYPE = {
    "article": "article",
    "inproceedings": "conference",
    "conference": "conference",
    "book": "book",
    "proceedings": "book",
    "collection": "book",
    "booklet": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "preprint": "preprint",
    "unpublished": "preprint",
}
# Fields read as text (LaTeX decoded); every other field is kept verbatim (URLs, identifiers, numbers).
TEXT_FIELDS = frozenset(
    {
        "title",
        "author",
        "editor",
        "journal",
        "journaltitle",
        "booktitle",
        "publisher",
        "school",
        "institution",
        "organization",
        "howpublished",
        "abstract",
        "keywords",
        "note",
        "series",
        "address",
        "type",
    }
)
NAME_FIELDS = ("author", "editor")
# Where the venue is, in order: the first of these an entry has.
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "school", "institution", "organization")
# Characters after which LaTeX decoding changes something; a value without any is already text (and
# pylatexenc costs about half a millisecond a value, which a 50 MB file would feel).
_LATEX_SPECIAL = re.compile(r"[\\{}~$%&]|--|``|''|[!?]`")
# `%` and `&` written bare mean percent and ampersand in a .bib, but start a comment or a table cell in LaTeX.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")
_URL_ESCAPE = re.compile(r"\\([_%#&~$])")
_URL_COMMAND = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DUPLICATE = "\x00"  # joins a renamed duplicate key and its number; never in a key the splitter reads
FAILURES = "portfolio_failures"  # entry metadata: what a middleware could not do, for the diagnostics
MACROS = "portfolio_macros"  # entry metadata: the macros a value named that no @string defines, and cuts
MAX_VALUE = 100_000  # characters a value may reach through macros; titles and abstracts are far shorter
# Characters macros may add to a whole file, beyond 4 times its size: @string definitions that repeat each
# other (`a1 = a0 # a0 # ...`) grow tenfold a line, the billion laughs of BibTeX.
EXPANSION_ALLOWANCE = 1_000_000


def sniff(source: SourceText) -> bool:
    """A BibTeX file has a line starting `@article{`, `@inproceedings(`, `@string{` and so on."""
    return bool(_ENTRY_START.search(source.text))


@contextlib.contextmanager
def _quiet_libraries():
    """bibtexparser and pylatexenc log what they repair, in lines of their own: we report it as diagnostics."""
    loggers = [logging.getLogger(name) for name in ("bibtexparser", "pylatexenc")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def read(source: SourceText, as_of: dt.date) -> BibliographyDocument:
    """Read every entry into a paper, in file order; unreadable entries are reported and skipped."""
    path = source.path
    notes: list[Diagnostic] = []
    with _quiet_libraries():
        try:
            library, complete = _checked_blocks(Splitter(source.text).split(), path, notes)
            for middleware in _parse_stack(budget=4 * sum(map(len, source.lines)) + EXPANSION_ALLOWANCE):
                library = middleware.transform(library)
        except Exception as exc:  # bibtexparser re-raises what it does not expect: one line, never a traceback
            notes.append(error(path, 0, f"cannot read this BibTeX file: {type(exc).__name__}: {plain(str(exc))[:200]}"))
            return BibliographyDocument(source=source, format=KIND, papers=[], diagnostics=notes, complete=False)
    for block in library.blocks:
        if isinstance(block, String):
            notes += [warning(path, line, problem) for line, problem in block.parser_metadata.get(MACROS, [])]
    entries = [_as_entry(block) for block in library.blocks]
    entries = [entry for entry in entries if entry is not None]
    by_key = {entry.key.split(DUPLICATE)[0].casefold(): entry for entry in reversed(entries)}  # first wins
    containers = _crossref_containers(entries, by_key)
    papers = []
    for entry in sorted(entries, key=lambda e: e.start_line or 0):
        if id(entry) in containers:
            notes.append(
                info(
                    path,
                    _line(entry),
                    f"@{entry.entry_type} '{_key(entry)}' is the volume other entries "
                    "cross-reference: not listed as a paper",
                )
            )
            continue
        paper = _paper(entry, by_key, source, notes)
        if paper is not None:
            papers.append(paper)
    notes.sort(key=lambda note: note.line)  # in file order, whichever step found them
    return BibliographyDocument(source=source, format=KIND, papers=papers, diagnostics=notes, complete=complete)


def _checked_blocks(split: Library, path: str, notes: list[Diagnostic]) -> tuple[Library, bool]:
    """The entries and @strings of a split file, with its failed blocks reported, and whether the file is whole
    (it does not end inside an entry); a duplicate key is read once when the entries are the same, and twice
    (renamed) when they differ."""
    blocks = []
    complete = True
    renamed = 0
    for block in split.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            duplicate, first = block.ignore_error_block, block.previous_block
            where = f"line {_line(first)}"
            if isinstance(duplicate, String):
                notes.append(
                    warning(
                        path,
                        _line(duplicate),
                        f"@string '{duplicate.key}' is defined again (first at {where}): the first is used",
                    )
                )
            elif isinstance(duplicate, Entry) and _same_entry(duplicate, first):
                notes.append(
                    warning(path, _line(duplicate), f"entry '{duplicate.key}' appears twice ({where} too): read once")
                )
            elif isinstance(duplicate, Entry):
                notes.append(
                    warning(
                        path,
                        _line(duplicate),
                        f"the key '{duplicate.key}' is used again (first at {where}) "
                        "for a different entry: both are read",
                    )
                )
                renamed += 1
                duplicate.key = f"{duplicate.key}{DUPLICATE}{renamed}"
                blocks.append(duplicate)
        elif isinstance(block, ParsingFailedBlock) and isinstance(block.ignore_error_block, Entry):
            blocks.append(block.ignore_error_block)  # repeated fields: _normalise_fields reports them
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", None) or str(block.error)
            complete = complete and not reason.startswith("Unexpectedly reached end of file")
            first_line = (block.raw or "").lstrip().split("\n", 1)[0]
            notes.append(
                error(
                    path,
                    _line(block),
                    f"this entry cannot be read ({plain(reason).replace('`', '')[:160]}): "
                    f"{_quote(first_line)} skipped; the entries after it are read",
                )
            )
        elif isinstance(block, (Entry, String)):
            blocks.append(block)
    for block in blocks:
        if isinstance(block, Entry):
            _normalise_fields(block, path, notes)
    return Library(blocks=blocks, fail_on_duplicate_key=False), complete


def _normalise_fields(entry: Entry, path: str, notes: list[Diagnostic]) -> None:
    """Field names in lower case; a field given twice keeps its first value, as BibTeX does."""
    fields: dict[str, Field] = {}
    for field in entry.fields:
        key = field.key.lower()
        if key in fields:
            notes.append(
                warning(path, field.start_line + 1, f"entry '{_key(entry)}' gives '{key}' twice: the first is used")
            )
            continue
        field.key = key
        fields[key] = field
    entry.fields = list(fields.values())


def _parse_stack(budget: int) -> list:
    """bibtexparser's middlewares in the order our fields need them, with our macro resolution first."""
    return [
        _Macros(budget),
        RemoveEnclosingMiddleware(),
        SeparateCoAuthors(name_fields=NAME_FIELDS),
        _LenientNameParts(name_fields=NAME_FIELDS),
        _TextDecoding(),
    ]


class _Macros(BlockMiddleware):
    """@string macros, month macros and `#` joins, resolved to one braced value each.

    bibtexparser resolves only a value that is a single macro, and without limit; here @string values are
    resolved in file order (so later ones can use earlier ones), then entry fields, each value cut at MAX_VALUE
    characters and the whole file's expansions at a budget, so definitions that repeat each other cannot
    grow a small file into gigabytes.
    """

    def __init__(self, budget: int):
        super().__init__(allow_inplace_modification=True)
        self.budget = budget
        self.strings: dict[str, str] = {}  # macro name, case-folded -> its text

    def transform_string(self, string: String, library: Library):
        if isinstance(string.value, str):
            text, found = self._expand(string.value)
            self.strings.setdefault(string.key.casefold(), text)
            string.value = "{" + text + "}"
            if found:
                string.parser_metadata[MACROS] = [
                    (_line(string), problem.format(field=f"@string {string.key}")) for problem in found
                ]
        return string

    def transform_entry(self, entry: Entry, library: Library):
        problems: list[tuple[int, str]] = []
        for field in entry.fields:
            if isinstance(field.value, str) and not _is_literal(field.value):
                text, found = self._expand(field.value)
                field.value = "{" + text + "}"
                problems += [(field.start_line + 1, problem.format(field=field.key)) for problem in found]
        if problems:
            entry.parser_metadata[MACROS] = problems
        return entry

    def _expand(self, value: str) -> tuple[str, list[str]]:
        """The text of a value made of braced or quoted parts, numbers and macros joined by `#`, and what went wrong
        (messages with a `{field}` to name where)."""
        texts: list[str] = []
        problems: list[str] = []
        for part in _top_level_parts(value) or [value]:
            part = part.strip()
            if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                texts.append(part[1:-1])
            elif not _is_macro(part):
                texts.append(part)  # a number, or text the splitter let through
            elif part.casefold() in self.strings:
                expansion = self.strings[part.casefold()]
                if len(expansion) > self.budget:
                    problems.append(
                        f"the macro '{part}' in '{{field}}' was left unexpanded: this file's macros already "
                        "expand to more text than it could hold"
                    )
                    texts.append(part)
                else:
                    self.budget -= len(expansion)
                    texts.append(expansion)
            elif part.lower() in MONTHS:
                texts.append(_MONTH_NAMES[MONTHS.index(part.lower())])  # BibTeX predefines jan ... dec
            else:
                problems.append(f"'{part}' in '{{field}}' is not defined by an @string: read as the word itself")
                texts.append(part)
        text = "".join(texts)
        if len(text) > MAX_VALUE:
            problems.append(f"macros made '{{field}}' {len(text):,} characters long: cut at {MAX_VALUE:,}")
            text = text[:MAX_VALUE]
        return text, list(dict.fromkeys(problems))  # a macro used ten times is reported once


def _is_literal(value: str) -> bool:
    """One braced or quoted value, or a number: nothing for macros to do."""
    value = value.strip()
    if value.isdigit():
        return True
    return len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')) and _top_level_parts(value) is None


def _is_macro(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][\w:.+/'-]*", value))


def _top_level_parts(value: str) -> list[str] | None:
    """`a # "b" # {c}` -> its parts, or None when no `#` stands outside braces and quotes."""
    if "#" not in value:
        return None
    parts, depth, quoted, start = [], 0, False, 0
    for position, char in enumerate(value):
        if char == "{" and not quoted:
            depth += 1
        elif char == "}" and not quoted:
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:position])
            start = position + 1
    return [*parts, value[start:]] if parts else None


class _LenientNameParts(SplitNameParts):
    """bibtexparser's name splitting; a name it refuses (`Fu, Deqing, Jr, Extra`) is split leniently and
    reported, rather than sinking the entry."""

    def transform_entry(self, entry: Entry, library: Library):
        self._refused: list[str] = []
        result = super().transform_entry(entry, library)
        if self._refused:
            entry.parser_metadata.setdefault(FAILURES, []).extend(
                f"the name {_quote(name)} is not in a BibTeX name form: read as well as it could be"
                for name in self._refused
            )
        return result

    def _transform_field_value(self, names) -> list[NameParts]:
        parts = []
        for name in names if isinstance(names, list) else [str(names)]:
            try:
                parts.append(parse_single_name_into_parts(name))
            except InvalidNameError:
                self._refused.append(name)
                try:
                    parts.append(parse_single_name_into_parts(name, strict=False))
                except Exception:  # a name even the lenient mode cannot split: keep it whole
                    parts.append(NameParts(last=[name]))
        return parts


class _Decoder(latex2text.LatexNodes2Text):
    """bibtexparser's LaTeX-to-text decoder (math kept verbatim, braces dropped, `\\url` as its address),
    which also knows `\\href{url}{text}` (its text)."""

    _walker_context = latexwalker.get_default_latex_context_db()
    _walker_context.add_context_category("portfolio", prepend=True, macros=[macrospec.std_macro("href", False, 2)])

    def __init__(self):
        context = latex2text.get_default_latex_context_db()
        context.add_context_category(
            "portfolio",
            prepend=True,
            macros=[
                latex2text.MacroTextSpec("url", simplify_repl="%s"),
                latex2text.MacroTextSpec("href", simplify_repl="%(2)s"),
            ],
        )
        super().__init__(latex_context=context, keep_braced_groups=False, math_mode="verbatim")

    def latex_to_text(self, latex, **parse_flags):
        walker = latexwalker.LatexWalker(
            latex, latex_context=self._walker_context, tolerant_parsing=True, **parse_flags
        )
        return self.nodelist_to_text(walker.get_latex_nodes()[0])


@functools.lru_cache(maxsize=1)
def _decoder() -> _Decoder:
    """One decoder for every file: making its macro tables takes longer than reading a small file."""
    return _Decoder()


class _TextDecoding(LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding, for text fields only (a URL's `%20` or `~` is not LaTeX); a value it
    cannot decode (say, braces nested hundreds deep) has its markup removed instead, and is reported."""

    def __init__(self):
        super().__init__(decoder=_decoder())

    def transform_string(self, string: String, library: Library):
        return string  # @string values reached the entries already, and are decoded there

    def transform_entry(self, entry: Entry, library: Library):
        failed: list[str] = []
        for field in entry.fields:
            if field.key not in TEXT_FIELDS:
                continue
            if isinstance(field.value, str):
                field.value = self._decode(field.value, field.key, failed)
            elif isinstance(field.value, list):
                for parts in field.value:
                    if isinstance(parts, NameParts):
                        for attribute in ("first", "von", "last", "jr"):
                            setattr(
                                parts,
                                attribute,
                                [self._decode(p, field.key, failed) for p in getattr(parts, attribute)],
                            )
        if failed:
            entry.parser_metadata.setdefault(FAILURES, []).extend(
                f"could not decode the LaTeX in '{key}': its markup was removed" for key in dict.fromkeys(failed)
            )
        return entry

    def _decode(self, value: str, key: str, failed: list[str]) -> str:
        if not _LATEX_SPECIAL.search(value):
            return value
        value = _BARE_SPECIAL.sub(r"\\\1", value)
        text = common_latex_text(value)
        if text is not None:
            return text
        text, problem = self._transform_python_value_string(value)
        if problem:
            failed.append(key)
            return _markup_removed(value)
        return text


# The LaTeX most .bib files hold (accents, special letters, escapes, dashes, quotes, protecting braces), read
# the way pylatexenc reads it but at regular-expression speed: pylatexenc takes 1-2 ms a value, which a
# 20,000-entry file would feel. Anything else goes to pylatexenc; tests check the two agree.
_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "th": "þ",
    "TH": "Þ",
    "dh": "ð",
    "DH": "Ð",
    "ng": "ŋ",
    "NG": "Ŋ",
}
# What TeX skips after a control word: spaces and one line end (a blank line is a paragraph).
_SKIPPED = r"(?![^\W\d_])[ \t]*\n?[ \t]*"
# An accent on a letter or a dotless i/j (`\"u`, `\"{u}`, `\v{s}`, `\v s`, `\'{\i}`), or a special letter (`\ss`).
_COMMON_COMMAND = re.compile(
    rf"\\(?:([\"'`^~=.])[ ]*|([uvHckrdb])(?=[ {{]))[ ]*"
    rf"(?:\{{([A-Za-z]|\\[ij](?![^\W\d_]))\}}|([A-Za-z])|(\\[ij]){_SKIPPED})"
    rf"|\\({'|'.join(sorted(_LETTERS, key=len, reverse=True))})(?:\{{\}}|{_SKIPPED})"
)
_TEXT_TOKEN = re.compile(r"\\[&%$#_{}]|\\|[{}]|---|--|``|''|!`|\?`|~")
_TEXT_TOKENS = {"---": "—", "--": "–", "``": "“", "''": "”", "!`": "¡", "?`": "¿", "~": "\xa0", "{": "", "}": ""}


def common_latex_text(value: str) -> str | None:
    """The text of a value written in common .bib LaTeX, `$...$` math kept; None when it holds anything else."""
    if "$$" in value:
        return None
    pieces = re.split(r"(?<!\\)\$", value)
    if len(pieces) % 2 == 0:  # an unclosed `$`
        return None
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            if re.search(r"\\[^A-Za-z]|\\[A-Za-z]+\s*$", piece) or piece.count("{") != piece.count("}"):
                return None  # a command or a brace that might take the closing `$`: ask pylatexenc
            out.append(f"${piece}$")
            continue
        piece = _COMMON_COMMAND.sub(_common_command, piece)
        unknown = False

        def token(match: re.Match) -> str:
            nonlocal unknown
            text = match[0]
            if text == "\\":
                unknown = True
                return text
            return text[1] if text[0] == "\\" else _TEXT_TOKENS[text]

        piece = _TEXT_TOKEN.sub(token, piece)
        if unknown:
            return None
        out.append(piece)
    return "".join(out)


def _common_command(match: re.Match) -> str:
    """The character an accent command or a special-letter command stands for."""
    if match[6]:
        return _LETTERS[match[6]]
    base = match[3] or match[4] or match[5]
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _COMBINING[match[1] or match[2]])


_MATH = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+\*?|.)")


def _markup_removed(value: str) -> str:
    """Text without LaTeX commands and braces, `$...$` math kept: what is left when decoding fails."""
    pieces, last = [], 0
    for math in _MATH.finditer(value):
        pieces.append(_COMMAND.sub("", value[last : math.start()]).replace("{", "").replace("}", ""))
        pieces.append(math[0])
        last = math.end()
    pieces.append(_COMMAND.sub("", value[last:]).replace("{", "").replace("}", ""))
    return "".join(pieces)


def _as_entry(block) -> Entry | None:
    """An entry, also one a middleware left in an error block (its fields are as far as it got)."""
    if isinstance(block, Entry):
        return block
    if isinstance(block, ParsingFailedBlock) and isinstance(block.ignore_error_block, Entry):
        return block.ignore_error_block
    return None


def _crossref_containers(entries: list[Entry], by_key: dict[str, Entry]) -> set[int]:
    """The @proceedings and @book entries other entries cross-reference: volumes, not papers."""
    containers = set()
    for entry in entries:
        parent = by_key.get(_text(entry, "crossref").casefold()) if _text(entry, "crossref") else None
        if (
            parent is not None
            and parent is not entry
            and parent.entry_type.lower() in ("proceedings", "book", "collection")
        ):
            containers.add(id(parent))
    return containers


def _paper(entry: Entry, by_key: dict[str, Entry], source: SourceText, notes: list[Diagnostic]) -> Paper | None:
    """One entry as a paper, fields inherited through `crossref`; None (reported) without a title."""
    path, line = source.path, _line(entry)
    for problem in entry.parser_metadata.get(FAILURES, []):
        notes.append(warning(path, line, f"entry '{_key(entry)}': {problem}"))
    fields = _with_crossref(entry, by_key, path, notes)
    _report_macros(entry, path, notes)
    title = clean_title(_value(fields, "title"), path, line, notes)
    if not title:
        notes.append(error(path, line, f"entry '{_key(entry)}' has no title: skipped"))
        return None
    entry_type = entry.entry_type.lower()
    authors, truncated, marked = person_names(_names(fields.get("author")), path, line, notes)
    paper = Paper(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        authors_marked=marked,
        sources=[source.name],
        origin=(path, line),
        citation_key=plain(_key(entry)) or None,
    )
    _read_date(paper, fields, entry, path, notes)
    paper.abstract = plain(_value(fields, "abstract")) or None
    paper.keywords = keyword_list(_value(fields, "keywords"))
    paper.note = plain(_value(fields, "note")) or None
    for name in ("url", "pdf", "code", "html"):
        setattr(paper, name, _link(fields, name, path, notes))
    if paper.html is None and "website" in fields:
        paper.html = _link(fields, "website", path, notes)
    howpublished = _verbatim_url(_value(fields, "howpublished"))
    if paper.url is None and web_address(howpublished):
        paper.url = web_address(howpublished)
    paper.has_code = paper.code is not None
    paper.doi = _doi(fields, paper, path, notes)
    paper.arxiv_id = _arxiv_id(fields, paper, path, notes)
    category = "primaryclass" if "primaryclass" in fields else "eprintclass"
    if category in fields:
        paper.arxiv_category = category_field(_value(fields, category), path, fields[category].start_line + 1, notes)
    venue = next((plain(_value(fields, name)) for name in VENUE_FIELDS if plain(_value(fields, name))), None)
    paper.venue = venue_name(venue or "")
    arxiv_only = venue is not None and paper.venue is None
    paper.pub_type = PUB_TYPE.get(entry_type, "misc")
    if arxiv_only or (paper.pub_type in ("misc", "article") and paper.venue is None and paper.arxiv_id):
        paper.pub_type = "preprint"
    return paper


def _with_crossref(entry: Entry, by_key: dict[str, Entry], path: str, notes: list[Diagnostic]) -> dict[str, Field]:
    """The entry's fields, plus those of the entry its `crossref` names that it lacks (a volume's title is
    the entry's booktitle)."""
    fields = dict(entry.fields_dict)
    target = _text(entry, "crossref")
    if not target:
        return fields
    parent = by_key.get(target.casefold())
    if parent is None or parent is entry:
        notes.append(
            warning(
                path, _line(entry), f"entry '{_key(entry)}' cross-references '{target}', which this file does not have"
            )
        )
        return fields
    for key, field in parent.fields_dict.items():
        if key == "title" and "booktitle" not in fields:
            fields["booktitle"] = field
        elif key not in fields and key not in ("crossref", "title", "abstract", "keywords"):
            fields[key] = field
    return fields


def _report_macros(entry: Entry, path: str, notes: list[Diagnostic]) -> None:
    """What macro resolution left: undefined macros (read as the word), cut values."""
    for line, problem in entry.parser_metadata.get(MACROS, []):
        notes.append(warning(path, line, problem))


def _read_date(paper: Paper, fields: dict[str, Field], entry: Entry, path: str, notes: list[Diagnostic]) -> None:
    """`date = {2023-05-17}` (biblatex), else year and month; an entry without a year is undated, with a warning."""
    if "date" in fields and (found := iso_date(_value(fields, "date"))):
        paper.date, paper.date_precision = found
        return
    year = plain(_value(fields, "year"))
    if not year:
        notes.append(warning(path, _line(entry), f"entry '{_key(entry)}' has no year: the paper is undated"))
        return
    month_text = plain(_value(fields, "month"))
    month = month_number(month_text) if month_text else None
    if month_text and month is None:
        notes.append(
            warning(path, fields["month"].start_line + 1, f"month {_quote(month_text)} is not a month: left out")
        )
    found = calendar_date(year, month) if re.fullmatch(r"\d{4}", year) else None
    if found is None:
        notes.append(
            warning(path, fields["year"].start_line + 1, f"year {_quote(year)} is not a year: the paper is undated")
        )
        return
    paper.date, paper.date_precision = found


def _doi(fields: dict[str, Field], paper: Paper, path: str, notes: list[Diagnostic]) -> str | None:
    """The `doi` field, or a DOI link in `url`."""
    if "doi" in fields:
        value = _verbatim_url(_value(fields, "doi"))
        doi = doi_field(value, path, fields["doi"].start_line + 1, notes)
        if doi:
            return doi
    return normalise_doi(paper.url) if paper.url else None


def _arxiv_id(fields: dict[str, Field], paper: Paper, path: str, notes: list[Diagnostic]) -> str | None:
    """From `eprint` (with `archivePrefix`/`eprinttype` arXiv, or shaped like an arXiv id), al-folio's `arxiv`,
    arXiv's DOI, an arXiv link, or `arXiv:ID` in the journal, volume, note or howpublished."""
    archive = (_value(fields, "archiveprefix") or _value(fields, "eprinttype")).strip().lower()
    eprint = _value(fields, "eprint").strip()
    if eprint and archive in ("arxiv", ""):
        found = normalise_arxiv_id(eprint) or find_arxiv_id(eprint)
        if found or archive == "arxiv":
            return found or arxiv_field(eprint, path, fields["eprint"].start_line + 1, notes)
    if "arxiv" in fields:
        found = arxiv_field(_value(fields, "arxiv"), path, fields["arxiv"].start_line + 1, notes)
        if found:
            return found
    for text in (paper.doi or "", paper.url or "", paper.pdf or ""):
        if found := find_arxiv_id(text):
            return found
    for name in ("journal", "volume", "note", "howpublished"):
        text = _value(fields, name)
        if "arxiv" in text.lower() or (name == "volume" and text.startswith("abs/")):
            if found := find_arxiv_id(text.removeprefix("abs/")):
                return found
    return None


def _link(fields: dict[str, Field], name: str, path: str, notes: list[Diagnostic]) -> str | None:
    if name not in fields:
        return None
    return url_field(name, _verbatim_url(_value(fields, name)), path, fields[name].start_line + 1, notes)


def _verbatim_url(value: str) -> str:
    """A URL as written in a .bib: `\\url{...}` unwrapped and `\\_`, `\\%`, `\\#`, `\\&`, `\\~` unescaped."""
    value = value.strip()
    if wrapped := _URL_COMMAND.match(value):
        value = wrapped[1].strip()
    return _URL_ESCAPE.sub(r"\1", value)


def _value(fields: dict[str, Field], name: str) -> str:
    field = fields.get(name)
    return field.value if field is not None and isinstance(field.value, str) else ""


def _text(entry: Entry, name: str) -> str:
    field = entry.fields_dict.get(name)
    return field.value.strip() if field is not None and isinstance(field.value, str) else ""


def _names(field: Field | None) -> list[str]:
    """Display names, "Given von Family Jr", from bibtexparser's name parts."""
    if field is None:
        return []
    if isinstance(field.value, str):
        return [field.value]
    return [
        " ".join(" ".join(part) for part in (p.first, p.von, p.last, p.jr) if part)
        for p in field.value
        if isinstance(p, NameParts)
    ]


def _key(entry: Entry) -> str:
    return entry.key.split(DUPLICATE)[0]


def _line(block) -> int:
    """The 1-based line a block starts on (bibtexparser counts from 0)."""
    return (block.start_line or 0) + 1


def _same_entry(one: Entry, other) -> bool:
    if not isinstance(other, Entry) or one.entry_type.lower() != other.entry_type.lower():
        return False
    fields = lambda entry: sorted((f.key.lower(), " ".join(str(f.value).split())) for f in entry.fields)  # noqa: E731
    return fields(one) == fields(other)


def _quote(text: str, limit: int = 60) -> str:
    text = plain(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
