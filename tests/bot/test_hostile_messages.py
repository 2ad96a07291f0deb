"""Hostile input, second round, through the real bot and the Bot API test server.

/stats with 10,000 sources is a message or two, every one within Telegram's 4,096 UTF-16 units
(feeds titled in emoji once made Telegram refuse it); bidi overrides and zero-width characters
in titles never reach a chat; a reply held by Telegram's flood control gives way when the bot
stops, and a digest held so stays queued.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import insert, select

from bot.delivery import Pacing
from digests.analysis.invisible import BIDI_CONTROLS, INVISIBLE
from storage import subscribers
from storage.engine import transaction
from storage.models import Delivery, Source
from tests.bot.conftest import ADMIN, START, BotFactory, BotHarness, FixedComposer, stop_bot
from tests.conftest import ROOT
from tests.support.botapi import BotApiServer, Chat, Fault, User
from tests.support.telegram_html import parse_telegram_html, utf16_length

# Counted in UTF-16 units: 1,000 per title, so a handful fill a message by characters.
EMOJI_TITLE = "\u202e" + "😀" * 500
FAMILY = "👩\u200d👩\u200d👧\u200d👦"
HIDDEN = (BIDI_CONTROLS | INVISIBLE) - {"\u200d"}
# How /help begins: the reply that closes every answer read here.
_HELP = "sends a digest of the news"


def _sources(bot: BotHarness, *, total: int, failing: int, disabled: int) -> None:
    """``total`` feed sources, the first ``failing`` failing and the next ``disabled`` disabled."""
    rows = []
    for n in range(total):
        row: dict[str, object] = {
            "kind": "feed",
            "location": f"https://example.com/{n}/feed",
            "title": f"Feed {n}",
        }
        if n < failing:
            row.update(error_count=1 + n % 7, last_error="HTTP 503 \u200bfrom the server")
            row["title"] = EMOJI_TITLE if n < 20 else f"Failing\u2066 feed {n}"
        elif n < failing + disabled:
            row.update(enabled=False, disabled_reason="\u202egone for good", error_count=8)
        rows.append(row)
    with transaction(bot.sessions) as session:
        session.execute(insert(Source), rows)


async def _answer(bot: BotHarness, command: str, *, user: User = ADMIN) -> list[str]:
    """Every message the bot sent for ``command``: commands are handled one at a time, so once
    a /help sent after it is answered, the answer to ``command`` is complete."""
    chat = Chat.private(user)
    before = len(bot.server.calls("sendMessage", chat_id=chat.id, ok=None))
    bot.server.push_command(command, user=user, chat=chat)
    bot.server.push_command("help", user=user, chat=chat)
    await bot.server.wait_for_async(
        lambda: any(
            _HELP in str(c.params.get("text", ""))
            for c in bot.server.calls("sendMessage", chat_id=chat.id, ok=None)[before:]
        ),
        timeout=60,
    )
    calls = bot.server.calls("sendMessage", chat_id=chat.id, ok=None)[before:]
    assert all(c.ok for c in calls), [c.status for c in calls]
    texts = [str(c.params["text"]) for c in calls]
    help_at = max(i for i, text in enumerate(texts) if _HELP in text)
    return texts[:help_at]


async def test_stats_with_10000_sources_is_a_few_messages(bot: BotHarness) -> None:
    _sources(bot, total=10_000, failing=300, disabled=40)
    texts = await _answer(bot, "stats")
    assert len(texts) == 1, len(texts)
    plain = [parse_telegram_html(text).text for text in texts]
    assert all(utf16_length(text) <= 4096 for text in plain)
    joined = "\n".join(plain)
    assert "Sorry" not in joined
    assert "Sources: 10000 (300 failing, 40 disabled)" in joined
    # Five given up on, five failing with the most errors; the rest counted.
    assert joined.count("DISABLED: gone for good") == 5
    assert joined.count("failing (7 errors: HTTP 503 from the server)") == 5
    assert "330 more need attention, 9660 working" in joined
    assert "newsdigest status" in joined
    assert not HIDDEN & set(joined)


async def test_emoji_titles_and_bidi_controls_in_every_listing(bot: BotHarness) -> None:
    _sources(bot, total=60, failing=30, disabled=0)
    with transaction(bot.sessions) as session:
        last = session.scalars(select(Source).where(Source.location.endswith("/59/feed"))).one()
        last.title = f"Family {FAMILY} news\u200b\u2069"
    for command in ("stats", "sources"):
        texts = await _answer(bot, command)
        plain = [parse_telegram_html(text).text for text in texts]
        assert plain and all(utf16_length(text) <= 4096 for text in plain)
        joined = "\n".join(plain)
        assert "Sorry" not in joined
        assert not HIDDEN & set(joined), command
        assert "😀" * 10 in joined
    assert f"Family {FAMILY} news" in joined  # the emoji's joiners stay


async def test_a_long_reply_gives_way_when_the_bot_stops(bot_factory: BotFactory) -> None:
    bot = await bot_factory(pacing=Pacing(per_chat_interval=1.0, max_wait=120.0))
    _sources(bot, total=30, failing=30, disabled=0)
    chat = Chat.private(ADMIN)
    # Telegram holds the admin's chat for 100 s: the reply waits for it (within max_wait).
    bot.server.inject("sendMessage", Fault.retry_after(100), chat_id=chat.id)
    bot.server.push_command("stats", user=ADMIN, chat=chat)
    await bot.server.wait_for_calls_async("sendMessage", ok=False, chat_id=chat.id, timeout=30)
    await asyncio.wait_for(stop_bot(bot), timeout=30)
    assert bot.server.calls("sendMessage", chat_id=chat.id) == []


async def test_a_digest_held_by_flood_control_stays_queued_when_the_bot_stops(
    bot_factory: BotFactory,
) -> None:
    bot = await bot_factory(
        composer=FixedComposer(), pacing=Pacing(per_chat_interval=1.0, max_wait=120.0)
    )
    with transaction(bot.sessions) as session:
        subscribers.subscribe(session, 777, chat_type="private", digest_times=["08:00"], now=START)
    bot.server.inject("sendMessage", Fault.retry_after(100), chat_id=777)
    bot.clock.set(START.replace(hour=8))
    delivering = asyncio.create_task(bot.deliver())
    await bot.server.wait_for_calls_async("sendMessage", ok=False, chat_id=777, timeout=30)
    await asyncio.wait_for(stop_bot(bot), timeout=30)
    await asyncio.wait_for(delivering, timeout=30)
    with transaction(bot.sessions) as session:
        rows = session.execute(select(Delivery.status, Delivery.messages_sent, Delivery.claimed_by))
        assert [tuple(row) for row in rows] == [("pending", 0, None)]
    assert bot.server.calls("sendMessage", chat_id=777) == []


def test_sigterm_stops_newsdigest_run_while_a_reply_waits(
    botapi_server: BotApiServer, tmp_path: Path
) -> None:
    """The process an operator runs, stopped the way systemd stops it, while its reply to /stats
    waits 100 s for Telegram's flood control: it stops at once, with no traceback."""
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env={
            **os.environ,
            "NEWSDIGEST_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "NEWSDIGEST_TELEGRAM_TOKEN": botapi_server.token,
            "NEWSDIGEST_TELEGRAM_API_URL": botapi_server.base_url,
            "NEWSDIGEST_TELEGRAM_FILE_URL": botapi_server.base_file_url,
            "NEWSDIGEST_ADMIN_IDS": str(ADMIN.id),
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        botapi_server.wait_for_calls("getUpdates", timeout=120)
        chat = Chat.private(ADMIN)
        botapi_server.inject("sendMessage", Fault.retry_after(100), chat_id=chat.id)
        botapi_server.push_command("stats", user=ADMIN, chat=chat)
        botapi_server.wait_for_calls("sendMessage", ok=False, chat_id=chat.id, timeout=60)
        bot.send_signal(signal.SIGTERM)
        output, _ = bot.communicate(timeout=40)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.communicate()
    assert bot.returncode == 0, output
    assert "Traceback" not in output
    assert botapi_server.token.partition(":")[2] not in output
    assert botapi_server.calls("sendMessage", chat_id=chat.id) == []
