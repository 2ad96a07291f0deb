"""Calendar words and arithmetic: month, weekday and season names, number words, periods.

Word classes only (the names of the calendar's own units), never words seen in particular
articles.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "HOLIDAYS",
    "MONTHS",
    "NUMBERS",
    "SEASONS",
    "WEEKDAYS",
    "Direction",
    "add_months",
    "alternatives",
    "holiday_date",
    "month_occurrence",
    "safe_date",
    "season_start",
    "spoken_numbers",
    "week_of",
    "weekday_occurrence",
]


def alternatives(words: object) -> str:
    """A regex alternation of ``words``, longest first, so "sept" is not read as "sep"."""
    names = sorted(words, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(n) for n in names)


MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("monday",),
            ("tuesday", "tues"),
            ("wednesday",),
            ("thursday", "thurs"),
            ("friday",),
            ("saturday",),
            ("sunday",),
        ]
    )
    for name in names
}
# Season -> (TimeML code, first month in the northern hemisphere).
SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
} | {"a": 1, "an": 1}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {w: n for w, n in NUMBERS.items() if 1 <= n <= 9 and w not in ("a", "an")}
_TEENS = {w: n for w, n in NUMBERS.items() if 10 <= n <= 19}
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_TEENS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_TWO_DIGITS = rf"(?:(?:{'|'.join(_TENS)})(?:[ -](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"
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
    return _TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0)


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
            return f"{_TENS[parts[0]] + _ORDINAL_UNITS[parts[1]]}th"
        return f"{_ORDINAL_UNITS[parts[0]]}th"

    def day(match: re.Match[str]) -> str:
        if match["month"]:
            return f"{match['month']} {ordinal(match['after'])}"
        return f"{ordinal(match['before'])} of {match['month2']}"

    if not re.search(r"[a-z]{5}", text):
        return text
    text = _SPOKEN_YEAR.sub(year, text)
    return _SPOKEN_DAY.sub(day, text)


# Holidays with a fixed calendar rule: (month, day) or (month, weekday, nth; -1 for the last).
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "thanksgiving day": (11, 3, 4),
    "thanksgiving": (11, 3, 4),
}


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
