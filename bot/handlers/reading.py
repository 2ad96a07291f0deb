"""/digest, /who, /when and /sources: reading the news on demand."""

from __future__ import annotations

from telegram import Update

from bot.content import when_messages, who_messages
from bot.delivery import DeliveryOutcome
from bot.handlers.common import Context, asker, command_argument, escape, reply, services
from bot.parsing import MAX_ARGUMENT
from storage import subscribers

__all__ = ["digest", "sources", "when", "who"]

_MAX_QUERY = 100


def _query(update: Update, what: str) -> str | None:
    """The argument of /who or /when, or None after refusing it."""
    text = " ".join(command_argument(update).split())
    return text if len(text) <= _MAX_QUERY else None


async def who(update: Update, context: Context) -> None:
    """/who [name]: people in recent stories, or one person by any of their names."""
    query = _query(update, "name")
    if query is None:
        await reply(update, f"Usage: /who [name] — a name of at most {_MAX_QUERY} characters.")
        return
    svc = services(context)
    await reply(update, await svc.db(who_messages, query or None, now=svc.clock.now()))


async def when(update: Update, context: Context) -> None:
    """/when [topic]: a timeline of dated events, all recent ones or about a topic or person."""
    topic = _query(update, "topic")
    if topic is None:
        await reply(update, f"Usage: /when [topic] — a topic of at most {_MAX_QUERY} characters.")
        return
    svc = services(context)
    await reply(update, await svc.db(when_messages, topic or None, now=svc.clock.now()))


async def digest(update: Update, context: Context) -> None:
    """/digest: the digest now, with the stories since the last one."""
    where = asker(update)
    if where is None:
        return
    svc = services(context)
    sub = await svc.db(subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id)
    if sub is None or not sub.active:
        await reply(update, "Subscribe first with /subscribe, then /digest sends one now.")
        return
    if svc.deliverer is None:
        await reply(update, "The bot is still starting; try again in a moment.")
        return
    outcome = await svc.deliverer.send_now(sub.id)
    if outcome not in {DeliveryOutcome.SENT, DeliveryOutcome.SKIPPED}:
        await reply(update, "The digest could not be sent just now; it will follow shortly.")


async def sources(update: Update, context: Context) -> None:
    """/sources: the news sources the digest is drawn from."""
    from storage.sources import list_sources

    rows = await services(context).db(list_sources)
    if not rows:
        await reply(update, "No sources yet. An admin adds them with /addsource URL.")
        return
    lines = ["<b>Sources</b>"]
    for row in rows[:100]:
        state = "" if row.enabled else " (paused)"
        name = escape(row.title or row.location)
        lines.append(f"{row.id}. {name}{state}")
    text = "\n".join(lines)
    await reply(update, text[: MAX_ARGUMENT * 8])
