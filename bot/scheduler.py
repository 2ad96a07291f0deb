"""The bot's jobs on PTB's JobQueue: poll sources, process new articles, deliver due digests.

Jobs are named and idempotent: ``schedule_jobs`` removes any job of the same name before adding
it, and every run reads what to do from the database (due sources, pending articles, subscribers'
digest times), so a restart rebuilds the whole schedule. APScheduler 3 job stores cannot be shared
between processes, so every process schedules the jobs and only the holder of the "scheduler"
lease runs the time-driven ones.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.container import Container
from bot.context import BotApplication, Context
from bot.delivery import DeliveryReport
from digests.jobs.schedule import ScheduleError, due_edition
from storage import deliveries, leases, subscribers
from storage.base import utcnow

__all__ = [
    "JOB_BACKLOG",
    "JOB_DELIVER",
    "JOB_LEASE",
    "JOB_POLL",
    "JOB_PROCESS",
    "LEASE_NAME",
    "Intervals",
    "create_due_deliveries",
    "deliver_due",
    "poll_sources",
    "process_articles",
    "release_scheduler_lease",
    "run_delivery",
    "schedule_jobs",
    "take_scheduler_lease",
]

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
JOB_LEASE = "scheduler-lease"
JOB_POLL = "poll-sources"
JOB_PROCESS = "process-pending"
JOB_DELIVER = "deliver-due"
JOB_BACKLOG = "process-backlog-at-start"


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


def schedule_jobs(application: BotApplication) -> None:
    """(Re)create the named jobs; running it twice leaves one of each."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    container = application.container
    every = container.intervals or Intervals()
    poll = float(container.settings.poll_minutes * 60)
    plan = [
        (JOB_LEASE, lease_job, every.lease, every.lease),
        (JOB_POLL, poll_sources, min(every.poll, poll), every.warmup),
        (JOB_PROCESS, process_articles, every.process, every.process),
        (JOB_DELIVER, deliver_due, every.deliver, min(every.deliver, every.warmup)),
    ]
    for name, callback, interval, first in plan:
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()
        queue.run_repeating(
            callback,
            interval=interval,
            first=first,
            name=name,
            job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )
    # The backlog at start: a one-off job brings processing forward once the scheduler runs (a
    # repeating job cannot start at 0: APScheduler would first run it an interval later).
    for job in queue.get_jobs_by_name(JOB_BACKLOG):
        job.schedule_removal()
    queue.run_once(
        _process_soon,
        when=every.backlog,
        name=JOB_BACKLOG,
        job_kwargs={"misfire_grace_time": None},
    )


# -- the lease ---------------------------------------------------------------------------------


def take_scheduler_lease(container: Container) -> bool:
    """Take or renew the scheduler lease for this process (blocking; call off the loop)."""
    held = container.run_in_session(
        leases.acquire_lease,
        LEASE_NAME,
        container.worker,
        now=utcnow(),
        ttl=container.lease_ttl,
    )
    state = container.jobs
    if held != state.is_scheduler:
        log.info("scheduler lease %s by %s", "taken" if held else "lost", container.worker)
    state.is_scheduler = held
    return held


def release_scheduler_lease(container: Container) -> None:
    """Hand the lease over at shutdown, so another process need not wait for it to expire."""
    container.run_in_session(leases.release_lease, LEASE_NAME, container.worker)
    container.jobs.is_scheduler = False


async def lease_job(context: Context) -> None:
    """Renew (or take) the scheduler lease."""
    await asyncio.to_thread(take_scheduler_lease, context.container)


# -- the time-driven jobs -------------------------------------------------------------------------


async def poll_sources(context: Context) -> None:
    """Fetch every due source, then prune what is past NEWSDIGEST_KEEP_DAYS (only the lease
    holder)."""
    container = context.container
    if not container.jobs.is_scheduler:
        return
    report = await container.poll()
    log.info("poll: %d sources, %d new articles", report.sources, report.new)
    # Retention rides on polling: what a poll adds, NEWSDIGEST_KEEP_DAYS takes away in time.
    await asyncio.to_thread(container.prune)
    if report.new:
        await _process_soon(context)


async def _process_soon(context: Context) -> None:
    """New articles are analysed now, not at the processing job's next turn: its next run is
    brought forward (one job, so never two runs at once)."""
    queue = context.job_queue
    if queue is None:
        return
    for job in queue.get_jobs_by_name(JOB_PROCESS):
        job.job.modify(next_run_time=datetime.now(UTC))


async def process_articles(context: Context) -> None:
    """Analyse and cluster new articles (only the lease holder); CPU work runs off the loop."""
    container = context.container
    if not container.jobs.is_scheduler:
        return
    await asyncio.to_thread(container.process)


def create_due_deliveries(session: Session, *, now: datetime) -> int:
    """Put every subscriber's due edition in the ledger (idempotent); how many rows were new."""
    active = subscribers.active_subscribers(session)
    last = deliveries.last_editions(session, [sub.id for sub in active])
    created = 0
    for sub in active:
        quiet = (sub.quiet_start, sub.quiet_end) if sub.quiet_start and sub.quiet_end else None
        try:
            edition = due_edition(
                now,
                times=list(sub.digest_times or []),
                tz=sub.timezone,
                quiet=quiet,
                last_edition=last.get(sub.id),
                not_before=sub.created_at,
            )
        except ScheduleError as exc:
            # One subscriber's bad stored value never stops the others.
            log.warning("subscriber %s: %s", sub.id, exc)
            continue
        if edition is not None:
            _, new = deliveries.ensure_delivery(session, sub.id, edition.key, due_at=edition.due_at)
            created += int(new)
    return created


async def deliver_due(context: Context) -> None:
    """Start a delivery run in the background unless one is still going.

    The run is a task of its own, not the job, so stopping the bot does not wait for a long run
    to finish: ``post_stop`` asks it to stop after the message in flight (the rest stays queued).
    """
    container = context.container
    state = container.jobs
    if state.delivery_task is not None and not state.delivery_task.done():
        return
    state.delivery_task = asyncio.create_task(
        _logged_delivery(container), name="newsdigest-delivery"
    )


async def _logged_delivery(container: Container) -> None:
    try:
        await run_delivery(container)
    except Exception:
        log.exception("delivery run failed; due digests stay queued for the next run")


async def run_delivery(container: Container) -> DeliveryReport | None:
    """One delivery run: due editions into the ledger, then every claimable one sent."""
    deliverer = container.deliverer
    if not container.jobs.is_scheduler or deliverer is None:
        return None
    now = container.clock.now()
    created = await container.db(create_due_deliveries, now=now)
    report = await deliverer.run_due()
    if created or report.messages:
        log.info(
            "deliver: %d editions due, %d messages, outcomes %s",
            created,
            report.messages,
            dict(report.outcomes),
        )
    return report
