"""Browser fixtures: the built sites served on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from tests.conftest import FIXTURES, ROOT, run_portfolio

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# Flags for a quiet, reproducible headless run: nothing phones home, nothing needs a GPU or a sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The kinds of page a visitor meets, in the seeds site.
PAGES = {
    "home": "",
    "author": "authors/deqing-fu/",
    "paper": "papers/fone-precise-single-token-number-embeddings-via-fourier-features/",
    "index": "topics/categories/machine-learning-cs-lg/",
    "collection": "collections/daily-papers-2026-01-06/",
    "authors": "authors/",  # with the lab table
    "cv": "authors/zhi-hong-deng/cv/",
    "statistics": "topics/statistics/",
    "radar": "collections/radar/",
}


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`, and skip them all when Chromium or Playwright is missing."""
    reason = None
    if not CHROMIUM.is_file():
        reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "browser tests need Playwright for Python (pip install -e '.[test]')"
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def output_dir() -> Path:
    """Where screenshots and other artefacts of the run go: $PORTFOLIO_TEST_OUTPUT or test-output/."""
    return Path(os.environ.get("PORTFOLIO_TEST_OUTPUT") or ROOT / "test-output")


README_SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"


def keep_for_readme(screenshot: Path) -> None:
    """Copy a screenshot over the README's copy with `make screenshots` (PORTFOLIO_UPDATE_SCREENSHOTS=1) only:
    a test run never changes the repository (docs/ is part of every site the other tests build)."""
    if os.environ.get("PORTFOLIO_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(screenshot, README_SCREENSHOTS / screenshot.name)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging every request to the test output."""

    extra_headers: ClassVar[dict[str, str]] = {}
    asked: ClassVar[list[str] | None] = None  # when a list: the path of every request answered

    def log_request(self, code="-", size="-"):
        if self.asked is not None:
            self.asked.append(self.path)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A threaded server that ignores clients hanging up mid-answer (a browser leaving a page does)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(folder: Path, headers: dict[str, str] | None = None, asked: list[str] | None = None):
    """Serve `folder` over HTTP on 127.0.0.1 at a free port (adding `headers` to every answer, and the path of each
    request to `asked`); yields the base URL ending in `/`."""
    handler = type("Handler", (QuietHandler,), {"extra_headers": dict(headers or {}), "asked": asked})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(seeds_site):
    """The seeds site served on 127.0.0.1."""
    with serving(seeds_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from the hostile fixture, whose payloads would set `window.__pwned` if they ran."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    run_portfolio("build", "--as-of", "2026-11-22", "-d", site, FIXTURES / "hostile")
    return site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; Playwright gives every launch a fresh temporary user data dir."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # search builds its index in a worker: slow on a busy CI machine
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab that records console errors, failed requests and requests leaving 127.0.0.1."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        # A broken feature should fail in seconds, not after Playwright's 30 s default; loaded CI still fits.
        context.set_default_timeout(15_000)
        context.route("**/*", self._only_local)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.on("dialog", self._dialog)

    def _only_local(self, route):
        # The site must need nothing from the internet: any other host is a failure, and never fetched.
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()

    def _failed(self, request):
        # A page that is left cancels what it was still fetching ahead for search (search.js, when idle): that is
        # the visitor moving on, not a broken request.
        if request.failure == "net::ERR_ABORTED" and "/pagefind/" in request.url:
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text} at {message.location.get('url')}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str, wait_until: str = "load"):
        """Open a page of the site by its path relative to the site root; returns the Playwright page."""
        self.page.goto(self.base_url + path, wait_until=wait_until)
        return self.page

    def close(self) -> None:
        """Close the tab's context. The route handler goes first, ignoring requests still in it: closing a context
        while a handled request is in flight can wait for ever (Playwright's `unroute_all` says so); a whole run
        hung there now and then."""
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.close()


def open_visit(browser, base_url: str, viewport=DESKTOP, color_scheme="light") -> Visit:
    """A fresh browser context (no stored theme, no cache) on `base_url`."""
    context = browser.new_context(
        viewport=viewport, color_scheme=color_scheme, reduced_motion="reduce", service_workers="block"
    )
    return Visit(context, base_url)


@pytest.fixture
def visit(browser, site_url):
    """A desktop-sized tab on the seeds site, closed after the test."""
    tab = open_visit(browser, site_url)
    yield tab
    tab.close()


@pytest.fixture
def phone_visit(browser, site_url):
    """A 375 px wide touch tab on the seeds site, closed after the test."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        reduced_motion="reduce",
        service_workers="block",
    )
    tab = Visit(context, site_url)
    yield tab
    tab.close()
