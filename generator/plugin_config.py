"""The options of the MkDocs plugin, declared once and validated by MkDocs' own config machinery."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from .dates import DateError, parse_iso_date


class AsOfDate(c.BaseConfigOption[dt.date | None]):
    """A YYYY-MM-DD day (YAML may already have read it as a date), or empty for today."""

    def __init__(self):
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_iso_date(value)
            except DateError:
                pass
        raise base.ValidationError(f"expected a date as YYYY-MM-DD, got {value!r}")


class Count(c.BaseConfigOption[int]):
    """A whole number, zero or more (YAML's `true` is not one)."""

    def __init__(self, default: int):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise base.ValidationError(f"expected a whole number, 0 or more, got {value!r}")


class PortfolioConfig(base.Config):
    """`plugins: - portfolio: {...}` in mkdocs.yml."""

    # Sources: where the saved profile pages are, relative to mkdocs.yml.
    profiles = c.Type(str, default="profiles")
    # With no source files there, build the bundled example portfolio so a new site shows something.
    examples = c.Type(bool, default=True)
    # Dates without a year are resolved as of this day (default: the day of the build).
    as_of = AsOfDate()

    # Site: restrict to these author slugs; with exactly one, the site is that author's portfolio.
    authors = c.ListOfItems(c.Type(str), default=[])
    # How many papers the home page lists as newest.
    newest_papers = Count(default=10)
    # How many of the newest papers each Atom feed (the site's, each author's) holds; 0: all of them.
    feed_entries = Count(default=50)
    # Set the navigation (Home, Authors, Papers, Topics, Collections) when mkdocs.yml has no `nav`.
    navigation = c.Type(bool, default=True)

    # Diagnostics: report source-file warnings and errors as MkDocs warnings (so `--strict` fails).
    strict = c.Type(bool, default=False)
