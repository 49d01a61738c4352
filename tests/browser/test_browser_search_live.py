"""Live preview: after an edit under `portfolio serve` or `mkdocs serve`, searching the served site finds the new text."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import open_visit
from tests.conftest import SOURCES
from tests.projects import make_project
from tests.test_live_preview import Server, replace_text

# Without Playwright the whole folder is skipped (conftest.py); this keeps collection from failing.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.slow


def searched(browser, base_url: str, query: str) -> list[str]:
    """The result titles a visitor opening the served site anew sees for `query`."""
    tab = open_visit(browser, base_url)
    try:
        page = tab.goto("authors/")
        page.keyboard.press("/")
        page.locator(".md-search__input").press_sequentially(query)
        expect(page.locator("#pf-search-results")).to_have_attribute("data-pf-query", query)
        titles = page.locator("#pf-search-results .pf-search__title").all_inner_texts()
    finally:
        tab.close()
    assert not tab.problems
    return titles


def indexed(server, builds: int, timeout: float = 60.0) -> None:
    """Wait until the index of the `builds`-th build is in place: under serve it is written after the build, while
    the page already shows the edit."""
    deadline = time.monotonic() + timeout
    while server.count("search index of") < builds:
        assert time.monotonic() < deadline, server.log()
        time.sleep(0.2)


@pytest.mark.parametrize(
    "command",
    [["generator", "serve", "--as-of", "2026-11-22"], ["mkdocs", "serve"]],
    ids=["portfolio serve", "mkdocs serve"],
)
def test_after_an_edit_search_finds_the_new_text(browser, tmp_path, command):
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt", SOURCES / "profile_coauthor.txt"])
    server = Server(project, command)
    try:
        server.wait_for(
            "authors/mira-okonkwo-hale/", lambda titles: titles and "Counting Ducks in Aerial Photographs" in titles
        )
        assert server.settled_builds(1) == 1
        indexed(server, 1)
        base = f"http://127.0.0.1:{server.port}/"
        assert searched(browser, base, "Ducks") == ["Counting Ducks in Aerial Photographs"]
        assert searched(browser, base, "Geese") == []

        replace_text(
            project / "profiles/profile_basic.txt",
            "Counting Ducks in Aerial Photographs",
            "Counting Geese in Aerial Photographs",
        )
        server.wait_for("authors/mira-okonkwo-hale/", lambda titles: "Counting Geese in Aerial Photographs" in titles)
        assert server.settled_builds(2) == 2
        indexed(server, 2)
        assert searched(browser, base, "Geese") == ["Counting Geese in Aerial Photographs"]
        assert "Counting Ducks in Aerial Photographs" not in searched(
            browser, base, "Ducks"
        )  # its abstract is of ducks
        assert not [line for line in server.lines if "search index could not" in line], server.log()
    finally:
        server.stop()
