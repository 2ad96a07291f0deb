"""Folder sources at scale: a per-poll cap, and files already read and unchanged not read again.

Through the ingest job on real databases; whether a file was read again is told by its text:
a file rewritten with the same size and modification time is not read, one that changed is.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from digests.jobs.ingest import IngestConfig, IngestReport, ingest
from digests.sources.fetch import make_client
from digests.sources.models import SourceKind
from storage.articles import list_articles
from storage.engine import transaction
from storage.sources import add_source, file_stamps, get_source
from tests.ingest.builders import article_text


def _run(
    sessions: sessionmaker[Session], config: IngestConfig, *, everything: bool = False
) -> IngestReport:
    """One ingest run: the due sources (a folder with files waiting is due), or every one."""

    async def once() -> IngestReport:
        async with make_client(config.fetch) as client:
            return await ingest(sessions, config, client=client, everything=everything)

    return asyncio.run(once())


def _texts(sessions: sessionmaker[Session]) -> dict[str, str]:
    with transaction(sessions) as session:
        return {a.url or "": a.text for a in list_articles(session)}


def _folder(root: Path, count: int) -> Path:
    folder = root / "news"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(article_text(f"Topic{n:03d}"), encoding="utf-8")
    return folder


def test_a_folder_is_read_in_capped_polls_then_only_what_changed(
    db_sessions: sessionmaker[Session], ingest_config: IngestConfig, tmp_path: Path
) -> None:
    config = replace(ingest_config, max_items_per_poll=10)
    folder = _folder(tmp_path, 25)
    with transaction(db_sessions) as session:
        source_id = add_source(session, kind=SourceKind.PATH, location=str(folder)).id
    first = _run(db_sessions, config)
    assert (first.new, first.failed) == (10, 0)
    assert any(
        "15 new or changed files wait for the next poll (10 read per poll)" in s
        for s in first.skipped
    )
    with transaction(db_sessions) as session:
        source = get_source(session, source_id)
        assert source is not None and source.next_check_at is not None
        # Files wait: due again at once, not after NEWSDIGEST_POLL_MINUTES.
        assert source.next_check_at <= datetime.now(UTC)
    assert _run(db_sessions, config).new == 10
    third = _run(db_sessions, config)
    assert (third.new, third.unchanged) == (5, 20)
    assert len(_texts(db_sessions)) == 25
    with transaction(db_sessions) as session:
        assert len(file_stamps(session, source_id)) == 25

    # Same size and time, other words: not read again, so the stored text stays.
    same = folder / "003.txt"
    info = same.stat()
    original = same.read_text(encoding="utf-8")
    same.write_text(original.replace("Topic003", "Secret03"), encoding="utf-8")
    os.utime(same, ns=(info.st_atime_ns, info.st_mtime_ns))
    # Changed (longer): read again, an update.
    changed = folder / "007.txt"
    changed.write_text(
        article_text("Topic007") + "\n\nA new paragraph was added.", encoding="utf-8"
    )
    (folder / "012.txt").unlink()
    fourth = _run(db_sessions, config, everything=True)
    assert (fourth.new, fourth.updated, fourth.failed) == (0, 1, 0)
    assert fourth.unchanged == 23
    texts = _texts(db_sessions)
    assert "Secret03" not in texts[same.resolve().as_uri()]
    assert "A new paragraph" in texts[changed.resolve().as_uri()]
    with transaction(db_sessions) as session:
        assert "012.txt" not in file_stamps(session, source_id)


def test_new_metadata_reads_every_file_again(
    db_sessions: sessionmaker[Session], ingest_config: IngestConfig, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 3)
    with transaction(db_sessions) as session:
        add_source(session, kind=SourceKind.PATH, location=str(folder))
    assert _run(db_sessions, ingest_config).new == 3
    (folder / "metadata.json").write_text(
        json.dumps({"001.txt": {"outlet": "The Outlet"}}), encoding="utf-8"
    )
    report = _run(db_sessions, ingest_config, everything=True)
    assert (report.updated, report.unchanged) == (1, 2)
    with transaction(db_sessions) as session:
        outlets = {a.url.rsplit("/", 1)[-1]: a.outlet for a in list_articles(session) if a.url}
    assert outlets == {"000.txt": None, "001.txt": "The Outlet", "002.txt": None}
