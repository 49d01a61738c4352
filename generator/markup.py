"""Untrusted text to safe HTML: everything is escaped; only `$...$` math in abstracts becomes MathML."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element

from markupsafe import Markup, escape

from generator.texmath import math_problem

# Pandoc's rule for inline math: `$` opens when not followed by a space, closes when not preceded by
# one and not followed by a digit (so "$5 and $10" stays text); `\$` is a literal dollar.
MATH_RE = re.compile(r"(?<![\\$])\$(?!\s)((?:[^$\\]|\\.)+?)(?<!\s)\$(?![\d$])", re.DOTALL)
MAX_MATH_LENGTH = 300
MAX_FORMULAS = 100  # per text: each becomes MathML many times its size, so the rest stay TeX text

_MATHML_TAGS = frozenset(
    {
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "msup",
        "msub",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "mover",
        "munder",
        "munderover",
        "mtable",
        "mtr",
        "mtd",
        "mpadded",
        "mphantom",
        "menclose",
        "semantics",
        "annotation",
    }
)
_MATHML_ATTRIBUTES = frozenset(
    {
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "accent",
        "accentunder",
        "movablelimits",
        "columnalign",
        "rowspacing",
        "columnspacing",
        "displaystyle",
        "scriptlevel",
        "width",
        "height",
        "depth",
        "linethickness",
        "symmetric",
        "largeop",
        "form",
        "notation",
        "minsize",
        "maxsize",
        "encoding",
    }
)
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9 .%#,+\-]*$")
_TEXT_TAGS = frozenset({"mi", "mn", "mo", "ms", "mtext", "annotation"})


class UnsafeMath(ValueError):
    """LaTeX off the math allow-list, or that latex2mathml cannot render into plain, safe MathML."""


def text(value: object) -> Markup:
    """Any value as escaped HTML text."""
    return escape("" if value is None else str(value))


def split_math(value: str) -> list[tuple[bool, str]]:
    """Split text into (is_math, piece) parts; math pieces are without their dollars."""
    if "$" not in value:  # most text: no formula can start
        return [(False, value)] if value else []
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in MATH_RE.finditer(value):
        if len(match[1]) > MAX_MATH_LENGTH:
            continue
        if match.start() > position:
            parts.append((False, value[position : match.start()]))
        parts.append((True, match[1]))
        position = match.end()
    if position < len(value):
        parts.append((False, value[position:]))
    return parts


def plain_text(value: str) -> str:
    """Text with `\\$` unescaped, for places where math is not rendered (alt text, feeds, citations)."""
    return value.replace("\\$", "$")


def rich_text(value: str | None) -> Markup:
    """Abstract text as HTML: escaped, with `$...$` rendered as MathML where it converts cleanly."""
    if not value:
        return Markup("")
    pieces: list[str] = []
    formulas = 0
    for is_math, piece in split_math(value):
        if is_math:
            formulas += 1
            try:
                if formulas <= MAX_FORMULAS:
                    pieces.append(latex_to_mathml(piece))
                    continue
            except UnsafeMath:
                pass
            piece = f"${piece}$"
        pieces.append(str(escape(plain_text(piece))))
    return Markup("".join(pieces))


@lru_cache(maxsize=4096)
def latex_to_mathml(latex: str) -> str:
    """One LaTeX formula as sanitised inline MathML, with the source kept as an annotation."""
    from latex2mathml.converter import convert_to_element

    if (problem := math_problem(latex)) is not None:  # the allow-list BibTeX shares: math here is math there
        raise UnsafeMath(problem)
    try:
        root = convert_to_element(latex)
    except Exception as exc:  # latex2mathml raises many kinds of errors on bad input
        raise UnsafeMath(str(exc)) from None
    body = "".join(_serialise(child) for child in root)
    annotation = f'<annotation encoding="application/x-tex">{escape(latex)}</annotation>'
    return (
        f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" class="portfolio-math">'
        f"<semantics><mrow>{body}</mrow>{annotation}</semantics></math>"
    )


def _serialise(element: Element) -> str:
    tag = element.tag
    if tag not in _MATHML_TAGS:
        raise UnsafeMath(f"unexpected element {tag}")
    if tag in _TEXT_TAGS and element.text and element.text.startswith("\\"):
        raise UnsafeMath(f"unknown command {element.text}")  # latex2mathml passes unknown commands through
    attributes = "".join(
        f' {name}="{escape(value)}"'
        for name, value in sorted(element.attrib.items())
        if name in _MATHML_ATTRIBUTES and _SAFE_VALUE.match(value)
    )
    inner = str(escape(html.unescape(element.text or "")))
    inner += "".join(_serialise(child) + str(escape(html.unescape(child.tail or ""))) for child in element)
    return f"<{tag}{attributes}>{inner}</{tag}>"
