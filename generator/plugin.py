"""The MkDocs side: read the profiles on every build and add the generated pages as virtual files.

Pages are never written into `docs/` during a build (that would make `mkdocs serve` rebuild in a
loop); they are handed to MkDocs in memory. A hand-written page at the same path wins.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .diagnostics import Level
from . import worker
from .assemble import attach_abstract_lists
from .exports import build_exports, export_paths
from .incremental import BuildMemo
from .pipeline import load_portfolio, restrict_to_authors, source_paths
from .plugin_config import PortfolioConfig
from .prerendered import PrerenderedPage
from .progress import LogProgress
from .replay import PageReplay
from .render import SECTION_PAGES, GeneratedPage, RenderOptions, SiteRenderer
from .search.site import SearchBuild
from .timing import StageTimer

log = logging.getLogger("mkdocs.plugins.portfolio")

NAV_TITLES = {"authors": "Authors", "papers": "Papers", "topics": "Topics", "collections": "Collections"}
EMPTY_PAGE = GeneratedPage("", {}, "")  # stands for the body of a page a worker renders, until it is read


def _nav_paths(nav) -> set[str]:
    """Every page path a `nav` setting lists."""
    found: set[str] = set()
    items = list(nav or [])
    while items:
        item = items.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            items.extend(item.values())
        elif isinstance(item, list):
            items.extend(item)
    return found


class PortfolioPlugin(BasePlugin[PortfolioConfig]):
    """Generates author, paper, index and collection pages from saved profile pages."""

    def __init__(self):
        self.portfolio = None
        self.watched: list[Path] = []  # the source folders and files `mkdocs serve` watches
        self.generated: list[str] = []
        self.memo: BuildMemo | None = None  # under `mkdocs serve`: what the last build made (see incremental.py)
        self.replay: PageReplay | None = None  # ... and the finished pages it wrote (see replay.py)
        self.candidates: dict[str, tuple[str, dict]] = {}  # generated pages MkDocs need not parse: path -> (body, meta)
        self.site_digest = ""
        self.nav = None
        self.tags_variable = None
        self.reading = True  # MkDocs is still reading pages (before on_env)
        self.export_texts: dict[str, str] = {}  # dirty builds: each export's text in the last build
        self.files: Files | None = None
        self.deferred = False  # this build renders bodies and exports in a worker process (worker.py)
        self.worker = None
        self.worker_seconds: dict = {}  # what the worker reported: its stage times and CPU seconds
        self.worker_paths: set[str] = set()
        self.text_paths: list[str] = []  # the worker's pages MkDocs converts from Markdown
        self.exported: list[str] = []
        self.timer = StageTimer()  # this build's parse, model, render and write times
        self.prerendered: dict = {}  # path -> GeneratedPage, until on_nav hands them to MkDocs
        self.pages_built, self.pages_total = 0, 0
        self.page_progress = LogProgress(log, "built pages", threshold=500)
        self.search: SearchBuild | None = None  # the search index being written beside this build (search/site.py)

    def load_config(self, options, config_file_path=None):
        """MkDocs' validation of our options, with an unknown name an error: a typo must not fall back to a default."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [w for w in warnings if isinstance(w, tuple) and w[1].startswith("Unrecognised configuration name")]
        return [*errors, *unknown], [w for w in warnings if w not in unknown]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds, so it can remember
        # the last good version of each source file while the user edits, and redo only what an edit changed.
        serving = command == "serve"
        self.memo = BuildMemo() if serving else None
        self.replay = PageReplay(dirty) if serving else None
        if serving and dirty:
            # MkDocs warns on every dirty build that the navigation may be stale; we rebuild every page
            # when the navigation or anything else pages share changes (replay.py), so it is not.
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.timer = StageTimer()
        self._apply_command_line()
        root = Path(config.config_file_path or ".").resolve().parent
        override = os.environ.get("PORTFOLIO_PROFILES")
        if override:
            paths = [Path(p) for p in override.split(os.pathsep) if p]
            self.watched = paths
        else:
            profiles_dir = (root / self.config.profiles).resolve()
            self.watched = [profiles_dir]
            paths, note = source_paths(profiles_dir, self.config.examples)
            if note:
                log.info(note)
        # A big build renders in a second process (worker.py), which also matches the abstract lists.
        self.worker = None
        may_defer = self.memo is None and not self.config.authors and worker.wanted(config, worker.MIN_PAPERS)
        portfolio = load_portfolio(paths, self.config.as_of, memo=self.memo, timer=self.timer, defer_matching=may_defer,
                                   progress=LogProgress(log, "read source files", threshold=100))
        self.deferred = may_defer and worker.wanted(config, len(portfolio.papers))
        if may_defer and not self.deferred:
            with self.timer.stage("model"):
                attach_abstract_lists(portfolio)
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
        if self.deferred:  # the worker starts now, while MkDocs finds files and we render the section pages
            with self.timer.stage("render"):
                self.worker = worker.DeferredPages(portfolio, self._options(config), _nav_paths(config.nav),
                                                   config.site_dir, self._report)
        return config

    def _options(self, config: MkDocsConfig) -> RenderOptions:
        single = self.config.authors[0] if len(self.config.authors) == 1 else None
        return RenderOptions(
            directory_urls=config.use_directory_urls, home=self._home(Path(config.docs_dir)), home_author=single,
            newest_count=self.config.newest_papers, feed_entries=self.config.feed_entries, site_name=config.site_name,
            site_url=config.site_url or None,
        )

    def _apply_command_line(self) -> None:
        """`portfolio build/serve` options arrive as environment variables and win over mkdocs.yml."""
        if value := os.environ.get("PORTFOLIO_AS_OF"):
            try:
                self.config.as_of = dt.date.fromisoformat(value)
            except ValueError:
                raise PluginError(f"PORTFOLIO_AS_OF: expected a date as YYYY-MM-DD, got {value!r}") from None
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
        self.files, self.reading = files, True
        options = self._options(config)
        self.generated = []
        self.prerendered = {}
        self.candidates = {}
        if self.deferred:  # the worker renders (worker.py): this process only lists the pages
            with self.timer.stage("render"):
                plan = self.worker.plan()
            with self.timer.stage("write"):
                self._add_planned(files, config, plan)
            self._log_generated(config)
            self._exports_for_worker(files, config)
        else:
            with self.timer.stage("render"):
                renderer = SiteRenderer(self.portfolio, options)
                pages = renderer.render_all(memo=self.memo.pages if self.memo else None)
                self.site_digest = renderer.fingerprints.site if renderer.fingerprints else ""
            keep = self.replay.start(config, self.site_digest) if self.replay else False
            with self.timer.stage("write"):
                self._add_pages(files, config, pages)
            del pages
            self._log_generated(config)
            self._add_exports(files, config, options, renderer, keep)
        if self.replay is not None and self.replay.dirty:
            self._dirty_files(files)
        return files

    def _log_generated(self, config: MkDocsConfig) -> None:
        log.info(f"portfolio: generated {len(self.generated)} pages")
        if not config.site_url:
            log.info("portfolio: site_url is not set in mkdocs.yml: robots.txt names no sitemap, and feeds, "
                     "citations and page metadata use relative links")

    def _add_planned(self, files: Files, config: MkDocsConfig, plan) -> None:
        """The worker's pages as empty in-memory files, in path order: Markdown pages get their text in on_nav,
        HTML pages their front matter and body as MkDocs reads and builds them."""
        self.worker_paths, self.text_paths = set(), []
        for path, kind, in_nav in plan:
            if files.src_uris.get(path) is not None:
                report = log.warning if self.config.strict else log.info
                report(f"portfolio: '{path}' in '{config.docs_dir}' is hand-written: it wins over the generated page")
                continue
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            file = GeneratedFile.generated(config, path, content="", inclusion=inclusion)
            files.append(file)
            self.generated.append(path)
            if kind == worker.HTML:
                self.worker_paths.add(path)
            else:
                self.text_paths.append(path)

    def _exports_for_worker(self, files: Files, config: MkDocsConfig) -> None:
        """Tell the worker which exports are hand-written (those win); it writes the others."""
        with self.timer.stage("write"):
            hand_written = set()
            self.exported = []
            for path in export_paths(self.portfolio):
                if files.src_uris.get(path) is not None:
                    log.info(f"portfolio: '{path}' in '{config.docs_dir}' is hand-written: it wins over the generated file")
                    hand_written.add(path)
                else:
                    self.exported.append(path)
            self.worker.exports_skip(hand_written)

    def _worker_page(self, path: str):
        with self.timer.stage("render"):
            return self.worker.page(path)

    def _worker_text(self, path: str) -> str:
        with self.timer.stage("render"):
            return self.worker.text(path)

    def _worker_early(self, path: str) -> dict:
        with self.timer.stage("render"):
            return self.worker.early(path)

    def _finish_worker(self) -> None:
        """At the end of the build: the worker's diagnostics and timings (or its work done here)."""
        result = self.worker.finish()
        self.worker_seconds = self.worker.seconds
        self.portfolio.diagnostics.extend(result["diagnostics"])
        self.portfolio.unmatched_abstracts = result["unmatched"]
        self._report(result["diagnostics"])
        self.worker = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_worker()
        self._stop_search()

    def on_shutdown(self) -> None:  # after an interrupted build too (BaseException: no on_build_error)
        self._stop_worker()
        self._stop_search()

    def _stop_search(self) -> None:
        if self.search is not None:
            self.search.stop()
            self.search = None

    def _stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def _dirty_files(self, files: Files) -> None:
        """Dirty builds keep the site folder: delete what our last build wrote and this one does not make,
        and have MkDocs read every page (so the tags plugin sees them all) but build only changed ones."""
        ours = [file for file in files if isinstance(file, GeneratedFile)]
        for stale in self.replay.stale_outputs({file.abs_dest_path for file in ours}):
            with contextlib.suppress(OSError):
                os.remove(stale)
                os.removedirs(os.path.dirname(stale))  # the folders it leaves empty, if any
        for file in files.documentation_pages():
            if not isinstance(file, GeneratedFile):  # hand-written: read always, built when MkDocs finds it changed
                file.is_modified = _ReadEveryPage(file, file.is_modified, self)

    def _add_pages(self, files: Files, config: MkDocsConfig, pages) -> None:
        """The generated pages as in-memory files, in path order; pages with final HTML skip YAML and Markdown
        (see on_nav)."""
        for page in pages:
            path = page.path
            if files.src_uris.get(path) is not None:
                # Intended, so not a warning that would fail the build (MkDocs builds in strict mode), unless --strict.
                report = log.warning if self.config.strict else log.info
                report(f"portfolio: '{path}' in '{config.docs_dir}' is hand-written: it wins over the generated page")
                continue
            if page.final_html and not page.in_nav:
                file = GeneratedFile.generated(config, path, content=page.body, inclusion=InclusionLevel.NOT_IN_NAV)
                self.prerendered[path] = page
                self.candidates[path] = (page.body, page.meta)
            else:
                inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
                file = GeneratedFile.generated(config, path, content=page.text, inclusion=inclusion)
            files.append(file)
            self.generated.append(path)

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        with self.timer.stage("write"):
            in_nav = {id(page) for page in nav.pages}
            for path, page in self.prerendered.items():
                file = files.src_uris.get(path)
                if file is None:
                    continue
                if file.page is None or id(file.page) not in in_nav:
                    PrerenderedPage(file, config, page)  # replaces MkDocs' placeholder page
                else:  # a hand-written `nav` lists it: keep that page (and its nav title); it reads the front matter
                    file.content_string = page.text
        if self.deferred:
            with self.timer.stage("write"):
                for path in self.text_paths:  # MkDocs asks for these pages' Markdown when it reads them
                    files.src_uris[path].lazy_text = self._worker_text
                for path in self.worker_paths:  # in no nav (those are Markdown pages)
                    PrerenderedPage(files.src_uris[path], config, EMPTY_PAGE, meta=self._worker_early)
        self.prerendered = {}
        self.nav = nav
        # Thousands of papers take MkDocs minutes to build: say how far it is.
        self.pages_built, self.pages_total = 0, len(files.documentation_pages())
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        self.tags_variable = getattr(getattr(tags, "config", None), "tags_name_variable", None)
        self.reading = False  # every page has been read: from now on, dirty builds build only changed pages
        if self.replay is not None:
            with self.timer.stage("write"):
                kept = self.replay.prepare(files, env, self.candidates)
                for path in kept:
                    files.src_uris.get(path).unchanged = True
            if kept:
                log.info(f"portfolio: {len(kept):,} of {len(self.candidates):,} generated pages unchanged since the last build")
        with self.timer.stage("search"):  # every page has been read: index them while MkDocs builds them
            self.search = SearchBuild(self.portfolio, self._options(config), config, files, GeneratedFile)
        return env

    @event_priority(100)  # before the tags plugin
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        if self.deferred and page.file.src_uri in self.worker_paths:
            meta, page.content, page.present_anchor_ids = self._worker_page(page.file.src_uri)
            page.meta = dict(meta)  # in place of the early front matter, before anything reads the rest
        if self.replay is not None:
            self.replay.before_context(context, page, self.tags_variable)
        return context

    @event_priority(100)  # first: other plugins see the same HTML whether the page was built or replayed
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.replay is not None:
            output = self.replay.page_output(output, page)
        self.pages_built += 1
        self.page_progress(self.pages_built, self.pages_total)
        return output

    def _add_exports(self, files: Files, config: MkDocsConfig, options: RenderOptions, renderer: SiteRenderer,
                     keep: bool) -> None:
        """Citation files, JSON data, feeds and robots.txt, as static files of the build (the paper pages'
        citations and BibTeX keys reused). With `keep` (a dirty build that keeps the last one's files), an
        export whose text did not change is not written again."""
        self.exported = []
        with self.timer.stage("render"):
            exports = build_exports(self.portfolio, options, renderer.citations, renderer.site.bibtex_keys,
                                    self.memo.exports if self.memo else None, renderer.fingerprints)
        with self.timer.stage("write"):
            self._add_export_files(files, config, exports, keep)

    def _add_export_files(self, files: Files, config: MkDocsConfig, exports, keep: bool) -> None:
        last = self.export_texts if keep else {}
        self.export_texts = {}
        for export in exports:
            if files.src_uris.get(export.path) is not None:
                log.info(f"portfolio: '{export.path}' in '{config.docs_dir}' is hand-written: it wins over the generated file")
                continue
            file = GeneratedFile.generated(config, export.path, content=export.text)
            before = last.get(export.path)
            file.unchanged = (before is export.text or before == export.text) and os.path.isfile(file.abs_dest_path)
            files.append(file)
            self.exported.append(export.path)
            if self.replay is not None and self.replay.dirty:
                self.export_texts[export.path] = export.text

    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.deferred:
            with self.timer.stage("render"):
                self._finish_worker()
        if self.replay is not None:
            with self.timer.stage("write"):
                self.replay.finish()
        if self.search is not None:
            search, self.search = self.search, None
            with self.timer.stage("search"):
                search.finish()
        log.debug(f"portfolio: our stages took {self.timer.summary()}")

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Folders and files alike: `portfolio serve FILE...` watches the files it was given.
        for path in self.watched:
            if path.exists():
                server.watch(os.fspath(path))
        return server


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
        return File.content_string.fget(self)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.lazy_text = None
        File.content_string.fset(self, value)

    @property
    def content_bytes(self) -> bytes:
        self._make_text()
        return File.content_bytes.fget(self)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.lazy_text = None
        File.content_bytes.fset(self, value)


class _ReadEveryPage:
    """A hand-written page's `is_modified` in dirty builds: True while MkDocs reads pages (the tags plugin
    must see every page), then MkDocs' own answer (by modification time) for building it."""

    def __init__(self, file: File, original, plugin: PortfolioPlugin):
        self.file, self.original, self.plugin = file, original, plugin

    def __call__(self) -> bool:
        return True if self.plugin.reading else self.original()


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")
