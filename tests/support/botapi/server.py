"""The test Bot API server: state, methods, faults and transport put together, with the test's API.

It runs in background threads (stdlib ThreadingHTTPServer), so it never blocks the test's event
loop. Point PTB at it with ``ApplicationBuilder().token(server.token)
.base_url(server.base_url).base_file_url(server.base_file_url)``.

The test plays the user with the ``push_*`` methods (updates the bot receives through getUpdates
long polling or its webhook); ``calls()`` reads what the bot did and ``wait_for_calls()`` waits
for it (``*_async`` variants for async tests). Faults are queued per method and optionally per
chat (``inject(method, Fault.retry_after(2))``); ``disable`` makes a method answer an error until
``enable`` (``disable("getMe", status=401)`` for a revoked token); ``rate_limits=RateLimits()``
answers 429 like Telegram beyond 30 messages/s, 1/s per chat or 20/min per group; ``stats()``
counts accepted messages, 429s and duplicates.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

from .faults import DeliveryStats, Fault, Faults, FloodControl, RateLimits
from .methods import METHODS, Backend, canonical_name
from .objects import DEFAULT_TOKEN, MEMBER_STATUSES, ApiError, Call, StoredFile, Upload, User
from .state import BotState, scope_key
from .transport import HttpTransport, WebhookPusher
from .user import TestUser

__all__ = ["BotApiServer"]


def _matches(call: Call, ok: bool | None, params: Mapping[str, Any]) -> bool:
    if ok is not None and call.ok != ok:
        return False
    return all(call.params.get(key) == value for key, value in params.items())


class BotApiServer(TestUser):
    """A Bot API-compatible HTTP server on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        rate_limits: RateLimits | None = None,
        record_calls: bool = True,
    ) -> None:
        self.token = token
        self.latency = latency
        prefix = token.split(":", 1)[0]
        self.bot_user = User(
            id=int(prefix) if prefix.isdigit() else 123456789,
            first_name="NewsDigest Test",
            username="newsdigest_test_bot",
            language_code=None,
            is_bot=True,
        )
        self._state = BotState(self.bot_user, record_calls=record_calls)
        super().__init__(self._state)
        self._faults = Faults()
        self._flood = FloodControl(rate_limits)
        self._transport = HttpTransport(self, host=host, port=port)
        self._webhook = WebhookPusher(self._state, name=f"botapi-webhook-{port}")
        self._backend = Backend(self._state, self._faults, self._flood, self._webhook.start)

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> BotApiServer:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        if not self._transport.running:
            self._state.stopping = False
            self._transport.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake long polls and close open connections."""
        if not self._transport.running:
            return
        with self._state.changed:
            self._state.stopping = True
            self._state.notify()
        self._transport.stop()
        self._webhook.join()

    def __enter__(self) -> BotApiServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on (after start)."""
        return self._transport.port

    @property
    def url(self) -> str:
        """The server root, e.g. http://127.0.0.1:PORT."""
        return f"http://{self._transport.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` expects: PTB appends the token to it."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """What PTB's ``base_file_url`` expects: PTB appends the token to it."""
        return f"{self.url}/file/bot"

    @property
    def internal_errors(self) -> list[str]:
        """Bugs of this server met while answering (a test fails on any)."""
        return self._state.internal_errors

    # -- faults the test sets up -----------------------------------------------------------------

    def inject(self, method: str, *faults: Fault, chat_id: Any = None, times: int = 1) -> None:
        """Queue faults for ``method`` (optionally only for ``chat_id``), each used once."""
        self._faults.inject(method, faults, chat_id=chat_id, times=times)

    def disable(self, method: str, *, status: int = 404, description: str | None = None) -> None:
        """Make ``method`` fail until ``enable`` (404 Not Found by default, as if unsupported)."""
        self._faults.disable(method, status=status, description=description)

    def enable(self, method: str) -> None:
        """Undo ``disable``."""
        self._faults.enable(method)

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Every later message to ``chat_id`` answers 403 with ``description``."""
        self._faults.block(chat_id, description)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: sends to the old id answer 400 migrate_to_chat_id."""
        self._faults.migrate(old_chat_id, new_chat_id)
        self._state.move_chat(old_chat_id, new_chat_id)

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """A user's member status in ``chat_id`` for getChatMember ("administrator", "left"...).

        Without one a user is "member" of a group and "creator" of their private chat.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}; one of {sorted(MEMBER_STATUSES)}")
        with self._state.lock:
            self._state.member_statuses[(chat_id, user_id)] = status

    # -- what the bot did ------------------------------------------------------------------------

    def calls(
        self, method: str | None = None, *, ok: bool | None = True, **params: Any
    ) -> list[Call]:
        """Recorded calls of ``method`` with these ``params`` (only successful ones by default)."""
        with self._state.lock:
            source = (
                self._state.calls_by_method.get(method.lower(), []) if method else self._state.calls
            )
            return [call for call in source if _matches(call, ok, params)]

    def messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (current content, after edits), optionally to one chat."""
        return self._state.messages(chat_id)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """One message the bot sent (its current content, after edits), or None."""
        stored = self._state.message(chat_id, message_id)
        return dict(stored.payload) if stored is not None and stored.from_bot else None

    def commands(
        self, *, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list the bot set for ``scope`` and ``language_code``."""
        with self._state.lock:
            return list(self._state.commands.get((scope_key(scope), language_code), []))

    def description(self, *, short: bool = False, language_code: str = "") -> str:
        """The description (or short description) the bot set for ``language_code``."""
        field = "short_description" if short else "description"
        with self._state.lock:
            return self._state.descriptions.get((field, language_code), "")

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for ``query_id``, or None if unanswered."""
        with self._state.lock:
            entry = self._state.callbacks.get(query_id)
            return entry.get("answer") if entry else None

    def webhook(self) -> dict[str, Any] | None:
        """The webhook the bot set (its setWebhook parameters), or None."""
        with self._state.lock:
            return dict(self._state.webhook) if self._state.webhook else None

    def stats(self) -> DeliveryStats:
        """Accepted messages, 429s sent and duplicates (same chat, same content)."""
        return self._flood.stats()

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The stored file at ``file_path`` (as returned by getFile)."""
        return self._state.file_by_path(file_path)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Block until ``predicate()`` holds (checked whenever the server's state changes)."""
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._state.stopping:
                    raise TimeoutError(f"condition not met within {timeout}s")
                self._state.changed.wait(remaining)

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
            seen = [(c.method, dict(c.params), c.status) for c in self._state.calls[-10:]]
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

    # -- one call (from the HTTP threads) --------------------------------------------------------

    def handle(
        self, method_name: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> tuple[int, dict[str, Any], bool]:
        """Answer one Bot API call: (HTTP status, JSON body, drop the connection instead)."""
        method = method_name.lower()
        name = canonical_name(method_name)
        fault = self._faults.take(method, params.get("chat_id"))
        if fault is not None and fault.gate is not None:
            fault.gate.wait(fault.delay)
        elif fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.drop_connection:
            self._answered(name, params, uploads, 0, None, "connection dropped")
            return 0, {}, True
        try:
            if fault is not None and not fault.passthrough:
                raise fault.error()
            result = self._call(method, name, params, uploads)
        except ApiError as exc:
            self._answered(name, params, uploads, exc.status, None, exc.description)
            return exc.status, exc.to_body(), False
        self._answered(name, params, uploads, 200, result, None)
        return 200, {"ok": True, "result": result}, False

    def _call(
        self, method: str, name: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> Any:
        disabled = self._faults.disabled(method)
        if disabled is not None:
            raise disabled
        implementation = METHODS.get(method)
        if implementation is None:
            raise ApiError(404, "Not Found")
        try:
            return implementation(self._backend, params, uploads)
        except (ApiError, KeyboardInterrupt):
            raise
        except Exception as exc:
            # A bug in this server must fail the test, not look like Telegram's answer.
            with self._state.lock:
                self._state.internal_errors.append(f"{name}: {exc!r}")
            raise ApiError(500, f"Internal Server Error: {exc!r}") from exc

    def _answered(
        self,
        method: str,
        params: Mapping[str, Any],
        uploads: Mapping[str, Upload],
        status: int,
        result: Any,
        description: str | None,
    ) -> None:
        self._flood.count_call(status)
        call = Call(method, dict(params), dict(uploads), status, result, description, time.time())
        self._state.record(call)
