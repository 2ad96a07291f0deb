"""What every handler needs: who is asking, from which chat and topic, and how to answer."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.parsing import split_command
from bot.services import Services, services

__all__ = [
    "Asker",
    "Context",
    "asker",
    "command_argument",
    "escape",
    "is_admin",
    "reply",
    "services",
]

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


@dataclass(frozen=True, slots=True)
class Asker:
    """The chat (and forum topic) a command came from."""

    chat_id: int
    thread_id: int
    chat_type: str
    title: str | None
    user_id: int | None

    @property
    def is_private(self) -> bool:
        return self.chat_type == ChatType.PRIVATE


def asker(update: Update) -> Asker | None:
    """Where an update came from; None for updates without a chat (inline queries, polls)."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None:
        return None
    thread_id = 0
    if message is not None and message.is_topic_message and message.message_thread_id:
        thread_id = message.message_thread_id
    title = chat.title or chat.full_name or chat.username
    user = update.effective_user
    return Asker(chat.id, thread_id, chat.type, title, user.id if user else None)


def command_argument(update: Update) -> str:
    """Everything after "/command" (and "@bot"), stripped; "" when none."""
    message = update.effective_message
    return split_command(message.text if message else None)[1]


def escape(text: str) -> str:
    """User-supplied text made safe inside Telegram HTML."""
    return html.escape(text, quote=False)


def is_admin(update: Update, svc: Services) -> bool:
    """Whether the user behind an update is in NEWSDIGEST_ADMIN_IDS."""
    user = update.effective_user
    return user is not None and user.id in svc.runtime.settings.admin_ids


async def reply(
    update: Update,
    messages: str | Sequence[str],
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    plain: bool = False,
) -> Message | None:
    """Answer in the chat and topic the update came from; HTML unless ``plain``."""
    message = update.effective_message
    if message is None:
        return None
    texts = [messages] if isinstance(messages, str) else list(messages)
    sent: Message | None = None
    for index, text in enumerate(texts):
        markup = keyboard if index == len(texts) - 1 else None
        kwargs: dict[str, Any] = {
            "parse_mode": None if plain else ParseMode.HTML,
            "link_preview_options": LinkPreviewOptions(is_disabled=True),
            "reply_markup": markup,
            "do_quote": False,
        }
        sent = await message.reply_text(text, **kwargs)
    return sent
