"""Stage 1, reading: find source files, pick each one's reader by sniffing its content, read it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Protocol

from generator.diagnostics import Diagnostic, Level, error, warning
from generator.readers import abstracts
from generator.readers import feed
from generator.readers import profile
from generator.readers.base import AbstractEntry, AbstractListDocument, Document, FeedDocument, ProfileDocument
from generator.readers.text import SourceText, decode

# Sniffed in this order; the first reader whose `sniff` accepts a file reads it.
READERS: tuple[ModuleType, ...] = (profile, abstracts, feed)

__all__ = [
    "READERS", "ReadResult", "SourceCache", "read_paths", "read_text", "find_sources", "sniff_kind",
    "Document", "ProfileDocument", "AbstractListDocument", "FeedDocument", "AbstractEntry", "SourceText",
]


@dataclass
class ReadResult:
    """The documents read from a set of paths, and every diagnostic met on the way."""

    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    as_of: dt.date | None = None  # the day dates without a year were resolved against


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


class SourceCache(Protocol):
    """What `read_paths` may be given to keep between runs (`generator.incremental.memo.ReadCache` is one):
    each file's documents by a digest of its name, the day and its bytes, and the last version of each file
    that read without errors."""

    last_good: dict[str, bytes]  # resolved path -> pickled document
    read: dict  # resolved path -> whatever `put` stored

    def get(self, key: str, digest: str): ...

    def put(self, key: str, digest: str, document, diagnostics) -> None: ...


def read_paths(paths: list[Path], as_of: dt.date, progress=None, cache: SourceCache | None = None) -> ReadResult:
    """Read every source file under `paths`; unreadable files become diagnostics, never exceptions.

    With a `cache` kept between runs (as `mkdocs serve` does), an unchanged file is not parsed again, and a
    file that now has errors is replaced by its last version that read without any, so a half-saved edit
    does not take pages down.
    """
    files, notes = find_sources(paths)
    result = ReadResult(diagnostics=notes)
    seen = set()
    for count, (path, name) in enumerate(files, 1):
        document, diagnostics = _read_one(path, name, as_of, cache)
        if cache is not None:
            key = str(path.resolve())
            seen.add(key)
            if not any(d.level is Level.ERROR for d in diagnostics) and document is not None:
                cache.last_good[key] = pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
            elif key in cache.last_good:
                document = pickle.loads(cache.last_good[key])
                diagnostics = [*diagnostics, warning(str(path), 0, "kept the last good version of this file until it reads without errors")]
        result.diagnostics.extend(diagnostics)
        if document is not None:
            result.documents.append(document)
        if progress:
            progress(count, len(files))
    if cache is not None:  # forget deleted files, so that a file saved again later is read afresh
        for known in (cache.read, cache.last_good):
            for key in [key for key in known if key not in seen]:
                del known[key]
    return result


def _read_one(path: Path, name: str, as_of: dt.date, cache: SourceCache | None):
    """One file's document (or None) and diagnostics, from the cache when its name, the day and its bytes are
    those of an earlier read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(str(path), 0, f"cannot read file: {exc.strerror or exc}")]
    if cache is None:
        return _parse(data, path, name, as_of)
    key = str(path.resolve())
    digest = hashlib.sha256(f"{path}\0{name}\0{as_of.isoformat()}\0".encode("utf-8", "surrogateescape") + data).hexdigest()
    found = cache.get(key, digest)
    if found is not None:
        return found
    document, diagnostics = _parse(data, path, name, as_of)
    cache.put(key, digest, document, diagnostics)
    return document, diagnostics


def _parse(data: bytes, path: Path, name: str, as_of: dt.date):
    source = decode(data, str(path), name)
    if isinstance(source, Diagnostic):
        return None, [source]
    return read_text(source, as_of)
