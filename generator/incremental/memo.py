"""Rebuilding after an edit under `mkdocs serve`: redo only the work whose inputs changed.

Each stage keeps what the last build made, keyed by a digest of everything it was made from, so a key
that matches means the result would be the same again:

- reading: each source file's documents, by the file's name, bytes and the "as of" day (`ReadCache`);
- matching: the abstract-list scores, by every text matched and matched against;
- rendering: each page, by its `Fingerprints` digest (the page's own objects, the papers it lists, and
  every label and link target of the site);
- exports: each author's files, by the digest of the author and their papers (`Fingerprints.author_own`);
- MkDocs: each generated page's finished HTML and search entries, by the page's front matter and body
  and a digest of the configuration, theme and navigation (`replay.PageReplay`).

tests/test_incremental.py edits, adds and removes sources and checks every rebuild against a build
from nothing.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field

from generator.exports import ExportBuilder, ExportFile
from generator.index import IndexEntry
from generator.model import Author, Paper
from generator.render import GeneratedPage, SiteRenderer
from generator.render.site import AuthorCv, AuthorListing, ListingPage


def digest(*parts: object) -> str:
    """A short digest of values (strings as they are, anything else by its repr)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class ReadCache:
    """What earlier builds of this process read, for `mkdocs serve`: each file's documents by its content,
    and the last version of each file that read whole and without errors.

    Documents are kept pickled: assembling a portfolio changes the documents it is given (papers are
    merged into the first copy seen), so every build must get copies of its own.
    """

    def __init__(self):
        self.read: dict[str, tuple[str, bytes]] = {}  # path -> (digest of name, day and bytes, pickle)
        self.last_good: dict[str, bytes] = {}  # path -> pickled document

    def get(self, key: str, digest: str):
        found = self.read.get(key)
        return pickle.loads(found[1]) if found and found[0] == digest else None

    def put(self, key: str, digest: str, document, diagnostics) -> None:
        self.read[key] = (digest, pickle.dumps((document, diagnostics), pickle.HIGHEST_PROTOCOL))


@dataclass
class BuildMemo:
    """What one `mkdocs serve` session keeps from build to build."""

    reads: ReadCache = field(default_factory=ReadCache)
    scores: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # page path -> (fingerprint, GeneratedPage, PaperCitations | None)
    exports: dict = field(default_factory=dict)  # author slug -> (fingerprint, [ExportFile, ...])
    insights: dict = field(default_factory=dict)  # the site-wide insights by what they are made from (SiteInsights)


