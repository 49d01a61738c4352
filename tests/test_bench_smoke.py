"""A small run of the benchmark harness: it measures every stage and writes the results table."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_harness_runs_at_100_papers(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--sizes", "100", "--repeats", "1",
                          "--out", str(tmp_path / "out"), "--results", str(results)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    text = results.read_text("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 100 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 15 and int(cells[1].replace(",", "")) > 100  # pages: papers plus index pages
    assert all(float(c) >= 0 for c in cells[2:7])
    assert "- No-change re-run at 100 papers: 0 files written" in text
    assert "- Search index at 100 papers:" in text
