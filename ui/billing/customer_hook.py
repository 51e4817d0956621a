"""Bills in the customer view (客户视图中的账单), plugged in through its host interface
(ui/customers/host.py) by the main window.

``CustomerBills(ctx, host)`` adds the tab 账单 and the header figures 欠费 / 违约金 / 预存 / 应缴,
loads them whenever a customer opens, and reloads them when another screen announces that the
customer's bills changed (a payment, a reversal: ``ctx.changes``). An adjustment issued in the
tab is announced the same way (it may settle bills from prepaid: 缴费记录 shows the offset).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.dto.billing import BillView
from app.dto.customers import CustomerView
from ui.billing.tab import BillsTab
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost
from ui.i18n import fill
from ui.money_band import MoneyBand

#: where 账单 sits among the customer view's tabs (ui/customers/host.py)
BILLS_ORDER = 20


class CustomerBills(QObject):
    def __init__(self, ctx: UiContext, host: CustomerHost) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.bills_tab = BillsTab(ctx, host.widget)
        self.tab = host.add_tab(self.bills_tab, self.tr("账单"), order=BILLS_ORDER)
        self.band = MoneyBand(host.widget)
        host.add_header_widget(self.band)

        host.customerChanged.connect(self.customer_opened)
        self.bills_tab.loaded.connect(self._bills_loaded)
        self.bills_tab.failed.connect(lambda message: self.band.set_view(None, message))
        self.bills_tab.changed.connect(self._adjusted)
        ctx.changes.changed.connect(self._data_changed)

    @property
    def bills_index(self) -> int:
        return self.tab.index

    def bills_of(self, customer: CustomerView) -> BillView | None:
        """The bills shown for ``customer`` (None when another customer's, or not loaded)."""
        return self.bills_tab.view if self.bills_tab.customer_id == customer.id else None

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        if self.bills_tab.customer_id != view.id:
            self.band.set_view(None)
            self.tab.set_title(self.tr("账单"))
        self.bills_tab.address = view.supply_address
        self.bills_tab.load(view.id)

    def _data_changed(self, changes: Changes) -> None:
        if changes.origin is self or self.bills_tab.customer_id is None:
            return
        if changes.touches(Change.BILLS, self.bills_tab.customer_id):
            self.bills_tab.reload()

    def _adjusted(self) -> None:
        # The tab reloads itself with the new adjustment bill selected; the others follow.
        self.ctx.changes.announce(
            Change.BILLS, Change.PAYMENTS, customer_id=self.bills_tab.customer_id, origin=self
        )

    def _bills_loaded(self, view: BillView) -> None:
        self.band.set_view(view)
        open_count = sum(1 for b in view.bills if b.outstanding_fen > 0)
        text = fill(self.tr("账单 (%1)"), len(view.bills))
        if open_count:
            text = fill(self.tr("账单 (%1，欠%2)"), len(view.bills), open_count)
        self.tab.set_title(text)
