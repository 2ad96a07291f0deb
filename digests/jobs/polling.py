"""Polling one source: fetch (through the process's one HTTP client) or read, then parse.

No transaction is open while a source is polled; the only database read is which feed items are
already stored, in its own short transaction. The ingest job (``digests.jobs.ingest``) writes
what a poll found.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest_report import IngestConfig
from digests.sources.cleaning import require_article
from digests.sources.dates import KnownDate
from digests.sources.encoding import decode_bytes
from digests.sources.entries import entry_keys, select_entries, split_refused_links
from digests.sources.errors import SourceError
from digests.sources.feeds import parse_fetched
from digests.sources.fetch import fetch
from digests.sources.files import FileStamp, scan_location
from digests.sources.models import FeedEntry, Fetched, ParsedArticle, SourceKind
from digests.sources.pages import parse_page
from digests.sources.urls import site
from storage.articles import KnownLink, known_links
from storage.engine import transaction
from storage.models import Source
from storage.sources import file_stamps

__all__ = ["Polled", "PolledSource", "Poller", "polled_source_of"]

_PAGES_PER_FEED = 4


@dataclass(frozen=True, slots=True)
class PolledSource:
    """A source as a poll needs it, read in one short transaction."""

    id: int
    kind: str
    location: str
    etag: str | None
    last_modified: str | None
    error_count: int
    title: str | None


@dataclass
class Polled:
    """What one poll found: articles, per-item failures and skips, the feed's cache headers."""

    articles: list[ParsedArticle] = field(default_factory=list)
    item_failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # This source's stored teasers: link -> title now in the feed, written without a page fetch.
    retitles: dict[str, str] = field(default_factory=dict)
    # Feed entries already stored and not changed (no page fetch needed).
    unchanged: int = 0
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    # The sites this source is on (``digests.sources.urls.site`` of its address, before and
    # after redirects): an article linked on one is the outlet's own (``first_party``). A
    # feed's own <link> is not asked: any feed could name any site there.
    sites: frozenset[str] = frozenset()
    # A folder's files read this poll (name -> size, mtime in ns) and every file there now.
    file_stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    present_files: frozenset[str] = frozenset()
    # Files beyond this poll's cap wait: the source is due again at once.
    more_waiting: bool = False

    def first_party(self, article: ParsedArticle) -> bool:
        """Whether ``article`` is linked on this source's own site."""
        return site(article.canonical_url or article.url) in self.sites


def _sites(*urls: str | None) -> frozenset[str]:
    return frozenset(found for found in map(site, urls) if found)


def polled_source_of(source: Source) -> PolledSource:
    """The poll's view of a stored source."""
    return PolledSource(
        id=source.id,
        kind=source.kind,
        location=source.location,
        etag=source.etag,
        last_modified=source.last_modified,
        error_count=source.error_count,
        title=source.title,
    )


