"""The retention job: what is older than ``NEWSDIGEST_KEEP_DAYS`` is pruned, in short batches.

Run by the scheduler's polling job (the lease holder's) and by ``newsdigest prune``; each
batch is one short transaction, so writers are never held up for long. The rules of what goes
and what stays are ``storage.retention``'s.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from storage.engine import transaction
from storage.retention import PruneCounts, prune_batch

__all__ = ["PruneCounts", "prune_older_than"]

log = logging.getLogger(__name__)


def prune_older_than(
    sessions: sessionmaker[Session], *, keep: timedelta, now: datetime, batch: int = 500
) -> PruneCounts:
    """Prune stories, articles and people older than ``now - keep``; the counts pruned."""
    before = now - keep
    total = PruneCounts()
    while True:
        with transaction(sessions) as session:
            done = prune_batch(session, before=before, limit=batch)
        total += done
        if not done.anything:
            break
    if total.anything:
        log.info(
            "pruned %d article(s), %d story(ies), %d person(s) older than %s",
            total.articles,
            total.stories,
            total.people,
            before.isoformat(timespec="minutes"),
        )
    return total
