"""A worker, like the bot, never lets its token into a log record."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.container import build
from bot.settings import load_settings
from bot.worker import Worker

TOKEN = "424242:WORKER-secret-part-never-logged"


def test_worker_masks_its_token_in_logs(
    db_engine: Engine, db_sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(
        NEWSDIGEST_TELEGRAM_TOKEN=TOKEN,
        telegram_api_url="http://127.0.0.1:9/bot",
        database_url=db_engine.url.render_as_string(hide_password=False),
    )
    Worker(build(settings, engine=db_engine))
    with caplog.at_level(logging.INFO):
        logging.getLogger("telegram.ext").warning("POST http://x/bot%s/sendMessage", TOKEN)
    assert caplog.records
    assert "WORKER-secret-part" not in caplog.text
