"""What /who and /when answer, worded once: Telegram HTML for the bot, plain text for the CLI.

Each function runs inside a transaction the caller owns (the bot through ``asyncio.to_thread``)
and returns ready messages. The plain form is the same rendering without markup, so the
console prints what a chat reads, except where a chat is pointed to a bot command: the console
is pointed to ``newsdigest`` instead (``console=True``). An empty answer while articles are
still being analysed says so (``still_reading``) instead of "nobody" or "nothing". Nothing here
loads spaCy or sumy: the answers come from the stored analysis.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.i18n import Translator, translator_for
from digests.jobs.reading import backlog, timeline, who_overview, who_person
from digests.stories.local_dates import PeriodWords, local_today
from digests.stories.markup import pack_markup
from digests.stories.render import (
    RenderFormat,
    RenderLabels,
    render_people,
    render_person,
    render_timeline,
    when_date,
)
from digests.stories.timeline import WhenSection, reading_order
from digests.stories.who_when import PersonDetail, TimelineLine

if TYPE_CHECKING:
    from digests.stories.timeline_image import TimelineMark

__all__ = [
    "PICTURE_MIN_EVENTS",
    "RECENT",
    "WHEN_LIMIT",
    "WHO_LIMIT",
    "WhenAnswer",
    "render_labels",
    "still_reading",
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


def render_labels(_: Translator) -> RenderLabels:
    """The renderers' words in the reader's language, and the locale Babel writes dates in."""
    return RenderLabels(
        update=_("🔄 Update: "),
        sources=_("Sources: "),
        source=_("source"),
        also=_("Also: "),
        said=_("Said"),
        stories=_("Stories"),
        background=_("Background"),
        coming_up=_("Coming up"),
        happened=_("What happened"),
        already_sent=_("✓ sent"),
        only_in=lambda outlet: _("{outlet} only").format(outlet=outlet),
        outlets_count=lambda n: _.ngettext("{n} outlet", "{n} outlets", n).format(n=n),
        stories_count=lambda n: _.ngettext("{n} story", "{n} stories", n).format(n=n),
        edition_header=lambda n, since: _.ngettext(
            "📰 {n} story since {since}", "📰 {n} stories since {since}", n
        ).format(n=n, since=since),
        top_header=lambda n, when: _.ngettext(
            "📰 {n} top story, {when}", "📰 {n} top stories, {when}", n
        ).format(n=n, when=when),
        updated_count=lambda n: _.ngettext("{n} updated", "{n} updated", n).format(n=n),
        locale=_.language,
        periods=PeriodWords(
            week=_("week of {day}"),
            first_half=_("first half of {year}"),
            second_half=_("second half of {year}"),
            seasons=(
                _("spring {year}"),
                _("summer {year}"),
                _("autumn {year}"),
                _("winter {year}"),
            ),
            decade=_("the {decade}s"),
            today=_("today"),
        ),
    )


def still_reading(session: Session, _: Translator, *, console: bool = False) -> str | None:
    """What to say instead of an empty answer while articles are still on their way into
    stories; None when nothing is waiting."""
    waiting = backlog(session)
    if not waiting:
        return None
    if console:
        return _.ngettext(
            "{n} article is not analysed yet: run `newsdigest process` (the bot and the worker "
            "do it on their own).",
            "{n} articles are not analysed yet: run `newsdigest process` (the bot and the "
            "worker do it on their own).",
            waiting,
        ).format(n=waiting)
    return _.ngettext(
        "⏳ {n} new article is still being analysed: ask again in a minute.",
        "⏳ {n} new articles are still being analysed: ask again in a minute.",
        waiting,
    ).format(n=waiting)


def who_messages(
    session: Session,
    query: str | None,
    *,
    now: datetime,
    language: str | None = None,
    fmt: RenderFormat = RenderFormat.HTML,
    console: bool = False,
) -> list[str]:
    """/who: the people in recent stories, or one person by any alias, or close matches."""
    _ = translator_for(language)
    labels = render_labels(_)
    if not query:
        people = who_overview(session, since=now - RECENT, limit=WHO_LIMIT)
        empty = "" if people else still_reading(session, _, console=console)
        return render_people(
            people,
            fmt=fmt,
            header=_("People in recent stories"),
            empty_text=empty or _("Nobody in recent stories yet."),
            labels=labels,
        )
    found = who_person(session, query, limit=WHO_LIMIT)
    if isinstance(found, PersonDetail):
        return render_person(found, fmt=fmt, labels=labels)
    asked = html.escape(query, quote=False)
    if not found:
        reading = still_reading(session, _, console=console)
        if reading:
            message = (
                _("I don't know anyone called <b>{name}</b> yet.").format(name=asked)
                + "\n"
                + html.escape(reading, quote=False)
            )
        elif console:
            message = _(
                "I don't know anyone called <b>{name}</b> in recent stories. Run `newsdigest "
                "who` for a list."
            ).format(name=asked)
        else:
            message = _(
                "I don't know anyone called <b>{name}</b> in recent stories. Try /who for a list."
            ).format(name=asked)
        return pack_markup(message, fmt=fmt)
    if console:
        names = ", ".join(html.escape(name, quote=False) for name in found)
    else:
        names = ", ".join(f"<code>/who {html.escape(name, quote=False)}</code>" for name in found)
    message = _("I don't know anyone called <b>{name}</b>. Did you mean: {names}?").format(
        name=asked, names=names
    )
    return pack_markup(message, fmt=fmt)


@dataclass(frozen=True, slots=True)
class WhenAnswer:
    """/when's text messages, and the events for its picture, with the reader's day and words
    so the picture reads like the text."""

    messages: tuple[str, ...]
    lines: tuple[TimelineLine, ...]
    title: str
    today: date | None = None
    labels: RenderLabels = field(default_factory=RenderLabels)


def when_answer(
    session: Session,
    topic: str | None,
    *,
    now: datetime,
    language: str | None = None,
    zone: str | None = None,
    fmt: RenderFormat = RenderFormat.HTML,
    console: bool = False,
) -> WhenAnswer:
    """/when: what is coming up, then the news of recent stories, newest first, then the
    background, on the reader's calendar (``zone``); filtered to a topic or person if given."""
    _ = translator_for(language)
    labels = render_labels(_)
    today = local_today(now, zone)
    lines = timeline(
        session, topic=topic or None, since=None if topic else now - RECENT, limit=WHEN_LIMIT
    )
    header = _("Timeline: {topic}").format(topic=topic) if topic else _("Timeline")
    empty = (
        _("No dated events about {topic} yet.").format(topic=topic)
        if topic
        else _("No dated events in recent stories.")
    )
    if not lines:
        empty = still_reading(session, _, console=console) or empty
    messages = render_timeline(
        lines, fmt=fmt, header=header, empty_text=empty, labels=labels, today=today
    )
    return WhenAnswer(
        messages=tuple(messages), lines=tuple(lines), title=header, today=today, labels=labels
    )


