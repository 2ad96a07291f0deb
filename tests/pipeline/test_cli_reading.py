"""Read commands read: `who`, `when`, `stories`, `digest` and `status` never migrate, analyse or
cluster (`newsdigest process` does), print the bot's own answers, and start without spaCy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import when_answer, who_messages
from bot.cli import cli, main
from storage.base import utcnow
from storage.engine import make_engine, transaction
from storage.migrate import downgrade, head_revision, upgrade

from .conftest import ingest_folder

ROOT = Path(__file__).resolve().parents[2]
READ_COMMANDS = [["who"], ["when"], ["stories"], ["digest"], ["status"]]


def _cli(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NEWSDIGEST_DATABASE_URL": database_url})


def _main(
    database_url: str, *args: str, capsys: pytest.CaptureFixture[str], env: pytest.MonkeyPatch
) -> tuple[int, str]:
    """The console script as a user runs it: (exit status, what it printed on stderr)."""
    env.setenv("NEWSDIGEST_DATABASE_URL", database_url)
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return int(stopped.value.code or 0), capsys.readouterr().err


def _plain(html_message: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_message))


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_ask_for_an_upgrade_instead_of_making_a_database(
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "missing.db"
    status, err = _main(f"sqlite:///{missing}", *command, capsys=capsys, env=monkeypatch)
    assert (status, err) == (
        1,
        f"newsdigest: error: no database at {missing}: run `newsdigest db upgrade` "
        "(or `newsdigest demo`)\n",
    )
    assert not missing.exists()

    empty = tmp_path / "empty.db"
    empty.touch()
    status, err = _main(f"sqlite:///{empty}", *command, capsys=capsys, env=monkeypatch)
    assert (status, err) == (
        1,
        f"newsdigest: error: the database sqlite:///{empty} is empty: "
        "run `newsdigest db upgrade`\n",
    )
    engine = make_engine(f"sqlite:///{empty}")
    try:
        assert inspect(engine).get_table_names() == []  # nothing was migrated
    finally:
        engine.dispose()


def test_read_commands_refuse_an_older_schema_and_leave_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        downgrade(engine, "0008")
        status, err = _main(url, "who", capsys=capsys, env=monkeypatch)
        assert status == 1
        assert err.endswith(
            f"is at revision 0008, this version reads {head_revision()}: "
            "run `newsdigest db upgrade`\n"
        )
        assert "analysis_failures" not in inspect(engine).get_table_names()
        assert _cli(url, "db", "upgrade").exit_code == 0
        assert _cli(url, "who").exit_code == 0
    finally:
        engine.dispose()


def test_process_does_the_work_the_read_commands_never_do(
    database_url: str, db_sessions: sessionmaker[Session], seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns("gold"))
    ingest_folder(db_sessions, folder)

    before = _cli(database_url, "stories", "--json", "--since", "2000-01-01")
    assert before.exit_code == 0, before.output
    assert json.loads(before.output) == []  # stored, not yet analysed: reading does not analyse
    status = json.loads(_cli(database_url, "status", "--json").output)
    assert status["articles_waiting"] == 2

    done = _cli(database_url, "process")
    assert done.exit_code == 0, done.output
    assert done.output.strip() == "2 article(s) analysed, 2 placed, 1 new story(ies)"
    assert _cli(database_url, "process").output.strip().startswith("0 article(s) analysed")

    after = json.loads(_cli(database_url, "stories", "--json", "--since", "2000-01-01").output)
    assert [len(story["articles"]) for story in after] == [2]


def test_the_cli_prints_the_bots_answers_as_plain_text(
    seeded: sessionmaker[Session], database_url: str
) -> None:
    now = utcnow()
    for query in ("Blinken", "Blinkne", "Xqzzy Nobody", None):
        with transaction(seeded) as session:
            # Where the bot points to a command, the console points to `newsdigest`.
            html = who_messages(session, query, now=now, console=True)
        result = _cli(database_url, "who", *([query] if query else []))
        assert result.exit_code == 0, result.output
        if html[0].startswith("<b>"):
            # Rendered: the same blocks, links spelled out as "outlet (url)" on a console.
            assert result.output.splitlines()[0] == _plain(html[0]).splitlines()[0]
        else:
            # Written as HTML by hand: the console shows the same words without the markup.
            assert result.output.strip() == "\n".join(_plain(m) for m in html)
    with transaction(seeded) as session:
        answer = when_answer(session, "Blinken", now=now)
    result = _cli(database_url, "when", "Blinken")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == _plain(answer.messages[0]).splitlines()[0]
    assert answer.lines and " ".join(answer.lines[0].text.split()) in result.output


def test_who_answers_without_loading_spacy_or_sumy(
    seeded: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['who', 'blinken'])\n"
        "loaded = sorted({'spacy', 'sumy', 'nltk'} & set(sys.modules))\n"
        "print('loaded:', loaded)\n"
    )
    env = {**os.environ, "NEWSDIGEST_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Antony Blinken" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "loaded: []"
