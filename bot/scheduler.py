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
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot import work
from bot.container import Container
from bot.context import BotApplication, Context
from bot.delivery import DeliveryReport
from bot.job_state import LEASE_NAME, Intervals, SchedulerLease
from digests.jobs.schedule import ScheduleError, due_edition
from storage import deliveries, subscribers

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
    "run_delivery",
    "schedule_jobs",
]

log = logging.getLogger(__name__)

JOB_LEASE = "scheduler-lease"
JOB_POLL = "poll-sources"
JOB_PROCESS = "process-pending"
JOB_DELIVER = "deliver-due"
JOB_BACKLOG = "process-backlog-at-start"


def schedule_jobs(application: BotApplication) -> None:
    """(Re)create the named jobs; running it twice leaves one of each."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    every = application.jobs.intervals
    poll = float(application.container.settings.poll_minutes * 60)
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


async def lease_job(context: Context) -> None:
    """Renew (or take) the scheduler lease."""
    await asyncio.to_thread(context.jobs.lease.take)


# -- the time-driven jobs -------------------------------------------------------------------------


async def poll_sources(context: Context) -> None:
    """Fetch every due source, then prune what is past NEWSDIGEST_KEEP_DAYS (only the lease
    holder)."""
    if not context.jobs.lease.held:
        return
    container = context.container
    report = await work.poll(container)
    log.info("poll: %d sources, %d new articles", report.sources, report.new)
    # Retention rides on polling: what a poll adds, NEWSDIGEST_KEEP_DAYS takes away in time.
    await asyncio.to_thread(work.prune, container)
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
    if not context.jobs.lease.held:
        return
    await asyncio.to_thread(work.process, context.container)


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
    state = context.jobs
    if state.delivery_task is not None and not state.delivery_task.done():
        return
    state.delivery_task = asyncio.create_task(
        _logged_delivery(context.container, state.lease), name="newsdigest-delivery"
    )


async def _logged_delivery(container: Container, lease: SchedulerLease) -> None:
    try:
        await run_delivery(container, lease)
    except Exception:
        log.exception("delivery run failed; due digests stay queued for the next run")


async def run_delivery(container: Container, lease: SchedulerLease) -> DeliveryReport | None:
    """One delivery run (by the lease's holder): due editions into the ledger, then every
    claimable one sent."""
    deliverer = container.deliverer
    if not lease.held or deliverer is None:
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
