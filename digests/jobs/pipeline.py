"""Bring analysis and stories up to date for stored articles: analyse, then cluster.

Clustering is order-dependent, so one process at a time holds the "clustering" lease; the
analysis job (``digests.jobs.analysis``) may run in any number of processes at once. Placing an
article stores its story's view (``digests.jobs.views``) in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
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
from digests.stories.revision import StoryCounts, revision_after
from digests.stories.sample import Member, view_sample
from digests.stories.stored import stored_article_ids, view_key
from digests.stories.story import merge_quotes, story_title
from storage.engine import transaction
from storage.leases import acquire_lease, release_lease, worker_name
from storage.models import Story
from storage.stories import (
    add_article_to_story,
    article_bundles,
    articles_without_story,
    create_story,
    member_facts,
    move_story_articles,
    recent_stories,
    stored_views,
    stories_by_ids,
    view_members,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PipelineReport", "cluster_pending", "process_pending"]

log = logging.getLogger(__name__)

CLUSTERING_LEASE = "clustering"
# A dead holder blocks clustering this long at most; a live one renews it with every article.
CLUSTERING_LEASE_TTL = timedelta(minutes=1)
# Pending articles read at a time (each is then placed in a transaction of its own).
CLUSTERING_BATCH = 100
# Articles a story's view and title are built from: all of them up to this many, then a sample
# (``storage.stories.view_members``), so a story's size never sets the cost of placing.
VIEW_MEMBERS = 64


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
    worker: str | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Place analysed articles into stories; returns (placed, new stories).

    Placement is order-dependent, so one process at a time holds the "clustering" lease; the
    others return at once. Each article is placed in a transaction of its own that first renews
    the lease: a holder that stalled past it and lost it to another process writes nothing
    (the renewal fails, and it stops), and no write lock is held for longer than one article.
    Candidates are the stories seen within the window before the article, and a story's view is
    built from a bounded sample of its articles, so placing an article costs the same however
    many stories are stored and however big its story has grown.
    """
    worker = worker or worker_name()
    placed = created = 0

    while True:
        moment = now or datetime.now(UTC)
        with _holding_lease(sessions, worker, moment) as session:
            if session is None:
                return placed, created
            pending = [a.id for a in articles_without_story(session, limit=CLUSTERING_BATCH)]
        for article_id in pending:
            moment = now or datetime.now(UTC)
            with _holding_lease(sessions, worker, moment) as session:
                if session is None:
                    log.warning("clustering lease lost by %s; placing stops here", worker)
                    return placed, created
                was_new = _place_one(session, article_id, config, max_candidates, moment)
            if was_new is not None:
                placed += 1
                created += int(was_new)
        if not pending:
            # Placed stories stored their views; these went stale (an upgrade, a changed
            # article) and are built again, a batch per transaction, the lease renewed between.
            with _holding_lease(sessions, worker, moment) as session:
                if session is None:
                    return placed, created
                if refresh_views(session, max_quotes=config.max_quotes, now=moment):
                    continue
                release_lease(session, CLUSTERING_LEASE, worker)
            return placed, created


@contextmanager
def _holding_lease(
    sessions: sessionmaker[Session], worker: str, moment: datetime
) -> Iterator[Session | None]:
    """A transaction that first takes or renews the clustering lease: the session, or None
    (and nothing is written) when another process holds it."""
    with transaction(sessions) as session:
        held = acquire_lease(
            session, CLUSTERING_LEASE, worker, now=moment, ttl=CLUSTERING_LEASE_TTL
        )
        yield session if held else None


def _place_one(
    session: Session,
    article_id: int,
    config: PipelineConfig,
    max_candidates: int,
    moment: datetime,
) -> bool | None:
    """Place one pending article; whether it started a story (None: it was gone)."""
    bundles = article_bundles(session, [article_id])
    if not bundles:
        return None
    item = story_input(bundles[0])
    # One odd article must not stop clustering for all: if it cannot be compared with the
    # candidates, it starts a story of its own (no candidates).
    for candidates in (max_candidates, 0):
        try:
            with session.begin_nested():
                return _place(
                    session,
                    item,
                    threshold=config.threshold,
                    window=timedelta(days=config.window_days),
                    max_candidates=candidates,
                    max_quotes=config.max_quotes,
                    now=moment,
                )
        except Exception:
            if not candidates:
                raise
            log.exception("article %s could not be compared", item.article_id)
    return None


def _sample(session: Session, stories: list[Story], *, max_quotes: int) -> list[int]:
    """The articles the view of ``stories`` (one, or several being merged) is built from, beside
    the one being placed: all of them while they fit; then the sample the story's stored view
    was built from, chosen again with its newest member (as many rows as the sample, however big
    the story); without a current stored view, a sample chosen in the database."""
    limit = VIEW_MEMBERS - 1
    story = stories[0]
    if len(stories) == 1 and story.article_count > limit:
        record = stored_views(session, [story.id]).get(story.id)
        current = (
            record is not None
            and record.version == view_key(max_quotes=max_quotes)
            and record.revision == story.revision
        )
        previous = stored_article_ids(record.data) if current and record is not None else None
        if previous:
            members = [Member(*facts) for facts in member_facts(session, previous)]
            return view_sample(members, limit=limit)
    return view_members(session, [s.id for s in stories], limit=limit)


def _distinct_quotes(members: list[StoryArticleInput]) -> int:
    """Statements in the story, however many outlets reported each: what "grew" counts."""
    return len(merge_quotes(members, max_quotes=10_000))


def _quote_count(
    story: Story, sample: list[StoryArticleInput], item: StoryArticleInput, *, whole: bool
) -> int:
    """Distinct statements once ``item`` joined: counted over the whole story while its view
    holds every article; beyond that, the stored count plus what ``item`` adds to the sample."""
    if whole:
        return _distinct_quotes([*sample, item])
    return story.quote_count + max(0, _distinct_quotes([*sample, item]) - _distinct_quotes(sample))


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
    # Candidates seen within the window before the article's date; an undated article (known
    # only by when it was fetched) is compared with the newest stories, whenever they were.
    span = item.dated_span
    try:
        since = span[0] - window if span else datetime.min.replace(tzinfo=UTC)
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
            revision=story.revision,
            now=now,
        )
        store_view(session, story, [item], max_quotes=max_quotes, now=now)
        return True
    story, *absorbed = stories_by_ids(session, [placement.story_id, *placement.merge_ids])
    signature = update_signature(signatures[placement.story_id], item)
    for other in absorbed:
        signature = merge_signatures(signature, signatures[other.id])
    stories = [story, *absorbed]
    sample_ids = _sample(session, stories, max_quotes=max_quotes)
    sample = [story_input(b) for b in article_bundles(session, sample_ids)]
    whole = len(sample_ids) == sum(s.article_count for s in stories)
    members = [*sample, item]
    before = StoryCounts(story.article_count, story.outlet_count, story.quote_count)
    after = StoryCounts(
        story.article_count + 1 + sum(s.article_count for s in absorbed),
        len(signature.outlets),
        _quote_count(story, sample, item, whole=whole),
    )
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
        outlet_count=after.outlets,
        quote_count=after.quotes,
        revision=revision_after(story.revision, before, after),
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
