"""Generated pages MkDocs need not parse: front matter handed over as data, the body as its final HTML.

A generated page's body is HTML that Markdown passes through unchanged (the tests check that it does),
and its front matter is data we already hold. Writing that data as YAML for MkDocs to parse back, and
running Markdown's HTML block parser and MkDocs' anchor scanner over every body, cost more than the rest
of a page's build. A `PrerenderedPage` gives MkDocs the same `meta`, `content`, `toc` and anchors
directly. If a plugin changes the page's Markdown on the way, the page is converted as usual.
"""

from __future__ import annotations

import html
import re

from mkdocs.structure.pages import Page

from generator.mkdocs import internals

# Ids in our templates' HTML (values are escaped attribute text); what MkDocs' raw-HTML scanner collects.
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')


class PrerenderedPage(Page):
    """A page whose metadata and HTML the generator already produced (a `render.GeneratedPage`)."""

    def __init__(self, file, config, generated, meta=None):
        super().__init__(None, file, config)
        self._generated = generated
        self._meta = meta  # a function giving the front matter of the page at a path, when `generated` has none

    def read_source(self, config) -> None:
        self.markdown = self._generated.body
        # A copy: the page itself may be kept for the next build.
        self.meta = dict(self._meta(self.file.src_uri) if self._meta else self._generated.meta)

    def render(self, config, files) -> None:
        body = self._generated.body
        if self.markdown is not body and self.markdown != body:
            super().render(config, files)  # a plugin rewrote the Markdown: convert it as MkDocs would
            return
        internals.set_rendered(self, body, anchor_ids(self._generated))  # body is already stripped: not a copy


def anchor_ids(generated) -> set[str]:
    """The ids in a generated page's HTML (worked out once per page, which `mkdocs serve` may keep)."""
    found = generated.derived.get("anchors")
    if found is None:
        found = generated.derived["anchors"] = frozenset(ids_in(generated.body))
    return set(found)


def ids_in(body: str) -> set[str]:
    """The ids in a piece of our templates' HTML."""
    return {html.unescape(anchor) for anchor in _ID.findall(body)}
