"""Every page of one site: the home and section pages, and one job per author, paper, index entry and collection."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from generator import layout
from generator.exports import PaperCitations, paper_citations
from generator.index import UNDATED, IndexEntry, build_index, sort_newest_first, year_key
from generator.latex import plain_latex
from generator.layout import SECTION_PAGES, SiteOptions, Urls
from generator.model import Author, Collection, Paper, Portfolio, normalise_name
from generator.model.categories import category_label
from generator.render import metadata
from generator.render.environment import PageContext, human_date, make_environment
from generator.render.pages import GeneratedPage, early_meta, page_meta

HOME_AUTHORS = 24  # author cards on the home page; the Authors page has them all


@dataclass(frozen=True)
class PageJob:
    """One page of the site but the home and section pages, ready to be made.

    `early()` gives the part of its front matter MkDocs reads before it builds any page (`early_meta`), made
    without rendering the page; `render()` the whole page. `subject` is the model object the page shows.
    """

    path: str
    subject: Author | Paper | IndexEntry | Collection
    early: Callable[[], dict]
    render: Callable[[], GeneratedPage]
    markdown: bool = False  # the body holds a directive MkDocs must convert (a category's tag listing)

    @property
    def paper_id(self) -> str | None:
        """The paper's id, for a paper page (whose citations the export files reuse)."""
        return self.subject.id if isinstance(self.subject, Paper) else None


