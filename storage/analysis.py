"""Stored analysis: sentences, summaries, people and aliases, mentions, quotes, events.

Mentions and quotes arrive as the small dataclasses below, sentences and events as rows of their
own tables (``digests.jobs.convert`` maps the analysis to them and back, in one place), so
storage stays ignorant of the analysers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import (
    Analysis,
    AnalysisFailure,
    Article,
    ArticleSentence,
    Event,
    Mention,
    Person,
    PersonAlias,
    Quote,
    StoryArticle,
)
from storage.stories import forget_views

__all__ = [
    "MentionRow",
    "QuoteRow",
    "add_alias",
    "articles_in_progress",
    "claim_articles_for_analysis",
    "create_person",
    "failed_attempts",
    "finish_claim",
    "lock_identities",
    "people_by_alias_keys",
    "record_analysis_failure",
    "renew_claims",
    "replace_analysis",
]


@dataclass(frozen=True, slots=True)
class MentionRow:
    person_id: int
    name: str
    role: str | None
    count: int
    first_position: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    person_id: int | None
    speaker: str | None
    text: str
    kind: str
    position: int
    sentence: str
    score: float


def _without_analysis(query: Select[Any], version: int) -> Select[Any]:
    """Articles with no analysis by ``version``, joined to their failure record (if any) for
    the caller's retry rule."""
    return (
        query.outerjoin(Analysis, Analysis.article_id == Article.id)
        .outerjoin(AnalysisFailure, AnalysisFailure.article_id == Article.id)
        .where((Analysis.article_id.is_(None)) | (Analysis.version < version))
    )


