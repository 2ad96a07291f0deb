"""What the scheduled jobs of one bot process change as they run, and how often they run.

Kept apart from the container, which holds resources and configuration only: the container is
made once and shared by the bot, the worker and the CLI, while this state belongs to the one
Application whose JobQueue runs the jobs (``BotApplication.jobs``). The worker, which has no
JobQueue, holds its own ``SchedulerLease``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.container import Container
from storage import leases
from storage.base import utcnow

__all__ = ["LEASE_NAME", "Intervals", "JobState", "SchedulerLease"]

log = logging.getLogger(__name__)

# The lease whose holder runs the time-driven jobs (poll, ledger, delivery).
LEASE_NAME = "scheduler"


@dataclass(frozen=True, slots=True)
class Intervals:
    """How often each job runs (seconds)."""

    lease: float = 30.0
    poll: float = 900.0
    process: float = 60.0
    deliver: float = 60.0
    # Seconds before the first poll (and delivery run), so start-up stays quick.
    warmup: float = 5.0
    # Seconds before the first processing run: none, so articles waiting at start are analysed
    # at once (in a thread; the bot answers meanwhile, saying what it is still reading).
    backlog: float = 0.0


@dataclass(eq=False)
class SchedulerLease:
    """This process's hold on the "scheduler" lease: APScheduler 3 job stores cannot be shared
    between processes, so every process schedules the jobs and only the holder runs the
    time-driven ones. ``held`` is what the last ``take`` found."""

    container: Container
    held: bool = False

    def take(self) -> bool:
        """Take or renew the lease (blocking; call off the loop)."""
        container = self.container
        held = container.run_in_session(
            leases.acquire_lease,
            LEASE_NAME,
            container.worker,
            now=utcnow(),
            ttl=container.lease_ttl,
        )
        if held != self.held:
            log.info("scheduler lease %s by %s", "taken" if held else "lost", container.worker)
        self.held = held
        return held

    def release(self) -> None:
        """Hand the lease over at shutdown, so another process need not wait for it to expire."""
        self.container.run_in_session(leases.release_lease, LEASE_NAME, self.container.worker)
        self.held = False


@dataclass(eq=False)
class JobState:
    """The bot's jobs' own state: the lease they run under, their intervals, the delivery run
    in progress (see ``bot.scheduler.deliver_due``)."""

    lease: SchedulerLease
    intervals: Intervals = field(default_factory=Intervals)
    delivery_task: asyncio.Task[None] | None = None
