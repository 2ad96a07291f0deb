"""Pruning what is older than the retention window, without breaking what is still shown.

A story is pruned whole, with its articles, once it last changed before the cutoff; an article
goes when it was fetched before the cutoff and belongs to no story still kept. So every story
that remains keeps all its articles (its counts, view and title stay true). The database's
cascades take each article's analysis, sentences, mentions, quotes and events, and each story's
links, view and "seen" marks. A person no mention names any more goes too; a person still
mentioned keeps every alias. Delivery ledgers are kept: a ledger row names its stories only as
numbers, and its stored messages are what a resumed delivery sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from storage.models import Article, Mention, Person, Quote, Story, StoryArticle

__all__ = ["PruneCounts", "prune_batch"]


@dataclass(frozen=True, slots=True)
class PruneCounts:
    articles: int = 0
    stories: int = 0
    people: int = 0

    def __add__(self, other: PruneCounts) -> PruneCounts:
        return PruneCounts(
            self.articles + other.articles,
            self.stories + other.stories,
            self.people + other.people,
        )

    @property
    def anything(self) -> bool:
        return bool(self.articles or self.stories or self.people)


def _old_stories(session: Session, before: datetime, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(Story.id).where(Story.updated_at < before).order_by(Story.id).limit(limit)
        )
    )


def _loose_articles(session: Session, before: datetime, limit: int) -> list[int]:
    """Old articles in no story (never clustered, or whose story is gone)."""
    placed = exists().where(StoryArticle.article_id == Article.id)
    return list(
        session.scalars(
            select(Article.id)
            .where(Article.fetched_at < before, ~placed)
            .order_by(Article.id)
            .limit(limit)
        )
    )


def _orphans(session: Session, limit: int) -> list[int]:
    mentioned = exists().where(Mention.person_id == Person.id)
    quoted = exists().where(Quote.person_id == Person.id)
    return list(
        session.scalars(
            select(Person.id).where(~mentioned, ~quoted).order_by(Person.id).limit(limit)
        )
    )


def prune_batch(session: Session, *, before: datetime, limit: int = 500) -> PruneCounts:
    """Prune at most ``limit`` stories (with their articles), then as many loose articles and
    unmentioned people; call again until it prunes nothing."""
    stories = _old_stories(session, before, limit)
    articles = 0
    if stories:
        members = list(
            session.scalars(
                select(StoryArticle.article_id).where(StoryArticle.story_id.in_(stories))
            )
        )
        # Core deletes: the database's cascades do the rest without loading any row.
        session.execute(delete(Story).where(Story.id.in_(stories)))
        for start in range(0, len(members), limit):
            chunk = members[start : start + limit]
            session.execute(delete(Article).where(Article.id.in_(chunk)))
        articles += len(members)
    loose = _loose_articles(session, before, limit)
    if loose:
        session.execute(delete(Article).where(Article.id.in_(loose)))
        articles += len(loose)
    people = _orphans(session, limit)
    if people:
        session.execute(delete(Person).where(Person.id.in_(people)))
    session.expunge_all()
    return PruneCounts(articles=articles, stories=len(stories), people=len(people))
