"""Subscribers, the delivery ledger and leases on real SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage import deliveries, leases, subscribers
from storage.engine import transaction
from storage.models import DeliveryStatus, Story, Subscriber, SubscriberStory

NOW = datetime(2024, 5, 29, 5, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def test_subscribe_is_idempotent_and_keeps_settings(db_session: Session) -> None:
    sub, created = subscribers.subscribe(db_session, 42, chat_type="private", payload="seeds")
    assert created and sub.active and sub.thread_id == 0 and sub.payload == "seeds"
    subscribers.update_settings(db_session, sub.id, digest_times=["18:00", "08:00", "08:00"])
    again, created = subscribers.subscribe(db_session, 42, chat_type="private")
    assert not created and again.id == sub.id and again.digest_times == ["08:00", "18:00"]
    assert subscribers.unsubscribe(db_session, 42)
    assert not subscribers.unsubscribe(db_session, 42)
    back, created = subscribers.subscribe(db_session, 42, chat_type="private")
    assert created and back.id == sub.id and back.active


def test_forum_topics_are_separate_subscribers(db_session: Session) -> None:
    a, _ = subscribers.subscribe(db_session, -100, chat_type="supergroup", thread_id=7)
    b, _ = subscribers.subscribe(db_session, -100, chat_type="supergroup")
    assert a.id != b.id
    assert subscribers.get_subscriber(db_session, -100, thread_id=7) is a
    assert subscribers.get_subscriber(db_session, -100, thread_id=8) is None


def test_settings_quiet_hours_filters_and_deactivation(db_session: Session) -> None:
    sub, _ = subscribers.subscribe(db_session, 1, chat_type="private")
    subscribers.update_settings(
        db_session, sub.id, timezone="Europe/Kyiv", max_stories=3, quiet=("23:00", "07:00")
    )
    assert (sub.timezone, sub.max_stories, sub.quiet_start, sub.quiet_end) == (
        "Europe/Kyiv",
        3,
        "23:00",
        "07:00",
    )
    subscribers.update_settings(db_session, sub.id, quiet=None)
    assert sub.quiet_start is None and sub.timezone == "Europe/Kyiv"
    subscribers.set_filters(db_session, sub.id, {"include": ["ukraine"], "exclude": []})
    assert sub.filters == {"include": ["ukraine"], "exclude": []}
    subscribers.deactivate(db_session, sub.id, reason="chat gone: blocked by the user")
    db_session.expire_all()
    row = db_session.get_one(Subscriber, sub.id)
    assert not row.active and row.error_count == 1 and "blocked" in (row.deactivated_reason or "")
    assert subscribers.active_subscribers(db_session) == []
    assert subscribers.count_subscribers(db_session) == {"active": 0, "inactive": 1}


def test_chat_migration_moves_rows_or_retires_duplicates(db_session: Session) -> None:
    old, _ = subscribers.subscribe(db_session, -5, chat_type="group")
    assert subscribers.migrate_chat(db_session, -5, -1005) == 1
    assert old.chat_id == -1005 and old.chat_type == "supergroup"
    subscribers.subscribe(db_session, -6, chat_type="group")
    subscribers.subscribe(db_session, -1006, chat_type="supergroup")
    assert subscribers.migrate_chat(db_session, -6, -1006) == 0
    stale = subscribers.get_subscriber(db_session, -6)
    assert stale is not None and not stale.active


def test_ledger_rows_are_created_once_per_edition(db_session: Session) -> None:
    sub, _ = subscribers.subscribe(db_session, 1, chat_type="private")
    first, created = deliveries.ensure_delivery(db_session, sub.id, "2024-05-29T05:00Z", due_at=NOW)
    again, created_again = deliveries.ensure_delivery(
        db_session, sub.id, "2024-05-29T05:00Z", due_at=NOW
    )
    assert created and not created_again and first.id == again.id
    deliveries.ensure_delivery(db_session, sub.id, "manual-abc", due_at=NOW + timedelta(hours=9))
    deliveries.ensure_delivery(db_session, sub.id, "2024-05-28T05:00Z", due_at=NOW)
    assert deliveries.last_edition(db_session, sub.id) == "2024-05-29T05:00Z"
    assert deliveries.last_editions(db_session, [sub.id, 999]) == {sub.id: "2024-05-29T05:00Z"}


def test_claims_progress_and_completion(db_session: Session) -> None:
    sub, _ = subscribers.subscribe(db_session, 1, chat_type="private", now=NOW - timedelta(days=1))
    story = Story(title="t", revision=2)
    db_session.add(story)
    db_session.flush()
    row, _ = deliveries.ensure_delivery(db_session, sub.id, "2024-05-29T05:00Z", due_at=NOW)
    deliveries.ensure_delivery(db_session, sub.id, "later", due_at=NOW + timedelta(hours=1))
    claimed = deliveries.claim_due(db_session, worker="a", now=NOW, lease=LEASE)
    assert [d.id for d in claimed] == [row.id] and claimed[0].attempts == 1
    assert deliveries.claim_due(db_session, worker="b", now=NOW, lease=LEASE) == []
    deliveries.store_edition(
        db_session,
        row.id,
        html=("<b>one</b>", "<b>two</b>"),
        plain=("one",),
        story_ids=[story.id],
        revisions=[story.revision],
    )
    assert deliveries.record_progress(db_session, row.id, worker="a", messages_sent=1)
    deliveries.mark_message_sent(db_session, row.id, 0, now=NOW)
    assert not deliveries.record_progress(db_session, row.id, worker="b", messages_sent=2)
    assert deliveries.stored_messages(db_session, row.id) == [
        deliveries.OutboxMessage(0, "<b>one</b>", "one", sent=True),
        deliveries.OutboxMessage(1, "<b>two</b>", None, sent=False),
    ]
    # The claim expires: another worker resumes where the first one stopped.
    resumed = deliveries.claim_due(db_session, worker="b", now=NOW + LEASE * 2, lease=LEASE)
    assert [(d.id, d.messages_sent, d.attempts) for d in resumed] == [(row.id, 1, 2)]
    story.revision = 3  # the story grew after the edition was composed
    db_session.flush()
    assert not deliveries.mark_sent(db_session, row.id, worker="a", now=NOW + LEASE * 2)
    assert deliveries.mark_sent(db_session, row.id, worker="b", now=NOW + LEASE * 2)
    seen = db_session.get_one(SubscriberStory, (sub.id, story.id))
    assert seen.revision == 2  # what was rendered: revision 3 comes as an update
    assert sub.last_digest_at == NOW
    later = deliveries.claim_due(db_session, worker="c", now=NOW + LEASE * 20, lease=LEASE)
    assert [d.edition for d in later] == ["later"]


def test_release_defers_and_failures_close(db_session: Session) -> None:
    sub, _ = subscribers.subscribe(db_session, 1, chat_type="private")
    row, _ = deliveries.ensure_delivery(db_session, sub.id, "e1", due_at=NOW)
    assert deliveries.claim_delivery(db_session, row.id, worker="a", now=NOW, lease=LEASE)
    deliveries.release(
        db_session, row.id, worker="a", error="429", retry_at=NOW + timedelta(seconds=30)
    )
    assert deliveries.claim_due(db_session, worker="a", now=NOW, lease=LEASE) == []
    again = deliveries.claim_due(
        db_session, worker="a", now=NOW + timedelta(minutes=1), lease=LEASE
    )
    assert [d.id for d in again] == [row.id]
    assert not deliveries.mark_failed(db_session, row.id, worker="b", error="chat gone")
    assert deliveries.mark_failed(db_session, row.id, worker="a", error="chat gone")
    assert deliveries.claim_due(db_session, worker="a", now=NOW + LEASE * 9, lease=LEASE) == []
    counts = deliveries.count_deliveries(db_session, since=datetime(2000, 1, 1, tzinfo=UTC))
    assert counts[DeliveryStatus.FAILED] == 1


def test_concurrent_workers_never_claim_the_same_delivery(
    db_sessions: sessionmaker[Session],
) -> None:
    with transaction(db_sessions) as session:
        for chat in range(40):
            sub, _ = subscribers.subscribe(session, chat, chat_type="private")
            deliveries.ensure_delivery(session, sub.id, "2024-05-29T05:00Z", due_at=NOW)
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(4)

    def work(name: str) -> None:
        mine: list[int] = []
        barrier.wait()
        while True:
            with transaction(db_sessions) as session:
                batch = deliveries.claim_due(session, worker=name, now=NOW, lease=LEASE, limit=3)
                mine.extend(d.id for d in batch)
            if not batch:
                break
        claimed[name] = mine

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [delivery_id for ids in claimed.values() for delivery_id in ids]
    assert len(every) == len(set(every)) == 40


def test_lease_has_one_holder_at_a_time(db_session: Session) -> None:
    ttl = timedelta(seconds=90)
    assert leases.acquire_lease(db_session, "scheduler", "a", now=NOW, ttl=ttl)
    assert not leases.acquire_lease(db_session, "scheduler", "b", now=NOW, ttl=ttl)
    assert leases.acquire_lease(db_session, "scheduler", "a", now=NOW + ttl / 2, ttl=ttl)
    assert leases.lease_holder(db_session, "scheduler", now=NOW + ttl) == "a"
    # a stops renewing: b takes over after expiry.
    assert leases.acquire_lease(db_session, "scheduler", "b", now=NOW + ttl * 2, ttl=ttl)
    assert not leases.release_lease(db_session, "scheduler", "a")
    assert leases.release_lease(db_session, "scheduler", "b")
    assert leases.lease_holder(db_session, "scheduler", now=NOW) is None
    assert db_session.scalars(select(Subscriber)).all() == []
