"""Shared fixtures: offscreen Qt, throwaway databases (SQLite and PostgreSQL), actors.

Service tests take the ``db`` fixture, parametrised over both databases. PostgreSQL comes
from ``GRIDCOUNTER_TEST_PG_URL`` or from a throwaway cluster started here; under
``CI=true`` an unavailable PostgreSQL fails the run instead of skipping.

An initialised database (migrated, node 3301, users admin/clerk1/clerk2/super1) is built once
per run as a template, and each test that takes ``db`` / ``sqlite_db`` (or calls ``_setup``)
gets its own copy of it: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.
Migrating, loading the tariff catalogue and hashing four passwords was most of a service
test's time. Tests of migrations, first start or an empty database take ``db_url`` /
``sqlite_url`` / ``pg_url`` without ``db``: those stay empty.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before anything imports Qt: no display in CI, and qt-material writes icons under $HOME.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_TMP_HOME = tempfile.mkdtemp(prefix="gridcounter-test-home-")
os.environ["GRIDCOUNTER_DATA_DIR"] = str(Path(_TMP_HOME) / "data")
os.environ["GRIDCOUNTER_CONFIG_DIR"] = str(Path(_TMP_HOME) / "config")
os.environ["GRIDCOUNTER_LOG_DIR"] = str(Path(_TMP_HOME) / "log")
os.environ["GRIDCOUNTER_QT_MATERIAL_DIR"] = str(Path(_TMP_HOME) / "qt-material")

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.config import Settings  # noqa: E402
from app.dto.common import Actor  # noqa: E402
from app.services import auth  # noqa: E402
from app.services.setup import SetupInput, initialize, is_initialized, local_node, open_database  # noqa: E402
from db.engine import Database, create_private_sqlite_file  # noqa: E402
from tests.pgcluster import PgUnavailable, create_database, start_cluster  # noqa: E402

ADMIN_PASSWORD = "Admin2026"
CLERK_PASSWORD = "Clerk2026"
SUPERVISOR_PASSWORD = "Super2026"

# Real argon2id, cheaper parameters: the suite checks behaviour, not hashing cost.
auth.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A PostgreSQL server for the whole run: an env URL, or a throwaway cluster."""
    url = os.environ.get("GRIDCOUNTER_TEST_PG_URL")
    if url:
        external = _ExternalPg(url)
        with _serving(external):
            yield external
        return
    try:
        cluster = start_cluster()
    except (PgUnavailable, OSError) as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is required in CI but could not be started: {exc}")
        pytest.skip(f"PostgreSQL not available here ({exc}); set GRIDCOUNTER_TEST_PG_URL to run these tests")
    with _serving(cluster):
        yield cluster
    cluster.stop()


class _ExternalPg:
    """GRIDCOUNTER_TEST_PG_URL: each test database is created beside the given one."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.base = make_url(url)

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        u = self.base
        return psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username,
                               password=u.password, dbname=u.database or "postgres", autocommit=True)

    @property
    def port(self) -> int:
        return self.base.port or 5432

    def create_database(self, name: str, template: str | None = None) -> str:
        with self._admin() as c:
            create_database(c, name, template)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def close_template(self, name: str) -> None:
        with self._admin() as c:
            c.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')

    def drop_database(self, name: str) -> None:
        with self._admin() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fresh_url(request: pytest.FixtureRequest, kind: str, tmp_path: Path, initialised: bool = False) -> Iterator[str]:
    """A new database of its own for the test: empty, or (``initialised``) a copy of the template."""
    if kind == "sqlite":
        path = tmp_path / "test.db"
        if initialised:
            _copy_sqlite_template(path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg_server")
    name = "t_" + uuid.uuid4().hex[:12]
    url = server.create_database(name, _pg_template(server) if initialised else None)  # type: ignore[attr-defined]
    yield url
    server.drop_database(name)  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL, once for SQLite and once for PostgreSQL: empty, unless the test takes
    ``db`` (the same database, initialised: then it is a copy of the template)."""
    yield from _fresh_url(request, request.param, tmp_path, initialised="db" in request.fixturenames)


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Empty, unless the test takes ``sqlite_db`` (see ``db_url``)."""
    yield from _fresh_url(request, "sqlite", tmp_path, initialised="sqlite_db" in request.fixturenames)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_url(request, "postgresql", tmp_path)


@pytest.fixture(autouse=True)
def _no_leftover_drafts() -> Iterator[None]:
    """Form drafts live in the (per-process) data folder (ui/drafts.py): a form one test left
    filled in must not be offered back at the next test's log-in."""
    import shutil

    shutil.rmtree(Path(os.environ["GRIDCOUNTER_DATA_DIR"]) / "drafts", ignore_errors=True)
    yield


