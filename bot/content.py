"""What the bot says: digests, /who and /when answers as Telegram HTML (and plain) messages.

The one seam between the bot and the reading side of digests: each function runs inside a
transaction the caller owns (called through ``asyncio.to_thread``) and returns ready messages.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.i18n import Translator, translator_for
from digests.stories.models import PersonDetail, TimelineLine
from digests.stories.render import (
    RenderFormat,
    RenderLabels,
    render_edition,
    render_people,
    render_person,
    render_timeline,
)
from digests.stories.timeline_image import TimelineMark, render_timeline_png
from storage.models import Subscriber

__all__ = [
    "PICTURE_MIN_EVENTS",
    "ComposedDigest",
    "DigestComposer",
    "WhenAnswer",
    "compose_digest",
    "render_labels",
    "timeline_marks",
    "timeline_picture",
    "when_answer",
    "when_messages",
    "who_messages",
]

RECENT = timedelta(days=7)
WHO_LIMIT = 10
WHEN_LIMIT = 30
# A picture is worth sending from three dated events; more than a dozen stops being legible
# on a phone (and a very tall image breaks Telegram's photo size rules).
PICTURE_MIN_EVENTS = 3
PICTURE_MAX_EVENTS = 12


def render_labels(_: Translator) -> RenderLabels:
    """The renderers' words in the reader's language."""
    return RenderLabels(
        update=_("🔄 Update: "),
        sources=_("Sources: "),
        source=_("source"),
        also=_("Also: "),
        said=_("Said"),
        stories=_("Stories"),
        background=_("Background"),
        outlets_count=lambda n: _.ngettext("{n} outlet", "{n} outlets", n).format(n=n),
        stories_count=lambda n: _.ngettext("{n} story", "{n} stories", n).format(n=n),
        edition_header=lambda n, since: _.ngettext(
            "📰 {n} story since {since}", "📰 {n} stories since {since}", n
        ).format(n=n, since=since),
        updated_count=lambda n: _.ngettext("{n} updated", "{n} updated", n).format(n=n),
    )


@dataclass(frozen=True, slots=True)
class ComposedDigest:
    """One edition for one subscriber, rendered both ways, with the stories it holds."""

    story_ids: tuple[int, ...]
    html: tuple[str, ...]
    text: tuple[str, ...]
    # The revision of each of story_ids as rendered: what the subscriber will have seen.
    revisions: tuple[int, ...] = ()

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
        max_quotes: int,
    ) -> ComposedDigest:
        """The edition due for ``subscriber`` at ``now``."""
        ...


def compose_digest(
    session: Session,
    subscriber: Subscriber,
    *,
    now: datetime,
    max_quotes: int,
) -> ComposedDigest:
    """The subscriber's edition, composed once: delivery stores it and resumes from the store."""
    from digests.jobs.reading import edition_for

    edition: Any = edition_for(
        session, subscriber.id, now=now, max_stories=subscriber.max_stories, max_quotes=max_quotes
    )
    _ = translator_for(subscriber.language)
    labels = render_labels(_)
    empty = _("No new stories since the last digest.")
    messages = render_edition(
        edition, fmt=RenderFormat.HTML, max_quotes=max_quotes, labels=labels, empty_text=empty
    )
    plain = render_edition(
        edition, fmt=RenderFormat.TEXT, max_quotes=max_quotes, labels=labels, empty_text=empty
    )
    return ComposedDigest(
        story_ids=tuple(story.id for story in edition.stories),
        html=tuple(messages),
        text=tuple(plain),
        revisions=tuple(story.revision for story in edition.stories),
    )


def who_messages(
    session: Session, query: str | None, *, now: datetime, language: str | None = None
) -> list[str]:
    """/who: the people in recent stories, or one person by any alias, or close matches."""
    from digests.jobs.reading import who_overview, who_person

    _ = translator_for(language)
    labels = render_labels(_)
    if not query:
        return render_people(
            who_overview(session, since=now - RECENT, limit=WHO_LIMIT),
            header=_("People in recent stories"),
            empty_text=_("Nobody in recent stories yet."),
            labels=labels,
        )
    found: Any = who_person(session, query, limit=WHO_LIMIT)
    if isinstance(found, PersonDetail):
        return render_person(found, labels=labels)
    suggestions = [str(getattr(item, "name", item)) for item in (found or ())]
    asked = html.escape(query, quote=False)
    if not suggestions:
        return [
            _(
                "I don't know anyone called <b>{name}</b> in recent stories. Try /who for a list."
            ).format(name=asked)
        ]
    names = ", ".join(f"<code>/who {html.escape(name, quote=False)}</code>" for name in suggestions)
    return [
        _("I don't know anyone called <b>{name}</b>. Did you mean: {names}?").format(
            name=asked, names=names
        )
    ]


@dataclass(frozen=True, slots=True)
class WhenAnswer:
    """/when's text messages, and the events for its picture."""

    messages: tuple[str, ...]
    lines: tuple[TimelineLine, ...]
    title: str


def when_answer(
    session: Session,
    topic: str | None,
    *,
    now: datetime,
    language: str | None = None,
    fmt: RenderFormat = RenderFormat.HTML,
) -> WhenAnswer:
    """/when: the news of recent stories, newest first, then background; filtered to a topic
    or person if given."""
    from digests.jobs.reading import timeline

    _ = translator_for(language)
    lines = timeline(
        session, topic=topic or None, since=None if topic else now - RECENT, limit=WHEN_LIMIT
    )
    header = _("Timeline: {topic}").format(topic=topic) if topic else _("Timeline")
    empty = (
        _("No dated events about {topic} yet.").format(topic=topic)
        if topic
        else _("No dated events in recent stories.")
    )
    messages = render_timeline(
        lines, fmt=fmt, header=header, empty_text=empty, labels=render_labels(_)
    )
    return WhenAnswer(messages=tuple(messages), lines=tuple(lines), title=header)


def when_messages(
    session: Session, topic: str | None, *, now: datetime, language: str | None = None
) -> list[str]:
    """/when as text messages only."""
    return list(when_answer(session, topic, now=now, language=language).messages)


def timeline_marks(lines: Sequence[TimelineLine]) -> list[TimelineMark]:
    """The picture's marks from /when's lines: one per event, with the outlet that reported it."""
    return [
        TimelineMark(date=line.date, label=line.text, outlets=(line.outlet,) if line.outlet else ())
        for line in lines
    ]


def timeline_picture(
    lines: Sequence[TimelineLine], *, title: str | None = None, width_px: int = 1080
) -> bytes | None:
    """The /when picture as PNG, or None below PICTURE_MIN_EVENTS: the news first (the lines
    come newest first), the background only when the news alone are too few."""
    news = [line for line in lines if not line.background]
    shown = (news if len(news) >= PICTURE_MIN_EVENTS else list(lines))[:PICTURE_MAX_EVENTS]
    if len(shown) < PICTURE_MIN_EVENTS:
        return None
    return render_timeline_png(timeline_marks(shown), title=title, width_px=width_px)
