"""Output folders on disk: whose they are, which the generator may fill or replace, and the built site,
built aside and swapped in whole on success.

A folder is the generator's when it holds its marker, `.portfolio-manifest.json`, saying what it holds: a
built site (which a build replaces whole, as MkDocs empties its site_dir) or generated pages (which
`portfolio generate` updates file by file). A folder without the marker is filled only when it holds
nothing but hidden entries (which neither a build nor MkDocs removes); system folders, the home folder,
the current folder and project folders (holding mkdocs.yml) are never written into at all.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from generator.output.atomic import NEW_FOLDER, atomic_write, recover_folder, replace_folder, sibling_folder

MARKER = ".portfolio-manifest.json"
SITE, PAGES = "site", "pages"  # what the marker says a folder holds
UNREADABLE = "unreadable"  # a marker that is there but cannot be read
# The whole marker of a built site: it is published with the site, so it says nothing but whose it is.
SITE_MARKER = (json.dumps({"generator": "portfolio", "kind": SITE}, sort_keys=True) + "\n").encode("utf-8")
# Folders of the operating system (Linux, macOS): never an output folder, even when empty.
SYSTEM_FOLDERS = frozenset(
    Path(p)
    for p in (
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/home",
        "/lib",
        "/lib32",
        "/lib64",
        "/libx32",
        "/media",
        "/mnt",
        "/opt",
        "/proc",
        "/root",
        "/run",
        "/sbin",
        "/snap",
        "/srv",
        "/sys",
        "/tmp",
        "/usr",
        "/var",
        "/usr/bin",
        "/usr/lib",
        "/usr/local",
        "/usr/local/bin",
        "/usr/sbin",
        "/usr/share",
        "/var/lib",
        "/var/log",
        "/var/tmp",
        "/Applications",
        "/Library",
        "/System",
        "/Users",
        "/Volumes",
        "/private",
        "/private/tmp",
        "/private/var",
    )
)


class SiteDirError(Exception):
    """The output folder cannot be used; the message says which and why, in one line."""


def folder_owner(folder: Path) -> str | None:
    """What the generator's marker in `folder` says it holds (SITE or PAGES), UNREADABLE for a marker that
    cannot be read, or None when there is no marker (a link named like it does not count)."""
    path = folder / MARKER
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return UNREADABLE
    if not isinstance(data, dict) or data.get("generator") != "portfolio":
        return UNREADABLE
    kind = data.get("kind", PAGES if isinstance(data.get("files"), dict) else None)  # older manifests: pages
    return kind if kind in (SITE, PAGES) else UNREADABLE


def _never_written(folder: Path, project_root: Path | None) -> str | None:
    """Why the generator must never write into `folder` whatever it holds, or None."""
    real = folder.resolve()
    if real == Path(real.anchor) or real in SYSTEM_FOLDERS:
        return "a system folder"
    for place, what in (
        (_home, "your home folder"),
        (Path.cwd, "the current folder"),
        (lambda: project_root, "the project folder"),
    ):
        try:
            place = place()
        except (OSError, RuntimeError):  # no home folder known, or the current one was deleted
            continue
        if place is None:
            continue
        place = place.resolve()
        if real == place:
            return what
        if real in place.parents:
            return f"a folder that holds {what}"
    if (real / "mkdocs.yml").exists():
        return "a project folder (it holds mkdocs.yml)"
    return None


def _home() -> Path | None:
    home = Path.home()
    return None if home == Path(home.anchor) else home  # HOME=/ in some containers: / is refused anyway


def check_output_folder(folder: Path, kind: str, project_root: Path | None = None) -> None:
    """Refuse, in one line saying why and what to do instead, a folder the generator may not replace with a
    built site (kind SITE) or fill with generated pages (kind PAGES). Looks at the folder itself only, never
    inside its sub-folders."""
    why = _never_written(folder, project_root)
    if why is not None:
        raise SiteDirError(f"{folder} is {why}: the generator never writes there; choose a new or empty folder")
    if not os.path.lexists(folder):
        return
    if not folder.is_dir():
        raise SiteDirError(f"{folder} exists and is not a folder: remove it or choose another folder")
    if not any(not name.startswith(".") for name in os.listdir(folder)):
        return  # nothing a build or MkDocs would remove: hidden entries are kept
    owner = folder_owner(folder)
    if kind == SITE and owner != SITE:
        held = (
            "pages 'portfolio generate' wrote, and maybe your own"
            if owner == PAGES
            else f"files this generator did not build (no {MARKER} of a built site)"
        )
        raise SiteDirError(
            f"{folder} holds {held}: a build would empty it, so it is left alone; build into a new "
            "or empty folder with -d DIR, or empty it yourself (also when an older version built it)"
        )
    if kind == PAGES and owner not in (PAGES, UNREADABLE):
        held = (
            "a built site, which a build replaces whole"
            if owner == SITE
            else f"files this generator did not write (no {MARKER})"
        )
        raise SiteDirError(
            f"{folder} holds {held}: it is left alone; generate into a new or empty folder "
            "(your own pages can go in afterwards)"
        )


def claim_site_dir(site_dir: Path, project_root: Path | None = None) -> None:
    """Check that a build may empty `site_dir`, then mark it as a built site, so later builds may replace it."""
    check_output_folder(site_dir, SITE, project_root)
    marker = site_dir / MARKER
    if folder_owner(site_dir) != SITE or marker.read_bytes() != SITE_MARKER:
        atomic_write(marker, SITE_MARKER)  # makes the folder if need be


def build_aside(site_dir: Path, build_into: Callable[[Path], None], project_root: Path | None = None) -> Path:
    """Run `build_into(folder)` on a new folder beside `site_dir` and swap it in only if that succeeds.

    A failure, Ctrl-C or kill before the swap leaves the previous site exactly as it was. Returns the
    real path of the site folder (a link to it is followed, not replaced).
    """
    site_dir = site_dir.resolve()
    check_output_folder(site_dir, SITE, project_root)
    recover_folder(site_dir)
    try:
        staging = sibling_folder(site_dir, NEW_FOLDER)
    except OSError as exc:
        raise SiteDirError(f"cannot build into {site_dir}: {why_not_writable(site_dir, exc)}") from None
    try:
        build_into(staging)
        if folder_owner(staging) != SITE:  # the plugin marks it before MkDocs builds; whatever built it, it is ours
            atomic_write(staging / MARKER, SITE_MARKER)
        replace_folder(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    return site_dir


def why_not_writable(folder: Path, exc: OSError) -> str:
    existing = next((parent for parent in folder.parents if os.path.lexists(parent)), None)
    if existing is not None and not existing.is_dir():
        return f"{existing} is a file, not a folder"
    return exc.strerror or str(exc)


class ProblemRecorder(logging.Handler):
    """Remembers the first error and the first warning logged, to name them in a one-line failure."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.first_error: str | None = None
        self.first_warning: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if record.levelno >= logging.ERROR:
            self.first_error = self.first_error or message
        else:
            self.first_warning = self.first_warning or message

    def reason(self, fallback: str) -> str:
        """The first error, else the fallback naming the first warning, as one line."""
        fallback = " ".join(fallback.split()).rstrip("!.")
        if self.first_error:
            return self.first_error
        return f"{fallback}; the first: {self.first_warning}" if self.first_warning else fallback
