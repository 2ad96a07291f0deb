"""The read side of digests: stories' stored views and the edition one subscriber gets.

Each function takes a Session first and returns the plain dataclasses that
``digests.stories.render`` turns into messages. Views are read as clustering stored them (one
query for all); no article, sentence or quote is loaded. A view that is missing or stale (after
an upgrade, or a change to one of its articles, until the next clustering run) is built from its
articles instead, so a reader always sees what ``build_story`` makes of the stored articles.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from digests.stories.edition import build_edition, rank_stories
from digests.stories.exceptions import StoredViewError
from digests.stories.models import DigestEdition, DigestFilters, StoryView
from digests.stories.stored import load_view, view_key
from storage.models import Story, StoryViewRecord, Subscriber
from storage.stories import active_stories, sent_revisions, stored_views

__all__ = [
    "FIRST_DIGEST_WINDOW",
    "current_edition",
    "edition_for",
    "edition_since",
    "story_views",
]

log = logging.getLogger(__name__)

# What a brand-new subscriber's first digest covers, and how far back any digest looks for
# stories the subscriber has not been sent (filtered out then, or beyond their number).
FIRST_DIGEST_WINDOW = timedelta(days=2)


class _Unstored(Enum):
    """A view that is not stored, stored for another revision or layout, or unreadable."""

    BUILD = "build"


def _stored(record: StoryViewRecord | None, story: Story, key: str) -> StoryView | _Unstored | None:
    """The stored view; None when the story has nothing to show; BUILD when it must be built."""
    if record is None or record.version != key or record.revision != story.revision:
        return _Unstored.BUILD
    if record.data is None:
        return None
    try:
        return load_view(record.data)
    except StoredViewError as exc:
        log.warning("story %d: %s; built from its articles", story.id, exc)
        return _Unstored.BUILD


def _views(session: Session, stories: Sequence[Story], *, max_quotes: int) -> list[StoryView]:
    key = view_key(max_quotes=max_quotes)
    records = stored_views(session, [story.id for story in stories])
    views: dict[int, StoryView] = {}
    stale: list[Story] = []
    for story in stories:
        found = _stored(records.get(story.id), story, key)
        if isinstance(found, StoryView):
            views[story.id] = found
        elif found is _Unstored.BUILD:
            stale.append(story)
    if stale:
        # Only for views clustering has not stored yet: loading story building costs seconds.
        from digests.jobs.views import build_views

        views.update(build_views(session, stale, max_quotes=max_quotes))
    return [views[story.id] for story in stories if story.id in views]


def story_views(
    session: Session,
    *,
    since: datetime,
    now: datetime,
    limit: int,
    max_quotes: int,
    title_words: Sequence[str] = (),
) -> list[StoryView]:
    """Stories created or grown since ``since``, most important at ``now`` first (the digests'
    own order, ``rank_stories``)."""
    stories = active_stories(session, since=since, limit=limit, title_words=title_words)
    return rank_stories(_views(session, stories, max_quotes=max_quotes), now=now)


def edition_since(
    session: Session,
    *,
    since: datetime,
    now: datetime,
    max_stories: int,
    max_quotes: int,
    sent: Mapping[int, int] | None = None,
    filters: DigestFilters | None = None,
    include_sent: bool = False,
) -> DigestEdition:
    """The top stories new or grown since ``since``, less those already ``sent`` (story id ->
    revision) unless they grew since, or marked as sent with ``include_sent``."""
    # Candidates beyond max_stories leave room for filters and already-sent stories.
    views = story_views(
        session, since=since, now=now, limit=max(20, max_stories * 4), max_quotes=max_quotes
    )
    edition = build_edition(
        views,
        # The window was applied to arrival time above; publication dates may be older.
        since=datetime.min.replace(tzinfo=UTC),
        max_stories=max_stories,
        sent_revisions=sent or {},
        filters=filters,
        now=now,
        include_sent=include_sent,
    )
    return replace(edition, since=since)


def edition_for(
    session: Session,
    subscriber: Subscriber,
    *,
    now: datetime,
    max_stories: int,
    max_quotes: int,
) -> DigestEdition:
    """The edition due for a subscriber: the top stories they have not been sent, or that grew
    since they were, among those new or grown since their last digest or within
    FIRST_DIGEST_WINDOW, whichever reaches further back; so a story a filter kept out, or one
    beyond the number of stories, is not skipped for good. Its header counts from the last
    digest."""
    window = now - FIRST_DIGEST_WINDOW
    last = subscriber.last_digest_at
    edition = edition_since(
        session,
        since=min(last, window) if last is not None else window,
        now=now,
        max_stories=max_stories,
        max_quotes=max_quotes,
        sent=sent_revisions(session, subscriber.id),
        filters=DigestFilters.from_json(subscriber.filters),
    )
    return replace(edition, since=last or window)


def current_edition(
    session: Session, subscriber: Subscriber, *, now: datetime, max_stories: int, max_quotes: int
) -> DigestEdition:
    """/digest: the current top stories (those of FIRST_DIGEST_WINDOW), whether sent before or
    not: those the subscriber already got are listed in ``sent_ids``. Filters apply."""
    return edition_since(
        session,
        since=now - FIRST_DIGEST_WINDOW,
        now=now,
        max_stories=max_stories,
        max_quotes=max_quotes,
        sent=sent_revisions(session, subscriber.id),
        filters=DigestFilters.from_json(subscriber.filters),
        include_sent=True,
    )
