"""Webhook mode: the Bot API server POSTs updates to the bot's endpoint, with the secret."""

from __future__ import annotations

import socket

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update

from bot.app import build_application, webhook_options
from bot.container import build
from bot.settings import load_settings
from tests.support.botapi import BotApiServer, Chat, User

from .conftest import QUIET_JOBS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_answers_start(
    botapi_server: BotApiServer, db_engine: Engine, db_sessions: sessionmaker[Session]
) -> None:
    port = _free_port()
    settings = load_settings(
        NEWSDIGEST_TELEGRAM_TOKEN=botapi_server.token,
        telegram_api_url=botapi_server.base_url,
        telegram_file_url=botapi_server.base_file_url,
        database_url=db_engine.url.render_as_string(hide_password=False),
        webhook_url=f"http://127.0.0.1:{port}",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    app = build_application(build(settings, engine=db_engine), intervals=QUIET_JOBS)
    await app.initialize()
    assert app.post_init is not None and app.updater is not None
    await app.post_init(app)
    options = webhook_options(settings, app.bot.token)
    await app.updater.start_webhook(**options, allowed_updates=Update.ALL_TYPES)
    await app.start()
    try:
        assert botapi_server.calls("setWebhook")[-1].params["url"] == options["webhook_url"]
        user = User(id=4242, first_name="Hook")
        botapi_server.push_command("start", user=user, chat=Chat.private(user))
        await botapi_server.wait_for_calls_async("sendMessage", chat_id=4242, timeout=15)
        assert botapi_server.calls("sendMessage", chat_id=4242)
    finally:
        await app.updater.stop()
        await app.stop()
        assert app.post_stop is not None and app.post_shutdown is not None
        await app.post_stop(app)
        await app.shutdown()
        await app.post_shutdown(app)
