"""/lang [en|uk]: the language the bot speaks in this chat.

The choice is kept in the database for the chat (and topic), subscribed or not, and on the
subscription too, so digests use it; the chat's command menu follows it (``setMyCommands`` for
the chat's scope). Without a choice the user's Telegram ``language_code`` decides. In groups
anyone may ask which language is spoken; only the chat's admins may change it.
"""

from __future__ import annotations

from telegram import Update

from bot.context import Context
from bot.handlers.common import (
    asker,
    command_argument,
    remember_language,
    reply,
    require_configurer,
    translator,
)
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Translator
from storage import subscribers

__all__ = ["lang"]


def _choices() -> str:
    return ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)


async def lang(update: Update, context: Context) -> None:
    """/lang [en|uk]: show or change the bot's language here."""
    where = asker(update)
    if where is None:
        return
    _ = await translator(update, context)
    wanted = command_argument(update).strip().lower()
    if not wanted:
        await reply(
            update,
            _("Language: {name}. Change it with /lang followed by one of: {choices}.").format(
                name=LANGUAGE_NAMES[_.language], choices=_choices()
            ),
        )
        return
    if wanted not in LANGUAGES:
        await reply(update, _("Usage: /lang en|uk — one of: {choices}.").format(choices=_choices()))
        return
    if not await require_configurer(update, context):
        return
    container = context.container
    await container.db(
        subscribers.set_chat_language,
        where.chat_id,
        wanted,
        thread_id=where.thread_id,
        now=container.clock.now(),
    )
    remember_language(context, where, wanted)
    # The registry imports every handler module, this one too: imported when first needed.
    from bot.commands import publish_chat_menu

    # The menu first, so it has changed by the time the reply says so. A bot admin's private
    # chat shows the admin commands too, as at start-up.
    admin = where.is_private and where.chat_id in container.settings.admin_ids
    await publish_chat_menu(context.bot, where.chat_id, wanted, admin=admin)
    _ = Translator(wanted)
    await reply(update, _("From now on I speak English here."))
