"""What /who and /when answer, worded once: Telegram HTML for the bot, plain text for the CLI.

Each function runs inside a transaction the caller owns (the bot through ``asyncio.to_thread``)
and returns ready messages. The plain form is the same rendering without markup, so the
console prints exactly what a chat reads. Nothing here loads spaCy or sumy: the answers come
from the stored analysis.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.i18n import Translator, translator_for
from digests.jobs.reading import timeline, who_overview, who_person
from digests.stories.models import PersonDetail, TimelineLine
from digests.stories.render import (
    RenderFormat,
    RenderLabels,
    render_people,
    render_person,
    render_timeline,
)

if TYPE_CHECKING:
    from digests.stories.timeline_image import TimelineMark

__all__ = [
    "PICTURE_MIN_EVENTS",
    "RECENT",
    "WHEN_LIMIT",
    "WHO_LIMIT",
    "WhenAnswer",
    "render_labels",
    "timeline_marks",
    "timeline_picture",
    "when_answer",
    "who_messages",
]

RECENT = timedelta(days=7)
WHO_LIMIT = 10
WHEN_LIMIT = 30
# A picture is worth sending from three dated events; more than a dozen stops being legible
# on a phone (and a very tall image breaks Telegram's photo size rules).
PICTURE_MIN_EVENTS = 3
PICTURE_MAX_EVENTS = 12

_TAG = re.compile(r"<[^>]+>")


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
        only_in=lambda outlet: _("{outlet} only").format(outlet=outlet),
        outlets_count=lambda n: _.ngettext("{n} outlet", "{n} outlets", n).format(n=n),
        stories_count=lambda n: _.ngettext("{n} story", "{n} stories", n).format(n=n),
        edition_header=lambda n, since: _.ngettext(
            "📰 {n} story since {since}", "📰 {n} stories since {since}", n
        ).format(n=n, since=since),
        updated_count=lambda n: _.ngettext("{n} updated", "{n} updated", n).format(n=n),
    )


def _as(fmt: RenderFormat, message: str) -> str:
    """A message written as Telegram HTML, in ``fmt``: the plain form drops the markup."""
    if fmt is RenderFormat.HTML:
        return message
    # Every piece of text inside was escaped, so a "<" here always opens a tag.
    return html.unescape(_TAG.sub("", message))


def who_messages(
    session: Session,
    query: str | None,
    *,
    now: datetime,
    language: str | None = None,
    fmt: RenderFormat = RenderFormat.HTML,
) -> list[str]:
    """/who: the people in recent stories, or one person by any alias, or close matches."""
    _ = translator_for(language)
    labels = render_labels(_)
    if not query:
        return render_people(
            who_overview(session, since=now - RECENT, limit=WHO_LIMIT),
            fmt=fmt,
            header=_("People in recent stories"),
            empty_text=_("Nobody in recent stories yet."),
            labels=labels,
        )
    found = who_person(session, query, limit=WHO_LIMIT)
    if isinstance(found, PersonDetail):
        return render_person(found, fmt=fmt, labels=labels)
    asked = html.escape(query, quote=False)
    if not found:
        message = _(
            "I don't know anyone called <b>{name}</b> in recent stories. Try /who for a list."
        ).format(name=asked)
        return [_as(fmt, message)]
    names = ", ".join(f"<code>/who {html.escape(name, quote=False)}</code>" for name in found)
    message = _("I don't know anyone called <b>{name}</b>. Did you mean: {names}?").format(
        name=asked, names=names
    )
    return [_as(fmt, message)]


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


def timeline_marks(lines: Sequence[TimelineLine]) -> list[TimelineMark]:
    """The picture's marks from /when's lines: one per event, with the outlet that reported it."""
    from digests.stories.timeline_image import TimelineMark

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
    # matplotlib loads with the first picture, not with every command.
    from digests.stories.timeline_image import render_timeline_png

    return render_timeline_png(timeline_marks(shown), title=title, width_px=width_px)
