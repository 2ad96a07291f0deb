"""Who is in the news and what they said; when things happened. Read side of /who and /when.

Every query here is bounded by an index range, never by the size of the store: "recent" means the
newest ``RECENT_STORIES`` stories active in the window, and a person's quotes, articles and
stories are walked newest first through the (person, time) indexes. A bounded set the database
can find itself (the recent stories, a person's newest articles) is asked inside the statement
that uses it (``one_of`` with a query, which both planners run first), and every statement's
plan was read on both backends at 100k articles (``benchmarks/queries.py --explain``): no join
here may be bounded on one side only, or PostgreSQL hash-joins the whole other table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, distinct, func, or_, select, union_all
from sqlalchemy.orm import Session, selectinload

from storage.id_lists import one_of
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
    "EventCandidates",
    "EventSeen",
    "QuoteSeen",
    "alias_keys_like",
    "event_candidates",
    "events_by_id",
    "latest_quotes",
    "names_and_roles",
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
# When an article appeared: its publication time, else its arrival.
_ARTICLE_TIME = func.coalesce(Article.published_at, Article.fetched_at).label("article_time")


def _rows(session: Session, stmt: Any) -> Sequence[Any]:
    """A plain Core select's rows on the session's connection: no ORM bookkeeping per row."""
    return session.connection().execute(stmt).all()


def _recent_stories(since: datetime | None) -> Select[Any]:
    """The ids of the newest ``RECENT_STORIES`` stories active since ``since``: an index walk."""
    recent = select(Story.id)
    if since is not None:
        recent = recent.where(Story.updated_at >= since)
    return recent.order_by(Story.updated_at.desc(), Story.id.desc()).limit(RECENT_STORIES)


def prominent_people(
    session: Session, *, since: datetime, limit: int
) -> list[tuple[int, int, int]]:
    """(person id, stories, mentions) for people in recent stories active since ``since``.

    Active means created or grown since then: what is news to a reader of the bot, whatever the
    articles' own publication dates. Most stories first, then most mentions. One statement
    bounded by the recent stories, whose ids both planners take first (PostgreSQL as an
    InitPlan, SQLite as a list subquery), then index lookups of their articles and of the
    articles' mentions (a covering index): some 6,000 mentions counted at 100k articles, in
    4 ms, whatever the store's size.
    """
    stories = func.count(distinct(StoryArticle.story_id)).label("stories")
    mentions = func.sum(Mention.count).label("mentions")
    rows = _rows(
        session,
        select(Mention.person_id, stories, mentions)
        .select_from(StoryArticle)
        .join(Mention, Mention.article_id == StoryArticle.article_id)
        .where(one_of(session, StoryArticle.story_id, _recent_stories(since)))
        .group_by(Mention.person_id)
        .order_by(stories.desc(), mentions.desc(), Mention.person_id)
        .limit(limit),
    )
    return [(int(person), int(count), int(total or 0)) for person, count, total in rows]


@dataclass(frozen=True, slots=True)
class QuoteSeen:
    """A quote as /who shows it: its words and kind, and the article's outlet, link and date."""

    text: str
    kind: str
    outlet: str | None
    url: str | None
    published_at: datetime | None
    published_precision: str | None


def names_and_roles(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
    """Each person's name and role, keyed by id: plain rows, no aliases, no ORM objects."""
    if not ids:
        return {}
    rows = session.execute(
        select(Person.id, Person.name, Person.role).where(one_of(session, Person.id, ids))
    )
    return {int(person_id): (name, role) for person_id, name, role in rows}


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
    """A person's quotes newest first (the (person, seen_at) index), with what /who shows."""
    return (
        select(
            Quote.person_id,
            Quote.text,
            Quote.kind,
            Article.outlet,
            Article.url,
            Article.published_at,
            Article.published_precision,
        )
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.person_id == person_id)
        .order_by(Quote.seen_at.desc(), Quote.score.desc(), Quote.id)
        .limit(limit)
    )


def latest_quotes(session: Session, person_ids: Sequence[int]) -> dict[int, QuoteSeen]:
    """The most recent quote of each person, in one statement: a UNION ALL of one newest-first
    index walk per person (a window over all their quotes reads every quote of the most quoted
    people; a query per person pays a round trip each)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    walks = [select(_newest_quotes(person_id, 1).subquery()) for person_id in ids]
    stmt = walks[0] if len(walks) == 1 else union_all(*walks)
    return {int(row[0]): QuoteSeen(*row[1:]) for row in session.execute(stmt)}


def quotes_of(session: Session, person_id: int, *, limit: int) -> list[QuoteSeen]:
    """A person's quotes, newest article first, best-scored first within an article."""
    return [QuoteSeen(*row[1:]) for row in session.execute(_newest_quotes(person_id, limit))]


def quote_counts(session: Session, person_ids: Sequence[int]) -> dict[int, int]:
    """How many quotes each person has: picks the likelier of two people sharing a name."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(Quote.person_id, func.count())
        .where(one_of(session, Quote.person_id, person_ids))
        .group_by(Quote.person_id)
    )
    return {int(pid): int(count) for pid, count in rows if pid is not None}


def _person_articles(person_id: int) -> Select[Any]:
    """A person's newest articles, newest first: an index walk of ``(person_id, seen_at)``."""
    return (
        select(Mention.article_id)
        .where(Mention.person_id == person_id)
        .order_by(Mention.seen_at.desc(), Mention.article_id.desc())
        .limit(_PERSON_ARTICLES)
    )


