"""``newsdigest worker``: analysis, clustering and delivery from a shared database.

Any number of workers (and bots) may run against one PostgreSQL database. Articles and deliveries
are claimed in the database, so none is handled twice; clustering holds a lease; only the holder
of the "scheduler" lease polls sources, puts due editions in the ledger and sends them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

from bot import work
from bot.container import Container
from bot.job_state import SchedulerLease
from bot.scheduler import create_due_deliveries

__all__ = ["CycleReport", "Worker", "run_worker"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one pass over the queues did; all zeros means there was nothing to do."""

    new_articles: int = 0
    analyzed: int = 0
    placed: int = 0
    editions_due: int = 0
    messages: int = 0

    @property
    def idle(self) -> bool:
        return not (self.new_articles or self.analyzed or self.placed or self.messages)


class Worker:
    """One worker process's loop over the shared queues, on the process's container."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.lease = SchedulerLease(container)

    async def __aenter__(self) -> Worker:
        await self.container.open()
        try:
            if self.container.bot is not None:
                await self.container.bot.initialize()
        except BaseException:
            await self.container.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        container = self.container
        if container.deliverer is not None:
            container.deliverer.request_stop()
        if container.bot is not None:
            await container.bot.shutdown()
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self.lease.release)
        await container.close()

    async def cycle(self) -> CycleReport:
        """One pass: (scheduler) poll and ledger, then analyse, cluster, deliver."""
        container = self.container
        new_articles = editions = 0
        if await asyncio.to_thread(self.lease.take):
            report = await work.poll(container)
            new_articles = report.new
            await asyncio.to_thread(work.prune, container)
            editions = await container.db(create_due_deliveries, now=container.clock.now())
        # The same processing as the bot's own job: analysis claims, then the clustering lease.
        processed = await asyncio.to_thread(work.process, container)
        messages = 0
        # One process sends at a time (the lease holder, renewed here): Telegram's 30 msg/s is
        # per bot, so more senders would only trade sends for 429s. Claims keep a hand-over
        # between holders from sending anything twice.
        deliverer = container.deliverer
        if deliverer is not None and await asyncio.to_thread(self.lease.take):
            messages = (await deliverer.run_due()).messages
        return CycleReport(new_articles, processed.analyzed, processed.placed, editions, messages)


async def run_worker(container: Container, *, interval: float, drain: bool = False) -> int:
    """Loop until SIGINT/SIGTERM (or, with ``drain``, until a pass finds nothing to do)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    cycles = 0
    async with Worker(container) as worker:
        log.info("worker %s started", container.worker)
        while not stop.is_set():
            try:
                report = await worker.cycle()
            except Exception:
                # A failing pass (database restart, bad row) must not end the worker.
                log.exception("worker pass failed; retrying in %.0f s", interval)
                report = CycleReport()
            cycles += 1
            if drain and report.idle:
                break
            if report.idle:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)
    return cycles
