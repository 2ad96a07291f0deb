"""The news tables: sources and articles, their analysis, people, quotes, events and stories."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from storage.base import Base, BoundedString, CleanText, UTCDateTime, utcnow

__all__ = [
    "Analysis",
    "AnalysisFailure",
    "Article",
    "ArticleSentence",
    "Event",
    "Mention",
    "Person",
    "PersonAlias",
    "Quote",
    "Source",
    "SourceFile",
    "Story",
    "StoryArticle",
    "StoryViewRecord",
    "url_key",
]


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "feed", "page" or "path" (digests.sources.models.SourceKind).
    kind: Mapped[str] = mapped_column(BoundedString(16))
    location: Mapped[str] = mapped_column(BoundedString(2048), unique=True)
    title: Mapped[str | None] = mapped_column(BoundedString(512))
    etag: Mapped[str | None] = mapped_column(BoundedString(512))
    last_modified: Mapped[str | None] = mapped_column(BoundedString(128))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(CleanText)
    disabled_reason: Mapped[str | None] = mapped_column(CleanText)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


def url_key(url: str) -> str:
    """The identity of a link: SHA-256 of the whole of it (an index takes no 8,000 characters)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _canonical_hash(context: Any) -> str | None:
    url = context.get_current_parameters().get("canonical_url")
    return url_key(url) if url else None


class SourceFile(Base):
    """A file a folder source has read, as it was then: a poll reads only what changed."""

    __tablename__ = "source_files"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    # The file's name inside the folder (names are at most 255 bytes on common file systems).
    name: Mapped[str] = mapped_column(BoundedString(1024), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    # Links are kept whole: a cut link is another link (digests.sources.urls.MAX_LINK_CHARS).
    url: Mapped[str | None] = mapped_column(CleanText)
    canonical_url: Mapped[str | None] = mapped_column(CleanText)
    # SHA-256 of the whole canonical URL (storage.articles.url_key): the article's identity.
    canonical_hash: Mapped[str | None] = mapped_column(
        BoundedString(64), unique=True, default=_canonical_hash
    )
    # Stored by a source on the link's own site: no other source's copy replaces it.
    first_party: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    title: Mapped[str | None] = mapped_column(BoundedString(1024))
    outlet: Mapped[str | None] = mapped_column(BoundedString(256))
    author: Mapped[str | None] = mapped_column(BoundedString(512))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # "day", "month" or "year": how much of published_at the source actually gave.
    published_precision: Mapped[str | None] = mapped_column(BoundedString(8))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    language: Mapped[str | None] = mapped_column(BoundedString(16))
    text: Mapped[str] = mapped_column(CleanText)
    content_hash: Mapped[str] = mapped_column(BoundedString(64), unique=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A worker analysing this article holds it until then; an expired claim is free again.
    claimed_by: Mapped[str | None] = mapped_column(BoundedString(128))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    source: Mapped[Source] = relationship(back_populates="articles")
    analysis: Mapped[Analysis | None] = relationship(
        back_populates="article", cascade="all, delete-orphan", uselist=False
    )


class Analysis(Base):
    """One row per analysed article; ``version`` lets a newer analyser replace old rows."""

    __tablename__ = "analyses"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    analyzed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str | None] = mapped_column(BoundedString(16))
    is_english: Mapped[bool] = mapped_column(Boolean, default=True)
    method: Mapped[str] = mapped_column(BoundedString(32))
    # Sentence indexes (into article_sentences) of the summary, in article order.
    summary: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Features read without spaCy: clustering's lemma counts and entity keys, story building's
    # sentence traits and made headline; pure data, recomputable.
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    article: Mapped[Article] = relationship(back_populates="analysis")


class AnalysisFailure(Base):
    """An article whose analysis raised: retried with backoff, then given up (``retry_at`` NULL).

    The row goes when an analysis is stored; a newer analyser ``version`` tries again.
    """

    __tablename__ = "analysis_failures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(CleanText)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ArticleSentence(Base):
    __tablename__ = "article_sentences"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(CleanText)
    # Its character span in the analysed text (NULL in rows stored before migration 0011).
    start_char: Mapped[int | None] = mapped_column(Integer)
    end_char: Mapped[int | None] = mapped_column(Integer)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(BoundedString(256))
    # normalize_name(name): one function used when writing and when querying.
    key: Mapped[str] = mapped_column(BoundedString(256), unique=True)
    role: Mapped[str | None] = mapped_column(BoundedString(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )


class PersonAlias(Base):
    __tablename__ = "person_aliases"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(BoundedString(256))
    key: Mapped[str] = mapped_column(BoundedString(256), index=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class Mention(Base):
    """A person as they appear in one article: how often and with what role."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "person_id"),
        # "This person's newest articles" is an index walk, however famous the person.
        Index("ix_mentions_person_id_seen_at", "person_id", "seen_at"),
        # Covers "who is in these articles" (/who): read from the index alone.
        Index("ix_mentions_article_id_person_id_count", "article_id", "person_id", "count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # The article's publication (else fetch) time, copied here for the index above.
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    name: Mapped[str] = mapped_column(BoundedString(256))
    role: Mapped[str | None] = mapped_column(BoundedString(512))
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_position: Mapped[int] = mapped_column(Integer, default=0)


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (Index("ix_quotes_person_id_seen_at", "person_id", "seen_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # The article's publication (else fetch) time: "latest quote" reads one index.
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker: Mapped[str | None] = mapped_column(BoundedString(256))
    text: Mapped[str] = mapped_column(CleanText)
    kind: Mapped[str] = mapped_column(BoundedString(16))
    position: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(CleanText)
    score: Mapped[float] = mapped_column(Float, default=0.0)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    # "YYYY-MM-DD", "YYYY-MM" or "YYYY" as the text supports it.
    date_text: Mapped[str] = mapped_column(BoundedString(10))
    # First day of the period, for ordering and range queries.
    date_start: Mapped[date] = mapped_column(Date, index=True)
    precision: Mapped[str] = mapped_column(BoundedString(8))
    text: Mapped[str] = mapped_column(CleanText)
    position: Mapped[int] = mapped_column(Integer)
    # A range's last period ("from 1991 to 1997"); the expression as written, and its span.
    until_start: Mapped[date | None] = mapped_column(Date)
    until_precision: Mapped[str | None] = mapped_column(BoundedString(8))
    expression: Mapped[str | None] = mapped_column(CleanText)
    expression_start: Mapped[int | None] = mapped_column(Integer)
    expression_end: Mapped[int | None] = mapped_column(Integer)


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(BoundedString(1024))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Latest publication (or fetch) time among its articles: the story's place in time.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    outlet_count: Mapped[int] = mapped_column(Integer, default=0)
    quote_count: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped whenever the story grows (new outlet or new quote): drives "update" re-sends.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Clustering state (centroid terms, entity keys, dates); pure data owned by digests.stories.
    signature: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    articles: Mapped[list[StoryArticle]] = relationship(
        back_populates="story", cascade="all, delete-orphan"
    )


class StoryArticle(Base):
    __tablename__ = "story_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    story: Mapped[Story] = relationship(back_populates="articles")


class StoryViewRecord(Base):
    """A story's view as clustering last built it (``digests.stories.stored``; None: nothing to
    show), valid for its stored-form ``version`` and story ``revision``: digests read this."""

    __tablename__ = "story_views"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(BoundedString(64))
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
