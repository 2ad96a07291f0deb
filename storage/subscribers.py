"""Subscribers: who receives digests, where (chat and forum topic), when, and with which filters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import ChatLanguage, Subscriber

__all__ = [
    "active_subscribers",
    "chat_language",
    "count_subscribers",
    "deactivate",
    "get_subscriber",
    "migrate_chat",
    "record_error",
    "reset_errors",
    "set_chat_language",
    "set_filters",
    "subscribe",
    "unsubscribe",
    "update_settings",
]

_UNSET: Any = object()


def get_subscriber(session: Session, chat_id: int, *, thread_id: int = 0) -> Subscriber | None:
    """The subscriber row for a chat (and forum topic), active or not."""
    return session.scalars(
        select(Subscriber).where(Subscriber.chat_id == chat_id, Subscriber.thread_id == thread_id)
    ).one_or_none()


def subscribe(
    session: Session,
    chat_id: int,
    *,
    chat_type: str,
    thread_id: int = 0,
    title: str | None = None,
    payload: str | None = None,
    timezone: str = "UTC",
    digest_times: Sequence[str] = ("08:00",),
    max_stories: int = 5,
    now: datetime | None = None,
) -> tuple[Subscriber, bool]:
    """Subscribe a chat or re-activate it; True when it was not receiving digests before.

    Settings of a returning subscriber are kept; only a new one gets the defaults given.
    """
    subscriber = get_subscriber(session, chat_id, thread_id=thread_id)
    if subscriber is None:
        subscriber = Subscriber(
            chat_id=chat_id,
            thread_id=thread_id,
            chat_type=chat_type,
            title=title,
            payload=payload,
            timezone=timezone,
            digest_times=list(digest_times),
            max_stories=max_stories,
            filters={},
            active=True,
            error_count=0,
            # None: the first digest covers a recent window chosen by the reading side.
            last_digest_at=None,
            created_at=now or utcnow(),
        )
        session.add(subscriber)
        session.flush()
        return subscriber, True
    was_active = subscriber.active
    subscriber.active = True
    subscriber.deactivated_reason = None
    subscriber.error_count = 0
    subscriber.chat_type = chat_type
    if title is not None:
        subscriber.title = title
    if payload is not None:
        subscriber.payload = payload
    session.flush()
    return subscriber, not was_active


def unsubscribe(session: Session, chat_id: int, *, thread_id: int = 0) -> bool:
    """Stop digests to a chat; False when it was not subscribed."""
    subscriber = get_subscriber(session, chat_id, thread_id=thread_id)
    if subscriber is None or not subscriber.active:
        return False
    subscriber.active = False
    subscriber.deactivated_reason = "unsubscribed"
    session.flush()
    return True


def update_settings(
    session: Session,
    subscriber_id: int,
    *,
    digest_times: Sequence[str] | None = None,
    timezone: str | None = None,
    max_stories: int | None = None,
    quiet: tuple[str, str] | None = _UNSET,
    images: bool | None = None,
    language: str | None = None,
) -> Subscriber:
    """Change the given settings (values already validated by the caller); others stay."""
    subscriber = session.get_one(Subscriber, subscriber_id)
    if digest_times is not None:
        subscriber.digest_times = sorted(set(digest_times))
    if timezone is not None:
        subscriber.timezone = timezone
    if max_stories is not None:
        subscriber.max_stories = max_stories
    if quiet is not _UNSET:
        subscriber.quiet_start, subscriber.quiet_end = quiet if quiet else (None, None)
    if images is not None:
        subscriber.images = images
    if language is not None:
        subscriber.language = language
    session.flush()
    return subscriber


def chat_language(session: Session, chat_id: int, *, thread_id: int = 0) -> str | None:
    """The language chosen for a chat (or topic): its subscription's, else its /lang choice."""
    subscriber = get_subscriber(session, chat_id, thread_id=thread_id)
    if subscriber is not None:
        return subscriber.language
    chosen = session.get(ChatLanguage, (chat_id, thread_id))
    return chosen.language if chosen is not None else None


def set_chat_language(
    session: Session, chat_id: int, language: str, *, thread_id: int = 0, now: datetime
) -> None:
    """Keep a /lang choice: on the subscription if there is one, and for the chat either way."""
    subscriber = get_subscriber(session, chat_id, thread_id=thread_id)
    if subscriber is not None:
        subscriber.language = language
    chosen = session.get(ChatLanguage, (chat_id, thread_id))
    if chosen is None:
        session.add(
            ChatLanguage(chat_id=chat_id, thread_id=thread_id, language=language, updated_at=now)
        )
    else:
        chosen.language, chosen.updated_at = language, now
    session.flush()


def set_filters(session: Session, subscriber_id: int, filters: dict[str, list[str]]) -> Subscriber:
    """Replace the subscriber's include/exclude filters."""
    subscriber = session.get_one(Subscriber, subscriber_id)
    subscriber.filters = {key: list(values) for key, values in filters.items()}
    session.flush()
    return subscriber


def deactivate(session: Session, subscriber_id: int, *, reason: str) -> None:
    """Stop digests to a subscriber Telegram no longer lets us reach (blocked, kicked, deleted)."""
    session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(
            active=False,
            deactivated_reason=reason[:1000],
            error_count=Subscriber.error_count + 1,
        )
    )


def record_error(session: Session, subscriber_id: int) -> int:
    """Count one failed delivery for a subscriber; returns the new count."""
    subscriber = session.get_one(Subscriber, subscriber_id)
    subscriber.error_count = (subscriber.error_count or 0) + 1
    session.flush()
    return subscriber.error_count


def reset_errors(session: Session, subscriber_id: int) -> None:
    """Clear the error counter after a successful delivery."""
    session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id, Subscriber.error_count != 0)
        .values(error_count=0)
    )


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> int:
    """Follow a group that became a supergroup; returns how many subscriber rows moved.

    When the new chat is already subscribed (someone sent /start there first), the old row is
    deactivated instead, so the unique (chat, topic) pair holds.
    """
    moved = 0
    for subscriber in session.scalars(select(Subscriber).where(Subscriber.chat_id == old_chat_id)):
        if get_subscriber(session, new_chat_id, thread_id=subscriber.thread_id) is not None:
            subscriber.active = False
            subscriber.deactivated_reason = f"migrated to {new_chat_id}"
        else:
            subscriber.chat_id = new_chat_id
            subscriber.chat_type = "supergroup"
            moved += 1
        session.flush()
    return moved


def active_subscribers(session: Session) -> list[Subscriber]:
    """Every subscriber that receives digests, in a stable order."""
    return list(
        session.scalars(
            select(Subscriber).where(Subscriber.active.is_(True)).order_by(Subscriber.id)
        )
    )


def count_subscribers(session: Session) -> dict[str, int]:
    """Subscribers by state ("active", "inactive") for /stats."""
    rows = session.execute(select(Subscriber.active, func.count()).group_by(Subscriber.active))
    counts = {"active": 0, "inactive": 0}
    for active, count in rows:
        counts["active" if active else "inactive"] = int(count)
    return counts
