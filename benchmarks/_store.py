"""Generated stores for the benchmarks: migrated databases filled fast with Core bulk inserts.

Shape of a store of N articles (seeded, so every run builds the same one):
- 300 articles a day ending now, from 40 outlets; 4 sentences, 1 analysis each;
- people: max(500, N/20) capped at 5,000, chosen with Zipf-like weights (1/rank^1.1): the first
  few appear in a sizeable share of all articles, most in a handful; 2-3 aliases each;
- 3-6 mentions, 2-4 quotes (mostly by a mentioned person) and 1-3 dated events per article;
- stories of 1-5 consecutive articles; a story is updated when its last article arrives.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import uuid
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from digests.analysis.names import normalize_name  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Analysis,
    Article,
    ArticleSentence,
    Event,
    Mention,
    Person,
    PersonAlias,
    Quote,
    Source,
    Story,
    StoryArticle,
)

__all__ = [
    "NOW",
    "POSTGRES_URL",
    "Store",
    "bench_database",
    "fill",
    "percentile",
    "store_views",
    "timer",
]

POSTGRES_URL = os.environ.get(
    "NEWSDIGEST_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ARTICLES_PER_DAY = 300
CHUNK = 5_000

FIRST = [
    "Antony",
    "Maria",
    "Olena",
    "Pedro",
    "Ingrid",
    "Kwame",
    "Yuki",
    "Fatima",
    "Lars",
    "Chen",
    "Amara",
    "Diego",
    "Sofia",
    "Tomas",
    "Aisha",
    "Rafael",
    "Hana",
    "Viktor",
    "Leila",
    "Jonas",
    "Mei",
    "Omar",
    "Priya",
    "Nikolai",
    "Grace",
    "Mateo",
    "Zara",
    "Emil",
    "Nadia",
    "Kofi",
]
LAST = [
    "Blinken",
    "Zelensky",
    "Kuleba",
    "Sanchez",
    "Larsen",
    "Mensah",
    "Tanaka",
    "Haddad",
    "Berg",
    "Wei",
    "Okafor",
    "Ramirez",
    "Rossi",
    "Novak",
    "Rahman",
    "Costa",
    "Kim",
    "Petrov",
    "Nasser",
    "Weber",
    "Liu",
    "Farouk",
    "Sharma",
    "Ivanov",
    "Mwangi",
    "Torres",
    "Klein",
    "Lindqvist",
    "Duarte",
    "Moreau",
    "Kowalski",
    "Jansen",
    "Popescu",
    "Horvat",
    "Nakamura",
    "Oyelaran",
    "Fischer",
    "Castillo",
    "Sorensen",
    "Abbasi",
    "Meyer",
    "Hughes",
    "Carvalho",
    "Stein",
    "Murphy",
    "Varga",
    "Silva",
    "Dubois",
    "Yilmaz",
    "Eriksen",
]
TOPICS = [
    "strike",
    "port",
    "water",
    "drought",
    "election",
    "budget",
    "library",
    "flood",
    "chess",
    "ceasefire",
    "talks",
    "aid",
    "summit",
    "vaccine",
    "tariff",
    "railway",
    "protest",
    "court",
    "reform",
    "energy",
    "grid",
    "heatwave",
    "wildfire",
    "mine",
    "bank",
    "merger",
    "satellite",
    "airport",
    "bridge",
    "refinery",
    "harvest",
    "fishery",
    "museum",
    "stadium",
    "hospital",
    "teachers",
    "nurses",
]
ENDINGS = (
    "",
    "son",
    "er",
    "ski",
    "ov",
    "ez",
    "man",
    "ini",
    "sen",
    "ic",
    "escu",
    "berg",
    "ley",
    "ova",
    "as",
    "etti",
    "stad",
    "ik",
    "ard",
    "well",
)
ROLES = ("minister", "spokesperson", "mayor", "union leader", "chief executive", "professor")


@dataclass(frozen=True)
class Store:
    """What a benchmark needs to know of a filled store."""

    articles: int
    stories: int
    people: int
    top_person: str
    mid_person: str
    rows: int


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@contextmanager
def timer() -> Iterator[list[float]]:
    """Seconds spent inside the block, appended to the yielded list on exit."""
    import time

    box: list[float] = []
    start = time.perf_counter()
    yield box
    box.append(time.perf_counter() - start)


@contextmanager
def bench_database(
    backend: str, workdir: Path, *, postgres_url: str | None = None
) -> Iterator[Engine]:
    """A fresh migrated database of ``backend`` ("sqlite" or "postgresql"), dropped afterwards.

    The PostgreSQL one is made beside ``postgres_url`` (default: NEWSDIGEST_BENCH_POSTGRES_URL).
    """
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        try:
            yield engine
        finally:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    base = make_url(postgres_url or POSTGRES_URL)
    name = f"newsdigest_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(base.set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_available() -> str | None:
    """None when the benchmark PostgreSQL answers, else the one-line reason."""
    try:
        admin = create_engine(make_url(POSTGRES_URL))
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
        admin.dispose()
    except Exception as exc:
        return str(exc).splitlines()[0]
    return None


def _zipf(count: int, rng: random.Random) -> Any:
    weights = [1 / (rank**1.1) for rank in range(1, count + 1)]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def draw() -> int:
        return bisect_left(cumulative, rng.random() * total)

    return draw


def _names(count: int) -> list[tuple[str, str]]:
    """(full name, surname) for ``count`` people; the first is Antony Blinken.

    1,000 distinct surnames (50 stems, 20 endings): a surname is shared by up to five people in
    the largest stores, as real surnames are; full names are unique.
    """
    found = []
    for i in range(count):
        surname = LAST[i % len(LAST)] + ENDINGS[(i // len(LAST)) % len(ENDINGS)]
        first = FIRST[(i // (len(LAST) * len(ENDINGS)) + i) % len(FIRST)]
        found.append((f"{first} {surname}", surname))
    return found


def _insert(engine: Engine, table: Any, rows: list[dict[str, Any]]) -> int:
    with engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(table), rows[start : start + CHUNK])
    return len(rows)


def fill(engine: Engine, articles: int, *, seed: int = 6) -> Store:
    """Fill a migrated, empty database with a store of ``articles`` articles."""
    rng = random.Random(seed)
    people_count = min(5_000, max(500, articles // 20))
    draw = _zipf(people_count, rng)
    names = _names(people_count)
    first_day = NOW - timedelta(days=articles / ARTICLES_PER_DAY)
    rows = 0
    rows += _insert(
        engine,
        Source.__table__,
        [
            {
                "id": i + 1,
                "kind": "feed",
                "location": f"https://outlet{i}.example/feed",
                "enabled": True,
                "error_count": 0,
                "created_at": first_day,
            }
            for i in range(40)
        ],
    )
    people, aliases = [], []
    alias_id = itertools.count(1)
    for pid, (name, surname) in enumerate(names, start=1):
        people.append(
            {
                "id": pid,
                "name": name,
                "key": normalize_name(name),
                "role": ROLES[pid % len(ROLES)],
                "created_at": first_day,
            }
        )
        spellings = [name, surname] + ([f"{name.split()[0][0]}. {surname}"] if pid % 2 else [])
        for alias in spellings:
            aliases.append(
                {
                    "id": next(alias_id),
                    "person_id": pid,
                    "alias": alias,
                    "key": normalize_name(alias),
                }
            )
    rows += _insert(engine, Person.__table__, people)
    rows += _insert(engine, PersonAlias.__table__, aliases)

    arts, analyses, sentences, mentions, quotes, events = [], [], [], [], [], []
    stories, links = [], []
    sentence_id, mention_id, quote_id, event_id = (itertools.count(1) for _ in range(4))
    story_id = 0
    remaining = 0
    step = timedelta(days=1) / ARTICLES_PER_DAY
    for aid in range(1, articles + 1):
        fetched = first_day + step * aid
        topic = TOPICS[rng.randrange(len(TOPICS))]
        place = LAST[rng.randrange(len(LAST))]
        cast = list(dict.fromkeys(draw() + 1 for _ in range(rng.randint(3, 6))))
        arts.append(
            {
                "id": aid,
                "source_id": 1 + aid % 40,
                "url": f"https://outlet{aid % 40}.example/{aid}",
                "canonical_url": f"https://outlet{aid % 40}.example/{aid}",
                "title": f"{topic.title()} in {place}ville: day {aid % 9}",
                "outlet": f"Outlet {aid % 40}",
                "published_at": fetched - timedelta(hours=2),
                "published_precision": "day",
                "fetched_at": fetched,
                "language": "en",
                "text": f"The {topic} in {place}ville continued. " * 4,
                "content_hash": f"{aid:064x}",
            }
        )
        analyses.append(
            {
                "article_id": aid,
                "version": 1,
                "analyzed_at": fetched,
                "language": "en",
                "is_english": True,
                "method": "hybrid",
                "summary": [0, 2],
                "features": {"terms": {topic: 3, place.lower(): 2}, "entities": [f"gpe:{place}"]},
            }
        )
        for pos in range(4):
            sentences.append(
                {
                    "id": next(sentence_id),
                    "article_id": aid,
                    "position": pos,
                    "text": f"Sentence {pos} about the {topic} in {place}ville.",
                }
            )
        for pos, pid in enumerate(cast):
            mentions.append(
                {
                    "id": next(mention_id),
                    "article_id": aid,
                    "person_id": pid,
                    "name": names[pid - 1][0],
                    "role": ROLES[pid % len(ROLES)],
                    "count": rng.randint(1, 5),
                    "first_position": pos,
                    "seen_at": fetched - timedelta(hours=2),
                }
            )
        for pos in range(rng.randint(2, 4)):
            speaker = cast[rng.randrange(len(cast))] if rng.random() < 0.85 else None
            quotes.append(
                {
                    "id": next(quote_id),
                    "article_id": aid,
                    "person_id": speaker,
                    "speaker": names[speaker - 1][0] if speaker else "a spokesperson",
                    "text": f"We will not give up on the {topic}, not now, not ever {pos}.",
                    "kind": "direct",
                    "position": pos,
                    "sentence": "...",
                    "score": rng.random(),
                    "seen_at": fetched - timedelta(hours=2),
                }
            )
        for pos in range(rng.randint(1, 3)):
            day = (fetched - timedelta(days=rng.randint(0, 60))).date()
            who = names[cast[0] - 1][1]
            events.append(
                {
                    "id": next(event_id),
                    "article_id": aid,
                    "date_text": day.isoformat(),
                    "date_start": day,
                    "precision": "day",
                    "position": pos,
                    "text": f"On {day:%B %d}, {who} spoke about the {topic} in {place}ville.",
                }
            )
        if remaining == 0:
            story_id += 1
            remaining = rng.randint(1, 5)
            stories.append(
                {
                    "id": story_id,
                    "title": f"{topic.title()} in {place}ville",
                    "created_at": fetched,
                    "updated_at": fetched,
                    "last_seen_at": fetched,
                    "article_count": 0,
                    "outlet_count": 0,
                    "quote_count": 0,
                    "revision": 1,
                    "signature": {},
                }
            )
        story = stories[-1]
        story["article_count"] += 1
        story["outlet_count"] += 1
        story["updated_at"] = story["last_seen_at"] = fetched
        links.append(
            {"article_id": aid, "story_id": story_id, "similarity": 0.5, "added_at": fetched}
        )
        remaining -= 1
    for table, batch in (
        (Article.__table__, arts),
        (Analysis.__table__, analyses),
        (ArticleSentence.__table__, sentences),
        (Mention.__table__, mentions),
        (Quote.__table__, quotes),
        (Event.__table__, events),
        (Story.__table__, stories),
        (StoryArticle.__table__, links),
    ):
        rows += _insert(engine, table, batch)
    after_bulk_load(engine)
    return Store(
        articles=articles,
        stories=len(stories),
        people=people_count,
        top_person=names[0][0],
        mid_person=names[min(people_count - 1, 40)][0],
        rows=rows,
    )


def store_views(engine: Engine, *, max_quotes: int = 2) -> int:
    """Build and store the views of the store's recent stories, as clustering runs do (then
    vacuumed, as autovacuum would leave the new rows)."""
    from digests.jobs.views import refresh_views
    from storage.engine import make_sessionmaker, transaction

    sessions = make_sessionmaker(engine)
    built = 0
    while True:
        with transaction(sessions) as session:
            done = refresh_views(session, max_quotes=max_quotes, now=NOW, limit=500)
        if not done:
            after_bulk_load(engine)
            return built
        built += done


def after_bulk_load(engine: Engine) -> None:
    """Sequences past the explicit ids; statistics and visibility maps as autovacuum leaves them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in (
            "sources",
            "people",
            "person_aliases",
            "articles",
            "article_sentences",
            "mentions",
            "quotes",
            "events",
            "stories",
        ):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
