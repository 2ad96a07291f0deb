"""A bot that says what it is doing: while stored articles are still being analysed, /digest,
/who and /when say so instead of "no news" or "I don't know anyone"; the backlog is worked off
at start, not at the processing job's first interval; then /who finds a person written in
Cyrillic ("Блінкен" is Antony Blinken), through the one name key."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.scheduler import Intervals
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from storage.engine import transaction
from storage.models import StoryArticle
from storage.sources import add_source
from tests.bot.conftest import BotFactory, BotHarness
from tests.support.botapi import User

UKRAINIAN = User(id=2002, first_name="Оксана", username="oksana", language_code="uk")


async def _ingest_seeds(sessions: sessionmaker[Session], seeds_dir: Path, tmp_path: Path) -> None:
    """The two seed articles stored, not analysed: what a bot finds right after a poll."""
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns("gold"))
    with transaction(sessions) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    # run_ingest runs an event loop of its own: off this one.
    report = await asyncio.to_thread(run_ingest, sessions, IngestConfig(), source_id=source_id)
    assert report.new == 2


async def test_replies_while_analysing_then_a_cyrillic_who(
    bot_factory: BotFactory,
    db_sessions: sessionmaker[Session],
    nlp: Language,
    seeds_dir: Path,
    tmp_path: Path,
) -> None:
    await _ingest_seeds(db_sessions, seeds_dir, tmp_path)
    bot: BotHarness = await bot_factory()
    await bot.command("start")
    await bot.command("help")

    reading = "⏳ 2 new articles are still being analysed: ask again in a minute."
    assert reading in await bot.command("who")
    blinken = await bot.command("who", "Blinken")
    assert blinken == f"I don't know anyone called <b>Blinken</b> yet.\n{reading}"
    assert reading in await bot.command("when")
    assert await bot.command("digest") == reading
    assert "Скасувати" not in await bot.command("lang", "uk", user=UKRAINIAN)
    assert "⏳ 2 нові статті ще аналізуються" in await bot.command("who", user=UKRAINIAN)

    report = await asyncio.to_thread(
        process_pending, db_sessions, nlp, PipelineConfig(threshold=0.3)
    )
    assert (report.analyzed, report.new_stories) == (2, 1)
    found = await bot.command("who", "Блінкен")
    assert found.startswith("<b>Antony Blinken</b>") and "does not encourage strikes" in found
    assert "Antony Blinken" in await bot.command("who", "Антоні Блінкен")
    assert "Antony Blinken" in await bot.command("who", "блінкен", user=UKRAINIAN)
    timeline = await bot.command("when", "Блінкен")
    assert "May 15, 2024, Blinken said" in timeline
    # A topic in Cyrillic is looked for as its transliteration, as names are.
    pentagon = await bot.command("when", "Пентагон")
    assert pentagon.startswith("<b>Timeline: Пентагон</b>") and "May 17, the Pentagon" in pentagon
    assert "1 top story" in await bot.command("digest")


async def test_the_backlog_is_analysed_at_start(
    bot_factory: BotFactory, db_sessions: sessionmaker[Session], seeds_dir: Path, tmp_path: Path
) -> None:
    await _ingest_seeds(db_sessions, seeds_dir, tmp_path)
    # Every job an hour away, but processing: that one runs at once (Intervals' default).
    hour = 3600.0
    at_once = Intervals(lease=hour, poll=hour, process=hour, deliver=hour, warmup=hour)
    assert at_once.backlog == 0.0
    bot: BotHarness = await bot_factory(intervals=at_once)

    def placed() -> int:
        with db_sessions() as session:
            return int(session.scalar(select(func.count()).select_from(StoryArticle)) or 0)

    # Loading spaCy takes seconds: the bound is generous, the count is what is judged.
    for _ in range(600):
        if placed() == 2:
            break
        await asyncio.sleep(0.2)
    assert placed() == 2
    assert "Antony Blinken" in await bot.command("who", "Blinken")
