"""Queries on articles: store one with dedupe, count and list them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Article
from storage.stories import forget_views

__all__ = [
    "ArticleData",
    "KnownLink",
    "UpsertOutcome",
    "UpsertResult",
    "count_articles",
    "known_links",
    "list_articles",
    "retitle_article",
    "upsert_article",
]


class UpsertOutcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class ArticleData:
    """An article ready to store; ``content_hash`` is the hash of its normalized text."""

    source_id: int
    text: str
    content_hash: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    published_precision: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class UpsertResult:
    outcome: UpsertOutcome
    article_id: int


# Fields a later fetch of the same link may change; source and fetch time stay as first seen.
_UPDATABLE = (
    "url",
    "title",
    "outlet",
    "author",
    "published_at",
    "published_precision",
    "language",
    "text",
    "content_hash",
)


def _clip(value: str | None, size: int) -> str | None:
    return value[:size] if value else value


def _values(data: ArticleData) -> dict[str, object]:
    return {
        "url": _clip(data.url, 2048),
        "title": _clip(data.title, 1024),
        "outlet": _clip(data.outlet, 256),
        "author": _clip(data.author, 512),
        "published_at": data.published_at,
        "published_precision": data.published_precision,
        "language": data.language,
        "text": data.text,
        "content_hash": data.content_hash,
    }


def upsert_article(session: Session, data: ArticleData, *, now: datetime) -> UpsertResult:
    """Store ``data`` once: same canonical URL or same text hash is the same article.

    A known link with a new title or text is an update; the same text under another link is
    unchanged (the first copy stays). An update never crosses sources: when the canonical URL
    is another source's article and the text differs, this source keeps its own copy (found
    again by its URL) and the other's stays as it was.
    """
    canonical = _clip(data.canonical_url, 2048)
    existing = None
    if canonical:
        existing = session.scalars(
            select(Article).where(Article.canonical_url == canonical)
        ).first()
    if existing is not None and existing.source_id != data.source_id:
        if existing.content_hash == data.content_hash:
            return UpsertResult(UpsertOutcome.UNCHANGED, existing.id)
        canonical = None
        existing = _own_copy(session, data)
    if existing is None:
        twin = session.scalars(
            select(Article).where(Article.content_hash == data.content_hash)
        ).first()
        if twin is not None:
            return UpsertResult(UpsertOutcome.UNCHANGED, twin.id)
        return _insert(session, data, canonical, now=now)
    values = _values(data)
    if values["content_hash"] != existing.content_hash:
        clash = session.scalars(
            select(Article.id).where(Article.content_hash == data.content_hash)
        ).first()
        if clash is not None:
            # The new text is already stored as another article: keep this one's text.
            for key in ("text", "content_hash"):
                values.pop(key)
    changed = {
        k: v
        for k, v in values.items()
        if k in _UPDATABLE and v is not None and getattr(existing, k) != v
    }
    if not changed:
        return UpsertResult(UpsertOutcome.UNCHANGED, existing.id)
    for key, value in changed.items():
        setattr(existing, key, value)
    existing.updated_at = now
    session.flush()
    forget_views(session, [existing.id])
    return UpsertResult(UpsertOutcome.UPDATED, existing.id)


def _own_copy(session: Session, data: ArticleData) -> Article | None:
    """This source's article stored without a canonical URL under the same link, if any."""
    url = _clip(data.url, 2048)
    if not url:
        return None
    return session.scalars(
        select(Article)
        .where(Article.source_id == data.source_id)
        .where(Article.url == url)
        .where(Article.canonical_url.is_(None))
        .order_by(Article.id)
    ).first()


def _insert(
    session: Session, data: ArticleData, canonical: str | None, *, now: datetime
) -> UpsertResult:
    article = Article(
        source_id=data.source_id, canonical_url=canonical, fetched_at=now, **_values(data)
    )
    try:
        # A savepoint, so a concurrent writer's identical article costs this row, not the batch.
        with session.begin_nested():
            session.add(article)
    except IntegrityError:
        twin = session.scalars(
            select(Article.id).where(
                (Article.content_hash == data.content_hash)
                | (Article.canonical_url == canonical if canonical else False)
            )
        ).first()
        if twin is None:
            raise
        return UpsertResult(UpsertOutcome.UNCHANGED, twin)
    return UpsertResult(UpsertOutcome.NEW, article.id)


def count_articles(session: Session, *, source_id: int | None = None) -> int:
    """How many articles are stored (for one source when given)."""
    query = select(func.count(Article.id))
    if source_id is not None:
        query = query.where(Article.source_id == source_id)
    return int(session.scalar(query) or 0)


def list_articles(session: Session, *, source_id: int | None = None) -> Sequence[Article]:
    """Stored articles, oldest first (for one source when given)."""
    query = select(Article).order_by(Article.id)
    if source_id is not None:
        query = query.where(Article.source_id == source_id)
    return session.scalars(query).all()


@dataclass(frozen=True, slots=True)
class KnownLink:
    """An article already stored under a link, and the source it came from."""

    id: int
    title: str | None
    source_id: int


def known_links(session: Session, links: Sequence[str]) -> dict[str, KnownLink]:
    """Link -> the article stored under it (as its URL or canonical URL), from any source."""
    wanted = [link[:2048] for link in links if link]
    if not wanted:
        return {}
    rows = session.execute(
        select(
            Article.id, Article.title, Article.source_id, Article.url, Article.canonical_url
        ).where(Article.url.in_(wanted) | Article.canonical_url.in_(wanted))
    ).all()
    found: dict[str, KnownLink] = {}
    for article_id, title, source_id, url, canonical in rows:
        for link in (url, canonical):
            if link in wanted:
                found[link] = KnownLink(article_id, title, source_id)
    return found


def retitle_article(session: Session, article_id: int, title: str, *, now: datetime) -> bool:
    """Give a stored article a new title; False when it already had it."""
    article = session.get(Article, article_id)
    if article is None or article.title == title[:1024]:
        return False
    article.title = title[:1024]
    article.updated_at = now
    session.flush()
    forget_views(session, [article_id])
    return True
