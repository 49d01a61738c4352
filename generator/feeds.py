"""Atom feeds (RFC 4287): a feed document of entries, written by an XML serialiser, never by string formatting."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
GENERATOR = "research-portfolio"
# Characters XML 1.0 cannot hold at all (the readers already drop control characters; these remain).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedEntry:
    """One paper as a feed entry."""

    id: str
    title: str
    link: str
    updated: dt.datetime
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    category: tuple[str, str] | None = None  # (term, label)


@dataclass(frozen=True)
class Feed:
    """A feed: its identity, where it is, who it is by, and its entries (already newest first)."""

    id: str
    title: str
    subtitle: str
    home: str  # the HTML page the feed belongs to
    updated: dt.datetime
    author: str
    entries: list[FeedEntry]
    self_link: str | None = None  # absolute, when the site's URL is known
    language: str = "en"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: _clean(value) for name, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def atom_document(feed: Feed) -> str:
    """The feed as an Atom XML document (indented, identical for the same feed)."""
    root = ET.Element("feed", {"xmlns": ATOM_NAMESPACE, "xml:lang": feed.language})
    _add(root, "id", feed.id)
    _add(root, "title", feed.title, type="text")
    _add(root, "subtitle", feed.subtitle, type="text")
    _add(root, "updated", _timestamp(feed.updated))
    _add(root, "link", rel="alternate", type="text/html", href=feed.home)
    if feed.self_link:
        _add(root, "link", rel="self", type="application/atom+xml", href=feed.self_link)
    _add(_add(root, "author"), "name", feed.author)
    _add(root, "generator", GENERATOR)
    for entry in feed.entries:
        element = _add(root, "entry")
        _add(element, "id", entry.id)
        _add(element, "title", entry.title, type="text")
        _add(element, "link", rel="alternate", type="text/html", href=entry.link)
        _add(element, "published", _timestamp(entry.updated))
        _add(element, "updated", _timestamp(entry.updated))
        for name in entry.authors:
            _add(_add(element, "author"), "name", name)
        if entry.category:
            _add(element, "category", term=entry.category[0], label=entry.category[1])
        if entry.summary:
            _add(element, "summary", entry.summary, type="text")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
