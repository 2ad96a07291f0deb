"""The typed context of handlers and jobs: ``context.container`` instead of ``bot_data`` keys.

The Application is built with the container it runs on (``BotApplication``), and
``ContextTypes(context=Context)`` makes every callback's context a ``Context`` whose
``container`` property returns it, as python-telegram-bot's ``contexttypesbot.py`` example does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.delivery.pacing import Pacer
from bot.job_state import Intervals, JobState, SchedulerLease

if TYPE_CHECKING:
    from bot.container import Container

__all__ = ["BotApplication", "Context", "context_types"]


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """A callback's context, with the container of the application it runs in."""

    @property
    def container(self) -> Container:
        """The process's one container of services."""
        return self._ours().container

    @property
    def jobs(self) -> JobState:
        """The state of the application's scheduled jobs (lease, intervals, delivery run)."""
        return self._ours().jobs

    def _ours(self) -> BotApplication:
        application = self.application
        if not isinstance(application, BotApplication):
            raise TypeError("this context does not belong to a NewsDigest application")
        return application


class BotApplication(
    Application[
        ExtBot[None],
        Context,
        dict[Any, Any],
        dict[Any, Any],
        dict[Any, Any],
        JobQueue[Context],
    ]
):
    """python-telegram-bot's Application, carrying the container it was built with and its
    jobs' state (the scheduler lease, the intervals, the delivery run in progress)."""

    def __init__(
        self, *, container: Container, intervals: Intervals | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.container = container
        self.jobs = JobState(SchedulerLease(container), intervals or Intervals())

    async def stop(self) -> None:
        """Stop as python-telegram-bot does, once every send still waiting for its turn has
        given way (``Pacer.stop_waiting``): PTB's stop waits for the update being handled, and a
        reply of many messages, or one held by Telegram's flood control, must not hold a SIGTERM
        back for minutes."""
        limiter = self.bot.rate_limiter
        if isinstance(limiter, Pacer):
            limiter.stop_waiting()
        await super().stop()


def context_types() -> ContextTypes[Context, dict[Any, Any], dict[Any, Any], dict[Any, Any]]:
    """The context types the Application is built with."""
    return ContextTypes(context=Context)
