"""Small SVG writer: elements as escaped Markup, numbers printed the same way on every machine.

Every attribute value and text node goes through markupsafe.escape, so names and titles from source files
reach a chart as text, never as markup. Colours are theme-aware: a series is drawn with a class that
insights.css colours from custom properties (light and dark scheme), and carries the light colour as a
presentation attribute so the chart still reads where that stylesheet is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), in the order that keeps
# neighbours most distinct; its black is replaced by a grey that shows on both schemes and means "other".
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
OTHER_COLOUR = "#8C8C8C"
# Hatching drawn over each series' colour, so that no series is told apart by colour alone.
PATTERNS = ("solid", "diagonal", "dots", "crosshatch", "horizontal", "backdiagonal", "vertical")
OTHER_PATTERN = "grid"
MAX_SERIES = len(SERIES_COLOURS)

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def number(value: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros (`12`, `12.5`): short and stable."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def dom_id(*parts: str) -> str:
    """An id made of letters, digits, `-` and `_` only (slugs are already; this makes sure)."""
    return _ID_SAFE.sub("-", "-".join(parts)).strip("-") or "chart"


def attributes(values: dict) -> str:
    """` name="value"` pairs, escaped; None and False leave an attribute out, numbers are printed by `number`."""
    pieces = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        if isinstance(value, float):
            value = number(value)
        pieces.append(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"')
    return "".join(pieces)


def element(tag: str, content: str | Markup = "", **values) -> Markup:
    """One element; `content` is escaped unless it is Markup already. `class_` stands for `class`,
    `aria_label` for `aria-label` and so on."""
    inner = content if isinstance(content, Markup) else escape(content)
    if not inner and tag not in ("text", "title", "desc", "a", "g", "svg", "tspan"):
        return Markup(f"<{tag}{attributes(values)}/>")
    return Markup(f"<{tag}{attributes(values)}>{inner}</{tag}>")


def join(parts) -> Markup:
    """Markup pieces one after the other, each on its own line."""
    return Markup("\n").join(parts)


@dataclass(frozen=True)
class Series:
    """One coloured, hatched series of a chart: a category, or everything else."""

    key: str  # category code, or "" for the other categories
    label: str
    index: int  # position in the palette; MAX_SERIES for "other"

    @property
    def css_class(self) -> str:
        return f"pf-series pf-series--{self.index}"

    @property
    def colour(self) -> str:
        return SERIES_COLOURS[self.index] if self.index < MAX_SERIES else OTHER_COLOUR

    @property
    def pattern(self) -> str:
        return PATTERNS[self.index] if self.index < MAX_SERIES else OTHER_PATTERN


_PATTERN_MARKS = {
    "diagonal": "M-1 1L1 -1M0 6L6 0M5 7L7 5",
    "backdiagonal": "M-1 5L1 7M0 0L6 6M5 -1L7 1",
    "horizontal": "M0 3H6",
    "vertical": "M3 0V6",
    "crosshatch": "M0 0L6 6M6 0L0 6",
    "grid": "M0 3H6M3 0V6",
}


def pattern_defs(prefix: str, series: list[Series]) -> Markup:
    """`<defs>` with one fill per series: its colour under its hatching (ids start with `prefix`)."""
    fills = []
    for s in series:
        body = [element("rect", width=6, height=6, class_=s.css_class, fill=s.colour)]
        if s.pattern == "dots":
            body.append(element("circle", cx=3, cy=3, r=1.2, class_="pf-hatch", fill="#fff"))
        elif s.pattern != "solid":
            body.append(
                element(
                    "path", d=_PATTERN_MARKS[s.pattern], class_="pf-hatch", stroke="#fff", stroke_width=1.2, fill="none"
                )
            )
        fills.append(
            element("pattern", join(body), id=pattern_id(prefix, s), width=6, height=6, patternUnits="userSpaceOnUse")
        )
    return element("defs", join(fills))


def pattern_id(prefix: str, series: Series) -> str:
    return f"{prefix}-fill-{series.index}"


def fill(prefix: str, series: Series) -> str:
    return f"url(#{pattern_id(prefix, series)})"


def text_width(text: str, size: float = 12) -> float:
    """A generous estimate of a label's width in a sans-serif font (no font metrics at build time)."""
    return len(text) * size * 0.6


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
