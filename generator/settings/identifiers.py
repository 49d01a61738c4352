"""Checked identifiers from a settings file: web addresses, ORCID iDs, Mastodon and Bluesky handles."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from generator.model import identifiers

MAX_URL_LENGTH = 2000
# Characters RFC 3986 never allows unescaped in a URL: a link holding one was not copied from an address bar.
_NOT_IN_URLS = frozenset('"<>\\^`{|}')
_HOST_NAME = re.compile(r"[A-Za-z0-9._-]+")
_IPV6 = re.compile(r"[0-9A-Fa-f:.]+")
_ASCII_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))


def safe_url(text: object) -> str | None:
    """`text` as an absolute http(s) address safe to emit in a link, or None when it is not one.

    Refused: other schemes (`javascript:`, `data:`, `file:`, `mailto:`), addresses without a host, with a
    user name or password (`https://bank.example@evil.example/`), with white space, control or invisible
    characters, or with characters no URL holds unescaped. A non-ASCII host is written in punycode and other
    non-ASCII characters are percent-encoded, so the address is the one a browser would go to.
    """
    if not isinstance(text, str):
        return None
    url = text.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    if any(
        ch in _NOT_IN_URLS or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in url
    ):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number in range)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc or not parts.hostname:
        return None
    host = parts.hostname
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        netloc = host + (f":{parts.port}" if parts.port is not None else "")
    else:
        netloc = parts.netloc
    if not (_HOST_NAME.fullmatch(host) or ":" in host and _IPV6.fullmatch(host)):
        return None
    rest = [quote(piece, safe=_ASCII_PRINTABLE) for piece in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((parts.scheme, netloc, *rest)) if not url.isascii() else url


# --- ORCID iDs -------------------------------------------------------------------------------------------

_ORCID = re.compile(r"(?:(?:https?://)?(?:www\.)?orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])/?", re.ASCII)


def normalise_orcid(text: object) -> str | None:
    """An ORCID iD written bare or as its orcid.org URL, as `0000-0002-1825-0097`; None when it is not one
    (wrong shape or wrong check digit). The readers' check (model/identifiers.py)."""
    return identifiers.normalise_orcid(text.strip()) if isinstance(text, str) else None


def orcid_is_valid(text: object) -> bool:
    """True when `text` is an ORCID iD (bare or as an orcid.org URL) whose check digit is right."""
    return normalise_orcid(text) is not None


def orcid_problem(text: str) -> str:
    """Why `text` is not an ORCID iD, for a message."""
    match = _ORCID.fullmatch(text.strip())
    if not match:
        return "is not an ORCID iD: write it as 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097"
    return "is not a valid ORCID iD: its check digit does not match (is a digit mistyped?)"


def orcid_url(orcid: str) -> str:
    """The address of an ORCID record (from a normalised iD)."""
    return f"https://orcid.org/{orcid}"


# --- Mastodon and Bluesky --------------------------------------------------------------------------------

_MASTODON_HANDLE = re.compile(r"@?([A-Za-z0-9_]{1,64})@((?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63})", re.ASCII)
_BLUESKY_HANDLE = re.compile(r"@?((?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63})", re.ASCII)


def mastodon_url(text: str) -> str | None:
    """A Mastodon profile address, from its URL or a handle `@name@server.social`; None when it is neither."""
    match = _MASTODON_HANDLE.fullmatch(text.strip())
    if match:
        return f"https://{match[2].lower()}/@{match[1]}"
    return safe_url(text)


def bluesky_url(text: str) -> str | None:
    """A Bluesky profile address, from its URL or a handle `@name.bsky.social`; None when it is neither."""
    match = _BLUESKY_HANDLE.fullmatch(text.strip())
    if match:
        return f"https://bsky.app/profile/{match[1].lower()}"
    return safe_url(text)
