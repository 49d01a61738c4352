"""Research-portfolio site generator: saved profile pages in, a searchable MkDocs site out.

The stages, each usable on its own: `readers` (source files -> documents), `assemble` (documents ->
one `Portfolio`), `render` (portfolio -> Markdown pages), `emit` (pages -> files), and `plugin` (the
MkDocs side).
"""

__version__ = "0.1.0"

from generator.diagnostics import Diagnostic, Level
from generator.model import Author, Collection, Paper, Portfolio, UnmatchedAbstract, normalise_title
from generator.model.assemble import assemble
from generator.pipeline import load_portfolio
from generator.readers import read_paths

__all__ = [
    "__version__",
    "Author",
    "Collection",
    "Diagnostic",
    "Level",
    "Paper",
    "Portfolio",
    "UnmatchedAbstract",
    "assemble",
    "load_portfolio",
    "normalise_title",
    "read_paths",
]
