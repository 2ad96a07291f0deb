"""The composition root of the bot: settings in, a ready python-telegram-bot Application out.

Token and Bot API URL come from settings, so any Bot API server works (api.telegram.org or a
local one). Network resources open in ``post_init`` and close in ``post_shutdown``; nothing
happens at import time. The token never reaches the logs: httpx (which logs request URLs, and
Bot API URLs carry the token) stays at WARNING, and a log-record factory masks the token in
every record, traceback included.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import traceback
import uuid
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.clock import Clock, SystemClock
from bot.commands import publish_menu, register
from bot.content import DigestComposer, compose_digest
from bot.delivery import Deliverer, Pacer, Pacing
from bot.handlers.common import cached_translator
from bot.runtime import Runtime
from bot.scheduler import (
    Intervals,
    release_scheduler_lease,
    schedule_jobs,
    take_scheduler_lease,
)
from bot.services import SERVICES_KEY, Services
from bot.settings import Settings
from digests.jobs.pipeline import worker_name

__all__ = [
    "MissingToken",
    "build_application",
    "install_token_masking",
    "mask_secrets",
    "run_bot",
    "webhook_options",
]

log = logging.getLogger(__name__)

_SECRETS: set[str] = set()
_MASK = "<token>"


class MissingToken(Exception):
    """No bot token is configured."""


def mask_secrets(text: str) -> str:
    """``text`` with every registered secret (the bot token) replaced by a mask."""
    for secret in _SECRETS:
        if secret:
            text = text.replace(secret, _MASK)
    return text


def install_token_masking(token: str) -> None:
    """Mask ``token`` in every log record created from now on, whatever logger or handler."""
    _SECRETS.add(token)
    # The numeric bot id before ":" is public; the part after it is the secret.
    _SECRETS.add(token.partition(":")[2])
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_newsdigest_masks", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is the logging module's problem, not ours
            return record
        masked = mask_secrets(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets("".join(traceback.format_exception(*record.exc_info)))
            record.exc_text = record.exc_text.rstrip("\n")
        return record

    factory._newsdigest_masks = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log with traceback, tell the admin chat in one line, carry on."""
    error = context.error
    log.error("error while handling an update: %s", error, exc_info=error)
    svc: Services | None = context.application.bot_data.get(SERVICES_KEY)
    if isinstance(update, Update) and update.effective_message is not None:
        _ = cached_translator(update, context)
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_text(
                _("Sorry, something went wrong; the admins have been told."), do_quote=False
            )
    admin_chat = svc.runtime.settings.admin_chat_id if svc is not None else None
    if admin_chat is None:
        return
    summary = mask_secrets(f"{type(error).__name__}: {error}")[:500]
    try:
        await context.bot.send_message(
            admin_chat, f"⚠️ NewsDigest error: {html.escape(summary, quote=False)}"
        )
    except TelegramError as exc:
        log.warning("could not tell the admin chat: %s", exc)


def build_application(
    runtime: Runtime,
    *,
    clock: Clock | None = None,
    composer: DigestComposer | None = None,
    pacing: Pacing | None = None,
    intervals: Intervals | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot, wired to ``runtime``; ``run_bot`` (or a test) starts it.

    ``pacing`` is the one pacing layer: the bot's rate limiter, which digests and command
    replies share, and the deliverer's retry policy.
    """
    settings = runtime.settings
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value().strip():
        raise MissingToken(
            "no bot token: get one from @BotFather and set NEWSDIGEST_TELEGRAM_TOKEN "
            "(or try `newsdigest demo` without one)"
        )
    token = settings.telegram_token.get_secret_value().strip()
    install_token_masking(token)
    svc = Services(
        runtime=runtime,
        clock=clock or SystemClock(),
        composer=composer or compose_digest,
        worker=worker_name(),
    )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .rate_limiter(Pacer(pacing))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    file_url = settings.telegram_file_url or _file_url(settings.telegram_api_url)
    builder = builder.base_file_url(file_url)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = svc
    application.bot_data["pacing"] = pacing
    application.bot_data["intervals"] = intervals
    register(application)
    application.add_error_handler(_on_error)
    return application


def _file_url(api_url: str) -> str:
    # ".../bot" -> ".../file/bot", as api.telegram.org and telegram-bot-api both lay it out.
    base = api_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file/bot"


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    svc: Services = application.bot_data[SERVICES_KEY]
    settings = svc.runtime.settings
    svc.deliverer = Deliverer(
        application.bot,
        svc.runtime.sessions,
        composer=svc.composer,
        clock=svc.clock,
        worker=svc.worker,
        pacing=application.bot_data.get("pacing"),
        max_quotes=settings.digest_key_quotes,
    )
    await publish_menu(application.bot, admin_ids=list(settings.admin_ids))
    await asyncio.to_thread(take_scheduler_lease, svc)
    schedule_jobs(application, intervals=application.bot_data.get("intervals"))
    log.info("bot @%s ready (worker %s)", application.bot.username, svc.worker)


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    svc: Services = application.bot_data[SERVICES_KEY]
    if svc.deliverer is not None:
        svc.deliverer.request_stop()
    if svc.delivery_task is not None and not svc.delivery_task.done():
        # The message in flight is finished and recorded; whatever is left stays queued.
        try:
            await asyncio.wait_for(asyncio.shield(svc.delivery_task), timeout=60)
        except TimeoutError:
            log.warning("delivery still running at shutdown; its claims will expire")


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    svc: Services = application.bot_data[SERVICES_KEY]
    try:
        await asyncio.to_thread(release_scheduler_lease, svc)
    except Exception:
        log.exception("could not release the scheduler lease")
    for close in svc.closers:
        close()


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


def run_bot(runtime: Runtime) -> None:
    """Run until interrupted: long polling, or a webhook when NEWSDIGEST_WEBHOOK_URL is set."""
    application = build_application(runtime)
    settings = runtime.settings
    updates = Update.ALL_TYPES
    if settings.webhook_url:
        application.run_webhook(
            **webhook_options(settings, application.bot.token), allowed_updates=updates
        )
    else:
        application.run_polling(allowed_updates=updates)
