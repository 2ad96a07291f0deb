"""Regular expressions of date expressions, over the normalized (lower-case) text.

Every calendar word in them (months, weekdays, seasons, holidays, day words, numbers, ordinals)
comes from the lexicon (``digests.analysis.lexicon.calendar``).
"""

from __future__ import annotations

import re

from digests.analysis.dates.calendar import spoken_numbers
from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.calendar import (
    DAY_WORDS,
    HOLIDAYS,
    MONTHS,
    NUMBERS,
    ORDINALS,
    SEASONS,
    THIS_PARTS_OF_DAY,
    WEEKDAYS,
)
from digests.analysis.lexicon.tense import (
    ANAPHORIC_WORDS,
    FUTURE_DETERMINERS,
    PAST_DETERMINERS,
    VAGUE_WORDS,
)
from digests.analysis.lexicon.tense import FUTURE_WORDS as _FUTURE_WORDS
from digests.analysis.lexicon.tense import PAST_WORDS as _PAST_WORDS

__all__ = [
    "AGO",
    "ANAPHORIC",
    "COUNT",
    "DAY",
    "DAY_MONTH",
    "DECADE",
    "FUTURE_WORDS",
    "HOLIDAY",
    "ISO",
    "LAST_RANKS",
    "MONTH",
    "MONTH_ALONE",
    "MONTH_DAY",
    "PART",
    "PAST_WORDS",
    "RANGE",
    "RANGE_SPLIT",
    "RANKS",
    "RELATIVE",
    "RELATIVE_YEAR",
    "SEASON",
    "SEASON_EXPR",
    "STRETCH",
    "TODAY",
    "UNPLACEABLE",
    "WEEKDAY",
    "WEEKDAY_EXPR",
    "WEEKEND",
    "WEEK_OF",
    "WHOLE_YEAR",
    "YEAR",
    "YEARS",
    "names_day",
    "names_holiday",
    "normalize",
]


def normalize(expression: str) -> str:
    """An expression as the patterns read it: lower case, plain apostrophes and hyphens,
    "mid-June" as "mid june", spoken numbers in digits, outer punctuation off."""
    text = expression.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[–—‐-]", "-", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # "late-November", "mid-June"
    text = re.sub(r"\bmid-(?=\S)", "mid ", text)
    text = spoken_numbers(text)
    return " ".join(text.split()).strip(" .,;:!?\"'`()[]")


def _digit_ordinal(number: int) -> str:
    return f"{number}{({1: 'st', 2: 'nd', 3: 'rd'}).get(number, 'th')}"


# Ranks of a part of a month or year ("the third quarter", "the 2nd half", "the first week of
# May"), and the words that name the last one.
RANKS: dict[str, int] = {word: number for word, number in ORDINALS.items() if number <= 4} | {
    _digit_ordinal(number): number for number in range(1, 5)
}
LAST_RANKS = ("final", "last")


# "this", "last", "next", "past", "coming", "previous" before a season, a weekday or a holiday.
_WHICH = alternatives(("this", *PAST_DETERMINERS, *FUTURE_DETERMINERS))
# Before a week, a month or a year: "past" and "previous" ones are stretches and anaphora
# (``STRETCH``, ``ANAPHORIC``), never a relative date.
_RELATIVE_WHICH = alternatives(("this", "last", *FUTURE_DETERMINERS, "current", "the current"))


MONTH = rf"(?:{alternatives(MONTHS)})\.?"


WEEKDAY = rf"(?:{alternatives(WEEKDAYS)})\.?"


SEASON = rf"(?:{alternatives(SEASONS)})"


DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"


YEAR = r"(?:1[5-9]\d\d|20\d\d|2100)"


RANGE = r"\s*(?:-|to|through|thru|until|till|and|or)\s*"


RELATIVE_YEAR = r"(?:this|last|next|the\s+(?:current|coming|past|previous)|current)\s+year"


COUNT = rf"(?:\d{{1,3}}|{alternatives(NUMBERS)})"


ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b")


MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY})\b"
    rf"(?:{RANGE}(?:(?P<month2>{MONTH})\s+)?(?P<day2>{DAY})\b)?"
    rf"(?:,?\s+(?P<year>{YEAR})\b)?"
)


DAY_MONTH = re.compile(
    rf"\b(?P<day>{DAY})(?:{RANGE}(?P<day2>{DAY}))?\s+(?:of\s+)?(?P<month>{MONTH})"
    rf"(?:,?\s+(?P<year>{YEAR})\b)?"
)


