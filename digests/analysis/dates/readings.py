"""Readings of calendar dates: explicit days, months, years, weekdays, today and the like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from digests.analysis.dates.calendar import (
    Direction,
    add_months,
    month_occurrence,
    safe_date,
    weekday_occurrence,
)
from digests.analysis.dates.patterns import (
    DAY_MONTH,
    MONTH_ALONE,
    MONTH_DAY,
    TODAY,
    WEEKDAY_EXPR,
    YEARS,
)
from digests.analysis.lexicon.calendar import MONTHS, WEEKDAYS
from digests.analysis.lexicon.tense import FUTURE_DETERMINERS, PAST_DETERMINERS
from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "Reading",
    "day_date",
    "day_number",
    "day_word_reading",
    "explicit_day",
    "month_date",
    "month_reading",
    "publication_day",
    "relative_year",
    "weekday_reading",
    "year_date",
    "year_of",
    "years_reading",
]


@dataclass(frozen=True, slots=True)
class Reading:
    """What an expression says: a date, and the end of the range when it names one."""

    date: PartialDate
    until: PartialDate | None = None


def day_date(value: date) -> PartialDate:
    return PartialDate(value, DatePrecision.DAY)


def month_date(year: int, month: int) -> PartialDate:
    return PartialDate(date(year, month, 1), DatePrecision.MONTH)


def year_date(year: int) -> PartialDate:
    return PartialDate(date(year, 1, 1), DatePrecision.YEAR)


def day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def publication_day(published: PartialDate | None) -> date | None:
    if published is None or published.precision is not DatePrecision.DAY:
        return None
    return published.start


def relative_year(text: str, published: PartialDate | None) -> int | None:
    if published is None:
        return None
    year = published.start.year
    if text.startswith("last") or "past" in text or "previous" in text:
        return year - 1
    if text.startswith("next") or "coming" in text:
        return year + 1
    return year


def year_of(month: int, day: int | None, published: PartialDate | None, way: Direction) -> int:
    """The year a year-less month (and day) falls in; ``published`` is known here."""
    assert published is not None
    start = published.start
    if published.precision is DatePrecision.YEAR:
        return start.year
    if published.precision is DatePrecision.MONTH:
        # Known to the month: the past counts from its last day, the future from its first.
        last = add_months(start, 1) - timedelta(days=1)
        return month_occurrence(last if way is Direction.PAST else start, month, day, way)
    return month_occurrence(start, month, day, way)


def explicit_day(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    for pattern in (MONTH_DAY, DAY_MONTH):
        match = pattern.search(text)
        if match is None:
            continue
        month = MONTHS[match["month"].rstrip(".")]
        day = day_number(match["day"])
        named = WEEKDAY_EXPR.search(text)
        if match["year"]:
            year = int(match["year"])
        elif published is None:
            return None
        elif named is not None:
            # "Monday, Oct. 26": the year in which that day is that weekday, nearest publication.
            weekday = WEEKDAYS[named["weekday"].rstrip(".")]
            around = published.start.year
            years = [
                y
                for y in (around, around - 1, around + 1)
                if (d := safe_date(y, month, day)) is not None and d.weekday() == weekday
            ]
            year = years[0] if years else year_of(month, day, published, way)
        else:
            year = year_of(month, day, published, way)
        first = safe_date(year, month, day)
        if first is None:
            return None
        until = None
        if match["day2"]:
            month2 = MONTHS[m.rstrip(".")] if (m := match.groupdict().get("month2")) else month
            end = safe_date(year + (month2 < month), month2, day_number(match["day2"]))
            if end is not None and end > first:
                until = day_date(end)
        return Reading(day_date(first), until)
    return None


def month_reading(
    text: str, published: PartialDate | None, way: Direction, *, modal_may: bool
) -> Reading | None:
    match = MONTH_ALONE.search(text)
    if match is None or (modal_may and match["month"] == "may"):
        return None
    month = MONTHS[match["month"].rstrip(".")]
    if match["year"]:
        year = int(match["year"])
    elif match["relative"]:
        found = relative_year(match["relative"], published)
        if found is None:
            return None
        year = found
    elif published is None:
        return None
    else:
        before = text[: match.start()]
        if re.search(r"\bthis\s*$", before):
            year = published.start.year  # "this September": of the publication's year
        else:
            if re.search(r"\blast\s*$", before):
                way = Direction.PAST
            elif re.search(r"\b(?:next|this coming|coming)\s*$", before):
                way = Direction.FUTURE
            year = year_of(month, None, published, way)
    until = None
    if match["month2"]:
        month2 = MONTHS[match["month2"].rstrip(".")]
        until = month_date(year + (month2 < month), month2)
    return Reading(month_date(year, month), until)


def weekday_reading(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = WEEKDAY_EXPR.search(text)
    if match is None:
        return None
    today = publication_day(published)
    if today is None:
        return None
    which = (match["which"] or "").replace("this coming", "coming")
    shift = -1 if which in PAST_DETERMINERS else 1 if which in FUTURE_DETERMINERS else 0
    if which == "this" and way is not Direction.PAST:
        way = Direction.FUTURE
    weekday = WEEKDAYS[match["weekday"].rstrip(".")]
    return Reading(day_date(weekday_occurrence(today, weekday, way, shift=shift)))


def years_reading(text: str) -> Reading | None:
    match = YEARS.search(text)
    if match is None:
        return None
    first = int(match["year"])
    until = None
    if match["year2"]:
        second = match["year2"]
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if end > first:
            until = year_date(end)
    return Reading(year_date(first), until)


def day_word_reading(text: str, published: PartialDate | None) -> Reading | None:
    match = TODAY.search(text)
    if match is None:
        return None
    today = publication_day(published)
    if today is None:
        return None
    word = match["word"]
    if word == "yesterday":
        return Reading(day_date(today - timedelta(days=1)))
    if word == "tomorrow":
        return Reading(day_date(today + timedelta(days=1)))
    return Reading(day_date(today))
