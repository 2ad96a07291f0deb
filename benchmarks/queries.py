"""/who, /when and /digest latency (p50, p95) on generated stores, on SQLite and PostgreSQL.

    python benchmarks/queries.py                              # quick: 1k and 10k articles
    python benchmarks/queries.py --sizes 1000,10000,100000    # full run
    python benchmarks/queries.py --explain                    # plus each query's plans
    python benchmarks/queries.py --load 1                     # while a busy process runs

PostgreSQL: NEWSDIGEST_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a database of its own is created beside it and dropped. Each call runs in its own short
transaction, as the bot's handlers do, with the bot's arguments (last 7 days, 10 people, 30
events); /digest composes one subscriber's edition (5 stories, rendered as HTML and text) from
the stories' stored views, as each delivery does. Judged by p95 < 50 ms and the growth of p95
from the smallest to the largest store. ``--load N`` keeps N other processes busy (each spins
one core) while the calls are timed, as when the bot shares its machine with a worker analysing
articles; the stores are filled before they start.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import NOW, bench_database, fill, percentile, postgres_available, store_views
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from bot.answers import RECENT, WHEN_LIMIT, WHO_LIMIT
from bot.content import compose_digest
from bot.heap import freeze_long_lived
from digests.jobs.reading import timeline, who_overview, who_person
from digests.stories.who_when import PersonDetail
from storage.engine import make_sessionmaker, transaction
from storage.models import Subscriber

GOAL_MS = 50.0


def cases(top: str, mid: str, subscriber_id: int) -> dict[str, Callable[[Session], Any]]:
    """The bot's /who, /when and digest calls, named for the table."""
    since = NOW - RECENT
    surname = top.split()[-1]
    misspelt = top[:-2] + top[-1] + top[-2]
    return {
        "/who (overview)": lambda s: who_overview(s, since=since, limit=WHO_LIMIT),
        f"/who {surname.lower()} (alias, top person)": lambda s: _person(
            who_person(s, surname.lower(), limit=WHO_LIMIT)
        ),
        f"/who {mid} (mid person)": lambda s: _person(who_person(s, mid, limit=WHO_LIMIT)),
        # A person when the misspelling is clear, else suggestions: the same queries either way.
        f"/who {misspelt} (misspelt)": lambda s: who_person(s, misspelt, limit=WHO_LIMIT),
        "/when (no topic)": lambda s: timeline(s, topic=None, since=since, limit=WHEN_LIMIT),
        f"/when {surname} (person)": lambda s: timeline(
            s, topic=surname, since=None, limit=WHEN_LIMIT
        ),
        "/when strike (word)": lambda s: timeline(s, topic="strike", since=None, limit=WHEN_LIMIT),
        "/digest (compose 5 stories)": lambda s: _digest(s, subscriber_id),
    }


def _digest(session: Session, subscriber_id: int) -> Any:
    subscriber = session.get_one(Subscriber, subscriber_id)
    composed = compose_digest(session, subscriber, now=NOW, max_quotes=2)
    if len(composed.story_ids) != subscriber.max_stories:
        raise AssertionError(f"expected a full digest, got {composed.story_ids}")
    return composed


def add_subscriber(engine: Engine) -> int:
    """A subscriber whose last digest went out a day before the store's "now"."""
    with transaction(make_sessionmaker(engine)) as session:
        subscriber = Subscriber(
            chat_id=1,
            chat_type="private",
            created_at=NOW - timedelta(days=30),
            last_digest_at=NOW - timedelta(days=1),
        )
        session.add(subscriber)
        session.flush()
        return subscriber.id


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy(processes: int) -> Iterator[None]:
    """``processes`` other processes, each keeping one core busy, for the duration."""
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(processes)]
    for spinner in spinners:
        spinner.start()
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.terminate()
        for spinner in spinners:
            spinner.join()


def _person(found: Any) -> Any:
    if not isinstance(found, PersonDetail):
        raise AssertionError(f"expected a person, got suggestions {found!r}")
    return found


def measure(
    engine: Engine, call: Callable[[Session], Any], *, repeat: int
) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, statements per call) over ``repeat`` calls after two warm-ups."""
    sessions = make_sessionmaker(engine)
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    for _ in range(2):
        with transaction(sessions) as session:
            call(session)
    event.listen(engine, "before_cursor_execute", count)
    times = []
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            with transaction(sessions) as session:
                call(session)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return percentile(times, 50), percentile(times, 95), statements[0] // repeat


def explain(engine: Engine, call: Callable[[Session], Any]) -> None:
    """Print the plan of every statement ``call`` runs."""

    captured: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        captured.append((statement, params))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            call(session)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for statement, params in captured:
            cursor = raw.cursor()
            cursor.execute(prefix + statement, params)
            print("   ", statement.split("\n")[0][:100])
            for row in cursor.fetchall():
                print("      ", " ".join(str(c) for c in row))
            cursor.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="articles per store (1000,10000)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per query (30)")
    parser.add_argument("--explain", action="store_true", help="print query plans per store")
    parser.add_argument(
        "--load", type=int, default=0, help="busy processes while the calls are timed (0)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgresql" in backends and (reason := postgres_available()):
        print(f"PostgreSQL skipped: {reason}")
        backends.remove("postgresql")

    results: dict[tuple[str, str, int], tuple[float, float, int]] = {}
    names: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for size in sizes:
                with bench_database(backend, Path(tmp)) as engine:
                    start = time.perf_counter()
                    store = fill(engine, size)
                    filled = time.perf_counter()
                    views = store_views(engine)
                    print(
                        f"{backend} {size} articles: {store.stories} stories, {store.people} "
                        f"people, {store.rows} rows in {filled - start:.1f} s; {views} story "
                        f"views stored in {time.perf_counter() - filled:.1f} s"
                    )
                    subscriber = add_subscriber(engine)
                    calls = cases(store.top_person, store.mid_person, subscriber)
                    # As the bot does once it is ready (bot.heap): what is loaded for good is
                    # kept out of the collector's full passes.
                    freeze_long_lived()
                    with busy(args.load):
                        for name, call in calls.items():
                            if name not in names:
                                names.append(name)
                            timed = measure(engine, call, repeat=args.repeat)
                            results[(backend, name, size)] = timed
                            p50, p95, stmts = timed
                            print(
                                f"  {name:40} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {stmts} stmts"
                            )
                            if args.explain:
                                explain(engine, call)

    print()
    if args.load:
        print(f"timed while {args.load} other process(es) kept a core busy each")
    head = " | ".join(f"{s:,} p50 / p95 ms" for s in sizes)
    print(f"| backend | query | {head} | p95 growth |")
    print("|---" * (len(sizes) + 3) + "|")
    worst_p95 = worst_growth = 0.0
    for backend in backends:
        for name in names:
            cells = [results[(backend, name, s)] for s in sizes]
            growth = cells[-1][1] / cells[0][1]
            worst_p95 = max(worst_p95, max(c[1] for c in cells))
            worst_growth = max(worst_growth, growth)
            row = " | ".join(f"{c[0]:.1f} / {c[1]:.1f}" for c in cells)
            print(f"| {backend} | {name} | {row} | {growth:.2f}x |")
    print()
    print(
        f"worst p95: {worst_p95:.1f} ms (goal < {GOAL_MS:.0f}: "
        f"{'met' if worst_p95 < GOAL_MS else 'NOT met'}); worst p95 growth "
        f"{sizes[0]:,} -> {sizes[-1]:,} articles: {worst_growth:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
