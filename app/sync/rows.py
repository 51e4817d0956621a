"""Row images (docs/sync.md#messages): a row of a synced table as a JSON object, and back.

Images come from three writers — the branch's SQLite triggers (``json_object``: UUIDs as 32 hex
digits, times as ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans 0/1, bytes as ``hex()``), the
centre's PostgreSQL triggers (``to_jsonb``: dashed UUIDs, ``T`` times, true/false, bytea as
``\\x…``) and :func:`encode_row` (snapshots, reads). :func:`decode_row` accepts all three, so
merges compare Python values and never the spelling of one database.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.sync.tables import spec
from db.models import Base

__all__ = ["decode_row", "decode_value", "delete_row", "encode_row", "encode_value", "insert_row",
           "key_json", "key_of", "read_image", "table", "update_row", "upsert_row"]


def table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def encode_value(column: sa.Column[Any], value: Any) -> Any:
    """A Python value as JSON (canonical spelling)."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def decode_value(column: sa.Column[Any], value: Any) -> Any:
    """A JSON value from any of the three writers as the column's Python value."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, sa.DateTime):
        if isinstance(value, dt.datetime):
            return value
        parsed = dt.datetime.fromisoformat(str(value))
        return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
    if isinstance(kind, sa.Date):
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if isinstance(kind, sa.Boolean):
        if isinstance(value, str):
            return value.lower() in ("1", "true", "t")
        return bool(value)
    if isinstance(kind, sa.LargeBinary):
        if isinstance(value, bytes):
            return value
        text = str(value)
        return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
    if isinstance(kind, sa.Integer):  # BigInteger and SmallInteger are Integers
        return int(value)
    return str(value) if not isinstance(value, str) else value


def _travelling(tbl: sa.Table) -> list[sa.Column[Any]]:
    local = spec(tbl.name).local_columns
    return [c for c in tbl.columns if c.name not in local]


def encode_row(name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Python values of a row (a mapping from column name) as an image; local columns left out."""
    tbl = table(name)
    return {c.name: encode_value(c, values[c.name]) for c in _travelling(tbl) if c.name in values}


def decode_row(name: str, image: Mapping[str, Any]) -> dict[str, Any]:
    """An image (any writer's spelling) as Python values; unknown and local columns dropped."""
    tbl = table(name)
    return {c.name: decode_value(c, image[c.name]) for c in _travelling(tbl) if c.name in image}


def key_of(name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The primary-key part of a row (decoded Python values)."""
    tbl = table(name)
    return {c.name: decode_value(c, values[c.name]) for c in tbl.primary_key.columns}


def key_json(name: str, key: Mapping[str, Any]) -> str:
    """The canonical text of a key (``sync_change.row_key`` / ``sync_feed.row_key`` compare it).
    Not ASCII-escaped: the triggers' json_object / to_json write text keys (an outage scope's
    台区 name) as they are."""
    tbl = table(name)
    return json.dumps({c.name: encode_value(c, decode_value(c, key[c.name])) for c in tbl.primary_key.columns},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _where(tbl: sa.Table, key: Mapping[str, Any]) -> sa.ColumnElement[bool]:
    return sa.and_(*(c == decode_value(c, key[c.name]) for c in tbl.primary_key.columns))


def read_image(session: Session, name: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
    """The row's current values (decoded), local columns left out; None when absent."""
    tbl = table(name)
    row = session.execute(sa.select(*_travelling(tbl)).where(_where(tbl, key))).mappings().first()
    return dict(row) if row is not None else None


def insert_row(session: Session, name: str, values: Mapping[str, Any]) -> None:
    """Insert decoded values as they are (the row's own key, version and times)."""
    session.execute(sa.insert(table(name)).values(**dict(values)))


def update_row(session: Session, name: str, key: Mapping[str, Any], values: Mapping[str, Any]) -> int:
    """Set the given decoded values on the row; the number of rows changed (0 or 1)."""
    tbl = table(name)
    values = {k: v for k, v in values.items() if k not in {c.name for c in tbl.primary_key.columns}}
    if not values:
        return 0
    result = cast(CursorResult[Any], session.execute(sa.update(tbl).where(_where(tbl, key)).values(**values)))
    return result.rowcount or 0


def upsert_row(session: Session, name: str, values: Mapping[str, Any]) -> str:
    """Insert the row, or overwrite the travelling columns of the one with its key: "insert" or
    "update". For rows the receiver accepts whole (the pull, a snapshot)."""
    key = key_of(name, values)
    if update_row(session, name, key, values):
        return "update"
    insert_row(session, name, values)
    return "insert"


def delete_row(session: Session, name: str, key: Mapping[str, Any]) -> int:
    tbl = table(name)
    result = cast(CursorResult[Any], session.execute(sa.delete(tbl).where(_where(tbl, key))))
    return result.rowcount or 0