MONTH_ALONE = re.compile(
    rf"\b(?P<month>{MONTH})(?!\w)(?:{RANGE}(?P<month2>{MONTH})(?!\w))?"
    rf"(?:,?\s+(?:of\s+)?(?:(?P<year>{YEAR})\b|(?P<relative>{RELATIVE_YEAR})))?"
)


SEASON_EXPR = re.compile(
    rf"\b(?:(?P<which>{_WHICH})\s+)?(?P<season>{SEASON})"
    rf"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR})\b|(?P<relative>{RELATIVE_YEAR})))?"
)


PART = re.compile(
    rf"\b(?:the\s+)?(?P<ordinal>{alternatives([*RANKS, *LAST_RANKS])})\s+"
    r"(?P<part>quarter|half)\b"
    rf"(?:\s+of\s+(?:(?P<year>{YEAR})\b|(?P<relative>{RELATIVE_YEAR})|(?:the\s+)?year))?"
    rf"|\bq(?P<q>[1-4])\b(?:\s+(?P<qyear>{YEAR}))?"
)


DECADE = re.compile(r"\b(?P<decade>1[5-9]\d0|20\d0)'?s\b|'(?P<short>\d0)s\b")


YEARS = re.compile(rf"\b(?P<year>{YEAR})\b(?:{RANGE}(?P<year2>{YEAR}|\d\d)\b)?")


AGO = re.compile(rf"\b(?P<count>{COUNT})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b")


RELATIVE = re.compile(
    rf"\b(?P<which>{_RELATIVE_WHICH})\s+"
    r"(?P<unit>week|weekend|month|year)\b"
)


WHOLE_YEAR = re.compile(
    r"\b(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|turn)\s+of\s+the\s+year\b"
    r"|\b(?:early|earlier|late|later)\s+(?:in\s+)?the\s+year\b"
)


TODAY = re.compile(
    rf"\b(?P<word>{alternatives(DAY_WORDS)})\b|\bthis\s+(?:{alternatives(THIS_PARTS_OF_DAY)})\b"
)


WEEKDAY_EXPR = re.compile(
    rf"\b(?:(?P<which>{_WHICH}|this coming)\s+)?"
    rf"(?P<weekday>{WEEKDAY})(?!\w)"
)


WEEKEND = re.compile(r"\b(?:the\s+)?weekend\b")


# "from today through Nov. 17", "Sept. 14 to Thursday", "between May 1 and June 3": each end
# read on its own ("May 1-3", "1991 to 1997" are read whole below).
RANGE_SPLIT = re.compile(
    r"^(?:(?:between|from)\s+)?(?P<first>.+?)\s+(?:to|through|thru|until|till|and)\s+"
    r"(?P<last>.+)$"
)


HOLIDAY = re.compile(rf"\b(?:(?P<which>{_WHICH})\s+)?(?P<name>{alternatives(HOLIDAYS)})\b")


WEEK_OF = re.compile(
    r"\bweek\s+of\b"
    rf"|\b(?P<ordinal>{alternatives([w for w in RANKS if w.isalpha()] + list(LAST_RANKS))})"
    rf"\s+week\s+of\s+(?P<month>{MONTH})"
    rf"(?:,?\s+(?P<year>{YEAR})\b)?"
)


# "the last year", "the past month": the stretch of time up to now, a duration.
STRETCH = re.compile(r"\bthe\s+(?:last|past)\s+(?:week|month|year)\b")


# Anaphora and vagueness: the date is another expression's ("that day", "the previous year")
# or none at all ("recent years"); periods other than the ones above have no date.
UNPLACEABLE = re.compile(rf"\b(?:{alternatives(VAGUE_WORDS)})\b")


# Another expression's date ("that September", "the following year", "the same day") or a
# recurrence ("every May", "annual"): whatever the calendar words in it, no date of its own.
ANAPHORIC = re.compile(rf"\b(?:{alternatives(ANAPHORIC_WORDS)})\b")


PAST_WORDS = re.compile(rf"\b(?:{alternatives(_PAST_WORDS)})\b")


FUTURE_WORDS = re.compile(rf"\b(?:{alternatives(_FUTURE_WORDS)})\b")


def names_day(expression: str) -> bool:
    """Whether an expression names its day ("Wednesday night", "this morning", "tonight")."""
    text = normalize(expression)
    return WEEKDAY_EXPR.search(text) is not None or TODAY.search(text) is not None


def names_holiday(expression: str) -> bool:
    """Whether an expression names a holiday the calendar places ("Christmas Eve")."""
    return HOLIDAY.search(normalize(expression)) is not None
