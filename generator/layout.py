"""Where every generated file lives and how its URL is written: the one owner of output paths and links.

Pages are named by their Markdown source path under the docs folder (`papers/<id>.md`), as MkDocs names
them; other files (citations, data, feeds) by their path in the built site (`papers/<id>.bib`). Every other
module asks this one, so that moving a file is a change here alone.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

HOME = "index.md"
OVERVIEW = "overview.md"  # the generated home page when the user wrote their own docs/index.md
SECTION_PAGES = {
    "authors": "authors/index.md",
    "papers": "papers/index.md",
    "topics": "topics/index.md",
    "collections": "collections/index.md",
}
TOPIC_FOLDERS = {
    "category": "topics/categories",
    "year": "topics/years",
    "org": "topics/orgs",
    "coauthor": "topics/coauthors",
}
ORGS_INDEX = "topics/orgs/index.md"  # every organisation, when the Topics page shows only the busiest
COAUTHORS_INDEX = "topics/coauthors/index.md"  # co-authors by the first letter of their name
# Papers a co-author's page lists (the newest). A paper is listed on the page of each of its co-authors, so a
# file of 500 papers that share 200 co-authors would otherwise make 200 listings of 500 papers each; every
# paper stays on its own page, its authors' pages and its year's pages (model/assemble.py warns when this applies).
COAUTHOR_PAGE_PAPERS = 100
STATISTICS = "topics/statistics.md"  # the site's charts: papers per year and category, organisations, collaborations
RADAR = "collections/radar.md"  # the daily-feed papers closest to each profiled author's work
LAB_CSV = "api/authors.csv"  # the lab table (every profiled author's metrics) as CSV
ICONS_STYLESHEET = "assets/stylesheets/portfolio-icons.css"  # the link buttons' icons (mkdocs/icons.py)
SITE_FEED = "feed.xml"
FEEDS_FOLDER = "feeds"
# Names the layout gives a meaning inside the folders where slugs become file names: no author, paper, entry or
# collection may take them (model/slugs.py).
RESERVED_NAMES = ("index", "by-letter", "sitemap", "radar", "statistics")
RESERVED_PATTERN = r"page-\d+"
PORTFOLIO_API = "api/portfolio.json"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class SiteOptions:
    """What shapes the generated site beyond the model itself."""

    directory_urls: bool = True
    home: str = HOME  # OVERVIEW when the user wrote their own docs/index.md
    home_author: str | None = None  # per-author site: this author's page is the home page
    newest_count: int = 10
    feed_entries: int = 50  # newest papers per Atom feed; 0 for all
    site_name: str = "Research portfolio"
    site_url: str | None = None  # mkdocs.yml's site_url (absolute, ends with "/"), for metadata and exports


# --- pages (Markdown source paths) ---------------------------------------------------------------------


def home_page(docs_has_index: bool) -> str:
    """The generated home page: the site's index, or `overview.md` when the user wrote their own index."""
    return OVERVIEW if docs_has_index else HOME


def paper_page(paper) -> str:
    return f"papers/{paper.id}.md"


def author_page(author, options: SiteOptions | None = None) -> str:
    """An author's page: the home page of a one-author site, else `authors/<slug>.md`."""
    if options is not None and options.home_author == author.slug:
        return options.home
    return f"authors/{author.slug}.md"


def author_cv(author, options: SiteOptions | None = None) -> str:
    """An author's printable CV: `authors/<slug>/cv.md` (beside their further pages, `authors/<slug>/page-2.md`);
    `cv.md` on a one-author site (a hand-written `docs/cv.md` wins over it, as over any generated page)."""
    if options is not None and options.home_author == author.slug:
        return "cv.md"
    return f"authors/{author.slug}/cv.md"


def entry_page(entry) -> str:
    """An index entry's page (a category, year, organisation or co-author)."""
    return f"{TOPIC_FOLDERS[entry.kind]}/{entry.slug}.md"


def collection_page(collection) -> str:
    return f"collections/{collection.slug}.md"


def paged(path: str, number: int) -> str:
    """Page `number` of a listing whose first page is `path`: `topics/years/2025.md` -> `topics/years/2025/page-2.md`,
    `authors/index.md` -> `authors/page-2.md`."""
    if number == 1:
        return path
    stem = path[: -len(".md")]
    if stem == "index":
        return f"page-{number}.md"
    folder = stem[: -len("/index")] if stem.endswith("/index") else stem
    return f"{folder}/page-{number}.md"


