"""Diagnostics: what a stage has to say about an input, with the file and line it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How serious a diagnostic is: errors make `portfolio` exit non-zero."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place in one input file (line 0 means the whole file)."""

    file: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level.value}: {self.message}"

    def as_dict(self) -> dict:
        """The JSON form used by `portfolio parse --json`."""
        return {"file": self.file, "line": self.line, "level": self.level.value, "message": self.message}


def error(file: str, line: int, message: str) -> Diagnostic:
    """An error: part of the input could not be read."""
    return Diagnostic(file, line, Level.ERROR, message)


def warning(file: str, line: int, message: str) -> Diagnostic:
    """A warning: the input was read, but something looks wrong."""
    return Diagnostic(file, line, Level.WARNING, message)


def info(file: str, line: int, message: str) -> Diagnostic:
    """A notice: something the user may want to know (for example inferred years)."""
    return Diagnostic(file, line, Level.INFO, message)


def has_errors(diagnostics) -> bool:
    """True when any diagnostic is an error."""
    return any(d.level is Level.ERROR for d in diagnostics)
