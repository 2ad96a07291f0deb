"""Queries on sources: add, list, remove, which are due, and the outcome of each poll."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from storage.errors import AlreadyExists
from storage.models import Article, Source, SourceFile
from storage.stories import forget_views

__all__ = [
    "add_source",
    "count_articles_by_source",
    "due_sources",
    "file_stamps",
    "get_source",
    "get_source_by_location",
    "list_sources",
    "record_failure",
    "record_file_stamps",
    "record_success",
    "remove_source",
]


def add_source(session: Session, *, kind: str, location: str, title: str | None = None) -> Source:
    """Store a new source, due at once; AlreadyExists if the location is already a source."""
    existing = get_source_by_location(session, location)
    if existing is not None:
        raise AlreadyExists(f"already a source (id {existing.id}): {location}")
    source = Source(kind=kind, location=location, title=title, enabled=True, error_count=0)
    session.add(source)
    session.flush()
    return source


def get_source(session: Session, source_id: int) -> Source | None:
    """The source with this id, or None."""
    return session.get(Source, source_id)


def get_source_by_location(session: Session, location: str) -> Source | None:
    """The source at this URL or path, or None."""
    return session.scalars(select(Source).where(Source.location == location)).first()


def list_sources(session: Session) -> Sequence[Source]:
    """Every source, oldest first."""
    return session.scalars(select(Source).order_by(Source.id)).all()


def count_articles_by_source(session: Session) -> dict[int, int]:
    """Source id -> number of stored articles."""
    rows = session.execute(
        select(Article.source_id, func.count(Article.id)).group_by(Article.source_id)
    ).all()
    return {source_id: count for source_id, count in rows}


def remove_source(session: Session, source_id: int) -> int | None:
    """Delete a source and (by cascade) its articles; the number of articles, or None if absent."""
    if session.get(Source, source_id) is None:
        return None
    articles = session.scalar(select(func.count(Article.id)).where(Article.source_id == source_id))
    # The stories these articles leave show something else now.
    forget_views(session, select(Article.id).where(Article.source_id == source_id))
    # Core deletes, so the database cascade does the work instead of loading every article.
    session.execute(delete(Article).where(Article.source_id == source_id))
    session.execute(delete(Source).where(Source.id == source_id))
    session.expunge_all()
    return int(articles or 0)


def due_sources(session: Session, now: datetime, *, limit: int | None = None) -> Sequence[Source]:
    """Enabled sources never checked or whose next check time has come, most overdue first."""
    query = (
        select(Source)
        .where(Source.enabled.is_(True))
        .where(or_(Source.next_check_at.is_(None), Source.next_check_at <= now))
        .order_by(Source.next_check_at.is_not(None), Source.next_check_at, Source.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def record_success(
    session: Session,
    source_id: int,
    *,
    now: datetime,
    next_check_at: datetime,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
) -> None:
    """A poll worked: clear the error streak (re-enabling the source) and set the next check."""
    values: dict[str, object] = {
        "error_count": 0,
        "last_error": None,
        "enabled": True,
        "disabled_reason": None,
        "last_checked_at": now,
        "last_success_at": now,
        "next_check_at": next_check_at,
        "etag": etag,
        "last_modified": last_modified,
    }
    if title:
        values["title"] = title[:512]
    session.execute(update(Source).where(Source.id == source_id).values(**values))


def record_failure(
    session: Session,
    source_id: int,
    *,
    now: datetime,
    reason: str,
    next_check_at: datetime,
    disable: bool = False,
) -> None:
    """A poll failed: count it, keep the reason, back off, and disable when told to."""
    values: dict[str, object] = {
        "error_count": Source.error_count + 1,
        "last_error": reason,
        "last_checked_at": now,
        "next_check_at": next_check_at,
    }
    if disable:
        values["enabled"] = False
        values["disabled_reason"] = reason
    session.execute(update(Source).where(Source.id == source_id).values(**values))


def file_stamps(session: Session, source_id: int) -> dict[str, tuple[int, int]]:
    """File name -> (size, modification time in ns) of each file this folder source has read."""
    rows = session.execute(
        select(SourceFile.name, SourceFile.size, SourceFile.mtime_ns).where(
            SourceFile.source_id == source_id
        )
    ).all()
    return {name: (size, mtime) for name, size, mtime in rows}


def record_file_stamps(
    session: Session,
    source_id: int,
    stamps: Mapping[str, tuple[int, int]],
    *,
    present: Collection[str],
) -> None:
    """Keep the stamps of the files just read, and forget files no longer there."""
    for names in _chunks(sorted(stamps)):
        session.execute(
            delete(SourceFile).where(SourceFile.source_id == source_id, SourceFile.name.in_(names))
        )
    if stamps:
        session.execute(
            insert(SourceFile),
            [
                {"source_id": source_id, "name": name, "size": size, "mtime_ns": mtime}
                for name, (size, mtime) in stamps.items()
            ],
        )
    known = set(file_stamps(session, source_id))
    for names in _chunks(sorted(known - set(present) - set(stamps))):
        session.execute(
            delete(SourceFile).where(SourceFile.source_id == source_id, SourceFile.name.in_(names))
        )


def _chunks(names: list[str], size: int = 500) -> Iterator[list[str]]:
    # Bound each IN list: a folder may lose thousands of files at once.
    for start in range(0, len(names), size):
        yield names[start : start + size]
