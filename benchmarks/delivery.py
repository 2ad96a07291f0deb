"""Delivery of due digests through a local Bot API server that enforces Telegram's flood limits.

    python benchmarks/delivery.py                          # 1,000 subscribers (about a minute)
    python benchmarks/delivery.py --subscribers 10000      # the full run (about 6 minutes)
    python benchmarks/delivery.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/delivery.py --messages 3 --latency 0.05   # longer digests, a far server
    python benchmarks/delivery.py --real-composer --subscribers 300

Each subscriber (a private chat) has one digest due; the ledger rows come from the scheduler's
``create_due_deliveries`` and the bot's ``Deliverer`` sends them, with the ExtBot and its one
pacing layer (the ``Pacer`` rate limiter) that ``newsdigest worker`` uses, to the test Bot API
server (``tests.support.botapi``, its own threads in this process) enforcing Telegram's limits: 30
messages/s overall, 1/s per chat, 429 with retry_after when exceeded. A fixed composer makes one
short message per subscriber (``--messages`` for more, paced 1/s per chat), so the figures
measure delivery, not analysis; ``--real-composer`` composes real digests from a generated store of
stories instead. ``--latency`` adds a round trip to each call, as a distant server would.

``--db`` names an existing PostgreSQL database: a fresh database is created beside it and
dropped afterwards (SQLite: a fresh file in a temporary folder). Judged by: achieved rate / 30
>= 0.95, messages lost 0, duplicated 0; the 429s received are reported too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import bench_database  # noqa: E402
from sqlalchemy import Engine, func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bot.container import build  # noqa: E402
from bot.content import ComposedDigest, DigestComposer, compose_digest  # noqa: E402
from bot.delivery import DeliveryReport, Pacing  # noqa: E402
from bot.scheduler import create_due_deliveries  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from storage.engine import make_sessionmaker, transaction  # noqa: E402
from storage.models import Delivery, Subscriber  # noqa: E402
from tests.support.botapi import BotApiServer, DeliveryStats, RateLimits  # noqa: E402

TOKEN = "123456789:BENCHMARK-delivery-token"
LIMIT = 30.0
GOAL = 0.95
FIRST_CHAT = 10_000_001


class FixedDigest:
    """A fixed composer: ``messages`` short HTML messages per subscriber (delivery only)."""

    def __init__(self, messages: int = 1) -> None:
        self.messages = messages

    def __call__(
        self,
        session: Session,
        subscriber: Subscriber,
        *,
        now: datetime,
        max_quotes: int,
        on_demand: bool = False,
    ) -> ComposedDigest:
        parts = range(1, self.messages + 1)
        html = tuple(
            f"<b>Digest {n}/{self.messages}</b> for chat {subscriber.chat_id}" for n in parts
        )
        plain = tuple(f"Digest {n}/{self.messages} for chat {subscriber.chat_id}" for n in parts)
        return ComposedDigest(story_ids=(1,), html=html, text=plain)


# -- the database --------------------------------------------------------------------------------


def add_subscribers(engine: Engine, count: int, *, now: datetime) -> None:
    """``count`` private-chat subscribers whose daily digest fell due a few minutes ago."""
    slot = (now - timedelta(minutes=5)).strftime("%H:%M")
    rows = [
        {
            "chat_id": FIRST_CHAT + index,
            "thread_id": 0,
            "chat_type": "private",
            "language": "en",
            "timezone": "UTC",
            "digest_times": [slot],
            "max_stories": 5,
            "filters": {},
            "images": False,
            "active": True,
            "error_count": 0,
            "created_at": now - timedelta(days=1),
        }
        for index in range(count)
    ]
    with engine.begin() as conn:
        for start in range(0, len(rows), 2_000):
            conn.execute(insert(Subscriber), rows[start : start + 2_000])


def ledger_counts(engine: Engine) -> dict[str, int]:
    """Ledger rows by status."""
    with engine.connect() as conn:
        rows = conn.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
        return {str(status): int(n) for status, n in rows}


# -- the run -------------------------------------------------------------------------------------


async def deliver(
    engine: Engine, base_url: str, composer: DigestComposer, pacing: Pacing
) -> tuple[DeliveryReport, float]:
    """Send every due delivery as ``newsdigest worker`` does; the report and the seconds taken.

    The bot, its pacing layer and the deliverer come from the composition root, as in the worker.
    """
    settings = load_settings(
        NEWSDIGEST_TELEGRAM_TOKEN=TOKEN,
        telegram_api_url=base_url,
        database_url=engine.url.render_as_string(hide_password=False),
    )
    container = build(settings, engine=engine, composer=composer, pacing=pacing)
    assert container.bot is not None and container.deliverer is not None
    async with container.bot:
        start = time.perf_counter()
        report = await container.deliverer.run_due()
        return report, time.perf_counter() - start


def real_store(engine: Engine, articles: int) -> None:
    """Stories for the real composer: a generated store (see benchmarks/_store.py) with the
    stories' views stored, as clustering leaves them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _store import fill, store_views

    fill(engine, articles)
    store_views(engine)


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    pacing = Pacing(concurrency=args.concurrency)
    with (
        tempfile.TemporaryDirectory() as tmp,
        bench_database(
            "sqlite"
            if args.db is None or make_url(args.db).get_backend_name() == "sqlite"
            else "postgresql",
            Path(tmp),
            postgres_url=args.db,
        ) as engine,
    ):
        backend = engine.dialect.name
        composer: DigestComposer = FixedDigest(args.messages)
        if args.real_composer:
            real_store(engine, args.articles)
            composer = compose_digest
        add_subscribers(engine, args.subscribers, now=now)
        started = time.perf_counter()
        with transaction(make_sessionmaker(engine)) as session:
            due = create_due_deliveries(session, now=datetime.now(UTC))
        ledger_seconds = time.perf_counter() - started
        print(
            f"{backend}: {args.subscribers} subscribers, {due} due editions "
            f"(ledger rows in {ledger_seconds:.1f} s)",
            flush=True,
        )
        limits = RateLimits()
        with BotApiServer(
            token=TOKEN, latency=args.latency, rate_limits=limits, record_calls=False
        ) as server:
            report, seconds = asyncio.run(deliver(engine, server.base_url, composer, pacing))
            stats = server.stats()
        ledger = ledger_counts(engine)
    return summarize(args, backend, due, report, seconds, stats, ledger)


