"""The ingest job: poll due sources concurrently, parse outside transactions, write briefly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest_report import (
    IngestConfig,
    IngestFailure,
    IngestProgress,
    IngestReport,
    report_of,
)
from digests.sources.addresses import AddressPolicy
from digests.sources.backoff import next_check_at, should_disable
from digests.sources.cleaning import clean_text, content_hash, lead_title, require_article
from digests.sources.dates import KnownDate, sane_date, stored_moment
from digests.sources.encoding import decode_bytes
from digests.sources.entries import entry_keys, select_entries, split_refused_links
from digests.sources.errors import SourceError
from digests.sources.feeds import parse_feed
from digests.sources.fetch import fetch, make_client
from digests.sources.files import read_location
from digests.sources.language import detect_language
from digests.sources.models import (
    FeedEntry,
    Fetched,
    FetchOutcome,
    ParsedArticle,
    SourceKind,
    SourceResult,
)
from digests.sources.pages import parse_page
from storage.articles import (
    ArticleData,
    KnownLink,
    UpsertOutcome,
    known_links,
    retitle_article,
    upsert_article,
)
from storage.engine import transaction
from storage.models import Source
from storage.sources import (
    due_sources,
    get_source,
    list_sources,
    record_failure,
    record_success,
)

__all__ = [
    "IngestConfig",
    "IngestFailure",
    "IngestProgress",
    "IngestReport",
    "ingest",
    "run_ingest",
]

log = logging.getLogger(__name__)
_PAGES_PER_FEED = 4


@dataclass(frozen=True, slots=True)
class _Target:
    id: int
    kind: str
    location: str
    etag: str | None
    last_modified: str | None
    error_count: int
    title: str | None


@dataclass
class _Polled:
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


def _target(source: Source) -> _Target:
    return _Target(
        id=source.id,
        kind=source.kind,
        location=source.location,
        etag=source.etag,
        last_modified=source.last_modified,
        error_count=source.error_count,
        title=source.title,
    )


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return str(exc)
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"unexpected {type(exc).__name__}: {text}"


class _Run:
    def __init__(
        self, sessions: sessionmaker[Session], config: IngestConfig, client: httpx.AsyncClient
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.client = client
        self.write_lock = asyncio.Lock()

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

    def _read_path(self, target: _Target) -> _Polled:
        polled = _Polled()
        for result in read_location(target.location):
            if result.article is not None:
                polled.articles.append(result.article)
            elif result.skipped:
                polled.skipped.append(result.reason or result.path.name)
            else:
                polled.item_failures.append((result.path.name, result.reason or "unreadable"))
        if not polled.articles and polled.item_failures:
            # Nothing readable at all is the source's failure, so backoff sees it.
            raise SourceError("; ".join(reason for _, reason in polled.item_failures))
        return polled

    async def poll(self, target: _Target, now: datetime) -> _Polled:
        if target.kind == SourceKind.PATH:
            return await asyncio.to_thread(self._read_path, target)
        if target.kind == SourceKind.PAGE:
            fetched = await self._fetch(target.location)
            html, _ = decode_bytes(fetched.content, charset=fetched.charset)
            article = await asyncio.to_thread(parse_page, html, url=fetched.url)
            return _Polled(articles=[article])
        return await self._poll_feed(target, now)

    async def _poll_feed(self, target: _Target, now: datetime) -> _Polled:
        fetched = await self._fetch(
            target.location, etag=target.etag, modified=target.last_modified
        )
        if fetched.not_modified:
            return _Polled(
                not_modified=True, etag=fetched.etag, last_modified=fetched.last_modified
            )
        # Parsing is CPU work: off the event loop, so the bot keeps answering meanwhile.
        feed = await asyncio.to_thread(
            parse_feed,
            fetched.content,
            url=fetched.url,
            charset=fetched.charset,
            base=fetched.content_location,
        )
        polled = _Polled(etag=fetched.etag, last_modified=fetched.last_modified, title=feed.title)
        selection = select_entries(feed.entries, limit=self.config.max_items_per_poll, now=now)
        if selection.left_out:
            polled.skipped.append(
                f"{target.location}: {selection.left_out} older items beyond the "
                f"{self.config.max_items_per_poll} read per poll"
            )
        fetching = self.config.fetch
        policy = AddressPolicy.of(
            allow_private=fetching.allow_private_addresses, allowed_hosts=fetching.allowed_hosts
        )
        entries, refused = split_refused_links(selection.entries, policy)
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
                if found is not None:
                    if found.source_id == target.id and entry.title and entry.title != found.title:
                        polled.retitles[entry.url] = entry.title
                    else:
                        polled.unchanged += 1
                    continue
                pending.append(read_teaser(entry))
                continue
            try:
                polled.articles.append(_entry_article(entry, feed.title, target.location, key))
            except SourceError as exc:
                polled.item_failures.append((entry.url or entry.title or "entry", str(exc)))
        await asyncio.gather(*pending)
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

    def write(self, target: _Target, polled: _Polled, now: datetime) -> SourceResult:
        counts = dict.fromkeys(UpsertOutcome, 0)
        counts[UpsertOutcome.UNCHANGED] = polled.unchanged
        with transaction(self.sessions) as session:
            for article in polled.articles:
                result = upsert_article(session, _data(target.id, article, now=now), now=now)
                counts[result.outcome] += 1
            if polled.retitles:
                ids = known_links(session, list(polled.retitles))
                for link, title in polled.retitles.items():
                    found = ids.get(link)
                    # Only this source's own article takes its title from this feed.
                    if (
                        found is not None
                        and found.source_id == target.id
                        and retitle_article(session, found.id, title, now=now)
                    ):
                        counts[UpsertOutcome.UPDATED] += 1
            record_success(
                session,
                target.id,
                now=now,
                next_check_at=next_check_at(now, 0, self.config.poll_interval),
                etag=polled.etag,
                last_modified=polled.last_modified,
                title=None if target.title else polled.title,
            )
        return SourceResult(
            source_id=target.id,
            location=target.location,
            outcome=FetchOutcome.NOT_MODIFIED if polled.not_modified else FetchOutcome.FETCHED,
            new=counts[UpsertOutcome.NEW],
            updated=counts[UpsertOutcome.UPDATED],
            unchanged=counts[UpsertOutcome.UNCHANGED],
            item_failures=tuple(polled.item_failures),
            skipped=tuple(polled.skipped),
        )

    def fail(self, target: _Target, reason: str, now: datetime) -> SourceResult:
        errors = target.error_count + 1
        disable = should_disable(errors, self.config.max_source_errors)
        with transaction(self.sessions) as session:
            record_failure(
                session,
                target.id,
                now=now,
                reason=(
                    f"disabled after {errors} failures in a row: {reason}" if disable else reason
                ),
                next_check_at=next_check_at(now, errors, self.config.poll_interval),
                disable=disable,
            )
        return SourceResult(
            source_id=target.id,
            location=target.location,
            outcome=FetchOutcome.FAILED,
            reason=reason,
        )

    async def run_one(self, target: _Target, now: datetime) -> SourceResult:
        try:
            polled = await self.poll(target, now)
        except Exception as exc:  # one bad source never stops the others
            if not isinstance(exc, SourceError):
                log.exception("unexpected error polling source %s", target.id)
            async with self.write_lock:
                return await asyncio.to_thread(self.fail, target, _one_line(exc), now)
        async with self.write_lock:
            return await asyncio.to_thread(self.write, target, polled, now)


def _entry_article(
    entry: FeedEntry, outlet: str | None, feed_url: str, key: str | None
) -> ParsedArticle:
    where = entry.url or f"entry {entry.title!r} of {feed_url}"
    text = require_article(clean_text(entry.text, find_title=False).text, where=where)
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


def _data(source_id: int, article: ParsedArticle, *, now: datetime) -> ArticleData:
    given = KnownDate(article.published, article.published_at) if article.published else None
    # Year 1 or 9999 is no date: the article is kept, dated by when it was fetched.
    known = sane_date(given, now=now)
    published_at = stored_moment(known) if known else None
    return ArticleData(
        source_id=source_id,
        text=article.text,
        content_hash=content_hash(article.text),
        url=article.url,
        canonical_url=article.canonical_url,
        # Readers need something to call a headline-less article by.
        title=article.title or lead_title(article.text),
        outlet=article.outlet,
        author=article.author,
        published_at=published_at,
        published_precision=str(known.date.precision) if known else None,
        language=article.language or detect_language(article.text),
    )


def _targets(
    sessions: sessionmaker[Session], *, source_id: int | None, everything: bool, now: datetime
) -> list[_Target]:
    with transaction(sessions) as session:
        if source_id is not None:
            source = get_source(session, source_id)
            if source is None:
                raise SourceError(f"no source with id {source_id}")
            return [_target(source)]
        if everything:
            return [_target(s) for s in list_sources(session) if s.enabled]
        return [_target(s) for s in due_sources(session, now)]


async def ingest(
    sessions: sessionmaker[Session],
    config: IngestConfig,
    *,
    client: httpx.AsyncClient,
    source_id: int | None = None,
    everything: bool = False,
    now: datetime | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
) -> IngestReport:
    """Poll due sources (or one by id, or all enabled), at most ``config.concurrency`` at once.

    ``client`` is the process's one HTTP client (``digests.sources.fetch.make_client``).
    """
    now = now or datetime.now(UTC)
    targets = await asyncio.to_thread(
        _targets, sessions, source_id=source_id, everything=everything, now=now
    )
    results: list[SourceResult] = []
    limit = asyncio.Semaphore(config.concurrency)
    run = _Run(sessions, config, client)

    async def one(target: _Target) -> None:
        async with limit:
            result = await run.run_one(target, now)
        results.append(result)
        if progress is not None:
            progress(IngestProgress(len(results), len(targets), result))

    await asyncio.gather(*(one(t) for t in targets))
    return report_of(results)


def run_ingest(
    sessions: sessionmaker[Session],
    config: IngestConfig,
    *,
    source_id: int | None = None,
    everything: bool = False,
    progress: Callable[[IngestProgress], None] | None = None,
) -> IngestReport:
    """The job for scripts and tests without an event loop or a client: one client for the run.

    The bot, the worker and the CLI pass the client their composition root holds to ``ingest``.
    """

    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(
                sessions,
                config,
                client=client,
                source_id=source_id,
                everything=everything,
                progress=progress,
            )

    return asyncio.run(once())
