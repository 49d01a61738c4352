"""Charts drawn at build time as inline SVG: papers per year stacked by category, the category mix over
time as small multiples, and horizontal bars. Each comes with the numbers it draws, for the table beside it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.insights.svg import MAX_SERIES, Series, clip, element, fill, join, number, pattern_defs, text_width
from generator.model import Paper
from generator.model.categories import category_id, category_label

UNDATED = "Undated"
NO_CATEGORY = "No category"
OUTPUT_SLOTS = 30  # bars in a papers-per-year chart; longer careers are drawn in periods of several years
TRAJECTORY_SLOTS = 12  # columns of the category-mix chart
WIDTH = 640
FONT = 12
LEGEND_ROW = 18


def short_code(code: str) -> str:
    """A category's full arXiv id (`LG` -> `cs.LG`), or the code itself when unknown."""
    return category_id(code) or code


@dataclass(frozen=True)
class Slot:
    """One bar or column: a year, a period of years, or the undated papers."""

    label: str
    first: int | None  # None for undated
    last: int | None

    def holds(self, year: int | None) -> bool:
        if self.first is None:
            return year is None
        return year is not None and self.first <= year <= self.last


def slots_of(years: Iterable[int | None], most: int) -> list[Slot]:
    """Every year from the first to the last (years without papers too, so gaps show), grouped into
    periods of equal length when there are more than `most`; then `Undated` when some paper has no year."""
    years = list(years)
    dated = sorted({y for y in years if y is not None})
    slots = []
    if dated:
        span = dated[-1] - dated[0] + 1
        step = math.ceil(span / most) if span > most else 1
        # periods end on the last year, so the newest period is a whole one
        start = dated[-1] - step * math.ceil(span / step) + 1
        for first in range(start, dated[-1] + 1, step):
            last = first + step - 1
            slots.append(Slot(str(first) if step == 1 else f"{first}–{last}", first, last))
    if any(y is None for y in years):
        slots.append(Slot(UNDATED, None, None))
    return slots


def series_of(papers: list[Paper]) -> list[Series]:
    """The series of a chart: the MAX_SERIES most frequent categories, or the MAX_SERIES - 1 most frequent
    and one series for the rest and for papers without a category. Ties go to the code in alphabetic order."""
    counts = Counter(p.category for p in papers if p.category)
    ranked = sorted(counts, key=lambda code: (-counts[code], code))
    uncategorised = any(not p.category for p in papers)
    own = ranked if len(ranked) + uncategorised <= MAX_SERIES else ranked[: MAX_SERIES - 1]
    series = [Series(code, category_label(code), index) for index, code in enumerate(own)]
    rest = ranked[len(own) :]
    if rest or uncategorised:
        names = ", ".join(short_code(code) for code in rest)
        if rest and uncategorised:
            label = f"Other categories ({names}) or none"
        elif rest:
            label = f"Other categories ({names})"
        else:
            label = NO_CATEGORY
        series.append(Series("", label, MAX_SERIES))
    return series


def series_key(paper: Paper, series: list[Series]) -> str:
    """The key of the series a paper is counted in."""
    keys = {s.key for s in series}
    return paper.category if paper.category in keys and paper.category else ""


@dataclass(frozen=True)
class Bar:
    """One stacked bar: a slot and its papers per series key (every series present, zeros included)."""

    slot: Slot
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class StackedChart:
    """Papers per year stacked by category: the numbers and the drawing."""

    series: list[Series]
    bars: list[Bar]
    svg: Markup
    title: str
    summary: str

    @property
    def total(self) -> int:
        return sum(bar.total for bar in self.bars)

    def series_total(self, key: str) -> int:
        return sum(bar.counts[key] for bar in self.bars)


