"""``newsdigest run`` against the project's Bot API test server: bad tokens and URLs are one line.

The bot runs in a child process, as an operator starts it; everything it prints is searched
for the token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.botapi import BotApiServer

WRONG_TOKEN = "987654321:WRONG-token-that-must-never-be-printed"


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={
            **os.environ,
            "NEWSDIGEST_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            **env,
        },
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _one_line(done: subprocess.CompletedProcess[str], *secrets: str) -> str:
    output = done.stdout + done.stderr
    for secret in secrets:
        assert secret not in output
        assert secret.partition(":")[2] not in output
    assert done.returncode == 1
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


def test_a_token_the_bot_api_rejects_is_one_line_without_the_token(
    botapi_server: BotApiServer, tmp_path: Path
) -> None:
    done = _run(
        tmp_path,
        NEWSDIGEST_TELEGRAM_TOKEN=WRONG_TOKEN,
        NEWSDIGEST_TELEGRAM_API_URL=botapi_server.base_url,
    )
    line = _one_line(done, WRONG_TOKEN)
    assert line.startswith("newsdigest: error: the Bot API rejected the token")


def test_getme_answering_404_is_the_same_one_line(
    botapi_server: BotApiServer, tmp_path: Path
) -> None:
    botapi_server.disable("getMe", status=404)
    done = _run(
        tmp_path,
        NEWSDIGEST_TELEGRAM_TOKEN=botapi_server.token,
        NEWSDIGEST_TELEGRAM_API_URL=botapi_server.base_url,
    )
    line = _one_line(done, botapi_server.token)
    assert "the Bot API rejected the token" in line


def test_a_closed_bot_api_port_is_one_line(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        NEWSDIGEST_TELEGRAM_TOKEN=WRONG_TOKEN,
        NEWSDIGEST_TELEGRAM_API_URL="http://127.0.0.1:9/bot",
    )
    line = _one_line(done, WRONG_TOKEN)
    assert line.startswith("newsdigest: error: cannot reach the Bot API at http://127.0.0.1:9/bot")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "NEWSDIGEST_SUMMARY_METHOD",
            "bogus",
            "NEWSDIGEST_SUMMARY_METHOD='bogus': unknown summary",
        ),
        ("NEWSDIGEST_MAX_ITEMS_PER_POLL", "0", "NEWSDIGEST_MAX_ITEMS_PER_POLL='0'"),
        ("NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES", "perhaps", "NEWSDIGEST_ALLOW_PRIVATE_ADDRESSES"),
    ],
)
def test_bad_settings_stop_the_start_with_one_line(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    done = _run(tmp_path, NEWSDIGEST_TELEGRAM_TOKEN=WRONG_TOKEN, **{variable: value})
    assert expected in _one_line(done, WRONG_TOKEN)
