"""Who is in the news and what they said; when things happened. Read side of /who and /when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Article,
    Event,
    Mention,
    Person,
    PersonAlias,
    Quote,
    Story,
    StoryArticle,
)

__all__ = [
    "alias_keys_like",
    "events_since",
    "latest_quotes",
    "people_by_ids",
    "people_with_key",
    "prominent_people",
    "quote_counts",
    "quotes_of",
    "stories_of",
]

# A person mentioned in this many articles or more is "prominent" for the choice of query plan.
_OFTEN = 1000


def prominent_people(
    session: Session, *, since: datetime, limit: int
) -> list[tuple[int, int, int]]:
    """(person id, stories, mentions) for people in stories active since ``since``, most first.

    Active means created or grown since then: what is news to a reader of the bot, whatever the
    articles' own publication dates.
    """
    # Start from the recent stories' articles (an index range), never from all mentions: the
    # cost follows the window, not the size of the store.
    recent_articles = (
        select(StoryArticle.article_id)
        .join(Story, Story.id == StoryArticle.story_id)
        .where(Story.updated_at >= since)
    )
    story_count = func.count(func.distinct(StoryArticle.story_id))
    mention_count = func.sum(Mention.count)
    stmt = (
        select(Mention.person_id, story_count, mention_count)
        .join(StoryArticle, StoryArticle.article_id == Mention.article_id)
        .where(Mention.article_id.in_(recent_articles))
        .group_by(Mention.person_id)
        .order_by(story_count.desc(), mention_count.desc(), Mention.person_id)
        .limit(limit)
    )
    return [
        (int(pid), int(stories), int(mentions or 0))
        for pid, stories, mentions in session.execute(stmt)
    ]


def people_by_ids(session: Session, ids: Sequence[int]) -> dict[int, Person]:
    """People with their aliases, keyed by id."""
    if not ids:
        return {}
    rows = session.scalars(
        select(Person).where(Person.id.in_(list(ids))).options(selectinload(Person.aliases))
    )
    return {p.id: p for p in rows}


def people_with_key(session: Session, key: str) -> list[Person]:
    """People whose name or any alias normalizes to ``key`` (or whose surname it is)."""
    stmt = (
        select(Person)
        .join(PersonAlias, PersonAlias.person_id == Person.id)
        .where(PersonAlias.key == key)
        .distinct()
        .options(selectinload(Person.aliases))
    )
    return list(session.scalars(stmt))


def alias_keys_like(session: Session, prefixes: Sequence[str], *, limit: int) -> list[str]:
    """Alias keys starting with any of ``prefixes``: the candidates for fuzzy matching."""
    if not prefixes:
        return []
    stmt = (
        select(PersonAlias.key)
        .where(or_(*(PersonAlias.key.like(f"{p}%") for p in prefixes)))
        .distinct()
        .limit(limit)
    )
    return list(session.scalars(stmt))


def latest_quotes(session: Session, person_ids: Sequence[int]) -> dict[int, tuple[Quote, Article]]:
    """The most recent quote of each person, with its article."""
    if not person_ids:
        return {}
    found: dict[int, tuple[Quote, Article]] = {}
    rest = []
    for person_id in person_ids:
        if _mentioned_often(session, person_id):
            # The prominent have thousands of quotes: walk their newest articles instead.
            rows = quotes_of(session, person_id, limit=1)
            if rows:
                found[person_id] = rows[0]
        else:
            rest.append(person_id)
    if not rest:
        return found
    ranked = (
        select(
            Quote.id,
            func.row_number()
            .over(
                partition_by=Quote.person_id,
                order_by=(
                    func.coalesce(Article.published_at, Article.fetched_at).desc(),
                    Quote.score.desc(),
                ),
            )
            .label("rank"),
        )
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id.in_(rest))
        .subquery()
    )
    ranked_rows = session.execute(
        select(Quote, Article)
        .join(Article, Article.id == Quote.article_id)
        .join(ranked, ranked.c.id == Quote.id)
        .where(ranked.c.rank == 1)
    )
    found.update({q.person_id: (q, a) for q, a in ranked_rows if q.person_id})
    return found


def quotes_of(session: Session, person_id: int, *, limit: int) -> list[tuple[Quote, Article]]:
    """A person's quotes, newest article first, best-scored first within an article."""
    stmt = (
        select(Quote, Article)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id == person_id)
        .order_by(
            func.coalesce(Article.published_at, Article.fetched_at).desc(), Quote.score.desc()
        )
        .limit(limit)
    )
    if limit > 0 and _mentioned_often(session, person_id):
        stmt = stmt.where(Quote.article_id.in_(_newest_quoting(session, person_id, limit)))
    return [(q, a) for q, a in session.execute(stmt)]


