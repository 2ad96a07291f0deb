"""The operator's view: how sources, analysis, stories, subscribers and deliveries are doing.

Read-only queries gathered into one frozen snapshot for ``newsdigest status`` and admin ``/stats``;
``Status.as_dict`` is the JSON shape monitoring scripts read, so change it only by adding keys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    Analysis,
    AnalysisFailure,
    Article,
    Delivery,
    DeliveryStatus,
    Source,
    Story,
    Subscriber,
)

__all__ = [
    "AnalysisFailureStatus",
    "DeliveryCounts",
    "SourceStatus",
    "Status",
    "SubscriberCounts",
    "active_schedules",
    "collect_status",
]

# Deliveries are counted over this window before "now".
WINDOW = timedelta(hours=24)
# Failed analyses listed one by one (the counts cover them all).
FAILURES_LISTED = 20


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One source as an operator checks it: is it working, failing, or given up on."""

    id: int
    kind: str
    location: str
    title: str | None
    enabled: bool
    last_success_at: datetime | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    error_count: int
    last_error: str | None
    disabled_reason: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class AnalysisFailureStatus:
    """An article whose analysis raised: the error, attempts so far, and when it is tried again
    (``retry_at`` None: given up)."""

    article_id: int
    title: str | None
    attempts: int
    error: str
    failed_at: datetime
    retry_at: datetime | None


@dataclass(frozen=True, slots=True)
class SubscriberCounts:
    active: int
    inactive: int


@dataclass(frozen=True, slots=True)
class DeliveryCounts:
    """Deliveries due in the window: sent, still pending, failed; retried is any with 2+ tries."""

    sent: int
    pending: int
    failed: int
    skipped: int
    retried: int


@dataclass(frozen=True, slots=True)
class Status:
    generated_at: datetime
    sources: tuple[SourceStatus, ...]
    articles_total: int
    # Articles with no row in ``analyses`` yet: the analysis backlog.
    articles_waiting: int
    stories_total: int
    # Stories created, and stories created or grown, since the start of the day (UTC).
    stories_new_today: int
    stories_updated_today: int
    subscribers: SubscriberCounts
    # When the last digest was sent, and the earliest pending ledger row (due or being retried).
    last_digest_at: datetime | None
    next_digest_at: datetime | None
    # The earliest digest time of any active subscriber after now, from their settings.
    next_scheduled_at: datetime | None
    deliveries_24h: DeliveryCounts
    # Articles whose analysis raised: given up on, and waiting to be tried again; the latest few.
    articles_failed: int = 0
    articles_retrying: int = 0
    analysis_failures: tuple[AnalysisFailureStatus, ...] = ()
    # Articles stored but not read for people, quotes and dates: language code -> how many.
    articles_not_analysed: dict[str, int] = field(default_factory=dict)

    @property
    def sources_failing(self) -> int:
        return sum(1 for s in self.sources if s.enabled and s.error_count > 0)

    @property
    def sources_disabled(self) -> int:
        return sum(1 for s in self.sources if not s.enabled)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: datetimes as ISO 8601 strings in UTC, nothing else changed."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _sources(session: Session) -> tuple[SourceStatus, ...]:
    counts = (
        select(Article.source_id, func.count().label("n")).group_by(Article.source_id).subquery()
    )
    rows = session.execute(
        select(Source, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Source.id)
    )
    return tuple(
        SourceStatus(
            id=source.id,
            kind=source.kind,
            location=source.location,
            title=source.title,
            enabled=source.enabled,
            last_success_at=source.last_success_at,
            last_checked_at=source.last_checked_at,
            next_check_at=source.next_check_at,
            error_count=source.error_count,
            last_error=source.last_error,
            disabled_reason=source.disabled_reason,
            articles=int(articles),
        )
        for source, articles in rows
    )


def _failures(session: Session) -> tuple[AnalysisFailureStatus, ...]:
    rows = session.execute(
        select(AnalysisFailure, Article.title)
        .join(Article, Article.id == AnalysisFailure.article_id)
        .order_by(AnalysisFailure.failed_at.desc(), AnalysisFailure.article_id)
        .limit(FAILURES_LISTED)
    )
    return tuple(
        AnalysisFailureStatus(
            article_id=failure.article_id,
            title=title,
            attempts=failure.attempts,
            error=failure.error,
            failed_at=failure.failed_at,
            retry_at=failure.retry_at,
        )
        for failure, title in rows
    )


