"""Dates as source pages print them (`Jun 2`, `Jul 22, 2025`), resolved against an "as of" day."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_PATTERN = "|".join(MONTHS)
DATE_PATTERN = rf"(?:{MONTH_PATTERN}) \d{{1,2}}(?:, \d{{4}})?"
_ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_RE = re.compile(rf"^(?P<mon>{MONTH_PATTERN}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?$")


class DateError(ValueError):
    """A date that names no real day (for example `Feb 30, 2024`)."""


def parse_page_date(text: str, as_of: dt.date) -> tuple[dt.date, bool]:
    """Parse `Mon D` or `Mon D, YYYY`; return the day and whether its year was inferred.

    A date without a year is the latest such day not after `as_of`.
    """
    match = _DATE_RE.match(text.strip())
    if not match:
        raise DateError(f"not a date: {text!r}")
    month = MONTHS.index(match["mon"]) + 1
    day = int(match["day"])
    if match["year"]:
        try:
            return dt.date(int(match["year"]), month, day), False
        except ValueError as exc:
            raise DateError(f"no such day: {text!r}") from exc
    for year in range(as_of.year, as_of.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # Feb 29 in a year that has none: look further back
        if candidate <= as_of:
            return candidate, True
    raise DateError(f"no such day: {text!r}")


def parse_iso_date(text: str) -> dt.date:
    """Parse a YYYY-MM-DD date given on the command line or in the configuration (and no other ISO form)."""
    try:
        if not _ISO_DATE_RE.fullmatch(text):  # fromisoformat also takes `2026-W47-1` and `20261122`
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DateError(f"expected a date as YYYY-MM-DD, got {text!r}") from exc
