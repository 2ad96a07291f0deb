"""Dates and times as a reader reads them: in the chat's language and the subscriber's time zone.

Babel (CLDR) knows month names, their grammatical forms ("7 грудня", "грудень 2024 р."), the
order of day and month, and ranges ("May 15 – 17, 2024", "15–17 трав. 2024 р."). Periods CLDR
has no pattern for (a week, a half-year, a season, a decade) are worded by ``PeriodWords``, which
the bot fills from its catalogues. Pure functions: dates in, text out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_day_names,
    get_month_names,
)

from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "DEFAULT_LOCALE",
    "PeriodWords",
    "calendar_words",
    "format_moment",
    "format_partial",
    "local_today",
    "month_name",
    "zone_of",
]

DEFAULT_LOCALE = "en"
# CLDR skeletons: the locale decides order, separators and the month's form.
_SKELETONS = {
    DatePrecision.DAY: ("MMMMd", "yMMMMd"),
    DatePrecision.MONTH: ("MMMM", "yMMMM"),
    DatePrecision.YEAR: ("y", "y"),
}
# A month alone is its standalone name ("травень"); some locales map the skeleton to a short form.
_MONTH_ALONE = "LLLL"
_SEASON_INDEX = {3: 0, 6: 1, 9: 2, 12: 3}


@dataclass(frozen=True, slots=True)
class PeriodWords:
    """How periods without a CLDR pattern are written; ``{day}``, ``{year}``, ``{decade}``."""

    week: str = "week of {day}"
    first_half: str = "first half of {year}"
    second_half: str = "second half of {year}"
    seasons: tuple[str, str, str, str] = (
        "spring {year}",
        "summer {year}",
        "autumn {year}",
        "winter {year}",
    )
    decade: str = "the {decade}s"
    today: str = "today"


@lru_cache(maxsize=16)
def _locale(code: str | None) -> Locale:
    try:
        return Locale.parse((code or DEFAULT_LOCALE).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


def zone_of(name: str | tzinfo | None) -> tzinfo:
    """A time zone from its IANA name (UTC when missing or unknown: a reader's clock never
    stops a digest)."""
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_today(now: datetime, zone: str | tzinfo | None) -> date:
    """The reader's calendar day at ``now``."""
    moment = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return moment.astimezone(zone_of(zone)).date()


def format_moment(moment: datetime, *, zone: str | tzinfo | None, locale: str | None) -> str:
    """A moment on the reader's clock and calendar: "Sat, December 5, 1:01 AM",
    "сб, 5 грудня, 01:01"."""
    where = zone_of(zone)
    moment = (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(where)
    language = _locale(locale)
    day = format_skeleton("MMMMEd", moment, tzinfo=where, locale=language)
    return f"{day}, {format_time(moment, 'short', tzinfo=where, locale=language)}"


@lru_cache(maxsize=4)
def calendar_words(locale: str | None = DEFAULT_LOCALE) -> frozenset[str]:
    """Month and weekday names of a language, full and short, lower case (CLDR's, not a list
    of ours): the words of a text that name its date."""
    language = _locale(locale)
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for table in (
            get_month_names(width, locale=language),
            get_day_names(width, locale=language),
        ):
            names.update(name.lower().rstrip(".") for name in table.values())
    return frozenset(names)


def month_name(day: date, *, locale: str | None, short: bool = False) -> str:
    """The month of ``day`` standing alone (a heading, a picture's margin): "May", "травень"."""
    return format_date(day, "LLL" if short else "LLLL", locale=_locale(locale))


def _calendar(when: PartialDate, *, locale: Locale, with_year: bool) -> str:
    if when.precision is DatePrecision.MONTH and not with_year:
        return format_date(when.start, _MONTH_ALONE, locale=locale)
    short, full = _SKELETONS[when.precision]
    return format_skeleton(full if with_year else short, when.start, locale=locale)


def _period(when: PartialDate, *, locale: Locale, words: PeriodWords, with_year: bool) -> str:
    start, precision = when.start, when.precision
    if precision in _SKELETONS:
        return _calendar(when, locale=locale, with_year=with_year)
    if precision is DatePrecision.WEEK:
        day = _calendar(PartialDate(start, DatePrecision.DAY), locale=locale, with_year=with_year)
        return words.week.format(day=day)
    if precision is DatePrecision.QUARTER:
        return format_skeleton("yQQQ", start, locale=locale)
    if precision is DatePrecision.HALF:
        half = words.first_half if start.month <= 6 else words.second_half
        return half.format(year=start.year)
    if precision is DatePrecision.SEASON:
        return words.seasons[_SEASON_INDEX.get(start.month, 0)].format(year=start.year)
    return words.decade.format(decade=start.year // 10 * 10)


def format_partial(
    when: PartialDate,
    *,
    locale: str | None,
    until: PartialDate | None = None,
    today: date | None = None,
    words: PeriodWords | None = None,
) -> str:
    """A date as precise as the text gave it, in the reader's language: "15 May", "May 2024",
    "Q3 2009", "the 1990s"; a range with both ends ("May 15 – 17, 2024"). The year is left out
    of days and months of ``today``'s year; ``today`` itself is the word for today."""
    language = _locale(locale)
    words = words or PeriodWords()
    ends = (when, until) if until is not None and until != when else (when,)
    with_year = today is None or any(end.start.year != today.year for end in ends)
    if len(ends) == 1:
        if today is not None and when.precision is DatePrecision.DAY and when.start == today:
            return words.today
        return _period(when, locale=language, words=words, with_year=with_year)
    assert until is not None
    if when.precision is until.precision and when.precision in _SKELETONS:
        short, full = _SKELETONS[when.precision]
        return format_interval(
            when.start, until.start, full if with_year else short, locale=language
        )
    first = _period(when, locale=language, words=words, with_year=with_year)
    last = _period(until, locale=language, words=words, with_year=with_year)
    return f"{first} – {last}"
