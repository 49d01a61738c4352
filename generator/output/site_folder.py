"""The built site on disk: built aside, swapped in whole on success, never over someone else's folder."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Callable

from generator.output.atomic import NEW_FOLDER, recover_folder, replace_folder, sibling_folder

# A folder holding any of these was written by a site build, ours or MkDocs': it may be replaced.
BUILD_SIGNS = ("index.html", "sitemap.xml", "404.html")


class SiteDirError(Exception):
    """The site folder cannot be used; the message says which and why, in one line."""


def check_site_dir(site_dir: Path) -> None:
    """Refuse a site folder that is not a folder, or holds files but does not look like a built site."""
    if not os.path.lexists(site_dir):
        return
    if not site_dir.is_dir():
        raise SiteDirError(f"{site_dir} exists and is not a folder: remove it or build elsewhere with -d DIR")
    if any(site_dir.iterdir()) and not any((site_dir / name).is_file() for name in BUILD_SIGNS):
        raise SiteDirError(f"{site_dir} is not empty and does not look like a built site (no index.html or sitemap.xml): "
                           "it is left alone; empty it or build elsewhere with -d DIR")


def build_aside(site_dir: Path, build_into: Callable[[Path], None]) -> Path:
    """Run `build_into(folder)` on a new folder beside `site_dir` and swap it in only if that succeeds.

    A failure, Ctrl-C or kill before the swap leaves the previous site exactly as it was. Returns the
    real path of the site folder (a link to it is followed, not replaced).
    """
    site_dir = site_dir.resolve()
    check_site_dir(site_dir)
    recover_folder(site_dir)
    try:
        staging = sibling_folder(site_dir, NEW_FOLDER)
    except OSError as exc:
        raise SiteDirError(f"cannot build into {site_dir}: {_why_not_writable(site_dir, exc)}") from None
    try:
        build_into(staging)
        replace_folder(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    return site_dir


def _why_not_writable(folder: Path, exc: OSError) -> str:
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
