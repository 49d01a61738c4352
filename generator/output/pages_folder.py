"""Stage 5, emitting: the only code that writes generated pages to disk.

A run first decides everything (what to write, keep and remove), then writes every new file beside
its target under a temporary name, and only then swaps them all in, with Ctrl-C held back: a failure
at any point before or during the swap puts the folder back exactly as it was. Only changed files are
written. A manifest records what the generator wrote, so a later run replaces and removes exactly
those files: a file not in the manifest (a hand-written page) is never changed or deleted. A folder
that holds visible files but no manifest, or a system, home or project folder, is refused before
anything in it is looked at (site_folder.check_output_folder).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.output.atomic import (
    atomic_write,
    interrupts_deferred,
    keep_aside,
    scratch_files,
    scratch_name,
    stage_file,
)
from generator.output.site_folder import MARKER, PAGES, SiteDirError, check_output_folder

log = logging.getLogger("mkdocs.plugins.portfolio.emit")

MANIFEST = MARKER  # the manifest of generated pages is the generator's marker of the folder


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


class Targets:
    """The paths of files inside `root`; refuses anything that would leave the folder. Each folder on the
    way is checked for links once, not once per file (resolving every file's folder was a fifth of
    `portfolio generate` at 20,000 papers)."""

    def __init__(self, root: Path):
        self.root = root
        self._real_root = root.resolve()
        self._inside: dict[Path, bool] = {}  # folder -> whether it resolves to a place inside the root

    def __call__(self, relative: str) -> Path:
        pure = PurePosixPath(relative)
        parts = pure.parts
        if (
            pure.is_absolute()
            or ".." in parts
            or not parts
            or any(part.startswith(".") for part in parts)
            or any(character in relative for character in "\\:\0")
        ):
            raise EmitError(f"refusing to write outside the output folder: {relative!r}")
        target = self.root.joinpath(*parts)
        folder = target.parent
        inside = self._inside.get(folder)
        if inside is None:
            inside = self._inside[folder] = folder.resolve().is_relative_to(self._real_root)
        if not inside:  # a symbolic link on the way out
            raise EmitError(f"refusing to write outside the output folder: {relative!r} leads out through a link")
        return target


def read_manifest(root: Path) -> dict[str, set[str]]:
    """The files a previous run generated here, each with the hashes it may have (empty when none).

    A run stopped in the middle of its swap leaves both the new (`files`) and the old (`pending`)
    hashes: the files are ours in either state.
    """
    data = _manifest_data(root)
    known: dict[str, set[str]] = {}
    try:
        for section in ("files", "pending"):
            for path, hashes in data.get(section, {}).items():
                known.setdefault(str(path), set()).update([hashes] if isinstance(hashes, str) else map(str, hashes))
    except (AttributeError, TypeError):
        return {}
    return known


def _manifest_data(root: Path) -> dict:
    """The manifest as read; empty when there is none. A manifest that cannot be read stops the run:
    without it nothing in the folder could be told apart from a hand-written file."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise EmitError(f"cannot read '{path}': {exc.strerror or exc}") from None
    except ValueError:
        log.warning(f"'{path}' is damaged: every file in the folder is treated as hand-written")
        return {}
    return data if isinstance(data, dict) else {}


def _clear_scratch(root: Path) -> None:
    """Delete the temporary files a run killed during its swap left behind (named so no one else's match)."""
    if root.is_dir():
        for scratch in scratch_files(root):
            scratch.unlink()


@dataclass
class _Plan:
    """Everything a run will do, decided before anything is touched."""

    writes: dict[str, bytes] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # the new manifest
    report: EmitReport = field(default_factory=EmitReport)


def emit_pages(root: Path, pages) -> EmitReport:
    """Bring the folder in line with `pages` (objects with `.path` and `.text`), touching only our files.

    Refuses (EmitError) a folder that is not new, empty or ours (see site_folder.check_output_folder)."""
    try:
        check_output_folder(root, PAGES)
    except SiteDirError as exc:
        raise EmitError(str(exc)) from None
    previous = read_manifest(root)
    _clear_scratch(root)
    plan = _plan(root, pages, previous)
    manifest = root / MANIFEST
    if (
        plan.writes
        or plan.removals
        or not manifest.exists()
        or set(previous) != set(plan.files)
        or any(previous[path] != {hashed} for path, hashed in plan.files.items())
    ):
        _commit(root, plan, previous)
    return plan.report


