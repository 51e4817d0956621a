"""Bulk writes without the ORM's per-row cost (批量写入): time-ordered keys by the batch, rows
in storage form, one ``executemany`` on SQLite or one ``COPY`` on PostgreSQL, and IN lists in
chunks. Used where thousands of rows go in at once (the bill run, imports, the demo data).

SQLAlchemy only: the callers build the rows; nothing here knows what a bill is.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Boolean, Date, DateTime, Table, Uuid
from sqlalchemy.orm import Session

__all__ = [
    "fast_insert",
    "in_chunks",
    "insert_ready",
    "new_hex_ids",
    "new_ids",
    "stored_datetime",
    "uuid_text",
]

#: Rows per IN list: well below SQLite's bound-parameter limit (999 on old builds).
IN_CHUNK = 900


def in_chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size`` (for IN lists and per-chunk work)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


_id_lock = threading.Lock()
_id_clock = [0, 0]  # last millisecond used, next 12-bit sequence value in it


def _id_values(count: int) -> list[int]:
    with _id_lock:
        now = time.time_ns() // 1_000_000
        if now > _id_clock[0]:
            _id_clock[0], _id_clock[1] = now, 0
        start = _id_clock[0] * 4096 + _id_clock[1]  # (ms, seq) as one number
        _id_clock[0], _id_clock[1] = divmod(start + count, 4096)
    # Uniqueness only needs the random bits to differ between batches and processes, which
    # a fresh 128-bit OS seed per batch gives; they carry no secret.
    bits = random.Random(int.from_bytes(os.urandom(16), "big")).getrandbits
    version_variant = 0x7 << 76 | 0b10 << 62
    return [
        ((n >> 12) & 0xFFFF_FFFF_FFFF) << 80 | (n & 0xFFF) << 64 | version_variant | bits(62)
        for n in range(start, start + count)
    ]


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` UUIDv7 keys (RFC 9562), increasing: like :func:`db.keys.uuid7` (time-ordered,
    a 12-bit sequence within the millisecond, 62 random bits) without its per-id cost — one
    clock read and one ``urandom`` seed per batch."""
    if count <= 0:
        return []
    out: list[uuid.UUID] = []
    new = object.__new__
    setattr_ = object.__setattr__
    unknown = uuid.SafeUUID.unknown
    for value in _id_values(count):
        u = new(uuid.UUID)
        setattr_(u, "int", value)
        setattr_(u, "is_safe", unknown)
        out.append(u)
    return out


def new_hex_ids(count: int) -> list[str]:
    """:func:`new_ids` as 32 hex digits — what SQLite stores and PostgreSQL's uuid input reads —
    for rows that go straight to :func:`fast_insert`."""
    return [f"{v:032x}" for v in _id_values(count)] if count > 0 else []


def uuid_text(v: Any) -> Any:
    """A Uuid value in storage form (32 hex digits; it may arrive as stored text already)."""
    return v if v is None or v.__class__ is str else f"{v.int:032x}"


def _sqlite_converter(column: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy itself stores a column's Python value on SQLite (Uuid: 32 hex digits,
    DateTime: ISO text with microseconds, Date: ISO text, Boolean: 0/1); None: as is."""
    kind = type(column.type)
    if issubclass(kind, Uuid):
        return uuid_text
    if issubclass(kind, DateTime):
        return lambda v: None if v is None else v.isoformat(" ", "microseconds")
    if issubclass(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if issubclass(kind, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def stored_datetime(value: dt.datetime) -> str:
    """A naive UTC timestamp as SQLAlchemy stores it on SQLite (PostgreSQL reads the same text)."""
    return value.isoformat(" ", "microseconds")


def insert_ready(session: Session, model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows whose values are already in storage form, in the session's transaction.

    ``columns`` names every column of the table (any order); values: Uuid as 32 hex digits,
    DateTime as :func:`stored_datetime` text, Date as ISO text, Boolean as 0/1, the rest as
    is — exactly what SQLAlchemy writes on SQLite, and text PostgreSQL's COPY reads. The hot
    loops of the bill run and the demo data build these tuples directly: no per-value
    conversion on the way. SQLite: one ``executemany``; PostgreSQL: ``COPY … FROM STDIN``."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    if sorted(columns) != sorted(c.name for c in table.columns):
        raise ValueError(f"insert_ready into {table.name}: columns {sorted(columns)} do not match the table")
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    dialect = session.get_bind().dialect
    # Quoted where the dialect needs it: the application table has a column named ``values``.
    quote = dialect.identifier_preparer.quote
    name, names = quote(table.name), ", ".join(quote(c) for c in columns)
    if dialect.name == "sqlite":
        sql = f"INSERT INTO {name} ({names}) VALUES ({', '.join('?' for _ in columns)})"
        cur = dbapi.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()
        return
    pg: Any = dbapi  # psycopg 3
    with pg.cursor() as cur, cur.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(r)


def fast_insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT many rows (dicts of Python values) in the session's transaction, without the ORM's
    per-row cost: each value converted as SQLAlchemy would store it, then :func:`insert_ready`.

    Every column must be given (no Python-side defaults are applied); a Uuid column takes a
    ``uuid.UUID`` or its 32 hex digits (:func:`new_hex_ids`)."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    columns = [c.name for c in table.columns]
    missing = set(columns) - set(rows[0])
    if missing:
        raise ValueError(f"fast_insert into {table.name}: missing columns {sorted(missing)}")
    converters = [_sqlite_converter(c) for c in table.columns]
    tuples = list(map(itemgetter(*columns), rows))
    by_column = list(zip(*tuples, strict=True))
    for i, conv in enumerate(converters):
        if conv is uuid_text:  # 32 hex digits already (new_hex_ids, raw reads) pass as they are
            by_column[i] = tuple(
                v if v is None or v.__class__ is str else f"{v.int:032x}" for v in by_column[i]
            )
        elif conv is not None:
            memo: dict[Any, Any] = {}  # dates and issue times repeat across a batch
            by_column[i] = tuple(memo[v] if v in memo else memo.setdefault(v, conv(v)) for v in by_column[i])
    insert_ready(session, model, columns, list(zip(*by_column, strict=True)))
