"""Stage 1, reading: find source files, pick each one's reader by sniffing its content, read it."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Protocol

from generator.diagnostics import Diagnostic, error, has_errors, warning
from generator.output.atomic import atomic_write
from generator.readers import abstracts, arxiv, bibtex, csl, feed, orcid, profile
from generator.readers.base import (
    AbstractEntry,
    AbstractListDocument,
    BibliographyDocument,
    Document,
    FeedDocument,
    Owner,
    ProfileDocument,
    ReadFailure,
    SourceError,
)
from generator.readers.text import SourceText, decode, file_kind, read_regular_file

# Sniffed in this order; the first reader whose `sniff` accepts a file reads it. The saved pages come first,
# so a page is read as it always was; the bibliographies' sniffers look for their formats' own syntax.
READERS: tuple[ModuleType, ...] = (profile, abstracts, feed, orcid, csl, arxiv, bibtex)
# Files beside the sources that are not sources: researchers' settings files (generator/settings reads them) and
# the photos they name.
SETTINGS_SUFFIXES = (".yml", ".yaml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")

__all__ = [
    "READERS",
    "LastCompleteStore",
    "ReadResult",
    "SourceCache",
    "read_paths",
    "read_text",
    "find_sources",
    "sniff_kind",
    "Document",
    "ProfileDocument",
    "AbstractListDocument",
    "FeedDocument",
    "BibliographyDocument",
    "Owner",
    "AbstractEntry",
    "SourceText",
    "SETTINGS_SUFFIXES",
    "IMAGE_SUFFIXES",
    "is_source_name",
]


UNRECOGNISED = (
    "unrecognised file: not an author profile, abstract list, daily-papers feed, BibTeX file, "
    "CSL-JSON export, arXiv API response or ORCID works list"
)


@dataclass
class ReadResult:
    """The documents read from a set of paths, and every diagnostic met on the way."""

    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    as_of: dt.date | None = None  # the day dates without a year were resolved against
    settings: list = field(default_factory=list)  # the researchers' settings files (generator/settings), loaded


def sniff_kind(source: SourceText) -> ModuleType | None:
    """The reader for this content, or None when it is none of the known kinds."""
    return next((reader for reader in READERS if reader.sniff(source)), None)


def read_text(source: SourceText, as_of: dt.date) -> tuple[Document | None, list[Diagnostic]]:
    """Read one decoded source with the reader its content calls for; any failure becomes its error."""
    try:
        reader = sniff_kind(source)
        if reader is None:
            return None, [*source.diagnostics, error(source.path, 0, UNRECOGNISED)]
        document = reader.read(source, as_of)
    except Exception as failure:  # a bug or an input nobody thought of: this file is skipped, not the site
        return None, [*source.diagnostics, failure_diagnostic(source.path, failure)]
    return document, [*source.diagnostics, *document.diagnostics]


def failure_diagnostic(path: str, failure: Exception) -> Diagnostic:
    """The error a failure while reading a file becomes, at the line being read when it happened (if known)."""
    if isinstance(failure, SourceError):
        return error(path, failure.line, failure.message)
    line, cause = (failure.line, failure.cause) if isinstance(failure, ReadFailure) else (0, failure)
    detail = " ".join(str(cause).split())[:200]
    return error(
        path,
        line,
        f"could not read this file (unexpected {type(cause).__name__}{': ' if detail else ''}{detail}): file skipped",
    )


def is_source_name(name: str) -> bool:
    """False for a settings file or an image: they sit beside the sources but are not read as sources."""
    return not name.lower().endswith(SETTINGS_SUFFIXES + IMAGE_SUFFIXES)


def find_sources(paths: list[Path], everything: bool = False) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Expand folders into their regular files (hidden ones, settings files and images skipped, unless
    `everything`: what a build depends on), each with the name pages will use.

    Only regular files are listed: reading a FIFO, device or socket could block for ever, so one found in a
    folder is skipped with a warning and one named as a path is an error (nothing is opened to find out).
    A folder that cannot be read is an error; a link that leads nowhere or loops is skipped with a warning,
    and so is a link inside a folder that leads out of it: a folder of sources must not become a way to
    publish a file kept elsewhere (a path given on the command line is read as is).
    """
    found: list[tuple[Path, str]] = []
    notes: list[Diagnostic] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            missing = exc.errno == errno.ENOENT
            notes.append(
                error(str(path), 0, "no such file or folder" if missing else f"cannot read: {exc.strerror or exc}")
            )
            continue
        if stat.S_ISDIR(mode):
            _find_in_folder(path, found, notes, everything)
        elif stat.S_ISREG(mode):
            found.append((path, path.name))
        else:
            notes.append(error(str(path), 0, f"not a regular file ({file_kind(mode)}): skipped"))
    return found, notes


def _find_in_folder(
    top: Path, found: list[tuple[Path, str]], notes: list[Diagnostic], everything: bool = False
) -> None:
    """The regular files under `top`, in the order `os.walk` gives (a folder's files, then its folders
    in turn, names sorted); a link to a folder is not followed."""
    inside = Path(os.path.realpath(top))
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            notes.append(error(str(folder), 0, f"cannot read this folder: {exc.strerror or exc}: skipped"))
            continue
        subfolders = []
        for entry in entries:
            full = Path(folder) / entry.name
            link = entry.is_symlink()
            try:
                if link:
                    mode = entry.stat().st_mode  # the target's: a link that loops or leads nowhere raises
                    if not Path(os.path.realpath(full)).is_relative_to(inside):
                        kind = "folder" if stat.S_ISDIR(mode) else "file"
                        notes.append(warning(str(full), 0, f"a link to a {kind} outside '{top}': skipped"))
                        continue
                    if stat.S_ISDIR(mode):
                        continue  # its files are read where they are
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(full)
                    continue
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                what = "a link that cannot be followed" if link else "cannot read"
                notes.append(warning(str(full), 0, f"{what} ({exc.strerror or exc}): skipped"))
                continue
            if stat.S_ISREG(mode):
                if everything or is_source_name(entry.name):
                    found.append((full, full.relative_to(top).as_posix()))
            else:
                notes.append(warning(str(full), 0, f"not a regular file ({file_kind(mode)}): skipped"))
        folders.extend(reversed(subfolders))


