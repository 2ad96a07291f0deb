"""Articles dated year 1 or 9999 (stored before ingest refused them) leave clustering working."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from digests.sources.cleaning import content_hash
from storage.articles import ArticleData, upsert_article
from storage.engine import transaction
from storage.models import Article, StoryArticle
from storage.sources import add_source

from .conftest import OTHER_EVENTS, ingest_folder, process

NOW = datetime(2024, 5, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    "moment",
    [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)],
    ids=["year-1", "year-9999"],
)
def test_an_absurd_date_does_not_stop_stories_forming(
    db_sessions: sessionmaker[Session], nlp: Language, seeds_dir: object, moment: datetime
) -> None:
    text = (OTHER_EVENTS / "chess-city-gazette.txt").read_text(encoding="utf-8")
    odd = text.replace("chess", "draughts")
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind="feed", location="https://odd.example/feed").id
        for n, body in enumerate((text, odd)):
            upsert_article(
                session,
                ArticleData(
                    source_id=source_id,
                    text=body,
                    content_hash=content_hash(body),
                    canonical_url=f"https://odd.example/{n}",
                    title=f"Odd {n}",
                    published_at=moment,
                    published_precision="day",
                ),
                now=NOW,
            )
    ingest_folder(db_sessions, seeds_dir)  # type: ignore[arg-type]
    analysed, placed, new = process(db_sessions, nlp)
    assert (analysed, placed) == (4, 4)
    with transaction(db_sessions) as session:
        assert session.scalar(select(func.count()).select_from(StoryArticle)) == 4
        seeds = session.scalars(
            select(StoryArticle.story_id).join(Article).where(Article.source_id != source_id)
        ).all()
    # The two seed articles still make their one story.
    assert len(seeds) == 2 and len(set(seeds)) == 1
    assert new >= 2
    assert process(db_sessions, nlp) == (0, 0, 0)
