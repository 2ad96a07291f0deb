"""Timelines: a story's dated events, and the order of the /when overview.

A story's timeline is chronological, one entry per event however many outlets reported it. The
/when overview puts the news first: events dated within a year of their article's publication
(or after it), the most recent first; then the background (what the articles recall from years
before), nearest the news first. A reader gets it in sections (``reading_order``): what is
coming up (after the reader's today, soonest first), what happened, the background; the text and
the picture follow that one order. Outlets telling one event make one line (``merge_timeline``).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from digests.analysis.models import DatePrecision, PartialDate
from digests.stories.local_dates import calendar_words
from digests.stories.models import StoryArticleInput, StoryEvent
from digests.stories.text import fold, near_duplicate, word_stems
from digests.stories.who_when import TimelineLine, TimelineSource

__all__ = [
    "BACKGROUND_AGE",
    "WhenSection",
    "merge_timeline",
    "overview_key",
    "period_end",
    "reading_order",
    "story_timeline",
]

# An event that ended longer than this before its article's publication is background the
# article recalls ("years long before"), not its news.
BACKGROUND_AGE = timedelta(days=365)

# Broader periods first among those starting the same day.
_BREADTH = {
    DatePrecision.DECADE: 0,
    DatePrecision.YEAR: 1,
    DatePrecision.HALF: 2,
    DatePrecision.QUARTER: 3,
    DatePrecision.SEASON: 3,
    DatePrecision.MONTH: 4,
    DatePrecision.WEEK: 5,
    DatePrecision.DAY: 6,
}
_MONTHS_LONG = {DatePrecision.QUARTER: 3, DatePrecision.SEASON: 3, DatePrecision.HALF: 6}


def period_end(when: PartialDate) -> date:
    """The last day a partial date may mean (the day itself for a full date)."""
    return _end(when.start, when.precision)


def _end(start: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.DAY:
        return start
    if precision is DatePrecision.WEEK:
        return start + timedelta(days=6)
    if precision is DatePrecision.MONTH:
        return date(start.year, start.month, monthrange(start.year, start.month)[1])
    if precision is DatePrecision.YEAR:
        return date(start.year, 12, 31)
    if precision is DatePrecision.DECADE:
        return date(start.year // 10 * 10 + 9, 12, 31)
    index = start.year * 12 + start.month - 1 + _MONTHS_LONG.get(precision, 1)
    return date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def overview_key(
    start: date, precision: DatePrecision, published: date | None
) -> tuple[int, int, int]:
    """Sort key of an event dated ``start`` at ``precision`` in the /when overview: news first,
    newest first; background after, nearest the news first.

    ``published`` is the publication (or arrival) day of the event's article; without it the
    event counts as news. Plain values, not a PartialDate: it runs on every event in scope.
    """
    end = _end(start, precision)
    breadth = _BREADTH.get(precision, 4)
    if published is None or end >= published - BACKGROUND_AGE:
        return (0, -start.toordinal(), -breadth)
    return (1, (published - end).days, -breadth)


def story_timeline(articles: Sequence[StoryArticleInput]) -> tuple[StoryEvent, ...]:
    """Dated events of all articles in date order, one entry per event however many reported it.

    ``articles`` come in the order they were seen: the first report of an event keeps its text.
    """
    events: list[StoryEvent] = []
    for article in articles:
        for event in sorted(article.analysis.events, key=lambda e: e.position):
            text = event.text.strip()
            if not text:
                continue
            index = next(
                (
                    i
                    for i, known in enumerate(events)
                    if (known.date, known.until) == (event.date, event.until)
                    and near_duplicate(known.text, text)
                ),
                None,
            )
            if index is None:
                events.append(
                    StoryEvent(
                        event.date,
                        text,
                        article.article_id,
                        (article.outlet_label,),
                        article.url,
                        until=event.until,
                    )
                )
            else:
                known = events[index]
                outlets = tuple(dict.fromkeys((*known.outlets, article.outlet_label)))
                events[index] = replace(known, outlets=outlets)
    events.sort(key=lambda e: (e.date.start, _BREADTH.get(e.date.precision, 4)))
    return tuple(events)


class WhenSection(StrEnum):
    """The parts of /when, in the order a reader gets them."""

    COMING = "coming"
    NEWS = "news"
    BACKGROUND = "background"


def reading_order(
    lines: Sequence[TimelineLine], *, today: date | None
) -> list[tuple[WhenSection, TimelineLine]]:
    """/when as it is read, text and picture alike: what is still to come after the reader's
    ``today`` (soonest first), then what happened (in the order given: newest first), then the
    background. Without ``today`` nothing is coming up."""
    coming = [
        line
        for line in lines
        if not line.background and today is not None and line.date.start > today
    ]
    coming.sort(key=lambda line: (line.date.start, period_end(line.until or line.date)))
    upcoming = {id(line) for line in coming}
    news = [line for line in lines if not line.background and id(line) not in upcoming]
    background = [line for line in lines if line.background]
    return [
        *((WhenSection.COMING, line) for line in coming),
        *((WhenSection.NEWS, line) for line in news),
        *((WhenSection.BACKGROUND, line) for line in background),
    ]


_TOKEN = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
# How far two outlets' words for one event must agree: alone, or beside a shared name or number.
_SAME_WORDS = 0.5
_SAME_WORDS_WITH_MARK = 0.2


def _marks(line: TimelineLine) -> frozenset[str]:
    """Names (capitalised words inside the text) and numbers, the date's own words left out."""
    own = {str(end.start.day) for end in (line.date, line.until) if end is not None}
    own |= {str(end.start.year) for end in (line.date, line.until) if end is not None}
    marks = set()
    for index, match in enumerate(_TOKEN.finditer(line.text)):
        token = match.group().rstrip(".,'’")
        folded = fold(token)
        if not token or folded in calendar_words():
            continue
        digits = re.sub(r"\D", "", token)
        if index and token[0].isupper():
            marks.add(folded)
        elif digits and digits.lstrip("0") not in own:
            marks.add(digits)
    return frozenset(marks)


