"""Which dated events /when shows: a window, words to match, an order, a number.

Storage hands over the events of a bounded scope as small tuples
(``storage.people.event_candidates``) and the display rows of the chosen ones
(``events_by_id``); what counts as a match and what comes first is decided here.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.people import EventCandidates, EventSeen, event_candidates, events_by_id

__all__ = ["Order", "choose_events", "when_events"]

# The sort key of an event from its date, its precision and its article's time.
Order = Callable[[date, str, datetime | None], Any]


def choose_events(
    candidates: EventCandidates,
    *,
    since: datetime | None = None,
    words: Sequence[str] = (),
    any_words: Sequence[str] = (),
    limit: int,
    order: Order,
) -> list[int]:
    """The ids of the first ``limit`` events in ``order`` among those that pass: a story
    updated since ``since``; every one of ``words`` in the event's text or its story's title
    (any case, inside words too); at least one of ``any_words`` in the text as a whole word."""
    rows, stories = candidates.rows, candidates.stories
    if since is not None or words:
        needles = [w.casefold() for w in words]

        def keep(article_id: int, text: str) -> bool:
            title, updated = stories.get(article_id, ("", None))
            if since is not None and (updated is None or updated < since):
                return False
            lowered, title = text.casefold(), title.casefold()
            return all(n in lowered or n in title for n in needles)

        rows = [row for row in rows if keep(row[2], row[5])]
    if any(any_words):
        mentions = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w.casefold()) for w in any_words if w) + r")(?!\w)"
        )
        rows = [row for row in rows if mentions.search(row[5].casefold())]
    keys = [order(row[1], row[3], row[4]) for row in rows]
    best = heapq.nsmallest(limit, range(len(rows)), key=keys.__getitem__)
    return [int(rows[i][0]) for i in best]


def when_events(
    session: Session,
    *,
    since: datetime | None,
    person_id: int | None = None,
    names: Sequence[str] = (),
    words: Sequence[str] = (),
    limit: int,
    order: Order,
) -> list[EventSeen]:
    """The events /when shows, first ``limit`` in ``order``.

    A person's: the events of their newest articles that name them (any of ``names``), else
    every event of those articles, of stories updated since ``since``. Else the events of the
    stories active since ``since`` whose text or story title holds every one of ``words``.
    """
    if person_id is not None:
        found = event_candidates(
            session, person_id=person_id, with_text=True, with_stories=since is not None
        )
        chosen = choose_events(found, since=since, any_words=names, limit=limit, order=order)
        if not chosen:
            chosen = choose_events(found, since=since, limit=limit, order=order)
        return events_by_id(session, chosen)
    # The window is the scope's: the stories active since ``since``.
    found = event_candidates(
        session, stories_since=since, with_text=bool(words), with_stories=bool(words)
    )
    return events_by_id(session, choose_events(found, words=words, limit=limit, order=order))
