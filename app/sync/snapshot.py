"""A branch's initial (or fresh) copy of its scope (docs/sync.md#enrolment step 3, #stale-nodes).

The stream is gzip'd NDJSON (format 2): a header line ``{"watermark": X, "format": 2}``; per
table, in ``SYNC_TABLES`` order (parents first), a line ``{"t": table, "c": [column, ...]}`` and
lines each holding a JSON array of up to ``_FETCH`` rows, a row being the array of its values in
that column order, spelled as the branch's SQLite stores them (UUIDs as 32 hex digits, times as
``YYYY-MM-DD HH:MM:SS.ffffff``: PostgreSQL spells them, so the branch binds the values as they
come); a last line ``{"end": rows}``. A stream without it is incomplete and is not loaded.

All rows are read in one REPEATABLE READ transaction at the centre. X is the oldest transaction
running when that transaction's snapshot was taken: every transaction below it is in the copy,
so pulling from X misses nothing (rows of later transactions that the copy already holds come
again and are idempotent). The centre streams as it reads (:func:`iter_snapshot`); the branch
loads as it receives (:func:`load_snapshot_into` reads any binary stream).
"""

from __future__ import annotations

import gzip
import json
import logging
import operator
import time
import uuid
import zlib
from collections.abc import Callable, Collection, Generator
from typing import IO, Any, BinaryIO, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.search_keys import customer_keys
from app.sync import rows
from app.sync.feed import outside_references
from app.sync.tables import SYNC_TABLES, TableSpec, spec
from db.engine import Database
from db.models import SyncChange, SyncState

__all__ = [
    "FORMAT",
    "Loaded",
    "SnapshotIncomplete",
    "iter_snapshot",
    "load_snapshot",
    "load_snapshot_into",
    "load_snapshot_rows",
    "scope_condition",
    "write_snapshot",
]

log = logging.getLogger(__name__)

FORMAT = 2
_FETCH = 2000  # rows per fetch from the centre's server-side cursor, and per line of the stream


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


class SnapshotIncomplete(ValueError):
    """The stream ended (or broke) before its ``end`` line, or is not a snapshot this branch
    reads: nothing of it may be kept."""


class Loaded(NamedTuple):
    watermark: int
    rows: int  # rows in the stream (a row the branch cannot hold is counted, not loaded)


def _line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _spelling(c: sa.Column[Any]) -> str:
    """The SQL that spells column ``c`` of ``t`` as SQLite stores it on the branch (what
    SQLAlchemy's SQLite types write); json_build_array spells text, numbers, booleans and dates
    as the branch binds them."""
    kind = c.type
    if isinstance(kind, sa.Uuid):
        return f"replace(t.\"{c.name}\"::text, '-', '')"
    if isinstance(kind, sa.DateTime):
        if kind.timezone:
            raise ValueError(f"snapshot: {c.table.name}.{c.name} is a time with a zone; no SQLite spelling")
        return f"to_char(t.\"{c.name}\", 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(kind, sa.String | sa.Text | sa.Integer | sa.Boolean | sa.Date):
        return f't."{c.name}"'
    raise ValueError(f"snapshot: {c.table.name}.{c.name} ({kind!r}) has no SQLite spelling here")


