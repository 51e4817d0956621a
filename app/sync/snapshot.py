"""A branch's initial (or fresh) copy of its scope (docs/sync.md#enrolment step 3, #stale-nodes).

The file is gzip'd NDJSON: a header line ``{"watermark": X}``, then one line ``{"t": table, "r":
image}`` per row, tables in ``SYNC_TABLES`` order (parents first), rows filtered to the node's
scope, all read in one REPEATABLE READ transaction at the centre. X is the oldest transaction
running when that transaction's snapshot was taken: every transaction below it is in the copy,
so pulling from X misses nothing (rows of later transactions that the copy already holds come
again and are idempotent).
"""

from __future__ import annotations

import gzip
import io
import json
import operator
import uuid
from collections.abc import Callable, Iterator
from typing import IO, Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.sync import rows
from app.sync.feed import fit_references, outside_references, rebuild_search_keys
from app.sync.tables import SYNC_TABLES, TableSpec, spec
from db.engine import Database
from db.models import SyncChange, SyncState

__all__ = ["load_snapshot", "load_snapshot_into", "scope_condition", "write_snapshot"]

_BATCH = 2000  # rows per executemany on the branch
_FETCH = 10000  # rows per fetch from the centre's server-side cursor


def scope_condition(s: TableSpec, tbl: sa.FromClause, node_id: uuid.UUID) -> sa.ColumnElement[bool] | None:
    """The rows of ``tbl`` in the node's scope (None: all of them), as the feed's scope_node."""
    if s.scope is None:
        return None
    if s.scope == "node_id":
        return tbl.c.node_id == node_id
    if s.scope == "customer":
        customer = rows.table("customer")
        mine = tbl.c.customer_id.in_(sa.select(customer.c.id).where(customer.c.node_id == node_id))
        if "node_id" in tbl.c:
            return sa.or_(mine, sa.and_(tbl.c.customer_id.is_(None), tbl.c.node_id == node_id))
        return mine
    if s.scope.startswith("parent:"):
        parent_name, fk = s.scope.split(":", 1)[1].split(".")
        parent = rows.table(parent_name)
        pk = next(iter(parent.primary_key.columns))
        inner = scope_condition(spec(parent_name), parent, node_id)
        sub = sa.select(pk) if inner is None else sa.select(pk).where(inner)
        return tbl.c[fk].in_(sub)
    raise ValueError(f"unknown scope {s.scope!r} of {s.name}")


