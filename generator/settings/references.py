"""References to papers in a settings file (a DOI, an arXiv id or a title) and finding the paper each names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.model import Paper, identifiers, normalise_title


def normalise_doi(text: str | None) -> str | None:
    """A DOI, bare or as a doi.org URL or `doi:` name, in the form the readers keep it (model/identifiers.py), so
    that a settings file's reference and a paper's DOI compare; None when it is not one."""
    return identifiers.normalise_doi(text.strip()) if text else None


def normalise_arxiv_id(text: str | None) -> str | None:
    """An arXiv id, bare, as `arXiv:` name or as an arxiv.org URL, without its version, in the readers' form."""
    if not text:
        return None
    text = text.strip()
    return identifiers.normalise_arxiv_id(text) or (identifiers.find_arxiv_id(text) if "arxiv.org/" in text else None)


@dataclass(frozen=True)
class PaperReference:
    """One paper named in a settings file: by DOI, arXiv id or title (`kind`), with its comparable `key`."""

    text: str  # as written
    kind: str  # "doi", "arxiv" or "title"
    key: str
    file: str = ""
    line: int = 0
    where: str = ""  # the key path in the settings file, for messages: `selected[2]`


def parse_reference(text: str, file: str = "", line: int = 0, where: str = "") -> PaperReference | None:
    """What `text` names: a DOI, else an arXiv id, else a title; None when it has no words to match."""
    if doi := normalise_doi(text):
        return PaperReference(text, "doi", doi, file, line, where)
    if arxiv := normalise_arxiv_id(text):
        return PaperReference(text, "arxiv", arxiv, file, line, where)
    key = normalise_title(text)
    return PaperReference(text, "title", key, file, line, where) if key else None


class PaperMatcher:
    """Finds papers by reference among many: built once (a dictionary per kind of key), then each look-up is
    one dictionary access. Papers without `doi` or `arxiv_id` fields are found by title alone."""

    def __init__(self, papers: Mapping[str, Paper] | Iterable[Paper]):
        values = papers.values() if isinstance(papers, Mapping) else papers
        self.by_kind: dict[str, dict[str, str]] = {"doi": {}, "arxiv": {}, "title": {}}
        self.titles: dict[str, str] = {}  # normalised title -> title as written, for "did you mean"
        for paper in values:
            keys = {
                "doi": normalise_doi(getattr(paper, "doi", None)),
                "arxiv": normalise_arxiv_id(getattr(paper, "arxiv_id", None)),
                "title": normalise_title(paper.title),
            }
            for kind, key in keys.items():
                if key:
                    self.by_kind[kind].setdefault(key, paper.id)
            self.titles.setdefault(keys["title"], paper.title)

    def match(self, reference: str | PaperReference) -> str | None:
        """The id of the paper `reference` names, or None."""
        if isinstance(reference, str):
            reference = parse_reference(reference)
            if reference is None:
                return None
        return self.by_kind[reference.kind].get(reference.key)

    def nearest_title(self, reference: PaperReference) -> str | None:
        """The title closest to a title reference that matched nothing, when one is close (a typo)."""
        if reference.kind != "title":
            return None
        close = difflib.get_close_matches(reference.key, self.titles, n=1, cutoff=0.85)
        return self.titles[close[0]] if close else None


def match_paper(reference: str | PaperReference, papers: Mapping[str, Paper] | Iterable[Paper]) -> str | None:
    """The id of the paper among `papers` that `reference` (a DOI, arXiv id or title) names, or None.
    For many references, build one `PaperMatcher` instead."""
    return PaperMatcher(papers).match(reference)
