"""`portfolio new DIR` scaffolds a portfolio that builds with `mkdocs build --strict` as it is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import starter
from tests.conftest import ROOT, run_portfolio
from tests.projects import tree_hashes

pytestmark = pytest.mark.slow


def test_new_portfolio_builds_strictly_as_it_is(tmp_path):
    root = tmp_path / "our-lab"
    run_portfolio("new", root)
    for path in (
        "mkdocs.yml",
        "docs/index.md",
        ".gitignore",
        ".github/workflows/pages.yml",
        "theme_overrides/main.html",
    ):
        assert (root / path).is_file(), path
    assert sorted(p.name for p in (root / "profiles").iterdir())
    assert (
        yaml.safe_load((root / "mkdocs.yml").read_text("utf-8").replace("!!python/name:", ""))["site_name"] == "Our Lab"
    )
    assert "site/" in (root / ".gitignore").read_text("utf-8").split()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((root / "site/index.html").read_text("utf-8"), "html.parser")
    assert "front page of your research portfolio" in home.get_text()
    overview = BeautifulSoup((root / "site/overview/index.html").read_text("utf-8"), "html.parser")
    assert len(overview.select(".pf-author-card")) == 2


def test_new_never_overwrites(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = run_portfolio("new", tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"portfolio: error: {tmp_path} already exists and is not an empty folder: nothing was written"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_without_profiles_the_bundled_examples_are_built(tmp_path):
    root = tmp_path / "lab"
    run_portfolio("new", root)
    for profile in (root / "profiles").iterdir():
        profile.unlink()
    result = run_portfolio("build", cwd=root)
    assert "building the bundled example portfolio" in result.stderr
    assert (root / "site/authors/ada-marlowe/index.html").is_file()


def package_files(folder: Path) -> dict[str, bytes]:
    """Every file of the package as a wheel would hold it: linked folders followed, no byte code."""
    files = {}
    for root, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = Path(root, name)
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def test_the_wheel_carries_everything_and_scaffolds_the_same_portfolio(tmp_path):
    # A fresh clone's files (the starter's links to mkdocs.yml and theme_overrides/ included), built into a wheel.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "mkdocs.yml"):
        shutil.copy(ROOT / name, source / name)
    for name in ("generator", "theme_overrides"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "-q",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            tmp_path / "dist",
            source,
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:  # installing a pure-Python wheel is unpacking it
        archive.extractall(tmp_path / "lib")

    installed = tmp_path / "lib" / "generator"
    assert package_files(installed) == package_files(ROOT / "generator")

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "lib"), "NO_MKDOCS_2_WARNING": "1"}
    new = "import sys, generator, generator.cli; print(generator.__file__); sys.exit(generator.cli.main(sys.argv[1:]))"
    ran = subprocess.run(
        [sys.executable, "-c", new, "new", "--name", "Lab", "from-wheel"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(ran.stdout.strip()).parent == installed
    starter.scaffold(tmp_path / "from-source", "Lab")
    from_wheel = tree_hashes(tmp_path / "from-wheel")
    assert from_wheel == tree_hashes(tmp_path / "from-source")
    assert not [name for name, digest in from_wheel.items() if digest.startswith("link to")]
    assert package_files(tmp_path / "from-wheel" / "theme_overrides") == package_files(ROOT / "theme_overrides")


class FakeDistribution:
    """What importlib.metadata tells about an installed generator."""

    def __init__(self, direct_url: dict | None, installer: str | None = "pip"):
        self.version = "0.1.0"
        self.files = {"direct_url.json": None if direct_url is None else json.dumps(direct_url), "INSTALLER": installer}

    def read_text(self, name: str) -> str | None:
        return self.files[name]


@pytest.mark.parametrize(
    ("direct_url", "installer", "expected"),
    [
        (
            {
                "url": "https://github.com/lab/portfolio-generator",
                "vcs_info": {"vcs": "git", "commit_id": "0a1b2c", "requested_revision": "main"},
            },
            "pip",
            "research-portfolio @ git+https://github.com/lab/portfolio-generator@0a1b2c",
        ),
        (
            {"url": "https://example.org/research_portfolio-0.1.0-py3-none-any.whl", "archive_info": {}},
            "pip",
            "research-portfolio @ https://example.org/research_portfolio-0.1.0-py3-none-any.whl",
        ),
        (None, "pip", "research-portfolio==0.1.0"),  # from a package index
        (None, None, "research-portfolio==0.1.0"),  # the egg-info of a clone: the release of that version
        ({"url": "file:///home/me/generator", "dir_info": {"editable": True}}, "pip", "research-portfolio==0.1.0"),
    ],
)
def test_requirements_name_where_ci_can_install_the_generator(monkeypatch, tmp_path, direct_url, installer, expected):
    monkeypatch.setattr(starter.metadata, "distribution", lambda name: FakeDistribution(direct_url, installer))
    assert starter.generator_requirement() == expected
    starter.scaffold(tmp_path / "lab")
    lines = [
        line for line in (tmp_path / "lab/requirements.txt").read_text("utf-8").splitlines() if not line.startswith("#")
    ]
    # The release on PyPI of this very version (the release workflow publishes it), or the exact source it came from.
    assert lines == [expected]
    comments = (tmp_path / "lab/requirements.txt").read_text("utf-8")
    assert (
        "# research-portfolio @ git+https://github.com/OWNER/REPOSITORY@main" in comments
    )  # the documented alternative