def _dump(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def write_snapshot(db: Database, node_id: uuid.UUID, out: BinaryIO) -> int:
    """Write the node's snapshot to ``out`` (centre, PostgreSQL); the number of rows written."""
    if db.is_sqlite:
        raise ValueError("a snapshot is taken from the centre's PostgreSQL database")
    written = 0
    engine = db.engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin(), gzip.GzipFile(fileobj=out, mode="wb", compresslevel=1) as gz:
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        watermark = int(
            conn.exec_driver_sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").scalar_one()
        )
        gz.write(_dump({"watermark": watermark}))
        for s in SYNC_TABLES:
            if not s.fed:
                continue
            # PostgreSQL spells the image (to_jsonb, as the feed does): Python only frames the lines
            alias = rows.table(s.name).alias("t")
            local = ", ".join(f"'{c}'" for c in sorted(s.local_columns))
            image = f"(to_jsonb(t) - ARRAY[{local}]::text[])::text" if local else "to_jsonb(t)::text"
            stmt: sa.Select[Any] = sa.select(sa.literal_column(image)).select_from(alias)
            where = scope_condition(s, alias, node_id)
            if where is not None:
                stmt = stmt.where(where)
            stmt = stmt.order_by(*(alias.c[c.name] for c in rows.table(s.name).primary_key.columns))
            frame = f'{{"t":"{s.name}","r":'
            result = conn.execution_options(yield_per=_FETCH).execute(stmt)
            for part in result.scalars().partitions():
                gz.write("".join(f"{frame}{r}}}\n" for r in part).encode("utf-8"))
                written += len(part)
    return written


def _lines(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
        for line in io.TextIOWrapper(gz, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)


def _converter(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any]:
    """JSON value (any writer's spelling) -> the value SQLite stores for the column, with a fast
    path for PostgreSQL's spelling of UUIDs and times (most of a snapshot's values)."""
    bind = column.type.dialect_impl(dialect).bind_processor(dialect)

    def slow(value: Any) -> Any:
        decoded = rows.decode_value(column, value)
        return bind(decoded) if bind is not None and decoded is not None else decoded

    if isinstance(column.type, sa.Uuid):
        return lambda v: v.replace("-", "") if isinstance(v, str) and len(v) == 36 else slow(v)
    if isinstance(column.type, sa.DateTime):

        def stamp(v: Any) -> Any:
            if isinstance(v, str):
                if len(v) == 19:
                    return v.replace("T", " ") + ".000000"
                if len(v) == 26 and v[19] == ".":
                    return v.replace("T", " ")
            return slow(v)

        return stamp
    if isinstance(column.type, sa.Date):
        return lambda v: v if isinstance(v, str) and len(v) == 10 else slow(v)
    if isinstance(column.type, sa.Boolean):
        return lambda v: v if isinstance(v, bool) else slow(v)
    if isinstance(column.type, sa.String | sa.Text):
        return lambda v: v if isinstance(v, str) or v is None else slow(v)
    if isinstance(column.type, sa.Integer):
        return lambda v: v if isinstance(v, int) or v is None else slow(v)
    return slow


def _scalar_default(column: sa.Column[Any]) -> Any:
    default = column.default
    return default.arg if isinstance(default, sa.ColumnDefault) and default.is_scalar else None


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _v: value


class _TableLoad:
    """One table's rows on their way into SQLite: only UUIDs and times need converting from
    PostgreSQL's spelling (text, numbers, booleans and dates are stored as they come); inserted by
    the driver's executemany in batches."""

    def __init__(self, name: str, dialect: sa.Dialect) -> None:
        tbl = rows.table(name)
        local = spec(name).local_columns
        self.name = name
        travelling = [c for c in tbl.columns if c.name not in local]
        # local columns (the node's counters) start at their defaults: they are this database's own
        own = [c for c in tbl.columns if c.name in local and _scalar_default(c) is not None]
        self.columns = travelling + own
        self.names = [c.name for c in travelling]
        self.tail = [_scalar_default(c) for c in own]
        self.pick = operator.itemgetter(*self.names)
        self.fix = [
            (i, _converter(c, dialect))
            for i, c in enumerate(travelling)
            if not isinstance(c.type, sa.String | sa.Text | sa.Integer | sa.Boolean | sa.Date)
        ]
        self.index = {c.name: i for i, c in enumerate(self.columns)}
        self.pk = self.index[next(iter(tbl.primary_key.columns)).name]
        names = ", ".join(f'"{c.name}"' for c in self.columns)
        self.sql = f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" for _ in self.columns)})'
        self.outside = bool(outside_references(name))
        self.batch: list[tuple[Any, ...]] = []

    def row(
        self, session: Session, image: dict[str, Any], known: dict[str, set[Any]]
    ) -> tuple[Any, ...] | None:
        try:
            values = list(self.pick(image))
        except KeyError:  # an image without some column: NULL (the column's own rules decide)
            values = [image.get(n) for n in self.names]
        for i, convert in self.fix:
            if values[i] is not None:
                values[i] = convert(values[i])
        if self.outside:
            fitted = fit_references(session, self.name, dict(zip(self.names, values, strict=True)), known)
            if fitted is None:
                return None
            values = [fitted[n] for n in self.names]
        return (*values, *self.tail)

    def flush(self, session: Session) -> None:
        if self.batch:
            session.connection().exec_driver_sql(self.sql, self.batch)  # type: ignore[arg-type]
            self.batch = []


def _drop_indexes(session: Session) -> list[str]:
    """Drop the secondary indexes of the fed tables for the load (the database is empty; SQLite
    DDL is part of the transaction); their CREATE statements, to run after it."""
    conn = session.connection()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB for the load and the index sorts
    names = [s.name for s in SYNC_TABLES if s.fed]
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' for _ in names)})",
        tuple(names),
    ).all()
    for name, _sql in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _lift_prepaid_trigger(session: Session) -> str | None:
    """Drop the trigger that adds each inserted payment's prepaid change to its customer (in this
    transaction only); its CREATE statement. Payment ids are the counters' request ids, not in
    time order, so a load in key order could pass through a negative balance that never existed
    (a prepaid offset before the prepayment it spent) and trip the CHECK; the balances are
    summed once at the end instead (:func:`_restore_prepaid`)."""
    conn = session.connection()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'trg_payment_prepaid'"
    ).scalar()
    if sql is not None:
        conn.exec_driver_sql('DROP TRIGGER "trg_payment_prepaid"')
    return sql


