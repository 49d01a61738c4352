"""What the generator may replace or delete: only folders that carry its own marker (a built site, or pages
`portfolio generate` wrote), never a user's folder, a system, home or project folder; and the command-line
mistakes that used to replace a site with an empty one or were silently ignored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.output.pages_folder import MANIFEST as MARKER
from generator.readers.dates import DateError, parse_iso_date
from tests.conftest import AS_OF, SOURCES, run_portfolio
from tests.projects import build, make_project, tree_hashes

ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def users_folder(folder: Path) -> dict[str, str]:
    """A folder of someone's own files that happens to hold an index.html, a sitemap.xml and a 404.html."""
    (folder / "src").mkdir(parents=True)
    (folder / "src/main.c").write_text("int main(void) { return 0; }\n", "utf-8")
    for name in ("index.html", "sitemap.xml", "404.html"):
        (folder / name).write_text("x\n", "utf-8")
    (folder / "important.txt").write_text("keep\n", "utf-8")
    return tree_hashes(folder)


def mkdocs(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PORTFOLIO_")}
    environment.update(ENV, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if "error" in line.lower() and "Aborted with a BuildError" not in line]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", [SOURCES / "profile_basic.txt"])


@pytest.mark.slow
def test_build_refuses_a_users_folder_that_holds_index_html(project):
    before = users_folder(project / "mine")
    code, stderr, _ = build(project, "-d", "mine")
    assert code == 2
    assert stderr.strip().splitlines() == [stderr.strip().splitlines()[-1]]  # one line
    line = stderr.strip()
    assert str(project / "mine") in line and MARKER in line and "left alone" in line and "-d DIR" in line
    assert tree_hashes(project / "mine") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".mine")) == []  # no folder left beside it


@pytest.mark.slow
def test_plain_mkdocs_build_refuses_a_site_dir_that_is_not_ours_before_mkdocs_empties_it(project):
    before = users_folder(project / "site")
    result = mkdocs(project, "build")
    assert result.returncode != 0
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and str(project / "site") in lines[0] and "left alone" in lines[0], result.stderr
    assert tree_hashes(project / "site") == before


@pytest.mark.slow
def test_mkdocs_and_portfolio_builds_mark_the_site_and_replace_only_it(project):
    """A fresh site_dir is built into and marked; every later build, by either command, may replace it; the
    marker is published with the site and says nothing but whose the folder is."""
    first = mkdocs(project, "build")
    assert first.returncode == 0, first.stderr
    marker = project / "site" / MARKER
    assert json.loads(marker.read_text("utf-8")) == {"generator": "portfolio", "kind": "site"}
    assert (project / "site/index.html").is_file()
    again = mkdocs(project, "build")
    assert again.returncode == 0, again.stderr
    code, stderr, _ = build(project)
    assert code == 0, stderr
    assert json.loads(marker.read_text("utf-8")) == {"generator": "portfolio", "kind": "site"}
    code, stderr, _ = build(project, "--force")
    assert code == 0, stderr


