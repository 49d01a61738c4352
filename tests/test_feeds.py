"""Feed entries written element by element say exactly what ElementTree's serialiser would write."""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.exports.feeds import Feed, FeedEntry, atom_document, entry_xml, entry_xml_by_elementtree

EXAMPLES = {"ci": 2000, "quick": 100}[os.environ.get("PORTFOLIO_HYPOTHESIS", "ci")]
# Text with everything XML escapes or cannot hold: markup, quotes, line ends, tabs, control characters.
awkward = st.text(
    st.sampled_from(list("aZ09 &<>\"'\r\n\t\x00\x0b\ufffe\U0001f600é;#=/")) | st.characters(), max_size=30
)
entries = st.builds(
    FeedEntry,
    id=awkward,
    title=awkward,
    link=awkward,
    updated=st.datetimes(min_value=dt.datetime(1970, 1, 2), timezones=st.just(dt.timezone.utc)),
    authors=st.lists(awkward, max_size=3),
    summary=st.none() | awkward,
    category=st.none() | st.tuples(awkward, awkward),
)


def tree(element: ET.Element) -> tuple:
    return (element.tag, element.attrib, (element.text or "").strip(), [tree(child) for child in element])


@settings(max_examples=EXAMPLES, deadline=None)
@given(entries)
def test_an_entry_is_the_entry_elementtree_would_write(entry):
    ours, reference = entry_xml(entry), entry_xml_by_elementtree(entry)
    assert tree(ET.fromstring(ours)) == tree(ET.fromstring(reference))
    assert ours == reference  # byte for byte, indentation included


@settings(max_examples=max(EXAMPLES // 10, 25), deadline=None)
@given(st.lists(entries, max_size=4))
def test_a_feed_document_holds_its_entries_in_order(items):
    feed = Feed(
        id="urn:x",
        title="T",
        subtitle="S",
        home="./",
        updated=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        author="A & B",
        entries=items,
    )
    root = ET.fromstring(atom_document(feed).encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    found = root.findall(f"{atom}entry")
    assert [entry.findtext(f"{atom}id") for entry in found] == [
        ET.fromstring(entry_xml(i)).findtext("id") for i in items
    ]
    assert root.findtext(f"{atom}author/{atom}name") == "A & B"
