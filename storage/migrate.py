"""Alembic, driven from code so the CLI, the bot and the tests share one way to migrate."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from storage.errors import DatabaseUnavailable, MigrationError, SchemaNotCurrent

__all__ = ["current_revision", "downgrade", "head_revision", "require_current", "upgrade"]

UPGRADE_HINT = "run `newsdigest db upgrade`"

_MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; safe to call on every start."""
    try:
        command.upgrade(_config(engine), revision)
    except DBAPIError as exc:
        raise DatabaseUnavailable(f"cannot migrate database: {exc.orig}") from exc
    except Exception as exc:
        raise MigrationError(f"migration to {revision} failed: {exc}") from exc


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` ("base" for empty)."""
    try:
        command.downgrade(_config(engine), revision)
    except Exception as exc:
        raise MigrationError(f"downgrade to {revision} failed: {exc}") from exc


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty one."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def require_current(engine: Engine) -> None:
    """Raise SchemaNotCurrent unless the database is at the newest revision: the check of
    callers that only read, and so never migrate."""
    try:
        current = current_revision(engine)
    except DBAPIError as exc:
        raise DatabaseUnavailable(f"cannot read the schema revision: {exc.orig}") from exc
    head = head_revision()
    if current == head:
        return
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaNotCurrent(f"the database {where} is empty: {UPGRADE_HINT}")
    raise SchemaNotCurrent(
        f"the database {where} is at revision {current}, this version reads {head}: {UPGRADE_HINT}"
    )
