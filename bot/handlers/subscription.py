"""/start, /subscribe, /unsubscribe and /stop: joining and leaving the digest."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session
from telegram import Update

from bot.context import Context
from bot.handlers.common import (
    asker,
    command_argument,
    escape,
    reply,
    require_configurer,
    translator,
)
from bot.i18n import Translator
from storage import subscribers
from storage.models import Subscriber

__all__ = ["start", "subscribe", "unsubscribe"]

# Telegram deep-link payloads: up to 64 of A-Z, a-z, 0-9, _ and -.
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _welcome(times: list[str], tz: str, created: bool, _: Translator) -> str:
    first = _("Subscribed.") if created else _("You are subscribed.")
    return (
        first
        + " "
        + _("A digest of the news comes at {times} ({timezone}).").format(
            times=escape(", ".join(times)), timezone=escape(tz)
        )
        + "\n"
        + _(
            "Change it with /settings, choose topics with /filter, get one now with /digest; "
            "ask /who and /when. /help lists every command."
        )
    )


def _subscribe_in(
    session: Session, chat_id: int, *, language: str, **kwargs: Any
) -> tuple[Subscriber, bool]:
    """Subscribe, and keep the language the chat was answered in until now (new subscribers)."""
    sub, created = subscribers.subscribe(session, chat_id, **kwargs)
    if created:
        sub = subscribers.update_settings(session, sub.id, language=language)
    return sub, created


async def _subscribe(update: Update, context: Context, payload: str | None) -> None:
    where = asker(update)
    if where is None or not await require_configurer(update, context):
        return
    container = context.container
    settings = container.settings
    _ = await translator(update, context)
    sub, created = await container.db(
        _subscribe_in,
        where.chat_id,
        language=_.language,
        chat_type=where.chat_type,
        thread_id=where.thread_id,
        title=(where.title or "")[:256] or None,
        payload=payload,
        timezone=settings.default_timezone,
        digest_times=[settings.default_digest_time],
        max_stories=settings.digest_max_stories,
        now=container.clock.now(),
    )
    await reply(update, _welcome(list(sub.digest_times), sub.timezone, created, _))


async def start(update: Update, context: Context) -> None:
    """/start [payload]: subscribe; a deep-link payload (t.me/bot?start=x) is remembered."""
    argument = command_argument(update)
    payload = argument if _PAYLOAD.fullmatch(argument) else None
    await _subscribe(update, context, payload)


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe: start receiving digests in this chat (or forum topic)."""
    await _subscribe(update, context, None)


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe, /stop: no more digests here; settings are kept for a return."""
    where = asker(update)
    if where is None or not await require_configurer(update, context):
        return
    _ = await translator(update, context)
    stopped = await context.container.db(
        subscribers.unsubscribe, where.chat_id, thread_id=where.thread_id
    )
    if stopped:
        await reply(update, _("Unsubscribed: no more digests here. /subscribe brings them back."))
    else:
        await reply(update, _("This chat is not subscribed. /subscribe to get digests."))
