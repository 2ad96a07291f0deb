"""Persistence for NewsDigest: SQLAlchemy models, Alembic migrations and query functions.

Knows nothing of Telegram, HTTP or NLP. Query functions take a Session first and never commit.
"""
