"""Real databases for tests: SQLite files, and PostgreSQL when configured; Alembic-migrated.

Set NEWSDIGEST_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run
every database test on PostgreSQL too; each test session creates and drops its own database there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.base import Base
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade

# The Bot API test server's fixture (botapi_server) for every test.
pytest_plugins = ["tests.support.botapi"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POSTGRES_URL = os.environ.get("NEWSDIGEST_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


def _create_pg_database(base_url: str) -> tuple[str, str]:
    """A fresh database beside the configured one, so runs never share state."""
    url = make_url(base_url)
    name = f"newsdigest_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(base_url: str, name: str) -> None:
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database URL, one per backend for the whole test session."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "newsdigest-test.db"
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("NEWSDIGEST_TEST_POSTGRES_URL is not set")
    url, name = _create_pg_database(POSTGRES_URL)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    _drop_pg_database(POSTGRES_URL, name)


@pytest.fixture(scope="session")
def db_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _wipe(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back after the test."""
    connection = db_engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def db_sessions(db_engine: Engine) -> Iterator[sessionmaker[Session]]:
    """A real sessionmaker whose commits are visible to other connections; wiped afterwards."""
    _wipe(db_engine)
    yield make_sessionmaker(db_engine)
    _wipe(db_engine)
