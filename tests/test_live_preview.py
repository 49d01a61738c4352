"""`portfolio serve` (mkdocs serve underneath) watches the profiles: edits show up after one rebuild."""

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

from tests.conftest import run_portfolio

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `portfolio serve` process whose log is collected line by line."""

    def __init__(self, root: Path):
        self.port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--as-of", "2026-11-22", "-a", f"127.0.0.1:{self.port}"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        return sum(1 for line in self.lines if "Building documentation" in line)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, predicate, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.get(path)
            if page is not None and predicate(page):
                return page
            time.sleep(0.3)
        raise AssertionError(f"{path} never matched; server log:\n" + "\n".join(self.lines[-30:]))

    def settle(self, builds: int, quiet: float = 4.0) -> None:
        """Wait until `builds` builds have finished and nothing more happens for `quiet` seconds."""
        deadline = time.monotonic() + 60
        while self.builds() < builds or not any("Serving on" in l or "Reloading browsers" in l for l in self.lines):
            assert time.monotonic() < deadline, "\n".join(self.lines[-30:])
            time.sleep(0.2)
        time.sleep(quiet)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def portfolio(tmp_path) -> Path:
    root = tmp_path / "lab"
    run_portfolio("new", root)
    return root


def test_editing_adding_and_deleting_profiles_updates_the_served_site(portfolio):
    server = Server(portfolio)
    try:
        server.wait_for("authors/ada-marlowe/", lambda page: "Spectral Dropout" in page)
        server.settle(builds=1)
        assert server.builds() == 1

        profile = portfolio / "profiles/ada-marlowe.txt"
        profile.write_text(profile.read_text("utf-8").replace("Spectral Dropout:", "Spectral Dropconnect:"), "utf-8")
        server.wait_for("authors/ada-marlowe/", lambda page: "Spectral Dropconnect" in page)
        server.settle(builds=2)
        assert server.builds() == 2  # one rebuild per change: no loop

        (portfolio / "profiles/lin-wei.txt").write_text(
            (Path(__file__).parent / "fixtures/sources/profile_coauthor.txt").read_text("utf-8"), "utf-8")
        server.wait_for("authors/lin-wei/", lambda page: "Walking Robots on Ice" in page)
        server.settle(builds=3)
        assert server.builds() == 3

        (portfolio / "profiles/lin-wei.txt").unlink()
        server.wait_for("authors/", lambda page: "Lin Wei" not in page)
        server.settle(builds=4)
        assert server.builds() == 4
    finally:
        server.stop()


def test_a_broken_edit_is_reported_and_the_last_good_pages_stay_up(portfolio):
    server = Server(portfolio)
    try:
        server.wait_for("authors/tomas-ibarra/", lambda page: "Depth from Defocus" in page)
        server.settle(builds=1)
        profile = portfolio / "profiles/tomas-ibarra.txt"
        profile.write_bytes(b"")  # a half-saved file
        server.settle(builds=2)
        assert any("tomas-ibarra.txt" in line and "empty" in line for line in server.lines)
        assert any("kept the last good version" in line for line in server.lines)
        page = server.get("authors/tomas-ibarra/")
        assert page is not None and "Depth from Defocus" in page
    finally:
        server.stop()
