"""The Bot API test server, driven by the real python-telegram-bot over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.botapi import MEMBER_STATUSES, BotApiServer, Chat, Fault, RateLimits, User
from tests.support.telegram_html import TelegramHtmlError, parse_telegram_html


def _bot(server: BotApiServer) -> Bot:
    return Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url)


@asynccontextmanager
async def _running(app: Application) -> AsyncIterator[Application]:
    """Start ``app`` polling the test server, and stop it cleanly afterwards."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def _builder(server: BotApiServer) -> ApplicationBuilder:
    return (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
    )


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html(
        f"<b>Welcome</b>, args={' '.join(context.args or [])!s}"
    )


async def test_command_is_polled_and_answered(botapi_server: BotApiServer) -> None:
    app = _builder(botapi_server).build()
    app.add_handler(CommandHandler("start", _start))
    async with _running(app):
        botapi_server.push_command("/start", "digest-7")
        [call] = await botapi_server.wait_for_calls_async("sendMessage", chat_id=1001)
    assert call.params["text"] == "<b>Welcome</b>, args=digest-7"
    assert call.result["text"] == "Welcome, args=digest-7"
    assert call.result["entities"] == [{"type": "bold", "offset": 0, "length": 7}]
    assert botapi_server.pending_updates() == []  # confirmed through the next offset


async def test_group_topic_callback_and_edit(botapi_server: BotApiServer) -> None:
    forum = Chat.supergroup(forum=True)

    async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("8:00", callback_data="hour:8")]])
        await update.effective_message.reply_text("Pick an hour", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Saved")
        await query.edit_message_text(f"Digest at {query.data}")

    app = _builder(botapi_server).build()
    app.add_handler(CommandHandler("settings", settings))
    app.add_handler(CallbackQueryHandler(pressed))
    async with _running(app):
        botapi_server.push_command("settings", chat=forum, message_thread_id=7, mention_bot=True)
        [sent] = await botapi_server.wait_for_calls_async("sendMessage", chat_id=forum.id)
        assert sent.params["message_thread_id"] == 7
        query_id = botapi_server.push_callback_query("hour:8", message=sent.result)
        await botapi_server.wait_for_calls_async("editMessageText", chat_id=forum.id)
    assert botapi_server.callback_answer(query_id) == {
        "callback_query_id": query_id,
        "text": "Saved",
    }
    [message] = botapi_server.messages(forum.id)
    assert message["text"] == "Digest at hour:8"
    assert message["message_thread_id"] == 7


async def test_edited_and_textless_messages_reach_handlers(botapi_server: BotApiServer) -> None:
    seen: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        kind = "edited" if update.edited_message else "message"
        message = update.effective_message
        assert message is not None
        seen.append(f"{kind}:{message.text or ('sticker' if message.sticker else 'document')}")

    app = _builder(botapi_server).build()
    app.add_handler(MessageHandler(filters.ALL, record))
    async with _running(app):
        first = botapi_server.push_message("hello")
        botapi_server.push_edited_message(first, "hello again")
        botapi_server.push_sticker()
        botapi_server.push_document(b"<opml/>", caption="/import")
        botapi_server.push_channel_post("channel news")
        await botapi_server.wait_for_async(lambda: not botapi_server.pending_updates())
        await botapi_server.wait_for_async(lambda: len(seen) == 5)
    assert seen == [
        "message:hello",
        "edited:hello again",
        "message:sticker",
        "message:document",
        "message:channel news",
    ]


async def test_retry_after_names_its_wait_and_the_resend_arrives_once(
    botapi_server: BotApiServer,
) -> None:
    botapi_server.inject("sendMessage", Fault.retry_after(1), chat_id=1001)
    async with _bot(botapi_server) as bot:
        with pytest.raises(RetryAfter) as excinfo:
            await bot.send_message(1001, "digest")
        assert excinfo.value.retry_after == 1
        await bot.send_message(1001, "digest")
    assert len(botapi_server.calls("sendMessage", ok=False)) == 1
    assert len(botapi_server.calls("sendMessage", chat_id=1001, text="digest")) == 1
    assert (botapi_server.stats().rate_limited, botapi_server.stats().duplicates) == (1, 0)


async def test_errors_surface_as_ptb_exceptions(botapi_server: BotApiServer) -> None:
    botapi_server.inject("sendMessage", Fault.forbidden(), chat_id=42)
    botapi_server.inject("sendMessage", Fault.migrated(-1009), chat_id=-5)
    botapi_server.inject("sendMessage", Fault.server_error())
    async with _bot(botapi_server) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(42, "hi")
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-5, "hi")
        assert migrated.value.new_chat_id == -1009
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(7, "hi")
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
            await bot.send_message(7, "<p>para</p>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(7, "<b>" + "x" * 4097 + "</b>", parse_mode=ParseMode.HTML)
        await bot.send_message(7, "<b>" + "😀" * 2048 + "</b>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(7, "😀" * 2049)
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 7})
        botapi_server.block_chat(43)
        with pytest.raises(Forbidden):
            await bot.send_message(43, "hi")
        with pytest.raises(RetryAfter):
            botapi_server.inject("sendMessage", Fault.retry_after(3))
            await bot.send_message(7, "hi")
    assert len(botapi_server.calls("sendMessage")) == 1