@pytest.fixture(autouse=True)
def _fresh_approval_throttle() -> Iterator[None]:
    """The approval dialog's throttle is per process: one test's wrong passwords must not
    refuse the next test's approvals."""
    auth.reset_approval_throttle()
    yield
    auth.reset_approval_throttle()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(db_url=db_url)


def _initialise(db: Database, settings: Settings) -> None:
    """First start on a migrated, empty database: node 3301, its admin, two clerks, a supervisor."""
    initialize(db, SetupInput("3301", "城东营业厅", "国网杭州供电公司", "admin", "系统管理员",
                              ADMIN_PASSWORD, ADMIN_PASSWORD))
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    auth.create_user(db, admin, auth.UserInput("clerk1", "王小丽", "1001", "clerk", CLERK_PASSWORD))
    auth.create_user(db, admin, auth.UserInput("clerk2", "李明", "1002", "clerk", CLERK_PASSWORD))
    auth.create_user(db, admin, auth.UserInput("super1", "赵班长", "2001", "supervisor", SUPERVISOR_PASSWORD))


def _open_initialised(url: str) -> tuple[Database, Settings]:
    """Open (migrate to head) the database at ``url`` and initialise it unless it is already,
    as a copy of the template is."""
    settings = Settings(db_url=url)
    db = open_database(settings)
    if not is_initialized(db):
        _initialise(db, settings)
    return db, settings


def _setup(url: str) -> tuple[Database, Settings]:
    """An initialised database at ``url``, which names a new, empty database (a SQLite file not
    yet written, a PostgreSQL database just created): it becomes a copy of the run's template.
    Anything else (e.g. a database given ``ALTER DATABASE … SET`` first, which a copy would lose)
    is migrated and initialised in place, as before templates."""
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        if make_url(url).database and _sqlite_is_new(path):
            _copy_sqlite_template(path)
    else:
        server = _PG_SERVERS.get(make_url(url).port or 5432)
        name = make_url(url).database
        if server is not None and name and _pg_is_new(url):
            server.drop_database(name)  # type: ignore[attr-defined]
            server.create_database(name, _pg_template(server))  # type: ignore[attr-defined]
    return _open_initialised(url)


# ---- the template: built once per run, copied per test --------------------------------------

_SQLITE_TEMPLATE: list[Path] = []
_PG_TEMPLATES: dict[int, str] = {}  # id(server) -> template database
_PG_SERVERS: dict[int, object] = {}  # port -> the run's PostgreSQL server, for _setup(url)


def _build_template(url: str) -> None:
    db = open_database(Settings(db_url=url))
    try:
        _initialise(db, Settings(db_url=url))
    finally:
        db.dispose()  # no connection stays open on a template


def _sqlite_template() -> Path:
    if not _SQLITE_TEMPLATE:
        path = Path(_TMP_HOME) / "templates" / "initialised.db"
        _build_template(f"sqlite:///{path}")
        # Every engine connection is closed; fold the WAL into the main file, so that the file
        # alone is the whole database and a byte copy of it is consistent.
        with contextlib.closing(sqlite3.connect(path)) as conn:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            assert busy == 0, "the SQLite template is still in use"
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the SQLite template kept a WAL"
        _SQLITE_TEMPLATE.append(path)
    return _SQLITE_TEMPLATE[0]


