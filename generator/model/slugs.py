"""Slugs: ASCII, file-name-safe, stable identifiers for authors, papers and index entries."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.layout import RESERVED_NAMES, RESERVED_PATTERN

_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "Œ": "OE",
        "œ": "oe",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Names that Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SLUG_LENGTH = 80
# Names the site's layout gives a meaning in a folder of generated pages (generator/layout.py): `index` is the
# folder's own page (`authors/index.md` is the Authors page), `page-2` a listing's second page, and so on. No
# author, paper, index entry or collection may take one, or its page would be lost to the site's own.
LAYOUT_NAMES = frozenset(RESERVED_NAMES)
_LAYOUT_PATTERN = re.compile(RESERVED_PATTERN)


def slugify(text: str, fallback: str = "item") -> str:
    """Turn any text into a lower-case ASCII slug of letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    if not slug:
        slug = fallback
    if slug in _RESERVED or slug in LAYOUT_NAMES or _LAYOUT_PATTERN.fullmatch(slug):
        slug = f"{slug}-{fallback}"
    return slug


def _suffix(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


def assign_slugs(
    keys: list[str], texts: dict[str, str], fallback: str = "item", reserved: frozenset[str] = LAYOUT_NAMES
) -> dict[str, str]:
    """Give each key a unique slug of its text, never one of the `reserved` names (`index` becomes
    `index-author`); a collision gets a suffix derived from the key.

    The result depends only on the set of keys and their texts, not on their order, so slugs are
    stable across runs and input orders.
    """
    by_base: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        base = slugify(texts[key], fallback)
        if base in reserved:
            base = f"{base}-{fallback}"
        by_base.setdefault(base, []).append(key)
    taken = set(by_base) | set(reserved)
    slugs: dict[str, str] = {}
    for base, group in sorted(by_base.items()):
        slugs[group[0]] = base  # the smallest key keeps the plain slug
        for key in group[1:]:
            candidate = f"{base}-{_suffix(key)}"
            n = 2
            while candidate in taken:
                candidate = f"{base}-{_suffix(key)}-{n}"
                n += 1
            taken.add(candidate)
            slugs[key] = candidate
    return slugs
