"""Turning a file's bytes into clean lines of text, with diagnostics for what had to be repaired."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, error, warning

BINARY_SAMPLE = 8192


def _latin1_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read those as Latin-1 rather than fail."""
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("portfolio-latin1", _latin1_fallback)
# C0 and C1 control characters (tab and newline are text) and the Unicode bidi overrides and
# isolates, which can make a name display as something it is not.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class SourceText:
    """A source file decoded to lines; `name` is how pages and data refer to it, `path` how messages do."""

    path: str
    name: str
    lines: list[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _looks_binary(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    # A few stray control bytes are damage to repair; many mean the file is not text at all.
    return (nuls > 8 and nuls * 100 > len(sample)) or (controls > 8 and controls * 10 > len(sample))


def decode(data: bytes, path: str, name: str | None = None) -> SourceText | Diagnostic:
    """Decode a file's bytes, or return the error that makes it unreadable."""
    name = name or Path(path).name
    if _looks_binary(data):
        return error(path, 0, "binary file, not text: skipped")
    notes: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        notes.append(warning(path, line, "not valid UTF-8; read as Windows-1252 (cp1252)"))
        text = data.decode("cp1252", errors="portfolio-latin1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return error(path, 0, "file is empty: skipped")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    removed_at = [i for i, line in enumerate(lines, 1) if _UNSAFE_CHARS.search(line)]
    if removed_at:
        lines = [_UNSAFE_CHARS.sub("", line) for line in lines]
        notes.append(warning(path, removed_at[0], f"removed control or bidi-override characters on {len(removed_at)} line(s)"))
    return SourceText(path=path, name=name, lines=lines, diagnostics=notes)


def read_source(path: Path, name: str | None = None) -> SourceText | Diagnostic:
    """Read and decode one file, or return the error that stops it being read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return error(str(path), 0, f"cannot read file: {exc.strerror or exc}")
    return decode(data, str(path), name)
