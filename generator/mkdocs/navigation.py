"""The site's navigation when mkdocs.yml has no `nav`: Home, Authors, Papers, Topics, Collections, then the
hand-written pages at the top of docs/."""

from __future__ import annotations

from pathlib import Path

from generator import layout
from generator.layout import SECTION_PAGES

NAV_TITLES = {"authors": "Authors", "papers": "Papers", "topics": "Topics", "collections": "Collections"}


def home_page(docs_dir: Path) -> str:
    """Where the generated home page goes (`overview.md` when the user wrote docs/index.md)."""
    return layout.home_page((docs_dir / layout.HOME).exists())


def navigation(docs_dir: Path, one_author: bool, home: str | None = None) -> list:
    """The tabs: Home (and Overview when docs/index.md is hand-written), the sections (no Authors tab on a
    one-author site), and every other Markdown page at the top of docs/. `home`: where the generated home page
    is, when docs/ already holds it (`portfolio generate`'s output); else worked out from docs/."""
    home = home or home_page(docs_dir)
    nav: list = [{"Home": layout.HOME}]
    if home != layout.HOME:
        nav.append({"Overview": home})
    if not one_author:
        nav.append({NAV_TITLES["authors"]: SECTION_PAGES["authors"]})
    nav += [{NAV_TITLES[k]: SECTION_PAGES[k]} for k in ("papers", "topics", "collections")]
    for path in sorted(docs_dir.glob("*.md")) if docs_dir.is_dir() else []:
        if path.name not in (layout.HOME, home):
            nav.append(path.name)
    return nav


def nav_paths(nav) -> set[str]:
    """Every page path a `nav` setting lists."""
    found: set[str] = set()
    items = list(nav or [])
    while items:
        item = items.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            items.extend(item.values())
        elif isinstance(item, list):
            items.extend(item)
    return found
