"""One temporal expression read as a date, given the publication date and the text's direction.

Absolute dates keep the precision the text gives (2024-05-17, 2024-05, 2024) and ranges keep
both ends ("2009-2010", "between May 1 and 3"). A month, day or weekday without a year is the
occurrence the direction (tense, "next", "last") and the publication date make true. Relative
expressions ("yesterday", "last month", "two years ago") need a publication date precise enough
to count from, and are never resolved against today. Periods that are no calendar day, month or
year ("last week", "the third quarter", "last fall", "the 1990s") get a precision of their own;
vague or anaphoric ones ("recently", "in recent years", "that day") are no date at all.
"""

from __future__ import annotations

import re
from datetime import date

from digests.analysis.dates.calendar import (
    Direction,
    safe_date,
    week_of,
    weekday_occurrence,
)
from digests.analysis.dates.patterns import (
    ANAPHORIC,
    DAY_MONTH,
    DECADE,
    FUTURE_WORDS,
    HOLIDAY,
    ISO,
    MONTH_DAY,
    PART,
    PAST_WORDS,
    RANGE_SPLIT,
    SEASON_EXPR,
    STRETCH,
    UNPLACEABLE,
    WEEK_OF,
    WEEKEND,
    WHOLE_YEAR,
    normalize,
)
from digests.analysis.dates.periods import (
    ago_reading,
    holiday_reading,
    part_reading,
    relative_reading,
    season_reading,
    week_reading,
)
from digests.analysis.dates.readings import (
    Reading,
    day_date,
    day_word_reading,
    explicit_day,
    month_date,
    month_reading,
    publication_day,
    weekday_reading,
    year_date,
    years_reading,
)
from digests.analysis.models import DatePrecision, PartialDate

__all__ = ["Reading", "read_expression", "resolve_date"]


def _direction_in(text: str, way: Direction) -> Direction:
    if PAST_WORDS.search(text):
        return Direction.PAST
    if FUTURE_WORDS.search(text):
        return Direction.FUTURE
    return way


def read_expression(
    expression: str, published: PartialDate | None, *, direction: Direction = Direction.UNKNOWN
) -> Reading | None:
    """What ``expression`` dates, or None when it names no date that can be placed honestly.

    ``direction`` is where the surrounding text puts it (past tense, "will", ...); words of the
    expression itself ("last", "next", "ago") take precedence.
    """
    text = normalize(expression)
    if not text or not re.search(r"[a-z0-9]", text):
        return None
    way = _direction_in(text, direction)
    try:
        if (match := RANGE_SPLIT.match(text)) is not None:
            first = _read(match["first"], expression, published, way)
            last = _read(match["last"], expression, published, way)
            if first is not None and last is not None:
                later = last.date.start > first.date.start
                return Reading(first.date, last.date if later else None)
        return _read(text, expression, published, way)
    except (ValueError, OverflowError):
        # Beyond the calendar ("900 years ago" of a year-3 publication date): no date.
        return None


def _read(
    text: str, expression: str, published: PartialDate | None, way: Direction
) -> Reading | None:
    if ANAPHORIC.search(text) and not re.search(r"\b\d{4}\b", text):
        return None
    if (match := ISO.search(text)) is not None:
        year, month = int(match["y"]), int(match["m"])
        if match["d"]:
            day = safe_date(year, month, int(match["d"]))
            return Reading(day_date(day)) if day else None
        if (year + 1) % 100 == month:  # "2009-10": a season of two years, not October
            return Reading(year_date(year), year_date(year + 1))
        return Reading(month_date(year, month)) if 1 <= month <= 12 else None
    if (match := WEEK_OF.search(text)) is not None:
        return week_reading(text, match, published, way)
    if MONTH_DAY.search(text) or DAY_MONTH.search(text):
        # A day of a month, or nothing: "May 32" is no month either.
        return explicit_day(text, published, way)
    if PART.search(text):
        return part_reading(text, published, way)
    if SEASON_EXPR.search(text):
        return season_reading(text, published, way)
    # "may" in lower case is the modal verb, never the month.
    modal_may = "May" not in expression
    if (found := month_reading(text, published, way, modal_may=modal_may)) is not None:
        return found
    if (match := DECADE.search(text)) is not None:
        if match["decade"]:
            return Reading(PartialDate(date(int(match["decade"]), 1, 1), DatePrecision.DECADE))
        return None  # "the '90s": which century is for the reader to know
    if UNPLACEABLE.search(text) or STRETCH.search(text):
        return None
    if (found := years_reading(text)) is not None:
        return found
    if WHOLE_YEAR.search(text) and published is not None:
        return Reading(year_date(published.start.year))
    for reader in (ago_reading, relative_reading, day_word_reading):
        if (found := reader(text, published)) is not None:
            return found
    if (found := weekday_reading(text, published, way)) is not None:
        return found
    if (match := HOLIDAY.search(text)) is not None and published is not None:
        return holiday_reading(match, published, way)
    if WEEKEND.search(text) and (today := publication_day(published)) is not None:
        saturday = weekday_occurrence(today, 5, way)
        return Reading(week_of(saturday))
    return None


def resolve_date(
    expression: str, published: PartialDate | None, *, direction: Direction = Direction.UNKNOWN
) -> PartialDate | None:
    """A PartialDate for one temporal expression, or None when it cannot be placed honestly."""
    reading = read_expression(expression, published, direction=direction)
    return None if reading is None else reading.date
