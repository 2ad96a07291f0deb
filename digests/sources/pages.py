"""Single article pages: main text, title, date, outlet and canonical URL via trafilatura."""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from digests.sources.cleaning import clean_text, require_article
from digests.sources.dates import KnownDate, date_from_text, first_known, parse_date_string
from digests.sources.errors import EmptyArticle
from digests.sources.models import ParsedArticle
from digests.sources.urls import MAX_LINK_CHARS, site_host

__all__ = ["parse_page"]

# Only the page's own metadata; htmldate's extensive search guesses from the text and URL.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_TIME_NAMES = r"(?:article:published_time|og:published_time|datePublished|pubdate|publish[-_]date)"
_META_TIME = (
    re.compile(
        r"<meta[^>]+(?:property|name|itemprop)\s*=\s*[\"']"
        + _TIME_NAMES
        + r"[\"'][^>]*?content\s*=\s*[\"']([^\"']+)",
        re.I,
    ),
    re.compile(
        r"<meta[^>]+content\s*=\s*[\"']([^\"']+)[\"'][^>]*?(?:property|name|itemprop)\s*=\s*[\"']"
        + _TIME_NAMES,
        re.I,
    ),
)


def _metadata_date(html: str, found: str | None) -> KnownDate | None:
    """The page's date; with the exact moment when its published-time meta tag agrees."""
    day = parse_date_string(found)
    head = html[:200_000]
    for pattern in _META_TIME:
        match = pattern.search(head)
        exact = parse_date_string(match.group(1)) if match else None
        if exact is not None and (day is None or exact.date == day.date):
            return exact
    return day


def _drop_title_line(text: str, title: str | None) -> str:
    first, _, rest = text.partition("\n\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def _own_canonical(canonical: object, url: str | None) -> str | None:
    """The page's canonical URL when it is on the page's own host (``www.`` aside), else None.

    A canonical URL is the page's claim about itself; one naming another host would make this
    page replace that host's article.
    """
    if not isinstance(canonical, str) or not canonical.startswith(("http://", "https://")):
        return None
    if len(canonical) > MAX_LINK_CHARS:
        return None
    if url is None or site_host(canonical) != site_host(url):
        return None
    return canonical


def parse_page(html: str, *, url: str | None, feed_date: KnownDate | None = None) -> ParsedArticle:
    """Extract the article of one HTML page; ``feed_date`` (when known) wins over the page's."""
    where = url or "page"
    try:
        doc: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise EmptyArticle(f"{where}: no article found in the page ({exc})") from exc
    if doc is None or not getattr(doc, "text", None):
        raise EmptyArticle(f"{where}: no article text found in the page")
    cleaned = clean_text(doc.text, find_title=not doc.title)
    title = doc.title or cleaned.title or None
    text = require_article(_drop_title_line(cleaned.text, title), where=where)
    known = first_known(
        feed_date, _metadata_date(html, doc.date), date_from_text(list(cleaned.removed))
    )
    canonical = _own_canonical(doc.url, url)
    return ParsedArticle(
        text=text,
        url=url,
        canonical_url=canonical or url,
        title=title,
        outlet=doc.sitename or None,
        author=doc.author or None,
        published=known.date if known else None,
        published_at=known.moment if known else None,
    )
