"""Rendering in a second process while MkDocs builds: the generator's own work overlaps MkDocs' own.

MkDocs builds pages one after another on one core. Before it can start it needs our pages' paths and
front matter, but a page's HTML body only when it builds that page, and the export files only at the
end. So a build of a big site (`mkdocs build`, `portfolio build`) forks a worker once the front matter
is made; the worker matches the abstract lists, renders every page body in the order MkDocs will ask
for them, then writes the export files into the site folder, while MkDocs reads pages and renders
their themes on the other core.

The worker writes bodies one after another into an unlinked temporary file (so it never waits on
MkDocs) and the plugin reads them from there as MkDocs reaches each page. At the end the worker sends
its diagnostics and timings over a pipe and exits. If it fails, or dies, the plugin does what is left
itself: every build gives the same site either way (tests/test_worker.py).

Used only where `fork` exists, with more than one core, in a process with no other thread, with no
plugin but those we know (another plugin could change pages in ways a worker would not see), and for
sites big enough to gain from it; `PORTFOLIO_WORKER=on|off` decides instead (for tests and debugging).
"""

from __future__ import annotations

import marshal
import os
import pickle
import signal
import struct
import tempfile
import threading
import time
import traceback

from .assemble import attach_abstract_lists
from .exports import build_exports
from .prerendered import ids_in
from .search_index import compact_text, section_texts, text_digest
from .urls import Urls

KNOWN_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags", "portfolio"})
MIN_PAPERS = 1500  # below this a build takes seconds and a second process gains little
_HEADER = struct.Struct("<Q")


def wanted(config, papers: int) -> bool:
    """Whether this build should render in a worker process."""
    choice = os.environ.get("PORTFOLIO_WORKER", "auto").strip().lower()
    if choice in ("off", "0", "no") or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    if not set(config.plugins) <= KNOWN_PLUGINS:
        return False
    if choice in ("on", "1", "yes"):
        return True
    return (os.cpu_count() or 1) > 1 and papers >= MIN_PAPERS


def write_exports(exports, site_dir: str, skip: set[str]) -> None:
    """Write export files into the site folder (as MkDocs writes in-memory files), but those in `skip`."""
    for export in exports:
        if export.path in skip:
            continue
        target = os.path.join(site_dir, *export.path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as file:
            file.write(export.text)


class WorkerFailed(Exception):
    """The worker stopped without finishing; the message says how."""


class RenderWorker:
    """The parent's side of one worker: start it, take each page as MkDocs needs it, collect its result.

    The worker writes the paths of its pages, then one record per page in that order: its front matter,
    body and anchor ids. (MkDocs reads every page before it builds any; until it builds a page it needs
    only the part of its front matter the parent makes itself: `render.early_meta`.)
    """

    def __init__(self, portfolio, options, keep: set[str], site_dir: str, stop_words: frozenset[str] | None = None):
        self.portfolio, self.options, self.keep, self.site_dir = portfolio, options, keep, site_dir
        self.stop_words = stop_words  # the search index's stop words (None: no search index to compact for)
        self.urls = Urls(options.directory_urls)
        self.compact: dict[str, tuple[bytes, str]] = {}  # search entry location -> (text digest, compacted text)
        self.paths: list[str] | None = None  # the worker's pages, in order (its first record)
        self.bodies: dict[str, tuple] = {}  # read ahead of MkDocs: path -> (front matter, body, ids)
        self.read = 0  # pages read so far
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
            record = record[os.write(self.fd, record):]

    def _render(self, skip_read: int) -> dict:
        from .render import SiteRenderer

        started, cpu = time.perf_counter(), time.process_time()
        portfolio = self.portfolio
        before = len(portfolio.diagnostics)
        renderer = SiteRenderer(portfolio, self.options)
        jobs = renderer.jobs()
        paths = renderer.deferred_split(self.keep, jobs)[1]
        self._write(paths)
        front = time.perf_counter()
        attach_abstract_lists(portfolio)
        matched = time.perf_counter()
        for path in paths:
            page = jobs[path][0]()
            compact = {}
            if self.stop_words is not None and path.startswith("papers/"):  # the search entries, compacted (search_index.py)
                for location, text in section_texts(page.body, self.urls.url(path)).items():
                    compact[location] = (text_digest(text), compact_text(text, self.stop_words))
            self._write((page.meta, page.body, sorted(ids_in(page.body)), compact))
        rendered = time.perf_counter()
        with os.fdopen(skip_read, "rb") as skip:
            hand_written = pickle.load(skip)
        write_exports(build_exports(portfolio, self.options, renderer.citations, renderer.site.bibtex_keys),
                      self.site_dir, hand_written)
        return {"diagnostics": portfolio.diagnostics[before:], "unmatched": portfolio.unmatched_abstracts,
                "seconds": {"index": front - started, "match": matched - front, "render": rendered - matched,
                            "exports": time.perf_counter() - rendered},
                "cpu": time.process_time() - cpu}

    # --- the parent ---------------------------------------------------------------------------------

    def pages(self) -> list[str]:
        """The paths of the pages the worker renders, in the order it writes them."""
        if self.paths is None:
            self.paths = self._read_one()
        return self.paths

    def exports_skip(self, hand_written: set[str]) -> None:
        """Tell the worker which exports are hand-written (it writes the others once the bodies are done)."""
        with os.fdopen(self.skip_write, "wb") as skip:
            self.skip_write = None
            pickle.dump(set(hand_written), skip, pickle.HIGHEST_PROTOCOL)

    def page(self, path: str) -> tuple[dict, str, set[str]]:
        """The front matter and body of the page at `path` and the ids in it, once the worker has made them."""
        self.pages()
        while path not in self.bodies:
            if self.read >= len(self.paths):
                raise WorkerFailed(f"{path}: not a page the worker renders")
            self.bodies[self.paths[self.read]] = self._read_one()
            self.read += 1
        meta, body, ids, compact = self.bodies.pop(path)
        self.compact.update(compact)
        return meta, body, set(ids)

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
