"""The ingest job: poll due sources concurrently, parse outside transactions, write briefly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from digests.analysis.language import detect_language
from digests.jobs.ingest_report import (
    IngestConfig,
    IngestFailure,
    IngestProgress,
    IngestReport,
    report_of,
)
from digests.jobs.polling import Polled, PolledSource, Poller, polled_source_of
from digests.sources.backoff import next_check_at, should_disable
from digests.sources.cleaning import content_hash, lead_title
from digests.sources.dates import KnownDate, sane_date, stored_moment
from digests.sources.errors import SourceError
from digests.sources.fetch import make_client
from digests.sources.models import (
    FetchOutcome,
    ParsedArticle,
    SourceKind,
    SourceResult,
)
from storage.articles import (
    ArticleData,
    UpsertOutcome,
    known_links,
    retitle_article,
    upsert_article,
)
from storage.engine import transaction
from storage.sources import (
    due_sources,
    get_source,
    list_sources,
    record_failure,
    record_file_stamps,
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


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return str(exc)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        # The driver's own message, without the statement and parameters SQLAlchemy appends.
        first = (str(exc.orig).strip().splitlines() or [""])[0]
        return f"database error {type(exc.orig).__name__}: {first[:300]}"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"unexpected {type(exc).__name__}: {text[:300]}"


class _Run:
    def __init__(
        self, sessions: sessionmaker[Session], config: IngestConfig, client: httpx.AsyncClient
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.poller = Poller(sessions, config, client)
        self.write_lock = asyncio.Lock()

    def write(self, target: PolledSource, polled: Polled, now: datetime) -> SourceResult:
        counts = dict.fromkeys(UpsertOutcome, 0)
        counts[UpsertOutcome.UNCHANGED] = polled.unchanged
        with transaction(self.sessions) as session:
            for article in polled.articles:
                data = _data(target.id, article, now=now, first_party=polled.first_party(article))
                result = upsert_article(session, data, now=now)
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
            if target.kind == SourceKind.PATH:
                record_file_stamps(
                    session, target.id, polled.file_stamps, present=polled.present_files
                )
            record_success(
                session,
                target.id,
                now=now,
                next_check_at=(
                    now if polled.more_waiting else next_check_at(now, 0, self.config.poll_interval)
                ),
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

    def fail(self, target: PolledSource, reason: str, now: datetime) -> SourceResult:
        errors = target.error_count + 1
        disable = should_disable(errors, self.config.max_source_errors)
        try:
            with transaction(self.sessions) as session:
                record_failure(
                    session,
                    target.id,
                    now=now,
                    reason=(
                        f"disabled after {errors} failures in a row: {reason}"
                        if disable
                        else reason
                    ),
                    next_check_at=next_check_at(now, errors, self.config.poll_interval),
                    disable=disable,
                )
        except SQLAlchemyError as exc:
            # The database is what fails: the run reports it and goes on to the next source.
            log.warning("source %s: failure not recorded: %s", target.id, _one_line(exc))
        return SourceResult(
            source_id=target.id,
            location=target.location,
            outcome=FetchOutcome.FAILED,
            reason=reason,
        )

    async def run_one(self, target: PolledSource, now: datetime) -> SourceResult:
        try:
            polled = await self.poller.poll(target, now)
        except Exception as exc:  # one bad source never stops the others
            if not isinstance(exc, SourceError):
                log.exception("unexpected error polling source %s", target.id)
            async with self.write_lock:
                return await asyncio.to_thread(self.fail, target, _one_line(exc), now)
        async with self.write_lock:
            try:
                return await asyncio.to_thread(self.write, target, polled, now)
            except Exception as exc:  # one source's write never stops the others
                # The last line of defence: what the database refuses of one source fails that
                # source (its transaction rolled back, backoff as for any failure), never the run.
                reason = f"not stored: {_one_line(exc)}"
                if isinstance(exc, SQLAlchemyError):
                    log.warning("source %s: %s", target.id, reason)
                else:
                    log.exception("unexpected error storing source %s", target.id)
                return await asyncio.to_thread(self.fail, target, reason, now)


def _data(
    source_id: int, article: ParsedArticle, *, now: datetime, first_party: bool = False
) -> ArticleData:
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
        first_party=first_party,
    )


def _targets(
    sessions: sessionmaker[Session], *, source_id: int | None, everything: bool, now: datetime
) -> list[PolledSource]:
    with transaction(sessions) as session:
        if source_id is not None:
            source = get_source(session, source_id)
            if source is None:
                raise SourceError(f"no source with id {source_id}")
            return [polled_source_of(source)]
        if everything:
            return [polled_source_of(s) for s in list_sources(session) if s.enabled]
        return [polled_source_of(s) for s in due_sources(session, now)]


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

    async def one(target: PolledSource) -> None:
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
