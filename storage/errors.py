"""Errors raised by storage.

StorageError
 ├── DatabaseUnavailable   the database cannot be reached or opened
 ├── MigrationError        the schema could not be brought up to date
 └── AlreadyExists         a row with the same unique key is already stored
"""

from __future__ import annotations

__all__ = ["AlreadyExists", "DatabaseUnavailable", "MigrationError", "StorageError"]


class StorageError(Exception):
    """Base of every error storage raises."""


class DatabaseUnavailable(StorageError):
    """The database URL is valid but nothing usable answers there."""


class MigrationError(StorageError):
    """Alembic could not upgrade or downgrade the schema."""


class AlreadyExists(StorageError):
    """The row being added duplicates a stored one (e.g. a source with the same location)."""
