"""The analysis goes into the database and comes back as it was: sentence spans, events with their
precision, a range's end, the temporal expression and its span; and a range shows as a range in
the story's timeline and in /when."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import when_answer
from digests.analysis.analyze import analyze_batch
from digests.jobs.config import PipelineConfig
from digests.jobs.convert import article_input, story_input
from digests.jobs.editions import story_views
from digests.stories.render import RenderFormat
from storage.engine import transaction
from storage.models import Article, Event
from storage.stories import article_bundles

from .conftest import ingest_folder, process

TEXT = """Harbour strike ends after nine days

Dock workers in Port Ellis returned to work on Monday after a strike that lasted from May 6 to
May 14, the union said.

The union's leader, Ruth Calder, said the new contract runs from 2024 to 2027. "We won what we
came for," she told reporters outside the harbour office.

Shipping companies said the backlog of containers would be cleared by the end of June.
"""


def _article(tmp_path: Path) -> Path:
    folder = tmp_path / "harbour"
    folder.mkdir()
    (folder / "harbour.txt").write_text(TEXT, encoding="utf-8")
    meta = {"harbour.txt": {"outlet": "Ellis Post", "published": "2024-05-20"}}
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_the_analysis_comes_back_as_it_was_found(
    db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path
) -> None:
    ingest_folder(db_sessions, _article(tmp_path))
    assert process(db_sessions, nlp)[0] == 1
    config = PipelineConfig()
    with transaction(db_sessions) as session:
        article = session.scalars(select(Article)).one()
        (direct,) = analyze_batch(
            nlp, [article_input(article)], method=config.method, sentences=config.sentences
        )
        (bundle,) = article_bundles(session, [article.id])
        back = story_input(bundle).analysis
        rows = session.scalars(select(Event)).all()
    # Nothing guessed on the way back: the spans the analysis found, every field of each event.
    assert back.sentences == direct.sentences
    assert all(s.start >= 0 and s.end > s.start for s in back.sentences)
    assert back.events == direct.events
    ranges = [e for e in back.events if e.until is not None]
    assert ranges, back.events
    assert all(e.expression and 0 <= e.start < e.end for e in back.events)
    assert all(row.expression_start is not None for row in rows)
    strike = next(e for e in ranges if str(e.date) == "2024-05-06")
    assert str(strike.until) == "2024-05-14"

    # A range shows as a range: in the story's view and its JSON, and in /when.
    now = datetime(2024, 5, 21, 9, tzinfo=UTC)
    with transaction(db_sessions) as session:
        (view,) = story_views(
            session, since=datetime(2000, 1, 1, tzinfo=UTC), now=now, limit=5, max_quotes=2
        )
        answer = when_answer(session, None, now=now, fmt=RenderFormat.TEXT)
    events = view.to_json()["events"]
    assert {"date": "2024-05-06", "until": "2024-05-14"}.items() <= next(
        e for e in events if e["date"] == "2024-05-06"
    ).items()
    text = "\n".join(answer.messages)
    assert "May 6\u2009–\u200914 — " in text, text
