"""Alembic migrations (db/migrations) on SQLite and PostgreSQL: the only schema path.

ARCHITECTURE.md "Tests": upgrade from empty to head on both databases, and autogenerate
finds no drift between the models and the migrated schema.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from db.engine import Database
from db.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from db.models import Base


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    d = Database(db_url)
    yield d
    d.dispose()


def _drift(engine) -> list[object]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(ctx, Base.metadata)


def _run(engine, fn, *args) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, *args)


def _tables(engine) -> set[str]:  # type: ignore[no-untyped-def]
    return set(inspect(engine).get_table_names())


def test_head_revision_matches_the_script_directory():
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]


def test_upgrade_from_empty_to_head(database):
    assert current_revision(database.engine) is None
    assert upgrade_to_head(database.engine) is True
    assert current_revision(database.engine) == head_revision()
    assert _tables(database.engine) >= set(Base.metadata.tables) | {"alembic_version"}


def test_models_and_migrations_do_not_drift(database):
    upgrade_to_head(database.engine)
    assert _drift(database.engine) == []


def test_upgrade_to_head_is_a_no_op_the_second_time(database):
    assert upgrade_to_head(database.engine) is True
    assert upgrade_to_head(database.engine) is False
    assert current_revision(database.engine) == head_revision()


def test_downgrade_to_base_and_upgrade_again(database):
    upgrade_to_head(database.engine)
    _run(database.engine, command.downgrade, "base")
    assert current_revision(database.engine) is None
    assert _tables(database.engine) <= {"alembic_version"}
    assert upgrade_to_head(database.engine) is True
    assert _drift(database.engine) == []


@pytest.mark.pg
def test_search_keys_sort_by_code_point_on_postgresql(pg_url):
    """Range scans rely on byte order: PostgreSQL's search key column uses the "C" collation."""
    database = Database(pg_url)
    try:
        upgrade_to_head(database.engine)
        columns = {c["name"]: c for c in inspect(database.engine).get_columns("customer_search_key")}
        assert columns["key"]["type"].collation == "C"
    finally:
        database.dispose()


def test_counters_starting_together_on_an_empty_postgresql_database_all_come_up(pg_url):
    """A hall's counters start at once after an upgrade: one migrates, the others wait and go on."""
    import threading

    barrier = threading.Barrier(4)
    results: list[object] = []

    def start() -> None:
        d = Database(pg_url)
        try:
            barrier.wait()
            results.append(upgrade_to_head(d.engine))
        except Exception as exc:  # collected, so the assertion shows what a counter would have seen
            results.append(exc)
        finally:
            d.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(map(repr, results)) == ["False", "False", "False", "True"], results
    d = Database(pg_url)
    try:
        assert current_revision(d.engine) == head_revision()
    finally:
        d.dispose()
