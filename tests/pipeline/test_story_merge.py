"""The clustering job and ``cluster_articles`` place alike: same stories, merges included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from support.stored import add_analysed

from digests.jobs.config import PipelineConfig
from digests.jobs.convert import story_input
from digests.jobs.pipeline import cluster_pending
from digests.stories.clustering import cluster_articles
from storage.engine import transaction
from storage.models import Article, Source, Story, StoryArticle
from storage.stories import article_bundles

NOW = datetime(2024, 5, 22, 12, tzinfo=UTC)
# A quake told from the harbour (1), from the stadium (2: too different to join 1), then two
# reports that tell both (3 joins 1; 4 shows stories 1 and 2 are one event: they merge).
KEYWORDS = (
    {"earthquake": 3, "portmore": 3, "harbour": 2},
    {"earthquake": 1, "rescuer": 3, "stadium": 3, "aftershock": 2},
    {"earthquake": 3, "portmore": 2, "harbour": 1, "rescuer": 2, "stadium": 2, "aftershock": 1},
    {"earthquake": 3, "portmore": 2, "harbour": 2, "rescuer": 3, "stadium": 3, "aftershock": 2},
)


def _store(sessions: sessionmaker[Session]) -> list[int]:
    ids = []
    with transaction(sessions) as session:
        source = Source(kind="path", location="/tmp/quake", enabled=True, error_count=0)
        session.add(source)
        session.flush()
        for number, keywords in enumerate(KEYWORDS, start=1):
            article = Article(
                source_id=source.id,
                url=f"https://example.org/quake-{number}",
                title=f"Quake report {number}",
                outlet=f"Outlet {number}",
                published_at=NOW + timedelta(minutes=number),
                published_precision="day",
                fetched_at=NOW,
                text="...",
                content_hash=f"quake-{number}",
            )
            add_analysed(session, article, keywords)
            ids.append(article.id)
    return ids


def test_job_and_memory_place_alike_and_merge_stories(db_sessions: sessionmaker[Session]) -> None:
    ids = _store(db_sessions)
    with transaction(db_sessions) as session:
        inputs = [story_input(b) for b in article_bundles(session, ids)]
    expected = cluster_articles(inputs, threshold=0.4)
    assert [sorted(a.article_id for a in g) for g in expected] == [sorted(ids)]

    placed, created = cluster_pending(
        db_sessions, PipelineConfig(threshold=0.4, window_days=7), now=NOW
    )
    assert (placed, created) == (4, 2)
    with transaction(db_sessions) as session:
        stories = list(session.scalars(select(Story)))
        links = session.scalar(select(func.count()).select_from(StoryArticle))
        assert len(stories) == 1 and links == 4
        story = stories[0]
        assert story.article_count == 4 and story.outlet_count == 4
        assert story.signature["article_count"] == 4
        grouped = sorted(a.article_id for a in story.articles)
    assert grouped == sorted(ids)
