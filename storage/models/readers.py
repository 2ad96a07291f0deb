"""The readers' tables: subscribers and their chats' languages, the delivery ledger, leases.

Apart from the news tables (``storage.models.content``): they refer to stories by key only.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BoundedString, CleanText, UTCDateTime, utcnow

__all__ = [
    "ChatLanguage",
    "Delivery",
    "DeliveryMessage",
    "DeliveryStatus",
    "Lease",
    "Subscriber",
    "SubscriberStory",
]


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Subscriber(Base):
    """A chat (and forum topic) that receives digests."""

    __tablename__ = "subscribers"
    __table_args__ = (UniqueConstraint("chat_id", "thread_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # 0 where the chat has no topics: a NULL would not take part in the unique constraint.
    thread_id: Mapped[int] = mapped_column(BigInteger, default=0)
    chat_type: Mapped[str] = mapped_column(BoundedString(16))
    title: Mapped[str | None] = mapped_column(BoundedString(256))
    language: Mapped[str] = mapped_column(BoundedString(8), default="en")
    timezone: Mapped[str] = mapped_column(BoundedString(64), default="UTC")
    # Local "HH:MM" times at which a digest is due.
    digest_times: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["08:00"])
    max_stories: Mapped[int] = mapped_column(Integer, default=5)
    quiet_start: Mapped[str | None] = mapped_column(BoundedString(5))
    quiet_end: Mapped[str | None] = mapped_column(BoundedString(5))
    # {"include": [...], "exclude": [...]} over keywords, people and outlets.
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    images: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    deactivated_reason: Mapped[str | None] = mapped_column(CleanText)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[str | None] = mapped_column(BoundedString(64))
    # Start of the window the next digest covers.
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SubscriberStory(Base):
    """Which revision of a story a subscriber has seen, so it is not sent again unless it grew."""

    __tablename__ = "subscriber_stories"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatLanguage(Base):
    """A chat's (or forum topic's) /lang choice, kept whether or not the chat is subscribed."""

    __tablename__ = "chat_languages"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    thread_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, default=0)
    language: Mapped[str] = mapped_column(BoundedString(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(Base):
    """The ledger: one row per subscriber and edition, claimed before and marked with the send."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "edition"),
        Index("ix_deliveries_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    # The scheduled slot in UTC ("2024-05-29T05:00Z") or "manual-<uuid>" for /digest.
    edition: Mapped[str] = mapped_column(BoundedString(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(BoundedString(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(BoundedString(128))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Messages of the edition already accepted by Telegram: a resumed send skips them.
    messages_sent: Mapped[int] = mapped_column(Integer, default=0)
    story_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The revision of each of story_ids as composed (None: composed before these were kept).
    story_revisions: Mapped[list[int] | None] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(CleanText)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeliveryMessage(Base):
    """One message of an edition as composed at first: a resumed send sends exactly these."""

    __tablename__ = "delivery_messages"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    # Position in the edition, from 0.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    html: Mapped[str] = mapped_column(CleanText)
    # The plain-text rendering, sent when Telegram rejects the HTML.
    plain: Mapped[str | None] = mapped_column(CleanText)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Lease(Base):
    """A named lease held by one process at a time (the scheduler's time-driven jobs)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(BoundedString(64), primary_key=True)
    holder: Mapped[str] = mapped_column(BoundedString(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
