"""What ingestion produces: fetched bodies, parsed feeds and articles, per-source results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from digests.analysis.models import PartialDate
from digests.sources.addresses import AddressPolicy

__all__ = [
    "FeedEntry",
    "FetchConfig",
    "FetchOutcome",
    "Fetched",
    "ParsedArticle",
    "ParsedFeed",
    "SourceKind",
    "SourceResult",
]


class SourceKind(StrEnum):
    """What a source is: a feed, an article page, or a local file or folder (stored as text)."""

    FEED = "feed"
    PAGE = "page"
    PATH = "path"


class FetchOutcome(StrEnum):
    """How polling one source ended."""

    FETCHED = "fetched"
    NOT_MODIFIED = "not-modified"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Plain values the HTTP client is built from (the caller reads them from settings)."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = "NewsDigest/0.1"
    # Loopback, private, link-local, multicast and reserved addresses are refused unless this;
    # hosts named in ``allowed_hosts`` are exempt one by one.
    allow_private_addresses: bool = False
    allowed_hosts: tuple[str, ...] = ()

    @property
    def address_policy(self) -> AddressPolicy:
        """The address check these settings ask for, for every connection and feed link."""
        return AddressPolicy.of(
            allow_private=self.allow_private_addresses, allowed_hosts=self.allowed_hosts
        )


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP answer: the final URL after redirects and the (capped) body, or "not modified"."""

    url: str
    status: int
    content: bytes
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # The answer's Content-Location: the base its relative links are resolved against.
    content_location: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One article as found: clean text plus what is known of where and when it came from.

    ``published`` says how precisely the date is known; ``published_at`` is the exact moment
    when a feed or page gave one, else None.
    """

    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    published_at: datetime | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item; ``is_teaser`` means its text is only a summary and the page must be read.

    ``text`` is already cleaned (``cleaning.clean_text``): the longest of its bodies.
    """

    guid: str | None
    url: str | None
    title: str | None
    author: str | None
    published: PartialDate | None
    published_at: datetime | None
    text: str
    is_teaser: bool


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    version: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What polling one source did; ``reason`` says why when it failed."""

    source_id: int
    location: str
    outcome: FetchOutcome
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Items of a working source that could not be read: (url or file, reason).
    item_failures: tuple[tuple[str, str], ...] = ()
    # Files that were never meant as articles (images, JSON...), with why they were passed over.
    skipped: tuple[str, ...] = ()
    reason: str | None = None
