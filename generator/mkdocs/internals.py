"""Every use of a private or undocumented part of MkDocs and Material, in one place.

Each function names what it relies on; `tests/test_mkdocs_internals.py` checks every one of them against the
installed MkDocs and Material and fails with a message naming the internal when an upgrade changes it, so
that a new release cannot silently break builds.
"""

from __future__ import annotations

import logging

import jinja2
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

# MkDocs' warning on every dirty build (mkdocs/commands/build.py), which the plugin makes needless.
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"


# --- mkdocs.structure.files.File -------------------------------------------------------------------------
# `File.content_string` and `File.content_bytes` are properties; a subclass that makes its text lazily
# reaches the base class's accessors through them.


def file_text(file: File) -> str:
    """`File.content_string` as MkDocs itself computes it."""
    return File.content_string.fget(file)


def set_file_text(file: File, value: str) -> None:
    File.content_string.fset(file, value)


def file_bytes(file: File) -> bytes:
    """`File.content_bytes` as MkDocs itself computes it."""
    return File.content_bytes.fget(file)


def set_file_bytes(file: File, value: bytes) -> None:
    File.content_bytes.fset(file, value)


# --- mkdocs.structure.pages.Page -------------------------------------------------------------------------
# What `Page.render` sets besides `content` and `toc`: `_title_from_render` (the first heading, which the
# page's title falls back to) and the anchors MkDocs validates links against (`present_anchor_ids`,
# `links_to_anchors`).


def set_rendered(page, content: str, anchors: set[str]) -> None:
    """Give `page` what `Page.render` would have set, for HTML made elsewhere (no table of contents)."""
    page.content = content
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = anchors
    page.links_to_anchors = {}


def set_anchors(page, anchors: set[str]) -> None:
    """The ids MkDocs validates links to this page against (set by `Page.render`)."""
    page.present_anchor_ids = anchors


# --- the Jinja environment of the theme ------------------------------------------------------------------


def add_template(env: jinja2.Environment, name: str, source: str) -> None:
    """Make a template of our own findable in the theme's environment (its loader is replaced)."""
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({name: source}), env.loader])


# --- Material's tags plugin --------------------------------------------------------------------------------


def tags_variable(plugins) -> str | None:
    """The name of the context variable the tags plugin renders a page's tags from (`tags_name_variable`)."""
    tags = plugins.get("material/tags") or plugins.get("tags")
    return getattr(getattr(tags, "config", None), "tags_name_variable", None)


# --- logging -----------------------------------------------------------------------------------------------


def quiet_dirty_build_warning() -> None:
    """Drop MkDocs' warning that a dirty build's navigation may be stale (the plugin rebuilds every page when
    the navigation or anything else pages share changes, so it is not)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if _quiet not in logger.filters:
        logger.addFilter(_quiet)


def _quiet(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(DIRTY_BUILD_WARNING)
