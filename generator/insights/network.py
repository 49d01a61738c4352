"""An author's co-author network: who they write with, how often, and who of them writes together, drawn
as SVG with a deterministic layout of our own (a ring ordered so that people who write together sit side by
side; bench/insights_bench.py measures it against networkx's spring layout)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from generator.index import SiteIndex
from generator.insights.svg import clip, element, join, number, text_width
from generator.model import Author, Portfolio, normalise_name

MAX_COAUTHORS = 20  # beyond this the picture stops being legible; the list fallback holds them all
WIDTH = 640
RING = 150.0
LABEL_CHARS = 24

Layout = Callable[[list[str], dict[tuple[str, str], int]], dict[str, tuple[float, float]]]


@dataclass(frozen=True)
class Coauthor:
    """A co-author of the author: normalised name, spelling shown, shared papers, link when profiled."""

    key: str
    name: str
    papers: int
    href: str | None = None


@dataclass(frozen=True)
class Network:
    """The co-author network of one author: nodes (the author's co-authors, capped), weighted edges, drawing."""

    author: str
    coauthors: list[Coauthor]  # every co-author, most shared papers first
    shown: list[Coauthor]  # the MAX_COAUTHORS drawn
    edges: dict[tuple[str, str], int]  # (key, key) in sorted order -> papers written together
    svg: Markup | None  # None when the author has no co-authors

    @property
    def hidden(self) -> int:
        return len(self.coauthors) - len(self.shown)


def coauthor_counts(portfolio: Portfolio, author: Author, site: SiteIndex | None = None) -> list[Coauthor]:
    """Everyone the author wrote with and how many of the author's papers they share, most first (ties by
    name). Names are compared normalised; the spelling shown is the site's (the most frequent one)."""
    # the author under every spelling of their name (their settings file may give variants), never their own co-author
    own = {normalise_name(author.name), *author.name_keys}
    if site is not None:
        own |= {key for key, profiled in site.profiled.items() if profiled.slug == author.slug}
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for pid in dict.fromkeys(author.papers):
        for name in portfolio.papers[pid].authors or []:
            spelling.setdefault(normalise_name(name), name)
        for key in dict.fromkeys(normalise_name(name) for name in portfolio.papers[pid].authors or []):
            if key and key not in own:
                counts[key] += 1
    label = {key: site.coauthors[key].label if site and key in site.coauthors else spelling[key] for key in counts}
    ranked = sorted(counts, key=lambda key: (-counts[key], label[key].casefold(), key))
    return [Coauthor(key, label[key], counts[key]) for key in ranked]


def ring_layout(nodes: list[str], edges: dict[tuple[str, str], int]) -> dict[str, tuple[float, float]]:
    """The author (first node) in the centre, the others on a ring in an order that puts people who write
    together next to each other: from the most frequent co-author, each next one is the unplaced person
    sharing most papers with the one placed last (ties: the earlier in `nodes`, i.e. more frequent)."""
    centre, others = nodes[0], nodes[1:]
    positions = {centre: (0.0, 0.0)}
    if not others:
        return positions
    order = [others[0]]
    left = others[1:]
    while left:
        last = order[-1]
        best = max(left, key=lambda key: (edges.get(_pair(last, key), 0), -left.index(key)))
        order.append(best)
        left.remove(best)
    for index, key in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * index / len(order)
        positions[key] = (math.cos(angle), math.sin(angle))
    return positions


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def network(
    portfolio: Portfolio,
    site: SiteIndex | None,
    author: Author,
    link: Callable[[Author], str] | None = None,
    chart_id: str = "pf-network",
    layout: Layout = ring_layout,
    most: int = MAX_COAUTHORS,
) -> Network:
    """The author's co-author network; profiled co-authors link to their pages through `link`."""
    own = normalise_name(author.name)
    everyone = coauthor_counts(portfolio, author, site)
    if link and site:
        everyone = [
            Coauthor(c.key, c.name, c.papers, link(site.profiled[c.key]) if c.key in site.profiled else None)
            for c in everyone
        ]
    shown = everyone[:most]
    keys = {c.key for c in shown}
    edges: dict[tuple[str, str], int] = {}
    for c in shown:
        edges[_pair(own, c.key)] = c.papers
    for pid in dict.fromkeys(author.papers):
        present = sorted({normalise_name(n) for n in portfolio.papers[pid].authors or []} & keys)
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    edges = dict(sorted(edges.items()))
    svg = _draw(author.name, own, shown, edges, len(everyone), chart_id, layout) if shown else None
    return Network(author.name, everyone, shown, edges, svg)


def _draw(
    name: str,
    own: str,
    shown: list[Coauthor],
    edges: dict[tuple[str, str], int],
    total: int,
    chart_id: str,
    layout: Layout,
) -> Markup:
    nodes = [own] + [c.key for c in shown]
    unit = layout(nodes, edges)
    height = 2 * RING + 90
    cx, cy = WIDTH / 2, height / 2
    at = {key: (cx + x * RING, cy + y * RING) for key, (x, y) in unit.items()}
    names = {own: name, **{c.key: c.name for c in shown}}
    most = max((c.papers for c in shown), default=1)
    title = f"Co-authors of {name}"
    described = (
        f"The {len(shown)} most frequent of {total} co-authors" if total > len(shown) else f"All {total} co-authors"
    )
    desc = (
        f"{described} of {name}, who is in the centre. A line joins two people who wrote papers together; "
        "the thicker the line, the more papers. Profiled researchers are links to their pages."
    )
    parts = [element("title", title, id=f"{chart_id}-title"), element("desc", desc, id=f"{chart_id}-desc")]
    lines = []
    for (a, b), weight in edges.items():
        (x1, y1), (x2, y2) = at[a], at[b]
        words = f"{names[a]} and {names[b]}: {weight} paper{'s' if weight != 1 else ''} together"
        lines.append(
            element(
                "line",
                element("title", words),
                x1=x1,
                y1=y1,
                x2=x2,
                y2=y2,
                class_="pf-edge",
                stroke="currentColor",
                stroke_opacity=0.35 if own in (a, b) else 0.55,
                stroke_width=1 + 3 * math.log2(weight) / max(1.0, math.log2(most) or 1.0),
                data_weight=weight,
            )
        )
    parts.append(element("g", join(lines), class_="pf-edges"))
    parts.append(_node(own, name, None, None, at[own], cx, cy, central=True))
    for c in shown:
        parts.append(_node(c.key, c.name, c.papers, c.href, at[c.key], cx, cy))
    return element(
        "svg",
        join(parts),
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {number(height)}",
        width=WIDTH,
        height=number(height),
        class_="pf-chart__svg pf-network",
        id=chart_id,
        role="group",
        aria_labelledby=f"{chart_id}-title {chart_id}-desc",
    )


def _node(
    key: str,
    name: str,
    papers: int | None,
    href: str | None,
    position: tuple[float, float],
    cx: float,
    cy: float,
    central: bool = False,
) -> Markup:
    x, y = position
    radius = 9.0 if central else 4 + 2 * math.sqrt(papers or 1)
    radius = min(radius, 12.0)
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy)
    label = clip(name, LABEL_CHARS)
    if central or distance < 1:
        tx, ty, anchor = x, y + radius + 14, "middle"
    else:
        ux, uy = dx / distance, dy / distance
        tx, ty = x + ux * (radius + 5), y + uy * (radius + 5) + 4
        anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
        if anchor == "middle":
            ty += 8 if uy > 0 else -4
    tip = name if central else f"{name}: {papers} shared paper{'s' if papers != 1 else ''}"
    classes = "pf-node" + (" pf-node--self" if central else "") + (" pf-node--profiled" if href else "")
    body = join(
        [
            element("title", tip),
            element(
                "circle",
                cx=x,
                cy=y,
                r=radius,
                class_="pf-node__dot",
                fill="#0072B2" if href or central else "#8C8C8C",
                stroke="currentColor",
                stroke_opacity=0.6,
            ),
            element(
                "text",
                label,
                x=tx,
                y=ty,
                text_anchor=anchor,
                font_size=12,
                fill="currentColor",
                font_weight="bold" if central else None,
                class_="pf-node__label",
            ),
        ]
    )
    if href:
        return element("a", body, href=href, class_=classes, data_key=key, data_papers=papers)
    return element("g", body, class_=classes, data_key=key, data_papers=papers)


def label_extent(name: str) -> float:
    """How wide a node's label is drawn (for tests and the benchmark's overlap checks)."""
    return text_width(clip(name, LABEL_CHARS), 12)
