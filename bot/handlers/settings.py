"""/settings and /filter: when digests come, how long they are, and what they hold.

/settings shows the settings with an inline keyboard; a button either changes a value at once
(stories per digest, images) or asks a question (times, time zone, quiet hours:
``bot.handlers.questions``). Every value can also be given directly, in the forms the questions
take: /settings times 7:30 pm, /settings tz kyiv. In groups anyone may look at the settings and
filters; only the chat's admins may change them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import Context
from bot.errors import UsageError
from bot.handlers.common import (
    asker,
    command_argument,
    escape,
    may_configure,
    reply,
    require_configurer,
    subscribed,
    tell_admins_only,
    translator,
)
from bot.handlers.pending import is_waiting_prompt
from bot.handlers.questions import Question, answer
from bot.handlers.settings_view import (
    CALLBACK_PREFIX,
    describe_settings,
    saved_header,
    settings_keyboard,
)
from bot.i18n import N_, Translator
from bot.parsing import MAX_FILTER_TERMS, parse_filter_term, parse_max_stories
from digests.stories.render import render_lines
from storage import subscribers
from storage.models import Subscriber

__all__ = ["filter_command", "settings_button", "settings_command", "text_reply"]

_STORY_CHOICES = (3, 5, 7, 10)
# The settings a question asks, by the word /settings takes them with.
_ASKED = {
    "times": Question.TIMES,
    "tz": Question.TZ,
    "timezone": Question.TZ,
    "quiet": Question.QUIET,
}
SETTINGS_USAGE = N_(
    "Usage: /settings [times 7:30, 19 | tz Kyiv | stories 5 | quiet 23:00-07:00|off"
    " | images on|off]"
)
FILTER_USAGE = N_(
    "Usage: /filter include WORD | exclude WORD | remove WORD | clear. "
    "WORD can be a keyword, person:NAME or outlet:NAME."
)


def _change(field: str, value: str) -> dict[str, Any]:
    """A settings field changed at once and its text -> keyword arguments of update_settings
    (or UsageError)."""
    parsers: dict[str, Callable[[str], dict[str, Any]]] = {
        "stories": lambda v: {"max_stories": parse_max_stories(v)},
        "images": lambda v: {"images": _on_off(v)},
    }
    parser = parsers.get(field)
    if parser is None:
        raise UsageError(SETTINGS_USAGE)
    return parser(value)


def _on_off(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"on", "yes", "true", "1", "увімк", "так"}:
        return True
    if lowered in {"off", "no", "false", "0", "вимк", "ні"}:
        return False
    raise UsageError(N_("Say on or off."))


async def _apply(
    update: Update, context: Context, sub: Subscriber, field: str, value: str, _: Translator
) -> None:
    try:
        change = _change(field, value)
    except UsageError as exc:
        await reply(update, escape(exc.translated(_)))
        return
    updated = await context.container.db(subscribers.update_settings, sub.id, **change)
    await reply(
        update, describe_settings(updated, _, saved=True), keyboard=settings_keyboard(updated, _)
    )


async def settings_command(update: Update, context: Context) -> object:
    """/settings [field value]: show the settings with buttons, or change one directly (a time
    zone that names several, "tz USA", leaves the question open with the choices)."""
    _ = await translator(update, context)
    found = await subscribed(update, context, _)
    if found is None:
        return ConversationHandler.END
    sub = found[1]
    argument = command_argument(update)
    if not argument:
        await reply(update, describe_settings(sub, _), keyboard=settings_keyboard(sub, _))
        return ConversationHandler.END
    field, _space, value = argument.partition(" ")
    if not value.strip():
        await reply(update, escape(_(SETTINGS_USAGE)))
        return ConversationHandler.END
    if not await require_configurer(update, context):
        return ConversationHandler.END
    question = _ASKED.get(field.lower())
    if question is not None:
        return await answer(update, context, question, value, onboarding=False)
    await _apply(update, context, sub, field.lower(), value, _)
    return ConversationHandler.END


async def settings_button(update: Update, context: Context) -> None:
    """A press on a /settings button."""
    query = update.callback_query
    if query is None or not await require_configurer(update, context):
        return
    data = (query.data or "").removeprefix(CALLBACK_PREFIX)
    _ = await translator(update, context)
    found = await subscribed(update, context, _)
    if found is None:
        await query.answer()
        return
    sub = found[1]
    container = context.container
    field, _sep, value = data.partition(":")
    if field == "stories" and not value:
        await query.answer()
        rows = [
            [
                InlineKeyboardButton(str(n), callback_data=f"{CALLBACK_PREFIX}stories:{n}")
                for n in _STORY_CHOICES
            ]
        ]
        await _edit(update, query, [_("How many stories per digest?")], InlineKeyboardMarkup(rows))
        return
    if field in {"stories", "images"}:
        try:
            change = _change("stories", value) if field == "stories" else {"images": not sub.images}
        except UsageError as exc:
            await query.answer(exc.translated(_)[:190])
            return
        updated = await container.db(subscribers.update_settings, sub.id, **change)
        await query.answer(_("Saved"))
        await _edit(
            update, query, describe_settings(updated, _, saved=True), settings_keyboard(updated, _)
        )
        return
    await query.answer(_("This button is no longer valid; send /settings again."))


async def _edit(
    update: Update, query: Any, messages: list[str], markup: InlineKeyboardMarkup | None
) -> None:
    if len(messages) > 1:
        # More than one message holds it: send them anew rather than cut the edited one.
        await reply(update, messages, keyboard=markup)
        return
    try:
        await query.edit_message_text(messages[0], reply_markup=markup, parse_mode="HTML")
    except BadRequest as exc:
        # "message is not modified" and friends: the settings are saved either way.
        if "not modified" not in exc.message.lower():
            raise


async def text_reply(update: Update, context: Context) -> None:
    """A plain text that answers no question: a hint in private chats; in groups, a reply to a
    question someone else was asked, from a member who may not answer it, is told so."""
    where = asker(update)
    message = update.effective_message
    if where is None or message is None or message.text is None:
        return
    if where.is_private:
        _ = await translator(update, context)
        await reply(update, _("I answer commands: see /help."))
        return
    replied = message.reply_to_message
    if (
        replied is not None
        and is_waiting_prompt(context, replied.message_id)
        and not await may_configure(update, context)
    ):
        await tell_admins_only(update)


async def filter_command(update: Update, context: Context) -> None:
    """/filter [include|exclude|remove WORD | clear]: what digests hold or leave out."""
    _ = await translator(update, context)
    found = await subscribed(update, context, _)
    if found is None:
        return
    sub = found[1]
    argument = command_argument(update)
    action, _space, rest = argument.partition(" ")
    action = action.lower()
    current = {
        "include": list((sub.filters or {}).get("include", [])),
        "exclude": list((sub.filters or {}).get("exclude", [])),
    }
    if not argument:
        await reply(update, _describe_filters(current, _, usage=True))
        return
    if action in {"clear", "include", "exclude", "remove"} and not await require_configurer(
        update, context
    ):
        return
    if action == "clear":
        current = {"include": [], "exclude": []}
    elif action in {"include", "exclude", "remove"}:
        try:
            term = parse_filter_term(rest)
        except UsageError as exc:
            await reply(update, escape(exc.translated(_)))
            return
        folded = term.casefold()
        for key in current:
            current[key] = [t for t in current[key] if t.casefold() != folded]
        if action != "remove":
            if len(current["include"]) + len(current["exclude"]) >= MAX_FILTER_TERMS:
                await reply(
                    update,
                    _("At most {n} terms; remove some first.").format(n=MAX_FILTER_TERMS),
                )
                return
            current[action].append(term)
    else:
        await reply(update, escape(_(FILTER_USAGE)))
        return
    await context.container.db(subscribers.set_filters, sub.id, current)
    await reply(update, _describe_filters(current, _, saved=True))


def _describe_filters(
    filters: dict[str, list[str]], _: Translator, *, saved: bool = False, usage: bool = False
) -> list[str]:
    include = ", ".join(filters["include"]) or _("anything")
    exclude = ", ".join(filters["exclude"]) or _("nothing excluded")
    lines = [
        _("Only about: {terms}").format(terms=include),
        _("Never about: {terms}").format(terms=exclude),
    ]
    if usage:
        lines.append(_(FILTER_USAGE))
    return render_lines(lines, header=saved_header(_("Filters"), _, saved=saved))
