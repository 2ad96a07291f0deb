"""The analysis job: every stored article without a current analysis, analysed and stored.

spaCy runs outside any transaction; each batch is written in one short transaction. An article
whose analysis raises is recorded as failed (``analysis_failures``) and tried again with backoff,
``MAX_ANALYSIS_ATTEMPTS`` times in all; then it is given up on, and ``newsdigest status`` says so.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from digests.analysis.analyze import analyze_batch
from digests.analysis.identity import person_keys, same_person
from digests.analysis.models import ANALYSIS_VERSION, ArticleAnalysis, ArticleInput, PersonFound
from digests.analysis.names import names_match, normalize_name
from digests.jobs.config import PipelineConfig
from digests.jobs.convert import article_input, event_row, sentence_row
from digests.jobs.heartbeat import Heartbeat
from digests.sources.backoff import next_check_at, should_disable
from storage.analysis import (
    MentionRow,
    QuoteRow,
    add_alias,
    claim_articles_for_analysis,
    create_person,
    failed_attempts,
    finish_claim,
    lock_identities,
    people_by_alias_keys,
    record_analysis_failure,
    renew_claims,
    replace_analysis,
)
from storage.engine import transaction
from storage.leases import worker_name
from storage.models import Person
from storage.people import alias_keys_like

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ANALYSIS_BATCH",
    "ANALYSIS_RETRY_BASE",
    "MAX_ANALYSIS_ATTEMPTS",
    "Progress",
    "analyze_pending",
]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
# A crashed analysis is tried this many times in all, 2, then 4 minutes apart, then given up on.
MAX_ANALYSIS_ATTEMPTS = 3
ANALYSIS_RETRY_BASE = timedelta(minutes=1)
# Articles claimed and analysed together: spaCy's pipe works in batches, and a small batch
# keeps a claimed article from waiting long behind its neighbours.
ANALYSIS_BATCH = 8
# Stored names looked at for spelling variants of one new name.
_MAX_VARIANTS = 50


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
        # Its role comes from its mentions, settled when the analysis is stored.
        match = create_person(session, name=found.name, key=normalize_name(found.name))
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
    replace_analysis(
        session,
        article_id,
        version=result.version,
        language=result.language,
        is_english=result.is_english,
        method=result.method,
        sentences=[sentence_row(s) for s in result.sentences],
        summary=result.summary,
        features={
            "terms": result.terms,
            "entities": list(result.entities),
            "keywords": result.keywords,
            # Read without spaCy when stories are built: how each candidate sentence reads
            # alone, and the headline made from the lead of an article without one.
            "traits": [asdict(t) for t in result.traits],
            "headline": result.headline,
        },
        mentions=mentions,
        quotes=quotes,
        events=[event_row(e) for e in result.events],
    )


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


def _renew(
    sessions: sessionmaker[Session], article_ids: list[int], *, worker: str, claim_for: timedelta
) -> None:
    """One beat: extend the batch's claims; say so when some were lost meanwhile."""
    with transaction(sessions) as session:
        held = renew_claims(
            session, article_ids, worker=worker, until=datetime.now(UTC) + claim_for
        )
    lost = sorted(set(article_ids) - held)
    if lost:
        log.warning("worker %s lost its claim on article(s) %s during analysis", worker, lost)


def analyze_pending(
    sessions: sessionmaker[Session],
    nlp: Language,
    config: PipelineConfig,
    *,
    batch_size: int = ANALYSIS_BATCH,
    worker: str | None = None,
    claim_for: timedelta = timedelta(minutes=10),
    progress: Progress | None = None,
    now: datetime | None = None,
) -> int:
    """Analyse every article without a current analysis; returns how many were analysed.

    Articles are claimed in the database first, so any number of workers can run this at once;
    a heartbeat renews the batch's claims while it is analysed, and each result is stored only
    in the transaction that ends the worker's own claim (``finish_claim``), so however slow a
    worker is, no article is analysed and stored twice: one that lost its claim (stopped past
    it, the article taken over) logs that and drops its result. A worker that dies leaves
    claims that expire. An article whose analysis raises is recorded as failed and comes back
    after its backoff.
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
        beat = Heartbeat(
            functools.partial(
                _renew, sessions, [i for i, _ in work], worker=worker, claim_for=claim_for
            ),
            every=claim_for.total_seconds() / 3,
            name=f"analysis claims of {worker}",
        )
        with beat:
            results = _analyze(
                nlp, [inp for _, inp in work], method=config.method, sentences=config.sentences
            )
        stored: list[int] = []
        with transaction(sessions) as session:
            lock_identities(session)
            for (article_id, _), result in zip(work, results, strict=True):
                if not finish_claim(session, article_id, worker=worker):
                    log.warning(
                        "article %d: claim lost to another worker during analysis; "
                        "result dropped (worker %s)",
                        article_id,
                        worker,
                    )
                    continue
                if isinstance(result, Exception):
                    _record_failure(session, article_id, result, now=moment)
                else:
                    _store(session, article_id, result)
                    stored.append(article_id)
        for article_id in stored:
            log.info("analysed article %d (worker %s)", article_id, worker)
        done += len(stored)
        if progress:
            progress(len(work))
