"""Stage 4, rendering: the portfolio as Markdown pages (front matter + HTML body) from Jinja templates.

Every value from a source file enters the templates as data and leaves them HTML-escaped
(autoescape), except abstracts, whose `$...$` math becomes sanitised MathML. Front matter is written
by a YAML dumper; the `title` and `description` it carries are HTML-escaped because MkDocs and Material
print them into pages unescaped, while `portfolio.title` keeps the exact title.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin

import jinja2
import yaml
from markupsafe import Markup, escape

from . import exports, metadata
from .categories import category_label, category_name
from .incremental import Fingerprints
from .index import COAUTHOR_PAGE_PAPERS, UNDATED, IndexEntry, SiteIndex, build_index, sort_newest_first, year_key
from .latex import plain_latex
from .markup import plain_text, rich_text
from .model import Author, Paper, Portfolio, normalise_name
from .urls import Urls

TOPIC_FOLDERS = {"category": "topics/categories", "year": "topics/years", "org": "topics/orgs",
                 "coauthor": "topics/coauthors"}
SECTION_PAGES = {"authors": "authors/index.md", "papers": "papers/index.md", "topics": "topics/index.md",
                 "collections": "collections/index.md"}
DESCRIPTION_LENGTH = 200
HOME_AUTHORS = 24  # author cards on the home page; the Authors page has them all
# Names a paper's list item shows (then "and K more"); its own page lists every one. A paper is listed on the
# page of every co-author, so without this a line of 200 names would cost 200 listings of 200 names each.
LIST_AUTHORS = 10


@dataclass(frozen=True)
class RenderOptions:
    """What shapes the generated pages beyond the model itself."""

    directory_urls: bool = True
    home: str = "index.md"  # "overview.md" when the user wrote their own docs/index.md
    home_author: str | None = None  # per-author site: this author's page is the home page
    newest_count: int = 10
    feed_entries: int = 50  # newest papers per Atom feed; 0 for all
    site_name: str = "Research portfolio"
    site_url: str | None = None  # mkdocs.yml's site_url (absolute, ends with "/"), for metadata and exports


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page the generator produced: its path under docs, front matter data and body."""

    path: str
    meta: dict
    body: str  # HTML, without surrounding white space
    in_nav: bool = False
    # The body is final HTML, which Markdown would leave exactly as it is; False when it holds a
    # directive another plugin expands during Markdown conversion (the tags plugin's listings).
    final_html: bool = True
    derived: dict = field(default_factory=dict, compare=False, repr=False)  # what later stages work out from it

    @property
    def text(self) -> str:
        """The page as a Markdown file: YAML front matter, then the body."""
        return front_matter(self.meta) + self.body + "\n"


@dataclass
class PageContext:
    """Per-page helpers given to templates: links relative to the page being rendered."""

    here: str
    urls: Urls
    site: SiteIndex
    options: RenderOptions
    shared: dict | None = None  # the renderer's list items shared between pages (see `shared_paper_item`)

    def link(self, target: str, fragment: str = "") -> str:
        return self.urls.relative(self.here, target, fragment)

    def file(self, target_file: str) -> str:
        """A link to a file that is not a page (`papers/x.bib`)."""
        return self.urls.to_file(self.here, target_file)

    def address(self, link: str) -> str:
        """A link as page metadata gives it: absolute under site_url when that is known, else as it is."""
        if not self.options.site_url:
            return link
        return urljoin(self.options.site_url + self.urls.url(self.here), link)

    def paper(self, paper: Paper) -> str:
        return self.link(f"papers/{paper.id}.md")

    def author(self, author: Author) -> str:
        if self.options.home_author == author.slug:
            return self.link(self.options.home)
        return self.link(f"authors/{author.slug}.md")

    def entry(self, entry: IndexEntry) -> str:
        if entry.kind == "coauthor" and entry.author is not None:
            return self.author(entry.author)
        return self.link(f"{TOPIC_FOLDERS[entry.kind]}/{entry.slug}.md")

    def collection(self, collection) -> str:
        return self.link(f"collections/{collection.slug}.md")

    def home(self) -> str:
        return self.link(self.options.home)

    def section(self, name: str) -> str:
        return self.link(SECTION_PAGES[name])


