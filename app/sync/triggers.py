"""The triggers of the sync (docs/sync.md#tables): capture on a branch, the feed at the centre.

* Branch (SQLite): :func:`install_branch_capture` puts AFTER INSERT / UPDATE / DELETE triggers on
  every synced table. Each writes one ``sync_change`` row: table, canonical key text (the same text
  as :func:`app.sync.rows.key_json`), action and the row's images before and after as
  ``json_object`` of the travelling columns (UUIDs as 32 hex digits, blobs as ``hex()``). Nothing is
  captured while ``sync_state.applying = 1`` (the sync writing rows it pulled) and an UPDATE that
  changed only local columns (the prepaid balance, the node's counters) is not a change.
  :mod:`app.sync.outbox` later ties the rows of a transaction to its operation records.
* Centre (PostgreSQL): :func:`install_centre_feed` puts AFTER triggers on every fed table, writing
  ``sync_feed`` (writer's transaction id, key, action, image = ``to_jsonb`` of the new row minus the
  local columns, the scope node, the origin node from ``gridcounter.origin_node``).

Both are idempotent (dropped and re-created), so an upgrade re-installs the current definition.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.services import ledger
from app.sync.tables import SYNC_TABLES, TableSpec, spec
from db.models import Base

__all__ = [
    "dependents",
    "install_branch_capture",
    "install_centre_feed",
    "key_columns",
    "movable",
    "scope_sql",
]

_ACTIONS = (("INSERT", "insert"), ("UPDATE", "update"), ("DELETE", "delete"))


def _table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def key_columns(name: str) -> list[sa.Column[object]]:
    """The primary-key columns in the order of ``key_json`` (sorted by name)."""
    return sorted(_table(name).primary_key.columns, key=lambda c: c.name)


def _travelling(s: TableSpec) -> list[sa.Column[object]]:
    return [c for c in _table(s.name).columns if c.name not in s.local_columns]


# ---- branch: SQLite capture ---------------------------------------------------------------------


def _sqlite_key_value(col: sa.Column[object], ref: str) -> str:
    value = f'{ref}."{col.name}"'
    if isinstance(col.type, sa.Uuid):  # stored as 32 hex digits; key_json spells it dashed
        return (
            f"lower(substr({value},1,8)||'-'||substr({value},9,4)||'-'||substr({value},13,4)||'-'"
            f"||substr({value},17,4)||'-'||substr({value},21,12))"
        )
    return value


def _sqlite_key(name: str, ref: str) -> str:
    parts = ", ".join(f"'{c.name}', {_sqlite_key_value(c, ref)}" for c in key_columns(name))
    return f"json_object({parts})"


def _sqlite_image(s: TableSpec, ref: str) -> str:
    parts = []
    for c in _travelling(s):
        col = f'{ref}."{c.name}"'
        value = f"hex({col})" if isinstance(c.type, sa.LargeBinary) else col
        parts.append(f"'{c.name}', {value}")
    return f"json_object({', '.join(parts)})"


_NOT_APPLYING = "(SELECT applying FROM sync_state WHERE id = 1) IS NOT 1"


def _sqlite_trigger(s: TableSpec, action: str, verb: str) -> str:
    ref = "OLD" if action == "DELETE" else "NEW"
    before = _sqlite_image(s, "OLD") if action != "INSERT" else "NULL"
    after = _sqlite_image(s, "NEW") if action != "DELETE" else "NULL"
    when = _NOT_APPLYING
    if action == "UPDATE":  # a change of local columns only (prepaid balance, counters) is none
        changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in _travelling(s))
        when = f"{when} AND ({changed})"
    return (
        f"CREATE TRIGGER trg_sync_{s.name}_{verb} AFTER {action} ON {s.name} WHEN {when} BEGIN "
        f"INSERT INTO sync_change (tbl, row_key, action, before, after) VALUES "
        f"('{s.name}', {_sqlite_key(s.name, ref)}, '{verb}', {before}, {after}); END"
    )


def install_branch_capture(conn: sa.Connection) -> None:
    """Capture triggers on every synced table of a branch's SQLite database (idempotent)."""
    if conn.dialect.name != "sqlite":
        raise ValueError("branch capture triggers are for the branch's SQLite database")
    for s in SYNC_TABLES:
        for action, verb in _ACTIONS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_sync_{s.name}_{verb}")
            conn.exec_driver_sql(_sqlite_trigger(s, action, verb))


# ---- centre: PostgreSQL feed --------------------------------------------------------------------


