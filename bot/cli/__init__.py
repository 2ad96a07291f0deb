"""The ``newsdigest`` command line: a thin layer over digests and storage."""

from __future__ import annotations

from bot.cli.base import cli, main
from bot.cli.db import db

cli.add_command(db)

__all__ = ["cli", "main"]
