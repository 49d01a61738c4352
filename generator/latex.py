"""LaTeX math in titles and abstracts as plain text, for places that cannot show math (RIS, CSL, feeds).

`G$^3$SR` becomes `G^3SR`, `$\\textbf{X}$` becomes `X`, `$k + \\mathcal{O}(1)$` becomes `k + O(1)`.
Only `$...$` pieces are converted; the text around them is kept as it is (with `\\$` unescaped), so a
`%` or `&` in an ordinary title stays. The converter reads the allow-listed commands (texmath) by
their kind; what it does not know it keeps as words, so no TeX command comes out of a formula. It
never fails, and it never produces markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator import texmath
from generator.markup import plain_text, split_math

# Allow-listed commands are read by their kind in the one list (texmath); a few text commands off
# the list are read kindly too, since a formula holding them is still turned into words here.
_KEEP_ARGUMENT = texmath.KEEP_ARGUMENT | {"textsc", "hbox"}
# Commands whose first braced argument is not text (environments, URLs, colours, lengths).
_DROP_ARGUMENT = frozenset({"begin", "end", "label", "href", "color", "textcolor", "colorbox", "hspace", "vspace"})
_SYMBOLS = {**texmath.SYMBOLS, "bmod": "mod", "P": "¶", "copyright": "©", "dag": "†"}
# `\{`, `\,` and friends: a character command stands for itself, spacing commands for a space or nothing.
_CHARACTER_COMMANDS = {**texmath.CHARACTER_COMMANDS, "/": ""}
_COMMAND = re.compile(r"\\(?:([A-Za-z]+)\*?|(.))", re.DOTALL)


def plain_latex(text: str | None) -> str:
    """Text with every `$...$` formula turned into plain text and `\\$` unescaped."""
    if not text:
        return ""
    return "".join(math_text(piece) if is_math else plain_text(piece) for is_math, piece in split_math(text))


@lru_cache(maxsize=4096)
def math_text(latex: str) -> str:
    """One formula (without its dollars) as plain text: `^3` -> `^3`, `\\textbf{X}` -> `X`."""
    text, _ = _sequence(latex, 0, inside_group=False)
    return " ".join(text.split())


def _sequence(latex: str, position: int, inside_group: bool) -> tuple[str, int]:
    """Tokens up to the closing brace of this group (or the end), as text."""
    pieces: list[str] = []
    while position < len(latex):
        if latex[position] == "}":
            if inside_group:
                return "".join(pieces), position + 1
            position += 1  # a stray closing brace stands for nothing
            continue
        piece, position = _token(latex, position)
        pieces.append(piece)
    return "".join(pieces), position


def _argument(latex: str, position: int) -> tuple[str, int]:
    """The next argument of a command or of `^`/`_`: a braced group or a single token."""
    while position < len(latex) and latex[position].isspace():
        position += 1
    if position >= len(latex) or latex[position] == "}":
        return "", position
    return _token(latex, position)


def _token(latex: str, position: int) -> tuple[str, int]:
    """One token as text: a group, a command with its arguments, a script, or a character."""
    char = latex[position]
    if char == "{":
        return _sequence(latex, position + 1, inside_group=True)
    if char in "^_":
        argument, position = _argument(latex, position + 1)
        return char + (argument if len(argument) <= 1 else f"({argument})"), position
    if char == "~":
        return " ", position + 1
    if char != "\\":
        return char, position + 1
    match = _COMMAND.match(latex, position)
    if match is None:  # a lone backslash at the end
        return "", position + 1
    position = match.end()
    name, symbol = match[1], match[2]
    if name is None:
        return _CHARACTER_COMMANDS.get(symbol, symbol), position
    if name in _KEEP_ARGUMENT:
        return _argument(latex, position)
    if name in texmath.FRACTIONS:
        numerator, position = _argument(latex, position)
        denominator, position = _argument(latex, position)
        return f"{_wrapped(numerator)}/{_wrapped(denominator)}", position
    if name in texmath.ROOTS:
        if latex.startswith("[", position):
            end = latex.find("]", position)
            position = end + 1 if end != -1 else len(latex)
        radicand, position = _argument(latex, position)
        return "√" + _wrapped(radicand), position
    if name in _DROP_ARGUMENT:
        _, position = _argument(latex, position)
        return "", position
    if name in texmath.SILENT:
        return "", position
    if name in texmath.SPACES:
        return " ", position
    if name in _SYMBOLS:
        return _SYMBOLS[name], position
    if latex.startswith("{", position):
        return "", position  # an unknown command with an argument: formatting, keep only the argument
    return name, position  # an unknown symbol: its name is the best plain reading (`\log` -> `log`)


def _wrapped(text: str) -> str:
    """A fraction part or radicand, parenthesised when it is more than one word or number."""
    return text if re.fullmatch(r"[\w.]*", text) else f"({text})"