@pytest.mark.slow
def test_a_folder_with_only_hidden_entries_is_built_into_and_keeps_them(project):
    (project / "site/.git").mkdir(parents=True)
    (project / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert (project / "site/.git/HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"
    assert (project / "site/index.html").is_file()


@pytest.mark.slow
def test_build_refuses_a_folder_of_generated_pages(project):
    """`portfolio generate` output may hold the user's own pages beside ours: a build must not empty it."""
    run_portfolio(
        "generate", "--as-of", AS_OF.isoformat(), "--out", project / "pages", project / "profiles", cwd=project
    )
    (project / "pages/notes.md").write_text("# Mine\n", "utf-8")
    before = tree_hashes(project / "pages")
    code, stderr, _ = build(project, "-d", "pages")
    assert code == 2 and "portfolio generate" in stderr and "left alone" in stderr
    assert tree_hashes(project / "pages") == before
    result = mkdocs(project, "build", "-d", "pages")
    assert result.returncode != 0 and tree_hashes(project / "pages") == before


@pytest.mark.parametrize("where", ["project", "parent", "root", "home", "etc", "users", "built site"])
def test_generate_refuses_a_folder_that_is_not_ours_before_walking_it(project, tmp_path, monkeypatch, capsys, where):
    """`generate --out /` used to walk the whole file system (and would then write into it)."""
    if where == "built site":
        (project / "site").mkdir()
        (project / "site" / MARKER).write_text(json.dumps({"generator": "portfolio", "kind": "site"}), "utf-8")
        (project / "site/index.html").write_text("<p>built</p>\n", "utf-8")
    if where == "users":
        users_folder(project / "mine")
    out = {
        "project": ".",
        "parent": "..",
        "root": "/",
        "home": str(Path.home()),
        "etc": "/etc",
        "users": "mine",
        "built site": "site",
    }[where]
    before = tree_hashes(project, skip=project / "profiles")

    def no_walking(*args, **kwargs):
        raise AssertionError(f"walked {args[0]!r}")

    monkeypatch.chdir(project)
    monkeypatch.setattr(os, "walk", no_walking)  # the sources are given as a file: nothing needs walking
    code = cli.main(
        ["generate", "--as-of", AS_OF.isoformat(), "--out", out, str(project / "profiles/profile_basic.txt")]
    )
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("portfolio: error: "), stderr
    assert ("never writes there" if where not in ("users", "built site") else "left alone") in stderr
    assert tree_hashes(project, skip=project / "profiles") == before


def test_generate_fills_a_new_folder_and_then_only_its_own(project):
    out = project / "generated"
    run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", out, project / "profiles", cwd=project)
    assert json.loads((out / MARKER).read_text("utf-8"))["kind"] == "pages"
    (out / "mine.md").write_text("# Mine\n", "utf-8")
    again = run_portfolio("generate", "--as-of", "2026-11-23", "--out", out, project / "profiles", cwd=project)
    assert again.returncode == 0 and (out / "mine.md").read_text("utf-8") == "# Mine\n"


@pytest.mark.slow
@pytest.mark.parametrize("source", ["nowhere", "empty"])
def test_a_mistyped_or_empty_source_path_keeps_the_site(project, source):
    assert build(project)[0] == 0
    site = tree_hashes(project / "site")
    (project / "empty").mkdir()
    code, stderr, _ = build(project, "--force", source)
    assert code == 1
    assert stderr.strip().splitlines() == [
        f"{source}:1: error: {'no such file or folder' if source == 'nowhere' else 'holds no source files'}: "
        f"nothing was built, {project / 'site'} was left as it was"
    ]
    assert tree_hashes(project / "site") == site
    out = project / "generated"
    run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", out, project / "profiles", cwd=project)
    pages = tree_hashes(out)
    result = run_portfolio(
        "generate", "--as-of", AS_OF.isoformat(), "--out", out, project / source, cwd=project, check=False
    )
    assert (
        result.returncode == 1
        and len(result.stderr.strip().splitlines()) == 1
        and "nothing was written" in result.stderr
    )
    assert tree_hashes(out) == pages


@pytest.mark.parametrize("command", [["build"], ["serve"], ["generate", "--out", "out"]])
def test_an_empty_author_or_path_is_a_usage_error(project, command):
    for wrong in (["--author", ""], [""]):
        # The old code ignored both and went ahead: a time limit keeps `serve` from serving for ever then.
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PORTFOLIO_")}
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command, *wrong, "--as-of", AS_OF.isoformat()],
            cwd=project,
            env={**environment, **ENV},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert "error: argument" in last and ("--author" in last if wrong[0] == "--author" else "empty path" in last)
    assert not (project / "out").exists() and not (project / "site").exists()


@pytest.mark.parametrize(
    "text", ["2026-W47-1", "20261122", "2026-328", "2026-11-22T00:00", " 2026-11-22", "２０２６-11-22"]
)
def test_as_of_accepts_only_yyyy_mm_dd(project, text):
    with pytest.raises(DateError):
        parse_iso_date(text)
    for command in (["parse", SOURCES / "profile_basic.txt"], ["build"], ["generate", "--out", "out"]):
        result = run_portfolio(*command, "--as-of", text, cwd=project, check=False)
        assert result.returncode == 2
        assert (
            result.stderr.strip().splitlines()[-1]
            == f"portfolio: error: --as-of: expected a date as YYYY-MM-DD, got {text!r}"
        )
    assert parse_iso_date("2026-11-22") == AS_OF


@pytest.mark.slow
def test_as_of_in_the_environment_and_in_mkdocs_yml_accepts_only_yyyy_mm_dd(project):
    result = mkdocs(project, "build", env={"PORTFOLIO_AS_OF": "2026-W47-1"})
    assert (
        result.returncode != 0 and "PORTFOLIO_AS_OF: expected a date as YYYY-MM-DD, got '2026-W47-1'" in result.stderr
    )
    config = (project / "mkdocs.yml").read_text("utf-8")
    assert "profiles: profiles" in config
    (project / "mkdocs.yml").write_text(
        config.replace("profiles: profiles", "profiles: profiles\n      as_of: '2026-W47-1'"), "utf-8"
    )
    result = mkdocs(project, "build")
    assert result.returncode != 0 and "expected a date as YYYY-MM-DD, got '2026-W47-1'" in result.stderr
    assert not (project / "site").exists()
