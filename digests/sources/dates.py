"""Publication dates: from the feed, the page's metadata or the text, never "now" by default."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.calendar import MONTHS
from digests.analysis.lexicon.page import STAMP_LABELS
from digests.analysis.models import DatePrecision, PartialDate

__all__ = [
    "EARLIEST",
    "LATEST_AHEAD",
    "KnownDate",
    "date_from_text",
    "first_known",
    "from_struct_time",
    "impossible_date",
    "parse_date_string",
    "sane_date",
    "stored_moment",
]

# A publication date outside [EARLIEST, fetch time + LATEST_AHEAD] is a mistake or a trick
# (year 1, year 9999); the article is kept without it.
EARLIEST = date(1900, 1, 1)
LATEST_AHEAD = timedelta(days=1)
# "Tue, 21 May 2024 23:30:00 -0500": RFC 822 dates of RSS, read with their offset kept.
_RFC822 = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\w*\s+(\d{4})\s+\d{1,2}:\d\d")

_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:[-/.](?P<m>0?[1-9]|1[0-2])(?:[-/.](?P<d>0?[1-9]|[12]\d|3[01]))?)?"
    r"(?:[T ](?P<time>\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(?P<tz>Z|[+-]\d\d:?\d\d)?)?(?!\d)"
)
_DMY = re.compile(
    r"(?<!\d)(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>(?:19|20)\d\d)(?!\d)"
)
_MONTH_NAME = rf"(?P<month>{alternatives(MONTHS)})\.?"
_MDY = re.compile(
    _MONTH_NAME
    + r"\s+(?:(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
_DMY_NAME = re.compile(
    r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+"
    + _MONTH_NAME
    + r",?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
# A labelled date stub near the top of a page: "date 2024-05", "Published: May 21, 2024".
_LABEL = re.compile(
    rf"^\W*(?:date|dated|(?:{alternatives(STAMP_LABELS)})(?:\s+on)?)\b\s*[:|\-–]?\s*",
    re.I,
)


# Numbers written where a calendar date goes, before any range check: "2024-02-31",
# "31 Feb 2024", "Feb 31, 2024", "May 20000". Lenient parsers roll such values over into real
# dates (2024-03-02, 2000); a date that cannot be is no date.
_LOOSE_ISO = re.compile(r"(?<!\d)(?P<y>\d{4,})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_LOOSE_NAMED = re.compile(
    r"(?<![\w:.])(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH_NAME
    + r"|"
    + _MONTH_NAME.replace("?P<month>", "?P<month2>")
    + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)"
    r",?\s+(?P<y>\d{4,})(?!\d)"
    r"|(?<![\w])" + _MONTH_NAME.replace("?P<month>", "?P<month3>") + r",?\s+(?P<y3>\d{5,})(?!\d)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class KnownDate:
    """A publication date and, when the source gave a time too, the exact moment."""

    date: PartialDate
    moment: datetime | None = None


def from_struct_time(value: time.struct_time | None) -> KnownDate | None:
    """A feedparser ``*_parsed`` value (UTC) as a day-precise date with its moment."""
    if value is None:
        return None
    try:
        moment = datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return KnownDate(PartialDate(moment.date(), DatePrecision.DAY), moment)


def impossible_date(value: str | None) -> bool:
    """Whether ``value`` writes a date no calendar has: a day past its month's end, month 13,
    a five-digit year. Such a value dates nothing, whatever a lenient parser makes of it."""
    if not value:
        return False
    for found in _LOOSE_ISO.finditer(value):
        if _impossible(found["y"], int(found["m"]), found["d"]):
            return True
    for found in _LOOSE_NAMED.finditer(value):
        if found["y3"]:
            return True
        name = found["month"] or found["month2"]
        month = MONTHS.get(name.lower().rstrip("."))
        if month is None or _impossible(found["y"], month, found["d1"] or found["d2"]):
            return True
    return False


def _impossible(year: str, month: int, day: str | None) -> bool:
    if len(year) != 4:
        return True
    try:
        date(int(year), month, int(day) if day else 1)
    except ValueError:
        return True
    return False


def _partial(year: int, month: int | None, day: int | None) -> PartialDate | None:
    try:
        if day is not None and month is not None:
            return PartialDate(date(year, month, day), DatePrecision.DAY)
        if month is not None:
            return PartialDate(date(year, month, 1), DatePrecision.MONTH)
        return PartialDate(date(year, 1, 1), DatePrecision.YEAR)
    except ValueError:
        return None


def parse_date_string(value: str | None) -> KnownDate | None:
    """A date as metadata writes it: "2024-05-21", "2024-05", "2024-05-21T10:00Z", "May 2024"."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if impossible_date(text):
        return None
    rfc = _rfc822(text)
    if rfc is not None:
        return rfc
    match = _ISO.search(text)
    if match and match["m"]:
        found = _partial(int(match["y"]), int(match["m"]), int(match["d"]) if match["d"] else None)
        if found is None:
            return None
        moment = None
        if found.precision is DatePrecision.DAY and match["time"]:
            moment = _moment(found.start, match["time"], match["tz"])
        return KnownDate(found, moment)
    for pattern in (_DMY, _DMY_NAME, _MDY):
        named = pattern.search(text)
        if named:
            groups = named.groupdict()
            month = MONTHS[groups["month"].lower()] if "month" in groups else None
            if month is None and "m" in groups:
                month = int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            found = _partial(int(groups["y"]), month, day)
            return KnownDate(found) if found else None
    if match:
        year = _partial(int(match["y"]), None, None)
        return KnownDate(year) if year else None
    return None


