"""Insights drawn from the model at build time: charts, trajectory, co-author network, similar researchers,
related papers, the lab table, the radar of feed papers, site statistics and the printable CV.

Pure functions of the portfolio: nothing here reads files, renders pages or depends on the page layout.
Charts are inline SVG (Markup, every text escaped), deterministic to the byte. Page templates include the
partials in `generator/render/templates/insights/`. Work over the whole site (the TF-IDF index, related papers,
similar authors, radar) is done once per site: through `SiteInsights`, or by passing `texts` around.

    site_insights = SiteInsights(portfolio, site_index)
    site_insights.author(author, link=context.author)   # AuthorInsights for one author page
    site_insights.related[paper.id]                     # list[Related] for one paper page
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property

from generator.index import SiteIndex
from generator.insights.author import AuthorInsights, author_insights
from generator.insights.charts import HorizontalBars, MixChart, StackedChart, horizontal_bars, mix_chart, stacked_chart
from generator.insights.cv import CvData, CvEntry, CvLink, cv_data, json_resume, selected_papers
from generator.insights.network import Coauthor, Network, coauthor_counts, network, ring_layout
from generator.insights.people import RadarEntry, RadarSection, SimilarAuthor, radar, similar_authors
from generator.insights.site import Collaboration, LabRow, LabTable, SiteStatistics, lab_csv, lab_table, site_statistics
from generator.insights.text import Related, TextIndex, author_profiles, related_papers
from generator.insights.trajectory import Trajectory, trajectory
from generator.model import Author, Portfolio

__all__ = [
    "AuthorInsights",
    "Coauthor",
    "Collaboration",
    "CvData",
    "CvEntry",
    "CvLink",
    "HorizontalBars",
    "LabRow",
    "LabTable",
    "MixChart",
    "Network",
    "RadarEntry",
    "RadarSection",
    "Related",
    "SimilarAuthor",
    "SiteInsights",
    "SiteStatistics",
    "StackedChart",
    "TextIndex",
    "Trajectory",
    "author_insights",
    "author_profiles",
    "coauthor_counts",
    "cv_data",
    "horizontal_bars",
    "json_resume",
    "lab_csv",
    "lab_table",
    "mix_chart",
    "network",
    "radar",
    "related_papers",
    "ring_layout",
    "selected_papers",
    "shown_only",
    "similar_authors",
    "site_statistics",
    "stacked_chart",
    "trajectory",
]


def texts_digest(portfolio: Portfolio) -> str:
    """A digest of everything the text index and related papers are made from: each paper's id, title,
    abstract and authors."""
    h = hashlib.blake2b(digest_size=16)
    for pid in sorted(portfolio.papers):
        paper = portfolio.papers[pid]
        for part in (pid, paper.title, paper.abstract or "", *(paper.authors or ()), "\x01"):
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


def shown_only(author: Author) -> Author:
    """The author with only the papers their page shows: those their settings file hides left out."""
    shown = author.shown_papers
    return author if len(shown) == len(author.papers) else replace(author, papers=list(shown))


def people_digest(portfolio: Portfolio) -> str:
    """A digest of what similar researchers and the radar add to the texts: who the profiled authors are and
    which papers they list, the collections, the votes."""
    h = hashlib.blake2b(digest_size=16)
    parts = (
        [(a.slug, a.name, a.papers, a.shown_papers) for a in portfolio.authors],
        [(c.slug, c.date, c.papers) for c in portfolio.collections],
        [(pid, p.upvotes) for pid, p in sorted(portfolio.papers.items()) if p.upvotes is not None],
    )
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class SiteInsights:
    """The insights of one site, each computed on first use and kept: build one per site render.

    `memo`, a dict kept from build to build (`mkdocs serve`), keeps each site-wide result of the last build
    with a digest of what it was made from: the text index and related papers by every paper's title,
    abstract and authors; similar researchers and the radar by those and the authors' paper lists, the
    collections and the votes. An edit of a profile's metrics or of a settings file computes none of them again.
    """

    def __init__(self, portfolio: Portfolio, site: SiteIndex, memo: dict | None = None):
        self.portfolio = portfolio
        self.site = site
        self.memo = memo

    def _remembered(self, name: str, digest: Callable[[], str], make: Callable[[], object]):
        if self.memo is None:
            return make()
        key = digest()
        known = self.memo.get(name)
        if known is not None and known[0] == key:
            return known[1]
        value = make()
        self.memo[name] = (key, value)
        return value

    @cached_property
    def _texts_digest(self) -> str:
        return texts_digest(self.portfolio)

    @cached_property
    def _people_digest(self) -> str:
        return self._texts_digest + people_digest(self.portfolio)

    @cached_property
    def texts(self) -> TextIndex:
        return self._remembered("texts", lambda: self._texts_digest, lambda: TextIndex(self.portfolio.papers))

    @cached_property
    def profiles(self) -> dict[str, dict[str, float]]:
        """Each author's profile vector, from the papers their page shows (not those their settings file hides)."""
        return self._remembered(
            "profiles",
            lambda: self._people_digest,
            lambda: author_profiles(map(shown_only, self.portfolio.authors), self.texts),
        )

    @cached_property
    def related(self) -> dict[str, list[Related]]:
        return self._remembered(
            "related", lambda: self._texts_digest, lambda: related_papers(self.portfolio.papers, self.texts)
        )

    @cached_property
    def similar(self) -> dict[str, list[SimilarAuthor]]:
        return self._remembered(
            "similar", lambda: self._people_digest, lambda: similar_authors(self.portfolio, self.texts, self.profiles)
        )

    @cached_property
    def radar(self) -> list[RadarSection]:
        return self._remembered(
            "radar", lambda: self._people_digest, lambda: radar(self.portfolio, self.texts, self.profiles)
        )

    @cached_property
    def statistics(self) -> SiteStatistics:
        return site_statistics(self.portfolio, self.site)

    def lab(self, link: Callable[[Author], str] | None = None) -> LabTable:
        return lab_table(self.portfolio, link)

    def author(self, author: Author, link: Callable[[Author], str] | None = None) -> AuthorInsights:
        return author_insights(self.portfolio, self.site, author, link, self.similar.get(author.slug, []))

    def cv(self, author: Author, settings: dict | None = None, paper_url=None) -> CvData:
        return cv_data(author, self.portfolio, settings, paper_url)
