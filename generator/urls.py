"""Where each generated page lives, and relative links between pages, as MkDocs will publish them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    """Page URLs for MkDocs' `use_directory_urls` setting (links in raw HTML are not rewritten by MkDocs)."""

    directory_urls: bool = True

    def url(self, src: str) -> str:
        """The published URL of a Markdown source path, relative to the site root."""
        stem = src[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def prefix(self, here: str) -> str:
        """What leads from page `here` back to the site root: `../` once per folder level of its URL."""
        return "../" * self.url(here).count("/")

    def relative(self, here: str, target: str, fragment: str = "") -> str:
        """A link from page `here` to page `target` (both Markdown source paths), by way of the site root.

        Every link of a page starts with the same `../` prefix, so a piece of HTML with links means the same
        on every page at that depth (the renderer reuses such pieces); the browser resolves it as any other.
        """
        link = self.prefix(here) + self.url(target) or "./"
        return link + (f"#{fragment}" if fragment else "")

    def to_file(self, here: str, target_file: str) -> str:
        """A link from page `here` to a file that is not a page (`papers/x.bib`), both relative to the site."""
        return self.prefix(here) + target_file

    def from_file(self, source_file: str, target: str) -> str:
        """A link from a file that is not a page (a feed) to page `target` (a Markdown source path)."""
        target_url = self.url(target)
        link = posixpath.relpath(target_url or ".", posixpath.dirname(source_file) or ".")
        if target_url.endswith("/") or not target_url:
            link = "./" if link == "." else link + "/"
        return link
