"""Calendar arithmetic: spoken numbers read as digits, holidays, weekdays and months placed.

The calendar's words (month, weekday and season names, holidays, number words) are the
lexicon's (``digests.analysis.lexicon.calendar``); this module counts with them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.calendar import HOLIDAYS, MONTHS, NUMBERS, ORDINALS, SEASONS, TENS
from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "Direction",
    "add_months",
    "holiday_date",
    "month_occurrence",
    "safe_date",
    "season_start",
    "spoken_numbers",
    "week_of",
    "weekday_occurrence",
]

_UNITS = {w: n for w, n in NUMBERS.items() if 1 <= n <= 9 and w not in ("a", "an")}
_TEENS = {w: n for w, n in NUMBERS.items() if 10 <= n <= 19}
_ORDINAL_UNITS = {w: n for w, n in ORDINALS.items() if n <= 9}
_ORDINAL_TEENS = {w: n for w, n in ORDINALS.items() if n >= 10}
_TWO_DIGITS = rf"(?:(?:{'|'.join(TENS)})(?:[ -](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"
_SPOKEN_YEAR = re.compile(
    rf"\b(?P<century>{'|'.join(w for w, n in _TEENS.items() if n >= 15)}|twenty)"
    rf"[ -](?:(?P<oh>oh)[ -](?P<unit>{'|'.join(_UNITS)})|(?P<rest>{_TWO_DIGITS}))\b"
    rf"|\btwo thousand(?:(?: and)? (?P<small>{'|'.join(_UNITS)}|{'|'.join(_TEENS)}))?\b"
)
_ORDINAL_WORDS = (
    rf"(?:(?:twenty|thirty)[ -])?(?:{'|'.join(_ORDINAL_UNITS)})|{'|'.join(_ORDINAL_TEENS)}"
)
_MONTH_WORDS = alternatives(MONTHS)
# A day said as an ordinal beside its month: "march eighth", "the fifth of may".
_SPOKEN_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_WORDS})\.?\s+(?:the\s+)?(?P<after>{_ORDINAL_WORDS})\b"
    rf"|\b(?P<before>{_ORDINAL_WORDS})\s+of\s+(?P<month2>{_MONTH_WORDS})\b"
)


def _two_digits(words: str) -> int:
    parts = re.split(r"[ -]", words)
    if parts[0] in _TEENS:
        return _TEENS[parts[0]]
    return TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0)


def spoken_numbers(text: str) -> str:
    """``text`` (lower case) with spoken years and day ordinals in digits, as transcripts say
    them: "nineteen ninety-six" -> "1996", "two thousand and five" -> "2005", "march eighth" ->
    "march 8th"."""

    def year(match: re.Match[str]) -> str:
        if match["century"]:
            century = _TEENS.get(match["century"], 20) * 100
            rest = _UNITS[match["unit"]] if match["oh"] else _two_digits(match["rest"])
            return str(century + rest)
        small = match["small"]
        return str(2000 + (NUMBERS[small] if small else 0))

    def ordinal(words: str) -> str:
        parts = re.split(r"[ -]", words)
        if parts[0] in _ORDINAL_TEENS:
            return f"{_ORDINAL_TEENS[parts[0]]}th"
        if len(parts) == 2:
            return f"{TENS[parts[0]] + _ORDINAL_UNITS[parts[1]]}th"
        return f"{_ORDINAL_UNITS[parts[0]]}th"

    def day(match: re.Match[str]) -> str:
        if match["month"]:
            return f"{match['month']} {ordinal(match['after'])}"
        return f"{ordinal(match['before'])} of {match['month2']}"

    if not re.search(r"[a-z]{5}", text):
        return text
    text = _SPOKEN_YEAR.sub(year, text)
    return _SPOKEN_DAY.sub(day, text)


def holiday_date(name: str, year: int) -> tuple[int, int]:
    """The (month, day) a holiday falls on in ``year``."""
    rule = HOLIDAYS[name]
    if len(rule) == 2:
        return rule[0], rule[1]
    month, weekday, nth = rule
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    return month, day


class Direction(StrEnum):
    """Where the text puts a date relative to publication: told by tense, modals and words."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    # The future seen from a past moment ("said he would leave Thursday"): a weekday is the next
    # one, a month or day the occurrence nearest publication.
    LATER = "later"
    UNKNOWN = "unknown"


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist ("May 32")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_of(day: date) -> PartialDate:
    """The ISO week holding ``day``, as a week-precision date starting on its Monday."""
    return PartialDate(day - timedelta(days=day.weekday()), DatePrecision.WEEK)


def weekday_occurrence(today: date, weekday: int, direction: Direction, *, shift: int = 0) -> date:
    """The day named by a weekday, as news uses it.

    The publication day itself when it is that day; otherwise the most recent one before it for
    the past (and when nothing tells), the next one for the future. ``shift`` is +1 for "next
    Friday", -1 for "last Friday": then the same weekday as publication is a week away.
    """
    back = (today.weekday() - weekday) % 7
    if shift < 0:
        return today - timedelta(days=back or 7)
    if shift > 0:
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    if back == 0:
        return today
    if direction in (Direction.FUTURE, Direction.PRESENT, Direction.LATER):
        return today + timedelta(days=7 - back)
    return today - timedelta(days=back)


# Without a tense to tell, a year-less date is read as future only when it is less than half as
# far as its past occurrence: news reports what has happened far more than what will. On
# alternate halves of TimeML and MEANTIME any weight from 0.3 to 1.5 scores within one date of
# the best; 1 (plain nearest) puts one more date after publication that the text puts before.
FUTURE_WEIGHT = 0.5


def month_occurrence(today: date, month: int, day: int | None, direction: Direction) -> int:
    """The year of a month (and day) named without one, as tense and publication make true.

    Past: the latest occurrence on or before publication (the current month counts); future: the
    earliest on or after it; otherwise the future one only when it is clearly the nearer.
    """
    key = (month, day or 0)
    now = (today.month, today.day if day is not None else 0)
    past = today.year if key <= now else today.year - 1
    future = today.year if key >= now else today.year + 1
    if direction is Direction.PAST or past == future:
        return past
    if direction is Direction.FUTURE:
        return future

    def distance(year: int) -> int:
        first = safe_date(year, month, day or 1) or date(year, month, 28)
        last = first if day is not None else add_months(first, 1) - timedelta(days=1)
        return min(abs((first - today).days), abs((last - today).days))

    return future if distance(future) < FUTURE_WEIGHT * distance(past) else past


def season_start(year: int, season: str) -> date:
    """The first day of a season's first month (winter starts in December of ``year``)."""
    return date(year, SEASONS[season][1], 1)