class Poller:
    """Polls sources for one ingest run: every fetch through ``client`` with ``config``'s caps."""

    def __init__(
        self, sessions: sessionmaker[Session], config: IngestConfig, client: httpx.AsyncClient
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.client = client

    async def _fetch(
        self, url: str, *, etag: str | None = None, modified: str | None = None
    ) -> Fetched:
        cfg = self.config.fetch
        return await fetch(
            self.client,
            url,
            max_bytes=cfg.max_bytes,
            timeout=cfg.timeout,
            etag=etag,
            last_modified=modified,
        )

    def _read_path(self, target: PolledSource) -> Polled:
        with transaction(self.sessions) as session:
            known = {
                name: FileStamp(size, mtime)
                for name, (size, mtime) in file_stamps(session, target.id).items()
            }
        limit = self.config.max_items_per_poll
        scan = scan_location(target.location, known=known, limit=limit)
        polled = Polled(
            unchanged=scan.unchanged,
            file_stamps={n: (s.size, s.mtime_ns) for n, s in scan.stamps.items()},
            present_files=scan.present,
            more_waiting=scan.waiting > 0,
        )
        if scan.waiting:
            polled.skipped.append(
                f"{target.location}: {scan.waiting} new or changed files wait for the next poll "
                f"({limit} read per poll)"
            )
        for result in scan.results:
            if result.article is not None:
                polled.articles.append(result.article)
            elif result.skipped:
                polled.skipped.append(result.reason or result.path.name)
            else:
                polled.item_failures.append((result.path.name, result.reason or "unreadable"))
        if not polled.articles and polled.item_failures and not known and not scan.waiting:
            # Nothing readable at all is the source's failure, so backoff sees it.
            raise SourceError("; ".join(reason for _, reason in polled.item_failures))
        return polled

    async def poll(self, target: PolledSource, now: datetime) -> Polled:
        """Fetch or read one source and parse what it holds; SourceError when it fails."""
        if target.kind == SourceKind.PATH:
            return await asyncio.to_thread(self._read_path, target)
        if target.kind == SourceKind.PAGE:
            fetched = await self._fetch(target.location)
            html, _ = decode_bytes(fetched.content, charset=fetched.charset)
            article = await asyncio.to_thread(parse_page, html, url=fetched.url)
            return Polled(articles=[article], sites=_sites(target.location, fetched.url))
        return await self._poll_feed(target, now)

    async def _poll_feed(self, target: PolledSource, now: datetime) -> Polled:
        fetched = await self._fetch(
            target.location, etag=target.etag, modified=target.last_modified
        )
        if fetched.not_modified:
            return Polled(not_modified=True, etag=fetched.etag, last_modified=fetched.last_modified)
        # Parsing is CPU work: off the event loop, so the bot keeps answering meanwhile.
        feed = await asyncio.to_thread(parse_fetched, fetched)
        polled = Polled(
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            title=feed.title,
            sites=_sites(target.location, fetched.url),
        )
        selection = select_entries(feed.entries, limit=self.config.max_items_per_poll, now=now)
        if selection.left_out:
            polled.skipped.append(
                f"{target.location}: {selection.left_out} older items beyond the "
                f"{self.config.max_items_per_poll} read per poll"
            )
        fetching = self.config.fetch
        entries, refused = split_refused_links(selection.entries, fetching.address_policy)
        polled.item_failures.extend(refused)
        links = [e.url for e in entries if e.is_teaser and e.url]
        known = await asyncio.to_thread(self._known, links) if links else {}
        limit = asyncio.Semaphore(_PAGES_PER_FEED)

        async def read_teaser(entry: FeedEntry) -> None:
            assert entry.url is not None
            async with limit:
                try:
                    polled.articles.append(await self._entry_page(entry, feed.title))
                except SourceError as exc:
                    polled.item_failures.append((entry.url, str(exc)))

        pending = []
        full: list[tuple[FeedEntry, str | None]] = []
        keys = entry_keys(entries, feed_url=target.location)
        seen: set[str] = set()
        for entry, key in zip(entries, keys, strict=True):
            identity = key or entry.url
            if identity in seen:
                # The same item twice in one feed: the first (newest) copy is the one read.
                polled.unchanged += 1
                continue
            if identity:
                seen.add(identity)
            if entry.is_teaser and entry.url:
                found = known.get(entry.url)
                # Another source's copy of this outlet's own article: read the outlet's page,
                # which takes the article over (storage.articles.upsert_article).
                takes_over = (
                    found is not None
                    and found.source_id != target.id
                    and not found.first_party
                    and site(entry.url) in polled.sites
                )
                if found is not None and not takes_over:
                    if found.source_id == target.id and entry.title and entry.title != found.title:
                        polled.retitles[entry.url] = entry.title
                    else:
                        polled.unchanged += 1
                    continue
                pending.append(read_teaser(entry))
                continue
            full.append((entry, key))
        # Checking full-text items is CPU work too: off the event loop, with the teasers' pages.
        built, _ = await asyncio.gather(
            asyncio.to_thread(_entry_articles, full, feed.title, target.location),
            asyncio.gather(*pending),
        )
        for made in built:
            if isinstance(made, ParsedArticle):
                polled.articles.append(made)
            else:
                polled.item_failures.append(made)
        return polled

    def _known(self, links: list[str]) -> dict[str, KnownLink]:
        with transaction(self.sessions) as session:
            return known_links(session, links)

    async def _entry_page(self, entry: FeedEntry, outlet: str | None) -> ParsedArticle:
        assert entry.url is not None
        fetched = await self._fetch(entry.url)
        html, _ = decode_bytes(fetched.content, charset=fetched.charset)
        feed_date = KnownDate(entry.published, entry.published_at) if entry.published else None
        page = await asyncio.to_thread(parse_page, html, url=fetched.url, feed_date=feed_date)
        return ParsedArticle(
            text=page.text,
            url=entry.url,
            canonical_url=page.canonical_url or entry.url,
            title=entry.title or page.title,
            outlet=page.outlet or outlet,
            author=entry.author or page.author,
            published=page.published,
            published_at=page.published_at,
        )


def _entry_articles(
    entries: list[tuple[FeedEntry, str | None]], outlet: str | None, feed_url: str
) -> list[ParsedArticle | tuple[str, str]]:
    """Each full-text entry as an article, or (item, reason) when it is none."""
    found: list[ParsedArticle | tuple[str, str]] = []
    for entry, key in entries:
        try:
            found.append(_entry_article(entry, outlet, feed_url, key))
        except SourceError as exc:
            found.append((entry.url or entry.title or "entry", str(exc)))
    return found


def _entry_article(
    entry: FeedEntry, outlet: str | None, feed_url: str, key: str | None
) -> ParsedArticle:
    where = entry.url or f"entry {entry.title!r} of {feed_url}"
    # The feed parser has cleaned the entry's text already (cleaning twice changes nothing).
    text = require_article(entry.text, where=where)
    return ParsedArticle(
        text=text,
        url=entry.url,
        canonical_url=key,
        title=entry.title,
        outlet=outlet,
        author=entry.author,
        published=entry.published,
        published_at=entry.published_at,
    )