def _newest_quoting(session: Session, person_id: int, limit: int) -> list[int]:
    """Ids of the ``limit`` newest articles quoting the person (ties at the edge included).

    Found by walking the publication and fetch indexes newest first, so a prominent person's
    thousands of quotes are never all sorted.
    """
    quoted = (
        select(Quote.id)
        .where(Quote.article_id == Article.id, Quote.person_id == person_id)
        .exists()
    )
    dated = session.execute(
        select(Article.id, Article.published_at)
        .where(Article.published_at.is_not(None), quoted)
        .order_by(Article.published_at.desc())
        .limit(limit)
    ).all()
    undated = session.execute(
        select(Article.id, Article.fetched_at)
        .where(Article.published_at.is_(None), quoted)
        .order_by(Article.fetched_at.desc())
        .limit(limit)
    ).all()
    stamped = [(row[0], row[1]) for row in (*dated, *undated) if row[1] is not None]
    newest = sorted(stamped, key=lambda row: row[1], reverse=True)[:limit]
    if len(newest) < limit:
        return [row[0] for row in newest]
    edge = newest[-1][1]
    tied = session.scalars(
        select(Article.id).where(
            or_(
                Article.published_at == edge,
                Article.published_at.is_(None) & (Article.fetched_at == edge),
            ),
            quoted,
        )
    )
    return list(dict.fromkeys([*(row[0] for row in newest), *tied]))


def stories_of(session: Session, person_id: int, *, limit: int) -> list[Story]:
    """Stories a person is mentioned in, newest first."""
    if _mentioned_often(session, person_id):
        # Walk stories newest first and stop at ``limit``: the prominent are in most of them.
        in_story = (
            select(StoryArticle.story_id)
            .join(Mention, Mention.article_id == StoryArticle.article_id)
            .where(StoryArticle.story_id == Story.id, Mention.person_id == person_id)
            .exists()
        )
        stmt = (
            select(Story)
            .where(in_story)
            .order_by(Story.last_seen_at.desc(), Story.id.desc())
            .limit(limit)
        )
        return list(session.scalars(stmt))
    stmt = (
        select(Story)
        .join(StoryArticle, StoryArticle.story_id == Story.id)
        .join(Mention, Mention.article_id == StoryArticle.article_id)
        .where(Mention.person_id == person_id)
        .group_by(Story.id)
        .order_by(func.max(Story.last_seen_at).desc(), Story.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def _mentioned_often(session: Session, person_id: int) -> bool:
    """More mentions than _OFTEN: walking newest-first finds their rows sooner than collecting."""
    first = select(Mention.id).where(Mention.person_id == person_id).limit(_OFTEN).subquery()
    return int(session.scalar(select(func.count()).select_from(first)) or 0) >= _OFTEN


def quote_counts(session: Session, person_ids: Sequence[int]) -> dict[int, int]:
    """person id -> number of quotes attributed to them, in one query."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(Quote.person_id, func.count())
        .where(Quote.person_id.in_(list(person_ids)))
        .group_by(Quote.person_id)
    )
    return {int(pid): int(count) for pid, count in rows if pid is not None}


def events_since(
    session: Session,
    *,
    since: datetime | None,
    person_id: int | None = None,
    article_ids: Sequence[int] | None = None,
    words: Sequence[str] = (),
    limit: int,
) -> list[tuple[Event, Article, Story | None]]:
    """Dated events from articles in stories active since ``since``, in date order.

    Narrowed to articles mentioning ``person_id``, to ``article_ids``, or to events whose text
    contains every one of ``words`` (case-insensitive).
    """
    stmt = (
        select(Event, Article, Story)
        .join(Article, Article.id == Event.article_id)
        .outerjoin(StoryArticle, StoryArticle.article_id == Article.id)
        .outerjoin(Story, Story.id == StoryArticle.story_id)
    )
    if since is not None:
        # Through the window's stories (an index range), so the date index is never walked
        # across the whole store looking for recent ones.
        stmt = stmt.where(
            Event.article_id.in_(
                select(StoryArticle.article_id)
                .join(Story, Story.id == StoryArticle.story_id)
                .where(Story.updated_at >= since)
            )
        )
    if person_id is not None and _mentioned_often(session, person_id):
        # Most articles name the prominent: walk events in date order and stop at ``limit``.
        stmt = stmt.where(
            select(Mention.id)
            .where(Mention.article_id == Event.article_id, Mention.person_id == person_id)
            .exists()
        )
    elif person_id is not None:
        stmt = stmt.join(
            Mention, (Mention.article_id == Article.id) & (Mention.person_id == person_id)
        )
    if article_ids is not None:
        stmt = stmt.where(Article.id.in_(list(article_ids)))
    for word in words:
        stmt = stmt.where(func.lower(Event.text).contains(word.lower(), autoescape=True))
    stmt = stmt.order_by(Event.date_start, Event.id).limit(limit)
    return [(e, a, s) for e, a, s in session.execute(stmt)]
