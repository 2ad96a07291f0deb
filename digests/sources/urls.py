"""Whether a string can be an http(s) address we fetch or store: one check for every entrance.

Sources (`sources add`, `/addsource`, OPML outlines), every fetch and every feed item's link go
through ``url_problem``, so a broken address costs one line ("invalid URL ...: host name longer
than 253 characters") wherever it comes in, never a traceback from deep inside a library.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import idna
from tld import get_fld

__all__ = ["MAX_LINK_CHARS", "MAX_SOURCE_URL_CHARS", "shown", "site", "site_host", "url_problem"]

# A source's address is a unique, indexed column of this size.
MAX_SOURCE_URL_CHARS = 2048
# An article's link is stored whole (its identity is a hash of it); beyond this it is no link
# a browser or a server would take.
MAX_LINK_CHARS = 8192
# DNS: a name of at most 253 characters, in labels of at most 63 (RFC 1035, 1123).
_MAX_HOST_CHARS = 253
_MAX_LABEL_CHARS = 63
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_SHOWN_CHARS = 120


def shown(value: str) -> str:
    """A URL (or a feed's title) as a report line shows it: cut, with "…", past a line."""
    return value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"


def _host_problem(host: str) -> str | None:
    if host.startswith("[") or ":" in host:
        return None  # an IPv6 literal: urlsplit has checked its brackets
    if not host.isascii():
        try:
            # As httpx encodes a host name before connecting (IDNA 2008, UTS 46 mapping).
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            return f"a host name that cannot be encoded ({exc})"
    labels = host.rstrip(".").split(".")
    if any(len(label) > _MAX_LABEL_CHARS for label in labels):
        return f"a label of the host name is over {_MAX_LABEL_CHARS} characters"
    if len(host.rstrip(".")) > _MAX_HOST_CHARS:
        return f"host name longer than {_MAX_HOST_CHARS} characters"
    if "" in labels:
        return "an empty label in the host name"
    return None


def url_problem(url: str, *, max_chars: int = MAX_LINK_CHARS) -> str | None:
    """Why ``url`` is no http(s) address we can use (one short phrase), or None."""
    if len(url) > max_chars:
        return f"longer than {max_chars:,} characters ({len(url):,})"
    if _CONTROL.search(url):
        return "contains control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return str(exc)
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "no host"
    if port == 0:
        return "port 0"
    return _host_problem(parts.hostname)


def site_host(url: str | None) -> str | None:
    """The site ``url`` is on: its host name, ``www.`` aside (None when it has none)."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def site(url: str | None) -> str | None:
    """The site ``url`` belongs to: its registrable domain ("feeds.outlet.example" and
    "www.outlet.example" are both "outlet.example", by the public suffix list the ``tld``
    package ships), or its host where it has none (an IP address, "localhost")."""
    host = site_host(url)
    if host is None:
        return None
    return get_fld(host, fix_protocol=True, fail_silently=True) or host
