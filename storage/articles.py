"""Queries on articles: store one with dedupe, count and list them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.base import storable
from storage.models import Article, url_key
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
    # From a source on the link's own site (the outlet itself): see ``upsert_article``.
    first_party: bool = False


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


# Each column's length: a value is compared with the stored one as the column keeps it.
_LENGTHS = {c.name: getattr(c.type, "length", None) for c in Article.__table__.columns}


def _values(data: ArticleData) -> dict[str, object]:
    """The row's values as the columns keep them (``storable``: cleaned and cut to length), so
    an over-long title compares equal to its stored self and is no update on every poll."""
    raw: dict[str, object] = {
        "url": data.url,
        "title": data.title,
        "outlet": data.outlet,
        "author": data.author,
        "published_at": data.published_at,
        "published_precision": data.published_precision,
        "language": data.language,
        "text": data.text,
        "content_hash": data.content_hash,
    }
    return {
        key: storable(value, _LENGTHS.get(key)) if isinstance(value, str) else value
        for key, value in raw.items()
    }


def _by_link(session: Session, canonical: str) -> Article | None:
    return session.scalars(
        select(Article).where(Article.canonical_hash == url_key(canonical))
    ).first()


def _by_text(session: Session, content_hash: str) -> Article | None:
    return session.scalars(select(Article).where(Article.content_hash == content_hash)).first()


def upsert_article(session: Session, data: ArticleData, *, now: datetime) -> UpsertResult:
    """Store ``data`` once: same canonical URL (the whole of it) or same text is the same article.

    A known link with a new title or text is an update; the same text under another link is
    unchanged (the first copy stays). An update never crosses sources: when the canonical URL
    is another source's article and the text differs, this source keeps its own copy (found
    again by its URL) and the other's stays as it was. One exception makes the outlet's own
    copy the article: a ``first_party`` copy (from a source on the link's own site) takes over
    a copy another source stored first, which is no outlet's own (a republishing feed's).
    """
    canonical = data.canonical_url or None
    existing = _by_link(session, canonical) if canonical else None
    if existing is None or existing.source_id != data.source_id:
        twin = existing if existing is not None else _by_text(session, data.content_hash)
        if (
            twin is not None
            and twin.source_id != data.source_id
            and data.first_party
            and not twin.first_party
        ):
            return _hand_over(session, twin, data, canonical, now=now)
    if existing is not None and existing.source_id != data.source_id:
        if existing.content_hash == data.content_hash:
            return UpsertResult(UpsertOutcome.UNCHANGED, existing.id)
        canonical = None
        existing = _own_copy(session, data)
    if existing is None:
        twin = _by_text(session, data.content_hash)
        if twin is not None:
            return UpsertResult(UpsertOutcome.UNCHANGED, twin.id)
        return _insert(session, data, canonical, now=now)
    return _update(session, existing, _values(data), now=now)


def _update(
    session: Session, existing: Article, values: dict[str, object], *, now: datetime
) -> UpsertResult:
    if values.get("content_hash", existing.content_hash) != existing.content_hash:
        clash = session.scalars(
            select(Article.id).where(Article.content_hash == values["content_hash"])
        ).first()
        if clash is not None:
            # The new text is already stored as another article: keep this one's text.
            for key in ("text", "content_hash"):
                values.pop(key)
    changed = {
        k: v
        for k, v in values.items()
        if (k in _UPDATABLE or k in _OWNER) and v is not None and getattr(existing, k) != v
    }
    if not changed:
        return UpsertResult(UpsertOutcome.UNCHANGED, existing.id)
    for key, value in changed.items():
        setattr(existing, key, value)
    existing.updated_at = now
    session.flush()
    forget_views(session, [existing.id])
    return UpsertResult(UpsertOutcome.UPDATED, existing.id)


# What a hand-over changes besides the updatable fields: whose article it is, under which link.
_OWNER = ("source_id", "first_party", "canonical_url", "canonical_hash")


def _hand_over(
    session: Session, article: Article, data: ArticleData, canonical: str | None, *, now: datetime
) -> UpsertResult:
    """The outlet's own copy takes over the row another source stored first.

    The row keeps its id (so its stories, analysis and deliveries stay whole) and becomes the
    outlet's: its source, link, title, outlet name, author, date and text.
    """
    values = _values(data)
    values["source_id"] = data.source_id
    values["first_party"] = True
    if canonical and _by_link(session, canonical) in (None, article):
        values["canonical_url"] = canonical
        values["canonical_hash"] = url_key(canonical)
    return _update(session, article, values, now=now)


def _own_copy(session: Session, data: ArticleData) -> Article | None:
    """This source's article stored without a canonical URL under the same link, if any."""
    if not data.url:
        return None
    return session.scalars(
        select(Article)
        .where(Article.source_id == data.source_id)
        .where(Article.url == data.url)
        .where(Article.canonical_hash.is_(None))
        .order_by(Article.id)
    ).first()


def _insert(
    session: Session, data: ArticleData, canonical: str | None, *, now: datetime
) -> UpsertResult:
    article = Article(
        source_id=data.source_id,
        canonical_url=canonical,
        canonical_hash=url_key(canonical) if canonical else None,
        first_party=data.first_party,
        fetched_at=now,
        **_values(data),
    )
    try:
        # A savepoint, so a concurrent writer's identical article costs this row, not the batch.
        with session.begin_nested():
            session.add(article)
    except IntegrityError:
        twin = session.scalars(
            select(Article.id).where(
                (Article.content_hash == data.content_hash)
                | (Article.canonical_hash == url_key(canonical) if canonical else False)
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
    """An article already stored under a link, the source it came from, and whether that source
    is on the link's own site."""

    id: int
    title: str | None
    source_id: int
    first_party: bool = False


def known_links(session: Session, links: Sequence[str]) -> dict[str, KnownLink]:
    """Link -> the article stored under it (as its URL or canonical URL), from any source."""
    wanted = {link for link in links if link}
    if not wanted:
        return {}
    keys = {url_key(link): link for link in wanted}
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            Article.source_id,
            Article.first_party,
            Article.url,
            Article.canonical_hash,
        ).where(Article.url.in_(sorted(wanted)) | Article.canonical_hash.in_(sorted(keys)))
    ).all()
    found: dict[str, KnownLink] = {}
    for article_id, title, source_id, first_party, url, key in rows:
        for link in (url, keys.get(key or "")):
            if link in wanted:
                found[link] = KnownLink(article_id, title, source_id, first_party)
    return found


def retitle_article(session: Session, article_id: int, title: str, *, now: datetime) -> bool:
    """Give a stored article a new title; False when it already had it."""
    article = session.get(Article, article_id)
    if article is None or article.title == storable(title, _LENGTHS["title"]):
        return False
    article.title = title
    article.updated_at = now
    session.flush()
    forget_views(session, [article_id])
    return True
