"""Nothing lost: a failure, Ctrl-C or kill at any point leaves the previous output as it was, and only
the generator's own files are ever changed or removed.

Failures are injected by making the n-th call to a file-system function fail, for every n a run makes
(generated pages), or at points spread over a site build and its final swap.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.output.pages_folder import MANIFEST, EmitError, emit_pages
from generator.pipeline import load_portfolio
from generator.render import RenderOptions, render_site
from tests.conftest import AS_OF, ROOT, SOURCES, run_portfolio
from tests.projects import build, make_project, tree_hashes

pytestmark = pytest.mark.slow

FILE_SYSTEM_CALLS = {os: ("open", "replace", "rename", "link", "unlink", "mkdir", "rmdir", "fdopen"), io: ("open",)}
FIRST = [SOURCES / "profile_basic.txt", SOURCES / "feed_basic.txt", SOURCES / "profile_coauthor.txt"]
SECOND = [SOURCES / "profile_basic.txt", SOURCES / "abstracts_basic.txt"]  # one source gone, one new
HAND_WRITTEN = {"notes.md": "# My notes\n", "papers/my-own-paper.md": "# Written by hand\n", "index.txt": "kept\n"}


class Faults:
    """Counts calls to the file-system functions a run uses, and makes call number `fail_at` raise."""

    def __init__(self, monkeypatch, fail_at: int | None = None, error: BaseException | None = None):
        self.calls, self.fail_at, self.error = 0, fail_at, error
        for module, names in FILE_SYSTEM_CALLS.items():
            for name in names:
                monkeypatch.setattr(module, name, self._wrap(getattr(module, name)))

    def _wrap(self, function):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.fail_at:
                raise self.error
            return function(*args, **kwargs)

        return call


def pages_of(sources: list[Path]) -> list:
    """Generated pages for these sources, as `portfolio generate` makes them."""
    return render_site(load_portfolio(sources, AS_OF), RenderOptions())


def generated_folder(folder: Path, sources: list[Path]) -> Path:
    """A folder holding a previous generation of `sources` and some hand-written files."""
    folder.mkdir(parents=True)
    emit_pages(folder, pages_of(sources))
    for name, text in HAND_WRITTEN.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    return folder


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def is_scratch(name: str) -> bool:
    return Path(name).name.startswith(".") and name != MANIFEST


def hand_written(folder: Path) -> dict[str, str]:
    hashes = tree_hashes(folder)
    return {name: hashes.get(name) for name in HAND_WRITTEN}


@pytest.fixture(scope="module")
def generations(tmp_path_factory):
    """A previous generation (FIRST), the pages of the next run (SECOND), and the folder that run must leave."""
    base = tmp_path_factory.mktemp("generations")
    before = generated_folder(base / "before", FIRST)
    expected = generated_folder(base / "expected", SECOND)
    return before, pages_of(SECOND), tree_hashes(expected)


def run_with_fault(monkeypatch, before: Path, folder: Path, pages, fail_at=None, error=None) -> Faults:
    shutil.copytree(before, folder)
    with monkeypatch.context() as patch:
        faults = Faults(patch, fail_at, error)
        try:
            emit_pages(folder, pages)
        finally:
            patch.undo()
    return faults


def test_a_failure_at_any_file_operation_leaves_the_previous_pages(generations, tmp_path, monkeypatch):
    before, pages, expected = generations
    total = run_with_fault(monkeypatch, before, tmp_path / "count", pages).calls
    assert tree_hashes(tmp_path / "count") == expected
    assert total > 50
    old_state, new_state = [], []
    for n in range(1, total + 1):
        error = KeyboardInterrupt() if n % 3 == 0 else OSError(28, "No space left on device")
        folder = tmp_path / f"fail-{n}"
        with contextlib.suppress(KeyboardInterrupt, OSError, EmitError):
            run_with_fault(monkeypatch, before, folder, pages, fail_at=n, error=error)
        if tree_hashes(folder) == tree_hashes(before):
            old_state.append(n)
            assert folders(folder) == folders(before), f"a failure at call {n} left a new folder"
        else:  # past the point of no return only cleaning up is left: the new pages must be complete
            new_state.append(n)
            visible = {name: hashed for name, hashed in tree_hashes(folder).items() if not is_scratch(name)}
            assert visible == expected, f"a failure at call {n} of {total} left a mix of old and new pages"
            emit_pages(folder, pages)
            assert tree_hashes(folder) == expected, f"after call {n} failed, the next run did not clear the scratch"
        shutil.rmtree(folder)
    assert len(old_state) > total / 2  # most calls come before the swap is done (a failed link is copied instead)
    folder = tmp_path / "again"
    with pytest.raises((OSError, EmitError)):  # the last call whose failure stops the run
        run_with_fault(monkeypatch, before, folder, pages, fail_at=max(old_state), error=OSError(5, "I/O error"))
    emit_pages(folder, pages)  # the next run after a failure does the whole job
    assert tree_hashes(folder) == expected


def test_ctrl_c_during_the_swap_finishes_the_swap_then_stops(generations, tmp_path, monkeypatch):
    before, pages, expected = generations
    folder = tmp_path / "out"
    shutil.copytree(before, folder)
    replace, calls = os.replace, []

    def replace_then_interrupt(source, target):
        calls.append(target)
        if len(calls) == 3:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C arrives in the middle of the swap
        return replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    # Runs started in the background (CI) inherit an ignored SIGINT: give this test a real Ctrl-C.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            emit_pages(folder, pages)
    finally:
        signal.signal(signal.SIGINT, previous)
    monkeypatch.undo()
    assert len(calls) > 3  # the swap went on after the signal
    assert tree_hashes(folder) == expected


def test_a_run_killed_during_the_swap_leaves_whole_files_and_the_next_run_finishes(generations, tmp_path):
    before, _, expected = generations
    folder = tmp_path / "out"
    shutil.copytree(before, folder)
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.test_nothing_lost import SECOND, pages_of
        from generator.output.pages_folder import emit_pages
        pages = pages_of(SECOND)
        replace, calls = os.replace, []
        def replace_then_die(source, target):
            calls.append(target)
            if len(calls) == 5:
                os._exit(137)  # killed: no cleanup of any kind
            return replace(source, target)
        os.replace = replace_then_die
        emit_pages(__import__("pathlib").Path({str(folder)!r}), pages)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 137, result.stderr
    old, new, now = tree_hashes(before), expected, tree_hashes(folder)
    for name, hashed in now.items():
        if name != MANIFEST and not is_scratch(name):
            assert hashed in (old.get(name), new.get(name)), f"{name} is neither the old nor the new file"
    assert hand_written(folder) == hand_written(before)
    assert [name for name in now if is_scratch(name)]  # scratch files are left...
    emit_pages(folder, pages_of(SECOND))
    assert tree_hashes(folder) == expected  # ...and the next run clears them and finishes the job


def test_hand_written_files_survive_generation_a_deleted_source_and_a_failed_run(tmp_path, monkeypatch):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for source in FIRST:
        shutil.copy(source, profiles / source.name)
    out = generated_folder(tmp_path / "out", [])
    hand = hand_written(out)
    first = run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", out, profiles)
    assert hand_written(out) == hand and "3 hand-written left alone" not in first.stderr
    pages_before = {p for p in tree_hashes(out) if p not in HAND_WRITTEN}
    (profiles / "profile_coauthor.txt").unlink()
    second = run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", out, profiles)
    assert hand_written(out) == hand
    pages_after = {p for p in tree_hashes(out) if p not in HAND_WRITTEN}
    fresh = tmp_path / "fresh"
    run_portfolio("generate", "--as-of", AS_OF.isoformat(), "--out", fresh, profiles)
    assert pages_after == set(tree_hashes(fresh))  # exactly the pages of the remaining sources
    removed = pages_before - pages_after
    assert "authors/lin-wei.md" in removed and f"{len(removed)} removed" in second.stderr
    (out / "papers/my-own-paper.md").write_text("# Edited by hand\n", "utf-8")
    edited = hand_written(out)
    with monkeypatch.context() as patch:
        Faults(patch, 3, OSError(13, "Permission denied"))
        with pytest.raises((OSError, EmitError)):
            emit_pages(out, pages_of([SOURCES / "profile_basic.txt"]))
    assert hand_written(out) == edited


def test_a_generated_page_edited_by_hand_is_kept_not_removed(tmp_path):
    out = generated_folder(tmp_path / "out", FIRST)
    (out / "authors/lin-wei.md").write_text("# Lin, edited by hand\n", "utf-8")
    emit_pages(out, pages_of([SOURCES / "profile_basic.txt"]))
    assert (out / "authors/lin-wei.md").read_text("utf-8") == "# Lin, edited by hand\n"


# The site: `portfolio build` builds aside and swaps the new site in only when the build succeeded.


@pytest.fixture
def built(tmp_path):
    """A project with a site built from two sources; returns it and the hashes of site/ and the rest."""
    project = make_project(tmp_path / "project", [SOURCES / "profile_basic.txt", SOURCES / "profile_coauthor.txt"])
    code, stderr, _ = build(project)
    assert code == 0, stderr
    return project, tree_hashes(project / "site"), tree_hashes(project, skip=project / "site")


def leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".site")]


class SiteWrites:
    """Counts the files MkDocs writes or copies into the site, and makes number `fail_at` raise."""

    def __init__(self, monkeypatch, fail_at: int | None = None, error: BaseException | None = None):
        import mkdocs.utils

        self.calls, self.fail_at, self.error = 0, fail_at, error
        for name in ("write_file", "copy_file"):
            monkeypatch.setattr(mkdocs.utils, name, self._wrap(getattr(mkdocs.utils, name)))

    def _wrap(self, function):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.fail_at:
                raise self.error
            return function(*args, **kwargs)

        return call


@pytest.fixture(scope="module")
def site_writes(tmp_path_factory) -> int:
    """How many files a build of one source writes into the site."""
    project = make_project(tmp_path_factory.mktemp("count") / "project", [SOURCES / "profile_basic.txt"])
    with pytest.MonkeyPatch.context() as patch:
        writes = SiteWrites(patch)
        assert build(project)[0] == 0
    return writes.calls


@pytest.mark.parametrize("fraction", [0, 0.25, 0.5, 0.75, 1])
def test_a_build_failing_while_writing_the_site_keeps_the_old_site(built, monkeypatch, site_writes, fraction):
    project, site, rest = built
    (project / "profiles/profile_coauthor.txt").unlink()  # the new site would differ
    rest = tree_hashes(project, skip=project / "site")
    interrupt = fraction in (0.25, 1)
    SiteWrites(
        monkeypatch,
        max(1, round(site_writes * fraction)),
        KeyboardInterrupt() if interrupt else OSError(28, "No space left on device"),
    )
    code, stderr, _ = build(project)
    monkeypatch.undo()
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    if interrupt:
        assert code == 130 and last == "portfolio: interrupted"
    else:
        assert code == 1 and last.startswith("portfolio: error:") and "No space left on device" in last
    assert tree_hashes(project / "site") == site
    assert tree_hashes(project, skip=project / "site") == rest
    assert leftovers(project) == []


@pytest.mark.parametrize("call", ["rename", "replace"])
def test_a_failing_swap_puts_the_old_site_back(built, monkeypatch, call):
    import generator.output.atomic

    project, site, rest = built
    (project / "profiles/profile_coauthor.txt").unlink()
    original = getattr(os, call)

    def fail_on_the_site(source, target, *args, **kwargs):
        # the swap itself (the marker written into the new folder before the build is not what is tested here)
        if Path(source).name.startswith(".site.portfolio-new-") or (call == "rename" and Path(source).name == "site"):
            raise OSError(16, "Device or resource busy")
        return original(source, target, *args, **kwargs)

    monkeypatch.setattr(generator.output.atomic.os, call, fail_on_the_site)
    code, stderr, _ = build(project)
    monkeypatch.undo()
    assert code == 1 and "Device or resource busy" in stderr.strip().splitlines()[-1]
    assert tree_hashes(project / "site") == site and leftovers(project) == []


def test_strict_build_with_warnings_fails_and_keeps_the_old_site(built):
    project, site, rest = built
    shutil.copy(SOURCES / "profile_truncated.txt", project / "profiles")
    code, stderr, _ = build(project, "--strict")
    assert code == 1
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("portfolio: error:") and "profile_truncated.txt:17" in last and "left as it was" in last
    assert tree_hashes(project / "site") == site and leftovers(project) == []


def test_a_build_killed_between_the_two_renames_is_recovered_by_the_next_run(built):
    project, site, rest = built
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        replace = os.replace
        def replace_then_die(source, target):
            if os.path.basename(source).startswith(".site.portfolio-new-"):
                os._exit(137)  # the old site is set aside, the new one not yet in place
            return replace(source, target)
        os.replace = replace_then_die
        from generator.cli import main
        sys.exit(main(["build", "--force", "--as-of", "2026-11-22"]))
    """)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 137, result.stderr
    assert not (project / "site").exists() and len(leftovers(project)) == 2
    shutil.copy(SOURCES / "profile_truncated.txt", project / "profiles")
    code, _, _ = build(project, "--strict")  # a failing build: the old site must come back by itself
    assert code == 1
    assert tree_hashes(project / "site") == site and leftovers(project) == []