def count_bars(papers: list[Paper], series: list[Series], slots: list[Slot]) -> list[Bar]:
    """Papers per slot and series."""
    keys = [s.key for s in series]
    bars = []
    for slot in slots:
        counts = dict.fromkeys(keys, 0)
        for paper in papers:
            if slot.holds(paper.year):
                counts[series_key(paper, series)] += 1
        bars.append(Bar(slot, counts))
    return bars


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50, ...) giving about `ticks` grid lines up to `maximum`."""
    raw = max(1, maximum) / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return max(1, int(factor * magnitude))
    return int(10 * magnitude)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def bar_text(bar: Bar, series: list[Series]) -> str:
    """A bar's numbers in words: `2022: 7 papers: cs.LG 3, cs.CV 2, cs.CL 2`."""
    parts = [f"{_series_code(s)} {bar.counts[s.key]}" for s in series if bar.counts[s.key]]
    return f"{bar.slot.label}: {plural(bar.total, 'paper')}" + (": " + ", ".join(parts) if parts else "")


def _series_code(series: Series) -> str:
    return short_code(series.key) if series.key else ("other" if series.label != NO_CATEGORY else "no category")


def stacked_chart(papers: list[Paper], chart_id: str, title: str, slots: int = OUTPUT_SLOTS) -> StackedChart:
    """Papers per year stacked by category, as an SVG whose bars show their numbers when hovered or focused.

    The SVG is a `group` (its bars are focusable, which an `img` may not contain) named by its title and
    summary; each bar is an `img` named by its `<title>`, which is also the tooltip; a focused or hovered
    bar also shows its numbers as text at the top of the chart (insights.css).
    """
    series = series_of(papers)
    bars = count_bars(papers, series, slots_of((p.year for p in papers), slots))
    summary = _stacked_summary(bars, len(papers))
    legend_height = LEGEND_ROW * len(series) + 6
    top, bottom, left, right = 40, 22, 34, 8
    plot_height = 150
    height = top + plot_height + bottom + legend_height
    plot_width = WIDTH - left - right
    maximum = max((bar.total for bar in bars), default=0)
    step = nice_step(maximum)
    ceiling = max(step, math.ceil(maximum / step) * step)
    scale = plot_height / ceiling
    slot_width = plot_width / max(1, len(bars))
    bar_width = min(36.0, slot_width * 0.72)
    label_every = max(
        1, math.ceil(text_width(max((b.slot.label for b in bars), key=len, default=""), 11) / slot_width * 1.15)
    )
    base = top + plot_height
    parts = [
        element("title", title, id=f"{chart_id}-title"),
        element("desc", summary, id=f"{chart_id}-desc"),
        pattern_defs(chart_id, series),
    ]
    grid = []
    for value in range(0, ceiling + 1, step):
        y = base - value * scale
        grid.append(
            element(
                "line",
                x1=float(left),
                x2=float(WIDTH - right),
                y1=y,
                y2=y,
                class_="pf-grid",
                stroke="currentColor",
                stroke_opacity=0.15 if value else 0.5,
            )
        )
        grid.append(
            element(
                "text",
                f"{value:,}",
                x=float(left - 6),
                y=y + 4,
                class_="pf-axis",
                text_anchor="end",
                font_size=11,
                fill="currentColor",
            )
        )
    parts.append(element("g", join(grid), aria_hidden="true"))
    for index, bar in enumerate(bars):
        x = left + index * slot_width + (slot_width - bar_width) / 2
        centre = x + bar_width / 2
        if index % label_every == 0 or bar.slot.first is None:
            parts.append(
                element(
                    "text",
                    bar.slot.label,
                    x=centre,
                    y=float(base + 15),
                    class_="pf-axis",
                    text_anchor="middle",
                    font_size=11,
                    fill="currentColor",
                    aria_hidden="true",
                )
            )
        if not bar.total:
            continue
        words = bar_text(bar, series)
        pieces = [element("title", words)]
        y = float(base)
        for s in series:
            count = bar.counts[s.key]
            if count:
                h = count * scale
                y -= h
                pieces.append(
                    element(
                        "rect",
                        x=x,
                        y=y,
                        width=bar_width,
                        height=h,
                        fill=fill(chart_id, s),
                        data_series=s.key or "other",
                        data_count=count,
                    )
                )
        pieces.append(
            element(
                "text",
                f"{bar.total:,}",
                x=centre,
                y=y - 4,
                class_="pf-bar__total",
                text_anchor="middle",
                font_size=11,
                fill="currentColor",
            )
        )
        pieces.append(_detail(words, left, top - 30, plot_width))
        parts.append(
            element(
                "g",
                join(pieces),
                class_="pf-bar",
                tabindex=0,
                role="img",
                data_slot=bar.slot.label,
                data_total=bar.total,
            )
        )
    parts.append(
        _legend(
            chart_id,
            series,
            left,
            top + plot_height + bottom + 4,
            {s.key: sum(b.counts[s.key] for b in bars) for s in series},
        )
    )
    svg = _svg(chart_id, join(parts), height, role="group")
    return StackedChart(series, bars, svg, title, summary)