async def test_disabled_method_and_commands(botapi_server: BotApiServer) -> None:
    async with _bot(botapi_server) as bot:
        botapi_server.disable("setMyCommands")
        with pytest.raises(InvalidToken, match="Not Found"):
            await bot.set_my_commands([("who", "People in the news")])
        botapi_server.enable("setMyCommands")
        await bot.set_my_commands([("who", "People in the news")])
        await bot.set_my_commands([("wer", "Personen")], language_code="de")
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([("Who!", "bad")])
    assert [c["command"] for c in botapi_server.commands()] == ["who"]
    assert [c["command"] for c in botapi_server.commands(language_code="de")] == ["wer"]


async def test_scoped_menus_descriptions_and_markup_edits(botapi_server: BotApiServer) -> None:
    from telegram import BotCommandScopeChat

    async with _bot(botapi_server) as bot:
        await bot.set_my_commands([("who", "Хто в новинах")], scope=BotCommandScopeChat(77))
        await bot.set_my_commands(
            [("who", "Хто")], scope=BotCommandScopeChat(77), language_code="uk"
        )
        scoped = await bot.get_my_commands(scope=BotCommandScopeChat(77))
        assert [(c.command, c.description) for c in scoped] == [("who", "Хто в новинах")]
        async with httpx.AsyncClient() as client:
            answer = await client.post(
                f"{botapi_server.base_url}{botapi_server.token}/setMyCommands",
                json={"commands": [], "scope": {"type": "chat"}},
            )
        assert answer.json()["description"] == "Bad Request: chat_id is empty"
        with pytest.raises(BadRequest, match=r"(?i)invalid language code"):
            await bot.set_my_commands([("who", "x")], language_code="ukr")

        assert await bot.set_my_description("Reads the news.")
        assert await bot.set_my_description("Читає новини.", language_code="uk")
        assert await bot.set_my_short_description("News, daily.")
        with pytest.raises(BadRequest, match=r"(?i)^description_invalid"):
            await bot.set_my_description("x" * 513)
        with pytest.raises(BadRequest, match=r"(?i)short_description_invalid"):
            await bot.set_my_short_description("x" * 121)
        assert (await bot.get_my_description(language_code="uk")).description == "Читає новини."
        assert (await bot.get_my_short_description()).short_description == "News, daily."
        assert await bot.set_my_description("", language_code="uk")  # removes it

        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Kyiv", callback_data="ask:tz")]])
        sent = await bot.send_message(5, "Which zone?", reply_markup=keyboard)
        edited = await bot.edit_message_reply_markup(5, sent.message_id, reply_markup=None)
        assert not isinstance(edited, bool) and edited.reply_markup is None
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_reply_markup(5, sent.message_id, reply_markup=None)
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_reply_markup(5, 999, reply_markup=keyboard)
    assert botapi_server.description() == "Reads the news."
    assert botapi_server.description(language_code="uk") == ""
    assert botapi_server.description(short=True) == "News, daily."
    assert botapi_server.commands(scope={"type": "chat", "chat_id": 77}, language_code="uk") == [
        {"command": "who", "description": "Хто"}
    ]
    assert "reply_markup" not in (botapi_server.message(5, sent.message_id) or {"x": 1})


