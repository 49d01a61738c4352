"""The icons of the link buttons (arXiv, PDF, DOI, code, ...), taken from the theme's own bundled icon set.

Generated pages are HTML made without the theme's templates, so they cannot include the theme's `.icons/`
files the way Material's partials do. Instead the build writes one small stylesheet that draws each icon as a
CSS mask (`data:` URLs of the theme's own SVG files, as Material draws its admonition icons): a button is
`<a class="pf-link pf-link--pdf">PDF</a>`, nothing is loaded from another host, and the icon takes the text's
colour in light and dark themes alike.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from generator.layout import ICONS_STYLESHEET

# Button or profile link kind -> the icon in the theme's `.icons/` folder.
ICONS = {
    "arxiv": "simple/arxiv.svg",
    "pdf": "material/file-pdf-box.svg",
    "doi": "simple/doi.svg",
    "code": "material/code-braces.svg",
    "project": "material/web.svg",
    "slides": "material/presentation.svg",
    "video": "material/video.svg",
    "homepage": "material/home.svg",
    "orcid": "simple/orcid.svg",
    "google_scholar": "simple/googlescholar.svg",
    "semantic_scholar": "simple/semanticscholar.svg",
    "dblp": "simple/dblp.svg",
    "openreview": "material/file-document-check-outline.svg",
    "github": "simple/github.svg",
    "mastodon": "simple/mastodon.svg",
    "bluesky": "simple/bluesky.svg",
    "link": "material/link-variant.svg",
}


def icon_stylesheet(theme_dirs: list[str]) -> str:
    """The stylesheet drawing every icon of ICONS found in the theme's folders (a missing one draws nothing)."""
    rules = [
        '.pf-link::before { content: ""; display: inline-block; width: 1.1em; height: 1.1em; '
        "margin-right: .3em; vertical-align: -.2em; background-color: currentcolor; "
        "-webkit-mask: var(--pf-icon) center / contain no-repeat; mask: var(--pf-icon) center / contain no-repeat; }"
    ]
    for kind, name in ICONS.items():
        svg = _find(theme_dirs, name)
        if svg is not None:
            rules.append(f'.pf-link--{kind} {{ --pf-icon: url("data:image/svg+xml,{quote(svg, safe="")}"); }}')
    return (
        "/* The link buttons' icons, from the theme's bundled icon set (generator/mkdocs/icons.py). */\n"
        + "\n".join(rules)
        + "\n"
    )


def _find(theme_dirs: list[str], name: str) -> str | None:
    for folder in theme_dirs:
        path = Path(folder) / ".icons" / name
        if path.is_file():
            return " ".join(path.read_text("utf-8").split())
    return None


__all__ = ["ICONS", "ICONS_STYLESHEET", "icon_stylesheet"]
