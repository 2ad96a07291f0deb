"""Feeds from bytes: RSS 0.9x/1.0/2.0 and Atom via feedparser, teasers flagged for a page fetch."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml.etree import ParserError

from digests.sources.cleaning import MIN_ARTICLE_WORDS, clean_text
from digests.sources.dates import (
    KnownDate,
    first_known,
    from_struct_time,
    impossible_date,
    parse_date_string,
)
from digests.sources.encoding import decode_bytes, drop_unstorable_references
from digests.sources.errors import MalformedFeed, NotAFeed
from digests.sources.models import FeedEntry, Fetched, ParsedFeed

__all__ = ["TEASER_WORDS", "html_to_text", "looks_like_feed", "parse_feed", "parse_fetched"]

# Fewer words than this in an entry (or an ellipsis at its end) and the page holds the article.
TEASER_WORDS = 150
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)\b", re.I)
_TRUNCATED = re.compile(
    r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]|read more\W*|continue reading\W*)$", re.I
)
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


def looks_like_feed(content: bytes) -> bool:
    """A cheap sniff: an RSS/RDF/Atom root element near the top and not an HTML page."""
    head = content[:4096].lstrip()
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = decode_bytes(content[:8192])[0].encode("utf-8", "replace")[:4096]
    return bool(_FEED_ROOT.search(head)) and not _HTML_START.match(head)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath("//script|//style|//figure|//figcaption"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    return str(root.text_content()).strip()


def _feed_bytes(content: bytes, charset: str | None) -> tuple[bytes, dict[str, str]]:
    # feedparser guesses badly without a declared charset; decode ourselves, hand it UTF-8.
    text, _ = decode_bytes(content, charset=charset)
    # A reference to NUL or a lone surrogate would fail the whole feed (or its database write).
    text = drop_unstorable_references(text)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", '<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8"), {"content-type": "application/xml; charset=utf-8"}


def _entry_text(entry: Any) -> tuple[str, bool]:
    bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    has_full = bool(bodies)
    if entry.get("summary"):
        bodies.append(entry["summary"])
    texts = [clean_text(html_to_text(b), find_title=False).text for b in bodies]
    best = max(texts, key=len, default="")
    words = len(best.split())
    teaser = words < TEASER_WORDS or bool(_TRUNCATED.search(best))
    # A long <content> is the article even if its last words are "Read more".
    if has_full and words >= max(MIN_ARTICLE_WORDS * 3, TEASER_WORDS):
        teaser = False
    return best, teaser


def _absolute(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _entry_link(entry: Any, base: str) -> str | None:
    """The item's page: its link resolved against the feed's address; a guid only if a URL."""
    guid = str(entry.get("id") or "").strip()
    link = str(entry.get("link") or "").strip()
    if entry.get("guidislink") or link == guid:
        # feedparser copies a permalink guid into the link; "article-42" names, it does not link.
        return link if _absolute(link) else None
    if not link:
        return guid if _absolute(guid) else None
    try:
        resolved = urljoin(base, link)
    except ValueError:
        return None
    return resolved if _absolute(resolved) else None


def _entry_date(entry: Any) -> KnownDate | None:
    """The item's date: as written (keeping the publisher's day), else feedparser's UTC reading.

    A written date that cannot be (February 31st) dates nothing: feedparser would roll it over.
    """
    as_written = [dict.get(entry, key) for key in ("published", "updated", "dc_date")]
    if any(impossible_date(value) for value in as_written if isinstance(value, str)):
        return None
    found: list[KnownDate | None] = []
    for key in ("published", "updated"):
        written = parse_date_string(dict.get(entry, key))
        found.append(written if written is not None and written.moment is not None else None)
        # dict.get: feedparser's own get() maps a missing updated_parsed, with a warning.
        found.append(from_struct_time(dict.get(entry, f"{key}_parsed")))
    found.append(
        parse_date_string(
            dict.get(entry, "published") or dict.get(entry, "updated") or entry.get("dc_date")
        )
    )
    return first_known(*found)


def _entry(entry: Any, base: str) -> FeedEntry:
    text, teaser = _entry_text(entry)
    link = _entry_link(entry, base)
    known = _entry_date(entry)
    title = html_to_text(entry["title"]) if entry.get("title") else None
    guid = str(entry.get("id") or "").strip()
    return FeedEntry(
        guid=guid[:1024] or None,
        url=link,
        title=" ".join(title.split()) or None if title else None,
        author=entry.get("author") or None,
        published=known.date if known else None,
        published_at=known.moment if known else None,
        text=text,
        is_teaser=teaser and bool(link),
    )


def parse_feed(
    content: bytes, *, url: str, charset: str | None = None, base: str | None = None
) -> ParsedFeed:
    """Parse a feed body; HTML where a feed was expected or unreadable XML raise one-line errors.

    Relative item links are resolved against ``base`` (the answer's Content-Location) or ``url``.
    """
    head = content[:4096].lstrip()
    if not head:
        raise NotAFeed(f"{url}: empty response where a feed was expected")
    if _HTML_START.match(head) and not _FEED_ROOT.search(head):
        raise NotAFeed(f"{url}: an HTML page where a feed was expected")
    data, headers = _feed_bytes(content, charset)
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    version = parsed.get("version") or ""
    if not version:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise MalformedFeed(f"{url}: malformed XML ({problem})")
        raise NotAFeed(f"{url}: not an RSS or Atom feed")
    entries = tuple(_entry(e, urljoin(url, base) if base else url) for e in parsed.entries)
    # The lenient parser salvages what it can; a broken feed with nothing usable is an error.
    if parsed.get("bozo") and not any(e.url or e.text for e in entries):
        raise MalformedFeed(f"{url}: malformed XML ({parsed.get('bozo_exception')})")
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=feed.get("title") or None,
        link=feed.get("link") or None,
        version=version,
        entries=tuple(e for e in entries if e.url or e.text),
    )


def parse_fetched(fetched: Fetched) -> ParsedFeed:
    """``parse_feed`` on an HTTP answer: its final URL, charset and Content-Location as base."""
    return parse_feed(
        fetched.content, url=fetched.url, charset=fetched.charset, base=fetched.content_location
    )
