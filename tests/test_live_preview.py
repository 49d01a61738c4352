"""`mkdocs serve` and `portfolio serve` watch the sources: each change shows up after exactly one rebuild."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SOURCES
from tests.projects import make_project

pytestmark = pytest.mark.slow

# How long the log must stay quiet after a build before we count: MkDocs polls files every 0.5 s, so a
# build that touched a watched file would have started the next one well within this.
QUIET = 2.0

NEW_AUTHOR = """Noor Haddad

RO
h-index3
1papers
12citations
Novelty52%
AI Score44

1 Papers

ROMar 3, 2024
Legged Robots That Learn to Climb Stairs from Video

Noor Haddad, Lin Wei

We teach a quadruped to climb stairs from videos of people doing it, without any simulator.
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replace_text(path: Path, old: str, new: str) -> None:
    """Save an edit the way editors do: write a new file, then rename it over the old one."""
    text = path.read_text("utf-8")
    assert old in text
    draft = path.parent.parent / f"{path.name}.draft"
    draft.write_text(text.replace(old, new), "utf-8")
    os.replace(draft, path)


class Server:
    """A serving process (`mkdocs serve` or `portfolio serve`) whose log is collected line by line."""

    def __init__(self, root: Path, command: list[str]):
        self.port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", *command, "-a", f"127.0.0.1:{self.port}"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def count(self, text: str) -> int:
        return sum(1 for line in self.lines if text in line)

    def log(self) -> str:
        return "\n".join(self.lines[-40:])

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def titles(self, path: str) -> list[str] | None:
        """The paper titles listed on a served page, or None when it is not served."""
        page = self.get(path)
        if page is None:
            return None
        return [
            t.get_text(" ", strip=True)
            for t in BeautifulSoup(page, "html.parser").select("li.pf-paper .pf-paper__title")
        ]

    def wait_for(self, path: str, predicate, timeout: float = 60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.log()}"
            titles = self.titles(path)
            if predicate(titles):
                return titles
            time.sleep(0.3)
        raise AssertionError(f"{path} never matched; server log:\n{self.log()}")

    def finished_builds(self) -> int:
        """Builds finished so far: the first one before "Serving on", each rebuild before "Reloading browsers".
        (Not "Documentation built in N seconds": MkDocs drops a log message identical to an earlier one.)"""
        return self.count("Serving on") + self.count("Reloading browsers")

    def settled_builds(self, expected: int) -> int:
        """Wait for `expected` finished builds, then for a quiet spell; return how many builds started."""
        deadline = time.monotonic() + 60
        while self.finished_builds() < expected:
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.2)
        time.sleep(QUIET)
        return self.count("Building documentation")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_mkdocs_serve_follows_edits_additions_breakage_and_deletions(tmp_path):
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt", SOURCES / "profile_coauthor.txt"])
    profile = project / "profiles/profile_basic.txt"
    server = Server(project, ["mkdocs", "serve"])
    try:
        server.wait_for(
            "authors/mira-okonkwo-hale/", lambda titles: titles and "Counting Ducks in Aerial Photographs" in titles
        )
        assert server.settled_builds(1) == 1

        replace_text(profile, "Counting Ducks in Aerial Photographs", "Counting Geese in Aerial Photographs")
        titles = server.wait_for(
            "authors/mira-okonkwo-hale/", lambda titles: "Counting Geese in Aerial Photographs" in titles
        )
        assert "Counting Ducks in Aerial Photographs" not in titles
        assert server.settled_builds(2) == 2  # one rebuild per change: the build itself triggers nothing
        assert server.count("Detected file changes") == 1

        (project / "profiles/noor-haddad.txt").write_text(NEW_AUTHOR, "utf-8")
        server.wait_for(
            "authors/noor-haddad/", lambda titles: titles == ["Legged Robots That Learn to Climb Stairs from Video"]
        )
        assert server.settled_builds(3) == 3

        profile.write_bytes(b"")  # a half-saved file: reported, and its last good version stays up
        assert server.settled_builds(4) == 4
        assert [line for line in server.lines if "profile_basic.txt" in line and "file is empty" in line], server.log()
        assert [
            line for line in server.lines if "profile_basic.txt" in line and "kept the last good version" in line
        ], server.log()
        assert "Counting Geese in Aerial Photographs" in server.titles("authors/mira-okonkwo-hale/")

        (project / "profiles/noor-haddad.txt").unlink()
        server.wait_for("authors/noor-haddad/", lambda titles: titles is None)
        assert server.settled_builds(5) == 5
        assert server.count("Detected file changes") == 4
        authors = BeautifulSoup(server.get("authors/"), "html.parser").get_text()
        assert "Mira Okonkwo-Hale" in authors and "Noor Haddad" not in authors
    finally:
        server.stop()


def test_portfolio_serve_watches_the_source_files_it_was_given(tmp_path):
    project = make_project(tmp_path / "lab")
    elsewhere = tmp_path / "saved" / "profile_basic.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((SOURCES / "profile_basic.txt").read_bytes())
    server = Server(project, ["generator", "serve", "--as-of", "2026-11-22", str(elsewhere)])
    try:
        server.wait_for(
            "authors/mira-okonkwo-hale/", lambda titles: titles and "Leap-Day Regularisers for Sparse Models" in titles
        )
        assert server.settled_builds(1) == 1
        replace_text(elsewhere, "Leap-Day Regularisers", "Leap-Year Regularisers")
        server.wait_for(
            "authors/mira-okonkwo-hale/", lambda titles: "Leap-Year Regularisers for Sparse Models" in titles
        )
        assert server.settled_builds(2) == 2
        # --as-of reached the plugin on the rebuild too: `Feb 29` without a year is the last leap day before it.
        paper = BeautifulSoup(server.get("papers/") or "", "html.parser")
        assert "2024" in " ".join(
            li.get_text(" ") for li in paper.select("li.pf-paper") if "Leap-Year" in li.get_text()
        )
    finally:
        server.stop()
