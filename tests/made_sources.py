"""Author-profile source files written at test time, in the format the profile reader takes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MadePaper:
    """One paper block of a made profile."""

    title: str
    authors: list[str]
    abstract: str = "A short abstract about nothing in particular."
    category: str = "LG"
    date: str = "Mar 3, 2024"
    org: str | None = None


@dataclass
class MadeProfile:
    """A profile: the author, their metrics and their papers."""

    name: str
    papers: list[MadePaper] = field(default_factory=list)
    category: str = "LG"
    h_index: int = 7
    citations: int = 100
    novelty: int = 40
    ai_score: int = 50

    def text(self) -> str:
        """The profile as a saved page would give it."""
        lines = [
            self.name,
            "",
            self.category,
            f"h-index{self.h_index}",
            f"{len(self.papers)}papers",
            f"{self.citations:,}citations",
            f"Novelty{self.novelty}%",
            f"AI Score{self.ai_score}",
            "",
            f"{len(self.papers)} Papers",
            "",
        ]
        for paper in self.papers:
            authors = ", ".join(paper.authors) + (f" · {paper.org}" if paper.org else "")
            lines += [f"{paper.category}{paper.date}", paper.title, "", authors, "", paper.abstract, ""]
        return "\n".join(lines)
