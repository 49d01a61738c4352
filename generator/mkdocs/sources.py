"""Where a build's generated pages come from: one interface, three strategies.

The plugin picks a page source once per build (`start`) and routes MkDocs' events to it; it never asks which
kind it has (the idea of Sphinx's `SerialTasks` and `ParallelTasks`):

- `LocalPages` renders every page in the build's own process (small sites, `mkdocs build`);
- `ServedPages` does the same under `mkdocs serve`, redoing only what an edit changed: unchanged files are not
  read again, unchanged pages not rendered again (`generator.incremental.memo`), and MkDocs does not build
  again the generated pages whose HTML cannot have changed (`replay.PageReplay`);
- `WorkerPages` has a second process render the pages while MkDocs builds (`worker.py`), and makes what is
  still needed itself if that process fails.

Every strategy gives the same site (tests/test_worker.py, tests/test_incremental.py).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import layout
from generator.exports import ExportBuilder, build_exports, iter_exports
from generator.incremental.memo import BuildMemo, exports_with_memo, render_with_memo
from generator.mkdocs import internals, worker
from generator.mkdocs.config import Settings
from generator.mkdocs.files import GeneratedFile, add_file, log_generated, report
from generator.mkdocs.icons import icon_stylesheet
from generator.mkdocs.navigation import nav_paths
from generator.mkdocs.pages import PrerenderedPage, ids_in
from generator.mkdocs.replay import PageReplay
from generator.mkdocs.search import SearchAfterBuild, SearchBuild
from generator.model import Portfolio
from generator.model.assemble import attach_abstract_lists
from generator.pipeline import load_portfolio, load_unmatched, restrict_to_authors
from generator.progress import Progress, to_log
from generator.readers import LastCompleteStore
from generator.render import GeneratedPage, SiteRenderer
from generator.timing import StageTimer

log = logging.getLogger("mkdocs.plugins.portfolio")

EMPTY_PAGE = GeneratedPage("", {}, "")  # stands for the body of a page a worker renders, until it is read


@dataclass
class ServeSession:
    """What one `mkdocs serve` session keeps from build to build."""

    dirty: bool
    memo: BuildMemo = field(default_factory=BuildMemo)
    replay: PageReplay = None
    search: SearchAfterBuild | None = None  # the last build's index, written after it (ServedPages.finish)
    export_texts: dict = field(default_factory=dict)  # dirty builds: the text of each export file the last one wrote

    builds: int = 0  # builds started in this session
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.replay = PageReplay(self.dirty)

    def hold_collector(self) -> None:
        """No cycle collection while a rebuild runs: with all a session keeps (every file read, every page made) a
        full collection costs 0.4 s at 5,000 papers, and a rebuild ran four. The rebuild's garbage is collected
        once it and its search index are done (`collect`). The first build collects as usual: it makes nearly
        everything anew, and its garbage could be large."""
        with self.lock:
            self.builds += 1
            if self.builds > 1:
                gc.disable()

    def collect(self, build: int | None = None) -> None:
        """Collect the garbage and turn automatic collection back on, unless another build started since build
        number `build` (that build holds the collector now)."""
        with self.lock:
            if build is None or build == self.builds:
                gc.collect()
                gc.enable()

    def stop_search(self) -> None:
        if self.search is not None:
            self.search.stop()
            self.search = None


def start(settings: Settings, config, session: ServeSession | None, timer: StageTimer) -> PageSource:
    """Read the sources and choose how this build's pages are made."""
    if session is None:
        return _read(settings, session, timer)
    session.hold_collector()  # given back once the build and its index are done, or here if reading fails
    try:
        return _read(settings, session, timer)
    except BaseException:
        session.collect()
        raise