@dataclass(frozen=True, slots=True)
class _Told:
    """A line with what comparing it reads, worked out once: its words, its names and
    numbers (``_marks``), and the names alone."""

    line: TimelineLine
    text: str
    words: frozenset[str]
    marks: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, line: TimelineLine) -> _Told:
        marks = _marks(line)
        return cls(
            line,
            " ".join(fold(line.text).split()),
            word_stems(line.text),
            marks,
            frozenset(mark for mark in marks if not mark.isdigit()),
        )


def _same_event(left: _Told, right: _Told, alone: Counter[tuple[object, ...]]) -> bool:
    one, other = left.line, right.line
    if (one.date, one.until, one.background) != (other.date, other.until, other.background):
        return False
    if left.text == right.text:
        return True
    if one.article_id is not None and one.article_id == other.article_id:
        return False  # one article's two events of one day are two events
    union = left.words | right.words
    overlap = len(left.words & right.words) / len(union) if union else 0.0
    # Two stories' lines that name different people are two events however alike the rest
    # reads ("Senator Smith won on a recount" / "Senator Jones won on a recount").
    apart = left.names and right.names and not left.names & right.names
    if apart and one.story_id != other.story_id:
        return False
    if overlap >= _SAME_WORDS:
        return True
    if overlap >= _SAME_WORDS_WITH_MARK and left.marks & right.marks:
        return True
    # Within one story, the one event each of two outlets dates to a day is the same event,
    # however differently they word it ("talks collapsed" / "negotiations broke down").
    return (
        one.story_id is not None
        and one.story_id == other.story_id
        and fold(one.outlet or "") != fold(other.outlet or "")
        and alone[_day_key(one)] == 1
        and alone[_day_key(other)] == 1
    )


def _day_key(line: TimelineLine) -> tuple[object, ...]:
    return (line.story_id, line.article_id, line.date, line.until)


def merge_timeline(lines: Sequence[TimelineLine]) -> list[TimelineLine]:
    """One line per event however many outlets told it: the first telling's words, every
    outlet cited. Two lines are one event when they give the same date (or range) and say the
    same: most of their words, or some words and a name or number; or, in one story, when each
    is the only event its article gives that date."""
    alone = Counter(_day_key(line) for line in lines)
    merged: list[_Told] = []
    for line in lines:
        told = _Told.of(line)
        index = next((i for i, known in enumerate(merged) if _same_event(known, told, alone)), None)
        if index is None:
            merged.append(told)
            continue
        known = merged[index].line
        cited = {fold(known.outlet or "")} | {fold(s.outlet or "") for s in known.also}
        if fold(line.outlet or "") not in cited:
            known = replace(known, also=(*known.also, TimelineSource(line.outlet, line.url)))
            merged[index] = replace(merged[index], line=known)
    return [told.line for told in merged]
