"""Bring analysis and stories up to date for stored articles: analyse, then cluster.

Clustering is order-dependent, so one process at a time holds the "clustering" lease; the
analysis job (``digests.jobs.analysis``) may run in any number of processes at once. Placing an
article stores its story's view (``digests.jobs.views``) in the same transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.analysis import Progress, analyze_pending
from digests.jobs.config import PipelineConfig
from digests.jobs.convert import story_input
from digests.jobs.views import refresh_views, store_view
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
from storage.engine import transaction
from storage.leases import acquire_lease, release_lease, worker_name
from storage.models import Story
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

__all__ = ["PipelineReport", "cluster_pending", "process_pending"]

log = logging.getLogger(__name__)

CLUSTERING_LEASE = "clustering"


@dataclass(frozen=True, slots=True)
class PipelineReport:
    """What one pass did: articles analysed, placed in stories, and stories started."""

    analyzed: int
    placed: int
    new_stories: int


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
    config: PipelineConfig,
    *,
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
                                threshold=config.threshold,
                                window=timedelta(days=config.window_days),
                                max_candidates=candidates,
                                max_quotes=config.max_quotes,
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
            # Placed stories stored their views; these went stale (an upgrade, a changed
            # article) and are built again, a batch per transaction, the lease renewed between.
            with transaction(sessions) as session:
                if refresh_views(session, max_quotes=config.max_quotes, now=moment):
                    continue
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
    max_quotes: int,
    now: datetime,
) -> bool:
    """Place one article (``place_article`` over the window's newest stories); True if new."""
    seen = item.seen_at or now
    try:
        since = seen - window
    except OverflowError:  # a stored date near year 1: every story is recent enough
        since = datetime.min.replace(tzinfo=UTC)
    signatures = {
        story.id: signature
        for story in recent_stories(session, since=since, limit=max_candidates)
        if (signature := _signature(session, story)) is not None
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
        store_view(session, story, [item], max_quotes=max_quotes, now=now)
        return True
    story, *absorbed = stories_by_ids(session, [placement.story_id, *placement.merge_ids])
    signature = update_signature(signatures[placement.story_id], item)
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
    # The members loaded for the title and the counts make the story's view, stored once here
    # (the absorbed stories' views went with them).
    store_view(session, story, members, max_quotes=max_quotes, now=now)
    return False


def process_pending(
    sessions: sessionmaker[Session],
    nlp: Language,
    config: PipelineConfig,
    *,
    worker: str | None = None,
    claim_for: timedelta = timedelta(minutes=10),
    progress: Progress | None = None,
) -> PipelineReport:
    """Analyse, then cluster, whatever is new."""
    worker = worker or worker_name()
    analyzed = analyze_pending(
        sessions, nlp, config, worker=worker, claim_for=claim_for, progress=progress
    )
    placed, created = cluster_pending(sessions, config, worker=worker)
    log.info("pipeline: %d analysed, %d placed, %d new stories", analyzed, placed, created)
    return PipelineReport(analyzed=analyzed, placed=placed, new_stories=created)