def _person_article_ids(session: Session, person_id: int) -> list[int]:
    return list(session.scalars(_person_articles(person_id)))


def stories_of(session: Session, person_id: int, *, limit: int) -> list[Story]:
    """Stories of a person's newest articles, newest first."""
    article_ids = _person_article_ids(session, person_id)
    if not article_ids:
        return []
    rows = session.execute(
        select(StoryArticle.article_id, StoryArticle.story_id).where(
            one_of(session, StoryArticle.article_id, article_ids)
        )
    )
    links = {int(article_id): int(story_id) for article_id, story_id in rows}
    story_ids = list(dict.fromkeys(links[a] for a in article_ids if a in links))[:limit]
    stories = {
        s.id: s for s in session.scalars(select(Story).where(one_of(session, Story.id, story_ids)))
    }
    return [stories[i] for i in story_ids if i in stories]


@dataclass(frozen=True, slots=True)
class EventSeen:
    """A dated event as /when shows it, with its article's outlet, link and time (publication,
    else arrival) and its story's title."""

    date_text: str
    text: str
    date_start: date
    precision: str
    outlet: str | None
    url: str | None
    article_time: datetime | None
    story_title: str | None
    # A range's last period ("15–17 May"), or None.
    until_start: date | None
    until_precision: str | None
    article_id: int
    story_id: int | None


@dataclass(frozen=True, slots=True)
class EventCandidates:
    """The events in a scope, as small as choosing among a few thousand needs (plain rows, no
    object per event): each row is (id, date_start, article_id, precision, article time
    (publication, else arrival)), then its text when asked for; ``stories`` maps an article to
    its story's title and last update, when asked for."""

    rows: Sequence[Any]
    stories: Mapping[int, tuple[str, datetime | None]]


def event_candidates(
    session: Session,
    *,
    person_id: int | None = None,
    article_ids: Sequence[int] | None = None,
    stories_since: datetime | None = None,
    with_text: bool = False,
    with_stories: bool = False,
) -> EventCandidates:
    """The dated events of one of three bounded sets of articles: a person's newest articles;
    else the given ``article_ids``; else the articles of the stories active since
    ``stories_since`` (all time when None). ``digests.jobs.reading`` chooses among them.
    """
    # The articles in scope, as a query the database runs inside the next statement (a list
    # only when given one): no round trip and no list of a thousand ids sent back and forth.
    scope: Sequence[int] | Select[Any]
    if person_id is not None:
        scope = _person_articles(person_id)
    elif article_ids is not None:
        scope = article_ids
    else:
        scope = select(StoryArticle.article_id).where(
            one_of(session, StoryArticle.story_id, _recent_stories(stories_since))
        )
    # Small tuples of the events in scope and their articles' times, one statement bounded on
    # both sides of the join (events by their article index, articles by their key, each
    # limited to the scope: a merge of two short index scans); choosing (a window, words, an
    # order) is left to the caller: in SQL, planners walk whole date indexes or hash-join every
    # story or article to do it (130 ms on PostgreSQL at 100k when only the events side was
    # bounded). Plain rows, a few thousand of them; the text only when asked for.
    columns = [Event.id, Event.date_start, Event.article_id, Event.precision, _ARTICLE_TIME]
    found = _rows(
        session,
        select(*columns, *([Event.text] if with_text else []))
        .join(Article, Article.id == Event.article_id)
        .where(one_of(session, Event.article_id, scope), one_of(session, Article.id, scope)),
    )
    stories: dict[int, tuple[str, datetime | None]] = {}
    if with_stories:
        # Each article's story, title and last update: the scope's links by their key, then
        # each story by its key.
        stories = {
            int(article_id): (title, updated)
            for article_id, title, updated in _rows(
                session,
                select(StoryArticle.article_id, Story.title, Story.updated_at)
                .join(Story, Story.id == StoryArticle.story_id)
                .where(one_of(session, StoryArticle.article_id, scope)),
            )
        }
    return EventCandidates(found, stories)


def events_by_id(session: Session, event_ids: Sequence[int]) -> list[EventSeen]:
    """What /when shows of the chosen events, in the order given (never an article's text)."""
    if not event_ids:
        return []
    rows = _rows(
        session,
        select(
            Event.id,
            Event.date_text,
            Event.text,
            Event.date_start,
            Event.precision,
            Article.outlet,
            Article.url,
            _ARTICLE_TIME,
            Story.title,
            Event.until_start,
            Event.until_precision,
            Event.article_id,
            Story.id,
        )
        .join(Article, Article.id == Event.article_id)
        .outerjoin(StoryArticle, StoryArticle.article_id == Article.id)
        .outerjoin(Story, Story.id == StoryArticle.story_id)
        .where(one_of(session, Event.id, event_ids)),
    )
    place = {event_id: index for index, event_id in enumerate(event_ids)}
    return [EventSeen(*row[1:]) for row in sorted(rows, key=lambda row: place[row[0]])]
