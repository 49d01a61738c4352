"""Turning a file's bytes into clean lines of text, with diagnostics for what had to be repaired."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, error, warning

BINARY_SAMPLE = 8192
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _latin1_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read those as Latin-1 rather than fail."""
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("portfolio-latin1", _latin1_fallback)
# C0 and C1 control characters (tab and newline are text); the Unicode bidi overrides, isolates and
# marks, which can make a name display as something it is not; and invisible characters that carry
# nothing a reader sees (zero-width space, word joiner, a BOM inside the text, invisible operators,
# interlinear annotations, tag characters used to smuggle hidden text). Zero-width (non-)joiners stay:
# some scripts and emoji need them.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


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


_NOT_CONTROL = bytes([9, 10, 12, 13, *range(32, 256)])


def _looks_binary(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = len(sample.translate(None, _NOT_CONTROL))  # bytes below 32 but tab, newline, form feed, return
    # A few stray control bytes are damage to repair; many mean the file is not text at all.
    return (nuls > 8 and nuls * 100 > len(sample)) or (controls > 8 and controls * 10 > len(sample))


def _decode_lines(data: bytes, path: str, notes: list[Diagnostic]) -> str:
    """UTF-8 where it is valid, cp1252 only for the lines that are not: a damaged line spoils no other."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    fallback: list[int] = []
    for number, raw in enumerate(lines, 1):
        try:
            lines[number - 1] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if number == len(lines) and exc.reason == "unexpected end of data":
                # The download stopped inside the last character: keep everything before it.
                lines[number - 1] = raw[: exc.start].decode("utf-8")
                notes.append(warning(path, number, f"file ends inside a character (cut off?): dropped {len(raw) - exc.start} byte(s)"))
            else:
                lines[number - 1] = raw.decode("cp1252", errors="portfolio-latin1")
                fallback.append(number)
    if fallback:
        notes.append(warning(path, fallback[0], f"not valid UTF-8 on {len(fallback)} line(s); read those as Windows-1252 (cp1252)"))
    return "\n".join(lines)


def decode(data: bytes, path: str, name: str | None = None) -> SourceText | Diagnostic:
    """Decode a file's bytes, or return the error that makes it unreadable."""
    name = name or Path(path).name
    for bom, encoding in UTF16_BOMS:
        if data.startswith(bom):  # Windows editors save "Unicode" text as UTF-16: not binary
            data = data[len(bom):].decode(encoding, errors="replace").encode("utf-8")
            break
    if _looks_binary(data):
        return error(path, 0, "binary file, not text: skipped")
    notes: list[Diagnostic] = []
    text = _decode_lines(data, path, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return error(path, 0, "file is empty: skipped")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    removed_at = [i for i, line in enumerate(lines, 1) if _UNSAFE_CHARS.search(line)]
    if removed_at:
        lines = [_UNSAFE_CHARS.sub("", line) for line in lines]
        if not any(line.strip() for line in lines):
            return error(path, 0, "file holds only control or invisible characters: skipped")
        notes.append(warning(path, removed_at[0], f"removed control, bidi-override or invisible characters on {len(removed_at)} line(s)"))
    return SourceText(path=path, name=name, lines=lines, diagnostics=notes)


def read_source(path: Path, name: str | None = None) -> SourceText | Diagnostic:
    """Read and decode one file, or return the error that stops it being read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return error(str(path), 0, f"cannot read file: {exc.strerror or exc}")
    return decode(data, str(path), name)
