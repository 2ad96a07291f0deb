"""The Bot API methods NewsDigest calls, answered the way Telegram answers them.

getMe, getUpdates, setWebhook/deleteWebhook, sendMessage, sendPhoto, sendDocument,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, getChatMember, getFile, and the
profile's (``profile``: commands and descriptions); any other method is 404 Not Found, as an
unknown method is for Telegram. Text is checked as Telegram checks it: strict HTML, 4096 UTF-16
units (1024 for captions), trimmed before it is stored.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .checks import NOT_MODIFIED, parse_text, validate_markup
from .faults import Faults, FloodControl
from .objects import (
    CAPTION_LIMIT,
    DOWNLOAD_LIMIT,
    MESSAGE_LIMIT,
    ApiError,
    ChatType,
    Upload,
    User,
    bad_request,
)
from .profile import PROFILE_METHODS
from .state import BotState, StoredMessage

__all__ = ["METHODS", "Backend", "canonical_name"]

_MEMBER_RIGHTS = (
    "send_messages",
    "send_audios",
    "send_documents",
    "send_photos",
    "send_videos",
    "send_video_notes",
    "send_voice_notes",
    "send_polls",
    "send_other_messages",
    "add_web_page_previews",
    "change_info",
    "invite_users",
    "pin_messages",
    "manage_topics",
    "edit_tag",
    "react_to_messages",
)
_ADMIN_DENIED = (
    "be_edited",
    "manage_video_chats",
    "restrict_members",
    "promote_members",
    "change_info",
    "post_stories",
    "edit_stories",
    "delete_stories",
)
_ADMIN_GRANTED = (
    "manage_chat",
    "delete_messages",
    "invite_users",
    "post_messages",
    "edit_messages",
)
# What a "restricted" ChatMember carries besides its status and user: here, muted.
_RESTRICTED: dict[str, Any] = {
    "is_member": True,
    "until_date": 0,
    **{f"can_{right}": False for right in _MEMBER_RIGHTS},
}
# The rights an "administrator" ChatMember must carry: a moderator who may post and edit.
_ADMIN_RIGHTS: dict[str, Any] = {
    "is_anonymous": False,
    **{f"can_{right}": False for right in _ADMIN_DENIED},
    **{f"can_{right}": True for right in _ADMIN_GRANTED},
}


@dataclass(frozen=True)
class Backend:
    """What a method works on: the state, the faults in force and flood control."""

    state: BotState
    faults: Faults
    flood: FloodControl
    start_webhook: Callable[[], None]


Params = dict[str, Any]
Uploads = dict[str, Upload]
Method = Callable[[Backend, Params, Uploads], Any]


# -- sending ---------------------------------------------------------------------------------------


def _send(api: Backend, params: Params, *, content: dict[str, Any], key: tuple[Any, ...]) -> Any:
    """A message from the bot: deliverable, within the flood limits, then stored."""
    chat = api.state.chat_for(params.get("chat_id"))
    api.faults.check_deliverable(chat)
    markup = params.get("reply_markup")
    validate_markup(markup)
    thread_id = params.get("message_thread_id")
    api.flood.admit(chat, (thread_id, *key))
    sender = None if chat.type is ChatType.CHANNEL else api.state.bot_user
    message = api.state.new_message(chat, sender, message_thread_id=thread_id)
    message.update(content)
    # Telegram's Message.reply_markup holds inline keyboards only (not ForceReply etc.).
    if markup and "inline_keyboard" in markup:
        message["reply_markup"] = markup
    api.state.store_message(chat.id, message, from_bot=True)
    return message


def _send_message(api: Backend, params: Params, uploads: Uploads) -> Any:
    api.state.chat_for(params.get("chat_id"))
    text = params.get("text")
    plain, entities = parse_text(
        text, params.get("parse_mode"), limit=MESSAGE_LIMIT, what="message text"
    )
    content: dict[str, Any] = {"text": plain}
    if entities:
        content["entities"] = entities
    if isinstance(params.get("link_preview_options"), dict):
        content["link_preview_options"] = params["link_preview_options"]
    return _send(api, params, content=content, key=("text", text))


def _send_media(api: Backend, params: Params, uploads: Uploads, *, field: str) -> Any:
    value = params.get(field)
    upload = uploads.get(field)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = uploads.get(value.removeprefix("attach://"))
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        name = upload.filename or ("photo.jpg" if field == "photo" else "file")
        stored = api.state.store_file(
            upload.data,
            file_name=name,
            mime_type=upload.content_type,
            folder=f"{field}s",
            suffix="." + name.rsplit(".", 1)[-1] if "." in name else "",
        )
    elif (known := api.state.file(value)) is not None:
        stored = known
    else:
        raise bad_request(f"there is no {field} in the request")
    content: dict[str, Any] = {}
    if field == "photo":
        content["photo"] = [stored.photo_size()]
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
        plain, entities = parse_text(
            caption, params.get("parse_mode"), limit=CAPTION_LIMIT, what="message caption"
        )
        content["caption"] = plain
        if entities:
            content["caption_entities"] = entities
    digest = hashlib.sha256(stored.data).hexdigest()
    return _send(api, params, content=content, key=(field, digest, caption))


def _editable(api: Backend, params: Params) -> tuple[int, StoredMessage]:
    """The bot's own message an edit names (chat id, message), or the 400 Telegram answers."""
    chat = api.state.chat_for(params.get("chat_id"))
    message_id = params.get("message_id")
    if not message_id:
        raise bad_request("message identifier is not specified")
    stored = api.state.message(chat.id, int(message_id))
    if stored is None:
        raise bad_request("message to edit not found")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat.id, stored


