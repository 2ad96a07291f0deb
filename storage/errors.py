"""Errors raised by storage.

StorageError
 ├── DatabaseUnavailable   the database cannot be reached or opened
 ├── MigrationError        the schema could not be brought up to date
 ├── SchemaNotCurrent      a read-only caller found the schema older (or newer) than the code
 └── AlreadyExists         a row with the same unique key is already stored
"""

from __future__ import annotations

__all__ = [
    "AlreadyExists",
    "DatabaseUnavailable",
    "MigrationError",
    "SchemaNotCurrent",
    "StorageError",
]


class StorageError(Exception):
    """Base of every error storage raises."""


class DatabaseUnavailable(StorageError):
    """The database URL is valid but nothing usable answers there."""


class MigrationError(StorageError):
    """Alembic could not upgrade or downgrade the schema."""


class SchemaNotCurrent(StorageError):
    """The database is not at the revision this code reads; readers never migrate it."""


class AlreadyExists(StorageError):
    """The row being added duplicates a stored one (e.g. a source with the same location)."""
