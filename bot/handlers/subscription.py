"""/start (and its alias /subscribe), /stop (and /unsubscribe): joining and leaving the digest.

A chat that joins is asked two questions, its time zone and its digest time
(``bot.handlers.questions``); a channel is not (nobody there can answer), nor a chat that was
subscribed already.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import Context
from bot.handlers.common import (
    asker,
    command_argument,
    escape,
    reply,
    require_configurer,
    translator,
)
from bot.handlers.questions import Question, ask
from bot.i18n import Translator
from digests.jobs.zones import zone_name
from storage import subscribers
from storage.models import Subscriber

__all__ = ["start", "unsubscribe"]

# Telegram deep-link payloads: up to 64 of A-Z, a-z, 0-9, _ and -.
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _welcome(times: list[str], tz: str, _: Translator) -> str:
    return (
        _("You are subscribed.")
        + " "
        + _("A digest of the news comes at {times} ({timezone}).").format(
            times=escape(", ".join(times)), timezone=escape(zone_name(tz))
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


async def _subscribe(update: Update, context: Context, payload: str | None) -> object:
    where = asker(update)
    if where is None or not await require_configurer(update, context):
        return ConversationHandler.END
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
    if not created or update.channel_post is not None:
        await reply(update, _welcome(list(sub.digest_times), sub.timezone, _))
        return ConversationHandler.END
    intro = escape(
        _(
            "Subscribed: a digest of the news comes every day. Two questions set its hour "
            "(any command skips them)."
        )
    )
    return await ask(update, context, Question.TZ, onboarding=True, intro=intro, _=_)


async def start(update: Update, context: Context) -> object:
    """/start [payload], /subscribe: subscribe, then ask the time zone and the digest time; a
    deep-link payload (t.me/bot?start=x) is remembered."""
    argument = command_argument(update)
    payload = argument if _PAYLOAD.fullmatch(argument) else None
    return await _subscribe(update, context, payload)


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
        await reply(update, _("Unsubscribed: no more digests here. /start brings them back."))
    else:
        await reply(update, _("This chat is not subscribed. /start to get digests."))
