"""Errors of story building.

StoryError
├── SignatureError   a stored story signature cannot be read (rebuild it from its articles)
├── StoredViewError  a stored story view cannot be read (build it again from its articles)
└── RenderError      a message cannot be made to fit Telegram's limits
"""

from __future__ import annotations

__all__ = ["RenderError", "SignatureError", "StoredViewError", "StoryError"]


class StoryError(Exception):
    """Base of every error raised by digests.stories."""


class SignatureError(StoryError):
    """A stored story signature is malformed or of another version."""


class StoredViewError(StoryError):
    """A stored story view does not fit the view dataclasses (corrupt, or another version)."""


class RenderError(StoryError):
    """Rendering was asked for something impossible (a limit too small for any text)."""
