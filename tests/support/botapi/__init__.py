"""A Bot API-compatible server on 127.0.0.1 for tests and benchmarks: the real PTB talks to it.

Split by concern: ``objects`` (users, chats, files, calls), ``state`` (what the server
remembers), ``methods`` (the Bot API methods the bot calls), ``faults`` (injected faults and
Telegram's flood limits), ``transport`` (HTTP and webhook pushes), ``user`` (the updates the
test user causes) and ``server`` (all of it behind one object). ``benchmarks/delivery.py``
runs the delivery benchmark against it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .faults import DeliveryStats, Fault, RateLimits
from .objects import DEFAULT_TOKEN, MEMBER_STATUSES, Call, Chat, ChatType, StoredFile, User
from .server import BotApiServer

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
]


@pytest.fixture
def botapi_server() -> Iterator[BotApiServer]:
    """A fresh Bot API server on 127.0.0.1 for one test."""
    with BotApiServer() as server:
        yield server
    assert not server.internal_errors, f"Bot API test server bugs: {server.internal_errors}"