def _plan(root: Path, pages, previous: dict[str, set[str]]) -> _Plan:
    plan = _Plan()
    report = plan.report
    seen: set[str] = set()
    targets = Targets(root)
    for page in pages:
        if page.path in seen:
            raise EmitError(f"two pages were generated for {page.path!r}")
        seen.add(page.path)
        target = targets(page.path)
        data = page.text if isinstance(page.text, bytes) else page.text.encode("utf-8")
        if os.path.lexists(target) and page.path not in previous:
            report.skipped.append(page.path)
            log.warning(f"'{target}' was not written by the generator: left as it is")
            continue
        plan.files[page.path] = hashed = digest(data)
        if hashed in previous.get(page.path, ()) and _content_hash(target) == hashed:
            report.unchanged.append(page.path)
        else:
            plan.writes[page.path] = data
            report.written.append(page.path)
    for path in sorted(set(previous) - set(plan.files)):
        try:
            target = targets(path)
        except EmitError:
            log.warning(f"ignoring {path!r} in '{root / MANIFEST}': not a path inside the folder")
            continue
        if _content_hash(target) in previous[path]:
            plan.removals.append(path)
            report.removed.append(path)
        elif os.path.lexists(target):
            log.warning(f"'{target}' was generated before but has been edited since: left as it is")
    return plan


def _content_hash(path: Path) -> str | None:
    """The hash of a regular file's bytes, or None for anything else (missing, a folder, a link)."""
    if path.is_symlink() or not path.is_file():
        return None
    return digest(path.read_bytes())


def _commit(root: Path, plan: _Plan, previous: dict[str, set[str]]) -> None:
    """Stage every new file, then swap them all in; on any failure put everything back."""
    if not root.is_dir():
        root.mkdir(parents=True)
    created: list[Path] = []
    staged: dict[str, Path] = {}
    manifest = root / MANIFEST
    old_manifest = manifest.read_bytes() if manifest.is_file() else None
    targets = Targets(root)  # checked again: the folders may have changed since the plan
    try:
        for path, data in plan.writes.items():
            target = targets(path)
            _make_folders(root, target.parent, created)
            staged[path] = stage_file(target, data)
        with interrupts_deferred():
            _swap(root, plan, previous, staged, old_manifest)
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        for folder in reversed(created):
            _remove_if_empty(folder)
        raise
    for path in plan.removals:
        _prune_empty_dirs(root, targets(path).parent)


def _swap(root: Path, plan: _Plan, previous: dict[str, set[str]], staged: dict[str, Path], old_manifest) -> None:
    manifest = root / MANIFEST
    # Written first, so that a run killed during the swap still knows both states are ours.
    _write_manifest(manifest, plan.files, pending={path: sorted(hashes) for path, hashes in previous.items()})
    done: list[tuple[Path, Path | None]] = []  # (target, where its old file is kept, if it had one)
    kept: list[Path] = []
    targets = Targets(root)
    try:
        for path in [*staged, *plan.removals]:
            target = targets(path)
            backup = None
            if os.path.lexists(target) and not target.is_dir():
                backup = scratch_name(target, ".bak")
                keep_aside(target, backup)
                kept.append(backup)
            if path in staged:
                os.replace(staged[path], target)
            else:
                target.unlink()
            done.append((target, backup))
        _write_manifest(manifest, plan.files)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        for backup in kept:
            backup.unlink(missing_ok=True)
        if old_manifest is None:
            manifest.unlink(missing_ok=True)
        else:
            atomic_write(manifest, old_manifest)
        raise
    for backup in kept:
        try:
            backup.unlink()
        except OSError as exc:  # the new pages are in place; the next run clears what is left
            log.warning(f"could not remove the scratch file '{backup}': {exc.strerror or exc}")


def _write_manifest(manifest: Path, files: dict[str, str], pending: dict[str, list[str]] | None = None) -> None:
    data = {"generator": "portfolio", "kind": PAGES, "files": dict(sorted(files.items()))}
    if pending is not None:
        data["pending"] = dict(sorted(pending.items()))
    atomic_write(manifest, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def _make_folders(root: Path, folder: Path, created: list[Path]) -> None:
    """Create `folder` and its missing parents inside `root`, remembering which were new."""
    missing = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir()
        created.append(new)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _prune_empty_dirs(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
