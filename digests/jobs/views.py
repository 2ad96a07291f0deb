"""Stories' views, computed once when clustering changes a story and stored for every reader.

``build_story`` (``digests.stories.story``) is the one function that computes a view; this
module feeds it a story's analysed articles, stores what it returns (``digests.stories.stored``)
and, after an upgrade or a change to an article, builds again the views that went stale.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from digests.jobs.convert import story_input
from digests.stories.models import StoryArticleInput, StoryView
from digests.stories.stored import dump_view, view_key
from digests.stories.story import build_story
from storage.models import Story
from storage.stories import (
    article_bundles,
    articles_of_stories,
    forget_story_view,
    save_view,
    stories_without_view,
)

__all__ = ["REFRESH_WINDOW", "build_views", "refresh_views", "store_view"]

log = logging.getLogger(__name__)

# Stories active this recently get their stale views built again by clustering runs; older
# ones, which digests rarely reach, are built from their articles when read.
REFRESH_WINDOW = timedelta(days=30)


def store_view(
    session: Session,
    story: Story,
    members: Sequence[StoryArticleInput],
    *,
    max_quotes: int,
    now: datetime,
) -> bool:
    """Build the story's view from its analysed articles and store it; False when building
    failed (logged): the story then has no stored view, and readers build it themselves."""
    try:
        view = (
            build_story(members, story_id=story.id, revision=story.revision, max_quotes=max_quotes)
            if members
            else None
        )
        data = dump_view(view) if view is not None else None
    except Exception:  # one story that cannot be viewed never stops clustering for the others
        log.exception("story %d: its view could not be built", story.id)
        forget_story_view(session, story.id)
        return False
    save_view(
        session,
        story.id,
        version=view_key(max_quotes=max_quotes),
        revision=story.revision,
        data=data,
        now=now,
    )
    return True


def _members(session: Session, stories: Sequence[Story]) -> dict[int, list[StoryArticleInput]]:
    links = articles_of_stories(session, [story.id for story in stories])
    inputs = {
        bundle.article.id: story_input(bundle)
        for bundle in article_bundles(session, [a for ids in links.values() for a in ids])
    }
    return {
        story_id: [inputs[a] for a in article_ids if a in inputs]
        for story_id, article_ids in links.items()
    }


def build_views(
    session: Session, stories: Sequence[Story], *, max_quotes: int
) -> dict[int, StoryView]:
    """Views of stored stories from their articles' stored analyses, not stored (readers)."""
    members = _members(session, stories)
    return {
        story.id: build_story(
            members[story.id], story_id=story.id, revision=story.revision, max_quotes=max_quotes
        )
        for story in stories
        if members.get(story.id)
    }


def refresh_views(session: Session, *, max_quotes: int, now: datetime, limit: int = 50) -> int:
    """Build and store up to ``limit`` stale views of recent stories, newest first; how many
    were stored (0 once only views that cannot be built are left)."""
    stale = stories_without_view(
        session,
        version=view_key(max_quotes=max_quotes),
        since=now - REFRESH_WINDOW,
        limit=limit,
    )
    members = _members(session, stale)
    stored = sum(
        store_view(session, story, members.get(story.id, []), max_quotes=max_quotes, now=now)
        for story in stale
    )
    if stored:
        log.info("built %d stale story view(s)", stored)
    return stored
