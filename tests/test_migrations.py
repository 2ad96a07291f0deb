"""Migrations are the only source of the schema: they must match the models and round-trip."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

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


def test_0013_keys_names_of_other_scripts_by_their_transliteration(db_engine: Engine) -> None:
    """Keys written by the older normalisation ("блінкен", "wałęsa") become ASCII; two aliases of
    one person that meet are one; a key another person holds already is left alone."""
    downgrade(db_engine, "0010")
    people = [(1, "Antony Blinken", "antony blinken"), (2, "Lech Wałęsa", "lech wałęsa")]
    people.append((3, "Lech Walesa", "lech walesa"))
    aliases = [
        (1, 1, "Антоні Блінкен", "антоні блінкен"),
        (2, 1, "Блінкен", "блінкен"),
        (3, 1, "Blinken", "blinken"),
        (4, 2, "Lech Wałęsa", "lech wałęsa"),
        (5, 2, "Wałęsa", "wałęsa"),
        (6, 2, "Walesa", "walesa"),
        (7, 3, "Lech Walesa", "lech walesa"),
    ]
    with db_engine.begin() as conn:
        for person_id, name, key in people:
            conn.execute(
                text("INSERT INTO people (id, name, key, created_at) VALUES (:i, :n, :k, :t)"),
                {"i": person_id, "n": name, "k": key, "t": "2024-05-29 00:00:00"},
            )
        for alias_id, person_id, alias, key in aliases:
            conn.execute(
                text(
                    "INSERT INTO person_aliases (id, person_id, alias, key) VALUES (:i, :p, :a, :k)"
                ),
                {"i": alias_id, "p": person_id, "a": alias, "k": key},
            )
    upgrade(db_engine)
    with db_engine.connect() as conn:
        keys = {i: k for i, k in conn.execute(text("SELECT id, key FROM person_aliases"))}
        person_keys = {i: k for i, k in conn.execute(text("SELECT id, key FROM people"))}
    # "Блінкен" and "Blinken" of person 1 now share a key: one alias row is left, as for Wałęsa.
    assert keys == {
        1: "antoni blinken",
        3: "blinken",
        4: "lech walesa",
        6: "walesa",
        7: "lech walesa",
    }
    # Lech Walesa (3) holds "lech walesa" already: person 2 keeps its key (found by its aliases).
    assert person_keys == {1: "antony blinken", 2: "lech wałęsa", 3: "lech walesa"}