async def test_uploads_and_downloads(botapi_server: BotApiServer) -> None:
    opml = b'<?xml version="1.0"?><opml version="2.0"><body/></opml>'
    message = botapi_server.push_document(opml, file_name="feeds.opml")
    async with _bot(botapi_server) as bot:
        tg_file = await bot.get_file(message["document"]["file_id"])
        assert bytes(await tg_file.download_as_bytearray()) == opml
        sent = await bot.send_document(
            5, b"a,b\n1,2\n", filename="figures.csv", caption="<i>x</i>", parse_mode=ParseMode.HTML
        )
        photo = await bot.send_photo(5, b"\x89PNG\r\n\x1a\nfake")
    assert sent.document is not None and sent.document.file_name == "figures.csv"
    assert sent.caption == "x"
    [upload] = botapi_server.calls("sendDocument")[0].uploads.values()
    assert upload.data == b"a,b\n1,2\n"
    assert photo.photo[-1].file_size == 12


async def test_rate_limit_mode_rejects_second_message_to_a_chat_within_a_second() -> None:
    # A "second" of five, so that the two sends fall in it on however loaded a machine.
    with BotApiServer(rate_limits=RateLimits(second=5.0)) as server:
        async with _bot(server) as bot:
            await bot.send_message(9, "one")
            with pytest.raises(RetryAfter) as excinfo:
                await bot.send_message(9, "two")
            await bot.send_message(10, "other chat")
        stats = server.stats()
    assert 1 <= excinfo.value.retry_after <= 5
    assert (stats.accepted, stats.rate_limited, stats.duplicates) == (2, 1, 0)


def test_rate_limit_overall_limit() -> None:
    # A long window: seven requests fall in it however slowly a loaded machine sends them.
    limits = RateLimits(overall_per_second=5, second=30.0)
    with (
        BotApiServer(rate_limits=limits) as server,
        httpx.Client(base_url=f"{server.base_url}{server.token}") as client,
    ):
        statuses = [
            client.post("/sendMessage", data={"chat_id": n, "text": "x"}).status_code
            for n in range(1, 8)
        ]
        stats = server.stats()
    assert statuses == [200] * 5 + [429] * 2
    assert (stats.accepted, stats.rate_limited) == (5, 2)


def test_rate_limit_per_chat_and_per_group() -> None:
    # Windows long enough that three requests in a row fall in one "second" on a loaded
    # machine, and the sleeps below are sure to outlast it.
    limits = RateLimits(per_group_per_minute=2, second=2.0)
    with (
        BotApiServer(rate_limits=limits) as server,
        httpx.Client(base_url=f"{server.base_url}{server.token}") as client,
    ):
        group = [
            client.post("/sendMessage", data={"chat_id": -7, "text": f"g{n}"}).status_code
            for n in range(3)
        ]
        time.sleep(2.1)
        second = client.post("/sendMessage", data={"chat_id": -7, "text": "g3"})
        time.sleep(2.1)
        third = client.post("/sendMessage", data={"chat_id": -7, "text": "g4"})
        stats = server.stats()
    assert group == [200, 429, 429]  # within one "second": the per-chat limit
    assert second.status_code == 200
    assert second.json()["result"]["chat"]["type"] == "group"
    assert third.status_code == 429  # a third within a minute: the per-group limit
    assert third.json()["parameters"]["retry_after"] > 20
    assert (stats.accepted, stats.rate_limited, stats.duplicates) == (2, 3, 0)


def test_get_updates_long_poll_offset_and_allowed_updates(botapi_server: BotApiServer) -> None:
    with httpx.Client(base_url=f"{botapi_server.base_url}{botapi_server.token}") as client:
        started = time.monotonic()
        empty = client.post("/getUpdates", data={"timeout": "1"}).json()
        assert empty == {"ok": True, "result": []}
        assert time.monotonic() - started >= 0.9
        botapi_server.push_message("a")
        botapi_server.push_callback_query("x", message=botapi_server.push_message("b"))
        result = client.post(
            "/getUpdates",
            data={"timeout": "1", "allowed_updates": json.dumps(["callback_query"])},
        ).json()["result"]
        assert [list(u)[1] for u in result] == ["callback_query"]
        confirmed = client.post("/getUpdates", data={"offset": result[-1]["update_id"] + 1})
        assert confirmed.json()["result"] == []
        assert client.post("/bogus/getMe").status_code == 404
        unauthorized = client.post(f"{botapi_server.url}/bot1:wrong/getMe")
        assert unauthorized.status_code == 401