def _rfc822(text: str) -> KnownDate | None:
    """An RFC 822 date with a zone: the publisher's own day, and the exact moment in UTC."""
    found = _RFC822.search(text)
    if not found:
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.year != int(found.group(1)):
        # The parser reads "0001" as 2001; a year it cannot keep is no date at all.
        return None
    if parsed.tzinfo is None:
        # "-0000": a UTC time from a writer that does not say its own zone.
        parsed = parsed.replace(tzinfo=UTC)
    return KnownDate(PartialDate(parsed.date(), DatePrecision.DAY), parsed.astimezone(UTC))


def _moment(day: date, clock: str, zone: str | None) -> datetime | None:
    text = f"{day.isoformat()}T{clock}{'' if zone in (None, 'Z') else zone}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if zone is None:
        # A time without a zone is a local time we cannot place; keep the day only.
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def date_from_text(stubs: list[str]) -> KnownDate | None:
    """The date of a labelled stub ("date 2024-05", "Published: 21.05.2024"), if any.

    Only page debris is read: a date inside an article sentence ("On May 15, 2024, ...") is
    when something happened, not when the article was published.
    """
    for stub in stubs:
        if not _LABEL.match(stub) and not _only_date(stub):
            continue
        found = parse_date_string(_LABEL.sub("", stub))
        if found is not None:
            return KnownDate(found.date)
    return None


def _only_date(stub: str) -> bool:
    rest = _ISO.sub("", stub)
    for pattern in (_DMY, _MDY, _DMY_NAME):
        rest = pattern.sub("", rest)
    return rest != stub and not re.search(r"[A-Za-z]{3,}", rest)


def first_known(*candidates: KnownDate | None) -> KnownDate | None:
    """The first date found, in the caller's order of trust (feed, page metadata, text)."""
    return next((c for c in candidates if c is not None), None)


def sane_date(known: KnownDate | None, *, now: datetime) -> KnownDate | None:
    """``known`` when it falls between EARLIEST and ``now`` + LATEST_AHEAD, else None."""
    if known is None:
        return None
    latest = now + LATEST_AHEAD
    if known.date.start < EARLIEST or known.date.start > latest.date():
        return None
    if known.moment is not None and not EARLIEST <= known.moment.date() <= latest.date():
        return None
    return known


def stored_moment(known: KnownDate) -> datetime:
    """The UTC instant to store for ``known``, inside the publisher's own day.

    The database keeps UTC instants and reads the day back from them; a moment late in the
    evening west of Greenwich (or early east of it) falls on another UTC day, so it is moved
    to the nearest instant of the publisher's day (by less than its UTC offset).
    """
    start = datetime.combine(known.date.start, datetime.min.time(), tzinfo=UTC)
    moment = known.moment
    if moment is None:
        # The first instant of the known period; the precision column says how much is real.
        return start
    moment = moment.astimezone(UTC)
    if known.date.precision is not DatePrecision.DAY or moment.date() == known.date.start:
        return moment
    return start if moment < start else start + timedelta(days=1, microseconds=-1)
