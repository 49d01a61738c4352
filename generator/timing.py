"""Wall-clock time of the generator's own stages in one build (parse, model, render, write)."""

from __future__ import annotations

import time
from contextlib import contextmanager

STAGES = ("parse", "model", "render", "write")


class StageTimer:
    """Adds up the seconds spent in each named stage."""

    def __init__(self):
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def stage(self, name: str):
        """Time the block as part of stage `name`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def summary(self) -> str:
        """`1.23 s (parse 0.10, model 0.20, render 0.80, write 0.13)`."""
        parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in self.seconds.items())
        return f"{self.total:.2f} s ({parts})"
