"""The one registry of bot commands: it registers the handlers and builds the command menu.

Each command has a name, a one-line description (the menu and /help), its handler, whether it
is for admins only, its aliases (answered, never listed: /subscribe is /start, /unsubscribe is
/stop), and whether it may ask a question (``asks``: it then enters the questions'
conversation, ``bot.handlers.questions``). The same list drives ``register`` (handlers) and the
menus (``setMyCommands``), so a menu never lists a command the bot does not answer, nor one
twice. Descriptions are marked with ``N_`` and translated when shown: the menu is published
once per UI language (``language_code``) and, after /lang, for that chat
(``BotCommandScopeChat``); /help answers in the chat's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotApplication, Context
from bot.handlers import admin, language, opml, questions, reading, settings, subscription
from bot.handlers.common import asker, escape, is_admin, reply, translator
from bot.handlers.settings_view import CALLBACK_PREFIX
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Translator
from bot.parsing import split_command

__all__ = [
    "COMMANDS",
    "Command",
    "Scope",
    "help_text",
    "menu",
    "publish_chat_menu",
    "publish_menu",
    "publish_profile",
    "register",
]

log = logging.getLogger(__name__)

# A handler may return the next state of the questions' conversation (``asks`` commands).
Handler = Callable[[Update, Context], Coroutine[Any, Any, object]]
# New messages and channel posts; edited messages are ignored (a command is not re-run).
UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST


class Scope(StrEnum):
    """Where a command belongs in the menu."""

    ALL = "all"
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    description: str
    handler: Handler
    admin_only: bool = False
    scope: Scope = Scope.ALL
    usage: str = ""
    # Other names it answers to, never listed in the menu or /help.
    aliases: tuple[str, ...] = ()
    # It may ask a question (then its handler returns the conversation's next state).
    asks: bool = False

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


async def help_command(update: Update, context: Context) -> None:
    """/help: every command with what it does."""
    _ = await translator(update, context)
    await reply(update, help_text(admin=is_admin(update, context.container), translate=_))


COMMANDS: tuple[Command, ...] = (
    Command(
        "start",
        N_("Subscribe and choose when the digest comes"),
        subscription.start,
        aliases=("subscribe",),
        asks=True,
    ),
    Command("help", N_("What the bot can do"), help_command),
    Command("digest", N_("The digest now"), reading.digest),
    Command("who", N_("People in the news, or one person"), reading.who, usage=N_("[name]")),
    Command("when", N_("Timeline of events, or of one topic"), reading.when, usage=N_("[topic]")),
    Command("sources", N_("The news sources read"), reading.sources),
    Command(
        "settings",
        N_("Digest times, time zone, length, quiet hours"),
        settings.settings_command,
        asks=True,
    ),
    Command(
        "filter",
        N_("Include or exclude keywords, people, outlets"),
        settings.filter_command,
        usage=N_("[include|exclude|remove WORD | clear]"),
    ),
    Command(
        "lang", N_("Language of the bot: English or Ukrainian"), language.lang, usage="[en|uk]"
    ),
    Command(
        "stop", N_("Stop digests in this chat"), subscription.unsubscribe, aliases=("unsubscribe",)
    ),
    Command("addsource", N_("Add a feed or page (admin)"), admin.addsource, True, usage="URL"),
    Command("removesource", N_("Remove a source (admin)"), admin.removesource, True, usage="ID"),
    Command("import", N_("Add the feeds of an OPML file (admin)"), opml.import_command, True),
    Command("export", N_("The feeds as an OPML file (admin)"), opml.export_command, True),
    Command("stats", N_("Sources, backlog and deliveries (admin)"), admin.stats, True),
)

# The bot's profile: what Telegram shows before the first message (description, up to 512
# characters) and on its profile page and in shared links (short description, up to 120).
DESCRIPTION = N_(
    "NewsDigest reads the news for you: one story per event from several outlets, the best "
    "sentences of each, who said what (/who) and when things happened (/when). Press Start: two "
    "questions, your time zone and your hour, and a digest comes every day."
)
SHORT_DESCRIPTION = N_("A daily news digest: one story per event, who said what, and when.")

_BY_NAME = {command.name: command for command in COMMANDS}
_ENGLISH = Translator(DEFAULT_LANGUAGE)


def help_text(*, admin: bool = False, translate: Translator = _ENGLISH) -> str:
    """The /help message, from the registry, in the reader's language."""
    _ = translate
    lines = [
        _(
            "<b>NewsDigest</b> sends a digest of the news: one story per event, the best "
            "sentences from every outlet, and who said what."
        ),
        "",
    ]
    for command in COMMANDS:
        if command.admin_only and not admin:
            continue
        usage = f" {escape(_(command.usage))}" if command.usage else ""
        lines.append(f"/{command.name}{usage} — {escape(_(command.description))}")
    return "\n".join(lines)


def menu(*, admin: bool = False, language: str = DEFAULT_LANGUAGE) -> list[BotCommand]:
    """The BotFather-style command menu (admin commands only in the admin's menu)."""
    _ = Translator(language)
    return [
        BotCommand(command.name, _(command.description))
        for command in COMMANDS
        if admin or not command.admin_only
    ]


