"""Gap-free document numbers per node (单据号): receipts, bills, cashier sessions.

The counter row is bumped with UPDATE … RETURNING inside the caller's transaction: the row
lock serialises concurrent writers on PostgreSQL (SQLite writers are serialised anyway), and
a rollback returns the number, so a series never has a hole.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Node, NodeCounter

FORMATS = {"receipt": "{node}R{seq:08d}", "bill": "{node}B{seq:08d}", "session": "{node}S{seq:06d}",
           "application": "{node}A{seq:08d}", "work_order": "{node}W{seq:08d}", "outage": "{node}T{seq:06d}"}


def next_seq(session: Session, node_id: uuid.UUID, name: str, count: int = 1) -> int:
    """Reserve ``count`` numbers; returns the first. The counter row is created on first use."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(NodeCounter).values(node_id=node_id, name=name, value=0)
                    .on_conflict_do_nothing(index_elements=["node_id", "name"]))
    last = session.execute(update(NodeCounter)
                           .where(NodeCounter.node_id == node_id, NodeCounter.name == name)
                           .values(value=NodeCounter.value + count)
                           .returning(NodeCounter.value)).scalar_one()
    return int(last) - count + 1


def format_number(name: str, node_code: str, seq: int) -> str:
    return FORMATS[name].format(node=node_code, seq=seq)


def next_number(session: Session, node_id: uuid.UUID, name: str) -> str:
    code = session.get(Node, node_id).code  # type: ignore[union-attr]
    return format_number(name, code, next_seq(session, node_id, name))
