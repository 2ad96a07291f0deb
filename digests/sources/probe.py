"""What a user's URL_OR_PATH is: a feed, an article page, or a local file or folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from digests.sources.encoding import decode_bytes
from digests.sources.errors import BadLocation, NotAFeed, ParseError
from digests.sources.feeds import looks_like_feed, parse_fetched
from digests.sources.fetch import fetch
from digests.sources.files import read_location
from digests.sources.models import FetchConfig, SourceKind
from digests.sources.pages import parse_page

__all__ = ["Candidate", "classify_location", "probe"]

_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source ready to add: its kind, normalized location and a title when one was found."""

    kind: SourceKind
    location: str
    title: str | None = None


def classify_location(value: str, *, cwd: Path | None = None) -> tuple[SourceKind | None, str]:
    """(PATH, absolute path) for an existing path, (None, url) for an http(s) URL, else BadLocation.

    A URL still has to be fetched to tell a feed from a page.
    """
    text = value.strip()
    if not text:
        raise BadLocation("empty source: give an http(s) URL or a file or folder path")
    path = Path(text).expanduser()
    if not path.is_absolute() and cwd is not None:
        path = cwd / path
    if path.exists():
        return SourceKind.PATH, str(path.resolve())
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return None, text
    if parts.scheme and parts.netloc:
        raise BadLocation(f"unsupported URL scheme {parts.scheme!r} (use http or https): {text}")
    raise BadLocation(f"neither an http(s) URL nor an existing file or folder: {text!r}")


async def probe(value: str, *, client: httpx.AsyncClient, config: FetchConfig) -> Candidate:
    """Classify ``value``; URLs are fetched once and read as a feed, else as an article page."""
    kind, location = classify_location(value, cwd=Path.cwd())
    if kind is SourceKind.PATH:
        results = read_location(location)
        if not any(r.article for r in results):
            reasons = "; ".join(r.reason for r in results if r.reason) or "no .txt/.html files"
            raise ParseError(f"no readable article in {location}: {reasons}")
        return Candidate(SourceKind.PATH, location, Path(location).name)
    fetched = await fetch(client, location, max_bytes=config.max_bytes, timeout=config.timeout)
    if looks_like_feed(fetched.content) or fetched.content_type in _FEED_TYPES:
        feed = parse_fetched(fetched)
        return Candidate(SourceKind.FEED, location, feed.title)
    if fetched.content_type not in (None, "text/html", "application/xhtml+xml", "text/plain"):
        raise NotAFeed(f"{location}: neither a feed nor an HTML page ({fetched.content_type})")
    html, _ = decode_bytes(fetched.content, charset=fetched.charset)
    article = parse_page(html, url=fetched.url)
    return Candidate(SourceKind.PAGE, location, article.title)
