"""What goes wrong on purpose: injected faults, blocked and migrated chats, Telegram's flood limits.

``Faults`` holds what a test asked for (a fault queued per method and chat, a method disabled, a
chat that blocked the bot or became a supergroup); ``FloodControl`` answers 429 with retry_after
like Telegram when a bot sends faster than 30 messages/s overall, 1/s per chat or 20/min per
group, and counts what was accepted (and accepted twice) for the delivery benchmark.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from .objects import ApiError, Chat, ChatType, normalize_chat_id

__all__ = ["DeliveryStats", "Fault", "Faults", "FloodControl", "RateLimits"]

_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"


@dataclass(frozen=True)
class Fault:
    """What the server answers instead of the real result (or a delay before it)."""

    status: int
    description: str
    parameters: Mapping[str, Any] | None = None
    delay: float = 0.0
    drop_connection: bool = False
    # Held until this is set (at most ``delay`` seconds): a chat as slow as a test needs.
    gate: threading.Event | None = None

    @property
    def passthrough(self) -> bool:
        """True when the fault only delays the real answer."""
        return self.status == 200 and not self.drop_connection

    def error(self) -> ApiError:
        """The error answer this fault stands for."""
        return ApiError(self.status, self.description, self.parameters)

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """429 Too Many Requests with parameters.retry_after, as Telegram's flood control."""
        return cls(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    @classmethod
    def forbidden(cls, description: str = "Forbidden: bot was blocked by the user") -> Fault:
        """403, e.g. blocked by the user or kicked from the group."""
        return cls(403, description)

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        """400 with parameters.migrate_to_chat_id: the group became a supergroup."""
        return cls(400, _MIGRATED, {"migrate_to_chat_id": new_chat_id})

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        """A 5xx answer (PTB raises NetworkError)."""
        return cls(status, "Internal Server Error")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Answer normally, but only after ``seconds``."""
        return cls(200, "", delay=seconds)

    @classmethod
    def held(cls, gate: threading.Event, *, limit: float = 120.0) -> Fault:
        """Answer normally once ``gate`` is set (or after ``limit`` seconds)."""
        return cls(200, "", delay=limit, gate=gate)

    @classmethod
    def disconnect(cls) -> Fault:
        """Close the connection without answering (PTB raises NetworkError)."""
        return cls(0, "", drop_connection=True)


class Faults:
    """The faults a test set up; consulted on every call (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: dict[tuple[str, Any], deque[Fault]] = defaultdict(deque)
        self._disabled: dict[str, ApiError] = {}
        self._blocked: dict[int, str] = {}
        self._migrated: dict[int, int] = {}

    def inject(self, method: str, faults: tuple[Fault, ...], *, chat_id: Any, times: int) -> None:
        """Queue ``faults`` for ``method`` (only for ``chat_id`` unless None), each used once."""
        key = (method.lower(), normalize_chat_id(chat_id) if chat_id is not None else None)
        with self._lock:
            for _ in range(times):
                self._queued[key].extend(faults)

    def take(self, method: str, chat_id: Any) -> Fault | None:
        """The next fault queued for this call: the chat's own first, then the method's."""
        with self._lock:
            if chat_id is not None:
                queue = self._queued.get((method, normalize_chat_id(chat_id)))
                if queue:
                    return queue.popleft()
            queue = self._queued.get((method, None))
            return queue.popleft() if queue else None

    def disable(self, method: str, *, status: int, description: str | None) -> None:
        """Make ``method`` fail until ``enable``."""
        text = description or ("Not Found" if status == 404 else HTTPStatus(status).phrase)
        with self._lock:
            self._disabled[method.lower()] = ApiError(status, text)

    def enable(self, method: str) -> None:
        """Undo ``disable``."""
        with self._lock:
            self._disabled.pop(method.lower(), None)

    def disabled(self, method: str) -> ApiError | None:
        """The error a disabled ``method`` answers, or None."""
        with self._lock:
            return self._disabled.get(method)

    def block(self, chat_id: int, description: str) -> None:
        """Every later message to ``chat_id`` answers 403 with ``description``."""
        with self._lock:
            self._blocked[chat_id] = description

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """Sends to ``old_chat_id`` answer 400 with migrate_to_chat_id from now on."""
        with self._lock:
            self._migrated[old_chat_id] = new_chat_id

    def check_deliverable(self, chat: Chat) -> None:
        """Raise Telegram's answer for a chat that blocked the bot or moved to a supergroup."""
        with self._lock:
            blocked = self._blocked.get(chat.id)
            migrated = self._migrated.get(chat.id)
        if blocked is not None:
            raise ApiError(403, blocked)
        if migrated is not None:
            raise ApiError(400, _MIGRATED, {"migrate_to_chat_id": migrated})


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
class DeliveryStats:
    """Counters for the delivery benchmark: messages accepted, 429s answered (enforced or
    injected), duplicates (same chat, thread and content accepted again); times are monotonic."""

    accepted: int
    rate_limited: int
    duplicates: int
    first_accepted_at: float | None
    last_accepted_at: float | None
    calls: int = 0

    @property
    def achieved_rate(self) -> float:
        """Accepted messages per second between the first and the last accepted one."""
        if self.first_accepted_at is None or self.last_accepted_at is None or self.accepted < 2:
            return 0.0
        span = self.last_accepted_at - self.first_accepted_at
        return (self.accepted - 1) / span if span > 0 else 0.0


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


class FloodControl:
    """Telegram's flood limits (when enforced) and the counters of accepted messages."""

    def __init__(self, limits: RateLimits | None = None) -> None:
        self._lock = threading.Lock()
        self._limits = limits
        self._buckets: dict[tuple[str, Any], _TokenBucket] = {}
        self._accepted = 0
        self._rate_limited = 0
        self._duplicates = 0
        self._calls = 0
        self._first: float | None = None
        self._last: float | None = None
        # Digests of (chat, content), so 10,000 long messages cost little memory.
        self._seen: set[bytes] = set()

    def count_call(self, status: int) -> None:
        """Every answered call is counted; 429s (enforced or injected) also on their own."""
        with self._lock:
            self._calls += 1
            if status == 429:
                self._rate_limited += 1

    def admit(self, chat: Chat, content_key: tuple[Any, ...]) -> None:
        """Let a message through or raise 429; count it (and whether it was accepted before)."""
        with self._lock:
            limits = self._limits
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
                        429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
                    )
                for bucket in buckets:
                    bucket.take()
            self._accepted += 1
            self._first = now if self._first is None else self._first
            self._last = now
            key = hashlib.sha256(repr((chat.id, *content_key)).encode()).digest()
            if key in self._seen:
                self._duplicates += 1
            self._seen.add(key)

    def stats(self) -> DeliveryStats:
        """Accepted messages, 429s sent and duplicates (same chat, same content)."""
        with self._lock:
            return DeliveryStats(
                accepted=self._accepted,
                rate_limited=self._rate_limited,
                duplicates=self._duplicates,
                first_accepted_at=self._first,
                last_accepted_at=self._last,
                calls=self._calls,
            )

    def _bucket(self, kind: str, key: Any, capacity: int, window: float) -> _TokenBucket:
        bucket = self._buckets.get((kind, key))
        if bucket is None:
            bucket = self._buckets[(kind, key)] = _TokenBucket(float(capacity), window)
        return bucket
