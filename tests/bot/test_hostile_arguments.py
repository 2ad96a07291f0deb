"""Hostile titles, ids and arguments through the real bot and the Bot API test server.

The test server parses the HTML the way Telegram does and refuses a message over 4,096
characters or with a broken entity, so a reply here is a reply Telegram would take.
"""

from __future__ import annotations

import asyncio

from storage.engine import transaction
from storage.models import Source
from storage.sources import add_source, list_sources
from tests.bot.conftest import ADMIN, BotFactory, BotHarness
from tests.support.botapi import User

AMPERSANDS = "Tom & Jerry & Co. & Sons & Daughters " * 12


async def test_sources_with_long_titles_full_of_ampersands(bot: BotHarness) -> None:
    ids = []
    with transaction(bot.sessions) as session:
        for n in range(60):
            source = add_source(session, kind="feed", location=f"https://example.com/{n}/feed")
            source.title = f"{n} {AMPERSANDS}"[:512]
            ids.append(source.id)
    before = len(bot.server.calls("sendMessage", chat_id=User().id, ok=None))
    bot.server.push_command("sources")
    # About 12,000 characters of titles: four messages or more, each accepted.
    await bot.server.wait_for_calls_async(
        "sendMessage", count=before + 4, chat_id=User().id, timeout=10
    )
    await asyncio.sleep(0.5)
    calls = bot.server.calls("sendMessage", chat_id=User().id, ok=None)[before:]
    assert calls and all(c.ok for c in calls)
    texts = [str(c.params["text"]) for c in calls]
    assert texts[0].startswith("<b>Sources</b>")
    joined = "\n".join(texts)
    for source_id, n in zip(ids, range(60), strict=True):
        assert f"{source_id}. {n} Tom &amp; Jerry &amp; Co." in joined
    assert joined.count("…") == 60


async def test_addsource_refuses_private_addresses_by_default(bot_factory: BotFactory) -> None:
    bot = await bot_factory(allow_private_addresses=False)
    for url in ("http://127.0.0.1:9/feed", "http://[::1]:9/feed", "http://169.254.169.254/"):
        reply = await bot.command("addsource", url, user=ADMIN)
        assert reply.startswith("Not added:") and "address" in reply, reply
        assert "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES" in reply
    with transaction(bot.sessions) as session:
        assert list(list_sources(session)) == []


async def test_strange_ids_get_a_usage_reply(bot: BotHarness) -> None:
    with transaction(bot.sessions) as session:
        add_source(session, kind="feed", location="https://example.com/feed")
    for argument in ("²", "٣", "99999999999999999999", "-1", "0", "1e3", "2147483648"):
        reply = await bot.command("removesource", argument, user=ADMIN)
        assert reply.startswith("Usage: /removesource ID"), (argument, reply)
    with transaction(bot.sessions) as session:
        assert len(list(session.query(Source))) == 1


async def test_strange_numbers_in_settings_and_buttons(bot: BotHarness) -> None:
    await bot.command("start")
    for argument in ("stories ²", "stories 99999999999999999999", "times ²:00", "quiet ²-07:00"):
        reply = await bot.command("settings", argument)
        assert "Saved" not in reply and reply, (argument, reply)
    await bot.command("settings")
    message = bot.server.messages(User().id)[-1]
    for data in ("set:stories:²", "set:stories:99999999999999999999", "set:bogus"):
        query = bot.server.push_callback_query(data, message=message, user=User())
        await bot.server.wait_for_async(lambda q=query: bot.server.callback_answer(q) is not None)
        answer = bot.server.callback_answer(query)
        assert answer is not None and answer.get("text"), data
        assert answer["text"] != "Saved"


async def test_filter_terms_are_capped_and_settings_keep_working(bot: BotHarness) -> None:
    await bot.command("start")
    long_term = "w" * 65
    assert "at most 64 characters" in await bot.command("filter", f"include {long_term}")
    for n in range(20):
        word = f"{n:02d}" + "&" * 62
        assert "Saved" in await bot.command("filter", f"{'include' if n % 2 else 'exclude'} {word}")
    assert "At most 20 terms" in await bot.command("filter", "include one-more")
    settings = await bot.command("settings")
    assert "Only about:" in settings and "&amp;" in settings
    listed = await bot.command("filter")
    assert "Never about:" in listed


async def test_import_of_a_sloppy_opml_with_a_long_report(bot: BotHarness) -> None:
    outlines = "".join(
        f'<outline type="rss" text="{n} {AMPERSANDS[:150]}" xmlUrl="https://e{n}.example/rss?a=1&b=2"/>'
        for n in range(60)
    )
    data = f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>'.encode()
    before = len(bot.server.calls("sendMessage", chat_id=ADMIN.id, ok=None))
    bot.server.push_document(data, caption="/import", user=ADMIN)
    await bot.server.wait_for_calls_async(
        "sendMessage", count=before + 2, chat_id=ADMIN.id, timeout=10
    )
    await asyncio.sleep(0.5)
    calls = bot.server.calls("sendMessage", chat_id=ADMIN.id, ok=None)[before:]
    assert all(c.ok for c in calls)
    texts = [str(c.params["text"]) for c in calls]
    assert texts[0].startswith("<b>60 feeds added, 0 skipped</b>")
    assert "https://e0.example/rss?a=1&amp;b=2" in "\n".join(texts)
    with transaction(bot.sessions) as session:
        locations = {s.location for s in list_sources(session)}
    assert "https://e59.example/rss?a=1&b=2" in locations and len(locations) == 60