class SiteRenderer:
    """Renders every page of one portfolio site."""

    def __init__(self, portfolio: Portfolio, options: SiteOptions = SiteOptions()):
        self.portfolio = portfolio
        self.options = options
        self.site = build_index(portfolio)
        self.urls = Urls(options.directory_urls)
        self.env = make_environment()
        self.newest = sort_newest_first(list(portfolio.papers.values()))[: options.newest_count]
        self.citations: dict[str, PaperCitations] = {}  # by paper id, made with the paper pages, for the export files
        self._shared_items: dict[tuple[str, str], Markup] = {}

    def render_all(self) -> list[GeneratedPage]:
        """All pages, sorted by path."""
        try:
            pages = [*self.section_pages(), *(job.render() for job in self.jobs())]
        finally:
            self.clear_caches()
        return sorted(pages, key=lambda p: p.path)

    def clear_caches(self) -> None:
        """Forget the pieces of HTML kept while rendering one site (abstracts, list items)."""
        for cache in self.env.portfolio_caches:
            cache.clear()
        self._shared_items.clear()

    def section_pages(self) -> list[GeneratedPage]:
        """The home and section pages (they show the whole site, and are in the navigation)."""
        return [self.render_home(), *self.render_sections()]

    def jobs(self) -> list[PageJob]:
        """Every page but the home and section pages, in a fixed order."""
        jobs: list[PageJob] = []
        for a in self.portfolio.authors:
            if a.slug != self.options.home_author:
                jobs.append(PageJob(layout.author_page(a), a, lambda a=a: self._author_heading(a).early(),
                                    lambda a=a: self.render_author(a)))
        for p in self.portfolio.papers.values():
            jobs.append(PageJob(layout.paper_page(p), p, lambda p=p: self._paper_heading(p).early(),
                                lambda p=p: self.render_paper(p)))
        for entries in (self.site.categories, self.site.years, self.site.orgs, self.site.coauthors):
            for e in entries.values():
                if not (e.kind == "coauthor" and e.author):
                    jobs.append(PageJob(layout.entry_page(e), e, lambda e=e: self._entry_heading(e).early(),
                                        lambda e=e: self.render_entry(e), markdown=e.kind == "category"))
        for c in self.portfolio.collections:
            jobs.append(PageJob(layout.collection_page(c), c, lambda c=c: self._collection_heading(c).early(),
                                lambda c=c: self.render_collection(c)))
        return jobs

    def _context(self, path: str) -> PageContext:
        return PageContext(path, self.urls, self.site, self.options, self._shared_items)

    def _page(self, path: str, template: str, meta: dict, in_nav: bool = False, markdown: bool = False,
              **values) -> GeneratedPage:
        context = self._context(path)
        body = self.env.get_template(template).render(
            p=context, site=self.site, portfolio=self.portfolio, options=self.options, **values)
        return GeneratedPage(path, meta, body.strip(), in_nav, final_html=not markdown)

    # --- the home and section pages ---------------------------------------------------------------------

    def render_home(self) -> GeneratedPage:
        if self.options.home_author:
            author = self.portfolio.author_by_slug(self.options.home_author)
            return self._author_page(author, self.options.home, in_nav=True)
        newest = self.newest
        meta = page_meta(self.options.site_name, "home", updated=metadata.newest_date(newest),
                         jsonld=metadata.website_jsonld(self.options.site_name, self._context(self.options.home)))
        meta["hide"] = ["toc"]
        return self._page(self.options.home, "home.html.j2", meta, in_nav=True, newest=newest,
                          top_categories=self.top_categories, home_authors=self.home_authors())

    def home_authors(self) -> list[Author]:
        """The authors with a card on the home page: all of them, or on a big site the HOME_AUTHORS with the
        most papers (in site order), so that the first page a visitor opens stays light."""
        authors = self.portfolio.authors
        if len(authors) <= HOME_AUTHORS:
            return list(authors)
        most = {a.slug for a in sorted(authors, key=lambda a: (-len(a.papers), a.name.casefold(), a.slug))[:HOME_AUTHORS]}
        return [author for author in authors if author.slug in most]

    def render_sections(self) -> list[GeneratedPage]:
        years = sorted(self.site.years.values(), key=lambda e: (e.key == UNDATED, -int(e.key) if e.key != UNDATED else 0))
        newest = self.newest

        def section_meta(title: str, kind: str) -> dict:
            jsonld = metadata.collection_page_jsonld(title, [], self._context(SECTION_PAGES[kind]))
            return page_meta(title, kind, updated=metadata.newest_date(newest), jsonld=jsonld)

        return [
            self._page(SECTION_PAGES["authors"], "authors.html.j2", section_meta("Authors", "authors"), True,
                       top_categories=self.top_categories),
            self._page(SECTION_PAGES["papers"], "papers.html.j2", section_meta("Papers", "papers"), True,
                       years=years, newest=newest),
            self._page(SECTION_PAGES["topics"], "topics.html.j2", section_meta("Topics", "topics"), True, years=years),
            self._page(SECTION_PAGES["collections"], "collections.html.j2", section_meta("Collections", "collections"), True),
        ]

    def top_categories(self, author: Author, limit: int = 3) -> list[tuple[str, int]]:
        counts = Counter(self.portfolio.papers[pid].category for pid in author.papers if self.portfolio.papers[pid].category)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    # --- one page per author, paper, index entry and collection ---------------------------------------------
    # Each kind has a heading (what MkDocs reads early: title, kind, dates, tags) that its page's front matter
    # is built on, so the early front matter is made the same way with or without the page.

    def _author_heading(self, author: Author) -> _Heading:
        papers = self.portfolio.papers_of(author)
        return _Heading(author.name, "author", {"updated": metadata.newest_date(papers)})

    def render_author(self, author: Author) -> GeneratedPage:
        return self._author_page(author, layout.author_page(author))

    def _author_page(self, author: Author, path: str, in_nav: bool = False) -> GeneratedPage:
        papers = self.portfolio.papers_of(author)
        newest = sort_newest_first(papers)
        by_year: dict[str, list[Paper]] = {}
        for paper in newest:
            by_year.setdefault(year_key(paper), []).append(paper)
        coauthors = Counter()
        orgs = Counter()
        for paper in papers:
            for name in dict.fromkeys(paper.authors or []):
                entry = self.site.coauthors.get(normalise_name(name))
                if entry and entry.author is not author:
                    coauthors[entry.key] += 1
            if paper.org:
                orgs[paper.org] += 1
        coauthor_entries = [(self.site.coauthors[k], n) for k, n in sorted(coauthors.items(), key=lambda kv: (-kv[1], self.site.coauthors[kv[0]].label.casefold()))]
        org_entries = [(self.site.orgs[k], n) for k, n in sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]
        context = self._context(path)
        categories = [code for code, _ in self.top_categories(author)]
        meta = self._author_heading(author).meta(
            f"Research portfolio of {author.name}: {len(papers)} papers.", slug=author.slug, name=author.name,
            papers=list(author.papers), feed=layout.author_feed(author),
            jsonld=metadata.author_jsonld(author, newest, context, categories))
        meta["hide"] = ["toc"] if path == self.options.home else []
        downloads = {kind: context.file(target) for kind, target in (
            ("bib", layout.author_file(author, "bib")), ("ris", layout.author_file(author, "ris")),
            ("csl", layout.author_api(author, "csl.json")), ("json", layout.author_api(author)),
            ("feed", layout.author_feed(author)))}
        return self._page(path, "author.html.j2", meta, in_nav, author=author, by_year=by_year,
                          coauthors=coauthor_entries, orgs=org_entries, top_categories=self.top_categories(author),
                          downloads=downloads)

    def _paper_heading(self, paper: Paper) -> _Heading:
        return _Heading(paper.title, "paper", {"date": paper.date.isoformat() if paper.date else None,
                                               "updated": metadata.newest_date([paper])},
                        [category_label(paper.category)] if paper.category else None)

    def render_paper(self, paper: Paper) -> GeneratedPage:
        path = layout.paper_page(paper)
        key = self.site.bibtex_keys[paper.id]
        context = self._context(path)
        citations = self.citations[paper.id] = paper_citations(paper, key, self.options)
        abstract = " ".join(plain_latex(paper.abstract).split()) or None
        meta = self._paper_heading(paper).meta(
            paper.abstract, id=paper.id, authors=paper.authors, category=paper.category, bibtex_key=key,
            abstract=abstract, jsonld=metadata.paper_jsonld(paper, context, abstract))
        downloads = {kind: context.file(layout.paper_file(paper, kind)) for kind in ("bib", "ris")}
        return self._page(path, "paper.html.j2", meta, paper=paper, citations=citations, downloads=downloads, key=key,
                          year_entry=self.site.years[year_key(paper)],
                          category_entry=self.site.categories.get(paper.category) if paper.category else None,
                          org_entry=self.site.orgs.get(paper.org) if paper.org else None)

    def _entry_heading(self, entry: IndexEntry) -> _Heading:
        titles = {"category": entry.label, "year": f"Papers of {entry.label}" if entry.key != UNDATED else "Undated papers",
                  "org": entry.label, "coauthor": entry.label}
        papers = [self.portfolio.papers[i] for i in entry.papers]
        return _Heading(titles[entry.kind], entry.kind, {"updated": metadata.newest_date(papers)})

    def render_entry(self, entry: IndexEntry) -> GeneratedPage:
        path = layout.entry_page(entry)
        heading = self._entry_heading(entry)
        papers = [self.portfolio.papers[i] for i in entry.papers]
        meta = heading.meta(key=entry.key, jsonld=metadata.collection_page_jsonld(heading.title, papers, self._context(path)))
        listing = None
        if entry.kind == "category":
            # Category labels come from the taxonomy table or a letters-only code: safe in the directive.
            listing = Markup("<!-- material/tags " + json.dumps({"include": [entry.label]}) + " -->")
        return self._page(path, "entry.html.j2", meta, entry=entry, papers=papers, listing=listing,
                          markdown=listing is not None)

    def _collection_heading(self, collection: Collection) -> _Heading:
        title = collection.title + (f": {human_date(collection.date)}" if collection.date else "")
        papers = [self.portfolio.papers[i] for i in collection.papers]
        return _Heading(title, "collection", {"updated": collection.date.isoformat() if collection.date
                                              else metadata.newest_date(papers)})

    def render_collection(self, collection: Collection) -> GeneratedPage:
        path = layout.collection_page(collection)
        heading = self._collection_heading(collection)
        papers = [self.portfolio.papers[i] for i in collection.papers]
        meta = heading.meta(slug=collection.slug, papers=list(collection.papers),
                            jsonld=metadata.collection_page_jsonld(heading.title, papers, self._context(path)))
        return self._page(path, "collection.html.j2", meta, collection=collection, title=heading.title, papers=papers)


@dataclass(frozen=True)
class _Heading:
    """The front matter MkDocs reads of a page before building any (title, kind, dates, tags): the early front
    matter on its own, or the start of the page's whole front matter."""

    title: str
    kind: str
    dates: dict  # `date` (papers) and `updated`, as ISO days or None
    tags: list[str] | None = None

    def meta(self, description: str | None = None, **extra) -> dict:
        meta = page_meta(self.title, self.kind, description, **self.dates, **extra)
        if self.tags:
            meta["tags"] = list(self.tags)
        return meta

    def early(self) -> dict:
        return early_meta(self.meta())


def render_site(portfolio: Portfolio, options: SiteOptions = SiteOptions()) -> list[GeneratedPage]:
    """Render every page of the site for this portfolio."""
    return SiteRenderer(portfolio, options).render_all()
