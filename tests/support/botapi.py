"""A Bot API-compatible server on 127.0.0.1 for tests and benchmarks: the real PTB talks to it.

It runs in a background thread (stdlib ThreadingHTTPServer), so it never blocks the test's event
loop. Point PTB at it with ``ApplicationBuilder().token(server.token)
.base_url(server.base_url).base_file_url(server.base_file_url)``.

The test plays the user: ``push_message``/``push_command``/``push_callback_query``/... queue updates
that the bot receives through ``getUpdates`` long polling; ``calls()`` reads what the bot did and
``wait_for_calls()`` waits for it on a Condition (``*_async`` variants for async tests). Faults are
queued per method and optionally per chat (``inject(method, Fault.retry_after(2))``); ``disable``
makes a method answer an error until ``enable``; ``enforce_rate_limits()`` makes the server answer
429 like Telegram when a bot sends faster than 30 messages/s, 1/s per chat or 20/min per group;
``stats()`` counts accepted messages, 429s and duplicates for the delivery benchmark.
``set_member_status(chat_id, user_id, status)`` makes a user an admin (or not) for getChatMember.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import re
import signal
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import HTTP
from enum import StrEnum
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
import pytest

from .telegram_html import TelegramHtmlError, parse_telegram_html, utf16_length

__all__ = [
    "DEFAULT_TOKEN",
    "MEMBER_STATUSES",
    "BotApiServer",
    "Call",
    "Chat",
    "ChatType",
    "DeliveryStats",
    "Fault",
    "RateLimits",
    "StoredFile",
    "User",
    "botapi_server",
    "main",
]

DEFAULT_TOKEN = "123456789:TEST-newsdigest-token"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024
SEND_METHODS = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "sendmediagroup", "copymessage", "forwardmessage"}
)
ALL_UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
# Telegram leaves these out unless they are asked for by name.
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_COMMAND_IN_TEXT = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_INT_PARAMS = frozenset(
    {
        "offset",
        "limit",
        "timeout",
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "from_chat_id",
        "user_id",
        "cache_time",
        "max_connections",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "media",
        "menu_button",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "disable_web_page_preview",
        "drop_pending_updates",
        "show_alert",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
    }
)


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters) if parameters else None


def _bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


@dataclass(frozen=True)
class User:
    """A Telegram user the test plays."""

    id: int = 1001
    first_name: str = "Ada"
    last_name: str | None = None
    username: str | None = "ada"
    language_code: str | None = "en"
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The Bot API User object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class Chat:
    """A chat the test sends from: private, group, supergroup (forum or not) or channel."""

    id: int
    type: ChatType
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    is_forum: bool = False

    @classmethod
    def private(cls, user: User) -> Chat:
        """The private chat with ``user`` (its id is the user's id, as in Telegram)."""
        return cls(user.id, ChatType.PRIVATE, username=user.username, first_name=user.first_name)

    @classmethod
    def group(cls, chat_id: int = -4001, *, title: str = "News group") -> Chat:
        """A basic group; ids are negative."""
        return cls(chat_id, ChatType.GROUP, title=title)

    @classmethod
    def supergroup(
        cls, chat_id: int = -1001000000001, *, title: str = "News supergroup", forum: bool = False
    ) -> Chat:
        """A supergroup (``forum=True`` for one with topics); ids start with -100."""
        return cls(chat_id, ChatType.SUPERGROUP, title=title, is_forum=forum)

    @classmethod
    def channel(
        cls, chat_id: int = -1002000000001, *, title: str = "News channel", username: str = "news"
    ) -> Chat:
        """A channel the bot posts to."""
        return cls(chat_id, ChatType.CHANNEL, title=title, username=username)

    def to_dict(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        data: dict[str, Any] = {"id": self.id, "type": str(self.type)}
        for key in ("title", "username", "first_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass(frozen=True)
class Fault:
    """What the server answers instead of the real result (or a delay before it)."""

    status: int
    description: str
    parameters: Mapping[str, Any] | None = None
    delay: float = 0.0
    drop_connection: bool = False

    @property
    def passthrough(self) -> bool:
        """True when the fault only delays the real answer."""
        return self.status == 200 and not self.drop_connection

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """429 Too Many Requests with parameters.retry_after, as Telegram's flood control."""
        return cls(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    @classmethod
    def forbidden(cls, description: str = "Forbidden: bot was blocked by the user") -> Fault:
        """403, e.g. blocked by the user or kicked from the group."""
        return cls(403, description)

    @classmethod
    def bad_request(cls, description: str = "Bad Request: can't parse entities") -> Fault:
        """400 with a description of your choice (default: an entity parse error)."""
        return cls(400, description)

    @classmethod
    def parse_error(cls) -> Fault:
        """400 the way Telegram rejects bad HTML."""
        return cls(
            400,
            'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 0',
        )

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        """400 with parameters.migrate_to_chat_id: the group became a supergroup."""
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new_chat_id},
        )

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        """A 5xx answer (PTB raises NetworkError)."""
        return cls(status, "Internal Server Error")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Answer normally, but only after ``seconds``."""
        return cls(200, "", delay=seconds)

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without answering (PTB raises NetworkError)."""
        return cls(0, "", drop_connection=True)


@dataclass(frozen=True)
class RateLimits:
    """Telegram's flood limits: messages per second overall, per chat, per group per minute.

    Each limit is a token bucket holding its count (a burst of 30 overall, 1 per chat, 20 per
    group) refilled evenly over its window, so a sender can sustain the rate but never exceed it;
    ``jitter`` (seconds) lets a message that arrives that much too early pass, as network and
    scheduling noise would otherwise punish a sender that paces exactly at the limit; the long-run
    rate is capped all the same.
    """

    overall_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    # Window lengths in seconds; tests may shrink them to run fast.
    second: float = 1.0
    minute: float = 60.0
    jitter: float = 0.1


@dataclass(frozen=True)
class StoredFile:
    """A file uploaded by the bot or sent by the test user, downloadable through getFile."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The Bot API File object (``file_path`` relative, PTB prefixes base_file_url)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(frozen=True)
class Upload:
    """One multipart file part of a request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Call:
    """One request the bot made, with its decoded parameters and what the server answered."""

    method: str
    params: Mapping[str, Any]
    uploads: Mapping[str, Upload]
    status: int
    result: Any
    description: str | None
    at: float

    @property
    def ok(self) -> bool:
        """True when the server answered with a result (HTTP 200)."""
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        """The chat_id parameter, if any."""
        return self.params.get("chat_id")

    @property
    def text(self) -> Any:
        """The text (or caption) parameter as sent, markup included."""
        return self.params.get("text", self.params.get("caption"))


@dataclass(frozen=True)
class DeliveryStats:
    """Counters for the delivery benchmark: messages accepted, 429s answered (enforced or
    injected), duplicates (same chat, thread and content accepted again); times are monotonic."""

    accepted: int
    rate_limited: int
    duplicates: int
    first_accepted_at: float | None
    last_accepted_at: float | None
    calls: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The counters as JSON (served at /_test/stats for a server in another process)."""
        return {
            "accepted": self.accepted,
            "rate_limited": self.rate_limited,
            "duplicates": self.duplicates,
            "achieved_rate": self.achieved_rate,
            "calls": self.calls,
        }

    @property
    def achieved_rate(self) -> float:
        """Accepted messages per second between the first and the last accepted one."""
        if self.first_accepted_at is None or self.last_accepted_at is None or self.accepted < 2:
            return 0.0
        span = self.last_accepted_at - self.first_accepted_at
        return (self.accepted - 1) / span if span > 0 else 0.0


@dataclass
class _StoredMessage:
    chat_id: int
    message_id: int
    payload: dict[str, Any]
    from_bot: bool
    markup: Any = None


@dataclass
class _TokenBucket:
    """``capacity`` messages at once, refilled at ``capacity / window`` per second."""

    capacity: float
    window: float
    tokens: float = 0.0
    updated: float = 0.0

    def wait_needed(self, now: float, jitter: float) -> float:
        rate = self.capacity / self.window
        if self.updated == 0.0:
            self.tokens, self.updated = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * rate)
        self.updated = now
        # A message arriving up to ``jitter`` seconds early still passes; the debt is kept.
        needed = 1.0 - jitter * rate
        return 0.0 if self.tokens >= needed else (needed - self.tokens) / rate

    def take(self) -> None:
        self.tokens -= 1.0


MethodHandler = Callable[["BotApiServer", dict[str, Any], dict[str, Upload]], Any]


class BotApiServer:
    """A Bot API-compatible HTTP server in a background thread; use as a context manager."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "newsdigest_test_bot",
        bot_first_name: str = "NewsDigest Test",
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        strict_html: bool = True,
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] = time.time,
        record_calls: bool = True,
    ) -> None:
        self.token = token
        self.record_calls = record_calls
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456789
        self.bot_user = User(
            id=bot_id,
            first_name=bot_first_name,
            username=bot_username,
            language_code=None,
            is_bot=True,
        )
        self.latency = latency
        self.strict_html = strict_html
        self.clock = clock
        self._host = host
        self._port = port
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._stopping = False
        self._update_ids = itertools.count(700_000_001)
        self._updates: deque[dict[str, Any]] = deque()
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._webhook: dict[str, Any] | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_thread: threading.Thread | None = None
        self._calls: list[Call] = []
        self._calls_by_method: dict[str, list[Call]] = {}
        self.internal_errors: list[str] = []
        self._call_count = 0
        self._faults: dict[tuple[str, Any], deque[Fault]] = defaultdict(deque)
        self._disabled: dict[str, ApiError] = {}
        self._blocked: dict[int, str] = {}
        self._migrated: dict[int, int] = {}
        self._chats: dict[int, Chat] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], _StoredMessage] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._callbacks: dict[str, dict[str, Any]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._chat_members: dict[int, str] = {}
        self._user_statuses: dict[tuple[int, int], str] = {}
        self._rate_limits = rate_limits
        self._buckets: dict[tuple[str, Any], _TokenBucket] = {}
        self._accepted = 0
        self._rate_limited = 0
        self._duplicates = 0
        self._first_accepted: float | None = None
        self._last_accepted: float | None = None
        self._seen_content: set[bytes] = set()

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> BotApiServer:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        handler = type("_BoundHandler", (_Handler,), {"api": self})
        self._httpd = _HttpServer((self._host, self._port), handler)
        self._port = self._httpd.server_address[1]
        self._stopping = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"botapi-server-{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake long polls and close open connections."""
        httpd = self._httpd
        if httpd is None:
            return
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._webhook_thread is not None:
            self._webhook_thread.join(timeout=10)
            self._webhook_thread = None
        self._httpd = None
        self._thread = None

    def __enter__(self) -> BotApiServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on (after start)."""
        return self._port

    @property
    def url(self) -> str:
        """The server root, e.g. http://127.0.0.1:PORT."""
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` expects: PTB appends the token to it."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """What PTB's ``base_file_url`` expects: PTB appends the token to it."""
        return f"{self.url}/file/bot"

    # -- configuration by the test ---------------------------------------------------------------

    def inject(self, method: str, *faults: Fault, chat_id: Any = None, times: int = 1) -> None:
        """Queue faults for ``method`` (optionally only for ``chat_id``), each used once."""
        key = (method.lower(), _normalize_chat_id(chat_id) if chat_id is not None else None)
        with self._lock:
            for _ in range(times):
                self._faults[key].extend(faults)

    def clear_faults(self) -> None:
        """Forget every queued fault."""
        with self._lock:
            self._faults.clear()

    def disable(self, method: str, *, status: int = 404, description: str | None = None) -> None:
        """Make ``method`` fail until ``enable`` (404 Not Found by default, as if unsupported)."""
        text = description or ("Not Found" if status == 404 else f"{HTTPStatus(status).phrase}")
        with self._lock:
            self._disabled[method.lower()] = ApiError(status, text)

    def enable(self, method: str) -> None:
        """Undo ``disable``."""
        with self._lock:
            self._disabled.pop(method.lower(), None)

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Every later message to ``chat_id`` answers 403 with ``description``."""
        with self._lock:
            self._blocked[chat_id] = description

    def unblock_chat(self, chat_id: int) -> None:
        """Undo ``block_chat``."""
        with self._lock:
            self._blocked.pop(chat_id, None)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: sends to the old id answer 400 migrate_to_chat_id."""
        with self._lock:
            self._migrated[old_chat_id] = new_chat_id
            old = self._chats.get(old_chat_id)
            if old is not None:
                self._chats[new_chat_id] = Chat.supergroup(new_chat_id, title=old.title or "")

    def set_bot_status(self, chat_id: int, status: str) -> None:
        """The bot's member status in ``chat_id`` for getChatMember ("administrator", ...)."""
        with self._lock:
            self._chat_members[chat_id] = status

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """A user's member status in ``chat_id`` for getChatMember ("administrator", "left"...).

        Without one a user is "member" of a group and "creator" of their private chat.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}; one of {sorted(MEMBER_STATUSES)}")
        with self._lock:
            self._user_statuses[(chat_id, user_id)] = status

    def add_chat(self, chat: Chat) -> None:
        """Make ``chat`` known to getChat without sending from it."""
        with self._lock:
            self._chats[chat.id] = chat

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> None:
        """Answer 429 with retry_after when the bot exceeds ``limits`` (Telegram's by default)."""
        with self._lock:
            self._rate_limits = limits or RateLimits()
            self._buckets.clear()

    def disable_rate_limits(self) -> None:
        """Stop enforcing rate limits."""
        with self._lock:
            self._rate_limits = None

    # -- the test user's side --------------------------------------------------------------------

    def push_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue a raw update (an update_id is assigned) and wake the long poll."""
        with self._changed:
            payload = {"update_id": next(self._update_ids), **update}
            self._updates.append(payload)
            self._changed.notify_all()
            return payload

    def push_message(
        self,
        text: str | None = None,
        *,
        user: User | None = None,
        chat: Chat | None = None,
        message_thread_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` (commands get their bot_command entity, as Telegram adds)."""
        user = user or User()
        chat = chat or Chat.private(user)
        message = self._new_message(chat, user, message_thread_id=message_thread_id)
        if text is not None:
            message["text"] = text
            found = entities if entities is not None else _command_entities(text)
            if found:
                message["entities"] = found
        message.update(extra or {})
        self._store_message(chat.id, message, from_bot=False)
        kind = "channel_post" if chat.type is ChatType.CHANNEL else "message"
        self.push_update({kind: message})
        return message

    def push_command(
        self,
        command: str,
        args: str = "",
        *,
        user: User | None = None,
        chat: Chat | None = None,
        message_thread_id: int | None = None,
        mention_bot: bool = False,
    ) -> dict[str, Any]:
        """A user sends ``/command args`` (``mention_bot`` writes /command@botname as in groups)."""
        name = command if command.startswith("/") else f"/{command}"
        if mention_bot:
            name = f"{name}@{self.bot_user.username}"
        text = f"{name} {args}" if args else name
        return self.push_message(text, user=user, chat=chat, message_thread_id=message_thread_id)

    def push_channel_post(self, text: str, *, chat: Chat | None = None) -> dict[str, Any]:
        """A post in a channel the bot is in."""
        return self.push_message(text, chat=chat or Chat.channel())

    def push_edited_message(
        self,
        message: Mapping[str, Any],
        text: str,
        *,
        user: User | None = None,
    ) -> dict[str, Any]:
        """The user edits an earlier pushed ``message`` to read ``text``."""
        edited = {**message, "text": text, "edit_date": int(self.clock())}
        edited.pop("entities", None)
        found = _command_entities(text)
        if found:
            edited["entities"] = found
        if user is not None:
            edited["from"] = user.to_dict()
        chat_type = edited["chat"]["type"]
        kind = "edited_channel_post" if chat_type == "channel" else "edited_message"
        self.push_update({kind: edited})
        return edited

    def push_sticker(
        self, *, user: User | None = None, chat: Chat | None = None, emoji: str = "👍"
    ) -> dict[str, Any]:
        """A message without text: a sticker."""
        stored = self._store_file(
            b"RIFF....WEBPVP8 ",
            file_name=None,
            mime_type="image/webp",
            folder="stickers",
            suffix=".webp",
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
        return self.push_message(None, user=user, chat=chat, extra={"sticker": sticker})

    def push_photo(
        self,
        data: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        *,
        caption: str | None = None,
        user: User | None = None,
        chat: Chat | None = None,
    ) -> dict[str, Any]:
        """A message without text: a photo, with an optional caption."""
        stored = self._store_file(
            data, file_name=None, mime_type="image/jpeg", folder="photos", suffix=".jpg"
        )
        extra: dict[str, Any] = {"photo": [_photo_size(stored)]}
        if caption is not None:
            extra["caption"] = caption
        return self.push_message(None, user=user, chat=chat, extra=extra)

    def push_document(
        self,
        data: bytes,
        *,
        file_name: str = "feeds.opml",
        mime_type: str = "text/x-opml+xml",
        caption: str | None = None,
        user: User | None = None,
        chat: Chat | None = None,
    ) -> dict[str, Any]:
        """The user sends a file (e.g. an OPML export); the bot can getFile and download it."""
        suffix = "." + file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        stored = self._store_file(
            data, file_name=file_name, mime_type=mime_type, folder="documents", suffix=suffix
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        extra: dict[str, Any] = {"document": document}
        if caption is not None:
            extra["caption"] = caption
            found = _command_entities(caption)
            if found:
                extra["caption_entities"] = found
        return self.push_message(None, user=user, chat=chat, extra=extra)

    def push_callback_query(
        self,
        data: str,
        *,
        message: Mapping[str, Any] | None = None,
        chat_id: int | None = None,
        message_id: int | None = None,
        user: User | None = None,
    ) -> str:
        """The user presses an inline button with ``data`` on a bot message; returns its id."""
        user = user or User()
        if message is None:
            if chat_id is None or message_id is None:
                raise ValueError("push_callback_query needs message= or chat_id= and message_id=")
            with self._lock:
                stored = self._messages.get((chat_id, message_id))
            if stored is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            message = stored.payload
        query_id = f"{user.id}{next(self._callback_ids):08d}"
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": dict(message),
            "chat_instance": str(abs(int(message["chat"]["id"]))),
            "data": data,
        }
        with self._lock:
            self._callbacks[query_id] = {"answered": False}
        self.push_update({"callback_query": query})
        return query_id

    def push_my_chat_member(
        self,
        chat: Chat,
        *,
        new_status: str = "administrator",
        old_status: str = "left",
        user: User | None = None,
    ) -> dict[str, Any]:
        """The bot was added to (or removed from) ``chat`` by ``user``."""
        user = user or User()
        self.set_bot_status(chat.id, new_status)
        self.add_chat(chat)
        bot = self.bot_user.to_dict()
        update = {
            "chat": chat.to_dict(),
            "from": user.to_dict(),
            "date": int(self.clock()),
            "old_chat_member": {"status": old_status, "user": bot},
            "new_chat_member": {"status": new_status, "user": bot, **_admin_rights(new_status)},
        }
        self.push_update({"my_chat_member": update})
        return update

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (through a later getUpdates offset)."""
        with self._lock:
            return list(self._updates)

    # -- what the bot did ------------------------------------------------------------------------

    def calls(
        self, method: str | None = None, *, ok: bool | None = True, **params: Any
    ) -> list[Call]:
        """Recorded calls of ``method`` with these ``params`` (only successful ones by default)."""
        wanted = method.lower() if method else None
        with self._lock:
            source = self._calls_by_method.get(wanted, []) if wanted else self._calls
            return [call for call in source if _matches(call, wanted, ok, params)]

    def messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (current content, after edits), optionally to one chat."""
        with self._lock:
            return [
                dict(stored.payload)
                for stored in self._messages.values()
                if stored.from_bot and (chat_id is None or stored.chat_id == chat_id)
            ]

    def commands(
        self, *, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list the bot set for ``scope`` and ``language_code``."""
        key = (_scope_key(scope), language_code)
        with self._lock:
            return list(self._commands.get(key, []))

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for ``query_id``, or None if unanswered."""
        with self._lock:
            entry = self._callbacks.get(query_id)
            return entry.get("answer") if entry else None

    def stats(self) -> DeliveryStats:
        """Accepted messages, 429s sent and duplicates (same chat, same content)."""
        with self._lock:
            return DeliveryStats(
                accepted=self._accepted,
                rate_limited=self._rate_limited,
                duplicates=self._duplicates,
                first_accepted_at=self._first_accepted,
                last_accepted_at=self._last_accepted,
                calls=self._call_count,
            )

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until ``predicate()`` holds (checked whenever the server's state changes)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping:
                    raise TimeoutError(f"condition not met within {timeout}s")
                self._changed.wait(remaining)

    def wait_for_calls(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 5.0,
        ok: bool | None = True,
        **params: Any,
    ) -> list[Call]:
        """Block until at least ``count`` matching calls were made; return all matching calls."""
        try:
            self.wait_for(
                lambda: len(self.calls(method, ok=ok, **params)) >= count, timeout=timeout
            )
        except TimeoutError:
            seen = [(c.method, dict(c.params), c.status) for c in self._calls[-10:]]
            raise TimeoutError(
                f"expected {count} {method} call(s) matching {params} within {timeout}s; "
                f"last calls: {seen}"
            ) from None
        return self.calls(method, ok=ok, **params)

    async def wait_for_async(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """``wait_for`` without blocking the event loop (the bot keeps running meanwhile)."""
        await asyncio.to_thread(self.wait_for, predicate, timeout)

    async def wait_for_calls_async(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 5.0,
        ok: bool | None = True,
        **params: Any,
    ) -> list[Call]:
        """``wait_for_calls`` without blocking the event loop."""
        return await asyncio.to_thread(
            lambda: self.wait_for_calls(method, count=count, timeout=timeout, ok=ok, **params)
        )

    # -- request handling (called from the HTTP threads) -----------------------------------------

    def handle(
        self, method_name: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> tuple[int, dict[str, Any], Fault | None]:
        """Answer one Bot API call: (HTTP status, JSON body, fault with delay/disconnect)."""
        method = method_name.lower()
        handler = _METHODS.get(method)
        canonical = _CANONICAL.get(method, method_name)
        with self._lock:
            fault = self._take_fault(method, params.get("chat_id"))
            disabled = self._disabled.get(method)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.drop_connection:
            self._record(canonical, params, uploads, 0, None, "connection dropped")
            return 0, {}, fault
        try:
            if fault is not None and not fault.passthrough:
                raise ApiError(fault.status, fault.description, fault.parameters)
            if disabled is not None:
                raise disabled
            if handler is None:
                raise ApiError(404, "Not Found")
            try:
                result = handler(self, params, uploads)
            except (ApiError, KeyboardInterrupt):
                raise
            except Exception as exc:
                # A bug in this server must fail the test, not look like Telegram's answer.
                with self._lock:
                    self.internal_errors.append(f"{canonical}: {exc!r}")
                raise ApiError(500, f"Internal Server Error: {exc!r}") from exc
        except ApiError as exc:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.status,
                "description": exc.description,
            }
            if exc.parameters:
                body["parameters"] = exc.parameters
            if exc.status == 429:
                with self._lock:
                    self._rate_limited += 1
            self._record(canonical, params, uploads, exc.status, None, exc.description)
            return exc.status, body, fault
        self._record(canonical, params, uploads, 200, result, None)
        return 200, {"ok": True, "result": result}, fault

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The stored file at ``file_path`` (as returned by getFile)."""
        with self._lock:
            return self._file_paths.get(file_path)

    def _start_webhook_delivery(self) -> None:
        with self._lock:
            if self._webhook_thread is not None and self._webhook_thread.is_alive():
                return
            self._webhook_thread = threading.Thread(
                target=self._deliver_webhook_updates,
                name=f"botapi-webhook-{self._port}",
                daemon=True,
            )
            self._webhook_thread.start()

    def _next_webhook_update(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Wait for (webhook, first pending update) while a webhook is set; None when stopping."""
        with self._changed:
            while not self._stopping:
                webhook = self._webhook
                if webhook is not None:
                    allowed = webhook.get("allowed_updates") or DEFAULT_UPDATE_TYPES
                    self._updates = deque(u for u in self._updates if _update_type(u) in allowed)
                    if self._updates:
                        return dict(webhook), self._updates[0]
                self._changed.wait(0.5)
        return None

    def _deliver_webhook_updates(self) -> None:
        """POST pending updates one by one to the webhook, as Telegram does, until it says 2xx."""
        with httpx.Client(timeout=10.0) as client:
            while (pending := self._next_webhook_update()) is not None:
                webhook, update = pending
                headers = {}
                if webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(webhook["secret_token"])
                try:
                    response = client.post(webhook["url"], json=update, headers=headers)
                    error = (
                        None
                        if 200 <= response.status_code < 300
                        else f"Wrong response from the webhook: {response.status_code} "
                        f"{response.reason_phrase}"
                    )
                except httpx.HTTPError as exc:
                    error = f"Connection failed: {exc.__class__.__name__}"
                with self._changed:
                    if error is None:
                        if self._updates and self._updates[0] is update:
                            self._updates.popleft()
                    else:
                        self._webhook_error = (int(self.clock()), error)
                    self._changed.notify_all()
                    if error is not None:
                        self._changed.wait(0.2)

    def _take_fault(self, method: str, chat_id: Any) -> Fault | None:
        if chat_id is not None:
            queue = self._faults.get((method, _normalize_chat_id(chat_id)))
            if queue:
                return queue.popleft()
        queue = self._faults.get((method, None))
        if queue:
            return queue.popleft()
        return None

    def _record(
        self,
        method: str,
        params: Mapping[str, Any],
        uploads: Mapping[str, Upload],
        status: int,
        result: Any,
        description: str | None,
    ) -> None:
        call = Call(method, dict(params), dict(uploads), status, result, description, time.time())
        with self._changed:
            self._call_count += 1
            if not self.record_calls:
                self._changed.notify_all()
                return
            self._calls.append(call)
            self._calls_by_method.setdefault(method.lower(), []).append(call)
            self._changed.notify_all()

    # -- helpers for the method implementations --------------------------------------------------

    def _new_message(
        self, chat: Chat, sender: User | None, *, message_thread_id: int | None = None
    ) -> dict[str, Any]:
        with self._lock:
            self._chats.setdefault(chat.id, chat)
            counter = self._message_ids.setdefault(chat.id, itertools.count(1))
            message_id = next(counter)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(self.clock()),
            "chat": chat.to_dict(),
        }
        if chat.type is ChatType.CHANNEL:
            message["sender_chat"] = chat.to_dict()
        elif sender is not None:
            message["from"] = sender.to_dict()
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            if chat.is_forum:
                message["is_topic_message"] = True
        return message

    def _store_message(self, chat_id: int, message: dict[str, Any], *, from_bot: bool) -> None:
        with self._changed:
            key = (chat_id, int(message["message_id"]))
            self._messages[key] = _StoredMessage(
                chat_id, key[1], message, from_bot, message.get("reply_markup")
            )
            self._changed.notify_all()

    def _store_file(
        self,
        data: bytes,
        *,
        file_name: str | None,
        mime_type: str | None,
        folder: str,
        suffix: str,
    ) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            number = next(self._file_counter)
            stored = StoredFile(
                file_id=f"BQACAgI{number:06d}{digest[:24]}",
                file_unique_id=f"AgAD{digest[:12]}",
                file_path=f"{folder}/file_{number}{suffix}",
                data=data,
                file_name=file_name,
                mime_type=mime_type,
            )
            self._files[stored.file_id] = stored
            self._file_paths[stored.file_path] = stored
        return stored

    def _chat_for(self, chat_id: Any) -> Chat:
        chat_id = _normalize_chat_id(chat_id)
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        with self._lock:
            if isinstance(chat_id, str):
                for chat in self._chats.values():
                    if chat.username and f"@{chat.username}".lower() == chat_id.lower():
                        return chat
                raise _bad_request("chat not found")
            known = self._chats.get(chat_id)
        if known is not None:
            return known
        # Unknown ids are accepted, like chats of subscribers the test created in the database.
        if chat_id > 0:
            return Chat(chat_id, ChatType.PRIVATE, first_name=f"User {chat_id}")
        if str(chat_id).startswith("-100"):
            return Chat(chat_id, ChatType.SUPERGROUP, title=f"Chat {chat_id}")
        return Chat(chat_id, ChatType.GROUP, title=f"Chat {chat_id}")

    def _check_deliverable(self, chat: Chat) -> None:
        with self._lock:
            blocked = self._blocked.get(chat.id)
            migrated = self._migrated.get(chat.id)
        if blocked is not None:
            raise ApiError(403, blocked)
        if migrated is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": migrated},
            )

    def _bucket(self, kind: str, key: Any, capacity: int, window: float) -> _TokenBucket:
        bucket = self._buckets.get((kind, key))
        if bucket is None:
            bucket = self._buckets[(kind, key)] = _TokenBucket(float(capacity), window)
        return bucket

    def _admit_message(self, chat: Chat, content_key: tuple[Any, ...]) -> None:
        """Rate-limit check and counters for a message about to be accepted."""
        with self._lock:
            limits = self._rate_limits
            now = time.monotonic()
            if limits is not None:
                buckets = [
                    self._bucket("all", None, limits.overall_per_second, limits.second),
                    self._bucket("chat", chat.id, limits.per_chat_per_second, limits.second),
                ]
                if chat.type is not ChatType.PRIVATE:
                    buckets.append(
                        self._bucket("group", chat.id, limits.per_group_per_minute, limits.minute)
                    )
                wait = max(bucket.wait_needed(now, limits.jitter) for bucket in buckets)
                if wait > 0:
                    seconds = max(1, math.ceil(wait))
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {seconds}",
                        {"retry_after": seconds},
                    )
                for bucket in buckets:
                    bucket.take()
            self._accepted += 1
            if self._first_accepted is None:
                self._first_accepted = now
            self._last_accepted = now
            # A digest of the content, so 10,000 long messages cost little memory.
            key = hashlib.sha256(repr((chat.id, *content_key)).encode()).digest()
            if key in self._seen_content:
                self._duplicates += 1
            self._seen_content.add(key)

    def _parse_text(
        self, text: Any, parse_mode: Any, *, limit: int, what: str
    ) -> tuple[str, list[dict[str, Any]]]:
        if not isinstance(text, str):
            raise _bad_request(f"{what} is empty")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _bad_request("strings must be encoded in UTF-8") from exc
        entities: list[dict[str, Any]] = []
        plain = text
        mode = parse_mode.lower() if isinstance(parse_mode, str) and parse_mode else None
        if mode == "html":
            try:
                parsed = parse_telegram_html(text, strict=self.strict_html)
            except TelegramHtmlError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from exc
            plain = parsed.text
            entities = [entity.to_dict() for entity in parsed.entities]
        elif mode not in (None, "markdown", "markdownv2"):
            raise _bad_request(f"unsupported parse_mode {parse_mode!r}")
        stripped = plain.strip()
        if not stripped:
            raise _bad_request(f"{what} is empty")
        if utf16_length(stripped) > limit:
            raise _bad_request(
                "message is too long" if what == "message text" else f"{what} is too long"
            )
        return stripped, _shift_entities(plain, entities)

    def _send(
        self,
        params: dict[str, Any],
        *,
        content: dict[str, Any],
        content_key: tuple[Any, ...],
    ) -> dict[str, Any]:
        chat = self._chat_for(params.get("chat_id"))
        self._check_deliverable(chat)
        markup = params.get("reply_markup")
        _validate_markup(markup)
        thread_id = params.get("message_thread_id")
        self._admit_message(chat, (params.get("message_thread_id"), *content_key))
        sender = None if chat.type is ChatType.CHANNEL else self.bot_user
        message = self._new_message(chat, sender, message_thread_id=thread_id)
        message.update(content)
        # Telegram's Message.reply_markup holds inline keyboards only (not ForceReply etc.).
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._store_message(chat.id, message, from_bot=True)
        return message


# -- method implementations -----------------------------------------------------------------------


def _get_me(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return {
        **api.bot_user.to_dict(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _get_updates(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    allowed = params.get("allowed_updates")
    deadline = time.monotonic() + timeout
    with api._changed:
        if api._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        api._poll_generation += 1
        generation = api._poll_generation
        api._changed.notify_all()
        if isinstance(allowed, list):
            api._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        _confirm_updates(api, offset)
        while True:
            if api._poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            # Telegram drops updates of types the bot did not ask for.
            api._updates = deque(u for u in api._updates if _update_type(u) in api._allowed_updates)
            remaining = deadline - time.monotonic()
            if api._updates or remaining <= 0 or api._stopping:
                return list(itertools.islice(api._updates, limit))
            api._changed.wait(remaining)


def _confirm_updates(api: BotApiServer, offset: int) -> None:
    if offset > 0:
        while api._updates and api._updates[0]["update_id"] < offset:
            api._updates.popleft()
    elif offset < 0:
        keep = -offset
        while len(api._updates) > keep:
            api._updates.popleft()


def _update_type(update: Mapping[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


def _delete_webhook(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    with api._changed:
        api._webhook = None
        if params.get("drop_pending_updates"):
            api._updates.clear()
        api._changed.notify_all()
    return True


def _set_webhook(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    url = params.get("url") or ""
    if not isinstance(url, str):
        raise _bad_request("invalid webhook URL specified")
    host = urlsplit(url).hostname or ""
    # Telegram wants HTTPS; plain HTTP is accepted for a bot listening on this machine.
    local = url.startswith("http://") and host in ("127.0.0.1", "localhost", "::1")
    if url and not (url.startswith("https://") or local):
        raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_\-]{1,256}", str(secret)):
        raise _bad_request("bad webhook: secret token contains unallowed characters")
    with api._changed:
        api._webhook = (
            {"url": url, **{k: v for k, v in params.items() if k != "url"}} if url else None
        )
        api._webhook_error = None
        if params.get("drop_pending_updates"):
            api._updates.clear()
        api._changed.notify_all()
    if url:
        api._start_webhook_delivery()
    return True


def _get_webhook_info(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    with api._lock:
        webhook = api._webhook or {}
        info: dict[str, Any] = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(api._updates),
        }
        if api._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = api._webhook_error
        if webhook.get("allowed_updates"):
            info["allowed_updates"] = webhook["allowed_updates"]
        if webhook.get("max_connections"):
            info["max_connections"] = webhook["max_connections"]
    return info


def _send_message(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    api._chat_for(params.get("chat_id"))
    text = params.get("text")
    if text is None or text == "":
        raise _bad_request("message text is empty")
    plain, entities = api._parse_text(
        text, params.get("parse_mode"), limit=MESSAGE_LIMIT, what="message text"
    )
    if not entities and isinstance(params.get("entities"), list):
        entities = params["entities"]
    content: dict[str, Any] = {"text": plain}
    if entities:
        content["entities"] = entities
    if isinstance(params.get("link_preview_options"), dict):
        content["link_preview_options"] = params["link_preview_options"]
    return api._send(params, content=content, content_key=("text", text))


def _send_media(
    api: BotApiServer,
    params: dict[str, Any],
    uploads: dict[str, Upload],
    *,
    field_name: str,
) -> Any:
    value = params.get(field_name)
    upload = uploads.get(field_name)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = uploads.get(value.removeprefix("attach://"))
    content: dict[str, Any] = {}
    if upload is not None:
        if not upload.data:
            raise _bad_request("file must be non-empty")
        folder = "photos" if field_name == "photo" else "documents"
        name = upload.filename or ("photo.jpg" if field_name == "photo" else "file")
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        stored = api._store_file(
            upload.data,
            file_name=name,
            mime_type=upload.content_type,
            folder=folder,
            suffix=suffix,
        )
    elif isinstance(value, str) and value:
        with api._lock:
            stored_or_none = api._files.get(value)
        if stored_or_none is None and value.startswith(("http://", "https://")):
            stored_or_none = api._store_file(
                value.encode(),
                file_name=value.rsplit("/", 1)[-1] or "file",
                mime_type=None,
                folder=f"{field_name}s",
                suffix="",
            )
        if stored_or_none is None:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        stored = stored_or_none
    else:
        raise _bad_request(f"there is no {field_name} in the request")
    if field_name == "photo":
        content["photo"] = [_photo_size(stored)]
    else:
        content["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type or "application/octet-stream",
            "file_size": len(stored.data),
        }
    caption = params.get("caption")
    if caption:
        plain, entities = api._parse_text(
            caption, params.get("parse_mode"), limit=CAPTION_LIMIT, what="message caption"
        )
        content["caption"] = plain
        if entities:
            content["caption_entities"] = entities
    digest = hashlib.sha256(stored.data).hexdigest()
    return api._send(params, content=content, content_key=(field_name, digest, caption))


def _send_photo(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return _send_media(api, params, uploads, field_name="photo")


def _send_document(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return _send_media(api, params, uploads, field_name="document")


def _edit_message(
    api: BotApiServer, params: dict[str, Any], *, text_required: bool
) -> dict[str, Any]:
    if params.get("inline_message_id"):
        raise _bad_request("inline messages are not supported by this test server")
    chat = api._chat_for(params.get("chat_id"))
    message_id = params.get("message_id")
    if not message_id:
        raise _bad_request("message identifier is not specified")
    with api._lock:
        stored = api._messages.get((chat.id, int(message_id)))
    if stored is None:
        raise _bad_request("message to edit not found")
    if not stored.from_bot:
        raise _bad_request("message can't be edited")
    payload = dict(stored.payload)
    markup = params.get("reply_markup")
    _validate_markup(markup)
    if text_required:
        text = params.get("text")
        if text is None or text == "":
            raise _bad_request("message text is empty")
        plain, entities = api._parse_text(
            text, params.get("parse_mode"), limit=MESSAGE_LIMIT, what="message text"
        )
        same = (
            payload.get("text") == plain
            and payload.get("entities", []) == entities
            and (payload.get("reply_markup") or None) == (markup or None)
        )
        payload["text"] = plain
        payload.pop("entities", None)
        if entities:
            payload["entities"] = entities
    else:
        same = (payload.get("reply_markup") or None) == (markup or None)
    if same:
        raise _bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )
    payload.pop("reply_markup", None)
    if markup:
        payload["reply_markup"] = markup
    payload["edit_date"] = int(api.clock())
    api._store_message(chat.id, payload, from_bot=True)
    return payload


def _edit_message_text(
    api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]
) -> Any:
    return _edit_message(api, params, text_required=True)


def _edit_message_reply_markup(
    api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]
) -> Any:
    return _edit_message(api, params, text_required=False)


def _delete_message(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat = api._chat_for(params.get("chat_id"))
    with api._changed:
        removed = api._messages.pop((chat.id, int(params.get("message_id") or 0)), None)
        api._changed.notify_all()
    if removed is None:
        raise _bad_request("message to delete not found")
    return True


def _answer_callback_query(
    api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]
) -> Any:
    query_id = str(params.get("callback_query_id") or "")
    text = params.get("text")
    if isinstance(text, str) and len(text) > 200:
        raise _bad_request("MESSAGE_TOO_LONG")
    with api._lock:
        entry = api._callbacks.get(query_id)
        if entry is None or entry["answered"]:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        entry["answered"] = True
        entry["answer"] = dict(params)
    return True


def _scope_key(scope: Any) -> str:
    if not scope:
        return json.dumps({"type": "default"})
    return json.dumps(dict(scope), sort_keys=True)


def _set_my_commands(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise _bad_request("commands must be a JSON array")
    if len(commands) > 100:
        raise _bad_request("too many commands")
    cleaned: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise _bad_request("can't parse BotCommand")
        command = str(item.get("command", ""))
        description = str(item.get("description", ""))
        if not _COMMAND_NAME.fullmatch(command):
            raise _bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    language = _language_code(params)
    scope = params.get("scope")
    _validate_scope(scope)
    with api._changed:
        api._commands[(_scope_key(scope), language)] = cleaned
        api._changed.notify_all()
    return True


def _get_my_commands(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    scope = params.get("scope")
    _validate_scope(scope)
    return api.commands(scope=scope, language_code=_language_code(params))


def _delete_my_commands(
    api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]
) -> Any:
    scope = params.get("scope")
    _validate_scope(scope)
    with api._changed:
        api._commands.pop((_scope_key(scope), _language_code(params)), None)
        api._changed.notify_all()
    return True


def _language_code(params: Mapping[str, Any]) -> str:
    language = params.get("language_code") or ""
    if not isinstance(language, str) or (language and not re.fullmatch(r"[a-z]{2}", language)):
        raise _bad_request("invalid language code specified")
    return language


_SCOPE_TYPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}


def _validate_scope(scope: Any) -> None:
    if scope is None:
        return
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
        raise _bad_request("can't parse BotCommandScope")
    if scope["type"].startswith("chat") and "chat_id" not in scope:
        raise _bad_request("chat_id is empty")


def _send_chat_action(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat = api._chat_for(params.get("chat_id"))
    if params.get("action") not in CHAT_ACTIONS:
        raise _bad_request("wrong parameter action in request")
    api._check_deliverable(chat)
    return True


def _get_chat(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat = api._chat_for(params.get("chat_id"))
    return {**chat.to_dict(), "accent_color_id": 0, "max_reaction_count": 11}


def _get_chat_member(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat = api._chat_for(params.get("chat_id"))
    user_id = params.get("user_id")
    if user_id == api.bot_user.id:
        with api._lock:
            status = api._chat_members.get(chat.id, "member")
        user = api.bot_user.to_dict()
    else:
        default = "creator" if chat.type is ChatType.PRIVATE else "member"
        with api._lock:
            status = api._user_statuses.get((chat.id, int(user_id or 0)), default)
        user = User(id=int(user_id or 0), first_name=f"User {user_id}").to_dict()
    member: dict[str, Any] = {"status": status, "user": user, **_admin_rights(status)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "restricted":
        member.update(_RESTRICTED)
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _get_file(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    file_id = params.get("file_id")
    with api._lock:
        stored = api._files.get(file_id) if isinstance(file_id, str) else None
    if stored is None:
        raise _bad_request("invalid file_id")
    if len(stored.data) > DOWNLOAD_LIMIT:
        raise _bad_request("file is too big")
    return stored.to_dict()


def _true(api: BotApiServer, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return True


_METHOD_TABLE: dict[str, MethodHandler] = {
    "getMe": _get_me,
    "getUpdates": _get_updates,
    "deleteWebhook": _delete_webhook,
    "setWebhook": _set_webhook,
    "getWebhookInfo": _get_webhook_info,
    "sendMessage": _send_message,
    "sendPhoto": _send_photo,
    "sendDocument": _send_document,
    "editMessageText": _edit_message_text,
    "editMessageReplyMarkup": _edit_message_reply_markup,
    "deleteMessage": _delete_message,
    "answerCallbackQuery": _answer_callback_query,
    "setMyCommands": _set_my_commands,
    "getMyCommands": _get_my_commands,
    "deleteMyCommands": _delete_my_commands,
    "sendChatAction": _send_chat_action,
    "getChat": _get_chat,
    "getChatMember": _get_chat_member,
    "getFile": _get_file,
    "setMyDescription": _true,
    "setMyShortDescription": _true,
    "setChatMenuButton": _true,
    "close": _true,
    "logOut": _true,
}
_METHODS = {name.lower(): handler for name, handler in _METHOD_TABLE.items()}
_CANONICAL = {name.lower(): name for name in _METHOD_TABLE}


# What a "restricted" ChatMember carries besides its status and user: here, muted.
_RESTRICTED: dict[str, Any] = {
    "is_member": True,
    "until_date": 0,
    **dict.fromkeys(
        (
            "can_send_messages",
            "can_send_audios",
            "can_send_documents",
            "can_send_photos",
            "can_send_videos",
            "can_send_video_notes",
            "can_send_voice_notes",
            "can_send_polls",
            "can_send_other_messages",
            "can_add_web_page_previews",
            "can_change_info",
            "can_invite_users",
            "can_pin_messages",
            "can_manage_topics",
            "can_edit_tag",
            "can_react_to_messages",
        ),
        False,
    ),
}


def _admin_rights(status: str) -> dict[str, Any]:
    if status != "administrator":
        return {}
    return {
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": False,
        "can_restrict_members": False,
        "can_promote_members": False,
        "can_change_info": False,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
        "can_post_messages": True,
        "can_edit_messages": True,
    }


def _photo_size(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": 640,
        "height": 480,
        "file_size": len(stored.data),
    }


def _shift_entities(plain: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities re-based on the text Telegram keeps: leading and trailing whitespace removed."""
    lead = utf16_length(plain[: len(plain) - len(plain.lstrip())])
    total = utf16_length(plain.strip())
    shifted = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            shifted.append({**entity, "offset": start, "length": end - start})
    return shifted


def _command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities the way Telegram's server adds them to incoming messages."""
    entities = []
    for match in _COMMAND_IN_TEXT.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_length(text[: match.start()]),
                "length": utf16_length(match.group()),
            }
        )
    return entities


