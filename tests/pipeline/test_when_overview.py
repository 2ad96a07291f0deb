"""/when's overview from a real database: news newest first, background after, any alias of a
person, and the CLI printing the bot's own list."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import when_answer
from bot.cli import cli
from digests.jobs.reading import timeline
from digests.stories.render import RenderFormat
from storage.engine import transaction
from tests.pipeline.conftest import ingest_folder, process

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)

# Sentences quoted from a New York Times article of 7 September 1998 (TimeML, NYT19980907.0112).
TOURISM = """Bombings frighten travelers away from East Africa

New public announcements put out on Aug. 13 suggest only that Americans exercise caution when \
visiting Kenya and Tanzania.

Tourism industry revenues reportedly dropped to $300 million last year, down from $450 million \
the year before.

The number of visitors to Tanzania jumped from fewer than 100,000 in 1980 to more than 300,000 \
last year, prompting the government to improve roads needed for safari tours.
"""


def _tourism(db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "tourism"
    folder.mkdir()
    (folder / "tourism.txt").write_text(TOURISM, encoding="utf-8")
    meta = {"tourism.txt": {"outlet": "NYT", "published": "1998-09-07"}}
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    ingest_folder(db_sessions, folder)
    assert process(db_sessions, nlp)[0] == 1


def test_the_news_come_first_newest_first_and_the_background_after(
    db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path
) -> None:
    _tourism(db_sessions, nlp, tmp_path)
    with transaction(db_sessions) as session:
        lines = timeline(session, topic=None, since=LONG_AGO, limit=30)
    assert [(str(line.date), line.background) for line in lines] == [
        ("1998-08-13", False),
        ("1997", False),
        ("1997", False),
        ("1980", True),
    ]
    assert all(line.outlet == "NYT" for line in lines)


def test_the_cli_prints_the_bots_list(
    db_sessions: sessionmaker[Session], nlp: Language, tmp_path: Path, database_url: str
) -> None:
    _tourism(db_sessions, nlp, tmp_path)
    result = CliRunner().invoke(cli, ["when"], env={"NEWSDIGEST_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    with transaction(db_sessions) as session:
        answer = when_answer(session, None, now=datetime.now(UTC), fmt=RenderFormat.TEXT)
    assert result.output.strip() == "\n".join(answer.messages).strip()
    assert "Background" in result.output and "1980" in result.output


def test_a_person_is_found_by_any_alias(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as session:
        by_surname = timeline(session, topic="Blinken", since=None, limit=30)
        by_alias = timeline(session, topic="Anthony Blinken", since=None, limit=30)
        by_name = timeline(session, topic="antony blinken", since=None, limit=30)
    assert by_surname and by_surname == by_alias == by_name
    assert all("Blinken" in line.text for line in by_surname)
