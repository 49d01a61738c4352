"""Every page of one site: the home and section pages, and one job per author, paper, index entry and collection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from generator import layout
from generator.exports import PaperCitations, paper_citations
from generator.index import UNDATED, IndexEntry, build_index, sort_newest_first, year_key
from generator.insights import SiteInsights, shown_only
from generator.insights.cv import settings_mapping
from generator.latex import plain_latex
from generator.layout import COAUTHOR_PAGE_PAPERS, SECTION_PAGES, SiteOptions, Urls
from generator.model import Author, Collection, Paper, Portfolio, normalise_name
from generator.render import metadata
from generator.render.environment import PageContext, human_date, make_environment, paper_links
from generator.render.pages import GeneratedPage, early_meta, page_meta

HOME_AUTHORS = 24  # author cards on the home page; the Authors page has them all
# Listings are split into pages of at most this many items, so that no page grows with the site (a year of
# a 20,000-paper site lists thousands of papers): about 100-200 KB of HTML per page, theme included.
# (The radar lists up to ten feed papers for each author: 40 authors to a page.)
PER_PAGE = {"papers": 100, "collection": 50, "authors": 60, "orgs": 200, "coauthors": 300, "radar": 40}
# An author's page lists every paper with its abstract while that fits in about this many bytes of HTML; else
# without abstracts (each paper's page has it), AUTHOR_PAGE_PAPERS to a page (about 180 KB of list; with the
# charts and network, about 65 KB, the co-author chips, the JSON-LD and the theme, within 300 KB: a 230-paper
# author keeps one page); past that, their papers continue on further pages.
AUTHOR_LIST_BYTES = 150_000
AUTHOR_PAGE_PAPERS = 235
ITEM_BYTES = 800  # a paper's list item without its abstract, as rendered (title, authors, badges, links)
# Publication types in the order an author page's type filter lists them.
TYPE_ORDER = ["article", "conference", "book", "chapter", "thesis", "report", "preprint", "misc", "unknown"]
ICON_KINDS = {"google_scholar", "semantic_scholar", "dblp", "openreview", "github", "mastodon", "bluesky"}
AUTHOR_COAUTHORS = 100  # co-author chips on an author's page (the most frequent); every name is on the papers
TOPICS_ORGS = 30  # the busiest organisations on the Topics page; the organisations index has them all
TOPICS_COAUTHORS = 60  # the most frequent co-authors on the Topics page; the co-authors index has them all
# The lab table (every profiled author's metrics, sortable) sits on the first Authors page while it has at most
# this many rows (about 350 bytes each); a bigger site offers it as CSV only, so that the page stays light.
LAB_TABLE_ROWS = 300


def split(items: list, per_page: int) -> list[list]:
    """Items in pages of `per_page` (at least one page, maybe empty)."""
    return [items[start : start + per_page] for start in range(0, len(items), per_page)] or [[]]


@dataclass(frozen=True)
class Paging:
    """Where a page sits in a listing split into pages, and where the other pages are."""

    first: str  # the path of page 1
    number: int
    count: int

    def path(self, number: int) -> str:
        return layout.paged(self.first, number)

    @property
    def here(self) -> str:
        return self.path(self.number)

    def title(self, title: str) -> str:
        """The page's title: the listing's, with the page number from page 2 on."""
        return title if self.number == 1 else f"{title} (page {self.number} of {self.count})"


@dataclass(frozen=True)
class AuthorListing:
    """A further page of a prolific author's papers (the first is their page)."""

    author: Author
    paging: Paging
    ids: tuple[str, ...]


def _abstract_bytes(paper: Paper) -> int:
    """About what a paper's abstract adds to its list item (formulas become MathML several times their size)."""
    if not paper.abstract:
        return 0
    return 140 + len(paper.abstract) * (3 if "$" in paper.abstract else 1.1)


def author_listing(papers: list[Paper]) -> tuple[bool, list[list[Paper]]]:
    """Whether an author's list shows abstracts, and their papers (newest first) split into pages."""
    if len(papers) * ITEM_BYTES + sum(map(_abstract_bytes, papers)) <= AUTHOR_LIST_BYTES:
        return True, [papers]
    return False, split(papers, AUTHOR_PAGE_PAPERS)


@dataclass(frozen=True)
class AuthorCv:
    """The printable CV of an author (its page shows the author's papers as a CV)."""

    author: Author


@dataclass(frozen=True)
class ListingPage:
    """One page of an index entry's or a collection's listing: what its page job shows."""

    subject: IndexEntry | Collection
    paging: Paging
    ids: tuple[str, ...]  # the papers on this page


