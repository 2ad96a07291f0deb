"""The ``newsdigest`` command line: a thin layer over digests and storage."""

from __future__ import annotations

from bot.cli.analyze import analyze
from bot.cli.base import cli, main
from bot.cli.db import db
from bot.cli.opml import export_command, import_command
from bot.cli.process import demo, process
from bot.cli.prune import prune
from bot.cli.reading import digest, stories, when, who
from bot.cli.run import run
from bot.cli.sources import ingest, sources
from bot.cli.status import status
from bot.cli.worker import worker

cli.add_command(db)
cli.add_command(run)
sources.add_command(import_command)
sources.add_command(export_command)
cli.add_command(sources)
cli.add_command(ingest)
cli.add_command(status)
for command in (analyze, process, prune, stories, digest, who, when, demo, worker):
    cli.add_command(command)

__all__ = ["cli", "main"]
