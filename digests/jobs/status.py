"""The operator's status with the digest-time rule applied: storage counts, digests decides.

``operator_status`` is ``newsdigest status`` and ``/stats``; ``readiness`` the line
``newsdigest run`` prints once it is up.

``storage.status.collect_status`` gathers the snapshot; when the next digest is scheduled is
decided here, by ``digests.jobs.schedule.next_digest_at``, the rule the scheduler follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from digests.jobs.reading import backlog
from digests.jobs.schedule import next_digest_at
from storage.sources import list_sources
from storage.status import Status, active_schedules, collect_status

__all__ = ["Readiness", "operator_status", "readiness"]


def operator_status(session: Session, *, now: datetime) -> Status:
    """``newsdigest status`` and ``/stats``: one snapshot, with the next scheduled digest."""
    upcoming = next_digest_at(active_schedules(session), now=now)
    return collect_status(session, now=now, next_scheduled_at=upcoming)


@dataclass(frozen=True, slots=True)
class Readiness:
    """What ``newsdigest run`` says when it is ready: what it reads, for whom, and when next."""

    sources: int
    sources_enabled: int
    subscribers: int
    # Articles still to analyse or place: worked off at once, right after start.
    backlog: int
    next_digest_at: datetime | None


def readiness(session: Session, *, now: datetime) -> Readiness:
    """The few counts of the ready line (cheap: no census of the store)."""
    sources = list_sources(session)
    schedules = active_schedules(session)
    return Readiness(
        sources=len(sources),
        sources_enabled=sum(1 for source in sources if source.enabled),
        subscribers=len(schedules),
        backlog=backlog(session),
        next_digest_at=next_digest_at(schedules, now=now),
    )
