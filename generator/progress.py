"""Progress lines for long runs (`portfolio: built pages 500/5,000`), about every tenth of the way."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO


class Progress:
    """A `progress(done, total)` callback that reports `label done/total` every `1/steps` of the way, and only
    for runs of at least `threshold` items. `report(line, last)` shows a line (see `to_log`, `to_stream`)."""

    def __init__(self, label: str, threshold: int, report: Callable[[str, bool], None], steps: int = 10):
        self.label, self.threshold, self.report, self.steps = label, threshold, report, steps

    def __call__(self, done: int, total: int) -> None:
        if total >= self.threshold and (done % max(total // self.steps, 1) == 0 or done == total):
            self.report(f"{self.label} {done:,}/{total:,}", done == total)


def to_log(log: logging.Logger) -> Callable[[str, bool], None]:
    """Report as INFO messages of a logger (the MkDocs plugin: its lines sit with MkDocs' own)."""
    return lambda line, last: log.info(f"portfolio: {line}")


def to_stream(stream: TextIO | None = None) -> Callable[[str, bool], None]:
    """Report on one terminal line that is rewritten until the last (the command line, on stderr)."""

    def report(line: str, last: bool) -> None:
        print(f"portfolio: {line}", end="\n" if last else "\r", file=stream or sys.stderr, flush=True)

    return report