def make_environment() -> jinja2.Environment:
    """The one Jinja environment: package templates, autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False,  # the package's templates do not change during a run
    )
    rich = {}  # an abstract appears on its paper page and on every author page that lists it

    def rich_filter(value: str | None) -> Markup:
        html = rich.get(value)
        if html is None:
            html = rich[value] = rich_text(value)
        return html

    env.filters["rich"] = rich_filter
    env.portfolio_caches = [rich]  # emptied after each site is rendered
    env.filters["plain"] = plain_text
    env.filters["category_label"] = category_label
    env.filters["category_name"] = category_name
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["human_date"] = human_date
    env.filters["number"] = lambda n: f"{n:,}" if isinstance(n, int) else ("" if n is None else str(n))
    env.filters["score"] = lambda s: f"{s:g}" if s is not None else ""
    env.globals["newest_first"] = sort_newest_first
    env.globals["listed_names"] = listed_names
    env.globals["LIST_AUTHORS"] = LIST_AUTHORS

    macros = {}

    def shared_paper_item(p: PageContext, paper: Paper, self_author: Author | None = None, abstract: bool = True) -> Markup:
        """A paper's list item. Without abstract or highlighted author, the same paper is listed on many index
        pages with the same HTML at each folder depth (links go by way of the root): rendered once per depth."""
        paper_item = macros.get("paper_item")
        if paper_item is None:
            paper_item = macros["paper_item"] = env.get_template("_macros.html.j2").module.paper_item
        if self_author is not None or abstract or p.shared is None:
            return paper_item(p, paper, self_author, abstract)
        key = (paper.id, p.urls.prefix(p.here))
        item = p.shared.get(key)
        if item is None:
            item = p.shared[key] = paper_item(p, paper, self_author, abstract)
        return item

    env.globals["shared_paper_item"] = shared_paper_item
    return env


def listed_names(site: SiteIndex, names: list[str], self_author: Author | None = None,
                 limit: int | None = LIST_AUTHORS) -> tuple[list[str | None], int]:
    """The names a list item shows: the first `limit`, then the page's own author when they come later (after a
    gap, None); and how many names are left out."""
    if limit is None or len(names) <= limit:
        return list(names), 0
    shown: list[str | None] = list(names[:limit])
    if self_author is not None and all(site.author_of_name(name) is not self_author for name in shown):
        own = next((name for name in names[limit:] if site.author_of_name(name) is self_author), None)
        if own is not None:
            shown += [None, own]
    return shown, len(names) - sum(name is not None for name in shown)


def human_date(day: dt.date | None) -> str:
    """`Jun 2, 2026`, or an empty string."""
    return f"{day:%b} {day.day}, {day.year}" if day else ""


class FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: 10x faster
    """The safe dumper, except that text holding a character YAML reads as a line break (NEL, line or
    paragraph separator) is written double-quoted, where it is escaped: elsewhere it would come back as a space."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(character in value for character in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


FrontMatterDumper.add_representer(str, _represent_text)


def front_matter(meta: dict) -> str:
    """YAML front matter written by a dumper (never string formatting), one line per value."""
    dumped = yaml.dump(meta, Dumper=FrontMatterDumper, allow_unicode=True, sort_keys=True, width=2**31 - 1,
                       default_flow_style=False)
    return f"---\n{dumped}---\n\n"


def page_meta(title: str, kind: str, description: str | None = None, **extra) -> dict:
    """Front matter for a generated page; `title`/`description` escaped for MkDocs' unescaped templates."""
    meta = {"title": str(escape(title)), "portfolio": {"kind": kind, "generated": True, "title": title, **extra}}
    if description:
        text = " ".join(plain_text(description).split())
        if len(text) > DESCRIPTION_LENGTH:
            text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        meta["description"] = str(escape(text))
        meta["portfolio"]["description"] = text
    return meta


# What MkDocs and its plugins read of a generated page's front matter before they build pages: the title
# (tag listings), the tags, and for the tag listings' order and the sitemap the page's date and last change.
EARLY_KEYS = ("kind", "generated", "title", "date", "updated")


def early_meta(meta: dict) -> dict:
    """The part of a page's front matter that MkDocs reads before it builds any page (see EARLY_KEYS)."""
    portfolio = meta["portfolio"]
    early = {"title": meta["title"], "portfolio": {key: portfolio[key] for key in EARLY_KEYS if key in portfolio}}
    if "tags" in meta:
        early["tags"] = meta["tags"]
    return early


