"""What handlers and jobs share, kept in ``application.bot_data``: runtime, clock, delivery."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session
from telegram.ext import CallbackContext

from bot.clock import Clock
from bot.content import DigestComposer
from bot.runtime import Runtime
from storage.engine import transaction

if TYPE_CHECKING:
    from bot.delivery import Deliverer

__all__ = ["SERVICES_KEY", "Services", "services"]

SERVICES_KEY = "newsdigest"
T = TypeVar("T")


@dataclass
class Services:
    """The bot's dependencies; built by ``build_application``, the deliverer in ``post_init``."""

    runtime: Runtime
    clock: Clock
    composer: DigestComposer
    worker: str
    deliverer: Deliverer | None = None
    # The delivery run in progress, if any (see bot.scheduler.deliver_due).
    delivery_task: asyncio.Task[None] | None = None
    # Set by the lease job: only the holder runs the time-driven jobs.
    is_scheduler: bool = False
    # How long the scheduler lease outlives its holder's last renewal.
    lease_ttl: timedelta = timedelta(seconds=90)
    closers: list[Callable[[], Any]] = field(default_factory=list)

    async def db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(session, *args, **kwargs)`` in one transaction, off the event loop."""

        def work() -> T:
            with transaction(self.runtime.sessions) as session:
                return fn(session, *args, **kwargs)

        return await asyncio.to_thread(work)

    def run_in_session(self, fn: Callable[[Session], T]) -> T:
        """Blocking form of ``db`` for code already off the loop."""
        with transaction(self.runtime.sessions) as session:
            return fn(session)


def services(context: CallbackContext[Any, Any, Any, Any]) -> Services:
    """The Services of the application a handler or job runs in."""
    found = context.application.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found
