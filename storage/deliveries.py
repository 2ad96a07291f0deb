"""The delivery ledger: one row per subscriber and edition, claimed before and marked with the send.

A row is created idempotently (the unique (subscriber, edition) pair), claimed by one worker for a
while (``claimed_until``), given its rendered messages once (``store_edition``: the outbox), then
advanced message by message (``sent_at`` of each, and ``messages_sent``) and closed as sent,
skipped or failed. A worker that dies leaves a claim that expires; the next one sends the stored
messages not yet marked sent, never a fresh rendering, so nothing is lost, repeated or changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from storage.conflict import insert_ignore, is_postgresql
from storage.models import (
    Delivery,
    DeliveryMessage,
    DeliveryStatus,
    Story,
    Subscriber,
    SubscriberStory,
)

__all__ = [
    "MANUAL_PREFIX",
    "OutboxMessage",
    "claim_delivery",
    "claim_due",
    "count_deliveries",
    "ensure_delivery",
    "last_edition",
    "last_editions",
    "mark_failed",
    "mark_message_sent",
    "mark_sent",
    "mark_skipped",
    "record_progress",
    "release",
    "store_edition",
    "stored_messages",
]

# Editions that are not schedule slots (/digest) start with this and never count as "the last".
MANUAL_PREFIX = "manual-"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One stored message of an edition: its HTML, the plain fallback, and whether it went out."""

    seq: int
    html: str
    plain: str | None
    sent: bool


def ensure_delivery(
    session: Session, subscriber_id: int, edition: str, *, due_at: datetime
) -> tuple[Delivery, bool]:
    """The ledger row for (subscriber, edition), created if missing; True when it was created."""
    created = insert_ignore(
        session,
        Delivery,
        {
            "subscriber_id": subscriber_id,
            "edition": edition,
            "due_at": due_at,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "messages_sent": 0,
            "story_ids": [],
        },
    )
    row = session.scalars(
        select(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.edition == edition)
        .execution_options(populate_existing=True)
    ).one()
    return row, created


def last_edition(session: Session, subscriber_id: int) -> str | None:
    """The newest scheduled edition already in the ledger for a subscriber (any status)."""
    return session.scalar(
        select(func.max(Delivery.edition)).where(
            Delivery.subscriber_id == subscriber_id,
            Delivery.edition.not_like(f"{MANUAL_PREFIX}%"),
        )
    )


def last_editions(session: Session, subscriber_ids: Sequence[int]) -> dict[int, str]:
    """``last_edition`` for many subscribers in one query."""
    if not subscriber_ids:
        return {}
    rows = session.execute(
        select(Delivery.subscriber_id, func.max(Delivery.edition))
        .where(
            Delivery.subscriber_id.in_(list(subscriber_ids)),
            Delivery.edition.not_like(f"{MANUAL_PREFIX}%"),
        )
        .group_by(Delivery.subscriber_id)
    )
    return {int(subscriber_id): str(edition) for subscriber_id, edition in rows}


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        Delivery.status == DeliveryStatus.PENDING.value,
        Delivery.due_at <= now,
        or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
    )


def claim_delivery(
    session: Session, delivery_id: int, *, worker: str, now: datetime, lease: timedelta
) -> bool:
    """Claim one pending row for ``worker`` until ``now + lease``; False when someone holds it."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, _claimable(now))
        .values(claimed_by=worker, claimed_until=now + lease, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def claim_due(
    session: Session, *, worker: str, now: datetime, lease: timedelta, limit: int = 100
) -> list[Delivery]:
    """Claim up to ``limit`` due, unclaimed rows for ``worker``, oldest first.

    PostgreSQL locks the candidates with ``FOR UPDATE SKIP LOCKED`` so concurrent workers take
    disjoint sets; SQLite (one writer at a time) uses a conditional UPDATE per row.
    """
    query = select(Delivery.id).where(_claimable(now)).order_by(Delivery.due_at, Delivery.id)
    query = query.limit(limit)
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    candidates = list(session.scalars(query))
    claimed = [
        delivery_id
        for delivery_id in candidates
        if claim_delivery(session, delivery_id, worker=worker, now=now, lease=lease)
    ]
    if not claimed:
        return []
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.id.in_(claimed))
            .order_by(Delivery.due_at, Delivery.id)
            .execution_options(populate_existing=True)
        )
    )


def _mine(delivery_id: int, worker: str) -> ColumnElement[bool]:
    return and_(Delivery.id == delivery_id, Delivery.claimed_by == worker)


def store_edition(
    session: Session,
    delivery_id: int,
    *,
    html: Sequence[str],
    plain: Sequence[str],
    story_ids: Sequence[int],
    revisions: Sequence[int],
) -> None:
    """Keep an edition's messages and the story revisions in them, once, before the first send.

    ``plain[i]`` is the text fallback of ``html[i]`` (missing ones have none); ``revisions[i]``
    is the revision of ``story_ids[i]`` that was rendered.
    """
    session.add_all(
        DeliveryMessage(
            delivery_id=delivery_id,
            seq=seq,
            html=text,
            plain=plain[seq] if seq < len(plain) else None,
        )
        for seq, text in enumerate(html)
    )
    session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            story_ids=list(story_ids),
            story_revisions=list(revisions) if len(revisions) == len(story_ids) else None,
        )
        .execution_options(synchronize_session=False)
    )
    session.flush()


def stored_messages(session: Session, delivery_id: int) -> list[OutboxMessage]:
    """The edition's stored messages in order (empty until ``store_edition``)."""
    rows = session.scalars(
        select(DeliveryMessage)
        .where(DeliveryMessage.delivery_id == delivery_id)
        .order_by(DeliveryMessage.seq)
    )
    return [OutboxMessage(r.seq, r.html, r.plain, r.sent_at is not None) for r in rows]


