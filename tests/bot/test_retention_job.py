"""Retention rides on the scheduler's polling job: the lease holder's poll prunes what is past
NEWSDIGEST_KEEP_DAYS (by the bot's clock), and the window is never shorter than a story's."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import work
from bot.scheduler import JOB_POLL, poll_sources
from storage.engine import transaction
from storage.models import Article
from storage.sources import add_source
from tests.bot.conftest import BotFactory


async def test_the_poll_job_prunes_what_is_past_the_window(bot_factory: BotFactory) -> None:
    bot = await bot_factory(keep_days=30)
    container = bot.container
    now = container.clock.now()
    with transaction(bot.sessions) as session:
        source_id = add_source(session, kind="path", location="/nonexistent-folder").id
        for n, age in enumerate((400, 31, 29)):
            session.add(
                Article(
                    source_id=source_id,
                    text=f"Article {n}.",
                    content_hash=f"{n:064d}",
                    fetched_at=now - timedelta(days=age),
                )
            )
    app = bot.app
    assert app.jobs.lease.take()
    [job] = app.job_queue.get_jobs_by_name(JOB_POLL)
    await poll_sources(app.context_types.context.from_job(job, app))
    with transaction(bot.sessions) as session:
        kept = sorted(session.scalars(select(Article.text)))
    assert kept == ["Article 2."]
    assert work.retention_days(container.settings) == 30
    assert work.retention_days(container.settings, 3) == 7  # NEWSDIGEST_STORY_WINDOW_DAYS
    assert work.retention_days(container.settings, 0) == 0
