"""Who is in the news and what they said; when things happened. Read side of /who and /when.

Every query here is bounded by an index range, never by the size of the store: "recent" means the
newest ``RECENT_STORIES`` stories active in the window, and a person's quotes, articles and
stories are walked newest first through the (person, time) indexes.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, load_only, selectinload

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
    "RECENT_STORIES",
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

# How many of the newest active stories count as "recent" for /who and /when.
RECENT_STORIES = 500
# How many of a person's newest articles /when and /who look through.
_PERSON_ARTICLES = 300


def _article_times(session: Session, article_ids: set[int]) -> dict[int, datetime]:
    """Each article's publication time, or its arrival time when unknown."""
    if not article_ids:
        return {}
    rows = session.execute(
        select(Article.id, func.coalesce(Article.published_at, Article.fetched_at)).where(
            Article.id.in_(list(article_ids))
        )
    )
    return {int(i): moment for i, moment in rows if moment is not None}


def _recent_story_ids(session: Session, since: datetime | None) -> list[int]:
    # Fetched first, as a plain list: with a subquery SQLite prefers to walk a whole index in
    # the outer ORDER BY and test each row against it.
    stmt = select(Story.id)
    if since is not None:
        stmt = stmt.where(Story.updated_at >= since)
    stmt = stmt.order_by(Story.updated_at.desc(), Story.id.desc()).limit(RECENT_STORIES)
    return list(session.scalars(stmt))


def _recent_articles(session: Session, since: datetime | None) -> dict[int, int]:
    """article id -> story id for the articles of the recent stories."""
    story_ids = _recent_story_ids(session, since)
    if not story_ids:
        return {}
    rows = session.execute(
        select(StoryArticle.article_id, StoryArticle.story_id).where(
            StoryArticle.story_id.in_(story_ids)
        )
    )
    return {int(article_id): int(story_id) for article_id, story_id in rows}


def prominent_people(
    session: Session, *, since: datetime, limit: int
) -> list[tuple[int, int, int]]:
    """(person id, stories, mentions) for people in recent stories active since ``since``.

    Active means created or grown since then: what is news to a reader of the bot, whatever the
    articles' own publication dates. Most stories first, then most mentions. The counting is
    done here on a few thousand small tuples, so no planner can turn it into a table scan.
    """
    story_of = _recent_articles(session, since)
    if not story_of:
        return []
    stories: dict[int, set[int]] = defaultdict(set)
    mentions: Counter[int] = Counter()
    rows = session.execute(
        select(Mention.person_id, Mention.article_id, Mention.count).where(
            Mention.article_id.in_(list(story_of))
        )
    )
    for person_id, article_id, count in rows:
        stories[person_id].add(story_of[article_id])
        mentions[person_id] += count
    ranked = sorted(stories, key=lambda p: (-len(stories[p]), -mentions[p], p))[:limit]
    return [(p, len(stories[p]), mentions[p]) for p in ranked]


def people_by_ids(session: Session, ids: Sequence[int]) -> dict[int, Person]:
    """People with their aliases, keyed by id."""
    if not ids:
        return {}
    rows = session.scalars(
        select(Person).where(Person.id.in_(list(ids))).options(selectinload(Person.aliases))
    )
    return {p.id: p for p in rows}


def people_with_key(session: Session, key: str) -> list[Person]:
    """People whose name or any alias normalizes to ``key``."""
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


def _newest_quotes(person_id: int, limit: int) -> Select:
    return (
        select(Quote, Article)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id == person_id)
        .order_by(Quote.seen_at.desc(), Quote.score.desc(), Quote.id)
        .limit(limit)
    )


def latest_quotes(session: Session, person_ids: Sequence[int]) -> dict[int, tuple[Quote, Article]]:
    """The most recent quote of each person, with its article."""
    found: dict[int, tuple[Quote, Article]] = {}
    for person_id in dict.fromkeys(person_ids):
        for quote, article in session.execute(_newest_quotes(person_id, 1)):
            found[person_id] = (quote, article)
    return found


def quotes_of(session: Session, person_id: int, *, limit: int) -> list[tuple[Quote, Article]]:
    """A person's quotes, newest article first, best-scored first within an article."""
    return [(q, a) for q, a in session.execute(_newest_quotes(person_id, limit))]


