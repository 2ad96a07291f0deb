"""Dated events of a parsed article: its date expressions placed, filtered, given their clause."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from digests.analysis.dates.clause import dateline_length, event_text
from digests.analysis.dates.context import direction_of, non_event
from digests.analysis.dates.resolve import read_expression
from digests.analysis.models import DatedEvent, PartialDate

__all__ = ["date_expressions", "find_events"]

# A TIME entity that names its day ("Wednesday night", "this morning") dates that day.
_DAY_IN_TIME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|"
    r"tomorrow|this\s+(?:morning|afternoon|evening))\b",
    re.IGNORECASE,
)
# Two date entities with only this between them are one expression ("April" "next year",
# "Friday" "Aug. 7") when the second completes the first.
_JOIN = re.compile(r"^\s*(?:,|of)?\s*$")
_COMPLETES = re.compile(
    r"^(?:the\s+)?(?:(?:this|last|next|the\s+same|that)\s+year|\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2})$"
)
_HAS_YEAR = re.compile(r"\b\d{4}\b|\byear\b", re.IGNORECASE)


def date_expressions(doc: Doc) -> Iterator[Span]:
    """The date expressions of ``doc``: DATE entities (adjacent ones joined) and dated TIMEs."""
    text = doc.text
    pending: Span | None = None
    for ent in doc.ents:
        if ent.label_ == "TIME" and _DAY_IN_TIME.search(ent.text):
            kind = "time"
        elif ent.label_ == "DATE":
            kind = "date"
        else:
            continue
        if (
            pending is not None
            and kind == "date"
            and ent.sent.start == pending.sent.start
            and _JOIN.match(text[pending.end_char : ent.start_char]) is not None
            and _COMPLETES.match(ent.text) is not None
            and _HAS_YEAR.search(pending.text) is None
        ):
            pending = doc[pending.start : ent.end]
            continue
        if pending is not None:
            yield pending
        pending = ent
    if pending is not None:
        yield pending


def find_events(
    doc: Doc, published: PartialDate | None, *, positions: dict[int, int]
) -> tuple[DatedEvent, ...]:
    """Every expression in ``doc`` that dates something that happened or will happen."""
    text = doc.text
    events: list[DatedEvent] = []
    seen: set[tuple[str, int]] = set()
    for span in date_expressions(doc):
        sent = span.sent
        position = positions.get(sent.start)
        if position is None:
            continue
        skip = dateline_length(sent.text)
        if skip and span.start_char < sent.start_char + skip:
            continue  # the dateline's date is the publication's, not an event's
        direction = direction_of(span)
        reading = read_expression(span.text, published, direction=direction)
        if reading is None or non_event(span, direction, text) is not None:
            continue
        key = (str(reading.date), position)
        if key in seen:
            continue
        seen.add(key)
        events.append(
            DatedEvent(
                date=reading.date,
                text=event_text(span),
                position=position,
                expression=span.text,
                start=span.start_char,
                end=span.end_char,
                until=reading.until,
            )
        )
    return tuple(events)
