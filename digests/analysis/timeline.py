"""Dated events: temporal expressions normalized against the publication date.

Absolute dates keep the precision the text gives (2024-05-17, 2024-05, 2024). Relative ones
("last week", "on Tuesday", "yesterday") are resolved only when the publication day is known;
otherwise they are dropped, never resolved against today. Impossible dates ("May 32",
"2024-13-45") are ignored.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from digests.analysis.models import DatedEvent, DatePrecision, PartialDate

__all__ = ["find_events", "resolve_date"]

_MONTHS = {
    name: i
    for i, names in enumerate(
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
_WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?\b")
_MONTH_DAY_YEAR = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.IGNORECASE
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"(?:\s+of)?(?:,?\s+(?P<year>\d{4}))?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?P<year>1[89]\d{2}|20\d{2}|2100)\b")
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(ago|years?|months?|weeks?|days?|decades?|hours?|minutes?)\b|-year\b|-month\b", re.I
)
# Future-looking expressions more than this far after publication are read as last year's.
_FUTURE_SLACK = timedelta(days=183)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: PartialDate | None) -> int | None:
    if published is None:
        return None
    year = published.start.year
    candidate = _safe_date(year, month, min(day, 28))
    if (
        candidate is not None
        and published.precision is not DatePrecision.YEAR
        and candidate - published.start > _FUTURE_SLACK
    ):
        year -= 1
    return year


def _relative(text: str, published: PartialDate | None) -> PartialDate | None:
    if published is None or published.precision is not DatePrecision.DAY:
        return None
    today = published.start
    if text == "yesterday":
        return PartialDate(today - timedelta(days=1), DatePrecision.DAY)
    if text == "today":
        return PartialDate(today, DatePrecision.DAY)
    if text == "last week":
        monday = today - timedelta(days=today.weekday() + 7)
        return PartialDate(monday, DatePrecision.WEEK)
    if text == "last month":
        first = today.replace(day=1) - timedelta(days=1)
        return PartialDate(first.replace(day=1), DatePrecision.MONTH)
    match = _WEEKDAY.search(text)
    if match and not re.search(r"\bnext\b", text):
        back = (today.weekday() - _WEEKDAYS[match["weekday"].lower()]) % 7 or 7
        return PartialDate(today - timedelta(days=back), DatePrecision.DAY)
    return None


def resolve_date(expression: str, published: PartialDate | None) -> PartialDate | None:
    """A PartialDate for one temporal expression, or None when it cannot be placed honestly."""
    text = " ".join(expression.lower().split())
    if not text:
        return None
    if text in ("last year", "this year") and published is not None:
        year = published.start.year - (1 if text == "last year" else 0)
        return PartialDate(date(year, 1, 1), DatePrecision.YEAR)
    if (match := _ISO.search(text)) is not None:
        year, month = int(match["y"]), int(match["m"])
        if match["d"]:
            day = _safe_date(year, month, int(match["d"]))
            return PartialDate(day, DatePrecision.DAY) if day else None
        first = _safe_date(year, month, 1)
        return PartialDate(first, DatePrecision.MONTH) if first else None
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        if (match := pattern.search(text)) is not None:
            month_no, day_no = _MONTHS[match["month"].lower()], int(match["day"])
            inferred = (
                int(match["year"]) if match["year"] else _infer_year(month_no, day_no, published)
            )
            if inferred is None:
                return None
            found = _safe_date(inferred, month_no, day_no)
            return PartialDate(found, DatePrecision.DAY) if found else None
    if (match := _MONTH_YEAR.search(text)) is not None and (
        match["year"]
        or re.search(r"\b(in|of|since|by|until|end|early|late|mid)\b", text)
        or text.strip(". ") == match["month"].lower()
    ):
        month_no = _MONTHS[match["month"].lower()]
        in_year = int(match["year"]) if match["year"] else _infer_year(month_no, 1, published)
        if in_year is None:
            return None
        return PartialDate(date(in_year, month_no, 1), DatePrecision.MONTH)
    if (match := _YEAR.search(text)) is not None and not _DURATION.search(text):
        return PartialDate(date(int(match["year"]), 1, 1), DatePrecision.YEAR)
    if _DURATION.search(text) and text not in ("last week", "last month"):
        return None
    return _relative(text, published)


def _clause(span: Span) -> str:
    """The clause a date expression belongs to: its governing verb's subtree, or the sentence."""
    head = span.root.head
    steps = 0
    while head.pos_ not in ("VERB", "AUX") and head.head is not head and steps < 4:
        head = head.head
        steps += 1
    sent = span.sent
    if head.pos_ in ("VERB", "AUX"):
        tokens = list(head.subtree)
        text = sent.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,;:")
        if len(tokens) >= 4:
            return text
    return sent.text.strip()


def find_events(
    doc: Doc, published: PartialDate | None, *, positions: dict[int, int]
) -> tuple[DatedEvent, ...]:
    """Every datable expression in ``doc`` (spaCy DATE entities) as an event with its clause."""
    events: list[DatedEvent] = []
    seen: set[tuple[str, int]] = set()
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        position = positions.get(ent.sent.start)
        if position is None:
            continue
        # "the week" alone, durations ("three-week"), ages: nothing to place on a calendar.
        resolved = resolve_date(ent.text, published)
        if resolved is None:
            continue
        key = (str(resolved), position)
        if key in seen:
            continue
        seen.add(key)
        events.append(
            DatedEvent(
                date=resolved,
                text=_clause(ent),
                position=position,
                expression=ent.text,
                start=ent.start_char,
                end=ent.end_char,
            )
        )
    return tuple(events)
