"""`portfolio new DIR`: scaffold a ready-to-build portfolio folder."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

from generator import __version__
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


def generator_requirement() -> str:
    """The pip requirement CI installs this generator with: `research-portfolio==<this version>` from PyPI
    (the release workflow publishes every tagged version there), or, when this copy was installed from a Git
    URL or an archive URL, that same source pinned to its commit."""
    try:
        distribution = metadata.distribution("research-portfolio")
    except metadata.PackageNotFoundError:
        return f"research-portfolio=={__version__}"
    direct = distribution.read_text("direct_url.json")
    origin = json.loads(direct) if direct else {}
    url = origin.get("url", "")
    if vcs := origin.get("vcs_info"):
        return f"research-portfolio @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
    if url and not url.startswith("file:"):
        return f"research-portfolio @ {url}"
    return f"research-portfolio=={distribution.version}"  # from an index, or a local clone of that version


def _requirements(requirement: str) -> str:
    """requirements.txt: what the workflows install, with the Git form as the alternative."""
    return (
        "# What the GitHub workflows install to build this portfolio (the generator brings MkDocs).\n"
        "# To follow the generator's repository instead of its releases, replace the line below with\n"
        f"# research-portfolio @ git+https://github.com/{PLACEHOLDER}@main\n"
        f"{requirement}\n"
    )


def _starter_config(site_name: str) -> str:
    """The project's own mkdocs.yml with the new site's name (the only line that differs)."""
    text = (STARTER / "mkdocs.yml").read_text("utf-8")
    safe_name = site_name.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"(?m)^site_name: .*$", f'site_name: "{safe_name}"', text, count=1)


def scaffold(target: Path, site_name: str | None = None) -> list[str]:
    """Create a portfolio in `target` (new or empty); return the files written. Nothing is overwritten."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not an empty folder: nothing was written")
    name = (
        site_name or target.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "Research portfolio"
    )
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