class SiteRenderer:
    """Renders every page of one portfolio site."""

    def __init__(self, portfolio: Portfolio, options: RenderOptions = RenderOptions(), bodies: bool = True):
        self.portfolio = portfolio
        self.options = options
        self.site = build_index(portfolio)
        self.urls = Urls(options.directory_urls)
        self.env = make_environment()
        self.newest = sort_newest_first(list(portfolio.papers.values()))[: options.newest_count]
        self.citations: dict[str, exports.PaperCitations] = {}  # by paper id, for the export files
        self.fingerprints: Fingerprints | None = None  # set when rendering with a memo
        # False: pages that are not in the navigation and need no Markdown get their front matter only, and an
        # empty body that a worker process renders meanwhile (see worker.py).
        self.bodies = bodies
        self.early = False  # True: pages are made with their `early_meta` only, and no body
        self._shared_items: dict[tuple[str, str], Markup] = {}

    def render_all(self, memo: dict | None = None) -> list[GeneratedPage]:
        """All pages, sorted by path.

        With `memo` (page path -> (fingerprint, page, citations), kept between builds), a page whose
        fingerprint is unchanged is taken from it instead of rendered again; `memo` is left holding this
        site's pages.
        """
        try:
            return self._render_all(memo)
        finally:
            for cache in self.env.portfolio_caches:
                cache.clear()
            self._shared_items.clear()

    def _render_all(self, memo: dict | None) -> list[GeneratedPage]:
        fingerprints = self.fingerprints = Fingerprints(self.site, self.options) if memo is not None else None
        fresh: dict = {}

        def reuse(path: str, fingerprint, render, paper_id: str | None = None) -> GeneratedPage:
            if fingerprints is None:
                return render()
            known = memo.get(path)
            if known is not None and known[0] == fingerprint:
                page, citations = known[1], known[2]
                if paper_id is not None:
                    self.citations[paper_id] = citations
            else:
                page = render()
                citations = self.citations.get(paper_id) if paper_id is not None else None
            fresh[path] = (fingerprint, page, citations)
            return page

        pages = [self.render_home(), *self.render_sections()]  # they show the whole site: always rendered
        for path, (render, fingerprint, paper_id) in self.jobs(fingerprints).items():
            pages.append(reuse(path, fingerprint, render, paper_id))
        if memo is not None:
            memo.clear()
            memo.update(fresh)
        return sorted(pages, key=lambda p: p.path)

    def section_pages(self) -> list[GeneratedPage]:
        """The home and section pages (they show the whole site, and are in the navigation)."""
        return [self.render_home(), *self.render_sections()]

    def deferred_split(self, keep: set[str], jobs: dict) -> tuple[list[str], list[str]]:
        """For a build that renders in a worker (worker.py): of the pages but the home and section pages, those
        MkDocs converts from Markdown (topic pages whose body holds another plugin's directive, Material's tag
        listing, and those at the paths in `keep`) and those it takes as HTML, each sorted. `jobs`: `self.jobs()`."""
        here = keep | {self.entry_path(e) for e in self.site.categories.values()}
        paths = sorted(jobs)
        return [p for p in paths if p in here], [p for p in paths if p not in here]

    def early_metas(self, paths: list[str], jobs: dict | None = None) -> dict[str, dict]:
        """`early_meta` of the pages at these paths (of `jobs`, made if not given), made without rendering them."""
        jobs = jobs if jobs is not None else self.jobs()
        self.early = True
        try:
            return {path: jobs[path][0]().meta for path in paths}
        finally:
            self.early = False

    def jobs(self, fingerprints: Fingerprints | None = None) -> dict[str, tuple]:
        """Every page but the home and section pages: path -> (a function rendering it, its fingerprint or
        None, the paper's id for a paper page)."""
        fp = fingerprints
        jobs: dict[str, tuple] = {}
        for a in self.portfolio.authors:
            if a.slug != self.options.home_author:
                jobs[f"authors/{a.slug}.md"] = (lambda a=a: self.render_author(a), fp and fp.author(a), None)
        for p in self.portfolio.papers.values():
            jobs[f"papers/{p.id}.md"] = (lambda p=p: self.render_paper(p), fp and fp.paper(p), p.id)
        for entries in (self.site.categories, self.site.years, self.site.orgs, self.site.coauthors):
            for e in entries.values():
                if not (e.kind == "coauthor" and e.author):
                    jobs[self.entry_path(e)] = (lambda e=e: self.render_entry(e), fp and fp.entry(e), None)
        for c in self.portfolio.collections:
            jobs[f"collections/{c.slug}.md"] = (lambda c=c: self.render_collection(c), fp and fp.collection(c), None)
        return jobs

    @staticmethod
    def entry_path(entry: IndexEntry) -> str:
        return f"{TOPIC_FOLDERS[entry.kind]}/{entry.slug}.md"

    def _context(self, path: str) -> PageContext:
        return PageContext(path, self.urls, self.site, self.options, self._shared_items)

    def _page(self, path: str, template: str, meta: dict, in_nav: bool = False, markdown: bool = False,
              **values) -> GeneratedPage:
        if self.early:
            return GeneratedPage(path, early_meta(meta), "", in_nav)
        if not self.bodies and not in_nav and not markdown:  # the body is rendered elsewhere (worker.py)
            return GeneratedPage(path, meta, "", in_nav)
        context = self._context(path)
        body = self.env.get_template(template).render(
            p=context, site=self.site, portfolio=self.portfolio, options=self.options, **values)
        return GeneratedPage(path, meta, body.strip(), in_nav, final_html=not markdown)

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

    def render_author(self, author: Author) -> GeneratedPage:
        return self._author_page(author, f"authors/{author.slug}.md")

    def _author_page(self, author: Author, path: str, in_nav: bool = False) -> GeneratedPage:
        papers = [self.portfolio.papers[pid] for pid in author.papers]
        if self.early:
            return self._page(path, "", page_meta(author.name, "author", updated=metadata.newest_date(papers)), in_nav)
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
        meta = page_meta(author.name, "author", f"Research portfolio of {author.name}: {len(papers)} papers.",
                         slug=author.slug, name=author.name, papers=list(author.papers), updated=metadata.newest_date(papers),
                         feed=exports.author_feed(author), jsonld=metadata.author_jsonld(author, newest, context, categories))
        meta["hide"] = ["toc"] if path == self.options.home else []
        downloads = {kind: context.file(target) for kind, target in (
            ("bib", exports.author_file(author, "bib")), ("ris", exports.author_file(author, "ris")),
            ("csl", exports.author_api(author, "csl.json")), ("json", exports.author_api(author)),
            ("feed", exports.author_feed(author)))}
        return self._page(path, "author.html.j2", meta, in_nav, author=author, by_year=by_year,
                          coauthors=coauthor_entries, orgs=org_entries, top_categories=self.top_categories(author),
                          downloads=downloads)

    def render_paper(self, paper: Paper) -> GeneratedPage:
        path = f"papers/{paper.id}.md"
        if self.early:
            meta = page_meta(paper.title, "paper", date=paper.date.isoformat() if paper.date else None,
                             updated=metadata.newest_date([paper]))
            if paper.category:
                meta["tags"] = [category_label(paper.category)]
            return self._page(path, "", meta)
        key = self.site.bibtex_keys[paper.id]
        context = self._context(path)
        citations = self.citations[paper.id] = exports.paper_citations(paper, key, self.options) if self.bodies else None
        abstract = " ".join(plain_latex(paper.abstract).split()) or None
        meta = page_meta(paper.title, "paper", paper.abstract, id=paper.id, authors=paper.authors,
                         date=paper.date.isoformat() if paper.date else None, category=paper.category,
                         bibtex_key=key, abstract=abstract, updated=metadata.newest_date([paper]),
                         jsonld=metadata.paper_jsonld(paper, context, abstract))
        if paper.category:
            meta["tags"] = [category_label(paper.category)]
        downloads = {kind: context.file(exports.paper_file(paper, kind)) for kind in ("bib", "ris")}
        return self._page(path, "paper.html.j2", meta, paper=paper, citations=citations, downloads=downloads, key=key,
                          year_entry=self.site.years[year_key(paper)],
                          category_entry=self.site.categories.get(paper.category) if paper.category else None,
                          org_entry=self.site.orgs.get(paper.org) if paper.org else None)

    def render_entry(self, entry: IndexEntry) -> GeneratedPage:
        titles = {"category": entry.label, "year": f"Papers of {entry.label}" if entry.key != UNDATED else "Undated papers",
                  "org": entry.label, "coauthor": entry.label}
        path = self.entry_path(entry)
        papers = [self.portfolio.papers[i] for i in entry.papers]
        if self.early:
            return self._page(path, "", page_meta(titles[entry.kind], entry.kind, updated=metadata.newest_date(papers)))
        meta = page_meta(titles[entry.kind], entry.kind, key=entry.key, updated=metadata.newest_date(papers),
                         jsonld=metadata.collection_page_jsonld(titles[entry.kind], papers, self._context(path)))
        listing = None
        if entry.kind == "category":
            # Category labels come from the taxonomy table or a letters-only code: safe in the directive.
            listing = Markup("<!-- material/tags " + json.dumps({"include": [entry.label]}) + " -->")
        listed = papers[:COAUTHOR_PAGE_PAPERS] if entry.kind == "coauthor" else papers
        return self._page(path, "entry.html.j2", meta, entry=entry, papers=papers, listed=listed, listing=listing,
                          markdown=listing is not None)

    def render_collection(self, collection) -> GeneratedPage:
        title = collection.title + (f": {human_date(collection.date)}" if collection.date else "")
        path = f"collections/{collection.slug}.md"
        papers = [self.portfolio.papers[i] for i in collection.papers]
        updated = collection.date.isoformat() if collection.date else metadata.newest_date(papers)
        if self.early:
            return self._page(path, "", page_meta(title, "collection", updated=updated))
        meta = page_meta(title, "collection", slug=collection.slug, papers=list(collection.papers), updated=updated,
                         jsonld=metadata.collection_page_jsonld(title, papers, self._context(path)))
        return self._page(path, "collection.html.j2", meta, collection=collection, title=title, papers=papers)


def render_site(portfolio: Portfolio, options: RenderOptions = RenderOptions()) -> list[GeneratedPage]:
    """Render every page of the site for this portfolio."""
    return SiteRenderer(portfolio, options).render_all()
