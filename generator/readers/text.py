"""Turning a file's bytes into clean lines of text, with diagnostics for what had to be repaired."""

from __future__ import annotations

import codecs
import os
import re
import stat
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
# Characters shown as blank space or as nothing at all, which no name, title or abstract needs. Blank ones
# (C0 and C1 control characters but tab and newline, DEL, and the Hangul and braille fillers that render as an
# empty glyph) stood where a separator was, so between two words they become a space; elsewhere, like the
# invisible ones, they are removed. Invisible: the Unicode bidi overrides, isolates and marks, which can make a
# name display as something it is not, and the default-ignorable characters that carry nothing a reader sees
# (zero-width space, word joiner, a BOM inside the text, soft hyphen, combining grapheme joiner, Khmer
# inherent vowels, the Mongolian vowel separator, invisible operators, deprecated format characters,
# interlinear annotations, shorthand and musical format controls, tag characters used to smuggle hidden
# text). Zero-width (non-)joiners and variation selectors stay: some scripts and emoji need them.
_BLANK = "\x00-\x08\x0b-\x1f\x7f-\x9f\u115f\u1160\u3164\uffa0\u2800"
_INVISIBLE = (
    "\u00ad\u034f\u061c\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_UNSAFE_CHARS = re.compile(f"[{_BLANK}{_INVISIBLE}]")
_BLANK_CHAR = re.compile(f"[{_BLANK}]")
# A run of them between two word characters (one run, never backtracked into: linear on any line).
_RUN_BETWEEN_WORDS = re.compile(f"(?<=[^\\W{_BLANK}])[{_BLANK}{_INVISIBLE}]+(?=[^\\W{_BLANK}])")


def _space_if_blank(run: re.Match) -> str:
    return " " if _BLANK_CHAR.search(run[0]) else ""


def remove_unsafe_characters(line: str) -> str:
    """The line without control, bidi-override and invisible characters; blank ones between two words
    become a space (`Ada\\x00Lovelace` is two words, not one)."""
    return _UNSAFE_CHARS.sub("", _RUN_BETWEEN_WORDS.sub(_space_if_blank, line))


class NotRegularFile(OSError):
    """A FIFO, device or socket where a source file was expected: reading one could block for ever."""

    def __init__(self, path, mode: int):
        super().__init__(f"not a regular file ({file_kind(mode)})")
        self.filename = os.fspath(path)
        self.strerror = str(self.args[0])


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, from its `st_mode`."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "not a file"


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device or socket raises NotRegularFile without being opened.

    The file is looked at (stat) before it is opened, and opened without blocking and looked at again
    through the opened handle, so a file replaced by a FIFO between the two looks cannot block either.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as file:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        return file.read()


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
        data = data[len(UTF8_BOM) :]
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
                notes.append(
                    warning(
                        path, number, f"file ends inside a character (cut off?): dropped {len(raw) - exc.start} byte(s)"
                    )
                )
            else:
                lines[number - 1] = raw.decode("cp1252", errors="portfolio-latin1")
                fallback.append(number)
    if fallback:
        notes.append(
            warning(
                path, fallback[0], f"not valid UTF-8 on {len(fallback)} line(s); read those as Windows-1252 (cp1252)"
            )
        )
    return "\n".join(lines)


def decode(data: bytes, path: str, name: str | None = None) -> SourceText | Diagnostic:
    """Decode a file's bytes, or return the error that makes it unreadable."""
    name = name or Path(path).name
    for bom, encoding in UTF16_BOMS:
        if data.startswith(bom):  # Windows editors save "Unicode" text as UTF-16: not binary
            data = data[len(bom) :].decode(encoding, errors="replace").encode("utf-8")
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
        for number in removed_at:
            lines[number - 1] = remove_unsafe_characters(lines[number - 1])
        if not any(line.strip() for line in lines):
            return error(path, 0, "file holds only control or invisible characters: skipped")
        notes.append(
            warning(
                path,
                removed_at[0],
                f"removed control, bidi-override or invisible characters on {len(removed_at)} line(s)",
            )
        )
    return SourceText(path=path, name=name, lines=lines, diagnostics=notes)


def read_source(path: Path, name: str | None = None) -> SourceText | Diagnostic:
    """Read and decode one file, or return the error that stops it being read."""
    try:
        data = read_regular_file(path)
    except OSError as exc:
        return error(str(path), 0, f"cannot read file: {exc.strerror or exc}")
    return decode(data, str(path), name)
