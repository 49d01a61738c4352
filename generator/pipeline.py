"""The stages wired together: read sources, assemble the model, restrict it, render and emit pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from .assemble import assemble
from .incremental import BuildMemo
from .model import Portfolio
from .readers import LastCompleteStore, find_sources, read_paths
from .timing import StageTimer

EXAMPLES = Path(__file__).resolve().parent / "examples"


def load_portfolio(paths: list[Path], as_of: dt.date | None = None, progress=None, memo: BuildMemo | None = None,
                   timer: StageTimer | None = None, defer_matching: bool = False,
                   store: LastCompleteStore | None = None) -> Portfolio:
    """Read every source under `paths` into one portfolio, as of the given day (default: today).

    With a `memo` kept between builds (`mkdocs serve`), unchanged files are not parsed again and abstract
    lists are not matched again while no text they are matched against changed. With a `store` (builds), a
    source file cut off half way is read as its last complete version kept there.
    """
    as_of = as_of or dt.date.today()
    timer = timer or StageTimer()
    with timer.stage("parse"):
        read = read_paths(paths, as_of, progress=progress, cache=memo.reads if memo else None, store=store)
    with timer.stage("model"):
        return assemble(read, as_of, scores_memo=memo.scores if memo else None, defer_matching=defer_matching)


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
        portfolio, authors=authors, papers={pid: portfolio.papers[pid] for pid in keep},
        collections=collections, unmatched_abstracts=[],
    )