@dataclass(frozen=True)
class PageJob:
    """One page of the site but the home and section pages, ready to be made.

    `early()` gives the part of its front matter MkDocs reads before it builds any page (`early_meta`), made
    without rendering the page; `render()` the whole page. `subject` is the model object the page shows.
    """

    path: str
    subject: Author | Paper | ListingPage | AuthorListing | AuthorCv
    early: Callable[[], dict]
    render: Callable[[], GeneratedPage]

    @property
    def paper_id(self) -> str | None:
        """The paper's id, for a paper page (whose citations the export files reuse)."""
        return self.subject.id if isinstance(self.subject, Paper) else None


class SiteRenderer:
    """Renders every page of one portfolio site."""

    def __init__(self, portfolio: Portfolio, options: SiteOptions = SiteOptions(), insights_memo: dict | None = None):
        self.portfolio = portfolio
        self.options = options
        self.site = build_index(portfolio)
        # charts, related papers, similar researchers...: computed on first use (`insights_memo`: see SiteInsights)
        self.insights = SiteInsights(portfolio, self.site, insights_memo)
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
        """The home and section pages (they show the whole site; the sections' first pages are in the navigation)."""
        return [render() for _, _, render in self._section_specs()]

    def jobs(self) -> list[PageJob]:
        """Every page but the home and section pages, in a fixed order."""
        jobs: list[PageJob] = []
        for a in self.portfolio.authors:
            if a.slug != self.options.home_author:
                jobs.append(
                    PageJob(
                        layout.author_page(a),
                        a,
                        lambda a=a: self._author_heading(a).early(),
                        lambda a=a: self.render_author(a),
                    )
                )
            cv = AuthorCv(a)
            jobs.append(
                PageJob(
                    layout.author_cv(a, self.options),
                    cv,
                    lambda cv=cv: self._cv_heading(cv).early(),
                    lambda cv=cv: self.render_cv(cv),
                )
            )
            _, pages = author_listing(sort_newest_first(self._shown(a)))
            for number, shown in enumerate(pages[1:], 2):
                more = AuthorListing(
                    a, Paging(layout.author_page(a, self.options), number, len(pages)), tuple(p.id for p in shown)
                )
                jobs.append(
                    PageJob(
                        more.paging.here,
                        more,
                        lambda m=more: self._more_heading(m).early(),
                        lambda m=more: self.render_more(m),
                    )
                )
        for p in self.portfolio.papers.values():
            jobs.append(
                PageJob(
                    layout.paper_page(p),
                    p,
                    lambda p=p: self._paper_heading(p).early(),
                    lambda p=p: self.render_paper(p),
                )
            )
        listings = [
            (layout.entry_page(e), e, e.papers, PER_PAGE["papers"])
            for entries in (self.site.categories, self.site.years, self.site.orgs)
            for e in entries.values()
        ]
        # A co-author's page lists their newest papers on one page (see layout.COAUTHOR_PAGE_PAPERS).
        listings += [
            (layout.entry_page(e), e, e.papers[:COAUTHOR_PAGE_PAPERS], COAUTHOR_PAGE_PAPERS)
            for e in self.site.coauthors.values()
            if not e.author
        ]
        listings += [
            (layout.collection_page(c), c, c.papers, PER_PAGE["collection"]) for c in self.portfolio.collections
        ]
        for first, subject, ids, per_page in listings:
            pages = split(ids, per_page)
            for number, page_ids in enumerate(pages, 1):
                listing = ListingPage(subject, Paging(first, number, len(pages)), tuple(page_ids))
                jobs.append(
                    PageJob(
                        listing.paging.here,
                        listing,
                        lambda li=listing: self._listing_heading(li).early(),
                        lambda li=listing: self.render_listing(li),
                    )
                )
        return jobs

    def _context(self, path: str) -> PageContext:
        return PageContext(path, self.urls, self.site, self.options, self._shared_items)

    def _page(
        self, path: str, template: str, meta: dict, in_nav: bool = False, markdown: bool = False, **values
    ) -> GeneratedPage:
        context = self._context(path)
        body = self.env.get_template(template).render(
            p=context, site=self.site, portfolio=self.portfolio, options=self.options, **values
        )
        return GeneratedPage(path, meta, body.strip(), in_nav, final_html=not markdown)

    # --- the home and section pages ---------------------------------------------------------------------

    def render_home(self) -> GeneratedPage:
        if self.options.home_author:
            author = self.portfolio.author_by_slug(self.options.home_author)
            return self._author_page(author, self.options.home, in_nav=True)
        newest = self.newest
        meta = page_meta(
            self.options.site_name,
            "home",
            updated=metadata.newest_date(newest),
            jsonld=metadata.website_jsonld(self.options.site_name, self._context(self.options.home)),
        )
        meta["hide"] = ["toc"]
        return self._page(
            self.options.home,
            "home.html.j2",
            meta,
            in_nav=True,
            newest=newest,
            top_categories=self.top_categories,
            home_authors=self.home_authors(),
        )

    def home_authors(self) -> list[Author]:
        """The authors with a card on the home page: all of them, or on a big site the HOME_AUTHORS with the
        most papers (in site order), so that the first page a visitor opens stays light."""
        authors = self.portfolio.authors
        if len(authors) <= HOME_AUTHORS:
            return list(authors)
        most = {
            a.slug for a in sorted(authors, key=lambda a: (-len(a.papers), a.name.casefold(), a.slug))[:HOME_AUTHORS]
        }
        return [author for author in authors if author.slug in most]

    def section_paths(self) -> list[tuple[str, bool]]:
        """The home and section pages' paths, each with whether it is in the navigation, without rendering them."""
        return [(path, in_nav) for path, in_nav, _ in self._section_specs()]

    def render_sections(self) -> list[GeneratedPage]:
        return [render() for _, _, render in self._section_specs()[1:]]

    def _section_specs(self) -> list[tuple[str, bool, Callable[[], GeneratedPage]]]:
        """(path, in the navigation, render) of the home page and every section page: the sections' first pages
        (in the navigation), their further pages, the organisations index and the co-authors by letter."""
        years = sorted(
            self.site.years.values(), key=lambda e: (e.key == UNDATED, -int(e.key) if e.key != UNDATED else 0)
        )
        newest = self.newest
        specs: list[tuple[str, bool, Callable[[], GeneratedPage]]] = [(self.options.home, True, self.render_home)]

        def section(
            kind: str, title: str, template: str, first: str, items: list, per_page: int | None, in_nav: bool, **values
        ) -> None:
            pages = split(items, per_page) if per_page else [items]
            for number, shown in enumerate(pages, 1):
                paging = Paging(first, number, len(pages))

                def render(paging=paging, shown=shown) -> GeneratedPage:
                    jsonld = metadata.collection_page_jsonld(paging.title(title), [], self._context(paging.here))
                    meta = page_meta(paging.title(title), kind, updated=metadata.newest_date(newest), jsonld=jsonld)
                    return self._page(
                        paging.here, template, meta, in_nav and paging.number == 1, items=shown, paging=paging, **values
                    )

                specs.append((paging.here, in_nav and number == 1, render))

        authors = self.portfolio.authors
        section(
            "authors",
            "Authors",
            "authors.html.j2",
            SECTION_PAGES["authors"],
            authors,
            PER_PAGE["authors"],
            True,
            top_categories=self.top_categories,
            total=len(authors),
            insights=self.insights,
            lab_rows=LAB_TABLE_ROWS,
        )
        section(
            "papers", "Papers", "papers.html.j2", SECTION_PAGES["papers"], [], None, True, years=years, newest=newest
        )
        orgs = sorted(self.site.orgs.values(), key=lambda e: (-len(e.papers), e.label.casefold(), e.key))
        coauthors = sorted(self.site.coauthors.values(), key=lambda e: (-len(e.papers), e.label.casefold(), e.key))
        letters = self._coauthor_letters()
        section(
            "topics",
            "Topics",
            "topics.html.j2",
            SECTION_PAGES["topics"],
            [],
            None,
            True,
            years=years,
            orgs=orgs[:TOPICS_ORGS],
            org_count=len(orgs),
            coauthors=coauthors[:TOPICS_COAUTHORS],
            coauthor_count=len(coauthors),
            letters=letters,
        )
        collections = self.portfolio.collections
        section(
            "collections",
            "Collections",
            "collections.html.j2",
            SECTION_PAGES["collections"],
            collections,
            PER_PAGE["collection"] * 4,
            True,
            total=len(collections),
        )
        if self.portfolio.papers:
            section(
                "statistics",
                "Site statistics",
                "statistics.html.j2",
                layout.STATISTICS,
                [],
                None,
                False,
                insights=self.insights,
            )
        if collections and authors:
            # paged over the authors with something on their radar (in site order), so that no page is empty
            on_radar = {section.slug for section in self.insights.radar}
            section(
                "radar",
                "Radar",
                "radar.html.j2",
                layout.RADAR,
                [author for author in authors if author.slug in on_radar],
                PER_PAGE["radar"],
                False,
                insights=self.insights,
            )
        if len(orgs) > TOPICS_ORGS:
            section(
                "orgs",
                "Organisations",
                "orgs.html.j2",
                layout.ORGS_INDEX,
                sorted(orgs, key=lambda e: (e.label.casefold(), e.key)),
                PER_PAGE["orgs"],
                False,
                total=len(orgs),
            )
        if len(coauthors) > TOPICS_COAUTHORS:
            section(
                "coauthors",
                "Co-authors",
                "coauthors.html.j2",
                layout.COAUTHORS_INDEX,
                [],
                None,
                False,
                letters=letters,
                total=len(coauthors),
            )
            for letter, entries in letters.items():
                section(
                    "coauthors",
                    f"Co-authors: {letter.upper() if letter != 'other' else 'other names'}",
                    "letter.html.j2",
                    layout.coauthor_letter_page(letter),
                    entries,
                    PER_PAGE["coauthors"],
                    False,
                    letter=letter,
                    letters=letters,
                    total=len(entries),
                )
        return specs

    def _coauthor_letters(self) -> dict[str, list[IndexEntry]]:
        """Co-authors by the first letter of their name (a-z after removing accents; `other` for the rest)."""
        letters: dict[str, list[IndexEntry]] = {}
        for entry in self.site.coauthors.values():  # in name order
            first = entry.key[:1]
            letters.setdefault(first if "a" <= first <= "z" else "other", []).append(entry)
        return dict(sorted(letters.items(), key=lambda kv: (kv[0] == "other", kv[0])))

    def top_categories(self, author: Author, limit: int = 3) -> list[tuple[str, int]]:
        counts = Counter(
            self.portfolio.papers[pid].category for pid in author.papers if self.portfolio.papers[pid].category
        )
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    # --- one page per author, paper, index entry and collection ---------------------------------------------
    # Each kind has a heading (what MkDocs reads early: title, kind, dates) that its page's front matter
    # is built on, so the early front matter is made the same way with or without the page.

    def _author_heading(self, author: Author) -> _Heading:
        papers = self._shown(author)
        return _Heading(display_name(author), "author", {"updated": metadata.newest_date(papers)})

    def render_author(self, author: Author) -> GeneratedPage:
        return self._author_page(author, layout.author_page(author))

    def _shown(self, author: Author) -> list[Paper]:
        """The papers an author's page lists: all of theirs but those their settings file hides."""
        return [self.portfolio.papers[pid] for pid in author.shown_papers]

    def _profile(self, author: Author, context: PageContext) -> dict:
        """Who the author is, as their settings file says (name, photo, affiliation, bio, links); their name alone
        without one."""
        settings = author.settings
        if settings is None:
            return {"name": author.name, "affiliation": None, "bio": None, "variants": [], "links": [], "photo": None}
        links = [("orcid", f"ORCID {settings.orcid}", settings.orcid_url)] if settings.orcid_url else []
        links += [("homepage", "Homepage", settings.homepage)] if settings.homepage else []
        links += [(link.kind if link.kind in ICON_KINDS else "link", link.label, link.url) for link in settings.links]
        photo = settings.photo
        return {
            "name": settings.display_name,
            "affiliation": settings.affiliation,
            "bio": settings.bio_html,
            "variants": list(settings.variants),
            "links": links,
            "photo": {
                "src": context.file(layout.author_photo(author, photo.extension)),
                "width": photo.width,
                "height": photo.height,
            }
            if photo is not None
            else None,
        }

    def _author_page(self, author: Author, path: str, in_nav: bool = False) -> GeneratedPage:
        papers = self._shown(author)
        newest = sort_newest_first(papers)
        abstracts, pages = author_listing(newest)
        paging = Paging(path, 1, len(pages))
        coauthors = Counter()
        orgs = Counter()
        for paper in papers:
            for name in dict.fromkeys(paper.authors or []):
                entry = self.site.coauthors.get(normalise_name(name))
                if entry and entry.author is not author:
                    coauthors[entry.key] += 1
            if paper.org:
                orgs[paper.org] += 1
        coauthor_entries = [
            (self.site.coauthors[k], n)
            for k, n in sorted(coauthors.items(), key=lambda kv: (-kv[1], self.site.coauthors[kv[0]].label.casefold()))
        ]
        org_entries = [
            (self.site.orgs[k], n) for k, n in sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        ]
        context = self._context(path)
        name = display_name(author)
        meta = self._author_heading(author).meta(
            f"Research portfolio of {name}: {len(papers)} papers.",
            slug=author.slug,
            name=name,
            papers=[paper.id for paper in papers],
            feed=layout.author_feed(author),
            jsonld=self._author_jsonld(author, newest, context),
        )
        meta["hide"] = ["toc"] if path == self.options.home else []
        downloads = {
            kind: context.file(target)
            for kind, target in (
                ("bib", layout.author_file(author, "bib")),
                ("ris", layout.author_file(author, "ris")),
                ("csl", layout.author_api(author, "csl.json")),
                ("json", layout.author_api(author)),
                ("feed", layout.author_feed(author)),
                ("resume", layout.author_api(author, "resume.json")),
            )
        }
        downloads["cv"] = context.link(layout.author_cv(author, self.options))
        types = Counter(paper.pub_type or "unknown" for paper in papers)
        return self._page(
            path,
            "author.html.j2",
            meta,
            in_nav,
            author=author,
            by_year=_by_year(pages[0]),
            coauthors=coauthor_entries[:AUTHOR_COAUTHORS],
            coauthor_count=len(coauthor_entries),
            orgs=org_entries,
            top_categories=self.top_categories(author),
            downloads=downloads,
            abstracts=abstracts,
            paging=paging,
            profile=self._profile(author, context),
            selected=[self.portfolio.papers[pid] for pid in author.selected],
            shown=len(papers),
            hidden=len(author.papers) - len(papers),
            types=sorted(types.items(), key=lambda kv: TYPE_ORDER.index(kv[0])) if len(types) > 1 else [],
            insights=self.insights.author(shown_only(author), link=context.author),
            coauthor_limit=AUTHOR_COAUTHORS,
        )

    def _author_jsonld(self, author: Author, newest: list[Paper], context: PageContext) -> dict:
        """The author as JSON-LD (`Person` and their works, newest first), the same on their page and their CV."""
        return metadata.author_jsonld(author, newest, context, [code for code, _ in self.top_categories(author)])

    def _cv_heading(self, cv: AuthorCv) -> _Heading:
        author = cv.author
        return _Heading(f"CV of {display_name(author)}", "cv", {"updated": metadata.newest_date(self._shown(author))})

    def render_cv(self, cv: AuthorCv) -> GeneratedPage:
        """An author's printable CV: who they are, their metrics, selected papers, then every paper they show
        by year, cited; the browser's Print makes it a clean document (insights.css)."""
        author = cv.author
        path = layout.author_cv(author, self.options)
        context = self._context(path)
        jsonld = self._author_jsonld(author, sort_newest_first(self._shown(author)), context)
        meta = self._cv_heading(cv).meta(
            f"Curriculum vitae of {author.name}: papers and metrics.", slug=author.slug, jsonld=jsonld
        )
        meta["hide"] = ["navigation", "toc"]
        data = self.insights.cv(shown_only(author), settings_mapping(author), self.paper_address)
        return self._page(
            path,
            "cv.html.j2",
            meta,
            author=author,
            cv=data,
            author_href=context.author(author),
            resume_href=context.file(layout.author_api(author, "resume.json")),
        )

    def paper_address(self, paper: Paper) -> str | None:
        """A paper page's absolute address, when the site's URL is known."""
        return layout.page_url(layout.paper_page(paper), self.options)

    def _more_heading(self, more: AuthorListing) -> _Heading:
        papers = [self.portfolio.papers[i] for i in more.ids]
        return _Heading(
            more.paging.title(f"Papers of {more.author.name}"),
            "author-papers",
            {"updated": metadata.newest_date(papers)},
        )

    def render_more(self, more: AuthorListing) -> GeneratedPage:
        """A further page of a prolific author's papers."""
        papers = [self.portfolio.papers[i] for i in more.ids]
        meta = self._more_heading(more).meta(slug=more.author.slug)
        return self._page(
            more.paging.here,
            "author_papers.html.j2",
            meta,
            author=more.author,
            by_year=_by_year(papers),
            paging=more.paging,
        )

    def _paper_heading(self, paper: Paper) -> _Heading:
        return _Heading(
            paper.title,
            "paper",
            {"date": paper.date.isoformat() if paper.date else None, "updated": metadata.newest_date([paper])},
        )

    def render_paper(self, paper: Paper) -> GeneratedPage:
        path = layout.paper_page(paper)
        key = self.site.bibtex_keys[paper.id]
        context = self._context(path)
        citations = self.citations[paper.id] = paper_citations(paper, key, self.options)
        abstract = " ".join(plain_latex(paper.abstract).split()) or None
        meta = self._paper_heading(paper).meta(
            paper.abstract,
            id=paper.id,
            authors=paper.authors,
            category=paper.category,
            bibtex_key=key,
            abstract=abstract,
            jsonld=metadata.paper_jsonld(paper, context, abstract),
            doi=paper.doi,
            arxiv_id=paper.arxiv_id,
            pdf=paper_links_of(paper).get("pdf"),
            venue=paper.venue,
            pub_type=paper.pub_type,
            date_precision=paper.date_precision if paper.date else None,
        )
        downloads = {kind: context.file(layout.paper_file(paper, kind)) for kind in ("bib", "ris")}
        return self._page(
            path,
            "paper.html.j2",
            meta,
            paper=paper,
            citations=citations,
            downloads=downloads,
            key=key,
            year_entry=self.site.years[year_key(paper)],
            category_entry=self.site.categories.get(paper.category) if paper.category else None,
            org_entry=self.site.orgs.get(paper.org) if paper.org else None,
            related=self.insights.related.get(paper.id, []),
        )

    @staticmethod
    def _listing_title(subject: IndexEntry | Collection) -> str:
        if isinstance(subject, Collection):
            return subject.title + (f": {human_date(subject.date)}" if subject.date else "")
        if subject.kind == "year":
            return f"Papers of {subject.label}" if subject.key != UNDATED else "Undated papers"
        return subject.label

    def _listing_heading(self, listing: ListingPage) -> _Heading:
        subject = listing.subject
        title = listing.paging.title(self._listing_title(subject))
        papers = [self.portfolio.papers[i] for i in listing.ids]
        if isinstance(subject, Collection):
            updated = subject.date.isoformat() if subject.date else metadata.newest_date(papers)
            return _Heading(title, "collection", {"updated": updated})
        return _Heading(title, subject.kind, {"updated": metadata.newest_date(papers)})

    def render_listing(self, listing: ListingPage) -> GeneratedPage:
        """One page of an index entry's or a collection's papers."""
        subject, paging = listing.subject, listing.paging
        heading = self._listing_heading(listing)
        papers = [self.portfolio.papers[i] for i in listing.ids]
        jsonld = metadata.collection_page_jsonld(heading.title, papers, self._context(paging.here))
        if isinstance(subject, Collection):
            meta = heading.meta(slug=subject.slug, papers=list(listing.ids), jsonld=jsonld)
            return self._page(
                paging.here,
                "collection.html.j2",
                meta,
                collection=subject,
                paging=paging,
                title=self._listing_title(subject),
                papers=papers,
                start=(paging.number - 1) * PER_PAGE["collection"] + 1,
            )
        meta = heading.meta(key=subject.key, jsonld=jsonld)
        return self._page(paging.here, "entry.html.j2", meta, entry=subject, papers=papers, paging=paging)


