"""Bring analysis and stories up to date for stored articles.

spaCy runs outside any transaction; each batch is written in one short transaction. An article
whose analysis raises is recorded as failed (``analysis_failures``) and tried again with backoff,
``MAX_ANALYSIS_ATTEMPTS`` times in all; then it is given up on, and ``newsdigest status`` says so.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from digests.analysis.analyze import analyze_batch
from digests.analysis.identity import person_keys, same_person
from digests.analysis.models import ANALYSIS_VERSION, ArticleAnalysis, ArticleInput, PersonFound
from digests.analysis.names import names_match, normalize_name
from digests.jobs.convert import article_input, story_input
from digests.sources.backoff import next_check_at, should_disable
from digests.stories.clustering import (
    MAX_CANDIDATES,
    merge_signatures,
    new_signature,
    place_article,
    update_signature,
)
from digests.stories.exceptions import SignatureError
from digests.stories.models import StoryArticleInput, StorySignature
from digests.stories.story import merge_quotes, story_title
from storage.analysis import (
    EventRow,
    MentionRow,
    QuoteRow,
    add_alias,
    claim_articles_for_analysis,
    create_person,
    failed_attempts,
    people_by_alias_keys,
    record_analysis_failure,
    replace_analysis,
)
from storage.engine import transaction
from storage.leases import acquire_lease, release_lease
from storage.models import Person, Story
from storage.people import alias_keys_like
from storage.stories import (
    add_article_to_story,
    article_bundles,
    articles_without_story,
    create_story,
    move_story_articles,
    recent_stories,
    stories_by_ids,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ANALYSIS_RETRY_BASE",
    "MAX_ANALYSIS_ATTEMPTS",
    "PipelineReport",
    "analyze_pending",
    "cluster_pending",
    "process_pending",
    "worker_name",
]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
CLUSTERING_LEASE = "clustering"
# A crashed analysis is tried this many times in all, 2, then 4 minutes apart, then given up on.
MAX_ANALYSIS_ATTEMPTS = 3
ANALYSIS_RETRY_BASE = timedelta(minutes=1)
# Stored names looked at for spelling variants of one new name.
_MAX_VARIANTS = 50


@dataclass(frozen=True, slots=True)
class PipelineReport:
    analyzed: int
    placed: int
    new_stories: int


def _as_found(person: Person) -> PersonFound:
    aliases = tuple(a.alias for a in person.aliases)
    return PersonFound(person.name, aliases, person.role, 0, 0)


def _spelling_variants(session: Session, keys: frozenset[str]) -> set[str]:
    """Stored full names with the same given names and a surname spelt otherwise ("Saeb Erakat"
    for "Saeb Erekat"): transliterations of one name across outlets."""
    full = [k for k in keys if len(k.split()) > 1]
    prefixes = sorted({" ".join(k.split()[:-1]) + " " for k in full})
    stored = alias_keys_like(session, prefixes, limit=_MAX_VARIANTS) if prefixes else []
    return {k for k in stored if k not in keys and any(names_match(k, f) for f in full)}


def _resolve_person(session: Session, found: PersonFound) -> Person:
    """The stored person ``found`` refers to, created when nobody matches."""
    keys = person_keys(found)
    surnames = {k.split()[-1] for k in keys}
    candidates = people_by_alias_keys(session, keys | surnames | _spelling_variants(session, keys))
    match = next((p for p in candidates if same_person(_as_found(p), found)), None)
    if match is None:
        match = create_person(
            session, name=found.name, key=normalize_name(found.name), role=found.role
        )
    elif found.role and not match.role:
        match.role = found.role
    for alias in dict.fromkeys((found.name, *found.aliases)):
        key = normalize_name(alias)
        if key:
            add_alias(session, match, alias=alias, key=key)
    return match


def _store(session: Session, article_id: int, result: ArticleAnalysis) -> None:
    person_ids: dict[str, int] = {}
    mentions = []
    for found in result.people:
        person = _resolve_person(session, found)
        for alias in (found.name, *found.aliases):
            person_ids[normalize_name(alias)] = person.id
        mentions.append(
            MentionRow(person.id, found.name, found.role, found.mentions, found.first_position)
        )
    quotes = [
        QuoteRow(
            person_id=person_ids.get(normalize_name(q.speaker)) if q.speaker else None,
            speaker=q.speaker,
            text=q.text,
            kind=str(q.kind),
            position=q.position,
            sentence=q.sentence,
            score=q.score,
        )
        for q in result.quotes
    ]
    events = [
        EventRow(str(e.date), e.date.start, str(e.date.precision), e.text, e.position)
        for e in result.events
    ]
    replace_analysis(
        session,
        article_id,
        version=result.version,
        language=result.language,
        is_english=result.is_english,
        method=result.method,
        sentences=[s.text for s in result.sentences],
        summary=result.summary,
        features={
            "terms": result.terms,
            "entities": list(result.entities),
            "keywords": result.keywords,
        },
        mentions=mentions,
        quotes=quotes,
        events=events,
    )


def worker_name() -> str:
    """A name unique to this process, for claims and leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _analyze(
    nlp: Language, inputs: list[ArticleInput], *, method: str, sentences: int
) -> list[ArticleAnalysis | Exception]:
    """One result per input, in order: its analysis, or the exception its analysis raised."""
    results: list[ArticleAnalysis | Exception] = []
    try:
        results.extend(
            analyze_batch(nlp, inputs, method=method, sentences=sentences, raise_errors=True)
        )
    except Exception:  # whatever spaCy or an analyser raised: pinned down to its article below
        for item in inputs[len(results) :]:
            try:
                results.extend(
                    analyze_batch(
                        nlp, [item], method=method, sentences=sentences, raise_errors=True
                    )
                )
            except Exception as exc:  # recorded as the article's failure, not swallowed
                results.append(exc)
    return results


