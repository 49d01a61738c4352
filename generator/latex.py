"""LaTeX math in titles and abstracts as plain text, for places that cannot show math (RIS, CSL, feeds).

`G$^3$SR` becomes `G^3SR`, `$\\textbf{X}$` becomes `X`, `$k + \\mathcal{O}(1)$` becomes `k + O(1)`.
Only `$...$` pieces are converted; the text around them is kept as it is (with `\\$` unescaped), so a
`%` or `&` in an ordinary title stays. The converter reads a small, forgiving subset of LaTeX: what
it does not know it keeps as words, it never fails, and it never produces markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.markup import plain_text, split_math

# Commands whose braced argument is the text (fonts, text boxes, accents).
_KEEP_ARGUMENT = frozenset({
    "text", "textbf", "textit", "textrm", "texttt", "textsf", "textsc", "textnormal", "textup", "emph",
    "mathbf", "mathit", "mathrm", "mathcal", "mathbb", "mathfrak", "mathscr", "mathsf", "mathtt", "mathnormal",
    "boldsymbol", "bm", "operatorname", "mbox", "hbox", "underline", "overline", "hat", "widehat", "bar",
    "tilde", "widetilde", "vec", "dot", "ddot", "check", "breve", "acute", "grave", "mathring",
})
# Commands that only shape spacing or sizes: they leave nothing.
_SILENT = frozenset({
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle",
    "textstyle", "scriptstyle", "limits", "nolimits", "middle", "mathstrut", "strut", "phantom",
})
# Commands whose first braced argument is not text (environments, URLs, colours, lengths).
_DROP_ARGUMENT = frozenset({"begin", "end", "label", "href", "color", "textcolor", "colorbox", "hspace", "vspace"})
_SPACES = frozenset({"quad", "qquad", "space", "enspace", "thinspace", "medspace", "thickspace"})
_SYMBOLS = {
    **{name: chr(code) for name, code in (
        ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3F5),
        ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("vartheta", 0x3D1),
        ("iota", 0x3B9), ("kappa", 0x3BA), ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE),
        ("pi", 0x3C0), ("varpi", 0x3D6), ("rho", 0x3C1), ("varrho", 0x3F1), ("sigma", 0x3C3),
        ("varsigma", 0x3C2), ("tau", 0x3C4), ("upsilon", 0x3C5), ("phi", 0x3D5), ("varphi", 0x3C6),
        ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9), ("Gamma", 0x393), ("Delta", 0x394),
        ("Theta", 0x398), ("Lambda", 0x39B), ("Xi", 0x39E), ("Pi", 0x3A0), ("Sigma", 0x3A3),
        ("Upsilon", 0x3A5), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9))},
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "times": "×", "cdot": "·", "div": "÷",
    "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "•", "dagger": "†", "prime": "′",
    "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃", "neg": "¬", "emptyset": "∅",
    "varnothing": "∅", "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "cup": "∪", "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨",
    "lor": "∨", "oplus": "⊕", "otimes": "⊗", "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⇒", "iff": "⇔", "mapsto": "↦", "uparrow": "↑",
    "downarrow": "↓", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "langle": "⟨",
    "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "|": "‖", "Vert": "‖",
    "vert": "|", "mid": "|", "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "deg": "deg",
    "top": "⊤", "bot": "⊥", "perp": "⊥", "parallel": "∥", "angle": "∠", "triangle": "△", "square": "□",
    "checkmark": "✓", "S": "§", "P": "¶", "copyright": "©", "dag": "†",
}
# `\{`, `\,` and friends: a character command stands for itself, spacing commands for a space or nothing.
_CHARACTER_COMMANDS = {",": " ", ";": " ", ":": " ", ">": " ", " ": " ", "!": "", "\\": " ", "/": ""}
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
    if name == "frac" or name in ("dfrac", "tfrac"):
        numerator, position = _argument(latex, position)
        denominator, position = _argument(latex, position)
        return f"{_wrapped(numerator)}/{_wrapped(denominator)}", position
    if name == "sqrt":
        if latex.startswith("[", position):
            end = latex.find("]", position)
            position = end + 1 if end != -1 else len(latex)
        radicand, position = _argument(latex, position)
        return "√" + _wrapped(radicand), position
    if name in _DROP_ARGUMENT:
        _, position = _argument(latex, position)
        return "", position
    if name in _SILENT:
        return "", position
    if name in _SPACES:
        return " ", position
    if name in _SYMBOLS:
        return _SYMBOLS[name], position
    if latex.startswith("{", position):
        return "", position  # an unknown command with an argument: formatting, keep only the argument
    return name, position  # an unknown symbol: its name is the best plain reading (`\log` -> `log`)


def _wrapped(text: str) -> str:
    """A fraction part or radicand, parenthesised when it is more than one word or number."""
    return text if re.fullmatch(r"[\w.]*", text) else f"({text})"
