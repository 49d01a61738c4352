"""Everything an author page shows beyond its lists: output over time, trajectory, co-authors, similar researchers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.index import SiteIndex
from generator.insights.charts import MixChart, StackedChart, mix_chart, stacked_chart
from generator.insights.network import Network, network
from generator.insights.people import SimilarAuthor
from generator.insights.svg import dom_id
from generator.insights.trajectory import Trajectory, trajectory
from generator.model import Author, Portfolio


@dataclass(frozen=True)
class AuthorInsights:
    """Ready-to-include pieces of an author page; SVGs are Markup, the rest is data for the templates."""

    author: Author
    output: StackedChart  # papers per year by category, and its numbers for the table
    mix: MixChart  # category mix over time (small multiples)
    trajectory: Trajectory
    network: Network
    similar: list[SimilarAuthor] = field(default_factory=list)

    @property
    def trajectory_sentence(self) -> str | None:
        return self.trajectory.sentence


def author_insights(
    portfolio: Portfolio,
    site: SiteIndex,
    author: Author,
    link: Callable[[Author], str] | None = None,
    similar: list[SimilarAuthor] | None = None,
    id_prefix: str = "pf",
) -> AuthorInsights:
    """The insights of one author's page. `link(author)` is the address of a profiled author's page as seen
    from this page; `similar`: the author's entry of `similar_authors()` (computed once per site)."""
    papers = [portfolio.papers[pid] for pid in dict.fromkeys(author.papers)]
    base = dom_id(id_prefix, author.slug)
    path = trajectory(papers)
    output = stacked_chart(papers, f"{base}-output", f"Papers per year by category: {author.name}")
    description = path.sentence or "The category mix per year: each bar is the share of that year's papers."
    mix = mix_chart(papers, f"{base}-mix", f"Research trajectory: {author.name}", description)
    return AuthorInsights(
        author,
        output,
        mix,
        path,
        network(portfolio, site, author, link, chart_id=f"{base}-network"),
        list(similar or []),
    )
