"""Sending digests within Telegram's limits, with the ledger written as each message is accepted.

PTB's AIORateLimiter keeps the group (20/min) limit and guards the overall one; this module paces
its own sends a little under Telegram's 30 messages/s overall (so the limiter never has to retry,
and command replies keep some room) and adds what the limiter lacks: pacing of 1 message/s per chat
(private chats included), retries with backoff for network errors, RetryAfter honoured without
dropping the message, and the translation of Telegram's errors into what they mean for a
subscriber:

- Forbidden (blocked, kicked), "chat not found": ChatGone, the subscriber is deactivated;
- ChatMigrated: the subscriber follows the new supergroup id and the message is resent there;
- BadRequest on entities: the plain-text rendering is sent instead;
- TimedOut / NetworkError: retried with backoff, then the delivery goes back to the queue.

Deliveries to different chats run concurrently (bounded, above the overall rate so chats waiting
on their own 1/s pacing still fill the budget), and claims are topped up while sends are in
flight, so one slow or failing chat delays no other more than its own share. Each message's
acceptance is written to the ledger before the next is sent; the last one's shares a transaction
with closing the delivery.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.content import ComposedDigest, DigestComposer
from bot.errors import ChatGone, Deferred, MessageRefused
from storage import deliveries, subscribers
from storage.deliveries import MANUAL_PREFIX
from storage.engine import transaction
from storage.models import Delivery, DeliveryStatus, Subscriber

__all__ = ["Deliverer", "DeliveryOutcome", "DeliveryReport", "Pacing"]

log = logging.getLogger(__name__)

_PARSE_ERRORS = ("can't parse entities", "can't find end", "unsupported start tag", "parse")
_GONE_ERRORS = ("chat not found", "message thread not found", "topic_deleted", "topic closed")


class DeliveryOutcome(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"
    CHAT_GONE = "chat_gone"
    REFUSED = "refused"
    DEFERRED = "deferred"
    STOPPED = "stopped"
    LOST = "lost"


@dataclass
class DeliveryReport:
    """What one delivery run did, for logs and /stats."""

    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: int = 0
    retry_after: int = 0

    def add(self, outcome: DeliveryOutcome) -> None:
        self.outcomes[outcome.value] += 1


@dataclass(frozen=True, slots=True)
class Pacing:
    """Limits and retry policy; tests shrink the waits."""

    per_chat_interval: float = 1.0
    # The whole bot's budget, a little under Telegram's 30/s so jitter never earns a 429;
    # 0 leaves it to the bot's rate limiter alone.
    overall_rate: float = 29.0
    # Chats served at once: above the overall rate, so chats waiting on their own 1/s pacing
    # (digests of several messages) still fill the budget.
    concurrency: int = 64
    network_retries: int = 4
    backoff: float = 1.0
    # RetryAfter waits beyond this put the delivery back in the queue instead of sleeping on.
    max_wait: float = 120.0
    lease: timedelta = timedelta(minutes=10)
    batch: int = 200


@dataclass
class _Target:
    subscriber_id: int
    chat_id: int
    thread_id: int


@dataclass(frozen=True, slots=True)
class _Job:
    delivery_id: int
    target: _Target | None
    digest: ComposedDigest
    messages_sent: int
    manual: bool
    # False when another worker took the delivery over while it waited here: send nothing.
    ours: bool = True


def _retry_seconds(exc: RetryAfter) -> float:
    # PTB 22 warns that retry_after becomes a timedelta; accept either, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


class Deliverer:
    """Claims due deliveries and sends them; one per bot process."""

    def __init__(
        self,
        bot: Bot,
        sessions: sessionmaker[Session],
        *,
        composer: DigestComposer,
        clock: Clock,
        worker: str,
        pacing: Pacing | None = None,
        max_quotes: int = 2,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._composer = composer
        self._clock = clock
        self.worker = worker
        self.pacing = pacing or Pacing()
        self._max_quotes = max_quotes
        self._semaphore = asyncio.Semaphore(self.pacing.concurrency)
        self._chat_locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._next_send: dict[int, float] = {}
        self._next_slot = 0.0
        self._in_flight: set[int] = set()
        self._stopping = asyncio.Event()
        self._run_lock = asyncio.Lock()

    def request_stop(self) -> None:
        """Finish the message in flight, record it, and stop; the rest stays queued."""
        self._stopping.set()

    # -- the queue ---------------------------------------------------------------------------

    async def run_due(self) -> DeliveryReport:
        """Claim and send every due delivery until none is left.

        Claims are topped up while deliveries are still in flight (not batch after batch), so
        the last slow chats of a batch never leave the rate budget idle.
        """
        report = DeliveryReport()
        if self._run_lock.locked():
            return report
        async with self._run_lock:
            running: set[asyncio.Task[DeliveryOutcome]] = set()
            exhausted = False
            try:
                while True:
                    # Another claim when few are left queued, or a last look once all are done.
                    low = len(running) <= self.pacing.concurrency
                    if not self._stopping.is_set() and low and (not exhausted or not running):
                        claimed = await asyncio.to_thread(self._claim, self._clock.now())
                        # A row whose lease ran out while it waited here may come back: it is
                        # already on its way, and a second task would send it twice.
                        fresh = [row_id for row_id in claimed if row_id not in self._in_flight]
                        exhausted = not fresh
                        running.update(
                            asyncio.create_task(self._guarded(row_id, report)) for row_id in fresh
                        )
                    if not running:
                        break
                    done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        report.add(task.result())
            finally:
                for task in running:
                    task.cancel()
        return report

    async def send_now(self, subscriber_id: int) -> DeliveryOutcome:
        """/digest: a manual edition for one subscriber, sent at once through the same ledger."""
        now = self._clock.now()

        def create() -> int | None:
            with transaction(self._sessions) as session:
                row, _ = deliveries.ensure_delivery(
                    session, subscriber_id, f"{MANUAL_PREFIX}{uuid.uuid4().hex}", due_at=now
                )
                ok = deliveries.claim_delivery(
                    session, row.id, worker=self.worker, now=now, lease=self.pacing.lease
                )
                return row.id if ok else None

        delivery_id = await asyncio.to_thread(create)
        if delivery_id is None:
            return DeliveryOutcome.LOST
        return await self._guarded(delivery_id, DeliveryReport())

    def _claim(self, now: Any) -> list[int]:
        with transaction(self._sessions) as session:
            rows = deliveries.claim_due(
                session,
                worker=self.worker,
                now=now,
                lease=self.pacing.lease,
                limit=self.pacing.batch,
            )
            return [row.id for row in rows]

    async def _guarded(self, delivery_id: int, report: DeliveryReport) -> DeliveryOutcome:
        self._in_flight.add(delivery_id)
        try:
            return await self._guarded_send(delivery_id, report)
        finally:
            self._in_flight.discard(delivery_id)

    async def _guarded_send(self, delivery_id: int, report: DeliveryReport) -> DeliveryOutcome:
        async with self._semaphore:
            try:
                if self._stopping.is_set():
                    # Claimed but not started: straight back to the queue, nothing composed.
                    await asyncio.to_thread(self._release, delivery_id, "stopped", None)
                    return DeliveryOutcome.STOPPED
                return await self._deliver(delivery_id, report)
            except asyncio.CancelledError:
                raise
            except Exception:
                # One broken delivery must not stop the others; it goes back to the queue.
                log.exception("delivery %s failed unexpectedly", delivery_id)
                await asyncio.to_thread(
                    self._release, delivery_id, "internal error", self.pacing.lease
                )
                return DeliveryOutcome.DEFERRED

    # -- one delivery ------------------------------------------------------------------------

    def _prepare(self, delivery_id: int) -> _Job:
        with transaction(self._sessions) as session:
            delivery = session.get_one(Delivery, delivery_id, populate_existing=True)
            manual = delivery.edition.startswith(MANUAL_PREFIX)
            # The claim may have waited its turn here past its lease: renew it, unless another
            # worker has taken the delivery over meanwhile.
            if not deliveries.record_progress(
                session,
                delivery_id,
                worker=self.worker,
                messages_sent=delivery.messages_sent,
                extend_until=self._clock.now() + self.pacing.lease,
            ):
                return _Job(delivery_id, None, ComposedDigest((), (), ()), 0, manual, ours=False)
            subscriber = session.get_one(Subscriber, delivery.subscriber_id, populate_existing=True)
            if not subscriber.active:
                return _Job(delivery_id, None, ComposedDigest((), (), ()), 0, manual)
            stored = list(delivery.story_ids or [])
            digest = self._composer(
                session,
                subscriber,
                now=delivery.due_at,
                story_ids=stored or None,
                max_quotes=self._max_quotes,
            )
            if not stored and digest.story_ids:
                deliveries.set_story_ids(session, delivery_id, digest.story_ids)
            target = _Target(subscriber.id, subscriber.chat_id, subscriber.thread_id)
            return _Job(delivery_id, target, digest, delivery.messages_sent, manual)

    async def _deliver(self, delivery_id: int, report: DeliveryReport) -> DeliveryOutcome:
        job = await asyncio.to_thread(self._prepare, delivery_id)
        if not job.ours:
            log.info("delivery %s was taken over by another worker before its turn", delivery_id)
            return DeliveryOutcome.LOST
        if job.target is None:
            await asyncio.to_thread(self._close, delivery_id, DeliveryStatus.SKIPPED, "inactive")
            return DeliveryOutcome.SKIPPED
        if job.digest.is_empty and not job.manual:
            # Nothing new: no message, and the slot counts as done.
            await asyncio.to_thread(self._close, delivery_id, DeliveryStatus.SKIPPED, "no news")
            return DeliveryOutcome.SKIPPED
        target = job.target
        count = len(job.digest.html)
        closed = False
        async with self._chat_locks[target.subscriber_id]:
            try:
                for index in range(job.messages_sent, count):
                    if self._stopping.is_set():
                        await asyncio.to_thread(self._release, delivery_id, "stopped", None)
                        return DeliveryOutcome.STOPPED
                    text = job.digest.text[index] if index < len(job.digest.text) else None
                    await self._send(target, job.digest.html[index], text, report)
                    report.messages += 1
                    # The last message's progress and the close share one transaction.
                    closed = index + 1 == count
                    record = self._finish if closed else self._progress
                    if not await asyncio.to_thread(record, delivery_id, index + 1):
                        log.warning("delivery %s was taken over by another worker", delivery_id)
                        return DeliveryOutcome.LOST
            except ChatGone as exc:
                await asyncio.to_thread(self._gone, delivery_id, target.subscriber_id, str(exc))
                return DeliveryOutcome.CHAT_GONE
            except MessageRefused as exc:
                await asyncio.to_thread(self._refused, delivery_id, target.subscriber_id, str(exc))
                return DeliveryOutcome.REFUSED
            except Deferred as exc:
                retry = timedelta(seconds=exc.retry_in)
                await asyncio.to_thread(self._release, delivery_id, str(exc), retry)
                return DeliveryOutcome.DEFERRED
        if not closed:
            await asyncio.to_thread(self._done, delivery_id)
        return DeliveryOutcome.SENT

    # -- one message ---------------------------------------------------------------------------

    async def _pace(self, chat_id: int) -> None:
        wait = self._next_send.get(chat_id, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        if self.pacing.overall_rate > 0:
            # Each send books the next free slot of the overall budget, evenly spaced.
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / self.pacing.overall_rate
            if slot > now:
                await asyncio.sleep(slot - now)
        self._next_send[chat_id] = time.monotonic() + self.pacing.per_chat_interval

    async def _send(
        self, target: _Target, html: str, text: str | None, report: DeliveryReport
    ) -> None:
        """Send one message until Telegram accepts it, or raise a DeliveryError."""
        plain = False
        failures = 0
        waited = 0.0
        while True:
            await self._pace(target.chat_id)
            try:
                await self._bot.send_message(
                    chat_id=target.chat_id,
                    text=text if plain and text is not None else html,
                    parse_mode=None if plain else ParseMode.HTML,
                    message_thread_id=target.thread_id or None,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except RetryAfter as exc:
                seconds = _retry_seconds(exc)
                report.retry_after += 1
                if waited + seconds > self.pacing.max_wait:
                    raise Deferred(
                        f"flood control: retry after {seconds:g}s", retry_in=seconds
                    ) from exc
                waited += seconds
                self._next_send[target.chat_id] = time.monotonic() + seconds
            except ChatMigrated as exc:
                new_chat_id = int(exc.new_chat_id)
                log.info("chat %s moved to %s; following it", target.chat_id, new_chat_id)
                await asyncio.to_thread(self._migrate, target.chat_id, new_chat_id)
                target.chat_id = new_chat_id
            except Forbidden as exc:
                raise ChatGone(f"chat gone: {exc.message}") from exc
            except BadRequest as exc:
                reason = exc.message.lower()
                if not plain and text is not None and any(p in reason for p in _PARSE_ERRORS):
                    log.warning(
                        "chat %s refused HTML (%s); sending plain text", target.chat_id, exc.message
                    )
                    plain = True
                    continue
                if any(p in reason for p in _GONE_ERRORS):
                    raise ChatGone(f"chat gone: {exc.message}") from exc
                raise MessageRefused(f"message refused: {exc.message}") from exc
            except (TimedOut, NetworkError) as exc:
                failures += 1
                if failures > self.pacing.network_retries:
                    raise Deferred(f"network: {exc.message}", retry_in=60.0) from exc
                await asyncio.sleep(self.pacing.backoff * 2 ** (failures - 1))

    # -- the ledger ----------------------------------------------------------------------------

    def _progress(self, delivery_id: int, sent: int) -> bool:
        with transaction(self._sessions) as session:
            return deliveries.record_progress(
                session,
                delivery_id,
                worker=self.worker,
                messages_sent=sent,
                extend_until=self._clock.now() + self.pacing.lease,
            )

    def _finish(self, delivery_id: int, sent: int) -> bool:
        with transaction(self._sessions) as session:
            ours = deliveries.record_progress(
                session, delivery_id, worker=self.worker, messages_sent=sent
            )
            if ours:
                deliveries.mark_sent(session, delivery_id, now=self._clock.now())
            return ours

    def _done(self, delivery_id: int) -> None:
        with transaction(self._sessions) as session:
            deliveries.mark_sent(session, delivery_id, now=self._clock.now())

    def _close(self, delivery_id: int, status: DeliveryStatus, reason: str) -> None:
        with transaction(self._sessions) as session:
            if status is DeliveryStatus.SKIPPED:
                deliveries.mark_skipped(session, delivery_id, reason=reason)
            else:
                deliveries.mark_failed(session, delivery_id, error=reason)

    def _release(self, delivery_id: int, error: str, retry_in: timedelta | None) -> None:
        retry_at = self._clock.now() + retry_in if retry_in else None
        with transaction(self._sessions) as session:
            deliveries.release(
                session, delivery_id, worker=self.worker, error=error, retry_at=retry_at
            )

    def _gone(self, delivery_id: int, subscriber_id: int, reason: str) -> None:
        log.info("subscriber %s deactivated: %s", subscriber_id, reason)
        with transaction(self._sessions) as session:
            subscribers.deactivate(session, subscriber_id, reason=reason)
            deliveries.mark_failed(session, delivery_id, error=reason)

    def _refused(self, delivery_id: int, subscriber_id: int, reason: str) -> None:
        log.warning("delivery %s refused: %s", delivery_id, reason)
        with transaction(self._sessions) as session:
            subscribers.record_error(session, subscriber_id)
            deliveries.mark_failed(session, delivery_id, error=reason)

    def _migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        with transaction(self._sessions) as session:
            subscribers.migrate_chat(session, old_chat_id, new_chat_id)