async def _call(action: Coroutine[Any, Any, Any], what: str) -> bool:
    """One profile call; a server that refuses is logged, and the bot goes on without it."""
    try:
        await action
    except TelegramError as exc:
        log.warning("could not set %s (%s); the bot works without it", what, exc)
        return False
    return True


async def publish_menu(bot: Bot, *, admin_ids: list[int]) -> bool:
    """Send the command menu in every UI language; a server that cannot is logged, the bot goes on.

    The default-language menu is published without a language code, so users of any other
    language see it; the others with their code (Telegram picks by the user's language). Each
    call stands alone: an admin who never wrote to the bot (Telegram: "chat not found") costs
    that admin's menu, not the others.
    """
    done = True
    for ui_language in LANGUAGES:
        code = None if ui_language == DEFAULT_LANGUAGE else ui_language
        done &= await _call(
            bot.set_my_commands(menu(language=ui_language), language_code=code),
            "the command menu",
        )
        for admin_id in admin_ids:
            done &= await _call(
                bot.set_my_commands(
                    menu(admin=True, language=ui_language),
                    scope=BotCommandScopeChat(admin_id),
                    language_code=code,
                ),
                f"the command menu of admin {admin_id}",
            )
    return done


async def publish_profile(bot: Bot, *, admin_ids: list[int]) -> bool:
    """At start-up: the menus, and the description and short description in every UI language
    (the first screen a Telegram user sees before pressing Start)."""
    done = await publish_menu(bot, admin_ids=admin_ids)
    for ui_language in LANGUAGES:
        _ = Translator(ui_language)
        code = None if ui_language == DEFAULT_LANGUAGE else ui_language
        done &= await _call(
            bot.set_my_description(_(DESCRIPTION), language_code=code), "the description"
        )
        done &= await _call(
            bot.set_my_short_description(_(SHORT_DESCRIPTION), language_code=code),
            "the short description",
        )
    return done


async def publish_chat_menu(bot: Bot, chat_id: int, language: str, *, admin: bool) -> bool:
    """The menu of one chat in the language /lang chose there, whatever its members' own
    languages: set for the chat's scope with no language code and with each UI language's code
    (Telegram prefers a list for the user's language over the scope's plain one)."""
    commands = menu(admin=admin, language=language)
    done = True
    for code in (None, *(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)):
        done &= await _call(
            bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id), language_code=code),
            f"the menu of chat {chat_id}",
        )
    return done


def _guard(command: Command) -> Handler:
    async def run(update: Update, context: Context) -> object:
        if command.admin_only and not is_admin(update, context.container):
            _ = await translator(update, context)
            await reply(update, _("That command is for the bot's admins."))
            return None
        return await command.handler(update, context)

    run.__name__ = f"command_{command.name}"
    return run


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not know: say so where it is clearly addressed to us."""
    message = update.effective_message
    where = asker(update)
    if message is None or where is None or not message.text:
        return
    name, _ = split_command(message.text)
    mentioned = f"@{context.bot.username}".lower() in message.text.split(" ", 1)[0].lower()
    if where.is_private or mentioned:
        shown = escape(name[:32]) if name else ""
        _ = await translator(update, context)
        await reply(update, _("Unknown command /{name}, see /help.").format(name=shown))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice...: a hint in private chats, silence in groups."""
    where = asker(update)
    if where is not None and where.is_private:
        _ = await translator(update, context)
        await reply(update, _("I only read text commands: see /help."))


async def _import_document(update: Update, context: Context) -> None:
    await _guard(command("import"))(update, context)


def register(application: BotApplication) -> None:
    """Add the questions' conversation (in a group of its own, before the rest), every
    command's handler, then the fallbacks, to ``application``."""
    asking = [
        CommandHandler(command.names, questions.entry(_guard(command)), filters=UPDATES)
        for command in COMMANDS
        if command.asks
    ]
    timeout = application.container.settings.question_timeout
    application.add_handler(questions.conversation(asking, timeout=timeout), group=-1)
    for command in COMMANDS:
        # Channel posts never reach the conversation (it follows users): these answer them.
        application.add_handler(CommandHandler(command.names, _guard(command), filters=UPDATES))
    # An .opml file sent with the caption /import: CommandHandler reads text, not captions.
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.Document.ALL
            & filters.CaptionRegex(r"^/import(@\w+)?(\s|$)"),
            _import_document,
        )
    )
    application.add_handler(
        CallbackQueryHandler(settings.settings_button, pattern=f"^{CALLBACK_PREFIX}")
    )
    application.add_handler(MessageHandler(UPDATES & filters.COMMAND, unknown_command))
    application.add_handler(
        MessageHandler(UPDATES & filters.TEXT & ~filters.COMMAND, settings.text_reply)
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text
        )
    )


def command(name: str) -> Command:
    """The registered command called ``name`` (KeyError if none)."""
    return _BY_NAME[name]