def _read(settings: Settings, session: ServeSession | None, timer: StageTimer) -> PageSource:
    if settings.note:
        log.info(settings.note)
    progress = Progress("read source files", 100, to_log(log))
    store = LastCompleteStore.of_project(settings.root)  # a file cut off half way: its last complete version
    may_defer = (
        session is None and not settings.authors and worker.wanted(settings.only_known_plugins, worker.MIN_PAPERS)
    )
    if session is not None:
        portfolio = load_portfolio(
            settings.paths,
            settings.as_of,
            progress,
            read_cache=session.memo.reads,
            scores_memo=session.memo.scores,
            timer=timer,
            store=store,
            organisations=settings.site,
        )
        source_class, lists = ServedPages, []
    elif may_defer:
        portfolio, lists = load_unmatched(
            settings.paths, settings.as_of, progress, timer=timer, store=store, organisations=settings.site
        )
        source_class = WorkerPages if worker.wanted(settings.only_known_plugins, len(portfolio.papers)) else LocalPages
        if source_class is LocalPages:
            with timer.stage("model"):
                attach_abstract_lists(portfolio, lists)
    else:
        portfolio = load_portfolio(
            settings.paths, settings.as_of, progress, timer=timer, store=store, organisations=settings.site
        )
        source_class, lists = LocalPages, []
    report(portfolio.diagnostics, settings.strict)
    if settings.authors:
        try:
            portfolio = restrict_to_authors(portfolio, settings.authors)
        except KeyError as exc:
            raise PluginError(str(exc.args[0])) from None
    log.info(
        f"portfolio: {len(portfolio.authors)} author(s), {len(portfolio.papers)} paper(s), "
        f"{len(portfolio.collections)} collection(s) as of {portfolio.as_of.isoformat()}"
    )
    if source_class is WorkerPages:
        return WorkerPages(portfolio, settings, timer, lists)
    if source_class is ServedPages:
        return ServedPages(portfolio, settings, timer, session)
    return LocalPages(portfolio, settings, timer)


class PageSource:
    """Hands MkDocs the generated pages and files of one build as it asks for them."""

    def __init__(self, portfolio: Portfolio, settings: Settings, timer: StageTimer):
        self.portfolio, self.settings, self.timer = portfolio, settings, timer
        self.options = settings.options
        self.generated: list[str] = []  # the paths of the generated pages MkDocs builds
        self.search: SearchBuild | None = None  # the search index being written beside this build (search.py)
        self.pages_built, self.pages_total = 0, 0
        self.page_progress = Progress("built pages", 500, to_log(log))

    def begin(self, config) -> None:
        """At the end of on_config, once the navigation is known."""

    def add_files(self, files: Files, config) -> None:
        """on_files: add the generated pages and files."""
        raise NotImplementedError

    def _added(self, file: File) -> None:
        self.generated.append(file.src_uri)

    def _add_theme_files(self, files: Files, config) -> None:
        """Files made from the theme: the stylesheet of the link buttons' icons (icons.py)."""
        add_file(
            files, config, layout.ICONS_STYLESHEET, icon_stylesheet(config.theme.dirs), self.settings.strict, page=False
        )

    def on_nav(self, nav, config, files: Files) -> None:
        # Thousands of papers take MkDocs minutes to build: say how far it is.
        self.pages_built, self.pages_total = 0, len(files.documentation_pages())

    def on_env(self, env, config, files: Files) -> None:
        """Every page has been read: the search index is written from now on, while MkDocs builds the pages."""
        with self.timer.stage("search"):
            self.search = SearchBuild(self.portfolio, self.options, config, files, GeneratedFile)

    def before_context(self, context, page) -> None:
        """on_page_context, before the tags and search plugins."""

    def page_output(self, output: str, page) -> str:
        """on_post_page, first of the plugins."""
        self.pages_built += 1
        self.page_progress(self.pages_built, self.pages_total)
        return output

    def finish(self, config) -> None:
        """on_post_build: wait for the search index and move it into the site."""
        if self.search is not None:
            search, self.search = self.search, None
            with self.timer.stage("search"):
                search.finish()
        log.debug(f"portfolio: our stages took {self.timer.summary()}")

    def stop(self) -> None:
        """The build failed or was interrupted (on_shutdown covers Ctrl-C too): let go of what it holds."""
        if self.search is not None:
            self.search.stop()
            self.search = None

    @property
    def worker_seconds(self) -> dict:
        """What a worker process reported of its work (stage times, CPU seconds); empty without one."""
        return {}


