"""Generated pages and files as MkDocs `File` objects made in memory, never written into docs/ during a build
(that would make `mkdocs serve` rebuild in a loop). A hand-written file at the same path wins."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.diagnostics import Level
from generator.mkdocs import internals
from generator.output import site_folder

log = logging.getLogger("mkdocs.plugins.portfolio")


class GeneratedFile(File):
    """A file the generator made. In a dirty build MkDocs skips a file that says it is unchanged. With
    `lazy_text` (a function of the path), its text is made when MkDocs first reads it."""

    unchanged = False
    lazy_text = None

    def is_modified(self) -> bool:
        return not self.unchanged

    def _make_text(self) -> None:
        if self.lazy_text is not None:
            self.content_string = self.lazy_text(self.src_uri)

    @property
    def content_string(self) -> str:
        self._make_text()
        return internals.file_text(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.lazy_text = None
        internals.set_file_text(self, value)

    @property
    def content_bytes(self) -> bytes:
        self._make_text()
        return internals.file_bytes(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.lazy_text = None
        internals.set_file_bytes(self, value)


def add_file(
    files: Files, config, path: str, content: str, strict: bool, page: bool = True, in_nav: bool = False
) -> GeneratedFile | None:
    """Add a generated page (or, with `page=False`, another file) unless a hand-written one is at its path;
    returns the file added, or None."""
    if files.src_uris.get(path) is not None:
        what = "page" if page else "file"
        # Intended, so not a warning that would fail the build (MkDocs builds in strict mode), unless --strict.
        report = log.warning if strict and page else log.info
        report(f"portfolio: '{path}' in '{config.docs_dir}' is hand-written: it wins over the generated {what}")
        return None
    if page:
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        file = GeneratedFile.generated(config, path, content=content, inclusion=inclusion)
    else:
        file = GeneratedFile.generated(config, path, content=content)
    files.append(file)
    return file


def claim_site_dir(config) -> None:
    """Before MkDocs empties site_dir (on_pre_build): a folder that is not ours stops the build with a one-line
    PluginError and is left as it was; ours, or a new or empty one, is marked as a built site."""
    site_dir = Path(config.site_dir)
    project_root = Path(config.config_file_path).resolve().parent if config.config_file_path else None
    try:
        site_folder.claim_site_dir(site_dir, project_root)
    except site_folder.SiteDirError as exc:
        raise PluginError(f"site_dir {exc}") from None
    except OSError as exc:
        raise PluginError(f"cannot build into {site_dir}: {site_folder.why_not_writable(site_dir, exc)}") from None


def report(diagnostics, strict: bool) -> None:
    """Source-file problems as MkDocs log lines: warnings with `strict` (so `--strict` builds fail), else INFO."""
    for diagnostic in diagnostics:
        if diagnostic.level is Level.INFO:
            log.debug(str(diagnostic))
        elif strict:
            log.warning(str(diagnostic))
        else:
            log.info(str(diagnostic))


def log_generated(count: int, config) -> None:
    log.info(f"portfolio: generated {count} pages")
    if not config.site_url:
        log.info(
            "portfolio: site_url is not set in mkdocs.yml: robots.txt names no sitemap, and feeds, "
            "citations and page metadata use relative links"
        )
