"""Portfolio folders for tests: make one, build it inside this process, hash what is on disk."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sys
from pathlib import Path
from unittest import mock

from tests.conftest import AS_OF, ROOT

ENVIRONMENT = {"SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
OPENED: list[str] = []
_recording = False


def _record_opens(event: str, args: tuple) -> None:
    if _recording and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # audit hooks cannot be removed: this one records only inside `build`


def tree_hashes(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file under `folder` (except under `skip`, and the generator's own records in `.cache/portfolio/`)
    with the hash of its bytes; links by their target."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if (
            skip is not None and path.is_relative_to(skip)
        ) or ".cache/portfolio/" in f"{path.relative_to(folder).as_posix()}/":
            continue
        if path.is_symlink():
            hashes[path.relative_to(folder).as_posix()] = f"link to {os.readlink(path)}"
        elif path.is_file():
            hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def make_project(folder: Path, sources: list[Path] = ()) -> Path:
    """A portfolio folder: the repository's mkdocs.yml and theme, a hand-written page, these sources."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme_overrides", folder / "theme_overrides")
    (folder / "docs").mkdir()
    (folder / "docs" / "about.md").write_text("# About\n\nA hand-written page.\n", "utf-8")
    (folder / "profiles").mkdir()
    for source in sources:
        shutil.copy(source, folder / "profiles" / source.name)
    return folder


@contextlib.contextmanager
def working_directory(folder: Path):
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def run_in_process(project: Path, *args: str) -> tuple[int, str, list[str]]:
    """Run `portfolio ARGS` inside this process in `project`; returns exit status, stderr, files opened."""
    global _recording
    from generator.cli import main

    stderr = io.StringIO()
    with mock.patch.dict(os.environ, ENVIRONMENT), working_directory(project), contextlib.redirect_stderr(stderr):
        for name in ("PORTFOLIO_AS_OF", "PORTFOLIO_AUTHORS", "PORTFOLIO_PROFILES", "PORTFOLIO_STRICT"):
            os.environ.pop(name, None)
        OPENED.clear()
        _recording = True
        try:
            code = main(list(args))
        finally:
            _recording = False
    return code, stderr.getvalue(), list(OPENED)


def build(project: Path, *args: str) -> tuple[int, str, list[str]]:
    """`portfolio build --as-of AS_OF ARGS` in `project`, inside this process."""
    return run_in_process(project, "build", "--as-of", AS_OF.isoformat(), *args)


def write_prolific_profile(folder: Path, papers: int = 130) -> Path:
    """A profile big enough that every listing of the site is split into pages: more than 100 papers in one year,
    one category and one organisation, and more co-authors and organisations than the Topics page shows."""
    given = ["Ada", "Bo", "Cyra", "Dev", "Emi", "Faye", "Gus", "Hana", "Ivo", "Juno", "Kai", "Lena", "Milo"]
    family = ["Quill", "Rowe", "Sato", "Tran", "Ueda", "Vance", "Wolf", "Xu", "Yilmaz", "Zhou", "Abara"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    blocks = []
    for n in range(papers):
        coauthor = f"{given[n % len(given)]} {family[(n // len(given)) % len(family)]}"
        org = f"Lab {n % 40:02d}" if n % 3 else "Prolific Institute"
        blocks.append(
            f"LG{months[n % len(months)]} {1 + n % 27}, 2024\nStudy {n:03d} of Prolific Learning\n\n"
            f"Pat Prolific, {coauthor} · {org}\n\n"
            f"We report study {n} on prolific learning. It extends study {max(n - 1, 0)} with a new measure."
        )
    header = (
        f"Pat Prolific\n\nLG\nh-index30\n{papers}papers\n900citations\nNovelty50%\nAI Score50\n\n{papers} Papers\n\n"
    )
    path = folder / "prolific.txt"
    path.write_text(header + "\n\n".join(blocks) + "\n", "utf-8")
    return path
