"""A story's view is computed once, when clustering changes the story, and stored: digests, /who
and /when read it (or the index tables) and never an article's bundle of analysis rows."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import when_answer, who_messages
from bot.content import compose_digest
from digests.analysis.models import DatePrecision, PartialDate, QuoteKind
from digests.jobs.convert import story_input
from digests.jobs.editions import story_views
from digests.stories.models import (
    StoryEvent,
    StoryPerson,
    StoryQuote,
    StorySentence,
    StorySource,
    StoryView,
)
from digests.stories.stored import dump_view, load_view, type_shape, view_key
from digests.stories.story import build_story
from storage.articles import retitle_article
from storage.engine import transaction
from storage.models import Story, StoryArticle, StoryViewRecord, Subscriber
from storage.stories import article_bundles

from .conftest import ingest_folder, process

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
NOW = datetime(2024, 5, 29, 12, 0, tzinfo=UTC)
# What an article's bundle reads; none of it is for readers.
BUNDLE_TABLES = ("article_sentences", "mentions", "quotes", "events", "analyses")


def _built(session: Session, story: Story) -> StoryView:
    """``build_story`` of the story's stored articles, as clustering calls it."""
    ids = list(
        session.scalars(select(StoryArticle.article_id).where(StoryArticle.story_id == story.id))
    )
    members = [story_input(bundle) for bundle in article_bundles(session, ids)]
    return build_story(members, story_id=story.id, revision=story.revision, max_quotes=2)


def _stored(session: Session, story: Story) -> StoryView:
    record = session.get(StoryViewRecord, story.id)
    assert record is not None
    assert (record.version, record.revision) == (view_key(max_quotes=2), story.revision)
    return load_view(record.data)