def scope_sql(s: TableSpec, ref: str) -> str:
    """SQL for the node a row (``ref``: a record variable or alias) belongs to, per
    ``TableSpec.scope``; ``NULL`` when every branch gets it."""
    cols = {c.name for c in _table(s.name).columns}
    if s.scope is None:
        return "NULL::uuid"
    if s.scope == "node_id":
        return f"{ref}.node_id"
    if s.scope == "customer":
        via = f"(SELECT c.node_id FROM customer c WHERE c.id = {ref}.customer_id)"
        return f"COALESCE({via}, {ref}.node_id)" if "node_id" in cols else via
    if s.scope.startswith("parent:"):
        parent, fk = s.scope.split(":", 1)[1].split(".")
        alias = f"p_{parent}"
        pk = next(iter(_table(parent).primary_key.columns)).name
        return (
            f"(SELECT {scope_sql(spec(parent), alias)} FROM {parent} {alias} WHERE {alias}.{pk} = {ref}.{fk})"
        )
    raise ValueError(f"unknown scope {s.scope!r} of {s.name}")


#: the first key of the advisory locks that order a customer's move against the writers of the
#: rows under him (docs/sync.md#scope-moves, "Writers during a move"); the second key is one of
#: 256 buckets of the customer id (its last byte). The services take the same lock before they
#: lock a customer's row (app/services/ledger.py lock_customer): always bucket, then row.
MOVE_LOCK_CLASS = ledger.MOVE_LOCK_CLASS
#: a move tries its exclusive lock this often, 50 ms apart (10 s), before it gives up
MOVE_LOCK_TRIES = 200


def customer_sql(s: TableSpec, ref: str) -> str | None:
    """SQL for the id of the customer a movable row is under (the customer's own id for the
    customer); None for a table that does not move with a customer."""
    if not movable(s):
        return None
    if s.name == "customer":
        return f"{ref}.id"
    if s.scope == "customer":
        return f"{ref}.customer_id"
    assert s.scope is not None and s.scope.startswith("parent:")
    parent, fk = s.scope.split(":", 1)[1].split(".")
    alias = f"q_{parent}"
    pk = next(iter(_table(parent).primary_key.columns)).name
    inner = customer_sql(spec(parent), alias)
    return f"(SELECT {inner} FROM {parent} {alias} WHERE {alias}.{pk} = {ref}.{fk})"


def _bucket(customer: str) -> str:
    """The lock bucket of a customer id (SQL): the low byte of the uuid (random in a uuid7)."""
    return f"get_byte(uuid_send({customer}), 15)"


def _pg_key(name: str, ref: str) -> str:
    parts = " || ',' || ".join(
        f'\'"{c.name}":\' || to_json({ref}."{c.name}")::text' for c in key_columns(name)
    )
    return f"'{{' || {parts} || '}}'"


def movable(s: TableSpec) -> bool:
    """Does the row belong to a branch through a customer, so that it moves with one (and can
    leave a branch's copy)? The customer itself, the rows scoped by their customer and their
    children (docs/sync.md#scope-moves). The other node-scoped rows (users, rules, sessions) are
    never moved by a service and are referenced by a branch's own sessions: they never leave."""
    if not s.fed or s.scope is None:
        return False
    if s.name == "customer" or s.scope == "customer":
        return True
    if s.scope.startswith("parent:"):
        return movable(spec(s.scope.split(":", 1)[1].split(".")[0]))
    return False


def dependents(name: str) -> list[tuple[TableSpec, str]]:
    """The fed rows that are in a branch's scope only through a row of ``name``, in
    ``SYNC_TABLES`` order (parents first): (table, SQL condition on the alias ``d`` naming the
    root row's primary key as ``:root``). The customer's: the rows scoped by ``customer``; every
    table's: the rows whose scope is ``parent:<it>``, and theirs."""
    found: list[tuple[TableSpec, str]] = []

    def walk(parent: str, cond: str) -> None:
        # cond: SQL selecting the primary keys of the parent's rows under the root
        for s in SYNC_TABLES:
            if not movable(s) or s.name == parent:
                continue
            if parent == "customer" and s.scope == "customer":
                fk = "customer_id"
            elif s.scope is not None and s.scope.startswith(f"parent:{parent}."):
                fk = s.scope.split(".", 1)[1]
            else:
                continue
            pk = next(iter(_table(s.name).primary_key.columns)).name
            found.append((s, f"d.{fk} IN ({cond})"))
            walk(s.name, f"SELECT x.{pk} FROM {s.name} x WHERE x.{fk} IN ({cond})")

    walk(name, ":root")
    order = {s.name: i for i, s in enumerate(SYNC_TABLES)}
    return sorted(found, key=lambda item: order[item[0].name])


