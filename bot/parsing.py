"""Command arguments to values: digest times, time zones, quiet hours, counts and filter terms.

Pure and strict: each parser returns a clean value or raises UsageError with a one-line reply.
"""

from __future__ import annotations

import re

from bot.errors import UsageError
from bot.i18n import N_
from digests.jobs.schedule import ScheduleError, parse_hhmm, zone

__all__ = [
    "MAX_ARGUMENT",
    "MAX_FILTER_TERMS",
    "MAX_ID",
    "parse_digest_times",
    "parse_filter_term",
    "parse_id",
    "parse_max_stories",
    "parse_quiet_hours",
    "parse_timezone",
    "split_command",
]

# Longer arguments are refused before any parsing: nothing we accept comes close.
MAX_ARGUMENT = 512
MAX_TIMES = 6
# Filter terms in all (include and exclude together) and characters in one: /settings and
# /filter list them all, and the list must stay a short message.
MAX_FILTER_TERMS = 20
MAX_FILTER_TERM = 64
MAX_STORIES = 20
# The largest id every backend stores (PostgreSQL's INTEGER).
MAX_ID = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")
_FILTER_PREFIXES = ("person:", "outlet:", "keyword:")
_SEPARATORS = re.compile(r"[\s,;]+")
_COMMAND = re.compile(r"/(\w+)(?:@\w+)?(?:\s+(.*))?\Z", re.DOTALL)


def split_command(text: str | None) -> tuple[str, str]:
    """("/cmd@bot args") -> ("cmd", "args"), lower-cased name, bot mention dropped."""
    match = _COMMAND.match((text or "").strip())
    if match is None:
        return "", (text or "").strip()
    return match.group(1).lower(), (match.group(2) or "").strip()


def _check_length(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_ARGUMENT:
        raise UsageError(
            N_("That argument is too long ({length} characters; at most {limit})."),
            length=len(text),
            limit=MAX_ARGUMENT,
        )
    return text


def parse_digest_times(text: str) -> list[str]:
    """ "08:00, 18:30" -> ["08:00", "18:30"]: one to six local times of day."""
    text = _check_length(text)
    parts = [part for part in _SEPARATORS.split(text) if part]
    if not parts:
        raise UsageError(N_("Give one or more times of day, e.g. 08:00 or 08:00, 18:30."))
    if len(parts) > MAX_TIMES:
        raise UsageError(N_("At most {n} digest times a day."), n=MAX_TIMES)
    try:
        times = {parse_hhmm(part).strftime("%H:%M") for part in parts}
    except ScheduleError as exc:
        raise UsageError(N_("{error}."), error=exc) from exc
    return sorted(times)


def parse_timezone(text: str) -> str:
    """An IANA time zone name such as Europe/Kyiv."""
    text = _check_length(text)
    if not text or " " in text:
        raise UsageError(N_("Give a time zone name such as Europe/Kyiv, America/New_York or UTC."))
    try:
        return zone(text).key
    except ScheduleError as exc:
        raise UsageError(N_("{error}."), error=exc) from exc


def parse_quiet_hours(text: str) -> tuple[str, str] | None:
    """ "23:00-07:00" -> ("23:00", "07:00"); "off" -> None."""
    text = _check_length(text).lower()
    if text in {"off", "none", "no"}:
        return None
    start, sep, end = text.replace("–", "-").partition("-")
    if not sep:
        raise UsageError(N_("Give quiet hours as START-END, e.g. 23:00-07:00, or off."))
    try:
        bounds = (parse_hhmm(start).strftime("%H:%M"), parse_hhmm(end).strftime("%H:%M"))
    except ScheduleError as exc:
        raise UsageError(N_("{error}."), error=exc) from exc
    if bounds[0] == bounds[1]:
        raise UsageError(N_("Quiet hours must start and end at different times."))
    return bounds


def parse_id(text: str) -> int | None:
    """A database id as typed: ASCII digits, 1 to MAX_ID; None for anything else.

    ``str.isdigit`` is true for "²" and "٣", which ``int`` refuses or reads; ids are ASCII.
    """
    text = text.strip()
    if not _ID.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        return None
    return int(text)


def parse_max_stories(text: str) -> int:
    """A number of stories per digest, 1 to 20."""
    text = _check_length(text)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_STORIES:
        raise UsageError(N_("Give a number of stories from 1 to {n}."), n=MAX_STORIES)
    return int(text)


def parse_filter_term(text: str) -> str:
    """A filter term: a keyword, or person:NAME, outlet:NAME, keyword:WORD."""
    term = " ".join(_check_length(text).split())
    if not term:
        raise UsageError(N_("Give a keyword, person:NAME or outlet:NAME."))
    if len(term) > MAX_FILTER_TERM:
        raise UsageError(N_("A filter term can be at most {n} characters."), n=MAX_FILTER_TERM)
    prefix, sep, rest = term.partition(":")
    if sep and f"{prefix.lower()}:" in _FILTER_PREFIXES:
        if not rest.strip():
            raise UsageError(N_("Give a name after {prefix}:"), prefix=prefix.lower())
        return f"{prefix.lower()}:{rest.strip()}"
    return term
