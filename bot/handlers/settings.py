"""/settings and /filter: when digests come, how long they are, and what they hold.

/settings shows the settings with an inline keyboard; a button either changes a value at once
(stories per digest, images) or asks for a reply (times, time zone, quiet hours), which the
text-reply handler applies. Every value can also be given directly: /settings times 08:00,18:00.
In groups anyone may look at the settings and filters; only the chat's admins may change them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import Context
from bot.errors import UsageError
from bot.handlers.common import (
    Asker,
    asker,
    command_argument,
    escape,
    may_configure,
    reply,
    require_configurer,
    tell_admins_only,
    translator,
)
from bot.i18n import N_, Translator
from bot.parsing import (
    MAX_FILTER_TERMS,
    parse_digest_times,
    parse_filter_term,
    parse_max_stories,
    parse_quiet_hours,
    parse_timezone,
)
from digests.stories.render import render_lines
from storage import subscribers
from storage.models import Subscriber

__all__ = ["filter_command", "settings_button", "settings_command", "text_reply"]

CALLBACK_PREFIX = "set:"
_AWAITING = "awaiting"
_STORY_CHOICES = (3, 5, 7, 10)
_PROMPTS = {
    "times": N_("Reply with your digest times, e.g. 08:00 or 08:00, 18:30."),
    "tz": N_("Reply with your time zone, e.g. Europe/Kyiv, America/New_York or UTC."),
    "quiet": N_("Reply with quiet hours as START-END, e.g. 23:00-07:00, or off."),
}
SETTINGS_USAGE = N_(
    "Usage: /settings [times 08:00,18:00 | tz Europe/Kyiv | stories 5 | quiet 23:00-07:00|off"
    " | images on|off]"
)
FILTER_USAGE = N_(
    "Usage: /filter include WORD | exclude WORD | remove WORD | clear. "
    "WORD can be a keyword, person:NAME or outlet:NAME."
)


def _on_off_text(value: bool, _: Translator) -> str:
    return _("on") if value else _("off")


def _header(title: str, _: Translator, *, saved: bool) -> str:
    return _("Saved.") + " " + title if saved else title


def _describe(sub: Subscriber, _: Translator, *, saved: bool = False) -> list[str]:
    """The settings as messages: plain lines, escaped and split by the digests' splitter."""
    quiet = f"{sub.quiet_start}-{sub.quiet_end}" if sub.quiet_start and sub.quiet_end else _("off")
    include = ", ".join(sub.filters.get("include", [])) if sub.filters else ""
    exclude = ", ".join(sub.filters.get("exclude", [])) if sub.filters else ""
    lines = [
        _("Digest times: {times} ({timezone})").format(
            times=", ".join(sub.digest_times), timezone=sub.timezone
        ),
        _("Stories per digest: {n}").format(n=sub.max_stories),
        _("Quiet hours: {quiet}").format(quiet=quiet),
        _("Images: {state}").format(state=_on_off_text(sub.images, _)),
        _("Only about: {terms}").format(terms=include or _("anything")),
        _("Never about: {terms}").format(terms=exclude or _("nothing excluded")),
    ]
    return render_lines(lines, header=_header(_("Settings"), _, saved=saved))


def _keyboard(sub: Subscriber, _: Translator) -> InlineKeyboardMarkup:
    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=CALLBACK_PREFIX + data)

    return InlineKeyboardMarkup(
        [
            [button(_("⏰ Digest times"), "times"), button(_("🌍 Time zone"), "tz")],
            [
                button(_("📰 Stories: {n}").format(n=sub.max_stories), "stories"),
                button(_("🌙 Quiet hours"), "quiet"),
            ],
            [button(_("🖼 Images: {state}").format(state=_on_off_text(sub.images, _)), "images")],
        ]
    )


async def _subscriber(
    update: Update, context: Context, _: Translator
) -> tuple[Asker, Subscriber] | None:
    where = asker(update)
    if where is None:
        return None
    sub = await context.container.db(
        subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id
    )
    if sub is None or not sub.active:
        await reply(
            update, _("Subscribe first with /subscribe; then /settings changes your digest.")
        )
        return None
    return where, sub


def _change(field: str, value: str) -> dict[str, Any]:
    """A settings field and its text -> keyword arguments of update_settings (or UsageError)."""
    parsers: dict[str, Callable[[str], dict[str, Any]]] = {
        "times": lambda v: {"digest_times": parse_digest_times(v)},
        "tz": lambda v: {"timezone": parse_timezone(v)},
        "timezone": lambda v: {"timezone": parse_timezone(v)},
        "stories": lambda v: {"max_stories": parse_max_stories(v)},
        "quiet": lambda v: {"quiet": parse_quiet_hours(v)},
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
    await reply(update, _describe(updated, _, saved=True), keyboard=_keyboard(updated, _))


async def settings_command(update: Update, context: Context) -> None:
    """/settings [field value]: show the settings with buttons, or change one directly."""
    _ = await translator(update, context)
    found = await _subscriber(update, context, _)
    if found is None:
        return
    sub = found[1]
    argument = command_argument(update)
    if not argument:
        await reply(update, _describe(sub, _), keyboard=_keyboard(sub, _))
        return
    field, _space, value = argument.partition(" ")
    if not value.strip():
        await reply(update, escape(_(SETTINGS_USAGE)))
        return
    if not await require_configurer(update, context):
        return
    await _apply(update, context, sub, field.lower(), value, _)


async def settings_button(update: Update, context: Context) -> None:
    """A press on a /settings button."""
    query = update.callback_query
    if query is None or not await require_configurer(update, context):
        return
    data = (query.data or "").removeprefix(CALLBACK_PREFIX)
    _ = await translator(update, context)
    found = await _subscriber(update, context, _)
    if found is None:
        await query.answer()
        return
    where, sub = found
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
        await _edit(update, query, _describe(updated, _, saved=True), _keyboard(updated, _))
        return
    if field in _PROMPTS:
        await query.answer()
        if context.chat_data is not None:
            context.chat_data[_AWAITING] = (where.thread_id, field)
        message = update.effective_message
        if message is not None:
            # ForceReply: in groups the bot only sees replies to its own messages (privacy mode).
            await message.reply_text(
                _(_PROMPTS[field]), reply_markup=ForceReply(selective=True), do_quote=False
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
    """A plain text message: the answer to a settings prompt, or a hint in private chats."""
    where = asker(update)
    message = update.effective_message
    if where is None or message is None or message.text is None:
        return
    awaiting = context.chat_data.get(_AWAITING) if context.chat_data is not None else None
    if awaiting is not None and awaiting[0] == where.thread_id:
        if not await may_configure(update, context):
            # Group chatter while a prompt waits is not an answer; a reply to the bot gets told.
            replied = message.reply_to_message
            author = replied.from_user if replied is not None else None
            if author is not None and author.id == context.bot.id:
                await tell_admins_only(update)
            return
        _ = await translator(update, context)
        found = await _subscriber(update, context, _)
        if found is None:
            return
        if context.chat_data is not None:
            context.chat_data.pop(_AWAITING, None)
        await _apply(update, context, found[1], awaiting[1], message.text, _)
        return
    if where.is_private:
        _ = await translator(update, context)
        await reply(update, _("I answer commands: see /help."))


async def filter_command(update: Update, context: Context) -> None:
    """/filter [include|exclude|remove WORD | clear]: what digests hold or leave out."""
    _ = await translator(update, context)
    found = await _subscriber(update, context, _)
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
    return render_lines(lines, header=_header(_("Filters"), _, saved=saved))
