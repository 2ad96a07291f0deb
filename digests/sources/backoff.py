"""When to look at a source again: exponential backoff after failures, with a cap."""

from __future__ import annotations

from datetime import datetime, timedelta

__all__ = ["MAX_BACKOFF", "next_check_at", "should_disable"]

MAX_BACKOFF = timedelta(hours=24)


def next_check_at(
    now: datetime, error_count: int, base: timedelta, *, cap: timedelta = MAX_BACKOFF
) -> datetime:
    """``now + base`` when healthy; doubled per consecutive failure, never beyond ``cap``."""
    if error_count <= 0:
        return now + base
    # Cap the exponent too, so a long failure streak cannot overflow timedelta.
    delay = base * (2 ** min(error_count, 30))
    return now + min(delay, max(cap, base))


def should_disable(error_count: int, max_errors: int) -> bool:
    """A source that failed ``max_errors`` times in a row stops being polled."""
    return error_count >= max_errors