def iter_snapshot(
    db: Database, node_id: uuid.UUID, counted: list[int] | None = None
) -> Generator[bytes, None, None]:
    """The node's snapshot as gzip'd pieces, read and compressed as it is sent (centre,
    PostgreSQL). The first piece (the header) comes once the transaction has its snapshot, so a
    caller that takes it before answering still reports a database failure as an error status.
    ``counted`` gets the number of rows once the last piece is out. Closing the iterator early
    ends the transaction; what was sent then lacks its ``end`` line."""
    if db.is_sqlite:
        raise ValueError("a snapshot is taken from the centre's PostgreSQL database")
    written = 0
    engine = db.engine.execution_options(isolation_level="REPEATABLE READ")
    gz = zlib.compressobj(1, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    with engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        raw: Any = conn.connection.driver_connection  # psycopg's, in this transaction
        watermark = int(
            conn.exec_driver_sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").scalar_one()
        )
        yield gz.compress(_line({"watermark": watermark, "format": FORMAT})) + gz.flush(zlib.Z_SYNC_FLUSH)
        for s in SYNC_TABLES:
            if not s.fed:
                continue
            tbl = rows.table(s.name)
            alias = tbl.alias("t")
            columns = [c for c in tbl.columns if c.name not in s.local_columns]
            # PostgreSQL spells each row (json_build_array); Python only frames the lines, on the
            # driver's own server-side cursor (no per-row work of SQLAlchemy's: on a service
            # that also answers other nodes, the GIL is shared)
            image = "json_build_array(" + ", ".join(_spelling(c) for c in columns) + ")::text"
            stmt: sa.Select[Any] = sa.select(sa.literal_column(image)).select_from(alias)
            where = scope_condition(s, alias, node_id)
            if where is not None:
                stmt = stmt.where(where)
            stmt = stmt.order_by(*(alias.c[c.name] for c in tbl.primary_key.columns))
            compiled = stmt.compile(dialect=conn.dialect)
            piece = gz.compress(_line({"t": s.name, "c": [c.name for c in columns]}))
            with raw.cursor(name=f"snapshot_{s.name}") as cursor:
                cursor.execute(str(compiled), compiled.params)
                while part := cursor.fetchmany(_FETCH):
                    piece += gz.compress(("[" + ",".join([r[0] for r in part]) + "]\n").encode("utf-8"))
                    written += len(part)
                    if piece:  # zlib keeps small inputs until it has a block to give
                        yield piece
                        piece = b""
            if piece:
                yield piece
    yield gz.compress(_line({"end": written})) + gz.flush()
    if counted is not None:
        counted.append(written)


def write_snapshot(db: Database, node_id: uuid.UUID, out: BinaryIO) -> int:
    """Write the node's snapshot to ``out`` (centre, PostgreSQL); the number of rows written."""
    counted: list[int] = []
    for piece in iter_snapshot(db, node_id, counted):
        out.write(piece)
    return counted[0]


class _TableLoad:
    """One table's INSERT: the stream's values bound as they come, by their position in the
    table's ``c`` line (``?N``), so SQLite takes a whole line of rows in one executemany.

    References that may point outside the branch's scope are fitted in the statement, as
    app.sync.feed.fit_references does for the pull: a nullable one to a row this database does
    not hold is stored NULL, and a row whose required one is missing is not inserted. (The
    parents come earlier in the stream; the tables they name are empty before the load or were
    emptied by the reload, so "held here" is "loaded before".) Tables in ``keep`` overwrite the
    travelling columns of a row already present (a reload's node and users)."""

    def __init__(self, name: str, columns: list[str], keep: bool) -> None:
        tbl = rows.table(name)
        local = spec(name).local_columns
        at = {c: i for i, c in enumerate(columns)}
        travelling = [c for c in tbl.columns if c.name not in local]
        used = sorted({at[c.name] for c in travelling if c.name in at})
        # the stream's positions this table binds, renumbered when the centre sends a column
        # this database lacks (an older branch schema): its rows are then cut to the used ones
        self.pick: Callable[[list[Any]], Any] | None = None
        if used != list(range(len(columns))):
            self.pick = operator.itemgetter(*used) if len(used) > 1 else lambda r: tuple(r[i] for i in used)
        param = {i: f"?{n + 1}" for n, i in enumerate(used)}
        values = {c.name: (param[at[c.name]] if c.name in at else "NULL") for c in travelling}
        where = []
        for fk in outside_references(name):
            if fk.parent.name not in at:
                continue
            p = param[at[fk.parent.name]]
            target, col = fk.column.table.name, fk.column.name
            if fk.parent.nullable:
                values[fk.parent.name] = f'(SELECT "{col}" FROM "{target}" WHERE "{col}" = {p})'
            else:
                where.append(f'({p} IS NULL OR EXISTS (SELECT 1 FROM "{target}" WHERE "{col}" = {p}))')
        # local columns (the node's counters) start at their defaults: they are this database's own
        for c in tbl.columns:
            if c.name in local and (default := _scalar_default(c)) is not None:
                values[c.name] = _literal(default)
        names = ", ".join(f'"{n}"' for n in values)
        sql = f'INSERT INTO "{name}" ({names}) SELECT {", ".join(values.values())}'
        sql += f" WHERE {' AND '.join(where)}" if where else " WHERE true"
        if keep:
            pk = [c.name for c in tbl.primary_key.columns]
            sets = ", ".join(f'"{c.name}" = excluded."{c.name}"' for c in travelling if c.name not in pk)
            target = ", ".join(f'"{n}"' for n in pk)
            sql += (
                f" ON CONFLICT ({target}) DO UPDATE SET {sets}"
                if sets
                else f" ON CONFLICT ({target}) DO NOTHING"
            )
        self.name = name
        self.sql = sql

    def insert(self, session: Session, batch: list[list[Any]]) -> None:
        if self.pick is not None:
            batch = [self.pick(r) for r in batch]
        # the driver's own executemany on the session's connection (in its transaction): it
        # takes the parsed lists as they are, where SQLAlchemy's would want tuples
        cursor = session.connection().connection.cursor()
        try:
            cursor.executemany(self.sql, batch)
        finally:
            cursor.close()


def _scalar_default(column: sa.Column[Any]) -> Any:
    default = column.default
    return default.arg if isinstance(default, sa.ColumnDefault) and default.is_scalar else None


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise ValueError(f"snapshot: no literal for the default {value!r}")


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


def _build_search_keys(session: Session) -> None:
    """The search keys of every customer (the same keys a registration writes, as
    app.sync.feed.rebuild_search_keys builds them for the pull): one read, one executemany in key
    order. The loaded customers are all the customers here (a new database, or a reload that
    replaced them), and none has a key yet (the reload emptied the table first)."""
    conn = session.connection()
    conn.exec_driver_sql("DELETE FROM customer_search_key")
    found = conn.exec_driver_sql(
        "SELECT id, account_no, name, phone, phone2, id_number, meter_no, supply_address FROM customer"
    ).all()
    keys = sorted(
        (key, cid, kind)
        for cid, account_no, name, phone, phone2, id_number, meter_no, address in found
        for key, kind in customer_keys(
            account_no=account_no,
            name=name,
            phones=[phone, phone2],
            id_number=id_number,
            meter_no=meter_no,
            address=address,
        ).items()
    )
    if keys:
        sql = "INSERT INTO customer_search_key (key, customer_id, kind) VALUES (?, ?, ?)"
        conn.exec_driver_sql(sql, keys)  # type: ignore[arg-type]


def load_snapshot(db: Database, stream: BinaryIO) -> int:
    """Load a snapshot into the branch's (empty, migrated) database in one transaction, with the
    capture triggers skipping it; search keys built; returns the snapshot's watermark. A row that
    points outside the branch's scope is fitted as the pull does (app.sync.feed.fit_references)."""
    with db.write() as session:
        return load_snapshot_into(session, stream)


def load_snapshot_into(session: Session, stream: IO[bytes], keep: Collection[str] = ()) -> int:
    """:func:`load_snapshot` inside the caller's write transaction (a reload deletes the old
    copy and loads the new one in one transaction; an enrolment writes ``sync_state`` with it):
    nothing is committed here, a failure leaves it to the caller to roll back. The watermark."""
    return load_snapshot_rows(session, stream, keep).watermark


def load_snapshot_rows(session: Session, stream: IO[bytes], keep: Collection[str] = ()) -> Loaded:
    """:func:`load_snapshot_into`, with the number of rows the stream held. ``keep``: tables
    whose rows may be present already (a reload keeps the node and user rows: their local
    columns and the sessions pointing at them); such a row's travelling columns are overwritten.
    Raises :class:`SnapshotIncomplete` (and the caller rolls back) when the stream ends before
    its ``end`` line."""
    started = time.perf_counter()
    with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
        try:
            header = json.loads(gz.readline())
        except (ValueError, EOFError, zlib.error) as exc:
            raise SnapshotIncomplete("not a snapshot") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise SnapshotIncomplete(
                f"snapshot format {header.get('format') if isinstance(header, dict) else None}"
            )
        watermark = int(header["watermark"])
        enrolled = session.get(SyncState, 1) is not None
        if enrolled:
            session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=1))
        indexes = _drop_indexes(session)
        prepaid_trigger = _lift_prepaid_trigger(session)
        count = 0
        load: _TableLoad | None = None
        end: int | None = None
        try:
            while line := gz.readline():
                if line[:1] == b"[":
                    if load is None:
                        raise SnapshotIncomplete("rows before their table")
                    batch = json.loads(line)
                    load.insert(session, batch)
                    count += len(batch)
                    continue
                item = json.loads(line)
                if "t" in item:
                    load = _TableLoad(item["t"], list(item["c"]), item["t"] in keep)
                elif "end" in item:
                    end = int(item["end"])
                    if gz.read():
                        raise SnapshotIncomplete("data after the end")
                    break
        except (EOFError, gzip.BadGzipFile, zlib.error, json.JSONDecodeError) as exc:  # cut off or damaged
            raise SnapshotIncomplete(f"the stream broke off: {type(exc).__name__}") from exc
        if end is None or end != count:
            raise SnapshotIncomplete(f"the stream ended after {count} rows (end: {end})")
    received = time.perf_counter()
    for sql in indexes:  # one sort per index instead of a B-tree insert per row
        session.connection().exec_driver_sql(sql)
    _restore_prepaid(session, prepaid_trigger)
    session.connection().exec_driver_sql("PRAGMA cache_size=-32768")  # db/engine.py's setting
    indexed = time.perf_counter()
    _build_search_keys(session)
    log.info(
        "snapshot loaded: %d rows received and inserted in %.1f s, indexes and balances %.1f s, "
        "search keys %.1f s (not committed yet)",
        count,
        received - started,
        indexed - received,
        time.perf_counter() - indexed,
    )
    # Capture triggers installed before enrolment (no sync_state yet) saw the load: it is not
    # a local change. Only this transaction's rows are ungrouped.
    session.execute(sa.delete(SyncChange).where(SyncChange.group_seq.is_(None)))
    if enrolled:
        session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=0, watermark=watermark))
    return Loaded(watermark, count)
