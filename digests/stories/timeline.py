"""Timelines: a story's dated events, and the order of the /when overview.

A story's timeline is chronological, one entry per event however many outlets reported it. The
/when overview puts the news first: events dated within a year of their article's publication
(or after it), the most recent first; then the background (what the articles recall from years
before), nearest the news first.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from datetime import date, timedelta

from digests.analysis.models import DatePrecision, PartialDate
from digests.stories.models import StoryArticleInput, StoryEvent
from digests.stories.text import near_duplicate

__all__ = ["BACKGROUND_AGE", "overview_key", "period_end", "story_timeline"]

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
                    if known.date == event.date and near_duplicate(known.text, text)
                ),
                None,
            )
            if index is None:
                events.append(
                    StoryEvent(
                        event.date, text, article.article_id, (article.outlet_label,), article.url
                    )
                )
            else:
                known = events[index]
                outlets = tuple(dict.fromkeys((*known.outlets, article.outlet_label)))
                events[index] = StoryEvent(
                    known.date, known.text, known.article_id, outlets, known.url
                )
    events.sort(key=lambda e: (e.date.start, _BREADTH.get(e.date.precision, 4)))
    return tuple(events)
