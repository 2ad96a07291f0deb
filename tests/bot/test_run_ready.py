"""``newsdigest run`` as an operator starts it: one line when it is ready, and the articles
waiting at start analysed at once; the token never printed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import cli
from storage.engine import make_engine
from storage.models import StoryArticle
from tests.conftest import ROOT
from tests.support.botapi import BotApiServer


def _placed(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(StoryArticle)) or 0)
    finally:
        engine.dispose()


def test_run_says_it_is_ready_and_works_off_the_backlog_at_once(
    botapi_server: BotApiServer, seeds_dir: Path, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    url = f"sqlite:///{database}"
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder, ignore=shutil.ignore_patterns("gold"))
    env = {"NEWSDIGEST_DATABASE_URL": url}
    assert CliRunner().invoke(cli, ["sources", "add", str(folder)], env=env).exit_code == 0
    assert "2 new" in CliRunner().invoke(cli, ["ingest"], env=env).output

    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "NEWSDIGEST_TELEGRAM_TOKEN": botapi_server.token,
            "NEWSDIGEST_TELEGRAM_API_URL": botapi_server.base_url,
            "NEWSDIGEST_TELEGRAM_FILE_URL": botapi_server.base_file_url,
        },
    )
    # A bot that never says anything must fail the test, not hang it.
    watchdog = threading.Timer(180, bot.kill)
    watchdog.start()
    try:
        assert bot.stdout is not None
        ready = bot.stdout.readline()
        assert ready == (
            f"NewsDigest is running as @newsdigest_test_bot on {database}: 1 source, "
            "0 subscribers, analysing 2 new article(s) now; no digest due. Ctrl-C stops it.\n"
        )
        # Analysed and placed without waiting for the processing job's first interval (60 s);
        # loading spaCy takes seconds, so the bound is generous: the count is what is judged.
        deadline = time.monotonic() + 150
        while _placed(url) < 2 and time.monotonic() < deadline and bot.poll() is None:
            time.sleep(0.2)
        assert _placed(url) == 2
        bot.send_signal(signal.SIGINT)
        out, err = bot.communicate(timeout=90)
    finally:
        watchdog.cancel()
        if bot.poll() is None:
            bot.kill()
    assert bot.returncode == 0, err
    printed = ready + out + err
    assert botapi_server.token not in printed
    assert botapi_server.token.partition(":")[2] not in printed
    assert "Traceback" not in printed
