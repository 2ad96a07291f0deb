"""The Bot API objects the test server hands out and records: users, chats, files, calls, errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "CAPTION_LIMIT",
    "DEFAULT_TOKEN",
    "DOWNLOAD_LIMIT",
    "MEMBER_STATUSES",
    "MESSAGE_LIMIT",
    "ApiError",
    "Call",
    "Chat",
    "ChatType",
    "StoredFile",
    "Upload",
    "User",
    "bad_request",
    "normalize_chat_id",
]

DEFAULT_TOKEN = "123456789:TEST-newsdigest-token"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters) if parameters else None

    def to_body(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """400 Bad Request with Telegram's wording."""
    return ApiError(400, f"Bad Request: {detail}")


def normalize_chat_id(chat_id: Any) -> Any:
    """A chat_id as Telegram reads it: numeric strings become ints."""
    if isinstance(chat_id, str):
        stripped = chat_id.strip()
        if re.fullmatch(r"-?\d+", stripped):
            return int(stripped)
        return stripped
    return chat_id


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

    @classmethod
    def unknown(cls, chat_id: int) -> Chat:
        """A chat the test never sent from (a subscriber made in the database): typed by its id."""
        if chat_id > 0:
            return cls(chat_id, ChatType.PRIVATE, first_name=f"User {chat_id}")
        if str(chat_id).startswith("-100"):
            return cls(chat_id, ChatType.SUPERGROUP, title=f"Chat {chat_id}")
        return cls(chat_id, ChatType.GROUP, title=f"Chat {chat_id}")

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

    def photo_size(self) -> dict[str, Any]:
        """The Bot API PhotoSize of this file (one size only)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": 640,
            "height": 480,
            "file_size": len(self.data),
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
