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

    def relative(self, here: str, target: str, fragment: str = "") -> str:
        """A link from page `here` to page `target` (both Markdown source paths)."""
        here_url, target_url = self.url(here), self.url(target)
        base = here_url if here_url.endswith("/") or not here_url else posixpath.dirname(here_url)
        link = posixpath.relpath(target_url or ".", base or ".")
        if target_url.endswith("/") or not target_url:
            link = "./" if link == "." else link + "/"
        return link + (f"#{fragment}" if fragment else "")

    def to_file(self, here: str, target_file: str) -> str:
        """A link from page `here` to a file that is not a page (`papers/x.bib`), both relative to the site."""
        here_url = self.url(here)
        base = here_url if here_url.endswith("/") or not here_url else posixpath.dirname(here_url)
        return posixpath.relpath(target_file, base or ".")

    def from_file(self, source_file: str, target: str) -> str:
        """A link from a file that is not a page (a feed) to page `target` (a Markdown source path)."""
        target_url = self.url(target)
        link = posixpath.relpath(target_url or ".", posixpath.dirname(source_file) or ".")
        if target_url.endswith("/") or not target_url:
            link = "./" if link == "." else link + "/"
        return link
