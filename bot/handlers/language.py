"""/lang [en|uk]: the language the bot speaks in this chat.

A subscribed chat keeps its choice in ``Subscriber.language`` (so digests use it too); a chat
that is not subscribed has it remembered for the bot's lifetime only, and is subscribed with it
later. Without a choice the user's Telegram ``language_code`` decides.
In groups anyone may ask which language is spoken; only the chat's admins may change it.
"""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import (
    Context,
    asker,
    command_argument,
    remember_language,
    reply,
    require_configurer,
    services,
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
    svc = services(context)
    sub = await svc.db(subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id)
    if sub is not None:
        await svc.db(subscribers.update_settings, sub.id, language=wanted)
    remember_language(context, where, wanted)
    _ = Translator(wanted)
    await reply(update, _("From now on I speak English here."))
