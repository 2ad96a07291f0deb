"""The read side of /who and /when: right answers in a number of statements that does not grow.

/who's overview used to ask for each listed person's latest quote on its own (and load whole
articles for it); it is now one statement for all of them, the ranking one more and the names
one, so the overview is three statements for one person or ten (it was 6 and 15). /when reads
its events with their articles' times in one statement and shows the chosen ones in a second
(it was 5). Id lists go to PostgreSQL as one array, and lists the database can make itself are
asked inside the statement that needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from digests.analysis.models import QuoteKind
from digests.jobs.reading import timeline, who_overview, who_person
from digests.stories.who_when import PersonDetail, QuoteRef
from storage.models import (
    Article,
    Event,
    Mention,
    Person,
    PersonAlias,
    Quote,
    Source,
    Story,
    StoryArticle,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = session.get_bind()

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _store(session: Session, people: int) -> list[Person]:
    """``people`` people, each quoted in three articles of their own story on three days; the
    newest quote of person n is "n said last", direct, in "Outlet n" on 2025-06-01."""
    source = Source(kind="feed", location="https://example.com/feed")
    session.add(source)
    made = []
    for n in range(1, people + 1):
        person = Person(name=f"Person Number{n}", key=f"person number{n}", role=f"role {n}")
        person.aliases.append(PersonAlias(alias=person.name, key=person.key))
        story = Story(title=f"Story {n}", updated_at=NOW, last_seen_at=NOW)
        session.add_all([person, story])
        session.flush()
        for day, words in ((1, "said first"), (2, "said then"), (3, "said last")):
            published = NOW - timedelta(days=3 - day, minutes=n)
            article = Article(
                source_id=source.id,
                url=f"https://example.com/{n}/{day}",
                title=f"Article {n}.{day}",
                outlet=f"Outlet {n}" if day == 3 else "Elsewhere",
                published_at=published,
                published_precision="day",
                text="long text " * 500,
                content_hash=f"{n}-{day}",
            )
            session.add(article)
            session.flush()
            session.add_all(
                [
                    StoryArticle(article_id=article.id, story_id=story.id),
                    Mention(
                        article_id=article.id,
                        person_id=person.id,
                        seen_at=published,
                        name=person.name,
                        count=n,
                    ),
                    Quote(
                        article_id=article.id,
                        person_id=person.id,
                        seen_at=published,
                        speaker=person.name,
                        text=f"{n} {words}",
                        kind="direct" if day == 3 else "reported",
                        position=0,
                        sentence=f"{n} {words}.",
                        score=1.0,
                    ),
                    Event(
                        article_id=article.id,
                        date_text=published.date().isoformat(),
                        date_start=published.date(),
                        precision="day",
                        text=f"Person Number{n} acted on day {day}",
                        position=0,
                    ),
                ]
            )
        made.append(person)
    session.flush()
    return made


def test_who_overview_is_three_statements_for_one_person_or_ten(db_session: Session) -> None:
    _store(db_session, 12)
    since = NOW - timedelta(days=7)
    for limit in (1, 10):
        with statements(db_session) as seen:
            overview = who_overview(db_session, since=since, limit=limit)
        assert len(overview) == limit
        assert len(seen) == 3, seen
    # Most stories tie (one each), so most mentions first: person 12 has 36.
    top = overview[0]
    assert (top.name, top.role, top.story_count) == ("Person Number12", "role 12", 1)
    assert top.latest_quote == QuoteRef(
        "12 said last", "Outlet 12", "https://example.com/12/3", date(2025, 6, 1), QuoteKind.DIRECT
    )
    assert [p.latest_quote.text for p in overview if p.latest_quote] == [
        f"{n} said last" for n in range(12, 2, -1)
    ]


def test_who_name_and_when_read_plain_rows_newest_first(db_session: Session) -> None:
    _store(db_session, 3)
    found = who_person(db_session, "Person Number2", limit=10)
    assert isinstance(found, PersonDetail)
    assert [q.text for q in found.quotes] == ["2 said last", "2 said then", "2 said first"]
    assert [q.kind for q in found.quotes] == [QuoteKind.DIRECT, *[QuoteKind.REPORTED] * 2]
    with statements(db_session) as seen:
        lines = timeline(db_session, topic=None, since=NOW - timedelta(days=7), limit=30)
    assert len(seen) == 2, seen
    assert len(lines) == 9
    assert [line.date.start for line in lines] == sorted(
        (line.date.start for line in lines), reverse=True
    )
    newest = lines[0]
    assert (newest.outlet, newest.story_title) == ("Outlet 1", "Story 1")
    assert newest.text == "Person Number1 acted on day 3"
    mine = timeline(db_session, topic="Person Number3", since=None, limit=30)
    assert [line.text for line in mine] == [f"Person Number3 acted on day {d}" for d in (3, 2, 1)]
    # Words match an event's text or its story's title: every word, in either, any case.
    by_title = timeline(db_session, topic="STORY number2", since=None, limit=30)
    assert [line.text for line in by_title] == [
        f"Person Number2 acted on day {d}" for d in (3, 2, 1)
    ]
