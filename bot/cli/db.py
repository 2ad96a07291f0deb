"""``newsdigest db``: the schema."""

from __future__ import annotations

import click

from bot.cli.base import get_settings
from storage.engine import check_connection, make_engine
from storage.migrate import current_revision, head_revision, upgrade

__all__ = ["db"]


@click.group()
def db() -> None:
    """Database schema commands (Alembic migrations)."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Create or upgrade the schema to the newest migration.

    The CLI and the bot also do this on start; run it by hand after an upgrade of NewsDigest
    to migrate before the bot is restarted.
    """
    engine = make_engine(get_settings(ctx).database_url)
    try:
        check_connection(engine)
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before == after:
        click.echo(f"database is up to date (revision {after})")
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {after}")


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Print the database's revision and the newest one this version knows."""
    engine = make_engine(get_settings(ctx).database_url)
    try:
        check_connection(engine)
        click.echo(f"database: {current_revision(engine) or 'empty'}; code: {head_revision()}")
    finally:
        engine.dispose()
