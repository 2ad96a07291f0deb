"""``newsdigest run`` against the project's Bot API test server: bad tokens and URLs are one line.

The bot runs in a child process, as an operator starts it; everything it prints is searched
for the token.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.api_check import ApiProblem, Problem, read_answer
from tests.conftest import ROOT
from tests.support.botapi import BotApiServer
from tests.support.http import QuietHTTPServer

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


WEB_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n<body>\n"
    + "<p>If you see this page, the web server is working.</p>\n" * 70
    + "</body></html>\n"
)


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[int]]]:
    """A web server on 127.0.0.1 answering every request with an HTML page, at the status the
    test puts in the list (200 at first)."""
    status = [200]

    class Page(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = WEB_PAGE.encode()
            self.send_response(status[0])
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", status
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("status", [200, 404, 502])
def test_a_web_page_instead_of_the_bot_api_is_one_line(
    web_server: tuple[str, list[int]], tmp_path: Path, status: int
) -> None:
    url, answer = web_server
    answer[0] = status
    done = _run(tmp_path, NEWSDIGEST_TELEGRAM_TOKEN=WRONG_TOKEN, NEWSDIGEST_TELEGRAM_API_URL=url)
    line = _one_line(done, WRONG_TOKEN)
    assert line.startswith(f"newsdigest: error: NEWSDIGEST_TELEGRAM_API_URL={url} is not a Bot API")
    assert f'HTTP {status} and an HTML page ("Welcome to nginx!")' in line
    assert "If you see this page" not in line


@pytest.mark.parametrize(
    ("code", "body", "problem", "words"),
    [
        (200, b'{"ok": true, "result": {"id": 1, "is_bot": true}}', None, ""),
        (
            401,
            b'{"ok": false, "error_code": 401, "description": "Unauthorized"}',
            Problem.TOKEN_REJECTED,
            "rejected the token",
        ),
        (
            500,
            b'{"ok": false, "error_code": 500, "description": "Internal\\nerror"}',
            Problem.REFUSED,
            "refused getMe: Internal error (HTTP 500)",
        ),
        (200, b'{"result": 1}', Problem.NOT_BOT_API, "HTTP 200 and JSON that is not a Bot API"),
        (200, b"", Problem.NOT_BOT_API, "HTTP 200 and an empty body"),
        (200, b"\x00\x01 binary", Problem.NOT_BOT_API, "HTTP 200 and 9 bytes that are not JSON"),
        (
            301,
            "<html><head><title>Moved\n\u202e</title>".encode(),
            Problem.NOT_BOT_API,
            'HTTP 301 and an HTML page ("Moved")',
        ),
    ],
)
def test_every_getme_answer_is_read_into_one_line(
    code: int, body: bytes, problem: Problem | None, words: str
) -> None:
    if problem is None:
        read_answer("http://api.example/bot", code, body)
        return
    with pytest.raises(ApiProblem) as raised:
        read_answer("http://api.example/bot", code, body)
    assert raised.value.problem is problem
    assert words in str(raised.value) and "\n" not in str(raised.value)
    assert "http://api.example/bot" in str(raised.value)
