"""PostgreSQL roles of shared mode (联网模式): an owner and the counters' role (issue 7 #9).

* The **owner** owns the schema: it runs the migrations (``init-db``) and nothing else.
* The **app role** is what every counter PC logs in as. It may read every table and change the
  working tables (customers, bills, sessions, counters …), but on the journal tables
  (:data:`db.models.JOURNAL_TABLES`: payments, tenders, allocations, operation log, print log)
  it may only SELECT and INSERT. It owns nothing and cannot create tables, so it cannot migrate.

Grants are the first wall; the append-only triggers of migration 0003 are the second, and they
hold for the owner too. docs/security.md tells the whole story.

Everything here is idempotent: ``init-db`` may run again after every upgrade (new tables get
their grants then).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from db.models import JOURNAL_TABLES, Base

_ROLE_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class RoleSetupError(RuntimeError):
    """The roles could not be set up (the message says why, in Chinese)."""


def check_role_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 63 or not set(name) <= _ROLE_NAME_CHARS or name[0].isdigit():
        raise RoleSetupError(f"角色名 {name!r} 无效：请用小写字母、数字和下划线，以字母开头")
    return name


def _literal(conn: Connection, value: str) -> str:
    """``value`` as an SQL string literal, quoted by the driver (role passwords cannot be bound)."""
    from psycopg import sql

    dbapi: Any = conn.connection.dbapi_connection
    return str(sql.Literal(value).as_string(dbapi))


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def _ensure_login_role(conn: Connection, name: str, password: str | None, created: list[str]) -> None:
    # A new role gets PostgreSQL's defaults: no superuser, no CREATEDB / CREATEROLE / replication.
    if not _role_exists(conn, name):
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        created.append(name)
    else:
        conn.execute(text(f'ALTER ROLE "{name}" LOGIN'))
    if password:
        conn.execute(text(f'ALTER ROLE "{name}" PASSWORD {_literal(conn, password)}'))


def _can_create_roles(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def _tables(conn: Connection) -> list[str]:
    """GridCounter's tables that exist in the current schema (models and alembic_version)."""
    wanted = [*Base.metadata.tables, "alembic_version"]
    present = {
        r[0]
        for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    }
    return [t for t in wanted if t in present]


def ensure_owner(engine: Engine, owner: str, password: str | None = None) -> list[str]:
    """Create the owner role if missing and hand it the database, the schema's GridCounter tables
    and trigger functions (run by a superuser / the database's current owner). Returns the roles
    created."""
    owner = check_role_name(owner)
    created: list[str] = []
    with engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            raise RoleSetupError("数据库角色只用于 PostgreSQL（联网模式）")
        me = conn.execute(text("SELECT current_user")).scalar()
        if me != owner:
            if not _can_create_roles(conn):
                raise RoleSetupError(
                    f"当前数据库账号 {me} 无权创建角色：请用超级用户或有 CREATEROLE 权限的账号运行 init-db"
                )
            _ensure_login_role(conn, owner, password, created)
            conn.execute(text(f'GRANT "{owner}" TO CURRENT_USER'))  # lets init-db SET ROLE to the owner
        elif password:
            conn.execute(text(f'ALTER ROLE "{owner}" PASSWORD {_literal(conn, password)}'))
        db_name = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f'ALTER DATABASE "{db_name}" OWNER TO "{owner}"'))
        conn.execute(text(f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner}"'))
        for table in _tables(conn):
            conn.execute(text(f'ALTER TABLE "{table}" OWNER TO "{owner}"'))
        for (fn,) in conn.execute(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.proname LIKE 'gridcounter\\_%'"
            )
        ).all():
            conn.execute(text(f'ALTER FUNCTION {fn} OWNER TO "{owner}"'))
    return created


def ensure_app_role(
    engine: Engine, app_role: str, password: str | None = None, owner: str | None = None
) -> list[str]:
    """Create the counters' role if missing (password set when given) and grant it exactly what
    the counters need. Run after the migrations (so every table exists), as the owner or a
    superuser; ``owner``: SET ROLE to it for the grants. Returns the roles created."""
    app_role = check_role_name(app_role)
    created: list[str] = []
    with engine.begin() as conn:
        if conn.dialect.name != "postgresql":
            raise RoleSetupError("数据库角色只用于 PostgreSQL（联网模式）")
        me = conn.execute(text("SELECT current_user")).scalar()
        if app_role in (me, owner):
            raise RoleSetupError(f"柜台账号 {app_role} 不能与数据库所有者相同")
        if not _role_exists(conn, app_role) or password:
            if not _can_create_roles(conn):
                raise RoleSetupError(
                    f"当前数据库账号 {me} 无权创建或修改角色 {app_role}：请用超级用户或有 CREATEROLE 权限的账号运行 init-db"
                )
            _ensure_login_role(conn, app_role, password, created)
        powers = conn.execute(
            text(
                "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls "
                "FROM pg_roles WHERE rolname = :n"
            ),
            {"n": app_role},
        ).scalar()
        if powers:
            raise RoleSetupError(
                f"柜台账号 {app_role} 权限过大（超级用户、可建库或可建角色）：请换一个普通账号"
            )
        # A member of the tables' owner would hold the owner's rights (and could drop the triggers).
        owns = conn.execute(
            text(
                "SELECT pg_has_role(:app, tableowner, 'MEMBER') FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
            ),
            {"app": app_role},
        ).scalar()
        if owns:
            raise RoleSetupError(
                f"柜台账号 {app_role} 是数据库所有者角色的成员：请撤销该成员关系，或换一个普通账号"
            )
        if owner:
            conn.execute(text(f'SET LOCAL ROLE "{check_role_name(owner)}"'))
        db_name = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{db_name}" TO "{app_role}"'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{app_role}"'))
        # PostgreSQL before 15 lets every role create tables in public: not the counters.
        conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        conn.execute(text(f'REVOKE CREATE ON SCHEMA public FROM "{app_role}"'))
        for table in _tables(conn):
            conn.execute(text(f'REVOKE ALL ON "{table}" FROM "{app_role}"'))
            if table == "alembic_version":
                rights = "SELECT"
            elif table in JOURNAL_TABLES:
                rights = "SELECT, INSERT"
            else:
                rights = "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(text(f'GRANT {rights} ON "{table}" TO "{app_role}"'))
    return created


__all__ = ["RoleSetupError", "check_role_name", "ensure_app_role", "ensure_owner"]
