"""The site's navigation: Home, the sections, then the hand-written pages at the top of docs/."""

from __future__ import annotations

from pathlib import Path

from .render import SECTION_PAGES

NAV_TITLES = {"authors": "Authors", "papers": "Papers", "topics": "Topics", "collections": "Collections"}


def site_navigation(docs_dir: Path, home: str = "index.md", single_author: bool = False) -> list:
    """The `nav` setting for a generated site; papers and topics are reached from their section pages.

    A personal site (one author) has no Authors section: its home page is that author's page.
    """
    nav: list = [{"Home": "index.md"}]
    if home != "index.md":
        nav.append({"Overview": home})
    if not single_author:
        nav.append({NAV_TITLES["authors"]: SECTION_PAGES["authors"]})
    nav += [{NAV_TITLES[k]: SECTION_PAGES[k]} for k in ("papers", "topics", "collections")]
    for path in sorted(docs_dir.glob("*.md")) if docs_dir.is_dir() else []:
        if path.name not in ("index.md", home):
            nav.append(path.name)
    return nav
