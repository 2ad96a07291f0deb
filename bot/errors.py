"""Errors raised by the bot.

BotError
 ├── UsageError           a command argument the user can fix; the message is the reply
 └── DeliveryError        a message could not be delivered to a chat
      ├── ChatGone        blocked, kicked, chat or topic deleted (Telegram's Forbidden):
      │                   the subscriber is deactivated
      ├── MessageRefused  Telegram rejected the message itself (BadRequest) even as plain text
      └── Deferred        throttled or network trouble outlasted the retries: try again later
           └── Stopping   the process is stopping: a send still waiting for its turn is not
                          made (also a TelegramError, as every other failed send)
"""

from __future__ import annotations

from collections.abc import Callable

from telegram.error import TelegramError

__all__ = [
    "BotError",
    "ChatGone",
    "Deferred",
    "DeliveryError",
    "MessageRefused",
    "Stopping",
    "UsageError",
]


class BotError(Exception):
    """Base of every error the bot raises."""


class UsageError(BotError):
    """A bad command argument; ``str(error)`` is a one-line reply for the user.

    The message is a template marked for translation with ``{name}`` fields filled from
    ``params``, so ``translated(_)`` can say it in the chat's language.
    """

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params) if params else template)
        self.template = template
        self.params = params

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The reply in the language of ``gettext`` (the English text if it has none)."""
        text = gettext(self.template)
        return text.format(**self.params) if self.params else text


class DeliveryError(BotError):
    """A message could not be delivered."""


class ChatGone(DeliveryError):
    """The chat no longer accepts messages from the bot."""


class MessageRefused(DeliveryError):
    """Telegram refused the message content."""


class Deferred(DeliveryError):
    """Try again after ``retry_in`` seconds; nothing is dropped."""

    def __init__(self, message: str, *, retry_in: float) -> None:
        super().__init__(message)
        self.retry_in = retry_in


class Stopping(Deferred, TelegramError):
    """The process is stopping: a send that would wait for its turn is not made.

    A Deferred, so a delivery keeps the message queued for the next run; a TelegramError, so
    every caller that copes with a failed send (a reply, a picture, a note to the admins) copes
    with this one too.
    """

    def __init__(self, message: str = "the bot is stopping") -> None:
        super().__init__(message, retry_in=0.0)
