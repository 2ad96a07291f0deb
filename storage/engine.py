"""Engines and sessions from a plain URL; settings are read by the caller, never here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable

__all__ = ["check_connection", "make_engine", "make_sessionmaker", "transaction"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the bot read while a job writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_before_savepoint(connection: Connection, _name: str) -> None:
    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE; a SAVEPOINT after mere
    # SELECTs is then the outermost transaction and its RELEASE commits, so a later rollback
    # would keep the rows. Opening the transaction first makes the savepoint a nested one.
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        dbapi.execute("BEGIN")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` with SQLite tuned for one writer and many readers."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r}") from exc
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 10
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(
            f"no driver for {parsed.drivername!r} (use sqlite:/// or postgresql+psycopg://)"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _begin_before_savepoint)
    return engine


def check_connection(engine: Engine, *, create: bool = True) -> None:
    """Raise DatabaseUnavailable with a one-line reason when the database does not answer.

    Without ``create`` a SQLite file that does not exist yet is reported, not made.
    """
    url = engine.url
    if not create and url.get_backend_name() == "sqlite" and url.database not in (None, ""):
        path = Path(url.database)
        if url.database != ":memory:" and not path.exists():
            raise DatabaseUnavailable(
                f"no database at {path}: run `newsdigest db upgrade` (or `newsdigest demo`)"
            )
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"cannot reach database {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from exc


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so results can leave the transaction."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One short unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