def _edit_message_text(api: Backend, params: Params, uploads: Uploads) -> Any:
    chat_id, stored = _editable(api, params)
    markup = params.get("reply_markup")
    validate_markup(markup)
    plain, entities = parse_text(
        params.get("text"), params.get("parse_mode"), limit=MESSAGE_LIMIT, what="message text"
    )
    payload = dict(stored.payload)
    if (
        payload.get("text") == plain
        and payload.get("entities", []) == entities
        and (payload.get("reply_markup") or None) == (markup or None)
    ):
        raise bad_request(NOT_MODIFIED)
    payload["text"] = plain
    for key, value in (("entities", entities), ("reply_markup", markup)):
        payload.pop(key, None)
        if value:
            payload[key] = value
    payload["edit_date"] = int(time.time())
    api.state.store_message(chat_id, payload, from_bot=True)
    return payload


def _edit_message_reply_markup(api: Backend, params: Params, uploads: Uploads) -> Any:
    chat_id, stored = _editable(api, params)
    markup = params.get("reply_markup")
    validate_markup(markup)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    payload = dict(stored.payload)
    if (payload.get("reply_markup") or None) == (markup or None):
        raise bad_request(NOT_MODIFIED)
    payload.pop("reply_markup", None)
    if markup and markup.get("inline_keyboard"):
        payload["reply_markup"] = markup
    payload["edit_date"] = int(time.time())
    api.state.store_message(chat_id, payload, from_bot=True)
    return payload


# -- updates and webhook ---------------------------------------------------------------------------


def _get_me(api: Backend, params: Params, uploads: Uploads) -> Any:
    return {
        **api.state.bot_user.to_dict(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _get_updates(api: Backend, params: Params, uploads: Uploads) -> Any:
    state = api.state
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0.0)
    allowed = params.get("allowed_updates")
    with state.changed:
        if state.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        state.poll_generation += 1
        generation = state.poll_generation
        state.notify()
        if isinstance(allowed, list):
            state.allowed_updates = frozenset(allowed) or None
        state.confirm(offset)
        while True:
            if state.poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            state.drop_unwanted(state.allowed_updates)
            remaining = deadline - time.monotonic()
            if state.updates or remaining <= 0 or state.stopping:
                return list(itertools.islice(state.updates, limit))
            state.changed.wait(remaining)


def _delete_webhook(api: Backend, params: Params, uploads: Uploads) -> Any:
    with api.state.changed:
        api.state.webhook = None
        if params.get("drop_pending_updates"):
            api.state.updates.clear()
        api.state.notify()
    return True


def _set_webhook(api: Backend, params: Params, uploads: Uploads) -> Any:
    url = params.get("url") or ""
    if not isinstance(url, str):
        raise bad_request("invalid webhook URL specified")
    host = urlsplit(url).hostname or ""
    # Telegram wants HTTPS; plain HTTP is accepted for a bot listening on this machine.
    local = url.startswith("http://") and host in ("127.0.0.1", "localhost", "::1")
    if url and not (url.startswith("https://") or local):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_\-]{1,256}", str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    with api.state.changed:
        api.state.webhook = {**params, "url": url} if url else None
        api.state.webhook_error = None
        if params.get("drop_pending_updates"):
            api.state.updates.clear()
        api.state.notify()
    if url:
        api.start_webhook()
    return True


# -- commands, callbacks, members, files -----------------------------------------------------------


def _answer_callback_query(api: Backend, params: Params, uploads: Uploads) -> Any:
    query_id = str(params.get("callback_query_id") or "")
    text = params.get("text")
    if isinstance(text, str) and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    with api.state.lock:
        entry = api.state.callbacks.get(query_id)
        if entry is None or entry["answered"]:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        entry["answered"] = True
        entry["answer"] = dict(params)
    return True


def _get_chat_member(api: Backend, params: Params, uploads: Uploads) -> Any:
    chat = api.state.chat_for(params.get("chat_id"))
    user_id = int(params.get("user_id") or 0)
    if user_id == api.state.bot_user.id:
        status, user = "member", api.state.bot_user.to_dict()
    else:
        default = "creator" if chat.type is ChatType.PRIVATE else "member"
        with api.state.lock:
            status = api.state.member_statuses.get((chat.id, user_id), default)
        user = User(id=user_id, first_name=f"User {user_id}").to_dict()
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "restricted":
        member.update(_RESTRICTED)
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _get_file(api: Backend, params: Params, uploads: Uploads) -> Any:
    stored = api.state.file(params.get("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > DOWNLOAD_LIMIT:
        raise bad_request("file is too big")
    return stored.to_dict()


def _send_photo(api: Backend, params: Params, uploads: Uploads) -> Any:
    return _send_media(api, params, uploads, field="photo")


def _send_document(api: Backend, params: Params, uploads: Uploads) -> Any:
    return _send_media(api, params, uploads, field="document")


_TABLE: dict[str, Method] = {
    "getMe": _get_me,
    "getUpdates": _get_updates,
    "deleteWebhook": _delete_webhook,
    "setWebhook": _set_webhook,
    "sendMessage": _send_message,
    "sendPhoto": _send_photo,
    "sendDocument": _send_document,
    "editMessageText": _edit_message_text,
    "editMessageReplyMarkup": _edit_message_reply_markup,
    "answerCallbackQuery": _answer_callback_query,
    "getChatMember": _get_chat_member,
    "getFile": _get_file,
    **PROFILE_METHODS,
}
# Telegram's method names are case-insensitive.
METHODS: dict[str, Method] = {name.lower(): method for name, method in _TABLE.items()}
_CANONICAL = {name.lower(): name for name in _TABLE}


def canonical_name(method: str) -> str:
    """``sendmessage`` -> ``sendMessage`` (unknown names stay as they came)."""
    return _CANONICAL.get(method.lower(), method)
