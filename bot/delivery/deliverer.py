"""The delivery ledger loop: claim due editions, compose each once, send what is stored, record it.

An edition is rendered once, at its first turn, and its messages are stored with the ledger row
(the outbox, ``storage.deliveries.store_edition``); every later turn, after a restart or on
another worker, sends exactly the stored messages not yet marked sent, so a story that grew or
dropped out meanwhile never shifts, skips or repeats text: it comes in the next edition, as an
update. Each message's acceptance is written before the next is sent; the last one's shares a
transaction with closing the delivery.

Deliveries to different chats run concurrently (bounded, above the overall rate so chats waiting
on their own 1/s pacing still fill the budget), and claims are topped up while sends are in
flight, so one slow or failing chat delays no other more than its own share.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.clock import Clock
from bot.content import DigestComposer
from bot.delivery.pacing import Pacing
from bot.delivery.sender import Recipient, Sender
from bot.errors import ChatGone, Deferred, MessageRefused
from storage import deliveries, subscribers
from storage.deliveries import MANUAL_PREFIX, OutboxMessage
from storage.engine import transaction
from storage.models import Delivery, Subscriber

__all__ = ["Deliverer", "DeliveryOutcome", "DeliveryReport"]

log = logging.getLogger(__name__)


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

    def add(self, outcome: DeliveryOutcome) -> None:
        self.outcomes[outcome.value] += 1


@dataclass(frozen=True, slots=True)
class _Job:
    """A claimed delivery ready to send: where, and the stored messages still to go."""

    target: Recipient | None
    unsent: tuple[OutboxMessage, ...]
    skip_reason: str | None = None
    # False when another worker took the delivery over while it waited here: send nothing.
    ours: bool = True


class Deliverer:
    """Claims due deliveries and sends their stored messages; one per bot process."""

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
        self._sessions = sessions
        self._composer = composer
        self._clock = clock
        self.worker = worker
        self.pacing = pacing or Pacing()
        self._max_quotes = max_quotes
        self._sender = Sender(bot, pacing=self.pacing, on_migrate=self._migrate)
        self._semaphore = asyncio.Semaphore(self.pacing.concurrency)
        self._chat_locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
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

    def _claim(self, now: datetime) -> list[int]:
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
            async with self._semaphore:
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
            await asyncio.to_thread(self._release, delivery_id, "internal error", self.pacing.lease)
            return DeliveryOutcome.DEFERRED
        finally:
            self._in_flight.discard(delivery_id)

    # -- one delivery ------------------------------------------------------------------------

    def _prepare(self, delivery_id: int) -> _Job:
        """Renew the claim; compose and store the edition at its first turn; what is left."""
        with transaction(self._sessions) as session:
            delivery = session.get_one(Delivery, delivery_id, populate_existing=True)
            # The claim may have waited its turn here past its lease: renew it, unless another
            # worker has taken the delivery over meanwhile.
            if not deliveries.record_progress(
                session,
                delivery_id,
                worker=self.worker,
                messages_sent=delivery.messages_sent,
                extend_until=self._clock.now() + self.pacing.lease,
            ):
                return _Job(None, (), ours=False)
            subscriber = session.get_one(Subscriber, delivery.subscriber_id, populate_existing=True)
            if not subscriber.active:
                return _Job(None, (), skip_reason="inactive")
            stored = deliveries.stored_messages(session, delivery_id)
            if not stored:
                stored = self._compose(session, delivery, subscriber)
            if not stored:
                return _Job(None, (), skip_reason="no news")
            target = Recipient(subscriber.id, subscriber.chat_id, subscriber.thread_id)
            return _Job(target, tuple(m for m in stored if not m.sent))

    def _compose(
        self, session: Session, delivery: Delivery, subscriber: Subscriber
    ) -> list[OutboxMessage]:
        """The edition rendered once and stored; a row from before stored messages (one that
        counts ``messages_sent`` but kept no text) has that many marked sent."""
        on_demand = delivery.edition.startswith(MANUAL_PREFIX)
        digest = self._composer(
            session,
            subscriber,
            now=delivery.due_at,
            max_quotes=self._max_quotes,
            on_demand=on_demand,
        )
        if digest.is_empty and not on_demand:
            # Nothing new: no message, and the slot counts as done.
            return []
        deliveries.store_edition(
            session,
            delivery.id,
            html=digest.html,
            plain=digest.text,
            story_ids=digest.story_ids,
            revisions=digest.revisions,
        )
        for seq in range(min(delivery.messages_sent, len(digest.html))):
            deliveries.mark_message_sent(session, delivery.id, seq, now=self._clock.now())
        return deliveries.stored_messages(session, delivery.id)

    async def _deliver(self, delivery_id: int, report: DeliveryReport) -> DeliveryOutcome:
        job = await asyncio.to_thread(self._prepare, delivery_id)
        if not job.ours:
            log.info("delivery %s was taken over by another worker before its turn", delivery_id)
            return DeliveryOutcome.LOST
        if job.target is None:
            reason = job.skip_reason or "nothing to send"
            await asyncio.to_thread(self._skip, delivery_id, reason)
            return DeliveryOutcome.SKIPPED
        target = job.target
        closed = False
        async with self._chat_locks[target.subscriber_id]:
            try:
                for index, message in enumerate(job.unsent):
                    if self._stopping.is_set():
                        await asyncio.to_thread(self._release, delivery_id, "stopped", None)
                        return DeliveryOutcome.STOPPED
                    await self._sender.send(target, message)
                    report.messages += 1
                    # The last message's progress and the close share one transaction.
                    closed = index + 1 == len(job.unsent)
                    if not await asyncio.to_thread(self._sent, delivery_id, message.seq, closed):
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
            # Every stored message had gone out before this turn: only the close was missing.
            await asyncio.to_thread(self._done, delivery_id)
        return DeliveryOutcome.SENT

    # -- the ledger ----------------------------------------------------------------------------

    def _sent(self, delivery_id: int, seq: int, close: bool) -> bool:
        """Record message ``seq`` as accepted (and close the delivery with the last one)."""
        now = self._clock.now()
        with transaction(self._sessions) as session:
            ours = deliveries.record_progress(
                session,
                delivery_id,
                worker=self.worker,
                messages_sent=seq + 1,
                extend_until=None if close else now + self.pacing.lease,
            )
            if ours:
                deliveries.mark_message_sent(session, delivery_id, seq, now=now)
                if close:
                    deliveries.mark_sent(session, delivery_id, worker=self.worker, now=now)
            return ours

    def _closed(self, delivery_id: int, ours: bool) -> None:
        if not ours:
            log.warning("delivery %s was taken over by another worker; left to it", delivery_id)

    def _done(self, delivery_id: int) -> None:
        with transaction(self._sessions) as session:
            ours = deliveries.mark_sent(
                session, delivery_id, worker=self.worker, now=self._clock.now()
            )
        self._closed(delivery_id, ours)

    def _skip(self, delivery_id: int, reason: str) -> None:
        with transaction(self._sessions) as session:
            ours = deliveries.mark_skipped(session, delivery_id, worker=self.worker, reason=reason)
        self._closed(delivery_id, ours)

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
            ours = deliveries.mark_failed(session, delivery_id, worker=self.worker, error=reason)
        self._closed(delivery_id, ours)

    def _refused(self, delivery_id: int, subscriber_id: int, reason: str) -> None:
        log.warning("delivery %s refused: %s", delivery_id, reason)
        with transaction(self._sessions) as session:
            subscribers.record_error(session, subscriber_id)
            ours = deliveries.mark_failed(session, delivery_id, worker=self.worker, error=reason)
        self._closed(delivery_id, ours)

    async def _migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        def move() -> None:
            with transaction(self._sessions) as session:
                subscribers.migrate_chat(session, old_chat_id, new_chat_id)

        await asyncio.to_thread(move)
