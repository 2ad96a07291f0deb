"""The one registry of bot commands: it registers the handlers and builds the command menu.

Each command has a name, a one-line description (the menu and /help), its handler, whether it
is for admins only, and where it makes sense. The same list drives ``register`` (handlers) and
``publish_menu`` (``setMyCommands``), so the menu never lists a command the bot does not answer.
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
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers import admin, reading, settings, subscription
from bot.handlers.common import Context, asker, escape, is_admin, reply, services
from bot.parsing import split_command

__all__ = ["COMMANDS", "Command", "Scope", "help_text", "menu", "publish_menu", "register"]

log = logging.getLogger(__name__)

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
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


async def help_command(update: Update, context: Context) -> None:
    """/help: every command with what it does."""
    await reply(update, help_text(admin=is_admin(update, services(context))))


COMMANDS: tuple[Command, ...] = (
    Command("start", "Subscribe to the news digest", subscription.start),
    Command("help", "What the bot can do", help_command),
    Command("subscribe", "Get digests in this chat", subscription.subscribe),
    Command("unsubscribe", "Stop digests in this chat", subscription.unsubscribe),
    Command("stop", "Stop digests (same as /unsubscribe)", subscription.unsubscribe),
    Command("digest", "The digest now", reading.digest),
    Command("who", "People in the news, or one person", reading.who, usage="[name]"),
    Command("when", "Timeline of events, or of one topic", reading.when, usage="[topic]"),
    Command("sources", "The news sources read", reading.sources),
    Command("settings", "Digest times, time zone, length, quiet hours", settings.settings_command),
    Command(
        "filter",
        "Include or exclude keywords, people, outlets",
        settings.filter_command,
        usage="[include|exclude|remove WORD | clear]",
    ),
    Command("addsource", "Add a feed or page (admin)", admin.addsource, True, usage="URL"),
    Command("removesource", "Remove a source (admin)", admin.removesource, True, usage="ID"),
    Command("stats", "Sources, backlog and deliveries (admin)", admin.stats, True),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def help_text(*, admin: bool = False) -> str:
    """The /help message, from the registry."""
    lines = [
        "<b>NewsDigest</b> sends a digest of the news: one story per event, the best "
        "sentences from every outlet, and who said what.",
        "",
    ]
    for command in COMMANDS:
        if command.admin_only and not admin:
            continue
        usage = f" {escape(command.usage)}" if command.usage else ""
        lines.append(f"/{command.name}{usage} — {escape(command.description)}")
    return "\n".join(lines)


def menu(*, admin: bool = False) -> list[BotCommand]:
    """The BotFather-style command menu (admin commands only in the admin's menu)."""
    return [
        BotCommand(command.name, command.description)
        for command in COMMANDS
        if admin or not command.admin_only
    ]


async def publish_menu(bot: Bot, *, admin_ids: list[int]) -> bool:
    """Send the command menu; a Bot API server that cannot is logged, and the bot goes on."""
    try:
        await bot.set_my_commands(menu())
        for admin_id in admin_ids:
            await bot.set_my_commands(menu(admin=True), scope=BotCommandScopeChat(admin_id))
    except TelegramError as exc:
        log.warning("could not set the command menu (%s); the bot works without it", exc)
        return False
    return True


def _guard(command: Command) -> Handler:
    async def run(update: Update, context: Context) -> None:
        if command.admin_only and not is_admin(update, services(context)):
            await reply(update, "That command is for the bot's admins.")
            return
        await command.handler(update, context)

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
        await reply(update, f"Unknown command /{shown}, see /help.")


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice...: a hint in private chats, silence in groups."""
    where = asker(update)
    if where is not None and where.is_private:
        await reply(update, "I only read text commands: see /help.")


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every command's handler, then the fallbacks, to ``application``."""
    for command in COMMANDS:
        application.add_handler(CommandHandler(command.name, _guard(command), filters=UPDATES))
    application.add_handler(
        CallbackQueryHandler(settings.settings_button, pattern=f"^{settings.CALLBACK_PREFIX}")
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
