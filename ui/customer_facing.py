"""What the counter tells the customer (客户显示屏 and 服务评价), as the features see it.

The payments and applications features never import the customer display (ui/customer_display/,
a feature of its own); they call the :class:`CustomerFacing` the main window puts on the context
(``ctx.customer_display``; None: nothing is shown and no rating is asked, as in most tests):

* ``follow_payment(name, due, tendered, change)`` while the payment dialog is open (every edit);
* ``idle()`` when the payment was cancelled;
* ``show_done(done)`` right after the commit: the amount paid and the change, or the accepted
  application's number and promised date;
* ``ask_rating(done, parent)`` once the clerk's documents are out (the receipt, the acceptance
  receipt): the rating pad on the second screen, or the rating dialog on the clerk's screen.

docs/rules.md#satisfaction-rating.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class DoneTransaction:
    """A transaction the customer may rate, with what the display shows of it."""

    kind: str  # app.domain.codes.RatingKind
    transaction_id: uuid.UUID
    number: str  # receipt / application number
    customer_name: str  # in full: the display masks it
    amount_fen: int | None = None  # a payment: the money kept
    tendered_fen: int | None = None
    change_fen: int | None = None
    title: str = ""  # an application: its business type (更名, 增容 …)
    promised_date: dt.date | None = None


class CustomerFacing(Protocol):
    def follow_payment(
        self, customer_name: str, due_fen: int | None, tendered_fen: int, change_fen: int | None
    ) -> None: ...

    def idle(self) -> None: ...

    def show_done(self, done: DoneTransaction) -> None: ...

    def ask_rating(self, done: DoneTransaction, parent: QWidget) -> None: ...
