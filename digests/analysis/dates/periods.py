"""Readings of periods and relative dates: seasons, quarters, weeks, holidays, 'two years ago'."""

from __future__ import annotations

import re
from datetime import date, timedelta

from digests.analysis.dates.calendar import (
    Direction,
    add_months,
    holiday_date,
    season_start,
    week_of,
)
from digests.analysis.dates.patterns import (
    AGO,
    PART,
    RANKS,
    RELATIVE,
    SEASON_EXPR,
)
from digests.analysis.dates.readings import (
    Reading,
    day_date,
    explicit_day,
    month_date,
    publication_day,
    relative_year,
    year_date,
    year_of,
)
from digests.analysis.lexicon.calendar import MONTHS, NUMBERS
from digests.analysis.lexicon.tense import FUTURE_DETERMINERS, PAST_DETERMINERS
from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "ago_reading",
    "count_of",
    "holiday_reading",
    "part_reading",
    "relative_reading",
    "season_reading",
    "week_reading",
]


def season_reading(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = SEASON_EXPR.search(text)
    if match is None:
        return None
    season = match["season"]
    if match["year"] or match["relative"]:
        year = int(match["year"]) if match["year"] else relative_year(match["relative"], published)
        if year is None:
            return None
        return Reading(PartialDate(season_start(year, season), DatePrecision.SEASON))
    today = publication_day(published)
    if today is None:
        return None
    periods = [
        (start, add_months(start, 3) - timedelta(days=1))
        for start in (season_start(y, season) for y in range(today.year - 2, today.year + 2))
    ]
    which = match["which"] or ""
    if which in PAST_DETERMINERS:
        start = max(s for s, e in periods if e < today)
    elif which in FUTURE_DETERMINERS or (not which and way is Direction.FUTURE):
        start = min(s for s, e in periods if e >= today and (which == "" or s > today))
    elif not which and way is Direction.PAST:
        start = max(s for s, _ in periods if s <= today)
    else:
        start = min(
            periods, key=lambda p: 0 if p[0] <= today <= p[1] else abs((p[0] - today).days)
        )[0]
    return Reading(PartialDate(start, DatePrecision.SEASON))


def part_reading(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = PART.search(text)
    if match is None:
        return None
    if match["q"]:
        index, part = int(match["q"]), "quarter"
        year_text = match["qyear"]
        relative = None
    else:
        ordinal = match["ordinal"]
        part = match["part"]
        count = 4 if part == "quarter" else 2
        index = RANKS.get(ordinal, count)  # "the final quarter", "the last half": the last one
        if index > count:
            return None  # "the third half": no such part
        year_text, relative = match["year"], match["relative"]
    months = 3 if part == "quarter" else 6
    if year_text:
        year: int | None = int(year_text)
    elif relative:
        year = relative_year(relative, published)
    elif published is None or not re.search(r"\b(?:fiscal|of\s+the\s+year)\b", text):
        year = None  # "the first half" of a match, "third-quarter profit": no year to place
    else:
        # "the third quarter of the year": the one the tense makes true.
        year = year_of((index - 1) * months + 1, None, published, way)
    if year is None:
        return None
    precision = DatePrecision.QUARTER if part == "quarter" else DatePrecision.HALF
    return Reading(PartialDate(date(year, (index - 1) * months + 1, 1), precision))


def count_of(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


def ago_reading(text: str, published: PartialDate | None) -> Reading | None:
    match = AGO.search(text)
    if match is None or published is None:
        return None
    count, unit = count_of(match["count"]), match["unit"]
    start = published.start
    if unit == "year":
        return Reading(year_date(start.year - count))
    if unit == "decade":
        return None
    if unit == "month":
        if published.precision is DatePrecision.YEAR:
            return None
        shifted = add_months(start, -count)
        return Reading(month_date(shifted.year, shifted.month))
    today = publication_day(published)
    if today is None:
        return None
    if unit == "week":
        return Reading(week_of(today - timedelta(weeks=count)))
    return Reading(day_date(today - timedelta(days=count)))


def relative_reading(text: str, published: PartialDate | None) -> Reading | None:
    match = RELATIVE.search(text)
    if match is None or published is None:
        return None
    which, unit = match["which"], match["unit"]
    step = -1 if which in PAST_DETERMINERS else 1 if which in FUTURE_DETERMINERS else 0
    start = published.start
    if unit == "year":
        return Reading(year_date(start.year + step))
    if unit == "month":
        if published.precision is DatePrecision.YEAR:
            return None
        shifted = add_months(start, step)
        return Reading(month_date(shifted.year, shifted.month))
    today = publication_day(published)
    if today is None:
        return None
    if unit == "weekend":
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)
        return Reading(week_of(saturday + timedelta(weeks=step + (step > 0))))
    return Reading(week_of(today + timedelta(weeks=step)))


def week_reading(
    text: str, match: re.Match[str], published: PartialDate | None, way: Direction
) -> Reading | None:
    if not match["ordinal"]:
        found = explicit_day(text[match.end() :], published, way)
        return Reading(week_of(found.date.start)) if found is not None else None
    month = MONTHS[match["month"].rstrip(".")]
    if match["year"]:
        year = int(match["year"])
    elif published is not None:
        year = year_of(month, None, published, way)
    else:
        return None
    first = date(year, month, 1)
    if match["ordinal"] in ("last", "final"):
        day = add_months(first, 1) - timedelta(days=7)
    else:
        day = first + timedelta(weeks=RANKS[match["ordinal"]] - 1)
    return Reading(week_of(day))


def holiday_reading(match: re.Match[str], published: PartialDate, way: Direction) -> Reading | None:
    name = match["name"]
    which = match["which"] or ""
    if which in PAST_DETERMINERS:
        way = Direction.PAST
    elif which in FUTURE_DETERMINERS:
        way = Direction.FUTURE
    month, day = holiday_date(name, published.start.year)
    year = year_of(month, day, published, way)
    return Reading(day_date(date(year, *holiday_date(name, year))))
