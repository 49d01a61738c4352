"""`portfolio parse`: exit codes, messages and the JSON contract, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_json_contract_keys(sources):
    result = run(
        "parse", "--json", "--as-of", "2026-11-22", str(sources / "profile_basic.txt"), str(sources / "feed_basic.txt")
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"authors", "papers", "collections", "unmatched_abstracts", "diagnostics"} <= data.keys()
    assert {
        "name",
        "slug",
        "category",
        "h_index",
        "paper_count",
        "citations",
        "novelty",
        "ai_score",
        "papers",
        "sources",
    } <= data["authors"][0].keys()
    assert {
        "id",
        "title",
        "authors",
        "authors_truncated",
        "org",
        "category",
        "date",
        "score",
        "has_code",
        "abstract",
        "author_count",
        "upvotes",
        "sources",
    } <= data["papers"][0].keys()
    assert {"title", "slug", "date", "papers"} <= data["collections"][0].keys()
    assert {"file", "line", "level", "message"} <= data["diagnostics"][0].keys()


def test_summary_and_folder_input(sources):
    result = run("parse", "--as-of", "2026-11-22", str(sources))
    assert "Mira Okonkwo-Hale (mira-okonkwo-hale)" in result.stdout
    assert result.returncode == 1  # the folder holds broken fixtures on purpose
    assert "profile_truncated.txt:17: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_exits_1_with_one_line_per_problem_and_no_traceback(tmp_path, sources):
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_bytes((sources / "profile_basic.txt").read_bytes())
    result = run("parse", "--json", str(tmp_path))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert len(data["authors"]) == 1  # everything readable is still reported
    errors = [d for d in data["diagnostics"] if d["level"] == "error"]
    assert sorted(d["file"].rsplit("/", 1)[-1] for d in errors) == ["binary.bin", "empty.txt"]
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2(sources):
    assert run("parse").returncode == 2
    result = run("parse", "--as-of", "22/11/2026", str(sources / "feed_basic.txt"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "portfolio: error: --as-of: expected a date as YYYY-MM-DD, got '22/11/2026'"
    ]


def test_missing_path_is_an_error(tmp_path):
    result = run("parse", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "no such file or folder" in result.stderr


def test_as_of_defaults_to_today_with_a_notice(sources):
    result = run("parse", str(sources / "profile_basic.txt"))
    assert result.returncode == 0
    assert "inferred the year of 2 date(s) as of" in result.stderr
