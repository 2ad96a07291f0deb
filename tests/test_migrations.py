"""Migrations are the only source of the schema: they must match the models and round-trip."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage.base import Base
from storage.migrate import current_revision, downgrade, head_revision, upgrade


def test_upgraded_schema_matches_the_models(db_engine: Engine) -> None:
    assert current_revision(db_engine) == head_revision()
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_and_upgrade_round_trip(db_engine: Engine) -> None:
    downgrade(db_engine, "base")
    assert current_revision(db_engine) is None
    assert set(inspect(db_engine).get_table_names()) <= {"alembic_version"}
    upgrade(db_engine)
    assert current_revision(db_engine) == head_revision()
    assert {"sources", "articles", "stories", "deliveries"} <= set(
        inspect(db_engine).get_table_names()
    )
