"""Polling at scale: N local feeds of real-length articles, the first poll and a steady one.

    python benchmarks/polling.py --corpora ../shared/corpora               # 500 feeds x 10 items
    python benchmarks/polling.py --corpora ../shared/corpora --feeds 100 --items 20
    python benchmarks/polling.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/polling.py                                           # no corpora: repo texts

A feed server (a child process, threads, HTTP/1.1 keep-alive, ETags) on 127.0.0.1 serves
``--feeds`` RSS feeds of ``--items`` full-text items each. Texts: with ``--corpora``, the
CNN/DailyMail articles of ``cnndm.jsonl`` at their real lengths (3,000-4,000 characters); without
it, the repository's own article texts. Each item is one of them with a closing line naming the
item, so every item is an article of its own. The ingest job (``digests.jobs.ingest``, the one
``newsdigest ingest``, the bot and the worker run), with its one HTTP client and
``--concurrency`` sources at once (NEWSDIGEST_FETCH_CONCURRENCY), polls them all into a fresh
database (SQLite file, or a PostgreSQL database made beside ``--db`` and dropped afterwards):

- first poll: every feed new, every item stored;
- steady poll: one feed in ``--every`` gains ``--new`` items (the oldest drop out), the others
  answer 304 Not Modified to the poll's If-None-Match, as a healthy source does most polls.

Printed: seconds, items stored per second, peak memory (this process's ru_maxrss: the server is
another process) and the sources one process keeps inside NEWSDIGEST_POLL_MINUTES at the steady
poll's pace (feeds x poll seconds / steady seconds). The figures are the job's end to end: fetch,
parse, clean, dedupe and write; analysis is not part of a poll.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import bench_database  # noqa: E402
from sqlalchemy import Engine, func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from digests.jobs.ingest import IngestConfig, IngestReport, ingest  # noqa: E402
from digests.sources.fetch import make_client  # noqa: E402
from digests.sources.models import FetchConfig, SourceKind  # noqa: E402
from storage.engine import make_sessionmaker, transaction  # noqa: E402
from storage.models import Article  # noqa: E402
from storage.sources import add_source  # noqa: E402

BASE_DAY = datetime(2026, 1, 1, tzinfo=UTC)


# -- texts ---------------------------------------------------------------------------------------


def texts(corpora: Path | None) -> list[str]:
    """Real article texts: CNN/DailyMail's with --corpora, else the repository's own."""
    if corpora is not None:
        from evaluation.corpora.jsonl import load_cnndm

        return [a.text for a in load_cnndm(corpora / "cnndm.jsonl")]
    found = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "pipeline" / "articles"):
        found += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    found += [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "tests" / "analysis" / "articles").glob("*.txt"))
    ]
    return found


# -- the feed server (a child process) ------------------------------------------------------------


class _Feeds:
    """Feed ``f`` at version ``v`` holds items ``v * new`` .. ``v * new + items - 1``."""

    def __init__(self, bodies: list[str], feeds: int, items: int, new: int) -> None:
        self.bodies, self.items, self.new = bodies, items, new
        self.versions = [0] * feeds
        self.base = ""

    def item(self, feed: int, number: int) -> str:
        text = self.bodies[(feed * 7919 + number) % len(self.bodies)]
        body = f"{text}\n\nFiled as item {number} of feed {feed}."
        html = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
        link = f"{self.base}/f{feed}/a{number}.html"
        when = format_datetime(BASE_DAY + timedelta(hours=number), usegmt=True)
        return (
            f"<item><title>Feed {feed} item {number}</title><link>{link}</link>"
            f"<guid>{link}</guid><pubDate>{when}</pubDate>"
            f"<description><![CDATA[{html}]]></description></item>"
        )

    def page(self, feed: int, number: int) -> bytes:
        """The item's page: what a teaser's reader fetches (a short text counts as a teaser)."""
        text = self.bodies[(feed * 7919 + number) % len(self.bodies)]
        body = f"{text}\n\nFiled as item {number} of feed {feed}."
        html = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
        return (
            f"<!DOCTYPE html><html><head><title>Feed {feed} item {number}</title></head>"
            f"<body><article><h1>Feed {feed} item {number}</h1>{html}</article></body></html>"
        ).encode()

    def feed(self, feed: int) -> bytes:
        first = self.versions[feed] * self.new
        items = "".join(self.item(feed, n) for n in range(first + self.items - 1, first - 1, -1))
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {feed}</title><link>{self.base}/f{feed}/</link>"
            f"<description>Feed {feed}</description>{items}</channel></rss>"
        ).encode()


def _handler(state: _Feeds) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self,
            status: int,
            body: bytes = b"",
            etag: str | None = None,
            kind: str = "application/rss+xml",
        ) -> None:
            self.send_response(status)
            if status == 200:
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            if path.startswith("/_advance?every="):
                every = int(path.partition("=")[2])
                for feed in range(0, len(state.versions), every):
                    state.versions[feed] += 1
                self._send(204)
                return
            if path.startswith("/f") and path.endswith(".html") and "/a" in path:
                feed, _, number = path[2:-5].partition("/a")
                self._send(200, state.page(int(feed), int(number)), kind="text/html")
                return
            if not (path.startswith("/f") and path.endswith(".xml")):
                self._send(404)
                return
            feed = int(path[2:-4])
            etag = f'"{feed}-{state.versions[feed]}"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, etag=etag)
                return
            self._send(200, state.feed(feed), etag)

    return Handler


def _serve(state: _Feeds, port: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    port.put(httpd.server_address[1])
    httpd.serve_forever()


# -- the run -------------------------------------------------------------------------------------


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(run: Callable[[], IngestReport]) -> tuple[IngestReport, float, float]:
    started = time.perf_counter()
    report = run()
    return report, time.perf_counter() - started, _peak_mib()


def warm_up(state: _Feeds) -> None:
    """Parse one feed and one page first: the modules a poll imports on first use (feedparser,
    trafilatura, lxml's cleaners) load once per process, not per poll, so they are not timed."""
    from digests.sources.feeds import parse_feed
    from digests.sources.pages import parse_page

    state.base = "http://127.0.0.1"
    parse_feed(state.feed(0), url="http://127.0.0.1/f0.xml")
    parse_page(state.page(0, 0).decode(), url="http://127.0.0.1/f0/a0.html")


def poll_all(engine: Engine, config: IngestConfig) -> IngestReport:
    """One ingest run over every source, through one HTTP client, as a process runs it."""
    sessions = make_sessionmaker(engine)

    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(sessions, config, client=client, everything=True)

    return asyncio.run(once())


def run(args: argparse.Namespace) -> int:
    bodies = texts(args.corpora)
    state = _Feeds(bodies, args.feeds, args.items, args.new)
    ports: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=_serve, args=(state, ports), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    base = f"http://127.0.0.1:{port}"
    config = IngestConfig(
        fetch=FetchConfig(allowed_hosts=("127.0.0.1",), timeout=60.0),
        concurrency=args.concurrency,
        poll_interval=timedelta(minutes=args.poll_minutes),
    )
    sqlite = args.db is None or make_url(args.db).get_backend_name() == "sqlite"
    backend = "sqlite" if sqlite else "postgresql"
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            bench_database(backend, Path(tmp), postgres_url=args.db) as engine,
        ):
            with transaction(make_sessionmaker(engine)) as session:
                for feed in range(args.feeds):
                    add_source(session, kind=SourceKind.FEED, location=f"{base}/f{feed}.xml")
            average = sum(map(len, bodies)) // len(bodies)
            print(
                f"{backend}: {args.feeds} feeds x {args.items} items, {len(bodies)} texts of "
                f"{average:,} characters on average; {args.concurrency} sources at once",
                flush=True,
            )
            warm_up(_Feeds(bodies, 1, args.items, args.new))
            first, first_s, first_mib = _timed(lambda: poll_all(engine, config))
            print(
                f"first poll: {first.summary()} in {first_s:.1f} s: "
                f"{first.new / first_s:.1f} items/s, peak RSS {first_mib:.0f} MiB",
                flush=True,
            )
            with urllib.request.urlopen(f"{base}/_advance?every={args.every}") as answer:
                answer.read()
            steady, steady_s, steady_mib = _timed(lambda: poll_all(engine, config))
            changed = len(range(0, args.feeds, args.every))
            print(
                f"steady poll ({changed} feeds with {args.new} new items, the rest 304): "
                f"{steady.summary()}, {steady.not_modified} not modified, in {steady_s:.1f} s "
                f"({steady_s / args.feeds * 1000:.1f} ms per source), "
                f"peak RSS {steady_mib:.0f} MiB",
                flush=True,
            )
            with engine.connect() as conn:
                stored = int(conn.scalar(select(func.count()).select_from(Article)) or 0)
    finally:
        server.terminate()
        server.join(10)
    window = args.poll_minutes * 60
    capacity = int(args.feeds * window / steady_s) if steady_s else 0
    first_capacity = int(args.feeds * window / first_s) if first_s else 0
    expected = args.feeds * args.items + changed * args.new
    print(f"stored: {stored} articles (expected {expected})")
    print(
        f"sources one process keeps inside NEWSDIGEST_POLL_MINUTES={args.poll_minutes}: "
        f"~{capacity:,} at the steady pace, ~{first_capacity:,} if every feed had "
        f"{args.items} new items each poll"
    )
    row = {
        "backend": backend,
        "feeds": args.feeds,
        "items": args.items,
        "first_s": round(first_s, 1),
        "first_items_per_s": round(first.new / first_s, 1),
        "steady_s": round(steady_s, 1),
        "peak_rss_mib": round(max(first_mib, steady_mib)),
        "sources_per_poll_window": capacity,
    }
    print(json.dumps(row))
    for failure in (*first.failures, *steady.failures)[:5]:
        print(f"failed: source {failure.source_id}: {failure.reason}")
    ok = stored == expected and first.failed == 0 and steady.failed == 0
    print("every item stored once, no failure: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpora", type=Path, default=None, help="folder with cnndm.jsonl")
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=10, help="items in each feed")
    parser.add_argument("--new", type=int, default=2, help="new items of a changed feed")
    parser.add_argument("--every", type=int, default=5, help="one feed in N changes")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--poll-minutes", type=int, default=15)
    parser.add_argument(
        "--db", default=None, help="a PostgreSQL URL (a fresh database is made beside it)"
    )
    args = parser.parse_args(argv)
    if min(args.feeds, args.items, args.new, args.every) < 1:
        parser.error("--feeds, --items, --new and --every must be at least 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
