"""What the bot says: digests, /who and /when answers as Telegram HTML (and plain) messages.

The one seam between the bot and the reading side of digests: each function runs inside a
transaction the caller owns (called through ``asyncio.to_thread``) and returns ready messages.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from digests.stories.models import PersonDetail
from digests.stories.render import (
    RenderFormat,
    render_edition,
    render_people,
    render_person,
    render_timeline,
)
from storage.models import Subscriber

__all__ = [
    "ComposedDigest",
    "DigestComposer",
    "compose_digest",
    "when_messages",
    "who_messages",
]

RECENT = timedelta(days=7)
WHO_LIMIT = 10
WHEN_LIMIT = 30


@dataclass(frozen=True, slots=True)
class ComposedDigest:
    """One edition for one subscriber, rendered both ways, with the stories it holds."""

    story_ids: tuple[int, ...]
    html: tuple[str, ...]
    text: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.story_ids


class DigestComposer(Protocol):
    def __call__(
        self,
        session: Session,
        subscriber: Subscriber,
        *,
        now: datetime,
        story_ids: Sequence[int] | None,
        max_quotes: int,
    ) -> ComposedDigest:
        """The edition due for ``subscriber`` at ``now``; the same stories when ids are given."""
        ...


def compose_digest(
    session: Session,
    subscriber: Subscriber,
    *,
    now: datetime,
    story_ids: Sequence[int] | None,
    max_quotes: int,
) -> ComposedDigest:
    """The subscriber's edition; with ``story_ids`` (a resumed send) limited to those, in order."""
    from digests.jobs.reading import edition_for

    edition: Any = edition_for(
        session, subscriber.id, now=now, max_stories=subscriber.max_stories, max_quotes=max_quotes
    )
    if story_ids:
        by_id = {story.id: story for story in edition.stories}
        edition = replace(edition, stories=tuple(by_id[i] for i in story_ids if i in by_id))
    messages = render_edition(edition, fmt=RenderFormat.HTML, max_quotes=max_quotes)
    plain = render_edition(edition, fmt=RenderFormat.TEXT, max_quotes=max_quotes)
    return ComposedDigest(
        story_ids=tuple(story.id for story in edition.stories),
        html=tuple(messages),
        text=tuple(plain),
    )


def who_messages(session: Session, query: str | None, *, now: datetime) -> list[str]:
    """/who: the people in recent stories, or one person by any alias, or close matches."""
    from digests.jobs.reading import who_overview, who_person

    if not query:
        return render_people(who_overview(session, since=now - RECENT, limit=WHO_LIMIT))
    found: Any = who_person(session, query, limit=WHO_LIMIT)
    if isinstance(found, PersonDetail):
        return render_person(found)
    suggestions = [str(getattr(item, "name", item)) for item in (found or ())]
    asked = html.escape(query, quote=False)
    if not suggestions:
        return [
            f"I don't know anyone called <b>{asked}</b> in recent stories. Try /who for a list."
        ]
    names = ", ".join(f"<code>/who {html.escape(name, quote=False)}</code>" for name in suggestions)
    return [f"I don't know anyone called <b>{asked}</b>. Did you mean: {names}?"]


def when_messages(session: Session, topic: str | None, *, now: datetime) -> list[str]:
    """/when: a chronological timeline of recent stories, filtered to a topic or person if given."""
    from digests.jobs.reading import timeline

    lines = timeline(
        session, topic=topic or None, since=None if topic else now - RECENT, limit=WHEN_LIMIT
    )
    header = f"Timeline: {topic}" if topic else "Timeline"
    empty = f"No dated events about {topic} yet." if topic else "No dated events in recent stories."
    return render_timeline(lines, header=header, empty_text=empty)