def test_builds_never_touch_hand_written_pages_and_removing_a_source_removes_exactly_its_pages(built, tmp_path):
    project, site, rest = built
    (project / "profiles/profile_coauthor.txt").unlink()
    rest = tree_hashes(project, skip=project / "site")
    code, stderr, _ = build(project)
    assert code == 0, stderr
    assert tree_hashes(project, skip=project / "site") == rest
    fresh = make_project(tmp_path / "fresh", [SOURCES / "profile_basic.txt"])
    build(fresh)
    after, alone = tree_hashes(project / "site"), tree_hashes(fresh / "site")
    assert set(after) == set(alone)
    removed = set(site) - set(after)
    assert "authors/lin-wei/index.html" in removed
    assert not [p for p in removed if p.startswith(("assets/", "about/"))]


def test_hidden_files_in_the_site_folder_are_kept_like_mkdocs_keeps_them(built):
    project, site, rest = built
    (project / "site/.git").mkdir()
    (project / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    (project / "site/.nojekyll").write_text("", "utf-8")
    hidden = {name: hashed for name, hashed in tree_hashes(project / "site").items() if name.startswith(".")}
    shutil.copy(SOURCES / "profile_truncated.txt", project / "profiles")
    assert build(project, "--strict")[0] == 1  # a failed build
    assert tree_hashes(project / "site") == {**site, **hidden}
    assert build(project)[0] == 1  # a build (with a source error) that replaces the site
    after = tree_hashes(project / "site")
    assert {name: hashed for name, hashed in after.items() if name.startswith(".")} == hidden
    assert after != {**site, **hidden} and leftovers(project) == []


def test_a_folder_that_is_not_a_built_site_is_never_replaced(tmp_path):
    project = make_project(tmp_path / "project", [SOURCES / "profile_basic.txt"])
    (project / "thesis").mkdir()
    (project / "thesis/chapter1.tex").write_text("\\chapter{One}\n", "utf-8")
    code, stderr, _ = build(project, "-d", "thesis")
    assert code == 2
    assert stderr.strip().splitlines() == [stderr.strip().splitlines()[-1]]
    assert "thesis" in stderr and "did not build" in stderr and "left alone" in stderr
    assert (project / "thesis/chapter1.tex").read_text("utf-8") == "\\chapter{One}\n"
    assert sorted(p.name for p in (project / "thesis").iterdir()) == ["chapter1.tex"]
