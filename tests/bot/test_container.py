"""The one composition root: building does no work; the bot's one HTTP client for sources opens
in post_init, serves /addsource and the poll job alike, and closes in post_shutdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import work
from bot.container import build
from bot.settings import load_settings
from storage.errors import DatabaseUnavailable
from tests.bot.conftest import ADMIN, BotFactory, stop_bot
from tests.ingest.builders import long_text, rss20
from tests.ingest.conftest import FeedServer, Route
from tests.ingest.conftest import _served as _served
from tests.ingest.conftest import http_server as http_server


def test_building_the_container_does_no_work(tmp_path: Path) -> None:
    database = tmp_path / "not-yet.db"
    container = build(load_settings(database_url=f"sqlite:///{database}"))
    try:
        assert not database.exists()  # no connection was made
        assert container.bot is None and container.deliverer is None  # no token, no Telegram
        with pytest.raises(RuntimeError, match="not open"):
            container.http  # noqa: B018  (opened on a running loop, not when built)
        with pytest.raises(DatabaseUnavailable, match="run `newsdigest db upgrade`"):
            container.check_schema(migrate=False)
        assert not database.exists()
    finally:
        container.dispose()


async def test_one_http_client_from_post_init_to_post_shutdown(
    bot_factory: BotFactory, http_server: FeedServer
) -> None:
    feed = http_server.add(
        "/feed.xml",
        Route(
            rss20([{"title": "Water", "link": "/water.html", "description": long_text("Water")}]),
            content_type="application/rss+xml",
        ),
    )
    bot = await bot_factory()
    container = bot.container
    client = container.http
    assert not client.is_closed
    assert "Added source" in await bot.command("addsource", feed, user=ADMIN)
    report = await work.poll(container, everything=True)
    assert (report.new, report.failed) == (1, 0)
    assert http_server.hits["/feed.xml"] == 2  # the probe, then the poll
    assert container.http is client  # the same client throughout
    await stop_bot(bot)
    assert client.is_closed
    with pytest.raises(RuntimeError, match="not open"):
        container.http  # noqa: B018