def claim_articles_for_analysis(
    session: Session, *, version: int, worker: str, now: datetime, until: datetime, limit: int
) -> list[Article]:
    """Claim up to ``limit`` articles needing analysis for ``worker`` until ``until``.

    An article whose analysis failed waits for its ``retry_at`` (for ever once given up, until a
    newer analyser ``version``). PostgreSQL skips rows another worker has locked; everywhere, a
    conditional UPDATE makes the claim, so two workers can never both hold an article. The
    UPDATE looks again for a current analysis: on SQLite the candidates are read before the
    write lock is taken, and a slow worker may have stored its result in between.
    """
    stmt = (
        _without_analysis(select(Article), version)
        .where(
            or_(
                AnalysisFailure.article_id.is_(None),
                AnalysisFailure.version < version,
                AnalysisFailure.retry_at <= now,
            )
        )
        .where(_claimable(now))
        .order_by(Article.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Article, skip_locked=True)
    current = exists().where(Analysis.article_id == Article.id, Analysis.version >= version)
    claimed = []
    for article in session.scalars(stmt).all():
        result = session.execute(
            update(Article)
            .where(Article.id == article.id, _claimable(now), ~current)
            .values(claimed_by=worker, claimed_until=until)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(article)
    return claimed


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(Article.claimed_until.is_(None), Article.claimed_until < now)


def renew_claims(
    session: Session, article_ids: Sequence[int], *, worker: str, until: datetime
) -> set[int]:
    """Extend ``worker``'s claims on ``article_ids`` to ``until`` (the heartbeat of a batch
    under analysis); returns the ids it still holds: another worker may have taken the rest."""
    if not article_ids:
        return set()
    session.execute(
        update(Article)
        .where(Article.id.in_(list(article_ids)), Article.claimed_by == worker)
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    held = session.scalars(
        select(Article.id).where(Article.id.in_(list(article_ids)), Article.claimed_by == worker)
    )
    return set(held)


def finish_claim(session: Session, article_id: int, *, worker: str) -> bool:
    """End ``worker``'s claim on the article; False when it no longer holds it.

    The one gate before an analysis (or its failure) is written: a result is stored only in the
    transaction that ends its own live claim, so a worker that outlived its claim, and lost the
    article to another, writes nothing. On PostgreSQL the row lock this UPDATE takes (or waits
    for) orders it against the other worker's claim; on SQLite the write lock does.
    """
    result = session.execute(
        update(Article)
        .where(Article.id == article_id, Article.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# The key of the PostgreSQL advisory lock that orders writers of people and aliases.
_IDENTITY_LOCK = 0x6E657773


def lock_identities(session: Session) -> None:
    """Hold, until the transaction ends, the right to match and create people and aliases.

    Two workers storing articles about the same people at once would otherwise each look the
    people up, find nobody, and insert them: one waits on the other's uncommitted row and then
    fails on the unique key, or the two wait on each other (a deadlock), and spelling variants
    of one name become two people. Storing is a short transaction after a long analysis, so one
    at a time costs little. SQLite needs nothing: its first write (the claim's end) already
    holds the database's one write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_IDENTITY_LOCK)))


def articles_in_progress(session: Session, *, version: int, limit: int = 1000) -> int:
    """Articles on their way into a story: waiting for analysis by ``version`` (or for another
    try after a failure), or analysed and not yet placed; those given up on do not count.

    Counted up to ``limit``: "still reading" needs a number, not an exact census.
    """
    waiting = (
        _without_analysis(select(Article.id), version)
        .where(
            or_(
                AnalysisFailure.article_id.is_(None),
                AnalysisFailure.version < version,
                AnalysisFailure.retry_at.is_not(None),
            )
        )
        .limit(limit)
    )
    unplaced = (
        select(Article.id)
        .join(Analysis, Analysis.article_id == Article.id)
        .outerjoin(StoryArticle, StoryArticle.article_id == Article.id)
        .where(StoryArticle.article_id.is_(None))
        .limit(limit)
    )
    counted = 0
    for query in (waiting, unplaced):
        counted += int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    return min(counted, limit)


def people_by_alias_keys(session: Session, keys: Iterable[str]) -> list[Person]:
    """People any of whose alias keys is among ``keys``."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    stmt = (
        select(Person)
        .join(PersonAlias, PersonAlias.person_id == Person.id)
        .where(PersonAlias.key.in_(wanted))
        .distinct()
        .order_by(Person.id)
    )
    return list(session.scalars(stmt))


def create_person(session: Session, *, name: str, key: str) -> Person:
    """A new person with their canonical name as first alias (the role: ``_settle_roles``)."""
    person = Person(name=name, key=key)
    session.add(person)
    session.flush()
    add_alias(session, person, alias=name, key=key)
    return person


def add_alias(session: Session, person: Person, *, alias: str, key: str) -> None:
    """Record another name for ``person`` unless it is known already."""
    exists = session.scalar(
        select(PersonAlias.id).where(PersonAlias.person_id == person.id, PersonAlias.key == key)
    )
    if exists is None:
        session.add(PersonAlias(person_id=person.id, alias=alias, key=key))
        session.flush()


def replace_analysis(
    session: Session,
    article_id: int,
    *,
    version: int,
    language: str | None,
    is_english: bool,
    method: str,
    sentences: Sequence[ArticleSentence],
    summary: Sequence[int],
    features: dict[str, Any],
    mentions: Sequence[MentionRow],
    quotes: Sequence[QuoteRow],
    events: Sequence[Event],
) -> None:
    """Store one article's analysis, replacing whatever an earlier run left.

    ``sentences`` and ``events`` are new rows, not yet added, of no article yet. A story already
    holding the article is viewed anew (its stored view is forgotten). A worker stores only after
    ``finish_claim`` said the article is still its own.
    """
    forget_views(session, [article_id])
    for model in (ArticleSentence, Mention, Quote, Event, AnalysisFailure):
        session.execute(delete(model).where(model.article_id == article_id))
    session.execute(delete(Analysis).where(Analysis.article_id == article_id))
    session.add(
        Analysis(
            article_id=article_id,
            version=version,
            language=language,
            is_english=is_english,
            method=method,
            summary=list(summary),
            features=features,
        )
    )
    for sentence in sentences:
        sentence.article_id = article_id
    session.add_all(sentences)
    merged: dict[int, MentionRow] = {}
    for row in mentions:
        # Two names in one article can resolve to one stored person: keep one mention row.
        prior = merged.get(row.person_id)
        if prior is None:
            merged[row.person_id] = row
        else:
            merged[row.person_id] = MentionRow(
                person_id=row.person_id,
                name=prior.name,
                role=prior.role or row.role,
                count=prior.count + row.count,
                first_position=min(prior.first_position, row.first_position),
            )
    article = session.get(Article, article_id)
    seen = (article.published_at or article.fetched_at) if article is not None else None
    # Row dataclasses carry exactly the columns of their tables, bar the copied article time.
    session.add_all(
        Mention(article_id=article_id, seen_at=seen, **asdict(row)) for row in merged.values()
    )
    session.add_all(Quote(article_id=article_id, seen_at=seen, **asdict(row)) for row in quotes)
    for event in events:
        event.article_id = article_id
    session.add_all(events)
    session.flush()
    _settle_roles(session, [pid for pid, row in merged.items() if row.role])


def _settle_roles(session: Session, person_ids: Sequence[int]) -> None:
    """Each person's role becomes the one most of their mentions give (the latest on a tie).

    The first article to name someone may describe them oddly ("throwback Donald Trump"); the
    description most articles agree on is the one /who shows.
    """
    if not person_ids:
        return
    rows = session.execute(
        select(Mention.person_id, Mention.role, func.count(), func.max(Mention.seen_at))
        .where(Mention.person_id.in_(person_ids), Mention.role.is_not(None))
        .group_by(Mention.person_id, Mention.role)
    ).all()
    best: dict[int, tuple[int, str, str]] = {}
    for person_id, role, count, latest in rows:
        ranked = (int(count), latest.isoformat() if latest else "", str(role))
        if person_id not in best or ranked > best[person_id]:
            best[person_id] = ranked
    for person in session.scalars(select(Person).where(Person.id.in_(list(best)))):
        person.role = best[person.id][2]


def failed_attempts(session: Session, article_id: int, *, version: int) -> int:
    """How many times analyser ``version`` has failed on the article so far."""
    failure = session.get(AnalysisFailure, article_id)
    return failure.attempts if failure is not None and failure.version == version else 0


def record_analysis_failure(
    session: Session,
    article_id: int,
    *,
    version: int,
    attempts: int,
    error: str,
    now: datetime,
    retry_at: datetime | None,
) -> None:
    """Note a failed analysis (``retry_at`` None: given up), after ``finish_claim``."""
    failure = session.get(AnalysisFailure, article_id)
    if failure is None:
        failure = AnalysisFailure(article_id=article_id)
        session.add(failure)
    failure.version = version
    failure.attempts = attempts
    failure.error = error[:2000]
    failure.failed_at = now
    failure.retry_at = retry_at
    session.flush()