def mark_message_sent(session: Session, delivery_id: int, seq: int, *, now: datetime) -> None:
    """Note that Telegram accepted stored message ``seq`` (call with ``record_progress``)."""
    session.execute(
        update(DeliveryMessage)
        .where(DeliveryMessage.delivery_id == delivery_id, DeliveryMessage.seq == seq)
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    )


def record_progress(
    session: Session,
    delivery_id: int,
    *,
    worker: str,
    messages_sent: int,
    extend_until: datetime | None = None,
) -> bool:
    """Note that Telegram accepted the first ``messages_sent`` messages; False if not ours."""
    values: dict[str, object] = {"messages_sent": messages_sent}
    if extend_until is not None:
        values["claimed_until"] = extend_until
    result = session.execute(
        update(Delivery)
        .where(_mine(delivery_id, worker))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_sent(session: Session, delivery_id: int, *, worker: str, now: datetime) -> bool:
    """Close ``worker``'s delivery as sent, remember which story revisions the subscriber has
    seen and, for a scheduled edition, when their last digest was; False (nothing written) when
    another worker has taken the delivery over."""
    delivery = session.get_one(Delivery, delivery_id, populate_existing=True)
    if delivery.claimed_by != worker:
        return False
    delivery.status = DeliveryStatus.SENT.value
    delivery.sent_at = now
    delivery.claimed_until = None
    delivery.last_error = None
    subscriber = session.get_one(Subscriber, delivery.subscriber_id)
    # The next digest counts from the last scheduled one; an on-demand edition (/digest, which
    # may have been filtered down to nothing) moves no window, its stories are marked seen below.
    if not delivery.edition.startswith(MANUAL_PREFIX):
        subscriber.last_digest_at = max(
            subscriber.last_digest_at or delivery.due_at, delivery.due_at
        )
    subscriber.error_count = 0
    _mark_seen(session, delivery, now=now)
    session.flush()
    return True


def _mark_seen(session: Session, delivery: Delivery, *, now: datetime) -> None:
    """The subscriber has seen each story at the revision the edition rendered, not a later one:
    a story that grew after composing comes again, as an update, in the next edition."""
    story_ids = list(delivery.story_ids or [])
    if not story_ids:
        return
    subscriber_id = delivery.subscriber_id
    rows = session.execute(select(Story.id, Story.revision).where(Story.id.in_(story_ids)))
    revisions = {int(row[0]): int(row[1]) for row in rows}
    composed = delivery.story_revisions
    if composed is not None and len(composed) == len(story_ids):
        rendered = dict(zip(story_ids, composed, strict=True))
        revisions = {story_id: int(rendered[story_id]) for story_id in revisions}
    for story_id, revision in revisions.items():
        seen = session.get(SubscriberStory, (subscriber_id, story_id))
        if seen is None:
            session.add(
                SubscriberStory(
                    subscriber_id=subscriber_id, story_id=story_id, revision=revision, sent_at=now
                )
            )
        else:
            seen.revision = max(seen.revision, revision)
            seen.sent_at = now


def mark_skipped(session: Session, delivery_id: int, *, worker: str, reason: str) -> bool:
    """Close ``worker``'s delivery that had nothing to send (no new stories, subscriber gone);
    False when another worker has taken it over."""
    result = session.execute(
        update(Delivery)
        .where(_mine(delivery_id, worker))
        .values(status=DeliveryStatus.SKIPPED.value, claimed_until=None, last_error=reason[:2000])
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_failed(session: Session, delivery_id: int, *, worker: str, error: str) -> bool:
    """Close ``worker``'s delivery that cannot succeed (chat gone, message refused); False when
    another worker has taken it over."""
    result = session.execute(
        update(Delivery)
        .where(_mine(delivery_id, worker))
        .values(status=DeliveryStatus.FAILED.value, claimed_until=None, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release(
    session: Session,
    delivery_id: int,
    *,
    worker: str,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Give a claimed delivery back to the queue (shutdown, throttling, network trouble)."""
    session.execute(
        update(Delivery)
        .where(_mine(delivery_id, worker), Delivery.status == DeliveryStatus.PENDING.value)
        .values(claimed_by=None, claimed_until=retry_at, last_error=error[:2000] if error else None)
        .execution_options(synchronize_session=False)
    )


def count_deliveries(session: Session, *, since: datetime) -> dict[str, int]:
    """Deliveries created since ``since`` by status, for /stats."""
    rows = session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.created_at >= since)
        .group_by(Delivery.status)
    )
    counts = {status.value: 0 for status in DeliveryStatus}
    for status, count in rows:
        counts[str(status)] = int(count)
    return counts