class LocalPages(PageSource):
    """Every page rendered in the build's own process, before MkDocs reads any."""

    def __init__(self, portfolio: Portfolio, settings: Settings, timer: StageTimer):
        super().__init__(portfolio, settings, timer)
        self.prerendered: dict[str, GeneratedPage] = {}  # path -> page, until on_nav hands them to MkDocs
        self.candidates: dict[str, tuple[str, dict]] = {}  # generated pages MkDocs need not parse: path -> (body, meta)

    def _render(self) -> tuple[list[GeneratedPage], SiteRenderer]:
        renderer = SiteRenderer(self.portfolio, self.options)
        return renderer.render_all(), renderer

    def _exports(self, renderer: SiteRenderer):
        return build_exports(self.portfolio, self.options, renderer.citations, renderer.site.bibtex_keys)

    def add_files(self, files: Files, config) -> None:
        with self.timer.stage("render"):
            pages, renderer = self._render()
        self._before_adding(config)
        with self.timer.stage("write"):
            for page in pages:
                self._add_page(files, config, page)
        del pages
        log_generated(len(self.generated), config)
        with self.timer.stage("render"):
            exports = self._exports(renderer)
        with self.timer.stage("write"):
            for export in exports:
                file = add_file(files, config, export.path, export.text, self.settings.strict, page=False)
                if file is not None:
                    self._export_added(file, export.text)
            self._add_theme_files(files, config)

    def _before_adding(self, config) -> None:
        """Once the pages are rendered, before they are added."""

    def _export_added(self, file: GeneratedFile, text: str) -> None:
        """An export file was added."""

    def _add_page(self, files: Files, config, page: GeneratedPage) -> None:
        """A generated page as an in-memory file; a page with final HTML skips YAML and Markdown (see on_nav)."""
        final = page.final_html and not page.in_nav
        file = add_file(
            files, config, page.path, page.body if final else page.text, self.settings.strict, in_nav=page.in_nav
        )
        if file is None:
            return
        if final:
            self.prerendered[page.path] = page
            self.candidates[page.path] = (page.body, page.meta)
        self._added(file)

    def on_nav(self, nav, config, files: Files) -> None:
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
        self.prerendered = {}
        super().on_nav(nav, config, files)


class ServedPages(LocalPages):
    """`mkdocs serve`: only what an edit changed is read, rendered and built again."""

    def __init__(self, portfolio: Portfolio, settings: Settings, timer: StageTimer, session: ServeSession):
        super().__init__(portfolio, settings, timer)
        self.session, self.replay, self.memo = session, session.replay, session.memo
        self.site_digest = ""
        self.reuse_outputs = False  # a dirty build whose site folder holds the last build's output, still valid
        self.phase = _Phase()
        self.tags_variable = None

    def _render(self) -> tuple[list[GeneratedPage], SiteRenderer]:
        renderer = SiteRenderer(self.portfolio, self.options, insights_memo=self.memo.insights)
        pages, self.fingerprints = render_with_memo(renderer, self.memo.pages)
        self.site_digest = self.fingerprints.site
        return pages, renderer

    def _exports(self, renderer: SiteRenderer):
        builder = ExportBuilder(self.portfolio, self.options, renderer.citations, renderer.site.bibtex_keys)
        return exports_with_memo(builder, self.memo.exports, self.fingerprints)

    def _before_adding(self, config) -> None:
        self.reuse_outputs = self.replay.start(config, self.site_digest, self.settings.only_known_plugins)
        # the texts the last build wrote, if it finished; a build that fails leaves none, so the next writes all
        self.last_export_texts = self.session.export_texts if self.reuse_outputs else {}
        self.session.export_texts = {}
        self.export_texts: dict[str, str] = {}

    def _export_added(self, file: GeneratedFile, text: str) -> None:
        """An export whose text did not change since the last dirty build is not written again."""
        before = self.last_export_texts.get(file.src_uri)
        file.unchanged = (before is text or before == text) and os.path.isfile(file.abs_dest_path)
        if self.replay.dirty:
            self.export_texts[file.src_uri] = text

    def add_files(self, files: Files, config) -> None:
        self.files = files
        super().add_files(files, config)
        if self.replay.dirty:
            self._dirty_files(files)

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
                file.is_modified = _ReadEveryPage(file.is_modified, self.phase)

    def begin(self, config) -> None:
        # the last build's index, if still being written: stopped before MkDocs empties the site folder, and
        # this build writes its own
        self.session.stop_search()
        super().begin(config)

    def on_env(self, env, config, files: Files) -> None:
        self.tags_variable = internals.tags_variable(config.plugins)
        self.phase.reading = False  # every page has been read: from now on, dirty builds build only changed pages
        with self.timer.stage("write"):
            kept = self.replay.prepare(files, env, self.candidates)
            for path in kept:
                files.src_uris.get(path).unchanged = True
        if kept:
            log.info(
                f"portfolio: {len(kept):,} of {len(self.candidates):,} generated pages unchanged since the last build"
            )
        self.config, self.files = config, files  # the search index is written after the build (finish)

    def before_context(self, context, page) -> None:
        self.replay.before_context(context, page, self.tags_variable)

    def page_output(self, output: str, page) -> str:
        return super().page_output(self.replay.page_output(output, page), page)

    def finish(self, config) -> None:
        with self.timer.stage("write"):
            self.replay.finish()
            self.session.export_texts = self.export_texts
        with self.timer.stage("search"):
            build = self.session.builds
            self.session.search = SearchAfterBuild(
                lambda: SearchBuild(self.portfolio, self.options, config, self.files, GeneratedFile),
                then=lambda: self.session.collect(build),
            )
        super().finish(config)

    def stop(self) -> None:
        self.session.stop_search()
        self.session.collect()
        super().stop()


