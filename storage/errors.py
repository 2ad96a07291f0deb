"""Errors raised by storage.

StorageError
 ├── DatabaseUnavailable   the database cannot be reached or opened
 └── MigrationError        the schema could not be brought up to date
"""

from __future__ import annotations

__all__ = ["DatabaseUnavailable", "MigrationError", "StorageError"]


class StorageError(Exception):
    """Base of every error storage raises."""


class DatabaseUnavailable(StorageError):
    """The database URL is valid but nothing usable answers there."""


class MigrationError(StorageError):
    """Alembic could not upgrade or downgrade the schema."""
