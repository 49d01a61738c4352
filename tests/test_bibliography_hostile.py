"""Hostile bibliographies: payloads in every field stay text, no URL field keeps a scheme other than http(s),
XML entities and external references are refused without being expanded or fetched, deep nesting is
reported rather than crashing, and a 50 MB .bib is read whole within a memory limit.

The payload files are in tests/fixtures/hostile (the whole-site hostile build reads them too, see
tests/hostile_corpus.py); the attacks that need a path or a size are made here at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields as dataclass_fields
from pathlib import Path

import pytest

from generator.model import Paper
from generator.readers import BibliographyDocument, read_paths, read_text
from generator.readers.text import decode
from tests.conftest import AS_OF, ROOT
from tests.hostile_corpus import CANARY, HOSTILE, MARKER, billion_laughs, deep_braces, deep_json, external_entity

URL_FIELDS = ("url", "pdf", "code", "html")
PAYLOAD_FILES = ("bibtex_payloads.bib", "csl_payloads.json", "arxiv_payloads.xml", "orcid_payloads.json")
OPENED: list[str] = []
_recording = False


def _record_opens(event: str, args: tuple) -> None:
    if _recording and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # audit hooks cannot be removed: this one records only inside `read_recording`


def read_recording(path: Path) -> tuple[BibliographyDocument | None, list, list[str]]:
    """Read one file as `portfolio parse` does; its document, its diagnostics, and every file opened meanwhile."""
    global _recording
    OPENED.clear()
    _recording = True
    try:
        result = read_paths([path], AS_OF)
    finally:
        _recording = False
    document = result.documents[0] if result.documents else None
    libraries = tuple(str(Path(prefix).resolve()) for prefix in {sys.prefix, sys.base_prefix})  # lazy imports
    opened = [
        p for p in OPENED if Path(p).resolve() != path.resolve() and not str(Path(p).resolve()).startswith(libraries)
    ]
    return document, result.diagnostics, opened


def every_text(paper: Paper) -> list[str]:
    """Every string a paper holds, whatever its field."""
    texts = []
    for field in dataclass_fields(paper):
        value = getattr(paper, field.name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, tuple)):
            texts += [item for item in value if isinstance(item, str)]
        elif isinstance(value, dict):
            texts += [*value, *value.values()]
    return texts


# Payloads ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAYLOAD_FILES)
def test_payloads_in_every_field_are_kept_as_text_and_links_dropped(name):
    document, diagnostics, opened = read_recording(HOSTILE / name)
    assert isinstance(document, BibliographyDocument) and document.papers
    assert opened == []
    for paper in document.papers:
        assert [getattr(paper, f) for f in URL_FIELDS] == [None] * 4, paper
        assert paper.doi is None or paper.doi.startswith("10.")
        assert (
            paper.arxiv_id in (None, "2401.00666") and paper.arxiv_category is None
        )  # payload ids and categories dropped
    first = document.papers[0]
    assert "<img src=x onerror=" in first.title and "window.__pwned" in first.title  # as the file wrote it: text
    assert any("<script>" in name or "{{ config }}" in name or "config" == name for name in first.authors or ["config"])
    dropped = [d for d in diagnostics if "is not an http(s) address: dropped" in d.message]
    assert dropped and all(d.line > 0 and "\n" not in str(d) for d in diagnostics)


def test_latex_commands_that_read_files_read_nothing(tmp_path):
    secret = tmp_path / "secret.tex"
    secret.write_text(CANARY, "utf-8")
    bib = tmp_path / "input.bib"
    commands = (
        r"\input",
        r"\include",
        r"\verbatiminput",
        r"\InputIfFileExists",
        r"\openin",
        r"\write18",
        r"\immediate\write18",
    )
    entries = [
        f"@misc{{k{i}, title = {{Before {command}{{{secret}}} after}}, note = {{{command}{{{secret}}}}}, "
        f"author = {{{command}{{{secret}}}, Eve}}, year = 2020}}"
        for i, command in enumerate(commands)
    ]
    bib.write_text("\n".join(entries), "utf-8")
    document, _, opened = read_recording(bib)
    assert len(document.papers) == 7 and opened == []
    assert not [text for paper in document.papers for text in every_text(paper) if CANARY in text]
    assert all(paper.title.startswith("Before") and paper.title.endswith("after") for paper in document.papers)


URL_ATTACKS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>x</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "files/paper.pdf",
    "https://",
    "mailto:x@y.z",
]


def attack_file(kind: str, url: str) -> tuple[str, str, dict[str, int]]:
    """A file of one format with `url` in every URL field it has; its name, text, and the line of each field."""
    if kind == "bibtex":
        names = ("url", "pdf", "code", "html", "website")
        lines = ["@misc{k,", "  title = {T},", "  year = 2020,", *(f"  {n} = {{{url}}}," for n in names), "}"]
        return "a.bib", "\n".join(lines), {n: 4 + i for i, n in enumerate(names)}
    if kind == "csl":
        return "a.json", '[\n  {\n    "title": "T",\n    "URL": ' + json.dumps(url) + "\n  }\n]", {"URL": 2}
    if kind == "arxiv":
        quoted = url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        text = (
            '<feed xmlns="http://www.w3.org/2005/Atom">\n<title>arXiv</title>\n<entry>\n'
            "<id>http://arxiv.org/abs/2401.00001</id>\n<title>T</title>\n"
            f'<link href="{quoted}" rel="alternate"/>\n'
            f'<link title="pdf" href="{quoted}" rel="related"/>\n</entry>\n</feed>'
        )
        return "a.xml", text, {"link": 6, "pdf link": 7}
    document = {
        "group": [
            {
                "external-ids": {
                    "external-id": [
                        {"external-id-type": "uri", "external-id-value": url, "external-id-relationship": "self"}
                    ]
                },
                "work-summary": [
                    {"title": {"title": {"value": "T"}}, "url": {"value": url}, "path": "/0000-0002-1825-0097/work/1"}
                ],
            }
        ],
        "path": "/0000-0002-1825-0097/works",
    }
    text = json.dumps(document, indent=2)
    lines = text.split("\n")
    summary = next(i for i, line in enumerate(lines, 1) if '"work-summary"' in line) + 1
    external = next(i for i, line in enumerate(lines, 1) if '"external-id": [' in line) + 1
    return "a.json", text, {"url": summary, "uri": external}


@pytest.mark.parametrize("kind", ["bibtex", "csl", "arxiv", "orcid"])
@pytest.mark.parametrize("url", URL_ATTACKS)
def test_no_url_field_keeps_another_scheme(kind, url):
    name, text, field_lines = attack_file(kind, url)
    document, notes = read_text(decode(text.encode("utf-8"), name), AS_OF)
    (paper,) = document.papers
    assert [getattr(paper, f) for f in URL_FIELDS] == [None] * 4
    dropped = {
        (d.line, d.message.split(" ")[0] if not d.message.startswith("pdf link") else "pdf link")
        for d in notes
        if d.message.endswith("is not an http(s) address: dropped")
    }
    expected = {(line, field if field != "link" else "link") for field, line in field_lines.items()}
    assert dropped == expected, [str(d) for d in notes]


def test_string_macros_that_repeat_each_other_cannot_blow_up():
    """The billion laughs of BibTeX: each @string ten of the one before, 4 * 10**9 characters if expanded."""
    lines = [
        '@string{a0 = "lol "}',
        *(f"@string{{a{i} = " + " # ".join([f"a{i - 1}"] * 10) + "}" for i in range(1, 10)),
        "@misc{k, title = a9 # { end}, year = 2020}",
        "@misc{after, title = {After the Laughs}, year = 2021}",
    ]
    document, notes = read_text(decode("\n".join(lines).encode("utf-8"), "laughs.bib"), AS_OF)
    laughs, after = document.papers
    assert len(laughs.title) <= 100_000 and laughs.title.endswith(" end") and after.title == "After the Laughs"
    assert [(n.line, n.level.value, n.message) for n in notes] == [
        (6, "warning", "macros made '@string a5' 400,000 characters long: cut at 100,000"),
        (
            7,
            "warning",
            "the macro 'a5' in '@string a6' was left unexpanded: this file's macros already expand to more "
            "text than it could hold",
        ),
        (7, "warning", "macros made '@string a6' 500,010 characters long: cut at 100,000"),
        (
            8,
            "warning",
            "the macro 'a6' in '@string a7' was left unexpanded: this file's macros already expand to more "
            "text than it could hold",
        ),
    ]


# XML -----------------------------------------------------------------------------------------------------


def xml_attacks(secret: Path) -> dict[str, str]:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv</title><entry><id>http://arxiv.org/abs/2401.00001</id>'
        "<title>{title}</title></entry></feed>"
    )
    return {
        "billion laughs": billion_laughs(),
        "external file": external_entity(secret),
        "external http": '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM "http://127.0.0.1:9/pwned">]>\n'
        + feed.format(title="&x;"),
        "parameter entity": f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>\n'
        + feed.format(title="T"),
        "external dtd": f'<?xml version="1.0"?>\n<!DOCTYPE feed SYSTEM "file://{secret}">\n' + feed.format(title="T"),
        "quadratic blowup": '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "'
        + "x" * 50_000
        + '">]>\n'
        + feed.format(title="&a;" * 50_000),
    }


@pytest.mark.parametrize("attack", list(xml_attacks(Path("/x"))))
def test_xml_entities_and_external_references_are_refused_never_expanded(attack, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY, "utf-8")
    path = tmp_path / "response.xml"
    path.write_text(xml_attacks(secret)[attack], "utf-8")
    document, diagnostics, opened = read_recording(path)
    assert opened == []
    assert document is not None and document.papers == []
    assert [(d.line, d.level.value) for d in diagnostics] == [(2, "error")]
    assert "refused" in diagnostics[0].message and CANARY not in diagnostics[0].message
    assert str(diagnostics[0]).startswith(f"{path}:2: error: the XML declares")


# Nesting -------------------------------------------------------------------------------------------------


def test_braces_nested_20000_deep_are_read_and_the_next_entry_too():
    document, notes = read_text(decode(deep_braces().encode("utf-8"), "deep.bib"), AS_OF)
    assert [paper.title for paper in document.papers] == [MARKER, "After the Deep One"]
    assert [n for n in notes if n.level.value == "error"] == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", deep_json()),
        ("deep_orcid.json", '{"path": "/0000-0002-1825-0097/works", "group": [' + "[" * 100_000 + "]" * 100_000 + "]}"),
        (
            "deep.xml",
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv</title><entry><title>T</title>'
            + "<x>" * 50_000
            + "</x>" * 50_000
            + "<id>http://arxiv.org/abs/2401.00001</id></entry></feed>",
        ),
    ],
)
def test_deep_nesting_is_reported_or_read_never_a_crash(name, text):
    document, notes = read_text(decode(text.encode("utf-8"), name), AS_OF)
    assert isinstance(document, BibliographyDocument)
    assert all(n.line >= 0 and "\n" not in str(n) for n in notes)
    if name == "deep.xml":
        assert [p.title for p in document.papers] == ["T"]
    else:
        assert document.papers == [] and [n.level.value for n in notes][:1] == ["error"]


# Size ----------------------------------------------------------------------------------------------------

BIG_BYTES = 50_000_000
MEMORY_LIMIT = 4 << 30  # address space for the reading process: a 50 MB file must read well inside it
_BIG_READER = """
import datetime as dt, json, sys
from pathlib import Path
from generator.readers import read_paths
result = read_paths([Path(sys.argv[1])], dt.date(2026, 11, 22))
document = result.documents[0]
json.dump({"papers": len(document.papers), "last": document.papers[-1].title,
           "diagnostics": [str(d) for d in result.diagnostics]}, sys.stdout)
