"""Reader for abstract lists: one `Abstract:` line per paper, no titles."""

from __future__ import annotations

import datetime as dt

from generator.diagnostics import Diagnostic, warning
from generator.readers.base import AbstractEntry, AbstractListDocument, clean, reading
from generator.readers.text import SourceText

KIND = "abstracts"
PREFIX = "Abstract:"


def sniff(source: SourceText) -> bool:
    """Most non-blank lines, the first among them, start with `Abstract:`."""
    lines = [line.strip() for line in source.lines if line.strip()]
    starts = sum(1 for line in lines if line.startswith(PREFIX))
    return bool(lines) and lines[0].startswith(PREFIX) and starts * 2 >= len(lines)


def read(source: SourceText, as_of: dt.date) -> AbstractListDocument:
    """Read every `Abstract:` line; a stray line continues the abstract before it."""
    notes: list[Diagnostic] = []
    entries: list[AbstractEntry] = []
    for number, raw in enumerate(source.lines, 1):
        line = raw.strip()
        if not line:
            continue
        with reading(number):
            if line.startswith(PREFIX):
                text = clean(line[len(PREFIX) :])
                if text:
                    entries.append(AbstractEntry(line=number, text=text))
                else:  # nothing was there to lose
                    notes.append(warning(source.path, number, "empty abstract: skipped"))
            elif entries:
                previous = entries.pop()
                entries.append(AbstractEntry(line=previous.line, text=f"{previous.text} {clean(line)}"))
                notes.append(warning(source.path, number, "line without 'Abstract:' joined to the abstract before it"))
    return AbstractListDocument(source=source, entries=entries, diagnostics=notes)
