"""Command arguments to values: digest times, time zones, quiet hours, counts and filter terms.

Pure and strict: each parser returns a clean value or raises UsageError with a one-line reply in
the reader's language. Times and zones are read by ``digests.jobs.times`` and
``digests.jobs.zones``, the readers every other part uses; this module only words their refusals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.errors import UsageError
from bot.i18n import N_
from digests.jobs.times import TimeProblem, TimeTextError, hhmm, parse_time_of_day, parse_times
from digests.jobs.zones import ZoneMatch, ZoneProblem, ZoneTextError, find_zone

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
    "time_refusal",
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


def time_refusal(error: TimeTextError) -> UsageError:
    """A refused time, worded for the reader."""
    if error.problem is TimeProblem.TOO_MANY:
        return UsageError(N_("At most {n} digest times a day."), n=error.limit)
    if error.problem is TimeProblem.EMPTY:
        return UsageError(N_("Give one or more times of day, e.g. 8, 7:30 pm or 08:00, 18:30."))
    return UsageError(
        N_("“{text}” is not a time of day: try 8, 7:30 pm, 19.30 or 08:00, 18:30."),
        text=error.text[:40],
    )


def parse_digest_times(text: str) -> list[str]:
    """ "7", "7am", "7:30 pm", "19.30", "08:00, 18:30" -> ["07:00", ...]: one to six local
    times of day, stored as HH:MM."""
    try:
        return [hhmm(at) for at in parse_times(_check_length(text), limit=MAX_TIMES)]
    except TimeTextError as exc:
        raise time_refusal(exc) from exc


def parse_timezone(text: str, *, languages: Sequence[str], now: datetime) -> ZoneMatch:
    """A zone by its name in any case, its city, a country or a UTC offset, in the reader's
    ``languages``; a country with several zones or a near miss gives choices."""
    try:
        return find_zone(_check_length(text), languages=languages, now=now)
    except ZoneTextError as exc:
        if exc.problem is ZoneProblem.NO_ZONE_AT_OFFSET:
            raise UsageError(
                N_("No time zone keeps the offset {offset} all year: type your city instead."),
                offset=exc.text,
            ) from exc
        raise UsageError(
            N_(
                "Unknown time zone “{text}”: type a city (Kyiv, New York), a country, a zone "
                "such as Europe/Kyiv or an offset such as UTC+2."
            ),
            text=exc.text[:40],
        ) from exc


def parse_quiet_hours(text: str) -> tuple[str, str] | None:
    """ "23:00-07:00", "11pm-7am", "23-7" -> ("23:00", "07:00"); "off" -> None."""
    text = _check_length(text).lower()
    if text in {"off", "none", "no", "вимк", "ні"}:
        return None
    start, sep, end = text.replace("–", "-").replace("—", "-").partition("-")
    if not sep:
        raise UsageError(N_("Give quiet hours as START-END, e.g. 23:00-07:00, or off."))
    try:
        bounds = (hhmm(parse_time_of_day(start)), hhmm(parse_time_of_day(end)))
    except TimeTextError as exc:
        raise time_refusal(exc) from exc
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
