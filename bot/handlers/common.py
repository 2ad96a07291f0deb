"""What every handler needs: who is asking, from which chat and topic, and how to answer."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError

from bot.container import Container
from bot.context import Context
from bot.errors import Stopping
from bot.i18n import N_, Translator, pick_language
from bot.parsing import split_command
from digests.stories.markup import pack_markup
from digests.stories.packing import CAPTION_LIMIT, RenderFormat
from digests.stories.render import render_lines
from storage import subscribers
from storage.models import Subscriber

__all__ = [
    "ADMINS_ONLY",
    "Asker",
    "asker",
    "cached_translator",
    "caption",
    "command_argument",
    "escape",
    "is_admin",
    "may_configure",
    "remember_language",
    "reply",
    "require_configurer",
    "subscribed",
    "tell_admins_only",
    "translator",
]

log = logging.getLogger(__name__)

ADMINS_ONLY = N_("Only this chat's admins can change its digest settings.")
_CONFIGURING_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


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


def is_admin(update: Update, container: Container) -> bool:
    """Whether the user behind an update is in NEWSDIGEST_ADMIN_IDS."""
    user = update.effective_user
    return user is not None and user.id in container.settings.admin_ids


async def may_configure(update: Update, context: Context) -> bool:
    """Whether the sender may change this chat's subscription and settings: in groups, admins only.

    Telegram is asked on every call (statuses change); when it cannot answer, the change is
    refused rather than allowed.
    """
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE or update.channel_post is not None:
        # Only a channel's admins can post in it; buttons there are checked like in groups.
        return True
    message = update.message
    if message is not None and message.sender_chat is not None:
        # An anonymous admin writes as the group itself; anyone else as a channel is not one.
        return message.sender_chat.id == chat.id
    user = update.effective_user
    if user is None:
        return False
    if user.id in context.container.settings.admin_ids:
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning(
            "could not check whether user %s administers chat %s (%s): refused",
            user.id,
            chat.id,
            exc,
        )
        return False
    return member.status in _CONFIGURING_STATUSES


async def require_configurer(update: Update, context: Context) -> bool:
    """True when the sender may configure this chat; otherwise tell them so and return False.

    The refusal speaks to one person, so it is in their Telegram language.
    """
    if await may_configure(update, context):
        return True
    await tell_admins_only(update)
    return False


async def tell_admins_only(update: Update) -> None:
    """Refuse a change: an alert on a button press, a short reply to a message."""
    user = update.effective_user
    _ = Translator(pick_language(user.language_code if user else None))
    query = update.callback_query
    if query is not None:
        await query.answer(_(ADMINS_ONLY), show_alert=True)
    else:
        await reply(update, _(ADMINS_ONLY))


async def reply(
    update: Update,
    messages: str | Sequence[str],
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Answer in the chat and topic the update came from, in Telegram HTML.

    Every text, a renderer's messages or a short template with escaped words in it, passes
    through the one splitter (``digests.stories.markup.pack_markup``): cut to Telegram's limit
    in UTF-16 units, cleaned of controls and invisible characters. The keyboard goes with the
    last message. When the bot begins to stop, a reply still waiting for its turn is cut short
    (``bot.delivery.pacing``) instead of holding the shutdown back.
    """
    message = update.effective_message
    if message is None:
        return None
    given = [messages] if isinstance(messages, str) else list(messages)
    texts = [packed for text in given for packed in pack_markup(text)]
    sent: Message | None = None
    for index, text in enumerate(texts):
        markup = keyboard if index == len(texts) - 1 else None
        kwargs: dict[str, Any] = {
            "parse_mode": ParseMode.HTML,
            "link_preview_options": LinkPreviewOptions(is_disabled=True),
            "reply_markup": markup,
            "do_quote": False,
        }
        try:
            sent = await message.reply_text(text, **kwargs)
        except Stopping:
            log.info(
                "reply in chat %s cut short: the bot is stopping (%d of %d messages sent)",
                message.chat_id,
                index,
                len(texts),
            )
            return sent
    return sent


async def subscribed(
    update: Update, context: Context, _: Translator
) -> tuple[Asker, Subscriber] | None:
    """Where the update came from and its active subscription; without one, the chat is told
    to subscribe first (settings change a digest there is none of)."""
    where = asker(update)
    if where is None:
        return None
    sub = await context.container.db(
        subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id
    )
    if sub is None or not sub.active:
        await reply(update, _("Subscribe first with /start; then /settings changes your digest."))
        return None
    return where, sub


def caption(text: str) -> str:
    """Plain text fit for a photo's or a file's caption: one line, cleaned, and cut to
    Telegram's 1,024 UTF-16 units by the one splitter."""
    return (render_lines([text], fmt=RenderFormat.TEXT, limit=CAPTION_LIMIT) or [""])[0]


def _language_key(thread_id: int) -> str:
    return f"language:{thread_id}"


def remember_language(context: Context, where: Asker, language: str) -> None:
    """Cache the language chosen for a chat (and topic); the database keeps it across restarts."""
    if context.chat_data is not None:
        context.chat_data[_language_key(where.thread_id)] = language


def cached_translator(update: Update, context: Context) -> Translator:
    """The chat's language without asking the database: as remembered, else the user's."""
    where = asker(update)
    if where is not None and context.chat_data is not None:
        known = context.chat_data.get(_language_key(where.thread_id))
        if isinstance(known, str):
            return Translator(known)
    user = update.effective_user
    return Translator(pick_language(user.language_code if user else None))


async def translator(update: Update, context: Context) -> Translator:
    """The language to answer in: the chat's choice (/lang), else the user's Telegram language."""
    where = asker(update)
    if where is None or context.chat_data is None:
        return cached_translator(update, context)
    key = _language_key(where.thread_id)
    if key not in context.chat_data:
        chosen = await context.container.db(
            subscribers.chat_language, where.chat_id, thread_id=where.thread_id
        )
        if chosen is not None:
            context.chat_data[key] = pick_language(chosen)
    return cached_translator(update, context)