"""


def write_big_bib(path: Path) -> tuple[int, int]:
    """A 50 MB .bib of ordinary entries (accents, math, macros, names), with one broken entry in the middle;
    returns the number of readable entries and the line of the broken one."""
    entry = (
        "@inproceedings{{key{n},\n"
        "  title = {{Study {n} of {{M}}{{\\\"u}}ller's $\\mathcal{{O}}(n)$ Method --- Part {part}}},\n"
        '  author = {{M{{\\"u}}ller, J{{\\"o}}rg and Doe, Jane and Author{part}, Some and others}},\n'
        '  booktitle = conf # " {year}", year = {{{year}}}, month = jan,\n'
        "  doi = {{10.5555/big.{n}}}, url = {{https://example.org/{n}}}, eprint = {{2301.{n:05d}}},\n"
        "  abstract = {{We study the problem at length and report what we found. {filler}}},\n}}\n\n"
    )
    filler = "More words about it, and $x_{i}$ too. " * 12
    count, size, broken_line, line = 0, 0, 0, 2
    with path.open("w", encoding="utf-8") as out:
        out.write('@string{conf = "Proceedings of the Big Conference"}\n\n')
        while size < BIG_BYTES:
            if count == 40_000 and not broken_line:
                broken_line = line + 1
                broken = "@article{broken,\n  title = {An {Unbalanced Entry,\n  year = {2020},\n}\n\n"
                out.write(broken)
                line += broken.count("\n")
            text = entry.format(n=count, part=count % 97, year=1990 + count % 35, filler=filler)
            out.write(text)
            size += len(text)
            line += text.count("\n")
            count += 1
    return count, broken_line


@pytest.mark.slow
def test_a_50_mb_bib_reads_whole_within_a_memory_limit(tmp_path):
    import resource

    path = tmp_path / "huge.bib"
    entries, broken_line = write_big_bib(path)
    assert path.stat().st_size >= BIG_BYTES
    result = subprocess.run(
        [sys.executable, "-c", _BIG_READER, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT)),
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["papers"] == entries and data["last"].startswith(f"Study {entries - 1} of Müller's")
    assert [d for d in data["diagnostics"] if ": error: " in d] == [
        f"{path}:{broken_line}: error: this entry cannot be read (Unexpected block start: @inproceedings. Was still "
        "looking for field-value closing }): '@article{broken,' skipped; the entries after it are read"
    ]
