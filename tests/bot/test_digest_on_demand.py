"""/digest always shows the current top stories, marking those already sent; a filtered edition
moves no window past what it did not show; scheduled digests still bring only what is new or
grown. Through the real Application and the test Bot API server, on the seeds."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import ManualClock
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from storage import subscribers
from storage.engine import transaction
from storage.sources import add_source
from tests.bot.conftest import BotFactory, BotHarness
from tests.support.botapi import User
from tests.support.telegram_html import parse_telegram_html

TITLE_WORD = "Blinken"
ARTICLES = Path(__file__).parents[1] / "pipeline" / "articles"


async def test_digest_after_a_filter_change_shows_the_story_again(
    seeded: sessionmaker[Session], bot_factory: BotFactory
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    bot: BotHarness = await bot_factory(clock=ManualClock(now))
    user = User()
    assert "Subscribed" in await bot.command("start")

    # A filter nothing matches: an empty edition that says why, and moves no window.
    await bot.command("filter", "include volleyball")
    filtered = await bot.command("digest")
    assert "matches your /filter (1 left out)" in filtered
    with seeded() as session:
        sub = subscribers.get_subscriber(session, user.id)
        assert sub is not None and sub.last_digest_at is None

    # The filter cleared: the story comes, though an edition was "sent" in between.
    await bot.command("filter", "clear")
    shown = await bot.command("digest")
    parsed = parse_telegram_html(shown)
    assert parsed.text.startswith("📰 1 top story, ")
    assert TITLE_WORD in parsed.text and "✓ sent" not in parsed.text
    assert any(e.type == "expandable_blockquote" for e in parsed.entities)

    # Asked again: the same top story, marked as already sent, not "no new stories".
    again = parse_telegram_html(await bot.command("digest")).text
    assert TITLE_WORD in again and "✓ sent" in again

    # The scheduled digest keeps its rule: nothing new, nothing sent.
    before = len(bot.texts(user.id))
    await bot.command("settings", f"times {(now + timedelta(minutes=5)).strftime('%H:%M')}")
    await bot.advance(timedelta(minutes=6))
    assert len(bot.texts(user.id)) == before + 1  # the settings reply only


async def test_a_story_filtered_out_of_one_slot_comes_in_the_next_once_cleared(
    seeded: sessionmaker[Session], bot_factory: BotFactory, nlp: Language, tmp_path: Path
) -> None:
    # A second story beside the seeds' one: the chess article of the pipeline tests.
    folder = tmp_path / "chess"
    folder.mkdir()
    shutil.copy(ARTICLES / "chess-city-gazette.txt", folder)
    with transaction(seeded) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    # run_ingest runs its own event loop: in a thread, beside the test's.
    await asyncio.to_thread(run_ingest, seeded, IngestConfig(), source_id=source_id)
    assert process_pending(seeded, nlp, PipelineConfig(threshold=0.3)).new_stories == 1

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    bot: BotHarness = await bot_factory(clock=ManualClock(now))
    user = User()
    await bot.command("start")
    await bot.command("filter", f"exclude {TITLE_WORD}")
    first, second = (now + timedelta(hours=h) for h in (1, 3))
    await bot.command("settings", f"times {first:%H:%M},{second:%H:%M}")
    before = len(bot.texts(user.id))
    await bot.advance(timedelta(hours=1, minutes=1))
    (morning,) = bot.texts(user.id)[before:]
    assert "chess" in morning and TITLE_WORD not in morning
    # The slot moved the subscriber's last digest, but not past the story it left out.
    await bot.command("filter", "clear")
    before = len(bot.texts(user.id))
    await bot.advance(timedelta(hours=2))
    (evening,) = bot.texts(user.id)[before:]
    assert TITLE_WORD in evening and "chess" not in evening
    assert evening.startswith("📰 1 story since ")