def _stacked_summary(bars: list[Bar], total: int) -> str:
    dated = [bar for bar in bars if bar.slot.first is not None and bar.total]
    if not total:
        return "No papers."
    text = plural(total, "paper")
    if dated:
        first, last = dated[0].slot.first, dated[-1].slot.last
        text += f" from {first} to {last}" if first != last else f" in {first}"
        most = max(bar.total for bar in dated)
        peaks = [bar.slot.label for bar in dated if bar.total == most]
        text += f"; most in {_and(peaks)} ({most:,})"
    undated = sum(bar.total for bar in bars if bar.slot.first is None)
    if undated:
        text += f"; {undated:,} undated"
    return text + "."


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _detail(words: str, x: float, y: float, width: float) -> Markup:
    """A bar's numbers as text at the top of the chart, hidden until the bar is hovered or focused."""
    size = 12 if text_width(words, 12) <= width else 10
    box = element(
        "rect",
        x=float(x),
        y=float(y),
        width=min(width, text_width(words, size) + 12),
        height=20.0,
        rx=3.0,
        class_="pf-bar__detail-box",
        fill="#fff",
        stroke="currentColor",
        stroke_opacity=0.3,
    )
    label = element("text", words, x=float(x + 6), y=float(y + 14), font_size=size, fill="currentColor")
    return element("g", join([box, label]), class_="pf-bar__detail", visibility="hidden", aria_hidden="true")


def _legend(chart_id: str, series: list[Series], x: float, y: float, totals: dict[str, int]) -> Markup:
    rows = []
    for index, s in enumerate(series):
        row_y = y + index * LEGEND_ROW
        rows.append(
            element(
                "rect",
                x=float(x),
                y=float(row_y),
                width=12.0,
                height=12.0,
                fill=fill(chart_id, s),
                stroke="currentColor",
                stroke_opacity=0.4,
            )
        )
        rows.append(
            element(
                "text",
                clip(f"{s.label}: {totals[s.key]:,}", 90),
                x=float(x + 18),
                y=float(row_y + 10),
                font_size=FONT,
                fill="currentColor",
            )
        )
    return element("g", join(rows), class_="pf-legend", aria_hidden="true")


def _svg(chart_id: str, body: Markup, height: float, role: str) -> Markup:
    return element(
        "svg",
        body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {number(height)}",
        width=WIDTH,
        height=number(height),
        class_="pf-chart__svg",
        id=chart_id,
        role=role,
        aria_labelledby=f"{chart_id}-title {chart_id}-desc",
    )


@dataclass(frozen=True)
class ShareCell:
    """One cell of the category mix: a series in a slot, its papers and that slot's categorised papers."""

    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class MixChart:
    """The category mix over time (small multiples): shares per series and slot, and the drawing."""

    series: list[Series]
    slots: list[Slot]
    cells: dict[str, list[ShareCell]]  # series key -> a cell per slot
    svg: Markup


