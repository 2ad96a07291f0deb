"""What the test Bot API server remembers: updates, chats, messages, files, commands, calls.

One re-entrant lock guards it all; ``changed`` (a Condition on that lock) is notified on every
change, so a test can wait for the bot to do something without polling.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .objects import Call, Chat, ChatType, StoredFile, User, bad_request, normalize_chat_id

__all__ = ["BotState", "StoredMessage", "scope_key", "update_type"]

# Telegram leaves these out unless a bot asks for them by name.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_type(update: Mapping[str, Any]) -> str:
    """The kind of an update: its one key besides update_id."""
    return next((key for key in update if key != "update_id"), "")


def scope_key(scope: Any) -> str:
    """A BotCommandScope as a dictionary key (no scope is the default one)."""
    if not scope:
        return json.dumps({"type": "default"})
    return json.dumps(dict(scope), sort_keys=True)


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    payload: dict[str, Any]
    from_bot: bool


class BotState:
    """The server's memory; every method is safe to call from any thread."""

    def __init__(self, bot_user: User, *, record_calls: bool = True) -> None:
        self.bot_user = bot_user
        self.record_calls = record_calls
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.stopping = False
        self.updates: deque[dict[str, Any]] = deque()
        self.allowed_updates: frozenset[str] | None = None
        self.poll_generation = 0
        self.webhook: dict[str, Any] | None = None
        self.webhook_error: tuple[int, str] | None = None
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        # ("description" | "short_description", language_code) -> text
        self.descriptions: dict[tuple[str, str], str] = {}
        self.member_statuses: dict[tuple[int, int], str] = {}
        self.calls: list[Call] = []
        self.calls_by_method: dict[str, list[Call]] = {}
        self.internal_errors: list[str] = []
        self._update_ids = itertools.count(700_000_001)
        self._chats: dict[int, Chat] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self._file_counter = itertools.count(1)
        self._callback_ids = itertools.count(1)

    def notify(self) -> None:
        """Wake every waiter (call with the lock held)."""
        self.changed.notify_all()

    # -- updates ---------------------------------------------------------------------------------

    def push_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update (an update_id is assigned) and wake the long poll."""
        with self.changed:
            payload = {"update_id": next(self._update_ids), **update}
            self.updates.append(payload)
            self.notify()
            return payload

    def allows(self, update: Mapping[str, Any], allowed: Any) -> bool:
        """Whether an update of this kind reaches a bot that asked for ``allowed`` kinds."""
        kind = update_type(update)
        return kind in allowed if allowed else kind not in _OPT_IN_UPDATES

    def drop_unwanted(self, allowed: Any) -> None:
        """Telegram drops updates of kinds the bot did not ask for (call with the lock held)."""
        self.updates = deque(u for u in self.updates if self.allows(u, allowed))

    def confirm(self, offset: int) -> None:
        """A getUpdates offset confirms every earlier update (call with the lock held)."""
        if offset > 0:
            while self.updates and self.updates[0]["update_id"] < offset:
                self.updates.popleft()
        elif offset < 0:
            while len(self.updates) > -offset:
                self.updates.popleft()

    def new_callback_id(self, user: User) -> str:
        """A fresh callback query id, remembered as not answered yet."""
        with self.lock:
            query_id = f"{user.id}{next(self._callback_ids):08d}"
            self.callbacks[query_id] = {"answered": False}
            return query_id

    # -- chats and messages ----------------------------------------------------------------------

    def chat_for(self, chat_id: Any) -> Chat:
        """The chat a chat_id names; unknown numeric ids are typed by their sign and prefix."""
        chat_id = normalize_chat_id(chat_id)
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        with self.lock:
            return self._chats.get(chat_id) or Chat.unknown(chat_id)

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group ``old_chat_id`` lives on as the supergroup ``new_chat_id``."""
        with self.lock:
            old = self._chats.get(old_chat_id)
            if old is not None:
                self._chats[new_chat_id] = Chat.supergroup(new_chat_id, title=old.title or "")

    def new_message(
        self, chat: Chat, sender: User | None, *, message_thread_id: int | None = None
    ) -> dict[str, Any]:
        """A Message object with the chat's next message_id (not stored yet)."""
        with self.lock:
            self._chats.setdefault(chat.id, chat)
            counter = self._message_ids.setdefault(chat.id, itertools.count(1))
            message_id = next(counter)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
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

    def store_message(self, chat_id: int, message: dict[str, Any], *, from_bot: bool) -> None:
        """Keep (or replace, after an edit) a message."""
        with self.changed:
            key = (chat_id, int(message["message_id"]))
            self._messages[key] = StoredMessage(chat_id, key[1], message, from_bot)
            self.notify()

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """A stored message, or None."""
        with self.lock:
            return self._messages.get((chat_id, message_id))

    def messages(self, chat_id: int | None) -> list[dict[str, Any]]:
        """Messages the bot sent (current content), optionally to one chat."""
        with self.lock:
            return [
                dict(stored.payload)
                for stored in self._messages.values()
                if stored.from_bot and (chat_id is None or stored.chat_id == chat_id)
            ]

    # -- files -----------------------------------------------------------------------------------

    def store_file(
        self, data: bytes, *, file_name: str | None, mime_type: str | None, folder: str, suffix: str
    ) -> StoredFile:
        """Keep a file under fresh ids, downloadable at its file_path."""
        digest = hashlib.sha256(data).hexdigest()
        with self.lock:
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

    def file(self, file_id: Any) -> StoredFile | None:
        """The file with this file_id, or None."""
        with self.lock:
            return self._files.get(file_id) if isinstance(file_id, str) else None

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The file at ``file_path`` (as getFile returned it), or None."""
        with self.lock:
            return self._file_paths.get(file_path)

    # -- what the bot did ------------------------------------------------------------------------

    def record(self, call: Call) -> None:
        """Remember one answered call (unless recording is off, as in benchmarks)."""
        with self.changed:
            if self.record_calls:
                self.calls.append(call)
                self.calls_by_method.setdefault(call.method.lower(), []).append(call)
            self.notify()
