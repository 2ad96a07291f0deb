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
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

from bot.app import install_token_masking
from bot.clock import Clock, SystemClock
from bot.content import compose_digest
from bot.delivery import Deliverer, Pacer, Pacing
from bot.runtime import Runtime, ingest_config
from bot.scheduler import create_due_deliveries, release_scheduler_lease, take_scheduler_lease
from bot.services import Services
from digests.jobs.ingest import ingest
from digests.jobs.pipeline import analyze_pending, cluster_pending, worker_name

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
    """One worker process's loop over the shared queues."""

    def __init__(self, runtime: Runtime, *, clock: Clock | None = None) -> None:
        self.runtime = runtime
        settings = runtime.settings
        self.claim = timedelta(seconds=settings.worker_claim_seconds)
        self.svc = Services(
            runtime=runtime,
            clock=clock or SystemClock(),
            composer=compose_digest,
            worker=worker_name(),
            # A dead holder must not hold the jobs up longer than its claims.
            lease_ttl=min(timedelta(seconds=90), self.claim),
        )
        self._bot: ExtBot[Any] | None = None
        token = (
            settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
        )
        if token:
            install_token_masking(token)
            pacing = Pacing(lease=self.claim)
            self._bot = ExtBot(
                token,
                base_url=settings.telegram_api_url,
                rate_limiter=Pacer(pacing),
                defaults=Defaults(
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                ),
            )
            self.svc.deliverer = Deliverer(
                self._bot,
                runtime.sessions,
                composer=compose_digest,
                clock=self.svc.clock,
                worker=self.svc.worker,
                pacing=pacing,
                max_quotes=settings.digest_key_quotes,
            )

    async def __aenter__(self) -> Worker:
        if self._bot is not None:
            await self._bot.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.svc.deliverer is not None:
            self.svc.deliverer.request_stop()
        if self._bot is not None:
            await self._bot.shutdown()
        with contextlib.suppress(Exception):
            await asyncio.to_thread(release_scheduler_lease, self.svc)

    async def cycle(self) -> CycleReport:
        """One pass: (scheduler) poll and ledger, then analyse, cluster, deliver."""
        runtime, settings, svc = self.runtime, self.runtime.settings, self.svc
        new_articles = editions = 0
        if await asyncio.to_thread(take_scheduler_lease, svc):
            report = await ingest(runtime.sessions, ingest_config(settings))
            new_articles = report.new
            editions = await svc.db(create_due_deliveries, now=svc.clock.now())
        analyzed = await asyncio.to_thread(
            analyze_pending,
            runtime.sessions,
            runtime.nlp,
            method=settings.summary_method,
            sentences=settings.summary_sentences,
            worker=svc.worker,
            claim_for=self.claim,
            batch_size=8,
        )
        placed, _ = await asyncio.to_thread(
            cluster_pending,
            runtime.sessions,
            threshold=settings.story_similarity,
            window_days=settings.story_window_days,
            worker=svc.worker,
            lease_for=self.claim,
            # Small batches renew the lease well within its time, however slow the machine.
            batch_size=20,
        )
        messages = 0
        # One process sends at a time (the lease holder, renewed here): Telegram's 30 msg/s is
        # per bot, so more senders would only trade sends for 429s. Claims keep a hand-over
        # between holders from sending anything twice.
        if svc.deliverer is not None and await asyncio.to_thread(take_scheduler_lease, svc):
            messages = (await svc.deliverer.run_due()).messages
        return CycleReport(new_articles, analyzed, placed, editions, messages)


async def run_worker(
    runtime: Runtime, *, interval: float, drain: bool = False, clock: Clock | None = None
) -> int:
    """Loop until SIGINT/SIGTERM (or, with ``drain``, until a pass finds nothing to do)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    cycles = 0
    async with Worker(runtime, clock=clock) as worker:
        log.info("worker %s started", worker.svc.worker)
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
