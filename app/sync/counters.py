"""A branch's number counters after a snapshot (docs/sync.md#enrolment).

Account, receipt, bill, session, application, work-order and outage numbers carry the node's code
and come from per-node counters (app/write_path/numbers.py, ``node.account_seq``) that never
travel: they are this database's own. A PC enrolled again after a restore, or reloaded when
stale, would start them at whatever it had — possibly below numbers it already issued and the
centre already holds. After a load the counters are therefore raised to the highest number of the
node found in the loaded rows, never lowered.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.write_path.numbers import FORMATS
from db.models import (
    Application,
    Bill,
    CashierSession,
    Customer,
    Node,
    NodeCounter,
    Outage,
    Payment,
    WorkOrder,
)

__all__ = ["fit_counters"]

#: counter name -> the column holding its numbers
_COLUMNS: dict[str, Any] = {
    "receipt": Payment.receipt_no, "bill": Bill.bill_no, "session": CashierSession.session_no,
    "application": Application.application_no, "work_order": WorkOrder.order_no, "outage": Outage.outage_no,
}


def _highest(session: Session, column: Any, prefix: str) -> int:
    """The largest sequence among numbers ``prefix`` + digits (same width, so text order is number
    order), also when the largest is one the centre renumbered (``…R00000105-C1``,
    docs/sync.md#apply-rules): its leading digits are the branch's sequence."""
    top = session.scalar(sa.select(sa.func.max(column)).where(column.like(prefix + "%")))
    digits = re.match(r"\d*", (top or "")[len(prefix):])
    return int(digits.group()) if digits and digits.group() else 0


def highest_numbers(session: Session, node_id: uuid.UUID) -> dict[str, int]:
    """At the centre: the node's highest issued number per counter (and "account"), over every
    row the centre holds — not only the node's current area: a customer the centre moved to
    another hall keeps the numbers the node gave him, and a re-enrolled PC must not give them
    again (its snapshot no longer shows them). Sent with the enrolment answer."""
    node = session.get(Node, node_id)
    if node is None:
        return {}
    found = {name: _highest(session, column, FORMATS[name].split("{seq")[0].format(node=node.code))
             for name, column in _COLUMNS.items()}
    found["account"] = _highest(session, Customer.account_no, node.code)
    return {name: top for name, top in found.items() if top}


def fit_counters(session: Session, node_id: uuid.UUID, at_least: dict[str, int] | None = None) -> dict[str, int]:
    """Raise the node's counters to the numbers it already issued — those in this database and
    ``at_least`` (the centre's :func:`highest_numbers`); the values set, by name."""
    node = session.get(Node, node_id)
    if node is None:
        return {}
    given = {k: int(v) for k, v in (at_least or {}).items() if str(v).isdigit()}
    assert set(_COLUMNS) == set(FORMATS), "a new numbered document needs its column here"
    raised: dict[str, int] = {}
    for name, column in _COLUMNS.items():
        prefix = FORMATS[name].split("{seq")[0].format(node=node.code)
        top = max(_highest(session, column, prefix), given.get(name, 0))
        counter = session.get(NodeCounter, (node_id, name))
        if counter is None and top:
            session.add(NodeCounter(node_id=node_id, name=name, value=top))
            raised[name] = top
        elif counter is not None and top > counter.value:
            counter.value = top
            raised[name] = top
    accounts = max(_highest(session, Customer.account_no, node.code), given.get("account", 0))
    if accounts > (node.account_seq or 0):
        node.account_seq = accounts
        raised["account"] = accounts
    session.flush()
    return raised
