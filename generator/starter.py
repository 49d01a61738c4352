"""`portfolio new DIR`: scaffold a ready-to-build portfolio folder."""

from __future__ import annotations

import re
from pathlib import Path

from .pipeline import EXAMPLES

STARTER = Path(__file__).resolve().parent / "starter"

# Destination -> source, relative to the starter folder unless absolute.
FILES = {
    "docs/index.md": STARTER / "index.md",
    ".gitignore": STARTER / "gitignore",
    "requirements.txt": STARTER / "requirements.txt",
    ".github/workflows/pages.yml": STARTER / "pages.yml",
    ".github/workflows/check.yml": STARTER / "check.yml",
}


class ScaffoldError(Exception):
    """The folder cannot be scaffolded; the message says why in one line."""


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
    for relative, source in FILES.items():
        write(relative, source.read_bytes())
    for example in sorted(EXAMPLES.iterdir()):
        write(f"profiles/{example.name}", example.read_bytes())
    theme = STARTER / "theme_overrides"
    for path in sorted(p for p in theme.rglob("*") if p.is_file()):
        write(f"theme_overrides/{path.relative_to(theme).as_posix()}", path.read_bytes())
    return written