class Fingerprints:
    """Digests of what each generated page is made from: equal digests give equal pages.

    A page is made from its own object (a paper, an author, an index entry, a collection), the papers
    it lists, and the site's labels and link targets. `site` digests the latter for the whole site: the
    options, the "as of" day, every profiled author's name and slug, every index entry's label and slug,
    every collection's slug, title and date. A paper's digest adds the paper itself, its BibTeX key and
    who lists or collects it; pages that list papers add their papers' digests.

    Insights reach beyond a page's own objects: a paper page lists its related papers, an author page its
    similar researchers; `insights` (the renderer's SiteInsights) gives them, and the digests hold them as the
    pages show them.
    """

    def __init__(self, site, options, insights):
        portfolio = site.portfolio
        self.insights = insights
        entries = [
            (e.kind, key, e.label, e.slug, e.author.slug if e.author else None)
            for group in (site.categories, site.years, site.orgs, site.coauthors)
            for key, e in group.items()
        ]
        self.site = digest(
            options,
            portfolio.as_of,
            sorted((key, a.name, a.slug) for key, a in site.profiled.items()),
            entries,
            [(c.slug, c.title, c.date) for c in portfolio.collections],
        )
        self.papers = {
            pid: digest(
                self.site,
                paper,
                site.bibtex_keys[pid],
                [a.slug for a in site.listed_by.get(pid, ())],
                [c.slug for c in site.collected_in.get(pid, ())],
            )
            for pid, paper in portfolio.papers.items()
        }
        self.portfolio = portfolio

    def paper(self, paper) -> str:
        """A paper's page: the paper's digest, and its related papers as the page shows them (which paper, its
        title, the reason; not the scores, which move a little whenever any paper is added)."""
        papers = self.portfolio.papers
        related = [(r.paper, papers[r.paper].title, r.reason) for r in self.insights.related.get(paper.id, ())]
        return digest(self.papers[paper.id], related)

    def author_own(self, author) -> str:
        """What an author's CV and files are made from: the author (their settings file too: photo, bio, links)
        and their papers."""
        return digest(self.site, author, repr(author.settings), *(self.papers[pid] for pid in author.papers))

    def author(self, author) -> str:
        """An author's page: what their CV is made from, and the researchers the page says write about the
        same things, as it shows them (the similarity to two decimals)."""
        similar = [(s.slug, s.name, f"{s.similarity:.2f}", s.terms) for s in self.insights.similar.get(author.slug, [])]
        return digest(self.author_own(author), similar)

    def listing(self, listing: ListingPage) -> str:
        """One page of an index entry's or a collection's listing: what it is, which page, and its papers."""
        subject = listing.subject
        identity = (subject.kind, subject.key) if isinstance(subject, IndexEntry) else subject
        return digest(
            self.site, identity, listing.paging, len(subject.papers), *(self.papers[pid] for pid in listing.ids)
        )

    def of(self, subject) -> str:
        """The digest of the page that shows `subject` (a page job's subject)."""
        if isinstance(subject, Paper):
            return self.paper(subject)
        if isinstance(subject, Author):
            return self.author(subject)
        if isinstance(subject, AuthorListing):
            return digest(self.author(subject.author), subject.paging, subject.ids)
        if isinstance(subject, AuthorCv):
            return digest(self.author_own(subject.author), "cv")
        return self.listing(subject)


def render_with_memo(renderer: SiteRenderer, memo: dict) -> tuple[list[GeneratedPage], Fingerprints]:
    """Every page of the site, as `renderer.render_all()` gives them, a page whose fingerprint is that of the
    last build taken from `memo` (page path -> (fingerprint, page, the paper's citations)) instead of rendered
    again; `memo` is left holding this site's pages. Also returns the fingerprints, for later reuse."""
    fingerprints = Fingerprints(renderer.site, renderer.options, renderer.insights)
    fresh: dict = {}
    try:
        pages = renderer.section_pages()  # they show the whole site: always rendered
        for job in renderer.jobs():
            fingerprint = fingerprints.of(job.subject)
            known = memo.get(job.path)
            if known is not None and known[0] == fingerprint:
                page, citations = known[1], known[2]
                if job.paper_id is not None:
                    renderer.citations[job.paper_id] = citations
            else:
                page = job.render()
                citations = renderer.citations.get(job.paper_id) if job.paper_id is not None else None
            fresh[job.path] = (fingerprint, page, citations)
            pages.append(page)
    finally:
        renderer.clear_caches()
    memo.clear()
    memo.update(fresh)
    return sorted(pages, key=lambda p: p.path), fingerprints


def exports_with_memo(builder: ExportBuilder, memo: dict, fingerprints: Fingerprints) -> list[ExportFile]:
    """Every export, as `builder.build()` gives them, each author's files taken from `memo` (author slug ->
    (fingerprint of the author's page, their files)) while their page's fingerprint is that of the last build."""
    files = list(builder.site_files())
    fresh = {}
    for author in builder.portfolio.authors:
        fingerprint = fingerprints.author_own(author)
        known = memo.get(author.slug)
        own = known[1] if known and known[0] == fingerprint else builder.author_files(author)
        fresh[author.slug] = (fingerprint, own)
        files += own
    memo.clear()
    memo.update(fresh)
    return sorted(files, key=lambda f: f.path)
