"""Alembic, driven from code so the CLI, the bot and the tests share one way to migrate."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from storage.errors import DatabaseUnavailable, MigrationError

__all__ = ["current_revision", "downgrade", "head_revision", "upgrade"]

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
