"""Progress lines for long builds: `portfolio: built pages 500/5,000`, about every tenth of the way."""

from __future__ import annotations

import logging


class LogProgress:
    """A `progress(done, total)` callback that logs only when there are at least `threshold` items."""

    def __init__(self, log: logging.Logger, label: str, threshold: int):
        self.log, self.label, self.threshold = log, label, threshold

    def __call__(self, done: int, total: int) -> None:
        if total >= self.threshold and (done % max(total // 10, 1) == 0 or done == total):
            self.log.info(f"portfolio: {self.label} {done:,}/{total:,}")
