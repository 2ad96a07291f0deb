"""The bot's Application: a container in, a ready python-telegram-bot Application out.

The container (``bot.container.build``) holds the bot, its pacing layer and the deliverer; this
module adds the handlers, the error handler and the jobs, and opens the network resources in
``post_init``, closing them in ``post_shutdown``. Nothing happens at import time. The token never
reaches the logs (``bot.masking``). Once it is up it says so in one line (``ready_line``):
``newsdigest run`` prints it, so a quiet terminal means a running bot, not a hung one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.commands import publish_profile, register
from bot.container import Container
from bot.context import BotApplication, Context, context_types
from bot.errors import Stopping
from bot.handlers.common import cached_translator, reply
from bot.heap import freeze_long_lived
from bot.job_state import Intervals
from bot.masking import mask_secrets
from bot.scheduler import schedule_jobs
from bot.settings import Settings
from digests.jobs.status import Readiness, readiness
from digests.stories.packing import shorten
from digests.stories.render import render_lines

__all__ = ["MissingToken", "build_application", "ready_line", "run_bot", "webhook_options"]

# Told the ready line once the bot is up (``newsdigest run`` prints it).
OnReady = Callable[[str], None]

log = logging.getLogger(__name__)

# The admin chat is told of an error in one short message: its first this many UTF-16 units.
_ADMIN_NOTE_UNITS = 600


class MissingToken(Exception):
    """No bot token is configured."""


async def _on_error(update: object, context: Context) -> None:
    """The one error handler: log with traceback, tell the admin chat in one line, carry on."""
    error = context.error
    if isinstance(error, Stopping):
        log.info("not answered: %s", error)
        return
    log.error("error while handling an update: %s", error, exc_info=error)
    if isinstance(update, Update) and update.effective_message is not None:
        _ = cached_translator(update, context)
        with contextlib.suppress(TelegramError):
            await reply(update, _("Sorry, something went wrong; the admins have been told."))
    admin_chat = context.container.settings.admin_chat_id
    if admin_chat is None:
        return
    summary = shorten(mask_secrets(f"{type(error).__name__}: {error}"), _ADMIN_NOTE_UNITS)
    try:
        await context.bot.send_message(
            admin_chat, render_lines([f"⚠️ NewsDigest error: {summary}"])[0]
        )
    except TelegramError as exc:
        log.warning("could not tell the admin chat: %s", exc)


def build_application(
    container: Container, *, on_ready: OnReady | None = None, intervals: Intervals | None = None
) -> BotApplication:
    """The bot on ``container``, with its handlers and jobs; ``run_bot`` (or a test) starts it.
    ``on_ready`` is told the ready line once the bot is up; ``intervals`` replace the jobs'
    default intervals (tests)."""
    if container.bot is None:
        raise MissingToken(
            "no bot token: get one from @BotFather and set NEWSDIGEST_TELEGRAM_TOKEN "
            "(or try `newsdigest demo` without one)"
        )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .bot(container.bot)
        .application_class(BotApplication, kwargs={"container": container, "intervals": intervals})
        .context_types(context_types())
        .post_init(_post_init_telling(on_ready))
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    application = _ours(builder.build())
    register(application)
    application.add_error_handler(_on_error)
    return application


def _ours(application: Application[Any, Any, Any, Any, Any, Any]) -> BotApplication:
    # The builder's hooks are typed for any Application; ours is built as a BotApplication.
    if not isinstance(application, BotApplication):
        raise TypeError("not a NewsDigest application")
    return application


def ready_line(username: str, database: str, ready: Readiness) -> str:
    """One line: the bot, its database, what it reads, what it is doing, when it next sends."""
    sources = f"{ready.sources} source{'' if ready.sources == 1 else 's'}"
    if ready.sources_enabled != ready.sources:
        sources += f" ({ready.sources_enabled} enabled)"
    subscribers = f"{ready.subscribers} subscriber{'' if ready.subscribers == 1 else 's'}"
    backlog = f", analysing {ready.backlog} new article(s) now" if ready.backlog else ""
    upcoming = ready.next_digest_at
    next_digest = "no digest due"
    if upcoming is not None:
        next_digest = f"next digest {upcoming.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return (
        f"NewsDigest is running as @{username} on {database}: {sources}, {subscribers}{backlog}; "
        f"{next_digest}. Ctrl-C stops it."
    )


def _post_init_telling(
    on_ready: OnReady | None,
) -> Callable[[Application[Any, Any, Any, Any, Any, Any]], Any]:
    async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app = _ours(application)
        container = app.container
        await container.open()
        await publish_profile(application.bot, admin_ids=list(container.settings.admin_ids))
        await asyncio.to_thread(app.jobs.lease.take)
        schedule_jobs(app)
        facts = await container.db(readiness, now=container.clock.now())
        line = ready_line(application.bot.username, container.settings.shown_database(), facts)
        log.info("%s (worker %s)", line, container.worker)
        if on_ready is not None:
            on_ready(line)

    return post_init


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = _ours(application)
    container = app.container
    if container.deliverer is not None:
        container.deliverer.request_stop()
    task = app.jobs.delivery_task
    if task is not None and not task.done():
        # The message in flight is finished and recorded; whatever is left stays queued.
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=60)
        except TimeoutError:
            log.warning("delivery still running at shutdown; its claims will expire")


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = _ours(application)
    container = app.container
    try:
        await asyncio.to_thread(app.jobs.lease.release)
    except Exception:
        log.exception("could not release the scheduler lease")
    await container.close()


def webhook_options(settings: Settings, token: str) -> dict[str, Any]:
    """Where the webhook listens and what Telegram is told, for ``Updater.start_webhook``.

    The secret token is derived from the URL and the bot token: stable across restarts, unknown
    to anyone who does not hold the token.
    """
    if not settings.webhook_url:
        raise ValueError("no NEWSDIGEST_WEBHOOK_URL set")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": "telegram",
        "webhook_url": settings.webhook_url.rstrip("/") + "/telegram",
        "secret_token": uuid.uuid5(uuid.NAMESPACE_URL, settings.webhook_url + token).hex,
    }


def run_bot(container: Container, *, on_ready: OnReady | None = None) -> None:
    """Run until interrupted: long polling, or a webhook when NEWSDIGEST_WEBHOOK_URL is set."""
    application = build_application(container, on_ready=on_ready)
    settings = container.settings
    updates = Update.ALL_TYPES
    # Everything built so far lives as long as the process: out of the collector's way.
    freeze_long_lived()
    if settings.webhook_url:
        application.run_webhook(
            **webhook_options(settings, application.bot.token), allowed_updates=updates
        )
    else:
        application.run_polling(allowed_updates=updates)
