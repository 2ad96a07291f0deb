"""Named leases: one process at a time holds "scheduler" and runs the time-driven jobs.

APScheduler 3 job stores cannot be shared between processes, so every bot process schedules the
same jobs and each run first checks that it holds the lease; a holder that dies lets it expire.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage.conflict import insert_ignore
from storage.models import Lease

__all__ = ["acquire_lease", "lease_holder", "release_lease", "worker_name"]


def worker_name() -> str:
    """A name unique to this process, for claims and leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def acquire_lease(
    session: Session, name: str, holder: str, *, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew lease ``name`` for ``holder`` until ``now + ttl``; False if held by another."""
    expires_at = now + ttl
    if insert_ignore(session, Lease, {"name": name, "holder": holder, "expires_at": expires_at}):
        return True
    result = session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_lease(session: Session, name: str, holder: str) -> bool:
    """Give up lease ``name`` if ``holder`` has it, so another process can take over at once."""
    result = session.execute(
        delete(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def lease_holder(session: Session, name: str, *, now: datetime) -> str | None:
    """Who holds lease ``name`` right now, if anyone."""
    return session.scalar(select(Lease.holder).where(Lease.name == name, Lease.expires_at >= now))
