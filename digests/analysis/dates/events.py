"""Dated events of a parsed article: its date expressions placed, filtered, given their clause."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from digests.analysis import docindex
from digests.analysis.datelines import dateline_length
from digests.analysis.dates.clause import event_text
from digests.analysis.dates.direction import direction_of
from digests.analysis.dates.nonevents import non_event
from digests.analysis.dates.patterns import names_day, names_holiday
from digests.analysis.dates.resolve import read_expression
from digests.analysis.models import DatedEvent, PartialDate

__all__ = ["date_expressions", "find_events"]

# Two date entities with only this between them are one expression ("April" "next year",
# "Friday" "Aug. 7") when the second completes the first.
_JOIN = re.compile(r"^\s*(?:,|of)?\s*$")
_COMPLETES = re.compile(
    r"^(?:the\s+)?(?:(?:this|last|next|the\s+same|that)\s+year|\d{4}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)$"
)
_HAS_YEAR = re.compile(r"\b\d{4}\b|\byear\b", re.IGNORECASE)
_DETERMINERS = frozenset({"this", "last", "next", "that", "early", "late", "mid"})


def date_expressions(doc: Doc, text: str | None = None) -> Iterator[Span]:
    """The date expressions of ``doc``: DATE entities (adjacent ones joined), TIMEs that name
    their day, holidays; each with the "this"/"last"/"next" the entity left out.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = docindex.text(doc) if text is None else text
    pending: Span | None = None
    for ent in docindex.entities(doc):
        # A TIME that names its day ("Wednesday night", "this morning") dates that day.
        if ent.label_ == "TIME" and names_day(ent.text):
            kind = "time"
        elif ent.label_ == "DATE" or (ent.label_ == "EVENT" and names_holiday(ent.text)):
            kind = "date"
        else:
            continue
        if (
            pending is not None
            and kind == "date"
            and _JOIN.match(text[pending.end_char : ent.start_char]) is not None
            and not any(t.is_sent_start for t in doc[pending.end : ent.end])
            and _COMPLETES.match(ent.text) is not None
            and _HAS_YEAR.search(pending.text) is None
        ):
            pending = doc[pending.start : ent.end]
            continue
        if pending is not None:
            yield _widened(pending)
        pending = ent
    if pending is not None:
        yield _widened(pending)


def _widened(span: Span) -> Span:
    """ "this year's" where the entity is only "year": the determiner belongs to the date."""
    if span.start == 0:
        return span
    before = span.doc[span.start - 1]
    if before.lower_ in _DETERMINERS and span.start <= before.head.i < span.end:
        return span.doc[span.start - 1 : span.end]
    return span


def _listed(span: Span) -> list[Span]:
    """The dates of a list ("Friday and Thursday", "in 1994, 1995 and 1997"), else the span."""
    doc = span.doc
    first = doc[span.start - 1] if span.start > 0 else span[0]
    if first.lower_ in ("between", "from") or span[0].lower_ in ("between", "from"):
        return [span]
    if not any(t.lower_ in ("and", "or") for t in span):
        return [span]
    parts: list[Span] = []
    start = span.start
    for token in span:
        if token.lower_ in ("and", "or", ","):
            if token.i > start:
                parts.append(doc[start : token.i])
            start = token.i + 1
    if start < span.end:
        parts.append(doc[start : span.end])
    return parts if len(parts) > 1 else [span]


def find_events(
    doc: Doc,
    published: PartialDate | None,
    *,
    positions: dict[int, int],
    text: str | None = None,
) -> tuple[DatedEvent, ...]:
    """Every expression in ``doc`` that dates something that happened or will happen.

    ``text`` is ``doc.text`` when the caller has read it already.
    """
    text = docindex.text(doc) if text is None else text
    events: list[DatedEvent] = []
    seen: set[tuple[str, int]] = set()
    for whole in date_expressions(doc, text):
        sent = whole.sent
        position = positions.get(sent.start)
        if position is None:
            continue
        skip = dateline_length(text[sent.start_char : sent.end_char])
        if skip and whole.start_char < sent.start_char + skip:
            continue  # the dateline's date is the publication's, not an event's
        direction = direction_of(whole)
        parts = _listed(whole)
        readings = [read_expression(p.text, published, direction=direction) for p in parts]
        if len(parts) > 1 and None in readings:
            parts, readings = [whole], [read_expression(whole.text, published, direction=direction)]
        clause: str | None = None
        for span, reading in zip(parts, readings, strict=True):
            if reading is None or non_event(span, direction, text, sent=sent) is not None:
                continue
            key = (str(reading.date), position)
            if key in seen:
                continue
            seen.add(key)
            clause = clause or event_text(whole, text, sent=sent)
            events.append(
                DatedEvent(
                    date=reading.date,
                    text=clause,
                    position=position,
                    expression=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    until=reading.until,
                )
            )
    return tuple(events)