def _record_failure(session: Session, article_id: int, exc: Exception, *, now: datetime) -> None:
    attempts = failed_attempts(session, article_id, version=ANALYSIS_VERSION) + 1
    give_up = should_disable(attempts, MAX_ANALYSIS_ATTEMPTS)
    error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    record_analysis_failure(
        session,
        article_id,
        version=ANALYSIS_VERSION,
        attempts=attempts,
        error=error,
        now=now,
        retry_at=None if give_up else next_check_at(now, attempts, ANALYSIS_RETRY_BASE),
    )
    if give_up:
        log.error(
            "analysis of article %d failed %d times, given up: %s", article_id, attempts, error
        )
    else:
        log.warning("analysis of article %d failed (attempt %d): %s", article_id, attempts, error)


def analyze_pending(
    sessions: sessionmaker[Session],
    nlp: Language,
    *,
    method: str,
    sentences: int,
    batch_size: int = 50,
    worker: str | None = None,
    claim_for: timedelta = timedelta(minutes=10),
    progress: Progress | None = None,
    now: datetime | None = None,
) -> int:
    """Analyse every article without a current analysis; returns how many were analysed.

    Articles are claimed in the database first, so any number of workers can run this at once
    without analysing an article twice; a worker that dies leaves claims that expire. An article
    whose analysis raises is recorded as failed and comes back after its backoff.
    """
    worker = worker or worker_name()
    done = 0
    while True:
        moment = now or datetime.now(UTC)
        with transaction(sessions) as session:
            pending = claim_articles_for_analysis(
                session,
                version=ANALYSIS_VERSION,
                worker=worker,
                now=moment,
                until=moment + claim_for,
                limit=batch_size,
            )
            work = [(a.id, article_input(a)) for a in pending]
        if not work:
            return done
        results = _analyze(nlp, [inp for _, inp in work], method=method, sentences=sentences)
        analysed = 0
        with transaction(sessions) as session:
            for (article_id, _), result in zip(work, results, strict=True):
                if isinstance(result, Exception):
                    _record_failure(session, article_id, result, now=moment)
                else:
                    _store(session, article_id, result)
                    analysed += 1
        for (article_id, _), result in zip(work, results, strict=True):
            if not isinstance(result, Exception):
                log.info("analysed article %d (worker %s)", article_id, worker)
        done += analysed
        if progress:
            progress(len(work))


def _signature(session: Session, story: Story) -> StorySignature | None:
    """The story's stored signature; an outdated or malformed one is rebuilt from its articles."""
    try:
        return StorySignature.from_json(story.signature)
    except SignatureError as exc:  # an older layout or a damaged row: fold the members in again
        log.info("story %d: %s; signature rebuilt from its articles", story.id, exc)
        members = article_bundles(session, [link.article_id for link in story.articles])
        signature = None
        for bundle in members:
            signature = update_signature(signature, story_input(bundle))
        if signature is not None:
            story.signature = signature.to_json()
        return signature


