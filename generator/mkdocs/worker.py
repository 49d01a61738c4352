"""Rendering in a second process while MkDocs builds: the generator's own work overlaps MkDocs' own.

MkDocs builds pages one after another on one core. Before it can start it needs the list of our pages,
the Markdown of the few it converts itself (home, section and category pages) and the part of every
other page's front matter it reads early (titles, tags and dates: `render.early_meta`); a page's HTML
body and full front matter only when it builds that page; the export files only at the end. So a build
of a big site (`mkdocs build`, `portfolio build`) forks a worker as soon as the model is assembled. The
worker builds the index, writes the list of pages, the Markdown pages and the early front matter, the
author and collection pages (which MkDocs builds first), then matches the abstract lists, renders every
other page in the order MkDocs builds them and writes the export
files, while MkDocs lists files, reads pages and renders their themes on the other core. What it makes
before matching it makes again after, and the build fails with an internal error if anything differs.

The worker writes its records one after another into an unlinked temporary file (so it never waits on
MkDocs), and the plugin reads them as MkDocs needs them. At the end the worker sends its diagnostics
and timings over a pipe and exits. If it fails or dies, `sources.WorkerPages` makes what is still needed in
the build's own process: every build gives the same site either way (tests/test_worker.py).

Used only where `fork` exists, with more than one core, in a process with no other thread, with no
plugin but those we know (another plugin could change pages in ways a worker would not see), and for
sites big enough to gain from it; `PORTFOLIO_WORKER=on|off` decides instead (for tests and debugging).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import pickle
import signal
import struct
import tempfile
import threading
import time
import traceback
from collections import deque

from generator.environment import worker_choice
from generator.exports import iter_exports
from generator.layout import SiteOptions
from generator.mkdocs.pages import ids_in
from generator.model import Portfolio
from generator.model.assemble import attach_abstract_lists
from generator.render import PageJob, SiteRenderer, early_meta

log = logging.getLogger("mkdocs.plugins.portfolio")

MIN_PAPERS = 1500  # below this a build takes seconds and a second process gains little
_HEADER = struct.Struct("<Q")
# How MkDocs gets each generated page: Markdown text made before the abstract lists are matched (home,
# sections, category pages: they show no abstract), Markdown text made after (pages a hand-written nav
# lists: MkDocs reads those as Markdown), or HTML it takes as it is (`generator/mkdocs/pages.py`).
EARLY_TEXT, LATE_TEXT, HTML = "early text", "late text", "html"


def wanted(known_plugins: bool, papers: int) -> bool:
    """Whether this build should render in a worker process (`known_plugins`: see config.KNOWN_PLUGINS)."""
    choice = worker_choice()
    if choice == "off" or not hasattr(os, "fork") or threading.active_count() > 1 or not known_plugins:
        return False
    return choice == "on" or ((os.cpu_count() or 1) > 1 and papers >= MIN_PAPERS)


def write_exports(exports, site_dir: str, skip: set[str]) -> None:
    """Write export files into the site folder (as MkDocs writes in-memory files), but those in `skip`."""
    for export in exports:
        if export.path in skip:
            continue
        target = os.path.join(site_dir, *export.path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(export.data)


def plan_pages(
    sections: list[tuple[str, bool]], jobs: dict[str, PageJob], nav_paths: set[str]
) -> list[tuple[str, str, bool]]:
    """Every generated page as (path, how MkDocs gets it, whether it is in the navigation), sorted by path:
    the home and section pages (`sections`: path and whether in the navigation) as Markdown made early; pages a
    hand-written nav lists (`nav_paths`) as Markdown made late; HTML for the rest."""
    plan = [(path, EARLY_TEXT, in_nav) for path, in_nav in sections]
    plan += [(path, LATE_TEXT if path in nav_paths else HTML, False) for path in jobs]
    return sorted(plan)


def _page_digest(page) -> bytes:
    return hashlib.blake2b(marshal.dumps((page.meta, page.body)), digest_size=16).digest()


def _peak_mb() -> float:
    """This process's peak memory so far (MB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def unmatched_pages(html: list[str]) -> list[str]:
    """The first of the HTML pages (in path order) that show no abstract version an abstract list may add:
    author and collection pages come first, so the worker renders them before it matches the lists."""
    count = 0
    while count < len(html) and html[count].startswith(("authors/", "collections/")):
        count += 1
    return html[:count]


class WorkerFailed(Exception):
    """The worker stopped without finishing; the message says how."""


