"""How Telegram checks what a bot sends: message text and its HTML, keyboards, command menus and
the bot's descriptions.

Text is strict Telegram HTML (``tests.support.telegram_html``: the tags, the expandable
blockquote of Bot API 7.4 and what may nest in it, entity offsets and lengths in UTF-16 units),
at most 4096 UTF-16 units (1024 for captions), and trimmed before it is stored, its entities
shifted to match. Telegram keeps the first 100 entities of a message and silently drops the
rest (TDLib's server-side limit); this server refuses such a message instead, so formatting a
reader would lose shows up in tests.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from ..telegram_html import TelegramHtmlError, parse_telegram_html, utf16_length
from .objects import bad_request

__all__ = [
    "NOT_MODIFIED",
    "commands_for",
    "description_for",
    "parse_text",
    "scope_and_language",
    "validate_markup",
]

# An edit that changes nothing: Telegram refuses it.
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
MAX_ENTITIES = 100
_SCOPE_TYPES = frozenset(
    [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ]
)


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


def parse_text(
    text: Any, parse_mode: Any, *, limit: int, what: str
) -> tuple[str, list[dict[str, Any]]]:
    """The text Telegram stores and its entities, or the 400 it answers."""
    if not isinstance(text, str) or not text:
        raise bad_request(f"{what} is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad_request("strings must be encoded in UTF-8") from exc
    entities: list[dict[str, Any]] = []
    plain = text
    mode = parse_mode.lower() if isinstance(parse_mode, str) and parse_mode else None
    if mode == "html":
        try:
            parsed = parse_telegram_html(text)
        except TelegramHtmlError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
        plain = parsed.text
        entities = [entity.to_dict() for entity in parsed.entities]
        if len(entities) > MAX_ENTITIES:
            raise bad_request(
                f"too many entities: {len(entities)}; Telegram would drop all but the first "
                f"{MAX_ENTITIES}"
            )
    elif mode is not None:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    stripped = plain.strip()
    if not stripped:
        raise bad_request(f"{what} is empty")
    if utf16_length(stripped) > limit:
        raise bad_request(
            "message is too long" if what == "message text" else f"{what} is too long"
        )
    return stripped, _shift_entities(plain, entities)


def validate_markup(markup: Any) -> None:
    """Raise the 400 Telegram answers for a reply_markup it cannot use."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request(
            "can't parse inline keyboard button: "
            'field "inline_keyboard" must be an Array of Arrays'
        )
    for button in itertools.chain.from_iterable(keyboard):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request(
                "can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard"
            )
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
        url = button.get("url")
        if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def commands_for(params: dict[str, Any]) -> tuple[list[dict[str, str]], Any, str]:
    """setMyCommands' (commands, scope, language_code) as Telegram accepts them, or the 400."""
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be a JSON array of at most 100 commands")
    cleaned: list[dict[str, str]] = []
    for item in commands:
        command = str(item.get("command", "")) if isinstance(item, dict) else ""
        description = str(item.get("description", "")) if isinstance(item, dict) else ""
        if not _COMMAND_NAME.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    scope, language = scope_and_language(params)
    return cleaned, scope, language


def _language(params: dict[str, Any]) -> str:
    language = params.get("language_code") or ""
    if not isinstance(language, str) or (language and not re.fullmatch(r"[a-z]{2}", language)):
        raise bad_request("invalid language code specified")
    return language


def scope_and_language(params: dict[str, Any]) -> tuple[Any, str]:
    """A command list's scope and language_code as Telegram accepts them, or the 400."""
    language = _language(params)
    scope = params.get("scope")
    if scope is not None and (not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES):
        raise bad_request("can't parse BotCommandScope")
    if scope and scope["type"].startswith("chat"):
        chat_id = scope.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if not isinstance(chat_id, int) and not (
            isinstance(chat_id, str) and re.fullmatch(r"-?[0-9]+|@[A-Za-z0-9_]{5,32}", chat_id)
        ):
            raise bad_request("chat not found")
        if scope["type"] == "chat_member" and not isinstance(scope.get("user_id"), int):
            raise bad_request("user not found")
    return scope, language


def description_for(params: dict[str, Any], *, field: str, limit: int) -> tuple[str, str]:
    """setMyDescription's or setMyShortDescription's (text, language_code), or the 400."""
    text = params.get(field) or ""
    if not isinstance(text, str):
        raise bad_request(f"{field} must be a string")
    if len(text) > limit:
        raise bad_request(f"{field.upper()}_INVALID")
    return text, _language(params)
