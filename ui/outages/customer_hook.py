"""The outage notice in the customer view and the 停电 mark on the search results.

Plugged in by ``plug_customer_features`` (ui/main_window.py) through the host interface. When the
open customer's 台区, 线路 or address is covered by an outage now or within the coming week, a
strip under the header says so: "该户所在台区 文三1号台区 计划停电 12-08 08:00–17:00（线路检修）".
The 故障报修 intake reads the same ``outages_for_customer`` first (docs/rules.md#outages).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.dto.customers import CustomerView
from app.dto.outages import CustomerOutage
from app.services.outages import outages_covering, outages_for_customer
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost, SearchMark
from ui.outages.outage_text import notice_text
from ui.tasks import Failure
from ui.widgets import alive


class OutageNotice(QLabel):
    """The strip under the customer header; hidden while no outage covers the customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outageNotice")
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("QLabel#outageNotice { font-size: 14px; font-weight: bold; padding: 4px 12px; }")
        self.hide()

    def show_outages(self, found: Sequence[CustomerOutage]) -> None:
        self.setText("\n".join("⚠ " + notice_text(c) for c in found))
        self.setVisible(bool(found))


class CustomerOutages(QObject):
    def __init__(self, ctx: UiContext, host: CustomerHost) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.customer_id: uuid.UUID | None = None
        self.generation = 0
        self.notice = OutageNotice(host.widget)
        host.add_notice(self.notice)
        host.customerChanged.connect(self._opened)
        host.add_search_marks(self.marks)
        ctx.changes.changed.connect(self._changed)

    def marks(self, customer_ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, SearchMark]:
        """The search results' marks (on the worker thread): ⚠停电 with the notice as tooltip."""
        actor = self.ctx.actor
        if actor is None:
            return {}
        found = outages_covering(self.ctx.db, actor, customer_ids)
        mark = self.tr("⚠停电")
        return {
            cid: SearchMark(mark, "\n".join(notice_text(c) for c in items)) for cid, items in found.items()
        }

    def _opened(self, view: CustomerView) -> None:
        if view.id != self.customer_id:
            self.notice.show_outages([])
        self.customer_id = view.id
        self.load()

    def _changed(self, changes: Changes) -> None:
        """An outage written anywhere, or this customer's record changed (线路 / 台区 / address)."""
        if self.customer_id is None:
            return
        if changes.touches(Change.OUTAGES) or changes.touches(Change.CUSTOMER, self.customer_id):
            self.load()

    def load(self) -> None:
        customer_id, actor, db = self.customer_id, self.ctx.actor, self.ctx.db
        if customer_id is None or actor is None:
            return
        self.generation += 1
        gen = self.generation
        self.ctx.tasks.run(
            lambda: outages_for_customer(db, actor, customer_id),
            self.notice.show_outages,
            stale=lambda: gen != self.generation or not alive(self.notice),  # the view went (log-out)
            failure=Failure(what="reading the outages"),
        )
