"""What a visitor gets: the built site served as GitHub Pages serves it, and Lighthouse's scores of its pages.

The site is served on 127.0.0.1 with gzip for text (GitHub Pages compresses HTML, CSS, JS and JSON), and
Lighthouse (npm, pinned by bench/package-lock.json) drives Debian's Chromium with its mobile defaults:
a mid-range phone on a slow 4G network, simulated.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed when the client accepts it, quietly."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects `dir` to `dir/`
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def end_headers(self):
        # As GitHub Pages does for every file: a browser may reuse a response for ten minutes.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes):
        self.data, self.done = data, False

    def read(self, size: int = -1) -> bytes:
        if self.done:
            return b""
        self.done = True
        return self.data

    def close(self) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL ending in `/`."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def lighthouse_available() -> str | None:
    """None when Lighthouse can run here, else why not."""
    if not CHROMIUM.is_file():
        return f"Chromium is not at {CHROMIUM}"
    if not shutil.which("node"):
        return "node is not installed"
    if not LIGHTHOUSE.is_file():
        return "Lighthouse is not installed: run `npm ci --prefix bench`"
    return None


def lighthouse(url: str, workdir: Path) -> dict:
    """Lighthouse's four category scores (0-100) and the bytes transferred, for one page (mobile)."""
    report = workdir / "lighthouse.json"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--max-wait-for-load=60000",
    ]
    run = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        timeout=300,
        check=False,
    )
    if run.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
    data = json.loads(report.read_text("utf-8"))
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    requests = data["audits"]["network-requests"]["details"]["items"]
    failed = [
        audit["id"]
        for name in CATEGORIES
        for audit in _audit_refs(data, name)
        if audit.get("weight")
        and (data["audits"][audit["id"]].get("score") is not None)
        and data["audits"][audit["id"]]["score"] < 1
    ]
    return {
        **scores,
        "transferred": sum(item.get("transferSize", 0) for item in requests),
        "requests": len(requests),
        "search_index_requested": any(item["url"].endswith("search/search_index.json") for item in requests),
        "lcp_ms": data["audits"]["largest-contentful-paint"]["numericValue"],
        "tbt_ms": data["audits"]["total-blocking-time"]["numericValue"],
        "failed_audits": sorted(set(failed)),
    }


def _audit_refs(data: dict, category: str) -> list[dict]:
    return data["categories"][category]["auditRefs"]
