"""Alembic migrations (db/migrations) on SQLite and PostgreSQL: the only schema path.

Every schema change is a migration: upgrade from empty to head on both databases, and autogenerate
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


def test_duplicate_employee_nos_stop_the_upgrade_with_a_clear_message(database):  # type: ignore[no-untyped-def]
    """0006 makes 工号 unique: a database where two users share one is refused before anything
    changes, naming the 工号 and the users, not with the database's raw UNIQUE error."""
    import datetime as dt
    import uuid

    from sqlalchemy import text

    engine = database.engine
    _run(engine, command.upgrade, "0005")

    def filler(table: str, given: dict[str, object]) -> dict[str, object]:
        values: dict[str, object] = {}
        for col in inspect(engine).get_columns(table):
            name, kind = col["name"], str(col["type"]).upper()
            if name in given:
                values[name] = given[name]
            elif col["nullable"] or col.get("default") is not None:
                continue
            elif "INT" in kind or "BOOL" in kind or "NUMERIC" in kind:
                values[name] = False if "BOOL" in kind else 0
            elif "DATE" in kind or "TIME" in kind:
                values[name] = dt.datetime(2026, 1, 1)
            elif "UUID" in kind or "CHAR(32)" in kind:
                values[name] = uuid.uuid4()
            else:
                values[name] = "x"
        return values

    node_id = uuid.uuid4()
    with engine.begin() as conn:
        for table, given in [
            ("node", {"id": node_id, "code": "3301", "name": "营业厅"}),
            (
                "app_user",
                {"node_id": node_id, "username": "clerk1", "display_name": "张三", "employee_no": "1001"},
            ),
            (
                "app_user",
                {"node_id": node_id, "username": "clerk2", "display_name": "李四", "employee_no": "1001"},
            ),
            (
                "app_user",
                {"node_id": node_id, "username": "super1", "display_name": "王五", "employee_no": "2001"},
            ),
        ]:
            values = {
                k: (v.hex if engine.dialect.name == "sqlite" else str(v)) if isinstance(v, uuid.UUID) else v
                for k, v in filler(table, given).items()
            }
            conn.execute(
                text(
                    f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"
                ),
                values,
            )
    with pytest.raises(RuntimeError) as exc:
        _run(engine, command.upgrade, "head")
    message = str(exc.value)
    assert "1 个工号被多个用户共用" in message
    assert "工号1001：张三（clerk1）、李四（clerk2）" in message and "2001" not in message
    assert current_revision(engine) == "0005"
