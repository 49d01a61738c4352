"""`portfolio new DIR`: scaffold a ready-to-build portfolio folder."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

from generator.pipeline import EXAMPLES

STARTER = Path(__file__).resolve().parent / "starter"
PLACEHOLDER = "OWNER/REPOSITORY"

# Destination -> source, relative to the starter folder unless absolute.
FILES = {
    "docs/index.md": STARTER / "index.md",
    ".gitignore": STARTER / "gitignore",
    ".github/workflows/pages.yml": STARTER / "pages.yml",
    ".github/workflows/check.yml": STARTER / "check.yml",
}


class ScaffoldError(Exception):
    """The folder cannot be scaffolded; the message says why in one line."""


def generator_requirement() -> str | None:
    """The pip requirement CI can install this generator with, or None when it runs from a local folder.

    Taken from how it was installed (pip's direct_url.json): a Git URL pinned to its commit, an
    archive URL, or the version from a package index. Never a bare name guessed for PyPI.
    """
    try:
        distribution = metadata.distribution("research-portfolio")
    except metadata.PackageNotFoundError:
        return None
    direct = distribution.read_text("direct_url.json")
    if direct is None:
        # From a package index, if an installer put it there; else development metadata (an egg-info in a clone).
        return f"research-portfolio=={distribution.version}" if distribution.read_text("INSTALLER") else None
    origin = json.loads(direct)
    url = origin.get("url", "")
    if url.startswith("file:"):
        return None
    if vcs := origin.get("vcs_info"):
        return f"research-portfolio @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
    return f"research-portfolio @ {url}"


def _requirements(requirement: str | None) -> str:
    """requirements.txt: what the workflows install; a placeholder that fails loudly when unknown."""
    if requirement is None:
        requirement = ("# The generator runs from a local folder here, so where CI gets it is unknown: replace\n"
                       "# OWNER/REPOSITORY with the generator's repository on GitHub.\n"
                       f"research-portfolio @ git+https://github.com/{PLACEHOLDER}@main")
    return f"# What the GitHub workflows install to build this portfolio (the generator brings MkDocs).\n{requirement}\n"


def _starter_config(site_name: str) -> str:
    """The project's own mkdocs.yml with the new site's name (the only line that differs)."""
    text = (STARTER / "mkdocs.yml").read_text("utf-8")
    safe_name = site_name.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"(?m)^site_name: .*$", f'site_name: "{safe_name}"', text, count=1)


def scaffold(target: Path, site_name: str | None = None) -> list[str]:
    """Create a portfolio in `target` (new or empty); return the files written. Nothing is overwritten."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not an empty folder: nothing was written")
    name = site_name or target.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "Research portfolio"
    written: list[str] = []

    def write(relative: str, data: bytes) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(relative)

    target.mkdir(parents=True, exist_ok=True)
    write("mkdocs.yml", _starter_config(name).encode("utf-8"))
    write("requirements.txt", _requirements(generator_requirement()).encode("utf-8"))
    for relative, source in FILES.items():
        write(relative, source.read_bytes())
    for example in sorted(EXAMPLES.iterdir()):
        write(f"profiles/{example.name}", example.read_bytes())
    theme = STARTER / "theme_overrides"
    for path in sorted(p for p in theme.rglob("*") if p.is_file()):
        write(f"theme_overrides/{path.relative_to(theme).as_posix()}", path.read_bytes())
    return written
