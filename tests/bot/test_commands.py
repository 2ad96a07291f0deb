"""Bot commands against the test Bot API server: subscribe, settings, filters, admin, menu."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.commands import COMMANDS, help_text
from storage.models import Subscriber
from tests.bot.conftest import ADMIN, BotFactory, BotHarness, FixedComposer
from tests.support.botapi import BotApiServer, Chat, Fault, User


def _subscriber(bot: BotHarness, chat_id: int, thread_id: int = 0) -> Subscriber | None:
    with bot.sessions() as session:
        return session.scalars(
            select(Subscriber).where(
                Subscriber.chat_id == chat_id, Subscriber.thread_id == thread_id
            )
        ).one_or_none()


async def test_start_subscribes_with_deep_link_payload(bot: BotHarness) -> None:
    text = await bot.command("start", "seeds_2024")
    assert text.startswith("Subscribed") and "time zone" in text
    sub = _subscriber(bot, User().id)
    assert sub is not None and sub.active and sub.payload == "seeds_2024"
    again = await bot.command("start")
    assert "You are subscribed" in again and "08:00 (UTC)" in again


async def test_help_lists_every_public_command(bot: BotHarness) -> None:
    text = await bot.command("help")
    for command in COMMANDS:
        assert (f"/{command.name}" in text) is (not command.admin_only)
    assert "/addsource" in help_text(admin=True)


async def test_menu_is_built_from_the_registry(bot: BotHarness) -> None:
    names = [c["command"] for c in bot.server.commands()]
    assert names == [c.name for c in COMMANDS if not c.admin_only]
    # One entry per thing to do: the aliases are answered, never listed.
    assert names == [
        "start",
        "help",
        "digest",
        "who",
        "when",
        "sources",
        "settings",
        "filter",
        "lang",
        "stop",
    ]
    admin = bot.server.commands(scope={"type": "chat", "chat_id": ADMIN.id})
    assert [c["command"] for c in admin] == [c.name for c in COMMANDS]
    assert all(c["description"] for c in admin)


async def test_unsubscribe_and_stop(bot: BotHarness) -> None:
    assert "not subscribed" in await bot.command("unsubscribe")
    assert (await bot.command("subscribe")).startswith("Subscribed")
    assert "Unsubscribed" in await bot.command("stop")
    sub = _subscriber(bot, User().id)
    assert sub is not None and not sub.active
    assert "Subscribe first" in await bot.command("settings")
    assert (await bot.command("start")).startswith("Subscribed")
    assert "Unsubscribed" in await bot.command("unsubscribe")


async def test_settings_by_arguments_buttons_and_replies(bot: BotHarness) -> None:
    await bot.command("start")
    text = await bot.command("settings")
    assert "Digest times: 08:00 (UTC)" in text
    shown = bot.server.calls("sendMessage")[-1]
    assert "inline_keyboard" in str(shown.params.get("reply_markup"))

    assert "Saved" in await bot.command("settings", "times 18:30, 07:00")
    assert "not a time of day" in await bot.command("settings", "times 25:99")
    await bot.command("help")
    assert "Unknown time zone" in await bot.command("settings", "tz Mars/Base")
    await bot.command("help")
    assert "Saved" in await bot.command("settings", "tz Europe/Kyiv")
    assert "Saved" in await bot.command("settings", "quiet 23:00-07:00")
    sub = _subscriber(bot, User().id)
    assert sub is not None
    assert (sub.digest_times, sub.timezone, sub.quiet_start) == (
        ["07:00", "18:30"],
        "Europe/Kyiv",
        "23:00",
    )

    # Button: stories -> a choice of numbers -> 7.
    message = bot.server.messages(User().id)[-1]
    query = bot.server.push_callback_query("set:stories", message=message)
    await bot.server.wait_for_async(lambda: bot.server.callback_answer(query) is not None)
    edited = bot.server.messages(User().id)[-1]
    query = bot.server.push_callback_query("set:stories:7", message=edited)
    await bot.server.wait_for_async(lambda: bot.server.callback_answer(query) is not None)
    await bot.server.wait_for_async(
        lambda: (s := _subscriber(bot, User().id)) is not None and s.max_stories == 7
    )

    # Button: time zone -> a prompt -> the user's reply is applied.
    before = len(bot.server.calls("sendMessage"))
    query = bot.server.push_callback_query("set:tz", message=edited)
    await bot.server.wait_for_calls_async("sendMessage", count=before + 1)
    assert "time zone" in bot.texts(User().id)[-1]
    before = len(bot.server.calls("sendMessage"))
    bot.server.push_message("America/New_York")
    await bot.server.wait_for_calls_async("sendMessage", count=before + 1)
    assert "Saved" in bot.texts(User().id)[-1]
    sub = _subscriber(bot, User().id)
    assert sub is not None and sub.timezone == "America/New_York"


async def test_filter_include_exclude_remove(bot: BotHarness) -> None:
    await bot.command("start")
    assert "Only about: anything" in await bot.command("filter")
    assert "ukraine" in await bot.command("filter", "include ukraine")
    text = await bot.command("filter", "exclude person:Elon Musk")
    assert "person:Elon Musk" in text
    assert "Usage" in await bot.command("filter", "maybe sport")
    await bot.command("filter", "remove UKRAINE")
    sub = _subscriber(bot, User().id)
    assert sub is not None and sub.filters == {"include": [], "exclude": ["person:Elon Musk"]}
    await bot.command("filter", "clear")
    sub = _subscriber(bot, User().id)
    assert sub is not None and sub.filters == {"include": [], "exclude": []}


async def test_admin_commands_are_refused_for_others(bot: BotHarness) -> None:
    for name, args in [
        ("addsource", "https://example.com/feed"),
        ("removesource", "1"),
        ("stats", ""),
    ]:
        assert "for the bot's admins" in await bot.command(name, args)
    chat = Chat.private(ADMIN)
    assert "Usage: /addsource" in await bot.command(
        "addsource", "/etc/passwd", user=ADMIN, chat=chat
    )
    assert "No source 99" in await bot.command("removesource", "99", user=ADMIN, chat=chat)
    assert "Usage" in await bot.command("removesource", "x", user=ADMIN, chat=chat)
    assert "subscribers" in (await bot.command("stats", user=ADMIN, chat=chat)).lower()


async def test_hostile_input_gets_a_clear_reply_never_an_exception(bot: BotHarness) -> None:
    await bot.command("start")
    huge = "x" * 10_000
    assert "too long" in await bot.command("settings", f"times {huge}")
    assert "Usage: /who" in await bot.command("who", huge)
    assert "characters" in await bot.command("filter", f"include {huge}")
    # HTML and markdown in arguments come back escaped (the server parses Telegram HTML strictly).
    text = await bot.command("filter", "include <b>bold</b> *star* _u_ [x](http://a)")
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "*star*" in text
    assert "<b>bold</b> *star*" in bot.texts(User().id)[-1]
    refused = await bot.command("settings", "tz <script>alert(1)</script>")
    assert refused.startswith("Unknown time zone “&lt;script&gt;alert(1)&lt;/script&gt;”")
    await bot.command("help")
    assert "Unknown command /frobnicate" in await bot.command("frobnicate", "now")
    # Edited messages are ignored; stickers get a hint; neither raises.
    count = len(bot.server.calls("sendMessage"))
    message = bot.server.push_command("filter", "include edited")
    count += 1
    await bot.server.wait_for_calls_async("sendMessage", count=count)
    bot.server.push_edited_message(message, "/unsubscribe")
    bot.server.push_sticker()
    await bot.server.wait_for_calls_async("sendMessage", count=count + 1)
    assert "only read text commands" in bot.texts(User().id)[-1]
    sub = _subscriber(bot, User().id)
    assert sub is not None and sub.active
    assert not bot.server.calls("sendMessage", ok=False)


async def test_groups_forum_topics_and_channels(bot: BotHarness) -> None:
    forum = Chat.supergroup(forum=True)
    bot.server.set_member_status(forum.id, User().id, "administrator")
    text = await bot.command("subscribe", chat=forum, message_thread_id=77, mention_bot=True)
    assert "Subscribed" in text
    reply = bot.server.calls("sendMessage", chat_id=forum.id)[-1]
    assert reply.params.get("message_thread_id") == 77
    assert _subscriber(bot, forum.id, 77) is not None
    assert _subscriber(bot, forum.id, 0) is None

    channel = Chat.channel()
    bot.server.push_channel_post("/start")
    await bot.server.wait_for_calls_async("sendMessage", chat_id=channel.id)
    assert _subscriber(bot, channel.id) is not None

    # A command for another bot in a group is not ours to answer.
    group = Chat.group()
    bot.server.push_message("/frobnicate@other_bot", chat=group)
    await bot.command("help", chat=group)
    assert all("Unknown command" not in t for t in bot.texts(group.id))

    # Digest delivery goes to the topic it was asked from.
    bot.clock.set(bot.clock.now().replace(hour=8, minute=0))
    await bot.advance(timedelta(minutes=1))
    sent = bot.server.calls("sendMessage", chat_id=forum.id)
    assert [c.params.get("message_thread_id") for c in sent[-2:]] == [77, 77]


async def test_set_my_commands_unsupported_bot_still_answers(
    botapi_server: BotApiServer, bot_factory: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    botapi_server.disable("setMyCommands", status=404, description="Not Found: method not found")
    harness: BotHarness = await bot_factory(composer=FixedComposer())
    assert "Subscribed" in await harness.command("start")
    assert "could not set the command menu" in caplog.text


async def test_the_token_never_reaches_the_logs(
    botapi_server: BotApiServer, bot_factory: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness: BotHarness = await bot_factory(composer=FixedComposer())
    await harness.command("start")
    botapi_server.inject("sendMessage", Fault.server_error(500))
    await harness.command("help")
    secret = botapi_server.token.partition(":")[2]
    url = f"{botapi_server.base_url}{botapi_server.token}/getMe"
    logging.getLogger("anything").error("calling %s failed", url)
    try:
        raise RuntimeError(f"boom at {url}")
    except RuntimeError:
        logging.getLogger("anything").exception("with traceback")
    assert caplog.records
    assert secret not in caplog.text
    assert all(secret not in record.getMessage() for record in caplog.records)
    assert "<token>" in caplog.text
