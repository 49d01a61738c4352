"""The site's files for other tools: JSON data (`api/`), BibTeX and RIS files, CSL-JSON, Atom feeds, robots.txt.

Every export is an `ExportFile` (a path under the site and its UTF-8 text); the MkDocs plugin adds them
to the build as generated files, and `portfolio generate` writes them beside the pages. Output depends only on the portfolio and the options: feeds take their
`updated` time from the newest paper, else from SOURCE_DATE_EPOCH or the "as of" day, never the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import uuid
from dataclasses import dataclass

from generator.environment import source_date_epoch
from generator.exports import cite
from generator.exports.data import SCHEMA_VERSION, author_data, paper_data, portfolio_data
from generator.exports.feeds import Feed, FeedEntry, atom_document, entry_xml
from generator.index import sort_newest_first
from generator.latex import plain_latex
from generator.layout import (
    FEEDS_SITEMAP,
    HOME,
    LAB_CSV,
    PORTFOLIO_API,
    ROBOTS,
    SITE_FEED,
    SITEMAP,
    SiteOptions,
    Urls,
    author_api,
    author_feed,
    author_file,
    author_page,
    author_photo,
    export_paths,
    page_url,
    paper_file,
    paper_page,
)
from generator.model import Author, Paper, Portfolio
from generator.model.categories import category_id, category_label
from generator.model.citekeys import assign_bibtex_keys

__all__ = [
    "ExportFile",
    "ExportBuilder",
    "PaperCitations",
    "build_exports",
    "export_paths",
    "iter_exports",
    "paper_citations",
]


# The feeds folder's sitemap: Material fetches `sitemap.xml` beside every `<link rel="alternate">` of a page
# (layout.author_feed). It lists no page: the site's own sitemap, at the root, lists them all.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)


@dataclass(frozen=True)
class ExportFile:
    """One file of the built site that is not a page: UTF-8 text, or bytes (an author's photo)."""

    path: str
    text: str | bytes

    @property
    def data(self) -> bytes:
        return self.text if isinstance(self.text, bytes) else self.text.encode("utf-8")


@dataclass(frozen=True)
class PaperCitations:
    """A paper cited three ways, the same on its page and in its files."""

    bibtex: str
    ris: str
    plain: str


def paper_citations(paper: Paper, key: str, options: SiteOptions) -> PaperCitations:
    """BibTeX, RIS and a plain citation of a paper, with its URL when the site's URL is known."""
    category = category_id(paper.category) if paper.category else None
    url = page_url(paper_page(paper), options)
    return PaperCitations(
        cite.bibtex_entry(paper, key, category, url),
        cite.ris_entry(paper, key, category, url),
        cite.plain_citation(paper, category, url),
    )


def _json(value: object) -> str:
    # Compact: with `indent`, json.dumps runs its pure-Python encoder, seconds at thousands of papers.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _fallback_time(portfolio: Portfolio) -> dt.datetime:
    """A feed's `updated` when none of its papers is dated: SOURCE_DATE_EPOCH, else the "as of" day."""
    if (epoch := source_date_epoch()) is not None:
        return epoch
    day = portfolio.as_of or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


class ExportBuilder:
    """Builds every export of one portfolio site."""

    def __init__(
        self,
        portfolio: Portfolio,
        options: SiteOptions,
        citations: dict[str, PaperCitations] | None = None,
        keys: dict[str, str] | None = None,
    ):
        self.portfolio = portfolio
        self.options = options
        self.urls = Urls(options.directory_urls)
        self.keys = keys or assign_bibtex_keys(list(portfolio.papers.values()))
        self._entries: dict[tuple[str, str], str] = {}  # (feed folder, paper id) -> entry XML
        self._paper_data: dict[str, dict] = {}
        known = citations or {}  # the paper pages' citations, when they were just rendered with the same keys
        self.citations = {
            pid: known.get(pid) or paper_citations(paper, self.keys[pid], options)
            for pid, paper in portfolio.papers.items()
        }

    def build(self) -> list[ExportFile]:
        """All exports, sorted by path."""
        return sorted(self.files(), key=lambda f: f.path)

    def files(self):
        """All exports, one after another (a caller that writes each at once holds one at a time)."""
        yield from self.site_files()
        for author in self.portfolio.authors:
            yield from self.author_files(author)

    def site_files(self):
        """The exports of the whole site, one after another: data, feed, robots.txt, each paper's citation files.
        (Made first: authors' data reuses each paper's data made for the site's.)"""
        data = portfolio_data(self.portfolio, diagnostics=False)
        self._paper_data = {paper["id"]: paper for paper in data["papers"]}  # the same in every author's data
        yield ExportFile(PORTFOLIO_API, _json(data))
        del data
        yield ExportFile(SITE_FEED, self.site_feed())
        yield ExportFile(ROBOTS, self.robots())
        if self.portfolio.authors:
            yield ExportFile(FEEDS_SITEMAP, EMPTY_SITEMAP)
            yield ExportFile(LAB_CSV, self.lab_csv())
        for paper in self.portfolio.papers.values():
            yield ExportFile(paper_file(paper, "bib"), self.citations[paper.id].bibtex)
            yield ExportFile(paper_file(paper, "ris"), self.citations[paper.id].ris)

    def author_files(self, author: Author) -> list[ExportFile]:
        """An author's bibliography (BibTeX, RIS), data (JSON, CSL-JSON), feed and photo. Papers their settings
        hide stay in their data but leave their bibliography and feed, as they leave their page."""
        shown = set(author.shown_papers)
        papers = sort_newest_first([p for p in self.portfolio.papers_of(author) if p.id in shown])
        photo = author.settings.photo if author.settings is not None else None
        own = [ExportFile(author_photo(author, photo.extension), photo.data)] if photo is not None else []
        return own + [
            ExportFile(author_file(author, "bib"), self.bibliography(papers, "bibtex")),
            ExportFile(author_file(author, "ris"), self.bibliography(papers, "ris")),
            ExportFile(author_api(author), _json(self.author_document(author))),
            ExportFile(author_api(author, "csl.json"), _json(self.csl_items(papers))),
            ExportFile(author_api(author, "resume.json"), _json(self.resume(author))),
            ExportFile(author_feed(author), self.author_feed(author, papers)),
        ]

    # Insights are imported where they are used: generator.insights cites through generator.exports.cite, and
    # importing that module first runs this one.

    def lab_csv(self) -> str:
        """Every profiled author's metrics, as the lab table on the Authors page shows them, as CSV."""
        from generator.insights.site import lab_csv, lab_table

        return lab_csv(lab_table(self.portfolio))

    def resume(self, author: Author) -> dict:
        """The author as a JSON Resume (https://jsonresume.org/schema): the papers their page shows."""
        from generator.insights import shown_only
        from generator.insights.cv import json_resume, settings_mapping

        return json_resume(
            shown_only(author),
            self.portfolio,
            settings_mapping(author),
            lambda paper: page_url(paper_page(paper), self.options),
        )

    def bibliography(self, papers: list[Paper], kind: str) -> str:
        """Several entries as one file, separated by blank lines."""
        return "\n".join(getattr(self.citations[paper.id], kind) for paper in papers)

    def author_document(self, author: Author) -> dict:
        """One author and their papers, with the fields of `portfolio parse --json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "as_of": self.portfolio.as_of.isoformat() if self.portfolio.as_of else None,
            "author": author_data(author),
            "papers": [self._paper_data.get(pid) or paper_data(self.portfolio.papers[pid]) for pid in author.papers],
        }

    def csl_items(self, papers: list[Paper]) -> list[dict]:
        """The papers as CSL-JSON items."""
        items = []
        for paper in papers:
            category = category_id(paper.category) if paper.category else None
            items.append(cite.csl_item(paper, self.keys[paper.id], category, page_url(paper_page(paper), self.options)))
        return items

    def _link(self, feed_path: str, src: str) -> str:
        return page_url(src, self.options) or self.urls.from_file(feed_path, src)

    def _id(self, kind: str, name: str, src: str) -> str:
        """A permanent id: the page's URL when the site's URL is known, else a name-based UUID."""
        return page_url(src, self.options) or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'portfolio:{kind}:{name}')}"

    def feed_entry(self, path: str, paper: Paper) -> FeedEntry:
        """A dated paper as an entry of the feed at `path`."""
        category = (
            (category_id(paper.category) or paper.category, category_label(paper.category)) if paper.category else None
        )
        return FeedEntry(
            id=self._id("paper", paper.id, paper_page(paper)),
            title=" ".join(plain_latex(paper.title).split()),
            link=self._link(path, paper_page(paper)),
            updated=_midnight(paper.date),
            authors=list(paper.authors or []),
            summary=" ".join(plain_latex(paper.abstract).split()) or None,
            category=category,
        )

    def feed(self, path: str, title: str, subtitle: str, home: str, author: str, papers: list[Paper]) -> str:
        """An Atom feed of the newest dated papers (an Atom entry needs a date), `feed_entries` of them at most."""
        dated = sort_newest_first([p for p in papers if p.date])
        if self.options.feed_entries:
            dated = dated[: self.options.feed_entries]
        folder = posixpath.dirname(path)
        entries = []
        for paper in dated:  # every feed in one folder links a paper the same way: its entry is made once
            xml = self._entries.get((folder, paper.id))
            if xml is None:
                xml = self._entries[folder, paper.id] = entry_xml(self.feed_entry(path, paper))
            entries.append(xml)
        updated = _midnight(dated[0].date) if dated else _fallback_time(self.portfolio)
        self_link = self.options.site_url + path if self.options.site_url else None
        feed = Feed(
            id=self_link or self._id("feed", path, path),
            title=title,
            subtitle=subtitle,
            home=self._link(path, home),
            updated=updated,
            author=author,
            entries=[],
            self_link=self_link,
        )
        return atom_document(feed, entries)

    def site_feed(self) -> str:
        name = self.options.site_name
        return self.feed(
            SITE_FEED,
            f"{name}: papers",
            f"Papers of {name}, newest first.",
            HOME,
            name,
            list(self.portfolio.papers.values()),
        )

    def author_feed(self, author: Author, papers: list[Paper]) -> str:
        return self.feed(
            author_feed(author),
            f"{author.name}: papers",
            f"Papers of {author.name}, newest first.",
            author_page(author, self.options),
            author.name,
            papers,
        )

    def robots(self) -> str:
        """Crawlers may read everything; the sitemap is named when the site's URL is known (it must be absolute)."""
        lines = ["User-agent: *", "Allow: /"]
        if self.options.site_url:
            lines.append(f"Sitemap: {self.options.site_url}{SITEMAP}")
        return "\n".join(lines) + "\n"


def iter_exports(
    portfolio: Portfolio,
    options: SiteOptions,
    citations: dict[str, PaperCitations] | None = None,
    keys: dict[str, str] | None = None,
):
    """Every export of the site, one after another, in no particular order (see `build_exports`)."""
    return ExportBuilder(portfolio, options, citations, keys).files()


def build_exports(
    portfolio: Portfolio,
    options: SiteOptions,
    citations: dict[str, PaperCitations] | None = None,
    keys: dict[str, str] | None = None,
) -> list[ExportFile]:
    """Every export of the site for this portfolio, sorted by path (`citations` and BibTeX `keys`: those the
    pages already used)."""
    return ExportBuilder(portfolio, options, citations, keys).build()
