"""An edition goes out as it was composed: a delivery killed between two messages resumes with
exactly the stored messages not yet sent, though a story grew meanwhile; the growth comes in the
next edition, as an update. Real stories (spaCy, clustering), the real composer, the real PTB
Application and the test Bot API server, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import ManualClock
from bot.content import compose_digest
from bot.delivery import Pacing
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from storage import deliveries, subscribers
from storage.engine import transaction
from storage.models import Delivery, DeliveryStatus, Story, Subscriber
from storage.sources import add_source
from tests.bot.conftest import BotFactory, BotHarness, stop_bot
from tests.support.botapi import BotApiServer

ROOT = Path(__file__).resolve().parents[2]
CHAT = 7001
# The article that makes a story grow: another outlet's copy of one already clustered.
GROWER = "kharkiv-grid-wire.txt"


def _ingest(sessions: sessionmaker[Session], folder: Path) -> None:
    with transaction(sessions) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    run_ingest(sessions, IngestConfig(), source_id=source_id)


def _process(sessions: sessionmaker[Session], nlp: Language) -> None:
    process_pending(sessions, nlp, PipelineConfig(threshold=0.3))


@pytest.fixture
def newsroom(
    db_sessions: sessionmaker[Session], nlp: Language, seeds_dir: Path, tmp_path: Path
) -> sessionmaker[Session]:
    """The repository's articles (seeds, pipeline tests, clustering evaluation), analysed and
    clustered: eight stories, more than one Telegram message of digest."""
    for index, folder in enumerate(
        (seeds_dir, ROOT / "tests" / "pipeline" / "articles", ROOT / "evaluation" / "articles")
    ):
        copy = tmp_path / f"source-{index}"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("gold", "*.md"))
        _ingest(db_sessions, copy)
    _process(db_sessions, nlp)
    return db_sessions


def _grow_a_story(sessions: sessionmaker[Session], nlp: Language, tmp_path: Path) -> None:
    """A third outlet reprints one event's wire copy with a line of its own: the story grows."""
    folder = tmp_path / "grower"
    folder.mkdir()
    text = (ROOT / "evaluation" / "articles" / GROWER).read_text(encoding="utf-8")
    extra = "\n\nThe regional operator said repair crews would work through the night."
    (folder / GROWER).write_text(text + extra, encoding="utf-8")
    (folder / "metadata.json").write_text(
        json.dumps({GROWER: {"outlet": "Harbour Courier"}}),
        encoding="utf-8",
    )
    _ingest(sessions, folder)
    _process(sessions, nlp)


async def _recorded(sessions: sessionmaker[Session], count: int) -> None:
    """Wait until the ledger holds ``count`` messages as sent (the write follows Telegram's ok)."""
    for _ in range(200):
        if _delivery(sessions)[0].messages_sent >= count:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"the ledger never recorded {count} sent messages")


def _delivery(sessions: sessionmaker[Session]) -> tuple[Delivery, list[deliveries.OutboxMessage]]:
    with sessions() as session:
        row = session.scalars(select(Delivery).order_by(Delivery.id)).first()
        assert row is not None
        return row, deliveries.stored_messages(session, row.id)


async def test_killed_delivery_resumes_with_exactly_the_stored_messages(
    newsroom: sessionmaker[Session],
    nlp: Language,
    tmp_path: Path,
    bot_factory: BotFactory,
    botapi_server: BotApiServer,
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    with transaction(newsroom) as session:
        sub, _ = subscribers.subscribe(
            session,
            CHAT,
            chat_type="private",
            digest_times=[now.strftime("%H:%M")],
            now=now - timedelta(hours=1),
        )
        sub.max_stories = 10
    # Five seconds between two messages to one chat: room to kill the run between them.
    first: BotHarness = await bot_factory(
        clock=clock, pacing=Pacing(per_chat_interval=5.0, backoff=0.01, max_wait=5.0)
    )
    run = asyncio.create_task(first.deliver())
    await botapi_server.wait_for_async(lambda: len(first.texts(CHAT)) == 1, timeout=20)
    await _recorded(newsroom, 1)
    run.cancel()  # the process dies: no release, the claim stays until its lease runs out
    with contextlib.suppress(asyncio.CancelledError):
        await run
    await stop_bot(first)

    row, stored = _delivery(newsroom)
    assert (row.status, row.messages_sent) == (DeliveryStatus.PENDING, 1)
    assert len(stored) >= 2 and [m.sent for m in stored] == [True] + [False] * (len(stored) - 1)
    assert botapi_server.calls("sendMessage", chat_id=CHAT)[0].params["text"] == stored[0].html

    with newsroom() as session:
        revisions_before = dict(session.execute(select(Story.id, Story.revision)).tuples().all())
    await asyncio.to_thread(_grow_a_story, newsroom, nlp, tmp_path)
    with transaction(newsroom) as session:
        grown = [
            story_id
            for story_id, revision in session.execute(select(Story.id, Story.revision)).tuples()
            if revision > revisions_before.get(story_id, revision)
        ]
        subscriber = session.get_one(Subscriber, row.subscriber_id)
        fresh = compose_digest(session, subscriber, now=row.due_at, max_quotes=2)
    assert len(grown) == 1 and grown[0] in row.story_ids
    # Rendering now would split and word the edition differently: the resume must not use it.
    assert list(fresh.html) != [m.html for m in stored]

    clock.advance(timedelta(minutes=11))  # the dead worker's claim has expired
    second: BotHarness = await bot_factory(clock=clock)
    await second.deliver()
    calls = botapi_server.calls("sendMessage", chat_id=CHAT)
    assert [call.params["text"] for call in calls] == [m.html for m in stored]
    stats = botapi_server.stats()
    assert (stats.accepted, stats.duplicates) == (len(stored), 0)
    row, after = _delivery(newsroom)
    assert (row.status, row.messages_sent) == (DeliveryStatus.SENT, len(stored))
    assert all(m.sent for m in after)

    # The growth is not lost: the next edition brings that story alone, marked as an update.
    clock.advance(timedelta(days=1))
    await second.deliver()
    update = second.texts(CHAT)[len(stored) :]
    assert len(update) == 1 and "1 updated" in update[0] and "Harbour Courier" in update[0]
    print(
        f"\nresume after a kill: {len(stored)} stored messages, 1 before the kill, "
        f"{len(stored) - 1} after, 0 repeated; the grown story came next day as an update"
    )
