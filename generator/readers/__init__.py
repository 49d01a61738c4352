"""Stage 1, reading: find source files, pick each one's reader by sniffing its content, read it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ..diagnostics import Diagnostic, Level, error, warning
from . import abstracts, feed, profile
from .base import AbstractEntry, AbstractListDocument, Document, FeedDocument, ProfileDocument
from .text import SourceText, read_source

# Sniffed in this order; the first reader whose `sniff` accepts a file reads it.
READERS: tuple[ModuleType, ...] = (profile, abstracts, feed)

__all__ = [
    "READERS", "ReadResult", "read_paths", "read_text", "find_sources", "sniff_kind",
    "Document", "ProfileDocument", "AbstractListDocument", "FeedDocument", "AbstractEntry", "SourceText",
]


@dataclass
class ReadResult:
    """The documents read from a set of paths, and every diagnostic met on the way."""

    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def sniff_kind(source: SourceText) -> ModuleType | None:
    """The reader for this content, or None when it is none of the known kinds."""
    return next((reader for reader in READERS if reader.sniff(source)), None)


def read_text(source: SourceText, as_of: dt.date) -> tuple[Document | None, list[Diagnostic]]:
    """Read one decoded source with the reader its content calls for."""
    reader = sniff_kind(source)
    if reader is None:
        return None, [*source.diagnostics, error(source.path, 0, "unrecognised file: not an author profile, abstract list or daily-papers feed")]
    document = reader.read(source, as_of)
    return document, [*source.diagnostics, *document.diagnostics]


def find_sources(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Expand folders into their files (hidden ones skipped), each with the name pages will use.

    A link inside a folder that leads out of it is skipped with a warning: a folder of sources must
    not become a way to publish a file kept elsewhere (a path given on the command line is read as is).
    """
    found: list[tuple[Path, str]] = []
    notes: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            inside = path.resolve()
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        full = Path(root) / name
                        if full.is_symlink() and not full.resolve().is_relative_to(inside):
                            notes.append(warning(str(full), 0, f"a link to a file outside '{path}': skipped"))
                            continue
                        found.append((full, full.relative_to(path).as_posix()))
        elif path.is_file():
            found.append((path, path.name))
        else:
            notes.append(error(str(path), 0, "no such file or folder"))
    return found, notes


def read_paths(paths: list[Path], as_of: dt.date, progress=None, last_good: dict | None = None) -> ReadResult:
    """Read every source file under `paths`; unreadable files become diagnostics, never exceptions.

    With `last_good` (a dict kept between runs, as `mkdocs serve` does), a file that now has errors is
    replaced by its last version that read without any, so a half-saved edit does not take pages down.
    """
    files, notes = find_sources(paths)
    result = ReadResult(diagnostics=notes)
    for count, (path, name) in enumerate(files, 1):
        source = read_source(path, name)
        if isinstance(source, Diagnostic):
            document, diagnostics = None, [source]
        else:
            document, diagnostics = read_text(source, as_of)
        if last_good is not None:
            key = str(path.resolve())
            if not any(d.level is Level.ERROR for d in diagnostics) and document is not None:
                last_good[key] = document
            elif key in last_good:
                document = last_good[key]
                diagnostics = [*diagnostics, warning(str(path), 0, "kept the last good version of this file until it reads without errors")]
        result.diagnostics.extend(diagnostics)
        if document is not None:
            result.documents.append(document)
        if progress:
            progress(count, len(files))
    return result
