"""A generated page as data: its path, front matter and HTML body, and the front matter written as YAML."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from markupsafe import escape

from generator.markup import plain_text

DESCRIPTION_LENGTH = 200


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page the generator produced: its path under docs, front matter data and body."""

    path: str
    meta: dict
    body: str  # HTML, without surrounding white space
    in_nav: bool = False
    # The body is final HTML, which Markdown would leave exactly as it is; False when it holds a
    # directive another plugin expands during Markdown conversion (the tags plugin's listings).
    final_html: bool = True
    derived: dict = field(default_factory=dict, compare=False, repr=False)  # what later stages work out from it

    @property
    def text(self) -> str:
        """The page as a Markdown file: YAML front matter, then the body."""
        return front_matter(self.meta) + self.body + "\n"


class FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: 10x faster
    """The safe dumper, except that text holding a character YAML reads as a line break (NEL, line or
    paragraph separator) is written double-quoted, where it is escaped: elsewhere it would come back as a space."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(character in value for character in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


FrontMatterDumper.add_representer(str, _represent_text)


def front_matter(meta: dict) -> str:
    """YAML front matter written by a dumper (never string formatting), one line per value."""
    dumped = yaml.dump(
        meta, Dumper=FrontMatterDumper, allow_unicode=True, sort_keys=True, width=2**31 - 1, default_flow_style=False
    )
    return f"---\n{dumped}---\n\n"


def page_meta(title: str, kind: str, description: str | None = None, **extra) -> dict:
    """Front matter for a generated page; `title`/`description` escaped for MkDocs' unescaped templates."""
    meta = {"title": str(escape(title)), "portfolio": {"kind": kind, "generated": True, "title": title, **extra}}
    if description:
        text = " ".join(plain_text(description).split())
        if len(text) > DESCRIPTION_LENGTH:
            text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        meta["description"] = str(escape(text))
        meta["portfolio"]["description"] = text
    return meta


# What MkDocs and its plugins read of a generated page's front matter before they build pages: the title
# (tag listings), the tags, and for the tag listings' order and the sitemap the page's date and last change.
EARLY_KEYS = ("kind", "generated", "title", "date", "updated")


def early_meta(meta: dict) -> dict:
    """The part of a page's front matter that MkDocs reads before it builds any page (see EARLY_KEYS)."""
    portfolio = meta["portfolio"]
    early = {"title": meta["title"], "portfolio": {key: portfolio[key] for key in EARLY_KEYS if key in portfolio}}
    if "tags" in meta:
        early["tags"] = meta["tags"]
    return early