def quote_counts(session: Session, person_ids: Sequence[int]) -> dict[int, int]:
    """How many quotes each person has: picks the likelier of two people sharing a name."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(Quote.person_id, func.count())
        .where(Quote.person_id.in_(list(person_ids)))
        .group_by(Quote.person_id)
    )
    return {int(pid): int(count) for pid, count in rows if pid is not None}


def _person_article_ids(session: Session, person_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Mention.article_id)
            .where(Mention.person_id == person_id)
            .order_by(Mention.seen_at.desc(), Mention.article_id.desc())
            .limit(_PERSON_ARTICLES)
        )
    )


def stories_of(session: Session, person_id: int, *, limit: int) -> list[Story]:
    """Stories of a person's newest articles, newest first."""
    article_ids = _person_article_ids(session, person_id)
    if not article_ids:
        return []
    rows = session.execute(
        select(StoryArticle.article_id, StoryArticle.story_id).where(
            StoryArticle.article_id.in_(article_ids)
        )
    )
    links = {int(article_id): int(story_id) for article_id, story_id in rows}
    story_ids = list(dict.fromkeys(links[a] for a in article_ids if a in links))[:limit]
    stories = {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(story_ids)))}
    return [stories[i] for i in story_ids if i in stories]


def events_since(
    session: Session,
    *,
    since: datetime | None,
    person_id: int | None = None,
    article_ids: Sequence[int] | None = None,
    words: Sequence[str] = (),
    any_words: Sequence[str] = (),
    limit: int,
    order: Callable[[date, str, datetime | None], Any],
) -> list[tuple[Event, Article, Story | None]]:
    """Dated events from one of three bounded sets of articles, in ``order``.

    A person's newest articles; else the given ``article_ids``; else the articles of the recent
    stories active since ``since`` (all time when None). ``words`` keeps events whose text or
    story title contains every one of them (case-insensitive); ``any_words`` those whose text
    holds at least one of them as a whole word. ``order`` gives the sort key of an event from
    its date, its precision and its article's publication (or arrival) time; it is applied
    before ``limit``.
    """
    story_of: dict[int, int] | None = None
    if person_id is not None:
        scope: Sequence[int] = _person_article_ids(session, person_id)
    elif article_ids is not None:
        scope = article_ids
    else:
        story_of = _recent_articles(session, since)
        scope = list(story_of)
        since = None  # the window is applied
    if not scope:
        return []
    # Small tuples of the events in scope, through the article index; the window, the words and
    # the ordering are applied here: in SQL, planners walk whole date indexes or hash-join every
    # story to do it.
    found = session.execute(
        select(Event.id, Event.date_start, Event.article_id, Event.text, Event.precision).where(
            Event.article_id.in_(list(scope))
        )
    ).all()
    if since is not None or words:
        if story_of is None:
            links = session.execute(
                select(StoryArticle.article_id, StoryArticle.story_id).where(
                    StoryArticle.article_id.in_(list(scope))
                )
            )
            story_of = {int(a): int(st) for a, st in links}
        stories = {
            int(i): (title.casefold(), updated)
            for i, title, updated in session.execute(
                select(Story.id, Story.title, Story.updated_at).where(
                    Story.id.in_(set(story_of.values()))
                )
            )
        }
        needles = [w.casefold() for w in words]

        def keep(article_id: int, text: str) -> bool:
            title, updated = stories.get(story_of.get(article_id, -1), ("", None))
            if since is not None and (updated is None or updated < since):
                return False
            lowered = text.casefold()
            return all(n in lowered or n in title for n in needles)

        found = [row for row in found if keep(row[2], row[3])]
    if any_words:
        mentions = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w.casefold()) for w in any_words if w) + r")(?!\w)"
        )
        found = [row for row in found if mentions.search(row[3].casefold())]
    times = _article_times(session, {int(r[2]) for r in found})
    keys = [order(r[1], r[4], times.get(r[2])) for r in found]
    best = heapq.nsmallest(limit, range(len(found)), key=keys.__getitem__)
    chosen = [int(found[i][0]) for i in best]
    if not chosen:
        return []
    rows = session.execute(
        select(Event, Article, Story)
        .join(Article, Article.id == Event.article_id)
        .outerjoin(StoryArticle, StoryArticle.article_id == Article.id)
        .outerjoin(Story, Story.id == StoryArticle.story_id)
        .where(Event.id.in_(chosen))
        # What a /when line shows of them: never the article's whole text.
        .options(
            load_only(
                Article.id, Article.outlet, Article.url, Article.published_at, Article.fetched_at
            ),
            load_only(Story.id, Story.title),
        )
    )
    place = {event_id: index for index, event_id in enumerate(chosen)}
    return sorted(((e, a, st) for e, a, st in rows), key=lambda row: place[row[0].id])