def _scope_columns(s: TableSpec) -> list[str]:
    """The columns whose change may move the row to another node's scope."""
    cols = {c.name for c in _table(s.name).columns}
    if s.scope == "node_id":
        return ["node_id"]
    if s.scope == "customer":
        return ["customer_id"] + (["node_id"] if "node_id" in cols else [])
    assert s.scope is not None and s.scope.startswith("parent:")
    return [s.scope.split(".", 1)[1]]


def _minus(s: TableSpec) -> str:
    local = ", ".join(f"'{c}'" for c in sorted(s.local_columns))
    return f" - ARRAY[{local}]::text[]" if local else ""


def _feed_insert(d: TableSpec, action: str, image: bool, scope: str, cond: str, root: str) -> str:
    """INSERT … SELECT of a feed row per dependent row of ``d`` under the root row."""
    pk = next(iter(_table(d.name).primary_key.columns)).name
    value = f"(to_jsonb(d){_minus(d)})::text" if image else "NULL"
    return f"""
        INSERT INTO sync_feed (txid, tbl, row_key, action, image, scope_node, origin_node, written_at)
        SELECT pg_current_xact_id()::text::bigint, '{d.name}', {_pg_key(d.name, "d")}, '{action}', {value},
               {scope}, NULLIF(current_setting('gridcounter.origin_node', true), '')::uuid,
               clock_timestamp() AT TIME ZONE 'UTC'
        FROM {d.name} d WHERE {cond.replace(":root", root)} ORDER BY d.{pk};"""


def _pg_move(s: TableSpec) -> str:
    """The part of a feed trigger that follows a row to another node (docs/sync.md#scope-moves):
    the new node gets the current images of every row under it, parents first ('enter'); the old
    node a 'leave' for each of them, children first, and for the row itself."""
    if not movable(s):
        return ""
    changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in _scope_columns(s))
    pk = next(iter(_table(s.name).primary_key.columns)).name
    root = f"NEW.{pk}"
    old_customer, new_customer = customer_sql(s, "OLD"), customer_sql(s, "NEW")
    # Exclusive: a writer of a row under the customer (who holds the shared lock until it
    # commits) is waited for, so the enters below, each a statement with a fresh snapshot
    # under READ COMMITTED, see its rows; a writer that comes later waits for this
    # transaction and then reads the new node. Both customers' buckets, in order. Tried, not
    # waited for: the move already holds the customer's row, which a writer holding the shared
    # lock may still need (a payment's prepaid update), so waiting could close a cycle; after
    # MOVE_LOCK_TRIES it gives up (55P03, nothing written) and the move is run again.
    buckets = f"""SELECT DISTINCT x.b FROM (VALUES ({_bucket(f"({old_customer})")}), ({_bucket(f"({new_customer})")})) x(b)
                WHERE x.b IS NOT NULL ORDER BY x.b"""
    lock = f"""
        FOR attempt IN 1..{MOVE_LOCK_TRIES} LOOP
            EXIT WHEN (SELECT coalesce(bool_and(pg_try_advisory_xact_lock({MOVE_LOCK_CLASS}, b)), true)
                       FROM ({buckets}) locks);
            IF attempt = {MOVE_LOCK_TRIES} THEN
                RAISE EXCEPTION USING ERRCODE = 'lock_not_available',
                    MESSAGE = '客户的记录正在被写入，本次迁移未执行，请稍后重试';
            END IF;
            PERFORM pg_sleep(0.05);
        END LOOP;"""
    # the customer's own leave records how far the centre had applied the old node's operations
    # when he moved (docs/sync.md#trust, "Money of a customer moved away": the bound of what
    # that node's cashier sessions could have known); the branch ignores a leave's image
    leave_image = (
        (
            "(SELECT json_build_object('applied_seq', n.applied_seq)::text FROM sync_node n "
            "WHERE n.node_id = old_node)"
        )
        if s.name == "customer"
        else "NULL"
    )
    under = dependents(s.name)
    enters = "".join(_feed_insert(d, "enter", True, "new_node", cond, root) for d, cond in under)
    leaves = "".join(_feed_insert(d, "leave", False, "old_node", cond, root) for d, cond in reversed(under))
    return f"""
    IF TG_OP = 'UPDATE' AND ({changed}) THEN
        old_node := {scope_sql(s, "OLD")};
        new_node := {scope_sql(s, "NEW")};
        IF old_node IS DISTINCT FROM new_node THEN{lock}
            IF new_node IS NOT NULL THEN{enters or " NULL;"}
            END IF;
            IF old_node IS NOT NULL THEN{leaves}
                INSERT INTO sync_feed (txid, tbl, row_key, action, image, scope_node, origin_node, written_at)
                VALUES (pg_current_xact_id()::text::bigint, '{s.name}', {_pg_key(s.name, "OLD")}, 'leave', {leave_image},
                        old_node, NULLIF(current_setting('gridcounter.origin_node', true), '')::uuid,
                        clock_timestamp() AT TIME ZONE 'UTC');
            END IF;
        END IF;
    END IF;"""


