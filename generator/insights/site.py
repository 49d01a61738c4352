"""Site-wide insights: the lab table of every profiled author (and its CSV), and the site's statistics."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from generator.index import IndexEntry, SiteIndex
from generator.insights.charts import HorizontalBars, StackedChart, horizontal_bars, short_code, stacked_chart
from generator.model import Author, Portfolio, normalise_name
from generator.model.categories import category_label

TOP_ORGANISATIONS = 10
TOP_COLLABORATIONS = 10
TOP_CATEGORIES = 15


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class LabRow:
    """One profiled author in the lab table; None where the profile does not say."""

    name: str
    slug: str
    href: str | None
    h_index: int | None
    citations: int | None
    papers: int
    citations_per_paper: float | None
    novelty: int | None
    ai_score: int | None
    recent: int | None  # papers dated in the 12 months up to the portfolio's day; None without that day
    field: str | None  # the primary field's label
    field_code: str | None


# (attribute, column heading, kind): kind "text" sorts alphabetically, "number" numerically.
LAB_COLUMNS = (
    ("name", "Name", "text"),
    ("h_index", "h-index", "number"),
    ("citations", "Citations", "number"),
    ("papers", "Papers", "number"),
    ("citations_per_paper", "Citations per paper", "number"),
    ("novelty", "Novelty (%)", "number"),
    ("ai_score", "AI score", "number"),
    ("recent", "Papers, last 12 months", "number"),
    ("field", "Primary field", "text"),
)


@dataclass(frozen=True)
class LabTable:
    """Every profiled author with their figures, sorted by name (the order without JavaScript)."""

    rows: list[LabRow]
    columns: tuple = LAB_COLUMNS
    as_of: dt.date | None = None

    def cell(self, row: LabRow, attribute: str) -> str:
        """A cell as shown: numbers with thousands separators, citations per paper with one decimal."""
        value = getattr(row, attribute)
        if value is None:
            return "–"
        if attribute == "citations_per_paper":
            return f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    def sort_value(self, row: LabRow, attribute: str) -> str:
        """What the sorting script compares: the plain number, or the text; empty when unknown."""
        value = getattr(row, attribute)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.4f}"
        return str(value)


def lab_table(portfolio: Portfolio, link: Callable[[Author], str] | None = None) -> LabTable:
    """The lab table: every profiled author, sorted by name; `link` gives their page's address."""
    since = year_before(portfolio.as_of) if portfolio.as_of else None
    rows = []
    for author in portfolio.authors:
        papers = [portfolio.papers[pid] for pid in dict.fromkeys(author.papers)]
        count = author.paper_count if author.paper_count is not None else len(papers)
        per_paper = author.citations / count if author.citations is not None and count else None
        recent = sum(1 for p in papers if p.date and since < p.date <= portfolio.as_of) if since else None
        rows.append(
            LabRow(
                author.name,
                author.slug,
                link(author) if link else None,
                author.h_index,
                author.citations,
                count,
                per_paper,
                author.novelty,
                author.ai_score,
                recent,
                category_label(author.category) if author.category else None,
                author.category,
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.slug))
    return LabTable(rows, LAB_COLUMNS, portfolio.as_of)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value) -> str:
    """A cell for spreadsheets: text that would start a formula gets a leading apostrophe (OWASP's advice)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def lab_csv(table: LabTable) -> str:
    """The lab table as CSV (RFC 4180: a header row, CRLF line ends), with the slug and the field's code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["slug", *(heading for _, heading, _ in table.columns), "Primary field code"])
    for row in table.rows:
        writer.writerow(
            [
                _csv_text(row.slug),
                *(_csv_text(getattr(row, attribute)) for attribute, _, _ in table.columns),
                _csv_text(short_code(row.field_code) if row.field_code else None),
            ]
        )
    return out.getvalue()


@dataclass(frozen=True)
class Collaboration:
    """Two people who wrote papers together, and how many of the site's papers they share."""

    first: IndexEntry
    second: IndexEntry
    papers: int


@dataclass(frozen=True)
class SiteStatistics:
    """The site in numbers: papers per year and category, busiest organisations and collaborations."""

    papers: int
    authors: int
    people: int
    collections: int
    per_year: StackedChart
    per_category: HorizontalBars
    categories: list[tuple[IndexEntry, int]]  # every category, most papers first
    organisations: list[tuple[IndexEntry, int]]
    collaborations: list[Collaboration]


def site_statistics(portfolio: Portfolio, site: SiteIndex, chart_prefix: str = "pf-site") -> SiteStatistics:
    """Papers per year (stacked by category) and per category, the most active organisations and the
    busiest collaborations of the whole site."""
    papers = [portfolio.papers[pid] for pid in sorted(portfolio.papers)]
    per_year = stacked_chart(papers, f"{chart_prefix}-years", "Papers per year on this site, by category")
    categories = sorted(
        ((entry, len(entry.papers)) for entry in site.categories.values()), key=lambda item: (-item[1], item[0].key)
    )
    rows = [(category_label(entry.key), count) for entry, count in categories[:TOP_CATEGORIES]]
    rest = sum(count for _, count in categories[TOP_CATEGORIES:])
    if rest:
        rows.append((f"{len(categories) - TOP_CATEGORIES} other categories", rest))
    uncategorised = sum(1 for p in papers if not p.category)
    if uncategorised:
        rows.append(("No category", uncategorised))
    per_category = horizontal_bars(
        rows,
        f"{chart_prefix}-categories",
        "Papers per category on this site",
        "; ".join(f"{label}: {count:,}" for label, count in rows) + ".",
    )
    organisations = sorted(
        ((entry, len(entry.papers)) for entry in site.orgs.values()),
        key=lambda item: (-item[1], item[0].label.casefold(), item[0].key),
    )[:TOP_ORGANISATIONS]
    return SiteStatistics(
        len(papers),
        len(portfolio.authors),
        len(site.coauthors),
        len(portfolio.collections),
        per_year,
        per_category,
        categories,
        organisations,
        collaborations(papers, site),
    )


def collaborations(papers, site: SiteIndex, most: int = TOP_COLLABORATIONS) -> list[Collaboration]:
    """The pairs of people with the most papers together (ties by name)."""
    pairs: Counter[tuple[str, str]] = Counter()
    for paper in papers:
        keys = sorted({normalise_name(name) for name in paper.authors or []} - {""})
        for i, first in enumerate(keys):
            for second in keys[i + 1 :]:
                pairs[(first, second)] += 1
    label = {key: entry.label.casefold() for key, entry in site.coauthors.items()}
    ranked = sorted(
        (pair for pair, n in pairs.items() if n > 1),
        key=lambda pair: (-pairs[pair], label[pair[0]], label[pair[1]], pair),
    )[:most]
    return [Collaboration(site.coauthors[a], site.coauthors[b], pairs[(a, b)]) for a, b in ranked]
