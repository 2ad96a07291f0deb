"""The test user's side: the updates a person in Telegram would cause, as the server builds them.

Telegram adds bot_command entities to incoming text; a document or sticker the user sends is
stored, so the bot can getFile and download it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from ..telegram_html import utf16_length
from .objects import Chat, ChatType, User
from .state import BotState

__all__ = ["TestUser"]

_COMMAND_IN_TEXT = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def _command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities the way Telegram's server adds them to incoming messages."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_length(text[: match.start()]),
            "length": utf16_length(match.group()),
        }
        for match in _COMMAND_IN_TEXT.finditer(text)
    ]


class TestUser:
    """Queues the updates a user causes; the bot receives them by getUpdates or webhook."""

    __test__ = False  # not a pytest test class

    def __init__(self, state: BotState) -> None:
        self._state = state

    def push_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue a raw update (an update_id is assigned) and wake the long poll."""
        return self._state.push_update(update)

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
        message = self._state.new_message(chat, user, message_thread_id=message_thread_id)
        if text is not None:
            message["text"] = text
            found = entities if entities is not None else _command_entities(text)
            if found:
                message["entities"] = found
        message.update(extra or {})
        self._state.store_message(chat.id, message, from_bot=False)
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
            name = f"{name}@{self._state.bot_user.username}"
        text = f"{name} {args}" if args else name
        return self.push_message(text, user=user, chat=chat, message_thread_id=message_thread_id)

    def push_channel_post(self, text: str, *, chat: Chat | None = None) -> dict[str, Any]:
        """A post in a channel the bot is in."""
        return self.push_message(text, chat=chat or Chat.channel())

    def push_edited_message(
        self, message: Mapping[str, Any], text: str, *, user: User | None = None
    ) -> dict[str, Any]:
        """The user edits an earlier pushed ``message`` to read ``text``."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        found = _command_entities(text)
        if found:
            edited["entities"] = found
        if user is not None:
            edited["from"] = user.to_dict()
        kind = "edited_channel_post" if edited["chat"]["type"] == "channel" else "edited_message"
        self.push_update({kind: edited})
        return edited

    def push_sticker(
        self, *, user: User | None = None, chat: Chat | None = None, emoji: str = "👍"
    ) -> dict[str, Any]:
        """A message without text: a sticker."""
        stored = self._state.store_file(
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
        stored = self._state.store_file(
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
            stored = self._state.message(chat_id, message_id)
            if stored is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            message = stored.payload
        query_id = self._state.new_callback_id(user)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": dict(message),
            "chat_instance": str(abs(int(message["chat"]["id"]))),
            "data": data,
        }
        self.push_update({"callback_query": query})
        return query_id

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (through a later getUpdates offset)."""
        with self._state.lock:
            return list(self._state.updates)
