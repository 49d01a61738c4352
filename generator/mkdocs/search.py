"""The MkDocs side of search: the index is written by a second process while MkDocs builds the pages.

Everything the index holds is known once MkDocs has read every page (`on_env`): the model gives the
generated pages' records, and MkDocs has turned the hand-written pages into HTML. Pagefind then has the
whole time MkDocs spends putting pages into the theme to do its work on the other core; the build only
waits for it at the end (`on_post_build`), and a failed or interrupted build stops it.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.search.pagefind_index import FOLDER, install_index, save_job
from generator.search.records import portfolio_records

log = logging.getLogger("mkdocs.plugins.portfolio")


def hand_written_pages(files, generated: type) -> list[tuple[str, str]]:
    """(url, HTML) of every page MkDocs read that is not an instance of `generated`, unless its front
    matter says `search: {exclude: true}` (Material's way to keep a page out of search)."""
    pages = []
    for file in files.documentation_pages():
        page = file.page
        if isinstance(file, generated) or page is None or page.content is None:
            continue
        search = page.meta.get("search") if isinstance(page.meta, dict) else None
        if isinstance(search, dict) and search.get("exclude"):
            continue
        title = html.escape(str(page.title or ""), quote=True)
        pages.append(
            (file.url, f'<html lang="en"><body data-pagefind-meta="title:{title}">{page.content}</body></html>')
        )
    return pages


class SearchBuild:
    """One build's search index, written by `python -m generator.search` beside the build into a folder next to
    the site folder, and moved into the site when the build is done (`finish`)."""

    def __init__(self, portfolio, options, config, files, generated: type):
        self.site_dir = Path(config.site_dir)
        self.started = time.perf_counter()
        if {"search", "material/search"} & set(config.plugins):
            log.info(
                "portfolio: Material's search plugin is not needed any more (the search box uses the portfolio's "
                "own index): remove `- search` from the plugins in mkdocs.yml"
            )
        records = portfolio_records(portfolio, options.directory_urls, options.home, options.home_author)
        pages = hand_written_pages(files, generated)
        self.site_dir.mkdir(parents=True, exist_ok=True)
        self.staging = _staging_folder(self.site_dir)
        save_job(self.staging / "job.json", records, pages)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator.search",
                str(self.staging / "job.json"),
                str(self.staging / FOLDER),
                str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self) -> None:
        """Wait for the index and move it into the site; a failure stops the build with one line saying why."""
        waited = time.perf_counter()
        try:
            out, err = self.process.communicate()
            if self.process.returncode == 0:
                install_index(self.staging / FOLDER, self.site_dir)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
        waited = time.perf_counter() - waited
        if self.process.returncode != 0:
            reason = (err.strip().splitlines() or [f"exit status {self.process.returncode}"])[-1]
            raise PluginError(f"portfolio: the search index could not be written: {reason}")
        done = json.loads(out.strip().splitlines()[-1])
        log.info(
            f"portfolio: search index of {done['pages']:,} pages written in {time.perf_counter() - self.started:.1f} s "
            f"beside the build ({done['cpu_seconds']:.1f} s of CPU), waited {waited:.1f} s for it"
        )

    def stop(self) -> None:
        """End the indexing now (the build failed or was interrupted) and remove what it wrote."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.staging, ignore_errors=True)


class SearchAfterBuild:
    """Under `mkdocs serve`: the index is made after the build (its records too), while the browser already shows
    the edit, and moved into the site when it is done; the next build stops one still being written. The page is
    what the author waits for, and the indexing would take the second core from MkDocs while it builds."""

    def __init__(self, make_build, then=None):
        self.make_build = make_build  # () -> SearchBuild: its records are made, and its process started, here
        self.build: SearchBuild | None = None
        self.then = then  # called once the index is in the site, unless stopped
        self.stopped = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._finish, name="portfolio-search", daemon=True)
        self.thread.start()

    def _finish(self) -> None:
        try:
            build = self.make_build()
            with self.lock:
                self.build = build
                if self.stopped:
                    build.stop()
                    return
            build.finish()
        except Exception as exc:  # noqa: BLE001 - a thread must not die silently: say why, as a build would
            if not self.stopped:
                log.warning(str(exc))
        if self.then is not None and not self.stopped:
            self.then()

    def wait(self, timeout: float | None = None) -> None:
        """Until the index is in the site (or `timeout` seconds)."""
        self.thread.join(timeout)

    def stop(self) -> None:
        """End the indexing: the process is killed and the waiting thread, the only reader of its output, sees it
        end (a second reader of the same pipes would fail)."""
        with self.lock:
            self.stopped = True
            build = self.build
            if build is not None and build.process.poll() is None:
                build.process.kill()
        self.thread.join(timeout=30)
        if build is not None:
            shutil.rmtree(build.staging, ignore_errors=True)


def _staging_folder(site: Path) -> Path:
    """A new folder beside the site folder (on its file system, outside it) for the index being written; one left
    by a build that was killed is removed."""
    parent = site.resolve().parent
    for stale in parent.glob(".pagefind-*"):
        pid = stale.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".pagefind-{os.getpid()}-", dir=parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