class SourceCache(Protocol):
    """What `read_paths` may be given to keep between runs (`generator.incremental.memo.ReadCache` is one):
    each file's documents by a digest of its name, the day and its bytes, and the last version of each file
    that read whole and without errors."""

    last_good: dict[str, bytes]  # resolved path -> pickled document
    read: dict  # resolved path -> whatever `put` stored

    def get(self, key: str, digest: str): ...

    def put(self, key: str, digest: str, document, diagnostics) -> None: ...


class LastCompleteStore:
    """The bytes of the last complete version of each source file, kept on disk from build to build, so a
    build from a file cut off half way (saved half way, a download that stopped) shows its last complete
    version instead. What `ReadCache.last_good` is to one `mkdocs serve` session, this is to every build.

    One file per source in `folder`, named by a digest of the source's resolved path. A store that cannot
    be read or written is no harm: the sources are then read as they are.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def of_project(cls, root: Path) -> LastCompleteStore:
        """The store of the portfolio in `root`: `.cache/portfolio/` beside its mkdocs.yml, where builds keep their records."""
        return cls(Path(root) / ".cache" / "portfolio" / "last-complete")

    def _path(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}.source"

    def get(self, key: str) -> bytes | None:
        """The last complete version of the source at this resolved path, if one was kept."""
        try:
            return read_regular_file(self._path(key))
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` as the last complete version of the source at this resolved path."""
        path = self._path(key)
        try:
            if path.stat().st_size == len(data) and read_regular_file(path) == data:
                return  # kept already: most builds change few files
        except OSError:
            pass
        try:
            atomic_write(path, data)
        except OSError:
            pass


def read_paths(
    paths: list[Path],
    as_of: dt.date,
    progress=None,
    cache: SourceCache | None = None,
    store: LastCompleteStore | None = None,
) -> ReadResult:
    """Read every source file under `paths`; unreadable files become diagnostics, never exceptions.

    A file that fails to read is skipped with its error; the others are read. With a `cache` kept between
    runs (as `mkdocs serve` does), an unchanged file is not parsed again, and a file that now has errors is
    replaced by its last version that read without any, so a half-saved edit does not take pages down. With
    a `store` (builds), a file cut off half way is replaced by its last complete version kept there.
    """
    files, notes = find_sources(paths)
    result = ReadResult(diagnostics=notes)
    seen = set()
    for count, (path, name) in enumerate(files, 1):
        key = os.path.realpath(path)  # never raises, not even on a link that loops
        seen.add(key)
        try:
            data, document, diagnostics = _read_one(path, name, key, as_of, cache)
        except Exception as failure:  # a failure outside the readers (decoding, the cache): this file only
            data, document, diagnostics = None, None, [failure_diagnostic(str(path), failure)]
        whole = document is not None and document.complete
        if store is not None and whole:
            store.put(key, data)
        if cache is not None and whole and not has_errors(diagnostics):
            cache.last_good[key] = pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
        elif cache is not None and key in cache.last_good:  # errors, or cut off: the last good version of this session
            document = pickle.loads(cache.last_good[key])
            diagnostics = [
                *diagnostics,
                warning(str(path), 0, "kept the last good version of this file until it reads without errors"),
            ]
        elif (
            store is not None and document is not None and not whole
        ):  # cut off: the last complete version of any build
            document, diagnostics = _last_complete(store, key, path, name, as_of, document, diagnostics)
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


def _last_complete(store: LastCompleteStore, key: str, path: Path, name: str, as_of: dt.date, document, diagnostics):
    """The document of the file's last complete version in the store (with this version's diagnostics and a
    warning saying so), or the document read when the store holds none."""
    kept = store.get(key)
    if kept is None:
        return document, diagnostics
    try:
        earlier, _ = _parse(kept, path, name, as_of)
    except Exception:  # a stored version that fails to read is no better than none
        return document, diagnostics
    if earlier is None or not earlier.complete:
        return document, diagnostics
    return earlier, [
        *diagnostics,
        warning(
            str(path),
            0,
            "the file is incomplete: built from its last complete version "
            "(kept by an earlier build) until it is whole again",
        ),
    ]


def _read_one(path: Path, name: str, key: str, as_of: dt.date, cache: SourceCache | None):
    """One file's bytes (None when unreadable), document (or None) and diagnostics, from the cache when its
    name, the day and its bytes are those of an earlier read."""
    try:
        data = read_regular_file(path)
    except OSError as exc:
        return None, None, [error(str(path), 0, f"cannot read file: {exc.strerror or exc}")]
    if cache is None:
        return (data, *_parse(data, path, name, as_of))
    digest = hashlib.sha256(
        f"{path}\0{name}\0{as_of.isoformat()}\0".encode("utf-8", "surrogateescape") + data
    ).hexdigest()
    found = cache.get(key, digest)
    if found is not None:
        return (data, *found)
    document, diagnostics = _parse(data, path, name, as_of)
    cache.put(key, digest, document, diagnostics)
    return data, document, diagnostics


def _parse(data: bytes, path: Path, name: str, as_of: dt.date):
    source = decode(data, str(path), name)
    if isinstance(source, Diagnostic):
        return None, [source]
    return read_text(source, as_of)
