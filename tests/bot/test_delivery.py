"""Scheduled delivery via the test Bot API server: on time, once, through Telegram's errors."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import ExtBot

from bot.clock import ManualClock
from bot.delivery import Deliverer, Pacer, Pacing
from bot.scheduler import create_due_deliveries
from storage import subscribers
from storage.engine import transaction
from storage.models import Delivery, DeliveryStatus, Subscriber
from tests.bot.conftest import START, BotFactory, BotHarness, FixedComposer
from tests.support.botapi import BotApiServer, Fault, RateLimits, User

EIGHT = START.replace(hour=8)


def _subscribe(
    sessions: sessionmaker[Session], *chat_ids: int, times: list[str] | None = None
) -> None:
    with transaction(sessions) as session:
        for chat_id in chat_ids:
            subscribers.subscribe(
                session,
                chat_id,
                chat_type="private" if chat_id > 0 else "group",
                digest_times=times or ["08:00"],
                now=START,
            )


def _ledger(sessions: sessionmaker[Session]) -> list[tuple[int, str, str, int]]:
    with sessions() as session:
        rows = session.execute(
            select(Subscriber.chat_id, Delivery.edition, Delivery.status, Delivery.messages_sent)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .order_by(Subscriber.chat_id, Delivery.edition)
        )
        return [(int(a), str(b), str(c), int(d)) for a, b, c, d in rows]


async def test_digest_comes_at_the_hour_once_and_again_next_day(bot: BotHarness) -> None:
    _subscribe(bot.sessions, 501)
    await bot.advance(timedelta(hours=3, minutes=59))  # 07:59
    assert bot.texts(501) == []
    await bot.advance(timedelta(minutes=1))  # 08:00
    assert bot.texts(501) == ["Story one #501", "Story two #501"]
    await bot.advance(timedelta(minutes=1))
    await bot.advance(timedelta(hours=2))
    assert len(bot.texts(501)) == 2
    # Down for three days: one digest when back, not three.
    await bot.advance(timedelta(days=3))
    assert len(bot.texts(501)) == 4
    assert [row[1:] for row in _ledger(bot.sessions)] == [
        ("2024-05-29T08:00Z", DeliveryStatus.SENT, 2),
        ("2024-06-01T08:00Z", DeliveryStatus.SENT, 2),
    ]
    call = bot.server.calls("sendMessage", chat_id=501)[0]
    assert call.params.get("parse_mode") == "HTML"
    assert "is_disabled" in str(call.params.get("link_preview_options"))


async def test_retry_after_is_honoured_and_nothing_is_dropped(bot: BotHarness) -> None:
    _subscribe(bot.sessions, 601, 602)
    bot.server.inject("sendMessage", Fault.retry_after(1), chat_id=601, times=2)
    bot.clock.set(EIGHT)
    report = await bot.deliver()
    assert report is not None
    assert bot.texts(601) == ["Story one #601", "Story two #601"]
    assert bot.texts(602) == ["Story one #602", "Story two #602"]
    assert bot.server.stats().duplicates == 0


async def test_long_flood_wait_requeues_the_delivery(bot_factory: BotFactory) -> None:
    # A wait beyond max_wait is not slept through: the delivery goes back to the queue.
    bot: BotHarness = await bot_factory(
        composer=FixedComposer(), pacing=Pacing(per_chat_interval=0.0, max_wait=0.5)
    )
    _subscribe(bot.sessions, 611)
    bot.server.inject("sendMessage", Fault.retry_after(30), chat_id=611)
    bot.clock.set(EIGHT)
    await bot.deliver()
    assert bot.texts(611) == []
    assert _ledger(bot.sessions)[0][2:] == (DeliveryStatus.PENDING, 0)
    await bot.advance(timedelta(seconds=10))
    assert bot.texts(611) == []  # not before the flood wait is over
    await bot.advance(timedelta(seconds=31))
    assert bot.texts(611) == ["Story one #611", "Story two #611"]


async def test_blocked_chat_deactivates_only_that_subscriber(bot: BotHarness) -> None:
    _subscribe(bot.sessions, 701, 702)
    bot.server.block_chat(701)
    bot.clock.set(EIGHT)
    await bot.deliver()
    assert len(bot.texts(702)) == 2
    with bot.sessions() as session:
        gone = session.scalars(select(Subscriber).where(Subscriber.chat_id == 701)).one()
        assert not gone.active and gone.error_count == 1
        assert "blocked" in (gone.deactivated_reason or "")
    assert [row[2] for row in _ledger(bot.sessions)] == [DeliveryStatus.FAILED, DeliveryStatus.SENT]


async def test_rejected_html_is_resent_as_plain_text(bot_factory: BotFactory) -> None:
    composer = FixedComposer(html=("<b>unclosed",), text=("plain version",))
    harness: BotHarness = await bot_factory(composer=composer)
    _subscribe(harness.sessions, 801)
    harness.clock.set(EIGHT)
    await harness.deliver()
    assert harness.texts(801) == ["plain version"]
    last = harness.server.calls("sendMessage", chat_id=801)[-1]
    assert not last.params.get("parse_mode")


async def test_server_errors_are_retried_with_backoff(bot: BotHarness) -> None:
    _subscribe(bot.sessions, 901)
    bot.server.inject("sendMessage", Fault.server_error(500), Fault.disconnect(), chat_id=901)
    bot.clock.set(EIGHT)
    await bot.deliver()
    assert bot.texts(901) == ["Story one #901", "Story two #901"]


async def test_group_migration_is_followed(bot: BotHarness) -> None:
    _subscribe(bot.sessions, -4001)
    bot.server.migrate_chat(-4001, -1009999)
    bot.clock.set(EIGHT)
    await bot.deliver()
    assert bot.texts(-1009999) == ["Story one #-4001", "Story two #-4001"]
    with bot.sessions() as session:
        sub = session.scalars(select(Subscriber)).one()
        assert (sub.chat_id, sub.chat_type, sub.active) == (-1009999, "supergroup", True)


async def test_one_slow_chat_does_not_hold_up_the_others(bot_factory: BotFactory) -> None:
    # The slow chat's first answer is held until the other nine chats have all their messages:
    # were deliveries one after another, they would never get them. (The bot waits a long time
    # for an answer here, so a loaded machine never turns the held send into a timeout.)
    bot: BotHarness = await bot_factory(composer=FixedComposer(), telegram_timeout=120.0)
    _subscribe(bot.sessions, *range(1001, 1011))
    gate = threading.Event()
    bot.server.inject("sendMessage", Fault.held(gate), chat_id=1001)
    bot.clock.set(EIGHT)
    task = asyncio.create_task(bot.deliver())
    try:
        await bot.server.wait_for_async(
            lambda: all(len(bot.texts(c)) == 2 for c in range(1002, 1011)), timeout=90
        )
        assert bot.texts(1001) == []  # still waiting for its first answer
    finally:
        gate.set()
    await task
    assert len(bot.texts(1001)) == 2


async def test_manual_digest_command(bot: BotHarness) -> None:
    assert "Subscribe first" in await bot.command("digest")
    await bot.command("start")
    before = len(bot.texts(User().id))
    bot.server.push_command("digest")
    await bot.server.wait_for_async(lambda: len(bot.texts(User().id)) == before + 2)
    assert bot.texts(User().id)[-1] == f"Story two #{User().id}"


async def test_restart_in_the_middle_of_a_run_sends_every_digest_once(
    botapi_server: BotApiServer,
    bot_factory: BotFactory,
    db_sessions: sessionmaker[Session],
) -> None:
    chats = list(range(2001, 2013))
    _subscribe(db_sessions, *chats)
    composer = FixedComposer(html=("one", "two", "three"))
    clock = ManualClock(EIGHT)
    slow = Pacing(per_chat_interval=0.0, concurrency=3)
    first: BotHarness = await bot_factory(composer=composer, clock=clock, pacing=slow)
    for chat in chats:
        botapi_server.inject("sendMessage", Fault.slow(0.05), chat_id=chat, times=3)
    run = asyncio.create_task(first.deliver())
    await botapi_server.wait_for_async(lambda: botapi_server.stats().accepted >= 10, timeout=10)
    first.container.deliverer.request_stop()  # type: ignore[union-attr]
    from tests.bot.conftest import stop_bot

    await run
    await stop_bot(first)
    before = _ledger(db_sessions)
    sent_before = botapi_server.stats().accepted
    assert 10 <= sent_before < 36
    assert any(status == DeliveryStatus.PENDING for *_, status, _ in before)

    second: BotHarness = await bot_factory(composer=composer, clock=clock)
    await second.deliver()
    for chat in chats:
        assert second.texts(chat) == [f"{m} #{chat}" for m in ("one", "two", "three")]
    assert botapi_server.stats().accepted == 36
    assert botapi_server.stats().duplicates == 0
    assert {row[2] for row in _ledger(db_sessions)} == {DeliveryStatus.SENT}
    print(
        f"restart during delivery: {sent_before} messages before, "
        f"{36 - sent_before} after, 0 repeated, 0 lost"
    )


async def test_the_one_pacing_layer_keeps_telegrams_limits(
    db_sessions: sessionmaker[Session],
) -> None:
    # Telegram's limits on a shorter clock: 1 message per 0.25 s per chat, 3 per second per group.
    limits = RateLimits(per_group_per_minute=3, second=0.25, minute=1.0)
    pacing = Pacing(
        per_chat_interval=0.25, overall_rate=100, group_per_window=3, group_window=1.0, backoff=0.01
    )
    chats = [*range(8001, 8007), -8001, -8002]
    _subscribe(db_sessions, *chats)
    with transaction(db_sessions) as session:
        assert create_due_deliveries(session, now=EIGHT) == len(chats)
    parts = tuple(f"part {n}" for n in range(1, 6))
    with BotApiServer(rate_limits=limits) as server:
        bot: ExtBot[None] = ExtBot(
            server.token, base_url=server.base_url, rate_limiter=Pacer(pacing)
        )
        deliverer = Deliverer(
            bot,
            db_sessions,
            composer=FixedComposer(html=parts),
            clock=ManualClock(EIGHT),
            worker="pacing-test",
            pacing=pacing,
        )
        async with bot:
            report = await deliverer.run_due()
        stats = server.stats()
        for chat in chats:
            assert [m["text"] for m in server.messages(chat)] == [f"{p} #{chat}" for p in parts]
    assert report.messages == len(chats) * len(parts)
    assert (stats.accepted, stats.rate_limited, stats.duplicates) == (report.messages, 0, 0)
