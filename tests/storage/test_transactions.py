"""``transaction()`` keeps nothing when it rolls back, savepoints inside or not, on both DBs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.articles import ArticleData, count_articles, upsert_article
from storage.engine import transaction
from storage.sources import add_source

NOW = datetime(2024, 5, 21, 12, 0, tzinfo=UTC)


class _Abort(Exception):
    pass


def _article(source_id: int, n: int) -> ArticleData:
    return ArticleData(
        source_id=source_id,
        text=f"Article number {n}.",
        content_hash=f"{n:064d}",
        canonical_url=f"https://example.com/{n}",
    )


def test_a_rolled_back_transaction_keeps_no_upserted_article(
    db_sessions: sessionmaker[Session],
) -> None:
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind="feed", location="https://example.com/feed").id
    with pytest.raises(_Abort), transaction(db_sessions) as session:
        # A read first: on SQLite the savepoint used to open (and on release commit) the
        # transaction itself.
        session.scalars(select(1)).all()
        for n in range(3):
            upsert_article(session, _article(source_id, n), now=NOW)
        raise _Abort
    with transaction(db_sessions) as session:
        assert count_articles(session) == 0


def test_a_committed_transaction_keeps_them(db_sessions: sessionmaker[Session]) -> None:
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind="feed", location="https://example.com/feed").id
        session.scalars(select(1)).all()
        for n in range(3):
            upsert_article(session, _article(source_id, n), now=NOW)
    with transaction(db_sessions) as session:
        assert count_articles(session) == 3