def summarize(
    args: argparse.Namespace,
    backend: str,
    due: int,
    report: DeliveryReport,
    seconds: float,
    stats: DeliveryStats,
    ledger: dict[str, int],
) -> int:
    """Print the figures and the verdict; exit status 1 when the goal is missed."""
    accepted = stats.accepted
    sent_rows = ledger.get("sent", 0)
    # The fixed composer makes exactly --messages messages per edition.
    expected = report.messages if args.real_composer else due * args.messages
    not_sent = due - sent_rows - (ledger.get("skipped", 0) if args.real_composer else 0)
    lost = not_sent + max(0, expected - accepted)
    ratio = stats.achieved_rate / LIMIT
    wall_rate = accepted / seconds if seconds else 0.0
    print(f"delivered in {seconds:.1f} s: {accepted} messages accepted ({wall_rate:.2f}/s wall)")
    print(f"ledger: {json.dumps(ledger, sort_keys=True)}; outcomes: {dict(report.outcomes)}")
    print(f"achieved rate: {stats.achieved_rate:.2f} msg/s  ->  rate / 30 = {ratio:.3f}")
    duplicated, throttled = stats.duplicates, stats.rate_limited
    print(f"lost: {lost}   duplicated: {duplicated}   429s received: {throttled}")
    ok = ratio >= GOAL and lost == 0 and duplicated == 0
    print(f"goal (>= {GOAL}, 0 lost, 0 duplicated): {'met' if ok else 'MISSED'}")
    row = (
        f"| delivery | {backend}, {args.subscribers} subscribers"
        f"{', real composer' if args.real_composer else f', {args.messages} msg each'}"
        f"{f', latency {args.latency:g} s' if args.latency else ''} | {ratio:.3f} | {lost} | "
        f"{duplicated} | {throttled} | {seconds:.0f} s |"
    )
    print(row)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--subscribers", type=int, default=1_000)
    parser.add_argument(
        "--db", default=None, help="a PostgreSQL URL (a fresh database is made beside it)"
    )
    parser.add_argument("--messages", type=int, default=1, help="messages per fixed digest")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds the server adds to each call"
    )
    parser.add_argument("--concurrency", type=int, default=Pacing().concurrency)
    parser.add_argument(
        "--real-composer", action="store_true", help="compose real digests from generated stories"
    )
    parser.add_argument(
        "--articles", type=int, default=2_000, help="stories' store size for --real-composer"
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.messages < 1:
        parser.error("--messages must be at least 1")
    if args.subscribers < 2:
        parser.error("--subscribers must be at least 2")
    # SIGTERM unwinds like Ctrl-C, so the server process and the database are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
