"""An author's bio: a few paragraphs of Markdown of which only emphasis, strong emphasis and http(s) links
become HTML. Everything else (HTML, images, headings, lists, code, autolinks, other link schemes, template
syntax) is shown as the text it is.

Our own small parser rather than a Markdown library switched down: what it can emit is the five elements
below and nothing else, which is easier to show than what a general parser no longer emits. Each pattern's
body cannot hold its own closing delimiter, so no match scans past the next one: time stays linear in the
text, whatever it holds. Emphasis does not nest inside emphasis of the same kind.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.settings.identifiers import safe_url

LINK_REL = "nofollow noopener"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_NOT_WORD_BEFORE = r"(?<![^\W_])"  # `_` emphasis does not open inside a word (snake_case stays as it is)
_NOT_WORD_AFTER = r"(?![^\W_])"
_PATTERNS = {
    "escape": r"\\(?P<escaped>[!-/:-@\[-`{-~])",
    # An image is shown as the text it is, never as an image or a link: it would load from another host.
    "image": r"!\[(?:\\.|[^\\\[\]\n])*\]\((?:[^\s()\\]|\([^\s()\\]*\))*\)",
    "link": r"\[(?P<label>(?:\\.|[^\\\[\]\n])+)\]\((?P<href>(?:[^\s()\\]|\([^\s()\\]*\))+)\)",
    "strong": r"\*\*(?=[^\s*])(?P<strong_a>(?:\\.|[^\\*]|\*(?!\*))+?)(?<=\S)\*\*"
    rf"|{_NOT_WORD_BEFORE}__(?=[^\s_])(?P<strong_u>(?:\\.|[^\\_]|_(?!_))+?)(?<=\S)__{_NOT_WORD_AFTER}",
    "em": r"\*(?=[^\s*])(?P<em_a>(?:\\.|[^\\*])+?)(?<=\S)\*"
    rf"|{_NOT_WORD_BEFORE}_(?=[^\s_])(?P<em_u>(?:\\.|[^\\_])+?)(?<=\S)_{_NOT_WORD_AFTER}",
}
_INLINE = {}  # the combined pattern for each set of allowed kinds


def _pattern(kinds: frozenset[str]) -> re.Pattern:
    if kinds not in _INLINE:
        alternatives = (f"(?P<{kind}>{body})" for kind, body in _PATTERNS.items() if kind in kinds)
        _INLINE[kinds] = re.compile("|".join(alternatives))
    return _INLINE[kinds]


_ALL = frozenset(_PATTERNS)


def render_bio(text: str | None) -> Markup:
    """A bio's Markdown as safe HTML: `<p>` paragraphs with `<em>`, `<strong>` and `<a>` to http(s) addresses
    (`rel="nofollow noopener"`); anything else is escaped text."""
    if not text or not text.strip():
        return Markup("")
    paragraphs = [" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text.strip())]
    return Markup("\n".join(f"<p>{_inline(block, _ALL)}</p>" for block in paragraphs if block))


def _inline(text: str, kinds: frozenset[str]) -> str:
    """HTML for one paragraph's text (or part of it), with the elements of `kinds` recognised."""
    out: list[str] = []
    position = 0
    for match in _pattern(kinds).finditer(text):
        out.append(escape(text[position : match.start()]))
        position = match.end()
        kind = match.lastgroup
        if kind == "image":
            out.append(escape(match[0]))
        elif kind == "escape":
            out.append(escape(match["escaped"]))
        elif kind == "link":
            href = safe_url(match["href"])
            if href is None:  # not a web address: the whole thing stays text, brackets and all
                out.append(escape(match[0]))
            else:
                label = _inline(match["label"], kinds - {"link"})
                out.append(f'<a href="{escape(href)}" rel="{LINK_REL}">{label}</a>')
        else:
            inner = match[f"{kind}_a"] or match[f"{kind}_u"]
            out.append(f"<{kind}>{_inline(inner, kinds - {kind})}</{kind}>")
    out.append(escape(text[position:]))
    return "".join(out)
