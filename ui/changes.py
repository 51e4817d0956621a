"""What a write changed, told to every open screen (Anki's ``OpChanges`` pattern).

A screen that wrote something announces it on the shared context,
``ctx.changes.announce(Change.PAYMENTS, Change.BILLS, customer_id=…, origin=self)``, and every
screen that shows such data listens to ``ctx.changes.changed`` and decides for itself whether
to reload — no module reaches into another's widgets. ``origin`` lets the writer skip its own
announcement when it has already reloaded (with the new row selected, say).
Announce on the UI thread, after the service call has committed (in the task's success callback).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class Change(StrEnum):
    """The kinds of data a screen may show."""

    CUSTOMER = "customer"  # a customer's record (档案, status)
    BILLS = "bills"  # bills, adjustments, late fees, prepaid balance
    PAYMENTS = "payments"  # payments, reversals, refunds, receipts
    SESSION = "session"  # the cashier session (开班 / 交班, its totals)
    APPLICATIONS = "applications"  # service applications (业务受理): accepted, moved on, closed
    OUTAGES = "outages"  # outage notices (停电信息): recorded, changed, ended, cancelled, imported
    WORK_ORDERS = "work_orders"  # work orders (诉求工单): recorded, moved on, archived


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[Change]
    #: the customer whose data changed; None when it is not about one customer
    customer_id: uuid.UUID | None = None
    #: the object that announced it (compare with ``is``), if it wants to recognise its own
    origin: object | None = None

    def touches(self, kind: Change, customer_id: uuid.UUID | None = None) -> bool:
        """Did ``kind`` change (for ``customer_id``, when both sides name a customer)?"""
        if kind not in self.kinds:
            return False
        return customer_id is None or self.customer_id is None or customer_id == self.customer_id


class ChangeBus(QObject):
    """``changed(Changes)``: one per write, delivered synchronously on the UI thread."""

    changed = Signal(object)

    def announce(
        self, *kinds: Change, customer_id: uuid.UUID | None = None, origin: object | None = None
    ) -> Changes:
        changes = Changes(frozenset(kinds), customer_id, origin)
        self.changed.emit(changes)
        return changes
