"""A no-change re-run of `portfolio generate` or `portfolio build`: nothing is read, rendered or written.

After a run, a record is kept in `.cache/portfolio/` (where Material keeps its caches too; the output
folder itself stays byte-identical from run to run): a digest of everything the output depends on (the
generator's own code, the options, the "as of" day, SOURCE_DATE_EPOCH, and the name and bytes of every
source file; for a build also mkdocs.yml, the hand-written pages, the theme folder and the version of
every installed package), the diagnostics that run reported, and the size and modification time of
every file it left. A later run with the same digest over a folder whose files are all as recorded has
nothing to do: it reports the same diagnostics and stops. Anything else (a changed, added or removed
source, an edited or deleted output file, another version of the generator) runs the whole pipeline. As
`git` does with its index, a source whose size and modification time are those recorded is not read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from generator.diagnostics import Diagnostic, Level
from generator.environment import source_date_epoch_text
from generator.output.atomic import atomic_write
from generator.output.pages_folder import MANIFEST, read_manifest
from generator.readers import find_sources
from generator.readers.text import read_regular_file

CACHE = Path(".cache") / "portfolio"
PACKAGE = Path(__file__).resolve().parent.parent  # the generator package


def record_path(root: Path, kind: str = "generate") -> Path:
    """Where the record of the last run (`generate` or `build`) into `root` is kept."""
    name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:20]
    return CACHE / f"{kind}-{name}.json"


def previous_run(root: Path, kind: str = "generate") -> dict:
    """The record of the last run into `root` (empty when there is none or it cannot be read)."""
    try:
        record = json.loads(record_path(root, kind).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _code_digest() -> str:
    """The generator's own files: another version renders other pages."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".txt", ".json")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_digest(paths: list[Path], as_of: dt.date, options: dict, previous: dict) -> tuple[str, dict]:
    """A digest of everything a run's output depends on, and the state of each source file."""
    known = previous.get("sources") if isinstance(previous.get("sources"), dict) else {}
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(
        json.dumps(
            {"as_of": as_of.isoformat(), "options": options, "epoch": source_date_epoch_text()}, sort_keys=True
        ).encode()
    )
    files, notes = find_sources(paths, everything=True)  # settings files and photos too
    sources = {}
    for path, name in files:
        key = os.fsdecode(path)
        try:
            stat = os.stat(path)
            state = [stat.st_size, stat.st_mtime_ns]
            if known.get(key, [None, None])[:2] == state:
                content = known[key][2]
            else:
                content = hashlib.sha256(read_regular_file(path)).hexdigest()  # never opens a FIFO
            sources[key] = [*state, content]
        except OSError:
            content = "unreadable"
        digest.update(f"{key}\0{name}\0{content}\0".encode("utf-8", "surrogateescape"))
    digest.update("".join(map(str, notes)).encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), sources


def _states(root: Path, names) -> dict[str, list[int]] | None:
    """Size and modification time of each file, or None when one is missing."""
    base = os.fspath(root)
    states = {}
    for name in names:
        try:
            stat = os.stat(os.path.join(base, name), follow_symlinks=False)
        except OSError:
            return None
        states[name] = [stat.st_size, stat.st_mtime_ns]
    return states


def installed_packages() -> list[tuple[str, str]]:
    """Every installed distribution and its version: a site depends on the theme, MkDocs, its plugins..."""
    from importlib import metadata

    return sorted({(d.metadata["Name"] or "", d.version or "") for d in metadata.distributions()})


def tree_states(root: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under `root` (what a build left), by path relative to it,
    in one walk of the folder. A link is recorded as itself, never followed."""
    states = {}
    folders = [("", os.fspath(root))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    states[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]
    return states


def unchanged(root: Path, previous: dict, digest: str) -> tuple[list[Diagnostic], int] | None:
    """The diagnostics of the last run and how many files it left, when it had this digest and its output is
    untouched; else None."""
    try:
        if previous.get("digest") != digest:
            return None
        files = previous["files"]
        if previous.get("kind") == "build":
            try:
                if tree_states(root) != files:  # a file changed, went or was added
                    return None
            except OSError:
                return None
        elif _states(root, files) != files:
            return None
        diagnostics = [
            Diagnostic(d["file"], d["line"], Level(d["level"]), d["message"]) for d in previous["diagnostics"]
        ]
        return diagnostics, previous.get("count", len(files) - 1)  # generate: the manifest is not a generated file
    except (KeyError, TypeError, ValueError):
        return None


def remember(
    root: Path,
    digest: str,
    sources: dict,
    diagnostics: list[Diagnostic],
    kind: str = "generate",
    count: int | None = None,
) -> None:
    """Record this run, so that the next one with the same inputs can stop at once (`generate`: the files
    its manifest lists; `build`: every file of the site folder; `count`: what to report as made)."""
    path = record_path(root, kind)
    try:
        if kind == "generate":
            states = _states(root, [MANIFEST, *sorted(read_manifest(root))])
        else:
            states = dict(sorted(tree_states(root).items()))
        if states is None:  # the folder is not as this run left it: keep no record
            path.unlink(missing_ok=True)
            return
        record = {
            "kind": kind,
            "output": str(root.resolve()),
            "digest": digest,
            "sources": sources,
            "diagnostics": [d.as_dict() for d in diagnostics],
            "files": states,
        }
        if count is not None:
            record["count"] = count
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(record, separators=(",", ":")).encode("utf-8"))
    except OSError:  # no record, no harm: the next run does the whole work
        pass
