"""``newsdigest status`` against a real database with committed rows."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import cli
from digests.sources.models import SourceKind
from storage.base import utcnow
from storage.engine import transaction
from storage.models import Article, Delivery, DeliveryStatus, Source, Subscriber


def _run(database_url: str, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["status", *args], env={"NEWSDIGEST_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    return result.output


def _populate(sessions: sessionmaker[Session]) -> None:
    now = utcnow()
    with transaction(sessions) as session:
        feed = Source(
            kind=SourceKind.FEED,
            location="http://127.0.0.1:9/rss",
            title="Local feed",
            last_success_at=now - timedelta(minutes=3),
            next_check_at=now + timedelta(minutes=12),
        )
        broken = Source(
            kind=SourceKind.FEED,
            location="http://127.0.0.1:9/missing",
            error_count=2,
            last_error="HTTP 404 Not Found",
            next_check_at=now + timedelta(minutes=30),
        )
        session.add_all([feed, broken])
        session.add(Article(source=feed, text="Body.", content_hash="c1", title="One"))
        reader = Subscriber(chat_id=42, chat_type="private")
        session.add(reader)
        session.flush()
        session.add(
            Delivery(
                subscriber_id=reader.id,
                edition="e1",
                due_at=now - timedelta(hours=1),
                status=DeliveryStatus.SENT,
                attempts=2,
                sent_at=now - timedelta(minutes=59),
            )
        )


def test_json_reflects_the_database(database_url: str, db_sessions: sessionmaker[Session]) -> None:
    _populate(db_sessions)

    data = json.loads(_run(database_url, "--json"))

    assert [s["title"] for s in data["sources"]] == ["Local feed", None]
    assert data["sources"][1]["error_count"] == 2
    assert data["sources"][1]["last_error"] == "HTTP 404 Not Found"
    assert data["sources"][0]["articles"] == 1
    assert data["articles_waiting"] == 1
    assert data["subscribers"] == {"active": 1, "inactive": 0}
    assert data["deliveries_24h"]["sent"] == 1
    assert data["deliveries_24h"]["retried"] == 1
    assert data["last_digest_at"].endswith("Z")
    assert data["next_scheduled_at"] is not None


def test_text_report_names_failing_sources(
    database_url: str, db_sessions: sessionmaker[Session]
) -> None:
    _populate(db_sessions)

    output = _run(database_url)

    assert "Sources: 2 (1 failing, 0 disabled)" in output
    assert re.search(r"#\d+ Local feed \[feed\] last success 3 min ago; 1 article; ok", output)
    assert "failing (2 errors: HTTP 404 Not Found)" in output
    assert "Articles: 1 (1 waiting for analysis)" in output
    assert "Deliveries in the last 24 h: 1 sent, 1 retried, 0 failed" in output


def test_help_documents_every_json_key(
    database_url: str, db_sessions: sessionmaker[Session]
) -> None:
    _populate(db_sessions)
    data = json.loads(_run(database_url, "--json"))
    help_text = CliRunner().invoke(cli, ["status", "--help"]).output

    keys = set(data) | set(data["sources"][0]) | set(data["deliveries_24h"])
    missing = sorted(key for key in keys if f'"{key}"' not in help_text)
    assert missing == []
