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
from dataclasses import dataclass
from datetime import date, timedelta

from digests.analysis.dates.calendar import (
    HOLIDAYS,
    MONTHS,
    NUMBERS,
    SEASONS,
    WEEKDAYS,
    Direction,
    add_months,
    holiday_date,
    month_occurrence,
    safe_date,
    season_start,
    spoken_numbers,
    week_of,
    weekday_occurrence,
)
from digests.analysis.models import DatePrecision, PartialDate

__all__ = ["Reading", "read_expression", "resolve_date"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What an expression says: a date, and the end of the range when it names one."""

    date: PartialDate
    until: PartialDate | None = None


def _alternatives(words: object) -> str:
    names = sorted(words, key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(n) for n in names)


_MONTH = rf"(?:{_alternatives(MONTHS)})\.?"
_WEEKDAY = rf"(?:{_alternatives(WEEKDAYS)})\.?"
_SEASON = rf"(?:{_alternatives(SEASONS)})"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|2100)"
_RANGE = r"\s*(?:-|to|through|thru|until|till|and|or)\s*"
_RELATIVE_YEAR = r"(?:this|last|next|the\s+(?:current|coming|past|previous)|current)\s+year"
_COUNT = rf"(?:\d{{1,3}}|{_alternatives(NUMBERS)})"

_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b")
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY})\b"
    rf"(?:{_RANGE}(?:(?P<month2>{_MONTH})\s+)?(?P<day2>{_DAY})\b)?"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>{_DAY})(?:{_RANGE}(?P<day2>{_DAY}))?\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
)
_MONTH_ALONE = re.compile(
    rf"\b(?P<month>{_MONTH})(?!\w)(?:{_RANGE}(?P<month2>{_MONTH})(?!\w))?"
    rf"(?:,?\s+(?:of\s+)?(?:(?P<year>{_YEAR})\b|(?P<relative>{_RELATIVE_YEAR})))?"
)
_SEASON_EXPR = re.compile(
    rf"\b(?:(?P<which>this|last|next|past|coming|previous)\s+)?(?P<season>{_SEASON})"
    rf"(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR})\b|(?P<relative>{_RELATIVE_YEAR})))?"
)
_PART = re.compile(
    r"\b(?:the\s+)?(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s+"
    r"(?P<part>quarter|half)\b"
    rf"(?:\s+of\s+(?:(?P<year>{_YEAR})\b|(?P<relative>{_RELATIVE_YEAR})|(?:the\s+)?year))?"
    rf"|\bq(?P<q>[1-4])\b(?:\s+(?P<qyear>{_YEAR}))?"
)
_DECADE = re.compile(r"\b(?P<decade>1[5-9]\d0|20\d0)'?s\b|'(?P<short>\d0)s\b")
_YEARS = re.compile(rf"\b(?P<year>{_YEAR})\b(?:{_RANGE}(?P<year2>{_YEAR}|\d\d)\b)?")
_AGO = re.compile(rf"\b(?P<count>{_COUNT})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b")
_RELATIVE = re.compile(
    r"\b(?P<which>this|last|next|coming|current|the\s+current)\s+"
    r"(?P<unit>week|weekend|month|year)\b"
)
_WHOLE_YEAR = re.compile(
    r"\b(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|turn)\s+of\s+the\s+year\b"
    r"|\b(?:early|earlier|late|later)\s+(?:in\s+)?the\s+year\b"
)
_TODAY = re.compile(
    r"\b(?P<word>today|tonight|yesterday|tomorrow)\b|\bthis\s+(?:morning|afternoon|evening)\b"
)
_WEEKDAY_EXPR = re.compile(
    rf"\b(?:(?P<which>last|next|this|this\s+coming|coming|past|previous)\s+)?"
    rf"(?P<weekday>{_WEEKDAY})(?!\w)"
)
_WEEKEND = re.compile(r"\b(?:the\s+)?weekend\b")
# "from today through Nov. 17", "Sept. 14 to Thursday", "between May 1 and June 3": each end
# read on its own ("May 1-3", "1991 to 1997" are read whole below).
_RANGE_SPLIT = re.compile(
    r"^(?:(?:between|from)\s+)?(?P<first>.+?)\s+(?:to|through|thru|until|till|and)\s+"
    r"(?P<last>.+)$"
)
_HOLIDAY = re.compile(
    rf"\b(?:(?P<which>last|next|this|past|coming)\s+)?(?P<name>{_alternatives(HOLIDAYS)})\b"
)
_WEEK_OF = re.compile(
    r"\bweek\s+of\b"
    rf"|\b(?P<ordinal>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<month>{_MONTH})"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
)
# "the last year", "the past month": the stretch of time up to now, a duration.
_STRETCH = re.compile(r"\bthe\s+(?:last|past)\s+(?:week|month|year)\b")
# Anaphora and vagueness: the date is another expression's ("that day", "the previous year")
# or none at all ("recent years"); periods other than the ones above have no date.
_UNPLACEABLE = re.compile(
    r"\b(?:recent|recently|these|those|past|few|several|century|centuries|millennium)\b"
)
# Another expression's date ("that September", "the following year", "the same day") or a
# recurrence ("every May", "annual"): whatever the calendar words in it, no date of its own.
_ANAPHORIC = re.compile(
    r"\b(?:that|same|previous|following|prior|subsequent|each|every|daily|weekly|monthly|"
    r"annually|annual|yearly)\b"
)
_PAST_WORDS = re.compile(r"\b(?:last|past|previous|ago|since)\b")
_FUTURE_WORDS = re.compile(r"\b(?:next|coming|upcoming)\b")


def _normalize(expression: str) -> str:
    text = expression.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[–—‐-]", "-", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # "late-November", "mid-June"
    text = re.sub(r"\bmid-(?=\S)", "mid ", text)
    text = spoken_numbers(text)
    return " ".join(text.split()).strip(" .,;:!?\"'`()[]")


def _day(value: date) -> PartialDate:
    return PartialDate(value, DatePrecision.DAY)


def _month(year: int, month: int) -> PartialDate:
    return PartialDate(date(year, month, 1), DatePrecision.MONTH)


def _year(year: int) -> PartialDate:
    return PartialDate(date(year, 1, 1), DatePrecision.YEAR)


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _today(published: PartialDate | None) -> date | None:
    if published is None or published.precision is not DatePrecision.DAY:
        return None
    return published.start


def _relative_year(text: str, published: PartialDate | None) -> int | None:
    if published is None:
        return None
    year = published.start.year
    if text.startswith("last") or "past" in text or "previous" in text:
        return year - 1
    if text.startswith("next") or "coming" in text:
        return year + 1
    return year


def _year_of(month: int, day: int | None, published: PartialDate | None, way: Direction) -> int:
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


def _explicit_day(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.search(text)
        if match is None:
            continue
        month = MONTHS[match["month"].rstrip(".")]
        day = _day_number(match["day"])
        named = _WEEKDAY_EXPR.search(text)
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
            year = years[0] if years else _year_of(month, day, published, way)
        else:
            year = _year_of(month, day, published, way)
        first = safe_date(year, month, day)
        if first is None:
            return None
        until = None
        if match["day2"]:
            month2 = MONTHS[m.rstrip(".")] if (m := match.groupdict().get("month2")) else month
            end = safe_date(year + (month2 < month), month2, _day_number(match["day2"]))
            if end is not None and end > first:
                until = _day(end)
        return Reading(_day(first), until)
    return None


def _month_reading(
    text: str, published: PartialDate | None, way: Direction, *, modal_may: bool
) -> Reading | None:
    match = _MONTH_ALONE.search(text)
    if match is None or (modal_may and match["month"] == "may"):
        return None
    month = MONTHS[match["month"].rstrip(".")]
    if match["year"]:
        year = int(match["year"])
    elif match["relative"]:
        found = _relative_year(match["relative"], published)
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
            year = _year_of(month, None, published, way)
    until = None
    if match["month2"]:
        month2 = MONTHS[match["month2"].rstrip(".")]
        until = _month(year + (month2 < month), month2)
    return Reading(_month(year, month), until)


def _season_reading(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = _SEASON_EXPR.search(text)
    if match is None:
        return None
    season = match["season"]
    if match["year"] or match["relative"]:
        year = int(match["year"]) if match["year"] else _relative_year(match["relative"], published)
        if year is None:
            return None
        return Reading(PartialDate(season_start(year, season), DatePrecision.SEASON))
    today = _today(published)
    if today is None:
        return None
    periods = [
        (start, add_months(start, 3) - timedelta(days=1))
        for start in (season_start(y, season) for y in range(today.year - 2, today.year + 2))
    ]
    which = match["which"] or ""
    if which in ("last", "past", "previous"):
        start = max(s for s, e in periods if e < today)
    elif which in ("next", "coming") or (not which and way is Direction.FUTURE):
        start = min(s for s, e in periods if e >= today and (which == "" or s > today))
    elif not which and way is Direction.PAST:
        start = max(s for s, _ in periods if s <= today)
    else:
        start = min(
            periods, key=lambda p: 0 if p[0] <= today <= p[1] else abs((p[0] - today).days)
        )[0]
    return Reading(PartialDate(start, DatePrecision.SEASON))


def _part_reading(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = _PART.search(text)
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
        index = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(
            ordinal, count
        )
        year_text, relative = match["year"], match["relative"]
    months = 3 if part == "quarter" else 6
    if year_text:
        year: int | None = int(year_text)
    elif relative:
        year = _relative_year(relative, published)
    elif published is None or not re.search(r"\b(?:fiscal|of\s+the\s+year)\b", text):
        year = None  # "the first half" of a match, "third-quarter profit": no year to place
    else:
        # "the third quarter of the year": the one the tense makes true.
        year = _year_of((index - 1) * months + 1, None, published, way)
    if year is None:
        return None
    precision = DatePrecision.QUARTER if part == "quarter" else DatePrecision.HALF
    return Reading(PartialDate(date(year, (index - 1) * months + 1, 1), precision))


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


def _ago(text: str, published: PartialDate | None) -> Reading | None:
    match = _AGO.search(text)
    if match is None or published is None:
        return None
    count, unit = _count(match["count"]), match["unit"]
    start = published.start
    if unit == "year":
        return Reading(_year(start.year - count))
    if unit == "decade":
        return None
    if unit == "month":
        if published.precision is DatePrecision.YEAR:
            return None
        shifted = add_months(start, -count)
        return Reading(_month(shifted.year, shifted.month))
    today = _today(published)
    if today is None:
        return None
    if unit == "week":
        return Reading(week_of(today - timedelta(weeks=count)))
    return Reading(_day(today - timedelta(days=count)))


def _relative(text: str, published: PartialDate | None) -> Reading | None:
    match = _RELATIVE.search(text)
    if match is None or published is None:
        return None
    which, unit = match["which"], match["unit"]
    step = -1 if which == "last" else 1 if which in ("next", "coming") else 0
    start = published.start
    if unit == "year":
        return Reading(_year(start.year + step))
    if unit == "month":
        if published.precision is DatePrecision.YEAR:
            return None
        shifted = add_months(start, step)
        return Reading(_month(shifted.year, shifted.month))
    today = _today(published)
    if today is None:
        return None
    if unit == "weekend":
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)
        return Reading(week_of(saturday + timedelta(weeks=step + (step > 0))))
    return Reading(week_of(today + timedelta(weeks=step)))


def _day_word(text: str, published: PartialDate | None) -> Reading | None:
    match = _TODAY.search(text)
    if match is None:
        return None
    today = _today(published)
    if today is None:
        return None
    word = match["word"]
    if word == "yesterday":
        return Reading(_day(today - timedelta(days=1)))
    if word == "tomorrow":
        return Reading(_day(today + timedelta(days=1)))
    return Reading(_day(today))


def _weekday(text: str, published: PartialDate | None, way: Direction) -> Reading | None:
    match = _WEEKDAY_EXPR.search(text)
    if match is None:
        return None
    today = _today(published)
    if today is None:
        return None
    which = (match["which"] or "").replace("this coming", "coming")
    shift = -1 if which in ("last", "past", "previous") else 1 if which in ("next", "coming") else 0
    if which == "this" and way is not Direction.PAST:
        way = Direction.FUTURE
    weekday = WEEKDAYS[match["weekday"].rstrip(".")]
    return Reading(_day(weekday_occurrence(today, weekday, way, shift=shift)))


def _years(text: str) -> Reading | None:
    match = _YEARS.search(text)
    if match is None:
        return None
    first = int(match["year"])
    until = None
    if match["year2"]:
        second = match["year2"]
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if end > first:
            until = _year(end)
    return Reading(_year(first), until)


def _week_reading(
    text: str, match: re.Match[str], published: PartialDate | None, way: Direction
) -> Reading | None:
    if not match["ordinal"]:
        found = _explicit_day(text[match.end() :], published, way)
        return Reading(week_of(found.date.start)) if found is not None else None
    month = MONTHS[match["month"].rstrip(".")]
    if match["year"]:
        year = int(match["year"])
    elif published is not None:
        year = _year_of(month, None, published, way)
    else:
        return None
    first = date(year, month, 1)
    if match["ordinal"] in ("last", "final"):
        day = add_months(first, 1) - timedelta(days=7)
    else:
        index = ("first", "second", "third", "fourth").index(match["ordinal"])
        day = first + timedelta(weeks=index)
    return Reading(week_of(day))


def _holiday(
    match: re.Match[str], text: str, published: PartialDate, way: Direction
) -> Reading | None:
    name = match["name"]
    which = match["which"] or ""
    if which in ("last", "past"):
        way = Direction.PAST
    elif which in ("next", "coming"):
        way = Direction.FUTURE
    month, day = holiday_date(name, published.start.year)
    year = _year_of(month, day, published, way)
    return Reading(_day(date(year, *holiday_date(name, year))))


def _direction_in(text: str, way: Direction) -> Direction:
    if _PAST_WORDS.search(text):
        return Direction.PAST
    if _FUTURE_WORDS.search(text):
        return Direction.FUTURE
    return way


def read_expression(
    expression: str, published: PartialDate | None, *, direction: Direction = Direction.UNKNOWN
) -> Reading | None:
    """What ``expression`` dates, or None when it names no date that can be placed honestly.

    ``direction`` is where the surrounding text puts it (past tense, "will", ...); words of the
    expression itself ("last", "next", "ago") take precedence.
    """
    text = _normalize(expression)
    if not text or not re.search(r"[a-z0-9]", text):
        return None
    way = _direction_in(text, direction)
    if (match := _RANGE_SPLIT.match(text)) is not None:
        first = _read(match["first"], expression, published, way)
        last = _read(match["last"], expression, published, way)
        if first is not None and last is not None:
            later = last.date.start > first.date.start
            return Reading(first.date, last.date if later else None)
    return _read(text, expression, published, way)


def _read(
    text: str, expression: str, published: PartialDate | None, way: Direction
) -> Reading | None:
    if _ANAPHORIC.search(text) and not re.search(r"\b\d{4}\b", text):
        return None
    if (match := _ISO.search(text)) is not None:
        year, month = int(match["y"]), int(match["m"])
        if match["d"]:
            day = safe_date(year, month, int(match["d"]))
            return Reading(_day(day)) if day else None
        if (year + 1) % 100 == month:  # "2009-10": a season of two years, not October
            return Reading(_year(year), _year(year + 1))
        return Reading(_month(year, month)) if 1 <= month <= 12 else None
    if (match := _WEEK_OF.search(text)) is not None:
        return _week_reading(text, match, published, way)
    if _MONTH_DAY.search(text) or _DAY_MONTH.search(text):
        # A day of a month, or nothing: "May 32" is no month either.
        return _explicit_day(text, published, way)
    if _PART.search(text):
        return _part_reading(text, published, way)
    if _SEASON_EXPR.search(text):
        return _season_reading(text, published, way)
    # "may" in lower case is the modal verb, never the month.
    modal_may = "May" not in expression
    if (found := _month_reading(text, published, way, modal_may=modal_may)) is not None:
        return found
    if (match := _DECADE.search(text)) is not None:
        if match["decade"]:
            return Reading(PartialDate(date(int(match["decade"]), 1, 1), DatePrecision.DECADE))
        return None  # "the '90s": which century is for the reader to know
    if _UNPLACEABLE.search(text) or _STRETCH.search(text):
        return None
    if (found := _years(text)) is not None:
        return found
    if _WHOLE_YEAR.search(text) and published is not None:
        return Reading(_year(published.start.year))
    for reader in (_ago, _relative, _day_word):
        if (found := reader(text, published)) is not None:
            return found
    if (found := _weekday(text, published, way)) is not None:
        return found
    if (match := _HOLIDAY.search(text)) is not None and published is not None:
        return _holiday(match, text, published, way)
    if _WEEKEND.search(text) and (today := _today(published)) is not None:
        saturday = weekday_occurrence(today, 5, way)
        return Reading(week_of(saturday))
    return None


def resolve_date(
    expression: str, published: PartialDate | None, *, direction: Direction = Direction.UNKNOWN
) -> PartialDate | None:
    """A PartialDate for one temporal expression, or None when it cannot be placed honestly."""
    reading = read_expression(expression, published, direction=direction)
    return None if reading is None else reading.date