def _validate_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise _bad_request(
            "can't parse inline keyboard button: "
            'field "inline_keyboard" must be an Array of Arrays'
        )
    for row in keyboard:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise _bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise _bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                raise _bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _normalize_chat_id(chat_id: Any) -> Any:
    if isinstance(chat_id, str):
        stripped = chat_id.strip()
        if re.fullmatch(r"-?\d+", stripped):
            return int(stripped)
        return stripped
    return chat_id


def _matches(call: Call, method: str | None, ok: bool | None, params: Mapping[str, Any]) -> bool:
    if method is not None and call.method.lower() != method:
        return False
    if ok is not None and call.ok != ok:
        return False
    return all(call.params.get(key) == value for key, value in params.items())


# -- HTTP plumbing ------------------------------------------------------------------------------


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    api: BotApiServer
    server_version = "BotApiTestServer/1.0"

    def setup(self) -> None:
        super().setup()
        with self.api._lock:
            self.api._connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.api._lock:
            self.api._connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines hold the token; tests keep quiet like the bot keeps httpx quiet.
        return

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        try:
            body = self._read_body()
        except ValueError as exc:
            self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})
            return
        path = urlsplit(self.path)
        parts = unquote(path.path).split("/")
        # /bot<token>/<method>  or  /file/bot<token>/<file_path...>  or  /_test/stats
        if parts[1:] == ["_test", "stats"]:
            self._reply(200, {"ok": True, "result": self.api.stats().to_dict()})
            return
        if len(parts) >= 4 and parts[1] == "file" and parts[2].startswith("bot"):
            self._serve_file(parts[2][3:], "/".join(parts[3:]))
            return
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = parts[1][3:], parts[2]
        if token != self.api.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params, uploads = _decode_params(self.headers, body, path.query)
        except ValueError as exc:
            self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})
            return
        if self.api.latency:
            time.sleep(self.api.latency)
        status, payload, fault = self.api.handle(method, params, uploads)
        if fault is not None and fault.drop_connection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._reply(status, payload)

    def _serve_file(self, token: str, file_path: str) -> None:
        if token != self.api.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        stored = self.api.file_by_path(file_path)
        if stored is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self.send_response(200)
        self.send_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(stored.data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(stored.data)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size_line = self.rfile.readline()
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("invalid Content-Length")
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, payload: Mapping[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


def _decode_params(
    headers: EmailMessage, body: bytes, query: str
) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters of a Bot API request: query string, form, multipart or JSON, values typed."""
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    uploads: dict[str, Upload] = {}
    content_type = headers.get("Content-Type", "") or ""
    if body:
        if content_type.startswith("application/json"):
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ValueError("can't parse JSON object") from exc
            if not isinstance(data, dict):
                raise ValueError("JSON object expected")
            raw.update(data)
        elif content_type.startswith("multipart/form-data"):
            _parse_multipart(content_type, body, raw, uploads)
        else:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError("request body must be UTF-8") from exc
            raw.update(parse_qsl(text, keep_blank_values=True))
    return {key: _typed(key, value) for key, value in raw.items()}, uploads


def _parse_multipart(
    content_type: str, body: bytes, raw: dict[str, Any], uploads: dict[str, Upload]
) -> None:
    envelope = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
    message = message_from_bytes(envelope, policy=HTTP)
    if not message.is_multipart():
        raise ValueError("can't parse multipart body")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        payload = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is not None or (part.get_content_type() not in ("text/plain",)):
            uploads[name] = Upload(filename, part.get_content_type(), payload)
        else:
            raw[name] = payload.decode(part.get_content_charset() or "utf-8")


def _typed(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key == "chat_id":
        return _normalize_chat_id(value)
    if key in _INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            return value
    if key in _BOOL_PARAMS:
        return value.lower() in ("true", "1")
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f"can't parse {key} JSON object") from None
    return value


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Run the server in the foreground: ``python -m tests.support.botapi --port 8081``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate-limits", action="store_true", help="enforce Telegram's limits")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    args = parser.parse_args(argv)
    server = BotApiServer(
        token=args.token,
        port=args.port,
        latency=args.latency,
        rate_limits=RateLimits() if args.rate_limits else None,
        record_calls=False,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    with server:
        print(f"Bot API test server: base_url={server.base_url} token={server.token}", flush=True)
        print(f"counters: {server.url}/_test/stats; Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    print(json.dumps(server.stats().to_dict()), flush=True)


@pytest.fixture
def botapi_server() -> Iterator[BotApiServer]:
    """A fresh Bot API server on 127.0.0.1 for one test."""
    with BotApiServer() as server:
        yield server
    assert not server.internal_errors, f"Bot API test server bugs: {server.internal_errors}"


if __name__ == "__main__":
    main()
