"""A CLI that tells the truth: `demo` keeps to a database of its own and says where; `digest` is
exactly a new subscriber's first digest; the console is pointed to `newsdigest`, never to a bot
command."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import cli
from digests.jobs.editions import FIRST_DIGEST_WINDOW
from storage.base import utcnow
from storage.engine import transaction
from storage.models import Story


def _cli(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NEWSDIGEST_DATABASE_URL": database_url})


def test_demo_uses_a_database_of_its_own_and_says_where(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(seeds_dir, tmp_path / "seeds", ignore=shutil.ignore_patterns("gold"))
    monkeypatch.chdir(tmp_path)
    bot_db = tmp_path / "bot.db"
    runner = CliRunner()
    done = runner.invoke(cli, ["demo"], env={"NEWSDIGEST_DATABASE_URL": f"sqlite:///{bot_db}"})
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert lines[0] == (
        f"demo database: {tmp_path / 'newsdigest-demo.db'} (its own; `newsdigest run` uses "
        f"{bot_db})"
    )
    assert "=== The digest a new subscriber would get ===" in done.output
    assert "/who for a list" not in done.output
    assert (tmp_path / "newsdigest-demo.db").exists()
    # The bot's database, configured or the default ./newsdigest.db, is never touched.
    assert not bot_db.exists() and not (tmp_path / "newsdigest.db").exists()
    refused = runner.invoke(
        cli,
        ["demo", "--database", f"sqlite:///{bot_db}"],
        env={"NEWSDIGEST_DATABASE_URL": f"sqlite:///{bot_db}"},
    )
    assert refused.exit_code == 1 and "is the database `newsdigest run` uses" in refused.output
    assert not bot_db.exists()


def test_digest_is_a_new_subscribers_first_digest(
    seeded: sessionmaker[Session], database_url: str
) -> None:
    now = utcnow()
    fresh = json.loads(_cli(database_url, "digest", "--json").output)
    assert len(fresh["stories"]) == 1
    # The bot's first digest covers FIRST_DIGEST_WINDOW (2 days); so does the CLI's.
    since = datetime.fromisoformat(fresh["since"])
    assert abs(since - (now - FIRST_DIGEST_WINDOW)) < timedelta(minutes=5)
    with transaction(seeded) as session:
        three_days = now - timedelta(days=3)
        session.execute(update(Story).values(updated_at=three_days, created_at=three_days))
    assert json.loads(_cli(database_url, "digest", "--json").output)["stories"] == []
    older = json.loads(_cli(database_url, "digest", "--json", "--since", "4 days ago").output)
    assert len(older["stories"]) == 1


def test_the_console_is_pointed_to_newsdigest(
    seeded: sessionmaker[Session], database_url: str
) -> None:
    nobody = _cli(database_url, "who", "Xqzzy Nobody")
    assert nobody.output.strip() == (
        "I don't know anyone called Xqzzy Nobody in recent stories. Run `newsdigest who` for a "
        "list."
    )
    near = _cli(database_url, "who", "Blinkne")
    assert "/who" not in near.output
    assert "Antony Blinken" in _cli(database_url, "who", "Блінкен").output
