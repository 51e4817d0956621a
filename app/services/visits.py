"""Handling time (办理时长, docs/rules.md#supervisor-dashboard): the ``service_visit`` row of a
payment or an accepted application, written by the service that writes the transaction, in
its transaction, from the ``served_since`` the clerk's screen sent with the command (when the
customer view first showed this customer; for a new customer, when the accept form opened).

Nothing is estimated: a command without ``served_since`` (the command line, the demo seeder, a
screen that did not time it) writes no row, and the dashboard counts only the timed ones. A
start later than the end (two clocks a moment apart) counts as 0 seconds; a visit longer than
:data:`MAX_VISIT` is a customer view left open, not a visit, and is not written.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from app.dto.common import Actor
from db.models import ServiceVisit

__all__ = ["MAX_VISIT", "record_visit"]

#: the longest a transaction at the counter can take; longer means the view stayed open
MAX_VISIT = dt.timedelta(hours=4)


def _naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def record_visit(
    session: Session,
    actor: Actor,
    kind: str,
    transaction_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    served_since: dt.datetime | None,
    ended_at: dt.datetime,
) -> ServiceVisit | None:
    """Add the visit of the transaction being written (the caller's transaction); None when
    the command carried no start or the span is not a visit (see the module docstring)."""
    if not isinstance(served_since, dt.datetime):
        return None
    end = _naive_utc(ended_at)
    start = min(_naive_utc(served_since), end)
    if end - start > MAX_VISIT:
        return None
    row = ServiceVisit(
        node_id=actor.node_id,
        clerk=actor.username,
        kind=kind,
        transaction_id=transaction_id,
        customer_id=customer_id,
        started_at=start,
        ended_at=end,
        seconds=int((end - start).total_seconds()),
    )
    session.add(row)
    return row