def timeline_marks(
    lines: Sequence[TimelineLine],
    *,
    today: date | None = None,
    labels: RenderLabels | None = None,
) -> list[TimelineMark]:
    """The picture's marks from /when's lines, in the text's order and with its words: one per
    event, with every outlet that told it, a heading where a section starts."""
    from digests.stories.timeline_image import TimelineMark

    labels = labels or RenderLabels()
    headings = {
        WhenSection.COMING: labels.coming_up,
        WhenSection.NEWS: labels.happened,
        WhenSection.BACKGROUND: labels.background,
    }
    ordered = reading_order(lines, today=today)
    several = len({section for section, _ in ordered}) > 1
    marks = []
    previous: WhenSection | None = None
    for section, line in ordered:
        outlets = [line.outlet, *(source.outlet for source in line.also)]
        marks.append(
            TimelineMark(
                date=line.date,
                label=line.text,
                outlets=tuple(o for o in outlets if o),
                when=when_date(line, labels=labels, today=today),
                heading=headings[section] if several and section is not previous else None,
            )
        )
        previous = section
    return marks


def timeline_picture(
    lines: Sequence[TimelineLine],
    *,
    title: str | None = None,
    width_px: int = 1080,
    today: date | None = None,
    labels: RenderLabels | None = None,
) -> bytes | None:
    """The /when picture as PNG, or None below PICTURE_MIN_EVENTS: in the text's order, what is
    coming up and the news, the background only when those alone are too few."""
    news = [line for line in lines if not line.background]
    shown = news if len(news) >= PICTURE_MIN_EVENTS else list(lines)
    marks = timeline_marks(shown, today=today, labels=labels)[:PICTURE_MAX_EVENTS]
    if len(marks) < PICTURE_MIN_EVENTS:
        return None
    # matplotlib loads with the first picture, not with every command.
    from digests.stories.timeline_image import render_timeline_png

    locale = (labels or RenderLabels()).locale
    return render_timeline_png(marks, title=title, width_px=width_px, locale=locale)
