"""A lighter search index: each paper's entry keeps every word search can match, but each only once.

Material indexes a page's visible text. A paper's abstract is most of its entry, and the index is
downloaded whole by the first search, so at tens of thousands of papers it is tens of megabytes. The
entry of a paper page keeps its authors and the abstract's first sentence as they are (what a search
result shows first), then only the words search can still match there: words already in the entry and
the stop words Lunr leaves out of the index (when the index uses them) are dropped. Every search that
found the paper still finds it. The pages themselves are not changed.
"""

from __future__ import annotations

import hashlib

from generator.mkdocs import internals

# Lunr's English stop words (lunr.stopWordFilter): the search never matches them.
LUNR_STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but by can
cannot could dear did do does either else ever every for from get got had has have he her hers him his
how however i if in into is it its just least let like likely may me might most must my neither no nor
not of off often on only or other our own rather said say says she should since so some than that the
their them then there these they this tis to too twas us wants was we were what when where which while
who whom why will with would yet you your
""".split())


def stop_words(index_config: dict) -> frozenset[str]:
    """The stop words the index drops: Lunr's English ones when its language is English and the
    pipeline has the stop word filter, else none."""
    languages = index_config.get("lang") or ["en"]
    languages = [languages] if isinstance(languages, str) else list(languages)
    if languages == ["en"] and "stopWordFilter" in (index_config.get("pipeline") or []):
        return LUNR_STOP_WORDS
    return frozenset()


def compact_text(text: str, stop: frozenset[str]) -> str:
    """An entry's text with its first paragraph and the next sentence as they are, then each remaining
    word (split at white space, as every separator does) only where it first occurs. Words holding
    markup or entities are always kept, so the text stays well-formed HTML."""
    paragraph = text.find("</p>")
    sentence = text.find(". ", paragraph) if paragraph >= 0 else -1
    if sentence < 0:
        return text
    head, rest = text[: sentence + 2], text[sentence + 2:]
    seen = {word.lower() for word in head.split()}
    kept = []
    for word in rest.split():
        if "<" in word or ">" in word or "&" in word:
            kept.append(word)
            continue
        key = word.lower()
        if key in stop or key in seen:
            continue
        seen.add(key)
        kept.append(word)
    return head + " ".join(kept)


def compact_entries(entries: list[dict], locations: set[str], index_config: dict,
                    known: dict[str, tuple[bytes, str]] | None = None) -> int:
    """Compact the text of the entries at these locations in place; returns how many characters it saved.
    `known`: location -> (digest of a text, that text compacted), worked out ahead, used when the text matches."""
    stop = stop_words(index_config)
    known = known or {}
    saved = 0
    for entry in entries:
        text = entry.get("text")
        location = entry.get("location")
        if location in locations and isinstance(text, str):
            ahead = known.get(location)
            entry["text"] = ahead[1] if ahead and ahead[0] == text_digest(text) else compact_text(text, stop)
            saved += len(text) - len(entry["text"])
    return saved


def section_texts(body: str, url: str) -> dict[str, str]:
    """The text Material's search plugin indexes for each section of a page whose HTML is `body` (a generated
    page: it has no table of contents), by location. Used to compact entries ahead of the plugin (worker.py);
    the result is only used where the plugin's own text turns out the same."""
    return {url + ("#" + section if section else ""): text
            for section, text, excluded in internals.search_sections(body) if not excluded}


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
