"""The stages wired together: read sources, assemble the model (and, later, render and emit)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .assemble import assemble
from .model import Portfolio
from .readers import read_paths


def load_portfolio(paths: list[Path], as_of: dt.date | None = None, progress=None) -> Portfolio:
    """Read every source under `paths` into one portfolio, as of the given day (default: today)."""
    as_of = as_of or dt.date.today()
    return assemble(read_paths(paths, as_of, progress=progress), as_of)
