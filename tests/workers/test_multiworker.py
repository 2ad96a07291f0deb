"""Three `newsdigest worker` processes over one backlog: nothing analysed or sent twice, even
when workers stall or die mid-run. Real processes, a real database, a real Bot API server.

A worker is frozen (SIGSTOP) while it holds claimed articles, for longer than its claims: the
others take the articles over and analyse them; woken (SIGCONT), it finishes its batch, finds
its claims gone, and stores nothing (a slow worker, made as slow as can be). Another is killed
(SIGKILL) while it analyses: its claims expire and go to the others. A third is stopped
(SIGTERM) while digests go out: it finishes the message in flight, records it and leaves the
rest to the others. (A SIGKILL between Telegram accepting a
message and the ledger recording it would repeat that one message: no protocol avoids that
without idempotent sends, which the Bot API does not offer; the README says so.)"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest import IngestConfig, run_ingest
from digests.sources.models import SourceKind
from storage.engine import transaction
from storage.models import Analysis, Article, Delivery, StoryArticle, Subscriber
from storage.sources import add_source
from tests.support.botapi import BotApiServer

ROOT = Path(__file__).resolve().parents[2]
BACKLOG_DIRS = [ROOT / "seeds", ROOT / "evaluation" / "articles", ROOT / "tests/pipeline/articles"]
ANALYSED = re.compile(r"analysed article (\d+) \(worker ")
DROPPED = re.compile(r"article (\d+): claim lost to another worker during analysis; result dropped")
SUBSCRIBERS = 12
CLAIM_SECONDS = 15


def _backlog(folder: Path) -> Path:
    folder.mkdir()
    for source in BACKLOG_DIRS:
        for path in source.glob("*.txt"):
            shutil.copy(path, folder / f"{source.name}-{path.name}")
    return folder


def _wait(what: str, condition: Callable[[], bool], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def workers(
    database_url: str, botapi_server: BotApiServer, tmp_path: Path
) -> Iterator[list[subprocess.Popen[str]]]:
    env = {
        **os.environ,
        "NEWSDIGEST_DATABASE_URL": database_url,
        "NEWSDIGEST_TELEGRAM_TOKEN": botapi_server.token,
        "NEWSDIGEST_TELEGRAM_API_URL": botapi_server.base_url,
        "NEWSDIGEST_WORKER_CLAIM_SECONDS": str(CLAIM_SECONDS),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "-v", "worker", "--interval", "0.5"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"worker-{i}.log").open("w"),
            text=True,
        )
        for i in range(3)
    ]
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _count(sessions: sessionmaker[Session], stmt: object) -> int:
    with transaction(sessions) as session:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]


def test_three_workers_analyse_and_deliver_exactly_once(
    db_sessions: sessionmaker[Session],
    botapi_server: BotApiServer,
    workers: list[subprocess.Popen[str]],
    tmp_path: Path,
) -> None:
    with transaction(db_sessions) as session:
        source_id = add_source(
            session, kind=SourceKind.PATH, location=str(_backlog(tmp_path / "backlog"))
        ).id
    report = run_ingest(db_sessions, IngestConfig(), source_id=source_id)
    total = report.new
    assert total >= 10

    # Phase 1: analysis. Freeze a worker while it holds claims on articles not yet analysed.
    def unanalysed_claims() -> dict[int, set[int]]:
        """pid -> the articles that worker holds claimed without a stored analysis."""
        with transaction(db_sessions) as session:
            rows = session.execute(
                select(Article.id, Article.claimed_by)
                .outerjoin(Analysis, Analysis.article_id == Article.id)
                .where(Analysis.article_id.is_(None), Article.claimed_by.is_not(None))
            ).all()
        held: dict[int, set[int]] = {}
        for article_id, claimed_by in rows:
            held.setdefault(int(str(claimed_by).split(":")[-2]), set()).add(article_id)
        return held

    _wait("a worker holding claims", lambda: bool(unanalysed_claims()), timeout=180)
    pid = next(iter(unanalysed_claims() or {workers[0].pid: set()}))
    frozen = next(proc for proc in workers if proc.pid == pid)
    frozen.send_signal(signal.SIGSTOP)
    stalled = unanalysed_claims().get(pid, set())  # held, frozen, nothing stored for them
    killed, last = (proc for proc in workers if proc is not frozen)
    # Should the freeze have caught it inside a transaction, nobody can write until it wakes:
    # the deadlines below then pass, and waking it lets everything go on.
    patience = CLAIM_SECONDS + 120
    analysed = select(func.count()).select_from(Analysis)
    taken_over = select(func.count()).select_from(Analysis)
    if stalled:
        taken_over = taken_over.where(Analysis.article_id.in_(stalled))
    try:
        # Kill another as soon as anything has been analysed; the last one carries on.
        with contextlib.suppress(AssertionError):
            _wait("first analyses", lambda: _count(db_sessions, analysed) >= 1, timeout=patience)
        killed.send_signal(signal.SIGKILL)
        # The frozen worker's claims expire and the last worker analyses those articles.
        with contextlib.suppress(AssertionError):
            _wait(
                "the frozen worker's articles analysed by another",
                lambda: _count(db_sessions, taken_over) == len(stalled),
                timeout=patience,
            )
        overtaken = stalled if _count(db_sessions, taken_over) == len(stalled) else set()
    finally:
        frozen.send_signal(signal.SIGCONT)
    _wait("the whole backlog analysed", lambda: _count(db_sessions, analysed) == total, timeout=240)
    placed = select(func.count()).select_from(StoryArticle)
    _wait("every article in a story", lambda: _count(db_sessions, placed) == total, timeout=120)
    if overtaken:
        # Woken, it finishes the batch it was analysing and stores none of what it lost.
        log = tmp_path / f"worker-{workers.index(frozen)}.log"
        _wait(
            "the woken worker to drop its lost results",
            lambda: overtaken <= {int(n) for n in DROPPED.findall(log.read_text())},
            timeout=240,
        )

    print(f"frozen worker: {len(stalled)} claimed, {len(overtaken)} taken over and dropped by it")

    # Phase 2: digests due for many chats; stop a second worker while they go out.
    now = datetime.now(UTC)
    slot = (now - timedelta(minutes=30)).strftime("%H:%M")
    with transaction(db_sessions) as session:
        for i in range(SUBSCRIBERS):
            session.add(
                Subscriber(
                    chat_id=7000 + i,
                    chat_type="private",
                    digest_times=[slot],
                    timezone="UTC",
                    created_at=now - timedelta(hours=3),
                )
            )
    sent = select(func.count()).select_from(Delivery).where(Delivery.status == "sent")
    # The killed worker may have held the scheduler lease: the ledger waits for it to expire.
    _wait(
        "first deliveries",
        lambda: _count(db_sessions, select(func.count()).select_from(Delivery)) > 0,
        timeout=240,
    )
    frozen.send_signal(signal.SIGTERM)
    _wait("every digest sent", lambda: _count(db_sessions, sent) == SUBSCRIBERS, timeout=240)

    last.send_signal(signal.SIGTERM)
    last.wait(timeout=60)
    frozen.wait(timeout=60)
    logs = "".join((tmp_path / f"worker-{i}.log").read_text() for i in range(3))
    analyses = Counter(int(n) for n in ANALYSED.findall(logs))
    assert analyses, logs[-2000:]
    assert max(analyses.values()) == 1, [a for a, n in analyses.items() if n > 1]
    with transaction(db_sessions) as session:
        ids = set(session.scalars(select(Article.id)))
        rows = list(session.scalars(select(Delivery)))
    assert set(analyses) <= ids
    assert len(rows) == SUBSCRIBERS
    stats = botapi_server.stats()
    assert stats.duplicates == 0
    for row in rows:
        chat_id = 7000 + (row.subscriber_id - min(r.subscriber_id for r in rows))
        got = botapi_server.calls("sendMessage", chat_id=chat_id)
        assert row.messages_sent >= 1
        assert len(got) == row.messages_sent, (chat_id, len(got), row.messages_sent)
