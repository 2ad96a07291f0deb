"""/digest, /who, /when and /sources: reading the news on demand.

/when also sends its timeline as a picture when it has PICTURE_MIN_EVENTS dated events or more,
after the text (which stays for screen readers), unless the chat turned images off in /settings.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.answers import timeline_picture, when_answer, who_messages
from bot.context import Context
from bot.delivery import DeliveryOutcome
from bot.handlers.common import asker, caption, command_argument, reply, translator
from digests.stories.packing import shorten
from digests.stories.render import render_lines
from storage import subscribers

__all__ = ["digest", "sources", "when", "who"]

log = logging.getLogger(__name__)

_MAX_QUERY = 100
_MAX_SOURCES = 100
# UTF-16 units of a source's title in /sources.
_MAX_TITLE = 200


def _query(update: Update, what: str) -> str | None:
    """The argument of /who or /when, or None after refusing it."""
    text = " ".join(command_argument(update).split())
    return text if len(text) <= _MAX_QUERY else None


async def who(update: Update, context: Context) -> None:
    """/who [name]: people in recent stories, or one person by any of their names."""
    _ = await translator(update, context)
    query = _query(update, "name")
    if query is None:
        await reply(
            update,
            _("Usage: /who [name] — a name of at most {n} characters.").format(n=_MAX_QUERY),
        )
        return
    container = context.container
    messages = await container.db(
        who_messages, query or None, now=container.clock.now(), language=_.language
    )
    await reply(update, messages)


async def when(update: Update, context: Context) -> None:
    """/when [topic]: a timeline of dated events, all recent ones or about a topic or person."""
    _ = await translator(update, context)
    topic = _query(update, "topic")
    if topic is None:
        await reply(
            update,
            _("Usage: /when [topic] — a topic of at most {n} characters.").format(n=_MAX_QUERY),
        )
        return
    container = context.container
    where = asker(update)
    sub = (
        await container.db(subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id)
        if where is not None
        else None
    )
    # A chat that is not subscribed reads the bot's default zone.
    zone = sub.timezone if sub is not None else container.settings.default_timezone
    answer = await container.db(
        when_answer, topic or None, now=container.clock.now(), language=_.language, zone=zone
    )
    await reply(update, list(answer.messages))
    message = update.effective_message
    if message is None or where is None or not answer.lines:
        return
    if sub is not None and not sub.images:
        return
    picture = await asyncio.to_thread(
        timeline_picture,
        answer.lines,
        title=answer.title,
        today=answer.today,
        labels=answer.labels,
    )
    if picture is None:
        return
    text = _.ngettext(
        "{title}: {n} event as a picture", "{title}: {n} events as a picture", len(answer.lines)
    ).format(title=answer.title, n=len(answer.lines))
    try:
        await message.reply_photo(picture, caption=caption(text), parse_mode=None, do_quote=False)
    except TelegramError as exc:
        # The text timeline has been sent; a chat that refuses photos still has it.
        log.warning("could not send the /when picture to %s: %s", where.chat_id, exc)


async def digest(update: Update, context: Context) -> None:
    """/digest: the current top stories, those already sent marked (an on-demand edition)."""
    where = asker(update)
    if where is None:
        return
    container = context.container
    _ = await translator(update, context)
    sub = await container.db(subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id)
    if sub is None or not sub.active:
        await reply(update, _("Subscribe first with /start, then /digest sends one now."))
        return
    if container.deliverer is None:
        await reply(update, _("The bot is still starting; try again in a moment."))
        return
    outcome = await container.deliverer.send_now(sub.id)
    if outcome not in {DeliveryOutcome.SENT, DeliveryOutcome.SKIPPED}:
        await reply(update, _("The digest could not be sent just now; it will follow shortly."))


async def sources(update: Update, context: Context) -> None:
    """/sources: the news sources the digest is drawn from."""
    from storage.sources import list_sources

    _ = await translator(update, context)
    rows = await context.container.db(list_sources)
    if not rows:
        await reply(update, _("No sources yet. An admin adds them with /addsource URL."))
        return
    lines = []
    for row in rows[:_MAX_SOURCES]:
        state = "" if row.enabled else " " + _("(paused)")
        # Titles are the feeds' own words: cut before escaping, by the digests' splitter.
        lines.append(f"{row.id}. {shorten(row.title or row.location, _MAX_TITLE)}{state}")
    if len(rows) > _MAX_SOURCES:
        lines.append(_("…and {n} more.").format(n=len(rows) - _MAX_SOURCES))
    await reply(update, render_lines(lines, header=_("Sources")))
