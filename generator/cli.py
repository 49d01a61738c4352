"""The `portfolio` command: parse, generate, build, serve and scaffold portfolio sites."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import __version__
from .dates import DateError, parse_iso_date
from .diagnostics import Level, has_errors
from .pipeline import load_portfolio

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: reported in one line, exit status 2."""


class Progress:
    """Prints `reading files: 120/500` on stderr for long runs, so big inputs show they are moving."""

    def __init__(self, label: str, stream=sys.stderr, threshold: int = 200):
        self.label, self.stream, self.threshold = label, stream, threshold

    def __call__(self, done: int, total: int) -> None:
        if total >= self.threshold and (done % max(total // 20, 1) == 0 or done == total):
            end = "\n" if done == total else "\r"
            print(f"{self.label}: {done}/{total}", end=end, file=self.stream, flush=True)


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_iso_date(text)
    except DateError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _print_diagnostics(diagnostics, stream=sys.stderr, quiet_info: bool = False) -> None:
    for diagnostic in diagnostics:
        if quiet_info and diagnostic.level is Level.INFO:
            continue
        print(diagnostic, file=stream)


def command_parse(args: argparse.Namespace) -> int:
    """Read source files and print the portfolio model (a summary, or JSON with --json)."""
    from .export import portfolio_data

    portfolio = load_portfolio(args.paths, _as_of(args.as_of), progress=Progress("reading files"))
    if args.json:
        json.dump(portfolio_data(portfolio), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_summary(portfolio)
        _print_diagnostics(portfolio.diagnostics)
    return EXIT_INPUT_ERROR if has_errors(portfolio.diagnostics) else EXIT_OK


def _print_summary(portfolio) -> None:
    print(f"{len(portfolio.authors)} author(s), {len(portfolio.papers)} paper(s), "
          f"{len(portfolio.collections)} collection(s), as of {portfolio.as_of.isoformat()}")
    for author in portfolio.authors:
        metrics = ", ".join(f"{label} {value}" for label, value in (
            ("h-index", author.h_index), ("citations", author.citations), ("novelty", author.novelty),
            ("AI score", author.ai_score)) if value is not None)
        print(f"  author  {author.name} ({author.slug}): {len(author.papers)} papers; {metrics}")
    for collection in portfolio.collections:
        day = collection.date.isoformat() if collection.date else "undated"
        print(f"  collection  {collection.title} ({day}): {len(collection.papers)} papers")
    matched = sum(1 for p in portfolio.papers.values() for _ in p.other_abstracts)
    if portfolio.unmatched_abstracts:
        print(f"  {len(portfolio.unmatched_abstracts)} abstract(s) matched no paper")
    errors = sum(1 for d in portfolio.diagnostics if d.level is Level.ERROR)
    warnings = sum(1 for d in portfolio.diagnostics if d.level is Level.WARNING)
    print(f"  {errors} error(s), {warnings} warning(s)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `portfolio` command."""
    parser = argparse.ArgumentParser(prog="portfolio", description="Turn saved researcher profile pages into a static website.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks of unexpected failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    parse = commands.add_parser("parse", help="read source files and print the portfolio model")
    parse.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="source file or folder")
    parse.add_argument("--as-of", metavar="DATE", help="resolve dates without a year as of this day (YYYY-MM-DD; default today)")
    parse.add_argument("--json", action="store_true", help="print the model as JSON")
    parse.set_defaults(run=command_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; every failure a user can cause ends in one line and an exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"portfolio: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("portfolio: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback unless asked for
        if args.debug:
            raise
        print(f"portfolio: error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
