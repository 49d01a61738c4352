"""The MkDocs side: read the profiles on every build and add the generated pages as virtual files.

Pages are never written into `docs/` during a build (that would make `mkdocs serve` rebuild in a
loop); they are handed to MkDocs in memory. A hand-written page at the same path wins.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .diagnostics import Level
from .exports import build_exports
from .pipeline import load_portfolio, restrict_to_authors, source_paths
from .plugin_config import PortfolioConfig
from .render import SECTION_PAGES, RenderOptions, render_site

log = logging.getLogger("mkdocs.plugins.portfolio")

NAV_TITLES = {"authors": "Authors", "papers": "Papers", "topics": "Topics", "collections": "Collections"}


class PortfolioPlugin(BasePlugin[PortfolioConfig]):
    """Generates author, paper, index and collection pages from saved profile pages."""

    def __init__(self):
        self.portfolio = None
        self.profiles_dir: Path | None = None
        self.generated: list[str] = []
        self.last_good: dict | None = None
        self.exported: list[str] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds, so it can
        # remember the last good version of each source file while the user edits.
        self.last_good = {} if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._apply_command_line()
        root = Path(config.config_file_path or ".").resolve().parent
        override = os.environ.get("PORTFOLIO_PROFILES")
        if override:
            paths = [Path(p) for p in override.split(os.pathsep) if p]
            self.profiles_dir = paths[0] if len(paths) == 1 and paths[0].is_dir() else None
        else:
            self.profiles_dir = (root / self.config.profiles).resolve()
            paths, note = source_paths(self.profiles_dir, self.config.examples)
            if note:
                log.info(note)
        portfolio = load_portfolio(paths, self.config.as_of, last_good=self.last_good)
        self._report(portfolio.diagnostics)
        if self.config.authors:
            try:
                portfolio = restrict_to_authors(portfolio, self.config.authors)
            except KeyError as exc:
                raise PluginError(str(exc.args[0])) from None
        self.portfolio = portfolio
        log.info(f"portfolio: {len(portfolio.authors)} author(s), {len(portfolio.papers)} paper(s), "
                 f"{len(portfolio.collections)} collection(s) as of {portfolio.as_of.isoformat()}")
        if self.config.navigation and config.nav is None:
            config.nav = self._navigation(Path(config.docs_dir))
        return config

    def _apply_command_line(self) -> None:
        """`portfolio build/serve` options arrive as environment variables and win over mkdocs.yml."""
        if value := os.environ.get("PORTFOLIO_AS_OF"):
            self.config.as_of = dt.date.fromisoformat(value)
        if value := os.environ.get("PORTFOLIO_AUTHORS"):
            self.config.authors = [slug for slug in value.split(",") if slug]
        if os.environ.get("PORTFOLIO_STRICT"):
            self.config.strict = True

    def _report(self, diagnostics) -> None:
        for diagnostic in diagnostics:
            if diagnostic.level is Level.INFO:
                log.debug(str(diagnostic))
            elif self.config.strict:
                log.warning(str(diagnostic))
            else:
                log.info(str(diagnostic))

    def _home(self, docs_dir: Path) -> str:
        return "overview.md" if (docs_dir / "index.md").exists() else "index.md"

    def _navigation(self, docs_dir: Path) -> list:
        home = self._home(docs_dir)
        nav: list = [{"Home": "index.md"}]
        if home != "index.md":
            nav.append({"Overview": home})
        if len(self.config.authors) != 1:
            nav.append({NAV_TITLES["authors"]: SECTION_PAGES["authors"]})
        nav += [{NAV_TITLES[k]: SECTION_PAGES[k]} for k in ("papers", "topics", "collections")]
        for path in sorted(docs_dir.glob("*.md")) if docs_dir.is_dir() else []:
            if path.name not in ("index.md", home):
                nav.append(path.name)
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        single = self.config.authors[0] if len(self.config.authors) == 1 else None
        options = RenderOptions(
            directory_urls=config.use_directory_urls, home=self._home(docs_dir), home_author=single,
            newest_count=self.config.newest_papers, site_name=config.site_name, site_url=config.site_url or None,
        )
        self.generated = []
        for page in render_site(self.portfolio, options):
            if files.get_file_from_path(page.path) is not None:
                # Intended, so not a warning that would fail the build (MkDocs builds in strict mode), unless --strict.
                report = log.warning if self.config.strict else log.info
                report(f"portfolio: '{page.path}' in '{config.docs_dir}' is hand-written: it wins over the generated page")
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.text, inclusion=inclusion))
            self.generated.append(page.path)
        log.info(f"portfolio: generated {len(self.generated)} pages")
        self._add_exports(files, config, options)
        return files

    def _add_exports(self, files: Files, config: MkDocsConfig, options: RenderOptions) -> None:
        """Citation files, JSON data, feeds and robots.txt, as static files of the build."""
        if not config.site_url:
            log.info("portfolio: site_url is not set in mkdocs.yml: robots.txt names no sitemap, and feeds, "
                     "citations and page metadata use relative links")
        self.exported = []
        for export in build_exports(self.portfolio, options):
            if files.get_file_from_path(export.path) is not None:
                log.info(f"portfolio: '{export.path}' in '{config.docs_dir}' is hand-written: it wins over the generated file")
                continue
            files.append(File.generated(config, export.path, content=export.text))
            self.exported.append(export.path)
    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.profiles_dir is not None and self.profiles_dir.is_dir():
            server.watch(os.fspath(self.profiles_dir))
        return server
