"""/settings and /filter: when digests come, how long they are, and what they hold.

/settings shows the settings with an inline keyboard; a button either changes a value at once
(stories per digest, images) or asks for a reply (times, time zone, quiet hours), which the
text-reply handler applies. Every value can also be given directly: /settings times 08:00,18:00.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.errors import UsageError
from bot.handlers.common import Asker, Context, asker, command_argument, escape, reply, services
from bot.parsing import (
    MAX_FILTER_TERMS,
    parse_digest_times,
    parse_filter_term,
    parse_max_stories,
    parse_quiet_hours,
    parse_timezone,
)
from storage import subscribers
from storage.models import Subscriber

__all__ = ["filter_command", "settings_button", "settings_command", "text_reply"]

CALLBACK_PREFIX = "set:"
_AWAITING = "awaiting"
_STORY_CHOICES = (3, 5, 7, 10)
_PROMPTS = {
    "times": "Reply with your digest times, e.g. 08:00 or 08:00, 18:30.",
    "tz": "Reply with your time zone, e.g. Europe/Kyiv, America/New_York or UTC.",
    "quiet": "Reply with quiet hours as START-END, e.g. 23:00-07:00, or off.",
}
SETTINGS_USAGE = (
    "Usage: /settings [times 08:00,18:00 | tz Europe/Kyiv | stories 5 | quiet 23:00-07:00|off"
    " | images on|off]"
)
FILTER_USAGE = (
    "Usage: /filter include WORD | exclude WORD | remove WORD | clear. "
    "WORD can be a keyword, person:NAME or outlet:NAME."
)


def _describe(sub: Subscriber) -> str:
    quiet = f"{sub.quiet_start}-{sub.quiet_end}" if sub.quiet_start and sub.quiet_end else "off"
    include = ", ".join(sub.filters.get("include", [])) if sub.filters else ""
    exclude = ", ".join(sub.filters.get("exclude", [])) if sub.filters else ""
    return "\n".join(
        [
            "<b>Settings</b>",
            f"Digest times: {escape(', '.join(sub.digest_times))} ({escape(sub.timezone)})",
            f"Stories per digest: {sub.max_stories}",
            f"Quiet hours: {escape(quiet)}",
            f"Images: {'on' if sub.images else 'off'}",
            f"Only about: {escape(include) or 'anything'}",
            f"Never about: {escape(exclude) or 'nothing excluded'}",
        ]
    )


def _keyboard(sub: Subscriber) -> InlineKeyboardMarkup:
    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=CALLBACK_PREFIX + data)

    return InlineKeyboardMarkup(
        [
            [button("⏰ Digest times", "times"), button("🌍 Time zone", "tz")],
            [
                button(f"📰 Stories: {sub.max_stories}", "stories"),
                button("🌙 Quiet hours", "quiet"),
            ],
            [button(f"🖼 Images: {'on' if sub.images else 'off'}", "images")],
        ]
    )


async def _subscriber(update: Update, context: Context) -> tuple[Asker, Subscriber] | None:
    where = asker(update)
    if where is None:
        return None
    sub = await services(context).db(
        subscribers.get_subscriber, where.chat_id, thread_id=where.thread_id
    )
    if sub is None or not sub.active:
        await reply(update, "Subscribe first with /subscribe; then /settings changes your digest.")
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
    if lowered in {"on", "yes", "true", "1"}:
        return True
    if lowered in {"off", "no", "false", "0"}:
        return False
    raise UsageError("Say on or off.")


async def _apply(update: Update, context: Context, sub: Subscriber, field: str, value: str) -> None:
    try:
        change = _change(field, value)
    except UsageError as exc:
        await reply(update, escape(str(exc)))
        return
    updated = await services(context).db(subscribers.update_settings, sub.id, **change)
    await reply(update, "Saved.\n" + _describe(updated), keyboard=_keyboard(updated))


async def settings_command(update: Update, context: Context) -> None:
    """/settings [field value]: show the settings with buttons, or change one directly."""
    found = await _subscriber(update, context)
    if found is None:
        return
    _, sub = found
    argument = command_argument(update)
    if not argument:
        await reply(update, _describe(sub), keyboard=_keyboard(sub))
        return
    field, _, value = argument.partition(" ")
    if not value.strip():
        await reply(update, escape(SETTINGS_USAGE))
        return
    await _apply(update, context, sub, field.lower(), value)


async def settings_button(update: Update, context: Context) -> None:
    """A press on a /settings button."""
    query = update.callback_query
    if query is None:
        return
    data = (query.data or "").removeprefix(CALLBACK_PREFIX)
    found = await _subscriber(update, context)
    if found is None:
        await query.answer()
        return
    where, sub = found
    svc = services(context)
    field, _, value = data.partition(":")
    if field == "stories" and not value:
        await query.answer()
        rows = [
            [
                InlineKeyboardButton(str(n), callback_data=f"{CALLBACK_PREFIX}stories:{n}")
                for n in _STORY_CHOICES
            ]
        ]
        await _edit(query, "How many stories per digest?", InlineKeyboardMarkup(rows))
        return
    if field in {"stories", "images"}:
        try:
            change = _change("stories", value) if field == "stories" else {"images": not sub.images}
        except UsageError as exc:
            await query.answer(str(exc)[:190])
            return
        updated = await svc.db(subscribers.update_settings, sub.id, **change)
        await query.answer("Saved")
        await _edit(query, "Saved.\n" + _describe(updated), _keyboard(updated))
        return
    if field in _PROMPTS:
        await query.answer()
        if context.chat_data is not None:
            context.chat_data[_AWAITING] = (where.thread_id, field)
        message = update.effective_message
        if message is not None:
            # ForceReply: in groups the bot only sees replies to its own messages (privacy mode).
            await message.reply_text(
                _PROMPTS[field], reply_markup=ForceReply(selective=True), do_quote=False
            )
        return
    await query.answer("This button is no longer valid; send /settings again.")


async def _edit(query: Any, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup, parse_mode="HTML")
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
        found = await _subscriber(update, context)
        if found is None:
            return
        if context.chat_data is not None:
            context.chat_data.pop(_AWAITING, None)
        await _apply(update, context, found[1], awaiting[1], message.text)
        return
    if where.is_private:
        await reply(update, "I answer commands: see /help.")


async def filter_command(update: Update, context: Context) -> None:
    """/filter [include|exclude|remove WORD | clear]: what digests hold or leave out."""
    found = await _subscriber(update, context)
    if found is None:
        return
    _, sub = found
    argument = command_argument(update)
    action, _, rest = argument.partition(" ")
    action = action.lower()
    current = {
        "include": list((sub.filters or {}).get("include", [])),
        "exclude": list((sub.filters or {}).get("exclude", [])),
    }
    if not argument:
        await reply(update, _describe_filters(current) + "\n\n" + escape(FILTER_USAGE))
        return
    if action == "clear":
        current = {"include": [], "exclude": []}
    elif action in {"include", "exclude", "remove"}:
        try:
            term = parse_filter_term(rest)
        except UsageError as exc:
            await reply(update, escape(str(exc)))
            return
        folded = term.casefold()
        for key in current:
            current[key] = [t for t in current[key] if t.casefold() != folded]
        if action != "remove":
            if len(current[action]) >= MAX_FILTER_TERMS:
                await reply(update, f"At most {MAX_FILTER_TERMS} terms; remove some first.")
                return
            current[action].append(term)
    else:
        await reply(update, escape(FILTER_USAGE))
        return
    await services(context).db(subscribers.set_filters, sub.id, current)
    await reply(update, "Saved.\n" + _describe_filters(current))


def _describe_filters(filters: dict[str, list[str]]) -> str:
    include = ", ".join(filters["include"]) or "anything"
    exclude = ", ".join(filters["exclude"]) or "nothing excluded"
    return f"<b>Filters</b>\nOnly about: {escape(include)}\nNever about: {escape(exclude)}"
