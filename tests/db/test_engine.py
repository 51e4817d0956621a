"""Engine and units of work (db/engine.py), docs/rules.md#all-or-nothing: WAL + synchronous=FULL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, select, text

from db.engine import Database
from db.migrate import upgrade_to_head
from db.models import AppMeta

SQLITE_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    d = Database(db_url)
    upgrade_to_head(d.engine)
    yield d
    d.dispose()


def _pragmas(conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in SQLITE_PRAGMAS}


def test_sqlite_pragmas_hold_on_every_pooled_connection(sqlite_url):
    db = Database(sqlite_url)
    try:
        conns = [db.engine.connect() for _ in range(4)]  # four distinct DBAPI connections
        try:
            assert len({id(c.connection.dbapi_connection) for c in conns}) == 4
            for c in conns:
                assert _pragmas(c) == SQLITE_PRAGMAS
        finally:
            for c in conns:
                c.close()
        db.engine.dispose()  # fresh connections after a pool reset get them too
        with db.engine.connect() as c:
            assert _pragmas(c) == SQLITE_PRAGMAS
    finally:
        db.dispose()


def test_sqlite_pragmas_hold_in_units_of_work_on_other_threads(sqlite_url):
    db = Database(sqlite_url)
    seen: list[dict[str, object]] = []

    def work() -> None:
        with db.write() as s:
            seen.append(_pragmas(s.connection()))
        with db.read() as s:
            seen.append(_pragmas(s.connection()))

    try:
        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert seen == [SQLITE_PRAGMAS] * 6
    finally:
        db.dispose()


def test_sqlite_writes_take_the_lock_up_front_and_reads_do_not(sqlite_url):
    db = Database(sqlite_url)
    statements: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    try:
        with db.write() as s:
            s.execute(text("SELECT 1"))
        with db.read() as s:
            s.execute(text("SELECT 1"))
        assert statements[0] == "BEGIN IMMEDIATE" and statements[1] == "BEGIN DEFERRED"
    finally:
        db.dispose()


def test_write_commits_on_success(database):
    with database.write() as s:
        s.add(AppMeta(key="k", value="v"))
    with database.read() as s:
        assert s.get(AppMeta, "k").value == "v"


def test_write_rolls_back_everything_on_an_exception(database):
    with database.read() as s:
        before = set(s.scalars(select(AppMeta.key)).all())  # what the migrations put there
    with database.write() as s:
        s.add(AppMeta(key="kept", value="1"))
    with pytest.raises(RuntimeError), database.write() as s:
        s.add(AppMeta(key="a", value="1"))
        s.flush()  # the row is in the database, inside the transaction
        s.execute(text("UPDATE app_meta SET value = '2' WHERE key = 'kept'"))
        s.add(AppMeta(key="b", value="2"))
        raise RuntimeError("crash mid-way")
    with database.read() as s:
        assert set(s.scalars(select(AppMeta.key)).all()) - before == {"kept"}
        assert s.get(AppMeta, "kept").value == "1"


def test_write_rolls_back_on_a_database_error(database):
    from sqlalchemy.exc import IntegrityError

    with database.write() as s:
        s.add(AppMeta(key="dup", value="1"))
    with pytest.raises(IntegrityError), database.write() as s:
        s.add(AppMeta(key="new", value="1"))
        s.flush()
        s.add(AppMeta(key="dup", value="2"))
        s.flush()
    with database.read() as s:
        assert s.get(AppMeta, "new") is None


def test_foreign_keys_are_enforced(database):
    from sqlalchemy.exc import IntegrityError

    from db.models import User

    with pytest.raises(IntegrityError), database.write() as s:
        import uuid

        s.add(User(username="orphan", display_name="x", role="clerk", password_hash="x", node_id=uuid.uuid4()))


def test_read_unit_of_work_sees_committed_data_only(database):
    started, release = threading.Event(), threading.Event()

    def writer() -> None:
        with database.write() as s:
            s.add(AppMeta(key="pending", value="1"))
            s.flush()
            started.set()
            release.wait(10)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert started.wait(10)
        with database.read() as s:
            assert s.get(AppMeta, "pending") is None
    finally:
        release.set()
        t.join(10)
    with database.read() as s:
        assert s.get(AppMeta, "pending") is not None


def test_display_url_hides_the_password():
    db = Database("postgresql+psycopg://gc:s3cret@hall-server:5432/gridcounter")
    try:
        assert "s3cret" not in db.display_url and "hall-server" in db.display_url
        assert not db.is_sqlite and db.dialect == "postgresql"
    finally:
        db.dispose()


def test_sqlite_file_parent_directories_are_created(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a' / 'b' / 'gc.db'}")
    try:
        with db.read() as s:
            s.execute(text("SELECT 1"))
        assert (tmp_path / "a" / "b" / "gc.db").exists() and db.is_sqlite
    finally:
        db.dispose()
