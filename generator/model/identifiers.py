"""Identifiers as bibliographies write them, reduced to one form: DOIs, arXiv ids, ORCID iDs and web addresses."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# A DOI is `10.` + a registrant code + `/` + a suffix that may hold any printable character.
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|info:doi/|doi:\s*|doi\s+)", re.IGNORECASE)
# arXiv ids: new style YYMM.NNNN(N) since 2007, old style archive(.SUBJECT)/YYMMNNN before; an optional version.
_NEW_ARXIV = r"\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD_ARXIV = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3}"
_ARXIV_ID = re.compile(rf"^(?:({_NEW_ARXIV})|({_OLD_ARXIV}))(?:v\d+)?$")
_ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html|format)/|arxiv:\s*|10\.48550/arxiv\.)({_NEW_ARXIV}|{_OLD_ARXIV})(?:v\d+)?(?!\.?\d)",
    re.IGNORECASE,
)
_ORCID = re.compile(r"(?:(?:https?://)?(?:www\.)?orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])/?", re.ASCII)
# Characters a URL never holds as written: white space (any), controls, invisible and bidi characters, and
# what ends an HTML attribute or tag.
_NOT_IN_URL = re.compile(r"[\s\x00-\x20\x7f-\x9f<>\"\\`\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
MAX_IDENTIFIER = 2048  # longer text is no identifier: checked before any pattern runs


def normalise_doi(text: str) -> str | None:
    """`https://doi.org/10.1145/ABC`, `doi:10.1145/abc` or `10.1145/ABC` -> `10.1145/abc`; None for no DOI."""
    text = text.strip()
    if not text or len(text) > MAX_IDENTIFIER:
        return None
    prefix = _DOI_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
        if prefix[0].lower().startswith("http"):
            text = unquote(text)  # a DOI in a link may be %-encoded (`%2F`, `%3C`)
    text = text.strip()
    return text.lower() if _DOI.fullmatch(text) else None


def normalise_arxiv_id(text: str) -> str | None:
    """`2301.01234v2` -> `2301.01234`, `math.GT/0309136` -> `math/0309136`; None when it is not an arXiv id."""
    text = text.strip()
    if len(text) > 64:
        return None
    if text[:6].lower() == "arxiv:":
        text = text[6:].strip()
    match = _ARXIV_ID.match(text)
    if not match:
        return None
    if match[1]:
        return match[1]
    archive, _, number = match[2].partition("/")
    return f"{archive.split('.')[0]}/{number}"  # the subject class is not part of the id


def find_arxiv_id(text: str) -> str | None:
    """The arXiv id a text names: as an arXiv link, `arXiv:ID`, arXiv's own DOI, or the whole text being an id."""
    if not text or len(text) > 100_000:
        return None
    exact = normalise_arxiv_id(text)
    if exact:
        return exact
    match = _ARXIV_IN_TEXT.search(text)
    return normalise_arxiv_id(match[1]) if match else None


def orcid_checksum(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(text: str) -> str | None:
    """`https://orcid.org/0000-0002-1825-0097` or the bare iD -> `0000-0002-1825-0097`; None unless the check
    character fits."""
    if len(text) > 100:
        return None
    match = _ORCID.fullmatch(text.strip())
    if not match:
        return None
    digits = "".join(match.groups()).upper()
    if orcid_checksum(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def web_address(text: str) -> str | None:
    """The text as an absolute http(s) URL with a host, or None: other schemes (javascript:, data:, file:) and
    relative paths never reach a page."""
    text = text.strip()
    if not text or len(text) > MAX_IDENTIFIER or _NOT_IN_URL.search(text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # a malformed port or IPv6 host
        return None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not host
        or not text.lower().startswith(("http://", "https://"))
    ):
        return None
    return text