class WorkerPages(PageSource):
    """Pages rendered by a second process while MkDocs builds; made here instead if that process fails.

    MkDocs gets the list of pages at once, the Markdown of the pages it converts itself when it reads them, the
    early front matter of the others when it reads them and their HTML when it builds them (worker.py).
    """

    def __init__(self, portfolio: Portfolio, settings: Settings, timer: StageTimer, abstract_lists: list):
        super().__init__(portfolio, settings, timer)
        self.abstract_lists = abstract_lists
        self.html_paths: set[str] = set()  # the worker's pages MkDocs takes as HTML
        self.text_paths: list[str] = []  # the worker's pages MkDocs converts from Markdown
        self.renderer: SiteRenderer | None = None  # this process's renderer, once the worker failed
        self.jobs: dict = {}
        self.planned: list[tuple[str, str, bool]] | None = None
        self.texts: dict[str, str] | None = None  # made here: every Markdown page's text, made at the first asked
        self.hand_written: set[str] = set()
        self.seconds: dict = {}
        self.site_dir = None
        self.process: worker.RenderWorker | None = None

    def begin(self, config) -> None:
        """Start the worker now, while MkDocs finds files and renders the section pages."""
        with self.timer.stage("render"):
            self.site_dir = config.site_dir
            self.nav_paths = nav_paths(config.nav)
            self.process = worker.RenderWorker(
                self.portfolio, self.abstract_lists, self.options, self.nav_paths, config.site_dir
            )

    @property
    def worker_seconds(self) -> dict:
        return self.seconds

    # --- asking the worker, or this process once it failed ---------------------------------------------------

    def _fall_back(self, exc: Exception) -> None:
        log.info(f"portfolio: the rendering process failed ({exc}); rendering in this one")
        self._stop_process()
        before = len(self.portfolio.diagnostics)
        attach_abstract_lists(self.portfolio, self.abstract_lists)
        report(self.portfolio.diagnostics[before:], self.settings.strict)
        self.renderer = SiteRenderer(self.portfolio, self.options)
        self.jobs = {job.path: job for job in self.renderer.jobs()}

    def _ask(self, kind: str, path: str | None = None):
        with self.timer.stage("render"):
            if self.process is not None:
                try:
                    return self.process.pages() if kind == "plan" else self.process.get(kind, path)
                except worker.WorkerFailed as exc:
                    self._fall_back(exc)
            if kind == "plan":
                return worker.plan_pages(self.renderer.section_paths(), self.jobs, self.nav_paths)
            if kind == "text":
                if self.texts is None:  # the section pages are made together: make them once
                    paths = [p for p, how, _ in self._plan() if how != worker.HTML]
                    self.texts = worker.texts_of(self.renderer, paths, self.jobs)
                return self.texts[path]
            if kind == "early":
                return self.jobs[path].early()
            page = self.jobs[path].render()
            return page.meta, page.body, ids_in(page.body)

    def _plan(self) -> list[tuple[str, str, bool]]:
        if self.planned is None:
            self.planned = self._ask("plan")
        return self.planned

    # --- MkDocs' events ----------------------------------------------------------------------------------------

    def add_files(self, files: Files, config) -> None:
        """The worker's pages as empty in-memory files, in path order: Markdown pages get their text in on_nav,
        HTML pages their front matter and body as MkDocs reads and builds them. Then tell the worker which
        exports are hand-written (those win); it writes the others."""
        plan = self._plan()
        with self.timer.stage("write"):
            for path, kind, in_nav in plan:
                file = add_file(files, config, path, "", self.settings.strict, in_nav=in_nav)
                if file is None:
                    continue
                self._added(file)
                if kind == worker.HTML:
                    self.html_paths.add(path)
                else:
                    self.text_paths.append(path)
        log_generated(len(self.generated), config)
        with self.timer.stage("write"):
            self._add_theme_files(files, config)
            for path in layout.export_paths(self.portfolio):
                if files.src_uris.get(path) is not None:
                    log.info(
                        f"portfolio: '{path}' in '{config.docs_dir}' is hand-written: it wins over the generated file"
                    )
                    self.hand_written.add(path)
            if self.process is not None:
                try:
                    self.process.exports_skip(self.hand_written)
                except OSError as exc:  # the worker is gone: finish() falls back
                    log.debug(f"portfolio: could not reach the rendering process: {exc}")

    def on_nav(self, nav, config, files: Files) -> None:
        with self.timer.stage("write"):
            for path in self.text_paths:  # MkDocs asks for these pages' Markdown when it reads them
                files.src_uris[path].lazy_text = lambda path: self._ask("text", path)
            for path in self.html_paths:  # in no nav (those are Markdown pages)
                PrerenderedPage(files.src_uris[path], config, EMPTY_PAGE, meta=lambda path: self._ask("early", path))
        super().on_nav(nav, config, files)

    def before_context(self, context, page) -> None:
        if page.file.src_uri in self.html_paths:
            meta, page.content, anchors = self._ask("page", page.file.src_uri)
            internals.set_anchors(page, set(anchors))
            page.meta = dict(meta)  # in place of the early front matter, before anything reads the rest

    def finish(self, config) -> None:
        """The worker's diagnostics and timings (or its work done here), then the search index."""
        with self.timer.stage("render"):
            self._finish_worker()
        super().finish(config)

    def _finish_worker(self) -> None:
        if self.process is not None:
            try:
                result = self.process.finish()
            except worker.WorkerFailed as exc:
                self._fall_back(exc)
            else:
                if result["changed"]:
                    raise PluginError(
                        f"portfolio: internal error: '{result['changed'][0]}' changed once the abstract "
                        "lists were matched (set PORTFOLIO_WORKER=off and report this)"
                    )
                self.seconds = {
                    **result["seconds"],
                    "cpu": result["cpu"],
                    "waited": self.process.waited,
                    "peak_mb": result["peak_mb"],
                }
                self.process = None
                self.portfolio.diagnostics.extend(result["diagnostics"])
                self.portfolio.unmatched_abstracts = result["unmatched"]
                report(result["diagnostics"], self.settings.strict)
                return
        worker.write_exports(
            iter_exports(self.portfolio, self.options, self.renderer.citations, self.renderer.site.bibtex_keys),
            self.site_dir,
            self.hand_written,
        )

    def stop(self) -> None:
        self._stop_process()
        super().stop()

    def _stop_process(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


class _Phase:
    """Whether MkDocs is still reading pages (before on_env)."""

    reading = True


class _ReadEveryPage:
    """A hand-written page's `is_modified` in dirty builds: True while MkDocs reads pages (the tags plugin
    must see every page), then MkDocs' own answer (by modification time) for building it."""

    def __init__(self, original, phase: _Phase):
        self.original, self.phase = original, phase

    def __call__(self) -> bool:
        return True if self.phase.reading else self.original()
