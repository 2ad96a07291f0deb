"""Due editions: local times in UTC slots, one catch-up digest, DST in Kyiv and New York."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digests.jobs.schedule import (
    ScheduleError,
    due_edition,
    edition_key,
    in_quiet_hours,
    parse_edition_key,
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# (now UTC, times, tz, last edition, expected key or None)
CASES = [
    # Plain UTC: due at the minute, not before.
    ("2024-05-29 07:59", ["08:00"], "UTC", None, "2024-05-28T08:00Z"),
    ("2024-05-29 08:00", ["08:00"], "UTC", None, "2024-05-29T08:00Z"),
    ("2024-05-29 08:00", ["08:00"], "UTC", "2024-05-29T08:00Z", None),
    ("2024-05-29 12:00", ["08:00", "18:00"], "UTC", "2024-05-29T08:00Z", None),
    ("2024-05-29 18:01", ["18:00", "08:00"], "UTC", "2024-05-29T08:00Z", "2024-05-29T18:00Z"),
    # Kyiv in summer is UTC+3: 08:00 local is 05:00 UTC.
    ("2024-05-29 05:00", ["08:00"], "Europe/Kyiv", "2024-05-28T05:00Z", "2024-05-29T05:00Z"),
    ("2024-05-29 04:59", ["08:00"], "Europe/Kyiv", "2024-05-28T05:00Z", None),
    # Kyiv in winter is UTC+2.
    ("2024-01-15 06:00", ["08:00"], "Europe/Kyiv", "2024-01-14T06:00Z", "2024-01-15T06:00Z"),
    # Down for three days: only the newest missed slot, once.
    ("2024-06-01 20:00", ["08:00", "12:00"], "UTC", "2024-05-29T08:00Z", "2024-06-01T12:00Z"),
    # Kyiv spring forward (2024-03-31 03:00 -> 04:00): 08:00 local is now 05:00 UTC, not 06:00.
    ("2024-03-31 05:00", ["08:00"], "Europe/Kyiv", "2024-03-30T06:00Z", "2024-03-31T05:00Z"),
    ("2024-03-31 04:59", ["08:00"], "Europe/Kyiv", "2024-03-30T06:00Z", None),
    # 03:30 does not exist that night in Kyiv: sent just after the gap (04:30 local), once.
    ("2024-03-31 01:30", ["03:30"], "Europe/Kyiv", "2024-03-30T01:30Z", "2024-03-31T01:30Z"),
    ("2024-03-31 02:00", ["03:30"], "Europe/Kyiv", "2024-03-31T01:30Z", None),
    # Kyiv fall back (2024-10-27 04:00 -> 03:00): 03:30 happens twice, the digest comes once.
    ("2024-10-27 00:30", ["03:30"], "Europe/Kyiv", "2024-10-26T00:30Z", "2024-10-27T00:30Z"),
    ("2024-10-27 01:30", ["03:30"], "Europe/Kyiv", "2024-10-27T00:30Z", None),
    ("2024-10-27 06:00", ["08:00"], "Europe/Kyiv", "2024-10-26T05:00Z", "2024-10-27T06:00Z"),
    # New York spring forward (2024-03-10 02:00 -> 03:00): 07:00 EDT is 11:00 UTC.
    ("2024-03-10 11:00", ["07:00"], "America/New_York", "2024-03-09T12:00Z", "2024-03-10T11:00Z"),
    ("2024-03-10 10:59", ["07:00"], "America/New_York", "2024-03-09T12:00Z", None),
    ("2024-03-10 07:30", ["02:30"], "America/New_York", "2024-03-09T07:30Z", "2024-03-10T07:30Z"),
    # New York fall back (2024-11-03 02:00 -> 01:00): 01:30 happens twice, sent at the first.
    ("2024-11-03 05:30", ["01:30"], "America/New_York", "2024-11-02T05:30Z", "2024-11-03T05:30Z"),
    ("2024-11-03 06:30", ["01:30"], "America/New_York", "2024-11-03T05:30Z", None),
    ("2024-11-03 12:00", ["07:00"], "America/New_York", "2024-11-02T11:00Z", "2024-11-03T12:00Z"),
    # Evening times across local midnight: 23:30 New York is the next day in UTC.
    ("2024-07-02 03:30", ["23:30"], "America/New_York", "2024-07-01T03:30Z", "2024-07-02T03:30Z"),
    # No times, no digest.
    ("2024-07-02 03:30", [], "UTC", None, None),
]


@pytest.mark.parametrize(("now", "times", "tz", "last", "expected"), CASES)
def test_due_edition(
    now: str, times: list[str], tz: str, last: str | None, expected: str | None
) -> None:
    edition = due_edition(utc(now), times=times, tz=tz, last_edition=last)
    assert (edition.key if edition else None) == expected
    if edition is not None:
        assert edition.due_at <= utc(now)
        assert edition_key(edition.due_at) == edition.key


# Three days walked from midnight UTC with slots 01:30, 02:30, 03:30, 08:00, 23:00 local: every
# local slot in the window once. Kyiv's missing 03:30 comes at 04:30; New York's missing 02:30 is
# the same instant as 03:30 and is sent once for both.
WALKS = [
    ("Europe/Kyiv", "2024-03-30", 16, "31 04:30"),
    ("Europe/Kyiv", "2024-10-26", 14, "27 03:30"),
    ("America/New_York", "2024-03-09", 14, "10 03:30"),
    ("America/New_York", "2024-11-02", 15, "03 01:30"),
]


@pytest.mark.parametrize(("tz", "day", "count", "landmark"), WALKS)
def test_walking_through_dst_changes_sends_each_slot_once(
    tz: str, day: str, count: int, landmark: str
) -> None:
    times = ["01:30", "02:30", "03:30", "08:00", "23:00"]
    start = utc(f"{day} 00:00")
    last: str | None = None
    sent: list[datetime] = []
    for minute in range(0, 3 * 24 * 60, 7):
        now = start + timedelta(minutes=minute)
        edition = due_edition(now, times=times, tz=tz, last_edition=last, not_before=start)
        if edition is not None:
            assert now - edition.due_at < timedelta(minutes=7)
            sent.append(edition.due_at)
            last = edition.key
    local = [moment.astimezone(ZoneInfo(tz)).strftime("%d %H:%M") for moment in sent]
    assert len(sent) == len(set(sent)) == count, local
    assert landmark in local


def test_not_before_keeps_new_subscribers_from_old_slots() -> None:
    joined = utc("2024-05-29 07:00")
    assert (
        due_edition(utc("2024-05-29 07:30"), times=["08:00"], tz="UTC", not_before=joined) is None
    )
    edition = due_edition(utc("2024-05-29 08:00"), times=["08:00"], tz="UTC", not_before=joined)
    assert edition is not None and edition.key == "2024-05-29T08:00Z"


@pytest.mark.parametrize(
    ("now", "quiet", "tz", "expected"),
    [
        ("2024-05-29 23:30", ("23:00", "07:00"), "UTC", True),
        ("2024-05-29 06:59", ("23:00", "07:00"), "UTC", True),
        ("2024-05-29 07:00", ("23:00", "07:00"), "UTC", False),
        ("2024-05-29 12:00", ("12:00", "13:00"), "UTC", True),
        ("2024-05-29 13:00", ("12:00", "13:00"), "UTC", False),
        ("2024-05-29 21:00", ("23:00", "07:00"), "Europe/Kyiv", True),
        ("2024-05-29 12:00", None, "UTC", False),
    ],
)
def test_quiet_hours(now: str, quiet: tuple[str, str] | None, tz: str, expected: bool) -> None:
    assert in_quiet_hours(utc(now), quiet=quiet, tz=tz) is expected


def test_a_slot_in_quiet_hours_is_sent_once_when_they_end() -> None:
    quiet = ("23:00", "07:00")
    last = "2024-05-28T01:00Z"
    assert (
        due_edition(
            utc("2024-05-29 01:00"), times=["01:00"], tz="UTC", quiet=quiet, last_edition=last
        )
        is None
    )
    edition = due_edition(
        utc("2024-05-29 07:00"), times=["01:00"], tz="UTC", quiet=quiet, last_edition=last
    )
    assert edition is not None and edition.key == "2024-05-29T01:00Z"


@pytest.mark.parametrize("bad", ["25:00", "8:5", "", "08:60", "<b>8</b>", "²:00"])
def test_bad_stored_times_stop_that_subscriber_with_a_clear_message(bad: str) -> None:
    with pytest.raises(ScheduleError, match="time of day"):
        due_edition(utc("2024-05-29 08:00"), times=[bad], tz="UTC")


def test_unknown_zone_and_naive_now() -> None:
    with pytest.raises(ScheduleError, match="unknown time zone"):
        due_edition(utc("2024-05-29 08:00"), times=["08:00"], tz="Mars/Olympus")
    with pytest.raises(ScheduleError, match="naive"):
        due_edition(datetime(2024, 5, 29, 8), times=["08:00"], tz="UTC")


def test_edition_keys_round_trip_and_sort() -> None:
    key = edition_key(utc("2024-05-29 05:00"))
    assert key == "2024-05-29T05:00Z"
    assert parse_edition_key(key) == utc("2024-05-29 05:00")
    assert parse_edition_key("manual-123") is None
    assert edition_key(utc("2024-05-29 09:00")) < edition_key(utc("2024-05-29 10:00"))
