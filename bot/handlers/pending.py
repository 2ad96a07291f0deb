"""What the bot remembers of a question it asked: who was asked, where, and with which message.

Kept in the chat's data per user (the questions' conversation is per chat and user), so a reply
in another forum topic is not taken for the answer, and the question's buttons can be taken away
when it is answered, ended or expired.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError

from bot.context import Context
from bot.handlers.prompts import Question

__all__ = ["Pending", "drop_buttons", "is_waiting_prompt", "question_asked", "remember"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pending:
    """The question a user was asked in a chat: where, and the message that asked it."""

    question: Question
    onboarding: bool
    thread_id: int
    chat_id: int
    message_id: int | None


def _key(user_id: int | None) -> str:
    return f"question:{user_id}"


def question_asked(update: Update, context: Context) -> Pending | None:
    """The question the update's user was asked in its chat and has not answered, if any."""
    user = update.effective_user
    found = context.chat_data.get(_key(user.id if user else None)) if context.chat_data else None
    return found if isinstance(found, Pending) else None


def remember(update: Update, context: Context, pending: Pending | None) -> None:
    """Remember the question the update's user was just asked (None: forget it)."""
    user = update.effective_user
    if context.chat_data is None:
        return
    if pending is None:
        context.chat_data.pop(_key(user.id if user else None), None)
    else:
        context.chat_data[_key(user.id if user else None)] = pending


def is_waiting_prompt(context: Context, message_id: int) -> bool:
    """Whether ``message_id`` asked a question that someone in this chat still owes an answer."""
    values = context.chat_data.values() if context.chat_data else ()
    return any(isinstance(v, Pending) and v.message_id == message_id for v in values)


async def drop_buttons(context: Context, chat_id: int, message_id: int | None) -> None:
    """Take a question's buttons away (answered, ended or expired); a message without any, or
    one that is gone, is no matter."""
    if message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError as exc:
        log.debug("buttons of message %s in %s stay: %s", message_id, chat_id, exc)