def _count(session: Session, *criteria: Any, of: Any = None) -> int:
    query = select(func.count()).select_from(of) if of is not None else select(func.count())
    return int(session.scalar(query.where(*criteria)) or 0)


def _deliveries(session: Session, *, since: datetime, until: datetime) -> DeliveryCounts:
    in_window = and_(Delivery.due_at > since, Delivery.due_at <= until)
    by_status = dict(
        session.execute(
            select(Delivery.status, func.count()).where(in_window).group_by(Delivery.status)
        ).all()
    )
    retried = _count(session, in_window, Delivery.attempts > 1, of=Delivery)
    return DeliveryCounts(
        sent=int(by_status.get(DeliveryStatus.SENT.value, 0)),
        pending=int(by_status.get(DeliveryStatus.PENDING.value, 0)),
        failed=int(by_status.get(DeliveryStatus.FAILED.value, 0)),
        skipped=int(by_status.get(DeliveryStatus.SKIPPED.value, 0)),
        retried=retried,
    )


def active_schedules(session: Session) -> list[tuple[str, list[str]]]:
    """(time zone, digest times) of every active subscriber, as stored."""
    rows = session.execute(
        select(Subscriber.timezone, Subscriber.digest_times).where(Subscriber.active.is_(True))
    )
    return [(str(zone), list(times) if isinstance(times, list) else []) for zone, times in rows]


def collect_status(
    session: Session, *, now: datetime, next_scheduled_at: datetime | None = None
) -> Status:
    """One consistent snapshot of everything an operator asks "is it working?" about.

    ``next_scheduled_at`` is the caller's: when digests are due is decided in
    ``digests.jobs.schedule`` (``digests.jobs.status.operator_status`` passes it).
    """
    if now.tzinfo is None:
        raise ValueError(f"naive datetime {now!r}: an aware one is required")
    now = now.astimezone(UTC)
    day_start = datetime.combine(now.date(), time(0), tzinfo=UTC)
    waiting = (
        select(func.count())
        .select_from(Article)
        .outerjoin(Analysis, Analysis.article_id == Article.id)
        .where(Analysis.article_id.is_(None))
    )
    by_state = dict(
        session.execute(select(Subscriber.active, func.count()).group_by(Subscriber.active)).all()
    )
    pending = DeliveryStatus.PENDING.value
    next_pending = session.scalar(
        select(func.min(func.coalesce(Delivery.claimed_until, Delivery.due_at))).where(
            Delivery.status == pending
        )
    )
    # The column type re-attaches UTC only to whole columns; min() of a coalesce comes back raw.
    if isinstance(next_pending, datetime) and next_pending.tzinfo is None:
        next_pending = next_pending.replace(tzinfo=UTC)
    return Status(
        generated_at=now,
        sources=_sources(session),
        articles_total=_count(session, of=Article),
        articles_waiting=int(session.scalar(waiting) or 0),
        stories_total=_count(session, of=Story),
        stories_new_today=_count(session, Story.created_at >= day_start, of=Story),
        stories_updated_today=_count(
            session, or_(Story.created_at >= day_start, Story.updated_at >= day_start), of=Story
        ),
        subscribers=SubscriberCounts(
            active=int(by_state.get(True, 0)), inactive=int(by_state.get(False, 0))
        ),
        last_digest_at=session.scalar(
            select(func.max(Delivery.sent_at)).where(Delivery.status == DeliveryStatus.SENT.value)
        ),
        next_digest_at=next_pending,
        next_scheduled_at=next_scheduled_at,
        deliveries_24h=_deliveries(session, since=now - WINDOW, until=now),
        articles_failed=_count(session, AnalysisFailure.retry_at.is_(None), of=AnalysisFailure),
        articles_retrying=_count(
            session, AnalysisFailure.retry_at.is_not(None), of=AnalysisFailure
        ),
        analysis_failures=_failures(session),
        articles_not_analysed=_not_analysed(session),
    )


def _not_analysed(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Analysis.language, func.count())
        .where(Analysis.is_english.is_(False))
        .group_by(Analysis.language)
        .order_by(Analysis.language)
    ).all()
    return {str(language or "und"): int(count) for language, count in rows}
