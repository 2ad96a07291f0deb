"""The read side of /who and /when: people, quotes and dated events from the stored analysis.

Each function takes a Session first and returns the plain dataclasses that
``digests.stories.render`` turns into messages. Digests read stories in ``digests.jobs.editions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from digests.analysis.models import ANALYSIS_VERSION, DatePrecision, QuoteKind
from digests.analysis.names import normalize_name
from digests.jobs.convert import stored_date
from digests.jobs.when_events import when_events
from digests.stories.timeline import merge_timeline, overview_key
from digests.stories.who_when import PersonDetail, PersonSummary, QuoteRef, StoryRef, TimelineLine
from storage.analysis import articles_in_progress
from storage.models import Person
from storage.people import (
    QuoteSeen,
    alias_keys_like,
    latest_quotes,
    names_and_roles,
    people_with_key,
    prominent_people,
    quote_counts,
    quotes_of,
    stories_of,
)

__all__ = ["backlog", "find_person", "timeline", "who_overview", "who_person"]

# Longest query text considered: a name or topic, not an essay.
_MAX_QUERY = 200
_FUZZY_CUTOFF = 80.0


def backlog(session: Session) -> int:
    """Articles not in /who, /when and digests yet because they are still being analysed or
    placed in stories: an empty answer with a backlog says "still reading", not "nothing"."""
    return articles_in_progress(session, version=ANALYSIS_VERSION)


def _quote_ref(seen: QuoteSeen) -> QuoteRef:
    # Only a known day is shown: a month-precision date stored as the 1st would mislead.
    published = seen.published_at
    day_known = seen.published_precision in (None, DatePrecision.DAY)
    return QuoteRef(
        text=seen.text,
        kind=QuoteKind.REPORTED if seen.kind == QuoteKind.REPORTED else QuoteKind.DIRECT,
        outlet=seen.outlet,
        url=seen.url,
        published=published.date() if day_known and published is not None else None,
    )


def who_overview(session: Session, *, since: datetime, limit: int) -> list[PersonSummary]:
    """People in stories active since ``since``, most prominent first.

    Five statements whatever the store's size: three for the ranking, one for names and roles,
    one for every listed person's latest quote (plain rows, no ORM objects).
    """
    rows = prominent_people(session, since=since, limit=limit)
    ids = [row[0] for row in rows]
    people = names_and_roles(session, ids)
    quotes = latest_quotes(session, ids)
    summaries = []
    for person_id, story_count, _mentions in rows:
        name, role = people[person_id]
        quote = quotes.get(person_id)
        summaries.append(
            PersonSummary(
                name=name,
                role=role,
                story_count=int(story_count),
                latest_quote=_quote_ref(quote) if quote else None,
            )
        )
    return summaries


def find_person(session: Session, query: str, *, suggest: bool = True) -> Person | list[str]:
    """The person ``query`` names (any alias, any case, small misspellings), else close names
    (or no names, without ``suggest``)."""
    key = normalize_name(query[:_MAX_QUERY])
    if not key:
        return []
    exact = people_with_key(session, key)
    if exact:
        return _most_quoted(session, exact)
    # Misspellings rarely touch the first two letters: they narrow the fuzzy candidates.
    candidates = alias_keys_like(
        session, sorted({token[:2] for token in key.split()}), limit=20_000
    )
    scored = process.extract(key, candidates, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
    if (
        scored
        and scored[0][1] >= _FUZZY_CUTOFF
        and (len(scored) == 1 or scored[0][1] - scored[1][1] >= 5)
    ):
        found = people_with_key(session, scored[0][0])
        if found:
            return _most_quoted(session, found)
    names: list[str] = []
    for match, _score, _index in scored if suggest else ():
        for person in people_with_key(session, match):
            if person.name not in names:
                names.append(person.name)
    return names


def _most_quoted(session: Session, people: Sequence[Person]) -> Person:
    if len(people) == 1:
        return people[0]
    counts = quote_counts(session, [p.id for p in people])
    return max(people, key=lambda p: (min(counts.get(p.id, 0), 50), -p.id))


def who_person(session: Session, query: str, *, limit: int) -> PersonDetail | list[str]:
    """/who NAME: the person's role, quotes and stories, or suggestions when nobody matches."""
    found = find_person(session, query)
    if isinstance(found, list):
        return found
    aliases = tuple(sorted({a.alias for a in found.aliases} - {found.name}))
    return PersonDetail(
        name=found.name,
        aliases=aliases,
        role=found.role,
        quotes=tuple(_quote_ref(q) for q in quotes_of(session, found.id, limit=limit)),
        stories=tuple(StoryRef(s.id, s.title) for s in stories_of(session, found.id, limit=limit)),
    )


def _overview_order(
    start: date, precision: str, article_time: datetime | None
) -> tuple[int, int, int]:
    known = stored_date(start, precision).precision
    return overview_key(start, known, article_time.date() if article_time else None)


def timeline(
    session: Session, *, topic: str | None, since: datetime | None, limit: int
) -> list[TimelineLine]:
    """The /when overview: the news of recent stories, newest first, then their background;
    one line per event however many outlets told it (``merge_timeline``).

    Narrowed to a person when ``topic`` names one (events that name them by any of their
    aliases; else every event of their articles), else to events whose text or story title
    holds every word of ``topic`` (a word in another script by its transliteration).
    """
    person = find_person(session, topic[:_MAX_QUERY], suggest=False) if topic else None
    # Room for near-duplicates reported by several outlets.
    wanted = limit * 2
    if isinstance(person, Person):
        names = sorted(
            {a.alias for a in person.aliases}
            | {a.alias.split()[-1] for a in person.aliases if a.alias.split()}
            | {person.name}
        )
        rows = when_events(
            session,
            since=since,
            person_id=person.id,
            names=names,
            limit=wanted,
            order=_overview_order,
        )
    elif topic:
        # The articles are English: a word in another script is looked for as its
        # transliteration ("Пентагон" is "pentagon", "Харків" "kharkiv"), as names are.
        words = [w if w.isascii() else normalize_name(w) for w in topic[:_MAX_QUERY].split()]
        words = [w for w in words if w][:5]
        rows = when_events(session, since=since, words=words, limit=wanted, order=_overview_order)
    else:
        rows = when_events(session, since=since, limit=wanted, order=_overview_order)
    lines: list[TimelineLine] = []
    for event in rows:
        published = event.article_time
        when = stored_date(event.date_start, event.precision)
        until = (
            stored_date(event.until_start, event.until_precision)
            if event.until_start is not None
            else None
        )
        lines.append(
            TimelineLine(
                date=when,
                text=event.text,
                outlet=event.outlet,
                url=event.url,
                story_title=event.story_title,
                background=overview_key(
                    when.start, when.precision, published.date() if published else None
                )[0]
                > 0,
                until=until,
                story_id=event.story_id,
                article_id=event.article_id,
            )
        )
    return merge_timeline(lines)[:limit]