@dataclass(frozen=True)
class _Heading:
    """The front matter MkDocs reads of a page before building any (title, kind, dates): the early front
    matter on its own, or the start of the page's whole front matter."""

    title: str
    kind: str
    dates: dict  # `date` (papers) and `updated`, as ISO days or None

    def meta(self, description: str | None = None, **extra) -> dict:
        return page_meta(self.title, self.kind, description, **self.dates, **extra)

    def early(self) -> dict:
        return early_meta(self.meta())


def display_name(author: Author) -> str:
    """The name an author's pages show: their settings file's, else the profile's."""
    return author.settings.display_name if author.settings is not None else author.name


def paper_links_of(paper: Paper) -> dict[str, str]:
    """A paper's link buttons by kind (see environment.paper_links)."""
    return {kind: url for kind, _, url in paper_links(paper)}


def _by_year(papers: list[Paper]) -> dict[str, list[Paper]]:
    """Papers (newest first) grouped by year, in that order."""
    by_year: dict[str, list[Paper]] = {}
    for paper in papers:
        by_year.setdefault(year_key(paper), []).append(paper)
    return by_year


def render_site(portfolio: Portfolio, options: SiteOptions = SiteOptions()) -> list[GeneratedPage]:
    """Render every page of the site for this portfolio."""
    return SiteRenderer(portfolio, options).render_all()
