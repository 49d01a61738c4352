"""The stages wired together: read sources, assemble the model, restrict it, render and emit pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from generator.model import Portfolio
from generator.model.assemble import assemble, assemble_unmatched
from generator.readers import AbstractListDocument, LastCompleteStore, ReadResult, SourceCache, find_sources, read_paths
from generator.settings import load_all_settings
from generator.timing import StageTimer

EXAMPLES = Path(__file__).resolve().parent / "examples"


def load_portfolio(
    paths: list[Path],
    as_of: dt.date | None = None,
    progress=None,
    *,
    read_cache: SourceCache | None = None,
    scores_memo: dict | None = None,
    timer: StageTimer | None = None,
    store: LastCompleteStore | None = None,
    organisations=None,
) -> Portfolio:
    """Read every source under `paths` into one portfolio, as of the given day (default: today).

    Kept between builds (`mkdocs serve`), a `read_cache` spares parsing unchanged files again and keeps the last
    good version of a broken one, and a `scores_memo` spares matching abstract lists again while no text they
    are matched against changed (see generator/incremental/memo.py). With a `store` (builds), a source file cut
    off half way is read as its last complete version kept there. `organisations` (a SiteSettings) names the
    organisations sources spell differently.
    """
    timer = timer or StageTimer()
    read = read_sources(paths, as_of, progress, read_cache, timer, store)
    with timer.stage("model"):
        return assemble(read, read.as_of, scores_memo=scores_memo, organisations=organisations)


def load_unmatched(
    paths: list[Path],
    as_of: dt.date | None = None,
    progress=None,
    *,
    timer: StageTimer | None = None,
    store: LastCompleteStore | None = None,
    organisations=None,
) -> tuple[Portfolio, list[AbstractListDocument]]:
    """`load_portfolio` with the abstract lists not matched yet (`model.assemble.attach_abstract_lists` does
    it later, in another process if need be): matching only adds abstracts, sources and diagnostics."""
    timer = timer or StageTimer()
    read = read_sources(paths, as_of, progress, None, timer, store)
    with timer.stage("model"):
        return assemble_unmatched(read, read.as_of, organisations)


def read_sources(
    paths: list[Path],
    as_of: dt.date | None,
    progress,
    read_cache: SourceCache | None,
    timer: StageTimer,
    store: LastCompleteStore | None = None,
) -> ReadResult:
    """Stage 1 on its own: every source under `paths`, read as of the given day (default: today)."""
    as_of = as_of or dt.date.today()
    with timer.stage("parse"):
        read = read_paths(paths, as_of, progress=progress, cache=read_cache, store=store)
        for path in paths:  # the researchers' settings files beside their sources
            if path.is_dir():
                settings, notes = load_all_settings(path)
                read.settings.extend(settings)
                read.diagnostics.extend(notes)
    read.as_of = as_of
    return read


def source_paths(profiles: Path, examples: bool = True) -> tuple[list[Path], str | None]:
    """The folder to read, or the bundled examples (with a notice) when it holds no source files."""
    if profiles.is_dir() and find_sources([profiles])[0]:
        return [profiles], None
    if not examples:
        return [profiles], None
    return [EXAMPLES], f"portfolio: no source files in '{profiles}': building the bundled example portfolio"


def restrict_to_authors(portfolio: Portfolio, slugs: list[str]) -> Portfolio:
    """Only these authors, their papers, and collections cut down to those papers.

    Raises KeyError with a readable message, listing the known slugs, for an unknown slug.
    """
    known = {a.slug: a for a in portfolio.authors}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise KeyError(f"unknown author '{unknown[0]}'; known authors: {listing}")
    authors = [known[s] for s in dict.fromkeys(slugs)]
    keep = dict.fromkeys(pid for a in authors for pid in a.papers)
    collections = []
    for collection in portfolio.collections:
        papers = [pid for pid in collection.papers if pid in keep]
        if papers:
            collections.append(dataclasses.replace(collection, papers=papers))
    return dataclasses.replace(
        portfolio,
        authors=authors,
        papers={pid: portfolio.papers[pid] for pid in keep},
        collections=collections,
        unmatched_abstracts=[],
    )