def mix_chart(
    papers: list[Paper], chart_id: str, title: str, description: str, slots: int = TRAJECTORY_SLOTS
) -> MixChart:
    """Small multiples of the category mix: a row per series, a column per year (or period), each bar
    the share of that slot's dated papers. A picture without interaction: an `img` named by its title and
    the trajectory sentence."""
    dated = [p for p in papers if p.year is not None]
    series = series_of(dated)
    columns = slots_of((p.year for p in dated), slots)
    bars = count_bars(dated, series, columns)
    cells = {s.key: [ShareCell(bar.counts[s.key], bar.total) for bar in bars] for s in series}
    left, top, right, row_height, gap = 64, 8, 8, 34, 6
    plot_width = WIDTH - left - right
    slot_width = plot_width / max(1, len(columns))
    bar_width = min(30.0, slot_width * 0.7)
    height = top + len(series) * (row_height + gap) + 22
    parts = [
        element("title", title, id=f"{chart_id}-title"),
        element("desc", description, id=f"{chart_id}-desc"),
        pattern_defs(chart_id, series),
    ]
    for row, s in enumerate(series):
        base = top + row * (row_height + gap) + row_height
        parts.append(
            element(
                "text",
                _series_code(s),
                x=float(left - 8),
                y=float(base - row_height / 2 + 4),
                text_anchor="end",
                font_size=11,
                fill="currentColor",
                class_="pf-axis",
            )
        )
        parts.append(
            element(
                "line",
                x1=float(left),
                x2=float(WIDTH - right),
                y1=float(base),
                y2=float(base),
                stroke="currentColor",
                stroke_opacity=0.3,
            )
        )
        for column, cell in enumerate(cells[s.key]):
            if not cell.count:
                continue
            x = left + column * slot_width + (slot_width - bar_width) / 2
            h = row_height * cell.share
            words = f"{_series_code(s)} in {columns[column].label}: {cell.count} of {plural(cell.total, 'paper')} ({cell.share:.0%})"
            parts.append(
                element(
                    "rect",
                    element("title", words),
                    x=x,
                    y=base - h,
                    width=bar_width,
                    height=h,
                    fill=fill(chart_id, s),
                    class_="pf-segment",
                    data_series=s.key or "other",
                    data_count=cell.count,
                    data_total=cell.total,
                )
            )
    label_every = max(
        1, math.ceil(text_width(max((c.label for c in columns), key=len, default=""), 11) / slot_width * 1.15)
    )
    for column, slot in enumerate(columns):
        if column % label_every == 0:
            parts.append(
                element(
                    "text",
                    slot.label,
                    x=left + column * slot_width + slot_width / 2,
                    y=float(height - 6),
                    text_anchor="middle",
                    font_size=11,
                    fill="currentColor",
                    class_="pf-axis",
                )
            )
    return MixChart(series, columns, cells, _svg(chart_id, join(parts), height, role="img"))


@dataclass(frozen=True)
class HorizontalBars:
    """Labelled horizontal bars (categories or organisations of a site) and the drawing."""

    rows: list[tuple[str, int]]
    svg: Markup


def horizontal_bars(rows: list[tuple[str, int]], chart_id: str, title: str, description: str) -> HorizontalBars:
    """One bar per (label, count) row, with the label and the count written beside it: an `img`."""
    left, right, top, row_height = 250, 56, 6, 20
    maximum = max((count for _, count in rows), default=0) or 1
    height = top + row_height * len(rows) + 6
    parts = [element("title", title, id=f"{chart_id}-title"), element("desc", description, id=f"{chart_id}-desc")]
    for index, (label, count) in enumerate(rows):
        y = top + index * row_height
        width = (WIDTH - left - right) * count / maximum
        parts.append(
            element(
                "text",
                clip(label, 40),
                x=float(left - 8),
                y=float(y + 13),
                text_anchor="end",
                font_size=FONT,
                fill="currentColor",
            )
        )
        parts.append(
            element(
                "rect",
                element("title", f"{label}: {count:,}"),
                x=float(left),
                y=float(y + 2),
                width=width,
                height=float(row_height - 6),
                class_="pf-series pf-series--0",
                fill="#0072B2",
                data_count=count,
            )
        )
        parts.append(
            element("text", f"{count:,}", x=left + width + 6, y=float(y + 13), font_size=FONT, fill="currentColor")
        )
    return HorizontalBars(rows, _svg(chart_id, join(parts), height, role="img"))
