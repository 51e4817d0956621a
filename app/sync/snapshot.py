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
import uuid
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.sync import rows
from app.sync.feed import fit_references, rebuild_search_keys
from app.sync.tables import SYNC_TABLES, TableSpec, spec
from db.engine import Database
from db.models import SyncChange, SyncState

__all__ = ["load_snapshot", "scope_condition", "write_snapshot"]

_BATCH = 2000


def scope_condition(s: TableSpec, tbl: sa.Table, node_id: uuid.UUID) -> sa.ColumnElement[bool] | None:
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
    with engine.connect() as conn, conn.begin(), gzip.GzipFile(fileobj=out, mode="wb", compresslevel=3) as gz:
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        watermark = int(conn.exec_driver_sql(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").scalar_one())
        gz.write(_dump({"watermark": watermark}))
        for s in SYNC_TABLES:
            if not s.fed:
                continue
            tbl = rows.table(s.name)
            cols = [c for c in tbl.columns if c.name not in s.local_columns]
            stmt = sa.select(*cols)
            where = scope_condition(s, tbl, node_id)
            if where is not None:
                stmt = stmt.where(where)
            stmt = stmt.order_by(*tbl.primary_key.columns)
            result = conn.execution_options(yield_per=_BATCH).execute(stmt)
            for part in result.mappings().partitions():
                gz.write(b"".join(_dump({"t": s.name, "r": rows.encode_row(s.name, r)}) for r in part))
                written += len(part)
    return written


def _lines(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
        for line in io.TextIOWrapper(gz, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)


def _flush(session: Session, name: str, batch: list[dict[str, Any]]) -> None:
    if batch:
        session.execute(sa.insert(rows.table(name)), batch)
        batch.clear()


def load_snapshot(db: Database, stream: BinaryIO) -> int:
    """Load a snapshot into the branch's (empty, migrated) database in one transaction, with the
    capture triggers skipping it; search keys built; returns the snapshot's watermark. A row that
    points outside the branch's scope is fitted as the pull does (app.sync.feed.fit_references)."""
    lines = _lines(stream)
    header = next(lines)
    watermark = int(header["watermark"])
    with db.write() as session:
        enrolled = session.get(SyncState, 1) is not None
        if enrolled:
            session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=1))
        known: dict[str, set[Any]] = {s.name: set() for s in SYNC_TABLES
                                      if s.scope == "node_id" or not s.fed}
        customers: list[uuid.UUID] = []
        current, batch = "", []
        for line in lines:
            name = line["t"]
            if name != current:
                _flush(session, current, batch)
                current = name
            values = fit_references(session, name, rows.decode_row(name, line["r"]), known)
            if values is None:
                continue
            if name in known:
                pk = next(iter(rows.table(name).primary_key.columns)).name
                known[name].add(values[pk])
            if name == "customer":
                customers.append(values["id"])
            batch.append(values)
            if len(batch) >= _BATCH:
                _flush(session, name, batch)
        _flush(session, current, batch)
        rebuild_search_keys(session, customers)
        # Capture triggers installed before enrolment (no sync_state yet) saw the load: it is not
        # a local change. Only this transaction's rows are ungrouped.
        session.execute(sa.delete(SyncChange).where(SyncChange.group_seq.is_(None)))
        if enrolled:
            session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=0, watermark=watermark))
    return watermark