def test_telegram_html_validator() -> None:
    parsed = parse_telegram_html('<b>Blinken</b> &amp; <a href="https://x.org/a?b=1&amp;c=2">x</a>')
    assert parsed.text == "Blinken & x"
    assert parsed.utf16_length == 11
    assert parsed.entities[1].url == "https://x.org/a?b=1&c=2"
    assert parse_telegram_html("😀").utf16_length == 2
    for bad in (
        "<p>x</p>",
        "<b>x",
        "x</b>",
        "<b>x</i>",
        "Tom & Jerry",
        "&nbsp;",
        "<code><b>x</b></code>",
    ):
        with pytest.raises(TelegramHtmlError):
            parse_telegram_html(bad)
    assert parse_telegram_html("Tom & Jerry", strict=False).text == "Tom & Jerry"


def test_user_fixtures_build_valid_chats() -> None:
    user = User(id=5, username=None)
    assert Chat.private(user).to_dict() == {"id": 5, "type": "private", "first_name": "Ada"}
    assert Chat.supergroup(forum=True).to_dict()["is_forum"] is True


async def test_webhook_mode_delivers_updates_to_ptb(botapi_server: BotApiServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = _builder(botapi_server).build()
    app.add_handler(CommandHandler("start", _start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            botapi_server.push_command("start")
            await botapi_server.wait_for_calls_async("sendMessage", chat_id=1001)
        finally:
            await app.updater.stop()
            await app.stop()
    webhook = botapi_server.webhook()
    assert webhook is not None and webhook["url"] == f"http://127.0.0.1:{port}/hook"
    assert botapi_server.pending_updates() == []
    async with _bot(botapi_server) as bot:
        with pytest.raises(Conflict):
            await bot.get_updates()
        await bot.delete_webhook()
        assert await bot.get_updates() == ()


async def test_network_faults_and_chat_queries(botapi_server: BotApiServer) -> None:
    botapi_server.inject("sendMessage", Fault.disconnect(), Fault.slow(0.3))
    async with _bot(botapi_server) as bot:
        with pytest.raises(NetworkError):
            await bot.send_message(3, "first try")
        started = time.monotonic()
        await bot.send_message(3, "second try")
        assert time.monotonic() - started >= 0.3
        group = Chat.group()
        for status in sorted(MEMBER_STATUSES):
            botapi_server.set_member_status(group.id, 77, status)
            member = await bot.get_chat_member(group.id, 77)
            assert (member.status, member.user.id) == (status, 77)
        assert (await bot.get_chat_member(5, 5)).status == "creator"  # own private chat
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.get_chat_member("@nobody_here", 77)
    assert [c.text for c in botapi_server.calls("sendMessage")] == ["second try"]
    assert botapi_server.internal_errors == []


async def test_sent_text_is_trimmed_like_telegram(botapi_server: BotApiServer) -> None:
    async with _bot(botapi_server) as bot:
        message = await bot.send_message(8, "\n  <b>Top</b> story  \n", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await bot.send_message(8, "<b> </b>\n", parse_mode=ParseMode.HTML)
    assert message.text == "Top story"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 3)]


async def test_expandable_blockquote_and_the_entity_limit(botapi_server: BotApiServer) -> None:
    folded = (
        '<b><a href="https://nv.ua/1">Top</a></b> story\n'
        "<blockquote expandable>More 😀 and <i>more</i></blockquote>"
    )
    async with _bot(botapi_server) as bot:
        message = await bot.send_message(9, folded, parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)can't be nested"):
            await bot.send_message(
                9,
                "<blockquote expandable><blockquote>x</blockquote></blockquote>",
                parse_mode=ParseMode.HTML,
            )
        # Telegram keeps 100 entities of a message and drops the rest: refused here.
        await bot.send_message(9, "<b>x</b> " * 100, parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)too many entities: 101"):
            await bot.send_message(9, "<b>x</b> " * 101, parse_mode=ParseMode.HTML)
    assert message.text == "Top story\nMore 😀 and more"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 3),
        ("text_link", 0, 3),
        ("expandable_blockquote", 10, 16),
        ("italic", 22, 4),
    ]


async def test_restarted_bot_gets_each_update_once(botapi_server: BotApiServer) -> None:
    handled: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        handled.append(update.effective_message.text)

    for text in ("/start", "/help"):
        app = _builder(botapi_server).build()
        app.add_handler(MessageHandler(filters.TEXT, record))
        async with _running(app):
            botapi_server.push_command(text)
            await botapi_server.wait_for_async(partial(handled.__contains__, text))
    assert handled == ["/start", "/help"]
    assert botapi_server.pending_updates() == []
