"""End to end: seeds ingested and clustered; a user subscribes, sets an hour, gets the digest, asks
/who and /when, all through the real PTB Application and the test Bot API server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import ManualClock
from bot.delivery import Pacing
from bot.scheduler import JOB_DELIVER
from storage import subscribers
from storage.engine import transaction
from storage.models import Delivery, DeliveryStatus
from tests.bot.conftest import BotFactory, BotHarness, stop_bot
from tests.support.botapi import BotApiServer, Fault, User


async def test_seeds_to_digest_who_and_when(
    seeded: sessionmaker[Session], bot_factory: BotFactory
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    bot: BotHarness = await bot_factory(clock=clock)
    user = User()
    assert "Subscribed" in await bot.command("start")
    hour = (now + timedelta(hours=2)).strftime("%H:%M")
    assert "Saved" in await bot.command("settings", f"times {hour}")

    await bot.advance(timedelta(hours=1, minutes=59))
    before = len(bot.texts(user.id))
    await bot.advance(timedelta(minutes=1))
    digest = bot.texts(user.id)[before:]
    assert digest, "no digest at the chosen hour"
    joined = "\n".join(digest)
    assert "1 story" in joined
    assert "Blinken" in joined
    assert "NV" in joined and "Ukrainian News" in joined
    # As Telegram shows it (the server parsed the HTML as Telegram does): the headline, the news,
    # then the details folded in an expandable blockquote running to the end of the story.
    (message,) = bot.server.messages(user.id)[before:]
    entities = {e["type"]: e for e in message["entities"]}
    assert entities["expandable_blockquote"]["offset"] > 0
    visible = message["text"][: entities["expandable_blockquote"]["offset"]]
    assert "(NV)" not in visible and "(Ukrainian News)" not in visible
    assert message["text"].endswith("Sources: NV · Ukrainian News")
    # Sent once: the next minutes and hours bring nothing new.
    await bot.advance(timedelta(hours=3))
    assert len(bot.texts(user.id)) == before + len(digest)

    overview = await bot.command("who")
    assert "Blinken" in overview
    blinken = await bot.command("who", "Blinken")
    assert "Antony Blinken" in blinken and "US Secretary of State" in blinken
    assert "does not encourage strikes" in blinken
    misspelt = await bot.command("who", "blinkin")
    assert "Antony Blinken" in misspelt
    nobody = await bot.command("who", "Xqzzy Nobody")
    assert "don't know anyone" in nobody
    timeline = await bot.command("when")
    assert "Timeline" in timeline
    dates = [line.split("</b>")[0][3:] for line in timeline.splitlines()[1:]]
    # The news, newest first (the seeds recall nothing from long before, promise nothing later).
    assert dates == ["May 21, 2024", "May 17, 2024", "May 15, 2024"]
    zelensky = await bot.command("when", "Zelenskyy")
    assert "Timeline: Zelenskyy" in zelensky
    assert "May 15, 2024" in zelensky

    with seeded() as session:
        statuses = list(session.scalars(select(Delivery.status)))
    assert statuses == [DeliveryStatus.SENT]


async def test_restart_during_a_real_delivery_run_sends_each_digest_once(
    seeded: sessionmaker[Session], bot_factory: BotFactory, botapi_server: BotApiServer
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    chats = list(range(3001, 3013))
    with transaction(seeded) as session:
        for chat_id in chats:
            subscribers.subscribe(
                session,
                chat_id,
                chat_type="private",
                digest_times=[now.strftime("%H:%M")],
                now=now - timedelta(hours=1),
            )
    for chat_id in chats:
        botapi_server.inject("sendMessage", Fault.slow(0.2), chat_id=chat_id)
    first: BotHarness = await bot_factory(
        clock=clock, pacing=Pacing(per_chat_interval=0, concurrency=2)
    )
    queue = first.app.job_queue
    assert queue is not None
    # The scheduler's own job starts the run; the bot is stopped while it is under way.
    await queue.get_jobs_by_name(JOB_DELIVER)[0].run(first.app)
    await botapi_server.wait_for_async(lambda: botapi_server.stats().accepted >= 3, timeout=10)
    await stop_bot(first)
    sent_before = botapi_server.stats().accepted
    with seeded() as session:
        pending = session.scalars(
            select(Delivery).where(Delivery.status == DeliveryStatus.PENDING)
        ).all()
    assert 3 <= sent_before < len(chats) and pending

    second: BotHarness = await bot_factory(clock=clock)
    await second.deliver()
    for chat_id in chats:
        texts = second.texts(chat_id)
        assert len(texts) == 1 and "Blinken" in texts[0], (chat_id, texts)
    stats = botapi_server.stats()
    assert (stats.accepted, stats.duplicates) == (len(chats), 0)
    with seeded() as session:
        statuses = set(session.scalars(select(Delivery.status)))
    assert statuses == {DeliveryStatus.SENT}
    print(
        f"\nrestart during delivery: sent {sent_before} before the restart, "
        f"{stats.accepted - sent_before} after, repeated {stats.duplicates}, "
        f"lost {len(chats) - stats.accepted}"
    )