def _restore_prepaid(session: Session, trigger_sql: str | None) -> None:
    """Every customer's prepaid balance = Σ prepaid change of its payments (what the trigger would
    have added row by row), then the trigger back."""
    conn = session.connection()
    conn.exec_driver_sql(
        "UPDATE customer SET prepaid_fen = COALESCE("
        "(SELECT SUM(p.prepaid_fen) FROM payment p WHERE p.customer_id = customer.id), 0)"
    )
    if trigger_sql is not None:
        conn.exec_driver_sql(trigger_sql)


def load_snapshot(db: Database, stream: BinaryIO) -> int:
    """Load a snapshot into the branch's (empty, migrated) database in one transaction, with the
    capture triggers skipping it; search keys built; returns the snapshot's watermark. A row that
    points outside the branch's scope is fitted as the pull does (app.sync.feed.fit_references)."""
    with db.write() as session:
        return load_snapshot_into(session, stream)


def load_snapshot_into(session: Session, stream: BinaryIO) -> int:
    """:func:`load_snapshot` inside the caller's write transaction (a reload deletes the old
    copy and loads the new one in one transaction; an enrolment writes ``sync_state`` with it):
    nothing is committed here, a failure leaves it to the caller to roll back."""
    lines = _lines(stream)
    header = next(lines)
    watermark = int(header["watermark"])
    dialect = session.get_bind().dialect
    enrolled = session.get(SyncState, 1) is not None
    if enrolled:
        session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=1))
    indexes = _drop_indexes(session)
    prepaid_trigger = _lift_prepaid_trigger(session)
    # keys loaded of the tables a row may point to outside the scope (fit_references)
    known: dict[str, set[Any]] = {s.name: set() for s in SYNC_TABLES if s.scope == "node_id" or not s.fed}
    customers: list[uuid.UUID] = []
    load: _TableLoad | None = None
    for line in lines:
        name = line["t"]
        if load is None or load.name != name:
            if load is not None:
                load.flush(session)
            load = _TableLoad(name, dialect)
        values = load.row(session, line["r"], known)
        if values is None:
            continue
        if name in known:
            known[name].add(values[load.pk])
        if name == "customer":
            customers.append(uuid.UUID(hex=str(values[load.pk])))
        load.batch.append(values)
        if len(load.batch) >= _BATCH:
            load.flush(session)
    if load is not None:
        load.flush(session)
    for sql in indexes:  # one sort per index instead of a B-tree insert per row
        session.connection().exec_driver_sql(sql)
    _restore_prepaid(session, prepaid_trigger)
    session.connection().exec_driver_sql("PRAGMA cache_size=-32768")  # db/engine.py's setting
    rebuild_search_keys(session, customers)
    # Capture triggers installed before enrolment (no sync_state yet) saw the load: it is not
    # a local change. Only this transaction's rows are ungrouped.
    session.execute(sa.delete(SyncChange).where(SyncChange.group_seq.is_(None)))
    if enrolled:
        session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=0, watermark=watermark))
    return watermark