def test_a_view_is_stored_when_an_article_joins_and_reads_back_as_build_story(
    db_sessions: sessionmaker[Session], nlp: Language, seeds_dir: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in (
        (first, "nv-blinken-2024-05.txt"),
        (second, "ukranews-blinken-2024-05.txt"),
    ):
        folder.mkdir()
        shutil.copy(seeds_dir / name, folder / name)
        shutil.copy(seeds_dir / "metadata.json", folder / "metadata.json")
    ingest_folder(db_sessions, first)
    assert process(db_sessions, nlp) == (1, 1, 1)
    with transaction(db_sessions) as session:
        story = session.scalars(select(Story)).one()
        alone = _stored(session, story)
        assert alone == _built(session, story)
        assert [a.outlet for a in alone.articles] == ["NV"]

    ingest_folder(db_sessions, second)
    assert process(db_sessions, nlp) == (1, 1, 0)
    with transaction(db_sessions) as session:
        story = session.scalars(select(Story)).one()
        joined = _stored(session, story)
        assert joined == _built(session, story)
        assert {a.outlet for a in joined.articles} == {"NV", "Ukrainian News"}
        assert joined.revision == story.revision == 2
        assert story_views(session, since=LONG_AGO, now=NOW, limit=10, max_quotes=2) == [joined]


@contextmanager
def _statements(sessions: sessionmaker[Session]) -> Iterator[list[str]]:
    seen: list[str] = []
    engine = sessions.kw["bind"]

    def grab(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def _reading(sessions: sessionmaker[Session], read: Callable[[Session], object]) -> list[str]:
    with _statements(sessions) as seen, transaction(sessions) as session:
        read(session)
    return seen


def test_digests_who_and_when_read_no_article_bundles(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as session:
        subscriber = Subscriber(chat_id=77, chat_type="private", created_at=LONG_AGO)
        session.add(subscriber)
        session.flush()
        subscriber_id = subscriber.id

    def digest(session: Session) -> None:
        sub = session.get_one(Subscriber, subscriber_id)
        composed = compose_digest(session, sub, now=NOW, max_quotes=2)
        assert composed.story_ids and "Blinken" in composed.text[0]

    digest_sql = _reading(seeded, digest)
    # The subscriber, the candidate stories, their stored views, what was sent before.
    assert len(digest_sql) == 4, digest_sql
    assert not [s for s in digest_sql for table in BUNDLE_TABLES if f" {table}" in s]

    for question in (None, "Blinken", "Blinkne"):
        who_sql = _reading(seeded, lambda s, q=question: who_messages(s, q, now=NOW))
        assert not [s for s in who_sql if "article_sentences" in s or "analyses" in s], who_sql
    for topic in (None, "Blinken", "strike"):
        when_sql = _reading(seeded, lambda s, t=topic: when_answer(s, t, now=NOW))
        assert not [s for s in when_sql if "article_sentences" in s or "analyses" in s], when_sql


def test_a_stale_view_is_built_from_the_articles_until_clustering_stores_it_again(
    seeded: sessionmaker[Session], nlp: Language
) -> None:
    with transaction(seeded) as session:
        story = session.scalars(select(Story)).one()
        session.execute(update(StoryViewRecord).values(version="0.older-code.q2"))
    with transaction(seeded) as session:
        story = session.scalars(select(Story)).one()
        fresh = _built(session, story)
        assert story_views(session, since=LONG_AGO, now=NOW, limit=10, max_quotes=2) == [fresh]
    assert process(seeded, nlp) == (0, 0, 0)
    with transaction(seeded) as session:
        assert _stored(session, story) == fresh

    # A new title for one article: the view holding it is forgotten, read fresh, stored again.
    with transaction(seeded) as session:
        article_id = fresh.articles[0].article_id
        assert retitle_article(session, article_id, "A corrected headline", now=NOW)
        assert session.get(StoryViewRecord, story.id) is None
    with transaction(seeded) as session:
        [view] = story_views(session, since=LONG_AGO, now=NOW, limit=10, max_quotes=2)
        assert "A corrected headline" in {a.title for a in view.articles}
    process(seeded, nlp)
    with transaction(seeded) as session:
        assert _stored(session, story) == view
        # Asked for another number of quotes than clustering stores, a reader builds its own.
        [three] = story_views(session, since=LONG_AGO, now=NOW, limit=10, max_quotes=3)
        assert three == build_story(
            [
                story_input(b)
                for b in article_bundles(session, [a.article_id for a in view.articles])
            ],
            story_id=story.id,
            revision=story.revision,
            max_quotes=3,
        )


def test_the_stored_form_follows_the_dataclasses() -> None:
    view = StoryView(
        id=7,
        title="Title",
        articles=(
            StorySource(
                1, "A", "NV", "https://nv.example/a", "feed", datetime(2024, 5, 1, tzinfo=UTC)
            ),
            StorySource(2, None, None, None, "folder", None),
        ),
        summary=(StorySentence("One.", 1, 0),),
        quotes=(StoryQuote("Ann", "mayor", "We will.", QuoteKind.DIRECT, ("NV",), (1,), 0.25),),
        people=(StoryPerson("Ann Lee", ("Lee",), None, 3, (1, 2)),),
        events=(
            StoryEvent(
                PartialDate(date(2024, 5, 1), DatePrecision.MONTH), "Talks", 1, ("NV",), None
            ),
            StoryEvent(PartialDate(date(2024, 4, 29), DatePrecision.WEEK), "Vote", 2, (), "x"),
        ),
        first_seen=datetime(2024, 5, 1, tzinfo=UTC),
        last_seen=None,
        revision=3,
    )
    assert load_view(dump_view(view)) == view
    assert isinstance(load_view(dump_view(view)).events[1].date.precision, DatePrecision)

    # A field added to a dataclass changes the shape, so views stored before it are rebuilt.
    @dataclasses.dataclass(frozen=True)
    class Before:
        when: PartialDate
        names: tuple[str, ...]

    @dataclasses.dataclass(frozen=True)
    class After:
        when: PartialDate
        names: tuple[str, ...]
        role: str | None = None

    assert type_shape(Before).partition("(")[2] != type_shape(After).partition("(")[2]
    # Enums by their values: a new precision changes the shape too.
    assert f"DatePrecision<{','.join(p.value for p in DatePrecision)}>" in type_shape(Before)
    assert view_key(max_quotes=2) != view_key(max_quotes=3)


def test_sentence_traits_and_a_made_headline_survive_storage(
    seeded: sessionmaker[Session], nlp: Language
) -> None:
    from digests.analysis.analyze import analyze_batch
    from digests.jobs.convert import article_input

    with transaction(seeded) as session:
        ids = list(session.scalars(select(StoryArticle.article_id)))
        bundles = article_bundles(session, ids)
        stored = {b.article.outlet: story_input(b).analysis for b in bundles}
        fresh = {
            b.article.outlet: next(
                analyze_batch(nlp, [article_input(b.article)], method="hybrid", sentences=3)
            )
            for b in bundles
        }
    for outlet in ("NV", "Ukrainian News"):
        assert stored[outlet].traits and stored[outlet].traits == fresh[outlet].traits
        assert stored[outlet].headline == fresh[outlet].headline
    # NV gives a headline of its own; Ukrainian News none, so one is made from its lead.
    assert stored["NV"].headline is None
    made = stored["Ukrainian News"].headline
    assert made and len(made) <= 100 and not made.endswith("…")
