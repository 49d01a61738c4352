"""Diagnostics: what a stage has to say about an input, with the file and line it concerns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How serious a diagnostic is: errors make `portfolio` exit non-zero."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place in one input file (line 0 means the whole file; it prints as line 1)."""

    file: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        # Always `file:line: level: message`, the form editors, CI annotators and grep users parse: a message
        # about the whole file points at its first line.
        return _one_line(f"{self.file}:{self.line or 1}: {self.level.value}: {self.message}")

    def as_dict(self) -> dict:
        """The JSON form used by `portfolio parse --json`."""
        return {"file": self.file, "line": self.line, "level": self.level.value, "message": self.message}


# Control characters (a file may be named with a newline or a terminal escape in it) and bidi controls.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _one_line(text: str) -> str:
    """The text with control characters shown as escapes, so a message stays one line on a terminal."""
    return _CONTROLS.sub(lambda match: ascii(match[0])[1:-1], text)


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
