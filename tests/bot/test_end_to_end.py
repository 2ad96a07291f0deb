"""End to end: seeds ingested and clustered; a user subscribes, sets an hour, gets the digest, asks
/who and /when, all through the real PTB Application and the test Bot API server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import ManualClock
from storage.models import DeliveryStatus
from tests.bot.conftest import BotFactory, BotHarness
from tests.support.botapi import User


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
    assert dates == sorted(dates) and "2024-05-17" in dates
    zelensky = await bot.command("when", "Zelenskyy")
    assert "Timeline: Zelenskyy" in zelensky
    assert "2024-05-15" in zelensky

    with seeded() as session:
        from sqlalchemy import select

        from storage.models import Delivery

        statuses = list(session.scalars(select(Delivery.status)))
    assert statuses == [DeliveryStatus.SENT]
