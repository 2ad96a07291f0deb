"""One stored message to one chat, with Telegram's errors translated into what they mean.

- Forbidden (blocked, kicked), "chat not found", a deleted topic: ChatGone;
- ChatMigrated: the chat is followed to its new supergroup id and the message sent there;
- BadRequest on entities: the plain-text rendering is sent instead;
- TimedOut / NetworkError: retried with backoff, then Deferred;
- RetryAfter (the pacer already waited what it may): Deferred for the time Telegram asks.

Pacing itself is the bot's rate limiter (``bot.delivery.pacing.Pacer``), shared with every
other message the bot sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.pacing import Pacing, retry_seconds
from bot.errors import ChatGone, Deferred, MessageRefused
from storage.deliveries import OutboxMessage

__all__ = ["Recipient", "Sender"]

log = logging.getLogger(__name__)

_PARSE_ERRORS = ("can't parse entities", "can't find end", "unsupported start tag", "parse")
_GONE_ERRORS = ("chat not found", "message thread not found", "topic_deleted", "topic closed")

# Called with (old chat id, new chat id) when a group became a supergroup.
Migrate = Callable[[int, int], Awaitable[None]]


@dataclass
class Recipient:
    """Where a subscriber's messages go; ``chat_id`` follows a group's migration."""

    subscriber_id: int
    chat_id: int
    thread_id: int


class Sender:
    """Sends stored messages until Telegram accepts them, or raises a DeliveryError."""

    def __init__(self, bot: Bot, *, pacing: Pacing, on_migrate: Migrate) -> None:
        self._bot = bot
        self._pacing = pacing
        self._on_migrate = on_migrate

    async def send(self, target: Recipient, message: OutboxMessage) -> None:
        """Send ``message`` to ``target`` (as plain text if Telegram rejects its HTML)."""
        plain = False
        failures = 0
        while True:
            try:
                await self._bot.send_message(
                    chat_id=target.chat_id,
                    text=message.plain if plain and message.plain is not None else message.html,
                    parse_mode=None if plain else ParseMode.HTML,
                    message_thread_id=target.thread_id or None,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                raise Deferred(
                    f"flood control: retry after {seconds:g}s", retry_in=seconds
                ) from exc
            except ChatMigrated as exc:
                new_chat_id = int(exc.new_chat_id)
                log.info("chat %s moved to %s; following it", target.chat_id, new_chat_id)
                await self._on_migrate(target.chat_id, new_chat_id)
                target.chat_id = new_chat_id
            except Forbidden as exc:
                raise ChatGone(f"chat gone: {exc.message}") from exc
            except BadRequest as exc:
                reason = exc.message.lower()
                parse_error = any(p in reason for p in _PARSE_ERRORS)
                if not plain and message.plain is not None and parse_error:
                    log.warning(
                        "chat %s refused HTML (%s); sending plain text", target.chat_id, exc.message
                    )
                    plain = True
                    continue
                if any(p in reason for p in _GONE_ERRORS):
                    raise ChatGone(f"chat gone: {exc.message}") from exc
                raise MessageRefused(f"message refused: {exc.message}") from exc
            except (TimedOut, NetworkError) as exc:
                failures += 1
                if failures > self._pacing.network_retries:
                    raise Deferred(f"network: {exc.message}", retry_in=60.0) from exc
                await asyncio.sleep(self._pacing.backoff * 2 ** (failures - 1))
