"""The operator's status snapshot, on rows written through the ORM, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from digests.jobs.schedule import next_digest_at
from digests.jobs.status import operator_status
from digests.sources.models import SourceKind
from storage.models import (
    Analysis,
    Article,
    Delivery,
    DeliveryStatus,
    Source,
    Story,
    Subscriber,
)

NOW = datetime(2024, 5, 29, 12, 0, tzinfo=UTC)


def _article(source: Source, n: int) -> Article:
    return Article(source=source, url=f"https://x.test/{n}", text=f"text {n}", content_hash=f"h{n}")


def _populate(session: Session) -> dict[str, Source]:
    healthy = Source(
        kind=SourceKind.FEED,
        location="https://nv.test/rss",
        title="NV",
        last_success_at=NOW - timedelta(minutes=10),
        last_checked_at=NOW - timedelta(minutes=10),
        next_check_at=NOW + timedelta(minutes=5),
    )
    failing = Source(
        kind=SourceKind.FEED,
        location="https://down.test/rss",
        error_count=3,
        last_error="HTTP 500",
        next_check_at=NOW + timedelta(hours=2),
    )
    disabled = Source(
        kind=SourceKind.PAGE,
        location="https://gone.test/a",
        enabled=False,
        error_count=8,
        disabled_reason="HTTP 410 eight times",
    )
    session.add_all([healthy, failing, disabled])
    articles = [_article(healthy, n) for n in range(4)]
    session.add_all(articles)
    session.flush()
    session.add(Analysis(article_id=articles[0].id, version=1, method="hybrid"))
    session.add_all(
        [
            Story(
                title="old", created_at=NOW - timedelta(days=3), updated_at=NOW - timedelta(days=3)
            ),
            Story(
                title="grown",
                created_at=NOW - timedelta(days=2),
                updated_at=NOW - timedelta(hours=1),
            ),
            Story(
                title="new",
                created_at=NOW - timedelta(hours=2),
                updated_at=NOW - timedelta(hours=2),
            ),
        ]
    )
    alice = Subscriber(
        chat_id=1, chat_type="private", timezone="Europe/Kyiv", digest_times=["08:00", "20:00"]
    )
    bob = Subscriber(chat_id=2, chat_type="private", timezone="UTC", digest_times=["18:30"])
    gone = Subscriber(chat_id=3, chat_type="group", active=False, deactivated_reason="blocked")
    session.add_all([alice, bob, gone])
    session.flush()
    session.add_all(
        [
            Delivery(
                subscriber_id=alice.id,
                edition="2024-05-29T05:00Z",
                due_at=NOW - timedelta(hours=7),
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=NOW - timedelta(hours=6, minutes=59),
            ),
            Delivery(
                subscriber_id=bob.id,
                edition="2024-05-28T18:30Z",
                due_at=NOW - timedelta(hours=17, minutes=30),
                status=DeliveryStatus.SENT,
                attempts=3,
                sent_at=NOW - timedelta(hours=17),
            ),
            Delivery(
                subscriber_id=gone.id,
                edition="2024-05-29T06:00Z",
                due_at=NOW - timedelta(hours=6),
                status=DeliveryStatus.FAILED,
                attempts=2,
                last_error="Forbidden: bot was blocked by the user",
            ),
            Delivery(
                subscriber_id=alice.id,
                edition="2024-05-29T09:00Z",
                due_at=NOW - timedelta(hours=3),
                status=DeliveryStatus.PENDING,
                attempts=1,
                claimed_until=NOW + timedelta(minutes=2),
            ),
            # Outside the 24 h window: counted nowhere but in "last digest".
            Delivery(
                subscriber_id=bob.id,
                edition="2024-05-26T18:30Z",
                due_at=NOW - timedelta(days=2, hours=17),
                status=DeliveryStatus.FAILED,
                attempts=5,
            ),
        ]
    )
    session.flush()
    return {"healthy": healthy, "failing": failing, "disabled": disabled}


def test_status_reflects_every_table(db_session: Session) -> None:
    sources = _populate(db_session)

    status = operator_status(db_session, now=NOW)

    assert status.generated_at == NOW
    assert [s.location for s in status.sources] == [
        "https://nv.test/rss",
        "https://down.test/rss",
        "https://gone.test/a",
    ]
    healthy, failing, disabled = status.sources
    assert healthy.id == sources["healthy"].id
    assert healthy.articles == 4
    assert healthy.last_success_at == NOW - timedelta(minutes=10)
    assert healthy.next_check_at == NOW + timedelta(minutes=5)
    assert (failing.error_count, failing.last_error) == (3, "HTTP 500")
    assert failing.last_success_at is None
    assert not disabled.enabled
    assert disabled.disabled_reason == "HTTP 410 eight times"
    assert (status.sources_failing, status.sources_disabled) == (1, 1)

    assert (status.articles_total, status.articles_waiting) == (4, 3)
    assert (status.stories_total, status.stories_new_today, status.stories_updated_today) == (
        3,
        1,
        2,
    )
    assert (status.subscribers.active, status.subscribers.inactive) == (2, 1)

    assert status.last_digest_at == NOW - timedelta(hours=6, minutes=59)
    assert status.next_digest_at == NOW + timedelta(minutes=2)
    # Alice's 20:00 in Kyiv (17:00 UTC) comes before Bob's 18:30 UTC.
    assert status.next_scheduled_at == datetime(2024, 5, 29, 17, 0, tzinfo=UTC)
    counts = status.deliveries_24h
    assert (counts.sent, counts.pending, counts.failed, counts.skipped) == (2, 1, 1, 0)
    assert counts.retried == 2


def test_status_of_an_empty_database(db_session: Session) -> None:
    status = operator_status(db_session, now=NOW)

    assert status.sources == ()
    assert (status.articles_total, status.articles_waiting, status.stories_total) == (0, 0, 0)
    assert (status.subscribers.active, status.subscribers.inactive) == (0, 0)
    assert status.last_digest_at is None
    assert status.next_digest_at is None
    assert status.next_scheduled_at is None
    assert status.deliveries_24h.sent == status.deliveries_24h.retried == 0


def test_as_dict_is_json_with_utc_timestamps(db_session: Session) -> None:
    _populate(db_session)

    data = json.loads(json.dumps(operator_status(db_session, now=NOW).as_dict()))

    assert data["generated_at"] == "2024-05-29T12:00:00Z"
    assert data["sources"][0]["last_success_at"] == "2024-05-29T11:50:00Z"
    assert data["sources"][2]["disabled_reason"] == "HTTP 410 eight times"
    assert data["subscribers"] == {"active": 2, "inactive": 1}
    assert data["deliveries_24h"] == {
        "sent": 2,
        "pending": 1,
        "failed": 1,
        "skipped": 0,
        "retried": 2,
    }
    assert data["next_scheduled_at"] == "2024-05-29T17:00:00Z"


def test_next_digest_across_zones_and_bad_settings() -> None:
    subscribers = [
        ("America/New_York", ["07:00"]),  # 11:00 UTC: already past at noon, so tomorrow's
        ("Nowhere/Atlantis", ["12:30"]),  # unknown zone: passed over
        ("UTC", ["25:00", "nonsense"]),  # no valid time
    ]

    assert next_digest_at(subscribers, now=NOW) == datetime(2024, 5, 30, 11, 0, tzinfo=UTC)
    assert next_digest_at([], now=NOW) is None


def test_a_time_skipped_by_daylight_saving_happens_an_hour_later() -> None:
    # Kyiv jumped from 03:00 to 04:00 on 31 March 2024: 03:30 local does not exist that day.
    before = datetime(2024, 3, 30, 23, 0, tzinfo=UTC)

    slot = next_digest_at([("Europe/Kyiv", ["03:30"])], now=before)

    assert slot == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
