"""Retention: what is older than the window goes, and nothing still shown breaks.

Real articles through the real jobs (spaCy included) on SQLite and PostgreSQL; ages are set by
moving stored timestamps back, as time would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from spacy.language import Language
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import cli
from digests.jobs.editions import story_views
from digests.jobs.reading import who_overview, who_person
from digests.jobs.retention import prune_older_than
from storage.deliveries import ensure_delivery
from storage.engine import transaction
from storage.models import (
    Analysis,
    Article,
    Delivery,
    Mention,
    Person,
    PersonAlias,
    Story,
    StoryArticle,
)
from storage.subscribers import subscribe
from tests.pipeline.conftest import OTHER_EVENTS, ingest_folder, process

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
OLD = timedelta(days=400)


def _story_of(session: Session, needle: str) -> Story:
    return next(s for s in session.scalars(select(Story)) if needle in s.title.casefold())


def _articles_of(session: Session, story_id: int) -> list[int]:
    return list(
        session.scalars(select(StoryArticle.article_id).where(StoryArticle.story_id == story_id))
    )


def _people_only_in(session: Session, article_ids: list[int]) -> set[str]:
    rows = session.execute(select(Mention.person_id, Mention.article_id)).all()
    inside = {p for p, a in rows if a in article_ids}
    outside = {p for p, a in rows if a not in article_ids}
    names = dict(session.execute(select(Person.id, Person.name)).all())
    return {names[p] for p in inside - outside}


def test_old_stories_go_whole_and_what_is_shown_stays(
    seeded: sessionmaker[Session], nlp: Language, database_url: str, tmp_path: Path
) -> None:
    ingest_folder(seeded, OTHER_EVENTS)
    assert process(seeded, nlp) == (2, 2, 2)
    now = datetime.now(UTC)
    with transaction(seeded) as session:
        old_story = _story_of(session, "chess")
        old_articles = _articles_of(session, old_story.id)
        kept_story = next(
            s for s in session.scalars(select(Story)) if len(_articles_of(session, s.id)) == 2
        )
        kept_articles = _articles_of(session, kept_story.id)
        gone_people = _people_only_in(session, old_articles)
        assert gone_people, "the chess article names people of its own"
        kept_people = {p.name for p in session.scalars(select(Person))} - gone_people
        # Time passes: the chess story and its article are old; one article of the story that
        # is still shown was fetched long ago too (it stays with its story).
        session.execute(update(Story).where(Story.id == old_story.id).values(updated_at=now - OLD))
        session.execute(
            update(Article)
            .where(Article.id.in_([*old_articles, kept_articles[0]]))
            .values(fetched_at=now - OLD)
        )
        # An old article never analysed nor placed in a story.
        loose = Article(
            source_id=session.scalars(select(Article.source_id)).first(),
            text="An old unplaced article.",
            content_hash="0" * 64,
            fetched_at=now - OLD,
        )
        session.add(loose)
        subscriber, _ = subscribe(session, chat_id=42, chat_type="private")
        delivery, _ = ensure_delivery(session, subscriber.id, "2020-01-01T08:00Z", due_at=LONG_AGO)
        delivery.story_ids = [old_story.id, kept_story.id]
        old_story_id, delivery_id = old_story.id, delivery.id
        before = {
            s.id: (s.title, s.article_count, s.outlet_count) for s in session.scalars(select(Story))
        }

    counts = prune_older_than(seeded, keep=timedelta(days=30), now=now)
    assert (counts.articles, counts.stories, counts.people) == (2, 1, len(gone_people))

    with transaction(seeded) as session:
        assert session.get(Story, old_story_id) is None
        for article_id in [*old_articles, loose.id]:
            assert session.get(Article, article_id) is None
        assert (
            session.scalar(
                select(func.count())
                .select_from(Analysis)
                .where(Analysis.article_id.in_(old_articles))
            )
            == 0
        )
        after = {
            s.id: (s.title, s.article_count, s.outlet_count) for s in session.scalars(select(Story))
        }
        assert after == {k: v for k, v in before.items() if k != old_story_id}
        assert sorted(_articles_of(session, kept_story.id)) == sorted(kept_articles)
        views = story_views(session, since=LONG_AGO, now=datetime.now(UTC), limit=10, max_quotes=2)
        assert sorted(len(v.articles) for v in views) == [1, 2]
        people = {p.name for p in session.scalars(select(Person))}
        assert people == kept_people
        assert not people & gone_people
        # People still mentioned keep every alias; the gone ones leave none behind.
        assert session.scalar(select(func.count()).select_from(PersonAlias)) > 0
        orphans = select(PersonAlias).where(~PersonAlias.person_id.in_(select(Person.id)))
        assert session.scalars(orphans).first() is None
        blinken = who_person(session, "Blinken", limit=10)
        assert not isinstance(blinken, list) and blinken.name == "Antony Blinken"
        assert who_overview(session, since=LONG_AGO, limit=20)
        ledger = session.get(Delivery, delivery_id)
        assert ledger is not None and ledger.story_ids == [old_story_id, kept_story.id]

    # Nothing more to prune: the command says so.
    result = CliRunner().invoke(
        cli, ["prune", "--days", "30"], env={"NEWSDIGEST_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip() == "pruned 0 article(s), 0 story(ies), 0 person(s) older than 30 days"
    )


def test_prune_command_off_and_window(
    database_url: str, db_sessions: sessionmaker[Session]
) -> None:
    env = {"NEWSDIGEST_DATABASE_URL": database_url, "NEWSDIGEST_KEEP_DAYS": "0"}
    off = CliRunner().invoke(cli, ["prune"], env=env)
    assert off.exit_code == 1
    assert (
        off.output.strip()
        == ("Error: retention is off (NEWSDIGEST_KEEP_DAYS=0): give --days N to prune")
        or "retention is off" in off.output
    )
    # Never fewer days than a story stays open (NEWSDIGEST_STORY_WINDOW_DAYS, 7).
    short = CliRunner().invoke(cli, ["prune", "--days", "2"], env=env)
    assert short.exit_code == 0, short.output
    assert short.output.strip().endswith("older than 7 days")
