"""The one Jinja environment of the generated pages, and the per-page helpers templates link with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urljoin

import jinja2
from markupsafe import Markup

from generator import layout
from generator.index import IndexEntry, SiteIndex, sort_newest_first
from generator.layout import SECTION_PAGES, SiteOptions, Urls
from generator.markup import plain_text, rich_text
from generator.model import Author, Paper
from generator.model.categories import category_label, category_name

PUB_TYPE_LABELS = {
    "article": "Journal article",
    "conference": "Conference paper",
    "book": "Book",
    "chapter": "Book chapter",
    "thesis": "Thesis",
    "report": "Report",
    "preprint": "Preprint",
    "misc": "Other",
}


def doi_url(doi: str) -> str:
    """The doi.org address of a DOI (its characters percent-encoded where a URL needs it)."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def arxiv_url(arxiv_id: str, kind: str = "abs") -> str:
    """An arXiv paper's abstract page (`abs`) or PDF (`pdf`)."""
    return f"https://arxiv.org/{kind}/{quote(arxiv_id, safe='/.-')}"


LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "doi": "DOI",
    "code": "Code",
    "project": "Project",
    "slides": "Slides",
    "video": "Video",
}


def paper_links(paper: Paper) -> list[tuple[str, str, str]]:
    """The link buttons of a paper, in a fixed order: (kind, label, address) for what is known. Addresses are the
    http(s) ones the readers and settings kept, or doi.org and arxiv.org addresses made from identifiers."""
    addresses = {
        "arxiv": arxiv_url(paper.arxiv_id) if paper.arxiv_id else None,
        "pdf": paper.pdf or (arxiv_url(paper.arxiv_id, "pdf") if paper.arxiv_id else None),
        "doi": doi_url(paper.doi) if paper.doi else None,
        "code": paper.code,
        "project": paper.html,
        "slides": paper.slides,
        "video": paper.video,
    }
    return [
        (kind, LINK_LABELS[kind], url)
        for kind, url in addresses.items()
        if url and url.startswith(("https://", "http://"))
    ]


# Names a paper's list item shows (then "and K more"); its own page lists every one. A paper is listed on the
# page of every co-author, so without this a line of 200 names would cost 200 listings of 200 names each.
LIST_AUTHORS = 10


@dataclass
class PageContext:
    """Per-page helpers given to templates: links relative to the page being rendered."""

    here: str
    urls: Urls
    site: SiteIndex
    options: SiteOptions
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
        return self.link(layout.paper_page(paper))

    def author(self, author: Author) -> str:
        return self.link(layout.author_page(author, self.options))

    def entry(self, entry: IndexEntry) -> str:
        if entry.kind == "coauthor" and entry.author is not None:
            return self.author(entry.author)
        return self.link(layout.entry_page(entry))

    def collection(self, collection) -> str:
        return self.link(layout.collection_page(collection))

    def home(self) -> str:
        return self.link(self.options.home)

    def coauthor_letter(self, letter: str) -> str:
        return self.link(layout.coauthor_letter_page(letter))

    def section(self, name: str) -> str:
        return self.link(SECTION_PAGES[name])


def make_environment() -> jinja2.Environment:
    """The one Jinja environment: package templates, autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the package's templates do not change during a run
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
    env.filters["paper_date"] = paper_date
    env.filters["paper_isodate"] = paper_isodate
    env.filters["pub_type"] = lambda kind: PUB_TYPE_LABELS.get(kind, "")
    env.filters["doi_url"] = doi_url
    env.globals["paper_links"] = paper_links
    env.filters["arxiv_url"] = arxiv_url
    env.filters["number"] = lambda n: f"{n:,}" if isinstance(n, int) else ("" if n is None else str(n))
    env.filters["score"] = lambda s: f"{s:g}" if s is not None else ""
    env.globals["newest_first"] = sort_newest_first
    env.globals["layout"] = layout
    env.globals["listed_names"] = listed_names
    env.globals["LIST_AUTHORS"] = LIST_AUTHORS

    macros = {}

    def shared_paper_item(
        p: PageContext, paper: Paper, self_author: Author | None = None, abstract: bool = True
    ) -> Markup:
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


def listed_names(
    site: SiteIndex, names: list[str], self_author: Author | None = None, limit: int | None = LIST_AUTHORS
) -> tuple[list[str | None], int]:
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


def paper_date(paper: Paper) -> str:
    """A paper's date as far as a source gives it: `Jun 2, 2026`, `Jun 2026` or `2026`."""
    if not paper.date:
        return ""
    if paper.date_precision == "year":
        return str(paper.date.year)
    if paper.date_precision == "month":
        return f"{paper.date:%b} {paper.date.year}"
    return human_date(paper.date)


def paper_isodate(paper: Paper) -> str:
    """The same as an HTML `datetime` value: `2026-06-02`, `2026-06` or `2026`."""
    if not paper.date:
        return ""
    text = paper.date.isoformat()
    return text[:4] if paper.date_precision == "year" else text[:7] if paper.date_precision == "month" else text


def human_date(day: dt.date | None) -> str:
    """`Jun 2, 2026`, or an empty string."""
    return f"{day:%b} {day.day}, {day.year}" if day else ""
