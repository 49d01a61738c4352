"""The environment variables the generator reads, each read here and nowhere else.

`portfolio build` and `portfolio serve` hand their command-line choices to the MkDocs plugin through
`PORTFOLIO_*` variables (MkDocs runs the plugin in the same process, and again on every rebuild of
`serve`); `SOURCE_DATE_EPOCH` is the reproducible-builds convention for a fixed time.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

AS_OF = "PORTFOLIO_AS_OF"  # YYYY-MM-DD: resolve dates without a year as of this day
AUTHORS = "PORTFOLIO_AUTHORS"  # comma-separated author slugs: a site of only these authors
PROFILES = "PORTFOLIO_PROFILES"  # source paths, os.pathsep-separated, in place of the plugin's `profiles`
STRICT = "PORTFOLIO_STRICT"  # any value: source-file problems are MkDocs warnings
WORKER = "PORTFOLIO_WORKER"  # on | off | auto: render in a second process (generator/mkdocs/worker.py)
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # seconds since 1970: the time of undated feeds
COMMAND_LINE = (AS_OF, AUTHORS, PROFILES, STRICT)  # what `portfolio build/serve` sets


@dataclass(frozen=True)
class CommandLine:
    """The choices of `portfolio build` / `portfolio serve` that win over mkdocs.yml for one run."""

    as_of: str | None = None  # as given; the plugin validates it
    authors: list[str] | None = None
    profiles: list[Path] | None = None
    strict: bool = False


def command_line() -> CommandLine:
    """What the command line handed to the plugin (nothing, under plain `mkdocs build`)."""
    authors = os.environ.get(AUTHORS)
    profiles = os.environ.get(PROFILES)
    return CommandLine(
        as_of=os.environ.get(AS_OF) or None,
        authors=[slug for slug in authors.split(",") if slug] if authors else None,
        profiles=[Path(p) for p in profiles.split(os.pathsep) if p] if profiles else None,
        strict=bool(os.environ.get(STRICT)),
    )


def hand_to_plugin(as_of: str | None, authors: str | None, profiles: list[Path] | None, strict: bool) -> None:
    """Set the variables `command_line` reads, for the MkDocs run this process starts."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if as_of:
        os.environ[AS_OF] = as_of
    if authors:
        os.environ[AUTHORS] = authors
    if profiles:
        os.environ[PROFILES] = os.pathsep.join(str(p.resolve()) for p in profiles)
    if strict:
        os.environ[STRICT] = "1"


def portfolio_variables() -> list[tuple[str, str]]:
    """Every PORTFOLIO_* variable and SOURCE_DATE_EPOCH, sorted: what a build's output may depend on."""
    return sorted((k, v) for k, v in os.environ.items() if k.startswith("PORTFOLIO_") or k == SOURCE_DATE_EPOCH)


def worker_choice() -> str:
    """`on`, `off` or `auto` (PORTFOLIO_WORKER; anything unknown is `auto`)."""
    choice = os.environ.get(WORKER, "auto").strip().lower()
    return {"0": "off", "no": "off", "off": "off", "1": "on", "yes": "on", "on": "on"}.get(choice, "auto")


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, when it is set to a number of seconds."""
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else None


def source_date_epoch_text() -> str:
    """SOURCE_DATE_EPOCH as set (empty when it is not), for digests of what a run depends on."""
    return os.environ.get(SOURCE_DATE_EPOCH, "")
