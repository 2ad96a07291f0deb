"""``newsdigest db``: the schema."""

from __future__ import annotations

import click

from bot.cli.base import get_container
from storage.migrate import current_revision, head_revision, upgrade

__all__ = ["db"]


@click.group()
def db() -> None:
    """Database schema commands (Alembic migrations)."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Create or upgrade the schema to the newest migration.

    The bot, the worker and the commands that write (sources, ingest, process, demo) also do
    this on start; the commands that only read (who, when, stories, digest, status) do not, and
    ask for it. Run it by hand after an upgrade of NewsDigest, before the bot is restarted.
    """
    container = get_container(ctx)
    container.connect(create=True)
    before = current_revision(container.engine)
    upgrade(container.engine)
    after = current_revision(container.engine)
    if before == after:
        click.echo(f"database is up to date (revision {after})")
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {after}")


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Print the database's revision and the newest one this version knows."""
    container = get_container(ctx)
    container.connect(create=False)
    current = current_revision(container.engine)
    click.echo(f"database: {current or 'empty'}; code: {head_revision()}")
