"""Shared fixtures: offscreen Qt, throwaway databases (SQLite and PostgreSQL), actors.

Service tests take the ``db`` fixture, parametrised over both databases. PostgreSQL comes
from ``GRIDCOUNTER_TEST_PG_URL`` or from a throwaway cluster started here; under
``CI=true`` an unavailable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: no display in CI, and qt-material writes icons under $HOME.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_TMP_HOME = tempfile.mkdtemp(prefix="gridcounter-test-home-")
os.environ["GRIDCOUNTER_DATA_DIR"] = str(Path(_TMP_HOME) / "data")
os.environ["GRIDCOUNTER_CONFIG_DIR"] = str(Path(_TMP_HOME) / "config")
os.environ["GRIDCOUNTER_LOG_DIR"] = str(Path(_TMP_HOME) / "log")
os.environ["GRIDCOUNTER_QT_MATERIAL_DIR"] = str(Path(_TMP_HOME) / "qt-material")

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402

from app.config import Settings  # noqa: E402
from app.dto.common import Actor  # noqa: E402
from app.services import auth  # noqa: E402
from app.services.setup import SetupInput, initialize, local_node, open_database  # noqa: E402
from db.engine import Database  # noqa: E402
from tests.pgcluster import PgUnavailable, start_cluster  # noqa: E402

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
        yield _ExternalPg(url)
        return
    try:
        cluster = start_cluster()
    except (PgUnavailable, OSError) as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is required in CI but could not be started: {exc}")
        pytest.skip(f"PostgreSQL not available here ({exc}); set GRIDCOUNTER_TEST_PG_URL to run these tests")
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

    def create_database(self, name: str) -> str:
        with self._admin() as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, name: str) -> None:
        with self._admin() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fresh_url(request: pytest.FixtureRequest, kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = "t_" + uuid.uuid4().hex[:12]
    url = server.create_database(name)  # type: ignore[attr-defined]
    yield url
    server.drop_database(name)  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once for SQLite and once for PostgreSQL."""
    yield from _fresh_url(request, request.param, tmp_path)


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_url(request, "sqlite", tmp_path)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_url(request, "postgresql", tmp_path)


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


def _setup(url: str) -> tuple[Database, Settings]:
    settings = Settings(db_url=url)
    db = open_database(settings)
    initialize(db, SetupInput("3301", "城东营业厅", "国网杭州供电公司", "admin", "系统管理员",
                              ADMIN_PASSWORD, ADMIN_PASSWORD))
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    auth.create_user(db, admin, auth.UserInput("clerk1", "王小丽", "1001", "clerk", CLERK_PASSWORD))
    auth.create_user(db, admin, auth.UserInput("clerk2", "李明", "1002", "clerk", CLERK_PASSWORD))
    auth.create_user(db, admin, auth.UserInput("super1", "赵班长", "2001", "supervisor", SUPERVISOR_PASSWORD))
    return db, settings


def set_hall_rules(db: Database, **values: object) -> None:
    """Change the hall rules of the database's node as its admin (typed values or text)."""
    from app.services import hall_rules

    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    hall_rules.change_hall_rules(db, admin, hall_rules.get_rules(db, admin).version, values)


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    """A migrated, initialised database (node 3301, users admin/clerk1/clerk2/super1)."""
    database, _ = _setup(settings.db_url)
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
    """SQLite only (UI tests): an initialised database and its settings."""
    database, settings = _setup(sqlite_url)
    yield database, settings
    database.dispose()


__all__ = ["local_node", "set_hall_rules"]
