"""When is a digest due: subscribers' local times, their time zone and quiet hours, in UTC slots.

Pure: no database, no clock. The one digest-time rule: the scheduler asks ``due_edition``, the
operator's status and ``newsdigest run``'s ready line ask ``next_digest_at``, and both read times
with the one time parser (``digests.jobs.times``).

An edition is named by its slot in UTC ("2024-05-29T05:00Z"), so the ledger's unique
(subscriber, edition) pair makes a slot deliverable once, and only the latest due slot counts, so
a bot that was down for hours sends one digest when it returns, not one per slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digests.jobs.times import TimeTextError, parse_time_of_day

__all__ = [
    "Edition",
    "ScheduleError",
    "due_edition",
    "edition_key",
    "in_quiet_hours",
    "next_digest_at",
    "next_slot",
    "parse_edition_key",
    "zone",
]

_KEY_FORMAT = "%Y-%m-%dT%H:%MZ"


class ScheduleError(ValueError):
    """A digest time, quiet-hours bound or time zone that cannot be used."""


@dataclass(frozen=True, slots=True)
class Edition:
    """One scheduled digest: its ledger key and the UTC moment it became due."""

    key: str
    due_at: datetime


def edition_key(due_at: datetime) -> str:
    """The ledger name of the slot at ``due_at`` (aware), in UTC to the minute."""
    if due_at.tzinfo is None:
        raise ScheduleError(f"naive datetime {due_at!r}: an aware one is required")
    return due_at.astimezone(UTC).strftime(_KEY_FORMAT)


def parse_edition_key(key: str) -> datetime | None:
    """The UTC slot of an edition key, or None for manual editions and anything else."""
    try:
        return datetime.strptime(key, _KEY_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _time(value: str) -> time:
    """A stored digest time or quiet-hours bound, read by the one time parser."""
    try:
        return parse_time_of_day(value)
    except TimeTextError as exc:
        raise ScheduleError(str(exc)) from exc


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ScheduleError when unknown."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {name!r} (e.g. Europe/Kyiv, UTC)") from exc


def _local_slot(day: date, at: time, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous autumn time is taken at its first occurrence, once; a spring time that
    # does not exist resolves (PEP 495) to the same wall time on the old offset, i.e. just after
    # the gap, so the digest is late by the gap rather than skipped.
    local = datetime.combine(day, at, tzinfo=tz)
    return local.astimezone(UTC)


def in_quiet_hours(moment: datetime, *, quiet: tuple[str, str] | None, tz: str) -> bool:
    """Whether ``moment`` falls in the local quiet hours [start, end), which may span midnight."""
    if not quiet:
        return False
    start, end = _time(quiet[0]), _time(quiet[1])
    if start == end:
        return False
    local = moment.astimezone(zone(tz)).time().replace(second=0, microsecond=0)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def due_edition(
    now: datetime,
    *,
    times: Sequence[str],
    tz: str,
    quiet: tuple[str, str] | None = None,
    last_edition: str | None = None,
    not_before: datetime | None = None,
) -> Edition | None:
    """The latest slot at or before ``now`` not yet in the ledger, or None when nothing is due.

    ``last_edition`` is the newest scheduled edition already created for the subscriber; slots
    at or before it, and before ``not_before`` (when the subscriber joined), are never due. In
    quiet hours nothing is due; the slot missed meanwhile is sent once when they end.
    """
    if now.tzinfo is None:
        raise ScheduleError(f"naive datetime {now!r}: an aware one is required")
    if not times or in_quiet_hours(now, quiet=quiet, tz=tz):
        return None
    tzinfo = zone(tz)
    slots = [_time(value) for value in times]
    today = now.astimezone(tzinfo).date()
    # Two days back covers the newest slot for any list of times, even across a DST change.
    candidates = [
        _local_slot(today - timedelta(days=back), at, tzinfo) for back in range(3) for at in slots
    ]
    due = [slot for slot in candidates if slot <= now]
    if not due:
        return None
    latest = max(due)
    floor = parse_edition_key(last_edition) if last_edition else None
    if floor is not None and latest <= floor:
        return None
    if not_before is not None and latest < not_before:
        return None
    return Edition(key=edition_key(latest), due_at=latest)


def next_slot(now: datetime, *, times: Sequence[str], tz: str) -> datetime | None:
    """The first of the local digest ``times`` after ``now`` in zone ``tz``, in UTC (quiet hours
    are not applied: the slot is when the digest is scheduled, not when it may wait till)."""
    if now.tzinfo is None:
        raise ScheduleError(f"naive datetime {now!r}: an aware one is required")
    tzinfo = zone(tz)
    slots = [_time(value) for value in times]
    today = now.astimezone(tzinfo).date()
    upcoming = [
        slot
        for ahead in range(3)
        for at in slots
        if (slot := _local_slot(today + timedelta(days=ahead), at, tzinfo)) > now
    ]
    return min(upcoming, default=None)


def next_digest_at(
    schedules: Iterable[tuple[str, Sequence[str]]], *, now: datetime
) -> datetime | None:
    """The earliest next slot over (time zone, digest times) pairs; a pair with a bad stored
    zone or time is passed over, as the scheduler passes over that subscriber."""
    best: datetime | None = None
    for tz, times in schedules:
        try:
            slot = next_slot(now, times=list(times or []), tz=tz)
        except ScheduleError:
            continue
        if slot is not None and (best is None or slot < best):
            best = slot
    return best
