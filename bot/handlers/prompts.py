"""What the bot's questions look like: their words, their buttons and the choices they offer.

The questions themselves (waiting, answers, the conversation) are ``bot.handlers.questions``.
Zones are offered as the reader's city names with their offset now ("Київ · UTC+3"); the zone of
the reader's own Telegram language comes first (CLDR's likely country for it, when it has one
zone), then the zones usual for the bot's language, then UTC.
"""

from __future__ import annotations

from enum import StrEnum

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import Context
from bot.i18n import LANGUAGES, N_, Translator
from digests.jobs.zones import city_name, language_zone, utc_offset

__all__ = [
    "ANSWER_PREFIX",
    "ASKED",
    "TYPE_IT",
    "Question",
    "markup",
    "times_keyboard",
    "zone_keyboard",
    "zone_languages",
]

ANSWER_PREFIX = "ask:"
# Zones offered first to a reader of each of the bot's languages (then "UTC" and "type it");
# the zone of the user's own Telegram language, when it has one, goes before them.
SUGGESTED_ZONES: dict[str, tuple[str, ...]] = {
    "en": ("Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles"),
    "uk": ("Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin", "Europe/London"),
}
MAX_SUGGESTIONS = 6
# Digest hours offered as buttons; any other is typed.
SUGGESTED_TIMES = ("07:00", "08:00", "09:00", "12:00", "18:00", "21:00")


class Question(StrEnum):
    """What the bot is waiting to be told (each a state of the conversation)."""

    TZ = "tz"
    TIMES = "times"
    QUIET = "quiet"


ASKED = {
    Question.TZ: N_(
        "🌍 Which time zone are you in? Choose below, or type your city, your country or an "
        "offset such as UTC+2."
    ),
    Question.TIMES: N_(
        "⏰ When should the digest come? Choose an hour below, or type one or more times, "
        "e.g. 7:30 or 8, 19."
    ),
    Question.QUIET: N_("🌙 Reply with quiet hours as START-END, e.g. 23:00-07:00, or off."),
}
TYPE_IT = {
    Question.TZ: N_("Type your city, your country, a zone such as Europe/Kyiv or UTC+2."),
    Question.TIMES: N_("Type the digest times, e.g. 7:30, 8 pm or 08:00, 18:30."),
}


def zone_languages(update: Update, _: Translator) -> list[str]:
    """Languages a zone may be named in: the chat's, the user's Telegram one, the bot's."""
    user = update.effective_user
    own = (user.language_code or "").replace("-", "_") if user else ""
    return list(dict.fromkeys([_.language, *([own] if own else []), *LANGUAGES]))


def _zone_label(zone: str, _: Translator, context: Context) -> str:
    """ "Київ · UTC+3": the city in the reader's language, and the offset now."""
    now = context.container.clock.now()
    return f"{city_name(zone, _.language)} · {utc_offset(zone, now=now)}"


def zone_keyboard(zones: list[str], _: Translator, context: Context) -> InlineKeyboardMarkup:
    """A button per zone, two to a row, and "type it"."""
    buttons = [
        InlineKeyboardButton(
            _zone_label(zone, _, context), callback_data=f"{ANSWER_PREFIX}tz:{zone}"
        )
        for zone in zones
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(_("✍️ Type it"), callback_data=f"{ANSWER_PREFIX}tz")])
    return InlineKeyboardMarkup(rows)


def _suggested_zones(update: Update, _: Translator) -> list[str]:
    user = update.effective_user
    own = language_zone(user.language_code) if user and user.language_code else None
    zones = [*([own] if own else []), *SUGGESTED_ZONES.get(_.language, ()), "UTC"]
    return list(dict.fromkeys(zones))[: MAX_SUGGESTIONS + 1]


def times_keyboard(_: Translator) -> InlineKeyboardMarkup:
    """The usual hours, three to a row, and "type it"."""
    buttons = [
        InlineKeyboardButton(at, callback_data=f"{ANSWER_PREFIX}times:{at}")
        for at in SUGGESTED_TIMES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton(_("✍️ Type it"), callback_data=f"{ANSWER_PREFIX}times")])
    return InlineKeyboardMarkup(rows)


def markup(
    question: Question, update: Update, context: Context, _: Translator
) -> InlineKeyboardMarkup | ForceReply:
    """What a question offers: buttons, or (quiet hours) a reply field."""
    if question is Question.TZ:
        return zone_keyboard(_suggested_zones(update, _), _, context)
    if question is Question.TIMES:
        return times_keyboard(_)
    # ForceReply: in groups the bot only sees replies to its own messages (privacy mode).
    return ForceReply(selective=True)
