"""Membership in a list of ids, written so PostgreSQL parses and plans it once.

``column IN (:id_1, :id_2, ...)`` makes a new statement text for every length of the list: with
the 1,500 article ids of /who's recent stories, psycopg re-parses a 47 KB statement on every
call (its statement cache keeps only short ones) and the server plans it afresh. ``column =
ANY(:ids)`` binds the whole list as one array, so the text never changes. SQLite has no arrays
and compiles an IN list in C in microseconds: there it stays IN.

The ids may also be a query, asked in the same statement: ``= ANY(ARRAY(SELECT ...))`` on
PostgreSQL, which runs the query first and walks the column's index for each id, as two
statements would (``IN (SELECT ...)`` there becomes a join that scans the whole table);
``IN (SELECT ...)`` on SQLite, which does the same with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, BigInteger, ColumnElement, Select, any_, func, literal
from sqlalchemy.orm import Session

__all__ = ["one_of"]


def one_of(session: Session, column: Any, ids: Iterable[int] | Select[Any]) -> ColumnElement[bool]:
    """``column`` holds one of ``ids`` (integers, or a query of one integer column), as this
    session's database plans it best."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if isinstance(ids, Select):
        if postgres:
            return column == any_(func.array(ids.scalar_subquery(), type_=ARRAY(BigInteger)))
        return column.in_(ids)
    values = list(ids)
    if postgres:
        return column == any_(literal(values, ARRAY(BigInteger)))
    return column.in_(values)
