"""Is NEWSDIGEST_TELEGRAM_API_URL a Bot API that takes the token? One getMe, read by us.

``newsdigest run`` asks this before the Application starts. python-telegram-bot, asked the same
thing, logs an answer that is not JSON (a web server's HTML page) in full with a traceback, and
quotes it again in its error; here the raw answer is read once and every way it can be wrong
becomes one line that names the URL (never the token) and what came back.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from http import HTTPStatus
from typing import Any

__all__ = ["ApiProblem", "Problem", "check_bot_api", "read_answer"]

# A page's title is shown up to this many characters: enough to recognise the page.
_TITLE_CHARS = 60
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|!--)", re.I)
# Seconds for the one request: a Bot API answers getMe at once.
_TIMEOUT = 20.0


class Problem(StrEnum):
    """What is wrong with the answer to getMe."""

    UNREACHABLE = "unreachable"
    TOKEN_REJECTED = "token rejected"
    NOT_BOT_API = "not a Bot API"
    REFUSED = "refused"


class ApiProblem(Exception):
    """The Bot API cannot be used; ``str()`` is one line for the operator."""

    def __init__(self, problem: Problem, line: str) -> None:
        super().__init__(line)
        self.problem = problem


def _what(payload: bytes) -> str:
    """A body that is not a Bot API answer, in a few words."""
    if not payload.strip():
        return "an empty body"
    if _HTML.match(payload[:1024]):
        title = _TITLE.search(payload[:65536])
        text = title.group(1).decode("utf-8", "replace") if title else ""
        text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
        if len(text) > _TITLE_CHARS:
            text = text[: _TITLE_CHARS - 1] + "…"
        return f'an HTML page ("{text}")' if text else "an HTML page"
    return f"{len(payload):,} bytes that are not JSON"


def read_answer(api_url: str, code: int, payload: bytes) -> None:
    """Raise ApiProblem unless (``code``, ``payload``) is a Bot API's successful getMe."""
    try:
        data: Any = json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("ok"), bool):
        what = _what(payload) if data is None else "JSON that is not a Bot API answer"
        raise ApiProblem(
            Problem.NOT_BOT_API,
            f"NEWSDIGEST_TELEGRAM_API_URL={api_url} is not a Bot API: getMe was answered with "
            f"HTTP {code} and {what} (the Bot API URL ends in /bot, e.g. "
            "https://api.telegram.org/bot)",
        )
    if data["ok"]:
        return
    if code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND):
        # Telegram's answers to a token it does not know (401) or cannot read (404).
        raise ApiProblem(
            Problem.TOKEN_REJECTED,
            f"the Bot API rejected the token (at {api_url}): check NEWSDIGEST_TELEGRAM_TOKEN",
        )
    description = " ".join(str(data.get("description") or "no description").split())[:200]
    raise ApiProblem(
        Problem.REFUSED, f"the Bot API at {api_url} refused getMe: {description} (HTTP {code})"
    )


async def check_bot_api(token: str, api_url: str) -> None:
    """Ask getMe once; ApiProblem says in one line why the bot cannot start on this API."""
    from telegram import Bot
    from telegram.error import NetworkError
    from telegram.request import HTTPXRequest

    # The URL exactly as the bot will build it (a "{token}" placeholder included).
    url = Bot(token, base_url=api_url).base_url + "/getMe"
    request = HTTPXRequest(connection_pool_size=1, read_timeout=_TIMEOUT, connect_timeout=_TIMEOUT)
    await request.initialize()
    try:
        code, payload = await request.do_request(url, "POST")
    except NetworkError as exc:  # TimedOut included
        reason = str(exc).replace(token, "<token>")
        raise ApiProblem(
            Problem.UNREACHABLE,
            f"cannot reach the Bot API at {api_url}: {reason} "
            "(check NEWSDIGEST_TELEGRAM_API_URL and the network)",
        ) from None
    finally:
        await request.shutdown()
    read_answer(api_url, code, payload)
