"""The bot's one pacing layer: Telegram's flood limits kept for every message the bot sends.

``Pacer`` is python-telegram-bot's rate limiter for the bot, so digests and command replies share
one budget: sends are spaced a little under 30 messages/s overall, 1 message/s per chat (private
chats included) and at most 20 a minute per group or channel. A RetryAfter (429) holds that chat
for the time Telegram asks and the message is sent again, until the waits add up to more than
``Pacing.max_wait``; then the RetryAfter reaches the caller (delivery puts the digest back in the
queue). Calls that send nothing (getUpdates, getChatMember, answerCallbackQuery ...) pass freely.

When the process begins to stop (``stop_waiting``, from the Application's ``stop``), a send that
would still have to wait for its turn raises ``Stopping`` at once instead: a long reply is cut
short and a digest stays queued, so SIGTERM is never held back by what is left to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.errors import Stopping

__all__ = ["Pacer", "Pacing", "retry_seconds"]

log = logging.getLogger(__name__)

# Bot API methods that post or change a message in a chat: what Telegram's limits count.
_SENDING = ("send", "copy", "forward", "edit")
# Chats remembered beyond this many are forgotten once their pacing no longer matters.
_PRUNE_AT = 4096
# A wait is slept in steps of at most this many seconds, looking for a stop in between.
_STEP = 0.25

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Pacing:
    """Limits and retry policy; tests shrink the waits."""

    per_chat_interval: float = 1.0
    # The whole bot's budget, a little under Telegram's 30/s so jitter never earns a 429;
    # 0 turns overall pacing off.
    overall_rate: float = 29.0
    # Groups, supergroups and channels: at most this many messages in any window of this length.
    group_per_window: int = 20
    group_window: float = 60.0
    # Chats served at once: above the overall rate, so chats waiting on their own 1/s pacing
    # (digests of several messages) still fill the budget.
    concurrency: int = 64
    network_retries: int = 4
    backoff: float = 1.0
    # RetryAfter waits beyond this put the delivery back in the queue instead of sleeping on.
    max_wait: float = 120.0
    lease: timedelta = timedelta(minutes=10)
    batch: int = 200


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a RetryAfter asks for, in seconds."""
    # PTB 22 warns that retry_after becomes a timedelta; accept either, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def _chat_key(chat_id: Any) -> int | str | None:
    if chat_id is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(chat_id)
    return str(chat_id)


class Pacer(BaseRateLimiter[None]):
    """Spaces the bot's sends within Telegram's limits and honours RetryAfter per chat."""

    def __init__(self, pacing: Pacing | None = None) -> None:
        self.pacing = pacing or Pacing()
        self._next_slot = 0.0
        self._chat_ready: dict[int | str, float] = {}
        self._group_sent: dict[int | str, deque[float]] = {}
        self._locks: dict[int | str, asyncio.Lock] = {}
        self._users: dict[int | str, int] = {}
        self._stopping = False

    def stop_waiting(self) -> None:
        """From now on, a send that would have to wait raises Stopping instead (for good)."""
        self._stopping = True

    async def _wait(self, seconds: float) -> None:
        """Sleep ``seconds``, or raise Stopping as soon as the process begins to stop."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self._stopping:
                raise Stopping("the bot is stopping: not sent")
            await asyncio.sleep(min(left, _STEP))

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSONResult:
        """Send when the chat's and the bot's budgets allow; wait out RetryAfter up to max_wait."""
        chat = _chat_key(data.get("chat_id"))
        if chat is None or not endpoint.lower().startswith(_SENDING):
            return await callback(*args, **kwargs)
        waited = 0.0
        self._users[chat] = self._users.get(chat, 0) + 1
        try:
            async with self._locks.setdefault(chat, asyncio.Lock()):
                while True:
                    await self._slot(chat)
                    try:
                        return await callback(*args, **kwargs)
                    except RetryAfter as exc:
                        seconds = retry_seconds(exc)
                        if waited + seconds > self.pacing.max_wait:
                            raise
                        waited += seconds
                        log.info("chat %s: flood control, sending again in %.0f s", chat, seconds)
                        self._chat_ready[chat] = time.monotonic() + seconds
                    finally:
                        self._answered(chat)
        finally:
            self._users[chat] -= 1
            if not self._users[chat]:
                del self._users[chat]
                self._locks.pop(chat, None)
            self._prune()

    async def _slot(self, chat: int | str) -> None:
        """Wait until ``chat`` may get a message, then take the bot's next overall slot."""
        pacing = self.pacing
        group = not isinstance(chat, int) or chat < 0
        while True:
            now = time.monotonic()
            ready = self._chat_ready.get(chat, 0.0)
            sent = self._group_sent.get(chat) if group else None
            if sent is not None and len(sent) >= pacing.group_per_window:
                ready = max(ready, sent[0] + pacing.group_window)
            if ready <= now:
                break
            await self._wait(ready - now)
        if pacing.overall_rate > 0:
            # Each send books the next free slot of the overall budget, evenly spaced.
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / pacing.overall_rate
            if slot > now:
                await self._wait(slot - now)

    def _answered(self, chat: int | str) -> None:
        """Count a send to ``chat`` from when its answer came, not from when it left.

        A request may take a while to arrive (a loaded machine, a slow network) while the next
        one to the same chat, sent only after this answer, may not: counted from the answer, the
        gap Telegram sees between the two arrivals is never shorter than the chat's interval, and
        no window of the group's holds more than its share, whatever the transport did.
        """
        pacing = self.pacing
        now = time.monotonic()
        self._chat_ready[chat] = max(
            self._chat_ready.get(chat, 0.0), now + pacing.per_chat_interval
        )
        if (not isinstance(chat, int) or chat < 0) and pacing.group_per_window > 0:
            self._group_sent.setdefault(chat, deque(maxlen=pacing.group_per_window)).append(now)

    def _prune(self) -> None:
        """Forget chats whose pacing has run out, so 100,000 subscribers cost little memory."""
        if len(self._chat_ready) < _PRUNE_AT and len(self._group_sent) < _PRUNE_AT:
            return
        now = time.monotonic()
        self._chat_ready = {
            chat: ready
            for chat, ready in self._chat_ready.items()
            if ready > now or chat in self._users
        }
        horizon = now - self.pacing.group_window
        self._group_sent = {
            chat: sent
            for chat, sent in self._group_sent.items()
            if (sent and sent[-1] > horizon) or chat in self._users
        }
