"""Stories and their articles: what clustering reads and writes, what digests and /when read.

A story's view (``story_views``) is derived data, kept in step like a search index: clustering
writes it when it changes the story, and every write that changes what the view shows of an
article (its analysis, its title, its removal) forgets the views holding that article, for the
next clustering run to build again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session, defer, selectinload

from storage.models import (
    Analysis,
    Article,
    ArticleSentence,
    Event,
    Mention,
    Person,
    Quote,
    Story,
    StoryArticle,
    StoryViewRecord,
    SubscriberStory,
)

__all__ = [
    "ArticleBundle",
    "active_stories",
    "add_article_to_story",
    "article_bundles",
    "articles_of_stories",
    "articles_without_story",
    "create_story",
    "forget_story_view",
    "forget_views",
    "member_facts",
    "move_story_articles",
    "recent_stories",
    "save_view",
    "sent_revisions",
    "stored_views",
    "stories_by_ids",
    "stories_without_view",
    "story_ids_for_articles",
    "view_members",
]


def articles_without_story(session: Session, *, limit: int) -> list[Article]:
    """Analysed articles not yet placed in a story, in publication order."""
    stmt = (
        select(Article)
        .join(Analysis, Analysis.article_id == Article.id)
        .outerjoin(StoryArticle, StoryArticle.article_id == Article.id)
        .where(StoryArticle.article_id.is_(None))
        .order_by(func.coalesce(Article.published_at, Article.fetched_at), Article.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def recent_stories(session: Session, *, since: datetime, limit: int) -> list[Story]:
    """Stories seen since ``since``, newest first: the bounded set clustering compares with."""
    stmt = (
        select(Story)
        .where(Story.last_seen_at >= since)
        .order_by(Story.last_seen_at.desc(), Story.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def active_stories(
    session: Session, *, since: datetime, limit: int, title_words: Sequence[str] = ()
) -> list[Story]:
    """Stories created or grown since ``since``, widest coverage first: digest candidates.

    Their clustering signatures are not loaded: readers never need them.
    """
    stmt = select(Story).options(defer(Story.signature)).where(Story.updated_at >= since)
    for word in title_words:
        stmt = stmt.where(func.lower(Story.title).contains(word.lower(), autoescape=True))
    stmt = stmt.order_by(Story.outlet_count.desc(), Story.updated_at.desc(), Story.id.desc()).limit(
        limit
    )
    return list(session.scalars(stmt))


def stories_by_ids(session: Session, story_ids: Sequence[int]) -> list[Story]:
    """Stories in the order asked (their article links are not loaded: a story may be large)."""
    if not story_ids:
        return []
    rows = session.scalars(select(Story).where(Story.id.in_(list(story_ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in story_ids if i in by_id]


def create_story(
    session: Session, *, title: str, signature: dict[str, Any], seen_at: datetime
) -> Story:
    """A new, empty story; articles are added with ``add_article_to_story``."""
    story = Story(title=title, signature=signature, last_seen_at=seen_at, revision=1)
    session.add(story)
    session.flush()
    return story


def add_article_to_story(
    session: Session,
    story: Story,
    article_id: int,
    *,
    similarity: float,
    title: str,
    signature: dict[str, Any],
    seen_at: datetime,
    outlet_count: int,
    quote_count: int,
    revision: int,
    now: datetime,
    extra_articles: int = 0,
) -> None:
    """Link the article and store the story's counters and ``revision`` as the caller decided
    them (what makes a story an update is a news rule, not storage's).

    ``extra_articles`` counts articles moved in from merged stories along with this one.
    """
    session.add(StoryArticle(article_id=article_id, story_id=story.id, similarity=similarity))
    story.article_count += 1 + extra_articles
    story.outlet_count = outlet_count
    story.quote_count = quote_count
    story.title = title
    story.signature = signature
    story.last_seen_at = max(story.last_seen_at, seen_at)
    story.updated_at = now
    story.revision = revision
    session.flush()


def move_story_articles(session: Session, story: Story, *, into: Story) -> None:
    """Move every article of ``story`` into ``into`` and delete ``story`` (a merge): one
    statement, however many articles it holds."""
    session.execute(
        update(StoryArticle)
        .where(StoryArticle.story_id == story.id)
        .values(story_id=into.id)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.expire(story, ["articles"])
    session.delete(story)
    session.flush()


def view_members(session: Session, story_ids: Sequence[int], *, limit: int) -> list[int]:
    """The article ids a view of these stories (one story, or several being merged) is built
    from: all of them up to ``limit``; beyond it a bounded sample, so that placing an article
    in a story of 10,000 costs what it costs in one of ``limit``. The sample keeps what a
    reader sees: the first and the latest article, each outlet's best-matching one, then the
    best-matching others."""
    ids = list(story_ids)
    if not ids:
        return []
    linked = StoryArticle.story_id.in_(ids)
    total = session.scalar(select(func.count()).select_from(StoryArticle).where(linked)) or 0
    if total <= limit:
        rows = session.execute(
            select(StoryArticle.story_id, StoryArticle.article_id)
            .where(linked)
            .order_by(StoryArticle.article_id)
        ).all()
        order = {story_id: rank for rank, story_id in enumerate(ids)}
        return [a for _, a in sorted(rows, key=lambda row: (order[row[0]], row[1]))]
    seen = func.coalesce(Article.published_at, Article.fetched_at)
    members = select(StoryArticle.article_id).join(Article, Article.id == StoryArticle.article_id)
    members = members.where(linked)
    first = members.order_by(seen.asc(), Article.id.asc()).limit(1)
    latest = members.order_by(seen.desc(), Article.id.desc()).limit(1)
    best = StoryArticle.similarity.desc(), StoryArticle.article_id.desc()
    ranked = (
        select(
            StoryArticle.article_id,
            StoryArticle.similarity,
            func.row_number().over(partition_by=Article.outlet, order_by=best).label("rank"),
        )
        .join(Article, Article.id == StoryArticle.article_id)
        .where(linked)
        .subquery()
    )
    per_outlet = (
        select(ranked.c.article_id)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.similarity.desc(), ranked.c.article_id.desc())
        .limit(limit)
    )
    others = select(StoryArticle.article_id).where(linked).order_by(*best).limit(limit)
    chosen = dict.fromkeys(
        article_id
        for query in (first, latest, per_outlet, others)
        for article_id in session.scalars(query)
    )
    return list(chosen)[:limit]


def member_facts(session: Session, article_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(article id, similarity to its story, outlet, publication or fetch time) of each linked
    article among ``article_ids``: what choosing a story's sample looks at."""
    if not article_ids:
        return []
    rows = session.execute(
        select(
            StoryArticle.article_id,
            StoryArticle.similarity,
            Article.outlet,
            func.coalesce(Article.published_at, Article.fetched_at),
        )
        .join(Article, Article.id == StoryArticle.article_id)
        .where(StoryArticle.article_id.in_(list(article_ids)))
    )
    return [tuple(row) for row in rows]


def story_ids_for_articles(session: Session, article_ids: Sequence[int]) -> dict[int, int]:
    """article id -> story id for the given articles."""
    if not article_ids:
        return {}
    rows = session.execute(
        select(StoryArticle.article_id, StoryArticle.story_id).where(
            StoryArticle.article_id.in_(list(article_ids))
        )
    )
    return {article_id: story_id for article_id, story_id in rows}


def articles_of_stories(session: Session, story_ids: Sequence[int]) -> dict[int, list[int]]:
    """story id -> its article ids, for the given stories."""
    found: dict[int, list[int]] = {story_id: [] for story_id in story_ids}
    if not found:
        return found
    rows = session.execute(
        select(StoryArticle.story_id, StoryArticle.article_id)
        .where(StoryArticle.story_id.in_(list(found)))
        .order_by(StoryArticle.story_id, StoryArticle.article_id)
    )
    for story_id, article_id in rows:
        found[story_id].append(article_id)
    return found


def stored_views(session: Session, story_ids: Sequence[int]) -> dict[int, StoryViewRecord]:
    """story id -> its stored view, for those of the given stories that have one."""
    if not story_ids:
        return {}
    rows = session.scalars(
        select(StoryViewRecord).where(StoryViewRecord.story_id.in_(list(story_ids)))
    )
    return {row.story_id: row for row in rows}


def save_view(
    session: Session,
    story_id: int,
    *,
    version: str,
    revision: int,
    data: dict[str, Any] | None,
    now: datetime,
) -> None:
    """Store (or replace) a story's view; one clustering process writes at a time (its lease)."""
    row = session.get(StoryViewRecord, story_id)
    if row is None:
        row = StoryViewRecord(story_id=story_id)
        session.add(row)
    row.version, row.revision, row.data, row.built_at = version, revision, data, now
    session.flush()


def stories_without_view(
    session: Session, *, version: str, since: datetime, limit: int
) -> list[Story]:
    """Stories active since ``since`` whose view is missing, of another version or revision,
    newest first: what the next clustering run builds."""
    stmt = (
        select(Story)
        .outerjoin(StoryViewRecord, StoryViewRecord.story_id == Story.id)
        .where(Story.updated_at >= since)
        .where(
            or_(
                StoryViewRecord.story_id.is_(None),
                StoryViewRecord.version != version,
                StoryViewRecord.revision != Story.revision,
            )
        )
        .order_by(Story.updated_at.desc(), Story.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def forget_story_view(session: Session, story_id: int) -> None:
    """Drop one story's stored view."""
    session.execute(
        delete(StoryViewRecord)
        .where(StoryViewRecord.story_id == story_id)
        .execution_options(synchronize_session="fetch")
    )


def forget_views(session: Session, article_ids: Sequence[int] | Select[Any]) -> None:
    """Drop the views of the stories holding these articles (ids, or a query of them): what
    they show has changed."""
    if isinstance(article_ids, Sequence):
        if not article_ids:
            return
        article_ids = list(article_ids)
    holding = select(StoryArticle.story_id).where(StoryArticle.article_id.in_(article_ids))
    session.execute(
        delete(StoryViewRecord)
        .where(StoryViewRecord.story_id.in_(holding))
        .execution_options(synchronize_session="fetch")
    )


class ArticleBundle:
    """An article with every stored piece of its analysis, loaded in a few queries."""

    __slots__ = ("analysis", "article", "events", "mentions", "quotes", "sentences")

    def __init__(self, article: Article, analysis: Analysis) -> None:
        self.article = article
        self.analysis = analysis
        self.sentences: list[ArticleSentence] = []
        self.mentions: list[tuple[Mention, Person]] = []
        self.quotes: list[Quote] = []
        self.events: list[Event] = []


def article_bundles(session: Session, article_ids: Sequence[int]) -> list[ArticleBundle]:
    """Bundles for analysed articles among ``article_ids``, in the order asked."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return []
    rows = session.execute(
        select(Article, Analysis)
        .join(Analysis, Analysis.article_id == Article.id)
        .where(Article.id.in_(ids))
        .options(selectinload(Article.source))
    ).all()
    bundles = {article.id: ArticleBundle(article, analysis) for article, analysis in rows}
    for sentence in session.scalars(
        select(ArticleSentence)
        .where(ArticleSentence.article_id.in_(ids))
        .order_by(ArticleSentence.article_id, ArticleSentence.position)
    ):
        bundles[sentence.article_id].sentences.append(sentence)
    for mention, person in session.execute(
        select(Mention, Person)
        .join(Person, Person.id == Mention.person_id)
        .where(Mention.article_id.in_(ids))
        .options(selectinload(Person.aliases))
        .order_by(Mention.article_id, Mention.first_position)
    ):
        bundles[mention.article_id].mentions.append((mention, person))
    for quote in session.scalars(
        select(Quote).where(Quote.article_id.in_(ids)).order_by(Quote.article_id, Quote.position)
    ):
        bundles[quote.article_id].quotes.append(quote)
    for event in session.scalars(
        select(Event).where(Event.article_id.in_(ids)).order_by(Event.article_id, Event.position)
    ):
        bundles[event.article_id].events.append(event)
    return [bundles[i] for i in ids if i in bundles]


def sent_revisions(session: Session, subscriber_id: int) -> dict[int, int]:
    """story id -> revision last sent to this subscriber."""
    rows = session.execute(
        select(SubscriberStory.story_id, SubscriberStory.revision).where(
            SubscriberStory.subscriber_id == subscriber_id
        )
    )
    return {story_id: revision for story_id, revision in rows}
