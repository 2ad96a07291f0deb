"""The /when picture: sent after the text timeline on the seeds (3 dated events), not when the
chat turned images off; ``newsdigest when --png`` writes the same picture."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import PICTURE_MIN_EVENTS, timeline_picture, when_answer
from storage.engine import transaction
from tests.bot.conftest import START, BotFactory, BotHarness
from tests.support.botapi import User

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check_picture(data: bytes) -> None:
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(BytesIO(data)).convert("L")
    width, height = image.size
    assert width == 1080 and 500 <= height <= 8000, image.size
    assert width + height <= 10000 and height / width <= 20  # Telegram's photo rules
    histogram = image.histogram()
    ink = sum(histogram[:128]) / (width * height)
    assert 0.005 < ink < 0.5, f"{ink:.2%} dark pixels: blank or smeared"


async def test_when_sends_a_picture_after_the_text(
    seeded: sessionmaker[Session], bot_factory: BotFactory
) -> None:
    bot: BotHarness = await bot_factory()
    user = User()
    text = await bot.command("when")
    assert "Timeline" in text
    photos = await bot.server.wait_for_calls_async(
        "sendPhoto", count=1, chat_id=user.id, timeout=20
    )
    caption = str(photos[0].params["caption"])
    assert caption.startswith("Timeline: 3 events")
    _check_picture(photos[0].uploads["photo"].data)
    # The text came first: screen readers and chats without images have the whole timeline.
    texts = bot.server.calls("sendMessage", chat_id=user.id)
    assert texts[-1].at <= photos[0].at


async def test_no_picture_when_images_are_off(
    seeded: sessionmaker[Session], bot_factory: BotFactory
) -> None:
    bot: BotHarness = await bot_factory()
    user = User()
    await bot.command("start")
    assert "Images: off" in await bot.command("settings", "images off")
    assert "Timeline" in await bot.command("when")
    # Updates are handled one at a time: once /help is answered, /when has finished.
    await bot.command("help")
    assert not bot.server.calls("sendPhoto", chat_id=user.id)


async def test_no_picture_below_three_events(bot: BotHarness) -> None:
    assert "No dated events" in await bot.command("when")
    await bot.command("help")
    assert not bot.server.calls("sendPhoto")


def test_cli_png_matches_the_bot(seeded: sessionmaker[Session], tmp_path: Path) -> None:
    with transaction(seeded) as session:
        answer = when_answer(session, None, now=START)
    assert len(answer.lines) >= PICTURE_MIN_EVENTS
    picture = timeline_picture(answer.lines, title=answer.title)
    assert picture is not None
    _check_picture(picture)
    assert timeline_picture(answer.lines[:2]) is None