class RenderWorker:
    """The parent's side of one worker: start it, read its records as MkDocs needs them, collect its result.

    Records, in this order: the plan (`plan_pages`); for each page in plan order, an early text page's
    Markdown or an HTML page's early front matter (MkDocs reads pages in that order); the author and
    collection pages (`unmatched_pages`: they come first and need no matching); each late text page's
    Markdown; each other HTML page. An HTML page's record is its front matter, body and anchor ids.
    """

    def __init__(
        self, portfolio: Portfolio, abstract_lists: list, options: SiteOptions, nav_paths: set[str], site_dir: str
    ):
        self.portfolio, self.abstract_lists, self.options = portfolio, abstract_lists, options
        self.nav_paths, self.site_dir = nav_paths, site_dir
        self.plan: list[tuple[str, str, bool]] | None = None
        self.kinds: dict[str, str] = {}
        self.found: dict[tuple[str, str], object] = {}  # (kind of record, path) -> what was read ahead
        self.sections: list[tuple[str, deque]] = []  # the records still to come: (kind, paths)
        self.offset = 0  # where in the file the next record starts
        self.pid = None
        self.result: dict | None = None
        self.waited = 0.0  # seconds the parent spent waiting for records and for the end
        # The worker appends to the file, the parent reads at its own offsets (pread): no shared position.
        self.fd, name = tempfile.mkstemp(prefix="portfolio-pages-")
        os.unlink(name)  # gone when both processes close it
        self.done_read, done_write = os.pipe()
        skip_read, self.skip_write = os.pipe()  # the parent tells which exports are hand-written
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(self.done_read)
            os.close(self.skip_write)
            self._work(done_write, skip_read)  # never returns
        self.pid = pid
        os.close(done_write)
        os.close(skip_read)

    # --- the worker ---------------------------------------------------------------------------------

    def _work(self, done_write: int, skip_read: int) -> None:
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            result = self._render(skip_read)
            status = 0
        except BaseException:  # noqa: BLE001 - everything goes back to the parent as text
            result = {"error": traceback.format_exc()}
        try:
            with os.fdopen(done_write, "wb") as done:
                pickle.dump(result, done, pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers

    def _write(self, value) -> None:
        data = marshal.dumps(value)
        record = memoryview(_HEADER.pack(len(data)) + data)
        while record:
            record = record[os.write(self.fd, record) :]

    def _render(self, skip_read: int) -> dict:
        started, cpu = time.perf_counter(), time.process_time()
        portfolio = self.portfolio
        before = len(portfolio.diagnostics)
        renderer = SiteRenderer(portfolio, self.options)
        jobs = {job.path: job for job in renderer.jobs()}
        plan = plan_pages(renderer.section_paths(), jobs, self.nav_paths)
        self._write(plan)
        texts = texts_of(renderer, [path for path, kind, _ in plan if kind == EARLY_TEXT], jobs)
        html = [path for path, kind, _ in plan if kind == HTML]
        metas = {path: jobs[path].early() for path in html}
        for path, kind, _ in plan:  # in the order MkDocs reads pages
            if kind != LATE_TEXT:
                self._write(texts[path] if kind == EARLY_TEXT else metas[path])
        early = time.perf_counter()
        memory = {"early pages": _peak_mb()}
        first = unmatched_pages(html)
        made_first = {
            path: self._write_page(jobs[path].render(), metas[path]) for path in first
        }  # MkDocs builds these first
        memory["author pages"] = _peak_mb()
        attach_abstract_lists(portfolio, self.abstract_lists)
        memory["match"] = _peak_mb()
        matched = time.perf_counter()
        late = texts_of(renderer, [path for path, kind, _ in plan if kind == LATE_TEXT], jobs)
        for path, kind, _ in plan:
            if kind == LATE_TEXT:
                self._write(late[path])
        for path in html[len(first) :]:
            self._write_page(jobs[path].render(), metas[path])
        rendered = time.perf_counter()
        memory["render"] = _peak_mb()
        # The pages made before matching must not have needed it.
        changed = [path for path, text in texts_of(renderer, list(texts), jobs).items() if text != texts[path]]
        changed += [path for path in first if _page_digest(jobs[path].render()) != made_first[path]]
        with os.fdopen(skip_read, "rb") as skip:
            hand_written = pickle.load(skip)
        write_exports(
            iter_exports(portfolio, self.options, renderer.citations, renderer.site.bibtex_keys),
            self.site_dir,
            hand_written,
        )
        return {
            "diagnostics": portfolio.diagnostics[before:],
            "unmatched": portfolio.unmatched_abstracts,
            "changed": changed,
            "seconds": {
                "index and early pages": early - started,
                "match": matched - early,
                "render": rendered - matched,
                "exports": time.perf_counter() - rendered,
            },
            "cpu": time.process_time() - cpu,
            "peak_mb": {**memory, "exports": _peak_mb()},
        }

    def _write_page(self, page, early: dict) -> bytes:
        """One HTML page's record; returns a digest of its front matter and body."""
        if early_meta(page.meta) != early:  # what MkDocs read early must be what it builds with
            raise WorkerFailed(f"{page.path}: its front matter is not the early front matter MkDocs read")
        self._write((page.meta, page.body, sorted(ids_in(page.body))))
        return _page_digest(page)

    # --- the parent ---------------------------------------------------------------------------------

    def pages(self) -> list[tuple[str, str, bool]]:
        """The plan of the worker's pages (see `plan_pages`)."""
        if self.plan is None:
            self.plan = [tuple(item) for item in self._read_one()]
            self.kinds = {path: kind for path, kind, _ in self.plan}
            html = [path for path, kind, _ in self.plan if kind == HTML]
            first = unmatched_pages(html)
            self.sections = [
                ("early", deque(path for path, kind, _ in self.plan if kind != LATE_TEXT)),
                ("page", deque(first)),
                ("text", deque(path for path, kind, _ in self.plan if kind == LATE_TEXT)),
                ("page", deque(html[len(first) :])),
            ]
        return self.plan

    def get(self, kind: str, path: str):
        """A record of the worker's: "text" (a Markdown page), "early" (an HTML page's early front matter),
        "page" (an HTML page's front matter, body and ids)."""
        self.pages()
        if kind == "text" and self.kinds.get(path) == EARLY_TEXT:
            kind = "early"  # written among the early front matter, in the order MkDocs reads pages
        while (kind, path) not in self.found:
            while self.sections and not self.sections[0][1]:
                self.sections.pop(0)
            if not self.sections:
                raise WorkerFailed(f"{path}: not a page the worker makes")
            section, paths = self.sections[0]
            self.found[section, paths.popleft()] = self._read_one()
        value = self.found.pop((kind, path))
        if kind == "page":
            meta, body, ids = value
            return meta, body, set(ids)
        return value

    def exports_skip(self, hand_written: set[str]) -> None:
        """Tell the worker which exports are hand-written (it writes the others once the pages are done)."""
        with os.fdopen(self.skip_write, "wb") as skip:
            self.skip_write = None
            pickle.dump(set(hand_written), skip, pickle.HIGHEST_PROTOCOL)

    def _read_one(self):
        header = self._read_exactly(_HEADER.size)
        return marshal.loads(self._read_exactly(_HEADER.unpack(header)[0]))

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = os.pread(self.fd, size - len(data), self.offset)
            if chunk:
                data += chunk
                self.offset += len(chunk)
                continue
            if self.result is not None:  # it ended, and everything it wrote has been read
                raise WorkerFailed("the worker ended before writing every page")
            start = time.perf_counter()
            if self._exited():
                self.result = self._collect()
                if "error" in self.result:
                    raise WorkerFailed(self.result["error"].strip().splitlines()[-1])
            else:
                time.sleep(0.0005)  # not written yet
            self.waited += time.perf_counter() - start
        return data

    def _exited(self) -> bool:
        pid, _ = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.pid = None
        return self.pid is None

    def _collect(self) -> dict:
        with os.fdopen(self.done_read, "rb") as done:
            self.done_read = None
            try:
                return pickle.load(done)
            except (EOFError, pickle.UnpicklingError):
                return {"error": "the worker stopped without a word (killed?)"}

    def finish(self) -> dict:
        """Wait for the worker's end; its diagnostics and timings."""
        start = time.perf_counter()
        if self.result is None:
            self.result = self._collect()  # blocks until the worker writes it or exits
            if self.pid is not None:
                os.waitpid(self.pid, 0)
                self.pid = None
        self.waited += time.perf_counter() - start
        os.close(self.fd)
        self.fd = None
        if "error" in self.result:
            raise WorkerFailed(self.result["error"].strip().splitlines()[-1])
        return self.result

    def stop(self) -> None:
        """End the worker now (the build failed or was interrupted)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None
        for fd in (self.fd, self.done_read, self.skip_write):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.fd = self.done_read = self.skip_write = None


def texts_of(renderer: SiteRenderer, paths: list[str], jobs: dict[str, PageJob]) -> dict[str, str]:
    """The Markdown text (front matter and body) of the section pages and the pages of `jobs` at these paths."""
    wanted_paths = set(paths)
    pages = {}
    if wanted_paths.intersection(path for path, _ in renderer.section_paths()):
        pages = {page.path: page for page in renderer.section_pages() if page.path in wanted_paths}
    for path in paths:
        if path not in pages:
            pages[path] = jobs[path].render()
    return {path: pages[path].text for path in paths}
