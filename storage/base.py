"""Declarative base with a naming convention, so constraint names match on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

__all__ = ["Base", "BoundedString", "CleanText", "UTCDateTime", "storable", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# What no database stores: NUL (PostgreSQL refuses it in text) and lone surrogate halves (no
# UTF-8 encoder writes them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str, length: int | None = None) -> str:
    """``value`` without NUL and lone surrogates, cut to ``length`` characters when given."""
    if _UNSTORABLE.search(value):
        value = _UNSTORABLE.sub("", value)
    return value[:length] if length is not None and len(value) > length else value


class BoundedString(TypeDecorator[str]):
    """A VARCHAR that takes any string: cleaned (``storable``) and cut to its length.

    PostgreSQL refuses a value longer than its column, SQLite keeps it; either way one feed's
    5,000-character title must cost its tail, never the poll or the import that stores it.
    Identity columns are checked for length before they get here (a cut URL is another URL).
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return storable(value, getattr(self.impl, "length", None))


class CleanText(TypeDecorator[str]):
    """TEXT that takes any string, cleaned by ``storable``."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else storable(value)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zone type and hands back naive values; storing UTC and
    re-attaching it keeps comparisons in Python honest.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
