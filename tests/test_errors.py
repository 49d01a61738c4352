"""Clear errors: every failure a user can cause ends in one line naming what and where, a non-zero
exit status and no traceback (unless --debug)."""

from __future__ import annotations

import os
import shutil

import pytest

from generator import cli
from tests.conftest import SOURCES, run_portfolio
from tests.projects import make_project

AS_OF = ("--as-of", "2026-11-22")


def last_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", [SOURCES / "profile_basic.txt"])


@pytest.mark.slow
def test_a_bad_source_file_is_one_line_naming_file_and_line(tmp_path):
    (tmp_path / "broken.txt").write_bytes((SOURCES / "profile_malformed_block.txt").read_bytes())
    for command in (["parse"], ["generate", "--out", tmp_path / "out"]):
        result = run_portfolio(*command, *AS_OF, tmp_path / "broken.txt", check=False)
        assert result.returncode == 1
        lines = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert lines and all(line.startswith(f"{tmp_path / 'broken.txt'}:") for line in lines), result.stderr
        assert "broken.txt:19: error: expected a paper header" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_bad_source_file_fails_the_build_with_its_name(project):
    shutil.copy(SOURCES / "profile_truncated.txt", project / "profiles")
    result = run_portfolio("build", *AS_OF, cwd=project, check=False)
    assert result.returncode == 1
    assert "profile_truncated.txt:17: error:" in result.stderr
    assert last_line(result) == "portfolio: 1 source error(s): the pages of what could be read were built"


@pytest.mark.parametrize("command", [["parse"], ["build"], ["generate", "--out", "out"], ["serve"]])
def test_an_unknown_option_is_one_line_and_exit_2(project, command):
    result = run_portfolio(*command, "--no-such-option", "x", cwd=project, check=False)
    assert result.returncode == 2
    assert "error:" in last_line(result) and "--no-such-option" in last_line(result)


@pytest.mark.slow
def test_an_unknown_option_in_mkdocs_yml_names_the_option_and_the_file(project):
    config = (
        (project / "mkdocs.yml")
        .read_text("utf-8")
        .replace("profiles: profiles", "profiles: profiles\n      colour: blue")
    )
    (project / "mkdocs.yml").write_text(config, "utf-8")
    result = run_portfolio("build", *AS_OF, cwd=project, check=False)
    assert result.returncode == 1
    assert last_line(result).startswith("portfolio: error: mkdocs.yml: ") and "colour" in last_line(result)
    assert not (project / "site").exists()


@pytest.mark.slow
def test_a_broken_mkdocs_yml_names_the_file_and_line(project):
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    result = run_portfolio("build", *AS_OF, cwd=project, check=False)
    assert result.returncode == 1
    assert "mkdocs.yml" in last_line(result) and "line" in last_line(result)


@pytest.mark.slow
def test_a_missing_mkdocs_yml_says_where_it_looked(tmp_path):
    for command in ("build", "serve"):
        result = run_portfolio(command, cwd=tmp_path, check=False)
        assert result.returncode == 2
        assert last_line(result).startswith("portfolio: error: no mkdocs.yml here")


@pytest.mark.slow
def test_an_unknown_author_slug_lists_the_known_ones(project, tmp_path):
    result = run_portfolio("build", *AS_OF, "--author", "no-one", cwd=project, check=False)
    assert result.returncode == 1
    assert "unknown author 'no-one'; known authors: mira-okonkwo-hale" in last_line(result)
    result = run_portfolio(
        "generate", *AS_OF, "--author", "no-one", "--out", tmp_path / "out", project / "profiles", check=False
    )
    assert result.returncode == 2 and "unknown author 'no-one'" in last_line(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_unwritable_output_folder_is_one_line(project):
    (project / "a-file").write_text("not a folder\n", "utf-8")
    result = run_portfolio("build", *AS_OF, "-d", project / "a-file/site", cwd=project, check=False)
    assert result.returncode == 2
    assert (
        last_line(result)
        == f"portfolio: error: cannot build into {project / 'a-file/site'}: {project / 'a-file'} is a file, not a folder"
    )
    result = run_portfolio(
        "generate", *AS_OF, "--out", project / "a-file/out", project / "profiles", cwd=project, check=False
    )
    assert result.returncode == 1
    assert last_line(result).startswith(f"portfolio: error: cannot write pages to {project / 'a-file/out'}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_folder_is_one_line(project):
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_portfolio("build", *AS_OF, "-d", locked / "site", cwd=project, check=False)
        assert result.returncode == 2 and "Permission denied" in last_line(result)
    finally:
        locked.chmod(0o700)


@pytest.mark.slow
def test_strict_turns_source_warnings_into_a_failing_build(project):
    shutil.copy(SOURCES / "abstracts_basic.txt", project / "profiles")  # one abstract matches no paper: a warning
    relaxed = run_portfolio("build", *AS_OF, cwd=project, check=False)
    assert relaxed.returncode == 0, relaxed.stderr
    strict = run_portfolio("build", *AS_OF, "--strict", cwd=project, check=False)
    assert strict.returncode == 1
    line = last_line(strict)
    assert (
        line.startswith("portfolio: error: ") and "abstracts_basic.txt:2: warning:" in line and "left as it was" in line
    )


@pytest.mark.slow
def test_a_source_path_that_does_not_exist_is_named(project):
    result = run_portfolio("build", *AS_OF, project / "nowhere", cwd=project, check=False)
    assert result.returncode == 1
    assert (
        f"{project / 'nowhere'}:1: error: no such file or folder" in result.stderr and "Traceback" not in result.stderr
    )


def test_an_unexpected_failure_is_one_line_unless_debug(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the generator")

    monkeypatch.setattr(cli, "load_portfolio", broken)
    assert cli.main(["parse", str(SOURCES / "profile_basic.txt")]) == 1
    error = capsys.readouterr().err
    assert error == "portfolio: error: RuntimeError: a bug in the generator (run with --debug for details)\n"
    for argv in (["--debug", "parse", str(SOURCES)], ["parse", "--debug", str(SOURCES)]):
        with pytest.raises(RuntimeError, match="a bug in the generator"):
            cli.main(argv)


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load_portfolio", interrupted)
    assert cli.main(["parse", str(SOURCES / "profile_basic.txt")]) == 130
    assert capsys.readouterr().err == "portfolio: interrupted\n"


def test_a_file_name_with_control_characters_stays_on_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two\nlines\x1b[31m.txt").write_bytes(b"")
    result = run_portfolio("parse", folder, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "error" in line]
    assert lines == [f"{folder}/two\\nlines\\x1b[31m.txt:1: error: file is empty: skipped"]
