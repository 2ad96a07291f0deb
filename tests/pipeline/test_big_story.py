"""A story that has grown past what its view holds: placing one more article reads a bounded
sample (the first and latest articles, each outlet's best, the best others) and keeps the counts
of the whole story; the sample is carried from one placement to the next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from support.stored import add_analysed

from digests.jobs.config import PipelineConfig
from digests.jobs.pipeline import VIEW_MEMBERS, cluster_pending
from digests.stories.stored import stored_article_ids
from storage.engine import transaction
from storage.models import Article, Source, Story, StoryViewRecord

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
KEYWORDS = {f"term{n}": 2.0 + n % 5 for n in range(40)}


def _article(session: Session, source: Source, number: int, seen: datetime, outlet: str) -> None:
    article = Article(
        source_id=source.id,
        url=f"https://example.org/{number}",
        title="Port strike enters its second week",
        outlet=outlet,
        published_at=seen,
        published_precision="day",
        fetched_at=seen,
        text="The port strike went on.",
        content_hash=f"copy-{number}",
    )
    add_analysed(session, article, KEYWORDS)


def test_placing_into_a_big_story_reads_a_sample_and_keeps_the_whole_counts(
    db_sessions: sessionmaker[Session],
) -> None:
    total = VIEW_MEMBERS + 10
    with transaction(db_sessions) as session:
        source = Source(kind="feed", location="https://example.org/feed")
        session.add(source)
        session.flush()
        for number in range(total):
            outlet = "Rare Outlet" if number == 30 else f"Wire {number % 3}"
            _article(session, source, number, NOW - timedelta(hours=total - number), outlet)
    config = PipelineConfig(window_days=7)
    assert cluster_pending(db_sessions, config, now=NOW) == (total, 1)
    for number in range(total, total + 3):  # placed one by one, each time from the sample
        with transaction(db_sessions) as session:
            source = session.scalars(select(Source)).one()
            _article(session, source, number, NOW - timedelta(minutes=number), "Wire 0")
        assert cluster_pending(db_sessions, config, now=NOW) == (1, 0)
    with transaction(db_sessions) as session:
        story = session.scalars(select(Story)).one()
        record = session.get(StoryViewRecord, story.id)
        first = session.scalar(select(Article.id).order_by(Article.published_at).limit(1))
        rare = session.scalar(select(Article.id).where(Article.outlet == "Rare Outlet"))
    assert story.article_count == total + 3
    assert story.outlet_count == 4
    assert record is not None
    shown = stored_article_ids(record.data)
    assert shown is not None and len(shown) == VIEW_MEMBERS
    assert first in shown and rare in shown
