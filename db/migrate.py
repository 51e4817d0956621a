"""Schema management: Alembic upgrade to head on start, and a cheap "already at head?" check.

Loading Alembic's script directory costs ~100 ms, so the start-up path first compares the
stored revision with the head revision read from the versions folder's file names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from resources.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = migrations_dir()
_REV = re.compile(r"^revision\s*=\s*['\"]([0-9a-z_]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]?([0-9a-z_]+|None)['\"]?", re.M)
#: pg_advisory_xact_lock key shared by every GridCounter client migrating one database.
_PG_MIGRATION_LOCK = 0x47726964  # "Grid"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config  # imported only when a migration really runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        # ConfigParser interpolates '%': a password with '@' or '!' is URL-encoded to %40 / %21
        # and would be refused ("invalid interpolation syntax", the whole URL in the message)
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The single head, from the version files (a linear history is a project rule)."""
    revs: dict[str, str] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        body = path.read_text(encoding="utf-8")
        rev, down = _REV.search(body), _DOWN.search(body)
        if rev and down:
            revs[rev.group(1)] = down.group(1)
    heads = set(revs) - set(revs.values())
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class MigrationNotAllowed(RuntimeError):
    """The schema is behind and the connected PostgreSQL role may not change it: the counters'
    role (shared mode) never migrates; the owner does, with ``init-db`` (docs/security.md)."""

    def __init__(self, current: str | None, head: str, role: str) -> None:
        super().__init__(f"schema at {current or 'empty'}, program needs {head}; role {role} cannot migrate")
        self.current = current
        self.head = head
        self.role = role


def _may_migrate(conn: Connection) -> tuple[bool, str]:
    """(may the connected PostgreSQL role migrate this schema, its name): it must own the
    schema's tables (be, or be a member of, alembic_version's owner), or create tables in an
    empty schema."""
    row = conn.execute(
        text(
            "SELECT current_user, CASE WHEN t.tableowner IS NULL "
            "THEN has_schema_privilege(current_schema(), 'CREATE') "
            "ELSE pg_has_role(current_user, t.tableowner, 'MEMBER') END "
            "FROM (SELECT 1) AS one LEFT JOIN pg_tables t "
            "ON t.schemaname = current_schema() AND t.tablename = 'alembic_version'"
        )
    ).one()
    return bool(row[1]), str(row[0])


def upgrade_to_head(engine: Engine, role: str | None = None) -> bool:
    """Bring the schema to head. Returns True when a migration ran (in this process).

    ``role`` (PostgreSQL): run the migration as that role (SET LOCAL ROLE), so the owner owns
    what it creates. Raises :class:`MigrationNotAllowed` when the schema is behind and the
    connected role may not migrate it (the counters' role)."""
    head = head_revision()
    if current_revision(engine) == head:
        return False
    cfg = alembic_config(engine)
    with migration_connection(engine) as conn:
        return _upgrade(conn, cfg, head, role)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for Alembic (upgrade or downgrade), committed at the end.

    Batch migrations rebuild a SQLite table (copy, DROP, rename): with foreign keys enforced,
    the DROP of a table other rows refer to fails (app_user, customer …). SQLite's own recipe:
    switch enforcement off outside the transaction (on the raw connection, before SQLAlchemy
    begins one), and check with ``foreign_key_check`` before committing."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("migration left rows whose foreign keys point nowhere; rolled back")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _upgrade(conn: Connection, cfg: Config, head: str, role: str | None) -> bool:
    """Run the migrations on ``conn`` inside its transaction; False when another client did."""
    from alembic import command

    if conn.dialect.name == "postgresql":
        if role:
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
                raise ValueError(f"bad role name {role!r}")
            conn.execute(text(f'SET LOCAL ROLE "{role}"'))
        allowed, who = _may_migrate(conn)
        if not allowed:
            raise MigrationNotAllowed(_revision(conn), head, who)
        # The counters of a hall start together after an upgrade: without this lock they all
        # run the same DDL at once and all but one die on duplicate types and tables. The lock
        # is held until this transaction (DDL included) commits; the waiters then see head.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        if _revision(conn) == head:
            return False
    log.info("migrating %s to %s", conn.engine.url.render_as_string(hide_password=True), head)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    return True