def coauthor_letter_page(letter: str) -> str:
    """The co-authors whose names start with `letter` (`a`..`z`, or `other`)."""
    return f"topics/coauthors/by-letter/{letter}.md"


def is_paper_page(path: str) -> bool:
    return path.startswith("papers/") and path != SECTION_PAGES["papers"]


# --- other files (paths in the built site) ----------------------------------------------------------------


def paper_file(paper, extension: str) -> str:
    """A paper's citation file: `papers/<id>.bib`, `papers/<id>.ris`."""
    return f"papers/{paper.id}.{extension}"


def author_file(author, extension: str) -> str:
    """An author's bibliography: `authors/<slug>.bib`, `authors/<slug>.ris`."""
    return f"authors/{author.slug}.{extension}"


def author_feed(author) -> str:
    """An author's Atom feed, in the feeds folder (a site of 700 authors would hold 700 feeds at its root).

    Material takes every `<link rel="alternate">` for another language version of the site and fetches
    `sitemap.xml` beside it: the feeds folder holds an empty one (`FEEDS_SITEMAP`), so that fetch finds a file.
    """
    return f"{FEEDS_FOLDER}/{author.slug}.xml"


FEEDS_SITEMAP = f"{FEEDS_FOLDER}/sitemap.xml"


def author_api(author, suffix: str = "json") -> str:
    """An author's data: `api/authors/<slug>.json`, `api/authors/<slug>.csl.json`, `api/authors/<slug>.resume.json`
    (JSON Resume)."""
    return f"api/authors/{author.slug}.{suffix}"


def author_photo(author, extension: str) -> str:
    """An author's photo (from their settings file): `authors/<slug>.jpg`."""
    return f"authors/{author.slug}.{extension}"


def export_paths(portfolio) -> list[str]:
    """Every file of the site that is not a page, for this portfolio, sorted."""
    paths = [PORTFOLIO_API, SITE_FEED, ROBOTS]
    if portfolio.authors:
        paths += [FEEDS_SITEMAP, LAB_CSV]
    for paper in portfolio.papers.values():
        paths += [paper_file(paper, "bib"), paper_file(paper, "ris")]
    for author in portfolio.authors:
        paths += [
            author_file(author, "bib"),
            author_file(author, "ris"),
            author_api(author),
            author_api(author, "csl.json"),
            author_api(author, "resume.json"),
            author_feed(author),
        ]
        if author.settings is not None and author.settings.photo is not None:
            paths.append(author_photo(author, author.settings.photo.extension))
    return sorted(paths)


# --- URLs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Urls:
    """Page URLs for MkDocs' `use_directory_urls` setting (links in raw HTML are not rewritten by MkDocs)."""

    directory_urls: bool = True

    def url(self, src: str) -> str:
        """The published URL of a Markdown source path, relative to the site root."""
        stem = src[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def prefix(self, here: str) -> str:
        """What leads from page `here` back to the site root: `../` once per folder level of its URL."""
        return "../" * self.url(here).count("/")

    def relative(self, here: str, target: str, fragment: str = "") -> str:
        """A link from page `here` to page `target` (both Markdown source paths), by way of the site root.

        Every link of a page starts with the same `../` prefix, so a piece of HTML with links means the same
        on every page at that depth (the renderer reuses such pieces); the browser resolves it as any other.
        """
        link = self.prefix(here) + self.url(target) or "./"
        return link + (f"#{fragment}" if fragment else "")

    def to_file(self, here: str, target_file: str) -> str:
        """A link from page `here` to a file that is not a page (`papers/x.bib`), both relative to the site."""
        return self.prefix(here) + target_file

    def from_file(self, source_file: str, target: str) -> str:
        """A link from a file that is not a page (a feed) to page `target` (a Markdown source path)."""
        target_url = self.url(target)
        link = posixpath.relpath(target_url or ".", posixpath.dirname(source_file) or ".")
        if target_url.endswith("/") or not target_url:
            link = "./" if link == "." else link + "/"
        return link


def page_url(src: str, options: SiteOptions) -> str | None:
    """The absolute URL of a page (a Markdown source path) when the site's URL is known."""
    return options.site_url + Urls(options.directory_urls).url(src) if options.site_url else None
