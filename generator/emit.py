"""Stage 5, emitting: the only code that writes generated pages to disk.

Each file is written atomically (temporary file, then rename) and only when its content changed. A
manifest records what the generator wrote, so a later run replaces and removes exactly those files:
a file not in the manifest (a hand-written page) is never changed or deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

log = logging.getLogger("mkdocs.plugins.portfolio.emit")

MANIFEST = ".portfolio-manifest.json"


class EmitError(Exception):
    """A page could not be written; the message names the file."""


@dataclass
class EmitReport:
    """What a run did to the output folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # hand-written files the generator left alone


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_target(root: Path, relative: str) -> Path:
    """The path of `relative` inside `root`; refuses anything that would leave the folder."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or any(part.startswith(".") for part in pure.parts):
        raise EmitError(f"refusing to write outside the output folder: {relative!r}")
    return root.joinpath(*pure.parts)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_manifest(root: Path) -> dict[str, str]:
    """The files a previous run generated here, with their hashes (empty when there is none)."""
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def emit_pages(root: Path, pages) -> EmitReport:
    """Bring the folder in line with `pages` (objects with `.path` and `.text`), touching only our files."""
    report = EmitReport()
    previous = read_manifest(root)
    current: dict[str, str] = {}
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise EmitError(f"two pages were generated for {page.path!r}")
        seen.add(page.path)
        target = safe_target(root, page.path)
        data = page.text.encode("utf-8")
        if target.exists() and page.path not in previous:
            report.skipped.append(page.path)
            log.warning(f"'{target}' was not written by the generator: left as it is")
            continue
        current[page.path] = digest(data)
        if target.exists() and previous.get(page.path) == current[page.path] and digest(target.read_bytes()) == current[page.path]:
            report.unchanged.append(page.path)
            continue
        atomic_write(target, data)
        report.written.append(page.path)
    for path in sorted(set(previous) - set(current)):
        target = safe_target(root, path)
        if target.exists() and digest(target.read_bytes()) == previous[path]:
            target.unlink()
            report.removed.append(path)
            _prune_empty_dirs(root, target.parent)
        elif target.exists():
            log.warning(f"'{target}' was generated before but has been edited since: left as it is")
    if current != previous or not (root / MANIFEST).exists():
        body = json.dumps({"generator": "portfolio", "files": dict(sorted(current.items()))}, indent=1, sort_keys=True)
        atomic_write(root / MANIFEST, (body + "\n").encode("utf-8"))
    return report


def _prune_empty_dirs(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
