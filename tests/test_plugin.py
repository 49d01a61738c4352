"""The MkDocs plugin's own behaviour: progress on long builds, and one-line errors for bad settings."""

from __future__ import annotations

import pytest

import logging
import os
import subprocess
import sys

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
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTFOLIO_AS_OF": "last tuesday"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "PORTFOLIO_AS_OF" in line]
    assert line.startswith("ERROR") and "'last tuesday'" in line
