"""Atom feeds (RFC 4287): a feed document of entries. The document is written by ElementTree; entries, the
bulk of a big feed, by `entry_xml`, which escapes every value exactly as ElementTree does."""

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


def _escape_text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return (
        _escape_text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    )


def _element(indent: str, tag: str, text: str | None = None, **attributes: str) -> str:
    """One element without children on its own line, written as ElementTree writes it."""
    attrs = "".join(f' {name}="{_escape_attribute(value)}"' for name, value in attributes.items())
    text = _escape_text(text) if text else ""
    if text:
        return f"{indent}<{tag}{attrs}>{text}</{tag}>"
    return f"{indent}<{tag}{attrs} />"


def entry_xml(entry: FeedEntry) -> str:
    """One entry as indented XML, ready to stand in a feed document (the same in every feed that lists it).

    Written element by element with the escaping rules of ElementTree's serialiser (tests/test_feeds.py
    checks that both give the same document): a feed of ten thousand entries takes ElementTree seconds.
    """
    inner = "    "
    lines = [
        "<entry>",
        _element(inner, "id", entry.id),
        _element(inner, "title", entry.title, type="text"),
        _element(inner, "link", rel="alternate", type="text/html", href=entry.link),
        _element(inner, "published", _timestamp(entry.updated)),
        _element(inner, "updated", _timestamp(entry.updated)),
    ]
    for name in entry.authors:
        lines += [f"{inner}<author>", _element(inner + "  ", "name", name), f"{inner}</author>"]
    if entry.category:
        lines.append(_element(inner, "category", term=entry.category[0], label=entry.category[1]))
    if entry.summary:
        lines.append(_element(inner, "summary", entry.summary, type="text"))
    lines.append("  </entry>")
    return "\n".join(lines)


def entry_xml_by_elementtree(entry: FeedEntry) -> str:
    """The same entry through ElementTree: the reference `entry_xml` is tested against."""
    element = ET.Element("entry")
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
    ET.indent(element, space="  ", level=1)
    return ET.tostring(element, encoding="unicode")


def atom_document(feed: Feed, entries_xml: list[str] | None = None) -> str:
    """The feed as an Atom XML document (indented, identical for the same feed). `entries_xml`: its entries
    as `entry_xml` gave them, when the caller keeps them for several feeds."""
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
    ET.indent(root, space="  ")
    head = ET.tostring(root, encoding="unicode")
    closing = head.rindex("</feed>")
    if entries_xml is None:
        entries_xml = [entry_xml(entry) for entry in feed.entries]
    entries = "".join(f"  {xml}\n" for xml in entries_xml)
    # The last header element is followed by the entries, each on its own line at the first level.
    body = head[:closing] if not entries else head[: closing - 1] + "\n" + entries
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + head[closing:] + "\n"
