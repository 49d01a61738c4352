"""Same input, same bytes: shuffled file order (command line and folder listings) and another
PYTHONHASHSEED change nothing in the generated Markdown or in the built site (SOURCE_DATE_EPOCH set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT, SEEDS, SOURCES, run_portfolio
from tests.hostile_corpus import HOSTILE
from tests.projects import make_project, tree_hashes

pytestmark = pytest.mark.slow

# Loaded into the `portfolio` process: every folder listing comes back in a shuffled order.
SHUFFLED_LISTINGS = """
import os, random

_order = random.Random(os.environ["SHUFFLE_SEED"])
_scandir, _listdir = os.scandir, os.listdir


class _Shuffled:
    def __init__(self, iterator):
        with iterator:
            self._entries = list(iterator)
        _order.shuffle(self._entries)
        self._iterator = iter(self._entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iterator)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def scandir(path="."):
    return _Shuffled(_scandir(path))


def listdir(path="."):
    names = _listdir(path)
    _order.shuffle(names)
    return names


os.scandir, os.listdir = scandir, listdir
"""


def shuffled_run(hook: Path, seed: int, *args, cwd: Path = ROOT):
    """`portfolio ARGS` with shuffled folder listings and its own hash seed."""
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SHUFFLED_LISTINGS, "utf-8")
    env = {
        "PYTHONPATH": str(hook),
        "SHUFFLE_SEED": str(seed),
        "PYTHONHASHSEED": str(seed),
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    return run_portfolio(*args, cwd=cwd, env=env, check=False)


def copy_in_order(files: list[Path], folder: Path) -> Path:
    """Copy files into a new folder in this order (creation order can change listing order)."""
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def inputs() -> list[Path]:
    return sorted([*SOURCES.glob("*.txt"), *HOSTILE.glob("*.txt")])


def test_the_shuffling_hook_really_shuffles(tmp_path):
    folder = copy_in_order(inputs(), tmp_path / "in")
    hook = tmp_path / "hook"
    shuffled_run(hook, 1, "--version")  # writes the hook
    script = (
        "import os, sys; print(sorted(os.listdir(sys.argv[1])) != os.listdir(sys.argv[1]) != os.listdir(sys.argv[1]))"
    )
    for seed in range(3):
        env = {**os.environ, "PYTHONPATH": str(hook), "SHUFFLE_SEED": str(seed)}
        result = subprocess.run([sys.executable, "-c", script, str(folder)], env=env, capture_output=True, text=True)
        assert result.stdout.strip() == "True", result.stderr


def test_generated_markdown_is_byte_identical_whatever_the_order(tmp_path):
    files = inputs()
    first = copy_in_order(files, tmp_path / "first")
    second = copy_in_order(list(reversed(files)), tmp_path / "second")
    a = shuffled_run(tmp_path / "hook", 1, "generate", "--as-of", AS_OF.isoformat(), "--out", tmp_path / "a", first)
    b = shuffled_run(
        tmp_path / "hook",
        2,
        "generate",
        "--as-of",
        AS_OF.isoformat(),
        "--out",
        tmp_path / "b",
        *sorted(second.iterdir(), reverse=True),
    )
    assert a.returncode == b.returncode == 1  # the corpus holds broken files on purpose
    pages = tree_hashes(tmp_path / "a")
    assert len(pages) > 100 and pages == tree_hashes(tmp_path / "b")


def test_the_built_site_is_byte_identical_whatever_the_order(tmp_path):
    files = inputs()
    first = make_project(tmp_path / "first", files)
    second = make_project(tmp_path / "second", list(reversed(files)))
    a = shuffled_run(tmp_path / "hook", 3, "build", "--as-of", AS_OF.isoformat(), cwd=first)
    b = shuffled_run(
        tmp_path / "hook", 4, "build", "--as-of", AS_OF.isoformat(), "-d", tmp_path / "elsewhere", cwd=second
    )
    assert a.returncode == b.returncode == 1, a.stderr
    site = tree_hashes(first / "site")
    assert "sitemap.xml.gz" in site and "pagefind/pagefind-entry.json" in site
    assert len([name for name in site if name.startswith("pagefind/fragment/")]) > 10
    assert site == tree_hashes(tmp_path / "elsewhere")


def test_the_seeds_site_is_byte_identical_when_rebuilt_shuffled(seeds_site, tmp_path):
    seed_files = sorted(path for path in SEEDS.iterdir() if path.is_file())
    result = shuffled_run(
        tmp_path / "hook", 5, "build", "--as-of", AS_OF.isoformat(), "-d", tmp_path / "site", *reversed(seed_files)
    )
    assert result.returncode == 0, result.stderr
    assert tree_hashes(tmp_path / "site") == tree_hashes(seeds_site)
