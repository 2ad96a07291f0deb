"""INSERT ... ON CONFLICT DO NOTHING on both backends: unique constraints make writes idempotent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.base import Base

__all__ = ["insert_ignore", "is_postgresql"]


def is_postgresql(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (row locks with SKIP LOCKED are available)."""
    return session.get_bind().dialect.name == "postgresql"


def insert_ignore(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """Insert one row unless a unique constraint already holds it; True when a row was added."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two supported backends reach here
        raise NotImplementedError(f"unsupported database dialect {dialect!r}")
    # RETURNING, not rowcount: drivers report -1 for some INSERTs, which would read as "added".
    key = inspect(model).primary_key[0]
    return session.execute(stmt.returning(key)).first() is not None
