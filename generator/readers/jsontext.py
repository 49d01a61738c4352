"""JSON read with the line each object starts on, so problems in a JSON source can name their line."""

from __future__ import annotations

import bisect
import json
import re


class LinedDict(dict):
    """A JSON object that knows the 1-based line it starts on."""

    line: int = 0


# A JSON string (escapes included), or a brace outside strings: enough to find where every object starts.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}]', re.DOTALL)


def decode_with_lines(text: str, start: int, starts: list[int]) -> tuple[object, int]:
    """The JSON value at `start` and the offset after it, every object in it a LinedDict; `starts` are the line
    starts of `text` (base.line_starts). Raises ValueError (JSONDecodeError) or RecursionError as json does."""
    made: list[LinedDict] = []

    def keep(pairs):
        obj = LinedDict(pairs)
        made.append(obj)
        return obj

    value, end = json.JSONDecoder(object_pairs_hook=keep).raw_decode(text, start)
    if made:
        # json makes each object when it reaches the object's closing brace: the same order in which
        # closing braces pop their opening ones off a stack.
        opened: list[int] = []
        closed: list[int] = []
        for token in _TOKEN.finditer(text, start, end):
            if token[0] == "{":
                opened.append(token.start())
            elif token[0] == "}" and opened:
                closed.append(opened.pop())
        for obj, offset in zip(made, closed, strict=False):  # equal, for valid JSON
            obj.line = bisect.bisect_right(starts, offset)
    return value, end


def line_of(starts: list[int], offset: int) -> int:
    """The 1-based line of an offset."""
    return bisect.bisect_right(starts, offset)


def json_text(value) -> str:
    """A JSON value read as text: a string, or a number written as one; anything else (lists, objects, null,
    true/false) is no text."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else ""
