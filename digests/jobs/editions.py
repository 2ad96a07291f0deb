"""The read side of digests: stories' views and the edition one subscriber gets.

Each function takes a Session first and returns the plain dataclasses that
``digests.stories.render`` turns into messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from digests.jobs.convert import story_input
from digests.stories.edition import build_edition
from digests.stories.models import DigestEdition, DigestFilters, StoryView
from digests.stories.story import build_story
from storage.models import Story, Subscriber
from storage.stories import active_stories, article_bundles, sent_revisions

__all__ = ["FIRST_DIGEST_WINDOW", "edition_for", "edition_since", "story_views"]

# What a brand-new subscriber's first digest covers.
FIRST_DIGEST_WINDOW = timedelta(days=2)


def _views(session: Session, stories: Sequence[Story], *, max_quotes: int) -> list[StoryView]:
    article_ids = [link.article_id for story in stories for link in story.articles]
    inputs = {b.article.id: story_input(b) for b in article_bundles(session, article_ids)}
    views = []
    for story in stories:
        members = [inputs[link.article_id] for link in story.articles if link.article_id in inputs]
        if members:
            views.append(
                build_story(
                    members, story_id=story.id, revision=story.revision, max_quotes=max_quotes
                )
            )
    return views


def story_views(
    session: Session,
    *,
    since: datetime,
    limit: int,
    max_quotes: int = 3,
    title_words: Sequence[str] = (),
) -> list[StoryView]:
    """Stories created or grown since ``since``, widest coverage first."""
    stories = active_stories(session, since=since, limit=limit, title_words=title_words)
    return _views(session, stories, max_quotes=max_quotes)


def edition_since(
    session: Session,
    *,
    since: datetime,
    now: datetime,
    max_stories: int,
    max_quotes: int = 3,
    sent: Mapping[int, int] | None = None,
    filters: DigestFilters | None = None,
) -> DigestEdition:
    """The top stories new or grown since ``since``, less those already ``sent`` (story id ->
    revision) unless they grew since."""
    # Candidates beyond max_stories leave room for filters and already-sent stories.
    views = story_views(session, since=since, limit=max(20, max_stories * 4), max_quotes=max_quotes)
    edition = build_edition(
        views,
        # The window was applied to arrival time above; publication dates may be older.
        since=datetime.min.replace(tzinfo=UTC),
        max_stories=max_stories,
        sent_revisions=sent or {},
        filters=filters,
        now=now,
    )
    return replace(edition, since=since)


def edition_for(
    session: Session,
    subscriber: Subscriber,
    *,
    now: datetime,
    max_stories: int,
    since: datetime | None = None,
    max_quotes: int = 3,
) -> DigestEdition:
    """The edition due for a subscriber: stories new or grown since their last digest."""
    return edition_since(
        session,
        since=since or subscriber.last_digest_at or (now - FIRST_DIGEST_WINDOW),
        now=now,
        max_stories=max_stories,
        max_quotes=max_quotes,
        sent=sent_revisions(session, subscriber.id),
        filters=DigestFilters.from_json(subscriber.filters),
    )