def _sqlite_is_new(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return (not path.exists() or path.stat().st_size == 0) and not wal.exists()


def _copy_sqlite_template(path: Path) -> None:
    """Make ``path`` (new) a copy of the template, with the app's private file mode (0600)."""
    assert _sqlite_is_new(path), f"{path} is not a new database"
    create_private_sqlite_file(path)
    shutil.copyfile(_sqlite_template(), path)  # into the file just made: its mode stays


def _pg_template(server: object) -> str:
    """The server's template database (built on first use), closed to connections."""
    name = _PG_TEMPLATES.get(id(server))
    if name is None:
        name = "t_template_" + uuid.uuid4().hex[:8]
        _build_template(server.create_database(name))  # type: ignore[attr-defined]
        # CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: none may
        # (autovacuum does not connect to such a database either, short of a wraparound vacuum).
        server.close_template(name)  # type: ignore[attr-defined]
        _PG_TEMPLATES[id(server)] = name
    return name


@contextlib.contextmanager
def _serving(server: object) -> Iterator[None]:
    """Register the run's server for ``_setup``; drop its template at the end."""
    _PG_SERVERS[server.port] = server  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _PG_SERVERS.pop(server.port, None)  # type: ignore[attr-defined]
        name = _PG_TEMPLATES.pop(id(server), None)
        if name:
            server.drop_database(name)  # type: ignore[attr-defined]


def _pg_is_new(url: str) -> bool:
    """Is the PostgreSQL database at ``url`` as CREATE DATABASE left it: no schema or relation
    of its own, no per-database setting (``ALTER DATABASE … SET``), no grants on it? Only then
    may it be replaced by a copy of the template: a copy would not carry such settings."""
    import psycopg

    u = make_url(url)
    with psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username, password=u.password,
                         dbname=u.database) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%')"
            "     + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema')"
            "        AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%')"
            "     + (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
            "        WHERE d.datname = current_database())"
            "     + (SELECT count(*) FROM pg_database WHERE datname = current_database() AND datacl IS NOT NULL)"
        ).fetchone()
    return row is not None and row[0] == 0


def set_hall_rules(db: Database, **values: object) -> None:
    """Change the hall rules of the database's node as its admin (typed values or text)."""
    from app.services import hall_rules

    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    hall_rules.change_hall_rules(db, admin, hall_rules.get_rules(db, admin).version, values)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """A migrated, initialised database (node 3301, users admin/clerk1/clerk2/super1): a copy of
    the run's template (``db_url`` made it, seeing this fixture among the test's)."""
    database, _ = _open_initialised(settings.db_url)
    yield database
    database.dispose()


@pytest.fixture
def admin(db: Database, settings: Settings) -> Actor:
    return auth.login(db, "admin", ADMIN_PASSWORD)


@pytest.fixture
def clerk(db: Database, settings: Settings) -> Actor:
    return auth.login(db, "clerk1", CLERK_PASSWORD)


@pytest.fixture
def clerk2(db: Database, settings: Settings) -> Actor:
    return auth.login(db, "clerk2", CLERK_PASSWORD)


@pytest.fixture
def supervisor(db: Database, settings: Settings) -> Actor:
    return auth.login(db, "super1", SUPERVISOR_PASSWORD)


def valid_resident_id(n: int) -> str:
    """A distinct, valid 18-digit 居民身份证号 for each ``n`` (Hangzhou, born from 1970 on)."""
    import datetime as dt

    from app.domain.ids import make_resident_id

    return make_resident_id("330106", dt.date(1970, 1, 1) + dt.timedelta(days=n // 1000),
                            f"{n % 1000:03d}")


@pytest.fixture
def customer_form():  # type: ignore[no-untyped-def]
    """Build a valid residential CustomerInput; each call gets its own ID number and phone.

    ``customer_form(name="张三", phone="13812345678")`` overrides any field.
    """
    import dataclasses
    import itertools

    from app.services.customers import CustomerInput

    counter = itertools.count(1)

    def build(**overrides):  # type: ignore[no-untyped-def]
        n = next(counter)
        base = CustomerInput(
            party_type="individual", kind="residential", name="张三", id_type="ric",
            id_number=valid_resident_id(n), area="urban", voltage_level="220V", capacity_kva="8",
            phone=f"139{n:08d}", supply_address="浙江省杭州市西湖区文三路123号",
        )
        return dataclasses.replace(base, **overrides)

    return build


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[tuple[Database, Settings]]:
    """SQLite only (UI tests): an initialised database and its settings (a copy of the template)."""
    database, settings = _open_initialised(sqlite_url)
    yield database, settings
    database.dispose()


__all__ = ["local_node", "set_hall_rules"]


# ---- the reliability scenarios' figures (tests/reliability) -----------------------------------
# Each scenario records a ``reliability: …`` line as a test property; they are repeated in a
# summary section so counts and times show without ``-s``. Here, not in tests/reliability: under
# pytest-xdist the workers' reports reach the controller, which loads only this conftest.
_RELIABILITY_LINES: list[str] = []


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call":
        _RELIABILITY_LINES.extend(value for name, value in report.user_properties if name == "reliability")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _RELIABILITY_LINES:
        terminalreporter.section("reliability (issue 7)")
        for line in _RELIABILITY_LINES:
            terminalreporter.write_line(line)