def cluster_pending(
    sessions: sessionmaker[Session],
    *,
    threshold: float,
    window_days: int,
    max_candidates: int = MAX_CANDIDATES,
    batch_size: int = 100,
    worker: str | None = None,
    lease_for: timedelta = timedelta(minutes=1),
    now: datetime | None = None,
) -> tuple[int, int]:
    """Place analysed articles into stories; returns (placed, new stories).

    Placement is order-dependent, so one process at a time holds the "clustering" lease; the
    others return at once; the lease is renewed every batch, so a dead holder blocks clustering
    for at most ``lease_for``. Candidates are the stories seen within the window before the
    article, so placing an article costs the same however many stories are stored.
    """
    worker = worker or worker_name()
    placed = created = 0
    while True:
        moment = now or datetime.now(UTC)
        with transaction(sessions) as session:
            if not acquire_lease(session, CLUSTERING_LEASE, worker, now=moment, ttl=lease_for):
                return placed, created
        with transaction(sessions) as session:
            pending = articles_without_story(session, limit=batch_size)
            for bundle in article_bundles(session, [a.id for a in pending]):
                item = story_input(bundle)
                # One odd article must not stop clustering for all: if it cannot be compared
                # with the candidates, it starts a story of its own (no candidates).
                for candidates in (max_candidates, 0):
                    try:
                        with session.begin_nested():
                            was_new = _place(
                                session,
                                item,
                                threshold=threshold,
                                window=timedelta(days=window_days),
                                max_candidates=candidates,
                                now=moment,
                            )
                        break
                    except Exception:
                        if not candidates:
                            raise
                        log.exception("article %s could not be compared", item.article_id)
                placed += 1
                created += int(was_new)
        if not pending:
            with transaction(sessions) as session:
                release_lease(session, CLUSTERING_LEASE, worker)
            return placed, created


def _distinct_quotes(members: list[StoryArticleInput]) -> int:
    """Statements in the story, however many outlets reported each: what "grew" counts."""
    return len(merge_quotes(members, max_quotes=10_000))


def _place(
    session: Session,
    item: StoryArticleInput,
    *,
    threshold: float,
    window: timedelta,
    max_candidates: int,
    now: datetime,
) -> bool:
    """Place one article (``place_article`` over the window's newest stories); True if new."""
    seen = item.seen_at or now
    try:
        since = seen - window
    except OverflowError:  # a stored date near year 1: every story is recent enough
        since = datetime.min.replace(tzinfo=UTC)
    stories = {s.id: s for s in recent_stories(session, since=since, limit=max_candidates)}
    signatures = {
        story_id: signature
        for story_id, signature in (
            (story_id, _signature(session, story)) for story_id, story in stories.items()
        )
        if signature is not None
    }
    placement = place_article(item, signatures, threshold=threshold, window=window)
    if placement.is_new or placement.story_id not in signatures:
        signature = new_signature(item)
        story = create_story(
            session,
            title=story_title([item]),
            signature=signature.to_json(),
            seen_at=seen,
        )
        add_article_to_story(
            session,
            story,
            item.article_id,
            similarity=1.0,
            title=story.title,
            signature=signature.to_json(),
            seen_at=seen,
            outlet_count=1,
            quote_count=_distinct_quotes([item]),
            now=now,
        )
        return True
    story = stories_by_ids(session, [placement.story_id])[0]
    signature = update_signature(signatures[placement.story_id], item)
    absorbed = stories_by_ids(session, placement.merge_ids)
    for other in absorbed:
        signature = merge_signatures(signature, signatures[other.id])
    member_ids = [a.article_id for s in (story, *absorbed) for a in s.articles]
    members = [story_input(b) for b in article_bundles(session, member_ids)]
    members.append(item)
    for other in absorbed:
        # The article showed both stories tell one event: the older story takes the other in.
        move_story_articles(session, other, into=story)
        log.info("story %d merged into story %d by article %d", other.id, story.id, item.article_id)
    add_article_to_story(
        session,
        story,
        item.article_id,
        similarity=placement.similarity,
        title=story_title(members),
        signature=signature.to_json(),
        seen_at=max([seen, *(s.last_seen_at for s in absorbed)]),
        outlet_count=len({m.outlet_label for m in members}),
        quote_count=_distinct_quotes(members),
        now=now,
        extra_articles=sum(s.article_count for s in absorbed),
    )
    return False


def process_pending(
    sessions: sessionmaker[Session],
    nlp: Language,
    *,
    method: str,
    sentences: int,
    threshold: float,
    window_days: int,
    progress: Progress | None = None,
) -> PipelineReport:
    """Analyse, then cluster, whatever is new."""
    analyzed = analyze_pending(sessions, nlp, method=method, sentences=sentences, progress=progress)
    placed, created = cluster_pending(sessions, threshold=threshold, window_days=window_days)
    log.info("pipeline: %d analysed, %d placed, %d new stories", analyzed, placed, created)
    return PipelineReport(analyzed=analyzed, placed=placed, new_stories=created)