def _pg_writer_lock(s: TableSpec) -> str:
    """A writer of a row under a customer takes his move lock shared (docs/sync.md#scope-moves,
    "Writers during a move") in a BEFORE ROW trigger, so before the row's AFTER triggers and
    foreign-key checks lock his row (the payment's prepaid update, ``trg_payment_prepaid``):
    always bucket, then row, as app/services/ledger.py lock_customer. Held until commit, so the
    feed trigger reads the row's node under it. The customer's own row needs none (a move of
    him is the UPDATE itself, serialised by his row lock). Empty for the other tables."""
    customer = customer_sql(s, "r")
    if customer is None or s.name == "customer":
        return ""
    return f"""
CREATE OR REPLACE FUNCTION gridcounter_feed_lock_{s.name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r {s.name}; cust uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    cust := {customer};
    IF cust IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock_shared({MOVE_LOCK_CLASS}, {_bucket("cust")});
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$"""


def _pg_function(s: TableSpec) -> str:
    minus = _minus(s)
    return f"""
CREATE OR REPLACE FUNCTION gridcounter_feed_{s.name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r {s.name}; old_node uuid; new_node uuid; cust uuid; attempt integer;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_OP = 'UPDATE' AND (to_jsonb(OLD){minus}) = (to_jsonb(NEW){minus}) THEN
        RETURN NULL;  -- only local columns changed (prepaid balance, counters): nothing to feed
    END IF;
    INSERT INTO sync_feed (txid, tbl, row_key, action, image, scope_node, origin_node, written_at)
    VALUES (pg_current_xact_id()::text::bigint, '{s.name}', {_pg_key(s.name, "r")}, lower(TG_OP),
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE (to_jsonb(r){minus})::text END,
            {scope_sql(s, "r")},
            NULLIF(current_setting('gridcounter.origin_node', true), '')::uuid,
            clock_timestamp() AT TIME ZONE 'UTC');{_pg_move(s)}
    RETURN NULL;
END $$"""


def install_centre_feed(conn: sa.Connection) -> None:
    """Feed triggers on every fed table of the centre's PostgreSQL database (idempotent). Tables
    with ``fed=False`` get none: nothing of theirs is ever sent back to a branch."""
    if conn.dialect.name != "postgresql":
        raise ValueError("the change feed is the centre's (PostgreSQL)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_sync_feed_txid ON sync_feed (txid, id)")
    # the push's check that a customer once was a node's (app/sync/apply.py, money of a
    # customer moved away): only the customers' leaves
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_sync_feed_customer_leave ON sync_feed (row_key, scope_node) "
        "WHERE tbl = 'customer' AND action = 'leave'"
    )
    for s in SYNC_TABLES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_sync_feed ON {s.name}")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_sync_feed_lock ON {s.name}")
        lock = _pg_writer_lock(s) if s.fed else ""
        if not lock:
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS gridcounter_feed_lock_{s.name}()")
        else:
            conn.exec_driver_sql(lock)
            conn.exec_driver_sql(
                f"CREATE TRIGGER trg_sync_feed_lock BEFORE INSERT OR UPDATE OR DELETE ON {s.name} "
                f"FOR EACH ROW EXECUTE FUNCTION gridcounter_feed_lock_{s.name}()"
            )
        if not s.fed:
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS gridcounter_feed_{s.name}()")
            continue
        conn.exec_driver_sql(_pg_function(s))
        conn.exec_driver_sql(
            f"CREATE TRIGGER trg_sync_feed AFTER INSERT OR UPDATE OR DELETE ON {s.name} "
            f"FOR EACH ROW EXECUTE FUNCTION gridcounter_feed_{s.name}()"
        )
