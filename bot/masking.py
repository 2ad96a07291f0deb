"""The bot token never reaches an output: a log-record factory masks it in every record.

httpx logs request URLs, and Bot API URLs carry the token, so httpx (and httpcore) stay at
WARNING; whatever still mentions the token, a traceback included, is masked.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

__all__ = ["install_token_masking", "mask_secrets"]

_SECRETS: set[str] = set()
_MASK = "<token>"


def mask_secrets(text: str) -> str:
    """``text`` with every registered secret (the bot token) replaced by a mask."""
    for secret in _SECRETS:
        if secret:
            text = text.replace(secret, _MASK)
    return text


def install_token_masking(token: str) -> None:
    """Mask ``token`` in every log record created from now on, whatever logger or handler."""
    _SECRETS.add(token)
    # The numeric bot id before ":" is public; the part after it is the secret.
    _SECRETS.add(token.partition(":")[2])
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_newsdigest_masks", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is the logging module's problem, not ours
            return record
        masked = mask_secrets(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets("".join(traceback.format_exception(*record.exc_info)))
            record.exc_text = record.exc_text.rstrip("\n")
        return record

    factory._newsdigest_masks = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
