"""Admin-only commands (NEWSDIGEST_ADMIN_IDS): /addsource URL, /removesource ID, /stats."""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.handlers.common import command_argument, escape, reply, translator
from bot.parsing import parse_id
from bot.status import status_lines
from digests.jobs.sources import add_source_from
from digests.jobs.status import operator_status
from digests.sources.errors import SourceError
from digests.sources.urls import MAX_SOURCE_URL_CHARS, url_problem
from digests.stories.render import render_lines
from storage.errors import AlreadyExists
from storage.sources import remove_source

__all__ = ["addsource", "removesource", "stats"]

# Sources needing attention and analysis failures listed by /stats; the rest are counted.
STATS_LISTED = 10


async def addsource(update: Update, context: Context) -> None:
    """/addsource URL: add a feed or an article page (fetched once to tell which)."""
    _ = await translator(update, context)
    url = command_argument(update)
    if " " in url or url_problem(url, max_chars=MAX_SOURCE_URL_CHARS) is not None:
        # Local paths are for the command line: a chat must not make the bot read its disk.
        await reply(update, _("Usage: /addsource URL — an http(s) address of a feed or a page."))
        return
    container = context.container
    try:
        added = await add_source_from(
            url,
            sessions=container.sessions,
            client=container.http,
            config=container.ingest.fetch,
            paths=False,
        )
    except (SourceError, AlreadyExists) as exc:
        await reply(update, _("Not added: {error}").format(error=escape(str(exc))))
        return
    title = escape(added.title or added.location)
    await reply(
        update,
        _("Added source {id} ({kind}): {title}").format(id=added.id, kind=added.kind, title=title),
    )


async def removesource(update: Update, context: Context) -> None:
    """/removesource ID: delete a source and its articles."""
    _ = await translator(update, context)
    argument = command_argument(update)
    source_id = parse_id(argument)
    if source_id is None:
        await reply(update, _("Usage: /removesource ID — the number /sources shows."))
        return
    removed = await context.container.db(remove_source, source_id)
    if removed is None:
        await reply(update, _("No source {id}. /sources lists them.").format(id=argument))
    else:
        await reply(
            update,
            _.ngettext(
                "Removed source {id} and {n} article.",
                "Removed source {id} and {n} articles.",
                removed,
            ).format(id=argument, n=removed),
        )


async def stats(update: Update, context: Context) -> None:
    """/stats: sources, backlog, stories, subscribers and deliveries at a glance.

    A bounded answer however many sources there are: totals, and the few sources and failed
    analyses that need attention; ``newsdigest status`` on the server lists everything.
    """
    container = context.container
    report = await container.db(operator_status, now=container.clock.now())
    header, *lines = status_lines(report, listed=STATS_LISTED)
    await reply(update, render_lines(lines, header=header))
