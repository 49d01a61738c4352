"""The MkDocs plugin's own behaviour: progress on long builds, and one-line errors for bad settings."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from generator.progress import Progress, to_log
from tests.conftest import SOURCES
from tests.projects import make_project


def test_long_runs_log_progress_about_every_tenth(caplog):
    log = logging.getLogger("tests.progress")
    progress = Progress("built pages", 500, to_log(log))
    with caplog.at_level(logging.INFO, logger="tests.progress"):
        for done in range(1, 1235):
            progress(done, 1234)
        for done in range(1, 100):
            progress(done, 99)  # short runs stay quiet
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0] == "portfolio: built pages 123/1,234"
    assert lines[-1] == "portfolio: built pages 1,234/1,234"
    assert len(lines) == 11


@pytest.mark.slow
def test_a_bad_as_of_from_the_environment_is_one_line(tmp_path):
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt"])
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTFOLIO_AS_OF": "last tuesday"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "PORTFOLIO_AS_OF" in line]
    assert line.startswith("ERROR") and "'last tuesday'" in line


@pytest.mark.slow
def test_a_site_made_by_an_earlier_version_still_builds(tmp_path):
    """mkdocs.yml of sites `portfolio new` made before: Material's search and tags plugins, the tags plugin's sort
    key named as `generator.tags.newest_first`, the plugin as `- portfolio`."""
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt"])
    config = (project / "mkdocs.yml").read_text("utf-8")
    old = config.replace(
        "plugins:\n",
        "plugins:\n  - search\n  - tags:\n      listings_sort_by: "
        "!!python/name:generator.tags.newest_first\n      listings_sort_reverse: true\n",
        1,
    )
    assert old != config
    (project / "mkdocs.yml").write_text(old, "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site/authors/mira-okonkwo-hale/index.html").is_file()
    assert (project / "site/pagefind/pagefind.js").is_file()
    assert "search plugin is not needed" in result.stderr
